"""The pages to compare: their text and fields from an extract run (so from the disk cache when the
files were seen before), and their images, decoded only for the pages whose visual signatures are
not cached yet.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Iterable, Iterator, List, Optional, Set, Tuple

import numpy as np

from ..ingest import dewarp
from ..ingest.document import IngestOptions
from ..ingest.limits import Limits
from ..ingest.render import Resolution, render_pages

# PDF pages are rendered at this resolution for the visual signals (the encoders see 224 px)
VISUAL_DPI = 100


@dataclass
class PageItem:
    document_id: str      # sha256 of the file
    path: str
    page: int             # from 1
    file_type: str
    text: str
    doc_type: Optional[str] = None
    mean_conf: Optional[float] = None
    fields: Dict[str, str] = field(default_factory=dict)  # name -> normalised value
    # name -> the field's box (page units), and the page's size in page units: where a field's
    # ink is on the page image (``altered``)
    boxes: Dict[str, list] = field(default_factory=dict)
    size: Optional[Tuple[float, float]] = None
    lines: List[Tuple[str, list]] = field(default_factory=list)  # (text, box in page units)
    # name -> the field's status (``ok``: its checks passed: a MICR serial that is the printed
    # cheque number, a routing number whose check digit holds)
    status: Dict[str, str] = field(default_factory=dict)


class Collector:
    """An ``on_document`` callback for ``run_extract`` that keeps each document's pages."""

    def __init__(self) -> None:
        self.documents: list = []

    def __call__(self, res) -> None:
        self.documents.append(res)


def items_from(documents: Iterable) -> Tuple[List[PageItem], List[str]]:
    """PageItems of extract results (``DocumentResult``), and the failed documents' messages."""
    items, failed = [], []
    for res in documents:
        if res.status != "ok":
            failed.append(f"{res.file.path}: {res.error}")
            continue
        for p in res.pages:
            good = [f for f in p.fields
                    if f.value is not None and f.status in ("ok", "unchecked", "ambiguous")]
            fields = {f.name: f.value for f in good}
            boxes = {f.name: [list(map(float, pt)) for pt in f.box] for f in good if f.box}
            items.append(PageItem(res.file.sha256, str(res.file.path), p.page, res.file.file_type,
                                  p.text, p.doc_type, p.mean_conf, fields, boxes,
                                  (float(p.width), float(p.height)),
                                  [(ln.text, [list(map(float, pt)) for pt in ln.box])
                                   for ln in p.lines],
                                  {f.name: f.status for f in good}))
    return items, failed


def extract_pages(inputs: List[str], run_options, ingest: Optional[IngestOptions] = None,
                  ocr_options=None, fields=None) -> Tuple[List[PageItem], List[str], object]:
    """Run extract over ``inputs`` writing no dataset (its rows are not wanted here; its page
    results land in the cache) and return the pages, the failures and the extract summary."""
    from ..runners.driver import run_extract

    collector = Collector()
    summary = run_extract(inputs, None, ingest=ingest, ocr_options=ocr_options,
                          run=run_options, fields=fields, quiet=True, on_document=collector)
    items, failed = items_from(collector.documents)
    return items, failed, summary


def visual_key(item: PageItem) -> dict:
    """What a page's image is a function of, besides the file's bytes (a photographed page is
    straightened: ``ingest/dewarp.py``)."""
    return dict({"pdf_dpi": VISUAL_DPI} if item.file_type == "pdf" else {},
                dewarp=dewarp.VERSION)


def straightened(rgb: np.ndarray):
    """(the page image a photo shows, straightened, or the image itself; its correction or
    None)."""
    return dewarp.straighten(rgb)


def page_images(path: str, sha256: str, pages: Set[int],
                ingest: Optional[IngestOptions] = None) -> Iterator[Tuple[int, np.ndarray]]:
    """(page, RGB image) of the wanted pages of one file, PDF pages at ``VISUAL_DPI``, within
    the limits of ``ingest`` (--max-pixels, --doc-timeout); raises DocumentError when the file
    is gone or changed since it was hashed, or a page is refused."""
    ingest = ingest or IngestOptions()
    return render_pages(path, pages, Resolution(dpi=VISUAL_DPI), Limits.of(ingest),
                        ingest.pdf_password, sha256, ingest.max_file_bytes)
