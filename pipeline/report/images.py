"""Page images for the report, rendered from the source files named in the dataset: downscaled
JPEGs, one file read once for all its pages.

Coordinates in the dataset are page coordinates (image pixels, or PDF points), so any uniform
downscale of the page keeps them valid: the report maps them onto the displayed image. A source
file that is missing, unreadable or changed since the run gives no image (or a flagged one) and
a note; nothing here raises for a bad file.
"""
from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence

from PIL import Image

from ..errors import DocumentError
from ..ingest.limits import Limits
from ..ingest.render import PageRenderer, Resolution

DEFAULT_MAX_SIDE = 1200
DEFAULT_QUALITY = 72
MAX_DPI = 216.0                 # a small PDF page is not enlarged more than 3 times


@dataclass
class PageImage:
    jpeg: Optional[bytes]         # None: no image (see note)
    width: int = 0                # of the JPEG
    height: int = 0
    note: Optional[str] = None    # why there is no image, or what is odd about it


def resolve(path: str, roots: Sequence[Path]) -> Optional[Path]:
    """The source file: the path as recorded, else found under each of ``roots``: a relative
    path as it is, an absolute one by its part below any of the roots (a source tree moved
    since the run: ``--source-root`` names where it is now; the run's folder is among the
    roots)."""
    p = Path(path)
    if p.is_file():
        return p
    if p.is_absolute():
        rels = []
        for root in roots:
            try:
                rels.append(p.relative_to(Path(root).absolute()))
            except ValueError:
                continue
    else:
        rels = [p]
    for rel in rels:
        for root in roots:
            q = Path(root) / rel
            if q.is_file():
                return q
    return None


def _jpeg(img: Image.Image, max_side: int, quality: int) -> PageImage:
    if max(img.size) > max_side:
        img.thumbnail((max_side, max_side), Image.LANCZOS)
    if img.mode != "RGB":
        img = img.convert("RGB")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True, progressive=True)
    return PageImage(buf.getvalue(), img.size[0], img.size[1])


def _render(data: bytes, pages: Iterable[int], res: Resolution, quality: int, limits: Limits,
            password: Optional[str]) -> Dict[int, PageImage]:
    out: Dict[int, PageImage] = {}
    with PageRenderer(data, None, limits, password) as doc:
        kind = "PDF" if doc.doc is not None else "image"
        for n in sorted(set(pages)):
            if not 1 <= n <= doc.page_count:
                out[n] = PageImage(None, note=f"the {kind} has no page {n} now")
                continue
            try:
                rgb = doc.render(n, res)
            except Exception as e:  # one bad page (DocumentError: a guard): the others are shown
                out[n] = PageImage(None, note=f"cannot be rendered: {e}")
                continue
            out[n] = _jpeg(Image.fromarray(rgb), res.max_side, quality)
    return out


class Renderer:
    """Renders the pages of one source file at a time; every failure is a note."""

    def __init__(self, roots: Sequence[Path] = (), max_side: int = DEFAULT_MAX_SIDE,
                 quality: int = DEFAULT_QUALITY, pdf_password: Optional[str] = None,
                 limits: Limits = Limits()):
        self.roots = list(roots)
        self.limits = limits  # extract's defaults: --max-pixels and --doc-timeout
        self.max_side = max_side
        self.quality = quality
        self.pdf_password = pdf_password

    def render(self, path: str, document_id: Optional[str], pages: List[int]) -> Dict[int, PageImage]:
        def none(note: str) -> Dict[int, PageImage]:
            return {n: PageImage(None, note=note) for n in pages}

        src = resolve(path, self.roots)
        if src is None:
            return none(f"source file not found: {path} (moved or deleted since the run?)")
        try:
            if os.path.getsize(src) > (1 << 30):
                return none("source file is over 1 GiB: not read for the report")
            data = src.read_bytes()
        except OSError as e:
            return none(f"source file cannot be read: {e.strerror or e}")
        changed = None
        if document_id and not document_id.startswith("path:") \
                and hashlib.sha256(data).hexdigest() != document_id:
            changed = ("the source file changed since the run (its sha256 differs): the image "
                       "may not match the boxes")
        # PDF pages fitted to max_side (at any zoom up to 3x); a large JPEG decoded smaller
        res = Resolution(max_side=self.max_side, max_dpi=MAX_DPI, whole_dpi=False,
                         jpeg_draft=True)
        try:
            got = _render(data, pages, res, self.quality, self.limits, self.pdf_password)
        except DocumentError as e:
            return none(f"source file cannot be rendered: {e}")
        except Exception as e:  # never fail the report for one file
            return none(f"source file cannot be rendered ({type(e).__name__}: {e})")
        if changed:
            for img in got.values():
                img.note = changed if img.note is None else f"{changed}; {img.note}"
        return got
