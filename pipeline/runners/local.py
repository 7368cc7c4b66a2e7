"""Run ``extract`` over a list of inputs in this process and write the dataset.

Documents are read, OCR'd and written one after another; the progress bar (stderr) counts
documents and pages. Every input ends as exactly one ``documents`` row.
"""
from __future__ import annotations

import hashlib
import os
import platform
import secrets
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, List, Optional

from tqdm import tqdm

import pipeline
from pipeline.errors import DocumentError
from pipeline.ingest.discover import discover
from pipeline.ingest.document import IngestOptions, InputFile, read_input
from pipeline.ocr import OcrOptions, OcrPipeline
from pipeline.output.schemas import SCHEMA_VERSION
from pipeline.output.writer import DatasetWriter
from pipeline.runners.extract import DocumentResult, process_document, rows_for


@dataclass
class RunSummary:
    run_id: str
    out: str
    documents: int = 0
    pages: int = 0
    lines: int = 0
    errors: int = 0
    skipped_files: int = 0
    seconds: float = 0.0
    ort_seconds: float = 0.0
    manifest_path: str = ""
    failed: List[str] = field(default_factory=list)

    def line(self) -> str:
        s = (f"mmbatch: {self.documents} documents, {self.pages} pages, {self.lines} lines, "
             f"{self.errors} errors in {self.seconds:.1f}s -> {self.out} (run {self.run_id})")
        if self.skipped_files:
            s += f"; skipped {self.skipped_files} files with unsupported extensions"
        return s


def new_run_id(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def run_extract(inputs: List[str], out: str, ingest: Optional[IngestOptions] = None,
                ocr_options: Optional[OcrOptions] = None, quiet: bool = False,
                ocr: Optional[OcrPipeline] = None,
                on_document: Optional[Callable[[DocumentResult], None]] = None) -> RunSummary:
    ingest = ingest or IngestOptions()
    ocr_options = ocr_options or OcrOptions()
    found = discover(inputs)
    started = datetime.now(timezone.utc)
    run_id = new_run_id(started)
    summary = RunSummary(run_id=run_id, out=str(out), skipped_files=len(found.skipped))
    t0 = time.perf_counter()
    ocr = ocr or OcrPipeline(ocr_options)
    writer = DatasetWriter(Path(out), run_id)
    show = not quiet and sys.stderr.isatty()
    bar = tqdm(total=len(found.files), unit="doc", desc="documents", disable=not show,
               file=sys.stderr, dynamic_ncols=True)
    try:
        for path in found.files:
            try:
                f = read_input(path)
                res = process_document(f, ocr, ingest)
            except DocumentError as e:
                f = InputFile(path, b"", "", "unknown")
                res = DocumentResult(f, status="error", error=str(e))
            if not f.sha256:  # unreadable: identity from the path so the row is still keyed
                f.sha256 = "path:" + hashlib.sha256(os.fsencode(str(path))).hexdigest()
            rows = rows_for(res, run_id, started)
            for table, r in rows.items():
                writer.add(table, r)
            summary.documents += 1
            summary.pages += len(res.pages)
            summary.lines += len(rows["lines"])
            if res.status != "ok":
                summary.errors += 1
                summary.failed.append(f"{path}: {res.error}")
            if on_document:
                on_document(res)
            bar.update(1)
            bar.set_postfix(pages=summary.pages, errors=summary.errors)
    except BaseException:
        bar.close()
        writer.abort()
        raise
    bar.close()
    summary.seconds = round(time.perf_counter() - t0, 3)
    summary.ort_seconds = round(sum(s.seconds for s in ocr.sessions), 3)
    ended = datetime.now(timezone.utc)
    manifest = {
        "run_id": run_id,
        "started_at": started.isoformat(),
        "ended_at": ended.isoformat(),
        "mmbatch_version": pipeline.__version__,
        "schema_version": SCHEMA_VERSION,
        "command": "extract",
        "inputs": [str(i) for i in inputs],
        "options": {"ingest": {k: v for k, v in asdict(ingest).items() if k != "pdf_password"},
                    "ocr": ocr_options.key()},
        "device": ocr_options.device,
        "providers": ocr.sessions[0].providers if ocr.sessions else [],
        "models": {s.spec.name: {"sha256": s.sha256, "file": s.spec.resource,
                                 "package": s.spec.package} for s in ocr.sessions},
        "counts": {"documents": summary.documents, "pages": summary.pages,
                   "lines": summary.lines, "errors": summary.errors,
                   "skipped_files": summary.skipped_files},
        "timings": {"wall_seconds": summary.seconds, "onnxruntime_seconds": summary.ort_seconds},
        "host": {"python": platform.python_version(), "machine": platform.machine(),
                 "cpus": os.cpu_count()},
    }
    writer.commit(manifest)
    summary.manifest_path = str(Path(out) / "runs" / f"{run_id}.json")
    return summary
