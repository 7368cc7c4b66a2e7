"""Receipt rules on recorded OCR lines of real SROIE receipts (``tests/data/receipt_lines``).

Each fixture holds the lines mmbatch's OCR read from one receipt of the public SROIE dataset
(ICDAR 2019); two were edited by hand, as their ``source`` says, to show a layout or an OCR slip
none of the recorded receipts has.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Dict

import pytest

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


@pytest.mark.parametrize("name, raw, value, why", [
    # confirmed by subtotal, tax and rounding, with no payment row
    ("sroie_039", "189.75", "189.75", "subtotal 179.00 + tax 10.74 + rounding 0.01 = 189.75"),
    # confirmed by the item amounts
    ("sroie_264", "118.35", "118.35", "8 item amounts add up to 118.35"),
    # "GST payable (6%): 0.54" names what is owed in tax; "Total (Inclusive of GST): 9.50" is
    # the bill, and 8.96 + 0.54 confirms it
    ("sroie_323", "9.50", "9.50", "subtotal 8.96 + tax 0.54 = 9.50"),
    # "TOTAL" / "52-00" and "CASH" / "52:00": the point read as a dash and a colon; the
    # subtotal and tax (49.06 + 2.94) and the payment agree on 52.00
    ("sroie_516", "52-00", "52.00", "payment 52.00 - change 0.00 = 52.00"),
])
def test_total_confirmed_by_the_receipts_own_sums(name, raw, value, why):
    f = fields(name)["total"]
    assert (f.raw, f.value, f.status) == (raw, value, STATUS_OK)
    assert why in f.message


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

