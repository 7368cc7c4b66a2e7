"""Duplicate presentment: two cheques with the same MICR routing, account and serial and the same
amount are one cheque presented twice, whatever the images look like.

A general OCR model reads the E-13B symbols as stray characters, so the comparison forgives what
it does to the MICR line: a symbol read as a digit at either end of a group, routing and
account swapped, and leading zeros of the serial. ``micr_score``: 1.0 the same cheque (account,
serial and amount); 0.75 the same account and serial with another amount (an altered cheque, or an
amount misread); 0.5 the same account, another serial: another cheque of the same book; 0.0 other
accounts; NaN when either page lacks a complete key.

Where a page's amount was not read (a photo's handwriting) the key is incomplete, but the MICR
identity alone still names one cheque when both pages read it and checked it
(``identity_scores``): routing, account and serial read on both, each page with at least one of
the routing or the account passing its check (a routing number's check digit or the branch PIN,
an account printed on the leaf too): 0.9, the same cheque.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Optional, Sequence, Tuple

import numpy as np

Key = Tuple[str, str, str, str]  # routing, account, serial, amount


def normalise_key(key: Optional[Sequence[str]]) -> Optional[Key]:
    if not key or not all(key):
        return None
    routing, account, serial, amount = (str(k).strip() for k in key)
    try:
        amount = str(Decimal(amount.replace(",", "")).quantize(Decimal("0.01")))
    except InvalidOperation:
        return None
    return routing, account, serial.lstrip("0") or "0", amount


def _same_number(a: str, b: str) -> bool:
    """Equal, or equal but for one character at either end or at both (a MICR symbol on
    either side of the group read as a digit)."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) < 6 or not 0 < len(long_) - len(short) <= 2:
        return False
    return short in {long_[1:], long_[:-1], long_[1:-1]}


def same_account(a: Key, b: Key) -> bool:
    ra, aa, rb, ab = a[0], a[1], b[0], b[1]
    return ((_same_number(ra, rb) and _same_number(aa, ab))
            or (_same_number(ra, ab) and _same_number(aa, rb)))


def micr_score(a: Optional[Key], b: Optional[Key]) -> float:
    if a is None or b is None:
        return float("nan")
    if not same_account(a, b):
        return 0.0
    if a[2] != b[2]:
        return 0.5
    return 1.0 if a[3] == b[3] else 0.75


def micr_scores(keys: Sequence[Optional[Key]], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    return np.array([micr_score(keys[a], keys[b]) for a, b in zip(i.tolist(), j.tolist())],
                    dtype=np.float64)


def bucket_key(key: Optional[Key]) -> Optional[str]:
    """The serial: what the cheques of a presentment bucket share (the rest is checked per pair)."""
    return None if key is None else key[2]


IDENTITY = ("micr_routing", "micr_account", "micr_serial")
SAME_IDENTITY = 0.9


def identity(item) -> Optional[Tuple[str, str, str]]:
    """(routing, account, serial) of a cheque page whose MICR line was read whole and checked:
    all three read, the routing or the account with the status ``ok`` (a serial that is the
    printed cheque number checks the reading, not the cheque: a specimen book printed with
    zeros for its routing and account numbers every leaf 1025), neither one digit repeated;
    else None."""
    if getattr(item, "doc_type", None) != "cheque":
        return None
    vals = [str(item.fields.get(k) or "").strip() for k in IDENTITY]
    status = getattr(item, "status", None) or {}
    if not all(vals) or not any(status.get(k) == "ok" for k in IDENTITY[:2]):
        return None
    if any(len(set(v)) == 1 for v in vals[:2]):
        return None
    return vals[0], vals[1], vals[2].lstrip("0") or "0"


def identity_scores(items, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """``SAME_IDENTITY`` where both pages' checked MICR identities are one cheque's (the same
    account and serial), NaN elsewhere."""
    ids = {}
    out = np.full(len(i), np.nan)
    for k, (a, b) in enumerate(zip(i.tolist(), j.tolist())):
        for x in (a, b):
            if x not in ids:
                ids[x] = identity(items[x])
        ia, ib = ids[a], ids[b]
        if ia is not None and ib is not None and ia[2] == ib[2] and \
                same_account((ia[0], ia[1], "", ""), (ib[0], ib[1], "", "")):
            out[k] = SAME_IDENTITY
    return out


def _number(item) -> Tuple[str, bool]:
    """A cheque page's number (the printed cheque number, else the MICR serial) without leading
    zeros, and whether it was checked (the printed number is the MICR serial: ``ok``)."""
    if getattr(item, "doc_type", None) != "cheque":
        return "", False
    status = getattr(item, "status", None) or {}
    for k in ("cheque_number", "micr_serial"):
        v = str(item.fields.get(k) or "").strip().lstrip("0")
        if v.isdigit():
            return v, status.get(k) == "ok"
    return "", False


def other_numbers(items, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Pairs of cheques whose numbers say they are two leaves: both read, at least one checked
    against its MICR serial, and two or more digits apart (one digit apart is a misread as
    likely: 056111 read 058111 on a photo); or both checked and different."""
    import difflib

    nums = {}
    out = np.zeros(len(i), bool)
    for k, (a, b) in enumerate(zip(i.tolist(), j.tolist())):
        for x in (a, b):
            if x not in nums:
                nums[x] = _number(items[x])
        (na, ca), (nb, cb) = nums[a], nums[b]
        if not na or not nb or na == nb or not (ca or cb):
            continue
        ops = difflib.SequenceMatcher(None, na, nb).get_opcodes()
        apart = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")
        out[k] = (ca and cb) or apart >= 2
    return out
