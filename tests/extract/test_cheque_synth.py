"""Payee, date and memo on recorded OCR lines of varied synthetic cheques
(tests/data/cheque_lines_synth/*.json, written by ``python bench/cheque_synth_bench.py
--save-fixture NAME``): handwritten values that float above the printed line their label sits
on, a date whose month name or digits the OCR misread, an initial read as a zero."""
import json
import re
from pathlib import Path

import pytest

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "tests" / "data" / "cheque_lines_synth").glob("*.json"))


def fields_of(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    return data["truth"], {f.name: f for f in extract_cheque(lines, data["width"], data["height"])}


def fold(s):
    return re.sub(r"\s+", " ", (s or "").upper()).strip(" .")


def test_fixtures_present():
    assert {p.stem for p in FIXTURES} >= {"dev_0004", "dev_0011", "dev_0022", "dev_0028",
                                          "dev_0048", "dev_0058", "held_0007", "held_0009",
                                          "held_0034"}


# the OCR read no payee on dev_0048 (its line was never detected); on fresh_0028 it read
# "City of Spingfield"
UNREAD = {"dev_0048": {"payee"}, "fresh_0028": {"payee"}}


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_payee_date_memo(path):
    truth, got = fields_of(path)
    skip = UNREAD.get(path.stem, set())
    if "payee" not in skip:
        assert fold(got["payee"].value) == fold(truth["payee"])
    else:
        assert got["payee"].value in (None, "City of Spingfield")
    assert got["date"].value == truth["date"]
    if path.stem != "fresh_0028":  # "Q2estimated tax": the OCR lost the space
        assert fold(got["memo"].value) == fold(truth["memo"])


@pytest.mark.parametrize("name, note", [
    ("dev_0011", "month name read as 'August' from 'Auq'"),
    ("dev_0022", "month name read as 'April' from 'APK'"),
    ("dev_0048", "letters read as digits in '03-15-2C24'")])
def test_a_misread_date_is_never_ok(name, note):
    _, got = fields_of(ROOT / "tests" / "data" / "cheque_lines_synth" / f"{name}.json")
    assert got["date"].status == "ambiguous"
    assert note in got["date"].message
    assert got["date"].conf <= 0.5


def test_raised_values_beside_their_labels():
    # "Pay to the order of" and "FOR" printed on the lines; the payee and the memo written
    # above them, each on a row of its own
    _, got = fields_of(ROOT / "tests" / "data" / "cheque_lines_synth" / "dev_0004.json")
    assert got["payee"].raw == "Internal Revenue Service"
    assert got["memo"].raw == "Repairs"
    _, got = fields_of(ROOT / "tests" / "data" / "cheque_lines_synth" / "dev_0028.json")
    assert got["payee"].raw == "Golden Gate Music School Inc"  # right of a bare "PAY"


def test_memo_whose_label_was_not_read():
    # the OCR missed the small printed "Memo:"; the one line in the memo's place is the memo
    _, got = fields_of(ROOT / "tests" / "data" / "cheque_lines_synth" / "dev_0058.json")
    assert got["memo"].value == "Loan payment"
    assert got["memo"].status == "unchecked"
    assert got["memo"].message == "no memo label read: the line in the memo's place"


def test_payee_whose_label_was_not_read():
    # no "Pay" read at all: the one line left of the amount on its row is the payee
    _, got = fields_of(ROOT / "tests" / "data" / "cheque_lines_synth" / "held_0009.json")
    assert got["payee"].value == "Mr. Peter Patel"
    assert got["payee"].message == "no pay label read: the line in the payee's place"
    assert got["payee"].status == "unchecked"


def test_memo_with_no_label_and_no_micr_read():
    _, got = fields_of(ROOT / "tests" / "data" / "cheque_lines_synth" / "held_0007.json")
    assert got["memo"].value == "Dental cleaning"


def test_value_box_drawn_over_the_label_tail():
    # "Memo" [29..94] and "Security deposit" [81..257] on one row: the value's box starts
    # inside the label's
    _, got = fields_of(ROOT / "tests" / "data" / "cheque_lines_synth" / "held_0034.json")
    assert got["memo"].value == "Security deposit"
    assert got["memo"].message == ""


def test_label_with_a_hyphen_and_an_amount_glued_to_the_payee():
    # "PAY TO THE ORDER-OF:" is a label, never the payee
    _, got = fields_of(ROOT / "tests" / "data" / "cheque_lines_synth" / "fresh_0028.json")
    assert got["payee"].value == "City of Spingfield"
    # "Summit Electric Co. & Sons $ 1400 00/100": the amount read on the payee's line
    _, got = fields_of(ROOT / "tests" / "data" / "cheque_lines_synth" / "fresh_0034.json")
    assert got["payee"].value == "Summit Electric Co. & Sons"


def test_no_memo_made_up_from_a_printed_label():
    # an Indian leaf's "A/c. No." sits where a US memo would: never a memo
    lines = [("STATE BANK", 40, 20, 300, 60), ("PAY Ravi Kumar", 40, 100, 500, 140),
             ("RUPEES Ten Thousand only", 40, 160, 600, 200), ("A/c. No.", 60, 260, 140, 285),
             ("12345678901", 150, 255, 400, 285), ("PLEASE SIGN ABOVE", 700, 330, 880, 350),
             ('"123456" 500002015: 004512" 10', 200, 390, 700, 420)]
    from pipeline.document import Line

    ls = [Line(text=t, conf=0.99, box=[(a, b), (c, b), (c, d), (a, d)], line_no=i)
          for i, (t, a, b, c, d) in enumerate(lines)]
    got = {f.name: f for f in extract_cheque(ls, 900, 430)}
    assert got["memo"].value is None


def _lines(rows):
    from pipeline.document import Line

    return [Line(text=t, conf=0.99, box=[(a, b), (c, b), (c, d), (a, d)], line_no=i)
            for i, (t, a, b, c, d) in enumerate(rows)]


US_BOXED = [("Cedar Bank", 40, 20, 300, 60), ("1042", 1500, 20, 1600, 60),
            ("0", 1100, 100, 1130, 140), ("3", 1160, 100, 1190, 140),
            ("1", 1220, 100, 1250, 140), ("5", 1280, 100, 1310, 140),
            ("2", 1340, 100, 1370, 140), ("0", 1400, 100, 1430, 140),
            ("2", 1460, 100, 1490, 140), ("6", 1520, 100, 1550, 140),
            ("M M D D Y Y Y Y", 1100, 145, 1550, 170),
            ("PAY TO THE ORDER OF", 40, 250, 300, 280), ("Jonas Whitaker", 330, 240, 700, 285),
            ("$", 1250, 240, 1280, 285), ("120.00", 1300, 240, 1500, 285),
            ("One hundred twenty and 00/100", 40, 330, 800, 370), ("DOLLARS", 1450, 330, 1600, 365),
            ("MEMO", 40, 450, 120, 475), ("SIGNATURE", 1200, 470, 1400, 490),
            ("⑆011000015⑆ 123456789⑈ 1042", 200, 540, 1000, 580)]


def test_us_date_boxes_are_month_first():
    got = {f.name: f for f in extract_cheque(_lines(US_BOXED), 1700, 620)}
    assert got["date"].value == "2026-03-15"
    assert got["date"].message == "read from the date boxes (MMDDYYYY)"
    assert got["date"].status == "unchecked"


def _us_leaf(pay_row):
    return [("Cedar Bank", 40, 20, 300, 60), ("1042", 1500, 20, 1600, 60),
            ("DATE", 1000, 110, 1080, 140), ("03/15/2026", 1100, 100, 1400, 145)] + pay_row + [
            ("120.00", 1300, 240, 1500, 285),
            ("One hundred twenty and 00/100", 40, 330, 800, 370), ("DOLLARS", 1450, 330, 1600, 365),
            ("MEMO", 40, 450, 120, 475), ("SIGNATURE", 1200, 470, 1400, 490),
            ("⑆011000015⑆ 123456789⑈ 1042", 200, 540, 1000, 580)]


@pytest.mark.parametrize("pay_row", [
    [("Pay to the order ofJonas Whitaker", 40, 240, 700, 285)],     # the value glued on
    [("PAY TO THE ORDER OF", 40, 250, 300, 280), ("Jonas Whitaker $", 330, 240, 1290, 285)],
], ids=["glued", "dollar-sign"])
def test_payee_read_with_its_neighbours(pay_row):
    got = {f.name: f for f in extract_cheque(_lines(_us_leaf(pay_row)), 1700, 620)}
    assert got["payee"].value == "Jonas Whitaker"
    assert got["date"].value == "2026-03-15" and got["date"].status == "ok"


@pytest.mark.parametrize("pieces, iso", [
    ([("03", 1100, 100, 1160, 145), ("15", 1200, 100, 1260, 145), ("2026", 1300, 100, 1420, 145)],
     "2026-03-15"),
    ([("Mar", 1100, 100, 1180, 145), ("15", 1220, 100, 1280, 145), ("2026", 1320, 100, 1440, 145)],
     "2026-03-15")], ids=["numbers", "month-name"])
def test_date_read_in_pieces_beside_its_label(pieces, iso):
    rows = [r for r in _us_leaf([("PAY TO THE ORDER OF", 40, 250, 300, 280),
                                 ("Jonas Whitaker", 330, 240, 700, 285)])
            if r[0] != "03/15/2026"] + pieces
    got = {f.name: f for f in extract_cheque(_lines(rows), 1700, 620)}
    assert got["date"].value == iso
    assert got["date"].status == "ambiguous" and "read from 3 pieces" in got["date"].message


def test_fallbacks_never_hand_a_micr_run_to_the_amount_parser():
    # no pay label, no memo label, no MICR band recognised: a 28-digit run at the bottom
    rows = [("Cedar Bank", 40, 20, 300, 60), ("03/15/2026", 1100, 100, 1400, 145),
            ("Jonas Whitaker", 330, 240, 700, 285), ("$ 120.00", 1250, 240, 1500, 285),
            ("One hundred twenty and 00/100", 40, 330, 800, 370),
            ("1243006489128021798300001691", 40, 400, 600, 440),
            ("SIGNATURE", 1200, 470, 1400, 490)]
    from pipeline.extract.cheque_amounts import _Amounts
    from pipeline.extract.cheque_page import _Page
    from pipeline.extract.cheque_payee import _unlabelled_memo, _unlabelled_payee
    from pipeline.extract.conventions import CONVENTIONS

    us = next(c for c in CONVENTIONS if c.key == "us")
    p = _Page(_lines(rows), 1700, 620)
    words = [l for l in p.ls if l.text.startswith("One")]
    assert _unlabelled_memo(p, us, words, []) is None
    amounts = _Amounts((words, words[0].text, None), None, None, {})
    got = _unlabelled_payee(p, us, amounts)
    assert got is not None and got[1] == "Jonas Whitaker"
