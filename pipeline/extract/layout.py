"""Layout reading order of line boxes: a recursive XY-cut that reads columns one after another.

In each region the gap with the fewest lines across its middle (none, or a few: at most
``MAX_BLOCKERS`` of the region), the widest of those, splits it into a left and a right part,
read left first. Lines across the gap (a full-width title, footer, caption or table row) are
"blockers": their rows cut the region into horizontal sections, read top to bottom, each cut
again on its own. Only running text on both sides of a gap makes columns: short lines across it
(a table, a form, a cheque, a receipt's "TOTAL ... 12.00") are read row by row, and so are runs
of rows whose short cells spread across a column gap (a full-width table between text
columns). A few short lines below the bottom of the other side, set off by a wide vertical gap
(a heading or footer under the columns), are read after both columns. A region with no gap is
read in rows, top to bottom, left to right (``rows``), split into paragraph blocks at wide
vertical gaps.
"""
from __future__ import annotations

from typing import List, Sequence, Tuple

import numpy as np

MAX_BLOCKERS = 0.3    # share of a region's lines that may cross a column gap
MIN_GAP = 0.5         # narrowest column gap, in median line heights
TEXT_WIDTH = 6.0      # median line of a text column, in line heights
DETACH_GAP = 0.7      # gap (line heights) that sets a heading/footer apart from a column ...
DETACH_LINES = 3      # ... of at most this many lines (more is the column going on) ...
DETACH_WIDTH = 0.8    # ... each shorter than this share of the column's median line
TABLE_CELL = 0.6      # a table cell is narrower than this share of its side's median line


class _Boxes:
    def __init__(self, boxes: Sequence) -> None:
        arr = np.asarray(boxes, dtype=np.float64).reshape(len(boxes), -1, 2)
        self.x0 = arr[:, :, 0].min(axis=1)
        self.x1 = arr[:, :, 0].max(axis=1)
        self.y0 = arr[:, :, 1].min(axis=1)
        self.y1 = arr[:, :, 1].max(axis=1)
        self.cy = (self.y0 + self.y1) / 2
        self.h = max(float(np.median(self.y1 - self.y0)), 1e-6)


def rows(b: _Boxes, idx: Sequence[int]) -> List[List[int]]:
    """``idx`` grouped in rows, top to bottom, each left to right. A box joins the current row
    when its vertical centre lies within the row's vertical extent (shrunk a little, so
    touching rows stay apart): this holds for slightly skewed scans."""
    out: List[List[int]] = []
    top = bot = 0.0
    for i in sorted(idx, key=lambda k: b.cy[k]):
        h = b.y1[i] - b.y0[i]
        if out and b.cy[i] <= bot - 0.2 * min(h, bot - top):
            out[-1].append(int(i))
            top, bot = min(top, b.y0[i]), max(bot, b.y1[i])
        else:
            out.append([int(i)])
            top, bot = b.y0[i], b.y1[i]
    return [sorted(r, key=lambda k: b.x0[k]) for r in out]


def _leaf(b: _Boxes, idx: Sequence[int]) -> List[List[int]]:
    """A region without columns: rows, split into blocks at gaps wider than a paragraph's."""
    rs = rows(b, idx)
    if len(rs) < 2:
        return [r for r in rs if r]
    tops = [min(b.y0[i] for i in r) for r in rs]
    bots = [max(b.y1[i] for i in r) for r in rs]
    gaps = [tops[k + 1] - bots[k] for k in range(len(rs) - 1)]
    limit = max(2.0 * float(np.median(gaps)), 0.5 * b.h)
    blocks: List[List[int]] = [list(rs[0])]
    for k, g in enumerate(gaps):
        if g > limit:
            blocks.append([])
        blocks[-1].extend(rs[k + 1])
    return blocks


def _text_like(b: _Boxes, side: np.ndarray) -> bool:
    """Lines of running text: a good share as long as a column line is (a table cell, a
    price, a form's label is short; a column's short lines end its paragraphs)."""
    return bool(np.median(b.x1[side] - b.x0[side]) >= TEXT_WIDTH * b.h)


def _find_cut(b: _Boxes, idx: np.ndarray):
    """The gap to cut ``idx`` at: (left, right, blockers) or None. The gap with the fewest
    boxes crossing it (at most ``MAX_BLOCKERS`` of them), the widest of those, with two lines
    or more on each side, side by side."""
    x0, x1 = b.x0[idx], b.x1[idx]
    n = len(idx)
    edges = np.unique(np.concatenate([x0, x1]))
    if len(edges) < 3:
        return None
    s0, s1 = np.sort(x0), np.sort(x1)
    mids = (edges[:-1] + edges[1:]) / 2
    # boxes covering each elementary interval: started before it, less those ended before it
    cover = np.searchsorted(s0, mids) - np.searchsorted(s1, mids)
    lo, hi = x0.min(), x1.max()
    for limit in np.unique(cover[cover <= MAX_BLOCKERS * n]):
        ok = np.concatenate([[False], cover <= limit, [False]])
        starts = np.nonzero(ok[1:-1] & ~ok[:-2])[0]
        ends = np.nonzero(ok[1:-1] & ~ok[2:])[0]
        a, z = edges[starts], edges[ends + 1]
        good = (z - a >= MIN_GAP * b.h) & (a > lo) & (z < hi)
        for k in np.nonzero(good)[0][np.argsort(-(z - a)[good], kind="stable")]:
            # the boxes across the gap's middle block it; the others lie on one side
            mid = (a[k] + z[k]) / 2
            hit = (x0 < mid) & (x1 > mid)
            rest = idx[~hit]
            left, right = rest[b.x1[rest] <= mid], rest[b.x1[rest] > mid]
            if len(left) < 2 or len(right) < 2:
                continue
            overlap = (min(b.y1[left].max(), b.y1[right].max())
                       - max(b.y0[left].min(), b.y0[right].min()))
            if overlap >= b.h:
                return left, right, idx[hit]
    return None


def _is_table(b: _Boxes, left: np.ndarray, right: np.ndarray) -> bool:
    """Columns are running text on both sides; anything else across a gap (a table, a form, a
    receipt's labels and amounts, a cheque) is read row by row."""
    return not (_text_like(b, left) and _text_like(b, right))


def _table_rows(b: _Boxes, idx: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Boxes of the runs of two or more rows that a table spreads across the gap: each row has
    lines on both sides, and all of them short for their side (a text line fills its column)."""
    wl = np.median(b.x1[left] - b.x0[left])
    wr = np.median(b.x1[right] - b.x0[right])
    is_left = np.zeros(len(b.x0), dtype=bool)
    is_left[left] = True
    flags = []
    rs = rows(b, idx)
    for r in rs:
        sides = is_left[r]
        short = all((b.x1[i] - b.x0[i]) < TABLE_CELL * (wl if is_left[i] else wr) for i in r)
        flags.append(bool(sides.any() and (~sides).any() and short))
    out: List[int] = []
    k = 0
    while k < len(rs):
        j = k
        while j < len(rs) and flags[j]:
            j += 1
        if j - k >= 2:
            out += [i for r in rs[k:j] for i in r]
        k = max(j, k + 1)
    return np.asarray(out, dtype=int)


def _detach(b: _Boxes, col: np.ndarray, other: np.ndarray, tail: bool):
    """Lines of ``col`` beyond the other side's extent (below it if ``tail``, else above) that a
    wide gap sets apart from the rest of the column, a few short lines only (a heading or footer
    under both columns, not a longer column's last lines of text): (kept, detached)."""
    col = col[np.argsort(b.cy[col])]
    full = np.median(b.x1[col] - b.x0[col])
    if tail:
        beyond = b.y0[col] > b.y1[other].max()
    else:
        col = col[::-1]
        beyond = b.y1[col] < b.y0[other].min()
    for k in range(1, len(col)):
        if not beyond[k]:
            continue
        prev = col[:k]
        gap = (b.y0[col[k]] - b.y1[prev].max()) if tail else (b.y0[prev].min() - b.y1[col[k]])
        rest = col[k:]
        if (gap >= DETACH_GAP * b.h and len(rest) <= DETACH_LINES
                and (b.x1[rest] - b.x0[rest]).max() < DETACH_WIDTH * full):
            return col[:k], rest
    return col, col[:0]


def _order(b: _Boxes, idx: np.ndarray) -> List[List[int]]:
    if len(idx) < 3:
        return _leaf(b, idx)
    cut = _find_cut(b, idx)
    if cut is None:
        return _leaf(b, idx)
    left, right, cross = cut
    if len(cross) == 0:
        if _is_table(b, left, right):
            return _leaf(b, idx)
        band = _table_rows(b, idx, left, right)
        if len(band):
            return _by_sections(b, idx, band)
        left, left_tail = _detach(b, left, right, tail=True)
        right, right_head = _detach(b, right, left, tail=False)
        out: List[List[int]] = []
        for part in (right_head, left, right, left_tail):
            if len(part):
                out += _order(b, part)
        return out
    return _by_sections(b, idx, cross)


def _by_sections(b: _Boxes, idx: np.ndarray, blockers: np.ndarray) -> List[List[int]]:
    """Each section in turn; rows if every row holds a blocker (no section is smaller)."""
    secs = _sections(b, idx, blockers)
    if len(secs) < 2:
        return _leaf(b, idx)
    return [blk for sec in secs for blk in _order(b, sec)]


def _sections(b: _Boxes, idx: np.ndarray, cross: np.ndarray) -> List[np.ndarray]:
    """``idx`` cut into horizontal sections by the rows that hold a box crossing the gap (so a
    title the detector cut in pieces, or a label beside a full-width line, stays with it)."""
    crossing = set(int(i) for i in cross)
    out: List[List[int]] = []
    prev = None
    for r in rows(b, idx):
        kind = any(i in crossing for i in r)
        if prev is None or kind != prev:
            out.append([])
        out[-1].extend(r)
        prev = kind
    return [np.asarray(s) for s in out]


def layout_blocks(boxes: Sequence) -> List[List[int]]:
    """Indices of ``boxes`` (each (4, 2) points, or (x0, y0, x1, y1) corners as 2 points)
    grouped in blocks (a paragraph, a column's run of lines, a table), blocks and the lines in
    each in reading order."""
    if len(boxes) == 0:
        return []
    b = _Boxes(boxes)
    try:
        return [blk for blk in _order(b, np.arange(len(boxes))) if blk]
    except RecursionError:  # a layout nested deeper than Python allows: plain rows
        return [r for r in rows(b, range(len(boxes))) if r]


def layout_order(boxes: Sequence) -> Tuple[List[int], List[int]]:
    """(order, block): the indices of ``boxes`` in reading order, and the block number (0, 1,
    ... in reading order) of each index in that order."""
    order: List[int] = []
    block: List[int] = []
    for n, blk in enumerate(layout_blocks(boxes)):
        order += blk
        block += [n] * len(blk)
    return order, block
