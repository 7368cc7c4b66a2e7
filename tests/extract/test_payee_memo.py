"""The memo's value with a look-alike letter inside a number read as its digit, on recorded OCR
lines of a synthetic cheque (tests/data/cheque_lines_payee/dev_0009.json)."""
import json
from pathlib import Path

import pytest

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.cheque_payee import _memo_value

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "cheque_lines_payee"


def test_memo_number_read_with_a_letter():
    data = json.loads((DATA / "dev_0009.json").read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    got = {f.name: f for f in extract_cheque(lines, data["width"], data["height"])}["memo"]
    assert got.raw == "Acct 2291-C3"
    assert got.value == data["truth"]["memo"] == "Acct 2291-03"


@pytest.mark.parametrize("text, want", [
    ("Inv. 10O4", "Inv. 1004"),
    ("Q3 estimated tax", "Q3 estimated tax"),   # a letter beside one digit: a word's
    ("Room 12A", "Room 12A"),                   # a letter that is no look-alike
    ("Rent - May 2026", "Rent - May 2026"),
])
def test_memo_value(text, want):
    assert _memo_value(text) == want
