"""A handwritten word of the payee read again from other views of its line's crop, and the
reading all the views agree on best taken.

The recogniser reads one crop of a line; a handwritten letter it misreads there ("Ragvir" for
"Rajvir", "Simgh" for "Singh") is often read right from the same ink cropped a little taller or
shorter, stretched or narrowed, or smoothed. Each view gives its CTC matrix, the probability of
any text for that view. A word that no lexicon knows (``payee_lexicon``) is compared with the
words the views read in its place (where a view's reading splits into as many words as OCR's):
each candidate line is scored by the sum over every view (the crop as OCR read it among them)
of its log-probability, and a candidate is taken where that sum lies ``VOTE_MARGIN`` above the
word as read and no other candidate lies within ``MIN_GAP`` of it (a change of case or of
a mark alone is no change). The views vote with the
probability they give, not with their best readings alone: a letter one view misreads and the
others read right costs that view little.
"""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from .constrained import ctc_logp
from .payee_lexicon import MIN_GAP, known

VOTE_MARGIN = 3.0   # how far (natural log, summed over the views) a candidate must beat the word
MIN_WORD = 3        # words shorter than this are not voted on
# a word voted on: letters, an inner apostrophe, dot or hyphen
_TOKEN = re.compile(r"^[^\W\d_]+(?:['’.\-][^\W\d_]+)*[.,]?$")


def _core(tok: str) -> str:
    return re.sub(r"[^\w]", "", tok)


def _score(mats: Sequence[np.ndarray], index: Dict[str, int], text: str) -> Optional[float]:
    if any(ch not in index for ch in text):
        return None
    labels = [index[ch] for ch in text]
    return float(sum(ctc_logp(m, labels) for m in mats))


def vote_line(mats: Sequence[np.ndarray], readings: Sequence[str], charset: Sequence[str],
              text: str) -> List[Tuple[str, str, float]]:
    """The changes (word as read, word taken, summed log gain) the views' matrices ``mats``
    and their readings make to ``text`` (one OCR line)."""
    index = {c: k for k, c in enumerate(charset)}
    toks = text.split()
    views = [r.split() for r in readings if len(r.split()) == len(toks)]
    out: List[Tuple[str, str, float]] = []
    for k, tok in enumerate(toks):
        core = _core(tok)
        if len(core) < MIN_WORD or not _TOKEN.match(tok) or known(core):
            continue
        cands = {v[k] for v in views if _core(v[k]).lower() != core.lower() and _TOKEN.match(v[k])
                 and abs(len(_core(v[k])) - len(core)) <= 1
                 and v[k][:1].isupper() == tok[:1].isupper()}
        if not cands:
            continue
        line = lambda w: " ".join(toks[:k] + [w] + toks[k + 1:])  # noqa: E731
        base = _score(mats, index, line(tok))
        if base is None:
            continue
        scored = sorted(((s - base, c) for c in cands
                         for s in [_score(mats, index, line(c))] if s is not None), reverse=True)
        if not scored or scored[0][0] < VOTE_MARGIN:
            continue
        if len(scored) > 1 and scored[1][0] > scored[0][0] - MIN_GAP:
            continue
        out.append((tok, scored[0][1], round(scored[0][0], 2)))
    return out


def vote_words(reader, lines: Sequence, text: str) -> Tuple[str, Optional[str]]:
    """``text`` (the field's value, made of the OCR ``lines``) with each word the views of its
    line's crop read otherwise, and agree on, put right (``reader``:
    ``constrained.LineReader``); a note of the changes, None where nothing changed."""
    changes: List[Tuple[str, str, float]] = []
    for l in lines:
        toks = l.text.split()
        if not any(len(_core(t)) >= MIN_WORD and _TOKEN.match(t) and not known(_core(t))
                   for t in toks):
            continue
        got = reader.views([tuple(pt) for pt in l.line.box], l.text)
        if got is None:
            continue
        mats, readings = got
        if len(re.sub(r"\s", "", readings[0])) != len(re.sub(r"\s", "", l.text)):
            continue  # the crop read again is not what OCR read (a letter at its end cut off)
        changes += vote_line(mats, readings, reader.rec.charset, l.text.strip())
    done = []
    for old, new, gain in changes:
        pat = r"(?<!\S)%s(?!\S)" % re.escape(old)
        if len(re.findall(pat, text)) == 1:
            text = re.sub(pat, new, text)
            done.append((old, new, gain))
    if not done:
        return text, None
    return text, "; ".join(f"{old!r} read as {new!r} by the crop's views (log-probability "
                           f"{gain:+.1f} summed over them)" for old, new, gain in done)
