"""The disk cache of model results: SQLite in WAL mode, one local file.

Entries are keyed by a sha256 of (what the result is of: a page's content identity, a crop's
bytes ...; the sha256 of every model file involved; the options that change the result). Values
are zlib-compressed JSON (never pickle: a cache file may be shared). SQLite gives atomic commits:
a writer killed mid-write (kill -9) leaves the last committed state, several processes may write at
once (they wait on a busy timeout), and readers never see half an entry. Measured before choosing
(100k 512-d float32 vectors): a rowid table with a BLOB key on 16 KiB pages wrote 14-20k vectors/s,
read a warm key in about 35 us and used 1.16x the raw size; LMDB doubled the disk use. WAL does not
work over NFS: keep the cache on a local disk.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    key BLOB NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    value BLOB NOT NULL,
    size INTEGER NOT NULL,
    created REAL NOT NULL,
    accessed REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_accessed ON entries(accessed);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    ts REAL NOT NULL,
    hits INTEGER NOT NULL,
    misses INTEGER NOT NULL
);
"""


def default_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mmbatch"


def make_key(kind: str, *parts: Any) -> bytes:
    """A stable key: sha256 of the kind and the JSON of every part (sorted dict keys)."""
    blob = json.dumps([kind, *parts], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).digest()


@dataclass
class CacheStats:
    path: str
    entries: int
    bytes: int
    file_bytes: int
    last_run: Optional[dict]


class Cache:
    """A process-safe key -> JSON value store. ``None`` path or ``enabled=False``: a no-op."""

    def __init__(self, directory: Optional[Path] = None, enabled: bool = True):
        self.enabled = enabled
        self.hits = 0
        self.misses = 0
        self._local = threading.local()
        self.path = Path(directory or default_dir()) / "cache.sqlite3"
        if enabled:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = self._con()
            with con:
                con.executescript(SCHEMA)

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=60.0, isolation_level=None)
            con.execute("PRAGMA page_size=16384")
            # switching a new file to WAL needs an exclusive lock and SQLite does not wait on
            # the busy handler for it: two processes opening a fresh cache at once would fail
            for attempt in range(600):
                try:
                    con.execute("PRAGMA journal_mode=WAL")
                    break
                except sqlite3.OperationalError as e:
                    if "locked" not in str(e) or attempt == 599:
                        raise
                    time.sleep(0.1)
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute("PRAGMA busy_timeout=60000")
            self._local.con = con
        return con

    def get(self, key: bytes) -> Optional[Any]:
        if not self.enabled:
            return None
        row = self._con().execute("SELECT value FROM entries WHERE key=?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return json.loads(zlib.decompress(row[0]))

    def get_many(self, keys: Iterable[bytes]) -> dict:
        """{key: value} for the keys present (one query per 500 keys)."""
        keys = list(keys)
        out: dict = {}
        if not self.enabled or not keys:
            return out
        con = self._con()
        for i in range(0, len(keys), 500):
            chunk = keys[i: i + 500]
            q = "SELECT key, value FROM entries WHERE key IN (%s)" % ",".join("?" * len(chunk))
            for k, v in con.execute(q, chunk):
                out[bytes(k)] = json.loads(zlib.decompress(v))
        self.hits += len(out)
        self.misses += len(keys) - len(out)
        return out

    def put(self, key: bytes, kind: str, value: Any) -> None:
        self.put_many([(key, kind, value)])

    def put_many(self, items: Iterable[tuple]) -> None:
        if not self.enabled:
            return
        now = time.time()
        rows = []
        for key, kind, value in items:
            blob = zlib.compress(json.dumps(value, separators=(",", ":")).encode(), 3)
            rows.append((key, kind, blob, len(blob), now, now))
        if not rows:
            return
        con = self._con()
        con.execute("BEGIN IMMEDIATE")
        try:
            con.executemany(
                "INSERT INTO entries(key, kind, value, size, created, accessed) "
                "VALUES (?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value, "
                "size=excluded.size, accessed=excluded.accessed", rows)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def touch(self, keys: Iterable[bytes]) -> None:
        """Mark entries as used now (so ``prune`` keeps what recent runs read)."""
        keys = list(keys)
        if not self.enabled or not keys:
            return
        con = self._con()
        now = time.time()
        con.execute("BEGIN IMMEDIATE")
        con.executemany("UPDATE entries SET accessed=? WHERE key=?", [(now, k) for k in keys])
        con.execute("COMMIT")

    def record_run(self, run_id: str) -> None:
        if not self.enabled:
            return
        self._con().execute("INSERT OR REPLACE INTO runs(run_id, ts, hits, misses) VALUES (?,?,?,?)",
                            (run_id, time.time(), self.hits, self.misses))

    def stats(self) -> CacheStats:
        con = self._con()
        n, size = con.execute("SELECT count(*), coalesce(sum(size), 0) FROM entries").fetchone()
        last = con.execute("SELECT run_id, hits, misses FROM runs ORDER BY ts DESC LIMIT 1").fetchone()
        last_run = None
        if last:
            total = last[1] + last[2]
            last_run = {"run_id": last[0], "hits": last[1], "misses": last[2],
                        "hit_rate": round(last[1] / total, 4) if total else None}
        file_bytes = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*"))
        return CacheStats(str(self.path), n, size, file_bytes, last_run)

    def prune(self, max_bytes: int) -> int:
        """Drop the least recently used entries until the values fit in ``max_bytes``."""
        con = self._con()
        total = con.execute("SELECT coalesce(sum(size), 0) FROM entries").fetchone()[0]
        removed = 0
        if total <= max_bytes:
            return 0
        con.execute("BEGIN IMMEDIATE")
        for rid, size in con.execute("SELECT id, size FROM entries ORDER BY accessed").fetchall():
            if total <= max_bytes:
                break
            con.execute("DELETE FROM entries WHERE id=?", (rid,))
            total -= size
            removed += 1
        con.execute("COMMIT")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("VACUUM")
        return removed

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None


def open_cache(directory: Optional[str] = None, enabled: bool = True) -> Cache:
    """A Cache for ``--cache DIR`` (None: the default folder); a folder that cannot be created
    or a file that cannot be opened as the cache is a usage error naming the path."""
    from pipeline.errors import UsageError

    where = directory or str(default_dir())
    try:
        return Cache(Path(directory) if directory else None, enabled=enabled)
    except (OSError, sqlite3.Error) as e:
        why = getattr(e, "strerror", None) or str(e)
        raise UsageError(f"--cache {where}: cannot be used as the cache folder ({why})") from e
