"""The MICR line at the foot of a cheque, as read by a general OCR model.

An OCR model does not know the E-13B symbols (transit ⑆, on-us ⑈, amount ⑇,
dash ⑉): they come out as stray characters ("|:", "1:", ":", '"', "II", "C",
"a", "d" ...). The parser therefore works from the digit groups: the routing
number is the 9-digit group that passes the ABA check (preferring one that sits
between transit-like symbols), the account number and the cheque serial are the
other groups, told apart by position (US layouts), by length, or by the cheque
number printed elsewhere on the cheque when the caller knows it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

__all__ = ["MicrResult", "aba_valid", "parse_micr", "looks_like_micr", "MICR_PIECE"]


def aba_valid(routing: str) -> bool:
    """ABA routing check: 3(d1+d4+d7) + 7(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10)."""
    if not routing or len(routing) != 9 or not routing.isdigit():
        return False
    d = [int(c) for c in routing]
    total = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])
    return total % 10 == 0


@dataclass
class MicrResult:
    routing: Optional[str] = None
    routing_valid: bool = False
    account: Optional[str] = None
    serial: Optional[str] = None
    layout: str = ""            # "personal", "business", "in_cts", "" when unknown
    raw: str = ""
    notes: List[str] = field(default_factory=list)
    transaction: Optional[str] = None  # the transaction code (India CTS-2010: "10", "31" ...)


# symbol kinds: T transit, U on-us, A amount, D dash, " " plain gap
_UNICODE_SYMBOLS = {"⑆": "T", "⑈": "U", "⑇": "A", "⑉": "D"}


def _symbol_kind(sep: str) -> str:
    """Best guess at which E-13B symbol a run of non-digit characters stands for."""
    s = sep.strip()
    if not s:
        return " "
    for ch, kind in _UNICODE_SYMBOLS.items():
        if ch in s:
            return kind
    if ":" in s or ";" in s or s in ("a", "A", "i:", "|:", "l:", "I:"):
        return "T"
    if re.search(r"[\"“”″'`=]|II|ll|\|\||[cC]", s):
        return "U"
    if s in ("b", "B", "⑇"):
        return "A"
    if re.fullmatch(r"[-–—~dD.]+", s):
        return "D"
    if re.fullmatch(r"[|lI!]{2,}", s):
        return "U"
    return "?"  # a lone bar ("I", "|") is the broken half of some symbol


@dataclass
class _Tok:
    kind: str   # "d" digits or a symbol kind
    text: str
    start: int
    end: int


def _tokenize(text: str) -> List[_Tok]:
    toks: List[_Tok] = []
    for m in re.finditer(r"\d+|[^\d]+", text):
        t = m.group(0)
        if t[0].isdigit():
            toks.append(_Tok("d", t, m.start(), m.end()))
        else:
            # a run like " ⑈ " or "|: " : split on spaces so that "1001 ⑈ 12" keeps symbols
            toks.append(_Tok(_symbol_kind(t), t, m.start(), m.end()))
    return toks


def _fix_lookalikes(text: str) -> str:
    """O/o for 0 inside digit runs (E-13B has no letters)."""
    return re.sub(r"[\dOo]*\d[\dOo]*",
                  lambda m: m.group(0).replace("O", "0").replace("o", "0"), text)


@dataclass
class _Cand:
    score: float
    tok_i: int          # index of the first digit token used
    tok_j: int          # index of the last digit token used
    lead: int           # characters dropped at the start of token i
    trail: int          # characters dropped at the end of token j
    digits: str


def _routing_candidates(toks: List[_Tok]) -> List[_Cand]:
    """9-digit windows that pass the ABA check, scored by the symbols around them.

    The transit symbol ⑆ prints as a bar then a colon ("|:"), so OCR often reads its
    bar as a "1" glued to the digits before a colon: a trailing "1" dropped before
    ":" is strong evidence, a leading "1" dropped after ":" is none.
    """
    cands: List[_Cand] = []
    n = len(toks)

    def ctx(i: int, j: int, lead: int, trail: int) -> float:
        before = toks[i - 1] if i > 0 else None
        after = toks[j + 1] if j + 1 < n else None
        s = 0.0
        if not lead and before is not None and before.kind == "T":
            s += 3
        if not trail and after is not None and after.kind == "T":
            s += 3
        if lead:
            dropped = toks[i].text[:lead]
            ones = set(dropped) <= {"1"}
            s += 1 if (ones and before is not None and ":" not in before.text) else -1
        if trail:
            dropped = toks[j].text[len(toks[j].text) - trail:]
            s += 5 if (set(dropped) <= {"1"} and after is not None and after.kind == "T") else 0
        if (before is not None and before.kind == "U") or (after is not None and after.kind == "U"):
            s -= 2
        return s

    for i, t in enumerate(toks):
        if t.kind != "d":
            continue
        L = len(t.text)
        if L == 9 and aba_valid(t.text):
            cands.append(_Cand(10 + ctx(i, i, 0, 0), i, i, 0, 0, t.text))
        elif 10 <= L <= 11:
            for lead in range(0, L - 9 + 1):
                trail = L - 9 - lead
                sub = t.text[lead:L - trail]
                if aba_valid(sub):
                    cands.append(_Cand(5 + ctx(i, i, lead, trail), i, i, lead, trail, sub))
        # groups split by plain gaps ("0210 00021")
        digits = t.text
        j = i
        while j + 2 < n and toks[j + 1].kind == " " and toks[j + 2].kind == "d" and len(digits) < 9:
            j += 2
            digits += toks[j].text
            if len(digits) == 9 and aba_valid(digits):
                cands.append(_Cand(4 + ctx(i, j, 0, 0), i, j, 0, 0, digits))
    return cands


def _fields(toks: List[_Tok], lo: int, hi: int) -> List[Tuple[str, str, str]]:
    """Digit fields in toks[lo:hi] as (digits, symbol before, symbol after).

    Runs joined by a dash-like symbol form one field (digits only kept).
    """
    out: List[Tuple[str, str, str]] = []
    i = lo
    while i < hi:
        t = toks[i]
        if t.kind != "d":
            i += 1
            continue
        before = toks[i - 1].kind if i > 0 else ""
        digits = t.text
        j = i
        while j + 2 < hi and toks[j + 1].kind == "D" and toks[j + 2].kind == "d":
            j += 2
            digits += toks[j].text
        after = toks[j + 1].kind if j + 1 < len(toks) else ""
        out.append((digits, before, after))
        i = j + 1
    return out


def _symbol_residue(f: Tuple[str, str, str]) -> bool:
    """A lone "1" glued to a symbol is the bar of "|:" or "||" read as a digit."""
    digits, before, after = f
    return digits in ("1", "11") and (before in ("T", "U", "?") or after in ("T", "U", "?"))


# widest zero-padded serial we let a split absorb ("001187")
SERIAL_PAD_WIDTH = 6


def _split_merged(fields: List[Tuple[str, str, str]], number: str) -> Optional[Tuple[str, str]]:
    """(account, serial) from the longest field that ends with the cheque number."""
    n = number.lstrip("0")
    if not n.isdigit():
        return None
    for digits, _, _ in sorted(fields, key=lambda f: -len(f[0])):
        if len(digits) >= len(n) + 4 and digits.endswith(n):
            account, serial = digits[: -len(n)], n
            # zero padding of the serial ("00" + "1187"), keeping the account 4+ digits
            while (account.endswith("0") and len(serial) < SERIAL_PAD_WIDTH
                   and len(account) > 4):
                account, serial = account[:-1], "0" + serial
            return account, serial
    return None


_AMOUNT_FIELD = re.compile(r"^000\d{7}$")


def _same_number(a: str, b: str) -> bool:
    a2, b2 = a.lstrip("0"), b.lstrip("0")
    return bool(a2) and a2 == b2


def parse_micr(text: str, cheque_number: Optional[str] = None) -> MicrResult:
    """Split a MICR line into routing, account and serial.

    ``cheque_number``: the number printed on the cheque (top right), when known;
    the MICR group equal to it is the serial.
    """
    res = MicrResult(raw=text or "")
    if not text:
        return res
    fixed = _fix_lookalikes(text)
    toks = _tokenize(fixed)
    cands = _routing_candidates(toks)
    if not cands:
        # lenient pass: l/I/| inside a digit run may be a 1
        alt = re.sub(r"(?<=\d)[lI|](?=\d)", "1", fixed)
        if alt != fixed:
            toks = _tokenize(alt)
            cands = _routing_candidates(toks)
    if cands:
        best = max(cands, key=lambda c: (c.score, -c.tok_i, -c.lead))
        res.routing = best.digits
        res.routing_valid = True
        ri, rj = best.tok_i, best.tok_j
    else:
        # no valid routing: take a 9-digit group, preferably after a transit symbol
        nine = [i for i, t in enumerate(toks) if t.kind == "d" and len(t.text) == 9]
        if not nine:
            res.notes.append("no routing number found")
            fl = _fields(toks, 0, len(toks))
            if cheque_number:
                for d, _, _ in fl:
                    if _same_number(d, cheque_number):
                        res.serial = d
            return res
        nine.sort(key=lambda i: (not (i > 0 and toks[i - 1].kind == "T"), i))
        ri = rj = nine[0]
        res.routing = toks[ri].text
        res.routing_valid = False
        res.notes.append("routing number fails the ABA check")

    before = [f for f in _fields(toks, 0, ri) if not _symbol_residue(f)]
    after = [f for f in _fields(toks, rj + 1, len(toks)) if not _symbol_residue(f)]
    # an amount field encoded after processing ("⑇0000012345⑇") is not ours; its symbols
    # lost, it is the band's last group of ten digits, the cents of an amount zero-padded
    after = [f for f in after if f[1] != "A"]
    before = [f for f in before if f[1] != "A"]
    if len(after) >= 2 and _AMOUNT_FIELD.match(after[-1][0]):
        after = after[:-1]

    if cheque_number:
        pool = [("b", f) for f in before] + [("a", f) for f in after]
        hit = next((p for p in pool if p[1][0] == cheque_number), None) or next(
            (p for p in pool if _same_number(p[1][0], cheque_number)), None)
        if hit is not None:
            res.serial = hit[1][0]
            res.layout = "business" if hit[0] == "b" else "personal"
            rest_after = [f for f in after if f is not hit[1]]
            rest_before = [f for f in before if f is not hit[1]]
            rest = rest_after or rest_before
            if rest:
                res.account = max(rest, key=lambda f: len(f[0]))[0]
            return res
        # the on-us symbol between account and serial was lost: "5509108971001187"
        split = _split_merged(after, cheque_number)
        if split is not None:
            res.account, res.serial = split
            res.layout = "personal"
            res.notes.append("account and serial read as one group; split at the cheque number")
            return res

    if before:
        # business layout: ⑈serial⑈ ⑆routing⑆ account⑈
        res.layout = "business"
        res.serial = before[-1][0]
        if after:
            res.account = max(after, key=lambda f: len(f[0]))[0]
    elif after:
        res.layout = "personal"
        if len(after) == 1:
            res.account = after[0][0]
        else:
            a, b = after[0][0], after[1][0]
            if len(a) <= 5 and len(b) >= 6:
                res.serial, res.account = a, b
            else:
                res.account, res.serial = a, b
    return res


_MICR_CHARS = re.compile(r"[⑆⑇⑈⑉]")
# a piece of the band OCR read apart: digits and what OCR reads the E-13B symbols as (a bar read
# as "I" or "l", the on-us symbol as "!": "358759!" on an Indian leaf, or as quotes and primes:
# 'H"1206111″', '#964626"'; the transit symbol as "H": "160020592H10")
MICR_PIECE = re.compile(r"^[\d\s:;\"'″′“”|Il!H#⑆⑈⑇⑉]+$")


def looks_like_micr(text: str) -> bool:
    """True for a line that reads like a MICR line (long digit groups, few letters)."""
    if not text:
        return False
    if _MICR_CHARS.search(text):
        return True
    digits = sum(c.isdigit() for c in text)
    letters = sum(c.isalpha() for c in text)
    groups = re.findall(r"\d{3,}", text)
    if digits < 12 or letters > max(3, digits // 4):
        return False
    if not any(len(g) >= 9 for g in groups) and len(groups) < 3:
        return False
    return bool(re.search(r"[:;\"|⑆⑈]|\bII\b|[aCcd](?=\d)|(?<=\d)[aCcd]", text)) or len(groups) >= 2
