"""Scheduled runs: incremental skips, kill -9 then rerun (exactly once), locking, job files."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw, ImageFont

from conftest import ROOT, read_table
from pipeline.cli import main

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def make_docs(folder: Path, n: int) -> None:
    """n distinct small receipts-like images (OCR'd: a second or so each here)."""
    folder.mkdir(parents=True, exist_ok=True)
    font = ImageFont.truetype(FONT, 30)
    for i in range(n):
        im = Image.new("RGB", (700, 260), "white")
        d = ImageDraw.Draw(im)
        d.text((30, 30), f"CORNER STORE No {i + 1}", font=font, fill="black")
        d.text((30, 100), f"TOTAL {i + 3}.{i:02d}", font=font, fill="black")
        d.text((30, 170), f"Receipt {1000 + i}", font=font, fill="black")
        im.save(folder / f"doc_{i:02d}.png")


RUNNER = textwrap.dedent("""
    import sys
    from pipeline.runners.driver import RunOptions, run_extract
    run_extract([sys.argv[1]], sys.argv[2],
                run=RunOptions(workers=1, use_cache=False, quiet=True, commit_every=1))
""")


def doc_parts(out: Path):
    return sorted((out / "documents").glob("run_date=*/part-*.parquet"))


def start_runner(src: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", RUNNER, str(src), str(out)],
                            start_new_session=True)


def wait_for(cond, timeout=120.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if cond():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    d = tmp_path_factory.mktemp("docs")
    make_docs(d, 6)
    return d


def test_kill_9_mid_run_then_rerun_gives_every_document_exactly_once(docs, tmp_path):
    out = tmp_path / "out"
    p = start_runner(docs, out)
    assert wait_for(lambda: len(doc_parts(out)) >= 2), "no part committed in time"
    os.killpg(p.pid, signal.SIGKILL)
    p.wait()
    committed = len(doc_parts(out))
    assert 2 <= committed < 6
    assert not list((out / "runs").glob("*.json")) if (out / "runs").exists() else True
    # the rerun takes over the dead run's lock, skips what was committed, finishes the rest
    r = CliRunner().invoke(main, ["extract", str(docs), "--out", str(out), "--no-cache",
                                  "--workers", "1"])
    assert r.exit_code == 0, r.output
    assert f"{committed} already in the dataset (skipped)" in r.stderr
    docs_t = read_table(out, "documents").to_pylist()
    ids = [d["document_id"] for d in docs_t]
    assert len(ids) == 6 and len(set(ids)) == 6
    lines = read_table(out, "lines").to_pylist()
    keys = [(l["document_id"], l["page"], l["line_no"]) for l in lines]
    assert len(keys) == len(set(keys))
    assert {l["document_id"] for l in lines} == set(ids)
    assert not (out / "_staging").exists() or not any((out / "_staging").iterdir())


def test_incremental_skip_rename_and_reprocess(docs, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for p in sorted(docs.iterdir())[:2]:
        (src / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out"
    args = ["extract", str(src), "--out", str(out), "--workers", "1", "--cache", str(tmp_path / "c")]
    assert CliRunner().invoke(main, args).exit_code == 0
    (src / "doc_00.png").rename(src / "renamed.png")  # a moved file is the same document
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0
    # not read again, but accounted for: a row that names the path its bytes were read under
    assert "mmbatch: 0 documents" in r.stderr and "1 already in the dataset (skipped)" in r.stderr
    assert "1 duplicate inputs" in r.stderr
    rows = read_table(out, "documents").to_pylist()
    (dup,) = [d for d in rows if d["status"] == "duplicate"]
    assert dup["path"] == str(src / "renamed.png")
    assert dup["duplicate_of"] == str(src / "doc_00.png")
    assert dup["document_id"] == next(d["document_id"] for d in rows
                                      if d["path"] == str(src / "doc_00.png"))
    r = CliRunner().invoke(main, args)  # now both paths have their row: nothing is written
    assert "mmbatch: 0 documents" in r.stderr and "2 already in the dataset (skipped)" in r.stderr
    assert read_table(out, "documents").num_rows == 3
    r = CliRunner().invoke(main, args + ["--reprocess"])
    assert "mmbatch: 2 documents" in r.stderr
    assert read_table(out, "documents").num_rows == 5
    # different options: the documents are due again
    r = CliRunner().invoke(main, args + ["--dpi", "150"])
    assert "mmbatch: 2 documents" in r.stderr


def test_a_second_run_on_the_same_output_is_locked(docs, tmp_path):
    out = tmp_path / "out"
    p = start_runner(docs, out)
    try:
        lock = out / ".mmbatch.lock"
        assert wait_for(lambda: lock.exists() and "run_id" in lock.read_text())
        r = CliRunner().invoke(main, ["extract", str(docs), "--out", str(out), "--no-cache"])
        assert r.exit_code == 3
        assert "is locked by run" in r.stderr and "use --wait" in r.stderr
    finally:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
    # the killed holder's lock is stale: the next run takes it over and says so
    r = CliRunner().invoke(main, ["extract", str(docs), "--out", str(out), "--no-cache",
                                  "--workers", "1"])
    assert r.exit_code == 0
    assert "took over the lock of a run that died" in r.stderr
    assert json.loads((out / ".mmbatch.lock").read_text())["released"] is True


def test_json_log_format(docs, tmp_path):
    r = CliRunner().invoke(main, ["extract", str(docs / "doc_00.png"), "--out", str(tmp_path / "o"),
                                  "--workers", "1", "--log-format", "json"])
    assert r.exit_code == 0
    events = [json.loads(l) for l in r.stderr.splitlines()]
    assert [e["event"] for e in events] == ["start", "summary"]
    assert events[-1]["documents"] == 1 and events[-1]["exit_code"] == 0


def test_job_file_runs_with_overrides(docs, tmp_path):
    job = tmp_path / "nightly.toml"
    job.write_text(textwrap.dedent(f"""
        [job]
        name = "nightly"
        inputs = ["{docs}/doc_0[01].png"]
        out = "warehouse"
        cache = "cache"
        tasks = ["extract", "fields"]

        [options]
        workers = 1
        doc_type = "receipt"

        [[fields]]
        name = "receipt_no"
        label = "Receipt"
        type = "number"
        required = true
    """))
    r = CliRunner().invoke(main, ["run", str(job), "--doc-type", "other"])
    assert r.exit_code == 0, r.output
    out = tmp_path / "warehouse"  # relative to the job file
    assert (tmp_path / "cache" / "cache.sqlite3").exists()
    fields = read_table(out, "fields").to_pylist()
    assert {f["doc_type"] for f in fields} == {"other"}  # the command line won over the file
    assert sorted(f["value"] for f in fields if f["field"] == "receipt_no") == ["1000", "1001"]


@pytest.mark.parametrize("body,message", [
    ('[job]\ninputs = ["a"]\nout = "o"\nworkers = 2\n', ":4: job.workers: unknown key"),
    ('[job]\ninputs = ["a"]\nout = "o"\n\n[options]\ndpi = "high"\n',
     ":6: options.dpi: expected a number, got 'high'"),
    ('[job]\ninputs = ["a"]\nout = "o"\n[options]\ndevice = "tpu"\n',
     ":5: options.device: 'tpu' is not one of auto, cpu"),
    ('[job]\ninputs = ["a"]\nout = "o"\ntasks = ["extract", "ocr"]\n',
     ":4: job.tasks: unknown task 'ocr'"),
    ('[job]\nout = "o"\n', "[job] needs 'inputs'"),
    ('[jobs]\ninputs = 1\n', ":1: jobs: unknown table"),
])
def test_bad_job_files_name_the_key_and_line(tmp_path, body, message):
    job = tmp_path / "bad.toml"
    job.write_text(body)
    r = CliRunner().invoke(main, ["run", str(job)])
    assert r.exit_code == 2
    assert message in r.stderr, r.stderr


def test_example_jobs_parse():
    from pipeline.jobs import load_job

    for name in ("cheques", "receipts"):
        job = load_job(str(ROOT / "jobs" / f"{name}.toml"))
        assert job.inputs and all(Path(i).exists() for i in job.inputs)
