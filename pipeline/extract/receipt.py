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
* date: the first date on a row labelled DATE, else the first date; OCR slips are repaired first
  (a time glued to the year, a doubled or lost separator, "27032018" alone on a line).
* company: in the header (the rows above the first "TAX INVOICE"/"RECEIPT"/cashier/amount row), the
  first row with a legal or trade suffix (SDN BHD, S/B, BHD, PLT, LTD, ENTERPRISE, TRADING, ...),
  joined with the row above when the suffix stands alone on its row ("PASARAYA BORONG PINTAR" /
  "SDN BHD"); otherwise the first row that names a kind of business (RESTORAN, KEDAI, PHARMACY
  ...); otherwise the first header row that is not an address, phone, registration number or
  scanner stamp.
* address: the header rows after the company, from the first street-like row up to the phone /
  GST / "TAX INVOICE" rows; after a postcode or state only street-like rows may follow.

Amounts and dates are parsed by :mod:`pipeline.extract.amounts` and :mod:`pipeline.extract.dates`.
"""
from __future__ import annotations

import bisect
import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Dict, List, Optional, Sequence, Tuple

from ..document import Line, Polygon
from .amounts import find_amounts, format_decimal
from .dates import find_dates
from .doctypes.receipt import RECEIPT
from .types import (
    STATUS_AMBIGUOUS,
    STATUS_INVALID,
    STATUS_MISSING,
    STATUS_OK,
    STATUS_UNCHECKED,
    Field,
)

__all__ = ["extract_receipt", "RECEIPT_FIELDS"]

# the field list and the extractor tag are declared with the doc type
RECEIPT_FIELDS = RECEIPT.field_names()
EXTRACTOR = RECEIPT.tag


# --------------------------------------------------------------------------- rows

@dataclass
class _Row:
    lines: List[Line] = field(default_factory=list)
    top: float = 0.0     # deskewed
    bottom: float = 0.0  # deskewed

    @property
    def text(self) -> str:
        return " ".join(l.text.strip() for l in self.lines if l.text.strip())

    @property
    def height(self) -> float:
        return self.bottom - self.top


def _fold(s: str) -> str:
    """Accents off ("INVOICÉ" -> "INVOICE"), full-width punctuation to ASCII."""
    s = unicodedata.normalize("NFKC", s)
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return s


def _skew(lines: Sequence[Line]) -> float:
    """Page skew as a slope dy/dx (0 when unknown).

    OCR boxes of a skewed scan are often axis-aligned, so the slope is read from the layout:
    pairs of lines far apart on the same printed row (a label and its amount) share one slope,
    while pairs from neighbouring rows spread out. The slope most pairs agree on wins.
    """
    items = []
    for l in lines:
        h = max(1.0, l.y1 - l.y0)
        items.append(((l.x0 + l.x1) / 2, (l.y0 + l.y1) / 2, h, l.x0, l.x1))
    slopes = []
    for xa, ya, ha, a0, a1 in items:
        for xb, yb, hb, b0, b1 in items:
            dx = xb - xa
            h = min(ha, hb)
            if b0 <= a1 or dx < 3 * h:
                continue
            dy = yb - ya
            if abs(dy) > 1.5 * h:
                continue
            slopes.append(dy / dx)
    if len(slopes) < 4:
        return 0.0
    slopes.sort()
    best, best_n = 0.0, -1
    steps = [i * 0.002 for i in range(-60, 61)]
    for s in sorted(steps, key=abs):
        n = bisect.bisect_right(slopes, s + 0.01) - bisect.bisect_left(slopes, s - 0.01)
        if n > best_n:
            best, best_n = s, n
    return best


class _Geom:
    """Deskewed vertical extents of lines."""

    def __init__(self, lines: Sequence[Line]):
        self.slope = _skew(lines)

    def top(self, l: Line) -> float:
        return l.y0 - self.slope * (l.x0 + l.x1) / 2

    def bottom(self, l: Line) -> float:
        return l.y1 - self.slope * (l.x0 + l.x1) / 2

    def cy(self, l: Line) -> float:
        return (self.top(l) + self.bottom(l)) / 2


def _rows(lines: Sequence[Line], g: _Geom) -> List[_Row]:
    rows: List[_Row] = []
    for l in sorted(lines, key=g.cy):
        cy = g.cy(l)
        h = max(1.0, g.bottom(l) - g.top(l))
        if rows:
            r = rows[-1]
            if cy <= r.bottom - 0.2 * min(h, r.height) and cy >= r.top:
                r.lines.append(l)
                r.top = min(r.top, g.top(l))
                r.bottom = max(r.bottom, g.bottom(l))
                continue
        rows.append(_Row([l], g.top(l), g.bottom(l)))
    for r in rows:
        r.lines.sort(key=lambda l: l.x0)
    return rows


def _union_box(lines: Sequence[Line]) -> Optional[Polygon]:
    if not lines:
        return None
    x0 = min(l.x0 for l in lines)
    y0 = min(l.y0 for l in lines)
    x1 = max(l.x1 for l in lines)
    y1 = max(l.y1 for l in lines)
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _mean_conf(lines: Sequence[Line]) -> float:
    return round(sum(l.conf for l in lines) / len(lines), 4) if lines else 0.0


# --------------------------------------------------------------------------- amounts

_DECIMAL_TAIL = re.compile(r"\d\s?[.,]\s?\d{2}(?!\d)")


def _amounts(text: str) -> List[Tuple[int, int, Decimal]]:
    """Amounts with cents in a text ("RM7.70" and "7.70 SR" included), as (start, end, value)."""
    t = _fold(text)
    # "RM7.70" / "MYR7.70": a currency code glued to the number hides it from find_amounts
    t = re.sub(r"(?i)(?<![A-Z])(RM|MYR|SGD|USD|EUR|GBP)(?=\d)", lambda m: m.group(1) + " ", t)
    # a tax code or OCR mark glued after the cents: "48.00x", "15.50SR", "45.28S"
    t = re.sub(r"(\d[.,]\d{2})([A-Za-z]{1,2})\b", r"\1 \2", t)
    out = []
    for s, e, p in find_amounts(t, dollar=None):
        frag = t[s:e]
        if not _DECIMAL_TAIL.search(frag):
            continue  # integers are quantities, codes, years
        out.append((s, e, p.value))
    return out


# --------------------------------------------------------------------------- total

def _norm_label(text: str) -> str:
    s = _fold(text).lower()
    # OCR spellings of "total": totai, totak, tota1, t0tal, totäl
    s = re.sub(r"\bt[o0]t[a@]?[lik1|]\b", "total", s)
    s = re.sub(r"\bt[o0]t[a@][lik1|]", "total", s)
    s = re.sub(r"\bt[o0]t\b", "total", s)
    s = re.sub(r"\bamt\b|\barnt\b", "amount", s)
    return s


_EXCLUDE_TOTAL = re.compile(
    r"sub[\s\-]*total|\bsub\b|qty|quantity|\bitems?\b|\bexc|excl|exclud|exclusive|before"
    r"|total\s*(?:\(rm\)\s*)?(?:gst|tax|vat)\b|(?:gst|tax|vat)\s*total|saving|discount|disc\b"
    r"|point|weight|\bno\b|tender(?:ed)?\s*qty|\bgross\b"
)
_TOTAL_WORD = re.compile(
    r"total|\btl\b|\bttl\b|\bamount\s+due\b|\bbalance\s+due\b|\bdue\b|\bpayable\b"
    r"|\bjumlah\b|\bsumme\b|\bgesamt|\bmontant\b|\bimporte\b"  # Malay, German, French, Spanish
)
_ROUNDED = re.compile(r"round|\brnd\b|after\s*(?:adj|c?round)|\bat[fr]\b|adj")
_SPECIFIC = re.compile(r"grand|nett?\b|payable|\bdue\b|amount\s+paid|paid\s+incl")
_INCL = re.compile(r"\bincl|inclusive|including|\bgst\b|\btax\b")
_STATEMENT = re.compile(r"includes|included")
_SUMMARY = re.compile(r"(?:gst|tax|st)\s*summary|summary\b|gstsummary")

_CASH = re.compile(
    r"\bcash\b|cashrm|tender|\bpaid\b|payment|received|accepted|\bvisa\b|master\s*card|mastercard|"
    r"credit\s*card|debit|\bcard\b|amex|e-?wallet|boost|grabpay|touch\s*n\s*go"
)
_TENDER = re.compile(r"tender|accepted|received|\bpaid\s+by\b|payment")
_CHANGE = re.compile(r"change|\bchan\w{0,2}ge\b|\bbalance\b(?!\s*due)|\bbaki\b")
_ROUNDING = re.compile(r"round|\brnd\b")


def _total_priority(label: str) -> Optional[float]:
    """How specific a total label is (None: not a total label)."""
    if not _TOTAL_WORD.search(label) and not re.search(r"amount\s+paid|paid\s+incl", label):
        return None
    if _EXCLUDE_TOTAL.search(label):
        # "Total Amt Incl. GST @ 6%" names the GST rate, not a tax total
        if not (_INCL.search(label) and re.search(r"\bincl|inclusive|including", label)
                and not re.search(r"sub|qty|quantity|\bitems?\b|excl|exclud|exclusive|saving|disc", label)):
            return None
    if re.search(r"\bround|\brnd\b", label) and not re.search(r"total|\bttl\b", label):
        return None  # "Rounding Adj"
    if _STATEMENT.search(label) and "gst" in label and "paid" not in label:
        return 1.0  # "TOTAL INCLUDES 6% GST": often names the tax, sometimes the total
    if _ROUNDED.search(label) and re.search(r"total|\bttl\b", label):
        return 4.0
    if _SPECIFIC.search(label):
        return 3.5
    if _INCL.search(label):
        return 3.0
    return 2.0


@dataclass
class _Cand:
    value: Decimal
    raw: str
    lines: List[Line]
    priority: float
    y: float
    label: str


def _row_label_and_amount(row: _Row) -> List[Tuple[str, Decimal, str, List[Line], str]]:
    """(label text, amount, raw text, lines, amount-line text) for each label line of a row.

    The label is the text before the first amount on a line; the amount the last amount to the
    right of that label on the row (same line or a later line of the row).
    """
    out = []
    ls = row.lines
    for i, l in enumerate(ls):
        am = _amounts(l.text)
        label = l.text[: am[0][0]] if am else l.text
        if not re.search(r"[A-Za-z]{2,}", label):
            continue
        # amounts of this line after the label, then the lines to the right
        pieces: List[Tuple[Decimal, str, Line]] = [(v, l.text[s:e], l) for s, e, v in am]
        for r in ls[i + 1:]:
            ram = _amounts(r.text)
            rlabel = r.text[: ram[0][0]] if ram else r.text
            if re.search(r"[A-Za-z]{4,}", rlabel) and not re.fullmatch(
                    r"\W*(?:rm|myr|sr|zr|s|z|a|c|t|x|\$)?\W*", _fold(rlabel).lower().strip()):
                break  # the next label on the row starts here
            pieces += [(v, r.text[s:e], r) for s, e, v in ram]
        if pieces:
            v, raw, src = pieces[-1]
            used = [l] if src is l else [l, src]
            out.append((label, v, raw, used, src.text))
    return out


def _find_total(rows: List[_Row]) -> Tuple[Optional[_Cand], List[_Cand], Optional[Decimal], str]:
    cands: List[_Cand] = []
    roundings: List[Decimal] = []  # amounts on "Rounding" rows: an adjustment or the rounded total
    payments: List[Tuple[int, Decimal]] = []  # (row index, amount)
    changes: List[Tuple[int, Decimal]] = []
    in_summary = False
    after_rounding = False
    first_total_idx: Optional[int] = None
    for ri, row in enumerate(rows):
        rtext = _norm_label(row.text)
        if _SUMMARY.search(rtext) and len(rtext) < 60:
            in_summary = True
        for label, v, raw, used, _src in _row_label_and_amount(row):
            nl = _norm_label(label)
            if _CHANGE.search(nl):
                changes.append((ri, abs(v)))
                continue
            pr = None if in_summary else _total_priority(nl)
            if _CASH.search(nl) and (pr is None or pr < 3.5 or _TENDER.search(nl)):
                # "CASH", "Cash Tendered", "Accepted total": money handed over, not the bill
                # ("AMT PAID INCL. GST" is the bill)
                if v > 0:
                    payments.append((ri, v))
                continue
            if in_summary:
                continue
            if pr is None:
                if _ROUNDING.search(nl):
                    roundings.append(v)
                    if cands:
                        after_rounding = True  # totals below a rounding row are the rounded ones
                continue
            if v <= 0:
                continue
            if after_rounding:
                pr = max(pr, 2.0) + 1.5
            if first_total_idx is None:
                first_total_idx = ri
            cands.append(_Cand(v, raw, used, pr, row.top, label.strip()))
    paid: Optional[Decimal] = None
    paid_msg = ""
    # the payment that settles the bill: the first one below the first total row (any one
    # when no total row was found), less the change given below it
    pay = [p for p in payments if first_total_idx is None or p[0] >= first_total_idx]
    change_read = False
    if pay:
        pri, c = pay[0] if first_total_idx is not None else pay[-1]
        later = [v for ri, v in changes if ri >= pri]
        change_read = bool(later)
        ch = later[0] if later else Decimal("0")
        if c - ch > 0:
            paid = c - ch
            paid_msg = (f"payment {format_decimal(c)} - change {format_decimal(ch)} = "
                        f"{format_decimal(paid)}")
    if not cands:
        return None, cands, paid, paid_msg
    if paid is not None and not change_read and paid > max(c.value for c in cands):
        # more money handed over than any total and no change row read: the change was
        # lost by the OCR, not a contradiction; nothing to check against
        paid, paid_msg = None, ""
    best_pr = max(c.priority for c in cands)
    best = [c for c in cands if c.priority == best_pr][-1]
    if paid is not None:
        matching = [c for c in cands if c.value == paid]
        if matching:
            top = max(c.priority for c in matching)
            best = [c for c in matching if c.priority == top][-1]
        elif any(r == paid or (r <= Decimal("0.10") and abs(best.value - paid) == r) for r in roundings):
            # the payment settles the total after a rounding row ("Rounding 72.75", or
            # total 72.74 with a 0.01 adjustment): report the rounded total
            rounded = _Cand(paid, format_decimal(paid), best.lines, best.priority, best.y,
                            best.label + " + rounding")
            return rounded, cands, paid, paid_msg + "; rounded total"
    return best, cands, paid, paid_msg


def _total_field(rows: List[_Row]) -> Field:
    best, cands, paid, paid_msg = _find_total(rows)
    if best is None:
        if paid is not None:
            return Field("total", raw=format_decimal(paid), value=format_decimal(paid), type="amount",
                         conf=0.5, status=STATUS_UNCHECKED, extractor=EXTRACTOR,
                         message=f"no total label; taken from {paid_msg}")
        return Field("total", raw=None, value=None, type="amount", conf=0.0,
                     status=STATUS_MISSING, extractor=EXTRACTOR, message="no total row found")
    status, msg = STATUS_UNCHECKED, f"label {best.label!r}"
    if paid is not None:
        if best.value == paid:
            status, msg = STATUS_OK, f"label {best.label!r}; {paid_msg}"
        else:
            status, msg = STATUS_INVALID, f"label {best.label!r}; {paid_msg} differs"
    return Field("total", raw=best.raw.strip(), value=format_decimal(best.value), type="amount",
                 conf=_mean_conf(best.lines), box=_union_box(best.lines),
                 line_nos=[l.line_no for l in best.lines], status=status, message=msg,
                 extractor=EXTRACTOR)


# --------------------------------------------------------------------------- date

_DATE_LABEL = re.compile(r"(?i)\bdate\b|\btarikh\b|\bdated\b|\bdt\b")
_NOT_TXN_DATE = re.compile(r"(?i)expir|exp\b|valid|due\s*date|best\s*before|\bbb\b|print(?:ed)?\s*on|birth")
_DOUBLED_SEP = re.compile(r"(?<=\d)\s*([/.\-])(?:\s*\1)+\s*(?=\d)")
_GLUED_TIME = re.compile(r"(?<!\d)(\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*)(\d{3,6})(?=:\d\d)")
_LOST_SLASH = re.compile(r"(?<![\d/.\-])([0-3]\d)([01]\d)\s*/\s*((?:19|20)\d\d)(?!\d)")
_COMPACT_DMY = re.compile(r"^\W*(?:date\W*)?([0-3]\d)([01]\d)((?:19|20)\d\d)\W*$", re.I)


def _split_year_time(m: re.Match) -> str:
    """"19-03-201818:08" -> "19-03-2018 18:08"; "27/06/185:02" -> "27/06/18 5:02"."""
    head, run = m.group(1), m.group(2)
    if run[:2] in ("19", "20") and len(run) in (5, 6):
        return f"{head}{run[:4]} {run[4:]}"
    if len(run) in (3, 4):
        return f"{head}{run[:2]} {run[2:]}"
    return m.group(0)


def _date_text(text: str) -> str:
    """OCR repairs before date matching; each one keeps a date's digits in their order."""
    t = _fold(text)
    t = _DOUBLED_SEP.sub(r"\1", t)  # "26-05--2018"
    t = _GLUED_TIME.sub(_split_year_time, t)  # the time printed right after the year
    t = _LOST_SLASH.sub(r"\1/\2/\3", t)  # "2703/2018": one separator not read
    m = _COMPACT_DMY.match(t)  # "27032018" alone on its line, not a valid YYYYMMDD
    if m and not re.match(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])$", "".join(m.groups())):
        t = f"{m.group(1)}/{m.group(2)}/{m.group(3)}"
    return t


@dataclass
class _DateCand:
    iso: str
    note: str
    order: str
    raw: str
    line: Line
    labelled: bool
    y: float


def _plausible(cands: List[_DateCand]) -> List[_DateCand]:
    """The dates near the receipt's own time: when its dates disagree by years (a company's
    registration date, a warranty's end), those within a year of the year most of them give
    (the latest on a tie)."""
    years = [int(c.iso[:4]) for c in cands]
    if len(set(years)) < 2:
        return cands
    counts = {y: years.count(y) for y in set(years)}
    mode = max(counts, key=lambda y: (counts[y], y))
    near = [c for c, y in zip(cands, years) if abs(y - mode) <= 1]
    return near or cands


def _date_field(rows: List[_Row]) -> Field:
    cands: List[_DateCand] = []
    for row in rows:
        row_labelled = bool(_DATE_LABEL.search(row.text))
        for l in row.lines:
            if _NOT_TXN_DATE.search(l.text):
                continue
            t = _date_text(l.text)
            for m in find_dates(t, prefer="dmy"):
                y = int(m.date.iso[:4])
                if not 1990 <= y <= 2099:
                    continue
                cands.append(_DateCand(m.date.iso, m.date.note, m.date.order, m.text, l,
                                       row_labelled, row.top))
    if not cands:
        return Field("date", raw=None, value=None, type="date", conf=0.0, status=STATUS_MISSING,
                     extractor=EXTRACTOR, message="no date found")
    cands = _plausible(cands)
    labelled = [c for c in cands if c.labelled]
    best = (labelled or cands)[0]
    status, msg = STATUS_UNCHECKED, ""
    if best.note:
        # another printing of the same day that is not ambiguous settles the order
        alt_iso = None
        y, m, d = best.iso.split("-")
        swapped = f"{y}-{d}-{m}"
        for c in cands:
            if not c.note and c.iso in (best.iso, swapped):
                alt_iso = c.iso
                break
        if alt_iso:
            best = _DateCand(alt_iso, "", best.order, best.raw, best.line, best.labelled, best.y)
            msg = "day/month order confirmed by another date on the receipt"
        else:
            status, msg = STATUS_AMBIGUOUS, best.note
    return Field("date", raw=best.raw, value=best.iso, type="date", conf=round(best.line.conf, 4),
                 box=best.line.box, line_nos=[best.line.line_no], status=status, message=msg,
                 extractor=EXTRACTOR)


# --------------------------------------------------------------------------- header: company, address

_SUFFIX = re.compile(
    r"(?i)(?:\bSDN\.?\s*BHD\b\.?|\bSDN\b\.?|\bBHD\b\.?|\bBERHAD\b|\b[S5]\s*/\s*[B8]\b|\bSB\b|\bPLT\b|\bLLP\b|"
    r"\bP\.?T\.?E\.?\s*L\.?T\.?D\b\.?|\bPTY\.?\s*LTD\b\.?|\bLTD\b\.?|\bLIMITED\b|\bINC\b\.?|\bLLC\b|"
    r"\bCORP(?:ORATION)?\b\.?|\bGMBH\b|\bCO\.(?!\s*(?:NO|REG))|\bCOMPANY\b(?!\s*(?:NO|REG))|"
    r"\bENTERPRISES?\b|\bTRADING\b|\bINDUSTRIES\b|\bHOLDINGS?\b)"
)
_TRADE = re.compile(
    r"(?i)\b(?:RESTORAN|RESTAURANTS?|CAFE|KAFE|COFFEE|BAKERY|BAKERIES|KEDAI|PERNIAGAAN|SYARIKAT|"
    r"PASAR|PASARAYA|MART|MARKET|SUPERMARKET|HYPERMARKET|MINIMARKET|STORES?|SHOP|BOUTIQUE|"
    r"PHARMACY|FARMASI|CLINIC|KLINIK|HARDWARE|STATIONERY|BOOKS?|ELECTRICAL|MOTOR|AUTO|"
    r"PETRO|PETROL|STATION|HOTEL|CASH\s*&\s*CARRY|TRADERS?|SERVICES?|CENTRE|CENTER|"
    r"KITCHEN|FOOD|SEAFOOD|BISTRO|DELI|TEA|BAR|GRILL|PIZZA|BURGER|CHICKEN|MAKER|PRINT|"
    r"SUPPLIES|SUPPLY|OFFICE|RETAIL|FRUITS?|FLORIST|LAUNDRY|SALON|OPTICAL)\b"
)
_ADDRESS = re.compile(
    r"(?i)\b(?:JALAN|JLN|LORONG|LRG|LOT|NO\.?\s*\d+[A-Z]?|TAMAN|TMN|BANDAR|KAWASAN|SEKSYEN|SECTION|"
    r"PERSIARAN|LEBUH|LEBUHRAYA|BLOK|BLOCK|LEVEL|FLOOR|FLR|TINGKAT|WISMA|PLAZA|MALL|"
    r"KAMPUNG|KG|MUKIM|BATU|STREET|ST\.|ROAD|RD\.?|AVENUE|AVE|DRIVE|LANE|SUITE|UNIT|"
    r"KUALA\s*LUMPUR|SELANGOR|JOHOR|PAHANG|PERAK|PENANG|PULAU\s*PINANG|KEDAH|KELANTAN|"
    r"TERENGGANU|MELAKA|MALACCA|NEGERI\s*SEMBILAN|SABAH|SARAWAK|PERLIS|PUTRAJAYA|LABUAN|"
    r"MALAYSIA|SINGAPORE|DARUL\s*EHSAN|D\.E\.?)\b|\b\d{5}\b|^\d+[A-Z]?\s*,|\d+\s*/\s*\d+"
)
_PHONE = re.compile(r"(?i)\b(?:TEL|TELEPHONE|PHONE|PH|FAX|HP|MOBILE|H/P|WHATSAPP)\b|\+?\d{2,4}\s*-\s*\d{3,4}\s*-?\s*\d{3,5}\b"
                    r"|^\W*\(?\d{2,3}\)?[\s-]?\d{6,8}\W*$|^\W*\d{3}-\d{7,8},?\W*$")
_REGNO = re.compile(
    r"(?i)\bGST\b|\bSST\b|\bTAX\s*ID\b|\bREG(?:ISTRATION)?\b|\bCO\.?\s*NO\b|\bCOMPANY\s*NO\b|\bROC\b|"
    r"\bBR\s*NO\b|\bUEN\b|\bABN\b|\bVAT\b|^\W*\(?[A-Z]{0,3}\d{4,}\s*-?\s*[A-Z]\)?\W*$|"
    r"\(\s*\d{4,}\s*-?\s*[A-Z]\s*\)|\(\s*LLP\d+[\w-]*\)"
)
_WEB = re.compile(r"(?i)@|www\.|https?:|\.com\b|\.my\b|e-?mail|website")
_STOP = re.compile(
    r"(?i)TAX\s*INVOICE|TAXINVOICE|INVO[A-Z]CE|INVOICE|RECE[A-Z]PT|RECEIP[A-Z]|\bBILL\b|CASHIER|\bDATE\b|\bTABLE\b|"
    r"GUEST\s*CHECK|\bORDER\b|\bSLIP\b|\bTERMINAL\b|\bCOUNTER\b|\bQTY\b|\bITEM\b|SALESPERSON"
)


def _letters(s: str) -> int:
    return sum(c.isalpha() for c in s)


def _is_junk(text: str) -> bool:
    """Scanner stamps, logos read as a letter or two, separator rows."""
    t = text.strip()
    letters = _letters(t)
    digits = sum(c.isdigit() for c in t)
    if letters < 3:
        return True
    if digits > letters:
        return True
    if not re.search(r"[A-Za-z]{2,}", t):
        return True
    return False


def _header_rows(rows: List[_Row], height: float) -> List[_Row]:
    out = []
    for r in rows:
        t = _fold(r.text)
        named = any(not _is_junk(o.text) and not _is_other(_fold(o.text)) for o in out)
        if named and (_STOP.search(t) or _amounts(t)):
            break
        if height and r.top > 0.6 * height and named:
            break
        if _STOP.search(t) and not _SUFFIX.search(t):
            continue  # "Your order number is" above the shop's name
        out.append(r)
        if len(out) >= 14:
            break
    return out


def _is_other(t: str) -> bool:
    """Header rows that are not a business name."""
    return bool(_PHONE.search(t) or _REGNO.search(t) or _WEB.search(t))


def _clean_company(text: str) -> str:
    t = _fix_name_ocr(_fold(text).strip())
    t = re.sub(r"\b5\s*/\s*[B8]\b|\bS\s*/\s*8\b", "S/B", t)  # OCR of "S/B"
    # a registration number ends the name: "MYNEWS RETAIL SB(306295-X) FKA BISON STORES SB"
    reg = re.search(r"\(?\s*\b[A-Z]{0,3}\d{4,}\s*-\s*[A-Z]\b\s*\)?|\(\s*\d{4,}\s*-?\s*[A-Z]\s*\)", t)
    if reg and _letters(t[: reg.start()]) >= 3:
        t = t[: reg.start()]
    matches = list(_SUFFIX.finditer(t))
    legal = [m for m in matches if re.search(
        r"(?i)SDN|BHD|BERHAD|[S5]\s*/\s*[B8]|\bSB\b|PLT|LLP|PTE|PTY|LTD|LIMITED|INC|LLC|CORP|GMBH", m.group(0))]
    if legal:
        m = legal[-1]
        rest = t[m.end():]
        keep = ""
        pm = re.match(r"\s*(\([A-Za-z][A-Za-z .&'-]{2,}\))", rest)
        if pm:
            keep = " " + pm.group(1)
        t = t[: m.end()] + keep
    else:
        # a registration number after the name: "GOLDEN KEY MAKER (000760274-K)"
        t = re.sub(r"\s*\(?\s*[A-Z]{0,3}\d{4,}\s*-?\s*[A-Z]?\s*\)?\s*$", "", t)
    t = re.sub(r"^[\W_]+(?=\w)", "", t)   # "☆ Home of ..."
    t = re.sub(r"[\s,;:*_\-]+$", "", t)
    return re.sub(r"\s+", " ", t).strip()


def _name_lines(row: _Row) -> List[Line]:
    """The lines of a row that belong to a printed name: logos and stamps beside it are dropped."""
    good = [l for l in row.lines if not _is_junk(l.text)]
    if not good:
        return list(row.lines)
    h = statistics.median(l.y1 - l.y0 for l in good)
    out = []
    for l in row.lines:
        lh = l.y1 - l.y0
        if l not in good and (lh > 1.8 * h or lh < 0.4 * h or not re.search(r"[A-Za-z&]", l.text)):
            continue
        out.append(l)
    return out


def _fix_name_ocr(t: str) -> str:
    """Digits read inside words of a name: "D.1.Y." -> "D.I.Y.", "C0MPANY" -> "COMPANY"."""
    t = re.sub(r"(?<=[A-Za-z]\.)1(?=\.[A-Za-z])", "I", t)
    t = re.sub(r"(?<=[A-Za-z]\.)0(?=\.[A-Za-z])", "O", t)
    t = re.sub(r"(?<=[A-Za-z])1(?=[A-Za-z])", "I", t)
    t = re.sub(r"(?<=[A-Za-z])0(?=[A-Za-z])", "O", t)
    return t


_PARENS = re.compile(r"\([^()]*\)")


def _suffix_only(text: str) -> bool:
    """A row that is only a legal suffix ("SDN BHD", "CO. (M) SDN BHD")."""
    rest = _SUFFIX.sub(" ", _fold(text))
    rest = re.sub(r"\([A-Za-z]{1,2}\)|\(\s*\d+\s*-?\s*[A-Z]?\s*\)|[^A-Za-z]", " ", rest)
    return len([w for w in rest.split() if len(w) > 1]) == 0


def _company_and_address(rows: List[_Row], height: float) -> Tuple[Field, Field]:
    header = _header_rows(rows, height)
    usable = [r for r in header if not _is_junk(r.text)]
    pick: Optional[List[_Row]] = None
    how = ""
    for i, r in enumerate(usable):
        t = _fold(r.text)
        if _is_other(t) and not _SUFFIX.search(re.sub(r"(?i)\bCO\.?\s*NO\b.*", "", t)):
            continue
        if _ADDRESS.search(t) and not _SUFFIX.search(t):
            continue
        if _SUFFIX.search(t):
            pick = [r]
            how = "legal or trade suffix"
            if (_suffix_only(t) or _suffix_only(_PARENS.sub(" ", t))) and i > 0:
                # "(SETIA ALAM) SDN BHD" under "AIK HUAT HARDWARE ENTERPRISE": the name goes on
                prev = usable[i - 1]
                pt = _fold(prev.text)
                if not (_is_other(pt) or _ADDRESS.search(pt)):
                    pick = [prev, r]
            if i + 1 < len(usable):
                # a branch in brackets on the row below: "(JALAN KLANG LAMA)"
                nt = _fold(usable[i + 1].text).strip()
                if (re.fullmatch(r"\([A-Za-z][A-Za-z .&'-]{3,}\)", nt)
                        or (re.match(r"\([A-Za-z][A-Za-z .&'-]{3,}\)", nt) and _SUFFIX.search(nt)
                            and _suffix_only(_PARENS.sub(" ", nt)))):
                    pick = pick + [usable[i + 1]]
            break
    if pick is None:
        for r in usable:
            t = _fold(r.text)
            if _TRADE.search(t) and not _is_other(t) and not _ADDRESS.search(t):
                pick, how = [r], "trade word"
                break
    if pick is None:
        for r in usable:
            t = _fold(r.text)
            if not _is_other(t) and not _ADDRESS.search(t) and _letters(t) >= 3:
                pick, how = [r], "first header row"
                break
    if pick is None:
        company = Field("company", raw=None, value=None, type="text", conf=0.0,
                        status=STATUS_MISSING, extractor=EXTRACTOR, message="no business name found")
        return company, _address_field(usable, 0)
    lines = [l for r in pick for l in _name_lines(r)]
    raw = " ".join(l.text.strip() for l in lines)
    value = _clean_company(raw)
    company = Field("company", raw=raw, value=value or None, type="text", conf=_mean_conf(lines),
                    box=_union_box(lines), line_nos=[l.line_no for l in lines],
                    status=STATUS_UNCHECKED if value else STATUS_MISSING, message=how,
                    extractor=EXTRACTOR)
    start = usable.index(pick[-1]) + 1
    return company, _address_field(usable, start)


_POSTCODE_OR_STATE = re.compile(
    r"(?i)\b\d{5}\b|\b(?:KUALA\s*LUMPUR|SELANGOR|JOHOR|PAHANG|PERAK|PENANG|PULAU\s*PINANG|KEDAH|"
    r"KELANTAN|TERENGGANU|MELAKA|MALACCA|NEGERI\s*SEMBILAN|SABAH|SARAWAK|PERLIS|PUTRAJAYA|LABUAN|"
    r"MALAYSIA|SINGAPORE|DARUL\s*EHSAN)\b"
)


def _address_field(usable: List[_Row], start: int) -> Field:
    got: List[_Row] = []
    closed = False  # a postcode or state has been read: only address-like rows may follow
    for r in usable[start:]:
        lines = _name_lines(r)
        t = _fold(" ".join(l.text.strip() for l in lines))
        if _PHONE.search(t) or _WEB.search(t) or _STOP.search(t):
            if got:
                break
            continue
        if _REGNO.search(t):
            if got:
                break
            continue
        if find_dates(_date_text(t), prefer="dmy"):
            if got:
                break
            continue
        if not got and not _ADDRESS.search(t):
            continue  # branch or brand name before the street ("IKEA Cheras")
        if closed and (not _ADDRESS.search(t) or re.match(r"^\W*\(.*\)\W*$", t)):
            break  # "SHOPPING HOURS", "(IOI PUCHONG)": the branch, not the address
        got.append(_Row(lines, r.top, r.bottom))
        if _POSTCODE_OR_STATE.search(t):
            closed = True
        if len(got) >= 6:
            break
    if not got:
        return Field("address", raw=None, value=None, type="text", conf=0.0, status=STATUS_MISSING,
                     extractor=EXTRACTOR, message="no address rows found")
    lines = [l for r in got for l in r.lines]
    raw = " ".join(r.text for r in got)
    value = re.sub(r"\s+", " ", _fold(raw)).strip()
    return Field("address", raw=raw, value=value, type="text", conf=_mean_conf(lines),
                 box=_union_box(lines), line_nos=[l.line_no for l in lines],
                 status=STATUS_UNCHECKED, extractor=EXTRACTOR)


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
