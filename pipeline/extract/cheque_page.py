"""A cheque page's lines as the field rules see them: boxes, rows, labels, and the field builders.

Shared by the cheque rules (cheque_micr, cheque_amounts, cheque_dates, cheque_payee,
cheque_signature, cheque): nothing here reads a field.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence, Tuple

from ..document import Line, Polygon
from .amounts import (
    parse_amount,
)
from .doctypes.cheque import CHEQUE
from .types import (
    STATUS_AMBIGUOUS,
    STATUS_INVALID,
    STATUS_MISSING,
    Field,
)

# the field list (name, type, in the order the fields are returned) and the extractor tag are
# declared with the doc type
EXTRACTOR = CHEQUE.tag
CHEQUE_FIELDS: List[Tuple[str, str]] = [(f.name, f.type) for f in CHEQUE.fields]
_TYPES = dict(CHEQUE_FIELDS)

# ----------------------------------------------------------------------------- labels

# a notice the bank prints on the leaf ("VALID FOR THREE MONTHS FROM THE DATE OF ISSUE",
# "Payable at par at all branches"): never the payee nor a piece of its name, and never the
# amount in words ("three ... only": 3, where the written words were not read)
PRINTED_NOTICE = re.compile(r"\bvalid\s+(?:for|up\s*to|till)\b|\bmonths?\s+from\b|"
                            r"\bdate\s*of\s+(?:issue|instrument)\b|\bpayable\s+at\s+par\b|"
                            r"\bat\s+all\s+branches\b", re.I)

# (the value glued on by the OCR: "ORDER OFJonas", "Order ofJonas")
_ORDER_LABEL = re.compile(
    # "ORDER OF", its "r" read "n" or "e" read "c" ("OnderofELM STREET DENTAL GROUP")
    r"^\s*(?:pay[\s\-]*)?(?:to[\s\-]*)?(?:the[\s\-]*)?[o0][rn]d[ec]r[\s\-]*of"
    r"(?:\b|(?-i:(?=[A-Z])))[\s:.\-]*",
    re.I)
_PAY_LABEL = re.compile(r"^\W*(?:pay|fay)(?:\s*to(?:\s*the)?)?\b[\s:.\-]*"
                        r"|^\W*(?-i:PAY(?=[A-Z][a-z]))"
                        # "Pay" read "pAr" before a title ("pAr / Dr.", "pArMr.")
                        r"|^\W*p[a4]r(?=\s*/?\s*(?:mr|ms|mrs|dr|smt|shri|sri|m/s)\b)[\s/]*"
                        # ... its "Y" read "r" before a name: "PAr Rajvir Singh" (no name is
                        # written so)
                        r"|^\W*(?-i:P[A4][rv])(?=\s+(?-i:[A-Z][a-z]))\s*",
                        re.I)
_DATE_LABEL = re.compile(r"^\s*dated?\b[\s:.\-]*", re.I)
_MEMO_LABEL = re.compile(r"^\s*(?:memo|for|re|note|ref)\b[\s:.\-]*", re.I)
_SIGNATURE_LABEL = re.compile(r"signature|authori[sz]ed|signed", re.I)
_OTHER_LABELS = re.compile(
    r"^\s*(?:dollars?|\$|void\s+after.*|member\s+fdic|non[-\s]?negotiable|"
    # "Security features included. Details on back." (read "Deals on Back", "Detais on back")
    r"not\s+valid.*|security\s+features.*|(?:\w{2,8}\s+)?on\s+back\b.*|cents?|amount)\s*$",
    re.I)
_CHEQUE_NO = re.compile(
    r"^\s*(?:(?:cheque|check|chq|ck)\.?\s*)?(?:(?:no|n°|nº|num|number)\b\.?|#)?\s*[:.]?\s*"
    r"(?P<num>\d{3,6})\s*$", re.I)
_BANK_WORDS = re.compile(
    r"\b(?:bank|banc(?:orp)?|banque|banco|credit\s+union|savings|trust|financial|federal|"
    r"fcu|n\.a\.|caisse|building\s+society|bancshares|national\s+association)\b", re.I)
_ADDRESS = re.compile(
    r"\d+\s+\w+.*\b(?:st|street|ave|avenue|road|rd|lane|ln|drive|dr|court|ct|blvd|way|"
    r"place|pl|suite|unit|box|hwy|highway|parkway|pkwy|circle|terrace)\b\.?|"
    r",\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b|\b(?:tel|phone|fax)\b", re.I)
_BRANCH = re.compile(r"\b(?:branch|office|member\s+fdic|since\s+\d{4}|est\.?\s+\d{4})\b", re.I)
_COMPANY_SUFFIX = re.compile(
    r"(?<=[a-z.,])(?=(?:LLC|LLP|PLLC|INC|Inc|LTD|Ltd|CORP|Corp|PLC|GmbH)\b|(?:CO|Co)\.)|"
    r"(?<=\bPTY)(?=LTD\b)|(?<=\bPty)(?=Ltd\b)")
# an Australian company's "Pty Ltd" with its "D" read "O" or "0" ("PTYLTO"): nothing else
_PTY_LTD = re.compile(r"\b(PTY\s?LT)[O0]\b|\b(Pty\s?Lt)[o0]\b")


# Arabic-Indic and Eastern Arabic-Indic digits (Gulf cheques) -> ASCII
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass
class _L:
    line: Line
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def h(self) -> float:
        return max(1.0, self.y1 - self.y0)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


def _wrap(lines: Iterable[Line]) -> List[_L]:
    out = []
    for ln in lines:
        # NFKC: full-width "／", "＄", "１" from the recogniser become ASCII
        text = unicodedata.normalize("NFKC", ln.text or "").strip().translate(_ARABIC_DIGITS)
        if not text or not ln.box:
            continue
        if len(text) > 2 and (ln.y1 - ln.y0) > 2 * (ln.x1 - ln.x0):
            continue  # a line of text up a margin (a printer's imprint): never a value
        out.append(_L(ln, text, ln.x0, ln.y0, ln.x1, ln.y1))
    return out


def _same_row(a: _L, b: _L) -> bool:
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    if overlap >= 0.35 * min(a.h, b.h):
        return True
    return abs(a.cy - b.cy) <= 0.5 * max(a.h, b.h)


def _starts_right(label: _L, c: _L) -> bool:
    """``c`` starts at the label's end, or (a wide handwritten value whose box the OCR drew
    over the label's tail) starts past the label's middle and reaches well beyond it."""
    return c.x0 >= label.x1 - 0.3 * label.h or (c.x0 > label.cx and c.cx > label.x1)


def _right_of(label: _L, cands: Sequence[_L], max_gap: Optional[float] = None) -> List[_L]:
    """Lines on the label's row that start right of it, nearest first."""
    out = [c for c in cands if c is not label and _same_row(label, c) and _starts_right(label, c)]
    if max_gap is not None:
        out = [c for c in out if c.x0 - label.x1 <= max_gap]
    return sorted(out, key=lambda c: c.x0 - label.x1)


def _raised(label: _L, cands: Sequence[_L], max_gap: Optional[float] = None) -> List[_L]:
    """Lines written right of the label but above its row (a handwritten value floats over the
    printed line the label sits on): starting right of the label, their middle above the
    label's and their foot no higher than one and a half label heights over its top; nearest
    first."""
    out = [c for c in cands if c is not label and not _same_row(label, c)
           and _starts_right(label, c) and c.cy < label.cy
           and c.y1 >= label.y0 - 1.5 * label.h]
    if max_gap is not None:
        out = [c for c in out if c.x0 - label.x1 <= max_gap]
    return sorted(out, key=lambda c: c.x0 - label.x1)


def _below(label: _L, cands: Sequence[_L], max_lines: float = 2.5) -> List[_L]:
    """Lines just below the label that overlap its columns, nearest first."""
    out = []
    for c in cands:
        if c is label or c.y0 < label.y1 - 0.3 * label.h:
            continue
        if c.y0 - label.y1 > max_lines * max(label.h, c.h):
            continue
        if c.x1 < label.x0 - label.h or c.x0 > label.x1 + 4 * label.h:
            continue
        out.append(c)
    return sorted(out, key=lambda c: (c.y0 - label.y1, abs(c.x0 - label.x0)))


def _union_box(ls: Sequence[_L]) -> Optional[Polygon]:
    if not ls:
        return None
    if len(ls) == 1:
        return [tuple(p) for p in ls[0].line.box]
    x0 = min(l.x0 for l in ls)
    y0 = min(l.y0 for l in ls)
    x1 = max(l.x1 for l in ls)
    y1 = max(l.y1 for l in ls)
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


# the most a value of this status is worth, whatever the OCR's confidence in its lines: on the
# real development cheques (bench/fields_real_cheques.py) ambiguous values were right 2 times in
# 4 and values that failed a check 0 in 1, at line confidences of 0.9 and more
CONF_CAP = {STATUS_AMBIGUOUS: 0.5, STATUS_INVALID: 0.3}


def _field(name: str, ftype: str, raw: Optional[str], value: Optional[str],
           src: Sequence[_L], status: str, message: str = "") -> Field:
    conf = float(min(l.line.conf for l in src)) if src else 0.0
    return Field(
        name=name, raw=raw, value=value, type=ftype,
        conf=min(conf, CONF_CAP.get(status, 1.0)),
        box=_union_box(src), line_nos=[l.line.line_no for l in src if l.line.line_no >= 0],
        status=status, message=message, extractor=EXTRACTOR,
    )


def _missing(name: str, ftype: str, message: str = "") -> Field:
    return Field(name=name, raw=None, value=None, type=ftype, conf=0.0, box=None,
                 line_nos=[], status=STATUS_MISSING, message=message, extractor=EXTRACTOR)


def _clean_value(text: str) -> str:
    s = re.sub(r"^[\s*#=~_\-—–:.,]+|[\s*#=~_\-—–:]+$", "", text)
    return re.sub(r"\s+", " ", s).strip()


def _zero_to_o(m: re.Match) -> str:
    tok = m.group(0)
    if sum(c.isdigit() for c in tok) != tok.count("0") or sum(c.isalpha() for c in tok) < 2:
        return tok
    if re.search(r"00|0(?![A-Za-z'’])(?<![A-Za-z]0)", tok):
        return tok  # "100", "B0 " : a zero with no letter beside it is a digit

    def fix(mm: re.Match) -> str:
        i = mm.start()
        prev = tok[i - 1] if i > 0 else ""
        nxt = tok[i + 1] if i + 1 < len(tok) else ""
        return "o" if (prev.islower() or (nxt.islower() and prev.isalpha())) else "O"

    return re.sub("0", fix, tok)


def _clean_name(text: str) -> str:
    s = _clean_value(text)
    # a zero read for the letter O inside a word: "0'Neil" -> "O'Neil", "J0nes" -> "Jones"
    s = re.sub(r"[A-Za-z0-9'’.\-]+", _zero_to_o, s)
    # an initial between two words read as a zero: "Wei 0. McAllister" -> "Wei O. McAllister"
    s = re.sub(r"(?<=[A-Za-z] )0\.(?= [A-Za-z])", "O.", s)
    s = _PTY_LTD.sub(lambda m: m.group(0)[:-1] + ("D" if m.group(1) else "d"), s)
    # OCR drops the space before a company suffix: "TradersLLC" -> "Traders LLC"
    return _COMPANY_SUFFIX.sub(" ", s)


def _is_label_text(t: str) -> bool:
    return bool(
        _OTHER_LABELS.match(t) or _SIGNATURE_LABEL.search(t)
        or re.fullmatch(r"\s*(?:pay(?:\s*to(?:\s*the)?)?|(?:pay[\s\-]*)?(?:to[\s\-]*)?(?:the[\s\-]*)?"
                        r"order[\s\-]*of|"
                        r"the|to\s*the|dated?|memo|for|re)\s*[:.]?\s*", t, re.I))


def _is_label(l: _L) -> bool:
    return _is_label_text(l.text)


# ----------------------------------------------------------------------------- frame


@dataclass
class _Frame:
    """Where the cheque lies on the page: the extent of its text, padded.

    Positions are judged as fractions of this frame, so a cheque photocopied onto a
    letter page is read like a cheque image of its own.
    """
    x0: float
    y0: float
    w: float
    h: float

    def fx(self, x: float) -> float:
        return (x - self.x0) / self.w

    def fy(self, y: float) -> float:
        return (y - self.y0) / self.h

    def x(self, f: float) -> float:
        return self.x0 + f * self.w

    def y(self, f: float) -> float:
        return self.y0 + f * self.h


def _frame(ls: List[_L], width: float, height: float) -> _Frame:
    if len(ls) < 4:
        return _Frame(0.0, 0.0, max(1.0, width), max(1.0, height))
    x0 = min(l.x0 for l in ls)
    y0 = min(l.y0 for l in ls)
    x1 = max(l.x1 for l in ls)
    y1 = max(l.y1 for l in ls)
    px, py = 0.03 * (x1 - x0), 0.05 * (y1 - y0)
    x0, y0 = max(0.0, x0 - px), max(0.0, y0 - py)
    x1, y1 = min(width, x1 + px), min(height, y1 + py)
    return _Frame(x0, y0, max(1.0, x1 - x0), max(1.0, y1 - y0))


# ----------------------------------------------------------------------------- pieces


# an amount in figures that OCR glued to the end of the payee line
_TRAILING_AMOUNT = re.compile(r"\s*(?:[$€£]|\b(?:USD|CAD|EUR|GBP)\b)\s*\**\s*\d[\d,.\s]*\**\s*$")


def _split_trailing_amount(text: str) -> Tuple[str, Optional[str]]:
    m = _TRAILING_AMOUNT.search(text)
    if not m or not re.search(r"[A-Za-z]{2}", text[: m.start()]):
        return text, None
    if parse_amount(m.group(0)) is None:
        return text, None
    return text[: m.start()], m.group(0).strip()


def _line_text_spaced(l: _L) -> str:
    """The line's text, re-spaced from its word boxes where the OCR gave them
    (a MICR line often comes back without the gaps between its fields)."""
    words = getattr(l.line, "words", None) or []
    if len(words) < 2:
        return l.text
    joined = unicodedata.normalize("NFKC", " ".join(w.text for w in words))
    if re.sub(r"\s+", "", joined) != re.sub(r"\s+", "", l.text):
        return l.text
    return joined


def _label_value(label: _L, pattern: re.Pattern, pool: List[_L], accept,
                 below: bool = True, max_gap: Optional[float] = None
                 ) -> Optional[Tuple[List[_L], str]]:
    """Value of a label: text after it on the same line, else the nearest accepted
    line to its right, else (``below``) just below it."""
    rest = pattern.sub("", label.text, count=1).strip()
    if rest and accept(rest):
        return [label], rest
    for c in _right_of(label, pool, max_gap=max_gap):
        if accept(c.text):
            return [c], c.text
    for c in _raised(label, pool, max_gap=max_gap):
        if accept(c.text):
            return [c], c.text
    if below:
        for c in _below(label, pool):
            if accept(c.text):
                return [c], c.text
    return None


# ----------------------------------------------------------------------------- the page


class _Page:
    """A cheque's lines, its frame, and the lines a field or a label has taken already."""

    def __init__(self, lines: Iterable[Line], width: float, height: float):
        self.ls = _wrap(lines)
        self.F = _frame(self.ls, width, height)
        self.width, self.height = width, height
        self.used: set = set()

    def free(self) -> List[_L]:
        return [l for l in self.ls if id(l) not in self.used]

    def use(self, *xs: _L) -> None:
        for x in xs:
            self.used.add(id(x))


def _skip_labels(p: _Page) -> None:
    """Printed labels are never values."""
    p.use(*[l for l in p.ls if _OTHER_LABELS.match(l.text) or _SIGNATURE_LABEL.search(l.text)])


def _row_rest(first: _L, pool: List[_L], ok) -> List[_L]:
    """Lines right of ``first`` on its row, each near the one before, while ``ok`` accepts
    them (a name or an amount in words written in pieces the detector boxed apart)."""
    out, last = [], first
    for c in sorted((c for c in pool if c is not first and _same_row(first, c)
                     and c.x0 > first.x0), key=lambda c: c.x0):
        if c.x0 - last.x1 > 2.5 * max(last.h, c.h) or not ok(c.text):
            break
        out.append(c)
        last = c
    return out
