"""Read one input file: its identity (sha256, size), its type (from its bytes, not its name) and
its pages, each either text from a PDF text layer or an RGB image to OCR."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Optional, Set

import numpy as np

from pipeline.document import Line
from pipeline.errors import DocumentError
from pipeline.ingest.images import count_frames, image_pages, open_image


@dataclass
class IngestOptions:
    dpi: float = 200.0
    max_pixels: int = 150_000_000
    use_text_layer: bool = True
    pdf_password: Optional[str] = None

    def key(self) -> dict:
        return {"dpi": self.dpi, "use_text_layer": self.use_text_layer}


@dataclass
class SourcePage:
    number: int
    width: float
    height: float
    units: str            # px | pt
    dpi: Optional[float]
    lines: Optional[List[Line]]   # text-layer lines, or None when ``image`` needs OCR
    image: Optional[np.ndarray]   # RGB
    scale: float = 1.0    # page units per image pixel (72/dpi for rendered PDF pages)


@dataclass
class InputFile:
    path: Path
    data: bytes
    sha256: str
    file_type: str

    @property
    def size(self) -> int:
        return len(self.data)


def sniff(data: bytes) -> str:
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    sigs = [(b"\xff\xd8\xff", "jpeg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"II*\x00", "tiff"),
            (b"MM\x00*", "tiff"), (b"BM", "bmp"), (b"GIF87a", "gif"), (b"GIF89a", "gif")]
    for sig, kind in sigs:
        if data.startswith(sig):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return "unknown"


def read_input(path: Path) -> InputFile:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DocumentError("file disappeared before it could be read")
    except PermissionError:
        raise DocumentError("permission denied: the file cannot be read")
    except IsADirectoryError:
        raise DocumentError("is a directory, not a file")
    except OSError as e:
        raise DocumentError(f"cannot be read: {e.strerror or e}")
    return InputFile(Path(path), data, hashlib.sha256(data).hexdigest(), sniff(data))


def page_count(f: InputFile, opts: IngestOptions) -> int:
    if f.file_type == "pdf":
        from pipeline.ingest.pdf import open_pdf  # PyMuPDF takes a second to import: only for PDFs

        doc = open_pdf(f.data, opts.pdf_password)
        n = doc.page_count
        doc.close()
        return n
    return count_frames(open_image(f.data, opts.max_pixels))


def iter_pages(f: InputFile, opts: IngestOptions,
               skip: Optional[Set[int]] = None) -> Iterator[SourcePage]:
    """The pages of a file in order; pages in ``skip`` are counted but not decoded (their
    SourcePage has neither lines nor image)."""
    skip = skip or set()
    if not f.data:
        raise DocumentError("file is empty (0 bytes)")
    if f.file_type == "pdf":
        from pipeline.ingest.pdf import open_pdf, pdf_pages

        doc = open_pdf(f.data, opts.pdf_password)
        try:
            for p in pdf_pages(doc, opts.dpi, opts.max_pixels, opts.use_text_layer, skip):
                if p.number in skip:
                    yield SourcePage(p.number, p.width, p.height, "pt", None, None, None)
                elif p.lines is not None:
                    yield SourcePage(p.number, p.width, p.height, "pt", None, p.lines, None)
                else:
                    yield SourcePage(p.number, p.width, p.height, "pt", p.dpi, None, p.image,
                                     scale=72.0 / p.dpi)
        finally:
            doc.close()
        return
    if f.file_type == "unknown" and f.path.suffix.lower() == ".pdf":
        raise DocumentError("not a PDF: the file has a .pdf name but no PDF header")
    for number, rgb in image_pages(f.data, opts.max_pixels, skip):
        if rgb is None:
            yield SourcePage(number, 0.0, 0.0, "px", None, None, None)
            continue
        h, w = rgb.shape[:2]
        yield SourcePage(number, float(w), float(h), "px", None, None, rgb)
