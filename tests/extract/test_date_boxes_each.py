"""A date written one digit per box (DDMMYYYY) that OCR and the band read again both miss, read
box by box from the page image: recorded OCR lines of two synthetic Indian leaves
(tests/data/cheque_lines_dates/, written by ``python bench/cheque_synth_bench.py --kind in
--save-fixture NAME``) with the crop of their date boxes on a white page."""
import json
from pathlib import Path

import pytest
from conftest import page_with_crop

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.types import STATUS_MISSING, STATUS_UNCHECKED

DATA = Path(__file__).resolve().parents[1] / "data" / "cheque_lines_dates"


def load(name):
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return data, [line_from_dict(d) for d in data["lines"]]


def page_image(data, blank=False):
    """A white page of the cheque's size with its date's crop in place (``blank``: without)."""
    return page_with_crop(data, DATA, "date_crop", blank)


def date_of(name, image=None):
    data, lines = load(name)
    got = {f.name: f for f in extract_cheque(lines, data["width"], data["height"], image=image)}
    return data, got["date"]


@pytest.mark.parametrize("name, box_lines", [
    # the "1" of "21082022" lost at its box's side: seven digits in seven lines
    ("in_fresh4_0013", ["2", "0", "8", "2", "0", "2", "2"]),
    # "27012023" read as "27" and "12023": the box of the "0" run into the "1"
    ("in_fresh4_0006", ["27", "12023"]),
])
def test_each_box_read_alone_gives_the_date(name, box_lines):
    data, plain = date_of(name)
    texts = [l["text"] for l in data["lines"]]
    assert all(t in texts for t in box_lines)
    assert plain.status == STATUS_MISSING      # the lines alone make no date
    data, date = date_of(name, page_image(data))
    assert date.value == data["truth"]["date"]
    assert date.status == STATUS_UNCHECKED
    assert "date boxes" in date.message


def test_empty_boxes_give_no_date():
    # the same lines over a white page: every box reads as empty, no digit is made up
    data, _ = load("in_fresh4_0013")
    _, date = date_of("in_fresh4_0013", page_image(data, blank=True))
    assert date.value is None and date.status == STATUS_MISSING
