"""Checking a receipt's total against its own arithmetic: subtotal + tax/service charge/GST
(+ rounding, - discount) = total.

The rows are given as ``(row index, label, amount, is_total)`` with the label already normalised
(lower case, OCR spellings of "total" mended) and ``is_total`` true for rows that name the bill's
total. ``reconciled_sums`` returns every value the rows between the last subtotal above the total
row and the total row add up to, each with how it was made; a total that is one of them is
confirmed by the receipt's own lines.
"""
from __future__ import annotations

import re
from decimal import Decimal
from itertools import product
from typing import Dict, List, Optional, Sequence, Tuple

from .amounts import format_decimal

Entry = Tuple[int, str, Decimal, bool]

_SUBTOTAL = re.compile(r"sub[\s\-]*total|\bsub\b|total\s*\(?\s*excl|\bexcl(?:uding|usive)?\b.*\btotal|"
                       r"before\s*(?:gst|tax|disc)|\bnet\s+sales\b|total\s+sales\b")
_TAX = re.compile(r"\bgst\b|\btax\b|\bsst\b|\bvat\b|service|\bsvc\b|\bsrv\b|\bsvr\b|\bs\s*/?\s*c\b|"
                  r"\bchg\b|charge")
_INCLUDED = re.compile(r"incl|included|inclusive|summary|@\s*0\s*%|\bzr\b|\bexempt")
_ROUND = re.compile(r"round|\brnd\b|\badj")
_DISCOUNT = re.compile(r"discount|\bdisc\b|\bless\b|voucher|promo")
_MAX_ADJUST = Decimal("0.10")  # a rounding adjustment is a few cents


def reconciled_sums(entries: Sequence[Entry], total_ri: int) -> Dict[Decimal, str]:
    """{value: "subtotal 5.66 + tax 0.34 = 6.00"} for the rows above the total row."""
    if total_ri < 0:
        return {}
    sub: Optional[Tuple[int, Decimal]] = None
    for ri, label, v, is_total in entries:
        if ri < total_ri and _SUBTOTAL.search(label) and v > 0:
            sub = (ri, v)
    if sub is None:
        return {}
    taxes: List[Decimal] = []
    roundings: List[Decimal] = []
    discounts: List[Decimal] = []
    for ri, label, v, is_total in entries:
        if not sub[0] < ri < total_ri or _SUBTOTAL.search(label):
            continue
        if _ROUND.search(label) and abs(v) <= _MAX_ADJUST:
            roundings.append(v)
        elif _DISCOUNT.search(label):
            discounts.append(abs(v))
        elif _TAX.search(label) and not is_total and not _INCLUDED.search(label) and v > 0:
            taxes.append(v)
    if not taxes and not any(roundings) and not any(discounts):
        return {}  # the subtotal repeated (or "GST 0.00" added): nothing is checked
    base = sub[1] + sum(taxes, Decimal("0"))
    text = f"subtotal {format_decimal(sub[1])}" + "".join(f" + tax {format_decimal(t)}" for t in taxes)
    out: Dict[Decimal, str] = {}
    r_opts = [Decimal("0")] + [r for r in roundings if r] + [-r for r in roundings if r]
    d_opts = [Decimal("0")] + [d for d in discounts if d]
    for r, d in product(r_opts, d_opts):
        v = base + r - d
        if v <= 0 or v in out:
            continue
        parts = text
        if d:
            parts += f" - discount {format_decimal(d)}"
        if r:
            parts += f" {'+' if r > 0 else '-'} rounding {format_decimal(abs(r))}"
        out[v] = f"{parts} = {format_decimal(v)}"
    return out


def items_sum(amounts: Sequence[Tuple[int, float, Decimal]], first_sum_ri: int, column_x1: float,
              tolerance: float) -> Optional[Tuple[Decimal, int]]:
    """(sum, count) of the item amounts: the right-most amount of each row above the first
    subtotal or total row, printed in the total's column (right edge within ``tolerance``)."""
    got = [v for ri, x1, v in amounts if ri < first_sum_ri and abs(x1 - column_x1) <= tolerance]
    if len(got) < 2:
        return None  # one item is its own total: no check
    return sum(got, Decimal("0")), len(got)
