"""What kind of document a page is, from its text: "cheque", "receipt" or "other"."""
from __future__ import annotations

import re
from typing import Iterable, List, Union

from pipeline.document import Line
from pipeline.extract.micr import looks_like_micr

__all__ = ["classify_page", "page_scores"]

CHEQUE = "cheque"
RECEIPT = "receipt"
OTHER = "other"

_CHEQUE_CUES = [
    (re.compile(r"pay\s*to\s*the\s*order\s*of|order\s*of|pay\s*to", re.I), 3.0),
    (re.compile(r"\bpay\b", re.I), 1.0),
    (re.compile(r"\bdollars?\b", re.I), 1.5),
    (re.compile(r"/\s*1[0o]{2}\b", re.I), 2.0),
    (re.compile(r"\bmemo\b", re.I), 1.5),
    (re.compile(r"\b(?:cheque|check)\b", re.I), 1.0),
    (re.compile(r"\bauthori[sz]ed\s+signature|\bsignature\b", re.I), 1.0),
    (re.compile(r"\bvoid\s+after\b|\bnon[-\s]?negotiable\b", re.I), 1.0),
    (re.compile(r"\brouting\b|\baccount\s*(?:no|number|#)", re.I), 0.5),
]
_RECEIPT_CUES = [
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
]
_PRICE_RE = re.compile(r"(?<![\d.,])\d{1,6}[.,]\d{2}(?![\d.,])")


def _texts(lines: Iterable[Union[Line, str]]) -> List[str]:
    return [l if isinstance(l, str) else (l.text or "") for l in lines]


def page_scores(lines: Iterable[Union[Line, str]]) -> dict:
    """Cue scores {"cheque": x, "receipt": y} of a page's lines."""
    texts = _texts(lines)
    joined = "\n".join(texts)
    cheque = 0.0
    for rx, w in _CHEQUE_CUES:
        if rx.search(joined):
            cheque += w
    if any(looks_like_micr(t) for t in texts):
        cheque += 3.0
    receipt = 0.0
    for rx, w in _RECEIPT_CUES:
        n = len(rx.findall(joined))
        if n:
            receipt += w + 0.25 * min(n - 1, 4)
    prices = len(_PRICE_RE.findall(joined))
    if prices >= 3:
        receipt += min(3.0, 0.5 * (prices - 2))
    return {CHEQUE: cheque, RECEIPT: receipt}


def classify_page(lines: Iterable[Union[Line, str]]) -> str:
    """Classify a page from its OCR lines (``Line`` objects or plain strings)."""
    s = page_scores(lines)
    c, r = s[CHEQUE], s[RECEIPT]
    if c >= 3.0 and c >= r:
        return CHEQUE
    if r >= 3.0 and r > c:
        return RECEIPT
    return OTHER
