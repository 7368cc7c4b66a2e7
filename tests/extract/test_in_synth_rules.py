"""Indian (CTS-2010) cheque rules on recorded OCR lines of synthetic Indian cheques
(tests/data/cheque_lines_in_synth/*.json, written by ``python bench/cheque_synth_bench.py --kind in
--save-fixture NAME``; the ``source`` line of each names its seed): the MICR transaction code 11,
an on-us symbol read as "!", a PIN code and date-box digits that are no cheque number, a date
read in pieces beside its label, and amounts in words that carry on with "lakh" or "paise" on a
second line."""
import json
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.date_boxes import band
from pipeline.extract.micr_layouts import parse_in_cts

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "cheque_lines_in_synth"


def fields_of(name):
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    got = {f.name: f for f in extract_cheque(lines, data["width"], data["height"])}
    return data["truth"], got


def micr_groups(got):
    return [got[n].value if n in got else None
            for n in ("micr_serial", "micr_routing", "micr_account", "micr_transaction")]


@pytest.mark.parametrize("name, want", [
    ("in_dev_0003", ["293305", "302015722", None, "11"]),      # read '293305" 302015722H 11'
    ("in_dev_0031", ["699164", "202485692", "980512", "11"]),  # read '... 202485692I 980512 11'
])
def test_a_last_11_is_the_transaction_code(name, want):
    """11 (a current account) is a transaction code like 10, 29 or 31, not two symbol bars."""
    _, got = fields_of(name)
    assert micr_groups(got) == want
    assert got["convention"].value == "in_cts"


def test_parse_in_cts_keeps_11_last_and_drops_bars_elsewhere():
    assert parse_in_cts("699164 202485692I 980512 11").transaction == "11"
    r = parse_in_cts("083654 11 500025033 290062 31")  # an on-us symbol read "11" mid-line
    assert (r.serial, r.routing, r.account, r.transaction) == (
        "083654", "500025033", "290062", "31")


def test_an_on_us_symbol_read_as_a_bang_keeps_its_piece_in_the_band():
    """'710162! 10' (the account id, its on-us symbol read as "!", the transaction code) is
    a piece of the MICR band."""
    _, got = fields_of("in_dev_0041")
    assert micr_groups(got) == ["290383", "695015559", "710162", "10"]


def test_a_pin_code_beside_the_address_is_no_cheque_number():
    """'202127' after 'Kasimpur, Aligay' on its row is the branch's PIN code: the cheque number
    is the MICR serial."""
    truth, got = fields_of("in_dev_0031")
    assert got["cheque_number"].value == truth["cheque_number"] == "699164"


def test_date_box_digits_right_of_the_date_label_are_the_date_not_the_number():
    """'1207' '201' '8' right of 'Date', over the boxes whose letters OCR read as 'Y' only: the
    date in the convention's order (DDMMYYYY), and the cheque number from the MICR serial."""
    truth, got = fields_of("in_dev_0036")
    assert got["cheque_number"].value == truth["cheque_number"] == "606866"
    assert got["date"].value == truth["date"] == "2018-07-12"
    assert got["date"].status == "unchecked"


@pytest.mark.parametrize("name", ["in_dev_0046",   # 'Thirty six' / 'lakh only'
                                  "in_dev_0028",   # 'Fourteen lakh rupees' / 'anly'
                                  "in_dev_0022",   # '... Rupees and Twenty Five' / 'Paise Only'
                                  # '... Thousand and Forty One' / 'Paise': 41 paise, not 41
                                  # rupees (the two readings name as many number words)
                                  "in_fresh5_0009",
                                  # '... Rupees and Twenty Five' / 'Paise Only', the line's tall
                                  # box reaching into the second line's
                                  "in_fresh5_0047"])
def test_words_carried_on_with_lakh_or_paise(name):
    truth, got = fields_of(name)
    assert Decimal(got["amount_words"].value) == Decimal(truth["amount"])
    assert got["amount_words"].status == got["amount"].status == "ok"


def test_date_boxes_band_with_most_letters_missed():
    """Letters D, M, Y, Y read of the eight (boxes 0, 3, 4 and 7, 30 px apart): the median
    step is a gap of three boxes; the band still covers the eight boxes."""
    def letter(i):
        cx = 1000 + 30 * i
        return SimpleNamespace(text="DDMMYYYY"[i], x0=cx - 6, x1=cx + 6, y0=200.0, y1=215.0)

    (x0, _), (x1, _), _, _ = band([letter(i) for i in (0, 3, 4, 7)])
    assert 1000 - 30 < x0 <= 1000 - 15 and 1000 + 7 * 30 + 15 <= x1 < 1000 + 8 * 30


def test_date_boxes_band_of_the_row_with_the_letters():
    """A signature's scribble read "Mm" lower down the leaf is no letter of the boxes: the
    band is the one of the eight letters' row (in_fresh5_0005 read "Mm" under its letters)."""
    def letter(i):
        cx = 1000 + 30 * i
        return SimpleNamespace(text="DDMMYYYY"[i], x0=cx - 6, x1=cx + 6, y0=200.0, y1=215.0)

    scribble = SimpleNamespace(text="Mm", x0=950.0, x1=1250.0, y0=600.0, y1=700.0)
    (x0, y0), (x1, _), _, _ = band([letter(i) for i in range(8)] + [scribble])
    assert 1000 - 30 < x0 <= 1000 - 15 and 1000 + 7 * 30 + 15 <= x1 < 1000 + 8 * 30
    assert y0 < 200


def test_no_pay_label_read_the_line_left_of_or_bearer_is_the_payee():
    """The OCR read no "Pay": the one line on the row of the printed "OR BEARER" is the payee
    (an Indian leaf's amount box sits on the words' second line, not the payee's row)."""
    truth, got = fields_of("in_dev_0032")
    assert got["payee"].value == truth["payee"] == "Municipal Corporation"
    assert got["payee"].status == "unchecked"
    assert "no pay label read" in got["payee"].message


def test_a_lone_pin_code_at_the_top_left_is_no_cheque_number():
    """'560001' alone at the top left (its address line not read) of an Indian leaf: the
    branch's PIN code, not a cheque number; the number is the MICR serial."""
    truth, got = fields_of("in_dev_0112")
    assert got["cheque_number"].value == truth["cheque_number"] == "613202"
    assert got["cheque_number"].status != "invalid"


def test_an_a_c_payee_crossing_read_with_the_payee_is_left_out():
    """'M/s Sai Electricals A/c Pavee @nly': the crossing written over the payee's line."""
    truth, got = fields_of("in_dev_0117")
    assert got["payee"].value == truth["payee"] == "M/s Sai Electricals"


def test_the_end_mark_read_as_1_after_the_paise():
    """'RS. 40,000.001-': the "/-" after the paise read "1-"."""
    from pipeline.extract.amounts import parse_amount

    assert parse_amount("RS. 40,000.001-").value == Decimal("40000.00")
    truth, got = fields_of("in_dev_0079")
    assert Decimal(got["amount"].value) == Decimal(truth["amount"])


def test_the_printed_rupees_read_with_the_written_rupees():
    """'RUPeeS RUPEES SEVEN THOUSAND ONLY': the label and the written word, one line."""
    truth, got = fields_of("in_dev_0100")
    assert Decimal(got["amount_words"].value) == Decimal(truth["amount"]) == Decimal("7000")
    assert got["currency"].value == "INR"


def test_pvt_ltd_whose_v_was_lost():
    """'Bharat constructions Put Ltd': an Indian private limited company's "Pvt Ltd"."""
    truth, got = fields_of("in_dev_0047")
    assert got["payee"].value.upper() == truth["payee"].upper() == "BHARAT CONSTRUCTIONS PVT LTD"


@pytest.mark.parametrize("name", ["in_held_0041", "in_fresh_0004"])
def test_a_printed_notice_is_no_payee(name):
    """"VALID FOR THREE MONTHS FROM THE DATE OF ISSUE", printed on the leaf near the payee's
    line, is neither the payee nor a piece of its name."""
    truth, got = fields_of(name)
    assert "VALID" not in ((got["payee"].value or "") if "payee" in got else "")
    if name == "in_held_0041":
        assert got["payee"].value == truth["payee"] == "M/s Krishna Industries"
