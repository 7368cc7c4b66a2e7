"""A word of the payee or the memo read one letter off ("Carcia", "Creen", "Pepairs"), put right
from the page image.

The recogniser's CTC matrix of the payee's line gives the probability of any text for that crop,
not only of the one it read. A word of the reading that is not an English word or a common name
(the whole words of the MiniLM WordPiece vocabulary that ships with mmbatch,
``models/data/minilm_tokenizer.json``: 22,501 words, lower case, names like "garcia", "sofia",
"nguyen" among them) is compared with the words of that vocabulary one letter away: the same
length with one letter changed (``MAX_DROP``), or one letter of the reading standing for two (a
letter the OCR lost, "Spingfield"; two letters read as one, "Cdlector", a handwritten "ol" read
"d"; ``GROWN_DROP``). Where the line with that word is nearly as likely as the line as read and
no other such word is (``MIN_GAP``), the word is taken. A word already in the vocabulary, or
shorter than four letters, is never changed. A title ("Dn.") and a company's closing word
("ING.") one letter off are put right by the same rule.

On the synthetic cheques (``bench/cheque_synth_bench.py --image``, dev, held and fresh fonts) the
right words with a letter changed came 0.5 to 5.6 (natural log) below the reading and the nearest
wrong one 6.1 below it (a name the vocabulary lacks, "PRIHa" read for "Priya", taken as "PRIMa");
the right words with a letter put in 0.5 to 7.1 below ("Lincdn", "Schod", "Ingid" 9.7 to 10.6
below, left as read), and the nearest wrong one 11.8 below ("Realty" as "Reality").

The words known are those of that vocabulary and, where the ``wordfreq`` package is installed
(a dependency), the English words of its large list down to ``LEXICON_ZIPF`` (47,000 words of
four letters and more: names like "Priya", "Whitfield", "Realty" that the MiniLM vocabulary
lacks). A right word that is known is never changed, so a larger lexicon both puts more misread
words right and keeps more right ones as they are; and between two words about as likely from
the image the more frequent is preferred (``PRIOR_WEIGHT`` of the natural log of its frequency:
"Dentd" is "Dental", not "Dented"), which is the language model's part of a noisy-channel
correction. With that lexicon a letter put in may lie ``GROWN_DROP`` = 11 below the reading
("Lincdn" as "Lincoln" 10.0, "Schod" as "School" 10.6, "Ingid" as "Ingrid" 9.7), and so may a
name's apostrophe that the OCR read as nothing, where the lexicon knows the name with it and
not without ("OBrien" as "O'Brien" 10.2).

More edits, each measured on the US synthetic sets dev to fresh5 (+8 -0 on the payee): two letters
changed in a word of seven letters and more (``TWICE_DROP`` = 5: "Evengheen" as "Evergreen" 4.4);
a letter read that is not there ("Priypa" as "Priya" 0.7), tried only where no letter changed or
put in makes a word ("Bhooks" is "Brooks", not "Books"); place and business names written as one
word, a known word with a usual second half (``COMPOUND_TAILS``: "Hanbonview" as "Harborview");
and a three-letter word rarer than Zipf 3 and not in capitals, after the line's first word, as
"for", "and" or "the" one letter off, or a common four-letter word with a letter lost ("fon" as
"for", "Hig" as "High"); a word starting with a small "l" that is known with a capital "I" in
its place, within ``GROWN_DROP`` ("lyer" as "Iyer" 7.0: the two are one stroke).
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

import numpy as np

from . import payee_lang
from .constrained import ctc_logp

VOCAB_FILE = Path(__file__).resolve().parents[1] / "models" / "data" / "minilm_tokenizer.json"
MAX_DROP = 6.5   # how far (natural log) below the reading the line with a letter changed may be
GROWN_DROP = 11.0  # ... with a letter put in, or two letters for one (8.0 without wordfreq)
SPLIT_DROP = 4.0  # ... with a space put in or a first letter put back
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
_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{%d,}(?![A-Za-z])" % MIN_LEN)
_SMALL = re.compile(r"(?<![A-Za-z'’&])[A-Za-z]{3}(?![A-Za-z'’&.])")


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@lru_cache(maxsize=1)
def _lexicon() -> Tuple[Dict[str, float], FrozenSet[str], bool, Dict[str, float]]:
    """(every known word, ASCII letters, four and more -> its Zipf frequency; the names of
    wordfreq's list written with "O'" or "D'"; whether wordfreq is installed; the three-letter
    words of wordfreq's list -> their Zipf frequency, down to ``LEXICON_ZIPF``). wordfreq's whole
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
    return out, apostrophe, has, short


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


def _apostrophe_lost(word: str) -> List[str]:
    """``word`` with the apostrophe of an "O'" or "D'" name put back, where the lexicon knows
    that name ("OBrien" -> "O'Brien": the OCR read the apostrophe as nothing)."""
    if re.fullmatch(r"[OD][A-Za-z]{3,}", word) and \
            (word[0] + "'" + word[1:]).lower() in _apostrophe_words():
        return [word[0] + "'" + word[1:]]
    return []


def _splits(word: str) -> List[str]:
    """``word`` as two known words the OCR read without the space between them
    ("OLIVIACHEN" -> "OLIVIA CHEN"), each of four letters and more."""
    return [word[:i] + " " + word[i:] for i in range(MIN_LEN, len(word) - MIN_LEN + 1)
            if known(word[:i]) and known(word[i:])]


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


def _choose(prob: np.ndarray, index: Dict[str, int], text: str,
            variants: Sequence[Tuple[str, str, float]], prior: bool = False
            ) -> Optional[Tuple[str, str, float]]:
    """The one of ``variants`` (the line's text with a change made, the change's word, how far
    below the reading ``text`` it may lie) that the CTC matrix reads best, if it lies within its
    limit and no other within its limit lies within ``MIN_GAP`` of it: (its text, its word, its
    log drop). ``prior``: a variant's score also counts its word's frequency (``PRIOR_WEIGHT``
    of its natural log), for words of the lexicon; titles and suffixes are told apart by the
    image alone."""
    base = ctc_logp(prob, [index[ch] for ch in text])
    scored = []
    for alt, word, limit in variants:
        if all(ch in index for ch in alt):
            drop = ctc_logp(prob, [index[ch] for ch in alt]) - base
            if drop >= -limit:
                bonus = PRIOR_WEIGHT * math.log(10) * zipf(word) if prior else 0.0
                scored.append((drop + bonus, drop, alt, word))
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[1][0] > scored[0][0] - MIN_GAP:
        return None  # two changes about as likely: neither
    return scored[0][2], scored[0][3], round(-scored[0][1], 2)


def correct_line(prob: np.ndarray, charset: Sequence[str], text: str, lang: Optional[str] = None
                 ) -> Tuple[str, List[Tuple[str, str, float]]]:
    """``text`` (the recogniser's reading of the crop whose CTC matrix is ``prob``) with each word
    read one letter off put right; the changes made (word as read, word taken, log drop)."""
    index = {c: k for k, c in enumerate(charset)}
    if any(ch not in index for ch in text):
        return text, []
    out, changes, last = [], [], 0
    words = sorted(list(_WORD.finditer(text)) + [m for m in _SMALL.finditer(text)
                                                 if not small_known(m.group(0))],
                   key=lambda m: m.start())
    for m in words:
        word = m.group(0)
        if len(word) < MIN_LEN:
            if not text[:m.start()].strip():
                continue  # the first word: a title or a short name ("Smt", "Anu"), as read
            cands = [(_recase(word, c), MAX_DROP if len(c) == 3 else grown_limit())
                     for c in small_word(word)]
        elif known(word) or payee_lang.known(lang, word):
            continue  # a word of English or of the leaf's language (``payee_lang``)
        else:
            cands = _candidates(word, text[m.start() - 1] if m.start() else " ")
        best = _choose(prob, index, text, [(text[:m.start()] + new + text[m.end():], new, limit)
                                           for new, limit in cands], prior=True)
        if best is None:
            continue
        out.append(text[last:m.start()] + best[1])
        last = m.end()
        changes.append((word, best[1], best[2]))
    out.append(text[last:])
    text, changes = _title(prob, index, "".join(out), changes)
    text, changes = _suffix(prob, index, text, changes)
    return _apostrophe_names(prob, index, text, changes)


def _candidates(word: str, before: str) -> List[Tuple[str, float]]:
    """What an unknown ``word`` (four letters and more; ``before``: the character before it)
    may be, each with how far below the reading it may lie."""
    cands = [(_recase(word, c), MAX_DROP) for c in neighbours(word)]
    cands += [(_recase(word, c), TWICE_DROP) for c in twice_changed(word)]
    cands += [(_recase(word, c), grown_limit()) for c in grown(word)]
    if not cands:  # a letter read that is not there: only where no letter changed or put in
        cands = [(_recase(word, c), MAX_DROP) for c in dropped(word)]  # makes a word
    cands += [(c, SPLIT_DROP) for c in _splits(word)]
    cands += [(c, MAX_DROP) for c in stroke_dropped(word)]
    if word[0] == "l" and word[1:].islower() and known("i" + word[1:]):
        cands.append(("I" + word[1:], grown_limit()))  # a capital "I" read as "l" ("lyer")
    cands += [(c, grown_limit()) for c in _apostrophe_lost(word)]
    if not before.isalnum() and before not in "'’":
        lost = {c.lower() for c in _first_letter_lost(word)}  # a capital lost: as such
        cands = [c for c in cands if c[0].lower() not in lost]
        cands += [(c, SPLIT_DROP) for c in _first_letter_lost(word)]
    most: Dict[str, float] = {}
    for c, limit in cands:  # one change found twice is one candidate, at its larger limit
        most[c] = max(limit, most.get(c, limit))
    return list(most.items())


_TITLES = ("Mr", "Ms", "Dr", "Mrs")
_SUFFIXES = ("Inc", "Corp", "LLC", "Ltd")
_TRAILING_SUFFIX = re.compile(r"(?<=[A-Za-z]\s)([A-Za-z]{3,4})(\.?)$")


def _suffix_off(text: str) -> List[str]:
    """A company's closing word read one letter off ("GROUP ING." for "GROUP INC."): the
    suffixes (in the word's case) it could be."""
    m = _TRAILING_SUFFIX.search(text)
    if m is None:
        return []
    w = m.group(1)
    if any(w.lower() == t.lower() for t in _SUFFIXES):
        return []
    return [_recase(w, t.lower()) if not w.isupper() else t.upper() for t in _SUFFIXES
            if len(t) == len(w) and sum(a != b for a, b in zip(t.lower(), w.lower())) == 1]


def _suffix(prob: np.ndarray, index: Dict[str, int], text: str,
            changes: List[Tuple[str, str, float]]) -> Tuple[str, List[Tuple[str, str, float]]]:
    """A company's closing word one letter off put right by the rule of ``_title``."""
    cands = _suffix_off(text)
    if not cands or any(ch not in index for ch in text):
        return text, changes
    m = _TRAILING_SUFFIX.search(text)
    best = _choose(prob, index, text,
                   [(text[:m.start(1)] + t + text[m.end(1):], t, MAX_DROP) for t in cands])
    if best is None:
        return text, changes
    return best[0], changes + [(m.group(1), best[1], best[2])]


_LEADING_TITLE = re.compile(r"^([A-Z][a-z]{1,2})\.(?=\s+[A-Z])")


def _title(prob: np.ndarray, index: Dict[str, int], text: str,
           changes: List[Tuple[str, str, float]]) -> Tuple[str, List[Tuple[str, str, float]]]:
    """A title before the name read one letter off ("Dn. Ruth Brooks", "Mn. Ahmed"), given the
    title one letter away that the CTC matrix reads (by the rule of ``correct_line``)."""
    m = _LEADING_TITLE.match(text)
    if m is None or m.group(1) in _TITLES or any(ch not in index for ch in text):
        return text, changes
    word = m.group(1)
    cands = [t for t in _TITLES if len(t) == len(word)
             and sum(a != b for a, b in zip(t, word)) == 1]
    if not cands:
        return text, changes
    best = _choose(prob, index, text, [(t + text[m.end(1):], t, MAX_DROP) for t in cands])
    if best is None:
        return text, changes
    return best[0], changes + [(word, best[1], best[2])]


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
    word = re.match(r"\S+", text[m.start():]).group(0)
    best = _choose(prob, index, text, [(text[:m.start()] + c + text[m.start():], c + word,
                                        SPLIT_DROP) for c in "OD"])
    if best is None:
        return text, changes
    return best[0], changes + [(word, best[1], best[2])]


def _changes_of_another_reading(prob: np.ndarray, charset: Sequence[str], again: str,
                                ocr: str, lang: Optional[str] = None
                                ) -> List[Tuple[str, str, float]]:
    """The changes ``correct_line`` makes to ``again`` (the crop read once more, otherwise than
    OCR read it: "pioneen plunbing Inc." for "pioreen plunbing Inc."), as changes of OCR's
    words: where both readings have the same number of words, each changed word of ``again``
    stands for OCR's word in its place, which must be as long or a letter off in length."""
    a, o = again.split(), ocr.split()
    if len(a) != len(o):
        return []
    _, ch = correct_line(prob, charset, " ".join(a), lang)
    out = []
    for old, new, drop in ch:
        places = [k for k, w in enumerate(a) if re.sub(r"[^A-Za-z]", "", w) == old]
        if len(places) != 1:
            continue
        k = places[0]
        was = re.sub(r"[^A-Za-z]", "", o[k])
        if was and abs(len(was) - len(old)) <= 1 and not known(was):
            out.append((was, new, drop))
    return out


def correct_words(reader, lines: Sequence, text: str, lang: Optional[str] = None
                  ) -> Tuple[str, Optional[str]]:
    """A field's ``text`` (made of the OCR ``lines``, ``cheque_page._L``) with its words read one
    letter off put right from the page image (``reader``: ``constrained.LineReader``); a note
    of the changes, None where nothing changed. A line whose crop reads again otherwise than
    OCR read it (but for spaces) is left as it is."""
    changes: List[Tuple[str, str, float]] = []
    for l in lines:
        m = _LEADING_TITLE.match(l.text.strip())
        if (all(known(w) or payee_lang.known(lang, w) for w in _WORD.findall(l.text))
                and all(small_known(w) for w in _SMALL.findall(l.text))
                and not _BARE_APOSTROPHE.search(l.text)
                and (m is None or m.group(1) in _TITLES) and not _suffix_off(l.text.strip())):
            continue  # every word known: the crop is not read again
        got = reader.matrix([tuple(pt) for pt in l.line.box], l.text)
        if got is None:
            continue
        prob, again = got
        if re.sub(r"\s", "", again) == re.sub(r"\s", "", l.text):
            _, ch = correct_line(prob, reader.rec.charset, l.text.strip(), lang)
            changes += ch
        else:  # another reading of the crop: word for word, where it splits as OCR's does
            changes += _changes_of_another_reading(prob, reader.rec.charset, again, l.text, lang)
    for old, new, _ in changes:
        if len(re.findall(r"(?<![A-Za-z])%s(?![A-Za-z])" % re.escape(old), text)) == 1:
            text = re.sub(r"(?<![A-Za-z])%s(?![A-Za-z])" % re.escape(old), new, text)
    if not changes:
        return text, None
    return text, "; ".join(f"{old!r} read again as {new!r} (known words, log-probability "
                           f"{-drop:+.1f} against the reading)" for old, new, drop in changes)
