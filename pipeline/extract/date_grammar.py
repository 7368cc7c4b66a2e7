"""A date line of digits read again as the most likely real date.

A handwritten digit that OCR misreads the same way in every date ("0" read "9": "21-06-2923",
"24.91.2020") leaves a line that is no date, and the date's words (``cheque_dates``) find none
near the best reading: each of the line's readings under them is another mistake of the same
kind. Here the line's CTC matrix scores every real date written in the line's own shape at once
(its digit groups and separators, day and month in the convention's order, years from
``FIRST_YEAR`` to next year: about 28,000 strings, one CTC forward for all), and the best one is
the date's reading: given where it lies within ``MAX_DROP`` of the line's best free reading,
and a guess (``near``) where another date reads within ``NEAR`` of it.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import List, Optional, Tuple

import numpy as np

from .constrained import _columns, ctc_logp_many

FIRST_YEAR = 1950
# how far (natural log) below the line's best reading under digits and separators only the
# best date may lie (a line that is no date at all reads far below)
MAX_DROP = 12.0
# another date this close (natural log) to the best: the best is a guess between the two
NEAR = 1.0
CHARS = "0123456789/-. "
# letters the recogniser reads for a digit, for the line's shape only ("23.07.1C15")
_AS_DIGIT = str.maketrans({"O": "0", "o": "0", "C": "0", "c": "0", "D": "0", "Q": "0",
                           "l": "1", "I": "1", "|": "1", "i": "1", "B": "8", "S": "5",
                           "Z": "2", "z": "2", "G": "6", "g": "9", "q": "9"})
_SEPS = "/-."


def _shapes(plain: str, prefer: str) -> List[Tuple[str, Tuple[int, int, int], str, str]]:
    """The ways the line may write a date: (order "dmy"/"mdy"/"ymd", the day's, month's and
    year's digit counts, the first and the second separator), from its free reading's digit
    groups and what lies between them ("21-06-2923": dmy, 2 2 4, "-", "-"; "2711.2923": dmy,
    2 2 4, "", "."); none where it does not look like a date of digits."""
    t = re.sub(r"\s*([/\-.,])\s*", r"\1", plain.translate(_AS_DIGIT).strip())
    t = re.sub(r"\s+", " ", t).replace(",", ".")
    if not re.fullmatch(r"[\d/\-. ]{6,14}", t) or sum(c.isdigit() for c in t) < 6:
        return []
    runs = [len(r) for r in re.findall(r"\d+", t)]
    seps = re.findall(r"(?<=\d)\D+(?=\d)", t)
    if any(len(x) != 1 for x in seps) or not t[0].isdigit() or not t[-1].isdigit():
        return []
    out = []
    if len(runs) == 3:
        if runs[0] == 4:
            out.append(("ymd", (runs[2], runs[1], runs[0]), seps[0], seps[1]))
        else:
            d, m = (runs[0], runs[1]) if prefer != "mdy" else (runs[1], runs[0])
            out.append((prefer, (d, m, runs[2]), seps[0], seps[1]))
    elif len(runs) == 2:  # a separator lost: the first group is day and month, or the second
        a, b = runs      # month and year
        for x in (1, 2):
            if 1 <= a - x <= 2:
                out.append((prefer, (x, a - x, b), "", seps[0]))
            if b - x in (2, 4):
                out.append((prefer, (a, x, b - x), seps[0], ""))
    elif len(runs) == 1:
        for x in (1, 2):
            for y in (1, 2):
                if runs[0] - x - y in (2, 4):
                    out.append((prefer, (x, y, runs[0] - x - y), "", ""))
    if prefer == "mdy":  # the counts above are (first group, second group, year)
        out = [(o, (lens[1], lens[0], lens[2]) if o == "mdy" and len(runs) < 3 else lens, s1, s2)
               for o, lens, s1, s2 in out]
    return [(o, lens, s1, s2) for o, lens, s1, s2 in out
            if lens[0] <= 2 and lens[1] <= 2 and lens[2] in (2, 4)]


@lru_cache(maxsize=64)
def _strings(order: str, lens: Tuple[int, int, int], sep1: str, sep2: str, last_year: int
             ) -> Tuple[np.ndarray, Tuple[str, ...]]:
    """(N x L label indices into ``CHARS`` + 1, the ISO dates): every real date from
    ``FIRST_YEAR`` to the end of ``last_year`` written with ``lens`` digits for day, month,
    year (a one-digit day or month only where it is under ten; a two-digit year where the
    window holds one such year)."""
    ld, lm, ly = lens
    day, end = dt.date(FIRST_YEAR, 1, 1), dt.date(last_year, 12, 31)
    texts, isos = [], []
    seen = set()
    while day <= end:
        d, m, y = day.day, day.month, day.year
        if (ld == 1 and d > 9) or (lm == 1 and m > 9):
            day += dt.timedelta(days=1)
            continue
        ds, ms = f"{d:0{ld}d}", f"{m:0{lm}d}"
        ys = f"{y:04d}" if ly == 4 else f"{y % 100:02d}"
        parts = {"dmy": (ds, ms, ys), "mdy": (ms, ds, ys), "ymd": (ys, ms, ds)}[order]
        text = parts[0] + sep1 + parts[1] + sep2 + parts[2]
        if text not in seen:  # a two-digit year: the window's first such year
            seen.add(text)
            texts.append(text)
            isos.append(day.isoformat())
        day += dt.timedelta(days=1)
    labels = np.array([[1 + CHARS.index(c) for c in t] for t in texts], dtype=np.int64)
    return labels, tuple(isos)


def best_date(prob: np.ndarray, charset, plain: str, prefer: str = "dmy", prefix: str = "",
              today: Optional[dt.date] = None
              ) -> Optional[Tuple[str, float, Optional[str], float]]:
    """(ISO date, how far below the line's best reading it lies, the next date when it reads
    within ``NEAR`` else None, how far below the best date that one lies) of the CTC matrix
    ``prob`` of a line read ``plain`` (``prefix``: a label read at the line's start, "Date ",
    scored as read and not part of ``plain``); None where the line has no date's shape or no
    date reads within ``MAX_DROP`` of its best reading."""
    shapes = _shapes(plain, prefer)
    if not shapes:
        return None
    chars = CHARS + "".join(sorted(set(prefix) - set(CHARS)))
    cols = _columns(charset, prob, chars, fold=False)
    logc = np.log(np.maximum(cols, 1e-30))
    # the best path, a character or the blank at each step: a bound on the best reading
    free = float(np.sum(np.log(np.maximum(cols.max(axis=1), 1e-30))))
    head = np.array([1 + chars.index(c) for c in prefix], dtype=np.int64)
    last = (today or dt.date.today()).year + 1
    scores = {}
    for order, lens, sep1, sep2 in shapes:
        labels, isos = _strings(order, lens, sep1, sep2, last)
        if len(head):
            labels = np.concatenate([np.broadcast_to(head, (len(labels), len(head))), labels],
                                    axis=1)
        lp = ctc_logp_many(logc, labels)
        for k in np.argsort(lp)[::-1][:4]:
            iso = isos[k]
            scores[iso] = max(scores.get(iso, -np.inf), float(lp[k]))
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    iso, lp = ranked[0]
    if free - lp > MAX_DROP:
        return None
    near, gap = None, float("inf")
    if len(ranked) > 1:
        gap = lp - ranked[1][1]
        near = ranked[1][0] if gap < NEAR else None
    return iso, free - lp, near, gap
