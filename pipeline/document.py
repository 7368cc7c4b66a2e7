"""Plain data types shared by ingest, the OCR models, extraction and output.

Coordinates are page coordinates: pixels for images, PDF points for PDF pages
(``Page.units`` says which). A box is a polygon of four (x, y) points, clockwise
from the top-left corner.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple

Point = Tuple[float, float]
Polygon = List[Point]


@dataclass
class Word:
    text: str
    box: Polygon
    conf: float = 1.0


@dataclass
class Line:
    """One text line in reading order on a page."""

    text: str
    conf: float
    box: Polygon
    words: List[Word] = field(default_factory=list)
    line_no: int = 0
    block: Optional[int] = None  # paragraph/column block, numbered in reading order

    @property
    def x0(self) -> float:
        return min(p[0] for p in self.box)

    @property
    def y0(self) -> float:
        return min(p[1] for p in self.box)

    @property
    def x1(self) -> float:
        return max(p[0] for p in self.box)

    @property
    def y1(self) -> float:
        return max(p[1] for p in self.box)


@dataclass
class PageResult:
    """What a page yields: its lines and how they were obtained."""

    page: int  # 1-based
    width: float
    height: float
    units: str  # "px" for images, "pt" for PDF pages
    dpi: Optional[float]
    source: str  # "text_layer" or "ocr"
    lines: List[Line] = field(default_factory=list)
    doc_type: Optional[str] = None  # cheque | receipt | other (None: fields not extracted)
    fields: list = field(default_factory=list)  # pipeline.extract.types.Field
    # OCR pages: how the page was turned (degrees clockwise; it was read turned back upright,
    # its boxes are in the page's own coordinates); 0 upright, None for a text layer
    rotation: Optional[int] = None
    note: Optional[str] = None  # why the page was read so (a text layer not trusted, a fitted dpi)

    @property
    def text(self) -> str:
        return "\n".join(l.text for l in self.lines)

    @property
    def mean_conf(self) -> Optional[float]:
        if not self.lines:
            return None
        return sum(l.conf for l in self.lines) / len(self.lines)


def line_to_dict(l: Line) -> dict:
    """A JSON-safe form of a line (for the cache)."""
    return {"text": l.text, "conf": l.conf, "box": [list(pt) for pt in l.box],
            "line_no": l.line_no, "block": l.block,
            "words": [{"text": w.text, "conf": w.conf, "box": [list(pt) for pt in w.box]}
                      for w in l.words]}


def fields_to_dicts(fields: list) -> List[dict]:
    """A JSON-safe form of a page's fields (``pipeline.extract.types.Field``)."""
    return [dict(f.__dict__, box=None if f.box is None else [list(pt) for pt in f.box])
            for f in fields]


def fields_from_dicts(fields: List[dict]) -> list:
    from .extract.types import Field

    return [Field(**dict(f, box=None if f["box"] is None else [tuple(pt) for pt in f["box"]]))
            for f in fields]


def page_to_dict(p: PageResult) -> dict:
    """A JSON-safe form of a page result (for the cache)."""
    return {"page": p.page, "width": p.width, "height": p.height, "units": p.units, "dpi": p.dpi,
            "source": p.source, "doc_type": p.doc_type, "fields": fields_to_dicts(p.fields),
            "lines": [line_to_dict(l) for l in p.lines], "rotation": p.rotation,
            "note": p.note}


def line_from_dict(l: dict) -> Line:
    """A Line from its JSON form (the cache's, and recorded OCR fixtures')."""
    return Line(text=l["text"], conf=l["conf"], box=[tuple(pt) for pt in l["box"]],
                line_no=l["line_no"], block=l.get("block"),
                words=[Word(w["text"], [tuple(pt) for pt in w["box"]], w["conf"])
                       for w in l.get("words", [])])


def page_from_dict(d: dict) -> PageResult:
    lines = [line_from_dict(l) for l in d["lines"]]
    fields = fields_from_dicts(d.get("fields", []))
    return PageResult(d["page"], d["width"], d["height"], d["units"], d["dpi"], d["source"], lines,
                      d.get("doc_type"), fields,
                      rotation=d.get("rotation"), note=d.get("note"))
