"""Page images for a model: read a page again in the driver (the OCR workers send no pixels
back), fit it within ``max_side`` pixels and encode it as JPEG or PNG."""
from __future__ import annotations

import hashlib
import io
from typing import Dict, Iterable, Optional

import numpy as np
from PIL import Image as PILImage

from ..ingest.document import IngestOptions
from ..ingest.limits import Limits
from ..ingest.render import Resolution, render_pages
from .backend import Image

JPEG_QUALITY = 90


def encode(rgb: np.ndarray, max_side: int = 1024, fmt: str = "jpeg") -> Image:
    """An RGB array as an encoded image whose long side is at most ``max_side`` pixels (never
    enlarged). The same pixels and options give the same bytes (and the same cache key)."""
    im = PILImage.fromarray(np.ascontiguousarray(rgb[..., :3]).astype(np.uint8), "RGB")
    w, h = im.size
    s = min(1.0, max_side / max(w, h))
    if s < 1.0:
        im = im.resize((max(1, round(w * s)), max(1, round(h * s))), PILImage.LANCZOS)
    buf = io.BytesIO()
    if fmt == "png":
        im.save(buf, "PNG", optimize=False)
        mime = "image/png"
    else:
        im.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False)
        mime = "image/jpeg"
    data = buf.getvalue()
    return Image(data, mime, hashlib.sha256(data).hexdigest(), im.size[0], im.size[1])


def resolution(max_side: int, ingest: IngestOptions) -> Resolution:
    """PDF pages (text layer or not) at the whole dpi that makes their long side ``max_side``
    pixels, between 36 dpi and ``ingest.dpi``; image files at their own size."""
    return Resolution(max_side=max_side, min_dpi=36, max_dpi=ingest.dpi)


def page_images(path, sha256: Optional[str], pages: Iterable[int], max_side: int = 1024,
                ingest: Optional[IngestOptions] = None) -> Dict[int, np.ndarray]:
    """{page: RGB array} of the wanted pages of one file (see ``resolution``), within the
    limits of ``ingest`` (--max-pixels, --doc-timeout). Raises ``DocumentError`` when the file
    cannot be read, has changed since it was hashed (``sha256``) or a page is refused."""
    ingest = ingest or IngestOptions()
    return dict(render_pages(path, pages, resolution(max_side, ingest), Limits.of(ingest),
                             ingest.pdf_password, sha256, ingest.max_file_bytes))
