"""Readers see only committed parts; ``latest`` keeps each document's newest successful rows;
the README's DuckDB views say the same as ``pipeline.output.read``."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb

from synthetic import COLS, RUNS, _rows, dataset  # noqa: F401 - dataset: a fixture
from pipeline.output.read import committed, latest
from pipeline.output.sql import duckdb_views

ROOT = Path(__file__).resolve().parents[2]


def test_latest_rows(dataset):
    d = {r["document_id"]: r["run_id"] for r in latest(dataset, "documents").to_pylist()}
    assert d == {"a": RUNS[1], "b": RUNS[1], "c": RUNS[2]}  # ok first, then the newest
    pages = sorted((r["document_id"], r["page"], r["run_id"])
                   for r in latest(dataset, "pages").to_pylist())
    assert pages == [("a", 1, RUNS[1]), ("a", 2, RUNS[1]), ("b", 1, RUNS[1]), ("c", 1, RUNS[2])]
    assert latest(dataset, "lines").num_rows == 8 and committed(dataset, "lines").num_rows == 12
    assert sorted(r["value"] for r in latest(dataset, "fields").to_pylist()) == \
        [RUNS[1], RUNS[1], RUNS[2]]
    cmp = {(r["document_id_a"], r["document_id_b"]): r["verdict"]
           for r in latest(dataset, "comparisons").to_pylist()}
    assert cmp == {("a", "b"): "near_duplicate", ("a", "c"): "duplicate"}
    # the newest compare run made no groups: those of the one before
    assert {r["run_id"] for r in latest(dataset, "groups").to_pylist()} == {RUNS[0]}
    ans = {tuple(r["document_ids"]): r["answer"] for r in latest(dataset, "answers").to_pylist()}
    assert ans == {("a",): "new", ("b",): "x"}


def test_the_duckdb_views_say_what_the_python_readers_say(dataset):
    con = duckdb.connect()
    con.execute(duckdb_views(str(dataset), tables=list(COLS)))
    for table, cols in COLS.items():
        for view, fn in ((table, committed), (f"latest_{table}", latest)):
            got = con.sql(f"select {', '.join(cols)} from {view}").fetchall()
            assert sorted(got, key=repr) == _rows(fn(dataset, table).to_pylist(), cols), view


def test_a_part_without_its_marker_is_seen_by_no_reader(dataset):
    part = next(dataset.glob(f"documents/*/part-{RUNS[2]}-1.parquet"))
    part.unlink()  # as if the run died between its pages, lines, fields files and this one
    assert {r["document_id"] for r in committed(dataset, "pages").to_pylist()} == {"a", "b"}
    assert "c" not in {r["document_id"] for r in latest(dataset, "lines").to_pylist()}
    con = duckdb.connect()
    con.execute(duckdb_views(str(dataset)))
    for view in ("pages", "lines", "fields", "latest_pages", "latest_lines", "latest_fields"):
        assert con.execute(f"select count(*) from {view} where document_id = 'c'").fetchone() \
            == (0,)
    # a plain glob does read the uncommitted part's files: the views are the way to read
    n = con.execute(f"select count(*) from '{dataset}/lines/*/*.parquet' where document_id = 'c'")
    assert n.fetchone() == (2,)


def test_the_readme_shows_the_views_this_module_makes():
    text = (ROOT / "README.md").read_text()
    m = re.search(r"<!-- sql:views -->\n```sql\n(.*?)```\n<!-- /sql:views -->", text, re.S)
    assert m, "README: no <!-- sql:views --> block"
    assert m.group(1) == duckdb_views("out")


def test_mmbatch_latest_prints_json_lines_or_writes_parquet(dataset, tmp_path):
    import json

    import pyarrow.parquet as pq
    from click.testing import CliRunner

    from pipeline.cli import main

    r = CliRunner().invoke(main, ["latest", str(dataset), "pages"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(l) for l in r.stdout.splitlines()]
    assert sorted((x["document_id"], x["page"]) for x in rows) == \
        [("a", 1), ("a", 2), ("b", 1), ("c", 1)]
    r = CliRunner().invoke(main, ["latest", str(dataset), "documents", "--to",
                                  str(tmp_path / "d.parquet")])
    assert r.exit_code == 0, r.output
    assert pq.read_table(tmp_path / "d.parquet").num_rows == 3
    r = CliRunner().invoke(main, ["latest", str(dataset), "pagez"])
    assert r.exit_code == 2 and "no table 'pagez'" in r.stderr
    r = CliRunner().invoke(main, ["latest", str(tmp_path / "none"), "pages"])
    assert r.exit_code == 2 and "no such dataset folder" in r.stderr
