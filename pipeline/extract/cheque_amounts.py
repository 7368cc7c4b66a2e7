"""The amount of a cheque in figures and in words: where each is, how they are read, and how
they are chosen together (amount_fusion) so that they agree where a consistent reading exists.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import partial
from decimal import Decimal
from typing import Callable, Dict, List, Optional, Tuple

from ..document import Line
from .amount_words import NUMBER_WORDS, misread_scale
from .amounts import (
    count_number_words,
    format_decimal,
    parse_amount,
    parse_amount_words,
)
from .cheque_page import (
    PRINTED_NOTICE,
    _L,
    _ORDER_LABEL,
    _PAY_LABEL,
    _TYPES,
    _field,
    _Frame,
    _Page,
    _row_rest,
    _same_row,
    _split_trailing_amount,
    _union_box,
)
from .micr import looks_like_micr
from .types import (
    STATUS_AMBIGUOUS,
    STATUS_INVALID,
    STATUS_OK,
    STATUS_UNCHECKED,
    Field,
)

_NUMBER_WORD_RE = re.compile(
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|thousand|million|"
    r"lakhs?|lacs?|lacks?|crores?)\b", re.I)   # India's lakh (100,000) and crore (100 lakh)


def _words_evidence(text: str, lang=None) -> bool:
    """Enough to call a line an amount in words, not a memo that names a number. ``lang``
    (``amount_words_intl.WordsLang``): the words of another language than English. A notice
    the bank prints ("Valid for three months only") is none."""
    if PRINTED_NOTICE.search(text):
        return False
    if lang is not None and lang.code != "en":
        n = lang.count(text)
        return n >= 2 or (n >= 1 and lang.currency(text) is not None)
    if re.search(r"/\s*[1lI|][0oOuUcC@]{2}\b|\bdollars?\b|\bcents?\b|\bonly\b", text, re.I):
        return True
    # two number words, one of them misread as ``parse_amount_words`` reads it ("Three
    # Hindred and 0f100")
    return len(_NUMBER_WORD_RE.findall(text)) >= 2 or (
        bool(_NUMBER_WORD_RE.search(text)) and count_number_words(text) >= 2)


_WORDS_LABEL = re.compile(r"^\W*(?:\w{1,3}\s+)?(?:rupees|the\s+sum\s+of|amount\s+in\s+words)\b"
                          r"[\s:.\-]*", re.I)


def _words_text(l: _L) -> str:
    text = l.text
    m = _PAY_LABEL.match(text)
    if m and not _ORDER_LABEL.match(text):
        text = text[m.end():]
    # the printed "RUPEES" read with the written "Rupees ..." after it: one of them
    return re.sub(r"^\W*rupees\s+(?=rupees\b)", "", text, flags=re.I)


# number words alone, for a misread one on a second line of words ("Thosand")
_NUMBER_WORDS = sorted(NUMBER_WORDS)


def _words_score(text: str) -> int:
    """Number words, and the fraction's marks: "/" ("42/100"), "paise" (the line below
    "... and forty one" that makes it 0.41, not 41)."""
    return count_number_words(text) + (2 if "/" in text else 0) + (
        1 if re.search(r"\bpaise\b", text, re.I) else 0)


def _has_number_word(text: str, lang=None) -> bool:
    if lang is not None and lang.code != "en":
        return lang.count(text) > 0
    return bool(_NUMBER_WORD_RE.search(text))


def _continuation(l: _L, pool: List[_L], lang=None, words: Callable = None) -> Optional[_L]:
    """The line that carries on an amount in words below it (the legal amount is often
    written over two lines): starts near its left edge, just below. ``words``: what its text
    must be instead of holding a number word (English)."""
    if lang is not None:  # handwriting's two lines may overlap: the lower one's middle below
        below = [c for c in pool if c is not l and c.cy - l.cy > 0.4 * min(l.h, c.h)
                 and c.y0 - l.y1 <= 1.3 * max(l.h, c.h) and c.x0 < l.x0 + 0.5 * (l.x1 - l.x0)
                 and c.x1 > l.x0 - 2 * l.h and not looks_like_micr(c.text)
                 and _has_number_word(c.text, lang)]
        return min(below, key=lambda c: c.y0) if below else None
    # below it, or overlapping it where a tall handwritten line's box reaches into the next
    below = [c for c in pool if c is not l and (0 <= c.y0 - l.y1 + 0.3 * l.h or (
             c.cy - l.cy > 0.4 * min(l.h, c.h) and c.y0 > l.y0 + 0.3 * l.h))
             and c.y0 - l.y1 + 0.3 * l.h <= 1.6 * max(l.h, c.h)
             and c.x0 < l.x0 + 0.5 * (l.x1 - l.x0) and c.x1 > l.x0 - 2 * l.h
             and not looks_like_micr(c.text) and (
                 words(c.text) if words is not None else (
                     _has_number_word(c.text, lang) or re.search(r"/\s*1[0o]{2}", c.text)
                     or re.match(r"\W*paise\b", c.text, re.I)))]
    return min(below, key=lambda c: c.y0) if below else None


def _words_piece(t: str) -> bool:
    """A piece of the amount in words that the detector boxed apart: letters that are no
    figures, or the fraction ("45/100", "no/100")."""
    return (bool(re.search(r"[A-Za-z]{2}", t)) and parse_amount(t) is None) or bool(
        re.fullmatch(r"\s*(?:\d{1,2}|[xX-]{1,2}|no)\s*/\s*[1lI|][0oO]{2}\s*", t))


def _row_from_left(nxt: _L, first: _L, pool: List[_L]) -> List[_L]:
    """The second line of the words, ``nxt`` found below ``first`` (``_continuation``), from the
    leftmost piece on its row that starts where the words' lines start (under ``first``'s
    start, two of its heights to the left at most), each piece near the one before."""
    row = [c for c in pool if c is not first and (c is nxt or _same_row(nxt, c))
           and first.x0 - 2 * first.h <= c.x0 <= nxt.x0 and _words_piece(c.text)
           and not looks_like_micr(c.text)]
    start = min(row, key=lambda c: c.x0) if row else nxt
    return [start] + _row_rest(start, pool, _words_piece)


def _find_amount_words(pool: List[_L], lang=None, decimals: int = 2
                       ) -> Optional[Tuple[List[_L], str, Decimal]]:
    """The amount in words; ``lang``: in that language (``amount_words_intl``), else English
    (``decimals``: the page's currency's, 3 where its minor unit is a thousandth)."""
    parse = lang.parse if lang is not None else partial(parse_amount_words, decimals=decimals)
    score_of = (lambda t: lang.count(t) + (2 if "/" in t else 0)) if lang is not None \
        else _words_score
    best = None
    # (another language) a line that carries on the words of the line above it is the end of
    # an amount: not an amount alone ("quarante sept dinars" under "mille quatre cent")
    tails = {id(c) for c in (_continuation(l, pool, lang) for l in pool
                             if _has_number_word(_words_text(l), lang)) if c is not None} \
        if lang is not None else set()
    for l in pool:
        text = _words_text(l)
        options = []
        if _words_evidence(text, lang) and id(l) not in tails:
            options.append(([l], text))
        nxt = _continuation(l, pool, lang)
        if nxt is not None and (_has_number_word(text, lang) or _WORDS_LABEL.match(text)):
            options.append(([l, nxt], text + " " + nxt.text))
        if _has_number_word(text, lang):
            more = _row_rest(l, pool, _words_piece)
            if more:
                options.append(([l] + more, " ".join([text] + [c.text for c in more])))
            if nxt is not None:  # both lines in pieces ("Rupees eighty" "lakh" / "seventy" ...)
                second = _row_from_left(nxt, l, pool)
                if len(more) + len(second) > 1:
                    src = [l] + more + second
                    options.append((src, " ".join([text] + [c.text for c in src[1:]])))
        for src, t in options:
            if not _words_evidence(t, lang):
                continue
            v = parse(t)
            if v is None or v == 0 or (lang is None and misread_scale(t, v)):
                continue
            score = score_of(t)
            if best is None or score > best[0]:
                best = (score, src, t.strip(), v)
    return (best[1], best[2], best[3]) if best else None


def _number_opts(conv) -> dict:
    """How the page's convention writes figures (its decimals, a decimal comma or slash), as
    ``parse_amount``'s keywords; none without a convention."""
    return {"decimals": conv.decimals, "decimal_comma": conv.decimal_comma,
            "slash_decimal": conv.slash_decimal} if conv else {}


# figures closed by "/-" (its "/" read "(" at times) at the end of a line
_SLASH_DASH_TAIL = re.compile(r"(?<![\w.,])\d[\d,]*\s*[/(]\s*[-=]\s*$")


def _find_amount_figures(pool: List[_L], all_lines: List[_L], F: _Frame,
                         words_value: Optional[Decimal], dollar: Optional[str] = "USD", conv=None):
    """``conv``: the page's convention, for its signs and how it writes decimals."""
    signs = ("$", "S", "$:", "$.") if dollar else ("Rs", "Rs.", "₹", "QAR", "SAR", "AED")
    signs += tuple(conv.signs) if conv is not None else ()
    opts = {**_number_opts(conv), "dollar": dollar}  # a Canadian or Australian "$": its own
    dollar_lines = [l for l in all_lines if l.text.strip() in signs]
    best = None
    for l in pool:
        t = l.text
        p = parse_amount(t, **opts)
        if p is None:
            t = _split_trailing_amount(t)[1] or ""
            p = parse_amount(t, **opts) if t else None
        if p is None:
            # figures closed by "/-" after a sign OCR misread ("5.R8. 57000(-" for "Rs.
            # 57000/-"): the "/-" says where the amount is
            m = _SLASH_DASH_TAIL.search(l.text)
            t = m.group(0).strip() if m else ""
            p = parse_amount(t, **opts) if t else None
        if p is None:
            continue
        if p.value < 0:  # a dash filling the box before the figures ("-2,034.00")
            p = replace(p, value=-p.value)
        if (conv is not None and conv.decimals == 3 and words_value is not None
                and p.value != words_value and re.search(r"\d\.\d{3}\D*$", t)):
            # three decimals after a dot: the decimal comma read as a dot ("842.850" of
            # "842,850"), or thousands; only where the amount in words says which
            p2 = parse_amount(re.sub(r"\.(\d{3}\D*)$", r",\1", t), **opts)
            if p2 is not None and p2.value == words_value:
                p = p2
        if (words_value is not None and p.value != words_value
                and re.fullmatch(r"\s*\d{4,}[1l|]\s*", t)):
            # the "/" of "2630000/" read as a "1": only where the amount in words agrees
            p2 = parse_amount(t.strip()[:-1], **opts)
            if p2 is not None and p2.value == words_value:
                p = p2
        # "/-" after the figures, its "/" read "(" ("57000(-") or its "/-" as "1-"
        has_sym = bool(re.search(r"[$€£¥₹]|\b[A-Z]{3}\b|\d\s*(?:/\s*[-=]?|\(\s*[-=]|[1l|]-)\s*$"
                                r"|(?:\d{3}|\.\d\d)[1l|]\s*=\s*$", t))  # "6,5001=": "/=" read so
        has_sym = has_sym or bool(conv is not None and conv.signs and p.currency)
        left_dollar = next((d for d in dollar_lines
                            if _same_row(d, l) and d.x1 <= l.x0 + 0.3 * l.h
                            and l.x0 - d.x1 < 4 * l.h), None)
        zeros = re.sub(r"(?<=[\d.,])[OoCQD]|[OoCQD](?=\d)", "0", t)  # "671.0C"
        has_dec = bool(re.search(r"[.,=]\s*\d{2}\s*\**\s*$|\S\s*/\s*[1lI|][0OoCQ]{2}\s*$", zeros))
        has_group = bool(re.search(r"\d[,.]\d{3}\b", t))
        matches_words = words_value is not None and p.value == words_value
        if not (has_sym or left_dollar or has_dec or has_group or matches_words):
            continue  # a bare integer is a number, not an amount
        score = 0.0
        score += 3 if (has_sym or left_dollar) else 0
        score += 1 if has_dec else 0
        score += 2 if F.fx(l.cx) > 0.6 else 0
        score -= 3 if (F.fy(l.cy) < 0.15 and not has_sym) else 0
        score += 4 if matches_words else 0
        if best is None or score > best[0]:
            best = (score, l, p, left_dollar, t)
    return best[1:] if best else None


@dataclass
class _Amounts:
    words: Optional[Tuple[_L, str, Decimal]]   # the amount in words: line, text, value
    fig: Optional[tuple]                       # in figures: line, parsed, "$" line, text
    fig_currency: Optional[str]                # the currency printed with the figures
    fields: Dict[str, Field]                   # "amount" and "amount_words", where found


def _amount_status(value: Decimal, other: Optional[Decimal], what: str, other_what: str
                   ) -> Tuple[str, str]:
    if other is None:
        return STATUS_UNCHECKED, f"no amount in {other_what} to check against"
    if other == value:
        return STATUS_OK, ""
    return STATUS_INVALID, (f"amount in {what} {format_decimal(value)} differs from amount in "
                            f"{other_what} {format_decimal(other)}")


def _point_lost(fig_text: str, value: Decimal, words_value: Optional[Decimal], conv=None
                ) -> Optional[str]:
    """A note where the figures are the words' amount with its decimal point not read ("$
    #53162*" for five hundred thirty-one and 62/100): figures with no decimal mark whose
    number is the words' amount times a hundred (a thousand: three decimals), the words'
    cents not nought; else None."""
    if words_value is None or words_value == value or words_value % 1 == 0:
        return None
    if re.search(r"\d\s*[.,]\s*\d{1,3}\D*$", fig_text):
        return None
    decimals = conv.decimals if conv is not None else 2
    if value != words_value * (10 ** decimals):
        return None
    return (f"the figures' decimal point not read: {format_decimal(value)} is "
            f"{format_decimal(words_value)}")


def _contested(st: str, msg: str, how: Dict[str, str]) -> Tuple[str, str]:
    """An agreement that is no check (``amount_fusion.contested``): ambiguous, saying why."""
    if st == STATUS_OK and how.get("contested"):
        return STATUS_AMBIGUOUS, how["contested"]
    return st, msg


def _en_decimals(conv) -> int:
    """How many decimals the page's amount in English words has (3: Kuwaiti dinars and fils)."""
    return conv.decimals if conv is not None and conv.language == "en" else 2


def _amount_fields(p: _Page, dollar: str, reader=None, conv=None) -> _Amounts:
    """The amount in words, then in figures, each checked against the other. ``reader``
    (``constrained.LineReader``, with the page image): the two chosen together from their lines
    read again under each field's constraints too (``amount_fusion``). ``conv``: the page's
    convention (its language of words, its signs and decimals; None: English, two decimals)."""
    lang = None
    if conv is not None and conv.language != "en":
        from .amount_words_intl import words_lang

        lang = words_lang(conv.language)
    words = _find_amount_words(p.free(), lang, _en_decimals(conv))
    if words:
        p.use(*words[0])
    words_value = words[2] if words else None
    fig = _find_amount_figures(p.free(), p.ls, p.F, words_value, dollar, conv)
    how: Dict[str, str] = {}
    if reader is not None and not (fig and words and fig[1].value == words_value):
        words, fig, how = _fused(p, reader, words, fig, dollar, conv, lang)
        words_value = words[2] if words else None
    a = _Amounts(words, fig, None, {})
    amount_value = None
    if fig:
        fl, parsed, dollar_line, fig_text = fig
        if fig_text.strip() == fl.text.strip():
            p.use(fl)  # a payee line with the amount glued on stays available
        amount_value = parsed.value
        point = _point_lost(fig_text, amount_value, words_value, conv)
        if point:
            amount_value = words_value
            how["amount"] = "; ".join(x for x in (how.get("amount"), point) if x)
        a.fig_currency = parsed.currency or (dollar if dollar and (
            dollar_line is not None or "$" in fl.text) else None)
        if conv is not None and a.fig_currency in conv.sign_codes and "₹" not in fl.text:
            a.fig_currency = conv.sign_codes[a.fig_currency]  # "Rs." on a Sri Lankan leaf
        st, msg = _amount_status(amount_value, words_value, "figures", "words")
        st, msg = _contested(st, msg, how)
        a.fields["amount"] = _field("amount", _TYPES["amount"], fig_text.strip(),
                                    format_decimal(amount_value), [fl], st,
                                    "; ".join(x for x in (msg, how.get("amount")) if x))
    elif words and words_value:  # no figures read: the amount is the one in words (the legal
        # amount, which a bank pays where the two differ), never checked
        a.fields["amount"] = _field("amount", _TYPES["amount"], None, format_decimal(words_value),
                                    list(words[0]), STATUS_UNCHECKED,
                                    "no amount in figures read: the amount in words")
    if words:
        wls, wtext, _ = words
        st, msg = _amount_status(words_value, amount_value, "words", "figures")
        st, msg = _contested(st, msg, how)
        a.fields["amount_words"] = _field("amount_words", _TYPES["amount_words"], wtext,
                                          format_decimal(words_value), wls, st,
                                          "; ".join(x for x in (msg, how.get("amount_words")) if x))
    return a


def _fused(p: _Page, reader, words, fig, dollar: str, conv=None, lang=None):
    """(words, figures, notes): the pair of readings that agree, among the plain ones and the
    lines read again (``amount_fusion``); none agrees: the plain ones."""
    from . import amount_fusion as af

    if words:
        p.used.difference_update(id(l) for l in words[0])
    pool = p.free()

    opts = _number_opts(conv)

    def accept(l: _L):
        strict = _find_amount_figures([l], p.ls, p.F, None, dollar, conv)
        if strict is not None:
            return strict, True
        bare = parse_amount(l.text, **opts)  # a bare number: only to agree with the words
        loose = bare and _find_amount_figures([l], p.ls, p.F, bare.value, dollar, conv)
        return (loose, False) if loose else None

    wc = [af.Cand(words[0], words[1], words[2], False)] if words else []
    stacked = [words[0]] if words and len(words[0]) > 1 and not _same_row(*words[0][:2]) else []
    if words and lang is None and not stacked:
        # a second line OCR read with no number word ("Forty Four" / "Thosand Rupees Owy")
        nxt = _continuation(words[0][-1], pool, None, words=lambda t: bool(
            re.fullmatch(r"\D*[A-Za-z]{3}\D*", t)) and af.like_number_words(t, _NUMBER_WORDS))
        if nxt is not None:
            stacked = [list(words[0]) + [nxt]]
    wc += af.words_candidates(reader, [l for l in pool if not PRINTED_NOTICE.search(l.text)],
                              p.ls, p.F, lambda t: _words_evidence(t, lang),
                              _same_row, lang, stacked, _en_decimals(conv),
                              conv.words_lexicon if conv is not None else ())
    fc = [af.Cand([fig[0]], fig[3], fig[1].value, False, extra=fig)] if fig else []
    fc += af.figure_candidates(reader, pool, accept, _same_row, p.ls, p.F)
    pair = af.choose(fc, wc)
    how: Dict[str, str] = {}
    why = af.contested(pair, fc, wc) if pair else None
    if why:
        how["contested"] = why
    f, w = pair if pair else (None, None)
    if w is not None:
        src = w.lines or [_band(w)]
        words = (src, w.text, w.value)
        if w.constrained:
            how["amount_words"] = "read again as words of amounts" + (
                "" if w.lines else " in the band right of the printed label")
    if f is not None:
        fig = f.extra
        if f.constrained:
            how["amount"] = "read again with digits and separators only"
            p.use(*f.lines)
            if f.box is not None:  # the band around a piece of the box: the band's box
                fig = (_band(f, f.lines[0].line.line_no),) + fig[1:]
            elif len(f.lines) > 1:  # pieces of a row read as one crop: the whole row's box
                ln = replace(f.lines[0].line, text=f.text, box=_union_box(f.lines),
                             conf=min(l.line.conf for l in f.lines))
                fig = (_L(ln, f.text, *(pt for pt in (ln.x0, ln.y0, ln.x1, ln.y1))),) + fig[1:]
    if words:
        p.use(*words[0])
    return words, fig, how


def _band(c, line_no: int = -1) -> _L:
    """A band of the page read again (no line of OCR's, or one that held only a piece of it):
    its box, the reading's confidence."""
    xs, ys = [x for x, _ in c.box], [y for _, y in c.box]
    ln = Line(text=c.text, conf=c.conf, box=c.box, line_no=line_no)
    return _L(ln, c.text, min(xs), min(ys), max(xs), max(ys))
