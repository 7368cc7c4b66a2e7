"""Amounts on cheques and receipts: in figures ("$1,234.56") and in words
("One thousand two hundred thirty-four and 56/100 DOLLARS").

Both parsers are tolerant of what OCR does to printed amounts (filler stars and
dashes, a letter O for a zero inside a digit group, a dot read for a comma) but
return ``None`` rather than guess when the text is not an amount.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import List, Optional, Tuple

__all__ = [
    "ParsedAmount",
    "parse_amount",
    "find_amounts",
    "parse_amount_words",
    "amount_words_currency",
    "count_number_words",
    "format_decimal",
]

CENT = Decimal("0.01")


@dataclass
class ParsedAmount:
    value: Decimal
    currency: Optional[str]  # ISO 4217 code, None when the text names none
    raw: str                 # the text the amount was read from (stripped)


def format_decimal(value: Decimal) -> str:
    """Normalised string of an amount: two decimals, no grouping ("1234.56")."""
    return str(value.quantize(CENT))


# --------------------------------------------------------------------------- figures

# longest first: "US$" must win over "$"
_CURRENCY_SYMBOLS: List[Tuple[str, str]] = [
    ("US$", "USD"), ("U$", "USD"), ("CA$", "CAD"), ("C$", "CAD"), ("AU$", "AUD"),
    ("A$", "AUD"), ("NZ$", "NZD"), ("HK$", "HKD"), ("S$", "SGD"), ("R$", "BRL"),
    ("$", None),  # resolved through ``dollar``
    ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("₹", "INR"), ("₩", "KRW"),
    ("₽", "RUB"), ("₺", "TRY"), ("₱", "PHP"), ("฿", "THB"), ("₫", "VND"),
]
_CURRENCY_CODES = {
    "USD", "CAD", "AUD", "NZD", "EUR", "GBP", "JPY", "INR", "CHF", "SGD", "HKD",
    "CNY", "RMB", "MXN", "BRL", "ZAR", "SEK", "NOK", "DKK", "PLN", "KRW", "MYR",
    "IDR", "PHP", "THB", "VND", "AED", "SAR", "RUB", "TRY",
}
_CURRENCY_WORDS = {"RS": "INR", "INR": "INR", "RMB": "CNY", "EURO": "EUR", "EUROS": "EUR",
                   "RM": "MYR", "SGD": "SGD", "KSH": "KES", "RP": "IDR"}

# characters OCR gives for a digit when it sits inside a digit group ("C": a handwritten zero
# left open at the right, "8,697.2C")
_DIGIT_LOOKALIKES = {"O": "0", "o": "0", "Q": "0", "D": "0", "C": "0", "l": "1", "I": "1",
                     "|": "1", "i": "1", "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2",
                     "g": "9"}
_FILLER_CHARS = "*#=~_«»<>()[]{}\"'`^"

_NUM_BODY = re.compile(r"^[0-9OoQDClIi|SsBZzg]+(?:[ .,'’][0-9OoQDClIi|SsBZzg]+)*[.,]?$")
# dollars, then the cents over 100, as cheques are often filled in by hand ("17012 32/100",
# "$ 465 27/100", "262 xx/100"); OCR: "788 C0/10C"
_FIG_FRACTION = re.compile(
    r"^(?:(?P<units>.*[0-9].*?)\s+(?P<cents>[0-9OoCQD]{1,2}|xx|XX|no|NO|No|--)"
    r"|(?P<units2>[0-9][0-9,.]*[0-9])(?P<cents2>[0-9]{2}))\s*/\s*(?P<den>[1lIi|][0OoCQ]{2})$"
    r"|^(?P<units3>.*[0-9].*?)\s+(?P<cents3>[0-9]{2})(?P<den3>100)$")
# (the second form: the space before the cents lost, "438464/100": cents are two digits)


def _fix_digits(token: str) -> Optional[str]:
    """Map look-alike letters to digits inside a number token; None if it is not numeric."""
    if not any(c.isdigit() for c in token):
        return None
    if "C" in token and not re.search(r"[.,]", token):
        return None  # "50C" may be cents; a C for a zero only inside "1,2C0.00"
    out = []
    for c in token:
        if c.isdigit() or c in " .,'’":
            out.append(c)
        elif c in _DIGIT_LOOKALIKES:
            out.append(_DIGIT_LOOKALIKES[c])
        else:
            return None
    fixed = "".join(out)
    # a look-alike must not make up most of the token ("lOl" is not a number)
    real = sum(c.isdigit() for c in token)
    if real * 2 < sum(c.isdigit() for c in fixed):
        return None
    return fixed


def _number_value(token: str) -> Optional[Decimal]:
    """Decimal of a digit string with thousands/decimal separators in any common style."""
    t = token.strip().rstrip(".,")
    t = re.sub(r"\s*([.,])\s*", r"\1", t)  # "1,234. 56" -> "1,234.56"
    t = t.replace("’", "'")
    if not t or not t[0].isdigit():
        return None
    # spaces and apostrophes only group thousands
    t = re.sub(r"(?<=\d)['\s](?=\d{3}(?:\D|$))", "", t)
    if re.search(r"[\s']", t):
        return None
    seps = [(i, c) for i, c in enumerate(t) if c in ".,"]
    if not seps:
        return Decimal(t)
    last_i, last_c = seps[-1]
    tail = t[last_i + 1:]
    groups = re.split(r"[.,]", t)
    kinds = {c for _, c in seps}
    if len(kinds) == 2:
        # "1,234.56" / "1.234,56": the last separator is the decimal point
        if len(tail) not in (1, 2):
            return None
        int_groups = groups[:-1]
        if any(c == last_c for _, c in seps[:-1]):
            return None
    elif len(seps) > 1:
        # one kind, several times: thousands ("1,234,567"), unless the last group
        # is cents ("1.234.56" is a comma read as a dot)
        if len(tail) in (1, 2):
            int_groups = groups[:-1]
        elif len(tail) == 3:
            int_groups, tail = groups, ""
        else:
            return None
    else:
        if len(tail) == 3 and groups[0] != "0":
            int_groups, tail = groups, ""  # "1,234" thousands
        elif len(tail) in (1, 2):
            int_groups = groups[:-1]
        else:
            return None
    if len(int_groups) > 1:
        # a first group of three ("150,00,000", 150 lakh) is how crores are often written
        lakh = (len(int_groups) >= 3 and 1 <= len(int_groups[0]) <= 3
                and all(len(g) == 2 for g in int_groups[1:-1]) and len(int_groups[-1]) == 3)
        if lakh:  # Indian grouping: 88,00,000 (lakh), 5,35,00,000 (crore)
            pass
        elif not (1 <= len(int_groups[0]) <= 3) or any(len(g) != 3 for g in int_groups[1:]):
            return None
    digits = "".join(int_groups)
    try:
        return Decimal(digits + ("." + tail if tail else ""))
    except InvalidOperation:
        return None


def _strip_currency(s: str, dollar: Optional[str]) -> Tuple[str, Optional[str], bool]:
    """Remove one currency marker at either end; returns (rest, code, found)."""
    for end in ("start", "end"):
        for sym, code in _CURRENCY_SYMBOLS:
            if end == "start" and s.startswith(sym):
                return s[len(sym):].strip(), code or dollar, True
            if end == "end" and s.endswith(sym):
                return s[: -len(sym)].strip(), code or dollar, True
        m = (re.match(r"^([A-Za-z]{2,5})\.?\s*", s) if end == "start"
             else re.search(r"\s*([A-Za-z]{2,5})\.?$", s))
        if m:
            word = m.group(1).upper()
            code = word if word in _CURRENCY_CODES else _CURRENCY_WORDS.get(word)
            if code:
                rest = s[m.end():] if end == "start" else s[: m.start()]
                return rest.strip(), code, True
    return s, None, False


# the largest amount read from figures (15 digits before the point); longer runs of digits are
# MICR lines or account numbers read whole, and Decimal's 28 digits would overflow on them
MAX_AMOUNT = Decimal(10) ** 15


def parse_amount(text: str, dollar: Optional[str] = "USD") -> Optional[ParsedAmount]:
    """Parse an amount written in figures; the whole text must be the amount.

    ``dollar`` is the code a bare "$" stands for. Returns None when the text is not
    an amount. Currency is None when the text names none.
    """
    if text is None:
        return None
    raw = text.strip()
    # paise or cents after "=" ("5000=00", "12,500=00/-"; "12,500-00" after a digit group), as
    # Indian cheques write them: a decimal point
    s = re.sub(r"(?<=\d)\s*(?:=|(?<=\d,\d{3})-)\s*(\d{2})\s*(?=(?:/\s*[-=]?|=|-)?\s*$)",
               r".\1", raw)
    for c in _FILLER_CHARS:
        s = s.replace(c, " ")
    s = re.sub(r"^\s*\.{2,}|\.{2,}\s*$", " ", s)  # dots filling the box ("..13,656.28..")
    s = re.sub(r"\s+", " ", s).strip()
    # the Indian and Gulf end mark "/-" ("10,000/-", "5000/=", "3340000/", "-/"): no digits follow
    s = re.sub(r"(?<=\d)\s*(?:/\s*[-=]?|-\s*/|(?<=\d{3})[1l|]\s*-)\s*$", "", s)
    # a single minus right before the number (or its currency) is a sign; runs are filler
    negative = bool(re.match(r"^-(?!-)\s?(?=[\d$€£¥₹.]|[A-Z]{3}\b)", s))
    s = s.strip(" :;-")
    currency = None
    for _ in range(2):  # "USD $ 12.00"
        s, code, found = _strip_currency(s, dollar)
        if not found:
            break
        currency = currency or code
        s = s.strip(" :;")
    s = s.strip()
    if s.startswith("-"):
        if negative:
            return None  # "--12" after a sign
        negative = bool(re.match(r"^-(?!-)\s?\d", s))
        s = s.lstrip("- ")
    if re.match(r"^[.,]\d{1,2}$", s):
        s = "0" + s
    cents = None
    frac = _FIG_FRACTION.match(s)
    if frac:
        cents = _fraction_cents(frac.group("cents") or frac.group("cents2") or frac.group("cents3"),
                                frac.group("den") or frac.group("den3"))
        if cents is None:
            return None
        s = (frac.group("units") or frac.group("units2") or frac.group("units3")).strip()
    if not s or not _NUM_BODY.match(s):
        return None
    fixed = _fix_digits(s)
    if fixed is None:
        return None
    if cents is not None and re.search(r"[.,]\s*\d{1,2}$", fixed):
        return None  # "12.50 50/100": cents twice
    value = _number_value(fixed)
    if value is not None and cents is not None:
        value += Decimal(cents).scaleb(-2)
    if value is None or abs(value) >= MAX_AMOUNT:
        return None  # a run of digits no amount has (a MICR line read whole): not an amount
    if negative:
        value = -value
    return ParsedAmount(value=value.quantize(CENT), currency=currency, raw=raw)


def _fraction_cents(num: str, den: str) -> Optional[int]:
    """The cents of "32/100" ("C0/10C": 0 read as C or O); None when neither side of the
    fraction has a digit OCR read as one."""
    if num.lower() in ("xx", "no", "--"):
        return 0 if any(c.isdigit() for c in den) else None
    if not any(c.isdigit() for c in num + den):
        return None
    return int(re.sub(r"[OoCQD]", "0", num))


_FIND_RE = re.compile(
    r"(?:(?:US|CA|AU|NZ|HK|[USCAR])?\$|[€£¥₹]|\b(?:USD|CAD|AUD|EUR|GBP|INR|Rs\.?))?"
    r"[\s*#]*"
    r"(?<![\w.,])[0-9OoQDlI]?\d[0-9OoQDlI]*(?:[ ,.'][0-9OoQDlI]{3})*(?:\s?[.,]\s?[0-9OoQ]{1,2})?"
    r"(?![\w,]|\.\d)"
)


def find_amounts(text: str, dollar: Optional[str] = "USD") -> List[Tuple[int, int, ParsedAmount]]:
    """All amounts in figures inside a longer text, as (start, end, ParsedAmount)."""
    out = []
    for m in _FIND_RE.finditer(text):
        frag = m.group(0)
        p = parse_amount(frag, dollar=dollar)
        if p is not None:
            out.append((m.start(), m.end(), p))
    return out


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
                    "laks": "lakh", "lakhs": "lakh", "lacks": "lakh", "laksh": "lakh",
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
_NUMBER_WORDS = set(_UNITS) | set(_TEENS) | set(_TENS) | set(_SCALES) | {"hundred"}

# currency words: major unit -> code, minor units
_MAJOR = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR",
    "eur": "EUR", "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP",
    "rupee": "INR", "rupees": "INR", "inr": "INR", "yen": "JPY", "cad": "CAD",
    "aud": "AUD", "francs": "CHF", "franc": "CHF",
}
_MINOR = {"cent", "cents", "pence", "penny", "paise", "paisa", "centimes", "ct", "cts"}
_FILLER_WORDS = {
    "and", "only", "exactly", "the", "sum", "of", "no", "us", "u", "s", "pay", "xx", "x",
    "a", "even", "flat", "total", "amount", "in", "words", "just", "nothing", "plus",
    "with", "dlrs", "dols", "dol", "canadian", "american", "australian",
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

# a word after a tens word and a hyphen is a unit: a slip in it is read as the nearest one
# ("ninety-thee", "tuenty-tw"; ``_unit_after_tens``)
_TENS_HYPHEN = re.compile(r"\b([a-z]{5,8})-([a-z]{2,})\b")


def _canon_word(w: str) -> Optional[str]:
    if w in _NUMBER_WORDS or w in _UNITS:
        return w
    if w in _SCALE_SPELLINGS:
        return _SCALE_SPELLINGS[w]
    if w in _MISSPELLINGS:
        return _MISSPELLINGS[w]
    if (len(w) >= 5 and w not in _FILLER_WORDS and w not in _MAJOR and w not in _MINOR
            and w not in _ORDINALS):
        # OCR slips: "thousarid", "Fiftv", "hundrcd"
        hit = difflib.get_close_matches(w, sorted(_NUMBER_WORDS), n=1, cutoff=0.8)
        if hit:
            return hit[0]
    return None


# the words a token OCR glued together may be made of ("sevenand", "twodollars"): number words
# and the words that follow them, none short enough to hide inside another word ("of", "a")
_GLUE_WORDS = (_NUMBER_WORDS | set(_SCALE_SPELLINGS) | {"and", "only", "dollars", "dollar",
                                                        "cents", "rupees"})


def _known(t: str) -> bool:
    return (t in _NUMBER_WORDS or t in _SCALE_SPELLINGS or t in _MISSPELLINGS
            or t in _FILLER_WORDS or t in _MAJOR or t in _MINOR or t in _ORDINALS)


def _unglue(t: str) -> Optional[List[str]]:
    """``t`` as two or more words of ``_GLUE_WORDS`` written without a space, the fewest
    pieces; None when it is not one."""
    best: List[Optional[List[str]]] = [None] * (len(t) + 1)
    best[0] = []
    for i in range(len(t)):
        if best[i] is None:
            continue
        for j in range(i + 2, len(t) + 1):
            if t[i:j] in _GLUE_WORDS and (best[j] is None or len(best[j]) > len(best[i]) + 1):
                best[j] = best[i] + [t[i:j]]
    got = best[-1]
    return got if got is not None and len(got) > 1 else None


def _split_glued(tokens: List[str]) -> List[str]:
    """Number words OCR read without the space between them ("seventy-sevenand",
    "eighty-twodollars", "fiftyfour")."""
    out: List[str] = []
    for t in tokens:
        close = difflib.get_close_matches(t, sorted(_NUMBER_WORDS), n=1, cutoff=0.9)
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


def _tokens(text: str) -> List[str]:
    return [t for t in re.split(r"[^a-z0-9]+", text) if t]


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


def parse_amount_words(text: str, strict: bool = False) -> Optional[Decimal]:
    """Parse an amount written in words into a Decimal with two places.

    Handles "One thousand two hundred thirty-four and 56/100 DOLLARS",
    "Twelve Dollars and Fifty Cents", "and no/100", "xx/100", "only", fillers.
    Unknown words are tolerated before and after the number ("Pay ... only")
    unless ``strict``. Returns None on text that is not an amount in words.
    """
    if not text:
        return None
    s = _clean_words_text(text)
    cents: Optional[int] = None
    fracs = list(_FRACTION_RE.finditer(s))
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
    if "/" in s:
        return None
    s = _TENS_HYPHEN.sub(_unit_after_tens, s)
    if "\x00" in s:
        return None
    tokens = _join_split_words(_split_glued(_tokens(s.replace("-", " "))))
    if not tokens:
        return Decimal(cents).scaleb(-2).quantize(CENT) if cents is not None else None

    # split at the major currency word and at the minor-unit word
    major_i = next((i for i, t in enumerate(tokens) if t in _MAJOR), None)
    if major_i is not None and not any(_canon_word(t) for t in tokens[:major_i]):
        # currency word first ("Rupees five thousand only"): drop it
        tokens = tokens[major_i + 1:]
        major_i = next((i for i, t in enumerate(tokens) if t in _MAJOR), None)
    minor_i = next((i for i, t in enumerate(tokens) if t in _MINOR), None)

    if minor_i is not None:
        if cents is not None:
            return None
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
        digits = [t for t in cent_toks if t.isdigit()]
        if cent_val is None and len(digits) == 1 and len(digits[0]) <= 2:
            cent_val = int(digits[0])
        if cent_val is None or cent_val > 99:
            return None
        cents = cent_val
        if not any(t not in _FILLER_WORDS for t in main_toks):
            return Decimal(cents).scaleb(-2).quantize(CENT)
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
    value = Decimal(dollars) + Decimal(cents or 0).scaleb(-2)
    return value.quantize(CENT)


def count_number_words(text: str) -> int:
    """How many words of ``text`` are number words, as ``parse_amount_words`` reads them
    (spellings, OCR slips and glued words too: "five Cores Ten laihs" has four)."""
    words = _clean_words_text(text or "").replace("-", " ")
    tokens = _join_split_words(_split_glued(_tokens(words)))
    return sum(1 for t in tokens if not t.isdigit() and _canon_word(t) is not None)


def amount_words_currency(text: str) -> Optional[str]:
    """Currency code named by a currency word in an amount in words ("DOLLARS" -> USD)."""
    for t in _tokens(_clean_words_text(text or "")):
        if t in _MAJOR:
            return _MAJOR[t]
    return None
