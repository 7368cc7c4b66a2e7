"""Where the driver's documents run: the executor protocol and its single-machine kinds.

An ``Executor`` takes a document (``submit``), hands back its result (``result``) and says what
went wrong in terms the driver acts on, whatever ran it:

- ``DocumentStuck``: the document ran far past ``--doc-timeout`` (stuck in a library call). The
  driver calls ``stop``, which says whether the other documents in flight survived it;
- ``WorkersLost``: the worker process running the document died (out of memory, a library
  fault) and took every document in flight with it: the driver sends them again (the one it
  waited for counts an attempt);
- ``DocumentCrashed``: the executor itself retried the document and its workers died each time.

Kinds: ``InlineExecutor`` (one worker: in this process), ``PoolExecutor`` (the default: a pool
of worker processes) and ``pipeline.runners.dask_executor.DaskExecutor`` (``--scheduler``).
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from abc import ABC, abstractmethod
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Optional, Set, Tuple

from ..errors import Terminated
from .worker import Task, init_worker, run_noted, run_task, running_in


class DocumentStuck(Exception):
    """The document is still running long after --doc-timeout."""


class WorkersLost(Exception):
    """A worker died and the documents in flight must be sent again. ``blamed``: the documents
    (sha256) the dead workers were reading, when the executor can tell; None when it cannot."""

    def __init__(self, blamed: Optional[Set[str]] = None):
        super().__init__("a worker process died")
        self.blamed = blamed


class DocumentCrashed(Exception):
    """The document's workers died each time it was tried (the executor retried it)."""


class Executor(ABC):
    kind: str = ""
    # what a worker runs for each task: ``run_task`` (tests put another function here)
    work: Callable = staticmethod(run_task)

    @property
    @abstractmethod
    def slots(self) -> int:
        """Documents it runs at once (the driver keeps twice this many in flight)."""

    @abstractmethod
    def submit(self, task: Task) -> Future:
        """Start a document; the future gives ``run_task``'s ``(result, (pid, ort seconds))``."""

    def result(self, fut: Future, timeout: Optional[float]) -> Tuple:
        """The document's result, or DocumentStuck / WorkersLost / DocumentCrashed."""
        try:
            return fut.result(timeout=timeout)
        except FutureTimeout:
            raise DocumentStuck() from None

    @abstractmethod
    def stop(self, fut: Future) -> Tuple[bool, str]:
        """Stop a stuck document: (whether the other documents in flight go on, what was done
        in words for its error row)."""

    @abstractmethod
    def describe(self) -> dict:
        """What the run manifest records of it."""

    @abstractmethod
    def shutdown(self, abort: bool = False) -> None:
        """Wait for the work in flight and let go of the workers; ``abort``: end them now."""


class InlineExecutor(Executor):
    """Runs each document when it is submitted, in this process (one worker)."""

    kind = "inline"

    def __init__(self, threads: int):
        init_worker(threads)

    @property
    def slots(self) -> int:
        return 1

    def submit(self, task: Task) -> Future:
        fut: Future = Future()
        try:
            fut.set_result(self.work(task))
        except (KeyboardInterrupt, SystemExit, Terminated):
            raise  # the run stops: not this document's failure
        except BaseException as e:  # noqa: BLE001 - handed to the caller through the future
            fut.set_exception(e)
        return fut

    def stop(self, fut: Future) -> Tuple[bool, str]:  # pragma: no cover - never in flight
        return True, "it was stopped"

    def describe(self) -> dict:
        return {"kind": self.kind, "workers": 1}

    def shutdown(self, abort: bool = False) -> None:
        pass


class PoolExecutor(Executor):
    """A pool of worker processes on this machine (spawned clean: no inherited threads or
    half-initialised sessions), each with ``threads`` onnxruntime threads. The workers ignore
    Ctrl-C (the driver ends them) and die with the driver, even on kill -9 (Linux)."""

    kind = "process_pool"

    def __init__(self, workers: int, threads: int):
        self.workers, self.threads = workers, threads
        # each worker notes there the document it is reading: a worker that dies is blamed
        # on its own document, not on whichever the driver happened to wait for
        self.state_dir = tempfile.mkdtemp(prefix="mmbatch-workers-")
        self._known: dict = {}  # pid -> process, of the current pool
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers,
                                   mp_context=multiprocessing.get_context("spawn"),
                                   initializer=init_worker,
                                   initargs=(self.threads, True, self.state_dir))

    @property
    def slots(self) -> int:
        return self.workers

    def submit(self, task: Task) -> Future:
        fut = self._pool.submit(run_noted, self.work, task)
        self._known.update(self._procs())  # the pool may forget its processes when it breaks
        return fut

    def result(self, fut: Future, timeout: Optional[float]) -> Tuple:
        try:
            return super().result(fut, timeout)
        except BrokenProcessPool:
            blamed = self._blame()
            self._restart()
            raise WorkersLost(blamed) from None

    def _blame(self) -> Optional[Set[str]]:
        """The documents the workers that died were reading. A worker that died by itself
        exited with a code other than 0 or SIGTERM (the pool ends the others with SIGTERM).
        The pool may report the break a moment before the dead process can be reaped, so its
        exit code is waited for (at most 2 s)."""
        procs = {**self._known, **self._procs()}
        deadline = time.monotonic() + 2.0
        while True:
            dead = [pid for pid, p in procs.items()
                    if p.exitcode not in (None, 0, -signal.SIGTERM)]
            if dead or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        blamed = {d for d in (running_in(self.state_dir, pid) for pid in dead) if d}
        return blamed or None

    def stop(self, fut: Future) -> Tuple[bool, str]:
        """A process cannot be interrupted in a C call: the workers are killed and the pool
        started again, so the others in flight are lost too."""
        self._restart(kill=True)
        return False, "its worker process was stopped"

    def _restart(self, kill: bool = False) -> None:
        if kill:
            self._kill()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._clear_notes()
        self._known = {}
        self._pool = self._new_pool()

    def _procs(self) -> dict:
        return dict(getattr(self._pool, "_processes", None) or {})

    def _kill(self) -> None:
        for proc in self._procs().values():
            try:
                proc.kill()
            except Exception:  # already gone
                pass

    def _clear_notes(self) -> None:
        for name in os.listdir(self.state_dir):
            try:
                os.unlink(os.path.join(self.state_dir, name))
            except OSError:
                pass

    def processes(self) -> list:
        """The worker processes now (for tests and benchmarks)."""
        return list(self._procs().values())

    def describe(self) -> dict:
        return {"kind": self.kind, "workers": self.workers}

    def shutdown(self, abort: bool = False) -> None:
        if abort:
            self._kill()
            self._pool.shutdown(wait=False, cancel_futures=True)
        else:
            self._pool.shutdown(wait=True)
        shutil.rmtree(self.state_dir, ignore_errors=True)


def make_executor(workers: int, threads: int, scheduler: Optional[str] = None) -> Executor:
    if scheduler:
        from .dask_executor import DaskExecutor

        return DaskExecutor(scheduler, workers=workers, threads=1)
    if workers <= 1:
        return InlineExecutor(threads)
    return PoolExecutor(workers, threads)
