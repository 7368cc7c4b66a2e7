"""A word of the payee or the memo read one letter off ("Carcia", "Creen", "Pepairs"), put right
from the page image.

The recogniser's CTC matrix of the payee's line gives the probability of any text for that crop,
not only of the one it read. A word of the reading that is not an English word or a common name
(the whole words of the MiniLM WordPiece vocabulary that ships with mmbatch,
``models/data/minilm_tokenizer.json``: 22,501 words, lower case, names like "garcia", "sofia",
"nguyen" among them) is compared with the words of that vocabulary one letter away (the same
length, one letter changed): where the line with that word is nearly as likely as the line as read
(``MAX_DROP``) and no other such word is, the word is taken. A word already in the vocabulary, or
shorter than four letters, is never changed.

On the synthetic development cheques (``bench/cheque_synth_bench.py --image``) the right words came
2.1 to 2.2 (natural log) below the reading and every other candidate 7.2 and more below it.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set, Tuple

import numpy as np

VOCAB_FILE = Path(__file__).resolve().parents[1] / "models" / "data" / "minilm_tokenizer.json"
MAX_DROP = 4.0   # how far (natural log) below the reading the line with the word changed may be
MIN_GAP = 2.0    # how far the second-best word must lie below the best one
MIN_LEN = 4
_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{%d,}(?![A-Za-z])" % MIN_LEN)


@lru_cache(maxsize=1)
def _vocab() -> Tuple[Set[str], Dict[str, Set[str]]]:
    """The vocabulary's whole words (ASCII letters, four and more) and an index of them by
    pattern with one letter left open ("g*rcia" -> {"garcia"})."""
    vocab = json.loads(VOCAB_FILE.read_text(encoding="utf-8"))["model"]["vocab"]
    words = {w for w in vocab if len(w) >= MIN_LEN and w.isascii() and w.isalpha()}
    index: Dict[str, Set[str]] = {}
    for w in words:
        for i in range(len(w)):
            index.setdefault(w[:i] + "*" + w[i + 1:], set()).add(w)
    return words, index


def neighbours(word: str) -> Set[str]:
    """Vocabulary words one letter changed from ``word`` (lower case). A letter left out or put
    in is not tried: "Marys" would lose its "s" ("Mary", 2.4 below the reading on a
    development cheque), and a possessive or plural name is no misreading."""
    w = word.lower()
    _, index = _vocab()
    out: Set[str] = set()
    for i in range(len(w)):
        out |= index.get(w[:i] + "*" + w[i + 1:], set())
    out.discard(w)
    return out


def known(word: str) -> bool:
    return word.lower() in _vocab()[0]


@lru_cache(maxsize=1)
def _by_tail() -> Dict[str, Set[str]]:
    """The vocabulary's words by all but their first letter ("hmed" -> {"ahmed"})."""
    out: Dict[str, Set[str]] = {}
    for w in _vocab()[0]:
        out.setdefault(w[1:], set()).add(w)
    return out


def _first_letter_lost(word: str) -> List[str]:
    """Known words ``word`` is with its first letter lost ("hmed" -> "Ahmed": a crop that cut
    the name's capital), the letter put back a capital unless the word is in lower case with
    more words so written before it."""
    out = []
    for w in _by_tail().get(word.lower(), set()):
        out.append(w.upper() if word.isupper() else w[0].upper() + word)
    return out


def _splits(word: str) -> List[str]:
    """``word`` as two known words the OCR read without the space between them
    ("OLIVIACHEN" -> "OLIVIA CHEN"), each of four letters and more."""
    return [word[:i] + " " + word[i:] for i in range(MIN_LEN, len(word) - MIN_LEN + 1)
            if known(word[:i]) and known(word[i:])]


def _recase(orig: str, new: str) -> str:
    """``new`` (as long as ``orig``) written in ``orig``'s case: all capitals, or letter by
    letter."""
    if orig.isupper():
        return new.upper()
    return "".join(ch.upper() if orig[i].isupper() else ch for i, ch in enumerate(new))


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


def correct_line(prob: np.ndarray, charset: Sequence[str], text: str
                 ) -> Tuple[str, List[Tuple[str, str, float]]]:
    """``text`` (the recogniser's reading of the crop whose CTC matrix is ``prob``) with each word
    read one letter off put right; the changes made (word as read, word taken, log drop)."""
    index = {c: k for k, c in enumerate(charset)}
    if any(ch not in index for ch in text):
        return text, []
    base = ctc_logp(prob, [index[ch] for ch in text])
    out, changes, last = [], [], 0
    for m in _WORD.finditer(text):
        word = m.group(0)
        if known(word):
            continue
        scored = []
        cands = [_recase(word, c) for c in neighbours(word)] + _splits(word)
        if m.start() == 0 or not text[m.start() - 1].isalnum() and text[m.start() - 1] not in "'’":
            cands += _first_letter_lost(word)
        for new in cands:
            alt = text[:m.start()] + new + text[m.end():]
            if all(ch in index for ch in alt):
                scored.append((ctc_logp(prob, [index[ch] for ch in alt]) - base, new))
        scored.sort(reverse=True)
        if not scored or scored[0][0] < -MAX_DROP:
            continue
        if len(scored) > 1 and scored[1][0] > scored[0][0] - MIN_GAP:
            continue  # two words about as likely: neither
        out.append(text[last:m.start()] + scored[0][1])
        last = m.end()
        changes.append((word, scored[0][1], round(-scored[0][0], 2)))
    out.append(text[last:])
    return _apostrophe_names(prob, index, "".join(out), changes)


# a name's "O'" or "D'" whose letter the OCR lost ("Ahmed 'Brien")
_BARE_APOSTROPHE = re.compile(r"(?<![A-Za-z])['’](?=[A-Z][a-z]{2,})")


def _apostrophe_names(prob: np.ndarray, index: Dict[str, int], text: str,
                      changes: List[Tuple[str, str, float]]
                      ) -> Tuple[str, List[Tuple[str, str, float]]]:
    """An apostrophe that starts a name with no letter before it, given the "O" or "D" the CTC
    matrix reads before it (by the rule of ``correct_line``)."""
    m = _BARE_APOSTROPHE.search(text)
    if m is None or any(ch not in index for ch in text):
        return text, changes
    base = ctc_logp(prob, [index[ch] for ch in text])
    word = re.match(r"\S+", text[m.start():]).group(0)
    scored = sorted(((ctc_logp(prob, [index[ch] for ch in text[:m.start()] + c + text[m.start():]])
                      - base, c + word) for c in "OD"), reverse=True)
    if scored[0][0] < -MAX_DROP or scored[1][0] > scored[0][0] - MIN_GAP:
        return text, changes
    new = text[:m.start()] + scored[0][1] + text[m.start() + len(word):]
    return new, changes + [(word, scored[0][1], round(-scored[0][0], 2))]


def correct_words(reader, lines: Sequence, text: str) -> Tuple[str, Optional[str]]:
    """A field's ``text`` (made of the OCR ``lines``, ``cheque_page._L``) with its words read one
    letter off put right from the page image (``reader``: ``constrained.LineReader``); a note
    of the changes, None where nothing changed. A line whose crop reads again otherwise than
    OCR read it (but for spaces) is left as it is."""
    changes: List[Tuple[str, str, float]] = []
    for l in lines:
        if all(known(w) for w in _WORD.findall(l.text)) and not _BARE_APOSTROPHE.search(l.text):
            continue  # every word known: the crop is not read again
        got = reader.matrix([tuple(pt) for pt in l.line.box], l.text)
        if got is None:
            continue
        prob, again = got
        if re.sub(r"\s", "", again) != re.sub(r"\s", "", l.text):
            continue  # another reading of the crop: its words' places are not OCR's
        _, ch = correct_line(prob, reader.rec.charset, l.text.strip())
        changes += ch
    for old, new, _ in changes:
        if len(re.findall(r"(?<![A-Za-z])%s(?![A-Za-z])" % re.escape(old), text)) == 1:
            text = re.sub(r"(?<![A-Za-z])%s(?![A-Za-z])" % re.escape(old), new, text)
    if not changes:
        return text, None
    return text, "; ".join(f"{old!r} read again as {new!r} (known words, log-probability "
                           f"{-drop:+.1f} against the reading)" for old, new, drop in changes)
