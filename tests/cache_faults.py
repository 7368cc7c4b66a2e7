"""Faults of the disk under the cache, for tests: real where this machine allows (root: a
read-only bind mount, a small tmpfs), simulated through ``Cache.connection_factory``."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import uuid
from contextlib import contextmanager
from pathlib import Path


class Events(list):
    def __call__(self, event, data):
        self.append((event, data))

    def named(self, event):
        return [d for e, d in self if e == event]


def failing_writes(message: str):
    """A connection whose INSERT/DELETE fail with ``message``; like SQLite on a full disk it has
    rolled the transaction back already (so a ROLLBACK after it fails on its own)."""
    class Failing(sqlite3.Connection):
        def _check(self, sql):
            if sql.lstrip().split(None, 1)[0].upper() in ("INSERT", "DELETE", "UPDATE"):
                if self.in_transaction:
                    super().execute("ROLLBACK")
                raise sqlite3.OperationalError(message)

        def execute(self, sql, *args):
            self._check(sql)
            return super().execute(sql, *args)

        def executemany(self, sql, *args):
            self._check(sql)
            return super().executemany(sql, *args)

    return Failing


def damage(path, key: bytes, blob: bytes = b"\x78\x9c garbage, not zlib") -> None:
    con = sqlite3.connect(path)
    with con:
        assert con.execute("UPDATE entries SET value=? WHERE key=?", (blob, key)).rowcount == 1
    con.close()


def mount(*args) -> bool:
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def fill_disk(folder) -> None:
    with open(folder / f"filler-{uuid.uuid4().hex}", "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass
    try:  # the last bytes too
        with open(folder / f"filler-{uuid.uuid4().hex}", "wb") as f:
            while True:
                f.write(b"\0" * 512)
                f.flush()
    except OSError:
        pass


@contextmanager
def read_only(folder: Path):
    """``folder`` bind-mounted read-only over itself; yields False (nothing done) when this
    machine does not allow it."""
    if not mount("--bind", str(folder), str(folder)):
        yield False
        return
    try:
        if not mount("-o", "remount,ro,bind", str(folder)):
            yield False
        else:
            yield True
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@contextmanager
def small_disk(folder: Path, size: str = "2m"):
    """A tmpfs of ``size`` mounted on ``folder`` (made); yields False when not allowed."""
    folder.mkdir(parents=True, exist_ok=True)
    if not mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)):
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)
