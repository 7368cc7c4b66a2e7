"""Payee words in handwriting fonts not developed on, put right from the page image: a letter the
OCR lost ("Springfild"), two letters read as one ("Cdlector"), a crop that reads again otherwise
than OCR read it ("pioreen" / "pioneen"), a title one letter off ("Dn."), a company's closing word
one letter off ("ING."), a name in capitals with letters read small and a stroke read as an "I"
("HaRBORVIEW LANDSCaPINGI"); and with wordfreq's English lexicon and its frequencies: a name the
MiniLM vocabulary lacks ("PRIHa" for "Priya"), the more frequent of two words the image reads
about as well ("Dentd": "Dental", not "Dented"), a letter put in further below the reading than
the vocabulary alone allowed ("Ingid"), a name's apostrophe read as nothing ("OBrien"). Recorded OCR lines of synthetic cheques in the held fonts and the crop of
each payee line (tests/data/cheque_lines_payee/{held,fresh}_*; see tests/data/README.md), pasted
where it was on a white page of the cheque's size; the real recogniser."""
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.cheque_payee import _capitals
from pipeline.extract import payee_lexicon
from pipeline.extract.payee_lexicon import (_apostrophe_lost, compound, dropped, grown, known,
                                            small_known, small_word, stroke_dropped,
                                            twice_changed, zipf)

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "cheque_lines_payee"


def _payee(name, at):
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    page = Image.new("RGB", (int(data["width"]), int(data["height"])), "white")
    page.paste(Image.open(DATA / f"{name}_payee.jpg").convert("RGB"), at)
    fields = {f.name: f for f in extract_cheque(lines, data["width"], data["height"],
                                                np.asarray(page))}
    return fields["payee"], data["truth"]["payee"]


def test_capitals_and_strokes():
    assert _capitals("HaRBORVIEW LANDSCaPING CO.") == "HARBORVIEW LANDSCAPING CO."
    assert _capitals("OLIVIA McDONALD") == "OLIVIA McDONALD"
    assert _capitals("Jean-Luc DuBois") == "Jean-Luc DuBois"
    assert stroke_dropped("LANDSCAPINGI") == ["LANDSCAPING"]
    assert stroke_dropped("Marys") == [] and stroke_dropped("Daniel") == []
    # a small "i" ending a name in capitals is a letter written, not a stroke ("MANSOURi")
    assert stroke_dropped("MANSOURi") == []


def test_grown_words():
    assert "springfield" in grown("Spingfield")
    assert not {w for w in grown("Spingfield") if w.endswith("ingfield")} - {"springfield"}
    assert grown("Cdlector") == {"collector"}
    assert "garcia" not in grown("Garcia")


@pytest.mark.parametrize("name, at, raw, note", [
    ("fresh_0048", (180, 170), "City of Springfild", "'Springfild' read again as 'Springfield'"),
    ("held_0016", (390, 310), "County Tax Cdlector", "'Cdlector' read again as 'Collector'"),
    ("fresh_0046", (240, 270), "pioreen plunbing Inc.", "'pioreen' read again as 'pioneer'"),
    ("held_0036", (110, 250), "Dn. Ruth Bhooks", "'Dn' read again as 'Dr'"),
    ("held_0057", (370, 280), "BLUE RIDGE DENTAL GROUP ING.", "'ING' read again as 'INC'"),
    ("fresh2_0056", (140, 270), "HaRBORVIEW LANDSCaPINGI CO.",
     "'LANDSCaPINGI' read again as 'LANDSCaPING'"),
    ("fresh2_0008", (200, 220), "MAPLEWOOD PROPERTY MANaGIEMENT",
     "'MANaGIEMENT' read again as 'MANAGEMENT'"),
])
def test_payee_in_held_fonts(name, at, raw, note):
    got, want = _payee(name, at)
    assert got.raw == raw
    assert got.value.casefold() == want.casefold()
    assert got.status == "unchecked"
    assert note in got.message


def test_lexicon_knows_names_and_frequencies():
    for w in ("Priya", "Whitfield", "Realty", "Lakeshore", "Garcia", "Collector"):
        assert known(w), w
    for w in ("Redty", "Lincdn", "Schod", "Priha", "Dentd"):
        assert not known(w), w
    assert zipf("dental") > zipf("dented") + 1.0
    assert _apostrophe_lost("OBrien") == ["O'Brien"] and _apostrophe_lost("Obama") == []
    assert payee_lexicon.grown_limit() == payee_lexicon.GROWN_DROP


@pytest.mark.parametrize("name, at, raw, value, note", [
    ("held_0039", (90, 180), "PRIHa DUaRTE", "PRIYA DUARTE", "'PRIHa' read again as 'PRIYa'"),
    ("fresh3_0055", (200, 230), "Green Valley Dentd Group", "Green Valley Dental Group",
     "'Dentd' read again as 'Dental'"),
    ("fresh_0017", (320, 290), "Mr. Ingid T. OBrien", "Mr. Ingrid T. O'Brien",
     "'OBrien' read again as \"O'Brien\""),
])
def test_payee_words_from_the_lexicon(name, at, raw, value, note):
    got, want = _payee(name, at)
    assert got.raw == raw
    if value is not None:
        assert got.value == value and value.casefold() == want.casefold()
    assert got.status == "unchecked"
    assert note in got.message


def test_more_word_edits():
    # a letter read that is not there; two letters changed; a place name's compound; small words
    assert dropped("Priypa") == {"priya"} and "mary" not in dropped("Marys")  # last letter stays
    assert "evergreen" in twice_changed("Evengheen") and twice_changed("Garcia") == set()
    assert compound("harborview") > 0 and compound("maplewood") > 0
    assert compound("pleawink") == 0 and compound("hopingfield") == 0
    assert "harborview" in grown("Haborview")
    assert small_word("fon") == {"for"} and "high" in small_word("Hig")
    assert not small_known("fon") and small_known("Lee") and small_known("PTA")
    assert small_known("Smt")
    # a word with a letter of another alphabet in it is no English word to put right, and no
    # piece of it is ("Yıldız" is not "Yild" + "ız": "Yild" had become "Bild")
    from pipeline.extract.payee_lexicon import _SMALL, _WORD

    assert _WORD.findall("Mustafa Yildız") == ["Mustafa"] and _SMALL.findall("Ms. Tomás") == []


def test_possessives_the_lexicon_knows_better_than_the_word_as_read():
    from pipeline.extract.payee_lexicon import possessive_lost

    assert possessive_lost("Marys") == ["Mary's"] and possessive_lost("MARYS") == ["MARY'S"]
    assert possessive_lost("Childrens") == ["Children's"]
    # a plural or a name about as frequent as its possessive, or more, stays as read
    for word in ("Sons", "Peoples", "Johns", "Brooks", "James", "Repairs", "Utilities"):
        assert possessive_lost(word) == [], word


@pytest.mark.parametrize("name, at, raw, value, note", [
    ("fresh4_0044", (140, 200), "Habitat fon Hunanity", "Habitat for Humanity",
     "'fon' read again as 'for'"),
    ("fresh4_0025", (80, 210), "Ms. Priypa Delacroix", "Ms. Priya Delacroix",
     "'Priypa' read again as 'Priya'"),
    ("fresh4_0046", (260, 290), "Hanbonview phanmacy & Sons", "Harborview pharmacy & Sons",
     "'Hanbonview' read again as 'Harborview'"),
    ("fresh5_0028", (200, 250), "Evengheen Catening & Sons", "Evergreen Catering & Sons",
     "'Evengheen' read again as 'Evergreen'"),
    ("held_0027", (250, 210), "Haborview Plurbing Corp.", "Harborview Plumbing Corp.",
     "'Haborview' read again as 'Harborview'"),
    ("in_fresh_0038", (180, 200), "Prakash lyer", "Prakash Iyer", "'lyer' read again as 'Iyer'"),
    # a capital's lead-in stroke read as a letter of its own before it
    ("fresh3_0012", (230, 310), "Aisha G. DWhitfield", "Aisha G. Whitfield",
     "'DWhitfield' read again as 'Whitfield'"),
    ("fresh8_0002", (150, 220), "Peter WWhitfield", "Peter Whitfield",
     "'WWhitfield' read again as 'Whitfield'"),
    # a possessive's apostrophe the OCR read as nothing (every word of the line is known)
    ("fresh7_0001", (200, 300), "St. Marys Church", "St. Mary's Church",
     "'Marys' read again as \"Mary's\""),
])
def test_payee_word_edits_from_the_image(name, at, raw, value, note):
    """A small word one letter off, a letter read that is not there, two letters changed, a
    place name written as one word, a capital "I" read as "l" (an Indian leaf), a capital's
    lead-in stroke read as a letter, a possessive's lost apostrophe: each put right from the
    crop's CTC matrix."""
    got, want = _payee(name, at)
    assert got.raw == raw
    assert got.value == value and value.casefold() == want.casefold()
    assert got.status == "unchecked"
    assert note in got.message


@pytest.mark.parametrize("name, at, value", [
    ("intl_fresh_0026", (210, 290), "SARL EL AMEN IMPORT"),         # a Tunisian leaf (French)
    ("intl_fresh3_0036", (40, 180), "Construtora Horizonte Ltda"),  # a Brazilian leaf
])
def test_words_of_the_leaf_language_are_left_as_read(name, at, value):
    """"SARL" and "Ltda" are words of the leaf's language (``payee_lang``): not made the English
    "SARI" and "Leda"."""
    from pipeline.extract.payee_lang import known as known_in

    got, want = _payee(name, at)
    assert got.value == value and value.casefold() == want.casefold()
    assert known_in("fr", "Sarl") and known_in("pt", "LTDA") and known_in("tr", "Çelik")
    assert not known_in(None, "Sarl") and not known_in("en", "Sarl")
