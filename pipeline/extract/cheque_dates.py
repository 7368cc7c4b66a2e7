"""The date of a cheque: beside its label (or under or over it), in pieces, top right, or in
DDMMYYYY boxes; with the page image, read again under a date's words (or digits, for the boxes)
when OCR's reading gives none, and a date OCR read `ok` doubted when another date reads nearly
as well from its line.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import replace
from typing import List, Optional, Tuple

from .cheque_amounts import (
    _band,
)
from .cheque_page import (
    CONF_CAP,
    _DATE_LABEL,
    _L,
    _TYPES,
    _field,
    _label_value,
    _Page,
    _raised,
    _right_of,
    _same_row,
)
from .date_boxes import box_letters, ddmmyyyy
from .dates import DATE_MONTH_WORDS, find_dates
from .types import (
    STATUS_AMBIGUOUS,
    STATUS_OK,
    STATUS_UNCHECKED,
    Field,
)


def _labelled_date(p: _Page, ok, label: Optional[str] = None) -> Optional[Tuple[List[_L], str]]:
    """The date right of (or below) a "Date" label, or ``label`` (a convention's own)."""
    for rx in [_DATE_LABEL] + ([re.compile(label, re.I)] if label else []):
        for lab in [l for l in p.free() if rx.match(l.text)]:
            got = _label_value(lab, rx, p.free(), ok)
            if got:
                p.use(lab)
                return got
    return None


def _pieced_date(p: _Page, prefer: str) -> Optional[Tuple[List[_L], str, str]]:
    """A date right of a "Date" label that the OCR read in pieces (written in separate boxes
    or with wide gaps: "03" "15" "2026", "Mar" "15" "2026"; its year boxed apart, "15-01-"
    "2019"): the pieces on the label's row, or raised over it, each near the one before,
    joined (``_pieces_row``); (lines, raw, joined text)."""
    for lab in [l for l in p.free() if _DATE_LABEL.match(l.text)]:
        for near in (_right_of(lab, p.free()), _raised(lab, p.free())):
            got = _pieces_row(lab, sorted(near, key=lambda c: c.x0), prefer)
            if got is not None:
                p.use(lab)
                return got
    return None


# a piece of a date read apart: a month's name, a number, or a number with its separators
# ("15-01-" and "2019": the year OCR boxed apart)
_DATE_PIECE = re.compile(r"[A-Za-z]{3,9}\.?|\d{1,4},?|\d{1,2}[-/.]\d{1,2}[-/.]|[-/.]?\d{2,4}")


def _pieces_row(lab: _L, near: List[_L], prefer: str) -> Optional[Tuple[List[_L], str, str]]:
    """The pieces of a date (``_DATE_PIECE``) one after another right of ``lab``, each near
    the one before, joined: three of them ("/" between numbers, " " else), or two where one
    brings the separators (joined as they are)."""
    row, last = [], lab
    for c in near:
        if c.x0 - last.x1 > 3 * max(lab.h, c.h) or not _DATE_PIECE.fullmatch(c.text.strip()):
            break
        row.append(c)
        last = c
    if not 2 <= len(row) <= 3:
        return None
    parts = [c.text.strip() for c in row]
    if len(row) == 2 and (parts[0][-1] in "-/." or parts[1][0] in "-/."):
        joined = "".join(parts)
        if re.fullmatch(r"\d{1,2}([-/.])\d{1,2}\1\d{2,4}", joined) and \
                find_dates(joined, prefer=prefer):
            return row, " ".join(parts), joined
        return None
    joined = "/".join(parts) if all(x.isdigit() for x in parts) else " ".join(parts)
    if len(row) == 3 and find_dates(joined, prefer=prefer):
        return row, " ".join(parts), joined
    return None


def _top_right_date(p: _Page, ok) -> Optional[Tuple[List[_L], str]]:
    cands = [l for l in p.free() if p.F.fy(l.cy) < 0.6 and ok(l.text)]
    if not cands:
        return None
    c = max(cands, key=lambda l: (p.F.fx(l.cx) - p.F.fy(l.cy)))
    return [c], c.text


def _date_by_its_label(p: _Page, ok) -> Optional[Tuple[List[_L], str]]:
    """A date whose "Date" label is printed under or over its line's end rather than before it
    (the line starts left of the label): the nearest line within two label heights above or
    below the label that overlaps its columns or ends within two label heights of its start
    (``_ends_at_label``). For a month name misread ("Sanuary 3 2025"), which is never looked
    for in free text."""
    for lab in [l for l in p.free() if re.fullmatch(r"\s*dated?\s*[:.]?\s*", l.text, re.I)]:
        near = [c for c in p.free() if _ends_at_label(lab, c) and c.x0 < lab.x1]
        for c in sorted(near, key=lambda c: min(abs(c.y1 - lab.y0), abs(lab.y1 - c.y0))):
            if ok(c.text):
                p.use(lab)
                return [c], c.text
    return None


def _ends_at_label(lab: _L, c: _L, reach: float = 2.0) -> bool:
    """``c`` is on the row above or below the label (within two label heights) and reaches its
    columns or ends within ``reach`` label heights left of its start."""
    return (c is not lab and not _same_row(lab, c)
            and min(abs(c.y1 - lab.y0), abs(lab.y1 - c.y0)) <= 2 * lab.h
            and c.x1 > lab.x0 - reach * lab.h)


def _boxed_date(p: _Page, prefer: str = "dmy") -> Optional[Tuple[List[_L], str, str, str]]:
    """A date written one digit per box (DDMMYYYY, India and others; MMDDYYYY on US leaves):
    the digits of the boxes on one row in the top half, left to right, that make eight digits
    and a real date; the printed "D D M M Y Y Y Y" (or "M M D D Y Y Y Y") under them, when
    read, places them (without them: DDMMYYYY). Boxes read in pieces right of a "Date" label,
    or six pieces and more of a digit or two on one row, their letters not read, are in the
    convention's order (``prefer``). A "C" in a box is a
    zero left open. Returns the order used too."""
    labels = [l for l in p.ls if box_letters(l.text) and p.F.fy(l.cy) < 0.4]
    letters = "".join(re.sub(r"\s", "", l.text) for l in sorted(labels, key=lambda l: l.x0))
    # boxes without their letters read are DDMMYYYY whatever the convention says: on the real
    # leaves (bench/fields_real_cheques.py) such boxes were Indian ones read as no convention
    # (and "M M" read without its "D D" says nothing about the order)
    order = ("MMDDYYYY" if "M" in letters and "D" in letters
             and letters.find("M") < letters.find("D") else "DDMMYYYY")
    def bare(l: _L) -> str:  # a "Date" label read with the boxes' digits left out
        return _DATE_LABEL.sub("", l.text, count=1)

    cands = [l for l in p.free() if p.F.fy(l.cy) < 0.4 and p.F.fx(l.x0) > 0.5
             and re.fullmatch(r"[\dOoIl|C\s.]{1,24}", bare(l)) and any(c.isdigit() for c in l.text)]
    date_labels = [l for l in p.ls if re.fullmatch(r"\s*date\W{0,2}", l.text, re.I)
                   and p.F.fy(l.cy) < 0.4]
    def boxes(c: _L) -> bool:  # six boxes and more read apart on one row, a digit or two each
        row = [l for l in cands if _same_row(c, l)]
        return len(row) >= 6 and all(len(re.sub(r"\D", "", bare(l))) <= 2 for l in row)

    if len(letters) < 2 and not any(len(re.sub(r"\D", "", bare(l))) == 8 for l in cands):
        near_label = [l for l in cands if any(_same_row(d, l) and l.x0 > d.x1
                                              for d in date_labels)]
        cands = near_label or [l for l in cands if boxes(l)]
        if not cands:
            return None
        order = "MMDDYYYY" if prefer == "mdy" else "DDMMYYYY"
    for anchor in sorted(cands, key=lambda l: l.cy):
        row = sorted((l for l in cands if _same_row(anchor, l)), key=lambda l: l.x0)
        digits = "".join(re.sub(r"[^\dOoIl|C]", "", bare(l)) for l in row)
        digits = digits.translate(str.maketrans("OoIl|C", "001110"))
        if len(digits) != 8:
            continue
        iso = ddmmyyyy(digits if order == "DDMMYYYY" else digits[2:4] + digits[:2] + digits[4:])
        if iso:
            return row, " ".join(l.text for l in row), iso, order
    return None


def _date_field(p: _Page, prefer: str, label: Optional[str] = None) -> Optional[Field]:
    """Right of (or below) a "Date" label (or the convention's ``label``), else the date
    printed highest-right (one with a month name misread there only where the line is that
    date and nothing else: "11-Jvn-2026"), else a date written one digit per box."""
    def ok(t: str) -> bool:
        return bool(find_dates(t, prefer=prefer))

    def near_ok(t: str) -> bool:  # a month name misread, beside a "Date" label only
        return bool(find_dates(t, prefer=prefer, fuzzy=True))

    def whole_near(t: str) -> bool:  # a line that is one such date and nothing else
        m = find_dates(t, prefer=prefer, fuzzy=True)
        return len(m) == 1 and not re.sub(r"\W", "", t[:m[0].start] + t[m[0].end:])

    found = (_labelled_date(p, ok, label) or _top_right_date(p, ok)
             or _labelled_date(p, near_ok, label)
             or _date_by_its_label(p, near_ok) or _top_right_date(p, whole_near))
    if not found:
        pieced = _pieced_date(p, prefer)
        if pieced is not None:
            src, raw, joined = pieced
            p.use(*src)
            m = find_dates(joined, prefer=prefer)[0]
            note = "; ".join(x for x in (m.date.note, f"read from {len(src)} pieces") if x)
            return _field("date", _TYPES["date"], raw, m.date.iso, src, STATUS_AMBIGUOUS, note)
    if not found and label:
        # a leaf of a convention with its own date label, the label not read: a line that is
        # one date and nothing else, anywhere (these leaves print the date low, beside the
        # signature), unchecked
        alone = [l for l in p.free() if _one_date(l.text, prefer) is not None]
        if len(alone) == 1:
            m = _one_date(alone[0].text, prefer)
            p.use(alone[0])
            note = "; ".join(x for x in (m.date.note, "a date alone on its line, no label read")
                             if x)
            st = STATUS_AMBIGUOUS if m.date.ambiguous else STATUS_UNCHECKED
            return _field("date", _TYPES["date"], m.text, m.date.iso, alone, st, note)
    if not found:
        boxed = _boxed_date(p, prefer)
        if boxed is None:
            return None
        src, raw, iso, order = boxed
        p.use(*src)
        return _field("date", _TYPES["date"], raw, iso, src, STATUS_UNCHECKED,
                      f"read from the date boxes ({order})")
    src, text = found
    p.use(*src)
    m = find_dates(text, prefer=prefer, fuzzy=True)[0]
    status = STATUS_AMBIGUOUS if m.date.ambiguous else STATUS_OK
    note = m.date.note
    if status == STATUS_OK and _far_ahead(m.date.iso):
        status = STATUS_UNCHECKED  # a cheque is not dated years ahead: a digit misread?
        note = "; ".join(x for x in (note, "more than a year after today: not taken as read "
                                           "right (a year's digit misread?)") if x)
    if status == STATUS_OK and _short_year_after_words(m.text):
        status = STATUS_UNCHECKED  # "5 DE NOVEMBRO DE 20": the year's last digits lost?
        note = "; ".join(x for x in (note, "a month in words with a two-digit year: not taken "
                                           "as read right (the year cut short?)") if x)
    return _field("date", _TYPES["date"], m.text, m.date.iso, src, status, note)


def _short_year_after_words(text: str) -> bool:
    """A date with its month in words and a year of two digits ("5 DE NOVEMBRO DE 20"): a
    long-form date writes its year in full, so two digits are likelier a year cut short."""
    return bool(re.search(r"[^\W\d_]{3}", text)) and not re.search(r"\d{4}", text)


# how far after today a cheque's date may lie and still be `ok` (post-dated cheques are valid
# for months, not years): "28 de maio de 2029" for 2024, a handwritten "4" read "9"
AHEAD_DAYS = 366


def _far_ahead(iso: str, today: Optional[datetime.date] = None) -> bool:
    try:
        d = datetime.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return False
    return d > (today or datetime.date.today()) + datetime.timedelta(days=AHEAD_DAYS)


def _date_labels(p: _Page, label: Optional[str] = None) -> List[_L]:
    """The lines that start with a "Date" label, in the top 0.6 of the cheque, then those that
    start with the convention's own ``label``, anywhere (those leaves print the date low)."""
    out = [l for l in p.ls if _DATE_LABEL.match(l.text) and p.F.fy(l.cy) < 0.6]
    if label:
        rx = re.compile(label, re.I)
        out += [l for l in p.ls if l not in out and rx.match(l.text)]
    return out


def _date_again(p: _Page, reader, prefer: str = "mdy", label: Optional[str] = None
                ) -> Optional[Field]:
    """The date boxes (DDMMYYYY) read again as one band with digits only, placed by the
    printed letters under them (``date_boxes``); else the line beside the "Date" label (or the
    convention's ``label``) read again with month names, digits and separators only
    (``_labelled_date_again``), or with "1"s read for its slashes (``_slashes_read_as_ones``)."""
    from types import SimpleNamespace

    from .date_boxes import boxes_from_pieces, read_date_boxes

    labels = [l for l in p.ls if box_letters(l.text) and p.F.fy(l.cy) < 0.4]
    got = read_date_boxes(reader, labels, [l for l in p.ls if p.F.fy(l.cy) < 0.4])
    if got is None and not labels:
        # boxes with no letters printed under them, placed by the digits OCR read in them
        for lab in (l for l in _date_labels(p) if re.fullmatch(r"\W*date\W*", l.text, re.I)):
            got = boxes_from_pieces(reader, lab, p.free())
            if got is not None:
                break
    if got is None:
        return (_labelled_date_again(p, reader, prefer, label)
                or _slashes_read_as_ones(p, reader, prefer, label)
                or _date_in_shape(p, reader, prefer, label, labels)
                or _labelled_date_again(p, reader, prefer, label, guess=True))
    iso, digits, box, conf, near = got
    b = _band(SimpleNamespace(box=box, text=digits, conf=conf))
    p.use(*[l for l in p.free() if b.x0 <= l.cx <= b.x1 and b.y0 <= l.cy <= b.y1])
    note = "read again from the date boxes (DDMMYYYY) with digits only"
    if near is None:
        return _field("date", _TYPES["date"], digits, iso, [b], STATUS_UNCHECKED, note)
    return _field("date", _TYPES["date"], digits, iso, [b], STATUS_AMBIGUOUS,
                  f"{note}; {near} reads nearly as well")


# a date's words for a constrained reading: month names (with their full stop), ordinal ends,
# numbers of one and two digits, years, separators, the label (letters are read without case;
# the reading is re-spaced into the fewest words, so a number is one word, not its digits)
_DATE_WORDS = sorted(set(DATE_MONTH_WORDS + [w + "." for w in DATE_MONTH_WORDS]
                         + ["st", "nd", "rd", "th", "date", "dated", "date:", "dated:"]
                         + list("0123456789") + list("/-.,")
                         + [f"{i:02d}" for i in range(100)] + [str(y) for y in range(1900, 2100)]))
# how far (natural log) below the best constrained reading a reading that parses may be: on the
# synthetic dev cheques (bench/cheque_synth_bench.py --image) a date read a digit short or with a
# year made of a misread word came 0.8 and more below; a right one tied with the best (0.0)
_AGAIN_GAP = 0.5
# ... and how far below it a reading may be that is given as a guess (ambiguous), where no
# other reading of the line or its date boxes is a date
_GUESS_GAP = 3.0


def _date_text(reading: str) -> str:
    """A constrained reading made a date's text again ("nov. 7 , 2026" -> "nov. 7,2026")."""
    text = re.sub(r"\s*([/\-.,])\s*", r"\1", reading)
    return re.sub(r"(?<=[a-z.]),?(?=\d)", " ", text)


def _one_date(text: str, prefer: str):
    """The one date a reading is (a ``DateMatch``); None for no date, two, or a date in a part
    of the reading only ("5 jan 2 02" holds "jan 2 02" but is no such date)."""
    found = find_dates(text, prefer=prefer)
    if len(found) != 1:
        return None
    rest = re.sub(r"\W|date[d]?", "", text[: found[0].start] + text[found[0].end:], flags=re.I)
    return found[0] if not rest else None


def _labelled_date_again(p: _Page, reader, prefer: str, label: Optional[str] = None,
                         guess: bool = False) -> Optional[Field]:
    """The line beside a "Date" label whose OCR reading holds no date ("14-Aciq-2025",
    "08/160/24"), read again from the page image under a date's words (month names, digits,
    separators): the first of the readings within ``_AGAIN_GAP`` of the best that is one
    date. Never a reading far below the best as a sure one: a misread year would be a wrong
    date. ``guess``: the first that is a date within ``_GUESS_GAP``, marked ambiguous ("12/05/2016"
    0.95 below the best reading "12/95/2016", which is no date)."""
    within = _GUESS_GAP if guess else _AGAIN_GAP
    for lab in _date_labels(p, label):
        cands = [c for c in _right_of(lab, p.free()) + _raised(lab, p.free())
                 if sum(ch.isalnum() for ch in c.text) >= 4 and c.x0 - lab.x1 < 4 * lab.h]
        for c in cands[:1]:
            box = [tuple(pt) for pt in c.line.box]
            for r in reader.readings(box, None, words=_DATE_WORDS, n=8 if guess else 4,
                                     within=within):
                m = _one_date(_date_text(r.text), prefer)
                if m is None:
                    continue
                p.use(lab, c)
                status = STATUS_AMBIGUOUS if m.date.ambiguous else STATUS_UNCHECKED
                note = [m.date.note, f"read again with a date's words only from {c.text!r}"]
                if r.gap > _AGAIN_GAP:
                    status = STATUS_AMBIGUOUS
                    note.append(f"a guess: {r.gap:.1f} below the best reading, which is no date")
                return _field("date", _TYPES["date"], m.text, m.date.iso, [c], status,
                              "; ".join(x for x in note if x))
    return None


def _date_in_shape(p: _Page, reader, prefer: str, label: Optional[str], captions: List[_L]
                   ) -> Optional[Field]:
    """The line beside a "Date" label (or the label's own line, "Date 04 10 2024"), or just
    above the printed "D D M M Y Y Y Y", whose OCR reading is digits and separators but no
    date ("21-06-2923": a "0" read "9"), read again as the likeliest real date written in its
    shape (``date_grammar``): unchecked, or ambiguous where another date reads nearly as
    well."""
    from .date_grammar import best_date

    cands: List[Tuple[_L, str]] = []
    for lab in _date_labels(p, label):
        m = _DATE_LABEL.match(lab.text)
        if m and re.search(r"\d", lab.text[m.end():]):
            cands.append((lab, lab.text[:m.end()]))
        right = [c for c in _right_of(lab, p.free()) + _raised(lab, p.free())
                 if sum(ch.isalnum() for ch in c.text) >= 4 and c.x0 - lab.x1 < 4 * lab.h]
        cands += [(c, "") for c in right[:1]]
    for cap in captions:
        cands += [(c, "") for c in p.free() if c.y1 <= cap.y0 + 0.3 * cap.h
                  and cap.y0 - c.y1 < 2 * cap.h and c.x0 < cap.x1 and c.x1 > cap.x0
                  and sum(ch.isdigit() for ch in c.text) >= 4]
    for c, head in cands:
        got = reader.matrix([tuple(pt) for pt in c.line.box], c.text)
        if got is None:
            continue
        prob, again = got
        if head and not again.startswith(head):
            continue
        found = best_date(prob, reader.rec.charset, again[len(head):], prefer, prefix=head)
        if found is None:
            continue
        iso, _, near, _ = found
        p.use(c)
        note = f"read again as the likeliest real date in the shape of {c.text!r}"
        if near is None:
            return _field("date", _TYPES["date"], c.text, iso, [c], STATUS_UNCHECKED, note)
        return _field("date", _TYPES["date"], c.text, iso, [c], STATUS_AMBIGUOUS,
                      f"{note}; {near} reads nearly as well")
    return None


# how far (natural log) below the best reading of the date's line another reading that is
# another date makes the date unsure: on the synthetic dev cheques (bench/cheque_synth_bench.py
# --dev 200 --image) the written date of four dates OCR misread ("2024" for "2026", "24" for
# "26") and marked ok came 0.4 to 1.9 below the reading OCR gave; raised to 2.5 for a
# handwritten "10" read "19" at 0.96 whose "10" came 2.40 below (Indian fresh13_0032, a wrong
# `ok`). Over the 920 dates `ok` before this check on every synthetic set and the real
# cheques and captures, the nearest other date of 5 right ones lay 2.0-2.5 below (now
# ambiguous; bench/date_doubt.py prints that table)
_DOUBT_GAP = 2.5


def _date_with_image(p: _Page, reader, prefer: str, found: Optional[Field],
                     label: Optional[str] = None) -> Optional[Field]:
    """With the page image: no date found, the date read again (``_date_again``); a date found
    `ok`, its line read again under a date's words and, where the best such reading is that
    date, the date marked ambiguous when another date reads nearly as well (``_DOUBT_GAP``): a
    digit the OCR misread otherwise gives a wrong date marked ok."""
    if found is None:
        return _date_again(p, reader, prefer, label)
    if found.status != STATUS_OK or len(found.line_nos) != 1:
        return found
    src = [l for l in p.ls if l.line.line_no == found.line_nos[0]]
    if len(src) != 1:
        return found
    readings = reader.readings([tuple(pt) for pt in src[0].line.box], src[0].text,
                               words=_DATE_WORDS, n=5, within=_DOUBT_GAP)
    dates = [_one_date(_date_text(r.text), prefer) for r in readings]
    if not dates or dates[0] is None:
        return found  # the best reading under a date's words is no date: no judge of it
    if dates[0].date.iso != found.value:
        # the crop read again is another date ("20/11/2022" where OCR's line, read in a batch
        # of other crops, lost a repeated "1": "20/1/2022")
        note = f"the image reads {dates[0].date.iso} better"
        return replace(found, status=STATUS_AMBIGUOUS,
                       conf=min(found.conf, CONF_CAP[STATUS_AMBIGUOUS]),
                       message="; ".join(x for x in (found.message, note) if x))
    others = []
    for m in dates[1:]:
        if m is not None and m.date.iso != found.value and m.date.iso not in others:
            others.append(m.date.iso)
    if not others:
        return found
    note = f"the image reads {others[0]} nearly as well"
    return replace(found, status=STATUS_AMBIGUOUS, conf=min(found.conf, CONF_CAP[STATUS_AMBIGUOUS]),
                   message="; ".join(x for x in (found.message, note) if x))


# a date's separators a handwritten "/" read as "1" ("08113/2026", "216125" for "2/6/25"): the
# numeric shape the separators must give
_SLASHED = re.compile(r"\d{1,2}/\d{1,2}/(?:\d{2}|\d{4})")
# how far (natural log) below OCR's reading the reading with those "1"s as "/" may be, and how
# far the next such reading must lie below it
_SLASH_DROP = 10.0
_SLASH_GAP = 2.0


def _beside_label(p: _Page, lab: _L) -> List[_L]:
    """The lines a date label's value may be: right of it, raised over its row right of it, or
    ending over or under its start, or up to four label heights left of it (a label printed
    under the end of the date's line)."""
    out = _right_of(lab, p.free()) + _raised(lab, p.free())
    return out + [c for c in p.free() if c not in out and c.x0 < lab.x0
                  and _ends_at_label(lab, c, reach=4.0)]


def _slash_variants(text: str) -> List[str]:
    """``text`` (digits, "1"s and separators only) with two separators where that gives a
    numeric date's shape: each one of its "1"s or separators made the separator, or (one of
    the two at most) put between two digits where OCR read none ("16/25" for "1/6/25",
    "7.122024" for "7.12.2024"). The separator is "/", or the one the text has (".", "-")."""
    t = re.sub(r"\s", "", text)
    if not re.fullmatch(r"[\d/.\-]{5,10}", t):
        return []
    seps = {ch for ch in t if ch in "/.-"}
    sep = seps.pop() if len(seps) == 1 else "/"
    # places a separator may be: (index, width replaced): a "1" or separator (1), a gap (0)
    at = [(i, 1) for i, ch in enumerate(t) if ch in "1/.-"] + \
        [(i, 0) for i in range(1, len(t)) if t[i - 1].isdigit() and t[i].isdigit()]
    at.sort(key=lambda x: (x[0], -x[1]))
    shape = re.compile(_SLASHED.pattern.replace("/", re.escape(sep)))
    out = []
    for a in range(len(at)):
        for b in range(a + 1, len(at)):
            (i, wi), (j, wj) = at[a], at[b]
            if wi + wj == 0 or j < i + wi:  # two inserted, or overlapping
                continue
            v = t[:i] + sep + t[i + wi:j] + sep + t[j + wj:]
            if v != t and shape.fullmatch(v) and v not in out:
                out.append(v)
    return out


def _slashes_read_as_ones(p: _Page, reader, prefer: str, label: Optional[str] = None
                          ) -> Optional[Field]:
    """The line beside a "Date" label (or the convention's ``label``), or one that starts with
    the label glued to its digits, that reads as digits with no date in them, where making
    two of its "1"s (or separators) "/" gives a date the page image reads nearly as well as
    OCR's reading (``_SLASH_DROP``) and no other such date as well (``_SLASH_GAP``): a
    handwritten "/" read as "1"."""
    for lab in _date_labels(p, label):
        for c in _beside_label(p, lab)[:2]:
            got = _slashed_date(reader, c, prefer)
            if got is not None:
                p.use(lab, c)
                return got
    # the label read glued to the digits ("Date16102/2023")
    for c in [c for c in p.free() if _GLUED_LABEL.match(c.text) and p.F.fy(c.cy) < 0.6]:
        got = _slashed_date(reader, c, prefer)
        if got is not None:
            p.use(c)
            return got
    # no label: a line of digits and separators only at the leaf's top right, where a date is
    # written (a cheque number is no date in any such reading)
    for c in [c for c in p.free() if p.F.fx(c.cx) > 0.5 and p.F.fy(c.cy) < 0.4
              and re.fullmatch(r"[\d/.\-\s]+", c.text)]:
        got = _slashed_date(reader, c, prefer)
        if got is not None:
            p.use(c)
            return got
    return None


# a "Date" label read glued to the date's digits, no space between
_GLUED_LABEL = re.compile(r"^\s*dated?(?=\d)", re.I)


def _slashed_date(reader, c: _L, prefer: str) -> Optional[Field]:
    """The date of ``c``'s separators as ``_slash_variants`` makes them, where the page image
    reads it within ``_SLASH_DROP`` of OCR's reading and no other date within ``_SLASH_GAP``
    of it; else None. A "Date" label glued before the digits (``_GLUED_LABEL``) is kept in
    every reading scored and left out of the date."""
    from .constrained import ctc_logp

    glued = _GLUED_LABEL.match(c.text)
    head = glued.group(0).strip() if glued else ""
    variants = [(v, _one_date(v, prefer))
                for v in _slash_variants(c.text[glued.end():] if glued else c.text)]
    variants = [(v, m) for v, m in variants if m is not None]
    if not variants:
        return None
    got = reader.matrix([tuple(pt) for pt in c.line.box], c.text)
    if got is None:
        return None
    prob, _ = got
    index = {ch: k for k, ch in enumerate(reader.rec.charset)}
    plain = re.sub(r"\s", "", c.text)
    if any(ch not in index for ch in plain + "/.-"):
        return None
    if any(ch not in index for ch in head):
        return None
    base = ctc_logp(prob, [index[ch] for ch in plain])
    scored = sorted(((ctc_logp(prob, [index[ch] for ch in head + v]) - base, v, m)
                     for v, m in variants), key=lambda x: -x[0])
    drop, v, m = scored[0]
    if drop < -_SLASH_DROP:
        return None
    if len(scored) > 1 and scored[1][0] > drop - _SLASH_GAP and \
            scored[1][2].date.iso != m.date.iso:
        return None
    status = STATUS_AMBIGUOUS if m.date.ambiguous else STATUS_UNCHECKED
    note = "; ".join(x for x in (m.date.note, f"{c.text!r} read with its separators as {v!r} "
                                 f"(log-probability {drop:+.1f} against the reading)") if x)
    return _field("date", _TYPES["date"], c.text, m.date.iso, [c], status, note)
