"""The Parquet dataset writer: one folder per table, Hive-partitioned by run date.

    <out>/<table>/run_date=YYYY-MM-DD/part-<run_id>-<i>.parquet

A run commits its results in parts as it goes. A part's files are written in a local staging
folder (``<out>/_staging/<run_id>/`` for a local dataset: outside every table folder, so a
reader's ``lines/**/*.parquet`` glob never sees a half-written file; a temporary folder for one
on an object store) and go into place whole (a rename, or one upload), the committing table's
file (``documents``) last: that file is the part's commit marker (see ``parts``). A part that
fails on the way is taken out again; ``recover`` (run under the dataset lock before a run)
deletes the files of a part whose marker never landed (a run killed between files) and leftover
staging folders, so a rerun processes those documents again and every document is in the
dataset exactly once. The run manifest ``<out>/runs/<run_id>.json`` is written last.

Files: zstd level 3, row groups of up to 100k rows, dictionary encoding only on low-cardinality
string columns (measured: pyarrow's default of dictionary on every column made lines 22% larger).
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from pathlib import Path
from datetime import datetime, timezone
from typing import Callable, Dict, List, Optional

import pyarrow as pa
import pyarrow.parquet as pq

from .parts import (COMMIT_GROUPS, COMMIT_LAST, PART_RE, committed_parts,
                    part_files, part_name)
from .schemas import DICTIONARY_COLUMNS, SCHEMA_VERSION, TABLES
from .storage import open_storage

ROW_GROUP = 100_000
FLUSH_ROWS = 20_000
# a test hook: seconds to sleep after each file of a part that goes in before its marker
PAUSE_ENV = "MMBATCH_TEST_COMMIT_PAUSE"
__all__ = ["COMMIT_GROUPS", "COMMIT_LAST", "PART_RE", "DatasetWriter", "recover", "run_header",
           "table_files"]


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
    """Every part file of ``table`` in a local dataset, committed or not."""
    return sorted(Path(out).glob(f"{table}/run_date=*/part-*.parquet"))


def hold_folder(path: Path) -> int:
    """Create ``path`` and hold a lock on it while a run stages there (``sweep_staging`` leaves
    a held folder alone). Returns the descriptor; closing it lets go."""
    path.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        pass  # a filesystem without folder locks: the dataset lock still guards it
    return fd


def sweep_staging(root: Path, keep: str = "") -> List[str]:
    """Remove the staging folders under ``root`` that no live run holds (a killed run's)."""
    removed = []
    if not root.is_dir():
        return removed
    for d in sorted(root.iterdir()):
        if d.name == keep or not d.is_dir():
            continue
        try:
            fd = os.open(d, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # a live run's
        except OSError:
            pass
        finally:
            os.close(fd)
        shutil.rmtree(d, ignore_errors=True)
        removed.append(d.name)
    return removed


class DatasetWriter:
    def __init__(self, out, run_id: str, run_date: Optional[str] = None, tables=TABLES,
                 commit_last: Optional[str] = None,
                 check: Optional[Callable[[], None]] = None, staging: Optional[str] = None):
        self.storage = open_storage(out)
        self.run_id = run_id
        self.run_date = run_date or datetime.now(timezone.utc).strftime("%Y-%m-%d")
        self.tables = dict(tables)
        self.commit_last = commit_last or (COMMIT_LAST if COMMIT_LAST in self.tables
                                           else list(self.tables)[-1])
        self.check = check or (lambda: None)  # raises when the dataset lock is no longer held
        self.staging = self.storage.staging_root() / (staging or run_id)
        self._held = hold_folder(self.staging)
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

    def add_arrow(self, table: str, t: pa.Table) -> None:
        """Stage an Arrow table of ``table``'s schema (columns it lacks are null)."""
        self._flush(table)
        t = conform(t, self.tables[table])
        if t.num_rows:
            self._writers[table].write_table(t.replace_schema_metadata(
                self._writers[table].schema.metadata), row_group_size=ROW_GROUP)
        self.counts[table] += t.num_rows
        self.part_rows += t.num_rows

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
        """Close the current part's files and put them in place, the marker last. A failure on
        the way takes out what went in (unless the marker did: the part is then committed)."""
        if not self.part_rows:
            return
        order = [t for t in self.tables if t != self.commit_last] + [self.commit_last]
        for table in order:
            self._flush(table)  # an empty table still gets a file with its schema
            self._writers.pop(table).close()
        name = f"part-{self.run_id}-{self.part}.parquet"
        dest = {t: f"{t}/run_date={self.run_date}/{name}" for t in order}
        pause = float(os.environ.get(PAUSE_ENV) or 0)
        moved: List[str] = []
        try:
            for table in order:
                if table == self.commit_last:
                    self.check()  # the marker goes in only while the lock is surely held
                self.storage.move_in(self.staging / f"{table}.parquet", dest[table])
                moved.append(table)
                if pause and table != self.commit_last:
                    time.sleep(pause)
        except BaseException:
            if not self._landed(dest[self.commit_last]):
                for table in moved:
                    self._try(self.storage.delete, dest[table])
                raise
        for table in order:
            self.files[table].append(dest[table])
        self.part += 1
        self.part_rows = 0

    def _landed(self, rel: str) -> bool:
        try:
            return self.storage.exists(rel)
        except Exception:
            return False  # cannot tell: recover() takes the rest out under the next lock

    @staticmethod
    def _try(fn, *args) -> None:
        try:
            fn(*args)
        except Exception:
            pass

    def commit(self, manifest: dict) -> None:
        """Commit the last part, then write the run manifest (the run's commit point)."""
        self.commit_part()
        manifest = dict(manifest, files=self.files, parts=self.part)
        text = json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n"
        self.storage.write_bytes(f"runs/{self.run_id}.json", text.encode())
        self.abort()

    def abort(self) -> None:
        """Drop what is staged and not committed: the writers, the staging folder (and the
        staging root of a local dataset when it is left empty)."""
        for w in self._writers.values():
            self._try(w.close)
        self._writers = {}
        shutil.rmtree(self.staging, ignore_errors=True)
        if self._held is not None:
            os.close(self._held)
            self._held = None
        if self.storage.local:
            self._try(os.rmdir, self.staging.parent)


def conform(t: pa.Table, schema: pa.Schema) -> pa.Table:
    """``t`` with ``schema``'s columns in its order: a column of a newer schema version that an
    older file lacks is null."""
    cols = [t[f.name].cast(f.type) if f.name in t.column_names else pa.nulls(t.num_rows, f.type)
            for f in schema]
    return pa.Table.from_arrays(cols, schema=schema.remove_metadata())


def recover(out) -> List[str]:
    """Remove what a killed run left: staging folders, and parts whose committing file (the
    marker: documents for extract's tables, comparisons for compare's) is missing; finish an
    interrupted compaction. Call only while holding the dataset lock. Returns what it did."""
    from .compact import finish_interrupted

    storage = open_storage(out)
    removed: List[str] = finish_interrupted(storage)
    for tables, last in COMMIT_GROUPS:
        committed = committed_parts(storage, last)
        for table in tables:
            if table == last:
                continue
            for f in part_files(storage, table):
                if part_name(f) not in committed:
                    storage.delete(f)
                    removed.append(f)
    for f in storage.list_files("runs"):  # a manifest half written by an older version
        if f.rsplit("/", 1)[-1].startswith(".") and f.endswith(".tmp"):
            storage.delete(f)
            removed.append(f)
    staging = storage.staging_root()
    if storage.local:
        removed += [f"_staging/{d}" for d in sweep_staging(staging)]
        try:
            staging.rmdir()
        except OSError:
            pass
    else:
        sweep_staging(staging)  # this machine's leftovers of killed runs, not the dataset's
    return removed
