"""Every signal's score for the candidate pairs (vectorised where the signal is a vector)."""
from __future__ import annotations

from typing import Dict, FrozenSet, Optional, Sequence

import numpy as np

from . import phash as ph
from . import text as tx
from .cheque import Key, identity_scores, micr_scores, other_numbers
from .pages import PageItem
from .signals import Signatures
from .verdict import PairScores, Thresholds

# below this MinHash estimate (about 0.09 under the lowest text threshold, 4 standard errors
# of a 128-permutation estimate) a pair's text overlap is the estimate, not recounted
EXACT_FROM = 0.10


def _rowdot(x: np.ndarray, i: np.ndarray, j: np.ndarray, chunk: int = 4096) -> np.ndarray:
    out = np.empty(len(i), dtype=np.float64)
    for s in range(0, len(i), chunk):
        out[s:s + chunk] = np.einsum("ij,ij->i", x[i[s:s + chunk]], x[j[s:s + chunk]])
    return out


def pair_scores(items: Sequence[PageItem], sig: Signatures, keys: Sequence[Optional[Key]],
                i: np.ndarray, j: np.ndarray, t: Thresholds) -> PairScores:
    both_img = sig.has_image[i] & sig.has_image[j]
    both_text = sig.has_text[i] & sig.has_text[j]
    # the MinHash estimate where it is far below every text threshold; exact Jaccard elsewhere
    overlap = np.where(both_text, tx.minhash_similarity(sig.minhash[i], sig.minhash[j]), np.nan)
    exact = both_text & (overlap >= EXACT_FROM)
    need = sorted(set(i[exact].tolist()) | set(j[exact].tolist()))
    shingles: Dict[int, FrozenSet[int]] = {k: tx.shingles(items[k].text) for k in need}
    numbers: Dict[int, FrozenSet[str]] = {k: tx.numbers(items[k].text) for k in need}
    nums = np.full(len(i), np.nan)
    for k in np.flatnonzero(exact).tolist():
        a, b = int(i[k]), int(j[k])
        overlap[k] = tx.jaccard(shingles[a], shingles[b])
        na, nb = numbers[a], numbers[b]
        if len(na) >= t.min_numbers and len(nb) >= t.min_numbers:
            nums[k] = tx.jaccard(na, nb)
    phash = np.where(both_img, ph.similarity(sig.phash[i], sig.phash[j]), np.nan)
    image = np.where(both_img, _rowdot(sig.image, i, j), np.nan)
    semantic = np.where(both_text, _rowdot(sig.text, i, j), np.nan)
    dates = [it.fields.get("date") or "" for it in items]
    differ = np.array([bool(dates[a] and dates[b] and dates[a] != dates[b])
                       for a, b in zip(i.tolist(), j.tolist())], dtype=bool)
    return PairScores(phash=phash, image=image, text_overlap=overlap, text_semantic=semantic,
                      numbers=nums, micr=_micr(items, keys, i, j), dates_differ=differ,
                      other_cheque=other_numbers(items, i, j))


def _micr(items, keys, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The MICR keys' score; where a key is incomplete (an amount not read), the checked MICR
    identity's (``cheque.identity_scores``)."""
    m = micr_scores(keys, i, j)
    miss = np.isnan(m)
    if miss.any():
        m[miss] = identity_scores(items, i[miss], j[miss])
    return m
