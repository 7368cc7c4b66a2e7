"""Figures whose decimal point OCR did not read ("$ #53162*" for 531.62), on recorded OCR lines
of synthetic cheques (tests/data/cheque_lines_point/): the figures are the words' amount times a
hundred, so the two agree once the point is put back."""
import json
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.cheque_amounts import _point_lost

DATA = Path(__file__).resolve().parents[1] / "data" / "cheque_lines_point"


def amounts(name):
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    got = {f.name: f for f in extract_cheque([line_from_dict(d) for d in data["lines"]],
                                             data["width"], data["height"])}
    return data["truth"], got["amount"], got["amount_words"]


@pytest.mark.parametrize("name, raw", [
    ("fresh_0033", "$ 229363"),          # US, 2293.63
    ("fresh8_0007", "*21063"),           # US, 210.63
    ("in_held_0009", "1900020"),         # India, 19000.20
    ("anglo_fresh7_0001", "$ #53162*"),  # Canada, 531.62
])
def test_figures_without_their_point_agree_with_the_words(name, raw):
    truth, fig, words = amounts(name)
    assert fig.raw == raw
    assert fig.value == words.value == truth["amount"]
    assert fig.status == words.status == "ok"
    assert "decimal point not read" in fig.message


@pytest.mark.parametrize("fig, value, words, want", [
    ("$ 53162", "53162", "531.62", True),
    ("$ 531.62", "53162", "531.62", False),    # a point read: no point lost
    ("$ 53100", "53100", "531.00", False),     # no cents in words: 53,100 as likely
    ("$ 53163", "53163", "531.62", False),     # another number
    ("DT 644600", "644600", "644.600", True),  # three decimals (a convention's), below
])
def test_point_lost(fig, value, words, want):
    from pipeline.extract.conventions import CONVENTIONS

    conv = next(c for c in CONVENTIONS if c.key == "tn") if fig.startswith("DT") else None
    got = _point_lost(fig, Decimal(value), Decimal(words), conv)
    assert (got is not None) is want
