"""The cache is an accelerator: a damaged value, a full or read-only disk, a failing read never
raise out of it. Each fault is said once through ``log`` and shown by ``stats`` / ``verify``.

Faults are real where this machine allows (a value overwritten in the SQLite file; a read-only
bind mount and a small tmpfs need root and are skipped otherwise) and also simulated through the
``connection_factory`` seam (a connection whose writes fail as SQLite's do)."""
from __future__ import annotations

import os
import sqlite3

import pytest

from cache_faults import Events, damage, failing_writes, fill_disk, read_only, small_disk
from pipeline.engine.cache import Cache, make_key, open_cache
from pipeline.errors import UsageError


def filled(tmp_path, n=5) -> list:
    c = Cache(tmp_path)
    keys = [make_key("v", i) for i in range(n)]
    c.put_many([(k, "v", {"i": i, "pad": "x" * 500}) for i, k in enumerate(keys)])
    c.close()
    return keys


@pytest.mark.parametrize("blob", [b"\x78\x9c garbage, not zlib",          # zlib.error
                                  __import__("zlib").compress(b"{not json"),  # JSON error
                                  __import__("zlib").compress(b"\xff\xfe")])  # not UTF-8
def test_a_damaged_value_is_a_miss_deleted_and_said_once(tmp_path, blob):
    keys = filled(tmp_path)
    damage(tmp_path / "cache.sqlite3", keys[1], blob)
    damage(tmp_path / "cache.sqlite3", keys[3], blob)
    ev = Events()
    c = Cache(tmp_path, log=ev)
    got = c.get_many(keys)
    assert sorted(v["i"] for v in got.values()) == [0, 2, 4]
    assert c.get(keys[1]) is None  # deleted: a plain miss now
    assert (c.hits, c.misses, c.damaged) == (3, 3, 2)
    assert len(ev.named("cache_damaged")) == 1 and not ev.named("cache_disabled")
    assert c.writable and c.stats().entries == 3
    c.put(keys[1], "v", {"i": 1})  # computed again and stored
    assert c.get(keys[1]) == {"i": 1}
    c.record_run("r1")
    assert c.stats().last_run["problems"] == ["2 damaged entries were read as misses and deleted"]


def test_verify_reports_and_repairs_damaged_values(tmp_path):
    keys = filled(tmp_path)
    damage(tmp_path / "cache.sqlite3", keys[2])
    rep = Cache(tmp_path).verify()
    assert rep.entries == 5 and [d[1] for d in rep.damaged] == ["v"]
    assert "error" in rep.damaged[0][2].lower() and rep.integrity == ["ok"] and not rep.clean
    rep = Cache(tmp_path).verify(repair=True)
    assert rep.repaired == 1
    rep = Cache(tmp_path).verify()
    assert rep.clean and rep.entries == 4


@pytest.mark.parametrize("message", ["database or disk is full",
                                     "attempt to write a readonly database"])
def test_a_failed_write_turns_writes_off_once_with_the_real_error(tmp_path, monkeypatch, message):
    keys = filled(tmp_path)
    monkeypatch.setattr(Cache, "connection_factory", failing_writes(message))
    ev = Events()
    c = Cache(tmp_path, log=ev)
    c.put(make_key("new", 1), "v", 1)  # fails: no exception
    c.put(make_key("new", 2), "v", 2)  # not tried
    assert not c.writable and c.enabled
    (said,) = ev.named("cache_disabled")
    assert message in said["message"] and "rollback" not in said["message"].lower()
    assert said["reads"] is True
    assert c.get(keys[0])["i"] == 0  # reads go on
    c.record_run("r1")
    c.close()
    monkeypatch.undo()
    assert Cache(tmp_path).stats().entries == 5


def test_a_failed_read_turns_the_cache_off_once(tmp_path, monkeypatch):
    keys = filled(tmp_path)

    class FailingReads(sqlite3.Connection):
        def execute(self, sql, *args):
            if "FROM entries WHERE key IN" in sql:
                raise sqlite3.DatabaseError("database disk image is malformed")
            return super().execute(sql, *args)

    monkeypatch.setattr(Cache, "connection_factory", FailingReads)
    ev = Events()
    c = Cache(tmp_path, log=ev)
    assert c.get_many(keys) == {} and c.get(keys[0]) is None
    assert not c.enabled and not c.writable
    (said,) = ev.named("cache_disabled")
    assert said["reads"] is False and "malformed" in said["message"]
    c.put(make_key("x"), "v", 1)
    c.record_run("r1")
    c.close()


def test_what_stops_a_command_at_start(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError, match="--cache .*cannot be used"):
        open_cache(str(tmp_path / "file" / "cache"))
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "cache.sqlite3").write_bytes(b"not a database at all" * 100)
    with pytest.raises(UsageError, match="not a database"):
        open_cache(str(tmp_path / "other"))


@pytest.fixture
def read_only_folder(tmp_path):
    """A cache folder with entries, then bind-mounted read-only over itself (root only)."""
    d = tmp_path / "ro"
    d.mkdir()
    keys = filled(d)
    with read_only(d) as done:
        if not done:
            pytest.skip("needs root and mount")
        yield d, keys


def test_a_read_only_folder_is_read_and_not_written(read_only_folder):
    d, keys = read_only_folder
    ev = Events()
    c = open_cache(str(d), log=ev)
    assert c.enabled and not c.writable
    assert c.get(keys[0])["i"] == 0
    c.put(make_key("new"), "v", 1)
    c.record_run("r1")
    c.close()
    assert len(ev.named("cache_disabled")) == 1
    st = Cache(d).stats()
    assert st.entries == 5 and any("cannot be written" in p for p in st.problems)
    assert Cache(d).verify().integrity == ["ok"]


@pytest.fixture
def small_tmpfs(tmp_path):
    with small_disk(tmp_path / "tmpfs") as done:
        if not done:
            pytest.skip("needs root and a tmpfs mount")
        yield tmp_path / "tmpfs"


def test_a_disk_that_fills_up_turns_writes_off_with_sqlites_error(small_tmpfs):
    keys = filled(small_tmpfs)
    ev = Events()
    c = Cache(small_tmpfs, log=ev)
    assert c.get(keys[0])["i"] == 0
    fill_disk(small_tmpfs)  # while the cache is open
    for i in range(40):  # more than the WAL's free room
        c.put_many([(make_key("big", i, j), "v", os.urandom(4000).hex()) for j in range(10)])
    assert not c.writable
    (said,) = ev.named("cache_disabled")
    assert said["reason"] == "OperationalError: database or disk is full", said
    assert c.get(keys[4])["i"] == 4
    c.record_run("r1")
    c.close()
    st = Cache(small_tmpfs).stats()
    assert any("full" in p for p in st.problems)
    rep = Cache(small_tmpfs).verify()
    assert rep.clean and rep.entries == 5


def test_a_full_disk_at_start_reads_and_writes_nothing(small_tmpfs):
    keys = filled(small_tmpfs)
    fill_disk(small_tmpfs)
    ev = Events()
    c = Cache(small_tmpfs, log=ev)  # SQLite cannot make its WAL index: read-only
    assert c.enabled and not c.writable
    (said,) = ev.named("cache_disabled")
    assert "the disk holding the cache is full" in said["message"]
    assert c.get(keys[4])["i"] == 4
    c.put(make_key("x"), "v", 1)
    c.close()
