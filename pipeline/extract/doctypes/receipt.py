"""A shop receipt: company, date, total, address, currency.

The rules are in :mod:`pipeline.extract.receipt`.
"""
from __future__ import annotations

import re
from typing import Dict, Sequence

from . import DocType, FieldDef, register
from ._cues import is_prose, kinds_found, prose_factor

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

# What a receipt prints, one kind each (counted once, on lines that are not running text): its
# totals (a total line with an amount: needed), the merchant block, how it was paid, tax lines,
# items. An invoice's own words (bill to, terms, due) weigh against it.
EVIDENCE = (
    ("total", re.compile(r"\b(?:sub\s*-?\s*)?total\b|\bamount\s+due\b|\bbalance\s+due\b|"
                         r"\bnett?\s+amt\b|\bgross\s+amt\b|\bjumlah\b", re.I), 3.0),
    ("paid", re.compile(r"\b(?:cash|change|tendered|rounding|visa|mastercard|amex|debit|"
                        r"credit\s*card|card\s*payment|paid)\b", re.I), 1.5),
    ("tax", re.compile(r"\b(?:gst|vat|hst|pst|sst|tax)\b", re.I), 1.0),
    ("items", re.compile(r"\bqty\b|\bquantity\b|\bitems?\b|\bu/?price\b|\bdescription\b|"
                         r"\bdiscount\b", re.I), 1.0),
    # a point of sale: a till's words; "POS" in capitals (a German "Pos." is an invoice's column),
    # "Table 12" standing alone (not "Table 4. Revenue by region", a caption)
    ("receipt", re.compile(r"\breceipt\b|\bthank\s*you\b|\bcashier\b|\bcounter\b|\bterminal\b|"
                           r"(?-i:\bPOS\b)(?!\.)|\bpax\b|\bgoods\s+sold\b|"
                           r"^\W*table\s*(?:no\.?|#)?\s*:?\s*[\w@]{0,6}\s*$|\btable\s*(?:no|#)",
                           re.I), 1.5),
    ("merchant", re.compile(r"\b(?:sdn\.?\s*bhd|bhd|enterprise|trading|restaurant|restoran|"
                            r"mart|store|shop|cafe|bakery|pharmacy|hardware|supermarket|"
                            r"ltd|inc|llc|co\.)\b|\b(?:gst|co)\.?\s*(?:reg\.?\s*)?(?:no|id)\b|"
                            r"^\W*(?:tel|fax)\s*[:.]\s*\+?\d|^\W*\(\d{5,}-[A-Z]\)\W*$", re.I),
     1.0),
)
INVOICE_WORDS = re.compile(r"\bbill\s*to\b|\bship\s*to\b|\bdue\s+date\b|\bpayment\s+terms\b|"
                           r"\bpayment\s+within\b|\bterms\s*:|\bnet\s+30\b|\bpurchase\s+order\b|"
                           r"\bremit\b|\bsort\s*code\b|\biban\b", re.I)
# what a page that is no receipt prints beside its totals, whether paid or not: a German or French
# invoice's own words, a quotation's, a payslip's, a bank statement's
NOT_RECEIPT_WORDS = re.compile(r"\brechnung(?:snummer|sdatum)?\b|\bzahlbar\b|\bbankverbindung\b|"
                               r"\bust-?id|\bsteuernummer\b|\bfacture\b|\bquotation\b|\bquote\s+no\b|"
                               r"\bestimate\b|\bvalid\s+(?:for|until)\b|\bangebot\b|\bgross\s+pay\b|"
                               r"\bnet\s+pay\b|\bdeductions\b|\bearnings\b|\bpay\s+period\b|"
                               r"\bstatement\s+of\s+account\b|\b(?:opening|closing)\s+balance\b|"
                               r"\btotal\s+(?:debits|credits)\b", re.I)
MIN_SCORE = 5.0


def evidence(texts: Sequence[str]) -> Dict[str, float]:
    """{kind: weight} of a receipt's own layout found on the page."""
    found = kinds_found(EVIDENCE, texts)
    prices = len(_PRICE.findall("\n".join(t for t in texts if not is_prose(t))))
    if prices >= 1:
        found["prices"] = min(2.0, 0.5 * prices)
    return found


def score(texts: Sequence[str]) -> float:
    """The kinds of a receipt's layout found on the page (0 without a total line with amounts,
    without a sign of a sale: a payment or a till's words, or with a payment alone and neither
    a shop's name nor a tax line), less on a page of running text, one that reads like an
    invoice to be paid later, a quotation, a payslip or a bank statement."""
    found = evidence(texts)
    if "total" not in found or "prices" not in found:  # totals are amounts
        return 0.0
    if "paid" not in found and "receipt" not in found:  # a table's total, a quotation's
        return 0.0
    if "receipt" not in found and "merchant" not in found and "tax" not in found:
        return 0.0  # a payment alone, with no till, no shop's name, no tax: a programme's fees
    s = sum(found.values())
    if "paid" not in found:  # an invoice to be paid later: each of its own words weighs
        s -= 2.0 * len({m.group(0).lower() for t in texts for m in INVOICE_WORDS.finditer(t)})
    s -= 2.0 * len({m.group(0).lower() for t in texts for m in NOT_RECEIPT_WORDS.finditer(t)})
    return round(max(0.0, s) * prose_factor(texts), 2)


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
    name="receipt", phrase="a receipt", cues=CUES, score=score, min_score=MIN_SCORE, fields=FIELDS,
    extract=extract, tag="rules:receipt", date_order="dmy", rank=20, variants={},
))
