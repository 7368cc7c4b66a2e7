"""The archive's segments: one batch of pages' signatures as .npy files and their page records
as JSON lines, written under a temporary name and renamed into place, and merged when there are
too many (the layout and the update protocol are in ``archive``).
"""
from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence

import numpy as np

from . import index
from .cheque import bucket_key, normalise_key
from .pages import PageItem
from .signals import Signatures

FORMAT = 2                # 2: lists of RANK_DIMS projections (ix2), quantiser on them
DIR = "_archive"
MAX_SEGMENTS = 16        # more: the smallest half are merged into one
KEY_FIELDS = ("micr_routing", "micr_account", "micr_serial", "amount")
SIG_FILES = ("phash", "image", "text", "minhash", "has_image", "has_text")


class ArchiveError(Exception):
    pass


def cheque_key(it: PageItem):
    return normalise_key([it.fields.get(k) for k in KEY_FIELDS]) if it.doc_type == "cheque" else None


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _save(folder: Path, name: str, arr: np.ndarray) -> None:
    with open(folder / f"{name}.npy", "wb") as f:
        np.save(f, np.ascontiguousarray(arr))
        f.flush()
        os.fsync(f.fileno())


def _load(folder: Path, name: str) -> np.ndarray:
    return np.load(folder / f"{name}.npy", mmap_mode="r")


def _publish(tmp: Path, final: Path) -> None:
    """Rename a fully written temporary folder into place."""
    _fsync_dir(tmp)
    os.rename(tmp, final)
    _fsync_dir(final.parent)


@dataclass
class Segment:
    name: str
    path: Path
    rows: int

    def arr(self, name: str) -> np.ndarray:
        return _load(self.path, name)

    def records(self, rows: Sequence[int]) -> List[dict]:
        off = _load(self.path, "meta_off")
        with open(self.path / "meta.bin", "rb") as f:
            out = []
            for r in rows:
                f.seek(int(off[r]))
                out.append(json.loads(f.read(int(off[r + 1] - off[r]))))
        return out


def _record(it: PageItem) -> bytes:
    return json.dumps({"d": it.document_id, "p": it.path, "n": it.page, "t": it.file_type,
                       "k": it.doc_type, "c": it.mean_conf, "f": it.fields, "x": it.text},
                      separators=(",", ":")).encode()


def _item(r: dict) -> PageItem:
    return PageItem(r["d"], r["p"], r["n"], r["t"], r["x"], r["k"], r["c"], dict(r["f"]))


def write_segment(root: Path, items: Sequence[PageItem], sig: Signatures) -> Segment:
    """A new segment folder (not yet in the manifest) holding these pages."""
    name = f"seg-{uuid.uuid4().hex[:16]}"
    tmp = root / f"tmp-{name}"
    tmp.mkdir(parents=True)
    blobs = [_record(it) for it in items]
    with open(tmp / "meta.bin", "wb") as f:
        for b in blobs:
            f.write(b)
        f.flush()
        os.fsync(f.fileno())
    _save(tmp, "meta_off", np.r_[0, np.cumsum([len(b) for b in blobs], dtype=np.int64)])
    _save(tmp, "phash", np.asarray(sig.phash, np.uint64))
    _save(tmp, "image", np.asarray(sig.image, np.float16))
    _save(tmp, "text", np.asarray(sig.text, np.float16))
    _save(tmp, "minhash", np.asarray(sig.minhash, np.uint32))
    _save(tmp, "has_image", np.asarray(sig.has_image, bool))
    _save(tmp, "has_text", np.asarray(sig.has_text, bool))
    keys = [f"f:{it.document_id}:{it.page}" for it in items]
    kr = list(range(len(items)))
    for r, it in enumerate(items):
        b = bucket_key(cheque_key(it))
        if b is not None:
            keys.append(f"s:{b}")
            kr.append(r)
    _save(tmp, "keys", index.str_hashes(keys))
    _save(tmp, "keys_row", np.array(kr, np.int64))
    final = root / name
    _publish(tmp, final)
    return Segment(name, final, len(items))


def merge_segments(root: Path, segs: Sequence[Segment]) -> Segment:
    name = f"seg-{uuid.uuid4().hex[:16]}"
    tmp = root / f"tmp-{name}"
    tmp.mkdir(parents=True)
    offs, base = [], 0
    with open(tmp / "meta.bin", "wb") as f:
        for s in segs:
            with open(s.path / "meta.bin", "rb") as g:
                shutil.copyfileobj(g, f)
            o = np.asarray(s.arr("meta_off"), np.int64)
            offs.append(o[:-1] + base)
            base += int(o[-1])
        f.flush()
        os.fsync(f.fileno())
    _save(tmp, "meta_off", np.r_[np.concatenate(offs), base])
    for n in SIG_FILES:
        _save(tmp, n, np.concatenate([s.arr(n) for s in segs]))
    rows, keys, kr = 0, [], []
    for s in segs:
        keys.append(s.arr("keys"))
        kr.append(np.asarray(s.arr("keys_row")) + rows)
        rows += s.rows
    _save(tmp, "keys", np.concatenate(keys))
    _save(tmp, "keys_row", np.concatenate(kr))
    final = root / name
    _publish(tmp, final)
    return Segment(name, final, rows)
