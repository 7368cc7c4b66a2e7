"""What the dataset already holds: the documents processed successfully with given settings.

A document is identified by its content hash, so a renamed or moved file is recognised. The
``processing_key`` column of ``documents`` fingerprints the models and options a row was made
with; a change of either makes the document due again.
"""
from __future__ import annotations

from pathlib import Path
from typing import Set

import pyarrow.compute as pc
import pyarrow.parquet as pq

from .writer import table_files


def processed(out: Path, processing_key: str) -> Set[str]:
    done: Set[str] = set()
    for f in table_files(Path(out), "documents"):
        schema = pq.read_schema(f)
        if "processing_key" not in schema.names:
            continue
        t = pq.read_table(f, columns=["document_id", "status", "processing_key"])
        mask = pc.and_(pc.equal(t["status"], "ok"), pc.equal(t["processing_key"], processing_key))
        done.update(t.filter(mask)["document_id"].to_pylist())
    return done
