"""Ways a doc type scores a page's text from its cues."""
from __future__ import annotations

from typing import Sequence

from ._registry import Cue


def present(cues: Sequence[Cue], text: str) -> float:
    """The weights of the cues found in ``text``, each counted once."""
    score = 0.0
    for rx, w in cues:
        if rx.search(text):
            score += w
    return score


def counted(cues: Sequence[Cue], text: str, per_repeat: float = 0.25, most: int = 4) -> float:
    """The weights of the cues found in ``text``, plus ``per_repeat`` for each repeat of a cue
    (up to ``most`` repeats)."""
    score = 0.0
    for rx, w in cues:
        n = len(rx.findall(text))
        if n:
            score += w + per_repeat * min(n - 1, most)
    return score
