"""The Parquet dataset writer: one folder per table under ``--out``.

Files are written into ``<out>/_staging/<run_id>/`` (outside every table folder, so a reader's
``lines/*.parquet`` glob never sees a half-written file) and renamed into place when the run
finishes; the run manifest ``<out>/runs/<run_id>.json`` is written last.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Dict, List

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.output.schemas import DICTIONARY_COLUMNS, SCHEMA_VERSION, TABLES

ROW_GROUP = 100_000
FLUSH_ROWS = 20_000


class DatasetWriter:
    def __init__(self, out: Path, run_id: str, tables=TABLES):
        self.out = Path(out)
        self.run_id = run_id
        self.tables = dict(tables)
        self.staging = self.out / "_staging" / run_id
        self.staging.mkdir(parents=True, exist_ok=True)
        self._rows: Dict[str, List[dict]] = {t: [] for t in self.tables}
        self._writers: Dict[str, pq.ParquetWriter] = {}
        self.counts: Dict[str, int] = {t: 0 for t in self.tables}

    def add(self, table: str, rows: List[dict]) -> None:
        self._rows[table].extend(rows)
        self.counts[table] += len(rows)
        if len(self._rows[table]) >= FLUSH_ROWS:
            self._flush(table)

    def _flush(self, table: str) -> None:
        rows = self._rows[table]
        schema = self.tables[table]
        if table not in self._writers:
            md = {b"mmbatch.schema_version": SCHEMA_VERSION.encode(),
                  b"mmbatch.table": table.encode()}
            schema = schema.with_metadata(md)
            dict_cols = [c for c in DICTIONARY_COLUMNS if c in schema.names]
            self._writers[table] = pq.ParquetWriter(
                self.staging / f"{table}.parquet", schema, compression="zstd",
                compression_level=3, use_dictionary=dict_cols)
        if rows:
            t = pa.Table.from_pylist(rows, schema=self._writers[table].schema)
            self._writers[table].write_table(t, row_group_size=ROW_GROUP)
        self._rows[table] = []

    def commit(self, manifest: dict) -> Dict[str, str]:
        """Close every file, move it into its table folder, then write the manifest."""
        paths = {}
        for table in self.tables:
            self._flush(table)  # an empty table still gets a file with its schema
            self._writers.pop(table).close()
            dest_dir = self.out / table
            dest_dir.mkdir(parents=True, exist_ok=True)
            dest = dest_dir / f"part-{self.run_id}-0.parquet"
            os.replace(self.staging / f"{table}.parquet", dest)
            paths[table] = str(dest.relative_to(self.out))
        manifest = dict(manifest, files=paths)
        runs = self.out / "runs"
        runs.mkdir(parents=True, exist_ok=True)
        tmp = runs / f".{self.run_id}.json.tmp"
        tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n")
        os.replace(tmp, runs / f"{self.run_id}.json")
        shutil.rmtree(self.staging, ignore_errors=True)
        try:
            (self.out / "_staging").rmdir()
        except OSError:
            pass
        return paths

    def abort(self) -> None:
        for w in self._writers.values():
            try:
                w.close()
            except Exception:
                pass
        shutil.rmtree(self.staging, ignore_errors=True)
