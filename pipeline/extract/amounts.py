"""Amounts on cheques and receipts in figures ("$1,234.56", "88,00,000/-"); the parser of amounts
in words is ``amount_words`` (re-exported here).

The parser is tolerant of what OCR does to printed amounts (filler stars and
dashes, a letter O for a zero inside a digit group, a dot read for a comma) but
return ``None`` rather than guess when the text is not an amount.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import List, Optional, Tuple

from .amount_words import amount_words_currency, count_number_words, parse_amount_words

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


MILLI = Decimal("0.001")


def format_decimal(value: Decimal) -> str:
    """Normalised string of an amount: two decimals, no grouping ("1234.56"); a third where
    the amount has one (dinars and millimes, "1447.125")."""
    q = value.quantize(CENT)
    return str(q if q == value else value.quantize(MILLI))


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
                   "RM": "MYR", "SGD": "SGD", "KSH": "KES", "RP": "IDR",
                   # the codes and signs of the conventions of Turkey, Tunisia, Kenya, Sri Lanka
                   # and the Gulf (the code a shared sign stands for is the convention's)
                   "TL": "TRY", "DT": "TND", "TND": "TND", "KSHS": "KES", "KES": "KES",
                   "LKR": "LKR", "QAR": "QAR", "KWD": "KWD", "BHD": "BHD", "OMR": "OMR",
                   # the Gulf's signs before the figures ("QR 500.00", "KD 125.500", "Dhs.",
                   # "R.O.", "S.R." with their dots)
                   "QR": "QAR", "KD": "KWD", "BD": "BHD", "DHS": "AED", "RO": "OMR", "SR": "SAR"}

# currencies whose minor unit is a thousandth (fils, baisa; Tunisia's millimes by its convention)
THREE_DECIMALS = {"KWD", "BHD", "OMR", "JOD", "IQD", "LYD"}
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


def _millimes(t: str, decimal_comma: bool) -> Optional[Decimal]:
    """Three decimals after the last separator, where a convention writes them ("1.447,000",
    "1447,000", "1447.000"): a comma when it is the decimal mark, or the other mark after
    another kind; a dot alone only after four digits or more ("1.447" is thousands)."""
    m = re.fullmatch(r"(\d[\d.,]*?)([.,])(\d{3})", t)
    if not m:
        return None
    head, sep, tail = m.groups()
    kinds = set(re.findall(r"[.,]", head))
    if kinds == {sep} or len(kinds) > 1:
        return None
    if not kinds and not ((sep == ",") == decimal_comma or len(head) >= 4):
        return None
    groups = re.split(r"[.,]", head)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    return Decimal("".join(groups) + "." + tail)


def _number_value(token: str, decimals: int = 2, decimal_comma: bool = False
                  ) -> Optional[Decimal]:
    """Decimal of a digit string with thousands/decimal separators in any common style;
    ``decimals=3``: three digits after the decimal mark are millimes (``_millimes``)."""
    t = token.strip().rstrip(".,")
    t = re.sub(r"\s*([.,])\s*", r"\1", t)  # "1,234. 56" -> "1,234.56"
    t = t.replace("’", "'")
    if not t or not t[0].isdigit():
        return None
    # spaces and apostrophes only group thousands
    t = re.sub(r"(?<=\d)['\s](?=\d{3}(?:\D|$))", "", t)
    if re.search(r"[\s']", t):
        return None
    if decimals == 3:
        v = _millimes(t, decimal_comma)
        if v is not None:
            return v
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
        dotted = re.match(r"^([A-Za-z])\.\s?([A-Za-z])\.?\s*", s) if end == "start" else None
        if dotted:  # "R.O.", "S.R."
            m, word = dotted, (dotted.group(1) + dotted.group(2)).upper()
        elif m:
            word = m.group(1).upper()
        if m:
            code = word if word in _CURRENCY_CODES else _CURRENCY_WORDS.get(word)
            if code:
                rest = s[m.end():] if end == "start" else s[: m.start()]
                return rest.strip(), code, True
    return s, None, False


# the largest amount read from figures (15 digits before the point); longer runs of digits are
# MICR lines or account numbers read whole, and Decimal's 28 digits would overflow on them
MAX_AMOUNT = Decimal(10) ** 15


def parse_amount(text: str, dollar: Optional[str] = "USD", decimals: int = 2,
                 decimal_comma: bool = False, slash_decimal: bool = False
                 ) -> Optional[ParsedAmount]:
    """Parse an amount written in figures; the whole text must be the amount.

    ``dollar`` is the code a bare "$" stands for. Returns None when the text is not
    an amount. Currency is None when the text names none. ``decimals`` and ``decimal_comma``:
    a convention that writes three decimals after a decimal comma ("1 447,000", dinars and
    millimes); the others are read as ever (a "1,234" is 1234.00). ``slash_decimal``: a
    convention whose leaves write the minor units after a slash ("617/00", "400/000": the
    Gulf's, Sri Lanka's), ``decimals`` digits of them.
    """
    if text is None:
        return None
    raw = text.strip()
    # paise or cents after "=" ("5000=00", "12,500=00/-"; "12,500-00" after a digit group), as
    # Indian cheques write them: a decimal point
    s = re.sub(r"(?<=\d)\s*(?:=|(?<=\d,\d{3})-)\s*(\d{2})\s*(?=(?:/\s*[-=]?|=|-)?\s*$)",
               r".\1", raw)
    # the East African end mark "/=" ("6,500/=", shillings only) with its stroke read as a "1"
    # ("6,5001="), as "1-" below; "=" is filler further on, so the mark goes before it does
    s = re.sub(r"(?<=\d{3}|\.\d\d)[1l|]\s*=\s*$", "/", s)
    for c in _FILLER_CHARS:
        s = s.replace(c, " ")
    s = re.sub(r"^\s*\.{2,}|\.{2,}\s*$", " ", s)  # dots filling the box ("..13,656.28..")
    s = re.sub(r"\s+", " ", s).strip()
    # the Indian and Gulf end mark "/-" ("10,000/-", "5000/=", "3340000/", "-/"; its stroke read
    # as a "1" after a group or the paise: "18,63,3631-", "40,000.001-"): no digits follow
    s = re.sub(r"(?<=\d)\s*(?:/\s*[-=]?|-\s*/|(?<=\d{3}|\.\d\d)[1l|]\s*-)\s*$", "", s)
    # a single minus right before the number (or its currency) is a sign; runs are filler
    negative = bool(re.match(r"^-(?!-)\s?(?=[\d$€£¥₹.]|[A-Z]{3}\b)", s))
    s = s.strip(" :;-—–")  # a dash written after the figures ("$4.19—") is a line, no sign
    s = re.sub(r"^[1l|I]\s*(?=[$€£¥₹])", "", s)  # the box's left side read as a "1" ("1$4.19")
    currency = None
    for _ in range(2):  # "USD $ 12.00"
        s, code, found = _strip_currency(s, dollar)
        if not found:
            break
        currency = currency or code
        s = s.strip(" :;")
    s = s.strip()
    if currency in THREE_DECIMALS and decimals == 2:
        decimals = 3  # "KD 400.050": the sign names a currency of a thousand minor units
    if s.startswith("-"):
        if negative:
            return None  # "--12" after a sign
        negative = bool(re.match(r"^-(?!-)\s?\d", s))
        s = s.lstrip("- ")
    if re.match(r"^[.,]\d{1,2}$", s):
        s = "0" + s
    if slash_decimal:  # "617/00", "195,076/750"
        s = re.sub(r"^(\d[\d,]*)\s*/\s*(\d{%d})$" % decimals, r"\1.\2", s)
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
    value = _number_value(fixed, decimals, decimal_comma)
    if value is not None and cents is not None:
        value += Decimal(cents).scaleb(-2)
    if value is None or abs(value) >= MAX_AMOUNT:
        return None  # a run of digits no amount has (a MICR line read whole): not an amount
    if negative:
        value = -value
    return ParsedAmount(value=value.quantize(MILLI if decimals == 3 else CENT),
                        currency=currency, raw=raw)


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
