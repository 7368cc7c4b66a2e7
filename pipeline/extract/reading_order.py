"""Reading order for text boxes (OCR line boxes, text layer lines).

``reading_order`` follows the page's layout (``pipeline.extract.layout``): columns one after
another, full-width titles, footers and tables where they stand, tables and forms row by row.
``row_order`` is the plain order, rows top to bottom and left to right within a row.
"""
from __future__ import annotations

from typing import List, Sequence

import numpy as np

from .layout import _Boxes, layout_blocks, layout_order, rows

__all__ = ["reading_order", "row_order", "layout_blocks", "layout_order"]


def reading_order(boxes: Sequence[np.ndarray]) -> List[int]:
    """Indices of ``boxes`` (each (4, 2) points) in reading order."""
    return layout_order(boxes)[0]


def row_order(boxes: Sequence[np.ndarray]) -> List[int]:
    """Indices of ``boxes`` in rows top to bottom, left to right within a row."""
    if len(boxes) == 0:
        return []
    b = _Boxes(boxes)
    return [i for r in rows(b, range(len(boxes))) for i in r]
