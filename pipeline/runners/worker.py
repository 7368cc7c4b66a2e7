"""The worker side: one task = one document (minus the pages the driver already has).

A worker process keeps its OCR pipeline (and so its onnxruntime sessions) for its lifetime,
created on first use with the thread count the driver's plan gave it. The same function runs
in-process when there is a single worker.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, FrozenSet, Optional, Tuple

from pipeline.errors import DocumentError
from pipeline.extract.fields import FieldOptions
from pipeline.ingest.document import IngestOptions, InputFile, read_input
from pipeline.ocr import OcrOptions, OcrPipeline
from pipeline.runners.extract import DocumentResult, process_document


@dataclass
class Task:
    index: int
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


def run_task(task: Task) -> Tuple[DocumentResult, Tuple[int, float]]:
    """Process one document; returns its result and (this process's id, its onnxruntime
    seconds so far)."""
    try:
        f = read_input(Path(task.path))
    except DocumentError as e:
        res = DocumentResult(InputFile(Path(task.path), b"", task.sha256, "unknown"),
                             status="error", error=str(e))
        return res, (os.getpid(), ort_seconds())
    if f.sha256 != task.sha256:
        res = DocumentResult(f, status="error", error="file changed while it was being processed")
        return res, (os.getpid(), ort_seconds())
    res = process_document(f, pipeline_for(task.ocr), task.ingest, set(task.skip), task.fields)
    res.file = InputFile(f.path, b"", f.sha256, f.file_type)  # bytes stay in the worker
    return res, (os.getpid(), ort_seconds())


def init_worker(threads: int) -> None:
    # keep numpy/OpenCV from starting their own thread pools beside onnxruntime's
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    try:
        import cv2

        cv2.setNumThreads(threads)
    except Exception:  # pragma: no cover
        pass
