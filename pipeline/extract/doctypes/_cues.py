"""Ways a doc type scores a page's text from its cues."""
from __future__ import annotations

import re
from typing import Dict, Sequence, Tuple

from ._registry import Cue

# evidence of one kind, found on a line: (kind, pattern, weight); each kind counts once
Evidence = Tuple[str, "re.Pattern[str]", float]


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


# a line of running text: many words (a cheque or a receipt prints few such lines)
PROSE_WORDS = 9


def is_prose(text: str) -> bool:
    return len(re.findall(r"[A-Za-z]{2,}", text)) >= PROSE_WORDS


def kinds_found(evidence: Sequence[Evidence], texts: Sequence[str],
                short_only: bool = True) -> Dict[str, float]:
    """{kind: weight} of the evidence found on lines that are not running text (a phrase inside
    a sentence of a letter or a novel is no evidence of a form's printed label)."""
    found: Dict[str, float] = {}
    for t in texts:
        if short_only and is_prose(t):
            continue
        for kind, rx, w in evidence:
            if rx.search(t) and w > found.get(kind, 0.0):
                found[kind] = w
    return found


def prose_factor(texts: Sequence[str]) -> float:
    """1.0 for a page of short printed lines; less for a page of running text (a paper, a
    letter, a novel): what it calls a cheque or a receipt is a word in a sentence."""
    texts = [t for t in texts if t.strip()]
    if not texts:
        return 1.0
    prose = sum(1 for t in texts if is_prose(t))
    if prose >= 4 and prose > 0.2 * len(texts):
        return 0.3
    if len(texts) > 80:
        return 0.5
    return 1.0
