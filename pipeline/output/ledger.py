"""What the dataset already holds: the documents processed successfully with given settings.

A document is identified by its content hash, so a renamed or moved file is recognised. The
``processing_key`` column of ``documents`` fingerprints the models and options a row was made
with; a change of either makes the document due again. ``documents`` files are the parts'
commit markers, so every one of them belongs to a committed part.
"""
from __future__ import annotations

from typing import Set

import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.output.parts import part_files
from pipeline.output.storage import open_storage


def processed(out, processing_key: str) -> Set[str]:
    """``out``: a local folder (str or Path) or an object-store URL."""
    storage = open_storage(out if isinstance(out, str) else str(out))
    done: Set[str] = set()
    for f in part_files(storage, "documents"):
        path = storage.path(f)
        schema = pq.read_schema(path, filesystem=storage.fs)
        if "processing_key" not in schema.names:
            continue
        t = pq.read_table(path, columns=["document_id", "status", "processing_key"],
                          filesystem=storage.fs, partitioning=None)
        mask = pc.and_(pc.equal(t["status"], "ok"), pc.equal(t["processing_key"], processing_key))
        done.update(t.filter(mask)["document_id"].to_pylist())
    return done
