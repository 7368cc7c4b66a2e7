"""MICR bands of Australia (APCA), the UK (C&CCC) and Canada (CPA Standard 006): the groups dealt
to serial, bank code, account and transaction code by the layout; the bank code is `ok` only
where the leaf prints it too. Recorded OCR of synthetic leaves (tests/data/cheque_lines_anglo/,
see tests/data/README.md) and OCR-like readings of bands."""
import json
import re
from pathlib import Path

import pytest

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.micr_layouts import code_printed, parse_anglo, parse_for

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "cheque_lines_anglo"


def load(name):
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return data, [line_from_dict(d) for d in data["lines"]]


def fields(data, lines):
    return {f.name: f for f in extract_cheque(lines, data["width"], data["height"])}


def groups(got):
    return sorted(re.sub(r"\D", "", got[n].value) for n in
                  ("micr_serial", "micr_routing", "micr_account", "micr_transaction")
                  if n in got and got[n].value)


def truth_groups(data):
    return sorted(re.findall(r"\d+", data["truth"]["micr_line"].replace("D", "")))


# ----------------------------------------------------------------------------- parsing


@pytest.mark.parametrize("layout, text, want", [
    # AU: the BSB's dash symbol read as ".'" or "-", the transit symbol's bar as a "1"
    ("au", '"354202" 015.\'8871: 65071800" 13', ("354202", "015887", "65071800", "13")),
    ("au", "354202 015.'887165071800 13", ("354202", "015887", "65071800", "13")),
    # the serial glued to the BSB (its on-us symbol lost), the account printed with a dash
    ("au", "081406033.'1971444.'554\"", ("081406", "033197", "444554", None)),
    # a serial OCR read short at the band's left: left out, the rest still read
    ("au", "0 4 1 032 118 2207 314", (None, "032118", "2207314", None)),
    # UK: sort code 2-4, account 8, transaction code; everything glued
    ("uk", '"000123" 20-4577: 41234567"', ("000123", "204577", "41234567", None)),
    ("uk", "12206860.'66011:8680842500", ("122068", "606601", "86808425", "00")),
    # CA: transit 5 + institution 3 between transit symbols; a personal leaf's serial after
    # the account
    ("ca", "0912204 I:68586.'0061: 467381416", ("0912204", "68586006", "467381416", None)),
    ("ca", "I:63911'0061 840899218 583", ("583", "63911006", "840899218", None)),
])
def test_layouts(layout, text, want):
    r = parse_anglo(layout, text)
    assert (r.serial, r.routing, r.account, r.transaction) == want
    assert r.layout == layout and not r.routing_valid


def test_no_reading_where_the_digits_fit_no_way_or_two():
    # 17 digits in one run: no symbol tells the groups apart, and a run is not cut at a guess
    assert parse_anglo("au", "05610639781007928").routing is None
    assert "do not split" in parse_anglo("au", "05610639781007928").notes[0]
    # a UK account is 8 digits: a 7-digit one is no UK band
    assert parse_anglo("uk", '"000123" 20-4577: 4123456"').routing is None


def test_the_canadian_serial_is_the_printed_number():
    # both a group before the transit number and a short group after the account: the one that
    # is the printed number is the serial
    r = parse_for("ca", '"77" :12345-003: 1234567" 318', cheque_number="318")
    assert (r.serial, r.routing, r.account) == ("318", "12345003", "1234567")


@pytest.mark.parametrize("layout, code, texts, seen", [
    ("au", "063978", ["BSB 063-978"], True),
    ("au", "063978", ["063 978"], True),
    ("au", "063978", ["BSB: 063978"], True),
    ("au", "063978", ["063978"], False),        # a bare six-digit number proves nothing
    ("au", "063978", ["1063-978"], False),      # part of another number
    ("uk", "204577", ["Sort code 20-45-77"], True),
    ("uk", "204577", ["20-45-77"], True),
    ("uk", "204577", ["Ref 204577"], False),
    ("ca", "12345003", ["Transit 12345 Inst. 003"], False),
    ("ca", "12345003", ["Transit 12345-003"], True),
])
def test_where_the_leaf_prints_the_bank_code(layout, code, texts, seen):
    assert (code_printed(layout, code, texts) is not None) == seen


# ----------------------------------------------------------------------------- leaves


@pytest.mark.parametrize("name, key, code_line", [
    ("dev_0009", "au", "BSB 015-887"),
    ("dev_0010", "uk", "60-66-01"),
])
def test_bank_code_ok_where_the_leaf_prints_it(name, key, code_line):
    data, lines = load(name)
    got = fields(data, lines)
    assert got["convention"].value == key
    assert groups(got) == truth_groups(data)
    assert got["micr_routing"].status == "ok"
    assert code_line in got["micr_routing"].message


@pytest.mark.parametrize("name, key", [("dev_0009", "au"), ("dev_0010", "uk")])
def test_bank_code_not_ok_where_the_leaf_does_not_print_it(name, key):
    data, lines = load(name)
    lines = [l for l in lines if not re.search(r"BSB|\d\d-\d\d-\d\d", l.text)]
    got = fields(data, lines)
    assert got["convention"].value == key
    assert groups(got) == truth_groups(data)
    r = got["micr_routing"]
    assert r.status == "unchecked" and "no check digit" in r.message


def test_canadian_leaf_transit_and_institution_unchecked():
    data, lines = load("dev_0005")
    got = fields(data, lines)
    assert got["convention"].value == "ca"
    assert groups(got) == truth_groups(data)
    assert got["micr_routing"].value == "68586006"
    assert got["micr_routing"].status == "unchecked"
    # the serial is printed at the top too ("No.0912204"), seven digits as the leaf prints it
    assert got["micr_serial"].status == "ok"
    assert got["cheque_number"].value == data["truth"]["cheque_number"] == "0912204"


def test_canadian_transit_ok_where_printed():
    data, lines = load("dev_0005")
    lines[0].text = "National Bank  Transit 68586-006"
    got = fields(data, lines)
    assert got["micr_routing"].status == "ok"


@pytest.mark.parametrize("layout, text, want", [
    # Halifax's sort codes start 11: the "11" before the dash symbol is digits, not the bars
    # of an on-us symbol
    ("uk", "997712 11.'0715I 71633814\"", ("997712", "110715", "71633814", None)),
    ("uk", "84037511'2415に62345752 00", ("840375", "112415", "62345752", "00")),
])
def test_a_sort_code_of_eleven(layout, text, want):
    r = parse_anglo(layout, text)
    assert (r.serial, r.routing, r.account, r.transaction) == want


@pytest.mark.parametrize("texts, band, key", [
    # an Australian leaf prints "or bearer" as Indian ones do, and its band's 6 + 6 + 9 + 2
    # digits read like a CTS line; its state and postcode and its BSB's dash say Australia
    (["Bendigo Bank", "Perth WA 6000", "or bearer", "Eighty dollars only"],
     "573175 632659 192337728 13", "au"),
    (["Commonwealth Bank", "or bearer", "NINE HUNDRED SEVEN DOLLARS ONLY"],
     "206080 062.121I:871865004 13", "au"),
    # a Canadian leaf's "Pay to the order of" and "Dollars", with an account that passes the
    # ABA check between transit-like symbols: the transit-institution's dash says Canada
    (["National Bank", "Winnipeg MB R3C 0A5", "Pay to the order of", "Dollars"],
     "0912204 I:68586.'0061: 467381416", "ca"),
])
def test_the_band_names_the_country(texts, band, key):
    from pipeline.extract.conventions import detect

    assert detect(texts + [band], band)[0].key == key


def test_a_canadian_postal_code_with_a_zero_read_o():
    # anglo fresh9_0025 (Desjardins, Winnipeg): "R3C 0A5" read "R3C OA5", and the band's
    # transit "48102-815" read without its dash; the leaf was taken for a US one (USD from its
    # printed "Dollars", the band's serial "815")
    from conftest import typed_lines

    lines = typed_lines([
        ("Desjardins", 38, 33, 199, 67), ("Winnipeg MB R3C OA5", 38, 65, 203, 91),
        ("*457.81*", 857, 52, 988, 86), ("No. 8322509", 1046, 97, 1166, 128),
        ("Thesum of FOUR HUNDRED FIFTY-SEVEN AND 81/100", 35, 117, 732, 155),
        ("Dollars", 1100, 188, 1165, 213), ("Pay to the order of", 37, 231, 191, 258),
        ("Owen Gagnon", 233, 221, 444, 259), ("Date", 664, 293, 714, 322),
        ("29/01/2024", 717, 287, 900, 320), ("mmm", 727, 323, 1119, 381),
        ('8322509"I481028151351301346"', 188, 499, 865, 539)])
    got = {f.name: f for f in extract_cheque(lines, 1206, 553)}
    assert got["convention"].value == "ca"
    assert got["currency"].value == "CAD"
    assert got["micr_routing"].value == "48102815"
    assert got["micr_serial"].value == got["cheque_number"].value == "8322509"
    assert got["micr_serial"].status == "ok"
