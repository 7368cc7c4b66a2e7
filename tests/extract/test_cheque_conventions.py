"""Cheques of each convention (tests/data/cheque_lines_conventions/*.json: OCR lines written by
hand in the shape real OCR gives, see tests/data/make_cheque_lines_conventions.py): the
convention is recognised, the values come out, `ok` only where a check passed."""
import json
from pathlib import Path

import pytest

from pipeline.document import Line, line_from_dict
from pipeline.extract import conventions
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.classify import classify_page
from pipeline.extract.doctypes import get
from pipeline.extract.micr_layouts import aba_prefix_ok, parse_in_cts, trusted_aba

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "tests" / "data" / "cheque_lines_conventions").glob("*.json"))


def load(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    return data, [line_from_dict(d) for d in data["lines"]]


def fields_of(path):
    data, lines = load(path)
    return data, lines, {f.name: f for f in extract_cheque(lines, data["width"], data["height"])}


def test_every_convention_has_a_fixture():
    assert {p.stem for p in FIXTURES} >= {"india_cts", "uk_sort_code", "au_bsb", "gulf",
                                          "canada_transit", "us_micr_turned", "us_blank"}
    assert set(get("cheque").variants) == {c.key for c in conventions.CONVENTIONS}


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_convention_values_and_ok(path):
    data, lines, got = fields_of(path)
    assert classify_page(lines) == "cheque"
    for name, want in data["truth"].items():
        value = got[name].value if name in got else None
        if name == "payee" and value is not None:
            value, want = value.upper(), want.upper()
        assert value == want, name
    for name in data["ok"]:
        assert got[name].status == "ok", name
    for name in data["not_ok"]:
        assert got[name].status != "ok", name
    # no currency is made up: a value always comes from something printed or written
    cur = got["currency"]
    assert cur.status == "missing" or cur.line_nos


def test_india_cts_micr_and_checks():
    _, _, got = fields_of(ROOT / "tests/data/cheque_lines_conventions/india_cts.json")
    assert got["micr_routing"].message == "city code 500 agrees with the branch PIN 500028"
    assert got["date"].message == "read from the date boxes (DDMMYYYY)"
    # the serial is not "printed elsewhere" because its digits sit inside another number
    assert got["micr_serial"].status == "unchecked"
    assert got["currency"].status == "unchecked"


def test_a_routing_number_from_a_turned_line_is_not_ok():
    _, _, got = fields_of(ROOT / "tests/data/cheque_lines_conventions/us_micr_turned.json")
    r = got["micr_routing"]
    assert (r.value, r.status) == ("870510005", "unchecked")
    assert "not trusted" in r.message
    assert not aba_prefix_ok("870510005") and not trusted_aba(":1870510005 519029", "870510005")


def test_aba_is_not_the_check_of_other_conventions():
    # an Indian MICR code that happens to pass the ABA check digit is never ok by it
    lines = [Line(text=t, conf=0.99, box=[(x, y), (x + w, y), (x + w, y + 40), (x, y + 40)],
                  line_no=i)
             for i, (t, x, y, w) in enumerate([
                 ("IFSC: UTIB0000426", 260, 140, 300), ("PAY", 70, 260, 80),
                 ("Anita Desai", 400, 250, 400), ("RUPEES Five Thousand only", 70, 360, 700),
                 ("5,000/-", 1700, 420, 300), ("Please sign above", 2090, 840, 200),
                 ('"309115" 2101120051: 426160" 31', 580, 970, 1100)])]
    got = {f.name: f for f in extract_cheque(lines, 2360, 1090)}
    assert got["convention"].value == "in_cts"
    assert got["micr_routing"].value == "210112005" and got["micr_routing"].status != "ok"
    assert got["amount"].value == "5000.00" and got["amount"].status == "ok"
    assert got["currency"].value == "INR"


def test_blank_cheque_gives_no_payee_or_amount():
    _, _, got = fields_of(ROOT / "tests/data/cheque_lines_conventions/us_blank.json")
    assert [got[n].status for n in ("payee", "amount", "amount_words")] == ["missing"] * 3


def test_parse_in_cts_layouts():
    r = parse_in_cts('"083654" 5000250331: 290062" 31')
    assert (r.serial, r.routing, r.account, r.transaction) == ("083654", "500025033", "290062",
                                                              "31")
    r = parse_in_cts("9646263800221771 00008731")  # groups glued by lost symbols
    assert (r.serial, r.routing, r.account, r.transaction) == ("964626", "380022177", "000087",
                                                              "31")
    assert parse_in_cts("12345").routing is None


def test_detect_says_generic_without_cues():
    conv, conf, why = conventions.detect(["hello", "world"])
    assert (conv.key, why) == ("generic", [])
    conv, _, why = conventions.detect(["RUPEES", "IFSC: HDFC0000123", "OR BEARER"])
    assert conv.key == "in_cts" and why
