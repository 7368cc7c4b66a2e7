"""Receipt rules on recorded OCR lines of real SROIE receipts (``tests/data/receipt_lines``).

Each fixture holds the lines mmbatch's OCR read from one receipt of the public SROIE dataset
(ICDAR 2019); two were edited by hand, as their ``source`` says, to show a layout or an OCR slip
none of the recorded receipts has.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Dict

from pipeline.document import Line
from pipeline.extract.receipt import extract_receipt
from pipeline.extract.types import STATUS_INVALID, STATUS_OK

DATA = Path(__file__).resolve().parents[1] / "data" / "receipt_lines"


def fields(name: str) -> Dict[str, object]:
    d = json.loads((DATA / f"{name}.json").read_text())
    lines = [Line(text=l["text"], conf=l["conf"], box=[tuple(p) for p in l["box"]], line_no=i)
             for i, l in enumerate(d["lines"])]
    return {f.name: f for f in extract_receipt(lines, d["width"], d["height"])}


def test_misread_total_row_flagged_with_what_tax_lines_and_payment_agree_on():
    # "Total (RM) : 112.46" misread; 106.10 + GST 6.37 - rounding 0.02 = 112.45 = cash - change.
    # The printed value is kept (a total row can be altered as well as misread) and flagged.
    f = fields("sroie_008")["total"]
    assert f.value == "112.46"
    assert f.status == STATUS_INVALID
    assert "subtotal 106.10 + tax 6.37 - rounding 0.02 = 112.45" in f.message
    assert "agree on 112.45, the total row reads 112.46" in f.message


def test_total_confirmed_by_subtotal_tax_and_rounding_without_payment():
    f = fields("sroie_039")["total"]
    assert f.value == "189.75"
    assert f.status == STATUS_OK
    assert "subtotal 179.00 + tax 10.74 + rounding 0.01 = 189.75" in f.message


def test_total_confirmed_by_item_amounts():
    f = fields("sroie_264")["total"]
    assert f.value == "118.35"
    assert f.status == STATUS_OK
    assert "8 item amounts add up to 118.35" in f.message


def test_company_suffix_with_a_stroke_read_after_it():
    assert fields("sroie_383")["company"].value == "GREEN LANE PHARMACY SDN BHD"  # read "SDN BHDI"


def test_company_speck_read_as_colon():
    assert fields("sroie_531")["company"].value == "THE TOAST F&B SDN BHD"  # read "THE: TOAST"


def test_company_over_two_rows():
    # "LIAN HING" / "STATIONERY SDN BHD": only trade words before the suffix on the second row
    f = fields("sroie_073_name_split")
    assert f["company"].value == "LIAN HING STATIONERY SDN BHD"
    assert f["address"].value.startswith("NO.32 & 33")


def test_impossible_date_not_taken():
    # the labelled date's year read 2078; the receipt prints the date again lower down
    f = fields("sroie_596_future_year")["date"]
    assert f.value == "2018-06-05"
    assert "not taken" in f.message and "2078-06-05" in f.message


def test_tax_payable_row_is_not_the_total():
    # "GST payable (6%): 0.54" names what is owed in tax; "Total (Inclusive of GST): 9.50" is
    # the bill, and 8.96 + 0.54 confirms it
    f = fields("sroie_323")["total"]
    assert f.value == "9.50"
    assert f.status == STATUS_OK
    assert "subtotal 8.96 + tax 0.54 = 9.50" in f.message


def test_total_with_its_decimal_point_read_as_a_dash():
    # "TOTAL" / "52-00" and "CASH" / "52:00": the point read as a dash and a colon; the
    # subtotal and tax (49.06 + 2.94) and the payment agree on 52.00
    f = fields("sroie_516")["total"]
    assert f.value == "52.00"
    assert f.raw == "52-00"
    assert f.status == STATUS_OK
    assert "payment 52.00 - change 0.00 = 52.00" in f.message
