"""Run the driver's documents on a Dask cluster: an existing one (``--scheduler tcp://head:8786``
or a scheduler file) or a LocalCluster started for the run (``--scheduler local``).

``DaskExecutor`` is one of the driver's executors (``pipeline.runners.executors``): it submits
``run_on_dask_worker`` through the client (``pure=False``: a retried document is a new task)
and hands back plain ``concurrent.futures.Future``s. Dask itself reschedules the tasks of a
worker that dies; a task whose workers die too often comes back as ``KilledWorker``
(``DocumentCrashed`` for the driver). Each Dask worker process keeps its onnxruntime sessions for
its lifetime (``pipeline.runners.worker`` holds them), with intra-op threads chosen on the worker
from its host's cores and the task threads there (``ThreadsPlugin``, kept on the worker object).

Dask is an optional extra: ``pip install '.[dask]'`` from a checkout.
"""
from __future__ import annotations

import concurrent.futures as cf
import os
from pathlib import Path
from typing import Dict, Optional, Tuple

from ..errors import UsageError
from .executors import DocumentCrashed, Executor

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # without the dask extra; DaskExecutor then says how to install it
    WorkerPlugin = object

LOCAL = "local"
CONNECT_TIMEOUT = 30.0  # seconds to reach the scheduler and see a worker


def is_local(scheduler: str) -> bool:
    return scheduler == LOCAL or scheduler.startswith(LOCAL + ":")


def worker_fingerprint() -> dict:
    """What must match between the driver and every worker: mmbatch's version and the sha256
    of each OCR model file (the driver's cache keys name them)."""
    from .. import __version__
    from .keys import model_shas

    return {"mmbatch": __version__, "models": model_shas()}


def worker_facts() -> dict:
    """This worker's fingerprint, host and usable cores."""
    import socket

    return {"fingerprint": worker_fingerprint(), "host": socket.gethostname(), "cores": _cores()}


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


class ThreadsPlugin(WorkerPlugin):
    """Sets a worker's onnxruntime intra-op threads when it starts (and again when the cluster
    restarts it): its host's cores shared by the task threads of all workers on that host; and
    gives glibc back its sliding malloc thresholds."""

    name = "mmbatch-threads"

    def __init__(self, per_host: Dict[str, int]):
        self.per_host = per_host

    def setup(self, worker) -> None:
        import socket

        from ..engine.memory import undo_fixed_malloc_thresholds
        from .worker import init_worker

        # Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, which made every
        # model run here 1.4x slower (see undo_fixed_malloc_thresholds)
        undo_fixed_malloc_thresholds()

        n = self.per_host.get(socket.gethostname())
        if n is None:  # a host that joined later: its cores over this worker's threads
            n = _cores() // max(1, getattr(getattr(worker, "state", worker), "nthreads", 1))
        init_worker(max(1, n))
        worker.mmbatch_threads = max(1, n)


def _import_distributed():
    try:
        import distributed  # noqa: F401
    except ImportError as e:
        raise UsageError("--scheduler needs Dask: pip install 'dask[distributed]' (or "
                         f"'.[dask]' from a checkout; importing dask.distributed failed: {e})"
                         ) from e
    return distributed


class DaskExecutor(Executor):
    """The driver's executor over a ``dask.distributed.Client``."""

    kind = "dask"

    def __init__(self, scheduler: str, workers: int = 2, threads: int = 1,
                 connect_timeout: Optional[float] = None, allowed_failures: int = 1):
        distributed = _import_distributed()
        import dask

        connect_timeout = connect_timeout or CONNECT_TIMEOUT
        self.work = run_on_dask_worker
        self.scheduler = scheduler
        self.cluster = None
        self.per_host: Dict[str, int] = {}
        self._futures: Dict[cf.Future, object] = {}
        try:
            if is_local(scheduler):
                n = int(scheduler.split(":", 1)[1]) if ":" in scheduler else workers
                # a document whose worker dies twice becomes an error row (the process pool's
                # rule); on an existing cluster its own distributed.scheduler.allowed-failures
                # holds. A cluster of our own runs without the workers' statistical profiler
                # (a stack sample every 10 ms; bench/dask_worker_overhead.py: within noise).
                with dask.config.set({"distributed.scheduler.allowed-failures": allowed_failures,
                                      "distributed.worker.profile.enabled": False}):
                    self.cluster = distributed.LocalCluster(
                        n_workers=max(1, n), threads_per_worker=threads, processes=True,
                        dashboard_address=":0", silence_logs=40)
                    self.client = distributed.Client(self.cluster, timeout=connect_timeout)
            elif scheduler.endswith(".json") and Path(scheduler).is_file():
                self.client = distributed.Client(scheduler_file=scheduler, timeout=connect_timeout)
            else:
                self.client = distributed.Client(scheduler, timeout=connect_timeout)
        except UsageError:
            raise
        except (OSError, TimeoutError, ValueError) as e:
            self.close()
            raise UsageError(f"cannot reach the Dask scheduler {scheduler!r}: {e}") from e
        try:
            self.client.wait_for_workers(1, timeout=connect_timeout)
        except Exception as e:  # distributed raises its own TimeoutError
            self.close()
            raise UsageError(f"the Dask scheduler {scheduler!r} has no workers "
                              f"(waited {connect_timeout:g} s): {e}") from e
        self._check_workers()

    def _check_workers(self) -> None:
        """Every worker must run the same mmbatch and models as this machine; each is told how
        many onnxruntime threads its tasks use: its host's cores shared by all the task threads
        of the workers on that host, so workers do not oversubscribe the cores."""
        mine = worker_fingerprint()
        try:
            facts = self.client.run(worker_facts)
        except Exception as e:
            self.close()
            raise UsageError(f"the Dask workers of {self.scheduler!r} cannot run mmbatch "
                             f"(is it installed there?): {e}") from e
        bad = {w: f["fingerprint"] for w, f in facts.items() if f["fingerprint"] != mine}
        if bad:
            w, f = next(iter(bad.items()))
            self.close()
            raise UsageError(f"Dask worker {w} differs from this machine: it has mmbatch "
                             f"{f.get('mmbatch')} with models {f.get('models')}, this machine "
                             f"{mine['mmbatch']} with {mine['models']}; install the same version "
                             "and model packages everywhere")
        nthreads = self.client.nthreads()
        tasks_on: Dict[str, int] = {}
        cores: Dict[str, int] = {}
        for w, f in facts.items():
            tasks_on[f["host"]] = tasks_on.get(f["host"], 0) + nthreads.get(w, 1)
            cores[f["host"]] = f["cores"]
        self.per_host = {h: max(1, cores[h] // tasks_on[h]) for h in cores}
        self.client.register_plugin(ThreadsPlugin(self.per_host), name=ThreadsPlugin.name)

    @property
    def slots(self) -> int:
        """Task threads across the cluster's workers (the driver keeps 2x this in flight)."""
        try:
            return max(1, sum(self.client.nthreads().values()))
        except Exception:  # pragma: no cover - scheduler gone; the next result will say so
            return 1

    def describe(self) -> dict:
        info = self.client.scheduler_info()
        return {"kind": self.kind, "scheduler": self.scheduler, "address": info.get("address"),
                "workers": len(info.get("workers", {})), "task_threads": self.slots,
                "onnxruntime_threads_per_host": self.per_host}

    def submit(self, task) -> cf.Future:
        dfut = self.client.submit(self.work, task, pure=False)
        fut: cf.Future = cf.Future()
        self._futures[fut] = dfut

        def done(d) -> None:
            self._futures.pop(fut, None)
            if fut.done():
                return
            try:
                if d.status == "finished":
                    fut.set_result(d.result())
                elif d.status == "cancelled":
                    fut.cancel()
                    fut.set_running_or_notify_cancel()
                else:
                    fut.set_exception(d.exception())
            except BaseException as e:  # noqa: BLE001 - handed to the driver
                if not fut.done():
                    fut.set_exception(e)

        dfut.add_done_callback(done)
        return fut

    def result(self, fut: cf.Future, timeout: Optional[float]) -> Tuple:
        killed = killed_worker_error()
        try:
            return super().result(fut, timeout)
        except Exception as e:
            if killed is not None and isinstance(e, killed):
                raise DocumentCrashed(str(e)) from None
            raise

    def stop(self, fut: cf.Future) -> Tuple[bool, str]:
        """A document stuck well past --doc-timeout: cancel it and restart the worker holding it
        (a thread stuck in a C call cannot be stopped any other way); the others go on."""
        dfut = self._futures.pop(fut, None)
        if dfut is not None:
            self._restart_holder(dfut)
        return True, "its Dask worker was restarted"

    def _restart_holder(self, dfut) -> None:
        stuck = [w for w, keys in self.client.processing().items() if dfut.key in keys]
        dfut.cancel()
        if stuck:
            try:
                self.client.restart_workers(stuck, timeout=120)
            except Exception:  # a worker that does not come back is the cluster's to replace
                pass

    def shutdown(self, abort: bool = False) -> None:
        if abort:
            self.client.cancel(list(self._futures.values()))
        self._futures.clear()
        self.close()

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None


def killed_worker_error() -> Optional[type]:
    """distributed's KilledWorker class, or None without Dask."""
    try:
        from distributed import KilledWorker
    except ImportError:
        return None
    return KilledWorker


def worker_threads() -> int:
    """onnxruntime threads for a task on this Dask worker: what ``ThreadsPlugin`` chose for it,
    or (a worker that joined without the plugin) its cores over its task threads."""
    from distributed import get_worker

    w = get_worker()
    n = getattr(w, "mmbatch_threads", None)
    if not n:
        from .worker import init_worker

        n = max(1, _cores() // max(1, getattr(getattr(w, "state", w), "nthreads", 1)))
        init_worker(n)
        w.mmbatch_threads = n
    return n


def run_on_dask_worker(task):
    """``run_task`` on a Dask worker, with the worker's own onnxruntime threads unless the run
    set them (``--threads``)."""
    from dataclasses import replace

    from .worker import run_task

    if not task.ocr.threads:
        task = replace(task, ocr=replace(task.ocr, threads=worker_threads()))
    return run_task(task)
