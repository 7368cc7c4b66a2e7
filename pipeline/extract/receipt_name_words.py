"""The words of a business name as the OCR misread them, put right where only one reading is a
word: a letter read as its usual look-alike ("GARDENIA BAKERLES" -> "BAKERIES", "LJAN HING" ->
"LIAN") and the words of a letter-spaced header read without their spaces
("SANYUSTATIONERYSHOP" -> "SANYU STATIONERY SHOP").

A word is changed only when it is no word at all: not in wordfreq's English list at any
frequency (a brand written as one word that the list knows, "FamilyMart" at Zipf 1.19, a
name like "Gardenia" at 2.43 or "Segi" at 1.39, is left as printed). Its replacement must
then be a common word, one of the payee lexicon's (:mod:`.payee_lexicon`: MiniLM's whole words
and wordfreq's English words down to Zipf 2.5, four letters and more):

* a look-alike: one character changed for another of its OCR confusion group (I/L/J/1,
  O/D/Q/0, S/5, B/8, Z/2, G/6, U/V), where exactly one such change gives a common word;
* a run: split into the fewest pieces, each a common word of four letters and more, a word
  printed on its own elsewhere on the same receipt ("SANYU" of "Owned by: SANYU SUPPLY SDN
  BHD") or one of the 192 most frequent three-letter words ("ONE", "KEY", "SIX"), where that
  takes three pieces or more, two of them of four letters or more ("PERBANDARAN" is no
  "PER BANDA RAN"). Two words printed as one are how brands are made, and SROIE's keys keep
  them so ("FAMILYMART", "RESTORAN HASSANBISTRO"), as is a capital inside a word in small
  letters ("BarWangRice"); a header printed letter-spaced that the OCR read without its
  spaces keeps its words ("SANYU STATIONERY SHOP").

Without wordfreq (its list is what tells a brand from a misreading) nothing is changed.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import AbstractSet, FrozenSet, List, Optional, Tuple

from . import payee_lexicon
from .word_split import split_run

MIN_PIECE = 4     # the shortest piece of a split run (the lexicon's shortest word) ...
SHORT_ZIPF = 4.5  # ... but for three-letter words this frequent ("ONE", "KEY", "SIX", "TEA")
MIN_PIECES = 3    # the fewest pieces of a split: two words glued are a brand ("HASSANBISTRO")
MIN_RUN = 3 * MIN_PIECES  # the shortest run tried for a split
_GROUPS = ("IL1J", "ODQ0", "S5", "B8", "Z2", "G6", "UV")
_SWAPS = {c: "".join(g.replace(c, "") for g in _GROUPS if c in g) for g in _GROUPS for c in g}
_TOKEN = re.compile(r"(?<![A-Za-z0-9'])[A-Za-z0-9]+(?![A-Za-z0-9'])")


@lru_cache(maxsize=1)
def _rare() -> Tuple[str, FrozenSet[str], bool]:
    """(wordfreq's English words of four letters and more below the lexicon's Zipf floor, one
    a line with a newline before and after each: about 230,000 words, 2 MB as one string; its
    three-letter words of Zipf ``SHORT_ZIPF`` and more, 192; whether wordfreq is installed)."""
    try:
        import wordfreq

        freq = wordfreq.get_frequency_dict("en", wordlist="large")
        wordfreq.get_frequency_dict.cache_clear()
        wordfreq.get_frequency_list.cache_clear()
    except (ImportError, LookupError, OSError):
        return "", frozenset(), False
    floor = payee_lexicon.LEXICON_ZIPF
    rare, short = [], set()
    for w, f in freq.items():
        if w.isascii() and w.isalpha():
            z = math.log10(f * 1e9)
            if len(w) >= MIN_PIECE and z < floor:
                rare.append(w)
            elif len(w) == 3 and z >= SHORT_ZIPF:
                short.add(w)
    return "\n" + "\n".join(rare) + "\n", frozenset(short), True


def any_word(word: str) -> bool:
    """``word`` is in wordfreq's English list at any frequency (or the payee lexicon)."""
    w = word.lower()
    return payee_lexicon.known(w) or f"\n{w}\n" in _rare()[0]


def _recase(orig: str, new: str) -> str:
    if not any(c.islower() for c in orig):
        return new.upper()
    if orig[0].isupper() and not any(c.isupper() for c in orig[1:]):
        return new.capitalize()
    return "".join(n.upper() if o.isupper() else n.lower() for o, n in zip(orig, new))


def look_alike(token: str) -> Optional[str]:
    """The one common word ``token`` is with one character changed within its OCR confusion
    group (a digit among letters must be the one changed), in ``token``'s case; else None."""
    digits = [i for i, c in enumerate(token) if c.isdigit()]
    if len(digits) > 1 or sum(c.isalpha() for c in token) < 3 or len(token) < MIN_PIECE:
        return None
    places = digits or range(len(token))
    found = set()
    for i in places:
        for c in _SWAPS.get(token[i].upper(), ""):
            if c.isalpha():
                w = (token[:i] + c + token[i + 1:]).lower()
                if w.isalpha() and payee_lexicon.known(w):
                    found.add(w)
    if len(found) != 1:
        return None
    return _recase(token, found.pop())


def respaced(token: str, receipt_words: AbstractSet[str]) -> Optional[str]:
    """``token`` (letters) split into the fewest pieces, each a common word of ``MIN_PIECE``
    letters and more, one of ``receipt_words`` (lower case) or a three-letter word of Zipf
    ``SHORT_ZIPF`` and more, spaces between, where that takes ``MIN_PIECES`` or more (two of
    four letters or more); else None. A run in mixed case with a capital inside is left."""
    if len(token) < MIN_RUN or not token.isalpha() or re.search(r"[a-z][A-Z]", token):
        return None  # "BarWangRice", "FamilyMart": a capital inside a word is the brand's spelling
    short = _rare()[1]
    pieces = split_run(token.lower(), lambda w: w in short if len(w) < MIN_PIECE
                       else payee_lexicon.known(w) or w in receipt_words, 3)
    if pieces is None or len(pieces) < MIN_PIECES or sum(len(p) >= MIN_PIECE for p in pieces) < 2:
        return None  # "PERBANDARAN" is no "PER BANDA RAN"
    out, k = [], 0
    for p in pieces:
        out.append(token[k:k + len(p)])
        k += len(p)
    return " ".join(out)


def mend_name(text: str, receipt_words: AbstractSet[str] = frozenset()) -> Tuple[str, List[str]]:
    """``text`` (a business name) with each of its words that is no word put right (see the
    module doc); the changes made, as "'OLD' read as 'NEW'"."""
    if not _rare()[2]:
        return text, []
    out, notes, last = [], [], 0
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if sum(c.isalpha() for c in tok) < 3 or len(tok) < MIN_PIECE:
            continue
        if tok.isalpha() and any_word(tok):
            continue
        new = look_alike(tok) or respaced(tok, receipt_words)
        if new is None or new == tok:
            continue
        out.append(text[last:m.start()] + new)
        last = m.end()
        notes.append(f"{tok!r} read as {new!r}")
    out.append(text[last:])
    return "".join(out), notes
