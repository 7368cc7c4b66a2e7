"""What kind of document a page is, from its text: one of the registered doc types
(:mod:`pipeline.extract.doctypes`), "other" when none claims it.

Each doc type that has a scorer scores the page; the highest score wins (a tie goes to the doc
type listed first) if it reaches that doc type's ``min_score``; otherwise the page is "other".
"""
from __future__ import annotations

from typing import Dict, Iterable, List, Union

from ..document import Line
from . import doctypes

__all__ = ["classify_page", "page_scores"]


def _texts(lines: Iterable[Union[Line, str]]) -> List[str]:
    return [l if isinstance(l, str) else (l.text or "") for l in lines]


def page_scores(lines: Iterable[Union[Line, str]]) -> Dict[str, float]:
    """Cue scores of a page's lines, one per doc type that scores pages:
    ``{"cheque": x, "receipt": y}``."""
    texts = _texts(lines)
    return {dt.name: dt.score(texts) for dt in doctypes.all_types() if dt.score is not None}


def classify_page(lines: Iterable[Union[Line, str]]) -> str:
    """Classify a page from its OCR lines (``Line`` objects or plain strings)."""
    scores = page_scores(lines)
    best = None
    for name, s in scores.items():
        if best is None or s > scores[best]:
            best = name
    if best is not None and scores[best] >= doctypes.get(best).min_score:
        return best
    return doctypes.FALLBACK
