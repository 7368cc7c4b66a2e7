"""A receipt's date: labelled dates first, OCR slips repaired, dates far from the others dropped."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List

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
_LOST_SLASH = re.compile(r"(?<![\d/.\-])([0-3]\d)([01]\d)\s*/\s*((?:19|20)\d\d)(?!\d)")
_COMPACT_DMY = re.compile(r"^\W*(?:date\W*)?([0-3]\d)([01]\d)((?:19|20)\d\d)\W*$", re.I)


def _split_year_time(m: re.Match) -> str:
    """"19-03-201818:08" -> "19-03-2018 18:08"; "27/06/185:02" -> "27/06/18 5:02"."""
    head, run = m.group(1), m.group(2)
    if run[:2] in ("19", "20") and len(run) in (5, 6):
        return f"{head}{run[:4]} {run[4:]}"
    if len(run) in (3, 4):
        return f"{head}{run[:2]} {run[2:]}"
    return m.group(0)


def _date_text(text: str) -> str:
    """OCR repairs before date matching; each one keeps a date's digits in their order."""
    t = _fold(text)
    t = _DOUBLED_SEP.sub(r"\1", t)  # "26-05--2018"
    t = _GLUED_TIME.sub(_split_year_time, t)  # the time printed right after the year
    t = _LOST_SLASH.sub(r"\1/\2/\3", t)  # "2703/2018": one separator not read
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


def _plausible(cands: List[_DateCand]) -> List[_DateCand]:
    """The dates near the receipt's own time: when its dates disagree by years (a company's
    registration date, a warranty's end), those within a year of the year most of them give
    (the latest on a tie)."""
    years = [int(c.iso[:4]) for c in cands]
    if len(set(years)) < 2:
        return cands
    counts = {y: years.count(y) for y in set(years)}
    mode = max(counts, key=lambda y: (counts[y], y))
    near = [c for c, y in zip(cands, years) if abs(y - mode) <= 1]
    return near or cands


def _date_field(rows: List[_Row]) -> Field:
    cands: List[_DateCand] = []
    for row in rows:
        row_labelled = bool(_DATE_LABEL.search(row.text))
        for l in row.lines:
            if _NOT_TXN_DATE.search(l.text):
                continue
            t = _date_text(l.text)
            for m in find_dates(t, prefer="dmy"):
                y = int(m.date.iso[:4])
                if not 1990 <= y <= 2099:
                    continue
                cands.append(_DateCand(m.date.iso, m.date.note, m.date.order, m.text, l,
                                       row_labelled, row.top))
    if not cands:
        return Field("date", raw=None, value=None, type="date", conf=0.0, status=STATUS_MISSING,
                     extractor=EXTRACTOR, message="no date found")
    cands = _plausible(cands)
    labelled = [c for c in cands if c.labelled]
    best = (labelled or cands)[0]
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
    return Field("date", raw=best.raw, value=best.iso, type="date", conf=round(best.line.conf, 4),
                 box=best.line.box, line_nos=[best.line.line_no], status=status, message=msg,
                 extractor=EXTRACTOR)
