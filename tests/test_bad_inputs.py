"""Hostile and broken inputs (tests/data/bad): one run over the whole corpus, the inputs made at
test time and two good files, in worker processes as a night's run would. Every bad file is a
``documents`` row with the expected status and message, the good files' rows are identical to a
run without the bad files, nothing is written outside --out and the cache; plus the guards
(--max-pages, --pages, --doc-timeout, a stuck worker) one by one."""
from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from conftest import DATA, SAMPLES, read_table
from pipeline.ingest.document import IngestOptions
from pipeline.runners.driver import RunOptions, run_extract

BAD = DATA / "bad"
GOOD = [SAMPLES / "cheques" / "cheque_04.jpg", SAMPLES / "pdfs" / "born_digital.pdf"]
IGNORE = {"run_id", "run_ts", "seconds", "path"}


def _load_make_bad():
    spec = importlib.util.spec_from_file_location("make_bad", BAD / "make_bad.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


make_bad = _load_make_bad()
CORPUS = make_bad.CORPUS


def _tree(root: Path) -> dict:
    """Every file and link under root (not following links) -> sha256 of its bytes, or the
    link target, or the kind of special file."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            if os.path.islink(p):
                out[p] = "link:" + os.readlink(p)
            elif os.path.isfile(p):
                st = os.stat(p)
                if st.st_size > 2 ** 20:  # the sparse 2 GiB file: not read
                    out[p] = f"size:{st.st_size}:{st.st_mtime_ns}"
                    continue
                try:
                    with open(p, "rb") as fh:
                        out[p] = hashlib.sha256(fh.read()).hexdigest()
                except PermissionError:
                    out[p] = "unreadable"
            elif not os.path.isdir(p):
                out[p] = "special"
    return out


def _rows(out: Path, table: str, names) -> list:
    rows = [r for r in read_table(out, table).to_pylist() if os.path.basename(r["path"]) in names]
    return sorted((os.path.basename(r["path"]),) + tuple(sorted(
        (k, repr(v)) for k, v in r.items() if k not in IGNORE)) for r in rows)


def _docs(out: Path) -> dict:
    return {os.path.basename(r["path"]): r for r in read_table(out, "documents").to_pylist()}


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    """One run (2 worker processes) over the corpus, the runtime inputs and GOOD, and a clean
    run over GOOD only; the working directory and TMPDIR are empty folders of the test."""
    root = tmp_path_factory.mktemp("bad-run")
    inp, cwd, tmpdir = root / "in", root / "cwd", root / "tmpdir"
    for d in (inp, cwd, tmpdir):
        d.mkdir()
    for name in CORPUS:
        shutil.copy(BAD / name, inp / name)
    for g in GOOD:
        shutil.copy(g, inp / g.name)
    runtime = make_bad.make_runtime(inp / "runtime")
    deleted = runtime["deleted.png"]
    evil_before = os.path.exists("/tmp/evil.txt"), os.path.exists("/tmp/evil.sh")

    import pipeline.runners.driver as driver

    real_discover = driver.discover

    def discover_then_delete(inputs):  # the file vanishes between discovery and reading
        found = real_discover(inputs)
        assert deleted in found.files
        deleted.unlink()
        return found

    before = _tree(root)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        mp.setenv("TMPDIR", str(tmpdir))
        mp.setattr(driver, "discover", discover_then_delete)
        t0 = time.perf_counter()
        # a hang would be an error row after 120 s (and fail its file's test), not a stuck run
        summary = run_extract([str(inp)], str(root / "out"), ingest=IngestOptions(doc_timeout=120),
                              run=RunOptions(workers=2, cache_dir=str(root / "cache"), quiet=True))
        seconds = time.perf_counter() - t0
    after = _tree(root)
    clean_in = root / "clean-in"
    clean_in.mkdir()
    for g in GOOD:
        shutil.copy(g, clean_in / g.name)
    clean = run_extract([str(clean_in)], str(root / "clean-out"),
                        run=RunOptions(workers=1, cache_dir=str(root / "clean-cache"), quiet=True))
    return dict(root=root, out=root / "out", clean_out=root / "clean-out", summary=summary,
                clean=clean, runtime=runtime, before=before, after=after, seconds=seconds,
                evil_before=evil_before, docs=_docs(root / "out"))


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_file(bad_run, name):
    kind = CORPUS[name]
    row = bad_run["docs"][name]
    assert row["status"] == kind.status, (name, row["error"])
    if kind.status == "error":
        assert kind.message in row["error"], (name, row["error"])
        assert row["page_count"] is None
    else:
        assert row["error"] is None
        if kind.pages is not None:
            assert row["page_count"] == kind.pages
        if kind.text:
            text = " ".join(p["text"] for p in read_table(bad_run["out"], "pages").to_pylist()
                            if os.path.basename(p["path"]) == name)
            assert kind.text.lower() in text.lower(), (name, text)


def test_runtime_inputs(bad_run):
    docs = bad_run["docs"]
    assert docs["dangling.png"]["error"] == "broken symbolic link: its target does not exist"
    assert docs["pipe.png"]["error"] == "not a regular file (a named pipe): not read"
    assert docs["deleted.png"]["error"] == "file disappeared before it could be read"
    assert docs["pages_5000.pdf"]["error"] == (
        "PDF has 5000 pages, over the limit of 2000 (--max-pages; --pages selects which pages "
        "to process)")
    assert docs["sparse_2g.pdf"]["error"] == (
        "file is 2,048 MiB, over the limit of 1,024 MiB (--max-file-size)")
    # chmod 000 stops reads only for a user without CAP_DAC_OVERRIDE: CI runs as root, where
    # the file is read and processed like any other PNG
    unreadable = docs["unreadable.png"]
    if make_bad.unreadable_as_expected(bad_run["runtime"]["unreadable.png"]):
        assert unreadable["error"] == "permission denied: the file cannot be read"
    else:
        assert unreadable["status"] == "ok", unreadable["error"]
    # the symlink loop is walked once: no path goes through it
    assert not any("/self/" in r["path"] or r["path"].endswith("/self")
                   for r in read_table(bad_run["out"], "documents").to_pylist())


def test_non_utf8_file_name_is_stored_readably(bad_run):
    (row,) = [r for r in read_table(bad_run["out"], "documents").to_pylist()
              if "bad_" in r["path"] and "_name.png" in r["path"]]
    # invalid bytes are shown as \xNN (os.fsencode, then decode with backslashreplace)
    assert row["path"].endswith("bad_\\xff\\xfe_name.png")
    assert row["status"] == "ok"
    assert row["path"].encode("utf-8")


def test_every_document_has_a_row_and_the_counts_add_up(bad_run):
    s, docs = bad_run["summary"], bad_run["docs"]
    runtime_rows = set(bad_run["runtime"]) - {"loop/"}
    assert set(docs) == set(CORPUS) | runtime_rows | {g.name for g in GOOD}
    expected_errors = sum(k.status == "error" for k in CORPUS.values()) + sum(
        docs[n]["status"] == "error" for n in runtime_rows)
    assert s.errors == expected_errors
    assert s.documents == len(docs)


def test_good_files_are_untouched_by_the_bad_ones(bad_run):
    names = {g.name for g in GOOD}
    docs, clean = bad_run["docs"], _docs(bad_run["clean_out"])
    for n in names:
        assert docs[n]["status"] == "ok" and docs[n]["document_id"] == clean[n]["document_id"]
        assert docs[n]["page_count"] == clean[n]["page_count"]
    for table in ("pages", "lines", "fields"):
        got = _rows(bad_run["out"], table, names)
        assert got, table
        assert got == _rows(bad_run["clean_out"], table, names), table


def test_nothing_is_written_outside_out_and_the_cache(bad_run):
    root = bad_run["root"]
    before, after = bad_run["before"], bad_run["after"]
    allowed = (str(root / "out") + os.sep, str(root / "cache") + os.sep)
    new = sorted(p for p in after if p not in before and not p.startswith(allowed)
                 and p != str(root / "tmpdir" / ".ses"))
    changed = sorted(p for p in before if p in after and after[p] != before[p])
    assert new == [] and changed == []
    # deleted.png went away on purpose (between discovery and reading)
    assert sorted(set(before) - set(after)) == [str(bad_run["runtime"]["deleted.png"])]
    assert not any(os.path.basename(p).startswith("evil") for p in after)
    assert (os.path.exists("/tmp/evil.txt"), os.path.exists("/tmp/evil.sh")) == \
        bad_run["evil_before"]
    assert os.listdir(root / "cwd") == []
    # importing onnxruntime (1.32) makes its telemetry SDK write a 51-byte session id file,
    # $TMPDIR/.ses: not mmbatch's doing, and nothing an input controls
    assert set(os.listdir(root / "tmpdir")) <= {".ses"}


def test_run_is_quick(bad_run):
    # the bad files fail fast: the run costs about what its good and odd-but-valid files cost
    # (about 30 s here, on 2 cores)
    assert bad_run["seconds"] < 300, bad_run["seconds"]
    assert not any("took longer" in (d["error"] or "") or "internal error" in (d["error"] or "")
                   or "crashed" in (d["error"] or "") for d in bad_run["docs"].values())


def test_pages_selection_and_the_password(tmp_path):
    """--pages makes a 5000-page PDF acceptable (only the selected pages are read), and the
    encrypted PDF opens with --pdf-password."""
    pdf = tmp_path / "in" / "pages_5000.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(make_bad.pages_pdf(5000))
    shutil.copy(BAD / "encrypted.pdf", tmp_path / "in")
    s = run_extract([str(tmp_path / "in")], str(tmp_path / "out"),
                    ingest=IngestOptions(pages="2, 1", pdf_password=make_bad.PASSWORD),
                    run=RunOptions(workers=1, cache_dir=str(tmp_path / "cache"), quiet=True))
    assert s.errors == 0
    docs = _docs(tmp_path / "out")
    assert docs["pages_5000.pdf"]["page_count"] == 5000
    pages = read_table(tmp_path / "out", "pages").to_pylist()
    assert sorted(p["page"] for p in pages if p["path"].endswith("pages_5000.pdf")) == [1, 2]
    (enc,) = [p for p in pages if p["path"].endswith("encrypted.pdf")]
    assert enc["text"] == "Encrypted text" and enc["source"] == "text_layer"
    # a second run with the same selection reads both documents from the cache
    s2 = run_extract([str(tmp_path / "in")], str(tmp_path / "out2"),
                     ingest=IngestOptions(pages="1-2", pdf_password=make_bad.PASSWORD),
                     run=RunOptions(workers=1, cache_dir=str(tmp_path / "cache"), quiet=True))
    assert s2.cached_pages == 3 and s2.ort_seconds == 0


def test_doc_timeout_makes_an_error_row_and_restores_sigalrm(tmp_path, monkeypatch):
    import pipeline.runners.process as process

    real = process.iter_pages

    def slow_pages(f, opts, skip=None):
        for page in real(f, opts, skip):
            time.sleep(5)  # interrupted by the alarm
            yield page

    monkeypatch.setattr(process, "iter_pages", slow_pages)
    shutil.copy(BAD / "png_named.jpg", tmp_path / "slow.png")
    sentinel = signal.getsignal(signal.SIGALRM)
    t0 = time.perf_counter()
    s = run_extract([str(tmp_path / "slow.png")], str(tmp_path / "out"),
                    ingest=IngestOptions(doc_timeout=0.5),
                    run=RunOptions(workers=1, use_cache=False, quiet=True))
    assert time.perf_counter() - t0 < 30
    assert s.errors == 1
    (row,) = _docs(tmp_path / "out").values()
    assert row["error"] == "took longer than 0.5 s (--doc-timeout)"
    assert signal.getsignal(signal.SIGALRM) == sentinel
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_time_limit_gives_back_an_outer_timer():
    from pipeline.errors import DocumentTimeout
    from pipeline.ingest.limits import time_limit

    fired = []
    old = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 5.0)
        with pytest.raises(DocumentTimeout, match="took longer than 0.1 s"):
            with time_limit(0.1):
                time.sleep(2)
        left = signal.getitimer(signal.ITIMER_REAL)[0]
        assert 3.0 < left < 5.0  # the outer timer runs on
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert fired == []


def _sleep_in_worker(task):
    time.sleep(60)


def _gone(proc, timeout: float) -> bool:
    """The process has ended. Not ``proc.is_alive()`` alone: the pool's own thread may reap the
    child first, and then multiprocessing's poll() can see ECHILD and report it alive."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        proc.join(0.2)
        if not proc.is_alive():
            return True
        try:
            with open(f"/proc/{proc.pid}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X"):
                    return True  # killed, waiting to be reaped
        except FileNotFoundError:
            return True  # killed and reaped
    return False


def test_a_stuck_worker_is_stopped(monkeypatch, tmp_path):
    """A worker that ignores its alarm (stuck in one C call) is killed by the driver after
    stuck_after(); its document is an error row, the documents behind it are sent again."""
    from concurrent.futures import Future

    from pipeline.runners import driver
    from pipeline.runners.executors import PoolExecutor
    from pipeline.runners.worker import Task

    monkeypatch.setattr(driver, "stuck_after", lambda t: 1.0)
    pool = PoolExecutor(1, 1)
    pool.work = _sleep_in_worker
    stuck = Task(str(tmp_path / "stuck.pdf"), "a" * 64, IngestOptions(), None)
    behind = Task(str(tmp_path / "next.pdf"), "b" * 64, IngestOptions(), None)
    run = driver.ExtractRun([], str(tmp_path / "out"), IngestOptions(doc_timeout=10), None,
                            RunOptions(), None)
    run.executor = pool
    run.pending.extend([driver.InFlight(stuck, pool.submit(stuck)),
                        driver.InFlight(behind, pool.submit(behind))])
    procs = pool.processes()
    finished = []
    monkeypatch.setattr(run, "finish", lambda res, cached: finished.append(res))

    def resent(task):
        fut = Future()
        fut.set_result(("resent", task.path))
        return fut

    monkeypatch.setattr(pool, "submit", resent)
    t0 = time.perf_counter()
    run.collect()
    assert time.perf_counter() - t0 < 20
    for proc in procs:
        assert _gone(proc, 10), f"worker {proc.pid} still runs"
    (res,) = finished
    assert res.file.sha256 == "a" * 64 and res.status == "error"
    assert "took longer than 10 s (--doc-timeout) and did not stop" in res.error
    assert "its worker process was stopped" in res.error
    (left,) = run.pending
    assert left.task is behind and left.outcome.result() == ("resent", behind.path)
    pool.shutdown(abort=True)


def test_page_selection_parsing_and_cache_key():
    from pipeline.errors import UsageError
    from pipeline.ingest.document import parse_pages

    assert parse_pages("1-3,7, 2-4,10-") == ((1, 4), (7, 7), (10, None))
    assert IngestOptions(pages=" 3,1-2").pages == "1-3"
    opts = IngestOptions(pages="2,5-")
    assert [n for n in range(1, 8) if opts.selects(n)] == [2, 5, 6, 7]
    assert opts.selected_count(3) == 1 and opts.selected_count(7) == 4
    for bad in ("", "0", "3-1", "a", "1,,2", "-4"):
        with pytest.raises(UsageError, match="--pages"):
            IngestOptions(pages=bad)
    # the limits change no result: the default key is what it was, so caches and processed
    # documents stay valid; a page selection does change it
    assert IngestOptions(max_pages=5, doc_timeout=1, max_file_bytes=10).key() == \
        {"dpi": 200.0, "use_text_layer": True, "text_layer": "auto"}
    assert IngestOptions(pages="1").key()["pages"] == "1"


def test_guard_options_on_the_command_line_and_in_job_files(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main
    from pipeline.jobs import load_job

    r = CliRunner().invoke(main, ["extract", str(BAD / "empty.jpg"), "--out", str(tmp_path / "o"),
                                  "--pages", "2-1"])
    assert r.exit_code == 2 and "'--pages'" in r.output and "'2-1'" in r.output
    r = CliRunner().invoke(main, ["extract", str(BAD / "empty.jpg"), "--out", str(tmp_path / "o"),
                                  "--max-pages", "0"])
    assert r.exit_code == 2
    job = tmp_path / "job.toml"
    job.write_text('[job]\ninputs = ["in"]\nout = "out"\n[options]\nmax_pages = 10\n'
                   'pages = "1-2"\ndoc_timeout = 30\nmax_file_size = "200M"\n')
    assert load_job(str(job)).options == {"max_pages": 10, "pages": "1-2", "doc_timeout": 30.0,
                                          "max_file_size": 200 * 2 ** 20}


def test_sniff_prefers_an_image_signature_to_a_pdf_marker():
    from pipeline.ingest.document import sniff

    assert sniff((BAD / "jpeg_with_pdf_marker.jpg").read_bytes()) == "jpeg"
    assert sniff((BAD / "leading_junk.pdf").read_bytes()) == "pdf"
    assert sniff(b"BM%PDF-1.4") == "pdf" and sniff(b"BM\x00\x00") == "bmp"
