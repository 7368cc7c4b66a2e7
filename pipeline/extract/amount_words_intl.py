"""Amounts in words in French, Portuguese and Turkish, as data: "Mille quatre cent quarante sept
dinars", "mil duzentos e trinta e quatro reais e cinquenta centavos", "Yalnız ikibinbeşyüz TL".

One parser reads every language from its table (number words, hundreds, scales, connectors,
currency words and their minor units). Accents are folded first ("três" and "tres", "beş" and
"bes" are one word: handwriting and OCR drop them), words written together are split
("ikibinbeşyüz", Turkish writes amounts as one word), and an OCR slip in a long word is read as
the nearest word of the table. As ``amount_words`` does for English, it returns ``None`` rather
than guess: an unknown word between two number words, scales out of order, two units in a row.

``words_lang(code)`` gives the functions the cheque rules call for a language (English:
``amount_words``'s own).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal
from typing import Callable, Dict, FrozenSet, List, Optional, Sequence, Tuple

from .word_split import fewest_words

__all__ = ["LANGS", "parse_words", "count_words", "words_currency", "words_lang", "fold",
           "WordsLang"]

CENT = Decimal("0.01")


@dataclass(frozen=True)
class _Table:
    code: str
    units: Dict[str, int]                 # 1..99 said in one word (added)
    hundred: Dict[str, int]               # multiplies what comes before ("deux cent", "iki yüz")
    hundreds: Dict[str, int]              # a hundred in one word, added ("duzentos", "cento")
    scales: Dict[str, int]                # mille, mil, bin, million ...
    fillers: FrozenSet[str]               # connectors and words written around the amount
    major: Dict[str, str]                 # currency word -> ISO code
    minor: Dict[str, int]                 # minor unit word -> how many make a major one
    # "quatre vingt": a unit before "vingt" multiplies it (French)
    times_twenty: bool = False
    words: Tuple[str, ...] = ()           # spellings with accents, for a constrained reading
    # words as OCR slips them, parsed but never offered to a constrained reading (which would
    # read the right word as its slip)
    slips: FrozenSet[str] = frozenset()


_FR = _Table(
    code="fr",
    units={"zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
           "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
           "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20,
           "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70,
           "huitante": 80, "octante": 80, "nonante": 90},
    hundred={"cent": 100, "cents": 100},
    hundreds={},
    scales={"mille": 1000, "mil": 1000, "milles": 1000, "million": 10 ** 6,
            "millions": 10 ** 6, "milliard": 10 ** 9, "milliards": 10 ** 9},
    fillers=frozenset({"et", "de", "la", "somme", "seulement", "exactement", "montant",
                       "en", "lettres", "payez", "contre", "ce", "cheque", "a", "l", "ordre",
                       "non", "endossable"}),
    major={"dinars": "TND", "dinar": "TND", "euros": "EUR", "euro": "EUR", "francs": "CHF",
           "franc": "CHF", "dirhams": "MAD", "dirham": "MAD"},
    minor={"millimes": 1000, "millime": 1000, "centimes": 100, "centime": 100},
    times_twenty=True,
    words=("zéro", "chèque"),
)
_PT = _Table(
    code="pt",
    units={"zero": 0, "um": 1, "uma": 1, "dois": 2, "duas": 2, "tres": 3, "quatro": 4,
           "cinco": 5, "seis": 6, "sete": 7, "oito": 8, "nove": 9, "dez": 10, "onze": 11,
           "doze": 12, "treze": 13, "catorze": 14, "quatorze": 14, "quinze": 15,
           "dezesseis": 16, "dezasseis": 16, "dezessete": 17, "dezassete": 17, "dezoito": 18,
           "dezenove": 19, "dezanove": 19, "vinte": 20, "trinta": 30, "quarenta": 40,
           "cinquenta": 50, "sessenta": 60, "setenta": 70, "oitenta": 80, "noventa": 90},
    hundred={},
    hundreds={"cem": 100, "cento": 100, "duzentos": 200, "duzentas": 200, "trezentos": 300,
              "trezentas": 300, "quatrocentos": 400, "quatrocentas": 400, "quinhentos": 500,
              "quinhentas": 500, "seiscentos": 600, "seiscentas": 600, "setecentos": 700,
              "setecentas": 700, "oitocentos": 800, "oitocentas": 800, "novecentos": 900,
              "novecentas": 900},
    scales={"mil": 1000, "milhao": 10 ** 6, "milhoes": 10 ** 6, "bilhao": 10 ** 9,
            "bilhoes": 10 ** 9},
    fillers=frozenset({"e", "de", "a", "quantia", "pague", "por", "este", "cheque",
                       "somente", "apenas", "valor"}),
    major={"reais": "BRL", "real": "BRL", "euros": "EUR", "euro": "EUR"},
    minor={"centavos": 100, "centavo": 100, "cents": 100},
    words=("três", "milhão", "milhões", "bilhão", "bilhões"),
)
_TR = _Table(
    code="tr",
    units={"sifir": 0, "bir": 1, "iki": 2, "uc": 3, "dort": 4, "bes": 5, "alti": 6, "yedi": 7,
           "sekiz": 8, "dokuz": 9, "on": 10, "yirmi": 20, "otuz": 30, "kirk": 40, "elli": 50,
           "altmis": 60, "yetmis": 70, "seksen": 80, "doksan": 90},
    # "yz": "yüz" with its "ü" lost (handwriting)
    hundred={"yuz": 100, "yz": 100},
    hundreds={},
    scales={"bin": 1000, "milyon": 10 ** 6, "milyar": 10 ** 9},
    # the leaf's own words before the amount ("Bu çek karşılığında"), and "yalnız" whose first
    # letters the line's box cut off ("dniz sekiz bin ..."; else read as "on", ten)
    fillers=frozenset({"ve", "yalniz", "yalnizca", "turk", "tutar", "bu", "cek", "karsiliginda",
                       "alniz", "lniz", "niz"}),
    # "TL" read "IL" at the words' end ("yedi bin alti yüz IL"), or "T" with its "L" lost
    # between the lira and the kuruş ("sekiz T doksan sekiz kurus")
    major={"tl": "TRY", "lira": "TRY", "lirasi": "TRY", "try": "TRY", "il": "TRY", "t": "TRY"},
    slips=frozenset({"t", "yz"}),
    minor={"kurus": 100, "kr": 100},
    words=("sıfır", "üç", "dört", "beş", "altı", "kırk", "altmış", "yetmiş", "yüz", "yalnız",
           "kuruş", "lirası", "türk", "çek", "karşılığında", "alnız", "lnız", "nız"),
)
LANGS: Dict[str, _Table] = {t.code: t for t in (_FR, _PT, _TR)}

# letters with no decomposition that handwriting and OCR write without their mark
_PLAIN = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "œ": "o", "æ": "a", "ß": "s"})


def fold(text: str) -> str:
    """Lower case without accents, one character for one ("Türk Lirası" -> "turk lirasi")."""
    if not text or text.isascii():  # nothing to fold (most lines): the same, at once
        return (text or "").lower()
    out = []
    for c in text.lower().translate(_PLAIN):
        d = unicodedata.normalize("NFKD", c)
        out.append(d[0] if d and d[0].isascii() and d[0].isalpha() else c)
    return "".join(out)


def _vocab(t: _Table) -> Dict[str, str]:
    """Every word of the table -> its kind (made once per table)."""
    got = _VOCABS.get(t.code)
    if got is None:
        got = _VOCABS[t.code] = _make_vocab(t)
    return got


_VOCABS: Dict[str, Dict[str, str]] = {}


def _make_vocab(t: _Table) -> Dict[str, str]:
    v: Dict[str, str] = {}
    for kind, words in (("unit", t.units), ("hundred", t.hundred), ("hundreds", t.hundreds),
                        ("scale", t.scales), ("major", t.major), ("minor", t.minor)):
        for w in words:
            v.setdefault(w, kind)
    for w in t.fillers:
        v.setdefault(w, "filler")
    return v


def _number_words(t: _Table) -> List[str]:
    return sorted(set(t.units) | set(t.hundred) | set(t.hundreds) | set(t.scales))


# the words between number words that may be written glued to them ("milenovecentos")
_CONNECTORS = frozenset({"e", "et", "ve"})


def _unglue(tok: str, vocab: Dict[str, str]) -> Optional[List[str]]:
    """``tok`` as two or more words of the table written together, the fewest pieces (pieces
    of two letters or more, "on" the shortest number word; "e" the one connector of one)."""
    got = fewest_words(tok, lambda w: (len(w) >= 2 or w == "e") and w in vocab
                       and (vocab[w] != "filler" or w in _CONNECTORS))
    return got if got is not None and len(got) > 1 else None


def _canon(tok: str, t: _Table, vocab: Dict[str, str], beside_number: bool = False
           ) -> List[str]:
    """The table's words a token stands for: itself, its pieces written together, or the
    nearest word when OCR slipped a letter (words of five letters or more; of four beside a
    number word); [] when none."""
    if tok in vocab:
        return [tok]
    parts = _unglue(tok, vocab)
    if parts:
        return parts
    if len(tok) >= 5:
        hit = _nearest(tok, t.code)
        if hit:
            return [hit]
    if len(tok) == 4 and beside_number:  # one letter off a word of one value ("cend", "Mile")
        near = [w for w in vocab if vocab[w] != "filler" and _one_edit(tok, w)]
        if near and len({(vocab[w], _worth(w, t)) for w in near}) == 1:
            return [min(near)]
    return []


@lru_cache(maxsize=8192)
def _nearest(tok: str, code: str) -> Optional[str]:
    """The table's word nearest a token OCR slipped a letter of (difflib ratio 0.8 and more);
    remembered, as classification asks it of every line of every page. Of a token of five
    letters or more, only the words that can reach that ratio are compared (``_near_words``):
    the answer is the one of the whole table, at a fraction of the cost."""
    t = LANGS[code]
    words = _vocab(t) if len(tok) < 5 else _near_words(tok, _gate(t).pairs)
    hit = difflib.get_close_matches(tok, sorted(words), n=1, cutoff=0.8) if words else None
    return hit[0] if hit else None


@lru_cache(maxsize=None)
def _pairs_needed(n: int, m: int) -> int:
    """How many of the two-letter pairs of a token of ``n`` letters (five or more) a word of
    ``m`` letters must hold for difflib's ratio of the two to reach 0.8 (a length that cannot:
    more than there are). The ratio is 2M/T (M letters matched in b blocks, T = n + m); blocks
    are apart by a letter of one side at least, so b - 1 <= T - 2M, and each block of s letters
    puts s - 1 of the token's pairs in the word: at least M - b >= 3M - T - 1 of them."""
    t = n + m
    least = next((k for k in range(min(n, m) + 1) if 2.0 * k / t >= 0.8), None)
    return n if least is None else max(1, 3 * least - t - 1)


def _near_words(tok: str, pairs: Dict[str, Tuple[str, ...]]) -> List[str]:
    """The words of ``pairs`` (two letters -> the table's words holding them) that hold enough
    of ``tok``'s pairs of letters to reach difflib's ratio 0.8 with it (``_pairs_needed``)."""
    n, held = len(tok), {}
    for i in range(n - 1):
        for w in pairs.get(tok[i:i + 2], ()):
            held[w] = held.get(w, 0) + 1
    return [w for w, k in held.items() if k >= _pairs_needed(n, len(w))]


@dataclass(frozen=True)
class _Gate:
    """What a word must show to be read as a number word of a table (``_may_say_number``)."""
    numbers: FrozenSet[str]
    inside: "re.Pattern[str]"             # a number word inside a word (written together)
    pieces: Tuple[str, ...]               # the words a word written together is made of
    pairs: Dict[str, Tuple[str, ...]]     # two letters -> the table's words holding them


_GATES: Dict[str, _Gate] = {}


def _gate(t: _Table) -> _Gate:
    got = _GATES.get(t.code)
    if got is None:
        vocab = _vocab(t)
        numbers = frozenset(_number_words(t))
        pieces = tuple(sorted(w for w in vocab if (len(w) >= 2 or w == "e")
                              and (vocab[w] != "filler" or w in _CONNECTORS)))
        pairs: Dict[str, set] = {}
        for w in vocab:
            for i in range(len(w) - 1):
                pairs.setdefault(w[i:i + 2], set()).add(w)
        got = _GATES[t.code] = _Gate(
            numbers, re.compile("|".join(sorted(numbers, key=lambda w: (-len(w), w)))),
            pieces, {k: tuple(sorted(v)) for k, v in pairs.items()})
    return got


def _may_say_number(raw: Sequence[str], t: _Table) -> bool:
    """False only where no word of ``raw`` (``_raw_tokens``) can be read as a number word of the
    table (``_canon`` without a neighbour: the word itself, its pieces written together, the
    nearest word), so that the text says no amount and has no number word to count. The cheap
    tests first: a number word; one inside a word that starts and ends with the table's words;
    then the nearest word of a word of five letters or more."""
    g = _gate(t)
    for tok in raw:
        if tok in g.numbers:
            return True
        if (len(tok) > 2 and tok.startswith(g.pieces) and tok.endswith(g.pieces)
                and g.inside.search(tok)):
            return True
    return any(len(tok) >= 5 and not tok.isdigit() and _nearest(tok, t.code) in g.numbers
               for tok in raw)


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` one substitution, insertion or deletion apart."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _worth(w: str, t: _Table):
    for d in (t.units, t.hundred, t.hundreds, t.scales, t.major, t.minor):
        if w in d:
            return d[w]
    return None


@lru_cache(maxsize=1024)
def _raw_tokens(text: str) -> Tuple[str, ...]:
    """The words and numbers of a text, folded, as the table's words are looked up (remembered
    for a while: each language's count and parse of a line asks again)."""
    # a letter OCR read as a digit inside or at the end of a word ("SEKi2", "Y0N")
    text = re.sub(r"(?<=[a-z])[0125](?=[a-z]|\b)",
                  lambda m: "oizs"["0125".index(m.group(0))], fold(text))
    return tuple(re.findall(r"[a-z]+|\d+", text))


def _tokens(text: str, t: _Table) -> List[Tuple[str, str]]:
    """(word, kind) of a text, kind "?" for a word not of the table, "digits" for a number."""
    vocab = _vocab(t)
    raw = _raw_tokens(text)
    got = [None if tok.isdigit() else _canon(tok, t, vocab) for tok in raw]
    number = {"unit", "hundred", "hundreds", "scale"}

    def is_number(i: int) -> bool:
        return 0 <= i < len(got) and bool(got[i]) and vocab[got[i][0]] in number

    out: List[Tuple[str, str]] = []
    for i, tok in enumerate(raw):
        if got[i] is None:
            out.append((tok, "digits"))
            continue
        words = got[i] or _canon(tok, t, vocab, is_number(i - 1) or is_number(i + 1))
        if not words:
            out.append((tok, "?"))
        out.extend((w, vocab[w]) for w in words)
    return out


def _value(words: Sequence[Tuple[str, str]], t: _Table) -> Optional[int]:
    """The integer a run of number words says; None when they do not make one."""
    total, cur, last_scale = 0, 0, None
    for w, kind in words:
        if kind == "unit":
            v, low = t.units[w], cur % 100
            if t.times_twenty and v == 20 and low == 4:  # quatre-vingt(s)
                cur += 76
            elif low == 0 or (low % 10 == 0 and v < 10) or (
                    t.times_twenty and low in (60, 80) and 10 <= v < 20):
                cur += v
            else:
                return None
        elif kind == "hundred":
            if cur >= 100:
                return None
            cur = (cur or 1) * 100
        elif kind == "hundreds":
            if cur:
                return None
            cur = t.hundreds[w]
        elif kind == "scale":
            s = t.scales[w]
            if last_scale is not None and s >= last_scale:
                return None
            total += (cur or 1) * s
            cur, last_scale = 0, s
        else:
            return None
    return total + cur


def _number(toks: Sequence[Tuple[str, str]], t: _Table, strict: bool) -> Optional[int]:
    """The number said by the words of ``toks`` (fillers dropped); words not of the table
    only before the first number word or after the last (unless ``strict``)."""
    idx = [i for i, (_, k) in enumerate(toks) if k in ("unit", "hundred", "hundreds", "scale")]
    if not idx:
        return None
    inner = [x for x in toks[idx[0]:idx[-1] + 1] if x[1] != "filler"]
    if any(k not in ("unit", "hundred", "hundreds", "scale") for _, k in inner):
        return None
    if strict and any(k == "?" for _, k in toks):
        return None
    # an unknown word right beside the number that is near a number word ("Mile" before
    # "quatre cent"): a part of the amount no one can read, so no amount
    for i in (idx[0] - 1, idx[-1] + 1):
        if 0 <= i < len(toks) and toks[i][1] == "?" and _near_number(toks[i][0], t):
            return None
    return _value(inner, t)


def _near_number(tok: str, t: _Table) -> bool:
    """A word of three letters or more one or two letters from a number word of the table."""
    if len(tok) < 3:
        return False
    return any(difflib.SequenceMatcher(None, tok, w).ratio() >= 0.75 or _one_edit(tok, w)
               for w in _number_words(t) if len(w) >= 3)


def parse_words(text: str, lang: str, strict: bool = False) -> Optional[Decimal]:
    """An amount in words of language ``lang`` ("fr", "pt", "tr") as a Decimal: the major
    unit's words, then the minor unit's ("et 500 millimes", "e cinquenta centavos", "elli
    kuruş"); None when the text says no amount."""
    t = LANGS.get(lang)
    if t is None or not text:
        return None
    if not _may_say_number(_raw_tokens(text), t):
        return None  # no word of it can be a number word: the fuzzy reading would find none
    toks = _tokens(text, t)
    major = next((i for i, (_, k) in enumerate(toks) if k == "major"), None)
    minor = next((i for i, (_, k) in enumerate(toks) if k == "minor"), None)
    main, frac = toks, []
    if major is not None and any(k in ("unit", "hundred", "hundreds", "scale")
                                 for _, k in toks[:major]):
        main, frac = toks[:major], toks[major + 1:]
    elif major is not None:  # the currency word first ("TL ikiyüz")
        main = toks[major + 1:]
        if minor is not None and minor > major:
            mi = next(i for i, (_, k) in enumerate(main) if k == "minor")
            main, frac = main[:mi], main[mi:]
    elif minor is not None:
        return None  # minor units without the major unit: nothing to anchor them
    units = _number(main, t, strict)
    if units is None:
        return None
    sub = Decimal(0)
    if frac:
        mi = next((i for i, (_, k) in enumerate(frac) if k == "minor"), None)
        if mi is None:
            if any(k in ("unit", "hundred", "hundreds", "scale", "digits") for _, k in frac):
                return None  # a number after the currency word, its unit unread ("karas")
        else:
            per = t.minor[frac[mi][0]]
            part = [x for x in frac[:mi] if x[1] != "filler"]
            digits = [w for w, k in part if k == "digits"]
            n = int(digits[0]) if len(digits) == 1 and len(part) == 1 else _number(part, t, True)
            if n is None or n >= per:
                return None
            sub = Decimal(n) / per
    value = Decimal(units) + sub
    return value.quantize(CENT) if value == value.quantize(CENT) else value.quantize(
        Decimal("0.001"))


def count_words(text: str, lang: str) -> int:
    """How many words of ``text`` are number words of ``lang`` (spellings written together and
    slips too)."""
    t = LANGS.get(lang)
    if t is None:
        return 0
    if not _may_say_number(_raw_tokens(text or ""), t):
        return 0
    return sum(1 for _, k in _tokens(text or "", t) if k in ("unit", "hundred", "hundreds",
                                                             "scale"))


def words_currency(text: str, lang: str) -> Optional[str]:
    """The currency a currency word of ``lang`` in the text names ("dinars" -> TND)."""
    t = LANGS.get(lang)
    if t is None:
        return None
    return next((t.major[w] for w, k in _tokens(text or "", t) if k == "major"), None)


def lexicon(lang: str) -> List[str]:
    """The words of ``lang``'s amounts, for a reading constrained to them (with and without
    their accents: the recogniser's character list holds both)."""
    t = LANGS[lang]
    words = set(_vocab(t)) | set(t.words)
    return sorted(words - t.slips)


@dataclass(frozen=True)
class WordsLang:
    """What the cheque rules need of a language's amounts in words."""
    code: str
    parse: Callable[[str], Optional[Decimal]]
    count: Callable[[str], int]
    currency: Callable[[str], Optional[str]]
    lexicon: Sequence[str] = field(default_factory=tuple)


@lru_cache(maxsize=16)
def words_lang(code: Optional[str]) -> WordsLang:
    """The language's functions; English (and any language without a table): amount_words'."""
    if code in LANGS:
        return WordsLang(code, lambda s: parse_words(s, code), lambda s: count_words(s, code),
                         lambda s: words_currency(s, code), tuple(lexicon(code)))
    from .amount_words import amount_words_currency, count_number_words, parse_amount_words
    from .constrained import AMOUNT_WORDS

    return WordsLang("en", parse_amount_words, count_number_words, amount_words_currency,
                     tuple(AMOUNT_WORDS))
