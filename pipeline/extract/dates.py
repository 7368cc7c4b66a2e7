"""Dates as printed or handwritten on cheques and receipts -> ISO 8601.

``parse_date`` reads a text that is a date; ``find_dates`` finds the dates inside a
longer line ("DATE 03/15/2026", "Date: 12/25/2018 10:31"). Numeric dates whose day
and month can both be read as a month are resolved with ``prefer`` ("mdy" for US
cheques, "dmy" for receipts) and carry a note saying so.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import FrozenSet, List, Optional, Tuple

__all__ = [
    "ParsedDate",
    "DateMatch",
    "parse_date",
    "find_dates",
    "NOTE_ASSUMED_MDY",
    "NOTE_ASSUMED_DMY",
    "NOTE_FUZZY_MONTH",
    "NOTE_LETTERS_AS_DIGITS",
    "DATE_MONTH_WORDS",
]

NOTE_ASSUMED_MDY = "ambiguous: assumed month-first"
NOTE_ASSUMED_DMY = "ambiguous: assumed day-first"
NOTE_FUZZY_MONTH = "ambiguous: month name read as {month!r} from {word!r}"
NOTE_LETTERS_AS_DIGITS = "ambiguous: letters read as digits in {raw!r}"

# two-digit years below the pivot are 20yy, the others 19yy
YEAR_PIVOT = 70


@dataclass
class ParsedDate:
    iso: str            # "2026-03-15"
    note: str = ""      # "" or NOTE_ASSUMED_* when day and month could be swapped
    order: str = ""     # how the numbers were read: "mdy", "dmy", "ymd"
    raw: str = ""       # the text it was read from

    @property
    def ambiguous(self) -> bool:
        return bool(self.note)


@dataclass
class DateMatch:
    start: int
    end: int
    text: str
    date: ParsedDate


_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "febuary": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
# the month names of the other languages of the cheque conventions (French, Portuguese,
# Spanish, Turkish), accents folded ("março" -> "marco", "Şubat" -> "subat"): whole names only
# (their abbreviations are English words or each other's: "mar", "set", "out"), read wherever a
# date is read (a day and a year beside them make them a date), never in the fuzzy pass
_MONTHS_INTL = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "janeiro": 1, "fevereiro": 2, "marco": 3, "abril": 4, "maio": 5, "junho": 6, "julho": 7,
    "agosto": 8, "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "mayo": 5, "junio": 6, "julio": 7,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "ocak": 1, "subat": 2, "mart": 3, "nisan": 4, "mayis": 5, "haziran": 6, "temmuz": 7,
    "agustos": 8, "eylul": 9, "ekim": 10, "kasim": 11, "aralik": 12,
}
# the month names and abbreviations, for a reading constrained to a date's words
DATE_MONTH_WORDS = sorted(m for m in _MONTHS if m != "febuary")
_MONTH_EN = (r"jan(?:uary)?|feb(?:ruary|uary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
             r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_MONTH_RE = (r"(?P<mon>" + _MONTH_EN + "|" + "|".join(sorted(_MONTHS_INTL, key=len, reverse=True))
             + r")(?![a-z])\.?")
# month first ("March 15, 2026") in English only: French, Portuguese, Spanish and Turkish put
# the day first, and a month-first reading of their names takes a shop's "MART 10/01/2018" or a
# "MAYO 2.50" for a date
_MONTH_RE_MDY = r"(?P<mon>" + _MONTH_EN + r")(?![a-z])\.?"
# "15 de março de 2021", "15 de marzo del 2021": the words between day, month and year
_DE = r"(?:\s*\bd(?:e|el)\b)?"
_ORD = r"(?:st|nd|rd|th|er|º)?"  # "1er février", "1º de maio"
_YEAR = r"(?P<year>\d{4}|\d{2})(?!\d)"

_NUMERIC_DMY_MDY = re.compile(
    r"(?<![\d/.\-])(?P<a>\d{1,2})\s*(?P<s1>[/.\-\\])\s*(?P<b>\d{1,2})\s*(?P<s2>[/.\-\\])\s*"
    r"(?P<year>\d{4}|\d{2})(?!\d)(?![/\-]\d)(?!\.\d)"
)
_NUMERIC_YMD = re.compile(
    r"(?<![\d/.\-])(?P<year>\d{4})\s*(?P<s1>[/.\-\\])\s*(?P<b>\d{1,2})\s*(?P<s2>[/.\-\\])\s*"
    r"(?P<c>\d{1,2})(?!\d)(?![/\-]\d)(?!\.\d)"
)
_COMPACT_YMD = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)(?P<b>0[1-9]|1[0-2])(?P<c>[0-2]\d|3[01])(?!\d)")
_NAMED_MDY = re.compile(
    r"(?<![a-z])" + _MONTH_RE_MDY + r"[\s\-/.,]*(?P<day>\d{1,2})" + _ORD +
    r"(?![\d:])[\s\-/.,']*" + _YEAR, re.I)
_NAMED_DMY = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})" + _ORD + r"(?:\s+of)?" + _DE + r"[\s\-/.,]*" + _MONTH_RE +
    _DE + r"[\s\-/.,']*" + _YEAR, re.I)
_NAMED_YMD = re.compile(
    r"(?<!\d)(?P<year>\d{4})[\s\-/.,]*" + _MONTH_RE + r"[\s\-/.,]*(?P<day>\d{1,2})" + _ORD +
    r"(?!\d)", re.I)

# a word where a month name should stand, for the fuzzy pass (a handwritten "Jun." read "Jein.")
_WORD_MON = r"(?P<mon>[A-Za-z]{3,10})(?![a-z])\.?"
_FUZZY_MDY = re.compile(
    r"(?<![A-Za-z])" + _WORD_MON + r"[\s\-/.,]*(?P<day>\d{1,2})" + _ORD +
    r"(?![\d:])[\s\-/.,']*" + _YEAR, re.I)
_FUZZY_DMY = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})" + _ORD + _DE + r"[\s\-/.,]*" + _WORD_MON + _DE + r"[\s\-/.,']*"
    + _YEAR, re.I)
_MONTH_NAMES = [(name, num) for name, num in _MONTHS.items() if name != "febuary"]
# the other languages' whole names of five letters or more, for the fuzzy pass too ("junhc")
_MONTH_NAMES += [(name, num) for name, num in _MONTHS_INTL.items() if len(name) >= 5]


def _edits(a: str, b: str) -> int:
    """Edit distance, two letters swapped counting one edit."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def fuzzy_month(word: str) -> Optional[int]:
    """The month a misread month name stands for ("Jein" -> 6, "Octcber" -> 10): one edit
    from a name or an abbreviation (two for names of seven letters and more), and no other
    month as near; None for a word that is a month already or near none or near two."""
    w = _fold_accents(word.lower().rstrip("."))
    if w in _MONTHS or w in _MONTHS_INTL or len(w) < 3:
        return None
    best = {}
    for name, num in _MONTH_NAMES:
        if len(name) == 3 and len(w) > 4:
            continue  # an abbreviation stands for a short word only
        d = _edits(w, name)
        limit = 2 if len(name) >= 7 and len(w) >= 6 else 1
        if d <= limit:
            best[num] = min(d, best.get(num, 99))
    if not best:
        return None
    top = min(best.values())
    winners = [n for n, d in best.items() if d == top]
    if len(winners) > 1 and top == 1:  # "Jvn": Jun or Jan; a "u" read "v" is the likelier slip
        alike = {num for name, num in _MONTH_NAMES if num in winners and _alike(w, name)}
        winners = list(alike) if len(alike) == 1 else winners
    return winners[0] if len(winners) == 1 else None


# letters handwriting and OCR take one for the other
_ALIKE = {frozenset(p) for p in ("uv", "un", "ae", "ao", "ce", "il", "rn", "mn")}


def _alike(word: str, name: str) -> bool:
    """``word`` is ``name`` with one letter read as one that looks like it ("jvn": "jun")."""
    diff = [(a, b) for a, b in zip(word, name) if a != b]
    return len(word) == len(name) and len(diff) == 1 and frozenset(diff[0]) in _ALIKE


# characters OCR reads for a digit inside a digit group
# (handwriting read by the OCR adds "C" and "c" for 0, "S" for 5, "Z" for 2, "B" for 8)
_LOOKALIKE = {"O": "0", "o": "0", "Q": "0", "D": "0", "C": "0", "c": "0", "l": "1", "I": "1",
              "|": "1", "i": "1", "S": "5", "Z": "2", "B": "8"}
# of those, the ones that leave the reading in doubt (the date is then marked ambiguous)
_WEAK_LOOKALIKE = set("CcSZB")


def _ocr_fix(text: str) -> str:
    """Map look-alike letters to digits where they stand inside a digit group.

    Keeps the length so that match positions hold for the original text.
    """
    chars = list(text)
    n = len(chars)
    for _ in range(2):
        for i, c in enumerate(chars):
            if c not in _LOOKALIKE:
                continue
            prev = chars[i - 1] if i > 0 else " "
            nxt = chars[i + 1] if i + 1 < n else " "
            if prev.isalpha() or nxt.isalpha():
                continue  # part of a word ("Oct", "Jul")
            if prev.isdigit() or nxt.isdigit():
                chars[i] = _LOOKALIKE[c]
    return _forgive_separators(_ORDINAL_ONE.sub("1", "".join(chars)))


# the "1" of an ordinal read as a letter: "2lst", "lst" ("21st", "1st")
_ORDINAL_ONE = re.compile(r"(?:(?<=[0-3])|(?<![A-Za-z\d]))[lI|i](?=st(?![a-z]))")


def _forgive_separators(text: str) -> str:
    """What handwriting and OCR do to a date's separators, length kept: "07-31~26" and
    "2026=11-11" (a stroke read as "~" or "="), "12/11./2019" (two marks), "-2026-06-18" (a
    dash before the date)."""
    t = re.sub(r"(?<=\d)(\s?)[~=_](?=\s?\d)", lambda m: m.group(1) + "-", text)
    t = re.sub(r"(?<=\d)[./\-](?=[./\-]\s?\d)", " ", t)
    return re.sub(r"(?:^|(?<=\s))[-–—~=_.]+(?=\d)", lambda m: " " * len(m.group(0)), t)


def _fold_accents(text: str) -> str:
    """Letters with accents as their plain letter, one character for one ("Şubat" ->
    "Subat", "março" -> "marco"), so that positions hold for the original text."""
    if text.isascii():
        return text
    import unicodedata

    out = []
    for c in text:
        d = unicodedata.normalize("NFKD", c)[:1] if c.isalpha() else c
        out.append("i" if c == "ı" else d if d.isascii() and d.isalpha() else c)
    return "".join(out)


def _year(y: str) -> int:
    v = int(y)
    if len(y) == 2:
        v += 2000 if v < YEAR_PIVOT else 1900
    return v


def _make(year: int, month: int, day: int) -> Optional[str]:
    if not 1900 <= year <= 2099:
        return None
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _numeric(a: int, b: int, year: int, prefer: str) -> Optional[ParsedDate]:
    """Day/month order of a numeric date; ``prefer`` breaks a tie."""
    mdy = _make(year, a, b)
    dmy = _make(year, b, a)
    if mdy and dmy:
        if a == b:
            return ParsedDate(mdy, "", prefer)
        if prefer == "dmy":
            return ParsedDate(dmy, NOTE_ASSUMED_DMY, "dmy")
        return ParsedDate(mdy, NOTE_ASSUMED_MDY, "mdy")
    if mdy:
        return ParsedDate(mdy, "", "mdy")
    if dmy:
        return ParsedDate(dmy, "", "dmy")
    return None


# "4denoverbrode2023": a Portuguese or Spanish date written (or read) without spaces
_GLUED_DMY = re.compile(r"(?<!\d)(?P<day>\d{1,2})\s*de\s*(?P<mon>[A-Za-z]{3,10}?)\s*del?\s*"
                        r"(?P<year>\d{4})(?!\d)", re.I)
# a numeric date with a separator lost: "24.042024", "2810/2023", "01102023" (separators read
# as "1", "0112812026", are left to the cheque rules, which ask the page image)
_LOST_SEPARATOR = tuple(
    re.compile(r"(?<![\d/.\-])(?P<a>\d{2})%s(?P<b>\d{2})%s(?P<y>(?:19|20)\d{2})(?![\d/.\-])"
               % seps) for seps in (("", "[/.\\-]"), ("[/.\\-]", ""), ("", "")))
NOTE_LOST_SEPARATOR = "ambiguous: a separator lost in {raw!r}"


def _letters_fix(text: str) -> str:
    """A "1" or "0" between letters is the letter it looks like ("ma1O" -> "maiO"), and one at
    the start or end of a word that is then a month's name the letter that makes it one
    ("29-JU1-2024", "0CT"), length kept."""
    text = re.sub(r"(?<=[A-Za-z])[10](?=[A-Za-z])",
                  lambda m: "i" if m.group(0) == "1" else "o", text)
    return _MONTH_EDGE_DIGIT.sub(_month_edge, text)


# a word of two letters and more with a "1" or "0" at one end
_MONTH_EDGE_DIGIT = re.compile(
    r"(?<![A-Za-z\d])(?:[10][A-Za-z]{2,8}|[A-Za-z]{2,8}[10])(?![A-Za-z\d])")


def _month_edge(m: re.Match) -> str:
    w = m.group(0)
    for fixed in (w.replace("1", "l"), w.replace("0", "o"), w.replace("1", "i")):
        if fixed != w and _fold_accents(fixed.lower()) in _MONTHS:
            return fixed
    return w


# a day "1" written as one stroke and read "I", "l" or "|", alone before a month ("São Paulo, I
# de julho de 2022")
_LONE_ONE = re.compile(r"(?<![A-Za-z\d])[Il|](?=\s+(?:de\s+)?[A-Za-z]{3,})")


def _month_of(word: str) -> Tuple[Optional[int], bool]:
    """(month, read exactly) of a month name, one OCR's slips of one, or none."""
    w = _fold_accents(word.lower().rstrip("."))
    exact = _MONTHS.get(w) or _MONTHS_INTL.get(w)
    return (exact, True) if exact else (fuzzy_month(word), False)


# a month's name cut in two by a space where the hand left a gap ("Au gyst", "Sept ember")
_LETTER_RUN = re.compile(r"(?<![A-Za-z])[A-Za-z]{1,8}(?![A-Za-z])")
SPLIT_MONTH_MIN = 5  # the least letters of a month's name read in two pieces


def _join_split_months(text: str) -> Tuple[str, FrozenSet[int]]:
    """(``text`` with a month's name read in two pieces joined, the space moved after them so
    that places hold, the starts of the names joined). Two runs of letters one space apart are
    joined where together they are a month's name ("Sept ember", "No vember", "Aug ust") or,
    neither piece a month's name already, one slip off one ("Au gyst")."""
    runs = list(_LETTER_RUN.finditer(text))
    out, joined = list(text), set()
    k = 0
    while k + 1 < len(runs):
        a, b = runs[k], runs[k + 1]
        word = a.group(0) + b.group(0)
        if b.start() != a.end() + 1 or text[a.end()] != " " or len(word) < SPLIT_MONTH_MIN:
            k += 1
            continue
        month, exact = _month_of(word)
        if month and (exact or not any(
                _month_of(x.group(0))[0] for x in (a, b) if len(x.group(0)) >= 3)):
            out[a.start():b.end()] = list(word + " ")
            joined.add(a.start())
            k += 2
        else:
            k += 1
    return "".join(out), frozenset(joined)


def _fuzzy_candidates(fixed: str, prefer: str, text: str):
    """The fuzzy pass's dates of ``text`` (``fixed``: as ``find_dates`` prepared it)."""
    lettered = _fold_accents(_ocr_fix(_LONE_ONE.sub("1", _letters_fix(text))))
    lettered, joined = _join_split_months(lettered)
    for rx, order in ((_FUZZY_MDY, "mdy"), (_FUZZY_DMY, "dmy"), (_GLUED_DMY, "dmy")):
        for m in rx.finditer(lettered):
            month, exact = _month_of(m["mon"])
            if month is None or (exact and lettered[m.start():m.end()] == fixed[m.start():m.end()]
                                 and rx is not _GLUED_DMY):
                continue
            iso = _make(_year(m["year"]), month, int(m["day"]))
            if iso:
                name = _dt.date(2000, month, 1).strftime("%B")
                word = text[m.start("mon"):m.end("mon") + (m.start("mon") in joined)]
                as_read = _fold_accents(word).lower() == m["mon"].lower()
                note = (NOTE_LETTERS_AS_DIGITS.format(raw=text[m.start():m.end()])
                        if exact and as_read else NOTE_FUZZY_MONTH.format(month=name, word=word))
                yield m.start(), m.end(), ParsedDate(iso, note, order), -1
    for m in (m for rx in _LOST_SEPARATOR for m in rx.finditer(fixed)):
        p = _numeric(int(m["a"]), int(m["b"]), int(m["y"]), prefer)
        if p:
            note = NOTE_LOST_SEPARATOR.format(raw=m.group(0))
            yield m.start(), m.end(), ParsedDate(p.iso, "; ".join(
                x for x in (p.note, note) if x), p.order), -2


def _candidates(fixed: str, prefer: str):
    for m in _NUMERIC_YMD.finditer(fixed):
        iso = _make(int(m["year"]), int(m["b"]), int(m["c"]))
        if iso:
            yield m.start(), m.end(), ParsedDate(iso, "", "ymd"), 3
    for m in _NUMERIC_DMY_MDY.finditer(fixed):
        if m["s1"] != m["s2"] and "." in (m["s1"], m["s2"]):
            continue  # "1.5-2020" is not a date
        p = _numeric(int(m["a"]), int(m["b"]), _year(m["year"]), prefer)
        if p:
            yield m.start(), m.end(), p, 2
    for m in _COMPACT_YMD.finditer(fixed):
        iso = _make(int(m["year"]), int(m["b"]), int(m["c"]))
        if iso:
            yield m.start(), m.end(), ParsedDate(iso, "", "ymd"), 0
    for rx, order in ((_NAMED_MDY, "mdy"), (_NAMED_DMY, "dmy"), (_NAMED_YMD, "ymd")):
        for m in rx.finditer(fixed):
            mon = m["mon"].lower().rstrip(".")
            month = _MONTHS.get(mon) or _MONTHS_INTL[mon]
            if order == "ymd":
                year = int(m["year"])
            else:
                year = _year(m["year"])
            iso = _make(year, month, int(m["day"]))
            if iso:
                yield m.start(), m.end(), ParsedDate(iso, "", order), 4


def find_dates(text: str, prefer: str = "mdy", fuzzy: bool = False) -> List[DateMatch]:
    """All dates inside ``text``, left to right, without overlaps. ``fuzzy``: also a month
    name one or two letters off ("Jein. 27, 2026"), marked ambiguous (``NOTE_FUZZY_MONTH``);
    for a text known to hold a date (right of a "Date" label), never for free text."""
    if not text:
        return []
    if prefer not in ("mdy", "dmy"):
        raise ValueError("prefer must be 'mdy' or 'dmy'")
    fixed = _fold_accents(_ocr_fix(text))
    cands = list(_candidates(fixed, prefer))
    if fuzzy and not cands:
        cands = list(_fuzzy_candidates(fixed, prefer, text))
    cands = sorted(cands, key=lambda c: (-(c[1] - c[0]), -c[3], c[0]))
    taken: List[DateMatch] = []
    for start, end, pd, _rank in cands:
        # trim separators the patterns may have eaten at the end
        while end > start and text[end - 1] in " ,.-/'":
            end -= 1
        if any(start < t.end and t.start < end for t in taken):
            continue
        raw = text[start:end]
        pd.raw = raw
        if any(a != b and a in _WEAK_LOOKALIKE for a, b in zip(raw, fixed[start:end])):
            note = NOTE_LETTERS_AS_DIGITS.format(raw=raw)
            pd.note = f"{pd.note}; {note}" if pd.note else note
        taken.append(DateMatch(start, end, raw, pd))
    return sorted(taken, key=lambda d: d.start)


_WEEKDAYS = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?"
_ALLOWED_REST = re.compile(r"^(?:[\s,.:;\-/]|date[d]?|on|the|" + _WEEKDAYS + r")*$", re.I)


def parse_date(text: str, prefer: str = "mdy") -> Optional[ParsedDate]:
    """Parse a text that is one date (optionally with a "Date:" label or a weekday).

    Returns None when there is no date, or when other words or numbers surround it.
    """
    if not text:
        return None
    found = find_dates(text, prefer=prefer)
    if len(found) != 1:
        return None
    d = found[0]
    rest = text[: d.start] + " " + text[d.end:]
    if not _ALLOWED_REST.match(rest):
        return None
    return d.date
