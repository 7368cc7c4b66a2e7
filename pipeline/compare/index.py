"""Candidate pairs without looking at every pair in Python.

- Embeddings: for each chunk of rows, one matrix product against all rows (float32 BLAS), and the
  pairs above a cosine floor among each row's ``k`` nearest neighbours. Exact; its cost grows with
  the square of the page count but runs at BLAS speed (bench/compare_bench.py measures 10k and
  50k pages).
- Hash buckets: pages that share a MinHash LSH band (near-exact text), the same cheque MICR key, or
  the same file content. A bucket larger than ``max_bucket`` (boilerplate text everyone shares) is
  left to the embedding neighbours.

Pairs come back as two int arrays ``(i, j)`` with ``i < j``, sorted and without repeats.
"""
from __future__ import annotations

from typing import Hashable, Iterable, List, Optional, Sequence, Tuple

import numpy as np

Pairs = Tuple[np.ndarray, np.ndarray]
EMPTY: Pairs = (np.zeros(0, np.int64), np.zeros(0, np.int64))


def _norm_pairs(i: np.ndarray, j: np.ndarray, n: int) -> Pairs:
    i, j = np.asarray(i, np.int64), np.asarray(j, np.int64)
    keep = i != j
    a, b = np.minimum(i, j)[keep], np.maximum(i, j)[keep]
    code = np.unique(a * n + b)
    return code // n, code % n


def fold(x: np.ndarray, dims: int = 1024) -> np.ndarray:
    """Unit rows folded to ``dims`` (the sum of the row's consecutive ``dims``-long pieces, then
    normalised): a fixed linear projection to rank neighbours at dims/D of the full product's
    cost; the pairs found are scored on the full vectors. For a 2x2-grid-pooled CNN vector it is
    the globally pooled one. Rows whose length is not a multiple of ``dims`` are kept whole."""
    n, d = x.shape
    if d < 2 * dims or d % dims:
        return x
    y = x.reshape(n, d // dims, dims).sum(axis=1)
    return (y / np.maximum(np.linalg.norm(y, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def neighbours(x: np.ndarray, k: int, floor: float, chunk: int = 2048,
               valid: Optional[np.ndarray] = None, rank: Optional[np.ndarray] = None) -> Pairs:
    """Pairs (i, j) where j is among i's k most similar rows (cosine of unit rows) and the cosine
    is at least ``floor``. Rows where ``valid`` is False take no part. With ``rank`` (the rows in
    a reduced space, see ``fold``) the k nearest are found there and the floor is checked on
    ``x``."""
    n = len(x)
    if n < 2:
        return EMPTY
    x = np.ascontiguousarray(x, dtype=np.float32)
    r = x if rank is None else np.ascontiguousarray(rank, dtype=np.float32)
    ok = np.ones(n, bool) if valid is None else np.asarray(valid, bool)
    k = min(k, n - 1)
    out_i: List[np.ndarray] = []
    out_j: List[np.ndarray] = []
    for s in range(0, n, chunk):
        sims = r[s: s + chunk] @ r.T                      # (c, n)
        rows = np.arange(s, min(s + chunk, n))
        sims[np.arange(len(rows)), rows] = -np.inf          # not itself
        sims[:, ~ok] = -np.inf
        sims[~ok[rows]] = -np.inf
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        if rank is None:
            val = np.take_along_axis(sims, top, axis=1)
        else:
            xr = x[rows]
            val = np.stack([np.einsum("cd,cd->c", xr, x[top[:, m]]) for m in range(k)], axis=1)
            val[~np.isfinite(np.take_along_axis(sims, top, axis=1))] = -np.inf
        keep = val >= floor
        out_i.append(np.repeat(rows, keep.sum(axis=1)))
        out_j.append(top[keep])
    return _norm_pairs(np.concatenate(out_i), np.concatenate(out_j), n)


def buckets(keys: Sequence[Optional[Hashable]], max_bucket: int = 200) -> Pairs:
    """All pairs of rows with the same key (None: no key), buckets up to ``max_bucket`` rows."""
    groups: dict = {}
    for r, key in enumerate(keys):
        if key is not None:
            groups.setdefault(key, []).append(r)
    out_i, out_j = [], []
    for members in groups.values():
        if 1 < len(members) <= max_bucket:
            m = np.array(members, np.int64)
            a, b = np.triu_indices(len(m), 1)
            out_i.append(m[a])
            out_j.append(m[b])
    if not out_i:
        return EMPTY
    return _norm_pairs(np.concatenate(out_i), np.concatenate(out_j), len(keys))


def band_buckets(band_keys: Iterable[np.ndarray], valid: np.ndarray, max_bucket: int = 200) -> Pairs:
    """Pairs sharing a key in any LSH band (rows where ``valid`` is False take no part)."""
    n = len(valid)
    parts = []
    for keys in band_keys:
        idx = np.flatnonzero(valid)
        if len(idx) < 2:
            break
        _, inv, counts = np.unique(keys[idx], return_inverse=True, return_counts=True)
        multi = np.flatnonzero((counts > 1) & (counts <= max_bucket))
        if not len(multi):
            continue
        sel = np.isin(inv, multi)
        order = np.argsort(inv[sel], kind="stable")
        rows, grp = idx[sel][order], inv[sel][order]
        starts = np.flatnonzero(np.r_[True, grp[1:] != grp[:-1]])
        ends = np.r_[starts[1:], len(grp)]
        for s, e in zip(starts.tolist(), ends.tolist()):
            a, b = np.triu_indices(e - s, 1)
            parts.append((rows[s:e][a], rows[s:e][b]))
    if not parts:
        return EMPTY
    return _norm_pairs(np.concatenate([p[0] for p in parts]),
                       np.concatenate([p[1] for p in parts]), n)


def union(n: int, *pair_sets: Pairs) -> Pairs:
    live = [p for p in pair_sets if len(p[0])]
    if not live:
        return EMPTY
    return _norm_pairs(np.concatenate([p[0] for p in live]), np.concatenate([p[1] for p in live]), n)
