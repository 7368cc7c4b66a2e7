"""The words a payee's or a memo's reading may be put right to (``payee_words``): the lexicon
(MiniLM's whole words and wordfreq's English words down to ``LEXICON_ZIPF``, with their
frequencies), and the words one OCR slip away from a reading: a letter changed, put in, left out
or two changed, a stroke read as a letter (inside a word, or a capital's lead-in before it), a
space or a first letter lost, a name's or a possessive's apostrophe read as nothing, a small word
one letter off. Each function gives the candidates only; which
one the image supports is decided in ``payee_words``.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Set, Tuple

VOCAB_FILE = Path(__file__).resolve().parents[1] / "models" / "data" / "minilm_tokenizer.json"
MAX_DROP = 6.5   # how far (natural log) below the reading the line with a letter changed may be
GROWN_DROP = 11.0  # ... with a letter put in, or two letters for one (8.0 without wordfreq)
SPLIT_DROP = 4.0  # ... with a space put in or a first letter put back (or a possessive's "'")
POSSESSIVE_MARGIN = 0.5  # how much more frequent (Zipf) a possessive than the word as read
MIN_GAP = 2.0    # how far the second-best word must lie below the best one
MIN_LEN = 4
TWICE_DROP = 5.0     # ... with two letters changed (words of TWICE_MIN_LEN letters and more)
TWICE_MIN_LEN = 7
COMPOUND_ZIPF = 3.5  # a compound's first half: at least this frequent
COMPOUND_TAILS = ("view", "wood", "field", "land", "park", "side", "ridge", "brook", "dale",
                  "ville", "crest", "stone", "water", "worth", "ford", "bridge", "port", "vale",
                  "gate", "haven", "shire", "wick", "mont", "grove", "hurst", "ridge", "bury",
                  "town", "well", "mead", "more", "moor", "burn")
COMPOUND_COST = 1.0  # a compound's frequency: the rarer half's, less this
SMALL_WORDS = ("for", "and", "the")   # three-letter words read one letter off ("fon")
SMALL_KNOWN_ZIPF = 3.0   # a three-letter word rarer than this may be a small word misread
SMALL_GROWN_ZIPF = 5.0   # a three-letter reading may be a four-letter word this common ("Hig")
LEXICON_ZIPF = 2.5   # the least Zipf frequency (log10 per billion words) of a wordfreq word known
PRIOR_WEIGHT = 0.5   # weight of a word's log frequency against the image's log-probability
DEFAULT_ZIPF = 3.0   # the frequency given a word of the MiniLM vocabulary wordfreq lacks
PLURAL_ZIPF = 3.5    # a word this common is known with an "s" after it too ...
PLURAL_COST = 1.0    # ... at its frequency less this
# ASCII words standing alone: a word with a letter of another alphabet in it ("Yıldız", "Çelik")
# is not cut into an English-looking piece ("Yild") and changed
_WORD = re.compile(r"(?<!(?:[^\W\d_]))[A-Za-z]{%d,}(?![^\W\d_])" % MIN_LEN)
_SMALL = re.compile(r"(?<!(?:[^\W\d_]|['’&]))[A-Za-z]{3}(?!(?:[^\W\d_]|['’&.]))")


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@lru_cache(maxsize=1)
def _lexicon() -> Tuple[Dict[str, float], FrozenSet[str], bool, Dict[str, float],
                       Dict[str, float]]:
    """(every known word, ASCII letters, four and more -> its Zipf frequency; the names of
    wordfreq's list written with "O'" or "D'"; whether wordfreq is installed; the three-letter
    words of wordfreq's list -> their Zipf frequency, down to ``LEXICON_ZIPF``; the words whose
    possessive ("mary's") is in that list -> the possessive's Zipf frequency). wordfreq's whole
    list (321,000 words) is read once and not kept: only what is known stays (about 10 MB)."""
    vocab = json.loads(VOCAB_FILE.read_text(encoding="utf-8"))["model"]["vocab"]
    try:
        import wordfreq

        freq = wordfreq.get_frequency_dict("en", wordlist="large")
        # wordfreq keeps every list it read; this process needs only what is taken below
        wordfreq.get_frequency_dict.cache_clear()
        wordfreq.get_frequency_list.cache_clear()
        has = True
    except (ImportError, LookupError, OSError):
        freq, has = {}, False
    out: Dict[str, float] = {}
    for w, f in freq.items():
        if len(w) >= MIN_LEN and w.isascii() and w.isalpha():
            z = math.log10(f * 1e9)
            if z >= LEXICON_ZIPF:
                out[w] = z
    for w in vocab:
        if len(w) >= MIN_LEN and w.isascii() and w.isalpha() and w not in out:
            out[w] = math.log10(freq[w] * 1e9) if w in freq else DEFAULT_ZIPF
    apostrophe = frozenset(w for w, f in freq.items() if re.fullmatch(r"[od]'[a-z]{3,}", w)
                           and math.log10(f * 1e9) >= LEXICON_ZIPF)
    short = {w: z for w, z in ((w, math.log10(f * 1e9)) for w, f in freq.items()
                               if len(w) == 3 and w.isascii() and w.isalpha()) if z >= LEXICON_ZIPF}
    possessive = {w[:-2]: z for w, z in ((w, math.log10(f * 1e9)) for w, f in freq.items()
                                         if re.fullmatch(r"[a-z]{3,}'s", w)) if z >= LEXICON_ZIPF}
    # the plural of a common word is a word, rare as the list may find it ("medicals",
    # "hardwares": shop names on Indian leaves); not of a word the list has with a possessive's
    # "'s" (a name's "Marys" is more often "Mary's")
    for w, z in list(out.items()):
        if z >= PLURAL_ZIPF and not w.endswith(("s", "x", "z", "ch", "sh")) \
                and w not in possessive:
            out[w + "s"] = max(out.get(w + "s", 0.0), z - PLURAL_COST)
    return out, apostrophe, has, short, possessive


def zipf(word: str) -> float:
    """A known word's Zipf frequency (words of a split: the rarer; a compound of two known
    words: the rarer less ``COMPOUND_COST``), else 0."""
    words = _lexicon()[0]
    parts = word.lower().split()
    if len(parts) == 1 and len(parts[0]) == 3:
        return _lexicon()[3].get(parts[0], 0.0)
    if len(parts) == 1 and parts[0] not in words:
        halves = compound(parts[0])
        return max(0.0, halves - COMPOUND_COST) if halves else 0.0
    return min((words.get(p, 0.0) for p in parts), default=0.0)


def compound(word: str) -> float:
    """``word`` (lower case) as a known word (``COMPOUND_ZIPF`` and more, four letters and more)
    written with one of the second halves of place and business names (``COMPOUND_TAILS``:
    "harborview", "maplewood", "brookfield"; not a verb's "-ing" or "-ed" form before it): the
    first half's Zipf frequency, else 0. Any two known words would do too often ("pleawink")."""
    for tail in COMPOUND_TAILS:
        head = word[:-len(tail)]
        if word.endswith(tail) and len(head) >= MIN_LEN and not head.endswith(("ing", "ed")):
            z = _lexicon()[0].get(head, 0.0)
            if z >= COMPOUND_ZIPF:
                return z
    return 0.0


def known_or_compound(word: str) -> bool:
    w = word.lower()
    return w in _lexicon()[0] or compound(w) > 0.0


def grown_limit() -> float:
    """How far below the reading a word with a letter put in may lie: 11 with wordfreq's
    lexicon, 8 with the MiniLM vocabulary alone (where "Realty", unknown, became "Reality"
    at 11.8)."""
    return GROWN_DROP if _lexicon()[2] else 8.0


def known(word: str) -> bool:
    return word.lower() in _lexicon()[0]


def neighbours(word: str) -> Set[str]:
    """Vocabulary words one letter changed from ``word`` (lower case). A letter left out or put
    in is not tried: "Marys" would lose its "s" ("Mary", 2.4 below the reading on a
    development cheque), and a possessive or plural name is no misreading. (Each variant is
    looked up: no index of patterns, which took 100 MB for the larger lexicon.)"""
    w = word.lower()
    words = _lexicon()[0]
    out = {w[:i] + c + w[i + 1:] for i in range(len(w)) for c in _LETTERS}
    out.discard(w)
    return {c for c in out if c in words or compound(c)}


def dropped(word: str) -> Set[str]:
    """Known words (``MIN_LEN`` letters and more) ``word`` (lower case) is with one inner letter
    left out: a letter the OCR read that is not there ("priypa" -> "priya"). The first and the
    last letter stay (a possessive or plural name's "s" is no misreading)."""
    w = word.lower()
    out = {w[:i] + w[i + 1:] for i in range(1, len(w) - 1)}
    return {c for c in out if len(c) >= MIN_LEN and c in _lexicon()[0]}


def twice_changed(word: str) -> Set[str]:
    """Known words, or compounds of two (``compound``), with two letters of ``word`` (lower case,
    ``TWICE_MIN_LEN`` letters and more) changed ("evengheen" -> "evergreen", "hanbonview" ->
    "harborview")."""
    w = word.lower()
    if len(w) < TWICE_MIN_LEN:
        return set()
    out = set()
    for i in range(len(w)):
        for j in range(i + 1, len(w)):
            for a in _LETTERS:
                if a == w[i]:
                    continue
                for b in _LETTERS:
                    if b != w[j]:
                        c = w[:i] + a + w[i + 1:j] + b + w[j + 1:]
                        if known_or_compound(c):
                            out.add(c)
    return out


def small_known(word: str) -> bool:
    """A three-letter word common enough (``SMALL_KNOWN_ZIPF``) to be left as read, or written
    in capitals (an acronym: "PTA", "HOA"); without wordfreq every such word is."""
    lex = _lexicon()
    return (word.isupper() or not lex[2] or word.lower() in ("smt", "sri", "kum", "mst")
            or lex[3].get(word.lower(), 0.0) >= SMALL_KNOWN_ZIPF)


def small_word(word: str) -> Set[str]:
    """The small words (``SMALL_WORDS``) a three-letter ``word`` (lower case) is with one letter
    changed ("fon" -> "for"), and the common four-letter words (``SMALL_GROWN_ZIPF``) it is
    with a letter lost ("hig" -> "high")."""
    w = word.lower()
    out = {s for s in SMALL_WORDS if sum(x != y for x, y in zip(s, w)) == 1}
    words = _lexicon()[0]
    for i in range(len(w)):
        for c in _LETTERS:
            for g in (w[:i] + c + w[i:], w[:i + 1] + c + w[i + 1:]):
                if words.get(g, 0.0) >= SMALL_GROWN_ZIPF:
                    out.add(g)
    return out


def grown(word: str) -> Set[str]:
    """Vocabulary words (five letters and more) with one letter of ``word`` (lower case) read
    for two: a letter the OCR lost ("spingfield" -> "springfield") or two letters read as one
    ("cdlector" -> "collector", "lincdn" -> "lincoln": a handwritten "ol" is a "d")."""
    w = word.lower()
    if len(w) + 1 <= MIN_LEN:
        return set()
    words = _lexicon()[0]
    out = {w[:i] + a + b + w[i + 1:] for i in range(len(w)) for a in _LETTERS for b in _LETTERS}
    out.discard(w)
    return {c for c in out if c in words or compound(c)}


def stroke_dropped(word: str) -> List[str]:
    """``word`` with one stroke the OCR read as a letter of its own ("I", "l") left out,
    where that gives a known word of five letters and more ("MANAGIEMENT" -> "MANAGEMENT",
    "LANDSCAPINGI" -> "LANDSCAPING": a capital's stroke of handwriting read as an "I"); the
    word in its own case."""
    out = []
    for i, ch in enumerate(word):
        w = word[:i] + word[i + 1:]
        if ch in "Il" and len(w) > MIN_LEN and known(w) and w not in out:
            out.append(w)
    return out


def lead_in_dropped(word: str) -> List[str]:
    """``word`` of two capitals and small letters without its first letter, where that is a
    known word ("DWhitfield", "WWhitfield" -> "Whitfield": a capital's lead-in stroke read as a
    letter of its own); not where the first letter is a name's "O'" or "D'" ("OBrien")."""
    if re.fullmatch(r"[A-Z]{2}[a-z]{3,}", word) and known(word[1:]) and \
            not _apostrophe_lost(word):
        return [word[1:]]
    return []


def _first_letter_lost(word: str) -> List[str]:
    """Known words ``word`` is with its first letter lost ("hmed" -> "Ahmed": a crop that cut
    the name's capital), the letter put back a capital unless the word is in lower case with
    more words so written before it."""
    words = _lexicon()[0]
    return [c.upper() + word if not word.isupper() else (c + word).upper()
            for c in _LETTERS if c + word.lower() in words]


def _apostrophe_words() -> FrozenSet[str]:
    """Names of wordfreq's lexicon written with "O'" or "D'" ("o'brien", "d'souza")."""
    return _lexicon()[1]


def possessive_lost(word: str) -> List[str]:
    """``word`` with the apostrophe of a possessive put back ("Marys" -> "Mary's", "Childrens"
    -> "Children's"), where wordfreq's list has the possessive at least ``POSSESSIVE_MARGIN``
    more often than the word as read ("Sons", "Peoples" stay)."""
    m = re.fullmatch(r"([A-Za-z]{3,})([sS])", word)
    if m is None:
        return []
    z = _lexicon()[4].get(m.group(1).lower())
    if z is None or z < zipf(word) + POSSESSIVE_MARGIN:
        return []
    return [m.group(1) + "'" + m.group(2)]


def _apostrophe_lost(word: str) -> List[str]:
    """``word`` with the apostrophe of an "O'" or "D'" name put back, where the lexicon knows
    that name ("OBrien" -> "O'Brien": the OCR read the apostrophe as nothing)."""
    if re.fullmatch(r"[OD][A-Za-z]{3,}", word) and \
            (word[0] + "'" + word[1:]).lower() in _apostrophe_words():
        return [word[0] + "'" + word[1:]]
    return []


def _splits(word: str) -> List[str]:
    """``word`` as two known words the OCR read without the space between them
    ("OLIVIACHEN" -> "OLIVIA CHEN"; a compound name is known, "MaplewoodRoofing"), each of four
    letters and more."""
    return [word[:i] + " " + word[i:] for i in range(MIN_LEN, len(word) - MIN_LEN + 1)
            if known_or_compound(word[:i]) and known_or_compound(word[i:])]


def _recase(orig: str, new: str) -> str:
    """``new`` written in ``orig``'s case: all capitals, a capital and small letters, or (as long
    as ``orig``) letter by letter."""
    if orig.isupper():
        return new.upper()
    if orig[0].isupper() and orig[1:].islower():
        return new[0].upper() + new[1:]
    if len(new) == len(orig):
        return "".join(ch.upper() if orig[i].isupper() else ch for i, ch in enumerate(new))
    return new
