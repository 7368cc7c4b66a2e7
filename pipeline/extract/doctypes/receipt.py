"""A shop receipt: company, date, total, address, currency.

The rules are in :mod:`pipeline.extract.receipt`.
"""
from __future__ import annotations

import re
from typing import Sequence

from . import DocType, FieldDef, register
from ._cues import counted

CUES = (
    (re.compile(r"\b(?:sub\s*-?\s*)?total\b", re.I), 2.0),
    (re.compile(r"\bcash\b", re.I), 1.0),
    (re.compile(r"\bchange\b", re.I), 1.0),
    (re.compile(r"\bqty\b|\bquantity\b", re.I), 1.5),
    (re.compile(r"\bgst\b|\bvat\b|\bhst\b|\bpst\b|\bsst\b", re.I), 1.5),
    (re.compile(r"\btax\b", re.I), 1.5),
    (re.compile(r"\breceipt\b", re.I), 2.0),
    (re.compile(r"\binvoice\b|\bbill\b", re.I), 1.5),
    (re.compile(r"\bthank\s*you\b", re.I), 1.0),
    (re.compile(r"\b(?:visa|mastercard|amex|debit|credit)\b", re.I), 0.5),
    (re.compile(r"\bdiscount\b|\brounding\b|\btendered\b|\bcashier\b", re.I), 1.0),
)
_PRICE = re.compile(r"(?<![\d.,])\d{1,6}[.,]\d{2}(?![\d.,])")


def score(texts: Sequence[str]) -> float:
    """The cues found on the page (a repeat adds a little), plus up to 3 for prices."""
    joined = "\n".join(texts)
    s = counted(CUES, joined)
    prices = len(_PRICE.findall(joined))
    if prices >= 3:
        s += min(3.0, 0.5 * (prices - 2))
    return s


FIELDS = (
    FieldDef("company", "text", "the name of the shop or company that issued the receipt"),
    FieldDef("date", "date", "the date of the receipt, as printed"),
    FieldDef("total", "amount", "the total amount paid, as printed"),
    FieldDef("address", "text", "the address of the shop, as printed"),
    FieldDef("currency", "text", "the ISO 4217 code of the currency (e.g. MYR, USD)",
             check="currency"),
)


def extract(lines, width: float, height: float, image=None):
    from ..receipt import extract_receipt

    return extract_receipt(lines, width, height)


RECEIPT = register(DocType(
    name="receipt", phrase="a receipt", cues=CUES, score=score, min_score=3.0, fields=FIELDS,
    extract=extract, tag="rules:receipt", date_order="dmy", rank=20, variants={},
))
