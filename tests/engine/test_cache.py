"""The disk cache: round trips, several writers at once, a writer killed mid-write, pruning."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

from pipeline.engine.cache import Cache, make_key

WRITER = textwrap.dedent("""
    import sys
    from pipeline.engine.cache import Cache, make_key
    c = Cache(sys.argv[1])
    tag, n = sys.argv[2], int(sys.argv[3])
    for i in range(n):
        c.put_many([(make_key("t", tag, i, j), "t", {"tag": tag, "i": i, "v": [j] * 200})
                    for j in range(10)])
    print("done", flush=True)
""")


def test_round_trip_and_keys(tmp_path):
    c = Cache(tmp_path)
    k = make_key("page", "abc", 1, {"dpi": 200})
    assert k == make_key("page", "abc", 1, {"dpi": 200})
    assert k != make_key("page", "abc", 1, {"dpi": 300})
    assert c.get(k) is None
    c.put(k, "page", {"lines": [{"text": "x", "box": [[1.5, 2.0]]}]})
    assert c.get(k) == {"lines": [{"text": "x", "box": [[1.5, 2.0]]}]}
    assert (c.hits, c.misses) == (1, 1)
    assert Cache(tmp_path, enabled=False).get(k) is None


def test_two_processes_write_at_once(tmp_path):
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), tag, "60"],
                              stdout=subprocess.PIPE, text=True) for tag in ("a", "b")]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0] and outs == ["done\n", "done\n"]
    c = Cache(tmp_path)
    assert c.stats().entries == 2 * 60 * 10
    assert c.get(make_key("t", "b", 59, 9))["i"] == 59


def test_writer_killed_mid_write_then_clean_reopen(tmp_path):
    p = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), "k", "100000"])
    deadline = time.time() + 60
    while time.time() < deadline:  # wait until it has committed something
        time.sleep(0.3)
        try:
            if Cache(tmp_path).stats().entries > 50:
                break
        except sqlite3.OperationalError:
            pass
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    c = Cache(tmp_path)
    con = sqlite3.connect(c.path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n = c.stats().entries
    assert n > 50 and n % 10 == 0  # whole transactions only
    assert c.get(make_key("t", "k", 0, 0))["v"] == [0] * 200
    c.put(make_key("after"), "t", 1)
    assert c.get(make_key("after")) == 1


def test_prune_keeps_the_recently_used(tmp_path):
    c = Cache(tmp_path)
    for i in range(20):
        c.put(make_key("p", i), "p", "x" * 2000)
    old = [make_key("p", i) for i in range(10)]
    c.touch([make_key("p", i) for i in range(10, 20)])
    size = c.stats().bytes
    removed = c.prune(size // 2 + 10)
    assert removed == 10
    assert all(c.get(k) is None for k in old)
    assert c.get(make_key("p", 15)) == "x" * 2000


def test_prune_evicts_the_least_recently_read(tmp_path):
    c = Cache(tmp_path)
    a, b = make_key("p", "a"), make_key("p", "b")
    c.put(a, "p", "a" * 2000)
    time.sleep(0.01)
    c.put(b, "p", "b" * 2000)
    c.close()
    time.sleep(0.01)
    reader = Cache(tmp_path)  # another run: reads A, writes nothing
    assert reader.get_many([a]) == {a: "a" * 2000}
    reader.close()
    c = Cache(tmp_path)
    assert c.prune(c.stats().bytes // 2) == 1
    assert c.get(b) is None and c.get(a) == "a" * 2000


def test_reads_are_marked_in_batches(tmp_path, monkeypatch):
    import pipeline.engine.cache as cache_mod

    monkeypatch.setattr(cache_mod, "MARK_EVERY", 3)
    c = Cache(tmp_path)
    keys = [make_key("m", i) for i in range(5)]
    c.put_many([(k, "m", i) for i, k in enumerate(keys)])
    marks = sqlite3.connect(c.path)

    def marked() -> int:
        return marks.execute("SELECT count(*) FROM used").fetchone()[0]

    c.get(keys[0])
    c.get_many(keys[:2] + [make_key("absent")])
    assert marked() == 0  # two keys read: not written yet
    c.get(keys[2])
    assert marked() == 3  # the third: one transaction
    c.get(keys[3])
    c.record_run("r1")
    assert marked() == 4
    c.get(keys[4])
    c.close()
    assert marked() == 5


READER = textwrap.dedent("""
    import sys
    import pipeline.engine.cache as m
    m.MARK_EVERY = 50
    c = m.Cache(sys.argv[1])
    keys = [m.make_key("s", i) for i in range(400)]
    for _ in range(int(sys.argv[2])):
        c.get_many(keys)
        for k in keys[::7]:
            c.get(k)
    c.close()
    print("done", flush=True)
""")


def test_readers_marking_while_another_process_writes_and_prunes(tmp_path):
    c = Cache(tmp_path)
    c.put_many([(make_key("s", i), "s", "v" * 500) for i in range(400)])
    procs = [subprocess.Popen([sys.executable, "-c", READER, str(tmp_path), "15"],
                              stdout=subprocess.PIPE, text=True) for _ in range(2)]
    for i in range(10):
        c.put_many([(make_key("w", i, j), "w", "w" * 500) for j in range(40)])
        c.prune(c.stats().bytes * 3 // 4)
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0] and outs == ["done\n", "done\n"]
    con = sqlite3.connect(c.path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    c.prune(0)
    assert c.stats().entries == 0
    assert con.execute("SELECT count(*) FROM used").fetchone()[0] == 0
