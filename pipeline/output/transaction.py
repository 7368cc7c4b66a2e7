"""How every command writes tables into a dataset: lock, recover, stage, commit.

    with DatasetTransaction(out, run_id, started, tables=..., wait=..., log=...) as tx:
        tx.add("documents", rows)        # staged in <out>/_staging/<run_id>/
        tx.commit_part()                 # optional: commit what is staged so far
        tx.commit(manifest)              # the last part, then runs/<run_id>.json

Entering takes the dataset's lock (``DatasetLock``: exit code 3 when another run holds it,
unless ``wait``) and removes what a killed run left (``recover``); leaving without ``commit``
(an exception, Ctrl-C, SIGTERM) drops the staged, uncommitted part and keeps the parts already
committed; the lock is always released.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Callable, Dict, Optional

from ..errors import UsageError
from .lock import DatasetLock
from .schemas import TABLES
from .writer import DatasetWriter, recover


class DatasetTransaction:
    def __init__(self, out, run_id: str, started: datetime, tables=TABLES,
                 commit_last: Optional[str] = None, wait: bool = False,
                 log: Optional[Callable[[str, dict], None]] = None):
        self.out = Path(out)
        self.run_id = run_id
        self.run_date = started.strftime("%Y-%m-%d")
        self.tables: Dict = dict(tables)
        self.commit_last = commit_last
        self.wait = wait
        self.log = log or (lambda event, data: None)
        self.lock = DatasetLock(self.out)
        self.writer: Optional[DatasetWriter] = None
        self.committed = False

    def __enter__(self) -> "DatasetTransaction":
        try:
            self.lock.acquire(self.run_id, wait=self.wait)
        except OSError as e:
            raise UsageError(f"--out {self.out}: cannot be written ({e.strerror or e})") from e
        try:
            removed = recover(self.out)
            if self.lock.took_over:
                self.log("stale_lock", {"previous": self.lock.took_over})
            if removed:
                self.log("recovered", {"removed": removed})
            self.writer = DatasetWriter(self.out, self.run_id, self.run_date, tables=self.tables,
                                        commit_last=self.commit_last)
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
        return str(self.out / "runs" / f"{self.run_id}.json")

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if not self.committed and self.writer is not None:
                self.writer.abort()
        finally:
            self.lock.release()
