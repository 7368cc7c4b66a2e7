"""Dates OCR read with slips beside a convention's own date label, on recorded OCR lines of
synthetic Brazilian and Turkish leaves (tests/data/cheque_lines_dates/, written by ``python
bench/cheque_synth_bench.py --kind intl --save-fixture NAME``)."""
import json
from pathlib import Path

import pytest

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.types import STATUS_AMBIGUOUS

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
