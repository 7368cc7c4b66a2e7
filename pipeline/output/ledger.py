"""What the dataset already holds: the documents processed successfully with given settings, and
the paths each was seen under.

A document is identified by its content hash, so a renamed or moved file is recognised. The
``processing_key`` column of ``documents`` fingerprints the models and options a row was made
with; a change of either makes the document due again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Set

import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.output.writer import table_files


@dataclass
class Held:
    done: Set[str] = field(default_factory=set)              # document ids read with the key
    paths: Dict[str, Set[str]] = field(default_factory=dict)  # document id -> paths with a row

    def __contains__(self, document_id: str) -> bool:
        return document_id in self.done


def held(out: Path, processing_key: str) -> Held:
    """The documents the dataset holds with ``processing_key`` (status ok), and every path each
    has a row under (ok, or duplicate of another input)."""
    h = Held()
    for f in table_files(Path(out), "documents"):
        schema = pq.read_schema(f)
        if "processing_key" not in schema.names:
            continue
        cols = ["document_id", "path", "status", "processing_key"]
        t = pq.read_table(f, columns=cols)
        t = t.filter(pc.equal(t["processing_key"], processing_key))
        ok = pc.equal(t["status"], "ok")
        h.done.update(t.filter(ok)["document_id"].to_pylist())
        kept = t.filter(pc.or_(ok, pc.equal(t["status"], "duplicate")))
        for doc, path in zip(kept["document_id"].to_pylist(), kept["path"].to_pylist()):
            h.paths.setdefault(doc, set()).add(path)
    return h


def processed(out: Path, processing_key: str) -> Set[str]:
    return held(out, processing_key).done
