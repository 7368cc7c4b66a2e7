"""A date written one digit per box (DDMMYYYY) that OCR and the band read again both miss, read
box by box from the page image: recorded OCR lines of synthetic Indian leaves
(tests/data/cheque_lines_dates/, written by ``python bench/cheque_synth_bench.py --kind in
--save-fixture NAME``) with the crop of their date boxes on a white page. With them, a date line
read again as a guess where its best reading is no date, and a date OCR read `ok` that its crop,
read again, reads as another date."""
import json
from pathlib import Path

import pytest
from conftest import page_with_crop

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.types import STATUS_AMBIGUOUS, STATUS_MISSING, STATUS_OK, STATUS_UNCHECKED

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


@pytest.mark.parametrize("name, status, note", [
    # in_fresh6_0000: "21062016" in boxes taller than the band the letters place; the band
    # raised to the digits OCR found reads the eight whole (``test_a_box_read_nearly_as_...``)
    ("in_fresh6_0000", STATUS_UNCHECKED, "date boxes"),
    # in_fresh6_0033: "12/05/2016" read "12/95/2016" (no date); every real date written
    # dd/dd/dddd scored on the line's matrix: 12/05/2016 is the best, far ahead of the next
    ("in_fresh6_0033", STATUS_UNCHECKED, "likeliest real date in the shape of '12/95/2016'"),
])
def test_a_date_no_reading_made_is_read_from_the_image(name, status, note):
    data, plain = date_of(name)
    assert plain.status == STATUS_MISSING
    data, date = date_of(name, page_image(data))
    assert date.value == data["truth"]["date"]
    assert date.status == status
    assert note in date.message


def test_a_box_read_nearly_as_well_as_another_digit_makes_the_date_a_guess():
    # in_fresh6_0000 read box by box in the band the printed letters alone place, which holds
    # the lower part of the digits: the last box's "6", its loop cut, reads nearly as well as a
    # "0" (2010): the likelier date, with the other named; in the band raised to the digits
    # OCR found, the "6" is sure
    import importlib

    from pipeline.extract.cheque_dates import box_letters
    from pipeline.extract.cheque_page import _wrap
    from pipeline.extract.constrained import LineReader

    each_box = importlib.import_module("pipeline.extract.date_boxes").each_box
    data, lines = load("in_fresh6_0000")
    page = _wrap(lines)
    labels = [l for l in page if box_letters(l.text)]
    reader = LineReader(page_image(data))
    iso, digits, _, _, near = each_box(reader, labels)
    assert (iso, near) == (data["truth"]["date"], "2010-06-21")
    iso, digits, _, _, near = each_box(reader, labels, pieces=page)
    assert (iso, near) == (data["truth"]["date"], None)


def test_a_date_the_image_reads_otherwise_is_not_ok():
    # anglo_fresh5_0023: OCR read "20/11/2022" as "20/1/2022" (the two "1"s as one) at 0.996,
    # a real date, so `ok`; the crop read again gives "20/11/2022", 1.3 better
    data, plain = date_of("anglo_fresh5_0023")
    assert any(d["text"] == "20/1/2022" for d in data["lines"])
    assert plain.value == "2022-01-20" and plain.status == STATUS_OK
    data, date = date_of("anglo_fresh5_0023", page_image(data))
    assert date.value == "2022-01-20"
    assert date.status == STATUS_AMBIGUOUS
    assert f"the image reads {data['truth']['date']} better" in date.message


@pytest.mark.parametrize("name, why", [
    # boxes about three letter heights tall: the band the letters alone place held the lower
    # half of the digits ("2" at -2.6, "0" at -3.0); the digits OCR found ("2", "4", "0220")
    # raise its top to theirs
    ("in_fresh9_0034", "tall boxes"),
    # a leaf drawn small (1363 px): each box's crop is taller than wide (29 x 48 px) and was
    # not read at all; its "1"s, written with a flag, read "7" best and "1" at -2.9 and -3.6,
    # the "1"s the calendar needs (day "75", year "2076" are no date up to next year)
    ("in_fresh9_0035", "narrow boxes, flagged ones"),
    # the boxes at the image's top edge: the band started above the image and nothing was read
    ("in_dev_0053", "band at the top edge"),
])
def test_date_boxes_read_one_by_one_where_they_were_not(name, why):
    data, plain = date_of(name)
    assert plain.status == STATUS_MISSING, why
    data, date = date_of(name, page_image(data))
    assert date.value == data["truth"]["date"], why
    assert date.status in (STATUS_UNCHECKED, STATUS_AMBIGUOUS)
    assert "date boxes" in date.message
