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

Two more, measured on every synthetic set (US, intl, anglo, Indian): a word of two capitals and
small letters whose first letter dropped is known, within ``MAX_DROP`` ("DWhitfield" as
"Whitfield": a capital W's lead-in stroke read as a letter; US +3, anglo +1); and on an English
leaf a possessive's apostrophe read as nothing, where wordfreq's list has the possessive
``POSSESSIVE_MARGIN`` more often than the word as read, within ``SPLIT_DROP``, known words too
("St. Marys" as "St. Mary's" 0.7; US +2).

Marks and closing words, measured on every synthetic set: a "/" inside a word that the lexicon
knows with an "l" for it, or beside an "l" without it ("Ch/oe", "E/lm"), and an apostrophe
before a known word that no "O" or "D" made a name of ("County 'Tax"), within ``SPLIT_DROP``
(US +3, anglo +2); a company's closing word with a letter more that the lexicon does not know
("Litd", "Litda") is the suffix's, not the lexicon's (+3: Indian, anglo, intl); a known word
of four letters and more glued to a number ("Invoice4471", "Q2estimated") is given the space
the image reads between them within ``SPLIT_DROP``.
"""
from __future__ import annotations

import math
import re
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import payee_lang
from .constrained import ctc_logp
from .payee_lexicon import (  # the lexicon and the words one slip away from a reading
    MAX_DROP, MIN_GAP, MIN_LEN, PRIOR_WEIGHT, SMALL_KNOWN_ZIPF, SPLIT_DROP, TWICE_DROP, _SMALL,
    _WORD,
    _apostrophe_lost, _first_letter_lost, _recase, _splits, dropped, grown, grown_limit, known,
    known_or_compound,
    lead_in_dropped, neighbours, possessive_lost, small_known, small_word, stroke_dropped,
    twice_changed, zipf,
)


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


def correct_line(prob: np.ndarray, charset: Sequence[str], text: str, lang: Optional[str] = None,
                 cap: Optional[float] = None) -> Tuple[str, List[Tuple[str, str, float]]]:
    """``text`` (the recogniser's reading of the crop whose CTC matrix is ``prob``) with each word
    read one letter off put right; the changes made (word as read, word taken, log drop).
    ``cap``: how far below the reading a word may lie at most, whatever its kind of change
    (``NAMES_DROP`` on a leaf whose names are seldom English words)."""
    index = {c: k for k, c in enumerate(charset)}
    if any(ch not in index for ch in text):
        return text, []
    out, changes, last = [], [], 0
    words = sorted(list(_WORD.finditer(text)) + [m for m in _SMALL.finditer(text)
                                                 if not small_known(m.group(0))],
                   key=lambda m: m.start())
    closing = _TRAILING_SUFFIX.search(text) if _suffix_off(text) else None
    for m in words:
        word = m.group(0)
        if closing is not None and m.start() == closing.start(1):
            continue  # a company's closing word one letter off: ``_suffix``'s
        if len(word) < MIN_LEN:
            if not text[:m.start()].strip():
                continue  # the first word: a title or a short name ("Smt", "Anu"), as read
            cands = [(_recase(word, c), MAX_DROP if len(c) == 3 else grown_limit())
                     for c in small_word(word)]
        elif known_or_compound(word) or payee_lang.known(lang, word):
            # a word of English or of the leaf's language (``payee_lang``) stays, but for a
            # possessive's apostrophe the OCR lost ("St. Marys")
            cands = [(c, SPLIT_DROP) for c in possessive_lost(word)] if _english(lang) else []
        else:
            cands = _candidates(word, text[m.start() - 1] if m.start() else " ")
        best = _choose(prob, index, text, [(text[:m.start()] + new + text[m.end():], new,
                                            limit if cap is None else min(limit, cap))
                                           for new, limit in cands], prior=True)
        if best is None:
            continue
        out.append(text[last:m.start()] + best[1])
        last = m.end()
        changes.append((word, best[1], best[2]))
    out.append(text[last:])
    text, changes = _title(prob, index, "".join(out), changes)
    text, changes = _suffix(prob, index, text, changes)
    text, changes = _apostrophe_names(prob, index, text, changes)
    text, changes = _stray_marks(prob, index, text, changes)
    return _glued_numbers(prob, index, text, changes)


# how far below the reading a word may be put right on an Indian leaf, whatever the change: its
# names are seldom English words, and the changes the larger lexicon allows further below
# (``GROWN_DROP``) made English words of names there ("Deepa" -> "Deeper" at 10.0, "Rhyl" ->
# "Ethyl" at 10.6: every one past 8 on the Indian sets dev to fresh11 was wrong, 2 of 2, and
# 37 of 38 within it right; on US leaves 2 past 8, both right: ``bench/payee_changes.py``)
NAMES_DROP = 8.0


def _english(lang: Optional[str]) -> bool:
    return lang in (None, "en")


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
    cands += [(c, MAX_DROP) for c in lead_in_dropped(word)]
    if word[0] == "l" and word[1:].islower() and known("i" + word[1:]):
        cands.append(("I" + word[1:], grown_limit()))  # a capital "I" read as "l" ("lyer")
    cands += [(c, grown_limit()) for c in _apostrophe_lost(word)]
    cands += [(c, SPLIT_DROP) for c in possessive_lost(word)]
    if not before.isalnum() and before not in "'’":
        lost = {c.lower() for c in _first_letter_lost(word)}  # a capital lost: as such
        cands = [c for c in cands if c[0].lower() not in lost]
        cands += [(c, SPLIT_DROP) for c in _first_letter_lost(word)]
    most: Dict[str, float] = {}
    for c, limit in cands:  # one change found twice is one candidate, at its larger limit
        most[c] = max(limit, most.get(c, limit))
    return list(most.items())


_TITLES = ("Mr", "Ms", "Dr", "Mrs")
_SUFFIXES = ("Inc", "Corp", "LLC", "Ltd", "Ltda")
_TRAILING_SUFFIX = re.compile(r"(?<=[A-Za-z]\s)([A-Za-z]{3,5})(\.?)$")


def _one_off(w: str, t: str) -> bool:
    """``w`` is ``t`` with one letter changed, or with one letter more that no word of the
    lexicon has ("Litd" for "Ltd": a handwritten "t"'s stroke read as an "i")."""
    w, t = w.lower(), t.lower()
    if len(w) == len(t):
        return sum(a != b for a, b in zip(t, w)) == 1
    return (len(w) == len(t) + 1 and not known(w)
            and any(w[:k] + w[k + 1:] == t for k in range(len(w))))


def _suffix_off(text: str) -> List[str]:
    """A company's closing word read one letter off ("GROUP ING." for "GROUP INC.", "Pty
    Litd" for "Pty Ltd"): the suffixes (in the word's case) it could be."""
    m = _TRAILING_SUFFIX.search(text)
    if m is None:
        return []
    w = m.group(1)
    if any(w.lower() == t.lower() for t in _SUFFIXES):
        return []
    return [_recase(w, t.lower()) if not w.isupper() else t.upper() for t in _SUFFIXES
            if _one_off(w, t)]


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


# a stroke read as a mark inside or before a word: "Ch/oe", "E/lm", "County 'Tax"
_SLASHED = re.compile(r"(?<![^\W\d_])[A-Za-z]+/[A-Za-z]+(?![^\W\d_])")
# two letters about a mark that are written so: left as read ("E/m" is "Elm"; "M/s" is no "Mls")
_SLASHED_SHORT = {"a/c", "c/o", "m/s", "w/o", "s/o", "d/o", "b/w", "n/a", "i/o", "a/v", "p/l",
                  "r/o", "u/s", "b/f", "c/f", "e/w", "n/r", "o/s"}
_LEADING_MARK = re.compile(r"(?<!\S)['’]([A-Z][a-z]{2,})(?![^\W\d_])")


def _mark_known(word: str) -> bool:
    """A word of four letters and more the lexicon knows, or of three as common as a small
    word left as read (``SMALL_KNOWN_ZIPF``)."""
    if len(word) == 3:
        return zipf(word) >= SMALL_KNOWN_ZIPF
    return len(word) > 3 and known(word)


def _stray_marks(prob: np.ndarray, index: Dict[str, int], text: str,
                 changes: List[Tuple[str, str, float]]
                 ) -> Tuple[str, List[Tuple[str, str, float]]]:
    """A "/" between the letters of a word that is a known word with the mark read as an "l"
    or, beside an "l", as nothing ("Ch/oe" as "Chloe", "E/lm" and "E/m" as "Elm"; "a/c",
    "c/o", "M/s", abbreviations written with their mark, stay: ``_SLASHED_SHORT``; between two
    words the more frequent), and an apostrophe before a known
    capitalised word that no "O" or "D" made a name of ("County 'Tax Collector"): taken by the
    rule of ``correct_line`` within ``SPLIT_DROP`` (a mark, not a letter, is all that
    changes)."""
    if any(ch not in index for ch in text):
        return text, changes
    for m in _SLASHED.finditer(text):
        word = m.group(0)
        if word.lower() in _SLASHED_SHORT:
            continue  # "a/c", "c/o", "M/s": abbreviations written with their mark
        k = word.index("/")
        # read as nothing only beside an "l": the letter's stroke read twice ("E/lm")
        cut = word.replace("/", "") if "l" in word[k - 1:k + 2].lower() else ""
        cands = {w for w in (word.replace("/", "l"), cut) if _mark_known(w)}
        best = _choose(prob, index, text, [(text[:m.start()] + w + text[m.end():], w,
                                            SPLIT_DROP) for w in sorted(cands)], prior=True)
        if best is not None:
            return _stray_marks(prob, index, best[0], changes + [(word, best[1], best[2])])
    for m in _LEADING_MARK.finditer(text):
        word = m.group(1)
        if not _mark_known(word):
            continue
        best = _choose(prob, index, text, [(text[:m.start()] + text[m.start() + 1:], word,
                                            SPLIT_DROP)])
        if best is not None:
            return _stray_marks(prob, index, best[0], changes + [(m.group(0), best[1], best[2])])
    return text, changes


# a known word and a number read without the space between them: "Invoice4471",
# "Invoice#88123", "Q2estimated"
_GLUED = re.compile(r"(?<![^\W\d_])([A-Za-z]{4,})([#\d][\w#-]*)"
                    r"|(?<![\w#])(\w*\d)([A-Za-z]{4,})(?!\w)")


def _glued_numbers(prob: np.ndarray, index: Dict[str, int], text: str,
                   changes: List[Tuple[str, str, float]]
                   ) -> Tuple[str, List[Tuple[str, str, float]]]:
    """A known word of four letters and more glued to a number after it or before it, given
    the space the CTC matrix reads between them within ``SPLIT_DROP`` (as a space put in a
    name)."""
    if any(ch not in index for ch in text):
        return text, changes
    for m in _GLUED.finditer(text):
        word, at = (m.group(1), m.end(1)) if m.group(1) else (m.group(4), m.start(4))
        if not known(word):
            continue
        spaced = text[:at] + " " + text[at:]
        best = _choose(prob, index, text, [(spaced, word, SPLIT_DROP)])
        if best is not None:
            token = m.group(0)
            k = at - m.start()
            return _glued_numbers(prob, index, spaced,
                                  changes + [(token, token[:k] + " " + token[k:], best[2])])
    return text, changes


# how far below OCR's reading a known word the crop read again may lie (the recogniser's best
# path is not the likeliest text: "Sophie Wrigt" read again at -1.73, OCR's "Sopie Wrigt" -1.53)
AGAIN_DROP = 2.0


def _changes_of_another_reading(prob: np.ndarray, charset: Sequence[str], again: str,
                                ocr: str, lang: Optional[str] = None,
                                cap: Optional[float] = None) -> List[Tuple[str, str, float]]:
    """The changes ``correct_line`` makes to ``again`` (the crop read once more, otherwise than
    OCR read it: "pioneen plunbing Inc." for "pioreen plunbing Inc."), as changes of OCR's
    words: where both readings have the same number of words, each changed word of ``again``
    stands for OCR's word in its place, which must be as long or a letter off in length."""
    a, o = again.split(), ocr.split()
    if len(a) != len(o):
        return []
    _, ch = correct_line(prob, charset, " ".join(a), lang, cap)
    out = []
    for old, new, drop in ch:
        places = [k for k, w in enumerate(a) if re.sub(r"[^A-Za-z]", "", w) == old]
        if len(places) != 1:
            continue
        k = places[0]
        was = re.sub(r"[^A-Za-z]", "", o[k])
        if was and abs(len(was) - len(old)) <= 1 and not known(was):
            out.append((was, new, drop))
    # a word the crop read again as a known word where OCR's is none ("Sopie" read again
    # "Sophie"): the image reads it better, no change of a letter needed
    index = {c: k for k, c in enumerate(charset)}
    changed = {was for was, _, _ in out}
    line = " ".join(o)
    base = None  # OCR's line scored once, where a word asks for it
    for k, (wa, wo) in enumerate(zip(a, o)):
        new, was = re.sub(r"[^A-Za-z]", "", wa), re.sub(r"[^A-Za-z]", "", wo)
        alt = " ".join(o[:k] + [wa] + o[k + 1:])
        if (len(was) >= MIN_LEN and new != was and was not in changed
                and abs(len(new) - len(was)) <= 1 and new.lower() != was.lower()
                and known(new) and not known(was) and all(ch in index for ch in line + alt)):
            if base is None:
                base = ctc_logp(prob, [index[ch] for ch in line])
            gain = ctc_logp(prob, [index[ch] for ch in alt]) - base
            if gain >= -AGAIN_DROP:
                out.append((was, new, -gain))
    return out


def correct_words(reader, lines: Sequence, text: str, lang: Optional[str] = None,
                  cap: Optional[float] = None) -> Tuple[str, Optional[str]]:
    """A field's ``text`` (made of the OCR ``lines``, ``cheque_page._L``) with its words read one
    letter off put right from the page image (``reader``: ``constrained.LineReader``); a note
    of the changes, None where nothing changed. A line whose crop reads again otherwise than
    OCR read it (but for spaces) is left as it is."""
    changes: List[Tuple[str, str, float]] = []
    for l in lines:
        m = _LEADING_TITLE.match(l.text.strip())
        if (all(known_or_compound(w) or payee_lang.known(lang, w) for w in _WORD.findall(l.text))
                and all(small_known(w) for w in _SMALL.findall(l.text))
                and not _BARE_APOSTROPHE.search(l.text) and not _SLASHED.search(l.text)
                and not _GLUED.search(l.text)
                and not (_english(lang) and any(possessive_lost(w) for w in _WORD.findall(l.text)))
                and (m is None or m.group(1) in _TITLES) and not _suffix_off(l.text.strip())):
            continue  # every word known: the crop is not read again
        got = reader.matrix([tuple(pt) for pt in l.line.box], l.text)
        if got is None:
            continue
        prob, again = got
        if re.sub(r"\s", "", again) == re.sub(r"\s", "", l.text):
            _, ch = correct_line(prob, reader.rec.charset, l.text.strip(), lang, cap)
            changes += ch
        else:  # another reading of the crop: word for word, where it splits as OCR's does
            changes += _changes_of_another_reading(prob, reader.rec.charset, again, l.text, lang,
                                                   cap)
    made = []
    for old, new, drop in changes:
        if len(re.findall(r"(?<![A-Za-z])%s(?![A-Za-z])" % re.escape(old), text)) == 1:
            text = re.sub(r"(?<![A-Za-z])%s(?![A-Za-z])" % re.escape(old), new, text)
            made.append((old, new, drop))
    changes = made  # a change whose word ``text`` no longer holds once is not made, nor told
    if not changes:
        return text, None
    return text, "; ".join(f"{old!r} read again as {new!r} (known words, log-probability "
                           f"{-drop:+.1f} against the reading)" for old, new, drop in changes)
