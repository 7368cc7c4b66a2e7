"""A date written one digit per box (DDMMYYYY, India's CTS-2010 cheques) read again from the page.

The detector often misses a handwritten digit in its box (a "1" is a stroke next to the box's
side), so the boxes' own lines do not make eight digits. The printed "D D M M Y Y Y Y" under the
boxes places them: their pitch and where the row starts and ends. The band just above the letters,
the width of the eight boxes, is read as one crop with digits only (``constrained``), and taken
when it reads as exactly eight digits that make a real date.

Where that crop does not make eight digits (a digit lost at a box's side, two run together),
each box is read alone: the CTC matrix of its crop, inside its printed sides, gives the
probability of each of the ten digits, and the eight boxes are decoded together as the most
likely real date (``each_box``), taken when every box holds a digit; where another date reads
nearly as well the date is given with that other one, for the field to say it is a guess.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from statistics import median
from typing import List, Optional, Sequence, Tuple

import numpy as np

from .constrained import LineReader, ctc_logp

PATTERN = "DDMMYYYY"
DIGITS = "0123456789"
MAX_GAP = 2.0  # a reading this far (natural log) below the best one may still be the date
FIRST_YEAR, LAST_YEAR = 1950, 2099  # the years a date in boxes may have
# each box read alone: its crop's half width in pitches (inside the box's printed sides); the
# least log-probability of a box's digit; how far (natural log) below the date read the next
# real date must lie. Set from one look at the boxes' digit scores of the Indian synthetic
# fresh4 leaves (right digits of boxes the band lost at -0.2 and better, the next digit at -4.7
# and lower; no bench prints them); BOX_MIN then lowered from -2.0 to -4.0 for a "1" written
# with a flag, read "7" at -0.1 and "1" at -2.9 and -3.6 (Indian fresh9_0035: 15/06/2016 in
# boxes, which the calendar alone makes a "1"). What they give on every Indian set is
# bench/cheque_synth_bench.py --kind in --image --before REV
BOX_HALF = 0.42
BOX_MIN = -4.0
BOX_GAP = 3.0
# how far above the printed letters (in letter heights) a piece of the boxes' digits OCR found
# may start and still set the band's top (boxes taller than the band the letters alone give)
PIECE_REACH = 5.0


def box_letters(text: str) -> bool:
    """A line of the printed letters under date boxes: "D D M M Y Y Y Y", some of them, or all
    eight with one or two read as other letters ("ODRMYYYY")."""
    t = re.sub(r"\s", "", text).upper()
    if 1 <= len(t) <= 8 and all(c in "DMY" for c in t):
        return True
    return len(t) == 8 and t.isalnum() and sum(c in "DMY" for c in t) >= 6 and \
        not any(c.isdigit() and c != "0" for c in t)


def _cells(labels: Sequence) -> List[Tuple[str, float, float, float]]:
    """(letter, centre x, top, height) of every printed D/M/Y letter, left to right; each
    character of the label's text but spaces takes an equal share of its width, so a letter
    misread ("ODRMYYYY" for "DDMMYYYY") keeps its place and the others theirs."""
    out = []
    for l in labels:
        text = re.sub(r"\s", "", l.text).upper()
        if not re.search(r"[DMY]", text):
            continue
        w = (l.x1 - l.x0) / len(text)
        for k, c in enumerate(text):
            if c in "DMY":
                out.append((c, l.x0 + (k + 0.5) * w, l.y0, l.y1 - l.y0))
    return sorted(out, key=lambda c: c[1])


def _one_row(labels: Sequence) -> list:
    """The labels on the row that holds the most D/M/Y letters (the boxes' printed letters;
    not a signature's scribble read "Mm" lower down the leaf)."""
    def letters(ls):
        return sum(len(re.sub(r"[^DMY]", "", re.sub(r"\s", "", l.text).upper())) for l in ls)

    rows = [[o for o in labels if abs((o.y0 + o.y1) / 2 - (l.y0 + l.y1) / 2)
             <= 0.5 * max(l.y1 - l.y0, o.y1 - o.y0)] for l in labels]
    return max(rows, key=lambda r: (letters(r), -min(o.y0 for o in r)), default=[])


def _fit(cells, steps, pitch: float) -> Optional[Tuple[float, int]]:
    """(pitch, the first letter's place in D D M M Y Y Y Y) when the letters fit the pattern
    at about this pitch (a missed letter leaves a double step: steps are counted in
    pitches); None when they do not."""
    rel = [0]
    for s in steps:
        rel.append(rel[-1] + max(1, round(s / pitch)))
    pitch = (cells[-1][1] - cells[0][1]) / rel[-1] if rel[-1] else pitch
    fits = [o for o in range(8 - rel[-1])
            if all(PATTERN[o + r] == c[0] for r, c in zip(rel, cells))]
    return (pitch, fits[0]) if fits else None


def _fit_gaps(cells, steps) -> Optional[Tuple[float, int]]:
    """Where most letters were missed, the median step is a gap of several boxes ("D" "M"
    "Y" "Y" read of eight: steps of 3, 1 and 3 boxes): the largest pitch that makes every step
    a whole number of boxes (within a fifth of one) and fits the pattern."""
    pitches = sorted({s / k for s in steps for k in range(1, 8) if s > 0}, reverse=True)
    for pitch in pitches:
        if all(abs(s / pitch - round(s / pitch)) <= 0.2 for s in steps) and \
                sum(round(s / pitch) for s in steps) <= 7:
            got = _fit(cells, steps, pitch)
            if got is not None:
                return got
    return None


def _fit_cells(cells) -> Optional[Tuple[float, int]]:
    """(pitch, the first letter's place) of the letters ``cells`` (``_fit``, ``_fit_gaps``)."""
    steps = [b[1] - a[1] for a, b in zip(cells, cells[1:])]
    pitch = median(steps)
    if pitch <= 0:
        return None
    return _fit(cells, steps, pitch) or _fit_gaps(cells, steps)


def _geometry(labels: Sequence, low: bool = False, pieces: Sequence = ()
              ) -> Optional[Tuple[float, float, float, float]]:
    """(the first box's centre x, the pitch, the band's top, its bottom) of the eight digit
    boxes above the printed letters; None when the letters do not fit D D M M Y Y Y Y at an even
    pitch. ``low``: a lower, narrower band, from under one letter height above the letters to a
    third of one into them (boxes that sit on the letters, read on photos and scans whose
    letters OCR boxed tall). ``pieces``: the page's lines; digits OCR found in the boxes that
    start above the band raise its top to them (boxes taller than two letter heights)."""
    cells = _cells(_one_row(labels))
    if len(cells) < 3:
        return None
    got = _fit_cells(cells)
    if got is None and len(cells) >= 5:
        # a letter at one end that is none of the boxes' (a bilingual "Date" label beside
        # them read "m")
        for part in (cells[1:], cells[:-1]):
            got = _fit_cells(part)
            if got is not None:
                cells = part
                break
    if got is None:
        return None
    pitch, o = got
    lh = median(c[3] for c in cells)
    top = min(c[2] for c in cells)
    y0, y1 = (top - 0.9 * lh, top + 0.35 * lh) if low else (top - 1.9 * lh, top + 0.1 * lh)
    c0 = cells[0][1] - o * pitch
    ink = [q.y0 for q in pieces if c0 - 0.5 * pitch <= q.cx <= c0 + 7.5 * pitch
           and top - PIECE_REACH * lh <= q.y0 < y0 and q.y1 <= top + 0.3 * lh
           and re.search(r"\d", q.text) and q not in labels]
    if ink:  # the digits OCR found in the boxes reach higher: the band takes them whole
        y0 = min(ink) - 0.1 * lh
    # boxes at the image's top edge (a leaf cropped tight): the band starts at the edge
    return c0, pitch, max(0.0, y0), y1


def _band_box(g: Tuple[float, float, float, float]) -> list:
    """The box of the eight digit boxes of the geometry ``g`` (``_geometry``)."""
    c0, pitch, y0, y1 = g
    x0 = c0 - 0.8 * pitch
    x1 = x0 + 8.6 * pitch
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def band(labels: Sequence, low: bool = False) -> Optional[list]:
    """The box of the eight digit boxes above the printed letters (``_geometry``), or None."""
    g = _geometry(labels, low)
    return None if g is None else _band_box(g)


def ddmmyyyy(d: str) -> Optional[str]:
    """The ISO date of eight digits DDMMYYYY (years ``FIRST_YEAR`` to ``LAST_YEAR``), or
    None."""
    try:
        day = dt.date(int(d[4:]), int(d[2:4]), int(d[:2]))
    except ValueError:
        return None
    return day.isoformat() if FIRST_YEAR <= day.year <= LAST_YEAR else None


def latest_year() -> int:
    """The latest year a date in boxes may have: next year (a cheque may be post-dated)."""
    return dt.date.today().year + 1


@lru_cache(maxsize=4)
def _real_dates(last_year: int) -> np.ndarray:
    """(n, 8) the digits DDMMYYYY of every real date from ``FIRST_YEAR`` to the end of
    ``last_year`` (``LAST_YEAR`` at the most)."""
    day, end, out = dt.date(FIRST_YEAR, 1, 1), dt.date(min(last_year, LAST_YEAR), 12, 31), []
    while day <= end:
        out.append(day.strftime("%d%m%Y"))
        day += dt.timedelta(days=1)
    return np.array([[int(c) for c in d] for d in out], dtype=np.int64)


def _box_scores(reader: LineReader, g: Tuple[float, float, float, float]
                ) -> Optional[np.ndarray]:
    """(8, 10) log P(box k holds digit d) from each box's crop read alone; None where a crop
    does not read or a box reads as empty more likely than as any digit."""
    c0, pitch, y0, y1 = g
    index = {c: k for k, c in enumerate(reader.rec.charset)}
    rows = []
    for k in range(8):
        x0, x1 = c0 + (k - BOX_HALF) * pitch, c0 + (k + BOX_HALF) * pitch
        got = reader.matrix([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], None, tall=True)
        if got is None:
            return None
        lp = [ctc_logp(got[0], [index[d]]) for d in DIGITS]
        if max(lp) < ctc_logp(got[0], []):
            return None
        rows.append(lp)
    return np.array(rows)


def each_box(reader: LineReader, labels: Sequence, low: bool = False,
             today: Optional[dt.date] = None, pieces: Sequence = ()
             ) -> Optional[Tuple[str, str, list, float, Optional[str]]]:
    """(iso date, its eight digits, the band's box, their confidence, the next date) of the
    boxes each read alone and decoded together as the most likely real date no later than next
    year, or None where a box's digit reads below ``BOX_MIN``. The next date (iso) is given
    when it lies within ``BOX_GAP`` of the best (a "6" whose loop reads as well as a "0"): the
    date is then a guess between the two, None otherwise."""
    g = _geometry(labels, low, pieces)
    if g is None or g[3] <= g[2]:
        return None
    return _decode(reader, g, today)


def _decode(reader: LineReader, g: Tuple[float, float, float, float],
            today: Optional[dt.date] = None
            ) -> Optional[Tuple[str, str, list, float, Optional[str]]]:
    """``each_box``'s reading of the eight boxes of the geometry ``g``."""
    scores = _box_scores(reader, g)
    if scores is None:
        return None
    dates = _real_dates(today.year + 1 if today else latest_year())
    total = scores[np.arange(8), dates].sum(axis=1)
    order = np.argsort(total)[::-1][:2]
    best = dates[order[0]]
    chosen = scores[np.arange(8), best]
    if chosen.min() < BOX_MIN:
        return None
    near = None
    if total[order[0]] - total[order[1]] < BOX_GAP:
        near = ddmmyyyy("".join(str(int(d)) for d in dates[order[1]]))
    digits = "".join(str(int(d)) for d in best)
    return ddmmyyyy(digits), digits, _band_box(g), round(float(np.exp(chosen.mean())), 5), near


def read_date_boxes(reader: LineReader, labels: Sequence, pieces: Sequence = ()
                    ) -> Optional[Tuple[str, str, list, float, Optional[str]]]:
    """(iso date, digits read, band box, the reading's confidence, another date that reads
    nearly as well or None) of the boxes above the printed letters, or None: the band read
    whole, else each box alone (``each_box``; a sure reading of either geometry before a near
    one). ``pieces`` (the page's lines) raise the top of the boxes read alone to the digits OCR
    found in them; the band read whole keeps the letters' own (raised, a band of eight
    handwritten digits read whole made a real date one digit off at 0.06 on Indian dev_0017)."""
    for low in (False, True):  # the band of the synthetic leaves first, then the lower one
        box = band(labels, low)
        if box is None or box[2][1] <= box[0][1]:
            continue
        for r in reader.readings(box, None, allowed=DIGITS, n=4, within=MAX_GAP):
            if len(r.text) == 8 and 2 * sum(c.isdigit() for c in r.plain) >= 8:
                iso = ddmmyyyy(r.text)
                # a year after next is a digit misread ("21022029" for 2024), as the boxes
                # read one by one never take it (``each_box``)
                if iso and int(iso[:4]) <= latest_year():
                    return iso, r.text, box, r.conf, None
    near = None
    for low in (False, True):
        got = each_box(reader, labels, low, pieces=pieces)
        if got is not None and got[4] is None:
            return got
        near = near or got
    return near


# a digit or two OCR boxed alone, of the boxes' digits
_PIECE = re.compile(r"\s*\d{1,2}\s*")
PIECES_MIN = 4  # digits OCR read of the eight, the fewest that place boxes printed bare
PIECE_OFF = 0.3  # how far (in boxes) a handwritten digit's centre may sit off its box's


def _piece_cells(label, lines: Sequence) -> List[Tuple[float, float, float]]:
    """(centre x, top, bottom) of each digit of the one- and two-digit pieces on the row of a
    "Date" ``label``, right of it (each digit of a piece an equal share of its width)."""
    out = []
    for l in lines:
        if l is label or not _PIECE.fullmatch(l.text):
            continue
        if not (abs(l.cy - label.cy) <= 0.6 * max(label.h, l.h)
                and 0 <= l.x0 - label.x1 + 0.2 * label.h <= 14 * label.h):
            continue
        t = l.text.strip()
        w = (l.x1 - l.x0) / len(t)
        out += [(l.x0 + (k + 0.5) * w, l.y0, l.y1) for k in range(len(t))]
    return sorted(out)


def pieces_geometry(label, lines: Sequence) -> List[Tuple[float, float, float, float]]:
    """Date boxes with no letters printed under them, placed by the digits OCR read in them as
    pieces of their own (a digit or two each) right of the "Date" label: the first and last
    pieces' boxes a whole number of boxes apart (seven at the most), the one that puts every
    piece in a box of its own nearest its centre (``PIECE_OFF`` of a box at the most); one
    geometry (``_geometry``'s) for each place the first piece's box may have among the eight."""
    cells = _piece_cells(label, lines)
    if len(cells) < PIECES_MIN:
        return []
    xs = [c[0] for c in cells]
    h = median(c[2] - c[1] for c in cells)
    best = None
    for span in range(len(xs) - 1, 8):  # the first and last pieces' boxes, span boxes apart
        pitch = (xs[-1] - xs[0]) / span
        rel = [(x - xs[0]) / pitch for x in xs]
        places = [round(r) for r in rel]
        off = max(abs(r - k) for r, k in zip(rel, places))
        if len(set(places)) == len(places) and pitch >= 0.5 * h and off <= PIECE_OFF and (
                best is None or off < best[0]):
            best = (off, pitch, span)
    if best is None:
        return []
    _, pitch, span = best
    y0 = min(c[1] for c in cells) - 0.15 * h
    y1 = max(c[2] for c in cells) + 0.15 * h
    return [(xs[0] - o * pitch, pitch, max(0.0, y0), y1) for o in range(8 - span)]


def boxes_from_pieces(reader: LineReader, label, lines: Sequence,
                      today: Optional[dt.date] = None
                      ) -> Optional[Tuple[str, str, list, float, Optional[str]]]:
    """``each_box``'s reading of date boxes placed by ``pieces_geometry``, where exactly one
    of the places the pieces may have reads as a real date in every box (the others read an
    empty box, or a box's side, at one end)."""
    got = [r for r in (_decode(reader, g, today) for g in pieces_geometry(label, lines))
           if r is not None]
    return got[0] if len({r[0] for r in got}) == 1 else None
