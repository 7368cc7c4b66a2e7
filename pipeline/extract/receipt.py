"""Key fields of a shop receipt from its OCR lines: company, date, total, address, currency.

``extract_receipt(lines, width, height)`` always returns the same five fields, in this order::

    company   text    the business name printed at the top (legal suffix kept: "... SDN BHD")
    date      date    ISO 8601 ("2018-03-25"); numeric dates are read day-first unless that
                      is impossible ("12/28/2017" is month-first); day-first guesses where
                      both readings are valid carry status "ambiguous"
    total     amount  normalised decimal string ("8.20")
    address   text    the header lines below the company name, joined by spaces
    currency  text    ISO 4217 code guessed from the symbols on the receipt

A field that is not found comes back with ``status="missing"`` and ``value=None`` (currency:
``status="unchecked"``, ``value=None``, as it is a guess, not a printed field).

Currency: "RM"/"MYR" -> MYR, "€" -> EUR, "£" -> GBP (status "unchecked"); a bare "$" is read
from the receipt's context (SDN BHD / Malaysia -> MYR, PTE LTD / Singapore -> SGD, ...) and is
USD otherwise, with status "ambiguous" either way.

The rules are layout rules, not a list of shops:

* rows: lines are grouped into visual rows after correcting the page skew (the slope most pairs
  of far-apart lines on a row agree on; OCR boxes of a skewed scan are often axis-aligned), so
  that a label at the left margin and its amount at the right margin meet.
* total: rows whose label names a total ("TOTAL", "GRAND TOTAL", "NETT TOTAL", "TOTAL (INCL GST)",
  "TOTAL ROUNDED", "AMOUNT DUE" ...) give candidates; sub-totals, quantities, tax lines and the
  rows of a "GST SUMMARY" table do not. The most specific label wins, the lowest one among equals.
  A total below a "Rounding" row outranks those above it. The payment rows cross-check the
  choice: when CASH/CARD - CHANGE equals a candidate (or the total after the rounding row's
  adjustment) that value is taken and the field is ``ok``; when it equals none the field is
  ``invalid`` with the payment in ``message`` (unless no change row was read and more was paid
  than any total: then nothing is checked). Without any total row, CASH - CHANGE is the total.
  The receipt's own arithmetic is a second check (:mod:`.receipt_reconcile`): subtotal + tax /
  GST / service charge (+/- rounding, - discount), or two or more item amounts in the total's
  column, adding up to the total make it ``ok``; when the total row disagrees with the payment
  and the tax lines give the payment's value, the total row was misread or altered: its value
  is kept, ``invalid``, and the message names the value the others agree on.
* date: the first date on a row labelled DATE/TARIKH, else the first printed with a time, else the
  first date; OCR slips are repaired first (a time glued to the year, a separator doubled, lost,
  or read as ",", "=", "~" or a space, an O or l among the digits, "27032018" alone on a line;
  with a two-digit year only on a labelled row or beside a time). A date after today is not
  taken, and when the dates disagree by years only those near the year with the most weight
  (labelled and timed dates count more) are.
* company: in the header (the rows above the first "TAX INVOICE"/"RECEIPT"/cashier/amount row), the
  first row with a legal or trade suffix (SDN BHD, S/B, BHD, PLT, LTD, ENTERPRISE, TRADING, ...),
  joined with the rows of the same name around it: the row above when the suffix row holds only
  the suffix or trade words ("PASARAYA BORONG PINTAR" / "SDN BHD", "LIAN HING" / "STATIONERY SDN
  BHD") or when it ends in "&"; the row below when it is the legal suffix, a bracketed branch or
  starts with "&". Otherwise the first row that names a kind of business (RESTORAN, KEDAI,
  PHARMACY ...), with the row below when it holds at most one word of its own ("RESTORAN" / "WAN
  SHENG"); otherwise the row above a registration number "(123456-X)"; otherwise the first
  header row that is not an address, phone, registration number or scanner stamp. "SDN BHD" as
  the OCR misreads it ("SON BHD", "SDN BH0", "SDNBHD") is mended.
* address: the header rows after the company, from the first street-like row up to the phone /
  GST / "TAX INVOICE" rows; after a postcode or state only street-like rows may follow.

Amounts and dates are parsed by :mod:`pipeline.extract.amounts` and :mod:`pipeline.extract.dates`.
The rules live in :mod:`.receipt_rows` (rows, amounts), :mod:`.receipt_totals` (with
:mod:`.receipt_reconcile`),
:mod:`.receipt_dates` and :mod:`.receipt_company` (company and address).
"""
from __future__ import annotations

import re
from typing import Dict, List, Sequence, Tuple

from ..document import Line
from .doctypes.receipt import RECEIPT
from .receipt_company import _company_and_address
from .receipt_dates import _date_field
from .receipt_rows import _fold, _Geom, _mean_conf, _rows
from .receipt_totals import _total_field
from .types import STATUS_AMBIGUOUS, STATUS_MISSING, STATUS_UNCHECKED, Field

__all__ = ["extract_receipt", "RECEIPT_FIELDS"]

# the field list and the extractor tag are declared with the doc type
RECEIPT_FIELDS = RECEIPT.field_names()
EXTRACTOR = RECEIPT.tag


# --------------------------------------------------------------------------- currency

_DOLLAR_CONTEXT: List[Tuple[re.Pattern, str]] = [
    (re.compile(r"(?i)\bSDN\.?\s*BHD\b|\bBHD\b|\bMALAYSIA\b|\bRM\s?\d|\bGST\s*(?:ID|REG|NO)\b.*\d{12}"
                r"|\bJALAN\b|\bJLN\b|\bS/B\b"), "MYR"),
    (re.compile(r"(?i)\bPTE\.?\s*LTD\b|\bSINGAPORE\b|\bS\$"), "SGD"),
    (re.compile(r"(?i)\bPTY\.?\s*LTD\b|\bAUSTRALIA\b|\bABN\b|\bA\$"), "AUD"),
    (re.compile(r"(?i)\bCANADA\b|\bHST\b|\bC\$|\bCA\$"), "CAD"),
    (re.compile(r"(?i)\bHONG\s*KONG\b|\bHK\$"), "HKD"),
    (re.compile(r"(?i)\bNEW\s*ZEALAND\b|\bNZ\$"), "NZD"),
]


def _currency_field(lines: Sequence[Line]) -> Field:
    text = _fold("\n".join(l.text for l in lines))

    def lines_with(rx: re.Pattern) -> List[Line]:
        return [l for l in lines if rx.search(_fold(l.text))]

    explicit = [
        (re.compile(r"(?<![A-Za-z])(?:RM|MYR)(?![A-Za-z])|\(RM\)"), "MYR", "RM"),
        (re.compile(r"€|\bEUR\b"), "EUR", "€"),
        (re.compile(r"£|\bGBP\b"), "GBP", "£"),
        (re.compile(r"\bSGD\b|S\$"), "SGD", "S$"),
        (re.compile(r"\bUSD\b|US\$"), "USD", "US$"),
        (re.compile(r"¥|\bJPY\b"), "JPY", "¥"),
        (re.compile(r"₹|\bINR\b"), "INR", "₹"),
    ]
    counts: Dict[str, Tuple[int, str, List[Line]]] = {}
    for rx, code, sym in explicit:
        hit = lines_with(rx)
        if hit:
            counts[code] = (len(hit), sym, hit)
    dollar_lines = lines_with(re.compile(r"\$"))
    if counts and (not dollar_lines or "MYR" in counts):
        code = max(counts, key=lambda c: counts[c][0])
        n, sym, hit = counts[code]
        return Field("currency", raw=sym, value=code, type="text", conf=_mean_conf(hit[:5]),
                     line_nos=[l.line_no for l in hit[:5]], status=STATUS_UNCHECKED,
                     message=f"{sym!r} on {n} line(s)", extractor=EXTRACTOR)
    if dollar_lines:
        for rx, code in _DOLLAR_CONTEXT:
            if rx.search(text):
                return Field("currency", raw="$", value=code, type="text",
                             conf=_mean_conf(dollar_lines[:5]),
                             line_nos=[l.line_no for l in dollar_lines[:5]],
                             status=STATUS_AMBIGUOUS,
                             message=f"'$' read as {code} from the receipt's context",
                             extractor=EXTRACTOR)
        return Field("currency", raw="$", value="USD", type="text", conf=_mean_conf(dollar_lines[:5]),
                     line_nos=[l.line_no for l in dollar_lines[:5]], status=STATUS_AMBIGUOUS,
                     message="'$' assumed to be USD", extractor=EXTRACTOR)
    return Field("currency", raw=None, value=None, type="text", conf=0.0, status=STATUS_UNCHECKED,
                 message="no currency marker on the receipt", extractor=EXTRACTOR)


# --------------------------------------------------------------------------- entry point

def extract_receipt(lines: List[Line], width: float, height: float) -> List[Field]:
    """Company, date, total, address and currency of one receipt page (see module doc)."""
    lines = [l for l in lines if l.text and l.text.strip() and l.box]
    if not lines:
        return [
            Field(n, raw=None, value=None, type=t, conf=0.0,
                  status=STATUS_UNCHECKED if n == "currency" else STATUS_MISSING,
                  message="no text on the page", extractor=EXTRACTOR)
            for n, t in ((f.name, f.type) for f in RECEIPT.fields)
        ]
    g = _Geom(lines)
    rows = _rows(lines, g)
    company, address = _company_and_address(rows, height)
    return [company, _date_field(rows), _total_field(rows), address, _currency_field(lines)]
