"""Read one input file: its identity (sha256, size), its type (from its bytes, not its name) and
its pages, each either text from a PDF text layer or an RGB image to OCR."""
from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, List, Optional, Set, Tuple

import numpy as np

from ..document import Line
from ..errors import DocumentError, UsageError
from .limits import DEFAULT_DOC_TIMEOUT, DEFAULT_MAX_PIXELS, Limits
from ..options.model import result_field, results_key


@lru_cache(maxsize=64)
def parse_pages(spec: str) -> Tuple[Tuple[int, Optional[int]], ...]:
    """'1-3,7,10-' -> ((1, 3), (7, 7), (10, None)): sorted, overlaps merged; None is the end."""
    ranges = []
    for part in spec.replace(" ", "").split(","):
        m = re.fullmatch(r"(\d+)(?:(-)(\d*))?", part)
        if not m:
            raise UsageError(f"--pages {spec!r}: {part!r} is not a page or a range such as 1-3, "
                             "7 or 10- (pages count from 1)")
        a = int(m.group(1))
        b = (int(m.group(3)) if m.group(3) else None) if m.group(2) else a
        if a < 1 or (b is not None and b < a):
            raise UsageError(f"--pages {spec!r}: {part!r} is not a range of pages from 1")
        ranges.append((a, b))
    ranges.sort(key=lambda r: r[0])
    merged: List[Tuple[int, Optional[int]]] = []
    for a, b in ranges:
        if merged and (merged[-1][1] is None or a <= merged[-1][1] + 1):
            pa, pb = merged[-1]
            merged[-1] = (pa, None if pb is None or b is None else max(pb, b))
        else:
            merged.append((a, b))
    return tuple(merged)


def format_pages(ranges) -> str:
    return ",".join(str(a) if a == b else f"{a}-{'' if b is None else b}" for a, b in ranges)


TEXT_LAYER = ("auto", "trust", "ignore")


@dataclass
class IngestOptions:
    # result fields change what a page yields; limits (pages, time, size) make error rows, not
    # different pages, so they stay out of the key and do not invalidate caches
    dpi: float = result_field(200.0)
    max_pixels: int = DEFAULT_MAX_PIXELS
    use_text_layer: bool = result_field(True)  # False (--ocr-all): text_layer "ignore"
    pdf_password: Optional[str] = None
    max_pages: int = 2000                 # a document with more pages (to process) is an error
    pages: Optional[str] = result_field(None)  # page selection, "1-3,7"; None: every page
    doc_timeout: Optional[float] = DEFAULT_DOC_TIMEOUT  # seconds per document; None or 0: no limit
    max_file_bytes: Optional[int] = 1 << 30   # larger files are error rows, never read
    # auto: a PDF page's text layer when it reads as text (pipeline.ingest.text_check), else OCR;
    # trust: any text layer; ignore: OCR every page (what use_text_layer=False means)
    text_layer: str = result_field("auto")

    def __post_init__(self):
        if self.text_layer not in TEXT_LAYER:
            raise UsageError(f"--text-layer {self.text_layer!r}: expected one of "
                             + ", ".join(TEXT_LAYER))
        if not self.use_text_layer:
            self.text_layer = "ignore"
        self.use_text_layer = self.text_layer != "ignore"
        if self.pages is not None:  # normalised, so "1-3, 2-4" and "1-4" share cache entries
            self.pages = format_pages(parse_pages(str(self.pages))) or None

    def key(self) -> dict:
        return results_key(self)

    def selects(self, page: int) -> bool:
        if not self.pages:
            return True
        return any(a <= page and (b is None or page <= b) for a, b in parse_pages(self.pages))

    def selected_count(self, total: int) -> int:
        if not self.pages:
            return total
        return sum(max(0, min(total, total if b is None else b) - a + 1)
                   for a, b in parse_pages(self.pages))


class _Skip:
    """Pages not to decode: those the caller already has and those outside --pages."""

    def __init__(self, skip: Set[int], opts: IngestOptions):
        self.skip, self.opts = skip, opts

    def __contains__(self, page: int) -> bool:
        return page in self.skip or not self.opts.selects(page)


def check_page_count(total: int, opts: IngestOptions, what: str) -> None:
    """The cheap check before any page is decoded: more pages to process than --max-pages."""
    n = opts.selected_count(total)
    if n > opts.max_pages:
        sel = f" ({n} selected by --pages)" if opts.pages else ""
        raise DocumentError(f"{what} has {total} pages{sel}, over the limit of {opts.max_pages} "
                            "(--max-pages; --pages selects which pages to process)")


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
    note: Optional[str] = None  # why the page was read so (a text layer not trusted, a fitted dpi)


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
    # an image signature at byte 0 wins over a "%PDF-" further in (a JPEG whose comment says
    # %PDF- is a JPEG); a PDF may have junk before its header, so that is searched for
    sigs = [(b"\xff\xd8\xff", "jpeg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"II*\x00", "tiff"),
            (b"MM\x00*", "tiff"), (b"GIF87a", "gif"), (b"GIF89a", "gif")]
    for sig, kind in sigs:
        if data.startswith(sig):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"BM"):  # two bytes only: after the PDF search
        return "bmp"
    return "unknown"


_KINDS = [(stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")]


def read_input(path: Path, max_bytes: Optional[int] = None) -> InputFile:
    """The file's bytes, hash and type. Only a regular file is read: it is opened without
    blocking (a named pipe would wait forever for a writer) and its type checked on the open
    descriptor; one over ``max_bytes`` is refused before it is read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            raise DocumentError("broken symbolic link: its target does not exist")
        raise DocumentError("file disappeared before it could be read")
    except PermissionError:
        raise DocumentError("permission denied: the file cannot be read")
    except IsADirectoryError:
        raise DocumentError("is a directory, not a file")
    except OSError as e:
        raise DocumentError(f"cannot be read: {e.strerror or e}")
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise DocumentError("is a directory, not a file")
        if not stat.S_ISREG(st.st_mode):
            kind = next((name for test, name in _KINDS if test(st.st_mode)), "a special file")
            raise DocumentError(f"not a regular file ({kind}): not read")
        if max_bytes and st.st_size > max_bytes:
            raise DocumentError(f"file is {st.st_size / 2 ** 20:,.0f} MiB, over the limit of "
                                f"{max_bytes / 2 ** 20:,.0f} MiB (--max-file-size)")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read() if not max_bytes else fh.read(max_bytes + 1)
        if max_bytes and len(data) > max_bytes:  # it grew while we read it
            raise DocumentError(f"file is over the limit of {max_bytes / 2 ** 20:,.0f} MiB "
                                "(--max-file-size)")
    except OSError as e:
        raise DocumentError(f"cannot be read: {e.strerror or e}")
    finally:
        os.close(fd)
    return InputFile(Path(path), data, hashlib.sha256(data).hexdigest(), sniff(data))


def iter_pages(f: InputFile, opts: IngestOptions,
               skip: Optional[Set[int]] = None) -> Iterator[SourcePage]:
    """The pages of a file in order; pages in ``skip`` or outside ``opts.pages`` are counted but
    not decoded (their SourcePage has neither lines nor image). The page count is checked
    against ``opts.max_pages`` before any page is decoded; every page decoded or rendered is
    checked against --max-pixels, and their time against --doc-timeout."""
    from .render import PageRenderer, Resolution

    skip = _Skip(set(skip or ()), opts)
    if not f.data:
        raise DocumentError("file is empty (0 bytes)")
    if f.file_type == "unknown" and f.path.suffix.lower() == ".pdf":
        raise DocumentError("not a PDF: the file has a .pdf name but no PDF header")
    with PageRenderer(f.data, f.file_type, Limits.of(opts), opts.pdf_password) as pages:
        if pages.doc is not None:
            from .pdf import pdf_pages

            check_page_count(pages.page_count, opts, "PDF")
            for p in pdf_pages(pages, opts.dpi, opts.use_text_layer, skip, opts.text_layer):
                if p.number in skip:
                    yield SourcePage(p.number, p.width, p.height, "pt", None, None, None)
                elif p.lines is not None:
                    yield SourcePage(p.number, p.width, p.height, "pt", None, p.lines, None)
                else:
                    yield SourcePage(p.number, p.width, p.height, "pt", p.dpi, None, p.image,
                                     scale=72.0 / p.dpi, note=p.note)
            return
        check_page_count(pages.page_count, opts, "image")
        full = Resolution(dpi=opts.dpi)  # an image file's pages are decoded at their own size
        for number in range(1, pages.page_count + 1):
            if number in skip:
                yield SourcePage(number, 0.0, 0.0, "px", None, None, None)
                continue
            rgb = pages.render(number, full)
            h, w = rgb.shape[:2]
            yield SourcePage(number, float(w), float(h), "px", None, None, rgb)
