"""A date line of digits that is no date ("21-06-2923": a handwritten "0" read "9" in every
reading) read again as the likeliest real date written in its shape (``date_grammar``), on
recorded OCR lines of synthetic Indian leaves (tests/data/cheque_lines_dates/) with the crop of
their date on a white page; and boxes read with the "Date" label on their line."""
import json
from pathlib import Path

import numpy as np
import pytest
from conftest import page_with_crop

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.constrained import ctc_logp, ctc_logp_many
from pipeline.extract.date_grammar import _shapes
from pipeline.extract.types import STATUS_MISSING, STATUS_UNCHECKED

DATA = Path(__file__).resolve().parents[1] / "data" / "cheque_lines_dates"


def date_of(name, with_image=False):
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    image = page_with_crop(data, DATA, "date_crop") if with_image else None
    got = {f.name: f for f in extract_cheque(lines, data["width"], data["height"], image=image)}
    return data, got["date"]


@pytest.mark.parametrize("name, read", [
    ("in_fresh4_0046", "21-06-2923"),  # beside its "DATE" label: 2023 with its "0" read "9"
    ("in_fresh4_0004", "91.092919"),   # no label, above "DD MMY Y YY": 01.09.2019
])
def test_a_digit_misread_alike_everywhere(name, read):
    data, plain = date_of(name)
    assert any(d["text"] == read for d in data["lines"])
    assert plain.status == STATUS_MISSING
    data, date = date_of(name, with_image=True)
    assert date.value == data["truth"]["date"]
    assert date.status == STATUS_UNCHECKED
    assert f"likeliest real date in the shape of {read!r}" in date.message


@pytest.mark.parametrize("name, read", [
    ("in_dev_0104", "Date 04 10 2024"),
    ("in_fresh3_0048", "DATE 0 5 1 0 2 0 2 0"),
])
def test_boxes_read_on_the_labels_line(name, read):
    # the boxes' digits read with the printed label on one line, their letters not read
    data, date = date_of(name)
    assert any(d["text"] == read for d in data["lines"])
    assert date.value == data["truth"]["date"]
    assert date.status == STATUS_UNCHECKED and "date boxes" in date.message


@pytest.mark.parametrize("plain, prefer, want", [
    ("21-06-2923", "dmy", [("dmy", (2, 2, 4), "-", "-")]),
    ("2711.2923", "dmy", [("dmy", (2, 2, 4), "", ".")]),
    ("2026-03-15", "mdy", [("ymd", (2, 2, 4), "-", "-")]),
    ("3.C9.1018", "dmy", [("dmy", (1, 2, 4), ".", ".")]),
    ("03/15/26", "mdy", [("mdy", (2, 2, 2), "/", "/")]),
    ("04 10 2024", "dmy", [("dmy", (2, 2, 4), " ", " ")]),
    ("Ravi Kumar", "dmy", []),
    ("12345", "dmy", []),
])
def test_shapes_of_a_date_line(plain, prefer, want):
    assert _shapes(plain, prefer) == want


def test_many_sequences_scored_at_once_as_one_by_one():
    rng = np.random.default_rng(0)
    prob = rng.random((20, 6))
    prob /= prob.sum(axis=1, keepdims=True)
    labels = np.array([[1, 2, 2, 3], [4, 4, 4, 4], [5, 1, 5, 1]])
    many = ctc_logp_many(np.log(prob), labels)
    assert np.allclose(many, [ctc_logp(prob, list(l)) for l in labels])
