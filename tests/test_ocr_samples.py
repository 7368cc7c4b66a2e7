"""OCR of every sample cheque through our engine reads payee, amount and date exactly."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from conftest import SAMPLES, cheque_truths, truth


@pytest.fixture(scope="module")
def cheque_lines(ocr):
    out = {}
    for stem in cheque_truths():
        t = truth(stem)
        img = np.asarray(Image.open(SAMPLES / t["file"]).convert("RGB"))
        out[stem] = ocr(img)
    return out


def test_there_are_at_least_eight_cheques():
    assert len(cheque_truths()) >= 8


@pytest.mark.parametrize("stem", cheque_truths())
@pytest.mark.parametrize("field", ["payee", "amount_text", "date"])
def test_cheque_field_read_exactly(cheque_lines, stem, field):
    expected = truth(stem)["fields"][field]
    texts = [l.text for l in cheque_lines[stem]]
    assert any(expected in t for t in texts), f"{field} {expected!r} not in {texts}"


def test_lines_have_page_coordinates_and_reading_order(cheque_lines):
    stem = cheque_truths()[0]
    t = truth(stem)
    w, h = Image.open(SAMPLES / t["file"]).size
    lines = cheque_lines[stem]
    assert [l.line_no for l in lines] == list(range(len(lines)))
    for l in lines:
        assert 0.0 < l.conf <= 1.0
        assert len(l.box) == 4
        assert all(0 <= x <= w and 0 <= y <= h for x, y in l.box)
    # the payee line sits inside the image where the text is, below the date line
    payee = next(l for l in lines if t["fields"]["payee"] in l.text)
    date = next(l for l in lines if t["fields"]["date"] in l.text)
    assert date.line_no < payee.line_no
    assert date.y1 <= payee.y1


def test_upside_down_page_is_turned_by_the_line_classifier(ocr):
    stem = cheque_truths()[0]
    t = truth(stem)
    img = np.asarray(Image.open(SAMPLES / t["file"]).convert("RGB"))
    texts = [l.text for l in ocr(np.ascontiguousarray(img[::-1, ::-1]))]
    assert any(t["fields"]["payee"] in x for x in texts), texts


def test_ocr_lines_carry_word_boxes_from_character_positions(cheque_lines):
    stem = cheque_truths()[0]
    memo = truth(stem)["fields"]["memo"]
    line = next(l for l in cheque_lines[stem] if l.text == memo)
    assert [w.text for w in line.words] == memo.split()
    xs = [(min(p[0] for p in w.box), max(p[0] for p in w.box)) for w in line.words]
    assert all(a[1] <= b[0] for a, b in zip(xs, xs[1:]))  # left to right, not overlapping
    assert line.x0 - 2 <= xs[0][0] and xs[-1][1] <= line.x1 + 2
    # the MICR line: a symbol read as nothing still splits the fields at the printed gap
    f = truth(stem)["fields"]
    micr = cheque_lines[stem][-1]
    assert [w.text[-len(f["micr_serial"]):] for w in micr.words][-1] == f["micr_serial"]
    assert any(f["micr_account"] == w.text for w in micr.words)
