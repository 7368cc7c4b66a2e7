"""The worker side: one task = one document (minus the pages the driver already has).

A worker process keeps its OCR pipeline (and so its onnxruntime sessions) for its lifetime,
created on first use with the thread count the driver's plan gave it. The same function runs
in-process when there is a single worker.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, FrozenSet, Optional, Tuple

from pipeline.errors import DocumentError, DocumentTimeout
from pipeline.extract.fields import FieldOptions
from pipeline.ingest.document import IngestOptions, InputFile, read_input
from pipeline.ocr import OcrOptions, OcrPipeline
from pipeline.runners.extract import DocumentResult, process_document


@dataclass
class Task:
    path: str
    sha256: str
    ingest: IngestOptions
    ocr: OcrOptions
    skip: FrozenSet[int] = field(default_factory=frozenset)
    fields: Optional[FieldOptions] = None
    attempts: int = 0


_pipelines: Dict[Tuple, OcrPipeline] = {}


def pipeline_for(opts: OcrOptions) -> OcrPipeline:
    key = tuple(sorted(opts.__dict__.items()))
    p = _pipelines.get(key)
    if p is None:
        p = _pipelines[key] = OcrPipeline(opts)
    return p


def ort_seconds() -> float:
    return sum(s.seconds for p in _pipelines.values() for s in p.sessions)


@contextmanager
def time_limit(seconds: Optional[float]):
    """Raise DocumentTimeout in this process's main thread once ``seconds`` have passed (a
    SIGALRM timer; elsewhere, or for None or 0, there is no limit). Python runs the handler
    between bytecodes, so one long C call (a huge MuPDF render, one onnxruntime run) is
    interrupted when it returns; --max-pixels bounds those, and the driver stops a worker that
    is still stuck well after the limit. The previous handler and timer are restored."""
    if (not seconds or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    def on_alarm(signum, frame):
        raise DocumentTimeout(seconds)

    old_handler = signal.signal(signal.SIGALRM, on_alarm)
    old_delay, old_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    t0 = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        # None: a handler installed outside Python, which cannot be put back; the default then
        signal.signal(signal.SIGALRM, signal.SIG_DFL if old_handler is None else old_handler)
        if old_delay:  # someone else's timer was running: give it back what is left of it
            left = max(1e-3, old_delay - (time.monotonic() - t0))
            signal.setitimer(signal.ITIMER_REAL, left, old_interval)


def run_task(task: Task) -> Tuple[DocumentResult, Tuple[int, float]]:
    """Process one document within ``task.ingest.doc_timeout`` seconds; returns its result and
    (this process's id, its onnxruntime seconds so far)."""
    ocr = pipeline_for(task.ocr)  # loading the models (once per process) is not the document's time
    res: Optional[DocumentResult] = None
    f: Optional[InputFile] = None
    try:
        with time_limit(task.ingest.doc_timeout):
            try:
                f = read_input(Path(task.path), task.ingest.max_file_bytes)
            except DocumentError as e:
                res = DocumentResult(InputFile(Path(task.path), b"", task.sha256, "unknown"),
                                     status="error", error=str(e))
            else:
                if f.sha256 != task.sha256:
                    res = DocumentResult(InputFile(f.path, b"", f.sha256, f.file_type),
                                         file_size=f.size, status="error",
                                         error="file changed while it was being processed")
                else:
                    res = process_document(f, ocr, task.ingest, set(task.skip), task.fields)
    except DocumentTimeout as e:
        # raised where process_document could not catch it (reading the file, or the alarm
        # went off just as it returned: then its result stands)
        if res is None:
            res = DocumentResult(InputFile(Path(task.path), b"", task.sha256,
                                           f.file_type if f else "unknown"),
                                 file_size=f.size if f else 0, status="error", error=str(e))
    res.file = InputFile(res.file.path, b"", res.file.sha256, res.file.file_type)  # bytes stay here
    return res, (os.getpid(), ort_seconds())


def init_worker(threads: int) -> None:
    # keep numpy/OpenCV from starting their own thread pools beside onnxruntime's
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    try:
        import cv2

        cv2.setNumThreads(threads)
    except Exception:  # pragma: no cover
        pass
