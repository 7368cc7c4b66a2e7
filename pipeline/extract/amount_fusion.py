"""The amount in figures (courtesy amount) and in words (legal amount) of a cheque, chosen together.

Each side has candidates: its plain reading (what OCR gave), and, when the page image is at hand,
its lines read again under the field's constraints (``pipeline.extract.constrained``): digits and
separators for the figures, the words of amounts for the legal amount. The words are also read in
the band right of a printed "Rupees" / "the sum of" label, where OCR may have dropped a
handwritten line it could not read with confidence. Every candidate of one side is read without
looking at the other side, so two that agree are two readings of the same amount, not one forced
onto the other.

The pair chosen is the one that agrees (same value) with the fewest constrained readings, then the
smallest distance below each constraint's best reading; with none that agrees, the plain readings
stay (a constrained reading alone is never taken: without the other side to agree with, a
reading forced into digits or number words is as likely wrong as right). A pair one of whose
sides was read less than ``MOVED`` below a reading of its own crop with another value agrees
about as likely as not: it is no check (``contested``), and the amounts are not `ok`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher, get_close_matches
from functools import partial
from decimal import Decimal
from typing import Callable, List, Optional, Sequence, Tuple

from .amounts import parse_amount_words
from .constrained import AMOUNT_CHARS, AMOUNT_WORDS, LineReader, Reading

# readings further than this (natural log) below their constraint's best one are not candidates
WITHIN = 5.0
NBEST = 4
# a constrained reading is a candidate only if the crop read without constraint resembles it:
# at least half its digits (figures), or this similarity of letters (words), so that ink of
# another kind (a line of Arabic, a signature) forced into digits or number words is not one
MIN_WORDS_SIMILARITY = 0.5
_NUMBER_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|fou?rty|fifty|sixty|seventy|"
    r"eighty|nin?e?ty|hundred|thousand|million|billion|lakhs?|lacs?|lacks?|laks|crores?|cores)"
    r"\b")
# a line OCR read at this confidence or more, with no word near a word of amounts, is printed
# text: not read again as words
SURE = 0.95


def like_number_words(text: str, lexicon=AMOUNT_WORDS) -> bool:
    """A word of the text near a word of amounts ("thousarid", "Lacs"; ``lexicon``: the words;
    ``amount_words.NUMBER_WORDS`` for number words alone: "Thosand")."""
    words = [w for w in lexicon if w.isalpha() and len(w) >= 3]
    return any(get_close_matches(t, words, n=1, cutoff=0.75)
               for t in re.findall(r"[a-z]{3,}", text.lower()))


def digits_like(r) -> bool:
    """A figures reading whose crop, read freely, shows at least half as many digits."""
    want = sum(c.isdigit() for c in r.text)
    return want > 0 and 2 * sum(c.isdigit() for c in r.plain) >= want


def keeps_cents(r) -> bool:
    """A reading that does not drop the cents its crop shows read freely: a figures reading
    with one digit after the point ("288.0" of "$ **288.06**"), a words reading without the
    fraction the free reading has ("... and only" of "... AND OL/1OO ONLY"). The constraint
    makes a hard part of the crop cheaper to leave out than to read, on both sides at once."""
    if r.how == "digits":
        return not re.search(r"[.,]\d$", r.text.strip())
    if re.search(r"\S\s*/\s*[1lIi|]\S{2}", r.plain):
        return "/" in r.text or "cent" in r.text
    return True


def words_like(r, lang=None) -> bool:
    """A words reading of two number words or more that the free reading resembles."""
    n = lang.count(r.text) if lang is not None else len(_NUMBER_WORD.findall(r.text))
    if n < 2:
        return False
    free = re.sub(r"[^a-z]", "", r.plain.lower())
    return SequenceMatcher(None, free, re.sub(r"[^a-z]", "", r.text)).ratio() >= MIN_WORDS_SIMILARITY

_LEFT_WORDS_LABEL = re.compile(r"^\W*(?:\w{1,3}\s+)?(?:rupees|the\s+sum\s+of)\W*$", re.I)


@dataclass
class Cand:
    lines: list          # the page's lines it was read from (cheque_page._L)
    text: str
    value: Decimal
    constrained: bool    # read again under the field's constraint (False: OCR's reading)
    gap: float = 0.0     # below the constraint's best reading (natural log)
    extra: tuple = ()    # the figures' parse result (cheque_amounts._find_amount_figures)
    box: Optional[list] = None  # a band read for the words, not a line of OCR's
    strong: bool = True  # figures: an amount by its own look (a sign, decimals, grouping)
    conf: float = 1.0    # a constrained reading's probability per character


def _box(l) -> list:
    return [tuple(pt) for pt in l.line.box]


def _rows(pool: Sequence, same_row: Callable) -> List[list]:
    """Runs of two or more lines on one row, each near the one before (an amount the detector
    boxed in pieces: "5" "10,00" "000/-", "five Crores" "Ten" "lakhs")."""
    out = []
    for first in pool:
        run = [first]
        for c in sorted((c for c in pool if c is not first and same_row(first, c)
                         and c.x0 > first.x1 - 0.3 * first.h), key=lambda c: c.x0):
            last = run[-1]
            if c.x0 - last.x1 > 5 * max(last.h, c.h):  # ink the detector missed between
                break
            if c.x0 >= last.x1 - 0.3 * last.h:
                run.append(c)
        if len(run) > 1:
            out.append(run)
    return out


def _union(ls: Sequence) -> list:
    x0, y0 = min(l.x0 for l in ls), min(l.y0 for l in ls)
    x1, y1 = max(l.x1 for l in ls), max(l.y1 for l in ls)
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


# the band read around a piece of the figures box: this many of the piece's heights either side
BAND_REACH = 8.0


def _figure_bands(pool: Sequence, all_lines: Sequence, frame, same_row: Callable) -> List[tuple]:
    """(piece, band) for each line with digits in the right half of the cheque, above its MICR
    band: the row around it, from the line before it on its row (or ``BAND_REACH`` heights
    left) to the line after it (or the cheque's right edge). The detector may box only a piece
    of a handwritten amount ("00" of "5,10,00,000/-") and drop the rest."""
    out = []
    for l in pool:
        digits = sum(c.isdigit() for c in l.text)
        if not 1 <= digits <= 12 or frame.fx(l.cx) < 0.5 or frame.fy(l.cy) > 0.8:
            continue
        row = [c for c in all_lines if c is not l and same_row(l, c)]
        x0 = max([l.x0 - BAND_REACH * l.h]
                 + [c.x1 + 0.2 * l.h for c in row if c.x1 <= l.x0 + 0.3 * l.h])
        x1 = min([l.x1 + BAND_REACH * l.h, frame.x(1.0)]
                 + [c.x0 - 0.2 * l.h for c in row if c.x0 >= l.x1 - 0.3 * l.h])
        if x1 - x0 < 1.5 * (l.x1 - l.x0):
            continue  # the line fills its row already
        y0, y1 = l.y0 - 0.3 * l.h, l.y1 + 0.3 * l.h
        out.append((l, [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]))
    return out


def _keeps_digits(piece: str, reading: str) -> bool:
    """Every digit OCR read in the piece is in the band's reading, in order ("44,000/-" read
    "44,00" in its band has lost one)."""
    it = iter(re.sub(r"\D", "", reading))
    return all(d in it for d in re.sub(r"\D", "", piece))


def figure_candidates(reader: LineReader, pool: Sequence, accept: Callable,
                      same_row: Callable, all_lines: Sequence = (), frame=None) -> List[Cand]:
    """Lines of ``pool`` read with digits and separators only; ``accept(line)`` gives the
    figures' parse of the line as read again (``cheque_amounts._find_amount_figures``) and whether it is
    an amount by its own look, or None. With ``frame``: the band of the row around a line with
    digits too (``_figure_bands``), its candidate's ``box`` the band's."""
    out: List[Cand] = []
    pool = [l for l in pool if re.search(r"\d", l.text) or l.line.conf < 0.9]
    # printed words read with confidence: none
    groups = [([l], _box(l), l.text, None) for l in pool]
    groups += [(run, _union(run), None, None) for run in _rows(pool, same_row)]
    if frame is not None:
        groups += [([l], band, None, band) for l, band in
                   _figure_bands(pool, all_lines, frame, same_row)]
    for ls, box, plain, band in groups:
        for r in reader.readings(box, plain, allowed=AMOUNT_CHARS, n=NBEST, within=WITHIN):
            if not (digits_like(r) and keeps_cents(r)):
                continue
            if band is not None and not _keeps_digits(ls[0].text, r.text):
                continue  # the band is read for digits its piece lacks, not for fewer
            # a run is scored as its first line (its place on the page), read as the whole run
            got = accept(replace(ls[0], text=r.text))
            if got is not None:
                fig, strong = got
                out.append(Cand(ls, r.text, fig[1].value, True, r.gap, fig, box=band,
                                strong=strong, conf=r.conf))
    return out


def words_candidates(reader: LineReader, pool: Sequence, all_lines: Sequence, frame,
                     evidence: Callable[[str], bool], same_row: Callable,
                     lang=None, stacked: Sequence[list] = (), decimals: int = 2,
                     more_words: Sequence[str] = ()) -> List[Cand]:
    """Lines of ``pool`` (and the band right of a "Rupees" label) read as words of amounts;
    ``lang`` (``amount_words_intl.WordsLang``): the words of that language, else English.
    ``stacked``: runs of lines one below the other that the words were found on (written over
    two lines), each line read alone and the readings joined. ``decimals``: of the English
    words' minor units (3: fils of a dinar); ``more_words``: the convention's words besides
    the language's (``Convention.words_lexicon``)."""
    out: List[Cand] = []
    lexicon = (list(lang.lexicon) if lang is not None else AMOUNT_WORDS) + list(more_words)
    parse = lang.parse if lang is not None else partial(parse_amount_words, decimals=decimals)

    def take(lines, box, plain):
        for r in reader.readings(box, plain, words=lexicon, n=NBEST, within=WITHIN):
            if not (evidence(r.text) and words_like(r, lang) and keeps_cents(r)):
                continue
            v = parse(r.text)
            if v is not None and v > 0:
                out.append(Cand(lines, r.text, v, True, r.gap, box=None if lines else box,
                                conf=r.conf))

    pool = [l for l in pool if frame.fy(l.cy) > 0.15 and not re.fullmatch(r"[\d\W]*", l.text)
            and (l.line.conf < SURE or like_number_words(l.text, lexicon))]
    for l in pool:
        if len(re.findall(r"[^\W\d_]", l.text)) >= 2:
            take([l], _box(l), l.text)
    for run in _rows(pool, same_row):
        take(run, _union(run), None)
    for run in stacked:
        _take_stacked(reader, run, lexicon, lambda r: evidence(r.text) and words_like(r, lang)
                      and keeps_cents(r), parse, out)
    for lab in all_lines:
        if not _LEFT_WORDS_LABEL.match(lab.text) or frame.fx(lab.x1) > 0.35:
            continue
        x0, x1 = lab.x1 + 0.2 * lab.h, frame.x(0.72)
        y0, y1 = lab.y0 - 0.6 * lab.h, lab.y1 + 0.4 * lab.h
        if x1 - x0 > 4 * lab.h:
            take([], [(x0, y0), (x1, y0), (x1, y1), (x0, y1)], None)
    return out


def _take_stacked(reader: LineReader, run: Sequence, lexicon, good: Callable, parse,
                  out: List[Cand]) -> None:
    """The joined readings of lines one below the other, each read alone as words of amounts
    (the best ``NBEST`` of each; their gaps add, down to ``WITHIN``)."""
    per_line = [reader.readings(_box(l), l.text, words=lexicon, n=NBEST, within=WITHIN)
                for l in run]
    if not all(per_line):
        return
    joined = [([], 0.0, [])]
    for rs in per_line:
        joined = [(texts + [r.text], gap + r.gap, confs + [r.conf]) for texts, gap, confs in joined
                  for r in rs if gap + r.gap <= WITHIN]
    for texts, gap, confs in joined:
        r = Reading(" ".join(texts), 0.0, gap, "words", min(confs),
                    " ".join(l.text for l in run))
        if not good(r):
            continue
        v = parse(r.text)
        if v is not None and v > 0:
            out.append(Cand(list(run), r.text, v, True, gap, conf=r.conf))


# a side of the chosen pair read below a reading of its own crop that has another value by
# less than this (natural log) agrees with the other side only about as likely as not: the
# pair is no check (US fresh9_0035: the words' "42/100" read "92/100" 0.26 below, to agree
# with figures OCR read "53.92"; bench/fusion_margins.py lists every such side)
MOVED = 2.0


def _crop(c: Cand) -> tuple:
    return tuple(id(l) for l in c.lines), None if c.box is None else tuple(map(tuple, c.box))


def moved(c: Cand, side: Sequence[Cand]) -> Optional[Tuple[Decimal, float]]:
    """(the other value, how far below it) where ``c`` is a constrained reading less than
    ``MOVED`` below the best reading of its own crop and that best reading has another value;
    else None."""
    if not c.constrained:
        return None
    same = [x for x in side if x.constrained and _crop(x) == _crop(c)]
    best = min(x.gap for x in same)
    if any(x.value == c.value for x in same if x.gap == best):
        return None
    other = next(x.value for x in same if x.gap == best)
    return (other, c.gap - best) if c.gap - best < MOVED else None


def contested(pair: Tuple[Cand, Cand], figs: Sequence[Cand], words: Sequence[Cand]
              ) -> Optional[str]:
    """Why the pair's agreement is no check (a side read off its own best reading, nearly as
    likely, to agree: ``moved``), or None."""
    for c, side, what in ((pair[0], figs, "figures"), (pair[1], words, "words")):
        m = moved(c, side)
        if m is not None:
            return (f"the amount in {what} agrees only read {m[1]:.1f} below its best reading "
                    f"{m[0]}")
    return None


def choose(figs: List[Cand], words: List[Cand]) -> Optional[Tuple[Cand, Cand]]:
    """The pair that agrees, fewest constrained readings first, then the closest to each
    constraint's best reading; None when no pair agrees."""
    best = None
    for f in figs:
        for w in words:
            if f.value != w.value or any(a is b for a in f.lines for b in w.lines):
                continue
            key = (f.constrained + w.constrained, f.gap + w.gap)
            if best is None or key < best[0]:
                best = (key, f, w)
    return (best[1], best[2]) if best else None


