"""A receipt's date: labelled dates first, OCR slips repaired, dates far from the others dropped."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import List, Optional

from ..document import Line
from .doctypes.receipt import RECEIPT
from .dates import find_dates
from .receipt_rows import _fold, _Row
from .types import STATUS_AMBIGUOUS, STATUS_MISSING, STATUS_UNCHECKED, Field

EXTRACTOR = RECEIPT.tag


# --------------------------------------------------------------------------- date

_DATE_LABEL = re.compile(r"(?i)\bdate\b|\btarikh\b|\bdated\b|\bdt\b")
_NOT_TXN_DATE = re.compile(r"(?i)expir|exp\b|valid|due\s*date|best\s*before|\bbb\b|print(?:ed)?\s*on|birth")
_DOUBLED_SEP = re.compile(r"(?<=\d)\s*([/.\-])(?:\s*\1)+\s*(?=\d)")
_GLUED_TIME = re.compile(r"(?<!\d)(\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*)(\d{3,6})(?=:\d\d)")
# the year ends here (or a time is glued to it), and no third separator follows: "5 05/06/2018"
# is a number before a date, not a date
_YEAR_END = r"(?=\d{1,2}:\d\d|(?![\d.,]\d|\s*[/.\-]\s*\d))"
_ODD = r"(?:\s*[,;:_=~'`]\s*|\s+)"  # a separator read as another mark, or as a space
# one separator misread, the other shows which it was: "09,03/2018", "26=05-2018", "22 02/2018"
_MIXED = (
    re.compile(r"(?<![\d/.\-,])(?<!\d:)(?<![\d/.\-,]\s)([0-3]?\d)" + _ODD + r"([01]?\d)\s*([/.\-])\s*((?:19|20)\d\d|\d\d)" + _YEAR_END),
    re.compile(r"(?<![\d/.\-,])(?<!\d:)(?<![\d/.\-,]\s)([0-3]?\d)\s*([/.\-])\s*([01]?\d)" + _ODD + r"((?:19|20)\d\d|\d\d)" + _YEAR_END),
    re.compile(r"(?<![\d/.\-,])(?<!\d:)(?<![\d/.\-,]\s)((?:19|20)\d\d)" + _ODD + r"([01]?\d)\s*([/.\-])\s*([0-3]?\d)(?![\d.,]\d)"),
    re.compile(r"(?<![\d/.\-,])(?<!\d:)(?<![\d/.\-,]\s)((?:19|20)\d\d)\s*([/.\-])\s*([01]?\d)" + _ODD + r"([0-3]?\d)(?![\d.,]\d)"),
)
# one separator not read: "2703/2018", "1904-2018", "2504/18"
_LOST_SEP = re.compile(r"(?<![\d/.\-,])([0-3]\d)([01]\d)\s*([/.\-])\s*((?:19|20)\d\d|\d\d)" + _YEAR_END)
_LOST_SEP_YMD = re.compile(r"(?<![\d/.\-,])((?:19|20)\d\d)([01]\d)\s*([/\-])\s*([0-3]\d)(?![\d.,]\d)")
_LETTER_DIGIT = (  # "26-O5-2018", "20l8": a letter read for a digit between a date's digits
    (re.compile(r"(?<=[\d/\-])[Oo](?=\d)|(?<=\d)[Oo](?=[\d/\-])"), "0"),
    (re.compile(r"(?<=[\d/\-])[lI|](?=\d)|(?<=\d)[lI|](?=[\d/\-])"), "1"),
)
_TIME = re.compile(r"\d{1,2}\s*:\s*\d\d")
_COMPACT_DMY = re.compile(r"^\W*(?:date\W*)?([0-3]\d)([01]\d)((?:19|20)\d\d)\W*$", re.I)


def _split_year_time(m: re.Match) -> str:
    """"19-03-201818:08" -> "19-03-2018 18:08"; "27/06/185:02" -> "27/06/18 5:02"."""
    head, run = m.group(1), m.group(2)
    if run[:2] in ("19", "20") and len(run) in (5, 6):
        return f"{head}{run[:4]} {run[4:]}"
    if len(run) in (3, 4):
        return f"{head}{run[:2]} {run[2:]}"
    return m.group(0)


def _repair_ok(year: str, text: str, labelled: bool) -> bool:
    """A repair that makes a date with a two-digit year only where a date is expected (a
    "Date" label on the row, or a time beside it): elsewhere "12 05.18" is more likely a price."""
    return len(year) == 4 or labelled or bool(_TIME.search(text))


def _date_text(text: str, labelled: bool = False) -> str:
    """OCR repairs before date matching; each one keeps a date's digits in their order."""
    t = _fold(text)
    t = _DOUBLED_SEP.sub(r"\1", t)  # "26-05--2018"
    for rx, digit in _LETTER_DIGIT:
        t = rx.sub(digit, t)

    def mixed_dmy(m: re.Match) -> str:
        if not _repair_ok(m.group(4), t, labelled):
            return m.group(0)
        a, b = (m.group(1), m.group(2)) if len(m.groups()) == 4 and m.re is _MIXED[0] else (m.group(1), m.group(3))
        sep = m.group(3) if m.re is _MIXED[0] else m.group(2)
        return f"{a}{sep}{b}{sep}{m.group(4)}"

    def mixed_ymd(m: re.Match) -> str:
        if m.re is _MIXED[2]:
            y, mo, sep, d = m.group(1), m.group(2), m.group(3), m.group(4)
        else:
            y, sep, mo, d = m.group(1), m.group(2), m.group(3), m.group(4)
        return f"{y}{sep}{mo}{sep}{d}"

    for rx in _MIXED[:2]:
        t = rx.sub(mixed_dmy, t)
    for rx in _MIXED[2:]:
        t = rx.sub(mixed_ymd, t)
    t = _GLUED_TIME.sub(_split_year_time, t)  # the time printed right after the year

    def lost(m: re.Match) -> str:
        if m.group(3) == "." and len(m.group(4)) != 4 or not _repair_ok(m.group(4), t, labelled):
            return m.group(0)
        return f"{m.group(1)}{m.group(3)}{m.group(2)}{m.group(3)}{m.group(4)}"

    if not find_dates(t, prefer="dmy"):
        t = _LOST_SEP.sub(lost, t)
        t = _LOST_SEP_YMD.sub(r"\1\3\2\3\4", t)
        t = _GLUED_TIME.sub(_split_year_time, t)
    m = _COMPACT_DMY.match(t)  # "27032018" alone on its line, not a valid YYYYMMDD
    if m and not re.match(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])$", "".join(m.groups())):
        t = f"{m.group(1)}/{m.group(2)}/{m.group(3)}"
    return t


@dataclass
class _DateCand:
    iso: str
    note: str
    order: str
    raw: str
    line: Line
    labelled: bool
    y: float
    timed: bool = False  # a time of day printed on the same line


def _weight(c: _DateCand) -> float:
    """How much a date looks like the receipt's own: labelled "Date"/"Tarikh", printed with a time."""
    return 1.0 + 2.0 * c.labelled + 1.0 * c.timed


def _plausible(cands: List[_DateCand], today: Optional[datetime.date] = None) -> List[_DateCand]:
    """The dates that can be the receipt's own. A date after today is impossible (a misread
    year: "2O18" read "2078"). When the dates disagree by years (a company's registration date,
    a warranty's end, a misread year), those within a year of the year with the most weight
    (each date counts, more when labelled or printed with a time; the latest year on a tie)."""
    limit = (today or datetime.date.today()) + datetime.timedelta(days=2)
    possible = [c for c in cands if datetime.date.fromisoformat(c.iso) <= limit]
    cands = possible or cands
    years = [int(c.iso[:4]) for c in cands]
    if len(set(years)) < 2:
        return cands
    weight = {y: sum(_weight(c) for c, cy in zip(cands, years) if cy == y) for y in set(years)}
    mode = max(weight, key=lambda y: (weight[y], y))
    near = [c for c, y in zip(cands, years) if abs(y - mode) <= 1]
    return near or cands


def _date_field(rows: List[_Row]) -> Field:
    cands: List[_DateCand] = []
    for row in rows:
        row_labelled = bool(_DATE_LABEL.search(row.text))
        for l in row.lines:
            if _NOT_TXN_DATE.search(l.text):
                continue
            t = _date_text(l.text, row_labelled)
            for m in find_dates(t, prefer="dmy"):
                y = int(m.date.iso[:4])
                if not 1990 <= y <= 2099:
                    continue
                cands.append(_DateCand(m.date.iso, m.date.note, m.date.order, m.text, l,
                                       row_labelled, row.top, bool(_TIME.search(t))))
    if not cands:
        return Field("date", raw=None, value=None, type="date", conf=0.0, status=STATUS_MISSING,
                     extractor=EXTRACTOR, message="no date found")
    kept = _plausible(cands)
    dropped = sorted({c.iso for c in cands if c not in kept})
    cands = kept
    labelled = [c for c in cands if c.labelled]
    timed = [c for c in cands if c.timed]
    best = (labelled or timed or cands)[0]
    status, msg = STATUS_UNCHECKED, ""
    if best.note:
        # another printing of the same day that is not ambiguous settles the order
        alt_iso = None
        y, m, d = best.iso.split("-")
        swapped = f"{y}-{d}-{m}"
        for c in cands:
            if not c.note and c.iso in (best.iso, swapped):
                alt_iso = c.iso
                break
        if alt_iso:
            best = _DateCand(alt_iso, "", best.order, best.raw, best.line, best.labelled, best.y)
            msg = "day/month order confirmed by another date on the receipt"
        else:
            status, msg = STATUS_AMBIGUOUS, best.note
    if dropped:
        note = "not taken (after today or years from the others): " + ", ".join(dropped)
        msg = f"{msg}; {note}" if msg else note
    return Field("date", raw=best.raw, value=best.iso, type="date", conf=round(best.line.conf, 4),
                 box=best.line.box, line_nos=[best.line.line_no], status=status, message=msg,
                 extractor=EXTRACTOR)
