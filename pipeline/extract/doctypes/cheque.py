"""A cheque: payee, amounts in figures and words, date, number, bank, memo, MICR line, signature.

The rules are in :mod:`pipeline.extract.cheque`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Sequence

from . import DocType, FieldDef, register
from ._cues import is_prose, kinds_found, prose_factor
from ..conventions import CONVENTIONS
from ..micr import MICR_PIECE, looks_like_micr
from ..micr_layouts import band_checked, fraction_agrees, fraction_routings

CUES = (
    (re.compile(r"pay\s*to\s*the\s*order\s*of|order\s*of|pay\s*to", re.I), 3.0),
    (re.compile(r"\bpay\b", re.I), 1.0),
    (re.compile(r"\bdollars?\b", re.I), 1.5),
    (re.compile(r"/\s*1[0o]{2}\b", re.I), 2.0),
    (re.compile(r"\bmemo\b", re.I), 1.5),
    (re.compile(r"\b(?:cheque|check)\b", re.I), 1.0),
    (re.compile(r"\bauthori[sz]ed\s+signature|\bsignature\b", re.I), 1.0),
    (re.compile(r"\bvoid\s+after\b|\bnon[-\s]?negotiable\b", re.I), 1.0),
    (re.compile(r"\brouting\b|\baccount\s*(?:no|number|#)", re.I), 0.5),
)

# "Pay" followed by a word that makes it a label of a payslip, a form or a sentence, not a payee
PAY_LABEL = (r"(?:rate|date|period|grade|type|slip|stub|scale|frequency|group|code|class|status|"
             r"day|cycle|roll|band|level|step|basis|method|schedule|plan|details?|summary|info\w*|"
             r"amount|by|attention|online|now|here|your|our|the|for|in|with|as|bill|"
             r"invoice|fees?|tax(?:es)?|when|per|all|this|that|at|via|back|off|out|up|and|or|"
             r"on|it|me|us|them|employee|hours?|gross|net|ytd|advice|statement|check|cheque)\b")

# "à l'ordre de" as the leaf prints it, at a line's start; "par chèque à l'ordre de ..." in a
# payment notice is no cheque
_A_L_ORDRE = r"^\W*[àa]\s*(?:[lfI1|T].?)?\s*ordre\s*de"  # "l'" read "l", "f", "T" ...
# a cheque's pay instruction or order label, in the conventions' languages
PAY = re.compile(r"pay\s*to\s*the\s*ord|\bto\s*the\s*order\s*of\b|^\W*order\s*of\b|"
                 # the label alone on its line, its "P" read "F" ("FAY TO THE" over "ORDER OF")
                 r"^\W*pay\W*$|^\W*fay\s+to\s+the\W*$|"
                 r"^\W*pay\s+(?:to\b|the\s+sum\b|(?!" + PAY_LABEL + r")(?-i:[A-Z]))|"
                 r"\bor\s*bearer\b|\bor\s*order\b|"
                 + _A_L_ORDRE + r"|\bpay\s+against\s+this\b|"
                 # Brazil, Tunisia (French), Turkey, Spanish-speaking leaves
                 r"\bpague\s+por\s+este\s+cheque|\bou\s+[àa]\s+sua\s+ordem\b|"
                 r"\bpayez\s+contre\s+ce\s+ch[eè]que|\bbu\s+[çc]ek\s+kar[şs]|"
                 r"\bveya\s+hamiline\b|^\W*emrine\W*$|\bp[aá]guese\s+(?:a\s+la\s+orden|por)",
                 re.I)


# What a cheque's own layout prints, one kind each (a kind counts once, on a line that is not
# running text). ``pay``, ``micr`` and the amount in words are the strong kinds: a page needs
# one of them, and enough evidence in all, to be called a cheque.
EVIDENCE = (
    ("pay", PAY, 3.0),
    ("words_label", re.compile(r"^\W*(?:\w{1,3}\s+)?(?:rupees|dollars?|the\s+sum\s+of|"
                               r"amount\s+in\s+words|the\s+amount|la\s+somme\s+de|"
                               r"a\s+quantia\s+de|yaln[ıi]z|kenya\s+shillings)\b", re.I), 1.5),
    ("box", re.compile(r"^\W*(?:\$|£|rs\.?|₹|qar|sar|aed|inr|s\.\s*r\.?)\W*$|\d\s*/-\s*$|"
                       r"[$£]\s*\**\s*\d[\d,]*\.\d\d|"
                       r"^\W*(?:R\$|TL|DT|TND|KSh|KES|LKR|₺)\s*[#*]*\s*\d[\d.,\s]*[#*]*\s*"
                       r"(?:R\$|TL|DT|TND|KSh|KES|LKR|₺)?\s*$|"
                       r"^\s*\*+\s*\$?\s*\d[\d,.]*\s*\*+\s*$", re.I), 1.0),
    ("signature", re.compile(r"please\s+sign\s+above|authori[sz]ed\s+signat|^\W*signature\W*$|"
                             r"^\W*sign(?:ature)?\s+here|\bsignature\s*$", re.I), 1.0),
    ("bank", re.compile(r"\bIFS\s*C(?:ode)?\b|\bBSB\b|\bsort\s*code\b|\bA/c\.?\s*No\b|"
                        r"\bpayable\s+at\s+par\b|\bmulti-?city\s+cheque\b", re.I), 1.0),
    ("date_boxes", re.compile(r"^\W*D\s*D\s*M\s*M\s*Y\s*Y(?:\s*Y\s*Y)?\W*$"), 1.5),
    ("cheque", re.compile(r"\b(?:cheque|check)\s*(?:no|#)|\bnot\s+negotiable\b|"
                          r"\bvoid\s+after\b|\bnon[-\s]?negotiable\b|\bvalid\s+for\s+three\s+months\b|"
                          r"\bbank\s+cheque\b|^\W*(?:memo|for)\W*$|\bch[eè]que\s*n\s*[°ºo]|"
                          r"\b[çc]ek\s*no\b|\bn[°º]\s*do\s*cheque|\bke[şsș]ide\s+tarihi|"
                          r"\bnon\s+endossable\b", re.I), 1.0),
    # the currency printed after the words' box ("DOLLARS"; a British leaf's "Pounds")
    ("dollars", re.compile(r"^\W*(?:dollars?|pounds?)\W*$|/\s*1[0o]{2}\b", re.I), 1.5),
)
# the order clause ("or bearer", "veya hamiline", "à l'ordre de"): evidence of its own where the
# page prints the pay instruction on another line too ("Payez contre ce chèque" over "à
# l'ordre de"; "Bu çek karşılığında" ... "Emrine" ... "veya hamiline"); a payment notice's one
# line "chèque à l'ordre de ..." is not two
ORDER = re.compile(r"\bor\s*bearer\b|\bor\s*order\b|\bveya\s+hamiline\b|\bou\s+[àa]\s+sua\s+ordem\b|"
                   + _A_L_ORDRE + r"|^\W*emrine\W*$", re.I)
STRONG = ("pay", "micr", "words")
MIN_SCORE = 5.0
# a MICR band that passes a convention's check (``micr_layouts.band_checked``)
MICR_CHECKED = MIN_SCORE


# words of a line, in any alphabet ("Yalnız", "kuruş" are one word each)
_WORD = re.compile(r"[^\W\d_]{2,}")
# the words of a legal amount that are not numbers: its label, currencies, "and", "only"
_FILLER = frozenset(
    "the sum of and only dollars dollar cents cent pence pounds shillings rupees paise et "
    "dinars dinar millimes de la somme reais centavos quantia yalnız yalniz tl lira kuruş kurus "
    "ve".split())


_LANGS = ("en", "fr", "pt", "tr")


@lru_cache(maxsize=1)
def _legal_vocabulary() -> frozenset:
    """The words of legal amounts in the conventions' languages, and ``_FILLER``."""
    from ..amount_words_intl import words_lang

    return frozenset(w.lower() for c in _LANGS for w in words_lang(c).lexicon) | _FILLER


def _words_line(t: str) -> bool:
    """An amount in words: English, or French, Portuguese or Turkish (the conventions'
    languages). A line of nine words or more counts only where nearly all its words are number
    words, currencies, "and" or "only" ("The sum of six thousand eight hundred shillings and
    thirty cents only"): a sentence that names a sum ("he paid seven hundred and seventy-five
    dollars for the old horse") is running text."""
    from ..amount_words_intl import words_lang
    from ..cheque_amounts import _words_evidence

    if len(t) >= 120:
        return False
    if is_prose(t):
        words = _WORD.findall(t)
        vocab = _legal_vocabulary()
        if sum(1 for w in words if w.lower() in vocab) < 0.7 * len(words):
            return False
    for code in _LANGS:
        lang = words_lang(code)
        if not _words_evidence(t, None if code == "en" else lang):
            continue
        if lang.parse(t) is not None:
            return True
    return False


# what a row of a table, a date, a phone number or an IBAN prints and a MICR line does not: digits
# on both sides of a decimal point, a thousands separator or a slash; a country code and check
# digits before groups of four
NOT_MICR = re.compile(r"\d\s?[.,/]\s?\d|\b[A-Z]{2}\d{2}(?:\s?[\dA-Z]{4}){3,}")


def _micr_line(t: str) -> bool:
    """A line that reads like a MICR line and not like a row of figures (as classification
    evidence: the MICR rules read what they are given)."""
    return looks_like_micr(t) and not NOT_MICR.search(t)


def _pieces_joined(texts: Sequence[str]) -> List[str]:
    """Runs of two or more consecutive lines that are pieces of a band (digits and what OCR
    reads the symbols as: "I238462999I", "98234092061", "1042"), each run joined as one
    line."""
    out: List[str] = []
    run: List[str] = []
    for t in list(texts) + [""]:
        if MICR_PIECE.match(t) and sum(c.isdigit() for c in t) >= 2:
            run.append(t.strip())
            continue
        if len(run) >= 2:
            out.append(" ".join(run))
        run = []
    return out


def _pay_label(t: str) -> bool:
    """A pay instruction on a line of its own, or printed at the start of a line the written
    words run on from ("Payez contre ce chèque non endossable huit cent ...")."""
    m = PAY.search(t)
    return bool(m) and (not is_prose(t) or m.start() <= 3)


def evidence(texts: Sequence[str]) -> Dict[str, float]:
    """{kind: weight} of a cheque's own layout found on the page."""
    found = kinds_found(EVIDENCE, texts)
    micr = [t for t in texts if _micr_line(t)]
    if micr:
        found["micr"] = 3.0
    # a band whose digits pass its convention's own check is a cheque's alone (a blurred
    # capture reads little else), read as one line or in pieces; one that only reads like a
    # band needs more evidence
    pieces = [t for t in _pieces_joined(texts) if _micr_line(t)]
    fractions = fraction_routings(texts)  # a US leaf's routing number as a fraction
    if any(band_checked(t, texts, fractions) for t in micr + pieces) or fractions and any(
            fraction_agrees(t, texts, fractions) for t in texts):
        found["micr"] = MICR_CHECKED
    order = [i for i, t in enumerate(texts) if not is_prose(t) and ORDER.search(t)]
    if order and any(_pay_label(t) for i, t in enumerate(texts) if i != order[0]):
        found["order"] = 1.0
    if any(_words_line(t) for t in texts):
        found["words"] = 2.0
    # box letters "D", "D", "M", "M", "Y", "Y" read one per line
    letters = [t.strip() for t in texts if len(t.strip()) == 1]
    if letters.count("D") >= 2 and letters.count("M") >= 2 and letters.count("Y") >= 2:
        found["date_boxes"] = 1.5
    return found


def score(texts: Sequence[str]) -> float:
    """The kinds of a cheque's own layout found on the page (0 without a strong one), less on a
    page of running text."""
    found = evidence(texts)
    if not any(k in found for k in STRONG):
        return 0.0
    return round(sum(found.values()) * prose_factor(texts), 2)


FIELDS = (
    FieldDef("payee", "text", "the payee: the name written after 'Pay to the order of'"),
    FieldDef("amount", "amount", "the amount in figures, as written in the amount box "
                                 "(e.g. 1,234.56)"),
    FieldDef("amount_words", "amount", "the amount written in words, exactly as written (e.g. "
                                       "'One thousand two hundred thirty-four and 56/100')",
             check="words"),
    FieldDef("date", "date", "the date of the cheque, as written"),
    FieldDef("cheque_number", "number", "the cheque number printed at the top right",
             digits=True),
    FieldDef("bank_name", "text", "the name of the bank the cheque is drawn on"),
    FieldDef("memo", "text", "the text on the memo (or 'for') line"),
    FieldDef("micr_routing", "text", "the 9-digit routing number in the MICR line at the bottom "
                                     "(between the transit symbols), digits only",
             digits=True, check="aba"),
    FieldDef("micr_account", "text", "the account number in the MICR line at the bottom, "
                                     "digits only", digits=True),
    FieldDef("micr_serial", "text", "the cheque serial number in the MICR line at the bottom, "
                                    "digits only", digits=True),
    FieldDef("signature_present", "bool", "true when the cheque is signed (handwriting on the "
                                          "signature line), else false"),
    FieldDef("currency", "text", "the ISO 4217 code of the cheque's currency (e.g. USD)",
             check="currency"),
)

DATE_ORDER = "mdy"


def extract(lines, width: float, height: float, image=None):
    from ..cheque import extract_cheque

    # an ambiguous date is read the way the page's convention writes dates (US: month first)
    return extract_cheque(lines, width, height, image=image)


CHEQUE = register(DocType(
    name="cheque", phrase="a cheque", cues=CUES, score=score, min_score=MIN_SCORE, fields=FIELDS,
    pairs=(("amount", "amount_words"), ("cheque_number", "micr_serial")),
    extract=extract, tag="rules:cheque", date_order=DATE_ORDER, rank=10,
    variants={c.key: c for c in CONVENTIONS},
))
