"""Near-exact text overlap: character shingles of the normalised OCR text, their MinHash
signature (for blocking and an estimate) and their exact Jaccard similarity (for a candidate pair).

Normalising folds case and drops punctuation and spacing (OCR splits and joins words and reads
punctuation least reliably), so a rescan's text, read with a few different errors, shares most of
its 3-character shingles with the original's. The numbers a page states are compared on their own
(``numbers``): they are what tells one receipt or cheque from another of the same template.
"""
from __future__ import annotations

import re
from typing import FrozenSet, List

import numpy as np

SHINGLE = 3                 # characters per shingle (3 told rescans from same-template pages best)
PERMS = 128                 # MinHash permutations
_P = np.uint64(4294967311)  # a prime above 2**32: h(x) = (a x + b) mod p fits in uint64
_rng = np.random.default_rng(20260501)
_A = _rng.integers(1, 2**32 - 1, size=PERMS, dtype=np.uint64)
_B = _rng.integers(0, 2**32 - 1, size=PERMS, dtype=np.uint64)
EMPTY = np.full(PERMS, np.iinfo(np.uint32).max, dtype=np.uint32)

_DROP = re.compile(r"[^0-9a-z]+")
_NUM = re.compile(r"\d[\d,.]*\d|\d")


def normalise(text: str) -> str:
    return _DROP.sub("", (text or "").lower())


def shingles(text: str, k: int = SHINGLE) -> FrozenSet[int]:
    """Every k-character window of the normalised text as an int (its bytes, base 256; a text
    shorter than k: itself)."""
    b = np.frombuffer(normalise(text).encode(), dtype=np.uint8).astype(np.int64)
    if len(b) == 0:
        return frozenset()
    if len(b) <= k:
        return frozenset([int(sum(int(c) << (8 * q) for q, c in enumerate(b)))])
    code = np.zeros(len(b) - k + 1, dtype=np.int64)
    for q in range(k):
        code = (code << 8) | b[q: len(b) - k + 1 + q]
    return frozenset(np.unique(code).tolist())


def numbers(text: str) -> FrozenSet[str]:
    """The numbers a page states (amounts, dates, serials), separators dropped."""
    return frozenset(re.sub(r"[,.]", "", m) for m in _NUM.findall(text or "") if len(m) >= 2)


def minhash(sh: FrozenSet[int]) -> np.ndarray:
    """(PERMS,) uint32 MinHash signature of a shingle set."""
    if not sh:
        return EMPTY.copy()
    x = np.fromiter(sh, dtype=np.uint64, count=len(sh)) % _P  # k <= 4: codes < 2**32 anyway
    h = (x[:, None] * _A[None, :] + _B[None, :]) % _P
    return h.min(axis=0).astype(np.uint32)


def minhash_similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard of rows of two (N, PERMS) signature arrays."""
    same = (a == b).mean(axis=-1)
    empty = (a == EMPTY).all(axis=-1) | (b == EMPTY).all(axis=-1)
    return np.where(empty, 0.0, same)


def jaccard(a: FrozenSet, b: FrozenSet) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / float(len(a | b))


def bands(sig: np.ndarray, rows: int = 4) -> List[np.ndarray]:
    """LSH band keys of (N, PERMS) signatures: pages sharing a key in any band are candidates."""
    n = sig.shape[1] // rows
    return [np.ascontiguousarray(sig[:, b * rows:(b + 1) * rows]).view(
        np.dtype((np.void, 4 * rows))).ravel() for b in range(n)]
