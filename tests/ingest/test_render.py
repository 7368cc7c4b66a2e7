"""The page renderer: the same pixels as each caller rendered before it (extract, compare, the
VLM, the report: caches are keyed on them), and every guard in every caller."""
from __future__ import annotations

import hashlib
import io
import time

import numpy as np
import pymupdf
import pytest
from PIL import Image, ImageOps

from conftest import SAMPLES, huge_image_pdf
from pipeline.errors import DocumentError
from pipeline.ingest.document import IngestOptions, iter_pages, read_input
from pipeline.ingest.images import to_rgb
from pipeline.ingest.limits import Limits
from pipeline.ingest.render import PageRenderer, Resolution, render_pages

PDFS = [SAMPLES / "pdfs" / "scanned_letter.pdf", SAMPLES / "pdfs" / "born_digital.pdf"]
IMAGES = [SAMPLES / "cheques" / "cheque_01.png", SAMPLES / "cheques" / "cheque_02.jpg"]


# how each caller rendered a page before the renderer (the reference the pixels must match)

def pixmap_rgb(path, n, dpi=None, zoom=None) -> np.ndarray:
    with pymupdf.open(path) as doc:
        page = doc.load_page(n - 1)
        pix = (page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False) if dpi else
               page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csRGB,
                               alpha=False))
        return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3).copy()


def vlm_dpi(path, n, max_side, ingest_dpi):
    with pymupdf.open(path) as doc:
        r = doc.load_page(n - 1).rect
    return int(max(36, min(ingest_dpi, round(max_side * 72.0 / (max(r.width, r.height) or 1.0)))))


def report_zoom(path, n, max_side):
    with pymupdf.open(path) as doc:
        r = doc.load_page(n - 1).rect
    return min(max_side / max(r.width, r.height, 1.0), 3.0)


def pillow_rgb(data: bytes, draft_side=None) -> np.ndarray:
    im = Image.open(io.BytesIO(data))
    if draft_side and im.format == "JPEG" and max(im.size) > draft_side:
        s = draft_side / max(im.size)
        im.draft("RGB", (max(1, int(im.size[0] * s)), max(1, int(im.size[1] * s))))
    im.load()
    return to_rgb(ImageOps.exif_transpose(im) or im)


@pytest.fixture(scope="module")
def rotated_jpeg() -> bytes:
    """A sample cheque saved as a JPEG whose EXIF says: turn it 90 degrees."""
    exif = Image.Exif()
    exif[0x0112] = 6
    buf = io.BytesIO()
    Image.open(IMAGES[1]).save(buf, "JPEG", quality=90, exif=exif.tobytes())
    return buf.getvalue()


def test_pdf_pages_keep_their_pixels_in_every_caller():
    from pipeline.compare.pages import VISUAL_DPI, page_images as compare_images
    from pipeline.vlm.images import page_images as vlm_images

    for path in PDFS:
        f = read_input(path)
        pages = list(iter_pages(f, IngestOptions(dpi=200, use_text_layer=False)))
        compared = dict(compare_images(str(path), f.sha256, {1, 2}))
        for max_side in (512, 1024, 4000):  # 4000: capped at --dpi
            vlm = vlm_images(path, f.sha256, [1, 2], max_side)
            for n in vlm:
                ref = pixmap_rgb(path, n, dpi=vlm_dpi(path, n, max_side, 200.0))
                assert np.array_equal(vlm[n], ref), (path.name, n, max_side)
        for p in pages:
            assert np.array_equal(p.image, pixmap_rgb(path, p.number, dpi=200))
            assert np.array_equal(compared[p.number], pixmap_rgb(path, p.number, dpi=VISUAL_DPI))
        for max_side in (300, 1200, 4000):  # 4000: enlarged at most 3 times
            got = render_pages(path.read_bytes(), [1], Resolution(
                max_side=max_side, max_dpi=216, whole_dpi=False))
            assert np.array_equal(dict(got)[1], pixmap_rgb(path, 1, zoom=report_zoom(
                path, 1, max_side)))


def test_image_pages_keep_their_pixels(tmp_path, rotated_jpeg):
    from pipeline.compare.pages import page_images as compare_images
    from pipeline.vlm.images import page_images as vlm_images

    rotated = tmp_path / "rotated.jpg"
    rotated.write_bytes(rotated_jpeg)
    for path in IMAGES + [rotated]:
        f = read_input(path)
        ref = pillow_rgb(f.data)
        (page,) = iter_pages(f, IngestOptions())
        assert np.array_equal(page.image, ref)
        assert np.array_equal(dict(compare_images(str(path), f.sha256, {1}))[1], ref)
        assert np.array_equal(vlm_images(path, f.sha256, [1])[1], ref)
        for side in (300, 1200):  # the report decodes a large JPEG at a reduced size
            got = dict(render_pages(f.data, [1], Resolution(max_side=side, jpeg_draft=True)))
            assert np.array_equal(got[1], pillow_rgb(f.data, side))
    assert pillow_rgb(rotated_jpeg).shape[:2] == Image.open(IMAGES[1]).size  # turned upright


def test_report_thumbnails_keep_their_bytes(tmp_path):
    from pipeline.report.images import Renderer, _jpeg

    for path in PDFS + IMAGES:
        f = read_input(path)
        got = Renderer([], 300).render(str(path), f.sha256, [1])[1]
        if f.file_type == "pdf":
            ref = Image.fromarray(pixmap_rgb(path, 1, zoom=report_zoom(path, 1, 300)))
        else:
            ref = Image.fromarray(pillow_rgb(f.data, 300))
        assert got.note is None and got.jpeg == _jpeg(ref, 300, 72).jpeg, path.name


def test_a_page_drawing_a_huge_image_is_refused_everywhere_but_its_text_is_read(tmp_path):
    from pipeline.compare.pages import page_images as compare_images
    from pipeline.report.images import Renderer
    from pipeline.vlm.images import page_images as vlm_images

    path = huge_image_pdf(tmp_path / "huge_image.pdf")
    f = read_input(path)
    (page,) = iter_pages(f, IngestOptions())  # extract: the text layer, nothing rendered
    assert page.lines and "Invoice 4711" in page.lines[0].text
    want = "page 1 holds an image of 40000x40000 = 1,600 megapixels, over the limit of 150 " \
           "(--max-pixels)"
    for render in (lambda: list(compare_images(str(path), f.sha256, {1})),
                   lambda: vlm_images(path, f.sha256, [1]),
                   lambda: list(iter_pages(f, IngestOptions(use_text_layer=False)))):
        t0 = time.perf_counter()
        with pytest.raises(DocumentError) as e:
            render()
        assert time.perf_counter() - t0 < 0.5
        assert str(e.value) == want
    t0 = time.perf_counter()
    img = Renderer([]).render(str(path), f.sha256, [1])[1]
    assert time.perf_counter() - t0 < 0.5
    assert img.jpeg is None and img.note == f"cannot be rendered: {want}"


def test_guards_name_their_limit():
    doc = pymupdf.open()
    doc.new_page(width=2, height=2000)
    doc.new_page(width=600, height=400)
    pdf = doc.tobytes()
    with PageRenderer(pdf, limits=Limits(max_pixels=1_000_000)) as doc:
        with pytest.raises(DocumentError, match="more than 100 times the other"):
            doc.render(1, Resolution(max_side=1200))
        with pytest.raises(DocumentError, match=r"page 2 is 8x6 inches: at 200 dpi that is 2 "
                                                r"megapixels, over the limit \(--max-pixels\)"):
            doc.render(2, Resolution(dpi=200))
        assert doc.render(2, Resolution(dpi=100)).shape == (556, 834, 3)
    bomb = (SAMPLES.parent / "tests" / "data" / "bad" / "bomb_page2.tif").read_bytes()
    with PageRenderer(bomb) as doc:
        assert doc.page_count == 2 and doc.render(1, Resolution(dpi=200)).shape == (40, 40, 3)
        with pytest.raises(DocumentError, match=r"page 2 is 100000x100000 = 10,000 megapixels, "
                                                r"over the limit of 150 \(--max-pixels\)"):
            doc.render(2, Resolution(dpi=200))


def test_pages_can_be_read_again_and_out_of_order():
    data = IMAGES[1].read_bytes()
    res, small = Resolution(dpi=200), Resolution(max_side=300, jpeg_draft=True)
    with PageRenderer(data) as doc:
        full = doc.render(1, res)
        assert doc.render(1, small).shape[1] < full.shape[1]  # decoded again, smaller
        assert np.array_equal(doc.render(1, res), full)
        with pytest.raises(DocumentError, match="the image has no page 2"):
            doc.render(2, res)


def test_the_file_must_still_be_the_one_hashed(tmp_path):
    p = tmp_path / "a.png"
    p.write_bytes(IMAGES[0].read_bytes())
    sha = hashlib.sha256(p.read_bytes()).hexdigest()
    assert [n for n, _ in render_pages(p, [1, 2], Resolution(dpi=100), sha256=sha)] == [1]
    with pytest.raises(DocumentError, match="changed since it was read"):
        list(render_pages(p, [1], Resolution(dpi=100), sha256="0" * 64))
