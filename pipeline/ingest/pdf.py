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
from . import text_check
from .render import PageRenderer, Resolution, fit_dpi
from .text_check import clean_lines

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
    note: Optional[str] = None  # why the page was read so (a text layer not trusted, a fitted dpi)


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
              skip=frozenset(), text_layer: str = "auto") -> Iterator[PdfPage]:
    """Each page of the PDF that ``pages`` holds: its text layer, or else its rendering at
    ``dpi`` (every guard applied: see ``pipeline.ingest.render``; a page too large for
    --max-pixels at ``dpi`` at the highest dpi that fits, see ``fit_dpi``).

    ``text_layer``: auto takes a page's text layer when ``text_check`` finds it reads as text
    (else the page is OCR'd, the reason in ``note``), trust takes any text layer, ignore none
    (``use_text_layer=False`` is ignore too). Control characters are removed either way."""
    doc = pages.doc
    mode = text_layer if use_text_layer else "ignore"
    xfa = is_xfa(doc)
    for i in range(doc.page_count):
        if i + 1 in skip:  # not even loaded: a page selection may skip thousands
            yield PdfPage(i + 1, 0.0, 0.0, None, None, None)
            continue
        note = None
        try:
            page = doc.load_page(i)
            rect = page.rect
            lines = text_layer_lines(page) if mode != "ignore" or xfa else []
            if xfa:
                check_xfa_page(page, i + 1, lines, xfa)
                lines = lines if mode != "ignore" else []
            if mode == "auto":
                note = text_check.check(page, lines)
            lines = clean_lines(lines)
        except DocumentError:
            raise
        except Exception as e:
            msg = re.sub(r"^code=\d+: ", "", str(e))  # MuPDF's error code means nothing to a person
            raise DocumentError(f"page {i + 1} of the PDF cannot be read: {msg}")
        if note is None and has_text_layer(lines):
            yield PdfPage(i + 1, rect.width, rect.height, lines, None, None)
        else:
            try:
                used, fitted = fit_dpi(page, i + 1, dpi, pages.limits.max_pixels)
            except DocumentError:
                raise
            except Exception as e:
                raise DocumentError(f"page {i + 1} of the PDF cannot be read: "
                                    + re.sub(r"^code=\d+: ", "", str(e)))
            note = "; ".join(n for n in (note, fitted) if n) or None
            yield PdfPage(i + 1, rect.width, rect.height, None,
                          pages.render(i + 1, Resolution(dpi=used), page), used, note)


def is_xfa(doc: "pymupdf.Document") -> Optional[str]:
    """"dynamic" for a PDF that asks to be drawn by a viewer (``/NeedsRendering``, what a dynamic
    XFA form sets), "xfa" for one that holds an XFA form, else None."""
    try:
        cat = doc.pdf_catalog()
        if doc.xref_get_key(cat, "NeedsRendering") == ("bool", "true"):
            return "dynamic"
        return "xfa" if doc.xref_get_key(cat, "AcroForm/XFA")[0] != "null" else None
    except Exception:
        return None


# what a dynamic XFA form's placeholder page says to a viewer that does not run XFA
_XFA_PLACEHOLDER = re.compile(r"please wait.{0,200}(adobe|reader|viewer)|"
                              r"this message is not eventually replaced", re.I | re.S)


def check_xfa_page(page: "pymupdf.Page", number: int, lines: List[Line], xfa: str) -> None:
    """An XFA form's page that is the placeholder asking for an XFA viewer, or blank (in a form
    that asks to be drawn by a viewer, or one of a single page), is an error: the form's
    content is not in the PDF's pages. A static XFA form, whose pages hold it too, passes."""
    text = " ".join(l.text for l in lines)
    blank = ((xfa == "dynamic" or page.parent.page_count == 1) and not text.strip()
             and not page.get_images() and not page.get_drawings()
             and not page.read_contents().strip())
    if blank or _XFA_PLACEHOLDER.search(text):
        raise DocumentError(
            f"a dynamic XFA form: its content is not in the PDF's pages (page {number} is "
            + ("blank" if blank else "a placeholder asking for a viewer that runs XFA")
            + "); such a form is drawn by a viewer that runs it (e.g. Adobe Reader), which "
            "can print or save it as a plain PDF to read")
