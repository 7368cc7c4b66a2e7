"""Process one document into table rows: pages (text layer or OCR), lines, and its documents row.
A document that fails becomes an ``error`` row; nothing raised here stops the batch."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import List, Optional, Set

from pipeline.document import Line, PageResult
from pipeline.engine.memory import release_freed_memory
from pipeline.errors import DocumentError, DocumentTimeout
from pipeline.extract.fields import FieldOptions, extract_fields
from pipeline.ingest.document import IngestOptions, InputFile, iter_pages
from pipeline.ocr import OcrPipeline


@dataclass
class DocumentResult:
    file: InputFile
    pages: List[PageResult] = field(default_factory=list)
    page_seconds: List[float] = field(default_factory=list)
    status: str = "ok"
    error: str = ""
    seconds: float = 0.0
    page_count: int = 0
    file_size: int = 0


def _scale_box(box, s: float):
    return [(round(x * s, 2), round(y * s, 2)) for x, y in box]


def _scaled(lines: List[Line], fields: list, s: float) -> List[Line]:
    if s == 1.0:
        return lines
    for l in lines:
        l.box = _scale_box(l.box, s)
    for f in fields:
        if f.box is not None:
            f.box = _scale_box(f.box, s)
    return lines


def process_document(f: InputFile, ocr: OcrPipeline, opts: IngestOptions,
                     skip: Optional[Set[int]] = None,
                     fields: Optional[FieldOptions] = None) -> DocumentResult:
    """Every page of ``f`` except those in ``skip`` (already known, e.g. from the cache)."""
    t0 = time.perf_counter()
    res = DocumentResult(f, file_size=f.size)
    try:
        for sp in iter_pages(f, opts, skip):
            res.page_count = max(res.page_count, sp.number)
            if sp.lines is None and sp.image is None:  # skipped: cached, or outside --pages
                continue
            tp = time.perf_counter()
            if sp.lines is not None:
                pr = PageResult(sp.number, sp.width, sp.height, sp.units, sp.dpi, "text_layer",
                                sp.lines)
                if fields:
                    pr.doc_type, pr.fields = extract_fields(sp.lines, sp.width, sp.height, None,
                                                            fields)
            else:
                lines = ocr(sp.image)
                doc_type, found = None, []
                if fields:  # in image pixels, where the signature ink can be measured
                    h, w = sp.image.shape[:2]
                    doc_type, found = extract_fields(lines, w, h, sp.image, fields)
                lines = _scaled(lines, found, sp.scale)
                pr = PageResult(sp.number, sp.width, sp.height, sp.units, sp.dpi, "ocr", lines,
                                doc_type, found)
            res.pages.append(pr)
            res.page_seconds.append(time.perf_counter() - tp)
            if sp.image is not None:
                del sp
                release_freed_memory()
    except (DocumentError, DocumentTimeout) as e:
        res.status, res.error, res.pages, res.page_seconds = "error", str(e), [], []
    except MemoryError:
        res.status, res.error, res.pages, res.page_seconds = "error", "out of memory", [], []
    except Exception as e:  # a bug or an input nobody foresaw: record it, keep the batch going
        res.status, res.pages, res.page_seconds = "error", [], []
        res.error = f"internal error ({type(e).__name__}: {e})"
    res.seconds = time.perf_counter() - t0
    return res


def poly(box) -> list:
    return [{"x": float(x), "y": float(y)} for x, y in box]


def display_path(path) -> str:
    """A path as text for the dataset. A file name that is not valid UTF-8 (Python holds its
    bytes as lone surrogates, which Parquet cannot store) keeps its valid parts and shows each
    invalid byte as ``\\xNN``: readable, and distinct for distinct names."""
    s = os.fspath(path)
    if isinstance(s, bytes):
        s = os.fsdecode(s)
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        try:
            return os.fsencode(s).decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate that did not come from a file name's bytes
            return s.encode("utf-8", "backslashreplace").decode("utf-8")


def rows_for(res: DocumentResult, run_id: str, run_ts: datetime, processing_key: str = "") -> dict:
    f = res.file
    base = {"run_id": run_id, "run_ts": run_ts, "document_id": f.sha256,
            "path": display_path(f.path)}
    doc = dict(base, size_bytes=res.file_size or f.size, file_type=f.file_type,
               page_count=res.page_count if res.status == "ok" else None,
               status=res.status, error=display_path(res.error) if res.error else None,
               ocr_pages=sum(p.source == "ocr" for p in res.pages),
               text_layer_pages=sum(p.source == "text_layer" for p in res.pages),
               seconds=round(res.seconds, 4), processing_key=processing_key or None)
    pages, lines, fields = [], [], []
    for p, secs in zip(res.pages, res.page_seconds):
        mc = p.mean_conf
        pages.append(dict(base, page=p.page, width=p.width, height=p.height, units=p.units,
                          dpi=p.dpi, source=p.source, text=p.text,
                          mean_conf=None if mc is None else round(mc, 5),
                          line_count=len(p.lines), seconds=round(secs, 4),
                          doc_type=p.doc_type))
        for fl in p.fields:
            fields.append(dict(base, page=p.page, doc_type=p.doc_type, field=fl.name,
                               raw_value=fl.raw, value=fl.value, type=fl.type,
                               confidence=None if fl.conf is None else round(float(fl.conf), 5),
                               box=None if fl.box is None else poly(fl.box),
                               line_nos=list(fl.line_nos), status=fl.status,
                               message=fl.message or None, extractor=fl.extractor))
        for l in p.lines:
            lines.append(dict(base, page=p.page, line_no=l.line_no, text=l.text, conf=l.conf,
                              box=poly(l.box),
                              words=[{"text": w.text, "conf": w.conf, "box": poly(w.box)}
                                     for w in l.words]))
    return {"documents": [doc], "pages": pages, "lines": lines, "fields": fields}
