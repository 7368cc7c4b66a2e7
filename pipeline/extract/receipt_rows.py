"""Receipt layout helpers: visual rows of OCR lines after deskewing, and the amounts on a line."""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import List, Optional, Sequence, Tuple

from ..document import Line, Polygon
from .amounts import find_amounts

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
