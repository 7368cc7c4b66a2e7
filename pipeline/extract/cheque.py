"""Fields of a cheque from its OCR lines, by layout rules.

The rules read labels ("PAY TO THE ORDER OF", "Pay", "Date", "Memo", "For", the
"$" box) and take the value to the right of, or below, a label using the line
boxes. Values are cross-checked where the cheque repeats itself: the amount in
words against the amount in figures, the MICR serial against the printed cheque
number, the routing number against its ABA check digit.

Nothing here depends on the order of ``lines``: only on their text and boxes.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np

from ..document import Line, Polygon
from .amounts import (
    amount_words_currency,
    format_decimal,
    parse_amount,
    parse_amount_words,
)
from .date_boxes import ddmmyyyy
from .dates import find_dates
from .doctypes.cheque import CHEQUE
from .conventions import IN_ONLY, Convention, detect
from .micr import MicrResult, looks_like_micr
from .micr_layouts import aba_prefix_ok, in_city_matches_pin, parse_for, trusted_aba
from .types import (
    STATUS_AMBIGUOUS,
    STATUS_INVALID,
    STATUS_MISSING,
    STATUS_OK,
    STATUS_UNCHECKED,
    Field,
)

__all__ = ["extract_cheque", "CHEQUE_FIELDS", "signature_ink"]

# the field list (name, type, in the order the fields are returned) and the extractor tag are
# declared with the doc type
EXTRACTOR = CHEQUE.tag
CHEQUE_FIELDS: List[Tuple[str, str]] = [(f.name, f.type) for f in CHEQUE.fields]
_TYPES = dict(CHEQUE_FIELDS)

# ----------------------------------------------------------------------------- labels

# (the value glued on by the OCR: "ORDER OFJonas", "Order ofJonas")
_ORDER_LABEL = re.compile(
    r"^\s*(?:pay[\s\-]*)?(?:to[\s\-]*)?(?:the[\s\-]*)?order[\s\-]*of(?:\b|(?-i:(?=[A-Z])))[\s:.\-]*",
    re.I)
_PAY_LABEL = re.compile(r"^\W*(?:pay|fay)(?:\s*to(?:\s*the)?)?\b[\s:.\-]*|^\W*(?-i:PAY(?=[A-Z][a-z]))", re.I)
_DATE_LABEL = re.compile(r"^\s*dated?\b[\s:.\-]*", re.I)
_MEMO_LABEL = re.compile(r"^\s*(?:memo|for|re|note|ref)\b[\s:.\-]*", re.I)
_SIGNATURE_LABEL = re.compile(r"signature|authori[sz]ed|signed", re.I)
_OTHER_LABELS = re.compile(
    r"^\s*(?:dollars?|\$|void\s+after.*|member\s+fdic|non[-\s]?negotiable|"
    r"not\s+valid.*|security\s+features.*|details\s+on\s+back.*|cents?|amount)\s*$", re.I)
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


_MICR_PIECE = re.compile(r"^[\d\s:;\"'|⑆⑈⑇⑉]+$")


def _find_micr(ls: List[_L], F: _Frame) -> List[_L]:
    """The MICR band: the lowest line that reads like one, with the digit boxes on its row (a
    serial or a transaction code printed apart); without one, a bottom row of digit boxes
    that read like a MICR line together."""
    cands = [l for l in ls if F.fy(l.cy) > 0.6 and looks_like_micr(l.text)]
    if cands:
        bottom = max(cands, key=lambda l: l.cy)
    else:
        pieces = [l for l in ls if F.fy(l.cy) > 0.75 and _MICR_PIECE.match(l.text)
                  and sum(c.isdigit() for c in l.text) >= 2]
        if not pieces:
            return []
        bottom = max(pieces, key=lambda l: l.cy)
        row = sorted((l for l in pieces if _same_row(bottom, l)), key=lambda l: l.x0)
        joined = " ".join(l.text for l in row)
        return row if sum(c.isdigit() for c in joined) >= 12 else []
    row = [l for l in ls if _same_row(bottom, l) and (
        looks_like_micr(l.text) or (_MICR_PIECE.match(l.text)
                                    and sum(c.isdigit() for c in l.text) >= 2))]
    return sorted(row, key=lambda l: l.x0)


def _find_cheque_number(ls: List[_L], F: _Frame) -> Optional[Tuple[_L, str]]:
    best = None
    for l in ls:
        if F.fy(l.cy) > 0.3 or F.fx(l.cx) < 0.55:
            continue
        m = _CHEQUE_NO.match(l.text)
        if not m:
            continue
        score = F.fx(l.x1) - F.fy(l.y0)
        if best is None or score > best[0]:
            best = (score, l, m.group("num"))
    return (best[1], best[2]) if best else None


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


_NUMBER_WORD_RE = re.compile(
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|thousand|million)\b", re.I)


def _words_evidence(text: str) -> bool:
    """Enough to call a line an amount in words, not a memo that names a number."""
    if re.search(r"/\s*[1lI|][0oO]{2}\b|\bdollars?\b|\bcents?\b|\bonly\b", text, re.I):
        return True
    return len(_NUMBER_WORD_RE.findall(text)) >= 2


_WORDS_LABEL = re.compile(r"^\W*(?:\w{1,3}\s+)?(?:rupees|the\s+sum\s+of|amount\s+in\s+words)\b"
                          r"[\s:.\-]*", re.I)


def _words_text(l: _L) -> str:
    text = l.text
    m = _PAY_LABEL.match(text)
    if m and not _ORDER_LABEL.match(text):
        text = text[m.end():]
    return text


def _words_score(text: str) -> int:
    return len(_NUMBER_WORD_RE.findall(text)) + (2 if "/" in text else 0)


def _continuation(l: _L, pool: List[_L]) -> Optional[_L]:
    """The line that carries on an amount in words below it (the legal amount is often
    written over two lines): starts near its left edge, just below."""
    below = [c for c in pool if c is not l and 0 <= c.y0 - l.y1 + 0.3 * l.h <= 1.6 * max(l.h, c.h)
             and c.x0 < l.x0 + 0.5 * (l.x1 - l.x0) and c.x1 > l.x0 - 2 * l.h
             and not looks_like_micr(c.text) and (_NUMBER_WORD_RE.search(c.text)
                                                  or re.search(r"/\s*1[0o]{2}", c.text))]
    return min(below, key=lambda c: c.y0) if below else None


def _find_amount_words(pool: List[_L]) -> Optional[Tuple[List[_L], str, Decimal]]:
    best = None
    for l in pool:
        text = _words_text(l)
        options = []
        if _words_evidence(text):
            options.append(([l], text))
        nxt = _continuation(l, pool)
        if nxt is not None and (_NUMBER_WORD_RE.search(text) or _WORDS_LABEL.match(text)):
            options.append(([l, nxt], text + " " + nxt.text))
        if _NUMBER_WORD_RE.search(text):
            more = _row_rest(l, pool, lambda t: (bool(re.search(r"[A-Za-z]{2}", t))
                                                 and parse_amount(t) is None)
                             or bool(re.fullmatch(r"\s*(?:\d{1,2}|[xX-]{1,2}|no)\s*/\s*[1lI|][0oO]{2}\s*",
                                                  t)))
            if more:
                options.append(([l] + more, " ".join([text] + [c.text for c in more])))
        for src, t in options:
            if not _words_evidence(t):
                continue
            v = parse_amount_words(t)
            if v is None or v == 0:
                continue
            score = _words_score(t)
            if best is None or score > best[0]:
                best = (score, src, t.strip(), v)
    return (best[1], best[2], best[3]) if best else None


def _find_amount_figures(pool: List[_L], all_lines: List[_L], F: _Frame,
                         words_value: Optional[Decimal], dollar: Optional[str] = "USD"):
    signs = ("$", "S", "$:", "$.") if dollar else ("Rs", "Rs.", "₹", "QAR", "SAR", "AED")
    dollar_lines = [l for l in all_lines if l.text.strip() in signs]
    best = None
    for l in pool:
        t = l.text
        p = parse_amount(t)
        if p is None:
            t = _split_trailing_amount(t)[1] or ""
            p = parse_amount(t) if t else None
        if p is None:
            continue
        if (words_value is not None and p.value != words_value
                and re.fullmatch(r"\s*\d{4,}[1l|]\s*", t)):
            # the "/" of "2630000/" read as a "1": only where the amount in words agrees
            p2 = parse_amount(t.strip()[:-1])
            if p2 is not None and p2.value == words_value:
                p = p2
        has_sym = bool(re.search(r"[$€£¥₹]|\b[A-Z]{3}\b|\d\s*(?:/\s*[-=]?|[1l|]-)\s*$", t))
        left_dollar = next((d for d in dollar_lines
                            if _same_row(d, l) and d.x1 <= l.x0 + 0.3 * l.h
                            and l.x0 - d.x1 < 4 * l.h), None)
        has_dec = bool(re.search(r"[.,]\s*\d{2}\s*\**\s*$", t))
        has_group = bool(re.search(r"\d[,.]\d{3}\b", t))
        matches_words = words_value is not None and p.value == words_value
        if not (has_sym or left_dollar or has_dec or has_group or matches_words):
            continue  # a bare integer is a number, not an amount
        score = 0.0
        score += 3 if (has_sym or left_dollar) else 0
        score += 1 if has_dec else 0
        score += 2 if F.fx(l.cx) > 0.6 else 0
        score -= 3 if (F.fy(l.cy) < 0.15 and not has_sym) else 0
        score += 4 if matches_words else 0
        if best is None or score > best[0]:
            best = (score, l, p, left_dollar, t)
    return best[1:] if best else None


def _bank_candidate(l: _L) -> bool:
    t = l.text
    if len(re.sub(r"[^A-Za-z]", "", t)) < 3:
        return False
    if _ADDRESS.search(t) or _BRANCH.search(t) or _is_label(l):
        return False
    return sum(c.isdigit() for c in t) <= 2


def _find_bank_name(pool: List[_L], F: _Frame) -> Optional[_L]:
    cands = [l for l in pool if _bank_candidate(l)]
    top = [l for l in cands if F.fy(l.cy) < 0.3]
    centre = F.x(0.5)
    # 1. a bank word in the header; 2. a bank word anywhere (some print it at the foot)
    for group in (top, cands):
        with_kw = [l for l in group if _BANK_WORDS.search(l.text)]
        if with_kw:
            return max(with_kw, key=lambda l: (round(l.h / 3), -abs(l.cx - centre)))
    if not top:
        return None
    # 3. no bank word: the largest print in the header, the more central on a tie
    hmax = max(l.h for l in top)
    big = [l for l in top if l.h >= 0.9 * hmax]
    return min(big, key=lambda l: abs(l.cx - centre))


# ----------------------------------------------------------------------------- signature


def _ink_masks(region: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """(ink, faint): pixels clearly darker than the paper, and pixels somewhat darker
    (to find printed rules whole where scanning or scaling left them faint)."""
    g = region.astype(np.float32)
    if g.ndim == 3:
        g = g[..., :3].mean(axis=2)
    bg = float(np.median(g))
    return g < min(bg * 0.6, bg - 60.0), g < bg - 25.0


def _remove_rules(mask: np.ndarray, detect: Optional[np.ndarray] = None, slack: int = 3,
                  min_frac: float = 0.2) -> np.ndarray:
    """Clear long, nearly horizontal runs: printed signature lines and box borders.

    Runs are looked for in ``detect`` (default: the mask itself) OR-ed over
    ``2 * slack + 1`` rows, since a scanned rule is a little tilted; the mask is
    cleared over those rows.
    """
    h, w = mask.shape
    out = mask.copy()
    if h == 0 or w == 0:
        return out
    pad = np.zeros((h + 2 * slack, w), dtype=bool)
    pad[slack:slack + h] = mask if detect is None else detect
    dil = np.zeros_like(mask)
    for k in range(2 * slack + 1):
        dil |= pad[k:k + h]
    min_run = max(20, int(min_frac * w))
    for y in np.flatnonzero(dil.sum(axis=1) >= min_run):
        d = np.diff(np.concatenate(([0], dil[y].astype(np.int8), [0])))
        for s0, e0 in zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1)):
            if e0 - s0 >= min_run:
                out[max(0, y - slack - 1):y + slack + 2, s0:e0] = False
    return out


def signature_ink(image, box: Tuple[float, float, float, float],
                  exclude: Sequence[Tuple[float, float, float, float]] = ()
                  ) -> Tuple[float, float]:
    """(ink density, ink height as a fraction of the box) inside ``box`` = (x0, y0, x1, y1),
    in the image's pixel coordinates.

    Printed rules (long horizontal runs, and box sides: long vertical runs) and the
    ``exclude`` boxes (printed text) are not counted.
    """
    arr = np.asarray(image)
    H, W = arr.shape[:2]
    x0, y0, x1, y1 = [int(round(v)) for v in box]
    x0, y0 = max(0, x0), max(0, y0)
    x1, y1 = min(W, x1), min(H, y1)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return 0.0, 0.0
    mask, faint = _ink_masks(arr[y0:y1, x0:x1])
    mask = _remove_rules(mask, faint)
    mask = _remove_rules(mask.T, faint.T, min_frac=0.6).T
    for ex in exclude:
        ex0, ey0, ex1, ey1 = [int(round(v)) for v in ex]
        mask[max(0, ey0 - y0):max(0, ey1 - y0), max(0, ex0 - x0):max(0, ex1 - x0)] = False
    density = float(mask.mean())
    rows = np.flatnonzero(mask.sum(axis=1) >= 2)
    extent = float(rows[-1] - rows[0] + 1) / mask.shape[0] if rows.size else 0.0
    return density, extent


# thresholds measured on rendered and scanned sample cheques (see bench/cheque_fields_dev.py)
SIGNATURE_MIN_DENSITY = 0.004
SIGNATURE_MIN_EXTENT = 0.2


def _signature_region(all_lines: List[_L], micr: List[_L], F: _Frame
                      ) -> Tuple[float, float, float, float]:
    """Bottom-right area where a signature goes: above the MICR band and above a
    printed "SIGNATURE" label when there is one."""
    bottom = min((l.y0 for l in micr), default=F.y(0.86))
    labels = [l for l in all_lines if _SIGNATURE_LABEL.search(l.text) and F.fx(l.cx) > 0.45]
    if labels:
        lab = max(labels, key=lambda l: l.cy)
        bottom = min(bottom, lab.y0)
    top = max(F.y(0.35), bottom - 0.3 * F.h)
    return (F.x(0.52), top, F.x(0.99), bottom)


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


@dataclass
class _Micr:
    lines: List[_L]                     # the MICR band, left to right (empty: none found)
    number: Optional[Tuple[_L, str]]    # the printed cheque number's line and digits
    parsed: Optional[MicrResult]        # the MICR band's routing, account and serial

    @property
    def printed_no(self) -> Optional[str]:
        return self.number[1] if self.number else None


@dataclass
class _Amounts:
    words: Optional[Tuple[_L, str, Decimal]]   # the amount in words: line, text, value
    fig: Optional[tuple]                       # in figures: line, parsed, "$" line, text
    fig_currency: Optional[str]                # the currency printed with the figures
    fields: Dict[str, Field]                   # "amount" and "amount_words", where found


# ----------------------------------------------------------------------------- one step each


def _micr_text(micr: List[_L]) -> str:
    return " ".join(_line_text_spaced(l) for l in micr)


def _micr_and_number(p: _Page, conv: Convention, again: Optional[str] = None) -> _Micr:
    """The MICR band and the printed cheque number, first: they are the least ambiguous.
    ``again``: the band read again (``_micr_again``), parsed instead of OCR's reading."""
    micr = _find_micr(p.ls, p.F)
    p.use(*micr)
    num = _find_cheque_number(p.free(), p.F)
    if num:
        p.use(num[0])
    m = _Micr(micr, num, None)
    if micr:
        m.parsed = parse_for(conv.micr, again or _micr_text(micr), cheque_number=m.printed_no)
    return m


def _micr_again(p: _Page, reader) -> Optional[str]:
    """The MICR band read again with the E-13B alphabet (digits, the symbols as ``micr.py``
    reads them): a piece OCR read the other way round (the line classifier turns some MICR
    lines) is read the way round that is more likely under that alphabet, and the short pieces
    on its row that OCR read as letters ("IE" for 31) are read with it; the others stay as OCR
    read them. None: nothing changed."""
    from difflib import SequenceMatcher

    from .constrained import MICR_CHARS

    micr = _find_micr(p.ls, p.F)
    if not micr:
        return None
    row = sorted({id(l): l for l in micr + [
        l for l in p.ls if _same_row(micr[0], l) and len(l.text.strip()) <= 4
        and p.F.fy(l.cy) > 0.75]}.values(), key=lambda l: l.x0)
    texts, changed = [], False
    for l in row:
        if l in micr and l.line.conf >= 0.97:  # read with confidence: not the other way round
            texts.append(_line_text_spaced(l))
            continue
        a, b = reader.both_ways([tuple(pt) for pt in l.line.box], MICR_CHARS)
        r = max((x for x in (a, b) if x is not None), key=lambda x: x.logp, default=None)
        if l in micr:
            if a is not None and b is not None and (r is b) != (
                    SequenceMatcher(None, b.plain, l.text).ratio()
                    > SequenceMatcher(None, a.plain, l.text).ratio()):
                texts.append(r.plain)  # OCR read it the less likely way round
                changed = True
                continue
            # the crop of the stored box (rounded to 0.1 px) read again: where an E-13B symbol
            # sits on the edge of reading as a digit (the on-us symbol read as a "1" at 0.34),
            # the two readings differ; the more confident one is taken
            again = reader.plain([tuple(pt) for pt in l.line.box])
            fewer = _dropped(_line_text_spaced(l), again.text) \
                if again is not None and again.conf > l.line.conf + 0.01 else None
            texts.append(fewer or _line_text_spaced(l))
            changed = changed or fewer is not None
        elif r is not None and sum(c.isdigit() for c in r.text) >= 2:
            texts.append(r.text)
            changed = True
    return " ".join(texts) if changed else None


def _dropped(ocr: str, again: str) -> Optional[str]:
    """OCR's text with the one or two digits left out that a second reading of the same crop
    does not have (a gap in their place), when that reading is OCR's less those digits (spaces
    aside); else None."""
    a, o = re.sub(r"\s", "", again), re.sub(r"\s", "", ocr)
    if not a or not 1 <= len(o) - len(a) <= 2:
        return None
    out, k = [], 0
    for ch in ocr:
        if ch.isspace() or (k < len(a) and ch == a[k]):
            out.append(ch)
            k += 0 if ch.isspace() else 1
        elif ch.isdigit():  # a symbol read as a digit; any other difference: not this case
            out.append(" ")
        else:
            return None
    return re.sub(r" +", " ", "".join(out)).strip() if k == len(a) else None


def _skip_labels(p: _Page) -> None:
    """Printed labels are never values."""
    p.use(*[l for l in p.ls if _OTHER_LABELS.match(l.text) or _SIGNATURE_LABEL.search(l.text)])


def _labelled_date(p: _Page, ok) -> Optional[Tuple[List[_L], str]]:
    for lab in [l for l in p.free() if _DATE_LABEL.match(l.text)]:
        got = _label_value(lab, _DATE_LABEL, p.free(), ok)
        if got:
            p.use(lab)
            return got
    return None


def _pieced_date(p: _Page, prefer: str) -> Optional[Tuple[List[_L], str, str]]:
    """A date right of a "Date" label that the OCR read in pieces (written in separate boxes
    or with wide gaps: "03" "15" "2026", "Mar" "15" "2026"): the pieces on the label's row,
    each near the one before, joined ("/" between numbers); (lines, raw, joined text)."""
    for lab in [l for l in p.free() if _DATE_LABEL.match(l.text)]:
        row, last = [], lab
        for c in _right_of(lab, p.free()):
            if c.x0 - last.x1 > 3 * max(lab.h, c.h) or not re.fullmatch(r"[A-Za-z]{3,9}\.?|\d{1,4},?",
                                                                       c.text.strip()):
                break
            row.append(c)
            last = c
        if not 2 <= len(row) <= 3:
            continue
        parts = [c.text.strip() for c in row]
        joined = "/".join(parts) if all(x.isdigit() for x in parts) else " ".join(parts)
        if len(row) == 3 and find_dates(joined, prefer=prefer):
            p.use(lab)
            return row, " ".join(parts), joined
    return None


def _top_right_date(p: _Page, ok) -> Optional[Tuple[List[_L], str]]:
    cands = [l for l in p.free() if p.F.fy(l.cy) < 0.6 and ok(l.text)]
    if not cands:
        return None
    c = max(cands, key=lambda l: (p.F.fx(l.cx) - p.F.fy(l.cy)))
    return [c], c.text


_BOX_LETTERS = re.compile(r"^\s*(?:[DMY]\s*){1,8}$")


def _boxed_date(p: _Page) -> Optional[Tuple[List[_L], str, str, str]]:
    """A date written one digit per box (DDMMYYYY, India and others; MMDDYYYY on US leaves):
    the digits of the boxes on one row in the top half, left to right, that make eight digits
    and a real date; the printed "D D M M Y Y Y Y" (or "M M D D Y Y Y Y") under them, when
    read, places them (without them: DDMMYYYY). Returns the order used too."""
    labels = [l for l in p.ls if _BOX_LETTERS.match(l.text) and p.F.fy(l.cy) < 0.4]
    letters = "".join(re.sub(r"\s", "", l.text) for l in sorted(labels, key=lambda l: l.x0))
    # boxes without their letters read are DDMMYYYY whatever the convention says: on the real
    # leaves (bench/fields_real_cheques.py) such boxes were Indian ones read as no convention
    # (and "M M" read without its "D D" says nothing about the order)
    order = ("MMDDYYYY" if "M" in letters and "D" in letters
             and letters.find("M") < letters.find("D") else "DDMMYYYY")
    cands = [l for l in p.free() if p.F.fy(l.cy) < 0.4 and p.F.fx(l.x0) > 0.5
             and re.fullmatch(r"[\dOoIl|\s.]{1,24}", l.text) and any(c.isdigit() for c in l.text)]
    if len(letters) < 2 and not any(len(re.sub(r"\D", "", l.text)) == 8 for l in cands):
        return None
    for anchor in sorted(cands, key=lambda l: l.cy):
        row = sorted((l for l in cands if _same_row(anchor, l)), key=lambda l: l.x0)
        digits = "".join(re.sub(r"[^\dOoIl|]", "", l.text) for l in row)
        digits = digits.translate(str.maketrans("OoIl|", "00111"))
        if len(digits) != 8:
            continue
        iso = ddmmyyyy(digits if order == "DDMMYYYY" else digits[2:4] + digits[:2] + digits[4:])
        if iso:
            return row, " ".join(l.text for l in row), iso, order
    return None


def _date_field(p: _Page, prefer: str) -> Optional[Field]:
    """Right of (or below) a "Date" label, else the date printed highest-right, else a date
    written one digit per box."""
    def ok(t: str) -> bool:
        return bool(find_dates(t, prefer=prefer))

    def near_ok(t: str) -> bool:  # a month name misread, beside a "Date" label only
        return bool(find_dates(t, prefer=prefer, fuzzy=True))

    found = _labelled_date(p, ok) or _top_right_date(p, ok) or _labelled_date(p, near_ok)
    if not found:
        pieced = _pieced_date(p, prefer)
        if pieced is not None:
            src, raw, joined = pieced
            p.use(*src)
            m = find_dates(joined, prefer=prefer)[0]
            note = "; ".join(x for x in (m.date.note, f"read from {len(src)} pieces") if x)
            return _field("date", _TYPES["date"], raw, m.date.iso, src, STATUS_AMBIGUOUS, note)
    if not found:
        boxed = _boxed_date(p)
        if boxed is None:
            return None
        src, raw, iso, order = boxed
        p.use(*src)
        return _field("date", _TYPES["date"], raw, iso, src, STATUS_UNCHECKED,
                      f"read from the date boxes ({order})")
    src, text = found
    p.use(*src)
    m = find_dates(text, prefer=prefer, fuzzy=True)[0]
    status = STATUS_AMBIGUOUS if m.date.ambiguous else STATUS_OK
    return _field("date", _TYPES["date"], m.text, m.date.iso, src, status, m.date.note)


def _amount_status(value: Decimal, other: Optional[Decimal], what: str, other_what: str
                   ) -> Tuple[str, str]:
    if other is None:
        return STATUS_UNCHECKED, f"no amount in {other_what} to check against"
    if other == value:
        return STATUS_OK, ""
    return STATUS_INVALID, (f"amount in {what} {format_decimal(value)} differs from amount in "
                            f"{other_what} {format_decimal(other)}")


def _amount_fields(p: _Page, dollar: str, reader=None) -> _Amounts:
    """The amount in words, then in figures, each checked against the other. ``reader``
    (``constrained.LineReader``, with the page image): the two chosen together from their lines
    read again under each field's constraints too (``amount_fusion``)."""
    words = _find_amount_words(p.free())
    if words:
        p.use(*words[0])
    words_value = words[2] if words else None
    fig = _find_amount_figures(p.free(), p.ls, p.F, words_value, dollar)
    how: Dict[str, str] = {}
    if reader is not None and not (fig and words and fig[1].value == words_value):
        words, fig, how = _fused(p, reader, words, fig, dollar)
        words_value = words[2] if words else None
    a = _Amounts(words, fig, None, {})
    amount_value = None
    if fig:
        fl, parsed, dollar_line, fig_text = fig
        if fig_text.strip() == fl.text.strip():
            p.use(fl)  # a payee line with the amount glued on stays available
        amount_value = parsed.value
        a.fig_currency = parsed.currency or (dollar if dollar and (
            dollar_line is not None or "$" in fl.text) else None)
        st, msg = _amount_status(amount_value, words_value, "figures", "words")
        a.fields["amount"] = _field("amount", _TYPES["amount"], fig_text.strip(),
                                    format_decimal(amount_value), [fl], st,
                                    "; ".join(x for x in (msg, how.get("amount")) if x))
    if words:
        wls, wtext, _ = words
        st, msg = _amount_status(words_value, amount_value, "words", "figures")
        a.fields["amount_words"] = _field("amount_words", _TYPES["amount_words"], wtext,
                                          format_decimal(words_value), wls, st,
                                          "; ".join(x for x in (msg, how.get("amount_words")) if x))
    return a


def _fused(p: _Page, reader, words, fig, dollar: str):
    """(words, figures, notes): the pair of readings that agree, among the plain ones and the
    lines read again (``amount_fusion``); none agrees: the plain ones."""
    from . import amount_fusion as af

    if words:
        p.used.difference_update(id(l) for l in words[0])
    pool = p.free()

    def accept(l: _L):
        strict = _find_amount_figures([l], p.ls, p.F, None, dollar)
        if strict is not None:
            return strict, True
        bare = parse_amount(l.text)  # a bare number: only to agree with the words
        loose = bare and _find_amount_figures([l], p.ls, p.F, bare.value, dollar)
        return (loose, False) if loose else None

    wc = [af.Cand(words[0], words[1], words[2], False)] if words else []
    wc += af.words_candidates(reader, pool, p.ls, p.F, _words_evidence, _same_row)
    fc = [af.Cand([fig[0]], fig[3], fig[1].value, False, extra=fig)] if fig else []
    fc += af.figure_candidates(reader, pool, accept, _same_row)
    pair = af.choose(fc, wc)
    how: Dict[str, str] = {}
    f, w = pair if pair else (None, None)
    if w is not None:
        src = w.lines or [_band(w)]
        words = (src, w.text, w.value)
        if w.constrained:
            how["amount_words"] = "read again as words of amounts" + (
                "" if w.lines else " in the band right of the printed label")
    if f is not None:
        fig = f.extra
        if f.constrained:
            how["amount"] = "read again with digits and separators only"
            p.use(*f.lines)
            if len(f.lines) > 1:  # pieces of a row read as one crop: the whole row's box
                ln = replace(f.lines[0].line, text=f.text, box=_union_box(f.lines),
                             conf=min(l.line.conf for l in f.lines))
                fig = (_L(ln, f.text, *(pt for pt in (ln.x0, ln.y0, ln.x1, ln.y1))),) + fig[1:]
    if words:
        p.use(*words[0])
    return words, fig, how


def _band(c) -> _L:
    """A band of the page read again (no line of OCR's): its box, the reading's confidence."""
    xs, ys = [x for x, _ in c.box], [y for _, y in c.box]
    ln = Line(text=c.text, conf=c.conf, box=c.box, line_no=-1)
    return _L(ln, c.text, min(xs), min(ys), max(xs), max(ys))


def _date_again(p: _Page, reader) -> Optional[Field]:
    """The date boxes (DDMMYYYY) read again as one band with digits only, placed by the
    printed letters under them (``date_boxes``)."""
    from types import SimpleNamespace

    from .date_boxes import read_date_boxes

    labels = [l for l in p.ls if _BOX_LETTERS.match(l.text) and p.F.fy(l.cy) < 0.4]
    got = read_date_boxes(reader, labels)
    if got is None:
        return None
    iso, digits, box, conf = got
    b = _band(SimpleNamespace(box=box, text=digits, conf=conf))
    p.use(*[l for l in p.free() if b.x0 <= l.cx <= b.x1 and b.y0 <= l.cy <= b.y1])
    return _field("date", _TYPES["date"], digits, iso, [b], STATUS_UNCHECKED,
                  "read again from the date boxes (DDMMYYYY) with digits only")


def _payee_ok(t: str) -> bool:
    t2 = _clean_value(_split_trailing_amount(t)[0])
    if len(re.sub(r"[^A-Za-z]", "", t2)) < 2:
        return False
    if _is_label_text(t2) or parse_amount(t2) is not None or looks_like_micr(t2):
        return False
    if _words_evidence(t2) and parse_amount_words(t2) is not None:
        return False
    return not find_dates(t2)


def _labelled_payee(p: _Page) -> Optional[Tuple[List[_L], str]]:
    for lab in [l for l in p.ls if _ORDER_LABEL.match(l.text)]:
        got = _label_value(lab, _ORDER_LABEL, p.free(), _payee_ok)
        if got and got[0][0] is not lab and got[0][0].y0 > lab.y1 and _BANK_WORDS.search(got[1]):
            got = None  # below the label, a bank's printed name: a blank cheque
        if got:
            p.use(lab)
            return got
    for lab in [l for l in p.ls if _PAY_LABEL.match(l.text) and not _ORDER_LABEL.match(l.text)]:
        got = _label_value(lab, _PAY_LABEL, p.free(), _payee_ok, below=False)
        if got:
            p.use(lab)
            return got
    return None


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


def _many_digits(t: str) -> bool:
    """A run of sixteen digits and more (a MICR line read without its symbols): never a payee
    or a memo, and not a text to hand the amount parser while looking for one."""
    return sum(ch.isdigit() for ch in t) >= 16


# an amount written "1400 00/100" glued to the end of the payee line
_TRAILING_FRACTION_AMOUNT = re.compile(r"\s*\$\s*\**\s*\d[\d,.]*\s+\d{1,2}\s*/\s*100\s*\**\s*$")


def _unlabelled_payee(p: _Page, conv: Convention, a: "_Amounts"
                      ) -> Optional[Tuple[List[_L], str]]:
    """Where the OCR read no pay label at all, on a North American leaf: the one line in the
    left part of the amount's row (the payee line ends at the amount box), else the one just
    above the amount in words; never a bank's name, an address or a line of the top block."""
    if conv.key not in ("us", "ca", "generic"):
        return None
    if any(_ORDER_LABEL.match(l.text) or _PAY_LABEL.match(l.text) for l in p.ls):
        return None  # a label was read: its value, or nothing
    fig = a.fig[0] if a.fig else None
    words = list(a.words[0]) if a.words else []

    def fits(c: _L) -> bool:
        return (p.F.fx(c.x0) < 0.45 and p.F.fy(c.y0) > 0.2 and not _many_digits(c.text)
                and _payee_ok(c.text)
                and not _BANK_WORDS.search(c.text) and not _ADDRESS.search(c.text)
                and not _is_label_text(c.text))

    pool = [c for c in p.free() if fits(c)]
    if fig is not None:
        row = [c for c in pool if _same_row(fig, c) and c.x1 <= fig.x0]
        if len(row) == 1:
            return row, row[0].text
    if words:
        top = min(l.y0 for l in words)
        h = max(l.h for l in words)
        above = [c for c in pool if c.y1 <= top + 0.3 * h and top - c.y1 < 2.5 * h]
        if len(above) == 1:
            return above, above[0].text
    return None


def _payee_field(p: _Page, conv: Optional[Convention] = None,
                 amounts: Optional["_Amounts"] = None) -> Optional[Field]:
    """Right of "PAY TO THE ORDER OF" / "TO THE ORDER OF", else of "Pay"; the pieces of the
    name on its row joined. Where no pay label was read at all, the line in the payee's place
    (``_unlabelled_payee``), with a message saying so."""
    found = _labelled_payee(p)
    message = ""
    if not found and conv is not None and amounts is not None:
        found = _unlabelled_payee(p, conv, amounts)
        message = "no pay label read: the line in the payee's place"
    if not found:
        return None
    src, text = found
    if len(src) == 1 and src[0].text == text:
        more = _row_rest(src[0], p.free(), lambda t: _payee_ok(t) and not _is_label_text(t)
                         and not re.search(r"\bbearer\b|\border\b", t, re.I))
        if more:
            src = src + more
            text = " ".join(l.text for l in src)
    text = _split_trailing_amount(text)[0]
    text = re.sub(r"\s+\$\s*$", "", text)  # the printed "$" of the amount box read with it
    text = _TRAILING_FRACTION_AMOUNT.sub("", text) if re.search(r"[A-Za-z]{2}", text) else text
    p.use(*src)
    return _field("payee", _TYPES["payee"], text.strip(), _clean_name(text), src,
                  STATUS_UNCHECKED, message)


def _memo_ok(t: str) -> bool:
    t2 = _clean_value(t)
    return bool(t2) and not _is_label_text(t2) and not looks_like_micr(t2)


# a printed label waiting for its value ("A/c. No.", "Account #", "Ref:")
_A_LABEL_END = re.compile(r"(?:\b(?:no|nr|num|a/?c|acct?|account|ref)\.?|[:#])\s*$", re.I)


def _unlabelled_memo(p: _Page, conv: Convention, words: List[_L], micr: List[_L]
                     ) -> Optional[Tuple[_L, str]]:
    """Where the OCR read no memo label at all: the one free line in the memo's place, below
    the amount in words and above the MICR band (the bottom tenth, where none was read), in
    the left part of the leaf (the signature is in the right one)."""
    if not words or conv.key not in ("us", "ca", "generic"):
        return None  # a memo line is a North American leaf's
    top = max(l.y1 for l in words)
    bottom = min(l.y0 for l in micr) if micr else p.F.y(0.9)
    cands = [l for l in p.free() if l.y0 > top and l.y1 < bottom and p.F.fx(l.x0) < 0.3
             and p.F.fx(l.x1) < 0.5 and not _many_digits(l.text) and _memo_ok(l.text)
             and parse_amount(l.text) is None
             and not _words_evidence(l.text) and not _A_LABEL_END.search(l.text)]
    return (cands[0], cands[0].text) if len(cands) == 1 else None


def _memo_field(p: _Page, conv: Convention, words: Optional[List[_L]] = None,
                micr: Optional[List[_L]] = None) -> Optional[Field]:
    """Right of "Memo" / "For" in the lower half, left of the signature; where no such label
    was read, the one line in the memo's place (``_unlabelled_memo``), marked so."""
    labels = [l for l in p.free() if _MEMO_LABEL.match(l.text) and p.F.fy(l.cy) > 0.5]
    if not labels and not any(_MEMO_LABEL.match(l.text) for l in p.ls):
        found = _unlabelled_memo(p, conv, words or [], micr or [])
        if found:
            src, text = found
            p.use(src)
            return _field("memo", _TYPES["memo"], text.strip(), _clean_value(text), [src],
                          STATUS_UNCHECKED, "no memo label read: the line in the memo's place")
    for lab in sorted(labels, key=lambda l: -l.cy):
        pool = [l for l in p.free() if p.F.fx(l.x0) < 0.75]
        got = _label_value(lab, _MEMO_LABEL, pool, _memo_ok, below=False, max_gap=0.4 * p.F.w)
        p.use(lab)
        if got:
            src, text = got
            p.use(*src)
            return _field("memo", _TYPES["memo"], text.strip(), _clean_value(text), src,
                          STATUS_UNCHECKED)
    return None


def _cheque_number_field(m: _Micr) -> Optional[Field]:
    """The printed number, checked against the MICR serial; else the MICR serial."""
    mres = m.parsed
    if m.number:
        nl, digits = m.number
        st, msg = STATUS_UNCHECKED, "no MICR serial to check against"
        if mres and mres.serial:
            if mres.serial.lstrip("0") == digits.lstrip("0"):
                st, msg = STATUS_OK, ""
            else:
                st, msg = STATUS_INVALID, f"MICR serial {mres.serial} differs from cheque number"
        return _field("cheque_number", _TYPES["cheque_number"], nl.text.strip(), digits, [nl],
                      st, msg)
    if mres and mres.serial:
        return _field("cheque_number", _TYPES["cheque_number"], mres.serial,
                      mres.serial.lstrip("0") or "0", m.lines, STATUS_UNCHECKED,
                      "read from the MICR serial")
    return None


def _bank_field(p: _Page) -> Optional[Field]:
    bank = _find_bank_name(p.free(), p.F)
    if not bank:
        return None
    p.use(bank)
    return _field("bank_name", _TYPES["bank_name"], bank.text, _clean_name(bank.text), [bank],
                  STATUS_UNCHECKED)


def _printed_elsewhere(p: _Page, digits: str, micr: List[_L]) -> Optional[_L]:
    """A line off the MICR band that prints these digits too (the cheque number at the top,
    an account id line); only for groups of six digits or more, which do not meet by chance."""
    if not digits or len(digits) < 6:
        return None
    band = {id(l) for l in micr}
    for l in p.ls:
        if id(l) in band:
            continue
        for run in re.findall(r"\d+", l.text):
            # the whole group, or one end of a longer one ("SAN:290062083654": account id and
            # serial side by side); not a piece from inside another number
            if run == digits or (len(run) <= len(digits) + 8
                                 and (run.startswith(digits) or run.endswith(digits))):
                return l
    return None


def _serial_status(serial: str, printed_no: Optional[str], notes: str,
                   elsewhere: Optional[_L] = None) -> Tuple[str, str]:
    if not printed_no:
        if elsewhere is not None:
            return STATUS_OK, f"printed on the cheque too ({elsewhere.text.strip()!r})"
        return STATUS_UNCHECKED, notes
    if serial.lstrip("0") == printed_no.lstrip("0"):
        return STATUS_OK, notes
    return STATUS_INVALID, "MICR serial differs from the printed cheque number"


def _routing_status(p: _Page, m: _Micr, conv: Convention) -> Tuple[str, str]:
    """The routing or bank code's status under the page's convention: ``ok`` only when its
    convention's check passed on a reading that stands as a whole group of the MICR line."""
    mres = m.parsed
    r = mres.routing
    if conv.micr == "aba":
        if trusted_aba(mres.raw, r):
            return STATUS_OK, ""
        if mres.routing_valid:
            why = ("its first digits are outside the Federal Reserve ranges"
                   if not aba_prefix_ok(r) else "it is not a whole group between transit symbols")
            return STATUS_UNCHECKED, f"passes the ABA check digit, but {why}: not trusted"
        return STATUS_INVALID, "routing number fails the ABA check digit"
    if conv.micr == "in_cts":
        pin = in_city_matches_pin(r, [l.text for l in p.ls if l not in m.lines])
        if pin:
            return STATUS_OK, f"city code {r[:3]} agrees with the branch PIN {pin}"
        return STATUS_UNCHECKED, ("MICR code (city-bank-branch) has no check digit, and no "
                                  "branch PIN on the leaf agrees with its city code")
    return STATUS_UNCHECKED, f"{conv.name}: no check for the bank code"


def _micr_fields(p: _Page, m: _Micr, conv: Convention) -> Dict[str, Field]:
    """Routing or bank code (by the convention's check), account and serial (against the
    printed number, or digits printed elsewhere on the cheque), transaction code."""
    mres, out = m.parsed, {}
    if not mres:
        return out
    raw, notes = mres.raw, "; ".join(mres.notes)
    if mres.routing:
        st, msg = _routing_status(p, m, conv)
        out["micr_routing"] = _field("micr_routing", _TYPES["micr_routing"], raw, mres.routing,
                                     m.lines, st, msg)
    if mres.account:
        seen = _printed_elsewhere(p, mres.account, m.lines)
        st, msg = ((STATUS_OK, f"printed on the cheque too ({seen.text.strip()!r})") if seen
                   else (STATUS_UNCHECKED, notes))
        out["micr_account"] = _field("micr_account", _TYPES["micr_account"], raw, mres.account,
                                     m.lines, st, msg)
    if mres.serial:
        st, msg = _serial_status(mres.serial, m.printed_no, notes,
                                 _printed_elsewhere(p, mres.serial, m.lines))
        out["micr_serial"] = _field("micr_serial", _TYPES["micr_serial"], raw, mres.serial,
                                    m.lines, st, msg)
    if mres.transaction:
        out["micr_transaction"] = _field("micr_transaction", "text", raw, mres.transaction,
                                         m.lines, STATUS_UNCHECKED, "transaction code")
    return out


def _signature_field(p: _Page, micr: List[_L], image) -> Field:
    """Ink in the signature area of the page image."""
    if image is None:
        return Field(name="signature_present", raw=None, value=None,
                     type=_TYPES["signature_present"], conf=0.0, status=STATUS_UNCHECKED,
                     message="no page image to measure ink", extractor=EXTRACTOR)
    x0, y0, x1, y1 = _signature_region(p.ls, micr, p.F)
    # page units -> image pixels (PDF pages: points vs the rendered image)
    ih, iw = np.asarray(image).shape[:2]
    sx, sy = iw / max(p.width, 1e-6), ih / max(p.height, 1e-6)
    exclude = [(l.x0 * sx, l.y0 * sy, l.x1 * sx, l.y1 * sy) for l in p.ls if id(l) in p.used]
    density, extent = signature_ink(image, (x0 * sx, y0 * sy, x1 * sx, y1 * sy), exclude)
    present = density >= SIGNATURE_MIN_DENSITY and extent >= SIGNATURE_MIN_EXTENT
    # confidence: how far the density is from the threshold (x3 either way -> 1.0)
    ratio = density / SIGNATURE_MIN_DENSITY if present else (
        SIGNATURE_MIN_DENSITY / max(density, 1e-6))
    conf = max(0.5, min(1.0, 0.5 + 0.25 * (ratio - 1.0)))
    return Field(
        name="signature_present", raw=None, value="true" if present else "false",
        type=_TYPES["signature_present"], conf=round(conf, 3),
        box=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)], line_nos=[], status=STATUS_OK,
        message=f"ink density {density:.4f}, ink height {extent:.2f} of the area",
        extractor=EXTRACTOR)


def _currency_of(word: str, conv: Convention) -> Optional[str]:
    w = word.strip().lower().rstrip(".")
    return conv.currency_words.get(w) or conv.currency_words.get(w + ".")


def _printed_currency(p: _Page, a: _Amounts, conv: Convention
                      ) -> Tuple[Optional[str], List[_L], str]:
    """(code, lines, note) from the figures, else the words ("DOLLARS", "Rupees ... Only"),
    else a currency label printed on the leaf ("Rupees", "Rs.", "QAR", "DOLLARS")."""
    if a.fig and a.fig_currency:
        return a.fig_currency, [a.fig[0]], ""
    if a.words:
        for t in re.findall(r"[A-Za-z.₹]+", a.words[1]):
            cur = _currency_of(t, conv)
            if cur:
                return cur, list(a.words[0]), ""
        cur = amount_words_currency(a.words[1])
        if cur and not (cur == "USD" and conv.dollar is None and conv.key != "generic"):
            return cur, list(a.words[0]), ""
    for l in p.ls:
        t = re.sub(r"^\W*(?:\w{1,2}\s+)?", "", l.text)
        m = re.match(r"^(rupees|rs\.?|₹|dollars?|qar|sar|aed|kwd|bhd|omr|s\.\s*r\.?|inr|usd|"
                     r"cad|aud|gbp|eur)\W*$", t.strip(), re.I)
        if m:
            word = m.group(1).lower().replace(" ", "")
            cur = _currency_of(word, conv) or amount_words_currency(word) or {
                "rs": "INR", "rs.": "INR", "₹": "INR", "s.r.": "SAR", "s.r": "SAR"}.get(
                word) or (word.upper() if len(word) == 3 and word.isalpha() else None)
            if cur:
                return cur, [l], ""
    return None, [], ""


def _currency_field(p: _Page, a: _Amounts, conv: Convention) -> Optional[Field]:
    """The currency printed or written on the cheque; never assumed (nothing printed:
    missing). A bare "$" on a page that shows no country is read as USD, ``ambiguous``."""
    cur, src, _ = _printed_currency(p, a, conv)
    if not cur:
        return None
    raw = src[0].text.strip() if src else cur
    if cur == "INR" and not any(IN_ONLY.search(l.text) for l in p.ls):
        return _field("currency", _TYPES["currency"], raw, cur, src, STATUS_AMBIGUOUS,
                      "rupees, with nothing on the leaf that is India's alone (IFSC, an Indian "
                      "bank, lakh/crore): Sri Lanka, Pakistan and Nepal write rupees too")
    if conv.key == "generic" and a.fig and a.fig_currency and "$" in a.fig[3] and not re.search(
            r"[A-Z]{2,3}\$|\b[A-Z]{3}\b", a.fig[3]):
        return _field("currency", _TYPES["currency"], raw, cur, src, STATUS_AMBIGUOUS,
                      f"'$' read as {cur}: the cheque shows no country")
    return _field("currency", _TYPES["currency"], raw, cur, src, STATUS_UNCHECKED)


def _convention_field(conv: Convention, conf: float, why: List[str]) -> Field:
    msg = conv.name + (": " + "; ".join(why) if why else "")
    return Field(name="convention", raw=None, value=conv.key, type="text", conf=conf,
                 status=STATUS_UNCHECKED, message=msg, extractor=EXTRACTOR)


# ----------------------------------------------------------------------------- main


def extract_cheque(lines: List[Line], width: float, height: float, image=None,
                   date_prefer: Optional[str] = None, dollar: Optional[str] = None
                   ) -> List[Field]:
    """Fields of one cheque page, one ``Field`` per name in ``CHEQUE_FIELDS``, then the
    ``convention`` the page follows (and ``micr_transaction`` where its MICR line has one).

    ``lines``: OCR lines in page coordinates; ``width``/``height``: page size in
    the same units. ``image``: optional HxWx3 uint8 RGB array of the page in pixel
    coordinates, to tell whether the cheque is signed and to read the amounts', the date boxes'
    and the MICR band's lines again under their fields' constraints (``constrained``; without
    it, the plain readings).
    ``date_prefer``: how to read an ambiguous numeric date ("mdy" or "dmy"); None: the
    convention's. ``dollar``: the currency a bare "$" stands for; None: the convention's.
    No currency is assumed: none printed or written is ``missing``.
    Fields not found come back with status "missing" and no value.
    """
    p = _Page(lines, width, height)
    reader = micr_again = None
    if image is not None:  # the fields' lines can be read again under their constraints
        from .constrained import LineReader

        ih, iw = np.asarray(image).shape[:2]
        reader = LineReader(image, scale=(iw / max(width, 1e-6), ih / max(height, 1e-6)))
        micr_again = _micr_again(p, reader)
    conv, conv_conf, why = detect([l.text for l in p.ls],
                                  micr_again or _micr_text(_find_micr(p.ls, p.F)))
    if dollar is not None:
        conv = replace(conv, dollar=dollar)
    prefer = date_prefer or conv.date_order
    micr = _micr_and_number(p, conv, micr_again)
    _skip_labels(p)
    out: Dict[str, Optional[Field]] = {"date": _date_field(p, prefer)}
    if out["date"] is None and reader is not None:
        out["date"] = _date_again(p, reader)
    amounts = _amount_fields(p, conv.dollar if conv.key != "generic" else "USD", reader)
    out.update(amounts.fields)
    out["payee"] = _payee_field(p, conv, amounts)
    out["memo"] = _memo_field(p, conv, list(amounts.words[0]) if amounts.words else [], micr.lines)
    out["cheque_number"] = _cheque_number_field(micr)
    out["bank_name"] = _bank_field(p)
    out.update(_micr_fields(p, micr, conv))
    out["signature_present"] = _signature_field(p, micr.lines, image)
    out["currency"] = _currency_field(p, amounts, conv)
    fields = [out.get(name) or _missing(name, ftype) for name, ftype in CHEQUE_FIELDS]
    if out.get("micr_transaction"):
        fields.append(out["micr_transaction"])
    fields.append(_convention_field(conv, conv_conf, why))
    return fields
