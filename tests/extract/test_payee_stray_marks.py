"""A stroke of the payee read as a mark ("Ch/oe", "E/lm", "County 'Tax Collector") taken out
where the image reads the known word nearly as well (``payee_words._stray_marks``), and a
company's closing word read with a letter more ("Litd" for "Ltd", "Litda" for "Ltda": a
handwritten "t"'s stroke read as an "i") put right by the suffix rule, not made a name of by
the lexicon ("Lita"; ``payee_words._suffix``); a memo's known word glued to a number
("Invoice4471") given its space (``payee_words._glued_numbers``). Recorded OCR lines of
synthetic cheques of four conventions and their payee or memo line's crop pasted on a white page
of the cheque's size (tests/data/cheque_lines_marks/), the real recogniser."""
from pathlib import Path

import pytest
from conftest import recorded_cheque

from pipeline.extract.payee_words import (
    _GLUED,
    _SLASHED,
    _SLASHED_SHORT,
    _mark_known,
    _suffix_off,
)

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "cheque_lines_marks"


def _payee(name, with_image=True, field="payee"):
    data, fields = recorded_cheque(DATA, name, f"{field}_crop" if with_image else None)
    return fields[field], data["truth"][field]


@pytest.mark.parametrize("name, raw, note", [
    ("held_0028", "Ch/oe Schneider", "'Ch/oe' read again as 'Chloe'"),
    ("fresh8_0018", "E/lm Street Electric Co.", "'E/lm' read again as 'Elm'"),
    ("fresh11_0026", "E/m Street Music Schod", "'E/m' read again as 'Elm'"),
    ("anglo_fresh4_0028", "Is/a Ngyen", "'Is/a' read again as 'Isla'"),
    ("held_0016", "County 'Tax Collector", "\"'Tax\" read again as 'Tax'"),
    ("anglo_fresh4_0016", "Noah 'Taylor", "\"'Taylor\" read again as 'Taylor'"),
    ("in_fresh5_0030", "Ganesh Constructions Litd.", "'Litd' read again as 'Ltd'"),
    ("anglo_fresh2_0006", "Harbourside Catering Pty Litd", "'Litd' read again as 'Ltd'"),
    ("intl_fresh3_0036", "Construtora Horizonte Litda", "'Litda' read again as 'Ltda'"),
])
def test_a_slip_read_in_a_known_word_is_put_right(name, raw, note):
    plain, _ = _payee(name, with_image=False)
    assert plain.value == raw  # without the image, as OCR read it
    got, want = _payee(name)
    assert got.raw == raw
    assert got.value == want
    assert got.status == "unchecked"
    assert note in got.message


def test_a_slash_between_two_letters_is_no_word_slip():
    # "a/c", "c/o", "M/s" stay: abbreviations written with their mark, and "Mls" or "alc" read
    # for them would be no name's word ("E/m", no abbreviation, may be "Elm")
    assert [m.group(0) for m in _SLASHED.finditer("Rajvir Singh a/c No 2006 M/s c/o")] == [
        "a/c", "M/s", "c/o"]
    assert {"a/c", "m/s", "c/o", "w/o", "s/o"} <= _SLASHED_SHORT and "e/m" not in _SLASHED_SHORT
    assert _mark_known("Elm") and _mark_known("Chloe") and not _mark_known("Ellm")
    assert not _mark_known("alc")


def test_suffix_candidates():
    assert _suffix_off("Pty Litd") == ["Ltd"] and _suffix_off("GROUP ING.") == ["INC"]
    # a word the lexicon knows with a letter more stays a name ("Inca" is no "Inc")
    assert _suffix_off("Maria Inca") == [] and _suffix_off("Aurora Ltda") == []


@pytest.mark.parametrize("name, raw, note", [
    ("fresh_0007", "Invoice4471", "'Invoice4471' read again as 'Invoice 4471'"),
    ("fresh_0028", "Q2estimated tax", "'Q2estimated' read again as 'Q2 estimated'"),
    ("fresh5_0037", "Invoice#88123", "'Invoice#88123' read again as 'Invoice #88123'"),
])
def test_a_memo_word_glued_to_a_number_gets_its_space(name, raw, note):
    plain, _ = _payee(name, with_image=False, field="memo")
    assert plain.value == raw
    got, want = _payee(name, field="memo")
    assert got.value == want
    assert note in got.message


def test_glued_tokens():
    # an identifier of letters and digits stays: no known word of four letters glued to it
    assert [m.group(0) for m in _GLUED.finditer("INV12345 Order 55102 Q2estimated")] == [
        "Q2estimated"]


def test_an_indian_name_is_not_made_an_english_word_far_below_the_reading():
    # in_fresh11_0024: "Deepa" (no word of the lexicon) reads "Deeper" 10.0 below the reading,
    # within what a letter put in may lie on other leaves (GROWN_DROP); on an Indian leaf no
    # change past NAMES_DROP is made
    import json

    import numpy as np
    from conftest import page_with_crop

    from pipeline.document import line_from_dict
    from pipeline.extract.cheque_page import _Page
    from pipeline.extract.constrained import LineReader
    from pipeline.extract.payee_words import NAMES_DROP, correct_words

    got, want = _payee("in_fresh11_0024")
    assert got.value == want == "Deepa G. Reddy" and got.message == ""
    data = json.loads((DATA / "in_fresh11_0024.json").read_text(encoding="utf-8"))
    page = page_with_crop(data, DATA, "payee_crop")
    reader = LineReader(np.asarray(page))
    line = [l for l in _Page([line_from_dict(d) for d in data["lines"]], data["width"],
                             data["height"]).ls if l.text == "Deepa G. Reddy"]
    assert correct_words(reader, line, "Deepa G. Reddy")[0] == "Deeper G. Reddy"
    assert correct_words(reader, line, "Deepa G. Reddy", cap=NAMES_DROP)[0] == "Deepa G. Reddy"


def test_a_word_the_crop_reads_again_as_a_known_word():
    # a UK leaf's "Sophie Wright" read "Sopie Wrigt"; the crop read again gives "Sophie", known,
    # 0.2 (natural log) below OCR's "Sopie" by the whole line's probability (``AGAIN_DROP``)
    got, want = _payee("anglo_fresh13_0014")
    assert got.value == want == "Sophie Wright"
    assert "'Sopie' read again as 'Sophie'" in got.message
    assert _payee("anglo_fresh13_0014", with_image=False)[0].value == "Sopie Wrigt"


def test_messrs_read_with_an_a_is_no_word_with_a_stray_mark():
    # an Indian leaf's "M/s National Steels & Co." read "A/s ...": the "/" of "A/s" read as an
    # "l" made "Als" (``_stray_marks``); "M/s" is put back first, and no change is told
    got, want = _payee("in_fresh13_0047")
    assert got.raw == "A/s National Steels & Co."
    assert got.value == want == "M/s National Steels & Co." and got.message == ""


def test_a_compound_name_as_read_is_not_split():
    # a UK leaf's "HARBOURSIDE CATERING PTY LTD" read right: "harbourside" is no word of the
    # lexicon, but "harbour" + "side" is a compound the rules make names of ("Hanbonview" ->
    # "Harborview"), so it stays as read (it was split, "HARBOUR SIDE", 3.9 below the reading)
    from pipeline.extract.payee_lexicon import known, known_or_compound

    got, want = _payee("anglo_fresh14_0027")
    assert got.value == "HARBOURSIDE CATERING PTY LTD" and got.message == ""
    assert got.value.lower() == want.lower()
    assert not known("Harbourside") and known_or_compound("Harbourside")


def test_a_compound_name_glued_to_the_next_word_is_split():
    # a US leaf's "Maplewood Roofing Corp." read "MaplewoodRoofing Corp.": "maplewood" is a
    # compound the lexicon does not hold, known as one (``known_or_compound``), so the split
    # into two known words is offered (0.8 below the reading)
    got, want = _payee("fresh18_0014")
    assert got.raw == "MaplewoodRoofing Corp."
    assert got.value == want == "Maplewood Roofing Corp."
