"""How every command writes tables into a dataset: lock, recover, stage, commit.

    with DatasetTransaction(out, run_id, started, tables=..., wait=..., log=...) as tx:
        tx.add("documents", rows)        # staged locally (<out>/_staging/<run_id>/)
        tx.commit_part()                 # optional: commit what is staged so far
        tx.commit(manifest)              # the last part, then runs/<run_id>.json

``out`` is a local folder or an object-store URL (``pipeline.output.storage``). Entering takes
the dataset's lock (``DatasetLock``, a flock, for a local folder; ``LeaseLock`` on an object
store: exit code 3 when another run holds it, unless ``wait``) and removes what a killed run
left (``recover``); leaving without ``commit`` (an exception, Ctrl-C, SIGTERM, a failed upload
or manifest write) drops the staged, uncommitted part and the staging folder and keeps the
parts already committed; the lock is always released.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Callable, Dict, Optional

from ..errors import UsageError
from .lock import DatasetLock
from .schemas import TABLES
from .storage import open_storage
from .writer import DatasetWriter, recover


def dataset_lock(storage):
    """The lock of a dataset: a flock for a local folder, a lease on an object store."""
    if storage.local:
        return DatasetLock(storage.root)
    from .lease import LeaseLock

    return LeaseLock(storage)


class DatasetTransaction:
    def __init__(self, out, run_id: str, started: datetime, tables=TABLES,
                 commit_last: Optional[str] = None, wait: bool = False,
                 log: Optional[Callable[[str, dict], None]] = None):
        self.out = out if isinstance(out, str) and "://" in out else Path(out)
        self.run_id = run_id
        self.run_date = started.strftime("%Y-%m-%d")
        self.tables: Dict = dict(tables)
        self.commit_last = commit_last
        self.wait = wait
        self.log = log or (lambda event, data: None)
        self.storage = None
        self.lock = None
        self.writer: Optional[DatasetWriter] = None
        self.committed = False

    def __enter__(self) -> "DatasetTransaction":
        try:
            self.storage = open_storage(str(self.out))
            self.lock = dataset_lock(self.storage)
            self.lock.acquire(self.run_id, wait=self.wait)
        except OSError as e:
            raise UsageError(f"--out {self.out}: cannot be written ({e.strerror or e})") from e
        try:
            removed = recover(self.storage)
            if self.lock.took_over:
                self.log("stale_lock", {"previous": self.lock.took_over})
            if removed:
                self.log("recovered", {"removed": removed})
            self.writer = DatasetWriter(self.storage, self.run_id, self.run_date,
                                        tables=self.tables, commit_last=self.commit_last,
                                        check=self.lock.check)
        except BaseException:
            self.lock.release()
            raise
        return self

    def add(self, table: str, rows) -> None:
        self.writer.add(table, rows)

    @property
    def staged_rows(self) -> int:
        return self.writer.part_rows

    def commit_part(self) -> None:
        self.writer.commit_part()

    def commit(self, manifest: dict) -> None:
        self.writer.commit(manifest)
        self.committed = True

    @property
    def manifest_path(self) -> str:
        if self.storage is not None:
            return self.storage.uri(f"runs/{self.run_id}.json")
        if isinstance(self.out, str):
            return f"{self.out.rstrip('/')}/runs/{self.run_id}.json"
        return str(self.out / "runs" / f"{self.run_id}.json")

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if not self.committed and self.writer is not None:
                self.writer.abort()
        finally:
            if self.lock is not None:
                self.lock.release()


class NoDataset:
    """A transaction that keeps nothing: a run whose rows nobody wants (compare reads pages
    through an extract run for their results and the cache, not for tables), so no folder is
    made and nothing is left behind when the run is killed."""

    committed = False
    staged_rows = 0
    manifest_path = ""

    def __enter__(self) -> "NoDataset":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        pass

    def add(self, table: str, rows) -> None:
        pass

    def commit_part(self) -> None:
        pass

    def commit(self, manifest: dict) -> None:
        self.committed = True
