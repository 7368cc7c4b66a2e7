"""Date boxes the printed letters do not place: boxes printed with no "D D M M Y Y Y Y" under
them, placed by the digits OCR read in them as pieces of their own, and letters with a stray
one beside them (a bilingual leaf's Arabic "Date" read "m"). Recorded OCR lines of synthetic
Gulf and Sri Lankan leaves (bench/cheque_synth_gulf.py; tests/data/cheque_lines_dates/,
written by ``python bench/cheque_synth_bench.py --kind gulf --save-fixture NAME``) with the
crop of their date boxes on a white page."""
import json
from pathlib import Path

from conftest import page_with_crop

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque

DATA = Path(__file__).resolve().parents[1] / "data" / "cheque_lines_dates"


def _date(name, with_image=True):
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    image = page_with_crop(data, DATA, "date_crop") if with_image else None
    got = {f.name: f for f in extract_cheque(lines, data["width"], data["height"], image=image)}
    return data, lines, got["date"]


def test_boxes_with_no_letters_are_placed_by_the_digits_read_in_them():
    # a Sri Lankan leaf's "19102021" in eight bare boxes: OCR read six digits, each alone
    data, lines, date = _date("gulf_fresh_0017")
    assert data["truth"]["date"] == "2021-10-19"
    assert [l.text for l in lines if len(l.text) == 1] == ["1", "9", "1", "0", "2", "2"]
    assert date.value == "2021-10-19"
    assert "date boxes" in date.message  # no letter was read: the pieces placed them
    assert not any(l.text in ("D", "M", "Y", "DDMMYYYY") for l in lines)
    # without the image nothing makes the six digits a date
    assert _date("gulf_fresh_0017", with_image=False)[2].value is None


def test_a_stray_letter_beside_the_printed_letters_is_left_out():
    # a Qatari leaf's Arabic "Date" under the English one read "m", at the left of the row of
    # D D M M Y Y Y (the last Y not read)
    data, lines, date = _date("gulf_fresh_0033")
    assert data["truth"]["date"] == "2023-12-10"
    assert "m" in [l.text for l in lines]
    assert date.value == "2023-12-10"
    assert _date("gulf_fresh_0033", with_image=False)[2].value is None
