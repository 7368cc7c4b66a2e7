"""The worker side: one task = one document (minus the pages the driver already has).

A worker process keeps its OCR pipeline (and so its onnxruntime sessions) for its lifetime,
created on first use with the thread count the driver's plan gave it. The same function runs
in-process when there is a single worker.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Dict, FrozenSet, Optional, Tuple

from pipeline.errors import DocumentError, DocumentTimeout
from pipeline.extract.fields import FieldOptions
from pipeline.ingest.document import IngestOptions, InputFile, read_input
from pipeline.ingest.limits import time_limit
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

# onnxruntime threads for tasks whose options leave it to the worker (threads = 0): a Dask
# worker's plugin sets it from its host's cores (pipeline.runners.dask_executor)
DASK_THREADS = 0


def pipeline_for(opts: OcrOptions) -> OcrPipeline:
    key = tuple(sorted(opts.__dict__.items()))
    p = _pipelines.get(key)
    if p is None:
        p = _pipelines[key] = OcrPipeline(opts)
    return p


def ort_seconds() -> float:
    return sum(s.seconds for p in _pipelines.values() for s in p.sessions)


def run_task(task: Task) -> Tuple[DocumentResult, Tuple[int, float]]:
    """Process one document within ``task.ingest.doc_timeout`` seconds; returns its result and
    (this process's id, its onnxruntime seconds so far)."""
    if not task.ocr.threads:  # on a Dask worker: threads chosen for this host
        from pipeline.runners.dask_executor import worker_threads

        task = replace(task, ocr=replace(task.ocr, threads=worker_threads()))
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
