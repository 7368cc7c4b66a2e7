"""Reading order for text boxes: rows top to bottom, left to right within a row.

A box joins the current row when its vertical centre lies within the row's vertical extent
(shrunk a little, so touching rows stay apart); this holds for slightly skewed scans where a fixed
pixel threshold does not.
"""
from __future__ import annotations

from typing import List, Sequence

import numpy as np


def reading_order(boxes: Sequence[np.ndarray]) -> List[int]:
    """Indices of ``boxes`` (each (4, 2) points) in reading order."""
    if len(boxes) == 0:
        return []
    arr = np.asarray(boxes, dtype=np.float64).reshape(len(boxes), -1, 2)
    y0 = arr[:, :, 1].min(axis=1)
    y1 = arr[:, :, 1].max(axis=1)
    x0 = arr[:, :, 0].min(axis=1)
    cy = (y0 + y1) / 2
    rows: List[List[int]] = []
    row_top = row_bot = 0.0
    for i in np.argsort(cy, kind="stable"):
        h = y1[i] - y0[i]
        if rows and cy[i] <= row_bot - 0.2 * min(h, row_bot - row_top):
            rows[-1].append(int(i))
            row_top = min(row_top, y0[i])
            row_bot = max(row_bot, y1[i])
        else:
            rows.append([int(i)])
            row_top, row_bot = y0[i], y1[i]
    return [i for row in rows for i in sorted(row, key=lambda k: x0[k])]
