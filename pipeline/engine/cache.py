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

The cache is an accelerator, never a reason for a run to stop: a damaged value is a miss (and is
deleted); a write that fails (a full disk, a read-only file or folder, any SQLite error) turns
writing off for the rest of the run, reads go on while they work, and a read that fails turns the
cache off. Each is said once through ``log`` (events ``cache_damaged`` and ``cache_disabled``)
and recorded with the run, for ``mmbatch cache stats``. Only a folder that cannot be made, or a
file that is not an SQLite database, stops a command at start (``open_cache``: a usage error).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, List, Optional, Tuple
from urllib.parse import quote

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
# added to ``runs`` by this version (a file made before it is upgraded when it is first written)
RUN_PROBLEMS = "ALTER TABLE runs ADD COLUMN problems TEXT"

# what ``Cache._decode`` returns for a value that cannot be read
_DAMAGED = object()

# below this many free bytes the disk holding the cache counts as full (``stats``)
LOW_DISK = 1 << 20


# keys read before their use is written (one transaction); also written at record_run and close
MARK_EVERY = 5000


def default_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mmbatch"


def make_key(kind: str, *parts: Any) -> bytes:
    """A stable key: sha256 of the kind and the JSON of every part (sorted dict keys)."""
    blob = json.dumps([kind, *parts], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).digest()


def decode(blob: bytes) -> Any:
    """A stored value; raises ValueError (zlib.error, a JSON or UTF-8 error) when it is damaged."""
    try:
        return json.loads(zlib.decompress(blob))
    except (zlib.error, ValueError, TypeError) as e:
        raise ValueError(f"{type(e).__name__}: {e}") from e


def _why(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}"


def _not_a_database(e: BaseException) -> bool:
    return (getattr(e, "sqlite_errorname", "") == "SQLITE_NOTADB"
            or "file is not a database" in str(e))


@dataclass
class CacheStats:
    path: str
    entries: int
    bytes: int
    file_bytes: int
    last_run: Optional[dict]
    problems: List[str] = field(default_factory=list)  # in words; empty when all is well


@dataclass
class VerifyReport:
    path: str
    entries: int = 0
    damaged: List[Tuple[int, str, str]] = field(default_factory=list)  # (id, kind, why)
    integrity: List[str] = field(default_factory=list)  # PRAGMA integrity_check: ["ok"] when sound
    repaired: int = 0
    problems: List[str] = field(default_factory=list)   # what could not be read or repaired

    @property
    def clean(self) -> bool:
        return not self.damaged and self.integrity == ["ok"] and not self.problems


class Cache:
    """A process-safe key -> JSON value store. ``None`` path or ``enabled=False``: a no-op.

    ``log(event, data)`` hears of trouble, once each: ``cache_damaged`` (a value that cannot be
    read: a miss, deleted) and ``cache_disabled`` (writing, or the whole cache, turned off for the
    rest of this object's life; ``data["reads"]`` says whether reads go on)."""

    # the class of every connection: a seam for tests (one that fails as a full disk does)
    connection_factory = sqlite3.Connection

    def __init__(self, directory: Optional[Path] = None, enabled: bool = True,
                 log: Optional[Callable[[str, dict], None]] = None):
        self.enabled = enabled
        self.writable = enabled  # False once a write failed, or when the file is read-only
        self.hits = 0
        self.misses = 0
        self.damaged = 0  # values found damaged (each deleted while writes work)
        self.problems: List[str] = []  # what went wrong, in words: recorded with the run
        self.log = log if log is not None else (lambda event, data: None)
        self._said: set = set()
        self._state = threading.Lock()
        self._local = threading.local()
        self._read: set = set()  # keys read since their use was last written
        self._read_lock = threading.Lock()
        self._uri: Optional[str] = None  # a read-only way in, when the file cannot be written
        self.path = Path(directory or default_dir()) / "cache.sqlite3"
        if enabled:
            self._open()

    # ------------------------------------------------------------------ opening
    def _open(self) -> None:
        """Open the file for reading and writing, or else for reading (writes off, said once),
        or else not at all (the cache off, said once). Raises (a usage error for
        ``open_cache``) only when the folder cannot be made or the file is not a cache."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists() and not self.path.is_file():
            raise OSError(f"{self.path} is not a file")
        try:
            self._setup(self._con())
            return
        except sqlite3.Error as e:
            if _not_a_database(e):
                raise
            first = e
        self._drop_con()
        if self.path.exists():
            # a read-only folder: SQLite cannot make the WAL's index file there, so mode=ro
            # alone fails on a WAL file and only immutable=1 reads it (nobody can write it
            # through this folder; a value torn by a writer elsewhere reads as damaged)
            for mode in ("mode=ro", "immutable=1"):
                self._uri = f"file:{quote(str(self.path))}?{mode}"
                try:
                    self._con().execute("SELECT count(*) FROM entries").fetchone()
                    break
                except sqlite3.Error as e:
                    self._drop_con()
                    self._uri = None
                    if _not_a_database(e):
                        raise
        what = "the disk holding the cache is full" if self._free() < LOW_DISK \
            else "the cache file cannot be written"
        if self._uri is None:
            self._turn_off(f"the cache cannot be opened: {what} ({_why(first)})")
        else:
            self._writes_off(first, what)

    def _free(self) -> float:
        """Free bytes on the disk holding the cache (infinite when unknown)."""
        try:
            return shutil.disk_usage(self.path.parent).free
        except OSError:
            return float("inf")

    def _setup(self, con: sqlite3.Connection) -> None:
        """The tables, made or upgraded; nothing is written when they are there already (so a
        file that cannot be written opens, for reading)."""
        def complete() -> bool:
            names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            cols = {r[1] for r in con.execute("PRAGMA table_info(runs)")}
            return {"entries", "entries_accessed", "used", "runs"} <= names and "problems" in cols

        if complete():
            return
        with con:
            con.executescript(SCHEMA)
        if "problems" not in {r[1] for r in con.execute("PRAGMA table_info(runs)")}:
            try:
                con.execute(RUN_PROBLEMS)
            except sqlite3.OperationalError as e:
                if "duplicate column" not in str(e):  # another process added it just now
                    raise

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            if self._uri:
                con = sqlite3.connect(self._uri, uri=True, timeout=60.0, isolation_level=None,
                                      factory=self.connection_factory)
                con.execute("PRAGMA busy_timeout=60000")
                self._local.con = con
                return con
            con = sqlite3.connect(self.path, timeout=60.0, isolation_level=None,
                                  factory=self.connection_factory)
            try:
                con.execute("PRAGMA page_size=16384")
                # switching a new file to WAL needs an exclusive lock and SQLite does not wait
                # on the busy handler for it: two processes opening a fresh cache at once
                # would fail
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
            except BaseException:
                con.close()
                raise
            self._local.con = con
        return con

    def _drop_con(self) -> None:
        con = getattr(self._local, "con", None)
        self._local.con = None
        if con is not None:
            try:
                con.close()
            except sqlite3.Error:
                pass

    # ------------------------------------------------------------------ trouble, said once
    def _say(self, event: str, message: str, **data: Any) -> None:
        with self._state:
            if event in self._said:
                return
            self._said.add(event)
        self.log(event, {"path": str(self.path), "message": message, **data})

    def _writes_off(self, e: BaseException, what: str = "a write to the cache failed") -> None:
        with self._state:
            was, self.writable = self.writable, False
        if was:
            reason = f"{what} ({_why(e)}): nothing more is written to it in this run"
            self.problems.append(reason)
            self._say("cache_disabled", f"cache {self.path}: {reason}; the run goes on without "
                      "storing results", reason=_why(e), reads=True)

    def _turn_off(self, reason: str) -> None:
        with self._state:
            was = self.enabled
            self.enabled = self.writable = False
        if was:
            self.problems.append(f"{reason}: the cache was turned off for the rest of the run")
            self._say("cache_disabled", f"cache {self.path}: {reason}; the run goes on without "
                      "the cache", reason=reason, reads=False)

    def _read_failed(self, e: BaseException) -> None:
        self._turn_off(f"a read from the cache failed ({_why(e)})")

    def _decode(self, key: bytes, blob: bytes, bad: list) -> Any:
        """The value, or ``_DAMAGED`` (``key`` added to ``bad``; said once)."""
        try:
            return decode(blob)
        except ValueError as e:
            bad.append(key)
            self.damaged += 1
            self._say("cache_damaged", f"cache {self.path}: a damaged entry was read as a miss "
                      f"and deleted ({e}); 'mmbatch cache verify' checks every entry",
                      reason=str(e))
            return _DAMAGED

    def _write(self, fn: Callable[[sqlite3.Connection], Any], quiet: bool = False,
               force: bool = False) -> bool:
        """``fn(con)`` in one write transaction. A failure rolls back and, unless ``quiet``,
        turns writes off (said once), with SQLite's own error: a failed ROLLBACK never hides
        it. ``force``: tried even when writes are off. Returns whether it was written."""
        if not (self.writable or force) or self._uri:
            return False
        try:
            con = self._con()
            con.execute("BEGIN IMMEDIATE")
            try:
                fn(con)
                con.execute("COMMIT")
            except BaseException:
                if con.in_transaction:  # SQLite may have rolled back already (a full disk)
                    try:
                        con.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                raise
            return True
        except sqlite3.Error as e:
            if not quiet:
                self._writes_off(e)
            return False

    # ------------------------------------------------------------------ reads and writes
    def get(self, key: bytes) -> Optional[Any]:
        if not self.enabled:
            return None
        return self.get_many([key]).get(key)

    def get_many(self, keys: Iterable[bytes]) -> dict:
        """{key: value} for the keys present (one query per 500 keys). A damaged value is a
        miss and is deleted; a failed read turns the cache off."""
        keys = list(keys)
        out: dict = {}
        if not self.enabled or not keys:
            return out
        bad: list = []
        try:
            con = self._con()
            for i in range(0, len(keys), 500):
                chunk = keys[i: i + 500]
                q = "SELECT key, value FROM entries WHERE key IN (%s)" % ",".join("?" * len(chunk))
                for k, v in con.execute(q, chunk).fetchall():
                    value = self._decode(bytes(k), v, bad)
                    if value is not _DAMAGED:
                        out[bytes(k)] = value
        except sqlite3.Error as e:
            self._read_failed(e)
            out = {}
        if bad:
            self.delete(bad)
        self.hits += len(out)
        self.misses += len(keys) - len(out)
        self._mark(out)
        return out

    def delete(self, keys: Iterable[bytes]) -> None:
        keys = [(k,) for k in keys]
        if keys:
            self._write(lambda con: con.executemany("DELETE FROM entries WHERE key=?", keys))

    def put(self, key: bytes, kind: str, value: Any) -> None:
        self.put_many([(key, kind, value)])

    def put_many(self, items: Iterable[tuple]) -> None:
        if not self.writable:
            return
        now = time.time()
        rows = []
        for key, kind, value in items:
            blob = zlib.compress(json.dumps(value, separators=(",", ":")).encode(), 3)
            rows.append((key, kind, blob, len(blob), now, now))
        if rows:
            self._write(lambda con: con.executemany(
                "INSERT INTO entries(key, kind, value, size, created, accessed) "
                "VALUES (?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value, "
                "size=excluded.size, accessed=excluded.accessed", rows))

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
        self.touch(keys)

    def touch(self, keys: Iterable[bytes]) -> bool:
        """Mark entries as used now (so ``prune`` keeps what recent runs read); whether it was
        written (a failure is dropped: it turns nothing off)."""
        keys = list(keys)
        if not self.writable or not keys:
            return False
        now = time.time()
        return self._write(lambda con: con.executemany(
            "INSERT INTO used(id, accessed) SELECT id, ? FROM entries WHERE key=? "
            "ON CONFLICT(id) DO UPDATE SET accessed=excluded.accessed",
            [(now, k) for k in keys]), quiet=True)

    def record_run(self, run_id: str) -> None:
        """The run's hits, misses and problems (for ``stats``); tried even when writes were
        turned off (the disk may have room again), never an error."""
        if not self.enabled:
            return
        self.write_reads()
        problems = list(self.problems)
        if self.damaged:
            problems.append(f"{self.damaged} damaged entries were read as misses"
                            + (" and deleted" if self.writable else ""))
        row = (run_id, time.time(), self.hits, self.misses,
               json.dumps(problems) if problems else None)

        def insert(con: sqlite3.Connection) -> None:
            con.execute("INSERT OR REPLACE INTO runs(run_id, ts, hits, misses, problems) "
                        "VALUES (?,?,?,?,?)", row)

        if self.writable:
            self._write(insert)
            return
        try:  # once more, briefly: what turned writes off may have passed
            self._con().execute("PRAGMA busy_timeout=2000")
            self._write(insert, quiet=True, force=True)
            self._con().execute("PRAGMA busy_timeout=60000")
        except sqlite3.Error:
            pass

    # ------------------------------------------------------------------ commands
    def stats(self) -> CacheStats:
        problems = list(self.problems)
        n = size = 0
        last_run = None
        try:
            con = self._con()
            n, size = con.execute("SELECT count(*), coalesce(sum(size), 0) FROM entries").fetchone()
            cols = {r[1] for r in con.execute("PRAGMA table_info(runs)")}
            last = con.execute("SELECT run_id, hits, misses, %s FROM runs ORDER BY ts DESC LIMIT 1"
                               % ("problems" if "problems" in cols else "NULL")).fetchone()
        except sqlite3.Error as e:
            problems.append(f"the cache cannot be read ({_why(e)}): 'mmbatch cache verify' "
                            "checks it")
            last = None
        if last:
            total = last[1] + last[2]
            last_run = {"run_id": last[0], "hits": last[1], "misses": last[2],
                        "hit_rate": round(last[1] / total, 4) if total else None,
                        "problems": json.loads(last[3]) if last[3] else []}
        free = self._free()
        if free < LOW_DISK:
            problems.append(f"the disk holding the cache is full ({free} bytes free): "
                            "runs cannot store results")
        files = list(self.path.parent.glob(self.path.name + "*"))
        file_bytes = sum(p.stat().st_size for p in files)
        return CacheStats(str(self.path), n, size, file_bytes, last_run, problems)

    def verify(self, repair: bool = False) -> VerifyReport:
        """Read every value (decompress and parse) and run SQLite's integrity check;
        ``repair`` deletes the damaged entries."""
        rep = VerifyReport(str(self.path))
        if not self.enabled:
            rep.problems = list(self.problems)
            return rep
        try:
            con = self._con()
            last = -1
            while True:
                rows = con.execute("SELECT id, kind, value FROM entries WHERE id > ? ORDER BY id "
                                   "LIMIT 1000", (last,)).fetchall()
                if not rows:
                    break
                for rid, kind, blob in rows:
                    rep.entries += 1
                    try:
                        decode(blob)
                    except ValueError as e:
                        rep.damaged.append((rid, kind, str(e)))
                last = rows[-1][0]
        except sqlite3.Error as e:
            rep.problems.append(f"reading the entries stopped at id {last} ({_why(e)})")
        try:
            rep.integrity = [r[0] for r in self._con().execute("PRAGMA integrity_check")]
        except sqlite3.Error as e:
            rep.integrity = [f"the check could not run ({_why(e)})"]
        if repair and rep.damaged:
            ids = [(rid,) for rid, _, _ in rep.damaged]

            def drop(con: sqlite3.Connection) -> None:
                con.executemany("DELETE FROM entries WHERE id=?", ids)
                con.executemany("DELETE FROM used WHERE id=?", ids)

            if self._write(drop, quiet=True):
                rep.repaired = len(ids)
            else:
                rep.problems.append("the damaged entries could not be deleted (the cache "
                                    "cannot be written)")
        return rep

    def prune(self, max_bytes: int) -> int:
        """Drop the least recently used (read or written) entries until the values fit in
        ``max_bytes``."""
        if self.enabled and not self.writable:
            from ..errors import UsageError

            raise UsageError(f"--cache {self.path.parent}: cannot be pruned: "
                             + "; ".join(self.problems))
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
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("VACUUM")
        return len(drop)

    def close(self) -> None:
        if self.enabled:
            self.write_reads()
        self._drop_con()


def open_cache(directory: Optional[str] = None, enabled: bool = True,
               log: Optional[Callable[[str, dict], None]] = None) -> Cache:
    """A Cache for ``--cache DIR`` (None: the default folder); a folder that cannot be created
    or a file that is not a cache is a usage error naming the path. Any other trouble (a
    read-only or full disk) turns writing or the whole cache off, said through ``log``."""
    from ..errors import UsageError

    where = directory or str(default_dir())
    try:
        return Cache(Path(directory) if directory else None, enabled=enabled, log=log)
    except (OSError, sqlite3.Error) as e:
        why = getattr(e, "strerror", None) or str(e)
        raise UsageError(f"--cache {where}: cannot be used as the cache folder ({why})") from e
