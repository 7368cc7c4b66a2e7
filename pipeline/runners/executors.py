"""Executors the driver submits documents to: in this process (one worker) or a process pool.

Both are ``concurrent.futures.Executor``s, so the driver has one code path (a Dask client's
executor fits the same slot).
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import Executor, Future, ProcessPoolExecutor

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


def make_executor(workers: int, threads: int) -> Executor:
    if workers <= 1:
        init_worker(threads)
        return InlineExecutor()
    # spawn: workers start clean (no inherited threads or half-initialised sessions)
    ctx = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=init_worker,
                               initargs=(threads,))
