"""Scale-out: the same extract job through a Dask cluster gives the process pool's tables, a
worker killed mid-run is survived, a document that keeps killing workers is an error row."""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from conftest import SAMPLES, read_table

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

TABLES = ("documents", "pages", "lines", "fields")
VOLATILE = {"run_id", "run_ts", "seconds"}  # differ between any two runs


def canonical(out: Path, table: str) -> list:
    rows = read_table(out, table).to_pylist()
    rows = [{k: v for k, v in r.items() if k not in VOLATILE} for r in rows]
    return sorted(rows, key=repr)


def inputs_of(sample_out: Path) -> list:
    # the inputs of the session's sample run (conftest.sample_run): samples plus two bad files
    return [str(SAMPLES / "cheques"), str(SAMPLES / "pdfs"), str(sample_out.parent / "bad")]


@pytest.fixture(scope="module")
def cluster():
    import dask

    # the scheduler runs in this process, so this config is its own
    with dask.config.set({"distributed.scheduler.allowed-failures": 3}):
        c = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=":0", silence_logs=40)
    client = distributed.Client(c)
    yield c, client
    client.close()
    c.close()


def test_dask_local_cluster_gives_the_process_pool_tables(sample_run, tmp_path):
    from pipeline.runners.driver import RunOptions, run_extract

    summary, pool_out = sample_run
    out = tmp_path / "out"
    dsum = run_extract(inputs_of(pool_out), str(out),
                       run=RunOptions(cache_dir=str(tmp_path / "cache"), quiet=True,
                                      scheduler="local", workers=2))
    assert dsum.plan["executor"]["kind"] == "dask"
    assert dsum.plan["executor"]["workers"] == 2
    assert dsum.cached_pages == 0  # computed on the cluster, not read from the pool run's cache
    assert (dsum.documents, dsum.pages, dsum.lines, dsum.errors) == \
        (summary.documents, summary.pages, summary.lines, summary.errors)
    for table in TABLES:
        assert canonical(out, table) == canonical(pool_out, table), table


def _kill_a_busy_worker(client, killed: list, stop: threading.Event) -> None:
    """Wait until a worker is processing a document, then SIGKILL its process."""
    pids = client.run(os.getpid)
    while not stop.is_set():
        busy = [w for w, keys in client.processing().items() if keys]
        if busy:
            time.sleep(0.5)  # inside the document (or loading its models)
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed.append(busy[0])
            return
        time.sleep(0.02)


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(cluster, sample_run, tmp_path):
    from pipeline.runners.driver import RunOptions, run_extract

    c, client = cluster
    _, pool_out = sample_run
    killed: list = []
    stop = threading.Event()
    killer = threading.Thread(target=_kill_a_busy_worker, args=(client, killed, stop))
    killer.start()
    out = tmp_path / "out"
    try:
        s = run_extract([str(SAMPLES / "cheques")], str(out),
                        run=RunOptions(use_cache=False, quiet=True, scheduler=c.scheduler_address))
    finally:
        stop.set()
        killer.join()
    assert killed, "no worker was ever seen processing a document"
    assert s.errors == 0 and s.documents == 9
    docs = read_table(out, "documents").to_pylist()
    assert sorted(d["path"] for d in docs) == sorted(
        d["path"] for d in read_table(pool_out, "documents").to_pylist() if "cheques" in d["path"])
    assert len({d["document_id"] for d in docs}) == len(docs) == 9
    # every line exactly once, and the same lines as the process pool read
    pool_lines = [r for r in canonical(pool_out, "lines") if "cheques" in r["path"]]
    assert canonical(out, "lines") == pool_lines


def _die(task) -> None:
    os._exit(13)


def test_a_document_that_keeps_killing_workers_is_an_error_row(tmp_path, monkeypatch):
    from pipeline.ingest.document import IngestOptions
    from pipeline.runners import driver
    from pipeline.runners.dask_executor import DaskExecutor
    from pipeline.runners.worker import Task

    ex = DaskExecutor("local:1", allowed_failures=1)
    try:
        ex.work = _die
        task = Task(str(tmp_path / "poison.png"), "ab" * 32, None, None)
        run = driver.ExtractRun([], str(tmp_path / "out"), IngestOptions(), None,
                                driver.RunOptions(), None)
        run.executor = ex
        run.pending.append(driver.InFlight(task, ex.submit(task)))
        done = []
        monkeypatch.setattr(run, "finish", lambda res, cached: done.append(res))
        run.collect()
        assert not run.pending
        (res,) = done
        assert res.status == "error"
        assert "crashed on this document each time it was tried" in res.error
        assert res.file.sha256 == "ab" * 32
        # the cluster is still usable after its worker died twice
        assert ex.client.submit(os.getpid).result(timeout=60) > 0
    finally:
        ex.shutdown()


def test_workers_get_threads_that_share_their_cores():
    from pipeline.runners.dask_executor import DaskExecutor, _cores

    ex = DaskExecutor("local:2")
    try:
        (threads,) = ex.per_host.values()
        assert threads == max(1, _cores() // 2)
        seen = ex.client.run(lambda dask_worker: getattr(dask_worker, "mmbatch_threads", None))
        assert set(seen.values()) == {threads}
    finally:
        ex.shutdown()


def test_unreachable_scheduler_is_a_usage_error(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from pipeline import cli
    from pipeline.runners import dask_executor

    monkeypatch.setattr(dask_executor, "CONNECT_TIMEOUT", 2.0)
    r = CliRunner().invoke(cli.main, ["extract", str(SAMPLES / "cheques" / "cheque_01.png"),
                                      "--out", str(tmp_path / "out"),
                                      "--scheduler", "tcp://127.0.0.1:9"])
    assert r.exit_code == 2, r.output
    assert "cannot reach the Dask scheduler 'tcp://127.0.0.1:9'" in r.output
    assert not list((tmp_path / "out").glob("documents/**/*.parquet"))


def test_doc_timeout_holds_in_a_dask_worker_thread(tmp_path):
    """Dask runs tasks in a worker thread, where SIGALRM cannot reach: the limit comes from a
    timer thread instead, and the slow document is an error row while the other one is read."""
    import pymupdf

    from pipeline.ingest.document import IngestOptions
    from pipeline.runners.driver import RunOptions, run_extract

    scan = pymupdf.open(SAMPLES / "pdfs" / "scanned_letter.pdf")
    long = pymupdf.open()
    for _ in range(4):  # eight scanned pages: far more than 2 s of OCR on any machine
        long.insert_pdf(scan)
    long.save(tmp_path / "long_scan.pdf")
    quick = SAMPLES / "pdfs" / "born_digital.pdf"  # a text layer: no model runs
    s = run_extract([str(quick), str(tmp_path / "long_scan.pdf")], str(tmp_path / "out"),
                    ingest=IngestOptions(doc_timeout=2.0),
                    run=RunOptions(use_cache=False, quiet=True, scheduler="local:1"))
    docs = {Path(d["path"]).name: d for d in read_table(tmp_path / "out", "documents").to_pylist()}
    assert s.errors == 1, docs
    assert docs["long_scan.pdf"]["status"] == "error"
    assert docs["long_scan.pdf"]["error"] == "took longer than 2 s (--doc-timeout)"
    assert docs["born_digital.pdf"]["status"] == "ok"
