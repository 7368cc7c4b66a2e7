"""A receipt's total: the most specific total row, checked against the payment rows."""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from decimal import Decimal
from typing import List, Optional, Tuple

from ..document import Line
from .doctypes.receipt import RECEIPT
from .amounts import format_decimal
from .receipt_reconcile import Entry, items_sum, reconciled_sums
from .receipt_rows import _amounts, _fold, _mean_conf, _Row, _union_box
from .types import STATUS_INVALID, STATUS_MISSING, STATUS_OK, STATUS_UNCHECKED, Field

EXTRACTOR = RECEIPT.tag


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
    # the tax owed, not the bill: "GST payable (6%):", "Tax payable", "VAT @ 5% payable"
    r"|(?:gst|sst|tax|vat)\b[^a-z]{0,12}payable"
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
_SUBTOTAL_WORD = re.compile(r"sub[\s\-]*total|\bsub\b|\bexcl|before")


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
    ri: int = -1  # index of its row


_SLIPPED_CENTS = re.compile(r"\d{1,5}\s?[-:]\s?\d{2}")


def _is_time(text: str) -> bool:
    """"13:43" on a line of its own is a time, not 13.43."""
    m = re.fullmatch(r"\s*(\d{1,2})\s?:\s?(\d{2})\s*", text)
    return bool(m) and int(m.group(1)) < 24 and int(m.group(2)) < 60


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
            if not ram and _SLIPPED_CENTS.fullmatch(r.text.strip()) and not _is_time(r.text):
                # "52-00", "52:00": the decimal point read as a dash or a colon, on a line of
                # its own right of the label
                raw = r.text.strip()
                pieces.append((Decimal(re.sub(r"[-:]", ".", raw)), raw, r))
                continue
            pieces += [(v, r.text[s:e], r) for s, e, v in ram]
        if pieces:
            v, raw, src = pieces[-1]
            used = [l] if src is l else [l, src]
            out.append((label, v, raw, used, src.text))
    return out


def _find_total(rows: List[_Row]) -> Tuple[Optional[_Cand], List[Entry], Optional[Decimal], str]:
    cands: List[_Cand] = []
    roundings: List[Decimal] = []  # amounts on "Rounding" rows: an adjustment or the rounded total
    payments: List[Tuple[int, Decimal]] = []  # (row index, amount)
    changes: List[Tuple[int, Decimal]] = []
    in_summary = False
    after_rounding = False
    first_total_idx: Optional[int] = None
    entries: List[Entry] = []  # (row, label, amount, names the total) outside the tax summary
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
            if not in_summary:
                entries.append((ri, nl, v, pr is not None and pr >= 2.0))
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
            cands.append(_Cand(v, raw, used, pr, row.top, label.strip(), ri))
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
        return None, entries, paid, paid_msg
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
                            best.label + " + rounding", best.ri)
            return rounded, entries, paid, paid_msg + "; rounded total"
    return best, entries, paid, paid_msg


def _items(rows: List[_Row], entries: List[Entry], best: _Cand) -> Optional[Tuple[Decimal, int]]:
    """The sum of the item amounts above the first subtotal/total row (see ``items_sum``)."""
    sums_at = [ri for ri, label, v, is_total in entries if is_total or _SUBTOTAL_WORD.search(label)]
    if not sums_at or best.ri < 0:
        return None
    src = best.lines[-1]
    height = statistics.median(l.y1 - l.y0 for r in rows for l in r.lines)
    amounts = []
    for ri, row in enumerate(rows[: min(sums_at)]):
        for l in reversed(row.lines):
            am = _amounts(l.text)
            if am:
                amounts.append((ri, l.x1, am[-1][2]))
                break
    return items_sum(amounts, min(sums_at), src.x1, 1.5 * height)


def _total_field(rows: List[_Row]) -> Field:
    best, entries, paid, paid_msg = _find_total(rows)
    if best is None:
        if paid is not None:
            return Field("total", raw=format_decimal(paid), value=format_decimal(paid), type="amount",
                         conf=0.5, status=STATUS_UNCHECKED, extractor=EXTRACTOR,
                         message=f"no total label; taken from {paid_msg}")
        return Field("total", raw=None, value=None, type="amount", conf=0.0,
                     status=STATUS_MISSING, extractor=EXTRACTOR, message="no total row found")
    sums = reconciled_sums(entries, best.ri)
    items = _items(rows, entries, best)
    if items is not None and items[0] not in sums:
        sums[items[0]] = f"{items[1]} item amounts add up to {format_decimal(items[0])}"
    status, msg = STATUS_UNCHECKED, f"label {best.label!r}"
    value, conf = best.value, _mean_conf(best.lines)
    if paid is not None:
        if best.value == paid:
            status, msg = STATUS_OK, f"label {best.label!r}; {paid_msg}"
            if paid in sums:
                msg += f"; {sums[paid]}"
        elif paid in sums:
            # the receipt's own sum and the payment agree on another value: the total row was
            # misread, or altered; the printed value is kept and flagged, never replaced
            status = STATUS_INVALID
            msg = (f"label {best.label!r}; {sums[paid]} and {paid_msg} agree on "
                   f"{format_decimal(paid)}, the total row reads {format_decimal(best.value)}")
        else:
            status, msg = STATUS_INVALID, f"label {best.label!r}; {paid_msg} differs"
    elif best.value in sums:
        status, msg = STATUS_OK, f"label {best.label!r}; {sums[best.value]}"
    return Field("total", raw=best.raw.strip(), value=format_decimal(value), type="amount",
                 conf=conf, box=_union_box(best.lines),
                 line_nos=[l.line_no for l in best.lines], status=status, message=msg,
                 extractor=EXTRACTOR)
