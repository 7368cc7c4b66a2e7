"""Make the corpus of hostile and broken inputs in this folder (``python make_bad.py``).

Every file is tiny and made from scratch (Pillow, PyMuPDF, or bytes written by hand), so the
script is the documentation of what each file is. ``CORPUS`` lists every committed file with what
it is and the outcome ``mmbatch extract`` must give it (``tests/test_bad_inputs.py`` and
``bench/bad_inputs_bench.py`` check exactly this table; README.md shows it). Inputs that cannot be
committed portably (a symlink loop, a named pipe, permissions, a name that is not UTF-8, a file
deleted mid-run, a 5,000-page PDF, a sparse multi-GB file) are made at test time by
``make_runtime`` below.

Outputs are byte for byte the same each time except ``encrypted.pdf`` (AES uses a random IV),
``pdf_named.png`` and ``embedded_traversal.pdf`` (PyMuPDF writes a random ``/ID``).
"""
from __future__ import annotations

import io
import os
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional

HERE = Path(__file__).resolve().parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
PASSWORD = "mmbatch"  # of encrypted.pdf


@dataclass(frozen=True)
class Kind:
    what: str
    status: str                 # ok | error
    message: str = ""           # substring of documents.error (status error)
    text: str = ""              # substring of the pages' text (status ok), when stable
    pages: Optional[int] = None  # page_count of an ok row


# file name -> what it is and the expected outcome (options: the defaults)
CORPUS: Dict[str, Kind] = {
    "empty.jpg": Kind("zero-byte file", "error", "file is empty (0 bytes)"),
    "truncated.jpg": Kind("JPEG cut at 60% of its bytes", "error",
                          "image data is corrupt or truncated (page 1)"),
    "truncated.png": Kind("PNG cut in the middle of its IDAT chunk", "error",
                          "image data is corrupt or truncated (page 1)"),
    "bad_crc_header.png": Kind("PNG whose IHDR chunk has a wrong CRC", "error",
                               "not a readable image: unknown or corrupt format"),
    "bad_crc_data.png": Kind("PNG whose IDAT chunk has a wrong CRC but intact data (Pillow does "
                             "not check IDAT CRCs)", "ok", text="INVOICE", pages=1),
    "random_bytes.png": Kind("2 KB of random bytes named .png", "error",
                             "not a readable image: unknown or corrupt format"),
    "html_named.jpg": Kind("an HTML page named .jpg", "error",
                           "not a readable image: unknown or corrupt format"),
    "zero_width.png": Kind("PNG header declaring 0x10 pixels", "error",
                           "not a readable image: unknown or corrupt format"),
    "bomb.png": Kind("decompression bomb: a 69-byte PNG declaring 100000x100000 pixels", "error",
                     "image is 100000x100000 = 10,000 megapixels, over the limit of 150 "
                     "(--max-pixels)"),
    "bomb.gif": Kind("decompression bomb: GIF declaring 65535x65535", "error",
                     "image is 65535x65535 = 4,295 megapixels, over the limit of 150"),
    "bomb.tif": Kind("decompression bomb: TIFF declaring 100000x100000", "error",
                     "image is 100000x100000 = 10,000 megapixels, over the limit of 150"),
    "bomb.jpg": Kind("decompression bomb: JPEG whose SOF declares 65500x65500", "error",
                     "image is 65500x65500 = 4,290 megapixels, over the limit of 150"),
    "bomb.bmp": Kind("decompression bomb: BMP declaring 100000x100000", "error",
                     "image is 100000x100000 = 10,000 megapixels, over the limit of 150"),
    "bomb.webp": Kind("decompression bomb: lossless WebP declaring 16384x16384", "error",
                      "image is 16384x16384 = 268 megapixels, over the limit of 150"),
    "bomb_ztxt.png": Kind("10x10 PNG whose zTXt comment inflates to 8 MB", "error",
                          "a compressed metadata chunk expands to too much data"),
    "bomb_page2.tif": Kind("2-page TIFF: page 1 is 40x40, page 2 declares 100000x100000",
                           "error", "page 2 is 100000x100000 = 10,000 megapixels"),
    "thin_1x100000.png": Kind("an image of 1x100000 pixels", "error",
                              "one side is more than 100 times the other"),
    "gray16.tif": Kind("16-bit grayscale TIFF", "ok", text="INVOICE", pages=1),
    "cmyk.tif": Kind("CMYK TIFF", "ok", text="INVOICE", pages=1),
    "animated.gif": Kind("3-frame animated GIF (the first frame is the page)", "ok",
                         text="INVOICE", pages=1),
    "tiff_bad_page2.tif": Kind("2-page TIFF whose second page's data lies past the end of the "
                               "file", "error", "image data is corrupt or truncated (page 2)"),
    "png_named.jpg": Kind("misleading extension: a PNG named .jpg", "ok", text="INVOICE",
                          pages=1),
    "pdf_named.png": Kind("misleading extension: a PDF (text layer) named .png", "ok",
                          text="Named like a picture", pages=1),
    "jpeg_with_pdf_marker.jpg": Kind("JPEG whose comment segment holds '%PDF-1.7' (once sniffed "
                                     "as a PDF)", "ok", text="INVOICE", pages=1),
    "bad_exif.jpg": Kind("JPEG with a corrupt EXIF block", "ok", text="INVOICE", pages=1),
    "not_a_pdf.pdf": Kind("a text file named .pdf", "error",
                          "not a PDF: the file has a .pdf name but no PDF header"),
    "truncated.pdf": Kind("PDF cut in its xref table (MuPDF would rebuild it from "
                          "what is left)", "error", "PDF is truncated: it has no end-of-file "
                          "marker"),
    "truncated_early.pdf": Kind("PDF (compressed object streams) cut at 45% of its bytes",
                                "error", "not a readable PDF: damaged beyond repair"),
    "encrypted.pdf": Kind(f"AES-256 encrypted PDF, user password {PASSWORD!r} (ok with "
                          f"--pdf-password {PASSWORD})", "error",
                          "PDF is encrypted and needs a password"),
    "zero_pages.pdf": Kind("PDF whose page tree has /Count 0 and no kids (hand-written)", "error",
                           "PDF has no pages"),
    "deep_nesting.pdf": Kind("PDF whose catalog holds arrays nested 5,000 deep", "error",
                             "PDF has no pages"),
    "huge_page.pdf": Kind("PDF with one blank 200 x 200 inch page", "error",
                          "page 1 is 200x200 inches: at 200 dpi that is 1600 megapixels, over "
                          "the limit (--max-pixels)"),
    "thin_page.pdf": Kind("PDF page of 2 x 2000 points", "error",
                          "one side is more than 100 times the other"),
    "image_bomb.pdf": Kind("PDF page drawing a 100000x100000 image (a 10-byte stream)", "error",
                           "page 1 holds an image of 100000x100000 = 10,000 megapixels, over the "
                           "limit of 150 (--max-pixels)"),
    "broken_xref.pdf": Kind("PDF whose xref offsets are all wrong (MuPDF rebuilds it)", "ok",
                            text="Broken xref", pages=1),
    "leading_junk.pdf": Kind("PDF with 350 bytes of junk before %PDF-", "ok",
                             text="Junk before the header", pages=1),
    "page_tree_cycle.pdf": Kind("PDF whose page tree lists itself as its kid", "error",
                                "cycle in page tree"),
    "recursive_form.pdf": Kind("PDF page drawing a form XObject that draws itself (text on "
                               "the page is outside the form)", "ok", text="Recursive", pages=1),
    "embedded_traversal.pdf": Kind("PDF with an attachment named ../../evil.txt, a Launch "
                                   "action and JavaScript (never extracted or run)", "ok",
                                   text="Attachment inside", pages=1),
}

# made at test time (see make_runtime): name -> (what, status, message substring)
RUNTIME = {
    "loop/": ("a folder holding a symlink to itself (walked once)", "-", ""),
    "dangling.png": ("a symbolic link whose target does not exist", "error",
                     "broken symbolic link: its target does not exist"),
    "pipe.png": ("a named pipe (reading it would block forever)", "error",
                 "not a regular file (a named pipe): not read"),
    "unreadable.png": ("chmod 000 (root reads it anyway: then it is processed)", "error",
                       "permission denied: the file cannot be read"),
    "bad_\\xff\\xfe_name.png": ("a file name that is not UTF-8 (a valid PNG)", "ok", ""),
    "deleted.png": ("deleted between discovery and reading", "error",
                    "file disappeared before it could be read"),
    "pages_5000.pdf": ("5,000 blank 1-inch pages", "error",
                       "PDF has 5000 pages, over the limit of 2000 (--max-pages"),
    "sparse_2g.pdf": ("a sparse 2 GiB file (no disk used)", "error",
                      "over the limit of 1,024 MiB (--max-file-size)"),
}


# ----------------------------------------------------------------------------------- helpers

def _font(px: int):
    from PIL import ImageFont

    try:
        return ImageFont.truetype(FONT, px)
    except OSError:
        return ImageFont.load_default(size=px)


def text_image(mode: str = "RGB", text: str = "INVOICE 4711", size=(420, 110)):
    """White page with one line of black text (what OCR must read from the 'ok' images)."""
    from PIL import Image, ImageDraw

    im = Image.new("RGB", size, (255, 255, 255))
    ImageDraw.Draw(im).text((24, 28), text, font=_font(44), fill=(0, 0, 0))
    return im if mode == "RGB" else im.convert(mode)


def _save(im, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def _chunk(kind: bytes, data: bytes, crc: Optional[int] = None) -> bytes:
    c = zlib.crc32(kind + data) & 0xFFFFFFFF if crc is None else crc
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", c)


PNG_SIG = b"\x89PNG\r\n\x1a\n"


def png_declaring(w: int, h: int, extra: bytes = b"") -> bytes:
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)  # 8-bit grayscale
    return (PNG_SIG + _chunk(b"IHDR", ihdr) + extra + _chunk(b"IDAT", zlib.compress(b"\0" * 110))
            + _chunk(b"IEND", b""))


def tiff_pages(pages) -> bytes:
    """A little-endian grayscale TIFF written by hand: pages = [(w, h, strip bytes or None for
    a strip offset past the end of the file)]."""
    out = bytearray(b"II*\x00\x00\x00\x00\x00")
    ifd_offsets = []
    strips = []
    for w, h, data in pages:
        strips.append((len(out), len(data or b"")) if data is not None else (10 ** 8, w * h))
        out += data or b""
    for i, (w, h, _data) in enumerate(pages):
        if len(out) % 2:
            out += b"\0"
        ifd_offsets.append(len(out))
        off, n = strips[i]
        entries = [(256, 4, w), (257, 4, h), (258, 3, 8), (259, 3, 1), (262, 3, 1), (273, 4, off),
                   (277, 3, 1), (278, 4, h), (279, 4, n)]
        out += struct.pack("<H", len(entries))
        for tag, typ, val in entries:
            out += (struct.pack("<HHIHH", tag, typ, 1, val, 0) if typ == 3
                    else struct.pack("<HHII", tag, typ, 1, val))
        out += b"\0\0\0\0"  # next IFD: patched below
    struct.pack_into("<I", out, 4, ifd_offsets[0])
    for a, b in zip(ifd_offsets, ifd_offsets[1:]):
        n = struct.unpack_from("<H", out, a)[0]
        struct.pack_into("<I", out, a + 2 + 12 * n, b)
    return bytes(out)


def hand_pdf(objects, junk_offsets: bool = False) -> bytes:
    """A PDF written byte by byte: objects 1..n, a classic xref table and trailer (object 1 is
    the catalog). ``junk_offsets`` writes every xref offset 7 bytes off."""
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % (o + (7 if junk_offsets else 0))
    out += (b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, xref))
    return out


def _stream(data: bytes, head: bytes = b"") -> bytes:
    return b"<< " + head + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def one_page_pdf(content: bytes, mediabox: bytes = b"[0 0 300 200]", resources: bytes = b"",
                 extra_objects=(), catalog_extra: bytes = b"") -> bytes:
    """Catalog 1, pages 2, page 3, contents 4, Helvetica 5, then ``extra_objects`` from 6."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox " + mediabox
            + b" /Resources << /Font << /F1 5 0 R >> " + resources + b">> /Contents 4 0 R >>",
            _stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    return hand_pdf(objs + list(extra_objects))


def text_content(text: str, size: int = 20) -> bytes:
    return b"BT /F1 %d Tf 20 90 Td (%s) Tj ET" % (size, text.encode("latin-1"))


def pymupdf_pdf(text: str, **save) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=300, height=200)
    page.insert_text((20, 100), text, fontsize=18)
    return doc.tobytes(garbage=4, deflate=True, **save)


# ----------------------------------------------------------------------------------- the files

def build() -> Dict[str, bytes]:
    import random

    from PIL import Image

    rng = random.Random(7)
    files: Dict[str, bytes] = {}
    page = text_image()
    jpeg = _save(page, "JPEG", quality=85)
    png = _save(text_image("L"), "PNG", optimize=True)

    files["empty.jpg"] = b""
    files["truncated.jpg"] = jpeg[: len(jpeg) * 6 // 10]
    idat = png.index(b"IDAT")
    files["truncated.png"] = png[: idat + 4 + (struct.unpack(">I", png[idat - 4:idat])[0] // 2)]
    bad = bytearray(png)
    bad[29] ^= 0xFF  # the IHDR CRC: bytes 29..32 (8 signature + 8 chunk head + 13 data)
    files["bad_crc_header.png"] = bytes(bad)
    bad = bytearray(png)
    n = struct.unpack(">I", png[idat - 4:idat])[0]
    bad[idat + 4 + n] ^= 0xFF  # the IDAT CRC
    files["bad_crc_data.png"] = bytes(bad)
    files["random_bytes.png"] = bytes(rng.randrange(256) for _ in range(2048))
    files["html_named.jpg"] = (b"<!doctype html><html><head><title>Not an image</title></head>"
                               b"<body><p>404 Not Found</p></body></html>\n")
    files["zero_width.png"] = png_declaring(0, 10)

    # decompression bombs: tiny files declaring gigantic images
    files["bomb.png"] = png_declaring(100000, 100000)
    gif = bytearray(_save(Image.new("P", (10, 10), 1), "GIF"))
    gif[6:10] = struct.pack("<HH", 65535, 65535)  # logical screen
    d = gif.index(b"\x2c")  # image descriptor
    gif[d + 5:d + 9] = struct.pack("<HH", 65535, 65535)
    files["bomb.gif"] = bytes(gif)
    files["bomb.tif"] = tiff_pages([(100000, 100000, b"\0" * 16)])
    jpg = bytearray(_save(Image.new("L", (16, 16), 200), "JPEG"))
    sof = jpg.index(b"\xff\xc0")
    jpg[sof + 5:sof + 9] = struct.pack(">HH", 65500, 65500)
    files["bomb.jpg"] = bytes(jpg)
    bmp = bytearray(_save(Image.new("RGB", (4, 4)), "BMP"))
    bmp[18:26] = struct.pack("<ii", 100000, 100000)
    files["bomb.bmp"] = bytes(bmp)
    webp = bytearray(_save(Image.new("RGB", (4, 4), (255, 255, 255)), "WEBP", lossless=True))
    assert webp[12:16] == b"VP8L"
    bits = struct.unpack("<I", webp[21:25])[0]
    bits = (16384 - 1) | ((16384 - 1) << 14) | (bits & ~((1 << 28) - 1))
    webp[21:25] = struct.pack("<I", bits)
    files["bomb.webp"] = bytes(webp)
    ztxt = b"Comment\0\0" + zlib.compress(b"A" * (8 << 20), 9)
    files["bomb_ztxt.png"] = png_declaring(10, 10, _chunk(b"zTXt", ztxt))
    files["bomb_page2.tif"] = tiff_pages([(40, 40, b"\xff" * 1600), (100000, 100000, b"\0" * 16)])
    files["thin_1x100000.png"] = _save(Image.new("L", (1, 100000), 255), "PNG", optimize=True)

    # odd but valid images: processed
    g16 = (__import__("numpy").asarray(text_image("L"), dtype="uint16") * 257)
    files["gray16.tif"] = _save(Image.fromarray(g16), "TIFF", compression="tiff_adobe_deflate")
    files["cmyk.tif"] = _save(text_image("CMYK"), "TIFF", compression="tiff_lzw")
    frames = [text_image("P"), text_image("P", "OTHER 1"), text_image("P", "OTHER 2")]
    files["animated.gif"] = _save(frames[0], "GIF", save_all=True, append_images=frames[1:],
                                  duration=100, loop=0)
    files["tiff_bad_page2.tif"] = tiff_pages([(40, 40, b"\xff" * 1600), (40, 40, None)])
    files["png_named.jpg"] = png
    files["pdf_named.png"] = pymupdf_pdf("Named like a picture")
    files["jpeg_with_pdf_marker.jpg"] = jpeg[:2] + (b"\xff\xfe" + struct.pack(">H", 2 + 40)
                                                     + b"%PDF-1.7 this is a JPEG comment......."
                                                     b"..") + jpeg[2:]
    app1 = b"Exif\0\0" + b"II*\x00\x08\x00\x00\x00" + b"\xff\xff" + b"\x12\x01" * 40
    files["bad_exif.jpg"] = (jpeg[:2] + b"\xff\xe1" + struct.pack(">H", 2 + len(app1)) + app1
                             + jpeg[2:])

    # PDFs
    files["not_a_pdf.pdf"] = b"Quarterly report\n\nThis is plain text saved with a .pdf name.\n"
    whole = one_page_pdf(text_content("Cut short before its end"))
    files["truncated.pdf"] = whole[: whole.index(b"xref") + 30]  # all objects, half an xref
    whole = pymupdf_pdf("This file was cut short before its end")
    files["truncated_early.pdf"] = whole[: len(whole) * 45 // 100]
    files["encrypted.pdf"] = pymupdf_pdf("Encrypted text", encryption=5,  # PDF_ENCRYPT_AES_256
                                         user_pw=PASSWORD, owner_pw="owner-" + PASSWORD)
    files["zero_pages.pdf"] = hand_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                        b"<< /Type /Pages /Kids [] /Count 0 >>"])
    files["deep_nesting.pdf"] = one_page_pdf(text_content("Deep"),
                                             catalog_extra=b"/Deep " + b"[" * 5000 + b"]" * 5000)
    files["huge_page.pdf"] = one_page_pdf(b"", mediabox=b"[0 0 14400 14400]")
    files["thin_page.pdf"] = one_page_pdf(b"", mediabox=b"[0 0 2 2000]")
    files["image_bomb.pdf"] = one_page_pdf(
        b"q 300 0 0 200 0 0 cm /Im1 Do Q", resources=b"/XObject << /Im1 6 0 R >>",
        extra_objects=[_stream(b"0123456789", b"/Type /XObject /Subtype /Image /Width 100000 "
                               b"/Height 100000 /ColorSpace /DeviceGray /BitsPerComponent 8")])
    files["broken_xref.pdf"] = hand_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 5 0 R"
         b" >> >> /Contents 4 0 R >>", _stream(text_content("Broken xref")),
         b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"], junk_offsets=True)
    files["leading_junk.pdf"] = (b"X-Mailer junk line that is not part of the PDF\n" * 7
                                 + one_page_pdf(text_content("Junk before the header")))
    files["page_tree_cycle.pdf"] = hand_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                             b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])
    files["recursive_form.pdf"] = one_page_pdf(
        text_content("Recursive form") + b" q /X1 Do Q", resources=b"/XObject << /X1 6 0 R >>",
        extra_objects=[_stream(b"/X1 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 300 200] "
                               b"/Resources << /XObject << /X1 6 0 R >> >>")])
    files["embedded_traversal.pdf"] = _embedded_traversal()
    return files


def _embedded_traversal() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=300, height=200)
    page.insert_text((20, 100), "Attachment inside", fontsize=18)
    doc.embfile_add("../../evil.txt", b"written outside the dataset?\n", filename="../../evil.txt",
                    ufilename="/tmp/evil.txt")
    data = doc.tobytes(garbage=4, deflate=True)
    # an open action that would launch a program and run JavaScript in a viewer
    action = (b"/OpenAction << /S /JavaScript /JS (app.alert\\('hi'\\);) /Next << /S /Launch "
              b"/F (../../evil.sh) >> >>")
    return data.replace(b"/Type/Catalog", b"/Type/Catalog" + action, 1)


# ------------------------------------------------------------------------- made at test time

def make_runtime(folder: Path, with_pages_5000: bool = True) -> Dict[str, Path]:
    """The inputs that cannot be committed portably, made in ``folder``; returns name -> path
    (the non-UTF-8 name as Python sees it, with surrogate escapes). The caller makes
    ``deleted.png`` vanish between discovery and reading. Each PNG has its own text, so no two
    inputs share content (a run processes one of two identical files)."""
    folder.mkdir(parents=True, exist_ok=True)
    out: Dict[str, Path] = {}
    def png(text: str) -> bytes:
        return _save(text_image("L", text), "PNG", optimize=True)

    loop = folder / "loop"
    loop.mkdir(exist_ok=True)
    (loop / "self").symlink_to(loop, target_is_directory=True)
    out["loop/"] = loop
    (folder / "dangling.png").symlink_to(folder / "no-such-target.png")
    out["dangling.png"] = folder / "dangling.png"
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.png")
        out["pipe.png"] = folder / "pipe.png"
    unreadable = folder / "unreadable.png"
    unreadable.write_bytes(png("UNREADABLE 1"))
    unreadable.chmod(0)
    out["unreadable.png"] = unreadable
    raw = os.path.join(os.fsencode(folder), b"bad_\xff\xfe_name.png")
    with open(raw, "wb") as fh:
        fh.write(png("ODD NAME 2"))
    out["bad_\\xff\\xfe_name.png"] = Path(os.fsdecode(raw))
    out["deleted.png"] = folder / "deleted.png"
    out["deleted.png"].write_bytes(png("DELETED 3"))
    if with_pages_5000:
        out["pages_5000.pdf"] = folder / "pages_5000.pdf"
        out["pages_5000.pdf"].write_bytes(pages_pdf(5000))
    sparse = folder / "sparse_2g.pdf"
    with open(sparse, "wb") as fh:
        fh.truncate(2 << 30)
    out["sparse_2g.pdf"] = sparse
    return out


def pages_pdf(n: int) -> bytes:
    """n blank 1-inch pages (about 120 bytes a page once compressed)."""
    import pymupdf

    doc = pymupdf.open()
    for _ in range(n):
        doc.new_page(width=72, height=72)
    return doc.tobytes(garbage=4, deflate=True)


def unreadable_as_expected(path: Path) -> bool:
    """chmod 000 stops reads only for a user without CAP_DAC_OVERRIDE (root reads anyway)."""
    try:
        with open(path, "rb"):
            return False
    except PermissionError:
        return True


def main(argv=None) -> int:
    files = build()
    for name, data in files.items():
        (HERE / name).write_bytes(data)
    missing = set(CORPUS) ^ set(files)
    if missing:
        print(f"CORPUS and build() disagree: {sorted(missing)}", file=sys.stderr)
        return 1
    total = sum(len(d) for d in files.values())
    print(f"wrote {len(files)} files, {total:,} bytes, to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
