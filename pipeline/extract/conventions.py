"""Local cheque conventions, as data: how a country's cheques write amounts, dates and the MICR
line, what their currency is called, and what can be checked.

A ``Convention`` is declared here and listed in the cheque doc type's ``variants``
(:mod:`pipeline.extract.doctypes.cheque`); ``detect`` picks the one a page shows (its MICR
layout, currency signs and words, labels, bank names) and says why. To add one, declare it
below with its cues and put it in ``CONVENTIONS``; a MICR layout of a new kind also needs its
reader in :mod:`pipeline.extract.micr_layouts`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Pattern, Sequence, Tuple

__all__ = ["Convention", "CONVENTIONS", "GENERIC", "detect", "by_key"]


@dataclass(frozen=True)
class Convention:
    key: str                       # recorded in the ``convention`` field: "us", "in_cts" ...
    name: str                      # in words, for messages
    currency: Optional[str]        # the currency its cheques are drawn in (None: varies)
    dollar: Optional[str]          # what a bare "$" stands for (None: no dollar here)
    date_order: str                # how an ambiguous numeric date is read: "mdy" or "dmy"
    micr: str                      # the MICR layout: "aba", "ca", "in_cts", "uk", "au", "none",
                                   # "any" (read the digit groups, check nothing)
    lakh: bool = False             # amounts grouped 1,00,000 (lakh/crore)
    cues: Tuple[Tuple[Pattern[str], float], ...] = ()
    currency_words: Dict[str, str] = field(default_factory=dict)  # word on the page -> code
    notes: str = ""


def _rx(s: str) -> Pattern[str]:
    return re.compile(s, re.I)


US = Convention(
    key="us", name="United States (ABA routing)", currency="USD", dollar="USD", date_order="mdy",
    micr="aba",
    cues=((_rx(r"pay\s*to\s*the\s*order\s*of"), 1.0), (_rx(r"^\W*dollars?\W*$|/\s*1[0o]{2}\b"), 1.5),
          (_rx(r"\bmemo\b"), 1.0), (_rx(r"\bmember\s+fdic\b|\bN\.A\.|\bUSA\b|\bU\.S\.A?\b"), 1.5),
          (_rx(r",\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"), 1.5),
          (_rx(r"\b\d{1,2}-\d{1,4}/\d{3,4}\b"), 1.0)),   # the fractional routing "50-7177/3222"
    currency_words={"dollars": "USD", "dollar": "USD"},
)
CA = Convention(
    key="ca", name="Canada (transit and institution)", currency="CAD", dollar="CAD",
    date_order="dmy", micr="ca",
    cues=((_rx(r"\bcanada\b|\bcanadian\b|\bCAD\b"), 2.0),
          (_rx(r"\b(?:desjardins|caisse|RBC|royal\s+bank|scotiabank|CIBC|TD\s+canada|BMO)\b"), 2.0),
          (_rx(r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"), 1.5), (_rx(r"\bpayez\b|\bà\s+l'ordre\b"), 1.0)),
    currency_words={"dollars": "CAD"},
)
IN_CTS = Convention(
    key="in_cts", name="India (CTS-2010)", currency="INR", dollar=None, date_order="dmy",
    micr="in_cts", lakh=True,
    cues=((_rx(r"\brupees\b|\bRs\.?(?=\s|\d|$)|₹|\bINR\b"), 2.0), (_rx(r"\bIFS\s*C"), 2.0),
          (_rx(r"\bor\s*bearer\b"), 1.0), (_rx(r"\bla(?:kh|c|ck|ks|chs|khs)\b|\bcrores?\b"), 1.5),
          (_rx(r"\d\s*/-\s*$"), 1.0), (_rx(r"\bpayable\s+at\s+par\b|\bmulti-?city\b"), 1.0),
          (_rx(r"\bSBI\b|state\s+bank\s+of\s+ind|syndicate\s*bank|canara|axis\s+bank|hdfc|icici|"
               r"punjab\s*national|overseas\s+bank|bank\s+of\s+baroda|union\s+bank\s+of\s+india|"
               r"kotak|indusind|yes\s+bank|federal\s+bank|bank\s+of\s+india"), 2.0),
          (_rx(r"\bonly\W*$"), 0.5)),
    currency_words={"rupees": "INR", "rupee": "INR", "rs": "INR", "inr": "INR", "₹": "INR"},
)
UK = Convention(
    key="uk", name="United Kingdom (sort code)", currency="GBP", dollar=None, date_order="dmy",
    micr="uk",
    cues=((_rx(r"£|\bGBP\b|\bpounds?\b|\bsterling\b"), 2.0), (_rx(r"\bsort\s*code\b"), 1.0),
          (_rx(r"\b(?:barclays|lloyds|natwest|hsbc\s+uk|halifax|santander\s+uk|nationwide|"
               r"royal\s+bank\s+of\s+scotland)\b"), 2.0),
          (_rx(r"\b[A-Z]{1,2}\d{1,2}[A-Z]?\s\d[A-Z]{2}\b"), 1.0),   # a postcode
          (_rx(r"\ba/c\s+payee\b"), 0.5)),
    currency_words={"pounds": "GBP", "pound": "GBP", "sterling": "GBP"},
)
AU = Convention(
    key="au", name="Australia (BSB)", currency="AUD", dollar="AUD", date_order="dmy", micr="au",
    cues=((_rx(r"\bBSB\b"), 2.0), (_rx(r"\baustralia\b|\bAUD\b|\bA\$"), 2.0),
          (_rx(r"\bcommonwealth\s+bank\b|\bwestpac\b|\bANZ\b|\bNAB\b|\bbendigo\b|\bsuncorp\b"), 2.0),
          (_rx(r"\bPTY\.?\s*LTD\b|\bABN\b"), 1.5), (_rx(r"\b(?:VIC|NSW|QLD|WA|SA|TAS|ACT|NT)\b"), 0.5)),
    currency_words={"dollars": "AUD", "dollar": "AUD"},
)
GULF = Convention(
    key="gulf", name="Gulf (bilingual Arabic and English)", currency=None, dollar=None,
    date_order="dmy", micr="any",
    cues=((_rx(r"[\u0600-\u06FF]"), 1.0), (_rx(r"[\u0660-\u0669\u06F0-\u06F9]"), 1.0),
          (_rx(r"\b(?:QAR|SAR|AED|KWD|BHD|OMR)\b|\briyals?\b|\bdirhams?\b|\bdinars?\b|"
               r"\bS\.\s*R\.?"), 2.0),
          (_rx(r"\bqatar\b|\bsaudi\b|\bdubai\b|\babu\s+dhabi\b|\bU\.?A\.?E\b|\bkuwait\b|"
               r"\bbahrain\b|\boman\b|\bdoha\b|\briyadh\b|\brajhi\b|\bemirates\b"), 2.0)),
    currency_words={"qar": "QAR", "sar": "SAR", "aed": "AED", "kwd": "KWD", "bhd": "BHD",
                    "omr": "OMR", "dirhams": "AED", "dirham": "AED", "s.r": "SAR",
                    "s.r.": "SAR"},
)
# what only an Indian leaf prints (rupees alone are written in Sri Lanka, Pakistan, Nepal too)
IN_ONLY = _rx(r"\bIFS\s*C|\bla(?:kh|c|ck|ks|khs)\b|\bcrores?\b|state\s+bank\s+of\s+ind|"
              r"syndicate\s*bank|canara|axis\s+bank|hdfc|icici|punjab\s*national|"
              r"indian\s+overseas|bank\s+of\s+baroda|union\s+bank\s+of\s+india|₹")
GENERIC = Convention(
    key="generic", name="no local convention recognised", currency=None, dollar=None,
    date_order="mdy", micr="any",
    notes="a place for more: declare a Convention and list it in CONVENTIONS",
)

CONVENTIONS: Tuple[Convention, ...] = (US, CA, IN_CTS, UK, AU, GULF)
# the least score that names a convention; below it the page is "generic"
MIN_SCORE = 2.0


def by_key(key: str) -> Convention:
    for c in CONVENTIONS + (GENERIC,):
        if c.key == key:
            return c
    raise KeyError(key)


def _micr_shape(micr_text: str) -> Dict[str, float]:
    """Scores from the MICR line's digit groups: an ABA-valid 9-digit group between transit
    symbols is a US or Canadian leaf; 6 + 9 (+ 6) + 2 digits an Indian one; a BSB
    ``ddd-ddd`` an Australian one."""
    from .micr import aba_valid
    from .micr_layouts import parse_in_cts

    out: Dict[str, float] = {}
    if not micr_text:
        return out
    digits = re.sub(r"\D", "", micr_text)
    # a transit symbol: "|:", ":", or its bar alone read as "I" or "l" beside the digits
    if re.search(r"(?:[:;|⑆]|(?<![A-Za-z])[Il])\s*(\d{9})\s*(?:[:;|⑆]|[Il](?![A-Za-z]))",
                 micr_text) and any(
            aba_valid(g) for g in re.findall(r"(?<!\d)\d{9}(?!\d)", micr_text)):
        out["us"] = 2.0
    if re.search(r"\d{5}\s*[-–—~]\s*\d{3}", micr_text):
        out["ca"] = 1.5
    # serial, code, account id, transaction code, the groups as OCR read them apart (six, nine
    # and nine digits are no CTS line: a "1" read apart from the code is no transit bar)
    if len(digits) in (17, 18, 23, 24) and re.match(r"^\W*\d{6}\W", micr_text + " ") and \
            parse_in_cts(micr_text).routing:
        out["in_cts"] = 1.5
    return out


def detect(texts: Sequence[str], micr_text: str = "") -> Tuple[Convention, float, List[str]]:
    """(convention, confidence, reasons) of a cheque page from its lines' texts and its MICR
    line's text. A page that shows no convention's cues is ``GENERIC``."""
    scores: Dict[str, float] = {}
    reasons: Dict[str, List[str]] = {}
    for c in CONVENTIONS:
        s = 0.0
        for rx, w in c.cues:
            if w <= 0:
                continue
            hit = next((t for t in texts if rx.search(t)), None)
            if hit is not None:
                s += w
                reasons.setdefault(c.key, []).append(hit.strip()[:30])
        scores[c.key] = s
    for k, w in _micr_shape(micr_text).items():
        scores[k] = scores.get(k, 0.0) + w
        reasons.setdefault(k, []).append("MICR layout")
    best = max(CONVENTIONS, key=lambda c: scores[c.key])
    top = scores[best.key]
    if top < MIN_SCORE:
        return GENERIC, 0.5, []
    second = max((scores[c.key] for c in CONVENTIONS if c is not best), default=0.0)
    conf = round(min(0.99, 0.5 + 0.5 * (top - second) / top), 3)
    return best, conf, reasons.get(best.key, [])
