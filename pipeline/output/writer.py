"""The Parquet dataset writer: one folder per table, Hive-partitioned by run date.

    <out>/<table>/run_date=YYYY-MM-DD/part-<run_id>-<i>.parquet

A run commits its results in parts as it goes. A part's files are written in
``<out>/_staging/<run_id>/`` (outside every table folder: a reader's ``lines/**/*.parquet`` glob
never sees a half-written file) and renamed into place, the ``documents`` file last: a part is
committed when its documents file lands. ``recover`` (run under the dataset lock before a run)
deletes the files of a part whose documents file never landed (a run killed between renames) and
leftover staging folders, so a rerun processes those documents again and every document is in the
dataset exactly once. The run manifest ``<out>/runs/<run_id>.json`` is written last.

Files: zstd level 3, row groups of up to 100k rows, dictionary encoding only on low-cardinality
string columns (measured: pyarrow's default of dictionary on every column made lines 22% larger).
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from datetime import datetime, timezone
from typing import Dict, List, Optional

import pyarrow as pa
import pyarrow.parquet as pq

from .schemas import COMPARE_TABLES, DICTIONARY_COLUMNS, SCHEMA_VERSION, TABLES

ROW_GROUP = 100_000
FLUSH_ROWS = 20_000
COMMIT_LAST = "documents"
# the tables written together by one kind of run, and the one whose file commits a part
# (a one-table run, such as mmbatch ask's answers, commits with a single rename)
COMMIT_GROUPS = [(tuple(TABLES), COMMIT_LAST), (tuple(COMPARE_TABLES), "comparisons")]
PART_RE = re.compile(r"^part-(?P<run>.+)-(?P<i>\d+)\.parquet$")


def run_header(run_id: str, started: datetime, command: str, inputs) -> dict:
    """What every run manifest starts with, whichever command wrote it."""
    import platform

    from .. import __version__

    return {
        "run_id": run_id,
        "started_at": started.isoformat(),
        "ended_at": datetime.now(timezone.utc).isoformat(),
        "mmbatch_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "command": command,
        "inputs": [str(x) for x in inputs],
        "cwd": os.getcwd(),  # relative paths in the tables are relative to this folder
        "host": {"python": platform.python_version(), "machine": platform.machine(),
                 "cpus": os.cpu_count()},
    }


def table_files(out: Path, table: str) -> List[Path]:
    return sorted((Path(out) / table).glob("run_date=*/part-*.parquet"))


class DatasetWriter:
    def __init__(self, out: Path, run_id: str, run_date: Optional[str] = None, tables=TABLES,
                 commit_last: Optional[str] = None):
        self.out = Path(out)
        self.run_id = run_id
        self.run_date = run_date or datetime.now(timezone.utc).strftime("%Y-%m-%d")
        self.tables = dict(tables)
        self.commit_last = commit_last or (COMMIT_LAST if COMMIT_LAST in self.tables
                                           else list(self.tables)[-1])
        self.staging = self.out / "_staging" / run_id
        self.staging.mkdir(parents=True, exist_ok=True)
        self.part = 0
        self._rows: Dict[str, List[dict]] = {t: [] for t in self.tables}
        self._writers: Dict[str, pq.ParquetWriter] = {}
        self.counts: Dict[str, int] = {t: 0 for t in self.tables}
        self.files: Dict[str, List[str]] = {t: [] for t in self.tables}
        self._names = {t: frozenset(schema.names) for t, schema in self.tables.items()}
        self.part_rows = 0

    def add(self, table: str, rows: List[dict]) -> None:
        """Stage rows of ``table``. A key that is not a column of its schema is a bug (Arrow
        would drop it and leave the column null): it fails loudly here."""
        if table not in self.tables:
            raise ValueError(f"no table {table!r} in this dataset writer "
                             f"(tables: {', '.join(self.tables)})")
        names = self._names[table]
        for r in rows:
            if not names.issuperset(r):
                raise ValueError(f"{table}: no such column {sorted(set(r) - names)} in its "
                                 f"schema (columns: {', '.join(self.tables[table].names)})")
        self._rows[table].extend(rows)
        self.counts[table] += len(rows)
        self.part_rows += len(rows)
        if len(self._rows[table]) >= FLUSH_ROWS:
            self._flush(table)

    def _flush(self, table: str) -> None:
        rows = self._rows[table]
        if table not in self._writers:
            md = {b"mmbatch.schema_version": SCHEMA_VERSION.encode(), b"mmbatch.table": table.encode()}
            schema = self.tables[table].with_metadata(md)
            dict_cols = [c for c in DICTIONARY_COLUMNS if c in schema.names]
            self._writers[table] = pq.ParquetWriter(
                self.staging / f"{table}.parquet", schema, compression="zstd",
                compression_level=3, use_dictionary=dict_cols)
        if rows:
            t = pa.Table.from_pylist(rows, schema=self._writers[table].schema)
            self._writers[table].write_table(t, row_group_size=ROW_GROUP)
        self._rows[table] = []

    def commit_part(self) -> None:
        """Close the current part's files and rename them into place, documents last."""
        if not self.part_rows:
            return
        order = [t for t in self.tables if t != self.commit_last] + [self.commit_last]
        for table in order:
            self._flush(table)  # an empty table still gets a file with its schema
            self._writers.pop(table).close()
        for table in order:
            dest_dir = self.out / table / f"run_date={self.run_date}"
            dest_dir.mkdir(parents=True, exist_ok=True)
            dest = dest_dir / f"part-{self.run_id}-{self.part}.parquet"
            os.replace(self.staging / f"{table}.parquet", dest)
            self.files[table].append(str(dest.relative_to(self.out)))
        self.part += 1
        self.part_rows = 0

    def commit(self, manifest: dict) -> None:
        """Commit the last part, then write the run manifest (the run's commit point)."""
        self.commit_part()
        manifest = dict(manifest, files=self.files, parts=self.part)
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

    def abort(self) -> None:
        for w in self._writers.values():
            try:
                w.close()
            except Exception:
                pass
        shutil.rmtree(self.staging, ignore_errors=True)


def recover(out: Path) -> List[str]:
    """Remove what a killed run left: staging folders, and parts whose committing file (documents
    for extract's tables, comparisons for compare's) is missing. Call only while holding the
    dataset lock. Returns the removed paths."""
    out = Path(out)
    removed: List[str] = []
    for tables, last in COMMIT_GROUPS:
        committed = set()
        for f in table_files(out, last):
            m = PART_RE.match(f.name)
            if m:
                committed.add((f.parent.name, m.group("run"), m.group("i")))
        for table in tables:
            if table == last:
                continue
            for f in table_files(out, table):
                m = PART_RE.match(f.name)
                if m and (f.parent.name, m.group("run"), m.group("i")) not in committed:
                    f.unlink()
                    removed.append(str(f.relative_to(out)))
    staging = out / "_staging"
    if staging.is_dir():
        for d in staging.iterdir():
            shutil.rmtree(d, ignore_errors=True)
            removed.append(str(d.relative_to(out)))
    return removed
