"""A notice the bank prints on the leaf ("Valid for three months only from the date of issue",
printed on every Indian CTS-2010 leaf) is never the amount in words: "three ... only" read as
3.00 where the written words were not read (a blurred or small capture) made the figures'
amount `invalid`, and where a stray "3" agreed, both `ok` and wrong.

The page is the real sample cheque_01 with its amount in words painted out and the notice
printed in its place, read by the real OCR pipeline."""
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.extract.fields import FieldOptions, extract_fields

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_docs/cheques/cheque_01.png"
WORDS_BOX = (50, 366, 925, 418)   # cheque_01's amount in words ("One thousand two ... DOLLARS")
NOTICE = "Valid for three months only from the date of issue"


@pytest.fixture(scope="module")
def page():
    from pipeline.api import ocr

    img = Image.open(SAMPLE).convert("RGB")
    d = ImageDraw.Draw(img)
    d.rectangle(WORDS_BOX, fill="white")
    d.text((WORDS_BOX[0] + 10, WORDS_BOX[1] + 10), NOTICE, fill="black",
           font=ImageFont.load_default(size=30))
    arr = np.asarray(img)
    p = ocr(arr, no_fields=True)[0]
    return p.lines, p.width, p.height, arr


def test_the_notice_is_read(page):
    lines = page[0]
    assert any("three months" in l.text.lower() for l in lines), [l.text for l in lines]
    assert not any("thousand" in l.text.lower() for l in lines)


@pytest.mark.parametrize("with_image", [False, True])
def test_a_printed_notice_is_no_amount_in_words(page, with_image):
    lines, w, h, img = page
    doc_type, fields = extract_fields(lines, w, h, img if with_image else None, FieldOptions())
    f = {x.name: x for x in fields}
    assert doc_type == "cheque"
    assert f["amount_words"].value is None, (f["amount_words"].raw, f["amount_words"].value)
    assert f["amount"].value == "1234.56"
    assert f["amount"].status == "unchecked"
