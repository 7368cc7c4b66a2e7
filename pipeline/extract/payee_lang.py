"""The words of the leaf's own language (Turkish, Portuguese, French, Spanish: the page
convention's ``language``) for the payee's corrections.

The payee's words are put right towards English words and names (``payee_words``); on a leaf of
another language that made its names and words English ones ("SARL" -> "SARI", "Ltda" ->
"Leda", "Kakin" -> "Karin"). A word wordfreq's list of the leaf's language knows (``large``
where it has one, else ``best``; down to ``MIN_ZIPF``; accents aside: handwriting and OCR drop
them, "Celik" is "çelik") is now a known word there, and known words are not changed. Without
wordfreq nothing changes. The list is read once per language and process, when a leaf of that
language is first met; only its folded words are kept.

Giving a word read without accents its accents back ("Celik" -> "Çelik") was tried and left
out: the synthetic leaves write names both ways, and the accented form was wrong as often as
right (intl dev payee 72 -> 63 of 80, lines only).
"""
from __future__ import annotations

import math
import unicodedata
from functools import lru_cache
from typing import FrozenSet, Optional

LISTS = {"tr": "best", "pt": "large", "fr": "large", "es": "large"}
MIN_ZIPF = 2.5        # the rarest word of the language kept
_SPECIAL = str.maketrans({"ı": "i", "İ": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss"})


def fold(word: str) -> str:
    """``word`` in small letters with its accents taken off ("Yıldız" -> "yildiz")."""
    w = word.lower().translate(_SPECIAL)
    return "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))


@lru_cache(maxsize=4)
def _words(lang: str) -> FrozenSet[str]:
    """The folded words of the language's list, down to ``MIN_ZIPF``."""
    if lang not in LISTS:
        return frozenset()
    try:
        import wordfreq

        freq = wordfreq.get_frequency_dict(lang, wordlist=LISTS[lang])
        wordfreq.get_frequency_dict.cache_clear()
        wordfreq.get_frequency_list.cache_clear()
    except (ImportError, LookupError, OSError):
        return frozenset()
    return frozenset(fold(w) for w, f in freq.items()
                     if w.isalpha() and math.log10(f * 1e9) >= MIN_ZIPF)


def known(lang: Optional[str], word: str) -> bool:
    """``word`` is a word of the language ``lang`` (accents aside); False without a language or
    for one with no list here (English words are ``payee_lexicon``'s)."""
    return bool(lang) and fold(word) in _words(lang)
