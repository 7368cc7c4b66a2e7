"""A cheque: payee, amounts in figures and words, date, number, bank, memo, MICR line, signature.

The rules are in :mod:`pipeline.extract.cheque`.
"""
from __future__ import annotations

import re
from typing import Sequence

from . import DocType, FieldDef, register
from ._cues import present
from ..micr import looks_like_micr

CUES = (
    (re.compile(r"pay\s*to\s*the\s*order\s*of|order\s*of|pay\s*to", re.I), 3.0),
    (re.compile(r"\bpay\b", re.I), 1.0),
    (re.compile(r"\bdollars?\b", re.I), 1.5),
    (re.compile(r"/\s*1[0o]{2}\b", re.I), 2.0),
    (re.compile(r"\bmemo\b", re.I), 1.5),
    (re.compile(r"\b(?:cheque|check)\b", re.I), 1.0),
    (re.compile(r"\bauthori[sz]ed\s+signature|\bsignature\b", re.I), 1.0),
    (re.compile(r"\bvoid\s+after\b|\bnon[-\s]?negotiable\b", re.I), 1.0),
    (re.compile(r"\brouting\b|\baccount\s*(?:no|number|#)", re.I), 0.5),
)


def score(texts: Sequence[str]) -> float:
    """The cues found on the page, plus 3 for a MICR line."""
    s = present(CUES, "\n".join(texts))
    if any(looks_like_micr(t) for t in texts):
        s += 3.0
    return s


FIELDS = (
    FieldDef("payee", "text", "the payee: the name written after 'Pay to the order of'"),
    FieldDef("amount", "amount", "the amount in figures, as written in the amount box "
                                 "(e.g. 1,234.56)"),
    FieldDef("amount_words", "amount", "the amount written in words, exactly as written (e.g. "
                                       "'One thousand two hundred thirty-four and 56/100')",
             check="words"),
    FieldDef("date", "date", "the date of the cheque, as written"),
    FieldDef("cheque_number", "number", "the cheque number printed at the top right",
             digits=True),
    FieldDef("bank_name", "text", "the name of the bank the cheque is drawn on"),
    FieldDef("memo", "text", "the text on the memo (or 'for') line"),
    FieldDef("micr_routing", "text", "the 9-digit routing number in the MICR line at the bottom "
                                     "(between the transit symbols), digits only",
             digits=True, check="aba"),
    FieldDef("micr_account", "text", "the account number in the MICR line at the bottom, "
                                     "digits only", digits=True),
    FieldDef("micr_serial", "text", "the cheque serial number in the MICR line at the bottom, "
                                    "digits only", digits=True),
    FieldDef("signature_present", "bool", "true when the cheque is signed (handwriting on the "
                                          "signature line), else false"),
    FieldDef("currency", "text", "the ISO 4217 code of the cheque's currency (e.g. USD)",
             check="currency"),
)

DATE_ORDER = "mdy"


def extract(lines, width: float, height: float, image=None):
    from ..cheque import extract_cheque

    return extract_cheque(lines, width, height, image=image, date_prefer=DATE_ORDER)


CHEQUE = register(DocType(
    name="cheque", phrase="a cheque", cues=CUES, score=score, min_score=3.0, fields=FIELDS,
    pairs=(("amount", "amount_words"), ("cheque_number", "micr_serial")),
    extract=extract, tag="rules:cheque", date_order=DATE_ORDER, rank=10, variants={},
))
