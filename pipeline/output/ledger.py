"""What the dataset already holds: the documents processed successfully with given settings, and
the paths each was seen under.

A document is identified by its content hash, so a renamed or moved file is recognised. The
``processing_key`` column of ``documents`` fingerprints the models and options a row was made
with; a change of either makes the document due again. ``documents`` files are the parts'
commit markers, so every one of them belongs to a committed part.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Set

import pyarrow.compute as pc
import pyarrow.parquet as pq

from .parts import part_files
from .storage import open_storage


@dataclass
class Held:
    done: Set[str] = field(default_factory=set)              # document ids read with the key
    paths: Dict[str, Set[str]] = field(default_factory=dict)  # document id -> paths with a row

    def __contains__(self, document_id: str) -> bool:
        return document_id in self.done


def held(out, processing_key: str) -> Held:
    """The documents the dataset holds with ``processing_key`` (status ok), and every path each
    has a row under (ok, or duplicate of another input). ``out``: a local folder (str or Path)
    or an object-store URL; only committed parts count."""
    storage = open_storage(out if isinstance(out, str) else str(out))
    h = Held()
    for f in part_files(storage, "documents"):
        path = storage.path(f)
        schema = pq.read_schema(path, filesystem=storage.fs)
        if "processing_key" not in schema.names:
            continue
        cols = ["document_id", "path", "status", "processing_key"]
        t = pq.read_table(path, columns=cols, filesystem=storage.fs, partitioning=None)
        t = t.filter(pc.equal(t["processing_key"], processing_key))
        ok = pc.equal(t["status"], "ok")
        h.done.update(t.filter(ok)["document_id"].to_pylist())
        kept = t.filter(pc.or_(ok, pc.equal(t["status"], "duplicate")))
        for doc, p in zip(kept["document_id"].to_pylist(), kept["path"].to_pylist()):
            h.paths.setdefault(doc, set()).add(p)
    return h


def processed(out, processing_key: str) -> Set[str]:
    return held(out, processing_key).done
