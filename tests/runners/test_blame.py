"""A worker that dies is blamed on the document it was reading, not on the one the driver
happened to wait for; a document that kills its worker twice is the only error row."""
from __future__ import annotations

import os
import time
from pathlib import Path

from pipeline.ingest.document import IngestOptions
from pipeline.runners import driver
from pipeline.runners.executors import PoolExecutor
from pipeline.runners.worker import Task


def _poison_or_slow(task):
    """The 'poison' document kills its worker at once; the others take a while."""
    if task.path.endswith("poison.png"):
        os._exit(13)
    time.sleep(1.5)
    return f"read {Path(task.path).name}", (os.getpid(), 0.0)


def test_the_document_a_dead_worker_was_reading_is_blamed(tmp_path, monkeypatch):
    pool = PoolExecutor(2, 1)
    pool.work = _poison_or_slow
    head = Task(str(tmp_path / "slow.pdf"), "a" * 64, IngestOptions(), None)
    poison = Task(str(tmp_path / "poison.png"), "b" * 64, IngestOptions(), None)
    run = driver.ExtractRun([], str(tmp_path / "out"), IngestOptions(), None,
                            driver.RunOptions(), None)
    run.executor = pool
    run.pending.extend([driver.InFlight(head, pool.submit(head)),
                        driver.InFlight(poison, pool.submit(poison))])
    done = []
    monkeypatch.setattr(run, "finish", lambda res, cached: done.append(res))
    try:
        deadline = time.monotonic() + 120
        while run.pending and time.monotonic() < deadline:
            run.collect()
    finally:
        pool.shutdown(abort=True)
    assert not run.pending
    # the slow document at the head was waited on while the poison killed its worker twice:
    # it is read (sent again, never counted), and only the poison is an error row
    assert head.attempts == 0 and done[0] == "read slow.pdf"
    err = done[1]
    assert err.file.sha256 == "b" * 64 and err.status == "error"
    assert "crashed twice on this document" in err.error
    assert not os.path.exists(pool.state_dir)  # the workers' notes are cleaned up
