"""The work on one document: every page read (text layer or OCR) and its fields extracted, into a
``DocumentResult``. A document that fails becomes an ``error`` result; nothing raised here stops
the batch (``pipeline.output.rows`` turns a result into table rows).

A page's OCR result and its fields are cached apart (``pipeline.runners.keys``): the OCR result
as ``ocr_value`` makes it, lines in image pixels with the scale to page units, so that fields
extracted again from cached lines (``known`` pages) see exactly what OCR gave, and come out
exactly as they did when the page was OCR'd."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Set

from ..document import (Line, PageResult, fields_from_dicts, fields_to_dicts,
                        line_from_dict, line_to_dict)
from ..engine.memory import release_freed_memory
from ..errors import DocumentError, DocumentTimeout
from ..extract.fields import FieldOptions, extract_fields
from ..ingest.dewarp import ocr_photo
from ..ingest.document import IngestOptions, InputFile, iter_pages
from ..ingest.text_check import clean_lines
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
    duplicate_of: Optional[Path] = None   # status "duplicate": the input with the same bytes
    # page -> its OCR result (``ocr_value``) for each page read here (not one that was known)
    page_ocr: Dict[int, dict] = field(default_factory=dict)


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


def ocr_value(number: int, width: float, height: float, units: str, dpi: Optional[float],
              source: str, scale: float, lines: List[Line], rotation: Optional[int] = None,
              note: Optional[str] = None) -> dict:
    """A page's OCR result as the cache keeps it: ``lines`` in image pixels (page units for a
    text layer), ``scale``, page units per pixel, ``rotation``, the turn OCR read it at;
    ``note``: why the page was read so."""
    return {"page": number, "width": width, "height": height, "units": units, "dpi": dpi,
            "source": source, "scale": scale, "lines": [line_to_dict(l) for l in lines],
            "rotation": rotation, "note": note,
            "dewarp": getattr(lines, "dewarp", None)}  # a photo's correction (ingest/dewarp.py)


def fields_value(p: PageResult) -> dict:
    """A page's fields as the cache keeps them (in page units)."""
    return {"doc_type": p.doc_type, "fields": fields_to_dicts(p.fields)}


def page_of(ocr: dict, fields: Optional[dict] = None) -> PageResult:
    """A page from its cached OCR result (and fields): lines scaled to page units as
    ``process_document`` scales them."""
    lines = _scaled([line_from_dict(l) for l in ocr["lines"]], [], ocr["scale"])
    return PageResult(ocr["page"], ocr["width"], ocr["height"], ocr["units"], ocr["dpi"],
                      ocr["source"], lines, fields["doc_type"] if fields else None,
                      fields_from_dicts(fields["fields"]) if fields else [],
                      rotation=ocr.get("rotation"), note=ocr.get("note"))


def _fields_again(known: dict, fields: Optional[FieldOptions]) -> PageResult:
    """A text-layer page from its cached lines, its fields extracted again (no image needed)."""
    pr = page_of(known)
    if fields:
        pr.doc_type, pr.fields = extract_fields(pr.lines, pr.width, pr.height, None, fields)
    return pr


def process_document(f: InputFile, ocr: OcrPipeline, opts: IngestOptions,
                     skip: Optional[Set[int]] = None,
                     fields: Optional[FieldOptions] = None,
                     known: Optional[Dict[int, dict]] = None) -> DocumentResult:
    """Every page of ``f`` except those in ``skip`` (already known, e.g. from the cache).
    ``known``: page -> its OCR result (``ocr_value``, from the cache) of pages that need their
    fields only: no OCR runs on them; a text-layer page is not read at all, an OCR page is
    decoded or rendered again (the cheque signature is measured in its image)."""
    t0 = time.perf_counter()
    res = DocumentResult(f, file_size=f.size)
    known = known or {}
    text = {n for n, v in known.items() if v["source"] != "ocr"}
    try:
        for n in sorted(text):
            tp = time.perf_counter()
            res.pages.append(_fields_again(known[n], fields))
            res.page_seconds.append(time.perf_counter() - tp)
        for sp in iter_pages(f, opts, set(skip or ()) | text):
            res.page_count = max(res.page_count, sp.number)
            if sp.lines is None and sp.image is None:  # skipped: cached, or outside --pages
                continue
            tp = time.perf_counter()
            if sp.lines is not None:
                res.page_ocr[sp.number] = ocr_value(sp.number, sp.width, sp.height, sp.units,
                                                    sp.dpi, "text_layer", 1.0, sp.lines)
                pr = PageResult(sp.number, sp.width, sp.height, sp.units, sp.dpi, "text_layer",
                                sp.lines)
                if fields:
                    pr.doc_type, pr.fields = extract_fields(sp.lines, sp.width, sp.height, None,
                                                            fields)
            else:
                if sp.number in known:  # OCR'd before: its lines, in image pixels
                    lines = [line_from_dict(l) for l in known[sp.number]["lines"]]
                    rotation = known[sp.number].get("rotation")
                else:
                    # a photo is read straightened; control characters are dropped
                    lines = ocr_photo(lambda im: clean_lines(ocr(im)), sp.image)
                    rotation = getattr(ocr, "last_rotation", None)
                    res.page_ocr[sp.number] = ocr_value(sp.number, sp.width, sp.height,
                                                        sp.units, sp.dpi, "ocr", sp.scale, lines,
                                                        rotation, sp.note)
                doc_type, found = None, []
                if fields:  # in image pixels, where the signature ink can be measured
                    h, w = sp.image.shape[:2]
                    doc_type, found = extract_fields(lines, w, h, sp.image, fields)
                lines = _scaled(lines, found, sp.scale)
                pr = PageResult(sp.number, sp.width, sp.height, sp.units, sp.dpi, "ocr", lines,
                                doc_type, found, rotation=rotation, note=sp.note)
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
    if res.status != "ok":
        res.page_ocr = {}
    res.seconds = time.perf_counter() - t0
    return res
