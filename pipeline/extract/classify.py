"""What kind of document a page is, from its text: one of the registered doc types
(:mod:`pipeline.extract.doctypes`), "other" when none claims it.

Each doc type that has a scorer scores the page from the evidence of its own layout; the highest
score wins (a tie goes to the doc type listed first) if it reaches that doc type's ``min_score``;
otherwise the page is "other". Weak cues (a word in a sentence, a page number) claim nothing.
"""
from __future__ import annotations

from typing import Dict, Iterable, List, Tuple, Union

from ..document import Line
from . import doctypes

__all__ = ["classify_page", "classify_scored", "page_scores"]


def _texts(lines: Iterable[Union[Line, str]]) -> List[str]:
    return [l if isinstance(l, str) else (l.text or "") for l in lines]


def page_scores(lines: Iterable[Union[Line, str]]) -> Dict[str, float]:
    """Cue scores of a page's lines, one per doc type that scores pages:
    ``{"cheque": x, "receipt": y}``."""
    texts = _texts(lines)
    return {dt.name: dt.score(texts) for dt in doctypes.all_types() if dt.score is not None}


def classify_scored(lines: Iterable[Union[Line, str]]) -> Tuple[str, float, Dict[str, float]]:
    """(doc type, confidence, scores) of a page. The confidence of a claimed page grows with
    its score over the doc type's minimum (0.5 at the minimum, 0.75 at twice it); of an
    "other" page, with how far the best score stays below the minimum (1.0 with no evidence)."""
    scores = page_scores(lines)
    best = None
    for name, s in scores.items():
        if best is None or s > scores[best]:
            best = name
    if best is None:
        return doctypes.FALLBACK, 1.0, scores
    least = doctypes.get(best).min_score
    if scores[best] >= least:
        return best, round(1.0 - 0.5 ** (scores[best] / least), 3), scores
    return doctypes.FALLBACK, round(1.0 - 0.5 * scores[best] / least, 3), scores


def classify_page(lines: Iterable[Union[Line, str]]) -> str:
    """Classify a page from its OCR lines (``Line`` objects or plain strings)."""
    return classify_scored(lines)[0]
