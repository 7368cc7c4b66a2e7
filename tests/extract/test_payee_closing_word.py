"""A company's closing word read with a letter more ("Litd" for "Ltd", "Litda" for "Ltda": a
handwritten "t"'s stroke read as an "i") put right from the page image by the suffix rule
(``payee_words._suffix``), not made a name of by the lexicon ("Lita"). Recorded OCR lines of
synthetic cheques of three conventions and their payee line's crop pasted on a white page of
the cheque's size (tests/data/cheque_lines_suffix/), the real recogniser."""
import json
from pathlib import Path

import pytest
from conftest import page_with_crop

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.payee_words import _suffix_off

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "cheque_lines_suffix"


def _payee(name, image=True):
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    page = page_with_crop(data, DATA, "payee_crop") if image else None
    got = {f.name: f for f in extract_cheque(lines, data["width"], data["height"], page)}
    return got["payee"], data["truth"]["payee"]


@pytest.mark.parametrize("name, raw, note", [
    ("in_fresh5_0030", "Ganesh Constructions Litd.", "'Litd' read again as 'Ltd'"),
    ("anglo_fresh2_0006", "Harbourside Catering Pty Litd", "'Litd' read again as 'Ltd'"),
    ("intl_fresh3_0036", "Construtora Horizonte Litda", "'Litda' read again as 'Ltda'"),
])
def test_a_closing_word_with_a_letter_more_is_the_suffix(name, raw, note):
    plain, want = _payee(name, image=False)
    assert plain.value == raw  # without the image, as OCR read it
    got, want = _payee(name)
    assert got.raw == raw
    assert got.value == want
    assert note in got.message


def test_suffix_candidates():
    assert _suffix_off("Pty Litd") == ["Ltd"] and _suffix_off("GROUP ING.") == ["INC"]
    # a word the lexicon knows with a letter more stays a name ("Inca" is no "Inc")
    assert _suffix_off("Maria Inca") == [] and _suffix_off("Aurora Ltda") == []
