"""Duplicate presentment: two cheques with the same MICR routing, account and serial and the same
amount are one cheque presented twice, whatever the images look like.

A general OCR model reads the E-13B symbols as stray characters, so the comparison forgives what
it does to the MICR line: the on-us symbol read as a trailing digit of the account, routing and
account swapped, and leading zeros of the serial. ``micr_score``: 1.0 the same cheque (account,
serial and amount); 0.75 the same account and serial with another amount (an altered cheque, or an
amount misread); 0.5 the same account, another serial: another cheque of the same book; 0.0 other
accounts; NaN when either page lacks a complete key.
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
    """Equal, or equal but for one trailing character (a MICR symbol read as a digit)."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(long_) == len(short) + 1 and long_.startswith(short) and len(short) >= 6


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
