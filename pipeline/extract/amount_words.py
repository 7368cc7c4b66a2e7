"""Amounts in words on cheques: "One thousand two hundred thirty-four and 56/100 DOLLARS",
"Rupees Five Lakh Thirty Five Thousand Only".

Tolerant of what OCR does to handwritten and printed words (number words glued to each other or
to AND/DOLLARS, a letter slipped, the cents' "/100" misread) but returns ``None`` rather than guess
when the text is not an amount or a word cannot be known.
"""
from __future__ import annotations

import difflib
import re
from decimal import Decimal
from typing import List, Optional, Tuple

from .word_split import fewest_words

__all__ = ["parse_amount_words", "amount_words_currency", "count_number_words"]

CENT = Decimal("0.01")

# --------------------------------------------------------------------------- words

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9,
}
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {"thousand": 1000, "million": 1000000, "billion": 1000000000, "lakh": 100000,
           "lakhs": 100000, "crore": 10000000, "crores": 10000000}
# Indian spellings of lakh and crore written on cheques
_SCALE_SPELLINGS = {"lac": "lakh", "lacs": "lakh", "lack": "lakh", "lacks": "lakh", "lakh": "lakh",
                    "laks": "lakh", "lakhs": "lakh", "laksh": "lakh",
                    "lacs.": "lakh", "crore": "crore", "crores": "crore", "karod": "crore",
                    "cores": "crore"}
_MISSPELLINGS = {
    "fourty": "forty", "ninty": "ninety", "nintey": "ninety", "eightteen": "eighteen",
    "fourteeen": "fourteen", "twelth": "twelve", "hundered": "hundred", "hundreds": "hundred",
    "thousands": "thousand", "millions": "million", "thirtyt": "thirty", "tweleve": "twelve",
    "fithy": "fifty", "forthy": "forty", "ninteen": "nineteen",
}
# real words a fuzzy match must not turn into numbers ("fifth" is not "fifty")
_ORDINALS = {
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth", "fortieth",
    "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth", "hundredth",
    "thousandth", "millionth", "sixties", "seventies", "fifties", "forties", "thirties",
}
# the number words of English amounts (and of Indian ones: lakh, crore)
NUMBER_WORDS = set(_UNITS) | set(_TEENS) | set(_TENS) | set(_SCALES) | {"hundred"}

# currency words: major unit -> code, minor units
_MAJOR = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR",
    "eur": "EUR", "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP",
    "rupee": "INR", "rupees": "INR", "inr": "INR", "yen": "JPY", "cad": "CAD",
    "aud": "AUD", "francs": "CHF", "franc": "CHF",
    # the Gulf's: which country's riyal or dinar the leaf says (``conventions.localise``)
    "riyal": "", "riyals": "", "rial": "", "rials": "", "ryal": "", "ryals": "", "dinar": "",
    "dinars": "", "dirham": "", "dirhams": "",
}
_MINOR = {"cent", "cents", "pence", "penny", "paise", "paisa", "centimes", "ct", "cts",
          "fils", "halala", "halalas", "halalah", "baisa", "baiza", "baisas", "baizas"}
# minor units that are always thousandths (Oman's baisa)
_THOUSANDTH_UNITS = {"baisa", "baiza", "baisas", "baizas"}
# a major unit's word that is another's minor unit after it (Qatar: riyals and dirhams)
_MINOR_AFTER_MAJOR = {"dirham", "dirhams"}
_FILLER_WORDS = {
    "and", "only", "exactly", "the", "sum", "of", "no", "us", "u", "s", "pay", "xx", "x",
    "a", "even", "flat", "total", "amount", "in", "words", "just", "nothing", "plus",
    "with", "dlrs", "dols", "dol", "canadian", "american", "australian",
    "qatari", "saudi", "kuwaiti", "bahraini", "omani", "emirati", "uae",
}

# "56/100", "no/100", "xx/100", "00/100", "--/100"; OCR: "56/1OO", "56/l00", "56 /100",
# "3O/100", "Z6/I00", "9U/ICO", "na/1CC" (a zero read as O, C or U, a 2 as Z), "74/IUO",
# "OO/M0O" (one slip in the hundred), "40/10" (the last zero cut at the line's end)
_ZERO = "0ouc@"
_FRACTION_RE = re.compile(
    r"(?:(?<![0-9])(\d{1,2})|(?<![0-9a-z])(\d[ocuzlis]|[ocuzlis]\d)"
    r"|(?:(?<=and)|(?<![0-9a-z]))(o{1,2}|[ocu]{2}|n[oa0cu]?|xx|x|--|-|__))"
    rf"\s*/\s*(?:[1li|][{_ZERO}]{{2}}(?![0-9])"
    rf"|(?:[1li|][{_ZERO}][^\s/\d]|[1li|][^\s/\d][{_ZERO}]|[^\s/\d][{_ZERO}]{{2}})(?![0-9a-z])"
    r"|(?<=\d\d/)10(?=\s*$)|(?<=\d\d\s/)10(?=\s*$))"
    # the "/" lost: "OS100", "00100" (the cents and 100 as one word)
    r"|(?<![0-9a-z])(?=\w\w100(?![0-9a-z]))(?:(\d{2})|(\d[ocuzlis]|[ocuzlis]\d|[ocu]{2}|o[sz]))100"
)
_FRACTION_DIGITS = str.maketrans("ocuzlis", "0002115")
# two digits after "and" with nothing but letters after them: the cents whose "/100" OCR lost
# ("fiftyeight and81dllars", "and 81 dollars only")
_BARE_CENTS = re.compile(r"\band\s*(\d{2})(?=[a-z\s]*$)")
MILLI = Decimal("0.001")
# "250/1000": thousandths, where a leaf's currency has them (``decimals=3``)
_THOUSANDTHS = re.compile(r"(?<![0-9])(\d{1,3})\s*/\s*1000(?![0-9])")
# minor units in digits, a zero read as the letter o ("6o", "o5")
_O_DIGITS_TOKEN = re.compile(r"(?=[o\d]*\d)[o\d]+")

# a word after a tens word and a hyphen is a unit: a slip in it is read as the nearest one
# ("ninety-thee", "tuenty-tw"; ``_unit_after_tens``)
_TENS_HYPHEN = re.compile(r"\b([a-z]{5,8})-([a-z]{2,})\b")


def _canon_word(w: str) -> Optional[str]:
    if w in NUMBER_WORDS or w in _UNITS:
        return w
    if w in _SCALE_SPELLINGS:
        return _SCALE_SPELLINGS[w]
    if w in _MISSPELLINGS:
        return _MISSPELLINGS[w]
    if (len(w) >= 5 and w not in _FILLER_WORDS and w not in _MAJOR and w not in _MINOR
            and w not in _ORDINALS):
        # OCR slips: "thousarid", "Fiftv", "hundrcd"
        hit = difflib.get_close_matches(w, sorted(NUMBER_WORDS), n=1, cutoff=0.8)
        if hit:
            return hit[0]
    return None


FUZZY_PIECE = 5  # the shortest piece of a glued token that may be a misread number word
PIECE_COST = 0.1  # ... and what each piece costs beside its letters changed (fewer pieces)
# the words a token OCR glued together may be made of ("sevenand", "twodollars"): number words
# and the words that follow them, none short enough to hide inside another word ("of", "a")
_GLUE_WORDS = (NUMBER_WORDS | set(_SCALE_SPELLINGS) | {"and", "only", "dollars", "dollar",
                                                        "cents", "rupees", "riyals", "rials",
                                                        "dinars", "dirhams"})


def _known(t: str) -> bool:
    return (t in NUMBER_WORDS or t in _SCALE_SPELLINGS or t in _MISSPELLINGS
            or t in _FILLER_WORDS or t in _MAJOR or t in _MINOR or t in _ORDINALS)


def _unglue(t: str) -> Optional[List[str]]:
    """``t`` as two or more words of ``_GLUE_WORDS`` written without a space, the fewest
    pieces (of two letters and more); where there is no such split, and ``t`` is long enough
    to hold two number words, pieces of ``FUZZY_PIECE`` letters and more may be number words
    misread as ``_canon_word`` allows ("hondredeigtynine": "hondred" "eigty" "nine"), and of
    four letters where one is lost from a number word of five (``_letter_lost``: "fiftyeigt");
    None when it is not one."""
    got = fewest_words(t, lambda w: len(w) >= 2 and w in _GLUE_WORDS)
    if got is None and len(t) >= 2 * FUZZY_PIECE - 1:
        got = _fuzzy_pieces(t)
    return got if got is not None and len(got) > 1 else None


def _fuzzy_pieces(t: str) -> Optional[List[str]]:
    """``t`` cut into words of ``_GLUE_WORDS`` and misread number words (``_canon_word``, of
    ``FUZZY_PIECE`` letters and more) with the fewest letters changed, then the fewest pieces
    ("thousandfourhondred": "thousand" "four" "hondred", one letter changed, not "thousandfou"
    "rhondred", five); None where no such cut exists."""
    best: List[Optional[Tuple[float, List[str]]]] = [None] * (len(t) + 1)
    best[0] = (0.0, [])
    for i in range(len(t)):
        if best[i] is None:
            continue
        for j in range(i + 2, len(t) + 1):
            w = t[i:j]
            canon = w if w in _GLUE_WORDS else (
                _canon_word(w) if len(w) >= FUZZY_PIECE else
                _letter_lost(w) if len(w) == 4 else None)
            if canon is None:
                continue
            cost = float(_edits(w, canon))
            c = best[i][0] + cost + PIECE_COST
            if best[j] is None or c < best[j][0]:
                best[j] = (c, best[i][1] + [w])
    return best[-1][1] if best[-1] is not None else None


def _letter_lost(w: str) -> Optional[str]:
    """The one number word of five letters that ``w`` (four letters) is with a letter lost
    ("eigt": "eight", "thre": "three"); None for none or two."""
    hits = [n for n in _FIVE_LETTER_NUMBER_WORDS if any(n[:i] + n[i + 1:] == w for i in range(5))]
    return hits[0] if len(hits) == 1 else None


_FIVE_LETTER_NUMBER_WORDS = sorted(n for n in NUMBER_WORDS if len(n) == 5)


def _split_glued(tokens: List[str]) -> List[str]:
    """Number words OCR read without the space between them ("seventy-sevenand",
    "eighty-twodollars", "fiftyfour")."""
    out: List[str] = []
    for t in tokens:
        close = difflib.get_close_matches(t, sorted(NUMBER_WORDS), n=1, cutoff=0.9)
        parts = None if (t.isdigit() or _known(t) or close) else _unglue(t)  # "seventen"
        out.extend(parts or [t])
    return out


def _edits(a: str, b: str) -> int:
    """Levenshtein distance."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


_MULTIPLIERS = set(_UNITS) - {"zero"}


# English words written near an amount that are a slip away from a number word
_NOT_SLIPS = {"for", "per", "not", "from", "over", "pay", "to", "tax", "fee", "fees", "net"}


def _may_precede(word: str) -> set:
    """The number words that may come right before ``word`` in an amount."""
    if word == "hundred":
        return _MULTIPLIERS | set(_TEENS)
    if word in _SCALES:
        return _MULTIPLIERS | set(_TEENS) | set(_TENS) | {"hundred"}
    if word in _UNITS:
        return set(_TENS) | {"hundred"} | set(_SCALES)
    return {"hundred"} | set(_SCALES)  # before a teen or a tens word


def _may_follow(word: str) -> set:
    """The number words that may come right after ``word`` in an amount."""
    if word in _TENS:
        return set(_MULTIPLIERS)
    if word in _UNITS or word in _TEENS:
        return {"hundred"} | set(_SCALES)
    return _MULTIPLIERS | set(_TEENS) | set(_TENS)  # after hundred, thousand ...


def _slipped(t: str, words) -> Optional[str]:
    """The one word of ``words`` nearest ``t`` (three letters or more) within two edits, one
    for three letters ("fve", "twno", "Far" before "hundred", "thee" after "ninety-"); None
    when none is, or two are as near. For a word whose place says it is a number word."""
    if len(t) < 3 or not t.isalpha() or _known(t) or t in _NOT_SLIPS:
        return None
    near = sorted((_edits(t, w), w) for w in words)
    d, w = near[0]
    if d > (1 if len(t) == 3 and len(w) <= 3 else 2) or (len(near) > 1 and near[1][0] == d):
        return None
    return w


def _join_split_words(tokens: List[str]) -> List[str]:
    """Two pieces of one number word that handwriting or OCR split ("hund rnd" -> "hundred");
    a number word that follows a piece of a word is not one ("fve hundred")."""
    out: List[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if (i + 1 < len(tokens) and not t.isdigit() and not tokens[i + 1].isdigit()
                and _canon_word(t) is None and _canon_word(tokens[i + 1]) is None
                and t not in _FILLER_WORDS
                and tokens[i + 1] not in _FILLER_WORDS and tokens[i + 1] not in _MAJOR
                and tokens[i + 1] not in _MINOR):
            joined = _canon_word(t + tokens[i + 1])
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        out.append(t)
        i += 1
    return out


def _words_to_int(words: List[str]) -> Optional[int]:
    """Integer of a sequence of canonical number words, None if ill-formed."""
    if not words:
        return None
    total = 0
    current = 0
    prev = None  # class of previous word: unit, teen, tens, hundred, scale
    last_scale = None
    for w in words:
        if w in _UNITS:
            if prev in ("unit", "teen"):
                return None
            if prev == "tens" and current % 10 != 0:
                return None
            current += _UNITS[w]
            prev = "unit"
        elif w in _TEENS:
            if prev in ("unit", "teen", "tens"):
                return None
            current += _TEENS[w]
            prev = "teen"
        elif w in _TENS:
            if prev == "unit" and 0 < current < 10:
                # "one fifty lakhs": hundreds said without "hundred" (150 lakh)
                current = current * 100 + _TENS[w]
                prev = "tens"
                continue
            if prev in ("unit", "teen", "tens"):
                return None
            current += _TENS[w]
            prev = "tens"
        elif w == "hundred":
            if prev == "hundred":
                return None
            if current % 100 == 0 and current >= 100:
                return None
            current = (current or 1) * 100
            prev = "hundred"
        elif w in _SCALES:
            scale = _SCALES[w]
            if last_scale is not None and scale >= last_scale:
                # "one thousand two thousand": no; "hundred thousand" handled via current
                return None
            total += (current or 1) * scale
            current = 0
            last_scale = scale
            prev = "scale"
        else:
            return None
    return total + current


# "and" as handwriting is read with its "n" lost ("ddlars ad twent four cents", "and" before
# the cents)
_AND_SLIPS = {"ad"}


def _tokens(text: str) -> List[str]:
    return ["and" if t in _AND_SLIPS else t for t in re.split(r"[^a-z0-9]+", text) if t]


_LONG_SCALES = ("hundred", "thousand", "million", "billion")


def _scale_like(t: str) -> bool:
    """A word of six letters or more within two slips of a long scale word ("thensand",
    "thousond", "hundrad"), that no number word was read as."""
    return len(t) >= 6 and t.isalpha() and any(_edits(t, w) <= 2 for w in _LONG_SCALES)


def misread_scale(text: str, value: Optional[Decimal] = None) -> bool:
    """A word that is no number word but reads like a long scale word, left out of the value
    ("fifty sovar thensand only" read 50): the number read without it would be wrong (50 for
    57,000), not short. It is still an amount in words, as a page's evidence. ``value``: the
    text's value where parsed already."""
    words = re.findall(r"[A-Za-z]+", text or "")
    odd = [w for w in words if _scale_like(w.lower()) and _canon_word(w.lower()) is None]
    if not odd:
        return False
    value = parse_amount_words(text) if value is None else value
    rest = re.sub(r"\b(?:%s)\b" % "|".join(map(re.escape, odd)), " ", text)
    return value is not None and parse_amount_words(rest) == value


def _parse_word_number(tokens: List[str], allow_edge_noise: bool) -> Tuple[Optional[int], bool]:
    """(value, saw_any_number_word) for tokens; unknown words only allowed at the ends."""
    canon: List[Optional[str]] = []
    for t in tokens:
        if t in _FILLER_WORDS or (len(t) == 1 and t.isalpha()):
            canon.append("")  # a stray letter is a piece of a word read twice ("Hundred d")
            continue
        if t.isdigit():
            canon.append(None)
            continue
        canon.append(_canon_word(t))
    idx = [i for i, c in enumerate(canon) if c]
    if not idx:
        return None, False
    first, last = idx[0], idx[-1]
    for i in range(first + 1, last):  # a slip in a word between two number words
        if canon[i] is None:
            canon[i] = _slipped(tokens[i], _may_precede(next(c for c in canon[i + 1:] if c)))
    if first > 0 and canon[first - 1] is None and (canon[first] in _SCALES
                                                   or canon[first] == "hundred"):
        # the word before a leading "hundred" / "thousand" is its multiplier: a slip in it
        # ("Twe thasand", "Far hundred") is read as the nearest number word, or nothing is
        got = _slipped(tokens[first - 1], _may_precede(canon[first]) - {"hundred"} - set(_SCALES))
        if got is None:
            return None, True
        canon[first - 1] = got
        first -= 1
    if last + 1 < len(canon) and canon[last + 1] is None:
        # a slip in the word right after the last number word, where one may follow it
        got = _slipped(tokens[last + 1], _may_follow(canon[last]))
        if got is not None:
            canon[last + 1] = got
            last += 1
    inner = canon[first:last + 1]
    if any(c is None for c in inner):
        return None, True
    if not allow_edge_noise and any(c is None for c in canon):
        return None, True
    words = [c for c in inner if c]
    return _words_to_int(words), True


def _clean_words_text(text: str) -> str:
    s = text.lower()
    s = s.replace("—", "-").replace("–", "-").replace("‐", "-").replace("−", "-")
    s = s.replace("⁄", "/").replace("∕", "/")
    s = s.replace("&", " and ")
    # a letter O read as a zero or "@" inside a word ("0NE", "@ne", "F0UR")
    s = re.sub(r"(?<=[a-z])[0@](?=[a-z])|(?<![a-z0-9])[0@](?=[a-z]{2})|(?<=[a-z]{2})0(?![0-9/])",
               "o", s)
    s = re.sub(r"(?<=[a-z])[|1!](?=[a-z])", "i", s)  # "E|GHT", "F1VE"
    # filler runs: "*****", "-----", "=====", "~~~", "....", "xxxx" padding
    s = re.sub(r"[*=~_#]+", " ", s)
    s = re.sub(r"-{2,}(?!\s*/)", " ", s)
    s = re.sub(r"\.{2,}", " ", s)
    s = re.sub(r"\bx{3,}\b", " ", s)
    return s


def _unit_after_tens(m: "re.Match") -> str:
    """"ninety-thee" -> "ninety-three", "tuenty-tw" -> "tuenty-two"; a word there that is no
    unit within a slip: a NUL, which no text has (the amount has a unit no one can read)."""
    t = m.group(2)
    if (_canon_word(m.group(1)) not in _TENS or _known(t) or _canon_word(t) is not None
            or _unglue(t)):
        return m.group(0)
    got = _slipped(t, _MULTIPLIERS) if len(t) >= 3 else _slipped2(t)
    return f"{m.group(1)}-{got}" if got else "\x00"


def _slipped2(t: str) -> Optional[str]:
    """The one unit that a two-letter ``t`` is with a letter left out ("tw")."""
    hits = {w for w in _MULTIPLIERS if len(w) == 3 and _edits(t, w) == 1}
    return hits.pop() if len(hits) == 1 else None


def _minor_number(tokens: List[str]) -> Optional[int]:
    """How many of ``tokens`` (those after a minor unit's word) are its number: number words
    or digits, up to "only" or the end; None where none is, or a word of no number follows."""
    n = 0
    while n < len(tokens) and (_canon_word(tokens[n]) or _O_DIGITS_TOKEN.fullmatch(tokens[n])):
        n += 1
    if n == 0 or any(t not in _FILLER_WORDS for t in tokens[n:]):
        return None
    return n


def parse_amount_words(text: str, strict: bool = False, decimals: int = 2
                       ) -> Optional[Decimal]:
    """Parse an amount written in words into a Decimal with two places (``decimals=3``:
    three, where a minor unit is a thousandth: Kuwaiti and Bahraini fils, Omani baisa).

    Handles "One thousand two hundred thirty-four and 56/100 DOLLARS",
    "Twelve Dollars and Fifty Cents", "and no/100", "xx/100", "only", fillers; the minor
    unit's word before its number ("and fils fifty", "and cents seventy-four").
    Unknown words are tolerated before and after the number ("Pay ... only")
    unless ``strict``. Returns None on text that is not an amount in words.
    """
    if not text:
        return None
    s = _clean_words_text(text)
    cents: Optional[int] = None
    places = 2  # the cents' places: hundredths, or thousandths of a "/1000" or of fils
    quantum = MILLI if decimals == 3 else CENT
    if decimals == 3:  # "and 250/1000"
        m = _THOUSANDTHS.search(s)
        if m:
            cents, places = int(m.group(1)), 3
            s = s[:m.start()] + " " + s[m.end():]
    fracs = list(_FRACTION_RE.finditer(s)) if cents is None else []
    if len(fracs) > 1:
        return None
    if fracs:
        f = fracs[0]
        if f.group(1) or f.group(4):
            cents = int(f.group(1) or f.group(4))
        elif f.group(2) or f.group(5):
            cents = int((f.group(2) or f.group(5)).translate(_FRACTION_DIGITS))
        else:
            cents = 0
        s = s[: f.start()] + " " + s[f.end():]
    else:
        m = _BARE_CENTS.search(s)
        if m and not any(t in _MINOR or t in _MINOR_AFTER_MAJOR
                         for t in re.findall(r"[a-z]+", s[m.end():])):
            # "and81dllars": the cents with their "/100" lost (not "and 50 paise": a minor
            # unit's word says what they are)
            cents = int(m.group(1))
            s = s[: m.start(1)] + " " + s[m.end(1):]
    if "/" in s:
        return None
    s = _TENS_HYPHEN.sub(_unit_after_tens, s)
    if "\x00" in s:
        return None
    tokens = _join_split_words(_split_glued(_tokens(s.replace("-", " "))))
    if not tokens:
        return Decimal(cents).scaleb(-places).quantize(quantum) if cents is not None else None

    # split at the major currency word and at the minor-unit word
    major_i = next((i for i, t in enumerate(tokens) if t in _MAJOR), None)
    lead = None  # the currency word written first
    while major_i is not None and not any(_canon_word(t) for t in tokens[:major_i]):
        # currency word first ("Rupees five thousand only", the label read with the words
        # again: "Kuwaiti Dinars Kuwaiti Dinars one hundred"): drop it
        lead = tokens[major_i]
        tokens = tokens[major_i + 1:]
        major_i = next((i for i, t in enumerate(tokens) if t in _MAJOR), None)
    # "dirhams" after riyals (written or first) is Qatar's minor unit
    other = lead is not None and lead not in _MINOR_AFTER_MAJOR
    minor_i = None
    for i, t in enumerate(tokens):
        if t in _MINOR or (t in _MINOR_AFTER_MAJOR and other):
            minor_i = i
            break
        other = other or (t in _MAJOR and t not in _MINOR_AFTER_MAJOR)
    if minor_i is not None and major_i == minor_i:
        major_i = None
    if minor_i is not None and 0 < minor_i < len(tokens) - 1 and tokens[minor_i - 1] == "and" \
            and _minor_number(tokens[minor_i + 1:]) is not None:
        # the minor unit's word before its number ("and fils fifty only", "and cents
        # seventy-four"): put it after
        after = _minor_number(tokens[minor_i + 1:])
        tokens = tokens[:minor_i] + tokens[minor_i + 1:minor_i + 1 + after] + \
            [tokens[minor_i]] + tokens[minor_i + 1 + after:]
        minor_i += after

    if minor_i is not None:
        if cents is not None:
            return None
        places = decimals
        if tokens[minor_i] in _THOUSANDTH_UNITS:
            places, quantum = 3, MILLI
        if major_i is not None and major_i < minor_i:
            main_toks, cent_toks = tokens[:major_i], tokens[major_i + 1:minor_i]
            rest = tokens[minor_i + 1:]
        elif major_i is None:
            # "Fifty cents" alone, or "twelve and fifty cents"
            before = tokens[:minor_i]
            if "and" in before:
                k = len(before) - 1 - before[::-1].index("and")
                main_toks, cent_toks = before[:k], before[k + 1:]
            else:
                main_toks, cent_toks = [], before
            rest = tokens[minor_i + 1:]
        else:
            return None
        if any(_canon_word(t) for t in rest if t not in _FILLER_WORDS and t not in _MAJOR):
            return None
        cent_val, saw = _parse_word_number(cent_toks, allow_edge_noise=False)
        # the minor units in digits, a zero read "o" ("and 6O halalas")
        digits = [t.replace("o", "0") for t in cent_toks if _O_DIGITS_TOKEN.fullmatch(t)]
        if cent_val is None and len(digits) == 1 and len(digits[0]) <= places:
            cent_val = int(digits[0])
        if cent_val is None or cent_val >= 10 ** places:
            return None
        cents = cent_val
        if not any(t not in _FILLER_WORDS for t in main_toks):
            return Decimal(cents).scaleb(-places).quantize(quantum)
        dollars, saw = _parse_word_number(main_toks, allow_edge_noise=not strict)
    else:
        if major_i is not None:
            after = tokens[major_i + 1:]
            if any(_canon_word(t) for t in after if t not in _FILLER_WORDS):
                return None
            tokens = tokens[:major_i]
        dollars, saw = _parse_word_number(tokens, allow_edge_noise=not strict)
    if dollars is None:
        if not saw and cents is not None and not any(
                t not in _FILLER_WORDS and t not in _MAJOR for t in tokens):
            dollars = 0
        else:
            return None
    value = Decimal(dollars) + Decimal(cents or 0).scaleb(-places)
    return value.quantize(quantum)


def count_number_words(text: str) -> int:
    """How many words of ``text`` are number words, as ``parse_amount_words`` reads them
    (spellings, OCR slips and glued words too: "five Cores Ten laihs" has four)."""
    words = _clean_words_text(text or "").replace("-", " ")
    tokens = _join_split_words(_split_glued(_tokens(words)))
    return sum(1 for t in tokens if not t.isdigit() and _canon_word(t) is not None)


def amount_words_currency(text: str) -> Optional[str]:
    """Currency code named by a currency word in an amount in words ("DOLLARS" -> USD); the
    Gulf's riyals, dinars and dirhams name none here (which country's: ``localise``)."""
    for t in _tokens(_clean_words_text(text or "")):
        if _MAJOR.get(t):
            return _MAJOR[t]
    return None
