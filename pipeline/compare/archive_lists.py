"""The archive's coarse quantiser and inverted lists: k-means on a fixed random projection, and
each segment's rows listed by their nearest centroid with their ranking vectors (``archive``).
"""
from __future__ import annotations

import uuid
from pathlib import Path
from typing import Optional, Sequence, Tuple

import numpy as np

from . import index
from .archive_store import Segment, _publish, _save

LIST_ROWS = 512          # pages per inverted list (nlist = rows / LIST_ROWS)
TRAIN_SAMPLE = 32        # k-means sample: this many rows per list


# ------------------------------------------------------------------ the quantiser and lists

IX = "ix2"                # the lists' format: rank vectors of RANK_DIMS
RANK_DIMS = 128           # inverted lists hold each vector projected to this many dims


def ix_name(qid: Optional[str]) -> str:
    return f"{IX}-{qid}"


def image_view(x: np.ndarray) -> np.ndarray:
    """What image vectors are ranked on (as ``index.neighbours`` with ``rank``): folded."""
    return index.fold(np.asarray(x, np.float32))


def rank_view(kind: str, x: np.ndarray) -> np.ndarray:
    """The vectors the lists hold: (folded, for images) then a fixed random projection to
    RANK_DIMS, unit rows. A batch scans most lists of a large archive (1,000 pages x 16 lists
    each), so the bytes per row decide the time; the floor is checked on the full vectors."""
    v = image_view(x) if kind == "image" else np.asarray(x, np.float32)
    if v.shape[1] <= RANK_DIMS:
        return index.unit(v)
    return index.unit(v @ index.projection(v.shape[1], RANK_DIMS))


def coarse_view(r: np.ndarray) -> np.ndarray:
    return index.unit(r @ index.projection(r.shape[1]))


def train(segs: Sequence[Segment], root: Path, seed: int = 0) -> Tuple[str, int]:
    """A new quantiser folder trained on a sample of every segment's vectors."""
    total = sum(s.rows for s in segs)
    nlist = max(1, int(round(total / LIST_ROWS)))
    rng = np.random.default_rng(seed)
    qid = uuid.uuid4().hex[:12]
    tmp = root / f"tmp-q-{qid}"
    tmp.mkdir(parents=True)
    for kind, flag in (("image", "has_image"), ("text", "has_text")):
        parts = []
        for s in segs:
            ok = np.flatnonzero(np.asarray(s.arr(flag)))
            want = int(np.ceil(nlist * TRAIN_SAMPLE * s.rows / max(total, 1)))
            pick = np.sort(rng.choice(ok, min(len(ok), want), replace=False)) if len(ok) else ok
            parts.append(rank_view(kind, np.asarray(s.arr(kind)[pick], np.float32)))
        x = np.concatenate(parts) if parts else np.zeros((0, 1), np.float32)
        if len(x):
            xc = coarse_view(x)
            cents = index.kmeans(xc, nlist, seed=seed)
        else:
            cents = np.zeros((1, index.COARSE_DIMS), np.float32)
        _save(tmp, f"{kind}_cents", cents)
    final = root / f"q-{qid}"
    _publish(tmp, final)
    return qid, total


def build_lists(seg: Segment, qdir: Path, qid: str) -> None:
    """``seg``'s index under quantiser ``qid`` (skipped when it is already there)."""
    final = seg.path / ix_name(qid)
    if final.is_dir():
        return
    tmp = seg.path / f"tmp-ix-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    for kind, flag in (("image", "has_image"), ("text", "has_text")):
        cents = np.load(qdir / f"{kind}_cents.npy")
        ok = np.flatnonzero(np.asarray(seg.arr(flag)))
        lab_parts, vec_parts = [], []
        src = seg.arr(kind)
        for s in range(0, len(ok), 65536):
            v = rank_view(kind, np.asarray(src[ok[s:s + 65536]], np.float32))
            lab_parts.append(index.assign(coarse_view(v), cents))
            vec_parts.append(v.astype(np.float16))
        lab = np.concatenate(lab_parts) if lab_parts else np.zeros(0, np.int32)
        o = np.argsort(lab, kind="stable")
        _save(tmp, f"{kind}_rows", ok[o].astype(np.int64))
        _save(tmp, f"{kind}_off", np.searchsorted(lab[o], np.arange(len(cents) + 1)).astype(np.int64))
        vecs = np.concatenate(vec_parts)[o] if vec_parts else np.zeros((0, 1), np.float16)
        _save(tmp, f"{kind}_vecs", vecs)
    mh, ok = seg.arr("minhash"), np.asarray(seg.arr("has_text"))
    bh = index.band_hashes(np.asarray(mh)) if seg.rows else np.zeros((0, 32), np.uint64)
    rows = np.repeat(np.arange(seg.rows), bh.shape[1])[np.repeat(ok, bh.shape[1])]
    flat = bh[ok].ravel()
    o = np.argsort(flat, kind="stable")
    _save(tmp, "bands", flat[o])
    _save(tmp, "bands_row", rows[o].astype(np.int64))
    keys, kr = np.asarray(seg.arr("keys")), np.asarray(seg.arr("keys_row"))
    o = np.argsort(keys, kind="stable")
    _save(tmp, "keys", keys[o])
    _save(tmp, "keys_row", kr[o])
    _publish(tmp, final)
