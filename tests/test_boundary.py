"""The error boundary: an internal error is exit 4 with one line; a bad --out or --cache is a
usage error; Ctrl-C and SIGTERM end the workers, release the lock, keep committed parts and give
130 / 143; the workers die with the driver, even on kill -9."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SAMPLES, read_table
from pipeline.cli import main

SMALL = SAMPLES / "pdfs" / "born_digital.pdf"  # a text layer: no model time


def test_an_unexpected_exception_is_exit_4_with_one_line_and_the_traceback_in_a_file(
        tmp_path, monkeypatch):
    from pipeline.runners import driver

    def boom(*a, **k):
        raise RuntimeError("something nobody foresaw")

    monkeypatch.setattr(driver, "run_extract", boom)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    r = CliRunner().invoke(main, ["extract", str(SMALL), "--out", str(tmp_path / "o")])
    assert r.exit_code == 4
    (line,) = r.stderr.splitlines()
    assert line.startswith("mmbatch: internal error (RuntimeError: something nobody foresaw); "
                           "the traceback is in ")
    path = Path(line.split("the traceback is in ")[1].split(" (--debug")[0])
    assert path.parent == tmp_path and "Traceback" in path.read_text()
    assert "boom" in path.read_text()
    r = CliRunner().invoke(main, ["--debug", "extract", str(SMALL), "--out", str(tmp_path / "o")])
    assert r.exit_code == 4 and "Traceback (most recent call last)" in r.stderr


def test_json_log_gets_the_error_event(tmp_path, monkeypatch):
    from pipeline.runners import driver

    monkeypatch.setattr(driver, "run_extract", lambda *a, **k: 1 / 0)
    r = CliRunner().invoke(main, ["extract", str(SMALL), "--out", str(tmp_path / "o"),
                                  "--log-format", "json"])
    assert r.exit_code == 4
    events = [json.loads(l) for l in r.stderr.splitlines() if l.startswith("{")]
    assert events[-1]["event"] == "error" and events[-1]["exit_code"] == 4
    assert "ZeroDivisionError" in events[-1]["message"]


@pytest.mark.parametrize("where,message", [
    ("file/out", "cannot be created: {tmp}/file is a file, not a folder"),
    ("file", "{tmp}/file: is a file, not a folder"),
    ("ftp://host/prefix", "unsupported URL scheme 'ftp://'"),
    ("s3:///prefix", "no bucket (expected s3://BUCKET/PREFIX)"),
])
def test_a_bad_out_is_a_usage_error_naming_the_path(tmp_path, where, message):
    (tmp_path / "file").write_text("x")
    out = where if "://" in where else str(tmp_path / where)
    r = CliRunner().invoke(main, ["extract", str(SMALL), "--out", out])
    assert r.exit_code == 2, r.output
    assert "Invalid value for '--out'" in r.output
    assert message.format(tmp=tmp_path) in r.output
    assert "Traceback" not in r.output


def test_an_object_store_out_is_taken_as_it_is_on_the_command_line_and_in_a_job(tmp_path):
    from pipeline.jobs import load_job
    from pipeline.options import catalogue as cat

    out = cat.by_name(cat.EXTRACT)["out"]
    assert out.parse("s3://bucket/mmbatch") == "s3://bucket/mmbatch"
    assert out.parse("gs://bucket/a/b") == "gs://bucket/a/b"
    job = tmp_path / "job.toml"
    job.write_text('[job]\ninputs = ["x"]\nout = "s3://bucket/mmbatch"\n')
    assert load_job(str(job)).out == "s3://bucket/mmbatch"  # not made relative to the job
    r = CliRunner().invoke(main, ["extract", str(SMALL), "--out", str(tmp_path / "o"),
                                  "--cache", "s3://bucket/cache"])
    assert r.exit_code == 2 and "a local folder here, not a URL" in r.output


def test_a_bad_cache_is_a_usage_error_naming_the_path(tmp_path):
    (tmp_path / "file").write_text("x")
    r = CliRunner().invoke(main, ["extract", str(SMALL), "--out", str(tmp_path / "o"),
                                  "--cache", str(tmp_path / "file" / "cache")])
    assert r.exit_code == 2 and "Invalid value for '--cache'" in r.output
    r = CliRunner().invoke(main, ["extract", str(SMALL), "--out", str(tmp_path / "o"),
                                  "--cache", "/proc/mmbatch-cache"])
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith("mmbatch: error: --cache /proc/mmbatch-cache: cannot be used")
    assert "Traceback" not in r.output


# -------------------------------------------------------------------------- signals

def _children(pid: int) -> list:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] not in ("Z", "X"):
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _inputs(tmp_path: Path) -> Path:
    """18 cheques (the samples, and each with a white border: other bytes), about a second of
    OCR each on 2 cores: far more work than the seconds before the signal, on any machine."""
    from PIL import Image, ImageOps

    d = tmp_path / "in"
    d.mkdir()
    for p in sorted((SAMPLES / "cheques").glob("*")):
        shutil.copy(p, d)
        with Image.open(p) as im:
            ImageOps.expand(im.convert("RGB"), border=8, fill="white").save(d / f"{p.stem}_b.png")
    return d


def _start(tmp_path: Path, inputs: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "extract", str(inputs), "--out",
         str(tmp_path / "out"), "--cache", str(tmp_path / "cache"), "--workers", "2",
         "--threads", "1", "--quiet"],
        env=env, stderr=subprocess.PIPE, text=True, start_new_session=True,
        # a shell starts background jobs with SIGINT ignored, and children inherit that: give
        # the run Python's own Ctrl-C handling back, as a terminal would
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _wait_for_workers(proc: subprocess.Popen, n: int = 2, timeout: float = 120) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kids = [k for k in _children(proc.pid)
                if "spawn_main" in Path(f"/proc/{k}/cmdline").read_text()]
        if len(kids) >= n:
            time.sleep(3)  # let them load the models and start on a document
            return kids
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.2)
    raise AssertionError("no workers started")


@pytest.mark.parametrize("sig,code,word", [(signal.SIGINT, 130, "interrupted"),
                                           (signal.SIGTERM, 143, "terminated")])
def test_a_signal_mid_run_ends_the_workers_and_a_rerun_completes(tmp_path, sig, code, word):
    inputs = _inputs(tmp_path)
    proc = _start(tmp_path, inputs)
    workers = _wait_for_workers(proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert f"mmbatch: {word}: workers stopped, committed parts kept" in err
    assert "Traceback" not in err
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "a worker was left behind"
    lock = json.loads((tmp_path / "out" / ".mmbatch.lock").read_text())
    assert lock["released"] is True
    assert not list((tmp_path / "out").glob("_staging/*"))
    rerun = _start(tmp_path, inputs)
    _, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    docs = read_table(tmp_path / "out", "documents").to_pylist()
    assert sorted(Path(d["path"]).name for d in docs) == sorted(p.name for p in inputs.iterdir())


def test_workers_die_with_the_driver_on_kill_9(tmp_path):
    proc = _start(tmp_path, _inputs(tmp_path))
    workers = _wait_for_workers(proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "a worker outlived its driver"
