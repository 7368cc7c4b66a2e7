"""Run ``extract`` over a list of inputs and write the dataset (the driver).

The driver discovers and hashes the inputs, looks every page up in the disk cache, sends the
documents that still need work to an executor (in this process, or a pool of worker processes
with one onnxruntime thread each), inserts what comes back into the cache and writes the rows in
input order. At most ``2 x workers`` documents are in flight, so memory stays flat however many
documents there are. A worker that dies is replaced and its document retried once; a document
that kills a worker twice becomes an error row.
"""
from __future__ import annotations

import hashlib
import os
import secrets
import sys
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor, TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, List, Optional

from tqdm import tqdm

from pipeline.document import page_from_dict, page_to_dict
from pipeline.engine import memory
from pipeline.engine.cache import Cache
from pipeline.engine.providers import choose
from pipeline.errors import DocumentError
from pipeline.extract.fields import FieldOptions
from pipeline.ingest.discover import discover
from pipeline.ingest.document import IngestOptions, InputFile, read_input
from pipeline.ocr import OcrOptions
from pipeline.output.ledger import processed
from pipeline.output.lock import DatasetLock
from pipeline.output.writer import DatasetWriter, recover, run_header
from pipeline.runners.executors import describe, make_executor
from pipeline.runners.extract import DocumentResult, display_path, rows_for
from pipeline.runners.keys import PageKeys, model_shas
from pipeline.runners.worker import Task, run_task
from pipeline.vlm.refine import open_refiner

if TYPE_CHECKING:
    from pipeline.vlm.spec import VlmOptions


@dataclass
class RunSummary:
    run_id: str
    out: str
    documents: int = 0
    pages: int = 0
    lines: int = 0
    fields: int = 0
    errors: int = 0
    skipped_files: int = 0
    cached_pages: int = 0
    already_done: int = 0                # skipped: processed by an earlier run
    duplicates: int = 0                  # skipped: same content as another input of this run
    seconds: float = 0.0
    ort_seconds: float = 0.0
    manifest_path: str = ""
    plan: dict = field(default_factory=dict)
    failed: List[str] = field(default_factory=list)

    def line(self) -> str:
        s = (f"mmbatch: {self.documents} documents, {self.pages} pages, {self.lines} lines, "
             f"{self.errors} errors in {self.seconds:.1f}s -> {self.out} (run {self.run_id})")
        if self.already_done:
            s += f"; {self.already_done} already in the dataset (skipped)"
        if self.duplicates:
            s += f"; {self.duplicates} duplicate inputs (skipped)"
        if self.cached_pages:
            s += f"; {self.cached_pages} pages from the cache"
        if self.skipped_files:
            s += f"; skipped {self.skipped_files} files with unsupported extensions"
        return s


@dataclass
class RunOptions:
    workers: Optional[int] = None        # None: as many as cores and memory allow
    max_memory: Optional[int] = None     # bytes; None: half of the available memory
    cache_dir: Optional[str] = None      # None: $XDG_CACHE_HOME/mmbatch
    use_cache: bool = True
    quiet: bool = False
    reprocess: bool = False              # process documents the dataset already holds
    wait: bool = False                   # wait for another run's lock instead of exiting
    commit_every: int = 200              # documents per committed part
    commit_seconds: float = 60.0         # ... or this long, whichever comes first
    log: Optional[Callable[[str, dict], None]] = None  # structured events (--log-format json)
    scheduler: Optional[str] = None      # Dask: "local[:N]", tcp://host:port or a scheduler file
    vlm: Optional["VlmOptions"] = None   # a vision-language model for fields (pipeline.vlm)


def new_run_id(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def _error_result(path: Path, sha: str, message: str) -> DocumentResult:
    if not sha:  # unreadable: identity from the path so the row is still keyed
        sha = "path:" + hashlib.sha256(os.fsencode(str(path))).hexdigest()
    return DocumentResult(InputFile(path, b"", sha, "unknown"), status="error", error=message)


def run_extract(inputs: List[str], out: str, ingest: Optional[IngestOptions] = None,
                ocr_options: Optional[OcrOptions] = None, run: Optional[RunOptions] = None,
                fields: Optional[FieldOptions] = None,
                quiet: bool = False,
                on_document: Optional[Callable[[DocumentResult], None]] = None) -> RunSummary:
    ingest = ingest or IngestOptions()
    ocr_options = ocr_options or OcrOptions()
    fields = fields or FieldOptions()
    run = run or RunOptions(quiet=quiet)
    quiet = quiet or run.quiet
    found = discover(inputs)
    started = datetime.now(timezone.utc)
    run_id = new_run_id(started)
    t0 = time.perf_counter()

    providers = choose(ocr_options.device)
    on_gpu = providers[0] != "CPUExecutionProvider"
    plan = memory.plan(run.max_memory, run.workers, on_gpu=on_gpu)
    workers = min(plan.workers, max(1, len(found.files)))
    threads = ocr_options.threads or plan.threads_per_worker
    if workers < plan.workers and not ocr_options.threads:
        threads = max(1, plan.threads_per_worker * plan.workers // workers)
    if run.scheduler:  # each Dask worker picks its threads from its own host's cores
        threads = ocr_options.threads or 0
    ocr_options = replace(ocr_options, threads=threads, max_side=min(ocr_options.max_side, plan.det_tile),
                          rec_batch=ocr_options.rec_batch or (plan.rec_batch if on_gpu else None))
    shas = model_shas()
    keys = PageKeys(ingest.key(), ocr_options.key(), shas, fields.key())
    processing_key = keys.processing_key()
    vlm = open_refiner(run.vlm, run.cache_dir, run.use_cache, ingest, fields, run.log)
    if vlm:  # checked before the lock: a missing server or model is a startup error
        processing_key = vlm.processing_key(processing_key)
    lock = DatasetLock(Path(out))
    lock.acquire(run_id, wait=run.wait)
    try:
        log = run.log or (lambda event, data: None)
        removed = recover(Path(out))
        if lock.took_over:
            log("stale_lock", {"previous": lock.took_over})
        if removed:
            log("recovered", {"removed": removed})
        done = set() if run.reprocess else processed(Path(out), processing_key)
        summary = RunSummary(run_id=run_id, out=str(out), skipped_files=len(found.skipped),
                             plan=dict(plan.as_dict(), workers=workers, threads_per_worker=threads))
        cache = Cache(Path(run.cache_dir) if run.cache_dir else None, enabled=run.use_cache)
        writer = DatasetWriter(Path(out), run_id, started.strftime("%Y-%m-%d"))
        seen: dict = {}
        last_commit = time.monotonic()
        show = not quiet and sys.stderr.isatty()
        bar = tqdm(total=len(found.files), unit="doc", desc="documents", disable=not show,
                   file=sys.stderr, dynamic_ncols=True)
        executor = None
        worker_ort = {}
        refining: deque = deque()  # (future of vlm.refine, result), in input order
        vlm_pool = (ThreadPoolExecutor(vlm.opts.concurrency, thread_name_prefix="mmbatch-vlm-doc")
                    if vlm else None)

        def finish(res: DocumentResult, cached: dict) -> None:
            if res.status == "ok":
                new = [(keys.page(res.file.sha256, p.page), "page", page_to_dict(p)) for p in res.pages]
                new.append((keys.doc(res.file.sha256), "doc-pages", {"pages": res.page_count}))
                cache.put_many(new)
                for n, d in cached.items():
                    res.pages.append(page_from_dict(d))
                    res.page_seconds.append(0.0)
                order = sorted(range(len(res.pages)), key=lambda i: res.pages[i].page)
                res.pages = [res.pages[i] for i in order]
                res.page_seconds = [res.page_seconds[i] for i in order]
                summary.cached_pages += len(cached)
            if vlm:  # network-bound, so here in the driver (not in the OCR workers), for
                # several documents at once; rows are still written in input order
                refining.append((vlm_pool.submit(vlm.refine, res), res))
                while refining and (len(refining) > 2 * vlm.opts.concurrency
                                    or refining[0][0].done()):
                    write_next_refined()
                return
            write(res)

        def write_next_refined() -> None:
            fut, res = refining.popleft()
            fut.result()  # refine keeps the rules' fields on any failure of a request
            write(res)

        def write(res: DocumentResult) -> None:
            rows = rows_for(res, run_id, started, processing_key)
            for table, r in rows.items():
                writer.add(table, r)
            summary.documents += 1
            summary.pages += len(res.pages)
            summary.lines += len(rows["lines"])
            summary.fields += len(rows["fields"])
            if res.status != "ok":
                summary.errors += 1
                summary.failed.append(f"{display_path(res.file.path)}: {res.error}")
                log("document_failed", {"path": display_path(res.file.path), "error": res.error})
            if on_document:
                on_document(res)
            nonlocal_commit()
            bar.update(1)
            bar.set_postfix(pages=summary.pages, errors=summary.errors)

        def nonlocal_commit() -> None:
            nonlocal last_commit
            if (writer.part_rows and (summary.documents % run.commit_every == 0
                                      or time.monotonic() - last_commit > run.commit_seconds)):
                writer.commit_part()
                last_commit = time.monotonic()

        try:
            executor = make_executor(workers, threads, run.scheduler)
            summary.plan["executor"] = describe(executor, workers)
            window = 2 * getattr(executor, "slots", workers)
            pending: deque = deque()  # (task or None, future or finished result, cached pages)
            for path in found.files:
                try:
                    f = read_input(path, ingest.max_file_bytes)
                except DocumentError as e:
                    pending.append((None, _error_result(path, "", str(e)), {}))
                    f = None
                if f is not None and (f.sha256 in done or f.sha256 in seen):
                    if f.sha256 in done:
                        summary.already_done += 1
                    else:
                        summary.duplicates += 1
                        log("duplicate_input", {"path": str(path), "same_as": str(seen[f.sha256])})
                    bar.update(1)
                    f = None
                elif f is not None:
                    seen[f.sha256] = path
                if f is not None:
                    t1 = time.perf_counter()
                    meta = cache.get(keys.doc(f.sha256))
                    cached = {}
                    pkeys = {}
                    if meta:  # the pages this run wants (--pages may select some)
                        pkeys = {n: keys.page(f.sha256, n) for n in range(1, meta["pages"] + 1)
                                 if ingest.selects(n)}
                        got = cache.get_many(pkeys.values())
                        cached = {n: got[k] for n, k in pkeys.items() if k in got}
                    if meta and len(cached) == len(pkeys):
                        res = DocumentResult(InputFile(f.path, b"", f.sha256, f.file_type),
                                             page_count=meta["pages"], file_size=f.size)
                        res.seconds = time.perf_counter() - t1
                        pending.append((None, res, cached))
                    else:
                        task = Task(str(path), f.sha256, ingest, ocr_options, frozenset(cached), fields)
                        pending.append((task, executor.submit(run_task, task), cached))
                while pending and (len(pending) > window or not isinstance(pending[0][1], Future)):
                    executor = _drain_one(pending, executor, workers, threads, worker_ort, finish,
                                          ingest.doc_timeout)
            while pending:
                executor = _drain_one(pending, executor, workers, threads, worker_ort, finish,
                                      ingest.doc_timeout)
            while refining:
                write_next_refined()
        except BaseException:
            bar.close()
            if vlm_pool is not None:
                vlm_pool.shutdown(wait=False, cancel_futures=True)
            writer.abort()
            if executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)
            raise
        bar.close()
        executor.shutdown(wait=True)
        summary.seconds = round(time.perf_counter() - t0, 3)
        summary.ort_seconds = round(sum(worker_ort.values()), 3)
        cache.record_run(run_id)
        manifest = {
            **run_header(run_id, started, "extract", inputs),
            "options": {"ingest": {k: v for k, v in asdict(ingest).items() if k != "pdf_password"},
                        "ocr": ocr_options.key(), "fields": fields.key(),
                        "vlm": vlm.manifest() if vlm else None},
            "device": ocr_options.device,
            "providers": providers,
            "plan": summary.plan,
            "models": {n: {"sha256": s} for n, s in shas.items()},
            "cache": {"enabled": cache.enabled, "path": str(cache.path) if cache.enabled else None,
                      "hits": cache.hits, "misses": cache.misses,
                      "pages_from_cache": summary.cached_pages},
            "processing_key": processing_key,
            "counts": {"already_done": summary.already_done, "duplicates": summary.duplicates,
                       "documents": summary.documents, "pages": summary.pages,
                       "lines": summary.lines, "fields": summary.fields, "errors": summary.errors,
                       "skipped_files": summary.skipped_files},
            "timings": {"wall_seconds": summary.seconds, "onnxruntime_seconds": summary.ort_seconds},
        }
        writer.commit(manifest)
        cache.close()
        if vlm:
            vlm_pool.shutdown()
            vlm.close()
        summary.manifest_path = str(Path(out) / "runs" / f"{run_id}.json")
        return summary
    finally:
        lock.release()


def stuck_after(doc_timeout: Optional[float]) -> Optional[float]:
    """Seconds the driver waits for the oldest document in flight (it is running: the ones sent
    before it are done) before it stops the worker processes: the worker's own --doc-timeout
    alarm, plus room for a long C call to return and for a fresh worker to load its models."""
    return doc_timeout * 1.5 + 60.0 if doc_timeout else None


def _kill_workers(executor) -> None:
    procs = getattr(executor, "_processes", None) or {}  # ProcessPoolExecutor's own
    for proc in list(procs.values()):
        try:
            proc.kill()
        except Exception:  # already gone
            pass


def _killed_worker():
    """The exception Dask raises for a task whose workers kept dying (a tuple for except)."""
    from pipeline.runners.dask_executor import killed_worker_error

    k = killed_worker_error()
    return (k,) if k else ()


def _drain_one(pending: deque, executor, workers, threads, worker_ort, finish,
               doc_timeout: Optional[float] = None):
    """Finish the oldest pending document; on a dead worker, retry what was in flight once; a
    worker stuck on a document long after --doc-timeout is stopped and the document is an error
    row (the others in flight are sent again)."""
    task, fut, cached = pending[0]
    if not isinstance(fut, Future):
        pending.popleft()
        finish(fut, cached)
        return executor
    on_dask = hasattr(executor, "stop")
    try:
        res, ort = fut.result(timeout=stuck_after(doc_timeout))
    except (FutureTimeout if on_dask else ()):  # Dask: stop that task only
        executor.stop(fut)
        pending.popleft()
        finish(_error_result(Path(task.path), task.sha256,
                             f"took longer than {doc_timeout:g} s (--doc-timeout) and did not "
                             "stop (stuck in a library call): its Dask worker was restarted"),
               cached)
        return executor
    except (_killed_worker() if on_dask else ()) as e:  # Dask retried it; its workers died too
        pending.popleft()
        finish(_error_result(Path(task.path), task.sha256,
                             "the worker process crashed on this document each time it was "
                             f"tried (out of memory or a library fault): {e}"), cached)
        return executor
    except (BrokenProcessPool, FutureTimeout) as e:
        stuck = isinstance(e, FutureTimeout)
        if stuck:
            _kill_workers(executor)
        executor.shutdown(wait=False, cancel_futures=True)
        executor = make_executor(workers, threads)
        retry = deque()
        for t, f, c in pending:
            if t is None:
                retry.append((t, f, c))
            elif t is task and stuck:
                retry.append((None, _error_result(Path(t.path), t.sha256,
                              f"took longer than {doc_timeout:g} s (--doc-timeout) and did not "
                              "stop (stuck in a library call): its worker process was stopped"),
                              c))
            elif t is task and t.attempts >= 1:
                retry.append((None, _error_result(Path(t.path), t.sha256,
                              "the worker process crashed twice on this document "
                              "(out of memory or a library fault)"), c))
            else:
                if t is task:
                    t.attempts += 1
                retry.append((t, executor.submit(run_task, t), c))
        pending.clear()
        pending.extend(retry)
        return executor
    pending.popleft()
    pid, ort_total = ort
    worker_ort[pid] = max(worker_ort.get(pid, 0.0), ort_total)  # cumulative per worker process
    finish(res, cached)
    return executor
