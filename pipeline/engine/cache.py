"""The disk cache of model results: SQLite in WAL mode, one local file.

Entries are keyed by a sha256 of (what the result is of: a page's content identity, a crop's
bytes ...; the sha256 of every model file involved; the options that change the result). Values
are zlib-compressed JSON (never pickle: a cache file may be shared). SQLite gives atomic commits:
a writer killed mid-write (kill -9) leaves the last committed state, several processes may write at
once (they wait on a busy timeout), and readers never see half an entry. Measured before choosing
(100k 512-d float32 vectors): a rowid table with a BLOB key on 16 KiB pages wrote 14-20k vectors/s,
read a warm key in about 35 us and used 1.16x the raw size; LMDB doubled the disk use. WAL does not
work over NFS: keep the cache on a local disk.

``prune`` evicts the least recently used entries: written (``entries.accessed``) or read (the
narrow ``used`` table). Reads are not written one by one: the keys read are collected and their
use written in one transaction every ``MARK_EVERY`` keys and at ``record_run``, ``prune`` and
``close``. They go to their own table because updating ``entries`` rewrites each entry's page
(measured, 5,000 reads of 11 KB vectors: 400 ms that way, 20-35 ms in ``used``). A key that
another process pruned meanwhile is simply not marked.
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
CREATE TABLE IF NOT EXISTS used (
    id INTEGER PRIMARY KEY,  -- entries.id
    accessed REAL NOT NULL   -- when it was last read
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    ts REAL NOT NULL,
    hits INTEGER NOT NULL,
    misses INTEGER NOT NULL
);
"""


# keys read before their use is written (one transaction); also written at record_run and close
MARK_EVERY = 5000


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
        self._read: set = set()  # keys read since their use was last written
        self._read_lock = threading.Lock()
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
        self._mark((key,))
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
        self._mark(out)
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

    def _mark(self, keys: Iterable[bytes]) -> None:
        with self._read_lock:
            self._read.update(keys)
            full = len(self._read) >= MARK_EVERY
        if full:
            self.write_reads()

    def write_reads(self) -> None:
        """Write the use of the entries read since the last call (one transaction). It only
        orders ``prune``: when the cache cannot take it (locked past the busy timeout, or
        read-only) it is dropped and the reads stand."""
        with self._read_lock:
            keys, self._read = self._read, set()
        try:
            self.touch(keys)
        except sqlite3.OperationalError:
            pass

    def touch(self, keys: Iterable[bytes]) -> None:
        """Mark entries as used now (so ``prune`` keeps what recent runs read)."""
        keys = list(keys)
        if not self.enabled or not keys:
            return
        con = self._con()
        now = time.time()
        con.execute("BEGIN IMMEDIATE")
        try:
            con.executemany("INSERT INTO used(id, accessed) SELECT id, ? FROM entries WHERE key=? "
                            "ON CONFLICT(id) DO UPDATE SET accessed=excluded.accessed",
                            [(now, k) for k in keys])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def record_run(self, run_id: str) -> None:
        if not self.enabled:
            return
        self.write_reads()
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
        """Drop the least recently used (read or written) entries until the values fit in
        ``max_bytes``."""
        self.write_reads()
        con = self._con()
        if con.execute("SELECT coalesce(sum(size), 0) FROM entries").fetchone()[0] <= max_bytes:
            return 0
        con.execute("BEGIN IMMEDIATE")
        try:  # counted again inside the transaction: another process may have written since
            total = con.execute("SELECT coalesce(sum(size), 0) FROM entries").fetchone()[0]
            drop = []
            for rid, size in con.execute(
                    "SELECT e.id, e.size FROM entries e LEFT JOIN used u ON u.id = e.id "
                    "ORDER BY max(e.accessed, coalesce(u.accessed, 0)), e.id").fetchall():
                if total <= max_bytes:
                    break
                drop.append((rid,))
                total -= size
            con.executemany("DELETE FROM entries WHERE id=?", drop)
            # their marks, and those of entries removed by a version without this table
            con.execute("DELETE FROM used WHERE id NOT IN (SELECT id FROM entries)")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("VACUUM")
        return len(drop)

    def close(self) -> None:
        if self.enabled:
            self.write_reads()
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None


def open_cache(directory: Optional[str] = None, enabled: bool = True) -> Cache:
    """A Cache for ``--cache DIR`` (None: the default folder); a folder that cannot be created
    or a file that cannot be opened as the cache is a usage error naming the path."""
    from ..errors import UsageError

    where = directory or str(default_dir())
    try:
        return Cache(Path(directory) if directory else None, enabled=enabled)
    except (OSError, sqlite3.Error) as e:
        why = getattr(e, "strerror", None) or str(e)
        raise UsageError(f"--cache {where}: cannot be used as the cache folder ({why})") from e
