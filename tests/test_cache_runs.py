"""Runs over a faulty cache: a damaged value, a read-only cache, a full disk. Each time the run
completes with every document and exit 0, says one warning, and ``mmbatch cache verify`` (and
``stats``) tell what is the matter, or that nothing is."""
from __future__ import annotations

import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from cache_faults import damage, failing_writes, fill_disk, read_only, small_disk
from conftest import SAMPLES, read_table
from pipeline.cli import main
from pipeline.engine.cache import Cache


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def warnings(r) -> list:
    return [l for l in r.stderr.splitlines() if l.startswith("mmbatch: warning:")]


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """A cache holding one cheque's OCR result and fields, and the rows of that run."""
    tmp = tmp_path_factory.mktemp("warm")
    src = tmp / "in"
    src.mkdir()
    shutil.copy(SAMPLES / "cheques" / "cheque_01.png", src)
    r = cli("extract", src, "--out", tmp / "out", "--cache", tmp / "cache", "--workers", "1")
    assert r.exit_code == 0, r.output
    return tmp


@pytest.fixture
def setup(warm, tmp_path):
    """(inputs: the cached cheque and a new text-layer PDF, a copy of the warm cache)."""
    src = tmp_path / "in"
    shutil.copytree(warm / "in", src)
    shutil.copy(SAMPLES / "pdfs" / "born_digital.pdf", src)
    cache = tmp_path / "cache"
    shutil.copytree(warm / "cache", cache)
    return src, cache


def extract(src, cache, out):
    r = cli("extract", src, "--out", out, "--cache", cache, "--workers", "1")
    assert r.exit_code == 0, r.output
    docs = read_table(out, "documents").to_pylist()
    assert sorted((d["path"].rsplit("/", 1)[-1], d["status"]) for d in docs) == \
        [("born_digital.pdf", "ok"), ("cheque_01.png", "ok")]
    return r


def cheque_lines(out):
    return sorted((r["line_no"], r["text"]) for r in read_table(out, "lines").to_pylist()
                  if r["path"].endswith("cheque_01.png"))


def keys_of(cache, kind):
    con = sqlite3.connect(cache / "cache.sqlite3")
    try:
        return [bytes(k) for (k,) in con.execute("SELECT key FROM entries WHERE kind=?", (kind,))]
    finally:
        con.close()


def test_a_damaged_value(setup, warm, tmp_path):
    src, cache = setup
    (key,) = keys_of(cache, "page-ocr")
    damage(cache / "cache.sqlite3", key)
    r = cli("cache", "verify", "--cache", cache)
    assert r.exit_code == 1
    assert "damaged\t1\n" in r.stdout and "\tpage-ocr\terror: " in r.stdout
    assert "integrity\tok\n" in r.stdout and "--repair" in r.stderr

    r = extract(src, cache, tmp_path / "out")
    (w,) = warnings(r)
    assert "damaged entry" in w
    assert cheque_lines(tmp_path / "out") == cheque_lines(warm / "out")  # OCR'd again
    r = cli("cache", "verify", "--cache", cache)
    assert r.exit_code == 0 and "damaged\t0\n" in r.stdout
    r = cli("cache", "stats", "--cache", cache)
    assert "last_run_problem\t1 damaged entries were read as misses and deleted\n" in r.stdout

    (key,) = keys_of(cache, "page-fields")[:1]
    damage(cache / "cache.sqlite3", key)
    r = cli("cache", "verify", "--cache", cache, "--repair")
    assert r.exit_code == 1 and "damaged\t1\n" in r.stdout and "repaired\t1\n" in r.stdout
    assert cli("cache", "verify", "--cache", cache).exit_code == 0


@pytest.mark.parametrize("message", ["attempt to write a readonly database",
                                     "database or disk is full"])
def test_writes_that_fail(setup, tmp_path, monkeypatch, message):
    src, cache = setup
    monkeypatch.setattr(Cache, "connection_factory", failing_writes(message))
    r = extract(src, cache, tmp_path / "out")
    (w,) = warnings(r)
    assert message in w and "rollback" not in w.lower()
    monkeypatch.undo()
    r = cli("cache", "verify", "--cache", cache)
    assert r.exit_code == 0 and "integrity\tok\n" in r.stdout


def test_a_read_only_cache_folder(setup, tmp_path):
    src, cache = setup
    with read_only(cache) as done:
        if not done:
            pytest.skip("needs root and mount")
        r = extract(src, cache, tmp_path / "out")
        (w,) = warnings(r)
        assert "cannot be written" in w
        assert "pages from the cache" in r.stderr  # read all the same
        r = cli("cache", "stats", "--cache", cache)
        assert r.exit_code == 0 and "problem\tthe cache file cannot be written" in r.stdout
        r = cli("cache", "verify", "--cache", cache)
        assert r.exit_code == 0 and "integrity\tok\n" in r.stdout


def test_a_full_disk(setup, tmp_path):
    src, cache = setup
    with small_disk(tmp_path / "disk", "4m") as done:
        if not done:
            pytest.skip("needs root and a tmpfs mount")
        on_disk = tmp_path / "disk" / "cache"
        shutil.copytree(cache, on_disk)
        fill_disk(tmp_path / "disk")
        r = extract(src, on_disk, tmp_path / "out")
        (w,) = warnings(r)  # SQLite cannot even make its WAL index: read-only for the run
        assert "the disk holding the cache is full" in w and "rollback" not in w.lower()
        assert "pages from the cache" in r.stderr
        r = cli("cache", "stats", "--cache", on_disk)
        assert "problem\tthe disk holding the cache is full" in r.stdout
        r = cli("cache", "verify", "--cache", on_disk)
        assert r.exit_code == 0 and "integrity\tok\n" in r.stdout
