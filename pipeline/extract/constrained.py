"""Decoding a field's line again under the field's constraints.

The recogniser's CTC matrix gives a probability for every character at every time step; the plain
reading takes the most likely class at each step (``TextRecognizer.decode``). A line that a cheque
field takes can be read again from the same matrix with only what the field may hold:

* ``nbest(prob, allowed=...)``: the n most likely readings that use only these characters (digits
  and separators for an amount in figures or a date), by CTC prefix beam search;
* ``nbest(prob, lexicon=...)``: the n most likely readings that are sequences of words of a
  lexicon (the words of an amount in words, English with the Indian Lakh/Lac/Crore/Rupees/Only,
  cents as "56/100"), letters read without case; a word may follow the one before with or
  without a space, and the output is re-spaced word by word.

``LineReader`` holds a page image and the recogniser and gives these readings for the crops of the
page's lines (or of a box made of several), each matrix computed once. The page image is needed:
fields extracted again from cached lines without one (a text-layer page, a bench reading recorded
lines) keep the plain readings. The matrix is not kept with the lines: it would be a large cache
entry for every line of every page, for the few lines a field takes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

import numpy as np

from .word_split import fewest_words

AMOUNT_CHARS = "0123456789,./-="
DATE_CHARS = "0123456789/-."
# a MICR line: digits, and what the E-13B symbols are read as by ``micr.py`` (transit ":",
# on-us '"', a bar, dash "-"); no space: a gap inside a piece would split a group ("10 25")
MICR_CHARS = '0123456789:"|-'

# the words of an amount in words (lower case; letters are read without case)
AMOUNT_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fourty fifty sixty seventy "
    "eighty ninety ninty hundred thousand million billion lakh lakhs lac lacs lack lacks laks "
    "crore crores cores rupees rupee only and dollars dollar cents cent paise no xx the sum of rs "
    # the other English-writing conventions' units (Kenya, the UK)
    "shillings shilling pounds pound pence"
).split()
# cents: "56/100", "no/100", "xx/100", "00/100"
AMOUNT_WORDS += [f"{n}/100" for n in ("no", "xx", "x", "--")] + [
    f"{i:02d}/100" for i in range(100)] + [f"{i}/100" for i in range(10)]

_NEG = -1e30


def ctc_logp(prob: np.ndarray, labels: Sequence[int]) -> float:
    """log P(labels | CTC matrix ``prob``) (time steps x classes, class 0 the blank): the CTC
    forward sum over every alignment."""
    if prob.shape[0] == 0:
        return float("-inf")
    ext = [0]
    for k in labels:
        ext += [k, 0]
    ext_a = np.asarray(ext)
    lp = np.log(np.maximum(prob[:, ext_a], 1e-30))
    S = len(ext)
    # a step may skip the blank between two different labels
    skip = np.zeros(S, dtype=bool)
    skip[2:] = (ext_a[2:] != 0) & (ext_a[2:] != ext_a[:-2])
    a = np.full(S, -np.inf)
    a[0] = lp[0, 0]
    if S > 1:
        a[1] = lp[0, 1]
    for t in range(1, prob.shape[0]):
        b = a.copy()
        b[1:] = np.logaddexp(b[1:], a[:-1])
        b[2:] = np.where(skip[2:], np.logaddexp(b[2:], a[:-2]), b[2:])
        a = b + lp[t]
    return float(np.logaddexp(a[-1], a[-2]) if S > 1 else a[-1])


def ctc_logp_many(logc: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """log P(labels[i] | CTC matrix) for each row of ``labels`` (N x L, every sequence of one
    length; class indices into ``logc``, the matrix's log probabilities, column 0 the blank):
    ``ctc_logp`` of many sequences at once."""
    n, L = labels.shape
    if logc.shape[0] == 0 or n == 0:
        return np.full(n, -np.inf)
    S = 2 * L + 1
    ext = np.zeros((n, S), dtype=np.int64)
    ext[:, 1::2] = labels
    skip = np.zeros((n, S), dtype=bool)
    skip[:, 3::2] = labels[:, 1:] != labels[:, :-1]
    a = np.full((n, S), -np.inf)
    a[:, 0] = logc[0, 0]
    a[:, 1] = logc[0][ext[:, 1]]
    for t in range(1, logc.shape[0]):
        b = a.copy()
        b[:, 1:] = np.logaddexp(b[:, 1:], a[:, :-1])
        b[:, 2:] = np.where(skip[:, 2:], np.logaddexp(b[:, 2:], a[:, :-2]), b[:, 2:])
        a = b + logc[t][ext]
    return np.logaddexp(a[:, -1], a[:, -2])


def _lse(a: float, b: float) -> float:
    if a < b:
        a, b = b, a
    if b <= _NEG:
        return a
    return a + math.log1p(math.exp(b - a))


class Lexicon:
    """A trie of words; a state is a set of trie nodes (a word may start right after another
    ends without a space between them)."""

    def __init__(self, words: Iterable[str]):
        self.nodes: List[Dict[str, int]] = [{}]
        self.final: List[bool] = [False]
        self.words = sorted(set(words))
        for w in self.words:
            n = 0
            for c in w:
                nxt = self.nodes[n].get(c)
                if nxt is None:
                    nxt = len(self.nodes)
                    self.nodes.append({})
                    self.final.append(False)
                    self.nodes[n][c] = nxt
                n = nxt
            self.final[n] = True
        self.chars = sorted({c for w in self.words for c in w})
        self.root: FrozenSet[int] = frozenset([0])

    def step(self, state: FrozenSet[int], c: str) -> Optional[FrozenSet[int]]:
        if c == " ":
            return self.root if any(self.final[n] for n in state) else None
        out = set()
        for n in state:
            nxt = self.nodes[n].get(c)
            if nxt is not None:
                out.add(nxt)
            if self.final[n] and n != 0:
                nxt = self.nodes[0].get(c)
                if nxt is not None:
                    out.add(nxt)
        return frozenset(out) if out else None

    def done(self, state: FrozenSet[int]) -> bool:
        return state == self.root or any(self.final[n] for n in state)

    def segment(self, text: str) -> str:
        """``text`` re-spaced into lexicon words ("twentysix" -> "twenty six")."""
        out = []
        for chunk in text.split():
            out.extend(fewest_words(chunk, self._is_word) or [chunk])
        return " ".join(out)

    def _is_word(self, w: str) -> bool:
        n = 0
        for c in w:
            n = self.nodes[n].get(c, -1)
            if n < 0:
                return False
        return self.final[n]


_LEXICONS: Dict[Tuple[str, ...], Lexicon] = {}


def lexicon(words: Sequence[str]) -> Lexicon:
    key = tuple(words)
    if key not in _LEXICONS:
        _LEXICONS[key] = Lexicon(words)
    return _LEXICONS[key]


def _columns(charset: Sequence[str], prob: np.ndarray, chars: Sequence[str], fold: bool
             ) -> np.ndarray:
    """(steps, 1 + len(chars)): the blank, then each character's probability (with ``fold``,
    a letter's upper and lower case added)."""
    index: Dict[str, List[int]] = {}
    for k, ch in enumerate(charset[: prob.shape[1]]):
        key = ch.lower() if fold else ch
        if key in chars:
            index.setdefault(key, []).append(k)
    out = np.zeros((prob.shape[0], 1 + len(chars)), dtype=np.float64)
    out[:, 0] = prob[:, 0]
    for j, c in enumerate(chars):
        ks = index.get(c)
        if ks:
            out[:, j + 1] = prob[:, ks].sum(axis=1)
    return out


def nbest(prob: np.ndarray, charset: Sequence[str], allowed: Optional[str] = None,
          lex: Optional[Lexicon] = None, n: int = 5, beam: int = 12, floor: float = 1e-4
          ) -> List[Tuple[str, float]]:
    """The ``n`` most likely readings of a CTC matrix (``charset``: the recogniser's classes,
    0 the blank), each with its log probability, best first. ``allowed``: only these characters;
    ``lex``: only sequences of the lexicon's words (letters without case, space between words
    optional). Classes under ``floor`` at a step are not tried there (they cannot make a
    reading in the beam)."""
    if lex is not None:
        chars = lex.chars + [" "]
        cols = _columns(charset, prob, chars, fold=True)
    else:
        chars = sorted(set(allowed or ""))
        cols = _columns(charset, prob, chars, fold=False)
    logc = np.log(np.maximum(cols, 1e-30))
    # prefix -> [log p ending in blank, log p ending in a character, lexicon state]
    beams: Dict[str, list] = {"": [0.0, _NEG, lex.root if lex else None]}
    for t in range(cols.shape[0]):
        row = logc[t]
        cand = [j for j in np.flatnonzero(cols[t, 1:] >= floor)]
        nxt: Dict[str, list] = {}

        def add(key, pb, pnb, state):
            e = nxt.get(key)
            if e is None:
                nxt[key] = [pb, pnb, state]
            else:
                e[0], e[1] = _lse(e[0], pb), _lse(e[1], pnb)

        for pre, (pb, pnb, state) in beams.items():
            tot = _lse(pb, pnb)
            add(pre, tot + row[0], _NEG, state)           # a blank
            if pre:                                        # the last character again
                add(pre, _NEG, pnb + row[1 + chars.index(pre[-1])], state)
            for j in cand:
                c = chars[j]
                if c == " " and (not pre or pre[-1] == " "):
                    continue
                st2 = lex.step(state, c) if lex is not None else None
                if lex is not None and st2 is None:
                    continue
                lp = row[1 + j]
                if pre and pre[-1] == c:
                    add(pre + c, _NEG, pb + lp, st2)      # a repeat needs a blank between
                else:
                    add(pre + c, _NEG, tot + lp, st2)
        beams = dict(sorted(nxt.items(), key=lambda kv: -_lse(kv[1][0], kv[1][1]))[:beam])
    out = []
    for pre, (pb, pnb, state) in beams.items():
        if lex is not None and not lex.done(state):
            continue
        text = pre.strip()
        if lex is not None:
            text = lex.segment(text)
        out.append((text, _lse(pb, pnb)))
    merged: Dict[str, float] = {}
    for text, lp in out:
        merged[text] = _lse(merged.get(text, _NEG), lp)
    return sorted(merged.items(), key=lambda kv: -kv[1])[:n]


@dataclass
class Reading:
    text: str
    logp: float       # log probability of this reading under the constraint
    gap: float        # how far below the constraint's best reading (0 for the best)
    how: str          # "digits", "words"
    conf: float = 1.0  # the reading's probability per character (geometric mean)
    plain: str = ""    # the same crop read without constraint


class LineReader:
    """Constrained readings of a page's lines from the page image (``image``: HxWx3 uint8 RGB,
    in the lines' coordinates) and the recogniser (``rec``; the default one when None)."""

    def __init__(self, image: np.ndarray, rec=None, scale: Tuple[float, float] = (1.0, 1.0)):
        """``scale``: image pixels per unit of the lines' coordinates (x, y)."""
        self.scale = scale
        arr = np.asarray(image)
        if arr.ndim == 2:
            arr = np.stack([arr] * 3, axis=2)
        self.image = np.ascontiguousarray(arr[:, :, :3][:, :, ::-1])  # BGR
        self._rec = rec
        self._probs: Dict[tuple, Optional[tuple]] = {}  # box -> (matrix, plain reading)

    @property
    def rec(self):
        if self._rec is None:
            from ..engine.registry import create

            # one thread: a few crops per page, inside a worker that has its own threads (the
            # session is shared with the OCR's when that one runs on one thread too)
            self._rec = create("ocr_rec", threads=1)
        return self._rec

    def _read(self, box: Sequence[Sequence[float]], tall: bool = False) -> Optional[tuple]:
        """(CTC matrix, plain ``RecResult``) of the crop of ``box``, computed once per box;
        None for a tiny crop, and for a vertical one unless ``tall`` (one character's box,
        taller than wide, read as it stands)."""
        key = tuple((round(float(x), 1), round(float(y), 1)) for x, y in box) + (tall,)
        if key not in self._probs:
            from ..ocr import crop_line, is_vertical

            pts = np.asarray(box, dtype=np.float32) * np.asarray(self.scale, dtype=np.float32)
            crop = crop_line(self.image, pts)
            if (is_vertical(crop) and not tall) or min(crop.shape[:2]) < 4:
                self._probs[key] = None
            else:
                prob, content = self.rec.probabilities([crop])[0]
                self._probs[key] = (prob, self.rec.decode(prob, content))
        return self._probs[key]

    def matrix(self, box: Sequence[Sequence[float]], plain: Optional[str], tall: bool = False
               ) -> Optional[Tuple[np.ndarray, str]]:
        """The CTC matrix of the crop of ``box`` and its reading without constraint; None when
        the crop does not read as the line did at OCR time (``plain``: the line's text; a box
        made here has none). ``tall``: a crop taller than wide is read too (``_read``)."""
        got = self._read(box, tall)
        if got is None:
            return None
        prob, again = got[0], got[1].text.strip()
        if plain is not None and SequenceMatcher(None, again, plain.strip()).ratio() < 0.6:
            return None  # another crop than OCR read (a photo straightened, a turned line)
        return prob, again

    def plain(self, box) -> Optional[object]:
        """The recogniser's own reading (``RecResult``: text and confidence) of the crop of
        ``box`` as the line's stored box gives it (the same crop the constrained readings of
        that box decode: read once)."""
        got = self._read(box)
        return None if got is None else got[1]

    def readings(self, box, plain: Optional[str], allowed: Optional[str] = None,
                 words: Optional[Sequence[str]] = None, n: int = 5, within: float = 6.0
                 ) -> List[Reading]:
        """The constrained readings of the crop of ``box``, best first, down to ``within``
        (natural log) below the best."""
        got = self.matrix(box, plain)
        if got is None:
            return []
        prob, again = got
        lex = lexicon(words) if words is not None else None
        found = nbest(prob, self.rec.charset, allowed=allowed, lex=lex, n=n)
        if not found:
            return []
        best = found[0][1]
        how = "words" if lex is not None else "digits"
        return [Reading(t, lp, best - lp, how, round(float(np.exp(lp / max(1, len(t)))), 5),
                        again)
                for t, lp in found if t and best - lp <= within]

    def both_ways(self, box, allowed: str) -> Tuple[Optional[Reading], Optional[Reading]]:
        """The best reading of the crop of ``box`` under ``allowed``, read as boxed and turned
        half round (which way a MICR line reads is the more likely of the two)."""
        turned = [box[2], box[3], box[0], box[1]]
        out = []
        for b in (box, turned):
            got = self.readings(b, None, allowed=allowed, n=1)
            out.append(got[0] if got else None)
        return out[0], out[1]
