"""Executors the driver submits documents to: in this process (one worker), a process pool
(the single-machine default) or a Dask cluster (``--scheduler``).

All are ``concurrent.futures.Executor``s, so the driver has one code path.
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Optional

from pipeline.runners.worker import init_worker


class InlineExecutor(Executor):
    """Runs each task when it is submitted, in this process."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        fut: Future = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as e:  # noqa: BLE001 - handed to the caller through the future
            fut.set_exception(e)
        return fut


def make_executor(workers: int, threads: int, scheduler: Optional[str] = None) -> Executor:
    if scheduler:
        from pipeline.runners.dask_executor import DaskExecutor

        return DaskExecutor(scheduler, workers=workers, threads=1)
    if workers <= 1:
        init_worker(threads)
        return InlineExecutor()
    # spawn: workers start clean (no inherited threads or half-initialised sessions)
    ctx = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=init_worker,
                               initargs=(threads,))


def describe(executor: Executor, workers: int) -> dict:
    """The executor as the run manifest records it."""
    if hasattr(executor, "describe"):
        return {"kind": "dask", **executor.describe()}
    if isinstance(executor, InlineExecutor):
        return {"kind": "inline", "workers": 1}
    return {"kind": "process_pool", "workers": workers}
