"""Page images for a model: read a page again in the driver (the OCR workers send no pixels
back), fit it within ``max_side`` pixels and encode it as JPEG or PNG."""
from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Dict, Iterable, Optional

import numpy as np
from PIL import Image as PILImage

from pipeline.errors import DocumentError
from pipeline.ingest.document import IngestOptions, read_input
from pipeline.vlm.backend import Image

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


def page_images(path, sha256: Optional[str], pages: Iterable[int], max_side: int = 1024,
                ingest: Optional[IngestOptions] = None) -> Dict[int, np.ndarray]:
    """{page: RGB array} of the wanted pages of one file. PDF pages (text layer or not) are
    rendered at the resolution that makes their long side ``max_side`` pixels (at most
    ``ingest.dpi``). Raises ``DocumentError`` when the file cannot be read or has changed since
    it was hashed (``sha256``)."""
    ingest = ingest or IngestOptions()
    want = sorted(set(pages))
    f = read_input(Path(path), ingest.max_file_bytes)
    if sha256 and f.sha256 != sha256:
        raise DocumentError("the file changed since it was read")
    out: Dict[int, np.ndarray] = {}
    if f.file_type == "pdf":
        import pymupdf

        from pipeline.ingest.pdf import open_pdf

        doc = open_pdf(f.data, ingest.pdf_password)
        try:
            for n in want:
                if not 1 <= n <= doc.page_count:
                    continue
                page = doc.load_page(n - 1)
                long_pt = max(page.rect.width, page.rect.height) or 1.0
                dpi = max(36, min(ingest.dpi, round(max_side * 72.0 / long_pt)))
                pix = page.get_pixmap(dpi=int(dpi), colorspace=pymupdf.csRGB, alpha=False)
                out[n] = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width,
                                                                      3).copy()
        finally:
            doc.close()
        return out
    from pipeline.ingest.images import count_frames, image_pages, open_image

    total = count_frames(open_image(f.data, ingest.max_pixels))
    skip = frozenset(range(1, total + 1)) - frozenset(want)
    for n, rgb in image_pages(f.data, ingest.max_pixels, skip):
        if rgb is not None:
            out[n] = rgb
    return out
