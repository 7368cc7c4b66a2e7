"""MICR lines of the conventions in :mod:`pipeline.extract.conventions`, and what makes a value
read from one trustworthy.

* ``aba`` (US): ``⑆routing⑆ account⑈ serial``; the routing number has a check digit and its
  first two digits a known range (01-12, 21-32, 61-72, 80). A 9-digit window that passes the
  check only because it was cut out of a longer run of digits, or that starts outside those
  ranges, proves nothing (one window in ten passes by chance: a line read turned round gives
  such windows). A US leaf also prints its routing number as a fraction by the cheque number
  ("90-7177/3222": digits 5-8 over digits 1-4, the check digit left out); a band whose digits
  hold the routing number that fraction spells is checked by it, symbols or none (a poor
  capture reads the transit symbols as digits or loses them).
* ``in_cts`` (India, CTS-2010): ``⑈serial(6)⑈ ⑆city-bank-branch(9)⑆ account id(6)⑈
  transaction code(2)``. No check digit: the 9-digit code is checked by its city part against
  the PIN code of the branch address printed on the leaf (``ok`` when they agree).
* ``cmc7`` (Brazil): three groups of 8, 10 and 12 digits between CMC-7 symbols: bank and
  agency (8), compensation code, cheque number and a check digit (10), the account with its
  check digits (12). Read as digit groups with no check: the routing is the first group, the
  serial the six digits of the cheque number, the account the third group; never ``ok``.
* ``ke`` (Kenya): ``⑈serial(6)⑈ bank-branch(5)⑆ account⑈``; no check digit.
* ``ca``, ``uk``, ``au``, ``any``: the digit groups, unchecked.

A group the page prints elsewhere too (the cheque number at the top, an account id line) is
checked by that.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from .micr import MicrResult, _fix_lookalikes, aba_valid, looks_like_micr, parse_micr

__all__ = ["parse_for", "aba_prefix_ok", "in_city_matches_pin", "trusted_aba", "parse_cmc7",
           "parse_anglo", "parse_anchored",
           "code_printed", "bank_named", "band_checked", "tn_rib_valid", "fraction_routings",
           "fraction_agrees"]

_ABA_PREFIX = re.compile(r"^(?:0[1-9]|1[0-2]|2[1-9]|3[0-2]|6[1-9]|7[0-2]|80)")


def aba_prefix_ok(routing: str) -> bool:
    """The first two digits of a routing number are in a range the Federal Reserve uses."""
    return bool(routing) and bool(_ABA_PREFIX.match(routing))


def trusted_aba(text: str, routing: str) -> bool:
    """The routing number stands as a whole 9-digit group of the MICR text (a transit symbol,
    or a bar read as "1" before one, on a side), passes the check digit and starts in a
    Federal Reserve range."""
    if not (routing and aba_valid(routing) and aba_prefix_ok(routing)):
        return False
    fixed = _fix_lookalikes(text)
    for m in re.finditer(r"(?<!\d)" + routing + r"1?(?!\d)", fixed):
        before = fixed[max(0, m.start() - 2):m.start()]
        after = fixed[m.end():m.end() + 2]
        if re.search(r"[:;|⑆aAlI!]", before) or re.search(r"[:;|⑆aA]", after):
            return True
    return False


# the fractional routing form: a prefix (city or state, 1-2 digits), a dash, the institution
# (1-4 digits) over the Federal Reserve's routing symbol (3-4 digits); OCR reads the slash as
# ":" or "|" or loses it (then both parts are read four digits each, glued)
_FRACTION = re.compile(r"(?<![\d/-])\d{1,2}\s?-\s?(\d{1,4})\s?[/:|]\s?(\d{3,4})(?![\d/-])|"
                       r"(?<![\d/-])\d{1,2}\s?-\s?(\d{4})(\d{4})(?![\d/-])")


def fraction_routings(texts: Sequence[str]) -> Dict[str, str]:
    """{routing number: the line that spells it} of the fractional routing forms a page prints
    ("90-7177/3222" is 322271779: the symbol and the institution, four digits each, and the
    check digit), those whose first digits are a Federal Reserve range."""
    out: Dict[str, str] = {}
    for t in texts:
        for m in _FRACTION.finditer(t or ""):
            inst, fed = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            eight = fed.zfill(4) + inst.zfill(4)
            if aba_prefix_ok(eight):
                check = next(c for c in "0123456789" if aba_valid(eight + c))
                out.setdefault(eight + check, t.strip())
    return out


def fraction_agrees(text: str, texts: Sequence[str],
                    routings: Optional[Dict[str, str]] = None) -> Optional[Tuple[str, str]]:
    """(routing number, the fraction's line) where the digits of a band-like line (twelve
    digits or more, few letters) hold the routing number a fractional routing form of the page
    spells (``routings``: ``fraction_routings(texts)``, when the caller has it); else None.
    Eight digits and their check digit found again in the band: chance does not give that."""
    digits = re.sub(r"\D", "", _fix_lookalikes(text or ""))
    letters = sum(c.isalpha() for c in text or "")
    if len(digits) < 12 or letters > max(3, len(digits) // 4):
        return None
    if routings is None:
        routings = fraction_routings(texts)
    for r, line in routings.items():
        if r in digits and line != (text or "").strip():
            return r, line
    return None


def _digit_runs(text: str) -> List[str]:
    """Digit runs of a MICR text; a run of ten ending in "1" right before a colon loses the
    "1" (the bar of the transit symbol ⑆ read as a digit)."""
    fixed = _fix_lookalikes(text)
    runs = []
    for m in re.finditer(r"\d+", fixed):
        r = m.group(0)
        nxt = fixed[m.end():m.end() + 1]
        if len(r) == 10 and r.endswith("1") and nxt in (":", ";", "|", "⑆"):
            r = r[:-1]
        runs.append(r)
    return runs


def _spaced(n: int) -> str:
    """``n`` digits, OCR's gaps allowed between them (a group read in two pieces)."""
    return r"\d(?: ?\d){%d}" % (n - 1)


# the runs joined by a space where OCR left a gap or a symbol: a group may be glued to the next
# (a symbol lost) or read in pieces; the bar of the transit symbol read as a "1" only glued to
# the code's last digit (a "1" read apart from it is a digit of the next group)
_IN_CTS = re.compile(r"^(?:(?P<serial>%s) ?)?(?P<code>%s)1? ?(?:(?P<account>%s) ?)?"
                     r"(?P<txn>%s)?$" % (_spaced(6), _spaced(9), _spaced(6), _spaced(2)))


def _symbol_after(text: str, run: str) -> bool:
    """The digit run is followed at once by what OCR reads a MICR symbol as."""
    return re.search(run + r"(?=[!:;|\"'⑆⑈H])", _fix_lookalikes(text)) is not None


_TAIL = re.compile(r"^(?:(?P<account>\d{6}) ?)?(?P<txn>\d{2})?$")


def _code_whole(runs: List[str]) -> Optional[Dict[str, Optional[str]]]:
    """The groups where the one run of exactly nine digits is the code, with a six-digit serial
    before it (or none: digits before it that are not six are no serial) and an account id and a
    transaction code (or neither) after; None where the runs after it do not fall so."""
    nine = [i for i, r in enumerate(runs) if len(r) == 9]
    if len(nine) != 1:
        return None
    i = nine[0]
    serial = "".join(runs[:i])
    tail = _TAIL.match(" ".join(runs[i + 1:]))
    if not tail:
        return None
    # a serial read with a digit more or less is no serial ("12061 500015048 31": not serial
    # 120615 and code 000150483, the split OCR's gaps would allow)
    return {"serial": serial if len(serial) == 6 else None, "code": runs[i],
            "account": tail.group("account"), "txn": tail.group("txn")}


def _code_by_pin(runs: List[str], texts: Sequence[str], notes: List[str]) -> List[str]:
    """Where no run is the nine digits of the code and a symbol beside the code was read as a
    digit: a run of ten (the code and a symbol, "416070 2020245074 36") or of sixteen (the
    serial glued on too, "4160702020245076 36") split at the one place where the code's city
    is the branch PIN printed on the leaf (``in_city_matches_pin``), or where none is, whose
    bank part is the bank the leaf names (``bank_named``); else the runs as they are."""
    if not texts or any(len(r) == 9 for r in runs):
        return runs
    for i, r in enumerate(runs):
        # each way: (the groups the run splits into, the code among them)
        if len(r) == 10:
            ways = [([r[:9]], r[:9]), ([r[1:]], r[1:])]
        elif len(r) == 16 and i == 0:
            ways = [([r[:6], r[6:15]], r[6:15]), ([r[:9], r[10:]], r[:9])]
        else:
            continue
        fit = [groups for groups, code in ways if in_city_matches_pin(code, texts)]
        why = "the code's city is the branch PIN's"
        if not fit:
            fit = [groups for groups, code in ways if bank_named("in_cts", code, texts)]
            why = "the code's bank is the one the leaf names"
        if len(fit) == 1:
            notes.append("a symbol read as a digit beside the city-bank-branch code dropped "
                         f"({why})")
            return runs[:i] + fit[0] + runs[i + 1:]
    return runs


def parse_in_cts(text: str, texts: Sequence[str] = ()) -> MicrResult:
    """An Indian CTS-2010 MICR line: serial, 9-digit city-bank-branch code, account id,
    transaction code. Runs glued together by lost symbols are split by their lengths; a run
    OCR read apart is never split (a leading serial may be missing: lost at the left edge).
    ``texts``: the leaf's other lines, whose PIN code says which nine digits of a run of ten or
    sixteen are the code where a symbol beside it was read as a digit (``_code_by_pin``)."""
    res = MicrResult(raw=text or "", layout="in_cts")
    runs = _digit_runs(text or "")
    runs = _code_by_pin(runs, texts, res.notes)
    # a lone "1" is the bar of a symbol; a last "11" after the code's or the account's group is
    # the transaction code (11: a current account), not two bars
    txn11 = len(runs) >= 2 and runs[-1] == "11" and len(runs[-2]) >= 6
    runs = [r for r in runs[:len(runs) - txn11] if r not in ("1", "11")] + ["11"] * txn11
    # a lone digit between the groups is a symbol read as a digit ("411025775I: 2 256610 29",
    # "940025 5 500020842"): no group of the layout has one digit
    whole_groups = [r for r in runs if len(r) > 1]
    if len(whole_groups) < len(runs) and len(whole_groups) >= 2 and (
            _IN_CTS.match(" ".join(whole_groups)) or _code_whole(whole_groups)):
        res.notes.append("a lone digit between the groups dropped (a symbol read as a digit)")
        runs = whole_groups
    if runs and len(runs[0]) == 7 and len(runs) > 1 and len(runs[1]) >= 9:
        if runs[0][0] == "1" and _symbol_after(text or "", runs[0]):
            # "1050851!": the serial's closing symbol read ("!"), its opening one as a "1"
            res.notes.append("a seventh digit before the serial dropped (a symbol read as a "
                             "digit)")
            runs[0] = runs[0][1:]
        else:
            res.notes.append("a seventh digit after the serial dropped (a symbol read as a "
                             "digit)")
            runs[0] = runs[0][:6]
    lens = [len(r) for r in runs]
    if lens in ([6, 10, 6, 2], [6, 16, 2]):
        # the code's transit symbol read as a digit after it ("1100020784 000313": ⑆ read as
        # "4"; glued to the account id where OCR left no space): 9 digits, the symbol, 6 digits
        res.notes.append("a tenth digit after the city-bank-branch code dropped (a symbol read "
                         "as a digit)")
        runs[1:2] = [runs[1][:9]] if lens[1] == 10 else [runs[1][:9], runs[1][10:]]
    m = _IN_CTS.match(" ".join(runs))
    g = ({k: v.replace(" ", "") if v else v for k, v in m.groupdict().items()} if m else None)
    whole = _code_whole(runs)
    if whole is not None and (g is None or g["code"] != whole["code"]):
        # a run of nine digits read on its own is the code: "411002567 639891 31" is no
        # serial 411002 and code 567639891 (a serial lost at the band's left end)
        g = whole
    if g is None:
        res.notes.append("MICR digits do not split as serial, code, account, transaction")
        return res
    res.serial = g.get("serial")
    res.routing = g["code"]
    res.account = g.get("account")
    res.transaction = g.get("txn")
    res.routing_valid = False
    return res


_PIN = re.compile(r"(?<!\d)([1-8]\d{2})\s?(\d{3})(?!\d)")


def in_city_matches_pin(code: str, texts: Sequence[str]) -> Optional[str]:
    """The PIN code printed on the leaf whose first three digits are the MICR code's city
    code, or None."""
    if not code or len(code) != 9:
        return None
    for t in texts:
        for m in _PIN.finditer(t):
            if m.group(1) == code[:3]:
                return m.group(1) + m.group(2)
    return None


def tn_rib_valid(digits: str) -> bool:
    """A Tunisian RIB: 20 digits (bank 2, branch 3, account 13) whose last two are the key,
    97 less the first eighteen times 100 modulo 97."""
    if len(digits) != 20 or not digits.isdigit():
        return False
    return 97 - int(digits[:18]) * 100 % 97 == int(digits[18:])


# a currency code after a Tunisian leaf's printed RIB ("14 032 032 1827 00001 3 75 TND"); any
# other letters (a "RIB :" or "IBAN" label of an invoice's payment block) are not a leaf's
_RIB_TAIL = re.compile(r"^[\d\s]+(?:TND|DT)?\s*$")


def band_checked(text: str, texts: Sequence[str],
                 routings: Optional[Dict[str, str]] = None) -> Optional[str]:
    """Which convention's own check the digits of a MICR-like line pass, or None: a US routing
    number standing whole between transit symbols with its check digit and a Federal Reserve
    prefix, and more digits after it; an Indian CTS band read whole (serial, code, account,
    transaction code) whose city code is the first three digits of a PIN the page prints, or
    whose bank part is the number of a bank the page names (``bank_named``); a
    Tunisian RIB (20 digits, its key checked) printed alone on its line. A page number, a
    phone number or a table's figures pass none of them, nor a line with words (a form's
    "Routing ... Account ..." labels). A line of digits holding the routing number the page's
    fractional routing form spells passes as US ("aba"), with its symbols lost or read as
    digits (``routings``: ``fraction_routings(texts)``, when the caller has it)."""
    if fraction_agrees(text or "", texts, routings):
        return "aba"
    if not looks_like_micr(text or ""):
        return None
    runs = _digit_runs(text or "")
    for i, r in enumerate(runs):
        if len(r) == 9 and trusted_aba(text, r) and sum(len(x) for x in runs[i + 1:]) >= 4:
            return "aba"
    cts = parse_in_cts(text or "")
    if (cts.serial and cts.routing and cts.account and cts.transaction
            and (in_city_matches_pin(cts.routing, texts)
                 or bank_named("in_cts", cts.routing, texts))):
        return "in_cts"
    if _RIB_TAIL.match(text or "") and tn_rib_valid(re.sub(r"\D", "", text)):
        return "tn_rib"
    return None


_CMC7 = re.compile(r"(?<!\d)(?P<bank>%s) ?(?P<mid>%s) ?(?P<account>%s)(?!\d)"
                   % (_spaced(8), _spaced(10), _spaced(12)))


def parse_cmc7(text: str) -> MicrResult:
    """A Brazilian CMC-7 line: groups of 8, 10 and 12 digits (runs glued by a lost symbol are
    split by their lengths, a group OCR read in pieces is joined); no check."""
    res = MicrResult(raw=text or "", layout="cmc7")
    m = _CMC7.search(" ".join(_digit_runs(text or "")))
    if not m:
        res.notes.append("MICR digits do not split as CMC-7 groups of 8, 10 and 12 digits")
        return res
    g = {k: v.replace(" ", "") for k, v in m.groupdict().items()}
    res.routing, res.account = g["bank"], g["account"]
    res.serial = g["mid"][3:9]
    res.routing_valid = False
    res.notes.append("CMC-7 groups, unchecked")
    return res


_KE = re.compile(r"^(?:(?P<serial>%s) ?)?(?P<code>%s)1? ?(?P<account>\d{6,16})$"
                 % (_spaced(6), _spaced(5)))


def parse_ke(text: str) -> MicrResult:
    """A Kenyan MICR line: serial, the 5-digit bank and branch code (its transit symbol's bar
    read as a "1" glued to it is dropped), the account; unchecked."""
    res = MicrResult(raw=text or "", layout="ke")
    runs = [r for r in _digit_runs(text or "") if r not in ("1", "11")]
    m = _KE.match(" ".join(runs))
    if not m:
        res.notes.append("MICR digits do not split as serial, bank-branch code, account")
        return res
    g = {k: v.replace(" ", "") if v else v for k, v in m.groupdict().items()}
    res.serial, res.routing, res.account = g.get("serial"), g["code"], g["account"]
    res.routing_valid = False
    return res


# ----------------------------------------------------------------------------- AU, UK, CA
#
# The three lay their groups out the same way, left to right: a serial between on-us symbols,
# the bank's code ended by a transit symbol, the account ended by an on-us symbol, and (AU, UK)
# a two-digit transaction code.
#   au (APCA):  ⑈serial(6)⑈ BSB(3⑉3)⑆ account(up to 9, dashes inside)⑈ tc(2)
#   uk (C&CCC): ⑈serial(6)⑈ sort code(2⑉4)⑆ account(8)⑈ tc(2)
#   ca (CPA Standard 006): ⑈serial⑈ ⑆transit(5)⑉institution(3)⑆ account⑈ (a personal
#       cheque may carry its serial after the account instead)
# OCR loses or garbles the symbols, so a band is read as its digit runs with what stood between
# them; the runs are dealt to the fields in the order above, a run never split except where two
# fixed-length fields were glued by a lost symbol. Every way of dealing is scored by the
# symbols at the cuts; a reading is taken only when one way scores best.


@dataclass(frozen=True)
class _Spec:
    name: str
    lo: int
    hi: int
    optional: bool = False
    parts: Tuple[int, ...] = ()   # the printed pieces of a fixed group (3, 3): a dash between


_ANGLO = {
    "au": (_Spec("serial", 6, 6, True), _Spec("routing", 6, 6, parts=(3, 3)),
           _Spec("account", 4, 9), _Spec("transaction", 2, 2, True)),
    "uk": (_Spec("serial", 6, 6, True), _Spec("routing", 6, 6, parts=(2, 4)),
           _Spec("account", 8, 8), _Spec("transaction", 2, 2, True)),
    "ca": (_Spec("serial", 3, 10, True), _Spec("routing", 8, 8, parts=(5, 3)),
           _Spec("account", 5, 12), _Spec("tail", 1, 4, True)),
    # Sri Lanka: serial, bank code (4) and branch code (3), account, transaction code, in
    # that order; where its symbols stand is not known here (no real band was seen)
    "lk": (_Spec("serial", 6, 6, True), _Spec("routing", 7, 7, parts=(4, 3)),
           _Spec("account", 6, 15), _Spec("transaction", 2, 2, True)),
}
_LAYOUT_NAMES = {"au": "Australian (APCA)", "uk": "UK (C&CCC)", "ca": "Canadian (CPA 006)",
                 "lk": "Sri Lankan (bank and branch code)"}


# the dash symbol's three small rising bars as OCR reads them: ".'", ".,", "-"
_DASH_LIKE = re.compile(r"^\s*(?:[.,·]\s?['’`,]|[-–—~]|\.\.?)\s*$")


def _sep_kind(sep: str) -> str:
    """What stood between two digit runs: ``micr._symbol_kind``'s kinds, the dash symbol as
    OCR reads it (``_DASH_LIKE``) a dash, a lone "'" unknown (a dash's or an on-us symbol's
    bars)."""
    from .micr import _symbol_kind

    if _DASH_LIKE.match(sep):
        return "D"
    return "?" if sep.strip() in ("'", "’") else _symbol_kind(sep)


def _runs_and_seps(text: str) -> Tuple[List[str], List[str], List[bool]]:
    """The digit runs of a band, the symbol kind between each two (``micr._symbol_kind``: T
    transit, U on-us, D dash, " " a plain gap, ? unknown), and for each run whether it ends in
    a "1" right before a transit-like symbol (that symbol's bar, or a digit). A lone "1" or
    "11" beside a symbol is a symbol's bar read as a digit."""
    fixed = _fix_lookalikes(text or "")
    pieces = re.findall(r"\d+|[^\d]+", fixed)
    runs: List[str] = []
    seps: List[str] = []
    bars: List[bool] = []
    pending = ""
    for k, pc in enumerate(pieces):
        if not pc[0].isdigit():
            pending += pc
            continue
        nxt = pieces[k + 1] if k + 1 < len(pieces) else ""
        kind = _sep_kind(pending) if runs else ""
        # (a sort code's "11" before its dash is digits: Halifax's 11-xxxx)
        if pc in ("1", "11") and (kind in ("T", "U", "?") or _sep_kind(nxt) in ("T", "U")):
            pending += "|"
            continue
        if runs:
            seps.append(kind)
        runs.append(pc)
        bars.append(len(pc) > 1 and pc.endswith("1") and bool(re.match(r"\s*[:;⑆]", nxt)))
        pending = ""
    return runs, seps, bars


_CUT = {"T": 2.0, "U": 2.0, "?": 0.5, " ": 0.0, "D": -2.0, "A": 1.0}
_JOIN = {"D": 1.0, " ": 0.0, "?": -0.5, "T": -3.0, "U": -3.0, "A": -3.0}
_Way = Tuple[float, Dict[str, str]]


def _deal(runs: List[str], seps: List[str], bars: List[bool], specs) -> List[_Way]:
    """Every way of dealing the runs to the fields, in order, as (score, {field: digits}): a
    cut on an on-us or transit symbol scores, a cut on a dash costs, a field joined over a dash
    scores; a "1" before a transit symbol may be its bar (dropped)."""
    out: List[_Way] = []

    def go(i: int, off: int, f: int, score: float, got: Dict[str, str]) -> None:
        # i: the run, off: digits of it already dealt; f: the field
        if f == len(specs):
            if i == len(runs):
                out.append((score, dict(got)))
            return
        spec = specs[f]
        nxt = specs[f + 1] if f + 1 < len(specs) else None
        if spec.optional:
            go(i, off, f + 1, score - 1.0, got)
        digits, j, s, start = "", i, score, off
        while j < len(runs):
            piece = runs[j][start:]
            need = spec.hi - len(digits)
            if spec.lo == spec.hi and 0 < need < len(piece):
                got[spec.name] = digits + piece[:need]
                # a fixed field may end inside a run where the next field is fixed too (the
                # symbol between them lost) ...
                if nxt is not None and nxt.lo == nxt.hi:
                    go(j, start + need, f + 1, s - 1.5, got)
                # ... or where the symbol after it was read as a "1" ("887165071800": BSB
                # 015-887, the transit symbol, account 65071800)
                if piece[need] == "1":
                    go(j, start + need + 1, f + 1, s - 1.0, got) if need + 1 < len(piece) \
                        else go(j + 1, 0, f + 1, s - 0.5 + (_CUT.get(seps[j], 0.5)
                                                            if j < len(seps) else 0.5), got)
                del got[spec.name]
            digits += piece
            cut = (_CUT.get(seps[j], 0.0) if j < len(seps) else 0.5)
            for d, bonus in ((digits, 0.0), (digits[:-1], 0.25) if bars[j] else (None, 0.0)):
                if d is not None and spec.lo <= len(d) <= spec.hi:
                    got[spec.name] = d
                    go(j + 1, 0, f + 1, s + cut + bonus, got)
                    del got[spec.name]
            if len(digits) > spec.hi + 1 or j >= len(seps):
                break
            s += _JOIN.get(seps[j], 0.0)
            j, start = j + 1, 0

    go(0, 0, 0, 0.0, {})
    return out


def parse_anglo(layout: str, text: str, cheque_number: Optional[str] = None) -> MicrResult:
    """An Australian, UK, Canadian or Sri Lankan MICR line (``_ANGLO``): serial, the bank's
    code (BSB, sort code, transit and institution, bank and branch), account, transaction
    code. Where the band's first runs make no whole serial (the left edge lost or misread),
    they are left out. A reading is taken only when one way of dealing the runs scores best.
    ``cheque_number``: the number printed on the leaf; a Canadian band's short last group is
    the serial where no serial stands before the transit number, or where it is the printed
    number."""
    res = MicrResult(raw=text or "", layout=layout)
    runs, seps, bars = _runs_and_seps(text or "")
    specs = _ANGLO[layout]
    ways = _deal(runs, seps, bars, specs)
    for k in range(1, len(runs)):
        if len("".join(runs[:k])) > specs[0].hi:
            break
        cost = 2.0 + (2.0 if seps[k - 1] == "D" else 0.0)
        ways += [(s - cost, dict(g, skipped="".join(runs[:k])))
                 for s, g in _deal(runs[k:], seps[k:], bars[k:], specs[1:])]
    name = _LAYOUT_NAMES[layout]
    if not ways:
        res.notes.append(f"MICR digits do not split as a {name} line")
        return res
    ways.sort(key=lambda w: -w[0])
    best = ways[0][1]
    if any(s == ways[0][0] and g != best for s, g in ways[1:]):
        res.notes.append(f"MICR digits split more than one way as a {name} line")
        return res
    res.routing, res.account = best["routing"], best["account"]
    res.serial, res.transaction = best.get("serial"), best.get("transaction")
    if "skipped" in best:
        res.notes.append(f"the band's first digits {best['skipped']} make no whole serial: "
                         "left out")
    tail = best.get("tail")
    if tail and (res.serial is None or (
            cheque_number and _same_digits(tail, cheque_number)
            and not _same_digits(res.serial, cheque_number))):
        res.serial = tail
    res.routing_valid = False
    return res


def _same_digits(a: str, b: str) -> bool:
    return bool(a.lstrip("0")) and a.lstrip("0") == b.lstrip("0")


# where the bank's code is printed on the leaf besides the band: its printed pieces with a dash
# or a space between ("063-978", "20-45-77", "12345-003"), or whole after its label
_CODE_PIECES = {"au": (3, 3), "uk": (2, 2, 2), "ca": (5, 3), "lk": (4, 3)}
_CODE_LABEL = {"au": r"\bBSB\b", "uk": r"\bsort\s*code\b|\bS/C\b",
               "ca": r"\btransit\b|\binstitution\b",
               "lk": r"\bbank\s*/?\s*branch\s*code\b|\bbranch\s*code\b"}
# the bank a code's digits name (AU: the BSB's first two, UK: the sort code's first two, CA:
# the institution number, India: the CTS code's fourth to sixth, as RBI numbers banks), and how a
# leaf names it (Indian leaves: their IFSC's prefix too; the real development leaves: SBI 002,
# Canara 015, IOB 020, PNB 024, Syndicate 025, Axis 211)
_BANKS = {
    "au": {"01": r"\bANZ\b", "03": r"westpac", "73": r"westpac", "06": r"commonwealth",
           "76": r"commonwealth", "08": r"\bNAB\b|national\s+australia", "30": r"bankwest",
           "63": r"bendigo", "12": r"bank\s+of\s+queensland|\bBOQ\b", "48": r"suncorp"},
    "uk": {"20": r"barclays", "30": r"lloyds", "77": r"lloyds", "40": r"\bHSBC\b",
           "60": r"natwest|national\s+westminster", "83": r"royal\s+bank\s+of\s+scotland",
           "09": r"santander", "11": r"halifax", "07": r"nationwide"},
    "ca": {"001": r"\bBMO\b|bank\s+of\s+montreal", "002": r"scotia", "003": r"\bRBC\b|royal\s+bank",
           "004": r"\bTD\b|toronto.dominion", "006": r"national\s+bank|banque\s+nationale",
           "010": r"\bCIBC\b", "016": r"\bHSBC\b", "039": r"laurentian|laurentienne",
           "815": r"desjardins", "614": r"tangerine", "219": r"\bATB\b"},
    "in_cts": {"002": r"\bstate\s*bank\s*of\b|\bSBIN0", "012": r"\bbank\s*of\s*baroda\b|\bBARB0",
               "013": r"(?<!state )(?<!union )(?<!central )\bbank\s*of\s*india\b|\bBKID0",
               "015": r"\bcanara\b|\bCNRB0", "020": r"\bindian\s*overseas\b|\bIOBA0",
               "024": r"\bpunjab\s*national\b|\bPUNB0", "025": r"\bsyndicate\s*bank\b|\bSYNB0",
               "026": r"\bunion\s*bank\s*of\s*india\b|\bUBIN0", "211": r"\baxis\s*bank\b|\bUTIB0",
               "229": r"\bicici\b|\bICIC0", "240": r"\bhdfc\b"},
}
# where in the code the table's key stands
_BANK_KEY = {"ca": slice(5, 8), "in_cts": slice(3, 6)}


def code_printed(layout: str, code: str, texts: Sequence[str]) -> Optional[str]:
    """The text of a line off the band that prints the bank's code of an AU, UK or Canadian
    band (BSB, sort code, transit and institution): in its printed pieces with a dash or a
    space between, or whole after its label; else None. No check digit exists for these codes:
    this is the only thing that makes one trustworthy."""
    pieces = _CODE_PIECES.get(layout)
    if not code or not pieces or len(code) != sum(pieces):
        return None
    cut, k = [], 0
    for n in pieces:
        cut.append(code[k:k + n])
        k += n
    split = re.compile(r"(?<![\d-])" + r"\s?[-–—]?\s?".join(cut) + r"(?![\d-])")
    labelled = re.compile(r"(?:%s)\W{0,3}" % _CODE_LABEL[layout] + r"\s?[-–—]?\s?".join(cut)
                          + r"(?![\d-])", re.I)
    for t in texts:
        m = split.search(t)
        if m and (labelled.search(t) or re.search(r"\D", m.group(0))):
            return t.strip()
    return None


def bank_named(layout: str, code: str, texts: Sequence[str]) -> Optional[bool]:
    """Whether the leaf names the bank the code's first digits stand for: True, False (it
    names another bank of the table), None (the code's bank is not in the table, or no bank
    is named)."""
    table = _BANKS.get(layout) or {}
    key = code[_BANK_KEY.get(layout, slice(0, 2))]
    joined = " ".join(texts)
    if key in table:
        if re.search(table[key], joined, re.I):
            return True
        if any(re.search(rx, joined, re.I) for k, rx in table.items() if rx != table[key]):
            return False
    return None


_CODE_PRINTED = re.compile(r"\b(?:sort|routing|bank|branch)\s*code\W{0,3}(\d[\d\s\-/.]{4,14}\d)",
                           re.I)
_ANY_CODE_LABEL = re.compile(r"\b(?:sort|routing|bank|branch)\s*code\b", re.I)
_SEPARATED_NUMBER = re.compile(r"\s*\d+(?:[\-/.]\d+)+\s*")
_ACCOUNT_PRINTED = re.compile(r"\b(?:a/?c|acc(?:oun)?t)\.?\s*(?:no\.?|number|#)?\W{0,3}"
                              r"(\d[\d\s\-]{6,24}\d)", re.I)


def parse_anchored(text: str, cheque_number: Optional[str], texts: Sequence[str]
                   ) -> MicrResult:
    """A band of no layout known here (a Gulf leaf's) split by the numbers the leaf prints
    elsewhere: its sort or bank code ("Sort Code 634-002/039"), found once among the band's
    digits, is the routing; the printed cheque number found there, the serial; the printed
    account ("A/C No. 4700-539188-001") found after the code, with the zeros the band pads it
    with, the account. The digits the band's symbols were read as are left between them."""
    res = MicrResult(raw=text or "", layout="anchored")
    digits = re.sub(r"\D", "", _fix_lookalikes(text or ""))
    code = account = None
    codes = set()
    for t in texts:
        m = _CODE_PRINTED.search(t)
        if m:
            codes.add(re.sub(r"\D", "", m.group(1)))
        m = _ACCOUNT_PRINTED.search(t)
        if m and account is None:
            account = re.sub(r"\D", "", m.group(1))
    if not codes and any(_ANY_CODE_LABEL.search(t) for t in texts):
        # the label and its number read as lines of their own ("Sort Code", "634-002/039"):
        # a number printed with separators inside
        codes = {re.sub(r"\D", "", t) for t in texts if _SEPARATED_NUMBER.fullmatch(t)}
    codes = {c for c in codes if 6 <= len(c) <= 12 and digits.count(c) == 1}
    if len(codes) == 1:
        code = codes.pop()
    if not code:
        res.notes.append("no bank code printed on the leaf found in the band")
        return res
    res.routing, res.routing_valid = code, False
    end = digits.index(code) + len(code)
    if cheque_number and digits[:digits.index(code)].count(cheque_number) == 1:
        res.serial = cheque_number
    if account and len(account) >= 8 and digits[end:].count(account) == 1:
        before = digits[end:end + digits[end:].index(account)]
        res.account = before[len(before.rstrip("0")):] + account
    res.notes.append("groups found by the numbers the leaf prints")
    return res


def parse_for(layout: str, text: str, cheque_number: Optional[str] = None,
              texts: Sequence[str] = ()) -> MicrResult:
    """The MICR line read by the layout of a convention; ``texts``: the leaf's other lines (a
    band of no known layout is split by the numbers they print, ``parse_anchored``)."""
    if layout in ("cmc7", "ke"):
        res = parse_cmc7(text) if layout == "cmc7" else parse_ke(text)
        if res.routing:
            return res
    if layout in _ANGLO:
        res = parse_anglo(layout, text, cheque_number)
        if res.routing:
            return res
    if layout == "in_cts":
        res = parse_in_cts(text, texts)
        if res.routing:
            return res
    res = parse_micr(text, cheque_number=cheque_number)
    res.layout = res.layout or layout
    if layout == "any" and not res.routing and texts:
        got = parse_anchored(text, cheque_number, texts)
        if got.routing:
            return got
    if layout == "any":
        res = _transit_bars_read_as_ones(res, text, cheque_number)
        _short_group_between(res, text, cheque_number)
    return res


# a transit symbol read as "1:" (its bar as a one) right after a group's digits
_ONE_BAR = re.compile(r"(?<=\d)1(?=[:;])")


def _between_transits(text: str, group: Optional[str]) -> bool:
    return bool(group) and re.search(r"[:;⑆]\s*%s\s*[:;⑆]" % re.escape(group),
                                     _fix_lookalikes(text)) is not None


def _transit_bars_read_as_ones(res: MicrResult, text: str, cheque_number: Optional[str]
                               ) -> MicrResult:
    """A band of no known layout whose transit symbols were read "1:" ("86193503 01:7971256261:
    99254470697"): read without those ones, where that gives a bank code of nine digits
    between two transit symbols and OCR's reading gave none."""
    alt = _ONE_BAR.sub("", text or "")
    if alt == text or _between_transits(text, res.routing):
        return res
    got = parse_micr(alt, cheque_number=cheque_number)
    if got.routing and len(got.routing) == 9 and _between_transits(alt, got.routing):
        got.layout = got.layout or "any"
        got.raw = text
        got.notes.append("transit symbols read as '1:' taken as symbols")
        return got
    return res


def _short_group_between(res: MicrResult, text: str, cheque_number: Optional[str]) -> None:
    """A group of one or two digits between the serial and the bank's code (a Qatari band's
    "⑈01000427⑈0⑆634002039⑆"): the serial is the group before it, not it; the short group
    is kept as the band's transaction code (unchecked: its meaning is the bank's). Its symbol
    lost ("010004270⑆"): only where the leaf prints the serial (``cheque_number``)."""
    if not res.routing or res.transaction:
        return
    fixed = _fix_lookalikes(text or "")
    if fixed.find(res.routing) < 0 or _ONE_BAR.search(fixed[:fixed.find(res.routing)]):
        fixed = _ONE_BAR.sub("", fixed)  # as ``_transit_bars_read_as_ones`` read it
    head = fixed[:max(fixed.find(res.routing), 0)]  # the band before the bank's code
    m = re.search(r"(\d{3,})\D+(\d{1,2})(\D+)$", head)  # serial, symbol, short group, symbol
    glued = m is None
    if glued:  # the symbol after the serial lost: "010004270⑆"
        m = re.search(r"(\d{3,})(0)(\D+)$", head)
        if m is None or m.group(1) != cheque_number:
            return
    serial, short, after = m.groups()
    if short.endswith("1") and after[:1] in ":;":
        short = short[:-1]  # "⑆" read "1:": its bar is no digit of the group
    if set(short) == {"1"}:
        short = ""  # ones alone: a symbol's bars ("868286841 I:", the on-us symbol read "1")
    if not short:
        if res.serial != serial and serial == cheque_number:
            res.serial = serial
        return
    res.serial, res.transaction = serial, short
    res.notes.append("a short group between the serial and the bank's code")
