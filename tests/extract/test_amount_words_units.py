"""The words a leaf writes around its amount in words belong to the lexicon the words' line is
read again under: Kenyan and British units ("shillings", "pounds", "pence") among the English
words of amounts, a Turkish leaf's "Bu çek karşılığında" and a "Yalnız" whose first letters the
line's box cut off. Without them the constrained reading made number words of them ("shilling
owly" read "sixty", "dniz" read "on", ten). Recorded OCR lines of synthetic cheques
(tests/data/cheque_lines_units/; the Turkish one is the leaf of ``test_amount_contested.py``,
whose contested agreement this reading ends), the figures' and the words' crops pasted on a
white page of the cheque's size, the real recogniser."""
from pathlib import Path

import pytest
from conftest import recorded_cheque

from pipeline.extract.amount_words_intl import parse_words
from pipeline.extract.constrained import AMOUNT_WORDS

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"


def _fields(name, image=True):
    folder = DATA / ("cheque_lines_contested" if name == "intl_fresh8_0005"
                     else "cheque_lines_units")
    return recorded_cheque(folder, name, ["figures_crop", "words_crop"] if image else None)


@pytest.mark.parametrize("name, raw, before", [
    # Kenya: "eight hundred shillings only" read "eigthundred shilling owly"; read again
    # without "shilling" in the lexicon it was "eight hundred sixty" (860), no amount
    ("intl_held_0035", "eight hundred shilling only", None),
    # Turkey: "Yalnız beş bin dört yüz TL" read "dniz bes bin dört yizT"
    ("intl_fresh8_0005", "niz bes bin dört yüz tl", "5004.00"),
])
def test_words_around_the_amount_are_read_as_what_they_are(name, raw, before):
    data, plain = _fields(name, image=False)
    assert plain["amount_words"].value == before
    data, got = _fields(name)
    assert got["amount_words"].raw == raw
    assert got["amount_words"].value == got["amount"].value == data["truth"]["amount"]
    assert got["amount_words"].status == got["amount"].status == "ok"


def test_the_lexicons_hold_the_leaves_words():
    assert {"shilling", "shillings", "pounds", "pence"} <= set(AMOUNT_WORDS)
    # the leaf's own words are no number: the amount is what follows them
    assert str(parse_words("bu çek karşılığında beş bin TL", "tr")) == "5000.00"
    assert str(parse_words("niz sekiz bin beş yüz TL", "tr")) == "8500.00"
    assert str(parse_words("payez contre ce chèque non endossable trois cents dinars",
                           "fr")) == "300.00"
