"""The payee on leaves of Brazil and Tunisia (recorded OCR of synthetic leaves drawn by
bench/cheque_synth_intl.py in the held fonts; tests/data/cheque_lines_synth_intl/payee/): a French
label read with its apostrophe as an "f" ("à fordre de"), a name written a little above its
label's row, a leaf whose pay words OCR did not read at all (the name under the amount in
words), and a Greek letter read inside a Latin name."""
import json
from pathlib import Path

import pytest

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.cheque_payee import _latin_lookalikes

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "cheque_lines_synth_intl" / "payee"


def _payee(name):
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    got = {f.name: f for f in extract_cheque(lines, data["width"], data["height"])}
    return got["payee"], data["truth"]["payee"]


@pytest.mark.parametrize("name", ["fresh_0010", "held_0038"])
def test_beside_a_french_order_label(name):
    got, want = _payee(name)
    assert got.value == want
    assert got.status == "unchecked"


def test_under_the_amount_in_words_where_no_pay_label_was_read():
    got, want = _payee("held_0004")  # Brazil: "Pague por este cheque" not read
    assert got.raw == "CamilaSouza" and want == "Camila Souza"
    assert got.status == "unchecked"
    assert "no pay label read" in got.message


def test_a_greek_letter_read_inside_a_latin_name():
    got, want = _payee("held_0017")  # Turkey: "Elif Kaγa", a Greek gamma for the "y"
    assert got.raw == "Elif Kaγa"
    assert got.value == want == "Elif Kaya"


def test_latin_lookalikes():
    assert _latin_lookalikes("Ivan Реtrov", None) == "Ivan Petrov"  # a Cyrillic "Р", "е"
    assert _latin_lookalikes("Ελένη Παπαδοπούλου", None) == "Ελένη Παπαδοπούλου"  # all Greek
    assert _latin_lookalikes("Anadolu Gıda Ltd. Ști.", "tr") == "Anadolu Gıda Ltd. Şti."
    assert _latin_lookalikes("Ștefan Popescu", "fr") == "Ștefan Popescu"  # Romanian kept
