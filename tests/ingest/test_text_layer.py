"""A PDF text layer is checked before it is trusted (--text-layer auto|trust|ignore): a garbage
layer or another tool's invisible OCR over a scan is OCR'd and the reason kept in pages.note;
control characters never reach the text. Odd inputs: white text on a transparent PNG, a page
enlarged with /UserUnit past --max-pixels, a dynamic XFA form."""
from __future__ import annotations

import re

import pymupdf
import pytest
from click.testing import CliRunner

import pipeline as mmbatch
from pipeline.cli import main
from pipeline.document import Line, Word, page_from_dict, page_to_dict
from pipeline.errors import DocumentError
from pipeline.ingest.document import IngestOptions, InputFile, iter_pages
from pipeline.ingest.text_check import clean_lines, garbage_reason

from conftest import DATA, read_table

WORDS = ["Pure Magenta", "Pure Cyan"]


def swapped(s: str) -> str:
    """``s`` as UTF-16 read with the wrong byte order (what cmyk.pdf's text layer gives)."""
    return s.encode("utf-16-le").decode("utf-16-be")


def scan_with_layer(layer: list, size: float = 28) -> bytes:
    """A page that is an image of WORDS (a scan), with ``layer`` as invisible text over it."""
    src = pymupdf.open()
    page = src.new_page(width=420, height=200)
    for i, w in enumerate(WORDS):
        page.insert_text((30, 70 + 60 * i), w, fontname="helv", fontsize=size)
    pix = page.get_pixmap(dpi=200)
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=200)
    page.insert_image(page.rect, pixmap=pix)
    for i, w in enumerate(layer):
        page.insert_text((30, 70 + 60 * i), w, fontname="china-s", fontsize=size, render_mode=3)
    return doc.tobytes()


def norm(s: str) -> str:
    return re.sub(r"\s+", "", s.casefold())


def read(data: bytes, **options):
    return mmbatch.ocr(data, no_fields=True, **options)


@pytest.fixture(scope="module")
def mojibake() -> bytes:
    return scan_with_layer([swapped(w) for w in WORDS])


def test_a_byte_swapped_text_layer_is_ocrd_with_the_reason(mojibake):
    (page,) = read(mojibake)
    assert page.source == "ocr"
    assert "byte-swapped UTF-16" in page.note and "OCR'd" in page.note
    assert all(norm(w) in norm(page.text) for w in WORDS), page.text


def test_text_layer_trust_keeps_it_and_ignore_ocrs_every_page(mojibake):
    (page,) = read(mojibake, text_layer="trust")
    assert page.source == "text_layer" and page.note is None
    assert page.text.startswith(swapped("Pure"))
    (page,) = read(mojibake, text_layer="ignore")
    assert page.source == "ocr" and page.note is None
    assert all(norm(w) in norm(page.text) for w in WORDS)
    # --ocr-all is the same as --text-layer ignore, and both change the results key
    assert IngestOptions(use_text_layer=False).key() == IngestOptions(text_layer="ignore").key()
    assert IngestOptions().key() != IngestOptions(text_layer="trust").key()


def test_another_tools_invisible_ocr_over_a_scan_is_ocrd_again():
    poor = scan_with_layer(["Pure Mag", "Cy"])  # a readable but partial invisible layer
    (page,) = read(poor)
    assert page.source == "ocr" and "invisible text over a page image" in page.note
    assert all(norm(w) in norm(page.text) for w in WORDS)
    # visible text over an image (a born-digital page with a picture) is trusted
    doc = pymupdf.open("pdf", scan_with_layer([]))
    for i, w in enumerate(WORDS):
        doc[0].insert_text((30, 180 + 10 * i), w + " caption", fontname="helv", fontsize=8)
    (page,) = read(doc.tobytes())
    assert page.source == "text_layer" and page.note is None


def test_a_font_without_a_unicode_map_is_ocrd():
    """A Type3 font whose glyphs map to control characters (as type3_font_nomapping.pdf)."""
    doc = pymupdf.open("pdf", scan_with_layer([]))
    doc[0].insert_text((30, 190), "\x19\x12\x19\x12", fontname="helv", fontsize=8, render_mode=3)
    (page,) = read(doc.tobytes())
    assert page.source == "ocr" and "unmapped glyphs" in page.note


def test_control_characters_are_removed_from_text():
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=100)
    page.insert_text((20, 50), "Total\x07 due\x1b 12.50", fontname="helv", fontsize=12)
    (p,) = read(doc.tobytes())
    assert p.source == "text_layer" and p.text == "Total due 12.50"
    box = [(0, 0), (1, 0), (1, 1), (0, 1)]
    lines = [Line("Total\x85 due\x87", 0.9, box, [Word("Total\x85", box), Word("due\x87", box)]),
             Line("\x90\x07", 0.5, box, [Word("\x90\x07", box)], 1),
             Line("tab\tstays", 0.9, box, [], 2)]
    got = clean_lines(lines)
    assert [l.text for l in got] == ["Total due", "tab\tstays"]
    assert [w.text for w in got[0].words] == ["Total", "due"] and got[1].line_no == 1
    assert garbage_reason("The quick brown fox; α = 5 μm, Москва 北京") is None


def test_the_note_survives_the_cache_and_an_old_cached_page_loads():
    pr = page_from_dict(dict(page_to_dict(read(scan_with_layer([swapped("Pure")]))[0])))
    assert "byte-swapped" in pr.note
    old = page_to_dict(pr)
    del old["note"]  # a page cached before the column existed
    assert page_from_dict(old).note is None


def test_white_text_on_a_transparent_png_is_read_as_black_text_is():
    """Transparency goes on a background that contrasts with the ink: white text, which
    vanished on white, goes on black and reads as the same text in black does."""
    white, black = (read(DATA / f"{ink}_font_color_transparent.png")[0]
                    for ink in ("white", "black"))
    assert [l.text for l in white.lines] == [l.text for l in black.lines]
    # the OCR splits these very large, widely spaced characters and misses the last one
    assert norm(white.text).startswith("我是中国"), white.text


def user_unit_page(image_px: int, cover: float = 1.0, unit: float = 10.0) -> bytes:
    """A 100x100 pt page enlarged 10 times by /UserUnit (1000 pt, 13.9 inches a side) that
    shows an image (``image_px`` a side, over ``cover`` of the page's side) of a line of text,
    as OCRmyPDF's poster.pdf does."""
    src = pymupdf.open()
    page = src.new_page(width=300, height=300)
    page.insert_text((20, 150), "LinnSequencer", fontname="helv", fontsize=40)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(image_px / 300, image_px / 300))
    doc = pymupdf.open()
    page = doc.new_page(width=100, height=100)
    page.insert_image(pymupdf.Rect(0, 0, 100 * cover, 100 * cover), pixmap=pix)
    doc.xref_set_key(page.xref, "UserUnit", f"{unit:g}")
    return doc.tobytes()


def test_a_page_too_large_at_dpi_is_read_at_the_highest_dpi_that_fits(tmp_path):
    data = user_unit_page(1000, 0.5)  # 144 dpi on the enlarged page: more than fits
    src = tmp_path / "in"
    src.mkdir()
    (src / "poster.pdf").write_bytes(data)
    out = tmp_path / "out"
    mmbatch.extract(src, out, no_fields=True, max_pixels=2_000_000, quiet=True)
    (doc,) = read_table(out, "documents").to_pylist()
    assert doc["status"] == "ok", doc["error"]
    (page,) = read_table(out, "pages").to_pylist()
    # 13.9 inches a side: 200 dpi would be 7.7 megapixels; 101 dpi is 1.97
    assert page["dpi"] == 101 and page["source"] == "ocr"
    assert "rendered at 101 dpi, not 200" in page["note"] and "/UserUnit" in page["note"]
    assert "linnsequencer" in norm(page["text"])
    # a scan whose image has fewer pixels is rendered at the image's own resolution: 600 px
    # over 13.9 inches is 43.2 dpi
    f = InputFile(tmp_path / "small.pdf", user_unit_page(600), "", "pdf")
    (sp,) = iter_pages(f, IngestOptions(max_pixels=2_000_000))
    assert sp.dpi == 44 and sp.note.endswith("its image's own resolution needs no more")


def test_a_page_whose_text_would_be_too_small_at_the_dpi_that_fits_is_refused():
    doc = pymupdf.open()
    page = doc.new_page(width=100, height=100)
    page.insert_text((5, 50), "small print", fontname="helv", fontsize=0.5)  # 5 pt enlarged
    doc.xref_set_key(page.xref, "UserUnit", "10")
    with pytest.raises(DocumentError, match=r"over the limit \(--max-pixels\), and the 72 dpi "
                                            r"that fits is too coarse for its content, which "
                                            r"needs about 200 dpi"):
        read(doc.tobytes(), max_pixels=1_000_000, text_layer="ignore")


def xfa_form(content: bool) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=200)
    cat = doc.pdf_catalog()
    if content:  # a static form: its pages hold what it shows
        page.insert_text((20, 50), "Application form: name and address", fontname="helv")
        xfa = doc.get_new_xref()
        doc.update_object(xfa, "<< >>")
        doc.update_stream(xfa, b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")
        doc.xref_set_key(cat, "AcroForm", f"<< /Fields [] /XFA {xfa} 0 R >>")
    else:  # a dynamic form: blank pages, drawn by a viewer that runs the form
        doc.xref_set_key(cat, "NeedsRendering", "true")
    return doc.tobytes()


def test_a_dynamic_xfa_form_is_an_error_that_says_why():
    with pytest.raises(DocumentError, match=r"a dynamic XFA form: its content is not in the "
                                            r"PDF's pages"):
        read(xfa_form(content=False))
    (page,) = read(xfa_form(content=True))
    assert page.source == "text_layer" and page.text == "Application form: name and address"


def test_the_option_is_in_the_help():
    r = CliRunner().invoke(main, ["extract", "--help"])
    assert "--text-layer [auto|trust|ignore]" in r.output
    assert "pages.note" in " ".join(r.output.split())
