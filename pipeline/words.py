"""Word boxes of an OCR line from the recogniser's character positions.

CTC emits each character at one time step; time steps are evenly spread over the input width,
so a character's step places it along the line's box. Words are split at spaces and at wide gaps
between consecutive characters (a MICR symbol read as nothing, two fields printed apart): a gap of
more than ``GAP_STEPS`` empty time steps. Each word box is cut from the line's quadrilateral by
interpolating along its top and bottom edges, so skewed lines get skewed word boxes. A line read
turned (``turn`` degrees counter-clockwise: a vertical line, or an upside-down one) has its box's
corners taken in the order of the turned crop, so its words run the way the text reads and each
word box starts at the word's own top-left corner.
"""
from __future__ import annotations

from typing import List, Sequence

import numpy as np

from .document import Word

GAP_STEPS = 5  # empty time steps (about 8 input px each) that split a word


def word_boxes(text: str, positions: Sequence[int], char_conf: Sequence[float], steps: int,
               content: float, box: np.ndarray, flipped: bool = False,
               turn: int = 0) -> List[Word]:
    if not text or steps <= 0 or len(positions) != len(text):
        return []
    if flipped:
        turn = (turn + 180) % 360
    box = np.roll(np.asarray(box, dtype=np.float64), -(turn // 90), axis=0)
    groups: List[List[int]] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            groups.append([])
            continue
        if groups and groups[-1] and positions[i] - positions[groups[-1][-1]] > GAP_STEPS:
            groups.append([])
        if not groups:
            groups.append([])
        groups[-1].append(i)
    tl, tr, br, bl = [np.asarray(p, dtype=np.float64) for p in box]
    words = []
    for g in groups:
        if not g:
            continue
        u0 = max(0.0, (positions[g[0]] - 0.5) / steps / content)
        u1 = min(1.0, (positions[g[-1]] + 1.5) / steps / content)
        pts = [tl + (tr - tl) * u0, tl + (tr - tl) * u1, bl + (br - bl) * u1, bl + (br - bl) * u0]
        words.append(Word(text="".join(text[i] for i in g),
                          box=[(round(float(x), 1), round(float(y), 1)) for x, y in pts],
                          conf=round(float(np.mean([char_conf[i] for i in g])), 5)))
    return words
