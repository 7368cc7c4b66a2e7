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

from PIL import Image, ImageOps

from pipeline.errors import DocumentError

DEFAULT_MAX_SIDE = 1200
DEFAULT_QUALITY = 72
MAX_PIXELS = 150_000_000        # as extract's default --max-pixels
MAX_ZOOM = 3.0                  # a small PDF page is not enlarged more than this


@dataclass
class PageImage:
    jpeg: Optional[bytes]         # None: no image (see note)
    width: int = 0                # of the JPEG
    height: int = 0
    note: Optional[str] = None    # why there is no image, or what is odd about it


def resolve(path: str, roots: Sequence[Path]) -> Optional[Path]:
    """The source file: the path as recorded (absolute, or relative to the current folder),
    else relative to each of ``roots``."""
    p = Path(path)
    if p.is_file():
        return p
    if not p.is_absolute():
        for root in roots:
            q = Path(root) / p
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


def _pdf_pages(data: bytes, pages: Iterable[int], max_side: int, quality: int,
               password: Optional[str]) -> Dict[int, PageImage]:
    import pymupdf

    from pipeline.ingest.pdf import open_pdf

    out: Dict[int, PageImage] = {}
    doc = open_pdf(data, password)
    try:
        for n in pages:
            if not 1 <= n <= doc.page_count:
                out[n] = PageImage(None, note=f"the PDF has no page {n} now")
                continue
            try:
                page = doc.load_page(n - 1)
                r = page.rect
                zoom = min(max_side / max(r.width, r.height, 1.0), MAX_ZOOM)
                pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csRGB,
                                      alpha=False)
                img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
                out[n] = _jpeg(img, max_side, quality)
            except Exception as e:  # one bad page: the others are still shown
                out[n] = PageImage(None, note=f"page {n} cannot be rendered: {e}")
    finally:
        doc.close()
    return out


def _image_pages(data: bytes, pages: Iterable[int], max_side: int,
                 quality: int) -> Dict[int, PageImage]:
    from pipeline.ingest.images import count_frames, open_image, pillow_limit, to_rgb

    out: Dict[int, PageImage] = {}
    im = open_image(data, MAX_PIXELS)
    total = count_frames(im)
    for n in sorted(pages):
        if not 1 <= n <= total:
            out[n] = PageImage(None, note=f"the image has no page {n} now")
            continue
        try:
            with pillow_limit(MAX_PIXELS):
                if n > 1:
                    im.seek(n - 1)
                w, h = im.size
                s = max_side / max(w, h)
                if s < 1 and im.format == "JPEG":  # decode at 1/2, 1/4, 1/8 size: much faster
                    im.draft("RGB", (max(1, int(w * s)), max(1, int(h * s))))
                im.load()
                try:
                    upright = ImageOps.exif_transpose(im) or im  # as extract saw it
                except Exception:
                    upright = im
                out[n] = _jpeg(Image.fromarray(to_rgb(upright)), max_side, quality)
        except (DocumentError, Exception) as e:
            out[n] = PageImage(None, note=f"page {n} cannot be decoded: {e}")
    return out


class Renderer:
    """Renders the pages of one source file at a time; every failure is a note."""

    def __init__(self, roots: Sequence[Path] = (), max_side: int = DEFAULT_MAX_SIDE,
                 quality: int = DEFAULT_QUALITY, pdf_password: Optional[str] = None):
        self.roots = list(roots)
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
        try:
            from pipeline.ingest.document import sniff

            if sniff(data) == "pdf":
                got = _pdf_pages(data, pages, self.max_side, self.quality, self.pdf_password)
            else:
                got = _image_pages(data, pages, self.max_side, self.quality)
        except DocumentError as e:
            return none(f"source file cannot be rendered: {e}")
        except Exception as e:  # never fail the report for one file
            return none(f"source file cannot be rendered ({type(e).__name__}: {e})")
        if changed:
            for img in got.values():
                img.note = changed if img.note is None else f"{changed}; {img.note}"
        return got
