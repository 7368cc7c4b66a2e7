"""A run of letters split into the fewest words of a lexicon ("twentysix" -> "twenty six",
"ikibinbeşyüz" -> "iki bin beş yüz"): the one dynamic programme the amount-word readers and the
constrained decoder's re-spacing share."""
from __future__ import annotations

from typing import Callable, List, Optional


def fewest_words(text: str, is_word: Callable[[str], bool]) -> Optional[List[str]]:
    """``text`` as the fewest pieces that each pass ``is_word`` (its own length rules too), or
    None when no such split exists."""
    best: List[Optional[List[str]]] = [None] * (len(text) + 1)
    best[0] = []
    for i in range(len(text)):
        if best[i] is None:
            continue
        for j in range(i + 1, len(text) + 1):
            w = text[i:j]
            if (best[j] is None or len(best[j]) > len(best[i]) + 1) and is_word(w):
                best[j] = best[i] + [w]
    return best[-1]


def split_run(text: str, is_word: Callable[[str], bool], min_piece: int = 4) -> Optional[List[str]]:
    """``text``, a run of letters read without the spaces between its words ("SANYUSTATIONERYSHOP"),
    as the fewest pieces of ``min_piece`` letters and more that each pass ``is_word``, in
    ``text``'s own letters; None where no split into two pieces or more exists."""
    pieces = fewest_words(text, lambda w: len(w) >= min_piece and is_word(w))
    return pieces if pieces is not None and len(pieces) >= 2 else None
