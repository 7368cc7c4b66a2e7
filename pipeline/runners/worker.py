"""The worker side: one task = one document (minus the pages the driver already has).

A worker process keeps its OCR pipeline (and so its onnxruntime sessions) for its lifetime,
created on first use with the thread count its task names. The same function runs in the
driver's process when there is a single worker. A task may carry the cached OCR results of pages
that need their fields only (``ocr_known``): those pages are not OCR'd, and a task with no page
to OCR (``ocr_needed`` False) loads no model.
"""
from __future__ import annotations

import os
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, FrozenSet, Optional, Tuple

from ..errors import DocumentError, DocumentTimeout
from ..extract.fields import FieldOptions
from ..ingest.document import IngestOptions, InputFile, read_input
from ..ingest.limits import time_limit
from ..ocr import OcrOptions, OcrPipeline
from .process import DocumentResult, process_document


@dataclass
class Task:
    path: str
    sha256: str
    ingest: IngestOptions
    ocr: OcrOptions
    skip: FrozenSet[int] = field(default_factory=frozenset)
    fields: Optional[FieldOptions] = None
    attempts: int = 0
    # page -> cached OCR result (``process.ocr_value``) of pages whose fields are to be extracted
    ocr_known: Dict[int, dict] = field(default_factory=dict)
    ocr_needed: bool = True  # False: every page is in ``skip`` or ``ocr_known``


_pipelines: Dict[Tuple, OcrPipeline] = {}
# a pool worker notes the document it is working on in this folder (a file named by its pid), so
# that the driver can tell which document a worker that died was reading (``running_in``)
_state_dir: Optional[str] = None


def pipeline_for(opts: OcrOptions) -> OcrPipeline:
    key = tuple(sorted(opts.__dict__.items()))
    p = _pipelines.get(key)
    if p is None:
        p = _pipelines[key] = OcrPipeline(opts)
    return p


def ort_seconds() -> float:
    return sum(s.seconds for p in _pipelines.values() for s in p.sessions)


class LazyPipeline:
    """The OCR pipeline of ``opts``, made when first called (for a task that expects no page to
    OCR: no model is loaded unless one needs it after all)."""

    def __init__(self, opts: OcrOptions):
        self.opts = opts

    def __call__(self, image):
        return pipeline_for(self.opts)(image)


def run_task(task: Task) -> Tuple[DocumentResult, Tuple[int, float]]:
    """Process one document within ``task.ingest.doc_timeout`` seconds; returns its result and
    (this process's id, its onnxruntime seconds so far)."""
    # loading the models (once per process) is not the document's time
    ocr = pipeline_for(task.ocr) if task.ocr_needed else LazyPipeline(task.ocr)
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
                    res = process_document(f, ocr, task.ingest, set(task.skip), task.fields,
                                           task.ocr_known)
    except DocumentTimeout as e:
        # raised where process_document could not catch it (reading the file, or the alarm
        # went off just as it returned: then its result stands)
        if res is None:
            res = DocumentResult(InputFile(Path(task.path), b"", task.sha256,
                                           f.file_type if f else "unknown"),
                                 file_size=f.size if f else 0, status="error", error=str(e))
    res.file = InputFile(res.file.path, b"", res.file.sha256, res.file.file_type)  # bytes stay here
    return res, (os.getpid(), ort_seconds())


def init_worker(threads: int, pool_process: bool = False, state_dir: Optional[str] = None) -> None:
    """Set up a process that runs tasks. A process of the driver's own pool (``pool_process``)
    also ignores Ctrl-C, which the terminal sends to the whole process group (the driver ends
    its workers itself), and dies with the driver, even when the driver is killed with
    SIGKILL."""
    # keep numpy/OpenCV from starting their own thread pools beside onnxruntime's
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    try:
        import cv2

        cv2.setNumThreads(threads)
    except Exception:  # pragma: no cover
        pass
    if state_dir:
        global _state_dir
        _state_dir = state_dir
    if pool_process:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        die_with_parent()


PR_SET_PDEATHSIG = 1


def die_with_parent() -> bool:
    """Linux: have the kernel send this process SIGKILL when its parent dies (the driver,
    killed by any signal). Elsewhere nothing is done. Returns whether it was set."""
    parent = os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):  # not Linux
        return False
    if os.getppid() != parent:  # the parent died just before prctl: this is an orphan already
        os._exit(1)
    return True


def run_noted(work: Callable, task: Task):
    """``work(task)`` in a pool worker, with the document noted for ``running_in`` meanwhile."""
    note = os.path.join(_state_dir, str(os.getpid())) if _state_dir else None
    if note:
        with open(note, "w") as fh:
            fh.write(task.sha256)
    try:
        return work(task)
    finally:
        if note:
            try:
                os.unlink(note)
            except OSError:
                pass


def running_in(state_dir: str, pid: int) -> Optional[str]:
    """The document (sha256) the worker ``pid`` of a pool was working on, if any."""
    try:
        with open(os.path.join(state_dir, str(pid))) as fh:
            return fh.read().strip() or None
    except OSError:
        return None
