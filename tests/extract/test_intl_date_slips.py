"""Dates OCR read with slips beside a convention's own date label, on recorded OCR lines of
synthetic Brazilian, Turkish and Tunisian leaves (tests/data/cheque_lines_dates/, written by
``python bench/cheque_synth_bench.py --kind intl --save-fixture NAME``; one with the crop of its
date's line)."""
import json
from pathlib import Path

import pytest
from conftest import page_with_crop

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.types import STATUS_AMBIGUOUS, STATUS_OK

DATA = Path(__file__).resolve().parents[1] / "data" / "cheque_lines_dates"


def fields_of(name):
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    return data, {f.name: f for f in extract_cheque(lines, data["width"], data["height"])}


@pytest.mark.parametrize("name, line", [
    # "Rio de Janeiro, 2o de noverbro de 2021": the day's "0" read "o", the month two letters off
    ("intl_fresh_0028", "Rio de Janeiro, 2o de noverbro de 2021"),
    # "Keșide Tarihi" (an s with a comma) over "01102023": the label, and the date's
    # separators lost
    ("intl_fresh4_0021", "01102023"),
])
def test_a_slipped_date_beside_the_conventions_label_is_read_ambiguous(name, line):
    data, got = fields_of(name)
    assert any(l["text"] == line for l in data["lines"])
    assert got["date"].value == data["truth"]["date"]
    assert got["date"].status == STATUS_AMBIGUOUS


@pytest.mark.parametrize("name, line", [
    # the Turkish label with the date glued to it
    ("intl_fresh7_0001", "Keşide Tarihi30/10/2024"),
    # the Tunisian "le" read "1e", the date glued to it (a leaf that prints its date low)
    ("intl_fresh4_0006", "1e23novembre2024"),
])
def test_a_date_glued_to_the_conventions_label_is_read(name, line):
    data, got = fields_of(name)
    assert any(l["text"] == line for l in data["lines"])
    assert got["date"].value == data["truth"]["date"]
    assert got["date"].status == STATUS_OK


def test_a_slash_read_as_one_beside_the_conventions_label():
    # "le" "03102/2022" low on a Tunisian leaf: one "/" read "1"; the date's line read again
    # from the image with its "1" as "/" (the crop of the date on a white page)
    data, plain = fields_of("intl_fresh7_0002")
    assert plain["date"].value is None
    page = page_with_crop(data, DATA, "date_crop")
    lines = [line_from_dict(d) for d in data["lines"]]
    got = {f.name: f for f in extract_cheque(lines, data["width"], data["height"], image=page)}
    assert got["date"].value == data["truth"]["date"] == "2022-02-03"
    assert got["date"].status == STATUS_AMBIGUOUS  # day-first assumed, never ok
    assert "03/02/2022" in got["date"].message
