"""MICR lines of the conventions in :mod:`pipeline.extract.conventions`, and what makes a value
read from one trustworthy.

* ``aba`` (US): ``⑆routing⑆ account⑈ serial``; the routing number has a check digit and its
  first two digits a known range (01-12, 21-32, 61-72, 80). A 9-digit window that passes the
  check only because it was cut out of a longer run of digits, or that starts outside those
  ranges, proves nothing (one window in ten passes by chance: a line read turned round gives
  such windows).
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
from typing import List, Optional, Sequence

from .micr import MicrResult, _fix_lookalikes, aba_valid, parse_micr

__all__ = ["parse_for", "aba_prefix_ok", "in_city_matches_pin", "trusted_aba", "parse_cmc7"]

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


def parse_in_cts(text: str) -> MicrResult:
    """An Indian CTS-2010 MICR line: serial, 9-digit city-bank-branch code, account id,
    transaction code. Runs glued together by lost symbols are split by their lengths; a run
    OCR read apart is never split (a leading serial may be missing: lost at the left edge)."""
    res = MicrResult(raw=text or "", layout="in_cts")
    runs = _digit_runs(text or "")
    # a lone "1" is the bar of a symbol; a last "11" after the code's or the account's group is
    # the transaction code (11: a current account), not two bars
    txn11 = len(runs) >= 2 and runs[-1] == "11" and len(runs[-2]) >= 6
    runs = [r for r in runs[:len(runs) - txn11] if r not in ("1", "11")] + ["11"] * txn11
    if runs and len(runs[0]) == 7 and len(runs) > 1 and len(runs[1]) >= 9:
        res.notes.append("a seventh digit after the serial dropped (a symbol read as a digit)")
        runs[0] = runs[0][:6]
    m = _IN_CTS.match(" ".join(runs))
    if not m:
        res.notes.append("MICR digits do not split as serial, code, account, transaction")
        return res
    g = {k: v.replace(" ", "") if v else v for k, v in m.groupdict().items()}
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


def parse_for(layout: str, text: str, cheque_number: Optional[str] = None) -> MicrResult:
    """The MICR line read by the layout of a convention."""
    if layout in ("cmc7", "ke"):
        res = parse_cmc7(text) if layout == "cmc7" else parse_ke(text)
        if res.routing:
            return res
    if layout == "in_cts":
        res = parse_in_cts(text)
        if res.routing:
            return res
    res = parse_micr(text, cheque_number=cheque_number)
    res.layout = res.layout or layout
    return res
