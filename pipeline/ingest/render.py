"""Page images: the pages of a PDF or an image file as RGB arrays, for OCR (extract), the visual
signals (compare), the report's thumbnails and the vision-language model, with every guard in
this one place:

- a PDF page's rendered size, and the size of every image it draws, against --max-pixels (MuPDF
  decodes an image at its full size in one call that cannot be interrupted: a 40000x40000 image
  compresses to 1.5 MB and took 11.6 s a page);
- an image file's declared size against --max-pixels before anything is decoded, and Pillow's
  own bomb check on every seek and decode;
- a page whose long side is more than ``MAX_ASPECT`` times its short side;
- the time the document's pages take, against --doc-timeout.

A page a guard refuses raises ``DocumentError`` naming the limit. The caller decides what that
means: extract makes an error row; compare, the report and the VLM note it and go on.
"""
from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Tuple, TypeVar, Union

import numpy as np
from PIL import ImageOps

from ..errors import DocumentError, DocumentTimeout
from .document import read_input, sniff
from .images import (check_pixels, count_frames, explain, megapixels, open_image, pillow_limit,
                     to_rgb)
from .limits import Limits, time_limit

T = TypeVar("T")


@dataclass(frozen=True)
class Resolution:
    """How large a PDF page is rendered: at ``dpi``, or with its long side fitted to
    ``max_side`` pixels, at no less than ``min_dpi`` and no more than ``max_dpi`` (the default
    enlarges a small page at most 3 times). ``whole_dpi``: at a whole number of dots per inch
    (how extract, compare and the VLM have always rendered: the same pixels, so caches keyed on
    them stay valid). Image files are decoded at their own size; ``jpeg_draft`` lets a JPEG
    larger than ``max_side`` be decoded at 1/2, 1/4 or 1/8 of it, never below ``max_side``."""

    dpi: Optional[float] = None
    max_side: Optional[int] = None
    max_dpi: float = 216.0
    min_dpi: float = 0.0
    whole_dpi: bool = True
    jpeg_draft: bool = False

    def __post_init__(self):
        if (self.dpi is None) == (self.max_side is None):
            raise ValueError("Resolution: either dpi or max_side")

    def zoom(self, width_pt: float, height_pt: float) -> float:
        """Pixels per point for a page of this size (points)."""
        if self.dpi is not None:
            return (int(self.dpi) if self.whole_dpi else self.dpi) / 72.0
        long_pt = max(width_pt, height_pt, 1.0)
        if self.whole_dpi:
            dpi = max(self.min_dpi, min(self.max_dpi, round(self.max_side * 72.0 / long_pt)))
            return int(dpi) / 72.0
        return max(self.min_dpi / 72.0, min(self.max_side / long_pt, self.max_dpi / 72.0))


class RenderTimeout(DocumentTimeout):
    """The renderer's own time limit ran out (an outer limit's timeout passes through as is)."""


def check_images(page, number: int, max_pixels: int) -> None:
    """Refuse to render a page that draws an image larger than --max-pixels: MuPDF decodes such
    an image at its full size in one uninterruptible call (a 10-gigapixel image compresses to a
    few MB and takes minutes). Inline images (in the content stream) are not listed here."""
    for img in page.get_images(full=True):
        w, h = int(img[2]), int(img[3])
        if w * h > max_pixels:
            raise DocumentError(
                f"page {number} holds an image of {w}x{h} = {megapixels(w * h)} megapixels, "
                f"over the limit of {megapixels(max_pixels)} (--max-pixels)")


# text this many pixels tall (its font size) is about the least OCR reads reliably
MIN_TEXT_PX = 16.0


def content_dpi(page) -> Tuple[float, float]:
    """The resolution a page's content needs: (its images at their own resolution, its text
    (median font size) at ``MIN_TEXT_PX`` pixels); 0 for what it does not have or cannot be
    measured."""
    images = text = 0.0
    try:
        for info in page.get_image_info():
            r = info["bbox"]
            w_in, h_in = abs(r[2] - r[0]) / 72.0, abs(r[3] - r[1]) / 72.0
            if w_in > 0 and h_in > 0:
                images = max(images, info["width"] / w_in, info["height"] / h_in)
        sizes = [s["size"] for b in page.get_text("dict")["blocks"] for l in b.get("lines", ())
                 for s in l["spans"] if s["text"].strip() and s["size"] > 0]
        if sizes:
            sizes.sort()
            text = MIN_TEXT_PX * 72.0 / sizes[len(sizes) // 2]
    except Exception:  # what cannot be measured does not make the page refused
        pass
    return images, text


def _draws_nothing(page) -> bool:
    try:
        return not page.read_contents().strip() and page.first_annot is None
    except Exception:
        return False


def fit_dpi(page, number: int, dpi: float, max_pixels: int) -> Tuple[float, Optional[str]]:
    """The dpi to render a PDF page at for OCR, and a note when it is not ``dpi``: a page
    larger than --max-pixels at ``dpi`` (a poster, or a page enlarged with ``/UserUnit``) at
    the highest whole dpi that fits (no more than a scan's image has), unless its content needs
    more than twice that (its images' own resolution, or its text's size), or it draws nothing
    at all: that page is refused, naming the limit."""
    w_in, h_in = page.rect.width / 72.0, page.rect.height / 72.0
    dpi = float(int(dpi))
    if w_in * h_in * dpi * dpi <= max_pixels or w_in <= 0 or h_in <= 0:
        return dpi, None
    check_images(page, number, max_pixels)  # an image bomb is refused before it is measured
    fit = float(int((max_pixels / (w_in * h_in)) ** 0.5))
    while fit > 1 and round(w_in * fit) * round(h_in * fit) > max_pixels:
        fit -= 1
    images, text = content_dpi(page)
    need = min(max(images, text), dpi)
    px = w_in * h_in * dpi * dpi
    if fit < 1 or need > 2 * fit or _draws_nothing(page):
        why = ("no resolution fits" if fit < 1 else
               f"the {fit:.0f} dpi that fits is too coarse for its content, which needs about "
               f"{need:.0f} dpi" if need > 2 * fit else
               "it draws nothing to read at a lower resolution")
        raise DocumentError(
            f"page {number} is {w_in:.0f}x{h_in:.0f} inches: at {dpi:.4g} dpi that is "
            f"{px / 1e6:.0f} megapixels, over the limit (--max-pixels), and {why}")
    own = ""
    if images and not text and math.ceil(images) < fit:
        # a scan: more pixels than its image has add nothing but time (poster.pdf read in full
        # at 12 dpi; at the 34 that fit it would be 8 times the pixels)
        fit, own = float(math.ceil(images)), ", and its image's own resolution needs no more"
    unit = ""
    try:
        kind, value = page.parent.xref_get_key(page.xref, "UserUnit")
        if kind in ("int", "real") and float(value) != 1.0:
            unit = f", enlarged {float(value):g} times by /UserUnit"
    except Exception:
        pass
    return fit, (f"rendered at {fit:.0f} dpi, not {dpi:.0f}: the page is {w_in:.0f}x{h_in:.0f} "
                 f"inches{unit}, and {dpi:.0f} dpi would be {px / 1e6:.0f} megapixels, over the "
                 f"limit of {megapixels(max_pixels)} (--max-pixels){own}")


class PageRenderer:
    """The pages of one file (its bytes; ``file_type`` as ``sniff`` names it, found when not
    given) rendered or decoded one at a time within ``limits``: ``page_count``, ``render(n, res)``
    and ``pages(wanted, res)``. Use it as a context manager (it holds the open document)."""

    def __init__(self, data: bytes, file_type: Optional[str] = None, limits: Limits = Limits(),
                 password: Optional[str] = None):
        self.limits = limits
        self.spent = 0.0  # seconds of this document's time limit used
        self.data = data
        self.doc = None   # the PyMuPDF document of a PDF
        self.image = None  # the Pillow image of an image file
        self._decoded = 0  # the last frame decoded from ``image``
        if (file_type or sniff(data)) == "pdf":
            from .pdf import open_pdf

            self.doc = self._timed("the PDF", lambda: open_pdf(data, password))
            self.page_count = self.doc.page_count
        else:
            self.image = self._timed("the image", lambda: open_image(data, limits.max_pixels))
            self.page_count = self._timed("the image", lambda: count_frames(self.image))

    def __enter__(self) -> "PageRenderer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.doc is not None:
            self.doc.close()
        if self.image is not None:
            self.image.close()

    def pages(self, wanted: Iterable[int], res: Resolution) -> Iterator[Tuple[int, np.ndarray]]:
        """(page, RGB array) of the wanted pages that the file has, in page order."""
        for n in sorted(set(wanted)):
            if 1 <= n <= self.page_count:
                yield n, self.render(n, res)

    def render(self, number: int, res: Resolution, page=None) -> np.ndarray:
        """Page ``number`` (from 1) as an RGB array; ``page``: the PyMuPDF page, when the caller
        has it loaded already. Raises ``DocumentError`` for a page a guard refuses, or that
        cannot be read."""
        if not 1 <= number <= self.page_count:
            kind = "PDF" if self.doc is not None else "image"
            raise DocumentError(f"the {kind} has no page {number}")
        if self.doc is not None:
            return self._timed(f"page {number}", lambda: self._pdf_page(number, res, page))
        return self._timed(f"page {number}", lambda: self._image_page(number, res))

    def _timed(self, what: str, work: Callable[[], T]) -> T:
        """``work()`` within what is left of the document's time limit."""
        timeout = self.limits.timeout
        left = timeout - self.spent if timeout else None
        t0 = time.monotonic()
        try:
            if left is not None and left <= 0:
                raise RenderTimeout(timeout)
            with time_limit(left, RenderTimeout):
                return work()
        except RenderTimeout:
            raise DocumentError(f"{what}: reading and rendering the document took longer than "
                                f"the limit of {timeout:g} s (--doc-timeout)") from None
        finally:
            self.spent += time.monotonic() - t0

    def _pdf_page(self, n: int, res: Resolution, page) -> np.ndarray:
        import pymupdf

        max_pixels = self.limits.max_pixels
        try:
            page = page if page is not None else self.doc.load_page(n - 1)
            rect = page.rect
        except Exception as e:
            raise DocumentError(f"page {n} of the PDF cannot be read: {_mupdf(e)}")
        zoom = res.zoom(rect.width, rect.height)
        dpi = res.dpi if res.dpi is not None else zoom * 72.0
        px = (rect.width * dpi / 72.0) * (rect.height * dpi / 72.0)
        if px > max_pixels:
            raise DocumentError(
                f"page {n} is {rect.width / 72:.0f}x{rect.height / 72:.0f} inches: at {dpi:.4g} "
                f"dpi that is {px / 1e6:.0f} megapixels, over the limit (--max-pixels)")
        check_pixels(round(rect.width * dpi / 72.0), round(rect.height * dpi / 72.0), max_pixels,
                     f"page {n} rendered at {dpi:.4g} dpi")
        try:
            check_images(page, n, max_pixels)
            pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csRGB,
                                  alpha=False)
            img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3).copy()
            del pix
        except DocumentError:
            raise
        except Exception as e:
            raise DocumentError(f"page {n} of the PDF cannot be read: {_mupdf(e)}")
        finally:
            # MuPDF keeps decoded images in its store; on a long scanned PDF that grows by every
            # page's image (measured: 12 pages, peak RSS 981 MB without this and trimming, 815)
            pymupdf.TOOLS.store_shrink(100)
        return img

    def _image_page(self, n: int, res: Resolution) -> np.ndarray:
        max_pixels = self.limits.max_pixels
        if n <= self._decoded:  # a frame again, or an earlier one: from the start (no draft)
            self.image.close()
            self.image = open_image(self.data, max_pixels)
        self._decoded = n
        im = self.image
        try:
            with pillow_limit(max_pixels):
                if im.tell() != n - 1:
                    im.seek(n - 1)
                w, h = im.size
                check_pixels(w, h, max_pixels, f"page {n}")
                s = res.max_side / max(w, h) if res.jpeg_draft and res.max_side else 1.0
                if s < 1 and im.format == "JPEG":  # decode at 1/2, 1/4, 1/8 size: much faster
                    im.draft("RGB", (max(1, int(w * s)), max(1, int(h * s))))
                im.load()
                try:
                    upright = ImageOps.exif_transpose(im) or im  # as the page is meant to be seen
                except Exception:  # a broken EXIF block: the pixels are still good
                    upright = im
                return to_rgb(upright)
        except (DocumentError, MemoryError):
            raise
        except Exception as e:
            raise DocumentError(f"image data is corrupt or truncated (page {n}): {explain(e)}")


def render_pages(source: Union[bytes, str, Path], pages: Iterable[int], res: Resolution,
                 limits: Limits = Limits(), password: Optional[str] = None,
                 sha256: Optional[str] = None, max_file_bytes: Optional[int] = None
                 ) -> Iterator[Tuple[int, np.ndarray]]:
    """(page, RGB array) of the wanted ``pages`` of a file, given as its bytes or its path (read
    here, at most ``max_file_bytes``; when ``sha256`` is given the file must still have it)."""
    if isinstance(source, (bytes, bytearray)):
        data, file_type = bytes(source), None
    else:
        f = read_input(Path(source), max_file_bytes)
        if sha256 and f.sha256 != sha256:
            raise DocumentError("the file changed since it was read (its sha256 differs)")
        data, file_type = f.data, f.file_type
    with PageRenderer(data, file_type, limits, password) as doc:
        yield from doc.pages(pages, res)


def _mupdf(e: Exception) -> str:
    return re.sub(r"^code=\d+: ", "", str(e))  # MuPDF's error code means nothing to a person
