"""A persistent index of every page a dataset has compared: ``mmbatch compare new/ --against out/``
checks a batch against all of them without holding the archive in Python objects.

Layout, under ``<dataset>/_archive/``::

    manifest.json          the committed state: segments (in order), the quantiser, the models
    seg-<id>/              one batch of pages, immutable once listed: their signatures as .npy
                           files (image and text vectors float16, MinHash, pHash, flags) and their
                           page records (path, page, text, fields) as JSON lines with offsets
    seg-<id>/ix2-<qid>/    that segment's index under quantiser <qid>: rows of each inverted list
                           (image and text), their ranking vectors in list order, and sorted
                           64-bit keys of its MinHash bands, cheque serials and files
    q-<qid>/               the coarse quantiser: k-means centroids (image and text) on a fixed
                           random projection to 64 dims

Everything is read memory-mapped. An update writes new files under a temporary name, renames them
into place, then replaces ``manifest.json`` (written beside it, fsynced, renamed); files the new
manifest no longer names are removed afterwards. A killed update leaves the old manifest and the
files it names untouched: the archive reads as it was (the next update removes the orphans). A
lost or torn manifest is rebuilt from the segment folders; a segment's missing index, or a
missing quantiser, is rebuilt from the segment's signatures; the quantiser is trained again
(and every segment's lists rebuilt) when the archive has grown past ``RETRAIN_GROWTH`` times the
pages it was trained on. Updates take ``_archive/lock`` (flock).

Candidates of a batch page (``search``): among each segment, the ``k`` nearest image and text
vectors in the ``nprobe`` nearest inverted lists (image vectors ranked folded to 1,024 dims and
checked on the full vectors against the floor, as ``index.neighbours`` does); every archived
page sharing a MinHash band, the cheque serial, or the file (sha256 and page).
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import index
from .archive_lists import build_lists, coarse_view, ix_name, rank_view, train
from .archive_store import (
    DIR,
    FORMAT,
    MAX_SEGMENTS,
    SIG_FILES,
    ArchiveError,
    Segment,
    _fsync_dir,
    _item,
    _load,
    cheque_key,
    merge_segments,
    write_segment,
)
from .cheque import bucket_key
from .pages import PageItem
from .signals import Signatures

NPROBE = 4               # lists searched per query (1M archive: 4, 8, 16 found the same rescans)
RETRAIN_GROWTH = 4       # retrain the quantiser when the archive outgrows its training this much


# ------------------------------------------------------------------ the archive

class Archive:
    """The archive of a dataset folder. ``open`` reads the committed state (rebuilding what is
    missing or stale); ``search`` and ``load`` read; ``add`` commits a batch."""

    def __init__(self, dataset) -> None:
        self.root = Path(dataset) / DIR
        self.segments: List[Segment] = []
        self.qid: Optional[str] = None
        self.trained_rows = 0
        self.models: Optional[dict] = None
        self.rebuilt: List[str] = []          # what open() had to rebuild, in words
        self._manifest_ok = True

    # ---- state
    @property
    def rows(self) -> int:
        return sum(s.rows for s in self.segments)

    def _lock(self):
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)
        return fd

    @contextmanager
    def reading(self):
        """A shared hold on the archive: no update removes files while it is held (the state
        is read again under it)."""
        if not self.root.is_dir():
            yield self
            return
        fd = os.open(self.root / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            self._read()
            yield self
        finally:
            os.close(fd)

    @classmethod
    def open(cls, dataset, repair: bool = True) -> "Archive":
        a = cls(dataset)
        if not a.root.is_dir():
            return a
        a._read()
        if repair and a._needs_repair():
            fd = a._lock()
            try:
                a._read()
                a._repair()
            finally:
                os.close(fd)
        return a

    def _read(self) -> None:
        self.segments, self.qid, self.trained_rows, self.models = [], None, 0, None
        try:
            m = json.loads((self.root / "manifest.json").read_text())
            if m.get("format") != FORMAT:
                raise ValueError(f"format {m.get('format')}")
        except (OSError, ValueError) as e:
            self._from_folders(f"manifest unreadable ({type(e).__name__}): rebuilt from segments")
            return
        self.segments = [Segment(s["name"], self.root / s["name"], int(s["rows"]))
                         for s in m["segments"] if (self.root / s["name"]).is_dir()]
        if len(self.segments) != len(m["segments"]):
            self.rebuilt.append("a listed segment is missing: left out")
        self.qid, self.trained_rows, self.models = m.get("quantiser"), m.get("trained_rows", 0), \
            m.get("models")
        self._manifest_ok = len(self.segments) == len(m["segments"])

    def _from_folders(self, why: str) -> None:
        segs = []
        for d in sorted(self.root.glob("seg-*")):
            try:
                segs.append(Segment(d.name, d, len(_load(d, "phash"))))
            except (OSError, ValueError):
                continue
        self.segments, self.qid, self._manifest_ok = segs, None, False
        self.rebuilt.append(why)

    def _needs_repair(self) -> bool:
        if not self.segments:
            return not getattr(self, "_manifest_ok", True)
        if not self._manifest_ok or self.qid is None or not (self.root / f"q-{self.qid}").is_dir():
            return True
        if self.rows > RETRAIN_GROWTH * max(self.trained_rows, 1):
            return True
        return any(not (s.path / ix_name(self.qid)).is_dir() for s in self.segments)

    def _repair(self) -> None:
        """Under the lock: a quantiser and every segment's lists, then a manifest naming them."""
        if self.segments and (self.qid is None or not (self.root / f"q-{self.qid}").is_dir()
                              or self.rows > RETRAIN_GROWTH * max(self.trained_rows, 1)):
            self.qid, self.trained_rows = train(self.segments, self.root)
            self.rebuilt.append("quantiser trained again")
        for s in self.segments:
            if self.qid and not (s.path / ix_name(self.qid)).is_dir():
                build_lists(s, self.root / f"q-{self.qid}", self.qid)
        self._write_manifest()
        self._sweep()

    def _write_manifest(self) -> None:
        m = {"format": FORMAT, "segments": [{"name": s.name, "rows": s.rows} for s in self.segments],
             "quantiser": self.qid, "trained_rows": self.trained_rows, "models": self.models}
        tmp = self.root / f"manifest.json.tmp-{os.getpid()}"
        with open(tmp, "w") as f:
            json.dump(m, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.root / "manifest.json")
        _fsync_dir(self.root)
        self._manifest_ok = True

    def _sweep(self) -> None:
        """Remove what the manifest does not name (a killed update's files, replaced ones)."""
        keep = {s.name for s in self.segments} | {f"q-{self.qid}", "manifest.json", "lock"}
        for p in self.root.iterdir():
            if p.name not in keep:
                shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
        for s in self.segments:
            for p in s.path.glob("*ix*"):
                if p.name != ix_name(self.qid):
                    shutil.rmtree(p, ignore_errors=True)

    # ---- update
    def add(self, items: Sequence[PageItem], sig: Signatures, models: Optional[dict] = None,
            index_now: bool = True, _at=None) -> int:
        """Commit these pages (those not archived already under the same path and page) as a new
        segment; returns how many were added. ``index_now=False`` (bulk loading) leaves the
        lists to the next ``open`` or ``reindex``. ``_at(stage)`` is called between the steps
        (tests make an update fail there)."""
        at = _at or (lambda stage: None)
        fd = self._lock()
        try:
            self._read()
            self._check_models(models)
            keep = self._new_rows(items)
            if not keep:
                return 0
            sub = Signatures(sig.phash[keep], sig.image[keep], sig.text[keep], sig.minhash[keep],
                             sig.has_image[keep], sig.has_text[keep], {})
            seg = write_segment(self.root, [items[k] for k in keep], sub)
            at("segment")
            self.segments.append(seg)
            self.models = self.models or models
            if len(self.segments) > MAX_SEGMENTS:
                small = sorted(self.segments, key=lambda s: s.rows)[:MAX_SEGMENTS // 2]
                merged = merge_segments(self.root, small)
                self.segments = [s for s in self.segments if s not in small] + [merged]
            if index_now:
                if self.qid is None or self.rows > RETRAIN_GROWTH * max(self.trained_rows, 1) \
                        or not (self.root / f"q-{self.qid}").is_dir():
                    self.qid, self.trained_rows = train(self.segments, self.root)
                for s in self.segments:
                    build_lists(s, self.root / f"q-{self.qid}", self.qid)
            at("lists")
            self._write_manifest()
            self._sweep()
            return len(keep)
        finally:
            os.close(fd)

    def reindex(self) -> None:
        """Train the quantiser on the whole archive again and rebuild every segment's lists."""
        fd = self._lock()
        try:
            self._read()
            if self.segments:
                self.qid, self.trained_rows = train(self.segments, self.root)
                for s in self.segments:
                    build_lists(s, self.root / f"q-{self.qid}", self.qid)
            self._write_manifest()
            self._sweep()
        finally:
            os.close(fd)

    def _check_models(self, models: Optional[dict]) -> None:
        if models and self.models and models != self.models:
            raise ArchiveError(f"the archive at {self.root.parent} holds signatures of other "
                               f"models ({self.models}); compare with those, or start a new "
                               f"archive")

    def _new_rows(self, items: Sequence[PageItem]) -> List[int]:
        if not self.segments:
            return list(range(len(items)))
        q = index.str_hashes([f"f:{it.document_id}:{it.page}" for it in items])
        seen = set()
        for s in self.segments:
            k, kr = np.asarray(s.arr("keys")), np.asarray(s.arr("keys_row"))
            o = np.argsort(k, kind="stable") if not self.qid or \
                not (s.path / ix_name(self.qid)).is_dir() else None
            if o is None:
                d = s.path / ix_name(self.qid)
                k, kr = _load(d, "keys"), _load(d, "keys_row")
            else:
                k, kr = k[o], kr[o]
            qi, rows = index.lookup(q, k, kr, max_bucket=1 << 30)
            if len(qi):
                recs = s.records(rows.tolist())
                for a, r in zip(qi.tolist(), recs):
                    if r["p"] == items[a].path:
                        seen.add(a)
        return [k for k in range(len(items)) if k not in seen]

    # ---- read
    def _global(self, seg_no: int, rows: np.ndarray) -> np.ndarray:
        return rows + sum(s.rows for s in self.segments[:seg_no])

    def search(self, items: Sequence[PageItem], sig: Signatures, k: int, image_floor: float,
               text_floor: float, nprobe: Optional[int] = None,
               max_bucket: int = 200) -> index.Pairs:
        """Candidate pairs (batch row, archive row) of a batch against the archive."""
        nprobe = nprobe or NPROBE
        if not self.segments or not self.qid or not len(items):
            return index.EMPTY
        qdir = self.root / f"q-{self.qid}"
        found: List[index.Pairs] = []
        views = {}
        for kind, flag in (("image", "has_image"), ("text", "has_text")):
            ok = np.flatnonzero(sig.has_image if kind == "image" else sig.has_text)
            full = sig.image if kind == "image" else sig.text
            v = rank_view(kind, full[ok]) if len(ok) else np.zeros((0, 1), np.float32)
            views[kind] = (ok, v, coarse_view(v) if len(v) else v)
        band_q = index.band_hashes(sig.minhash)
        band_ok = np.repeat(np.asarray(sig.has_text, bool), band_q.shape[1])
        key_q, key_row = [], []
        for r, it in enumerate(items):
            key_q.append(f"f:{it.document_id}:{it.page}")
            key_row.append(r)
            b = bucket_key(cheque_key(it))
            if b is not None:
                key_q.append(f"s:{b}")
                key_row.append(r)
        key_h, key_row = index.str_hashes(key_q), np.array(key_row, np.int64)
        bases = np.cumsum([0] + [s.rows for s in self.segments])
        ixs = [s.path / ix_name(self.qid) for s in self.segments]
        for kind in ("image", "text"):
            ok, v, vc = views[kind]
            parts = [(_load(d, f"{kind}_off"), _load(d, f"{kind}_rows"), _load(d, f"{kind}_vecs"),
                      int(base)) for d, base in zip(ixs, bases)]
            # twice k in the projection, then the floor on the full vectors
            qi, gi, s = index.ivf_search(v, vc, np.load(qdir / f"{kind}_cents.npy"), parts,
                                         2 * k, nprobe)
            if len(qi):
                mine = sig.image if kind == "image" else sig.text
                s = np.einsum("ij,ij->i", self._full_rows(kind, gi), mine[ok[qi]])
            keep = s >= (image_floor if kind == "image" else text_floor)
            found.append((ok[qi[keep]], gi[keep]))
        for n, seg in enumerate(self.segments):
            d = ixs[n]
            qb, rb = index.lookup(band_q.ravel()[band_ok], _load(d, "bands"),
                                  _load(d, "bands_row"), max_bucket)
            if len(qb):
                owner = np.repeat(np.arange(len(items)), band_q.shape[1])[band_ok]
                found.append((owner[qb], self._global(n, rb)))
            qk, rk = index.lookup(key_h, _load(d, "keys"), _load(d, "keys_row"), max_bucket)
            if len(qk):
                found.append((key_row[qk], self._global(n, rk)))
        live = [f for f in found if len(f[0])]
        if not live:
            return index.EMPTY
        a = np.concatenate([f[0] for f in live]).astype(np.int64)
        b = np.concatenate([f[1] for f in live]).astype(np.int64)
        code = np.unique(a * self.rows + b)
        return code // self.rows, code % self.rows

    def _full_rows(self, kind: str, rows: np.ndarray) -> np.ndarray:
        """Full image or text vectors (float32) of these archive rows, in their order."""
        out = np.empty((len(rows), self.segments[0].arr(kind).shape[1]), np.float32)
        bases = np.cumsum([0] + [s.rows for s in self.segments])
        seg_of = np.searchsorted(bases, rows, "right") - 1
        for n, seg in enumerate(self.segments):
            idx = np.flatnonzero(seg_of == n)
            if len(idx):
                o = idx[np.argsort(rows[idx], kind="stable")]
                out[o] = seg.arr(kind)[rows[o] - bases[n]]
        return out

    def load(self, rows: np.ndarray) -> Tuple[List[PageItem], Signatures]:
        """The pages and signatures of these (sorted, unique) archive rows."""
        rows = np.asarray(rows, np.int64)
        starts = np.cumsum([0] + [s.rows for s in self.segments])
        items: List[PageItem] = []
        parts: Dict[str, list] = {n: [] for n in SIG_FILES}
        for n, seg in enumerate(self.segments):
            loc = rows[(rows >= starts[n]) & (rows < starts[n + 1])] - starts[n]
            if not len(loc):
                continue
            items.extend(_item(r) for r in seg.records(loc.tolist()))
            for name in SIG_FILES:
                parts[name].append(np.asarray(seg.arr(name)[loc]))
        if not items:
            return [], Signatures(np.zeros(0, np.uint64), np.zeros((0, 1), np.float32),
                                  np.zeros((0, 384), np.float32), np.zeros((0, 128), np.uint32),
                                  np.zeros(0, bool), np.zeros(0, bool), {})
        c = {n: np.concatenate(p) for n, p in parts.items()}
        return items, Signatures(c["phash"], c["image"].astype(np.float32),
                                 c["text"].astype(np.float32), c["minhash"], c["has_image"],
                                 c["has_text"], {})
