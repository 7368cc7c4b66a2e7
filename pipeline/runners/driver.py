"""The extract driver: one run over a list of inputs, written into the dataset.

The flow is a list of named steps, each a method of ``ExtractRun`` (``run`` calls them):

    discover        the input files (files, folders, globs), in a stable order
    plan            execution providers, the memory plan, the OCR options and the keys
    open_refiner    the vision-language model, when --vlm names one (checked before the lock)
    (transaction)   lock the dataset, recover what a killed run left, stage, commit
    already_done    the documents the dataset holds with the same processing key
    hash_and_skip   read each file, hash it, skip what is done or a duplicate of this run
    look_up_cache   a document whose pages are all cached needs no worker
    submit          the others go to the executor (in-process, process pool or Dask)
    collect         results back in input order; dead, stuck or crashing workers handled
    refine          the VLM's pass over unsure fields, several documents at once
    write           rows staged (``pipeline.output.rows``), committed in parts as they come
    commit          the last part and the run manifest

At most ``2 x slots`` documents are in flight, so memory stays flat however many documents
there are. A worker that dies is replaced and its document retried once; a document that kills
a worker twice, or is stuck long past --doc-timeout, becomes an error row.
"""
from __future__ import annotations

import hashlib
import os
import secrets
import sys
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Deque, Dict, List, Optional, Tuple, Union

from tqdm import tqdm

from ..engine import memory
from ..engine.cache import open_cache
from ..engine.providers import choose
from ..errors import DocumentError, UsageError
from ..extract.fields import FieldOptions
from ..ingest.discover import Discovery, discover
from ..ingest.document import IngestOptions, InputFile, read_input
from ..ocr import OcrOptions
from ..output.ledger import Held, held
from ..output.rows import display_path, rows_for
from ..output.transaction import DatasetTransaction, NoDataset
from ..output.writer import run_header
from .executors import (DocumentCrashed, DocumentStuck, Executor, WorkersLost,
                        make_executor)
from .heartbeat import Heartbeat
from .keys import PageKeys, model_shas
from .process import DocumentResult, fields_value, page_of
from .worker import Task, run_task
from ..vlm.refine import open_refiner

if TYPE_CHECKING:
    from ..vlm.spec import VlmOptions

# A document whose every page has its OCR result cached needs its fields only (rendering and
# rules, no model): it runs here, in the driver, until such documents have taken this many
# seconds, about what starting the worker processes costs (their imports: PyMuPDF alone takes
# 0.9 s), or longer while the files left would take less than that here at the pace so far;
# otherwise it goes to the workers like any other, in parallel.
FIELDS_HERE_SECONDS = 2.0


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
    duplicates: int = 0                  # same content as another input of this run (one row each)
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
            s += f"; {self.duplicates} duplicate inputs (the same bytes as another: not read again)"
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
    heartbeat: float = 0.0               # seconds between "progress" log events (0: none)
    fail_on_empty: bool = False          # no input file found: an error, not a warning


class CachedPages(dict):
    """What the cache has of a document: page -> PageResult of the pages it has whole (OCR result
    and fields); ``ocr_known``: page -> OCR result of the pages whose fields it lacks (other
    field options); ``complete``: every wanted page is in one or the other (no OCR to run)."""

    def __init__(self) -> None:
        super().__init__()
        self.ocr_known: Dict[int, dict] = {}
        self.complete = False


@dataclass
class InFlight:
    """One document between submit and write, kept in input order."""

    task: Optional[Task]                                 # None: nothing runs (cached, failed)
    outcome: Union[Future, DocumentResult]               # a future until it is collected
    cached: CachedPages = field(default_factory=CachedPages)  # what the cache already had

    @property
    def ready(self) -> bool:
        return not isinstance(self.outcome, Future)


def new_run_id(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def error_result(path: Path, sha: str, message: str) -> DocumentResult:
    if not sha:  # unreadable: identity from the path so the row is still keyed
        sha = "path:" + hashlib.sha256(os.fsencode(str(path))).hexdigest()
    return DocumentResult(InputFile(path, b"", sha, "unknown"), status="error", error=message)


def stuck_after(doc_timeout: Optional[float]) -> Optional[float]:
    """Seconds the driver waits for the oldest document in flight (it is running: the ones sent
    before it are done) before it stops it: the worker's own --doc-timeout alarm, plus room for
    a long C call to return and for a fresh worker to load its models."""
    return doc_timeout * 1.5 + 60.0 if doc_timeout else None


class ExtractRun:
    """One extract run; ``run()`` is the flow, each step a method below."""

    def __init__(self, inputs: List[str], out: str, ingest: IngestOptions, ocr: OcrOptions,
                 run: RunOptions, fields: FieldOptions,
                 on_document: Optional[Callable[[DocumentResult], None]] = None):
        self.inputs, self.out = inputs, out
        self.ingest, self.ocr, self.opts, self.fields = ingest, ocr, run, fields
        self.on_document = on_document
        self.log = run.log or (lambda event, data: None)
        self.started = datetime.now(timezone.utc)
        self.run_id = new_run_id(self.started)
        self.t0 = time.perf_counter()
        self.pending: Deque[InFlight] = deque()
        self.seen: Dict[str, Path] = {}
        self.worker_ort: Dict[int, float] = {}
        self.refining: deque = deque()  # (future of vlm.refine, result), in input order
        self.vlm = None
        self.vlm_pool: Optional[ThreadPoolExecutor] = None
        self.executor: Optional[Executor] = None
        self.tx: Optional[DatasetTransaction] = None
        self.fields_only_pages = 0  # OCR result from the cache, fields extracted again
        self.fields_here = [0, 0.0]  # fields-only documents run in this process, their seconds

    # ------------------------------------------------------------------ the flow
    def run(self) -> RunSummary:
        found = self.discover()
        self.plan(found)
        self.open_refiner()  # a missing server or model is a start-up error, before the lock
        try:
            with (DatasetTransaction(self.out, self.run_id, self.started, wait=self.opts.wait,
                                     log=self.log) if self.out is not None else NoDataset()) as tx:
                self.tx = tx
                try:
                    self.start(found)
                    self.process(found.files)
                    self.commit()
                finally:  # on an error, Ctrl-C or SIGTERM the workers end before the lock goes
                    self.close(abort=not tx.committed)
        finally:
            self.close_refiner(abort=self.tx is None or not self.tx.committed)
        self.summary.manifest_path = self.tx.manifest_path
        return self.summary

    def start(self, found: Discovery) -> None:
        self.done = self.already_done()
        self.files_total = len(found.files)
        self.cache = open_cache(self.opts.cache_dir, enabled=self.opts.use_cache, log=self.log)
        self.skipped = found.skipped
        self.summary = RunSummary(run_id=self.run_id, out=str(self.out),
                                  skipped_files=len(found.skipped), plan=self.plan_record)
        self.bar = tqdm(total=len(found.files), unit="doc", desc="documents",
                        disable=self.opts.quiet or not sys.stderr.isatty(), file=sys.stderr,
                        dynamic_ncols=True)
        self.last_commit = time.monotonic()
        self.executor = make_executor(self.workers, self.threads, self.opts.scheduler)
        self.summary.plan["executor"] = self.executor.describe()
        if self.opts.heartbeat > 0:
            self.beat = Heartbeat(self.opts.heartbeat, len(found.files), self.summary, self.log)

    def process(self, files: List[Path]) -> None:
        """Every file through the steps, at most ``2 x slots`` documents in flight."""
        window = 2 * self.executor.slots
        for path in files:
            item = self.hash_and_skip(path, self.done)
            if item is not None:
                self.pending.append(item)
            while self.pending and (len(self.pending) > window or self.pending[0].ready):
                self.collect()
        while self.pending:
            self.collect()
        while self.refining:
            self.write_next_refined()

    def close(self, abort: bool = False) -> None:
        """Let go of the workers (``abort``: end them now, as on an error, Ctrl-C or SIGTERM)."""
        bar = getattr(self, "bar", None)
        if bar is not None:
            bar.close()
        beat = getattr(self, "beat", None)
        if beat is not None:
            beat.stop()
        if self.executor is not None:
            self.executor.shutdown(abort=abort)
            self.executor = None

    def close_refiner(self, abort: bool = False) -> None:
        if self.vlm_pool is not None:
            self.vlm_pool.shutdown(wait=not abort, cancel_futures=abort)
        if self.vlm is not None:
            self.vlm.close()

    # ------------------------------------------------------------------ steps
    def discover(self) -> Discovery:
        found = discover(self.inputs)
        if not found.files:
            where = ", ".join(map(str, self.inputs))
            if self.opts.fail_on_empty:
                raise UsageError(f"no input file found in {where} (--fail-on-empty)")
            self.log("empty_input", {"inputs": list(map(str, self.inputs)),
                                     "skipped_files": len(found.skipped)})
        return found

    def plan(self, found: Discovery) -> None:
        """Providers, the memory plan (workers, threads, detector tile, batch), the OCR options
        it gives, and the keys of cached pages and of processed documents."""
        self.providers = choose(self.ocr.device)
        on_gpu = self.providers[0] != "CPUExecutionProvider"
        plan = memory.plan(self.opts.max_memory, self.opts.workers, on_gpu=on_gpu)
        workers = min(plan.workers, max(1, len(found.files)))
        threads = self.ocr.threads or plan.threads_per_worker
        if workers < plan.workers and not self.ocr.threads:
            threads = max(1, plan.threads_per_worker * plan.workers // workers)
        if self.opts.scheduler:  # each Dask worker picks its threads from its own host's cores
            threads = self.ocr.threads
        self.workers, self.threads = workers, threads
        self.ocr = replace(self.ocr, threads=threads,
                           max_side=min(self.ocr.max_side, plan.det_tile),
                           rec_batch=self.ocr.rec_batch or (plan.rec_batch if on_gpu else None))
        self.plan_record = dict(plan.as_dict(), workers=workers, threads_per_worker=threads or 0)
        self.shas = model_shas()
        self.keys = PageKeys(self.ingest.key(), self.ocr.key(), self.shas, self.fields.key())
        self.processing_key = self.keys.processing_key()

    def open_refiner(self) -> None:
        self.vlm = open_refiner(self.opts.vlm, self.opts.cache_dir, self.opts.use_cache,
                                self.ingest, self.fields, self.opts.log)
        if self.vlm:
            self.processing_key = self.vlm.processing_key(self.processing_key)
            self.vlm_pool = ThreadPoolExecutor(self.vlm.opts.concurrency,
                                               thread_name_prefix="mmbatch-vlm-doc")

    def already_done(self) -> Held:
        if self.opts.reprocess or self.out is None:
            return Held()
        return held(self.out, self.processing_key)

    def hash_and_skip(self, path: Path, done: Held) -> Optional[InFlight]:
        """Read and hash one file. None when the dataset holds it under this path; a
        ``duplicate`` row when its bytes were read under another path (in this run, or in the
        dataset: a renamed, moved or copied file), which it names."""
        try:
            f = read_input(path, self.ingest.max_file_bytes)
        except DocumentError as e:
            return InFlight(None, error_result(path, "", str(e)))
        same_as = self.seen.get(f.sha256)
        if same_as is None and f.sha256 in done:
            paths = done.paths.get(f.sha256, set())
            if display_path(path) in paths:
                self.summary.already_done += 1
                self.bar.update(1)
                return None
            same_as = min(paths) if paths else None
        if same_as is not None or f.sha256 in done:
            self.log("duplicate_input", {"path": str(path), "same_as": str(same_as)})
            return InFlight(None, DocumentResult(
                InputFile(path, b"", f.sha256, f.file_type), file_size=f.size,
                status="duplicate", duplicate_of=same_as))
        self.seen[f.sha256] = path
        cached, whole = self.look_up_cache(f)
        return whole or self.submit(f, cached)

    def look_up_cache(self, f: InputFile) -> Tuple[CachedPages, Optional[InFlight]]:
        """(the document's cached pages, and when every wanted page is among them (``--pages``
        may select some), the document itself: it needs no worker). A page whose OCR result is
        cached without its fields (other field options) goes to a worker for its fields only."""
        t1 = time.perf_counter()
        cached = CachedPages()
        meta = self.cache.get(self.keys.doc(f.sha256))
        if not meta:
            return cached, None
        pkeys = {n: self.keys.page(f.sha256, n) for n in range(1, meta["pages"] + 1)
                 if self.ingest.selects(n)}
        ocr = self.cache.get_many(pkeys.values())
        fkeys = {n: self.keys.fields(k) for n, k in pkeys.items() if k in ocr}
        got = self.cache.get_many(fkeys.values())
        for n, k in fkeys.items():
            if k in got:
                cached[n] = page_of(ocr[pkeys[n]], got[k])
            else:
                cached.ocr_known[n] = ocr[pkeys[n]]
        cached.complete = len(fkeys) == len(pkeys)
        if len(cached) < len(pkeys):
            return cached, None
        res = DocumentResult(InputFile(f.path, b"", f.sha256, f.file_type),
                             page_count=meta["pages"], file_size=f.size)
        res.seconds = time.perf_counter() - t1
        return cached, InFlight(None, res, cached)

    def submit(self, f: InputFile, cached: CachedPages) -> InFlight:
        """Send a document to the executor; the pages the cache has are not read again, and
        those whose OCR result it has are not OCR'd again (their fields are extracted)."""
        task = Task(str(f.path), f.sha256, self.ingest, self.ocr, frozenset(cached), self.fields,
                    ocr_known=cached.ocr_known, ocr_needed=not cached.complete)
        if not task.ocr_needed and self.run_here():
            t = time.perf_counter()
            res, _ = run_task(task)
            self.fields_here[0] += 1
            self.fields_here[1] += time.perf_counter() - t
            return InFlight(None, res, cached)
        return InFlight(task, self.executor.submit(task), cached)

    def run_here(self) -> bool:
        """Whether a fields-only document runs in this process (see FIELDS_HERE_SECONDS)."""
        n, spent = self.fields_here
        left = self.files_total - len(self.seen)  # at most this many after this one
        return spent < FIELDS_HERE_SECONDS or (n > 0 and left * spent / n < FIELDS_HERE_SECONDS)

    def collect(self) -> None:
        """Finish the oldest document in flight. A worker that died: what was in flight is sent
        again (the document waited for counts an attempt; its second death is its error row);
        a document stuck long past --doc-timeout is stopped and is an error row; one whose
        workers the executor saw die too often is an error row."""
        head = self.pending[0]
        if head.ready:
            self.pending.popleft()
            self.finish(head.outcome, head.cached)
            return
        task = head.task
        try:
            res, (pid, ort_total) = self.executor.result(head.outcome,
                                                         stuck_after(self.ingest.doc_timeout))
        except DocumentStuck:
            others_go_on, what = self.executor.stop(head.outcome)
            self.pending.popleft()
            self.finish(error_result(Path(task.path), task.sha256,
                                     f"took longer than {self.ingest.doc_timeout:g} s "
                                     "(--doc-timeout) and did not stop (stuck in a library "
                                     f"call): {what}"), head.cached)
            if not others_go_on:
                self.resend()
            return
        except DocumentCrashed as e:
            self.pending.popleft()
            self.finish(error_result(Path(task.path), task.sha256,
                                     "the worker process crashed on this document each time it "
                                     f"was tried (out of memory or a library fault): {e}"),
                        head.cached)
            return
        except WorkersLost as e:
            self.blame(e.blamed if e.blamed is not None else {task.sha256})
            self.resend()
            return
        self.pending.popleft()
        # cumulative per worker process
        self.worker_ort[pid] = max(self.worker_ort.get(pid, 0.0), ort_total)
        self.finish(res, head.cached)

    def blame(self, blamed: set) -> None:
        """The documents a dead worker was reading count an attempt; a second death is their
        error row. The other documents in flight are not to blame."""
        for item in self.pending:
            t = item.task
            if t is None or t.sha256 not in blamed:
                continue
            if t.attempts >= 1:
                item.task, item.outcome = None, error_result(
                    Path(t.path), t.sha256, "the worker process crashed twice on this document "
                                            "(out of memory or a library fault)")
            else:
                t.attempts += 1

    def resend(self) -> None:
        """Send every document still in flight again (their workers are gone)."""
        for item in self.pending:
            if item.task is not None:
                item.outcome = self.executor.submit(item.task)

    def finish(self, res: DocumentResult, cached: CachedPages) -> None:
        """A document's result: new OCR results and fields into the cache, cached pages merged
        in page order, then the VLM pass (when there is one) or straight to the rows."""
        if res.status == "ok":
            if self.cache.writable:
                sha = res.file.sha256
                new = [(self.keys.page(sha, n), "page-ocr", v) for n, v in res.page_ocr.items()]
                new += [(self.keys.fields(self.keys.page(sha, p.page)), "page-fields",
                         fields_value(p)) for p in res.pages]
                new.append((self.keys.doc(sha), "doc-pages", {"pages": res.page_count}))
                self.cache.put_many(new)
            self.fields_only_pages += len(cached.ocr_known)
            for p in cached.values():
                res.pages.append(p)
                res.page_seconds.append(0.0)
            order = sorted(range(len(res.pages)), key=lambda i: res.pages[i].page)
            res.pages = [res.pages[i] for i in order]
            res.page_seconds = [res.page_seconds[i] for i in order]
            self.summary.cached_pages += len(cached)
        if self.vlm:
            self.refine(res)
        else:
            self.write(res)

    def refine(self, res: DocumentResult) -> None:
        """Network-bound, so here in the driver (not in the OCR workers), for several documents
        at once; rows are still written in input order."""
        self.refining.append((self.vlm_pool.submit(self.vlm.refine, res), res))
        while self.refining and (len(self.refining) > 2 * self.vlm.opts.concurrency
                                 or self.refining[0][0].done()):
            self.write_next_refined()

    def write_next_refined(self) -> None:
        fut, res = self.refining.popleft()
        fut.result()  # refine keeps the rules' fields on any failure of a request
        self.write(res)

    def write(self, res: DocumentResult) -> None:
        s = self.summary
        rows = rows_for(res, self.run_id, self.started, self.processing_key)
        for table, r in rows.items():
            self.tx.add(table, r)
        self.bar.update(1)
        if res.status == "duplicate":
            s.duplicates += 1
            return
        s.documents += 1
        s.pages += len(res.pages)
        s.lines += len(rows["lines"])
        s.fields += len(rows["fields"])
        if res.status != "ok":
            s.errors += 1
            s.failed.append(f"{display_path(res.file.path)}: {res.error}")
            self.log("document_failed", {"path": display_path(res.file.path), "error": res.error})
        if self.on_document:
            self.on_document(res)
        if self.tx.staged_rows and (s.documents % self.opts.commit_every == 0
                                    or time.monotonic() - self.last_commit
                                    > self.opts.commit_seconds):
            self.tx.commit_part()
            self.last_commit = time.monotonic()
        self.bar.set_postfix(pages=s.pages, errors=s.errors)

    def commit(self) -> None:
        """Wait for the workers to finish, then the last part and the run manifest."""
        self.close()
        s = self.summary
        s.seconds = round(time.perf_counter() - self.t0, 3)
        s.ort_seconds = round(sum(self.worker_ort.values()), 3)
        self.cache.record_run(self.run_id)
        self.tx.commit(self.manifest())
        self.cache.close()

    def manifest(self) -> dict:
        s, cache = self.summary, self.cache
        return {
            **run_header(self.run_id, self.started, "extract", self.inputs),
            "options": {"ingest": {k: v for k, v in asdict(self.ingest).items()
                                   if k != "pdf_password"},
                        "ocr": self.ocr.key(), "fields": self.fields.key(),
                        "vlm": self.vlm.manifest() if self.vlm else None},
            "device": self.ocr.device,
            "providers": self.providers,
            "plan": s.plan,
            "models": {n: {"sha256": sha} for n, sha in self.shas.items()},
            "cache": {"enabled": cache.enabled, "path": str(cache.path) if cache.enabled else None,
                      "hits": cache.hits, "misses": cache.misses,
                      "pages_from_cache": s.cached_pages,
                      "pages_fields_only": self.fields_only_pages,
                      "problems": list(cache.problems)},
            "processing_key": self.processing_key,
            "skipped_files": [display_path(p) for p in self.skipped],
            "counts": {"already_done": s.already_done, "duplicates": s.duplicates,
                       "documents": s.documents, "pages": s.pages, "lines": s.lines,
                       "fields": s.fields, "errors": s.errors, "skipped_files": s.skipped_files},
            "timings": {"wall_seconds": s.seconds, "onnxruntime_seconds": s.ort_seconds},
        }


def run_extract(inputs: List[str], out: Optional[str], ingest: Optional[IngestOptions] = None,
                ocr_options: Optional[OcrOptions] = None, run: Optional[RunOptions] = None,
                fields: Optional[FieldOptions] = None, quiet: bool = False,
                on_document: Optional[Callable[[DocumentResult], None]] = None) -> RunSummary:
    """Extract ``inputs`` into the dataset at ``out`` (None: no dataset, for a caller that
    wants only the results, through ``on_document``, and the cache); see ``ExtractRun``."""
    run = run or RunOptions(quiet=quiet)
    if quiet and not run.quiet:
        run = replace(run, quiet=True)
    return ExtractRun(inputs, out, ingest or IngestOptions(), ocr_options or OcrOptions(), run,
                      fields or FieldOptions(), on_document).run()
