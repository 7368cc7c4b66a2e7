"""Dates in handwriting not developed on: a handwritten "/" read as "1" ("0112812026" for
01/28/2026, "818125" for 8/8/25), put right where the page image reads the slashes nearly as
well, and a separator read as nothing ("16/25" for 1/6/25, on a leaf with no date label);
a date whose "Date:" label is printed under the end of its line, a little right of it
("Februaky 4th, 2024"); a date another date reads nearly as well from the crop is not `ok`
("19.05.2021" for "10.05.2021"). Recorded OCR lines of synthetic cheques in the held fonts and
the crop of each date line (tests/data/cheque_lines_payee/; see tests/data/README.md), pasted
where it was on a white page; the real recogniser."""
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.cheque_dates import _slash_variants

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "cheque_lines_payee"


def _fields(name, at=None):
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    page = None
    if at is not None:
        img = Image.new("RGB", (int(data["width"]), int(data["height"])), "white")
        crop = next(DATA.glob(f"{name}_date.*"))
        img.paste(Image.open(crop).convert("RGB"), at)
        page = np.asarray(img)
    fields = {f.name: f for f in extract_cheque(lines, data["width"], data["height"], page)}
    return fields, data["truth"]


def test_slash_variants():
    assert "01/28/2026" in _slash_variants("0112812026")
    assert "8/8/25" in _slash_variants("818125")
    assert _slash_variants("08113/2026") == ["08/13/2026"]
    assert _slash_variants("2026") == [] and _slash_variants("Mar 15") == []
    # a separator OCR did not read at all (one of the two at most), the text's own kept
    assert _slash_variants("16/25") == ["1/6/25"]
    assert _slash_variants("7.122024") == ["7.12.2024"]
    assert _slash_variants("40487") == []


@pytest.mark.parametrize("name, at, raw, iso", [
    ("fresh_0036", (710, 110), "0112812026", "2026-01-28"),
    ("fresh4_0047", (1350, 180), "818125", "2025-08-08"),
    # the "DATED" label printed under the line, four of its heights right of the date's end
    ("fresh9_0043", (693, 79), "03107126", "2026-03-07"),
    # no date label on the leaf: a line of digits and separators at its top right; a separator
    # OCR did not read
    ("fresh9_0046", (1016, 78), "7.122024", "2024-07-12"),
    ("fresh9_0050", (1397, 129), "16/25", "2025-01-06"),
    # both "/" read as "1" by a reading 9.3 and 8.8 (natural log) more likely than the slashes
    # (an Australian and a Canadian leaf of `--kind anglo --fresh11`)
    ("anglo_fresh11_0003", (830, 380), "29107122", "2022-07-29"),
    ("anglo_fresh11_0026", (1135, 470), "2910312023", "2023-03-29"),
    # a Kenyan leaf's "Date" label read glued to the digits, its first "/" read "1"
    # (`--kind intl --fresh16`)
    ("intl_fresh16_0031", (990, 425), "Date16102/2023", "2023-02-16"),
])
def test_slashes_read_as_ones(name, at, raw, iso):
    fields, truth = _fields(name, at)
    d = fields["date"]
    assert d.raw == raw and d.value == iso == truth["date"]
    assert d.status in ("unchecked", "ambiguous")
    assert "read with its separators as '" in d.message
    without, _ = _fields(name)
    assert "date" not in without or without["date"].value is None


def test_label_under_the_end_of_the_date():
    fields, truth = _fields("fresh3_0047")
    assert fields["date"].value == truth["date"] == "2024-02-04"
    assert fields["date"].raw == "Februaky 4th, 2024"


def test_a_sort_code_in_a_dates_shape_is_no_date():
    # a UK leaf prints its sort code "09-25-92" at the top left (the MICR band's "09.'2592");
    # read as 25 September 1992 it was the date, ok; the date is the line beside "Date"
    fields, truth = _fields("anglo_held_0012")
    assert fields["micr_routing"].value == "092592" and fields["micr_routing"].status == "ok"
    assert fields["date"].value is None         # "08105/24" is no date as OCR read it
    fields, truth = _fields("anglo_held_0012", (829, 346))
    assert fields["date"].value == truth["date"] == "2024-05-08"
    assert fields["date"].raw == "08105/24"


def test_a_date_read_nearly_as_well_as_another_is_not_ok():
    # an Indian leaf's handwritten "10.05.2021" written across its boxes, read "19.05.2021" at
    # 0.96: the crop reads "10" 2.4 (natural log) below "19", inside the doubt gap (2.5)
    fields, truth = _fields("in_fresh13_0032", (1150, 35))
    d = fields["date"]
    assert d.value == "2021-05-19" != truth["date"] and d.status == "ambiguous"
    assert "2021-05-10 nearly as well" in d.message
    without, _ = _fields("in_fresh13_0032")
    assert without["date"].status == "ok"  # without the image nothing says otherwise


def test_date_boxes_read_whole_never_give_a_year_after_next(monkeypatch):
    # an Indian leaf's boxes "21022024" read whole as "21022029" (a "4" read "9"): a cheque is
    # not dated years ahead, and the boxes read one by one never take such a year; the next
    # reading of the band is taken (as read in 2026: next year is the last)
    from pipeline.extract import date_boxes

    monkeypatch.setattr(date_boxes, "latest_year", lambda: 2027)
    fields, truth = _fields("in_fresh15_0015", (1030, 25))
    d = fields["date"]
    assert d.value == truth["date"] == "2024-02-21" and d.raw == "21022024"
    assert d.status == "unchecked"
