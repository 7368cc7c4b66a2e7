"""Reading order of vertical CJK writing: columns from right to left, each top to bottom.

A vertical line is a box at least ``TALL`` times taller than wide whose text is mostly CJK
(a sideways Latin line, such as a cheque's imprint, keeps its place). Those lines are put in
column order within the places the page's reading order gave them, so horizontal lines (a
title, a caption) keep theirs; ``line_no`` is numbered again.
"""
from __future__ import annotations

from typing import List

from ..document import Line
from ..orientation import TALL, cjk_share


def is_vertical_line(line: Line) -> bool:
    w, h = line.x1 - line.x0, line.y1 - line.y0
    return h >= TALL * max(w, 1e-6) and cjk_share([line.text]) > 0.5


def column_order(lines: List[Line]) -> List[Line]:
    """Vertical lines right column first; a column split in several boxes top to bottom."""
    by_right = sorted(lines, key=lambda l: -(l.x0 + l.x1) / 2)
    columns: List[List[Line]] = []
    for l in by_right:
        if columns:
            c0, c1 = min(m.x0 for m in columns[-1]), max(m.x1 for m in columns[-1])
            overlap = min(c1, l.x1) - max(c0, l.x0)
            if overlap >= 0.5 * min(c1 - c0, l.x1 - l.x0):
                columns[-1].append(l)
                continue
        columns.append([l])
    return [l for c in columns for l in sorted(c, key=lambda m: m.y0)]


def order_columns(lines: List[Line]) -> List[Line]:
    slots = [i for i, l in enumerate(lines) if is_vertical_line(l)]
    if len(slots) < 2:
        return lines
    out = list(lines)
    for i, l in zip(slots, column_order([lines[i] for i in slots])):
        out[i] = l
    for n, l in enumerate(out):
        l.line_no = n
    return out
