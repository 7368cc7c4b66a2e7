"""Split a large page into overlapping detector tiles and map the boxes back, so a line crossing a
seam comes out exactly once with its page coordinates.

Tiles run along both axes with an overlap. A box found whole in a tile is kept by the tile whose
core (the tile minus half of each overlap) holds its centre; a box cut by an inner tile edge is a
fragment: dropped when a kept whole box covers it, else merged with the fragments it overlaps in
the neighbouring tiles (a long line that crosses a vertical seam).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Tuple

import numpy as np


@dataclass(frozen=True)
class Tile:
    x0: int
    y0: int
    x1: int
    y1: int
    core: Tuple[float, float, float, float]  # x0, y0, x1, y1 of the region this tile owns


def _starts(length: int, size: int, overlap: int) -> List[int]:
    if length <= size:
        return [0]
    step = size - overlap
    starts = list(range(0, length - size, step)) + [length - size]
    return sorted(set(starts))


def _cores(starts: List[int], size: int, length: int) -> List[Tuple[float, float]]:
    out = []
    for i, s in enumerate(starts):
        lo = 0.0 if i == 0 else (s + starts[i - 1] + size) / 2.0
        hi = float(length) if i == len(starts) - 1 else (starts[i + 1] + s + size) / 2.0
        out.append((lo, hi))
    return out


def make_tiles(h: int, w: int, size: int, overlap: int) -> List[Tile]:
    ys, xs = _starts(h, size, overlap), _starts(w, size, overlap)
    ycore, xcore = _cores(ys, size, h), _cores(xs, size, w)
    return [Tile(x, y, min(x + size, w), min(y + size, h), (xc[0], yc[0], xc[1], yc[1]))
            for y, yc in zip(ys, ycore) for x, xc in zip(xs, xcore)]


def _bbox(box: np.ndarray) -> Tuple[float, float, float, float]:
    return float(box[:, 0].min()), float(box[:, 1].min()), float(box[:, 0].max()), float(box[:, 1].max())


def _inter(a, b) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, w) * max(0.0, h)


def _area(a) -> float:
    return max(0.0, a[2] - a[0]) * max(0.0, a[3] - a[1])


def merge_tiles(tiles: List[Tile], boxes_per_tile: List[np.ndarray], h: int, w: int,
                margin: float = 3.0) -> np.ndarray:
    """Boxes (N, 4, 2) in page coordinates from per-tile boxes in tile coordinates."""
    kept: List[np.ndarray] = []
    frags: List[Tuple[float, float, float, float]] = []
    for t, boxes in zip(tiles, boxes_per_tile):
        for b in boxes:
            b = b + np.array([t.x0, t.y0], dtype=np.float32)
            x0, y0, x1, y1 = _bbox(b)
            cut = ((t.x0 > 0 and x0 <= t.x0 + margin) or (t.x1 < w and x1 >= t.x1 - margin) or
                   (t.y0 > 0 and y0 <= t.y0 + margin) or (t.y1 < h and y1 >= t.y1 - margin))
            if cut:
                frags.append((x0, y0, x1, y1))
                continue
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            c = t.core
            if c[0] <= cx < c[2] and c[1] <= cy < c[3]:
                kept.append(b)
    whole = [_bbox(b) for b in kept]
    frags = [f for f in frags if not any(_inter(f, k) > 0.5 * _area(f) for k in whole)]
    # union fragments that overlap (pieces of one line in neighbouring tiles)
    merged: List[List[float]] = []
    for f in sorted(frags):
        for m in merged:
            same_row = min(m[3], f[3]) - max(m[1], f[1]) > 0.5 * min(m[3] - m[1], f[3] - f[1])
            touching = f[0] <= m[2] + margin and f[2] >= m[0] - margin
            if same_row and touching:
                m[0], m[1], m[2], m[3] = min(m[0], f[0]), min(m[1], f[1]), max(m[2], f[2]), max(m[3], f[3])
                break
        else:
            merged.append(list(f))
    for x0, y0, x1, y1 in merged:
        kept.append(np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32))
    return np.array(kept, dtype=np.float32).reshape(-1, 4, 2)
