"""Figures closed by "/-" are the amount even where OCR misread the sign before them: a real
Indian leaf's "Rs. 57000/-" was read "5.R8. 57000(-", the figures were never taken, and the amount
in words alone (misread "fifty sovar thensand") gave a wrong 50.00. On the hand-made lines of an
Indian leaf (tests/data/cheque_lines_conventions/india_cts.json)."""
import json
from pathlib import Path

import pytest

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque

DATA = Path(__file__).resolve().parents[1] / "data" / "cheque_lines_conventions" / "india_cts.json"


def _fields(figures):
    data = json.loads(DATA.read_text())
    lines = []
    for d in data["lines"]:
        if d["text"] == "₹":
            continue   # the sign printed apart: not read
        if d["text"] == "88,50,000/-":
            d = dict(d, text=figures)
        lines.append(line_from_dict(d))
    return {f.name: f for f in extract_cheque(lines, data["width"], data["height"])}


@pytest.mark.parametrize("figures", ["5.R8. 88,50,000(-", "R8. 88,50,000/-", "Rs. 88,50,000(-",
                                     "88,50,000(-"])
def test_figures_closed_by_slash_dash(figures):
    f = _fields(figures)
    assert f["amount"].value == "8850000.00"
    assert f["amount"].status == "ok"          # the amount in words agrees
    assert f["amount_words"].value == "8850000.00"


def test_a_figure_without_its_close_is_no_amount():
    # a reference number on the amount's row is not taken for the figures
    f = _fields("Ref 5.R8. 8850000")
    assert f["amount"].raw is None
    assert f["amount"].message == "no amount in figures read: the amount in words"
