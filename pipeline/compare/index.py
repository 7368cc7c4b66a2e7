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


# ------------------------------------------------------------------ persistent index helpers
# (used by ``archive``: an inverted-file index over memory-mapped blocks, and 64-bit hash keys)

COARSE_DIMS = 64          # the coarse quantiser works on a fixed random projection to this many dims
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a bijective scramble of uint64 values."""
    x = np.asarray(x, np.uint64).copy()
    x ^= x >> np.uint64(30)
    x *= _M1
    x ^= x >> np.uint64(27)
    x *= _M2
    x ^= x >> np.uint64(31)
    return x


def band_hashes(sig: np.ndarray, rows: int = 4) -> np.ndarray:
    """(N, bands) uint64: each LSH band of (N, PERMS) MinHash signatures (the same bands as
    ``text.bands``) and its band number hashed to one 64-bit key."""
    n, perms = sig.shape
    nb = perms // rows
    v = np.asarray(sig, np.uint64).reshape(n, nb, rows)
    h = mix64(np.arange(nb, dtype=np.uint64) + np.uint64(0x9E3779B97F4A7C15))[None, :].repeat(n, 0)
    for r in range(rows):
        h = mix64(h ^ v[:, :, r])
    return h


def str_hashes(values: Sequence[str]) -> np.ndarray:
    import hashlib

    return np.array([int.from_bytes(hashlib.blake2b(v.encode(), digest_size=8).digest(), "little")
                     for v in values], dtype=np.uint64)


def projection(dims: int, out: int = COARSE_DIMS) -> np.ndarray:
    """A fixed (dims, out) Gaussian projection (the same for every archive of these dims)."""
    return (np.random.default_rng(dims).normal(size=(dims, out)) / np.sqrt(out)).astype(np.float32)


def kmeans(x: np.ndarray, k: int, iters: int = 6, seed: int = 0) -> np.ndarray:
    """(k, d) unit centroids of unit rows ``x`` (spherical k-means from a random sample)."""
    rng = np.random.default_rng(seed)
    k = max(1, min(k, len(x)))
    c = x[rng.choice(len(x), k, replace=False)].copy()
    for _ in range(iters):
        lab = assign(x, c)
        s = np.zeros_like(c)
        np.add.at(s, lab, x)
        empty = np.linalg.norm(s, axis=1) == 0
        s[empty] = x[rng.choice(len(x), int(empty.sum()))]
        c = s / np.maximum(np.linalg.norm(s, axis=1, keepdims=True), 1e-12)
    return c.astype(np.float32)


def assign(x: np.ndarray, c: np.ndarray, chunk: int = 65536) -> np.ndarray:
    out = np.empty(len(x), np.int32)
    for s in range(0, len(x), chunk):
        out[s:s + chunk] = np.argmax(x[s:s + chunk] @ c.T, axis=1)
    return out


def unit(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, np.float32)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def ivf_search(q: np.ndarray, qc: np.ndarray, cents: np.ndarray, parts: Sequence[tuple],
               k: int, nprobe: int) -> Tuple[np.ndarray, ...]:
    """Top ``k`` of each query row ``q`` among the vectors of its ``nprobe`` nearest lists.
    ``qc``: the queries in the coarse space of the (nlist, c) ``cents``. ``parts``: (off, rows,
    vecs, base) of each segment: list ``l`` holds ``vecs[off[l]:off[l+1]]`` (in list order),
    rows ``rows[...] + base``. A list's blocks of every segment are scored in one matrix
    product. Returns (query, row, score) triples, up to ``k`` per query."""
    nl = len(cents)
    none = np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
    if not len(q) or not parts:
        return none
    nprobe = min(nprobe, nl)
    cs = qc @ cents.T
    probe = np.argpartition(-cs, nprobe - 1, axis=1)[:, :nprobe] if nprobe < nl else \
        np.broadcast_to(np.arange(nl), (len(q), nl))
    fl, fq = probe.ravel(), np.repeat(np.arange(len(q)), probe.shape[1])
    o = np.argsort(fl, kind="stable")
    fl, fq = fl[o], fq[o]
    starts = np.flatnonzero(np.r_[True, fl[1:] != fl[:-1]])
    ends = np.r_[starts[1:], len(fl)]
    offs = [np.asarray(p[0]) for p in parts]
    qi, ri, sv = [], [], []
    for s, e in zip(starts.tolist(), ends.tolist()):
        lst = int(fl[s])
        vb, rb = [], []
        for off, (_, rows, vecs, base) in zip(offs, parts):
            a, b = int(off[lst]), int(off[lst + 1])
            if a < b:
                vb.append(vecs[a:b])
                rb.append(np.asarray(rows[a:b]) + base)
        if not vb:
            continue
        block = np.concatenate(vb).astype(np.float32) if len(vb) > 1 else \
            np.asarray(vb[0], np.float32)
        brows = np.concatenate(rb) if len(rb) > 1 else rb[0]
        qs = fq[s:e]
        sims = q[qs] @ block.T                                   # (|qs|, m)
        m = len(block)
        if m > k:
            top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        else:
            top = np.broadcast_to(np.arange(m), (len(qs), m))
        qi.append(np.repeat(qs, top.shape[1]))
        ri.append(brows[top].ravel())
        sv.append(np.take_along_axis(sims, top, axis=1).ravel())
    if not qi:
        return none
    return (*top_per_query(np.concatenate(qi), np.concatenate(ri), np.concatenate(sv), k),)


def top_per_query(q: np.ndarray, r: np.ndarray, s: np.ndarray, k: int) -> Tuple[np.ndarray, ...]:
    """The ``k`` best (query, row, score) triples of each query."""
    o = np.lexsort((-s, q))
    q, r, s = q[o], r[o], s[o]
    first = np.r_[0, np.flatnonzero(q[1:] != q[:-1]) + 1]
    rank = np.arange(len(q)) - np.repeat(first, np.diff(np.r_[first, len(q)]))
    keep = rank < k
    return q[keep].astype(np.int64), r[keep].astype(np.int64), s[keep]


def lookup(keys: np.ndarray, table: np.ndarray, rows: np.ndarray,
           max_bucket: int = 200) -> Pairs:
    """(query, row) of every query key found in the sorted ``table`` (rows: ``rows`` in the
    same order), keys matching more than ``max_bucket`` rows left out (boilerplate)."""
    keys = np.asarray(keys, np.uint64).ravel()
    lo = np.searchsorted(table, keys, "left")
    hi = np.searchsorted(table, keys, "right")
    cnt = hi - lo
    ok = (cnt > 0) & (cnt <= max_bucket)
    if not ok.any():
        return EMPTY
    q = np.flatnonzero(ok)
    c = cnt[ok]
    start = np.repeat(lo[ok], c)
    step = np.arange(int(c.sum())) - np.repeat(np.r_[0, np.cumsum(c)[:-1]], c)
    return np.repeat(q, c).astype(np.int64), np.asarray(rows)[start + step].astype(np.int64)
