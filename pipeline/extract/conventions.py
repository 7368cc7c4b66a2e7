"""Local cheque conventions, as data: how a country's cheques write amounts, dates and the MICR
line, what their currency is called, and what can be checked.

A ``Convention`` is declared here and listed in the cheque doc type's ``variants``
(:mod:`pipeline.extract.doctypes.cheque`); ``detect`` picks the one a page shows (its MICR
layout, currency signs and words, labels, bank names) and says why. To add one, declare it
below with its cues and put it in ``CONVENTIONS``; a MICR layout of a new kind also needs its
reader in :mod:`pipeline.extract.micr_layouts`, and a language of amounts in words its table in
:mod:`pipeline.extract.amount_words_intl`. Besides its cues, a convention says how its leaves
write amounts (``decimal_comma``, ``decimals``, ``lakh``, ``signs``), in which ``language`` the
amount in words is, and its own labels of the date, the payee and the cheque number; one that
covers several countries (the Gulf) names each country's currency (``by_country``, ``localise``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional, Pattern, Sequence, Tuple

from .amounts import THREE_DECIMALS

__all__ = ["Convention", "CONVENTIONS", "GENERIC", "detect", "by_key", "localise"]


@dataclass(frozen=True)
class Convention:
    key: str                       # recorded in the ``convention`` field: "us", "in_cts" ...
    name: str                      # in words, for messages
    currency: Optional[str]        # the currency its cheques are drawn in (None: varies)
    dollar: Optional[str]          # what a bare "$" stands for (None: no dollar here)
    date_order: str                # how an ambiguous numeric date is read: "mdy" or "dmy"
    micr: str                      # the MICR layout: "aba", "ca", "in_cts", "uk", "au", "cmc7",
                                   # "ke", "none",
                                   # "any" (read the digit groups, check nothing)
    lakh: bool = False             # amounts grouped 1,00,000 (lakh/crore)
    decimal_comma: bool = False    # amounts written 1.234,56 / 1 447,000 (a comma before decimals)
    decimals: int = 2              # digits after the decimal mark (3: dinars and millimes)
    slash_decimal: bool = False    # the minor units written after a slash ("617/00")
    language: str = "en"           # of the amount in words and the month names: en, fr, pt, tr
    cues: Tuple[Tuple[Pattern[str], float], ...] = ()
    currency_words: Dict[str, str] = field(default_factory=dict)  # word on the page -> code
    notes: str = ""
    # a currency sign shared with another country, as the amount parser names it -> this
    # convention's code ("Rs." is read as INR; on a Sri Lankan leaf it is LKR)
    sign_codes: Dict[str, str] = field(default_factory=dict)
    # the country a page shows -> its currency, where one convention covers several countries
    # (a Gulf leaf's "Riyal" is QAR on a Qatari bank's leaf, SAR on a Saudi one): ``localise``
    by_country: Tuple[Tuple[Pattern[str], str], ...] = ()
    country_words: Tuple[str, ...] = ()  # words that name that country's currency
    # words of its amounts in English besides every leaf's, for the words' constrained reading
    # (the Gulf's riyals and fils: in every leaf's lexicon they made US words read worse)
    words_lexicon: Tuple[str, ...] = ()
    signs: Tuple[str, ...] = ()    # printed alone before the figures' box ("R$", "TL", "Rs.")
    # the label before the date besides "Date" (a regex matched at a line's start): "Keşide
    # Tarihi", "Tunis, le", "São Paulo," before "15 de março de 2021"
    date_label: Optional[str] = None
    payee_label: Optional[str] = None   # the pay label besides English and French ones
    number_label: Optional[str] = None  # the label of the printed cheque number ("Çek No")
    payee_after: Optional[str] = None   # printed at the end of the payee's line ("ou à sua ordem")


def _rx(s: str) -> Pattern[str]:
    return re.compile(s, re.I)


US = Convention(
    key="us", name="United States (ABA routing)", currency="USD", dollar="USD", date_order="mdy",
    micr="aba",
    cues=((_rx(r"pay\s*to\s*the\s*order\s*of"), 1.0), (_rx(r"^\W*dollars?\W*$|/\s*1[0o]{2}\b"), 1.5),
          (_rx(r"\bmemo\b"), 1.0), (_rx(r"\bmember\s+fdic\b|\bN\.A\.|\bUSA\b|\bU\.S\.A?\b"), 1.5),
          (_rx(r",\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"), 1.5),
          (_rx(r"\b\d{1,2}-\d{1,4}/\d{3,4}\b"), 1.0)),   # the fractional routing "50-7177/3222"
    currency_words={"dollars": "USD", "dollar": "USD"},
)
CA = Convention(
    key="ca", name="Canada (transit and institution)", currency="CAD", dollar="CAD",
    date_order="dmy", micr="ca",
    cues=((_rx(r"\bcanada\b|\bcanadian\b|\bCAD\b"), 2.0),
          (_rx(r"\b(?:desjardins|caisse|RBC|royal\s+bank|scotiabank|CIBC|TD\s+canada|BMO|"
               r"bank\s+of\s+montreal|national\s+bank\s+of\s+canada|banque\s+nationale|"
               r"laurentian\s+bank|tangerine|ATB\s+financial)\b"), 2.0),
          # a postal code ("R3C 0A5"), one of its zeros read "O" at most
          (_rx(r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b|\b[A-Z]\d[A-Z]\s?O[A-Z]\d\b|"
               r"\b[A-Z]O[A-Z]\s?\d[A-Z]\d\b|\b[A-Z]\d[A-Z]\s?\d[A-Z]O\b"), 1.5),
          (_rx(r"\bpayez\b|\bà\s+l'ordre\b"), 1.0)),
    currency_words={"dollars": "CAD"},
)
IN_CTS = Convention(
    key="in_cts", name="India (CTS-2010)", currency="INR", dollar=None, date_order="dmy",
    micr="in_cts", lakh=True,
    cues=((_rx(r"\brupees\b|\bRs\.?(?=\s|\d|$)|₹|\bINR\b"), 2.0), (_rx(r"\bIFS\s*C"), 2.0),
          (_rx(r"\bor\s*bearer\b"), 1.0), (_rx(r"\bla(?:kh|c|ck|ks|chs|khs)\b|\bcrores?\b"), 1.5),
          (_rx(r"\d\s*/-\s*$"), 1.0), (_rx(r"\bpayable\s+at\s+par\b|\bmulti-?city\b"), 1.0),
          (_rx(r"\bSBI\b|state\s+bank\s+of\s+ind|syndicate\s*bank|canara|axis\s+bank|hdfc|icici|"
               r"punjab\s*national|overseas\s+bank|bank\s+of\s+baroda|union\s+bank\s+of\s+india|"
               r"kotak|indusind|yes\s+bank|federal\s+bank|bank\s+of\s+india"), 2.0),
          (_rx(r"\bonly\W*$"), 0.5)),
    currency_words={"rupees": "INR", "rupee": "INR", "rs": "INR", "inr": "INR", "₹": "INR"},
)
UK = Convention(
    key="uk", name="United Kingdom (sort code)", currency="GBP", dollar=None, date_order="dmy",
    micr="uk",
    cues=((_rx(r"£|\bGBP\b|\bpounds?\b|\bsterling\b"), 2.0), (_rx(r"\bsort\s*code\b"), 1.0),
          (_rx(r"\b(?:barclays|lloyds|natwest|hsbc\s+uk|halifax|santander\s+uk|nationwide|"
               r"royal\s+bank\s+of\s+scotland)\b"), 2.0),
          (_rx(r"\b[A-Z]{1,2}\d{1,2}[A-Z]?\s\d[A-Z]{2}\b"), 1.0),   # a postcode
          (_rx(r"\ba/c\s+payee\b"), 0.5)),
    currency_words={"pounds": "GBP", "pound": "GBP", "sterling": "GBP"},
)
AU = Convention(
    key="au", name="Australia (BSB)", currency="AUD", dollar="AUD", date_order="dmy", micr="au",
    cues=((_rx(r"\bBSB\b"), 2.0), (_rx(r"\baustralia\b|\bAUD\b|\bA\$"), 2.0),
          (_rx(r"\bcommonwealth\s+bank\b|\bwestpac\b|\bANZ\b|\bNAB\b|\bbendigo\b|\bsuncorp\b"), 2.0),
          (_rx(r"\bPTY\.?\s*LTD\b|\bABN\b"), 1.5),
          (_rx(r"\b(?:VIC|NSW|QLD|WA|SA|TAS|ACT|NT)\b"), 0.5),
          (_rx(r"\b(?:VIC|NSW|QLD|WA|SA|TAS|ACT|NT)\s+\d{4}\b"), 1.0)),   # state and postcode
    currency_words={"dollars": "AUD", "dollar": "AUD"},
)
GULF = Convention(
    key="gulf", name="Gulf (bilingual Arabic and English)", currency=None, dollar=None,
    date_order="dmy", micr="any", slash_decimal=True,
    cues=((_rx(r"[\u0600-\u06FF]"), 1.0), (_rx(r"[\u0660-\u0669\u06F0-\u06F9]"), 1.0),
          (_rx(r"\b(?:QAR|SAR|AED|KWD|BHD|OMR)\b|\b(?:riyal|rial|ryal|dirham)s?\b|\bdinars?\b|"
               r"\bS\.\s*R\.?|\b(?:halalas?|baisa|baiza)\b"), 2.0),
          (_rx(r"\bqatar(?:i|\b)|\bsaudi\b|\bdubai\b|\babu\s+dhabi\b|\bU\.?A\.?E\b|"
               r"\bkuwait(?:i|\b)|\bbahrain(?:i|\b)|\boman(?:i|\b)|\bdoha\b|\briyadh\b|"
               r"\brajhi\b|\bemirates\b|\bmuscat\b|\bmanama\b|\bsharjah\b|\bjeddah\b"), 2.0)),
    currency_words={"qar": "QAR", "sar": "SAR", "aed": "AED", "kwd": "KWD", "bhd": "BHD",
                    "omr": "OMR", "dirhams": "AED", "dirham": "AED", "s.r": "SAR",
                    "s.r.": "SAR"},
    # a country's name or adjective ("Qatari Riyals", "Rial Omani"), cities, banks, and the
    # sign its leaves print before the figures ("QR", "KD 125.500", "R.O.", "BD")
    by_country=((_rx(r"\bqatar(?:i|\b)|\bdoha\b|\bQ\.S\.C\b|\.qa\b|masraf\s+al\s+rayan|"
                     r"\bQR\b\.?\s*[#*]*\d"), "QAR"),
                (_rx(r"\bsaudi\b|\briyadh\b|\bjeddah\b|\bdammam\b|\brajhi\b|\bsamba\b|"
                     r"\balinma\b|\bK\.S\.A\b|\bal\s*bilad\b|\bS\.\s*R\.\s*[#*]*\d"), "SAR"),
                (_rx(r"\bU\.?A\.?E\b|\bdubai\b|\babu\s+dhabi\b|\bsharjah\b|\bajman\b|"
                     r"emirates\s+nbd|\bmashreq\b|\bADCB\b|\bDhs\b\.?\s*[#*]*\d"), "AED"),
                (_rx(r"\bkuwait(?:i|\b)|\bburgan\b|\bboubyan\b|\bKD\b\.?\s*[#*]*\d"), "KWD"),
                (_rx(r"\bbahrain(?:i|\b)|\bmanama\b|\bBD\b\.?\s*[#*]*\d"), "BHD"),
                (_rx(r"\boman(?:i|\b)|\bmuscat\b|\bdhofar\b|\bsohar\b|\bR\.\s*O\.\s*[#*]*\d"),
                 "OMR")),
    country_words=("riyal", "riyals", "rial", "rials", "ryal", "ryals", "dinar", "dinars",
                   "dirham", "dirhams"),
    words_lexicon=tuple("riyals riyal rials rial dinars dinar dirhams dirham fils halalas baisa "
                        "qatari saudi kuwaiti bahraini omani".split()),
)
BR = Convention(
    key="br", name="Brazil (CMC-7)", currency="BRL", dollar=None, date_order="dmy", micr="cmc7",
    decimal_comma=True, language="pt",
    cues=((_rx(r"R\$"), 2.0), (_rx(r"\breais\b|\bcentavos?\b"), 2.0),
          (_rx(r"\bpague\b|\bquantia\b|\bsua\s+ordem\b"), 1.5),
          (_rx(r"banco\s+do\s+brasil|\bita[uú]\b|\bbradesco\b|caixa\s+econ[oô]mica|\bbanrisul\b|"
               r"\bsicredi\b|\bsicoob\b|banco\s+santander|\bnubank\b|banco\s+inter\b|"
               r"\bsafra\b"), 2.0),
          (_rx(r"\bbrasil\b|\bCNPJ\b|\bCPF\b|\bag[êe]ncia\b"), 1.5)),
    currency_words={"reais": "BRL", "real": "BRL", "r$": "BRL", "brl": "BRL"},
    signs=("R$",),
    # "R$" with its "$" read "S" ("RS 744,33") parses as rupees' "Rs": on a Brazilian leaf, reais
    sign_codes={"INR": "BRL"},
    payee_after=r"^\W*ou\s+[àa]\s+sua\s+ordem\W*$",
    payee_label=r"^\W*a\b(?!\s*quantia)[\s:.\-]*",
    number_label=r"(?:che[qg]ue|n[º°o]\.?\s*do\s*che[qg]ue)\s*n?[º°o]?\.?",
    # "Curitiba, 16 de maio de 2021"; the day read "2o", the spaces lost ("Curitiba,4denov..."),
    # a letter of the city read as a digit or two ("BELO HOR12ONTE,"), a day "1" read "I"
    date_label=(r"^\s*(?=[^,]{3,31},)[^\W\d_][^\d,]*(?:\d{1,2}[^\W\d_][^\d,]*)?,"
                r"\s*(?=(?:\d[\dOoIl]?|[Il|])º?\s*de)"),
)
TR = Convention(
    key="tr", name="Turkey", currency="TRY", dollar=None, date_order="dmy", micr="any",
    decimal_comma=True, language="tr",
    cues=((_rx(r"₺|\bTRY\b|t[üu]rk\s+liras"), 2.0),
          # the figures' "TL" before stars ("TL **8.800,00**"); a dotless "ı" read "1" or "l"
          # and a "z" read "2" ("YALNi2", "Yap1 Kredi")
          (_rx(r"\d\s*TL\b|\bTL\s*[*#]*\s*\d|^\W*TL\W*$"), 1.5),
          (_rx(r"\byaln[ıi1l][z2]\b|\bkuru[şs]\b"), 1.5),
          (_rx(r"ziraat|i[şs]\s+bankas|\bgaranti\b|\bakbank\b|yap[ıi1l]\s+kredi|\bhalkbank\b|"
               r"vak[ıi]f\s*bank|finansbank|denizbank|kuveyt\s+t[üu]rk|[şs]ekerbank|"
               r"t[üu]rkiye"), 2.0),
          (_rx(r"\bT\.\s*C\.|[öo]deyiniz|\bemrine\b|\bhamiline\b|ke[şsș]ide"), 1.5)),
    currency_words={"tl": "TRY", "try": "TRY", "₺": "TRY", "lira": "TRY", "lirası": "TRY",
                    "lirasi": "TRY"},
    signs=("TL", "₺", "TRY"),
    payee_after=r"^\W*veya\s+hamiline\W*$",
    payee_label=r"^\W*(?:emrine|lehtar[ıi]?)\b[\s:.\-]*",
    number_label=r"[çc]ek\s*(?:no|numaras[ıi])\.?",
    # "Keşide Tarihi" (ş read as ș, s with a comma, or another letter: "Kegide"), the date
    # glued to it ("Tarihi30/10/2024")
    date_label=r"^\s*(?:ke\S{1,2}ide\s+)?tarih(?:i)?(?![^\W\d_])[\s:.\-]*",
)
TN = Convention(
    key="tn", name="Tunisia", currency="TND", dollar=None, date_order="dmy", micr="any",
    decimal_comma=True, decimals=3, language="fr",
    cues=((_rx(r"(?<![A-Za-z])TND\b|\bDT\b|\bmillimes?\b"), 2.0),
          (_rx(r"\btunisi|\btunis\b|\bsfax\b|\bsousse\b"), 2.0),
          (_rx(r"\bBIAT\b|\bSTB\b|\bBNA\b|attijari|amen\s*bank|\bBH\s+bank|l.?habitat\b|"
               r"\bUIB\b|zitouna|\bATB\b|\bBTK\b|\bUBCI\b"), 2.0),
          (_rx(r"\bpayez\s+contre\b|contre\s+ce\s+ch[eè]que|\bnon\s+endossable\b"), 1.0),
          (_rx(r"\bdinars?\b"), 1.0)),
    currency_words={"dinars": "TND", "dinar": "TND", "dt": "TND", "tnd": "TND"},
    signs=("DT", "TND", "D.T."),
    number_label=r"ch[eè][qg]ue\s*n[°ºo]\.?",  # its "Q" read "G" too ("CHEGUE N°")
    # "Tunis, le", "à Sfax le"; "le" read "1e", the date glued to it ("1e23novembre2024")
    # "le" before the date ("Tunis, le 15 mars 2021"); read "10" before the day and month
    # ("10 31 janvier 2024")
    date_label=r"^\s*(?:(?:à|a)\s+)?(?:[^\W\d_][\w\-]+\s*,?\s+)?(?:[l1I]e(?![^\W\d_])|"
               r"10(?=\s+\d{1,2}\s+[^\W\d_]{3}))[\s:.\-]*",
)
KE = Convention(
    key="ke", name="Kenya", currency="KES", dollar=None, date_order="dmy", micr="ke",
    cues=((_rx(r"\bKSh?s?\b|\bKES\b|\bshillings?\b"), 2.0),
          (_rx(r"\bkenya\b|\bnairobi\b|\bmombasa\b|\bkisumu\b|\bnakuru\b|\beldoret\b"), 2.0),
          (_rx(r"equity\s+bank|\bKCB\b|co-?operative\s+bank|\bNCBA\b|\bstanbic\b|"
               r"absa\s+bank\s+kenya|diamond\s+trust|\bDTB\b|I\s*&\s*M\s+bank|family\s+bank|prime\s+bank|sidian"), 2.0)),
    currency_words={"shillings": "KES", "shilling": "KES", "ksh": "KES", "kshs": "KES",
                    "kes": "KES", "shs": "KES"},
    # "Kenya Shillings" printed before the words' line (the words' "SHILLINGS" misread)
    signs=("KSh", "KShs", "Kshs", "KES", "Shs", "Shillings"),
    payee_after=r"^\W*or\s+bearer\W*$",
)
LK = Convention(
    key="lk", name="Sri Lanka", currency="LKR", dollar=None, date_order="dmy", micr="lk",
    slash_decimal=True,
    cues=((_rx(r"\brupees\b|\bRs\.?(?=\s|\d|$)|\bLKR\b"), 2.0),
          (_rx(r"sri\s*lanka|\bcolombo\b|\bceylon\b|\bkandy\b"), 2.0),
          (_rx(r"\w?atton\s+national|\bHNB\b|\bsampath\b|\bseylan\b|people.?s\s+bank|\bNDB\b|"
               r"national\s+development\s+bank|\bDFCC\b|nations\s+trust|pan\s+asia\s+bank"), 2.0),
          (_rx(r"\bPLC\b"), 1.0),
          # printed on Indian leaves as well (a tie goes to India; what only India prints,
          # its IFSC, lakh, its banks, breaks it): rupees with cents, figures closed by "/="
          (_rx(r"\bor\s*bearer\b"), 1.0), (_rx(r"\bonly\W*$"), 0.5),
          (_rx(r"\brupees\b.*\bcents?\b|\d\s*/=\s*$"), 1.0)),
    currency_words={"rupees": "LKR", "rupee": "LKR", "rs": "LKR", "rs.": "LKR", "lkr": "LKR"},
    signs=("Rs", "Rs.", "LKR"),
    sign_codes={"INR": "LKR"},
)
# what only an Indian leaf prints (rupees alone are written in Sri Lanka, Pakistan, Nepal too)
IN_ONLY = _rx(r"\bIFS\s*C|\bla(?:kh|c|ck|ks|khs)\b|\bcrores?\b|state\s+bank\s+of\s+ind|"
              r"syndicate\s*bank|canara|axis\s+bank|hdfc|icici|punjab\s*national|"
              r"indian\s+overseas|bank\s+of\s+baroda|union\s+bank\s+of\s+india|₹")
GENERIC = Convention(
    key="generic", name="no local convention recognised", currency=None, dollar=None,
    date_order="mdy", micr="any",
    notes="a place for more: declare a Convention and list it in CONVENTIONS",
)

# (a tie goes to the one listed first)
CONVENTIONS: Tuple[Convention, ...] = (US, CA, IN_CTS, UK, AU, GULF, BR, TR, TN, KE, LK)
# the least score that names a convention; below it the page is "generic"
MIN_SCORE = 2.0


def by_key(key: str) -> Convention:
    for c in CONVENTIONS + (GENERIC,):
        if c.key == key:
            return c
    raise KeyError(key)


def _micr_shape(micr_text: str) -> Dict[str, float]:
    """Scores from the MICR line's digit groups: an ABA-valid 9-digit group between transit
    symbols is a US or Canadian leaf; 6 + 9 (+ 6) + 2 digits an Indian one; the bank's code
    with a dash inside a Canadian (``ddddd-ddd``), Australian (BSB ``ddd-ddd``) or UK (sort
    code ``dd-dddd``) one."""
    from .micr import aba_valid
    from .micr_layouts import parse_cmc7, parse_in_cts

    out: Dict[str, float] = {}
    if not micr_text:
        return out
    digits = re.sub(r"\D", "", micr_text)
    # a transit symbol: "|:", ":", or its bar alone read as "I" or "l" beside the digits
    if re.search(r"(?:[:;|⑆]|(?<![A-Za-z])[Il])\s*(\d{9})\s*(?:[:;|⑆]|[Il](?![A-Za-z]))",
                 micr_text) and any(
            aba_valid(g) for g in re.findall(r"(?<!\d)\d{9}(?!\d)", micr_text)):
        out["us"] = 2.0
    # the bank's code with the dash symbol inside ("-", or ".'" as OCR reads its three small
    # bars; the transit symbol after it is often lost): Canada's transit-institution 5-3,
    # Australia's BSB 3-3, the UK's sort code 2-4
    for key, a, b in (("ca", 5, 3), ("au", 3, 3), ("uk", 2, 4)):
        if re.search(r"(?<!\d)\d{%d}\s*(?:[-–—~.'’]|[.,·]\s?['’`,])\s*\d{%d}1?(?!\d)" % (a, b),
                     micr_text):
            out[key] = 1.5
    # serial, code, account id, transaction code, the groups as OCR read them apart (six, nine
    # and nine digits are no CTS line: a "1" read apart from the code is no transit bar)
    if len(digits) in (17, 18, 23, 24) and re.match(r"^\W*\d{6}\W", micr_text + " ") and \
            parse_in_cts(micr_text).routing:
        out["in_cts"] = 1.5
    if len(digits) == 30 and parse_cmc7(micr_text).routing:  # 8 + 10 + 12: Brazil's CMC-7
        out["br"] = 1.5
    return out


def detect(texts: Sequence[str], micr_text: str = "") -> Tuple[Convention, float, List[str]]:
    """(convention, confidence, reasons) of a cheque page from its lines' texts and its MICR
    line's text. A page that shows no convention's cues is ``GENERIC``."""
    scores: Dict[str, float] = {}
    reasons: Dict[str, List[str]] = {}
    for c in CONVENTIONS:
        s = 0.0
        for rx, w in c.cues:
            if w <= 0:
                continue
            hit = next((t for t in texts if rx.search(t)), None)
            if hit is not None:
                s += w
                reasons.setdefault(c.key, []).append(hit.strip()[:30])
        scores[c.key] = s
    for k, w in _micr_shape(micr_text).items():
        scores[k] = scores.get(k, 0.0) + w
        reasons.setdefault(k, []).append("MICR layout")
    from .micr_layouts import fraction_agrees

    agree = fraction_agrees(micr_text, texts) if micr_text else None
    if agree:  # the band holds the routing number the leaf's fraction spells: a US leaf
        scores["us"] += MIN_SCORE
        reasons.setdefault("us", []).append(f"fractional routing {agree[1]!r}")
    best = max(CONVENTIONS, key=lambda c: scores[c.key])
    top = scores[best.key]
    if top < MIN_SCORE:
        return GENERIC, 0.5, []
    second = max((scores[c.key] for c in CONVENTIONS if c is not best), default=0.0)
    conf = round(min(0.99, 0.5 + 0.5 * (top - second) / top), 3)
    return best, conf, reasons.get(best.key, [])


def localise(conv: Convention, texts: Sequence[str]) -> Convention:
    """A convention that covers several countries (``by_country``) made the one country's the
    page shows: its currency words (``country_words``: "Riyal") stand for that country's
    currency, its amounts have that currency's decimals (three for Kuwaiti and Bahraini dinars
    and the Omani rial: ``amounts.THREE_DECIMALS``). No country, or two: as it is (those words
    then name no currency)."""
    if not conv.by_country:
        return conv
    codes = {code for rx, code in conv.by_country if any(rx.search(t) for t in texts)}
    if len(codes) != 1:
        return conv
    code = codes.pop()
    words = dict(conv.currency_words)
    words.update({w: code for w in conv.country_words})
    return replace(conv, currency_words=words,
                   decimals=3 if code in THREE_DECIMALS else conv.decimals)
