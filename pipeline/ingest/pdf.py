"""PDF pages: the text layer where there is one (PyMuPDF words with boxes), else a rendering at
the configured DPI for OCR. PDF page coordinates are points (1/72 inch), top-left origin."""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Iterator, List, Optional

import numpy as np

# PyMuPDF imports its layout analysis (pymupdf.layout, which loads ONNX models) whenever it is
# installed: `python bench/startup_costs.py` gave 721 ms against 348 ms without it, paid by every
# worker process. mmbatch does not use it (the words of 47 test PDFs came out the same with and
# without it); a None entry makes PyMuPDF's optional import of it fail as if it were absent.
sys.modules.setdefault("pymupdf.layout", None)
import pymupdf  # noqa: E402

from ..document import Line, Word
from ..errors import DocumentError
from .render import PageRenderer, Resolution

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)


@dataclass
class PdfPage:
    number: int  # from 1
    width: float  # points
    height: float
    lines: Optional[List[Line]]  # from the text layer, or None when the page needs OCR
    image: Optional[np.ndarray]  # RGB rendering (only when lines is None)
    dpi: Optional[float]


def open_pdf(data: bytes, password: Optional[str] = None) -> "pymupdf.Document":
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as e:
        msg = re.sub(r"^code=\d+: ", "", str(e))
        raise DocumentError(f"not a readable PDF: damaged beyond repair (MuPDF: {msg})")
    if doc.is_repaired and b"%%EOF" not in data[-2048:]:
        # MuPDF rebuilt a file that has no end marker: it was cut short (a partial download or
        # copy) and what survived would be processed as if it were the whole document
        doc.close()
        raise DocumentError("PDF is truncated: it has no end-of-file marker and its cross-"
                            "reference table is missing or broken")
    if doc.needs_pass:
        if not password or not doc.authenticate(password):
            doc.close()
            raise DocumentError("PDF is encrypted and needs a password"
                                + (" (the one given does not open it)" if password else ""))
    if doc.page_count == 0:
        doc.close()
        raise DocumentError("PDF has no pages (its page tree is empty or cannot be read)")
    return doc


def text_layer_lines(page: "pymupdf.Page") -> List[Line]:
    """Words grouped into lines the way the PDF groups them (block, line), the lines in the
    layout's reading order (columns one after another: ``pipeline.extract.layout``), each with
    its block."""
    from ..extract.layout import layout_order

    words = page.get_text("words", sort=True)
    groups: dict = {}
    for x0, y0, x1, y1, text, block, line, _wno in words:
        groups.setdefault((block, line), []).append(
            Word(text=text, conf=1.0, box=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)]))
    lines = []
    for ws in groups.values():
        x0 = min(w.box[0][0] for w in ws)
        y0 = min(w.box[0][1] for w in ws)
        x1 = max(w.box[2][0] for w in ws)
        y1 = max(w.box[2][1] for w in ws)
        lines.append(Line(text=" ".join(w.text for w in ws), conf=1.0,
                          box=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)], words=ws))
    order, blocks = layout_order([l.box for l in lines])
    lines = [lines[i] for i in order]
    for i, (l, b) in enumerate(zip(lines, blocks)):
        l.line_no, l.block = i, b
    return lines


def has_text_layer(lines: List[Line]) -> bool:
    return sum(ch.isalnum() for l in lines for ch in l.text) >= 3


def pdf_pages(pages: "PageRenderer", dpi: float, use_text_layer: bool = True,
              skip=frozenset()) -> Iterator[PdfPage]:
    """Each page of the PDF that ``pages`` holds: its text layer, or else its rendering at
    ``dpi`` (every guard applied: see ``pipeline.ingest.render``)."""
    doc, res = pages.doc, Resolution(dpi=dpi)
    for i in range(doc.page_count):
        if i + 1 in skip:  # not even loaded: a page selection may skip thousands
            yield PdfPage(i + 1, 0.0, 0.0, None, None, None)
            continue
        try:
            page = doc.load_page(i)
            rect = page.rect
            lines = text_layer_lines(page) if use_text_layer else []
        except Exception as e:
            msg = re.sub(r"^code=\d+: ", "", str(e))  # MuPDF's error code means nothing to a person
            raise DocumentError(f"page {i + 1} of the PDF cannot be read: {msg}")
        if has_text_layer(lines):
            yield PdfPage(i + 1, rect.width, rect.height, lines, None, None)
        else:
            yield PdfPage(i + 1, rect.width, rect.height, None, pages.render(i + 1, res, page), dpi)
