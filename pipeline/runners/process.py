"""The work on one document: every page read (text layer or OCR) and its fields extracted, into a
``DocumentResult``. A document that fails becomes an ``error`` result; nothing raised here stops
the batch (``pipeline.output.rows`` turns a result into table rows)."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import List, Optional, Set

from ..document import Line, PageResult
from ..engine.memory import release_freed_memory
from ..errors import DocumentError, DocumentTimeout
from ..extract.fields import FieldOptions, extract_fields
from ..ingest.document import IngestOptions, InputFile, iter_pages
from ..ocr import OcrPipeline


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
