"""Ingest: discovery order, types from content, image modes, frames, EXIF orientation."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from pipeline.errors import DocumentError, UsageError
from pipeline.ingest.discover import discover
from pipeline.ingest.document import IngestOptions, InputFile, iter_pages, read_input, sniff


def _png(w=40, h=20, color=(200, 10, 10), mode="RGB"):
    buf = io.BytesIO()
    Image.new(mode, (w, h), color).save(buf, "PNG")
    return buf.getvalue()


def test_discover_is_recursive_sorted_and_skips_hidden_and_unsupported(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.png").write_bytes(b"x")
    (tmp_path / "b" / "c.PDF").write_bytes(b"x")
    (tmp_path / ".hidden.png").write_bytes(b"x")
    (tmp_path / "readme.txt").write_text("x")
    d = discover([str(tmp_path)])
    assert [p.relative_to(tmp_path).as_posix() for p in d.files] == ["a.png", "b/c.PDF"]
    assert [p.name for p in d.skipped] == ["readme.txt"]


def test_discover_globs_and_dedups(tmp_path):
    for n in ("x1.jpg", "x2.jpg", "y.jpg"):
        (tmp_path / n).write_bytes(b"x")
    d = discover([str(tmp_path / "x*.jpg"), str(tmp_path / "x1.jpg")])
    assert [p.name for p in d.files] == ["x1.jpg", "x2.jpg"]
    with pytest.raises(UsageError, match="no file matches"):
        discover([str(tmp_path / "z*.jpg")])


def test_symlink_loop_is_walked_once(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.png").write_bytes(b"x")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    assert [p.name for p in discover([str(tmp_path)]).files] == ["a.png"]


def test_type_comes_from_content_not_name(tmp_path):
    p = tmp_path / "really_a_png.jpg"
    p.write_bytes(_png())
    f = read_input(p)
    assert f.file_type == "png"
    pages = list(iter_pages(f, IngestOptions()))
    assert len(pages) == 1 and pages[0].image.shape == (20, 40, 3)
    assert sniff(b"%PDF-1.4 ...") == "pdf"


def test_every_tiff_frame_is_a_page_and_16bit_cmyk_convert():
    buf = io.BytesIO()
    frames = [Image.new("RGB", (30, 10), c) for c in [(255, 0, 0), (0, 255, 0), (0, 0, 255)]]
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])
    f = InputFile(__import__("pathlib").Path("x.tif"), buf.getvalue(), "h", "tiff")
    pages = list(iter_pages(f, IngestOptions()))
    assert [p.number for p in pages] == [1, 2, 3]
    assert pages[2].image[0, 0].tolist() == [0, 0, 255]

    for im in (Image.new("I;16", (8, 8), 4000), Image.new("CMYK", (8, 8), (0, 255, 255, 0))):
        b = io.BytesIO()
        im.save(b, "TIFF")
        (page,) = iter_pages(InputFile(__import__("pathlib").Path("y.tif"), b.getvalue(), "h", "tiff"),
                             IngestOptions())
        assert page.image.dtype == np.uint8 and page.image.shape == (8, 8, 3)


def test_exif_orientation_is_applied(tmp_path):
    im = Image.new("RGB", (60, 20), (255, 255, 255))
    exif = im.getexif()
    exif[0x0112] = 6  # rotate 90 CW on display
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif.tobytes())
    f = InputFile(tmp_path / "r.jpg", buf.getvalue(), "h", "jpeg")
    (page,) = iter_pages(f, IngestOptions())
    assert (page.width, page.height) == (20.0, 60.0)


def test_gif_first_frame_only():
    buf = io.BytesIO()
    a, b = Image.new("P", (10, 10), 1), Image.new("P", (10, 10), 2)
    a.save(buf, "GIF", save_all=True, append_images=[b])
    pages = list(iter_pages(InputFile(__import__("pathlib").Path("a.gif"), buf.getvalue(), "h", "gif"),
                            IngestOptions()))
    assert len(pages) == 1


def test_pixel_guard_and_errors():
    big = _png(4000, 4000)
    with pytest.raises(DocumentError, match="over the limit"):
        list(iter_pages(InputFile(__import__("pathlib").Path("b.png"), big, "h", "png"),
                        IngestOptions(max_pixels=1_000_000)))
    with pytest.raises(DocumentError, match="not a readable image"):
        list(iter_pages(InputFile(__import__("pathlib").Path("c.png"), b"\x89PNG\r\n\x1a\nxx", "h", "png"),
                        IngestOptions()))


def test_encrypted_pdf_needs_a_password(tmp_path):
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret text here")
    p = tmp_path / "enc.pdf"
    doc.save(p, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="own")
    f = read_input(p)
    with pytest.raises(DocumentError, match="encrypted and needs a password"):
        list(iter_pages(f, IngestOptions()))
    (page,) = iter_pages(f, IngestOptions(pdf_password="pw"))
    assert page.lines[0].text == "secret text here"


def test_unreadable_file_is_a_document_error(tmp_path):
    with pytest.raises(DocumentError, match="disappeared"):
        read_input(tmp_path / "gone.png")
