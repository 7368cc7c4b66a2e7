"""The payee and the memo of a cheque: beside or above their labels, or, on a North American
leaf where no label was read, the one line in the value's place. The payee's pieces are joined
along its line and the printed words read with it ("OR BEARER", "ORDER OF", "/-") left out; with
the page image, a word read one letter off is put right (``payee_words``).
"""
from __future__ import annotations

import math
import re
import unicodedata
from statistics import median
from typing import List, Optional, Tuple

from .amounts import (
    parse_amount,
    parse_amount_words,
)
from .cheque_amounts import (
    _Amounts,
    _words_evidence,
)
from .cheque_page import (
    PRINTED_NOTICE,
    _ADDRESS,
    _BANK_WORDS,
    _L,
    _MEMO_LABEL,
    _ORDER_LABEL,
    _PAY_LABEL,
    _TYPES,
    _clean_name,
    _clean_value,
    _field,
    _is_label_text,
    _label_value,
    _Page,
    _same_row,
    _split_trailing_amount,
)
from .conventions import Convention
from .date_boxes import box_letters
from .dates import find_dates
from .micr import looks_like_micr
from .payee_lexicon import known
from .payee_words import NAMES_DROP, correct_words
from .types import (
    STATUS_UNCHECKED,
    Field,
)


# what is printed around the payee and read with it: "OR BEARER" (India, and "/ T" of its
# second language), "ORDER OF" before it, "/-" or a dash after it
_BEARER_TAIL = re.compile(r"[\s/]*\b(?:or|0r|on)?\s*bearer\b.*$|"
                          r"[\s/]*\b(?:or|ou|o)\s+(?:[aà]\s+)?(?:order|sua\s+ordem|su\s+orden|"
                          r"son\s+ordre)\b.*$", re.I)
# the pay label of French and Spanish leaves ("A l'ordre de", read "ALORDRE DE" or "à Tordre de";
# "Páguese a la orden de")
_OTHER_ORDER_LABEL = re.compile(
    r"^\W*(?:p[aá]gue(?:se)?\s*)?(?:[aà]\s*(?:[lfI1|T]\W?)?\s*ordre\s*de|a\s*la\s*orden\s*de)\b"
    r"[\s:.\-]*", re.I)
_ORDER_HEAD = re.compile(r"^\W*(?:(?:pay\s*)?to\s*the\s*)?order\s*of\b[\s:.\-]*", re.I)
# an "A/c Payee (Only)" crossing read with the payee's line, and what follows it
_CROSSING_TAIL = re.compile(r"\s*\b(?:a\s*/\s*c|a/?c\.?|ac)\s*pa[yv](?:ee)?\b.*$", re.I)
_DASH_TAIL = re.compile(r"(?:\s*(?:/\s*-|/|[-—–=~_]{1,}))+\s*$")
# a word with a character of a script the recogniser reads a printed label in (Devanagari and
# Arabic labels of bilingual leaves come back as CJK characters): never part of a Latin name
_FOREIGN_WORD = re.compile(r"\S*[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]\S*")


def _strip_remnants(t: str) -> str:
    """The payee's text without the printed words read with it ("Ravi Kumar OR BEARER/ T" ->
    "Ravi Kumar", "ORDER OF Jonas Whitaker" -> "Jonas Whitaker", "Jonas Whitaker /-" ->
    "Jonas Whitaker"); a text that is nothing but those words comes back empty."""
    s = _BEARER_TAIL.sub("", t)
    if re.search(r"[A-Za-z]{2}", _CROSSING_TAIL.sub("", s)):
        s = _CROSSING_TAIL.sub("", s)
    if re.search(r"[A-Za-z]{2}", _ORDER_HEAD.sub("", s)):
        s = _ORDER_HEAD.sub("", s)
    if re.search(r"[A-Za-z]{2}", s):
        s = re.sub(r"\s+", " ", _FOREIGN_WORD.sub(" ", s)).strip()
    return _DASH_TAIL.sub("", s).strip()


# a title or an initial the OCR glued to the next word ("Mr.Daniel", "Smt.Lakshmi", "M/sABC
# Traders", "E.DELACROIX"), an initial
# read as a digit and glued too ("Peter6.Castle"), an ampersand glued to a word ("office& sons")
_TITLE_GLUED = re.compile(r"\b((?:Mr|Ms|Mrs|Dr|St|Jr|Sr|Prof|Smt|Shri|Sri|Kum)\.|M/s\.?)"
                         r"(?=[A-Za-z]{2})", re.I)
_INITIAL_GLUED = re.compile(r"(?<![A-Za-z.])([A-Z]\.)(?=[A-Z][A-Za-z])")
_DIGIT_INITIAL = re.compile(r"(?<=[A-Za-z])\s*([0-9])\.\s*(?=[A-Z][A-Za-z])")
_DIGIT_AS_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"}
# an initial glued to the name before it too ("CALEBU.HADDAD"): split where the name without it
# is a known word and with it none ("AMAZON.COM" stays: "AMAZO" is no word)
_INITIAL_BETWEEN = re.compile(r"(?<![A-Za-z])([A-Za-z]{2,})([A-Z])\.(?=[A-Z][A-Za-z])")


def _initial_between(m: "re.Match") -> str:
    name, initial = m.group(1), m.group(2)
    if known(name) and not known(name + initial):
        return f"{name} {initial}. "
    return m.group(0)


def _spaced(t: str) -> str:
    """The spaces the OCR lost around a title, an initial or an ampersand put back ("Mr.Daniel
    Castle" -> "Mr. Daniel Castle", "Peter6.Castle" -> "Peter G. Castle", "CALEBU.HADDAD" ->
    "CALEB U. HADDAD", "office& sons" ->
    "office & sons"); a name with digits of its own is left as it is."""
    s = _TITLE_GLUED.sub(r"\1 ", t)
    s = _INITIAL_GLUED.sub(r"\1 ", s)
    s = _INITIAL_BETWEEN.sub(_initial_between, s)
    if sum(ch.isdigit() for ch in s) == 1:
        s = _DIGIT_INITIAL.sub(lambda m: (f" {_DIGIT_AS_LETTER[m.group(1)]}. "
                                          if m.group(1) in _DIGIT_AS_LETTER else m.group(0)), s)
    s = re.sub(r"(?<=[A-Za-z.])&(?=\s)", " &", s)
    return re.sub(r"(?<=\s)&(?=[A-Za-z])", "& ", s)


_MIXED_CAPS = re.compile(r"(?<![A-Za-z])(?=[A-Za-z]*[A-Z][A-Za-z]*[A-Z])(?=[A-Za-z]*[a-z])"
                         r"[A-Za-z]{3,}(?![A-Za-z])")


def _capitals(t: str) -> str:
    """A name written in capitals, with a letter here and there read small ("HaRBORVIEW
    LANDSCaPING", "PRIYA DUaRTE"), all in capitals; where most letters are capitals (three in
    four), and only words with two capitals at least ("McDONALD" kept)."""
    letters = [ch for ch in t if ch.isalpha()]
    if not letters or sum(ch.isupper() for ch in letters) < 0.75 * len(letters):
        return t
    return _MIXED_CAPS.sub(lambda m: m.group(0) if re.match(r"Ma?c[A-Z]", m.group(0))
                           else m.group(0).upper(), t)


def _payee_ok(t: str) -> bool:
    if PRINTED_NOTICE.search(t) or box_letters(t):
        return False  # a bank's notice; the letters under date boxes ("MMYY")
    if not re.search(r"[A-Za-z]{2}", _CROSSING_TAIL.sub("", t)):
        return False  # an "A/c Payee (Only)" crossing alone
    t = _strip_remnants(t)
    t2 = _clean_value(_split_trailing_amount(t)[0])
    if len(re.sub(r"[^A-Za-z]", "", t2)) < 2:
        return False
    if _is_label_text(t2) or parse_amount(t2) is not None or looks_like_micr(t2):
        return False
    if _words_evidence(t2) and parse_amount_words(t2) is not None:
        return False
    return not find_dates(t2)


# how far (degrees) a line may turn from the page's lines and still be a payee: a crossing
# stamped across the leaf's corner ("A/C PAYEE" at 45 degrees) is no name
_MAX_SLANT = 25.0


def _slant(c: _L) -> float:
    """The angle (degrees) of a line's box's top edge."""
    (x0, y0), (x1, y1) = c.line.box[0], c.line.box[1]
    return math.degrees(math.atan2(y1 - y0, x1 - x0))


def _level(p: _Page) -> List[_L]:
    """The free lines that run the way the page's lines do (``_MAX_SLANT``), but a piece of the
    bank's name printed in the leaf's background (``_background_print``)."""
    free = p.free()
    if not free:
        return free
    usual = median(_slant(c) for c in p.ls)
    banks = [_fold(l.text) for l in p.ls if len(l.text.split()) <= 6 and _BANK_WORDS.search(l.text)]
    return [c for c in free if abs(_slant(c) - usual) <= _MAX_SLANT
            and not _background_print(c.text, banks)]


def _fold(t: str) -> str:
    return re.sub(r"[^a-z]", "", t.lower())


def _background_print(t: str, banks: List[str]) -> bool:
    """A piece of the bank's name as the leaf's background prints it over and over ("CANARA
    BANK CANARA BANK ..."), read where the handwriting was not: one token ("-CANARABA",
    "ABANK·CANA") of five letters and more found in a bank name printed on the leaf (``banks``:
    those names folded to their letters) repeated, that is not the whole name (a payee may be
    the bank itself)."""
    piece = _fold(t)
    return len(t.split()) == 1 and len(piece) >= 5 and any(
        piece != name and piece in name + name for name in banks)


def _payee_before(p: _Page, after: str) -> Optional[Tuple[List[_L], str]]:
    """The payee left of the words a convention prints at the end of its line ("ou à sua
    ordem", "or bearer"): the nearest line on that row (handwriting may sit a little above it)."""
    rx = re.compile(after, re.I)
    for lab in [l for l in p.ls if rx.match(l.text)]:
        row = [c for c in _level(p) if c is not lab and c.x1 <= lab.x0 + lab.h
               and lab.y0 - 1.5 * lab.h <= c.cy <= lab.y1 + 0.8 * lab.h and _payee_ok(c.text)]
        if row:
            c = max(row, key=lambda c: c.x1)
            p.use(lab)
            return [c], c.text
    return None


def _over_label(lab: _L, pool: List[_L]) -> Optional[Tuple[List[_L], str]]:
    """The handwriting the detector boxed together with the printed label it was written over
    and read without it: a line whose box holds the label's middle and runs on four label
    heights and more right of it, read as no label ("Oakwood Corpoate Hosing" over "PAY TO")."""
    for c in sorted(pool, key=lambda c: c.x1 - c.x0, reverse=True):
        if (c is not lab and c.x0 <= lab.cx <= c.x1 and c.y0 <= lab.cy <= c.y1
                and c.x1 >= lab.x1 + 4 * lab.h and not _PAY_LABEL.match(c.text)
                and not _ORDER_LABEL.match(c.text) and _payee_ok(c.text)):
            return [c], c.text
    return None


def _labelled_payee(p: _Page, label: Optional[str] = None, after: Optional[str] = None
                    ) -> Optional[Tuple[List[_L], str]]:
    """The payee beside its label; ``label``: a convention's own pay label (a regex);
    ``after``: what it prints after the payee (``_payee_before``), where no label was read."""
    for lab in [l for l in p.ls if _ORDER_LABEL.match(l.text)]:
        got = _label_value(lab, _ORDER_LABEL, _level(p), _payee_ok)
        if got and got[0][0] is not lab and got[0][0].y0 > lab.y1 and _BANK_WORDS.search(got[1]):
            got = None  # below the label, a bank's printed name: a blank cheque
        if got:
            p.use(lab)
            return got
    for lab in [l for l in p.ls if _PAY_LABEL.match(l.text) and not _ORDER_LABEL.match(l.text)]:
        got = _label_value(lab, _PAY_LABEL, _level(p), _payee_ok, below=False)
        if got and got[0][0] is not lab and got[0][0].cy < lab.y0 and _BANK_WORDS.search(got[1]):
            got = None  # above the label's row, the bank's printed name (a small leaf's header)
        got = got or _over_label(lab, _level(p))
        if got:
            p.use(lab)
            return got
    others = [_OTHER_ORDER_LABEL] + ([re.compile(label, re.I)] if label else [])
    for rx, lab in [(rx, l) for rx in others for l in p.ls if rx.match(l.text)]:
        # after the label on its line, or the nearest line right of it whose middle is level
        # with the label (up to half its height above: handwriting sits high) or below it
        # by a label's height at most (never one further above: there the amount in words of
        # these leaves runs on)
        rest = rx.sub("", lab.text, count=1).strip()
        right = sorted((c for c in _level(p) if c is not lab and c.x0 >= lab.x1 - 0.3 * lab.h
                        and lab.y0 - 0.5 * lab.h <= c.cy <= lab.y1 + lab.h), key=lambda c: c.x0)
        got = ([lab], rest) if rest and _payee_ok(rest) else next(
            (([c], c.text) for c in right if _payee_ok(c.text)), None)
        if got:
            p.use(lab)
            return got
    return _payee_before(p, after) if after else None


def _many_digits(t: str) -> bool:
    """A run of sixteen digits and more (a MICR line read without its symbols): never a payee
    or a memo, and not a text to hand the amount parser while looking for one."""
    return sum(ch.isdigit() for ch in t) >= 16


# the printed end of an Indian leaf's payee line, alone ("OR BEARER", "or Bearer")
_BEARER_LABEL = re.compile(r"^\W*(?:or|0r|on)?\s*bearer\W*$", re.I)
# an amount written "1400 00/100" glued to the end of the payee line
_TRAILING_FRACTION_AMOUNT = re.compile(r"\s*\$\s*\**\s*\d[\d,.]*\s+\d{1,2}\s*/\s*100\s*\**\s*$")


# conventions whose payees' names few of the lexicon's words are (South Asian, Arabic): a word
# read is put right only within NAMES_DROP (the Gulf's and Sri Lanka's added by analogy with
# India's; on the Gulf draws no change lay past 8: "Bandara" -> "Bandana" came at -4.0)
_NAMES_CAPPED = ("in_cts", "lk", "gulf")
# conventions whose amount box sits beside the amount in words, below the payee's row
_BOX_BESIDE_WORDS = ("in_cts", "lk", "gulf")


def _unlabelled_payee(p: _Page, conv: Convention, a: _Amounts
                      ) -> Optional[Tuple[List[_L], str]]:
    """Where the OCR read no pay label at all, on a North American leaf: the one line in the
    left part of the amount's row (the payee line ends at the amount box), else the one just
    above the amount in words; on an Indian leaf (whose amount box sits below the payee's row):
    the one line left of the printed "OR BEARER" on its row, else the one just above the amount
    in words; a Sri Lankan or Gulf leaf (the payee's row above the words, the amount box beside
    the words) as an Indian one. Never a bank's name, an address or a line of the top block."""
    if any(_ORDER_LABEL.match(l.text) or _PAY_LABEL.match(l.text) for l in p.ls):
        return None  # a label was read: its value, or nothing
    if conv.key not in ("us", "ca", "generic") + _BOX_BESIDE_WORDS:
        return _payee_below_words(p, a)
    fig = a.fig[0] if a.fig else None
    words = list(a.words[0]) if a.words else []

    def fits(c: _L) -> bool:
        return (p.F.fx(c.x0) < 0.45 and p.F.fy(c.y0) > 0.2 and not _many_digits(c.text)
                and _payee_ok(c.text)
                and not _BANK_WORDS.search(c.text) and not _ADDRESS.search(c.text)
                and not _is_label_text(c.text))

    pool = [c for c in _level(p) if fits(c)]
    if conv.key in _BOX_BESIDE_WORDS:
        fig = None  # the amount's row is the words' second line
        for b in (l for l in p.ls if _BEARER_LABEL.match(l.text)):
            row = [c for c in pool if _same_row(b, c) and c.x1 <= b.x0]
            if len(row) == 1:
                return row, row[0].text
    if fig is not None:
        row = sorted((c for c in pool if _same_row(fig, c) and c.x1 <= fig.x0),
                     key=lambda c: c.x0)
        if len(row) == 2 and p.F.fx(row[0].x0) < 0.1 and row[0].x1 <= row[1].x0:
            row = row[1:]  # at the left edge, the pay label read as no word ("fo reo")
        if len(row) == 1:
            return row, row[0].text
    if words:
        top = min(l.y0 for l in words)
        h = max(l.h for l in words)
        above = sorted((c for c in pool if c.y1 <= top + 0.3 * h and top - c.y1 < 2.5 * h),
                       key=lambda c: c.x0)
        if len(above) == 2 and _label_remnant(p, above[0], above[1]):
            above = above[1:]
        if len(above) == 1:
            return above, above[0].text
    return None


def _label_remnant(p: _Page, a: _L, b: _L) -> bool:
    """``a`` is the pay label read as no word ("ay", "PAX"): three letters at the most at the
    leaf's left edge, on the row of ``b`` and left of it."""
    return (len(re.sub(r"[^A-Za-z]", "", a.text)) <= 3 and p.F.fx(a.x0) < 0.1
            and a.x1 <= b.x0 and _same_row(a, b))


def _payee_below_words(p: _Page, a: _Amounts) -> Optional[Tuple[List[_L], str]]:
    """On a leaf of another convention (Brazil, Turkey, Tunisia, Kenya: the payee's line under
    the amount in words) with no pay label read: the one line of a name in the left part,
    below the words by up to four of their heights."""
    if not a.words or any(_OTHER_ORDER_LABEL.match(l.text) for l in p.ls):
        return None
    words = list(a.words[0])
    bottom, h = max(l.y1 for l in words), max(l.h for l in words)
    below = [c for c in _level(p) if c not in words and p.F.fx(c.x0) < 0.45
             and bottom - 0.3 * h <= c.y0 <= bottom + 4 * h
             and not any(ch.isdigit() for ch in c.text) and len(c.text.split()) <= 6
             and _payee_ok(c.text) and not _BANK_WORDS.search(c.text)
             and not _ADDRESS.search(c.text) and not _is_label_text(c.text)]
    return (below, below[0].text) if len(below) == 1 else None


def _name_pieces(first: _L, pool: List[_L], ok, stop_x: Optional[float]) -> List[_L]:
    """The pieces of a name the detector boxed apart, right of its first piece: each on the
    row of the first or of the piece before (a handwritten name drifts up or down along its
    line), near the piece before, left of the amount box (``stop_x``), while ``ok`` accepts
    them; the one that ends in "or bearer" is the last."""
    out, last = [], first
    for c in sorted((c for c in pool if c is not first and c.x0 > first.x0), key=lambda c: c.x0):
        if not (_same_row(first, c) or _same_row(last, c)) or c.x0 < last.x0 or \
                c.x0 < last.x1 - max(last.h, c.h):
            continue  # off the row, or not right of the piece before (the line below it)
        if stop_x is not None and c.x0 >= stop_x:
            break
        if c.x0 - last.x1 > 2.5 * max(last.h, c.h) or not ok(c.text):
            break
        out.append(c)
        last = c
        if _BEARER_TAIL.search(c.text):
            break  # nothing after "or bearer" is the name
    return out


def _sign_pieces(p: _Page, fig: _L) -> List[_L]:
    """The amount box's "$" read as a word of its own ("SA", "S"): two letters at most, on the
    figures' row and ending just left of them. Never the payee (the payee's line ends well
    before the box), so it is not offered as one."""
    return [c for c in p.free() if c is not fig and len(re.sub(r"\W", "", c.text)) <= 2
            and _same_row(fig, c) and c.x1 <= fig.x0 + 0.2 * fig.h
            and fig.x0 - c.x1 <= 1.5 * fig.h]


def _payee_field(p: _Page, conv: Optional[Convention] = None,
                 amounts: Optional[_Amounts] = None, reader=None) -> Optional[Field]:
    """Right of "PAY TO THE ORDER OF" / "TO THE ORDER OF", else of "Pay"; the pieces of the
    name on its row joined. Where no pay label was read at all, the line in the payee's place
    (``_unlabelled_payee``), with a message saying so. ``reader`` (``constrained.LineReader``,
    with the page image): a word read one letter off put right (``payee_words``)."""
    if amounts is not None and amounts.fig:
        p.use(*_sign_pieces(p, amounts.fig[0]))
    found = _labelled_payee(p, conv.payee_label if conv else None,
                            conv.payee_after if conv else None)
    message = ""
    if not found and conv is not None and amounts is not None:
        found = _unlabelled_payee(p, conv, amounts)
        message = "no pay label read: the line in the payee's place"
    if not found:
        return None
    src, text = found
    if len(src) == 1 and src[0].text == text and not _BEARER_TAIL.search(text):
        fig = amounts.fig[0] if amounts is not None and amounts.fig else None
        more = _name_pieces(src[0], _level(p), lambda t: _payee_ok(t) and not _is_label_text(t)
                            and not re.search(r"\border\b", t, re.I),
                            fig.x0 if fig is not None and _same_row(fig, src[0]) else None)
        if more:
            src = src + more
            text = " ".join(l.text for l in src)
    text = _strip_remnants(text)
    text = _split_trailing_amount(text)[0]
    text = re.sub(r"\s+\$\s*$", "", text)  # the printed "$" of the amount box read with it
    text = _TRAILING_FRACTION_AMOUNT.sub("", text) if re.search(r"[A-Za-z]{2}", text) else text
    p.use(*src)
    value = _latin_lookalikes(text, conv.language if conv else None)
    if conv is not None and conv.key == "in_cts":  # "M/s" first: its "/" is no stray mark
        value = _MESSRS.sub("M/s", value)
    if reader is not None:  # the words of the leaf's own language are known words too
        value, note = correct_words(reader, src, value, conv.language if conv else None,
                                    NAMES_DROP if conv is not None
                                    and conv.key in _NAMES_CAPPED else None)
        message = "; ".join(x for x in (message, note) if x)
    value = _PVT.sub(lambda m: m.group(1) + ("v" if m.group(2).islower() else "V") + m.group(3),
                     value)
    if conv is not None and conv.key == "in_cts":
        value = _indian_name(value)
    if conv is not None and conv.key == "gulf":
        value = _ARTICLE_AI.sub("Al", value)
    return _field("payee", _TYPES["payee"], text.strip(),
                  _clean_name(_spaced(_capitals(value))), src, STATUS_UNCHECKED, message)


# Greek and Cyrillic letters that look like Latin ones: a multilingual recogniser reads one now
# and then inside a Latin name ("Elif Kaγa")
_LATIN_LOOKALIKE = str.maketrans(
    "αβγεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧаеорсухАВЕКМНОРСТХ",
    "abyeiknoptuxABEZHIKMNOPTYXaeopcyxABEKMHOPCTX")
_LATIN_WORD = re.compile(r"\S*[A-Za-z]\S*")
_TURKISH_CEDILLA = str.maketrans("șȘțȚ", "şŞţŢ")


# the letters with marks a Turkish leaf writes; another marked letter there is a mark the
# recogniser put on a plain letter ("Tékstil"). Turkish leaves only: their names are Turkish;
# a French or Portuguese leaf may carry a name from anywhere ("Ștefan Popescu" on a Tunisian
# leaf), and an English one does ("Chloé", "Côté")
_MARKED_LETTERS = {"tr": "çğıöşüâîûÇĞİÖŞÜÂÎÛ"}


def _foreign_marks(t: str, language: Optional[str]) -> str:
    """On a leaf whose letters are known (``_MARKED_LETTERS``), a Latin letter with a mark that
    its language does not write, as the plain letter; other leaves keep every mark."""
    own = _MARKED_LETTERS.get(language or "")
    if own is None:
        return t

    def plain(ch: str) -> str:
        if ch.isascii() or ch in own or not ch.isalpha():
            return ch
        bare = "".join(c for c in unicodedata.normalize("NFKD", ch)
                       if not unicodedata.combining(c))
        return bare if bare.isascii() and bare else ch

    return "".join(plain(ch) for ch in t)


def _latin_lookalikes(t: str, language: Optional[str]) -> str:
    """Greek and Cyrillic look-alikes inside a word with Latin letters made Latin ("Kaγa" ->
    "Kaya"); on a Turkish leaf an s or t with a comma below (Romanian letters) made the Turkish
    one with a cedilla ("Ști." -> "Şti."); a mark the leaf's language does not write taken
    off (``_foreign_marks``)."""
    out = _LATIN_WORD.sub(lambda m: m.group(0).translate(_LATIN_LOOKALIKE), t)
    if language == "tr":
        out = out.translate(_TURKISH_CEDILLA)
    return _foreign_marks(out, language)


# the Arabic article of a Gulf name ("Al Khalifa") read with a capital I for its l: "AI"
# before a capitalised word (a small "al" and "AL" are as written)
_ARTICLE_AI = re.compile(r"(?<![A-Za-z])AI(?=[\s-]+[A-Z][a-z])")
# "M/s" (Messrs) with its "s" read as a digit, at the name's start
_MESSRS = re.compile(r"^(?:M/[85S]|[NA]/[sS])(?=\s|[A-Z])")  # "M/s" read "M/8", "N/s", "A/s"


def _indian_name(t: str) -> str:
    """A payee of an Indian leaf put right where OCR read it in ways an Indian name is never
    written: "M/s" with its "s" read as a digit ("M/8 Krishna Industries") or its "M" as an
    "N" ("N/s National Medicals"); a Latin letter
    with an accent ("Ímran", "CóMMISSIONER", "Šai": names are written in plain Latin letters)."""
    t = _MESSRS.sub("M/s", t)
    bare = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    return bare if bare.isascii() else t  # a letter of another script: left as read


# an Indian company's "Pvt Ltd" (private limited) whose "v" handwriting lost ("Prt Ltd", "Put Ltd")
_PVT = re.compile(r"\b(P)([a-uw-z])(t)(?=\.?\s+Ltd\b)", re.I)


# letters the OCR reads for a digit inside a number ("Acct 2291-C3")
_DIGIT_LOOKALIKE = str.maketrans({"O": "0", "o": "0", "C": "0", "c": "0", "D": "0",
                                  "l": "1", "I": "1", "|": "1"})


def _fix_number(m: re.Match) -> str:
    """A token of digits (three at least) and separators with one look-alike letter beside a
    digit: the letter as that digit ("2291-C3" -> "2291-03"); a token with more letters, each
    piece between its separators so ("773I-A" -> "7731-A"); any other token as it is."""
    tok = m.group(0)
    if sum(ch.isalpha() or ch == "|" for ch in tok) > 1:
        return re.sub(r"[^/\-.]+", lambda p: _fix_piece(p.group(0)), tok)
    return _fix_piece(tok)


def _fix_piece(tok: str) -> str:
    letters = [ch for ch in tok if ch.isalpha() or ch == "|"]
    if len(letters) != 1 or sum(ch.isdigit() for ch in tok) < 3:
        return tok
    i = next(k for k, ch in enumerate(tok) if ch.isalpha() or ch == "|")
    beside = tok[max(0, i - 1): i + 2]
    if tok[i] in "OoCcDlI|" and any(ch.isdigit() for ch in beside):
        return tok[:i] + tok[i].translate(_DIGIT_LOOKALIKE) + tok[i + 1:]
    return tok


def _memo_value(text: str) -> str:
    """The memo's value: cleaned, a look-alike letter inside a number read as its digit."""
    return re.sub(r"[0-9A-Za-z|][0-9A-Za-z|/\-.]*[0-9A-Za-z|]", _fix_number, _clean_value(text))


def _memo_ok(t: str) -> bool:
    t2 = _clean_value(t)
    return bool(t2) and not _is_label_text(t2) and not looks_like_micr(t2)


# a printed label waiting for its value ("A/c. No.", "Account #", "Ref:")
_A_LABEL_END = re.compile(r"(?:\b(?:no|nr|num|a/?c|acct?|account|ref)\.?|[:#])\s*$", re.I)


def _unlabelled_memo(p: _Page, conv: Convention, words: List[_L], micr: List[_L]
                     ) -> Optional[Tuple[_L, str]]:
    """Where the OCR read no memo label at all: the one free line in the memo's place, below
    the amount in words and above the MICR band (the bottom tenth, where none was read), in
    the left part of the leaf (the signature is in the right one)."""
    if not words or conv.key not in ("us", "ca", "generic"):
        return None  # a memo line is a North American leaf's
    top = max(l.y1 for l in words)
    bottom = min(l.y0 for l in micr) if micr else p.F.y(0.9)
    cands = [l for l in p.free() if l.y0 > top and l.y1 < bottom and p.F.fx(l.x0) < 0.3
             and p.F.fx(l.x1) < 0.5 and not _many_digits(l.text) and _memo_ok(l.text)
             and parse_amount(l.text) is None
             and not _words_evidence(l.text) and not _A_LABEL_END.search(l.text)]
    return (cands[0], cands[0].text) if len(cands) == 1 else None


def _memo_field(p: _Page, conv: Convention, words: Optional[List[_L]] = None,
                micr: Optional[List[_L]] = None, reader=None) -> Optional[Field]:
    """Right of "Memo" / "For" in the lower half, left of the signature; where no such label
    was read, the one line in the memo's place (``_unlabelled_memo``), marked so. ``reader``
    (with the page image): a word read one letter off put right (``payee_words``)."""

    def field(src: List[_L], text: str, message: str = "") -> Field:
        value = text
        if reader is not None:
            value, note = correct_words(reader, src, text)
            message = "; ".join(x for x in (message, note) if x)
        return _field("memo", _TYPES["memo"], text.strip(), _memo_value(value), src,
                      STATUS_UNCHECKED, message)

    labels = [l for l in p.free() if _MEMO_LABEL.match(l.text) and p.F.fy(l.cy) > 0.5]
    if not labels and not any(_MEMO_LABEL.match(l.text) for l in p.ls):
        found = _unlabelled_memo(p, conv, words or [], micr or [])
        if found:
            src, text = found
            p.use(src)
            return field([src], text, "no memo label read: the line in the memo's place")
    for lab in sorted(labels, key=lambda l: -l.cy):
        pool = [l for l in p.free() if p.F.fx(l.x0) < 0.75]
        got = _label_value(lab, _MEMO_LABEL, pool, _memo_ok, below=False, max_gap=0.4 * p.F.w)
        p.use(lab)
        if got:
            src, text = got
            p.use(*src)
            return field(src, text)
    return None
