"""The cheque's MICR band: where it is, its second reading, and the fields it gives
(routing or bank code, account, serial, transaction code) with their checks against the
convention and the printed cheque number.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Dict, List, Optional, Set, Tuple

from .cheque_page import (
    _CHEQUE_NO,
    _L,
    _TYPES,
    _field,
    _Frame,
    _line_text_spaced,
    _Page,
    _same_row,
)
from .conventions import Convention
from .date_boxes import box_letters
from .micr import MICR_PIECE as _MICR_PIECE
from .micr import MicrResult, looks_like_micr
from .micr_layouts import (
    aba_prefix_ok,
    bank_named,
    code_printed,
    fraction_routings,
    in_city_matches_pin,
    parse_for,
    trusted_aba,
)
from .types import (
    STATUS_INVALID,
    STATUS_OK,
    STATUS_UNCHECKED,
    Field,
)


def _find_micr(ls: List[_L], F: _Frame) -> List[_L]:
    """The MICR band: the lowest line that reads like one, with the digit boxes on its row (a
    serial or a transaction code printed apart); without one, a bottom row of digit boxes
    that read like a MICR line together."""
    cands = [l for l in ls if F.fy(l.cy) > 0.6 and looks_like_micr(l.text)]
    if cands:
        bottom = max(cands, key=lambda l: l.cy)
    else:
        pieces = [l for l in ls if F.fy(l.cy) > 0.75 and _BAND_PIECE.match(l.text)
                  and sum(c.isdigit() for c in l.text) >= 2]
        if not pieces:
            return []
        bottom = max(pieces, key=lambda l: l.cy)
        row = _row_of(bottom, pieces)
        joined = " ".join(l.text for l in row)
        return row if sum(c.isdigit() for c in joined) >= 12 else []
    return _row_of(bottom, [l for l in ls if looks_like_micr(l.text) or (
        _MICR_PIECE.match(_U_ON_US.sub("|", l.text)) and sum(c.isdigit() for c in l.text) >= 2)])


# the on-us symbol read "U" at a digit run's edge ("U540125U", "H813177U": a serial's symbols)
_U_ON_US = re.compile(r"(?<=\d)U|U(?=\d)")


# a piece of the band as the bottom row's pieces may be read: ``MICR_PIECE``, a dash symbol read
# as a dot or a dash ("791638 09.'84381": a sort code's E-13B dash), the on-us symbol read "μ"
# ("361320μ1")
_BAND_PIECE = re.compile(_MICR_PIECE.pattern.replace("]+$", ".\\-μ]+$"))


def _row_of(first: _L, cands: List[_L]) -> List[_L]:
    """``first`` and the candidates on its row, left to right: on the row of ``first`` or of one
    taken already (the band of a leaf photographed off its axis slants: its serial's piece is
    not on the row of the transaction code at the other end, but on its neighbour's)."""
    row, left = [first], [c for c in cands if c is not first]
    grown = True
    while grown:
        grown = False
        for c in list(left):
            if any(_same_row(r, c) for r in row):
                row.append(c)
                left.remove(c)
                grown = True
    return sorted(row, key=lambda l: l.x0)


# the word of a cheque number's label ("Cheque", "Chq.", "Chèque"), the "No" after it apart
_CHEQUE_WORD = r"(?:cheque|chèque|check|chq)\.?\s*"
# a cheque number printed at the top left (French-style leaves: Tunisia, Morocco, France print
# "CHEQUE N°" over a seven-digit number there): the number alone, six or seven digits
_CHEQUE_NO_LEFT = re.compile(
    r"^\s*(?:%s)?(?:(?:no|n°|nº)\b\.?|#)?\s*[:.]?\s*" % _CHEQUE_WORD
    + r"(?P<num>\d{6,7})\s*$", re.I)


_NUMBER_LABEL_END = re.compile(r"(?:cheque|chèque|check|chq|\bno|n°|nº|#)\W{0,2}$", re.I)


def _not_a_number(l: _L, ls: List[_L]) -> bool:
    """Digits that are something else than the cheque's number: written in the date boxes (over
    the printed "D D M M Y Y Y Y", or right of a "Date" label alone on its row), a date's year
    read apart from its day and month, or a PIN code
    ending the branch address (a line of words, not a "No." label, just left of it on its
    row)."""
    for b in ls:
        if b is not l and box_letters(b.text) and 0 <= b.y0 - l.cy <= 2.5 * l.h \
                and b.x0 < l.x1 and b.x1 > l.x0:
            return True
        if b is not l and re.fullmatch(r"\s*date\W{0,2}", b.text, re.I) and _same_row(l, b) \
                and 0 <= l.x0 - b.x1 <= 8 * b.h:
            return True
        if b is not l and _DATE_HEAD.search(b.text) and re.fullmatch(r"\s*\d{4}\s*", l.text) \
                and _same_row(l, b) and -l.h <= l.x0 - b.x1 <= 2 * l.h:
            return True  # the year of a date OCR boxed apart ("15-01-" "2019")
    if re.fullmatch(r"\s*[1-8]\d{5}\s*", l.text):
        for b in ls:
            if b is not l and _same_row(l, b) and 0 <= l.x0 - b.x1 <= 3 * l.h \
                    and re.search(r"[A-Za-z]{3}", b.text) and not _NUMBER_LABEL_END.search(b.text):
                return True
    return False


# a date's day and month with the separator after them: its year was read apart
_DATE_HEAD = re.compile(r"(?<!\d)\d{1,2}([-/.])\d{1,2}\1\s*$")
_NUMBER_LABEL_ALONE = re.compile(r"^\s*%s(?:no|n°|nº|number|#)\W{0,2}$" % _CHEQUE_WORD, re.I)


def _number_beside_label(ls: List[_L], F) -> Optional[Tuple[_L, str]]:
    """A number of three to eight digits read as a line of its own right after a "Cheque No."
    label read alone, on its row in the top third (a Gulf leaf's "Cheque No. 01000427")."""
    for lab in (l for l in ls if _NUMBER_LABEL_ALONE.match(l.text) and F.fy(l.cy) <= 0.33):
        right = sorted((c for c in ls if c is not lab and _same_row(lab, c)
                        and lab.x1 - 0.5 * lab.h <= c.x0 <= lab.x1 + 4 * lab.h
                        and re.fullmatch(r"\s*\d{3,8}\s*", c.text)), key=lambda c: c.x0)
        if right:
            return right[0], right[0].text.strip()
    return None


# a number of seven or eight digits at the top right is the cheque's with its label read before
# it ("No. 1740325": Canadian leaves), never bare
_CHEQUE_NO_LONG = re.compile(
    r"^\s*(?:(?:cheque|check|chq|ck)\.?\s*)?(?:no\b\.?|n°|nº|#)\s*[:.]?\s*(?P<num>\d{7,8})\s*$",
    re.I)


# the number after the cheque's own label, the word and "No" both read
_CHEQUE_NO_LABELLED = re.compile(
    r"^\s*%s(?:no\b\.?|n°|nº|number|#)\s*[:.]?\s*(?P<num>\d{3,8})\s*$" % _CHEQUE_WORD, re.I)


def _find_cheque_number(ls: List[_L], F: _Frame, left: bool = True,
                        label: Optional[str] = None) -> Optional[Tuple[_L, str]]:
    """The number printed at the top right (three to six digits, "No", "#" or "Cheque No"
    before it; seven or eight with one of those before it); where there is none and ``left``,
    "Cheque No." and three to eight digits anywhere in the top third; where there is none and
    ``left``, a number of six or seven digits standing alone at the top left (not on an Indian
    leaf: there it is the branch's PIN code).
    ``label``: a convention's label of the number ("Çek No", "CHEQUE N°"): the number after it
    anywhere in the top third comes first."""
    if label:
        rx = re.compile(r"^\s*(?:%s)\s*[:.]?\s*(?P<num>\d{3,8})\s*$" % label, re.I)
        top = [l for l in ls if F.fy(l.cy) <= 0.33 and rx.match(l.text)]
        if top:
            l = min(top, key=lambda l: l.y0)
            return l, rx.match(l.text).group("num")
    beside = _number_beside_label(ls, F)
    if beside is not None:
        return beside
    best = None
    for l in ls:
        if F.fy(l.cy) > 0.3 or F.fx(l.cx) < 0.55:
            continue
        m = _CHEQUE_NO.match(l.text) or _CHEQUE_NO_LONG.match(l.text)
        if not m:
            continue
        score = F.fx(l.x1) - F.fy(l.y0)
        if best is None or score > best[0]:
            best = (score, l, m.group("num"))
    if best is None:
        # "Cheque No. 59061825" in full anywhere in the top third (a Gulf leaf's, printed at
        # the top's middle): the label says what it is
        top = [(l, m) for l in ls if F.fy(l.cy) <= 0.33
               for m in [_CHEQUE_NO_LABELLED.match(l.text)] if m]
        if top:
            l, m = min(top, key=lambda lm: lm[0].y0)
            return l, m.group("num")
    if best is None and left:
        at_left = [l for l in ls if F.fy(l.cy) <= 0.25 and F.fx(l.cx) < 0.45
                   and _CHEQUE_NO_LEFT.match(l.text)]
        if at_left:
            l = min(at_left, key=lambda l: l.y0)
            return l, _CHEQUE_NO_LEFT.match(l.text).group("num")
    return (best[1], best[2]) if best else None


@dataclass
class _Micr:
    lines: List[_L]                     # the MICR band, left to right (empty: none found)
    number: Optional[Tuple[_L, str]]    # the printed cheque number's line and digits
    parsed: Optional[MicrResult]        # the MICR band's routing, account and serial
    against: bool = False               # read turned against the page's other lines

    @property
    def printed_no(self) -> Optional[str]:
        return self.number[1] if self.number else None


@dataclass
class MicrAgain:
    """The MICR band read again (``_micr_again``)."""
    text: str                           # its text, parsed instead of OCR's reading
    lines: Optional[List[_L]] = None    # the band, where OCR's reading of it did not show one
    against: bool = False               # a piece read turned against the page's other lines


# ----------------------------------------------------------------------------- one step each


def _micr_text(micr: List[_L]) -> str:
    pitch = _pitch(micr)
    return " ".join(_band_text(l, pitch) for l in micr)


def _pitch(micr: List[_L]) -> Optional[float]:
    """The band's character pitch (E-13B prints every character in the same width): the
    median width per character of its words of three characters or more."""
    per = sorted((max(p[0] for p in w.box) - min(p[0] for p in w.box)) / len(w.text)
                 for l in micr for w in (getattr(l.line, "words", None) or [])
                 if len(w.text) >= 3 and w.box)
    return per[len(per) // 2] if per else None


def _band_text(l: _L, pitch: Optional[float]) -> str:
    """A band piece's text spaced by its word boxes, where digits OCR spaced apart by less
    than one character's pitch are one group ("10 2 5" for an evenly printed 1025): E-13B
    prints a group's digits at a fixed pitch, and groups apart by a symbol or a blank."""
    text = _line_text_spaced(l)
    words = getattr(l.line, "words", None) or []
    if pitch is None or len(words) < 2:
        return text
    if re.sub(r"\s+", "", " ".join(w.text for w in words)) != re.sub(r"\s+", "", l.text):
        return text
    out = words[0].text
    for a, b in zip(words, words[1:]):
        ax0, ax1 = min(p[0] for p in a.box), max(p[0] for p in a.box)
        bx0, bx1 = min(p[0] for p in b.box), max(p[0] for p in b.box)
        gap = max(bx0 - ax1, ax0 - bx1)
        glued = a.text[-1:].isdigit() and b.text[:1].isdigit() and gap < 0.8 * pitch
        out += ("" if glued else " ") + b.text
    return out


def _micr_and_number(p: _Page, conv: Convention, again: Optional[MicrAgain] = None) -> _Micr:
    """The MICR band and the printed cheque number, first: they are the least ambiguous.
    ``again``: the band read again (``_micr_again``), parsed instead of OCR's reading."""
    micr = (again.lines if again is not None and again.lines else None) or _find_micr(p.ls, p.F)
    p.use(*micr)
    num = _find_cheque_number([l for l in p.free() if not _not_a_number(l, p.ls)], p.F,
                              left=conv.micr != "in_cts", label=conv.number_label)
    if num:
        p.use(num[0])
    m = _Micr(micr, num, None, bool(again and again.against))
    if micr:
        texts = [l.text for l in p.ls if l not in micr]
        m.parsed = parse_for(conv.micr, again.text if again else _micr_text(micr),
                             cheque_number=m.printed_no, texts=texts)
        if again is not None and not again.lines and conv.micr in _FIXED_GROUPS:
            plain = parse_for(conv.micr, _micr_text(micr), cheque_number=m.printed_no,
                              texts=texts)
            if _more_groups(plain, m.parsed):
                plain.notes.append(_PLAIN_KEPT)
                m.parsed = plain
        if m.against:
            m.parsed.notes.append(_AGAINST)
    return m


# layouts whose every group has a fixed length (India's CTS-2010: 6, 9, 6, 2)
_FIXED_GROUPS = ("in_cts",)
_PLAIN_KEPT = ("OCR's reading kept: it splits into more of the layout's groups, and the second "
               "reading's groups are among them")


def _more_groups(plain: MicrResult, again: MicrResult) -> bool:
    """OCR's reading of a band gives more of the layout's groups than the second reading, and
    every group the second gives is the same in it (the second reading took a digit of a group
    for a symbol's bar: "1206115000150481" read again "12061 500015048")."""
    keys = ("serial", "routing", "account", "transaction")
    a = {k: getattr(again, k) for k in keys if getattr(again, k)}
    b = {k: getattr(plain, k) for k in keys if getattr(plain, k)}
    return bool(b.get("routing")) and len(b) > len(a) and all(b.get(k) == v for k, v in a.items())


_AGAINST = "the MICR band reads turned against the page's other lines: not trusted"


def _page_way(ls: List[_L], skip: List[_L]) -> int:
    """Which way the page's lines read in its own coordinates (1: left to right, -1: right to
    left, 0: not known), by the order of their words (the OCR reads a line turned round when
    its classifier says so, and keeps the words in reading order)."""
    votes = 0
    for l in ls:
        words = getattr(l.line, "words", None) or []
        if l in skip or len(words) < 2 or l.line.conf < 0.9:
            continue
        a, b = words[0].box, words[-1].box
        dx = sum(pt[0] for pt in b) / len(b) - sum(pt[0] for pt in a) / len(a)
        votes += 1 if dx > 0 else -1 if dx < 0 else 0
    return (votes > 0) - (votes < 0)


def _reads_way(box, turned: bool) -> int:
    """Which way the crop of ``box`` (as boxed, or turned half round) reads on the page."""
    dx = box[1][0] - box[0][0]
    way = (dx > 0) - (dx < 0)
    return -way if turned else way


def _band_by_reading(p: _Page, reader, allowed: str):
    """Where OCR's reading shows no MICR band: the lowest wide line of the foot that reads as
    one under the E-13B alphabet, one way round or the other (a band the line classifier
    turned and OCR read as "1939"), as (line, reading, turned); else None."""
    cands = sorted((l for l in p.ls if p.F.fy(l.cy) > 0.7 and l.x1 - l.x0 >= 0.25 * p.F.w
                    and l.line.conf < 0.9), key=lambda l: -l.cy)[:2]
    for l in cands:
        a, b = reader.both_ways([tuple(pt) for pt in l.line.box], allowed)
        r = max((x for x in (a, b) if x is not None), key=lambda x: x.logp, default=None)
        if r is not None and r.conf >= 0.5 and looks_like_micr(r.plain):
            return l, r, r is b
    return None


def _micr_again(p: _Page, reader) -> Optional[MicrAgain]:
    """The MICR band read again with the E-13B alphabet (digits, the symbols as ``micr.py``
    reads them): a piece OCR read the other way round (the line classifier turns some MICR
    lines) is read the way round that is more likely under that alphabet, unless that way is
    against the page's other lines; a "1" read unsure at a group's end is a symbol's bar
    (``_symbol_ones``); the short pieces on its row that OCR read as letters ("IE" for 31) are
    read with it (``_near_tie``); the others stay as OCR read them. Where OCR's reading shows
    no band, the line that reads as one (``_band_by_reading``). None: nothing changed."""
    from difflib import SequenceMatcher

    from .constrained import MICR_CHARS

    micr = _find_micr(p.ls, p.F)
    way = _page_way(p.ls, micr)
    if not micr:
        found = _band_by_reading(p, reader, MICR_CHARS)
        if found is None:
            return None
        l, r, turned = found
        return MicrAgain(r.plain, [l], bool(way) and _reads_way(l.line.box, turned) != way)
    row = sorted({id(l): l for l in micr + [
        l for l in p.ls if _same_row(micr[0], l) and len(l.text.strip()) <= 4
        and p.F.fy(l.cy) > 0.75]}.values(), key=lambda l: l.x0)
    texts, changed = [], False
    pitch = _pitch(micr)
    for l in row:
        if l in micr and l.line.conf >= 0.97:  # read with confidence: not the other way round
            texts.append(_band_text(l, pitch))
            continue
        a, b = reader.both_ways([tuple(pt) for pt in l.line.box], MICR_CHARS)
        r = max((x for x in (a, b) if x is not None), key=lambda x: x.logp, default=None)
        if l in micr:
            if a is not None and b is not None and (r is b) != (
                    SequenceMatcher(None, b.plain, l.text).ratio()
                    > SequenceMatcher(None, a.plain, l.text).ratio()) and not (
                    way and _reads_way(l.line.box, r is b) != way):
                # OCR read it the less likely way round (and that way is not against the
                # page's other lines: E-13B digits read upside down are often digits too)
                texts.append(r.plain)
                changed = True
                continue
            # the crop of the stored box (rounded to 0.1 px) read again: where an E-13B symbol
            # sits on the edge of reading as a digit (the on-us symbol read as a "1" at 0.34),
            # the two readings differ; the more confident one is taken
            again = reader.plain([tuple(pt) for pt in l.line.box])
            fewer = _dropped(_band_text(l, pitch), again.text) \
                if again is not None and again.conf > l.line.conf + 0.01 else None
            fewer = fewer or _symbol_ones(_band_text(l, pitch), again, band_end=l is row[-1],
                                          ends=_word_ends(l))
            texts.append(fewer or _band_text(l, pitch))
            changed = changed or fewer is not None
        elif r is not None and sum(c.isdigit() for c in r.text) >= 2:
            texts.append(_near_tie(reader, l, r, MICR_CHARS))
            changed = True
    return MicrAgain(" ".join(texts)) if changed else None


# letters a general OCR model reads for E-13B digits (the 1's heavy foot reads as an "L")
_LOOKALIKE = str.maketrans("LlIi|!OoDQSsBZzG", "1111110000558226")
# readings closer than this (natural log) are a tie the plain reading's shapes settle
_TIE = 0.5


def _near_tie(reader, l: _L, best, allowed: str) -> str:
    """A short piece's reading under the E-13B alphabet; where another reading is about as
    likely (within ``_TIE``) and is what OCR read with its letters taken as the digits they
    look like ("3L": 36 at -2.39, 31 at -2.50), that one."""
    shaped = l.text.strip().translate(_LOOKALIKE)
    if best.text == shaped or not shaped.isdigit():
        return best.text
    for alt in reader.readings([tuple(pt) for pt in l.line.box], None, allowed=allowed, n=5,
                               within=_TIE):
        if alt.text == shaped and best.logp - alt.logp <= _TIE:
            return alt.text
    return best.text


# a "1" read below this confidence at the end of a digit group is a symbol's bar; before a
# space or a ":", or at the band's end (the on-us symbol after a US account), below the second:
# there a digit "1" read at 0.98 and more and the symbols' bars at 0.16 to 0.93 on the US and
# Indian synthetic sets (bench/micr_bar_conf.py), while a digit "1" before a symbol read as a
# letter ("...6201I") read as low as 0.74 on an Indian leaf, and a real Indian serial boxed
# alone ("120611", not the band's end) at 0.79
_BAR_CONF = 0.5
_END_BAR_CONF = 0.95


def _word_ends(l: _L) -> Set[int]:
    """Where the OCR's word boxes of a band piece end, as counts of the piece's characters
    (spaces aside) before each end; none where the words do not make the piece's text."""
    words = getattr(l.line, "words", None) or []
    if re.sub(r"\s+", "", "".join(w.text for w in words)) != re.sub(r"\s+", "", l.text):
        return set()
    ends, k = set(), 0
    for w in words[:-1]:
        k += len(re.sub(r"\s+", "", w.text))
        ends.add(k)
    return ends


def _symbol_ones(ocr: str, again, band_end: bool = False, ends: Set[int] = frozenset()
                 ) -> Optional[str]:
    """OCR's text with a gap for each "1" that ends or starts a group of digits and that the
    recogniser read below ``_BAR_CONF`` (``_END_BAR_CONF`` before a space or ":", or at the band's
    end where ``band_end`` says the piece ends the band: not a serial boxed alone; the bars of the
    on-us and transit symbols read as a "1": "89003461" + the on-us symbol read "890034611" at
    0.34), from ``again`` (the same
    crop read again, with each character's confidence); None when there is none, or when the
    second reading is not OCR's. ``ends``: where OCR's word boxes end (``_word_ends``): a "1"
    that ends a word box is one before a space ("50400826921" boxed apart from the serial
    "38917" it was read glued to)."""
    if again is None or not getattr(again, "char_conf", None):
        return None
    if len(again.char_conf) != len(again.text):
        return None
    # as the page's lines are read (NFKC: "Ⅱ" is "II"), each character its confidence
    pairs = [(x, c) for ch, c in zip(again.text, again.char_conf)
             for x in unicodedata.normalize("NFKC", ch)]
    text, conf = "".join(x for x, _ in pairs), [c for _, c in pairs]
    if re.sub(r"\s", "", text) != re.sub(r"\s", "", ocr):
        return None
    drop, k = set(), 0
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        # before a space or a ":" (the transit symbol's other half), or at the band's end
        boxed = k + 1 in ends
        bare = text[i + 1:i + 2] in (" ", ":") or (band_end and not text[i + 1:].strip()) \
            or boxed
        if ch == "1" and conf[i] < (_END_BAR_CONF if bare else _BAR_CONF):
            run = re.match(r"\d*", text[i:]).group(0)
            back = re.search(r"\d*$", text[:i]).group(0)
            # ending a group (or a word box) of two digits and more, or starting one of three
            if ((len(run) == 1 or boxed) and len(back) >= 2) or (not back and len(run) >= 3):
                drop.add(k)
        k += 1
    if not drop:
        return None
    out, k = [], 0
    for ch in ocr:
        if ch.isspace():
            out.append(ch)
            continue
        out.append(" " if k in drop else ch)
        k += 1
    return re.sub(r" +", " ", "".join(out)).strip()


def _dropped(ocr: str, again: str) -> Optional[str]:
    """OCR's text with the one or two digits left out that a second reading of the same crop
    does not have (a gap in their place), when that reading is OCR's less those digits (spaces
    aside); else None."""
    a, o = re.sub(r"\s", "", again), re.sub(r"\s", "", ocr)
    if not a or not 1 <= len(o) - len(a) <= 2:
        return None
    out, k = [], 0
    for ch in ocr:
        if ch.isspace() or (k < len(a) and ch == a[k]):
            out.append(ch)
            k += 0 if ch.isspace() else 1
        elif ch.isdigit():  # a symbol read as a digit; any other difference: not this case
            out.append(" ")
        else:
            return None
    return re.sub(r" +", " ", "".join(out)).strip() if k == len(a) else None


def _cheque_number_field(m: _Micr) -> Optional[Field]:
    """The printed number, checked against the MICR serial; else the MICR serial."""
    mres = m.parsed
    if m.number:
        nl, digits = m.number
        st, msg = STATUS_UNCHECKED, "no MICR serial to check against"
        if mres and mres.serial:
            if mres.serial.lstrip("0") == digits.lstrip("0"):
                st, msg = STATUS_OK, ""
            else:
                st, msg = STATUS_INVALID, f"MICR serial {mres.serial} differs from cheque number"
        return _field("cheque_number", _TYPES["cheque_number"], nl.text.strip(), digits, [nl],
                      st, msg)
    if mres and mres.serial:
        return _field("cheque_number", _TYPES["cheque_number"], mres.serial,
                      mres.serial.lstrip("0") or "0", m.lines, STATUS_UNCHECKED,
                      "read from the MICR serial")
    return None


def _printed_elsewhere(p: _Page, digits: str, micr: List[_L]) -> Optional[_L]:
    """A line off the MICR band that prints these digits too (the cheque number at the top,
    an account id line); only for groups of six digits or more, which do not meet by chance."""
    if not digits or len(digits) < 6:
        return None
    band = {id(l) for l in micr}
    for l in p.ls:
        if id(l) in band:
            continue
        for run in re.findall(r"\d+", l.text):
            # the whole group, or one end of a longer one ("SAN:290062083654": account id and
            # serial side by side); not a piece from inside another number, nor the number
            # less a digit ("173139" is not printed in "No. 1731391")
            if run == digits or (len(digits) + 4 <= len(run) <= len(digits) + 8
                                 and (run.startswith(digits) or run.endswith(digits))):
                return l
    return None


def _serial_status(serial: str, printed_no: Optional[str], notes: str,
                   elsewhere: Optional[_L] = None) -> Tuple[str, str]:
    if not printed_no:
        if elsewhere is not None:
            return STATUS_OK, f"printed on the cheque too ({elsewhere.text.strip()!r})"
        return STATUS_UNCHECKED, notes
    if serial.lstrip("0") == printed_no.lstrip("0"):
        return STATUS_OK, notes
    return STATUS_INVALID, "MICR serial differs from the printed cheque number"


def _routing_status(p: _Page, m: _Micr, conv: Convention) -> Tuple[str, str]:
    """The routing or bank code's status under the page's convention: ``ok`` only when its
    convention's check passed on a reading that stands as a whole group of the MICR line."""
    mres = m.parsed
    r = mres.routing
    if mres.layout == "anchored":  # found in the band because the leaf prints it
        return STATUS_OK, "the bank code the leaf prints, found in the MICR band"
    if conv.micr == "aba":
        if trusted_aba(mres.raw, r):
            return STATUS_OK, ""
        spelt = fraction_routings([l.text for l in p.ls if l not in m.lines]).get(r)
        if spelt:
            return STATUS_OK, f"the fractional routing the leaf prints ({spelt!r}) spells it"
        if mres.routing_valid:
            why = ("its first digits are outside the Federal Reserve ranges"
                   if not aba_prefix_ok(r) else "it is not a whole group between transit symbols")
            return STATUS_UNCHECKED, f"passes the ABA check digit, but {why}: not trusted"
        return STATUS_INVALID, "routing number fails the ABA check digit"
    if conv.micr == "in_cts":
        others = [l.text for l in p.ls if l not in m.lines]
        pin = in_city_matches_pin(r, others)
        if pin:
            return STATUS_OK, f"city code {r[:3]} agrees with the branch PIN {pin}"
        if bank_named("in_cts", r, others):
            return STATUS_UNCHECKED, (f"bank code {r[3:6]} is the bank the leaf names; no branch "
                                      "PIN on the leaf agrees with its city code")
        return STATUS_UNCHECKED, ("MICR code (city-bank-branch) has no check digit, and no "
                                  "branch PIN on the leaf agrees with its city code")
    if conv.micr in _CODE_NAMES:
        return _code_status(conv.micr, r, [l.text for l in p.ls if l not in m.lines])
    return STATUS_UNCHECKED, f"{conv.name}: no check for the bank code"


_CODE_NAMES = {"au": "BSB", "uk": "sort code", "ca": "transit and institution number",
               "lk": "bank and branch code"}


def code_lines(p: _Page, m: _Micr, conv: Convention) -> List[_L]:
    """The lines off the MICR band that print its bank code ("09-25-92", a UK sort code in a
    date's shape; a BSB): no date, and no other field's value."""
    mres = m.parsed
    if not mres or not mres.routing or conv.micr not in _CODE_NAMES:
        return []
    return [l for l in p.ls if l not in m.lines
            and code_printed(conv.micr, mres.routing, [l.text]) is not None]


def _code_status(layout: str, code: str, texts: List[str]) -> Tuple[str, str]:
    """An AU, UK or Canadian bank code has no check digit: ``ok`` only where the leaf prints
    it too ("BSB 063-978", "20-45-77"); the bank its first digits name is told, not trusted."""
    what = _CODE_NAMES[layout]
    seen = code_printed(layout, code, texts)
    if seen:
        return STATUS_OK, f"{what} printed on the leaf too ({seen!r})"
    named = bank_named(layout, code, texts)
    bank = ("; its bank is the one the leaf names" if named else
            "; its bank is not the one the leaf names" if named is False else "")
    return STATUS_UNCHECKED, f"{what} has no check digit and is printed nowhere else{bank}"


def _micr_fields(p: _Page, m: _Micr, conv: Convention) -> Dict[str, Field]:
    """Routing or bank code (by the convention's check), account and serial (against the
    printed number, or digits printed elsewhere on the cheque), transaction code."""
    mres, out = m.parsed, {}
    if not mres:
        return out
    raw, notes = mres.raw, "; ".join(mres.notes)
    if mres.routing:
        st, msg = _routing_status(p, m, conv)
        out["micr_routing"] = _field("micr_routing", _TYPES["micr_routing"], raw, mres.routing,
                                     m.lines, st, msg)
    if mres.account:
        seen = _printed_elsewhere(p, mres.account, m.lines)
        st, msg = ((STATUS_OK, f"printed on the cheque too ({seen.text.strip()!r})") if seen
                   else (STATUS_UNCHECKED, notes))
        out["micr_account"] = _field("micr_account", _TYPES["micr_account"], raw, mres.account,
                                     m.lines, st, msg)
    if mres.serial:
        st, msg = _serial_status(mres.serial, m.printed_no, notes,
                                 _printed_elsewhere(p, mres.serial, m.lines))
        out["micr_serial"] = _field("micr_serial", _TYPES["micr_serial"], raw, mres.serial,
                                    m.lines, st, msg)
    if mres.transaction:
        out["micr_transaction"] = _field("micr_transaction", "text", raw, mres.transaction,
                                         m.lines, STATUS_UNCHECKED, "transaction code")
    if m.against or mres.layout == "cmc7":  # no check makes such a reading trustworthy
        for f in out.values():
            if f.status == STATUS_OK:
                f.status, f.message = STATUS_UNCHECKED, (
                    _AGAINST if m.against else "CMC-7 groups have no check: "
                    + (f.message or "not trusted"))
    return out
