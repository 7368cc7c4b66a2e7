"""A page whose text lies in a small part of it (a cheque on an A4 flatbed scan at 300 dpi) is
detected again on that part at its own scale: the first look saw the whole page shrunk to the
detector's 1600 pixels and the leaf's printed labels with it, too small to find. The page is the
real sample cheque_01, half its size, at the top of a white A4 page, read by the real OCR."""
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.extract.fields import FieldOptions, extract_fields
from pipeline.ocr import OcrOptions, OcrPipeline

ROOT = Path(__file__).resolve().parents[1]
X, Y, W, H = 80, 100, 750, 344   # where the leaf lies on the page


@pytest.fixture(scope="module")
def a4_page():
    leaf = Image.open(ROOT / "sample_docs/cheques/cheque_01.png").convert("RGB").resize(
        (W, H), Image.LANCZOS)
    page = Image.new("RGB", (2480, 3508), (255, 255, 255))
    page.paste(leaf, (X, Y))
    return np.asarray(page)


@pytest.fixture(scope="module")
def looks(a4_page):
    return {sl: OcrPipeline(OcrOptions(second_look=sl))(a4_page) for sl in (False, True)}


def test_the_second_look_reads_the_small_labels(looks):
    texts = [l.text for l in looks[True]]
    for want in ("PAY TO THE ORDER OF", "DATE", "MEMO", "2718 Juniper Lane", "Salem, OR 97301"):
        assert want in texts, texts
    # the first look, on the page shrunk, found fewer lines: none of the labels
    first = [l.text for l in looks[False]]
    assert len(first) < len(texts) and "PAY TO THE ORDER OF" not in first


def test_boxes_lie_on_the_page_where_the_leaf_is(looks):
    for l in looks[True]:
        xs, ys = [p[0] for p in l.box], [p[1] for p in l.box]
        assert X - 5 <= min(xs) and max(xs) <= X + W + 5, (l.text, l.box)
        assert Y - 5 <= min(ys) and max(ys) <= Y + H + 5, (l.text, l.box)


def test_fields_of_the_leaf_on_the_page(looks, a4_page):
    doc_type, fields = extract_fields(looks[True], 2480, 3508, a4_page, FieldOptions())
    f = {x.name: x for x in fields}
    assert doc_type == "cheque"
    assert (f["payee"].value, f["amount"].value, f["date"].value) == (
        "Northwind Traders LLC", "1234.56", "2026-03-15")
    assert f["micr_routing"].value == "238462999" and f["micr_routing"].status == "ok"


def test_a_page_the_text_fills_is_looked_at_once():
    # the text spans the page: the second look would see it no larger; the boxes are the first's
    p = OcrPipeline()
    page = np.asarray(Image.open(ROOT / "sample_docs/cheques/cheque_01.png").convert("RGB"))
    boxes = p.detect(np.ascontiguousarray(page[:, :, ::-1]))
    assert np.array_equal(boxes, p._detect_page(np.ascontiguousarray(page[:, :, ::-1])))
