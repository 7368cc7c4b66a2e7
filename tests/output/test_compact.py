"""mmbatch compact: the dataset rewritten to its latest rows, the latest view unchanged at every
step, an interrupted compaction finished or undone by the next run."""
from __future__ import annotations

from datetime import datetime, timezone

import duckdb
import pytest
from click.testing import CliRunner

from synthetic import COLS, RUNS, _rows, dataset  # noqa: F401 - dataset: a fixture
from pipeline.output.compact import compact
from pipeline.output.read import committed, latest
from pipeline.output.sql import duckdb_views
from pipeline.output.storage import LocalStorage
from pipeline.output.transaction import DatasetTransaction


def snapshot(out, python: bool = True):
    views = {}
    if python:
        views.update({t: _rows(latest(out, t).to_pylist(), c) for t, c in COLS.items()})
    con = duckdb.connect()
    con.execute(duckdb_views(str(out), tables=list(COLS)))
    views.update({f"sql:{t}": sorted(con.execute(f"select {', '.join(c)} from latest_{t}")
                                     .fetchall(), key=repr) for t, c in COLS.items()})
    return views


def test_compact_keeps_the_latest_rows_only(dataset):
    before = snapshot(dataset)
    files = len(list(dataset.glob("*/run_date=*/*.parquet")))
    s = compact(dataset, grace=0)
    assert s.groups == ["documents", "comparisons", "answers"]
    assert snapshot(dataset) == before
    for table, cols in COLS.items():
        assert _rows(committed(dataset, table).to_pylist(), cols) == \
            _rows(latest(dataset, table).to_pylist(), cols), table
    assert s.files_before == files and s.files_after == len(list(
        dataset.glob("*/run_date=*/*.parquet"))) < files
    # one part per run date, the rows under their own date
    dates = {p.parent.name for p in dataset.glob("documents/run_date=*/*.parquet")}
    assert dates == {"run_date=2026-12-02", "run_date=2026-12-03"}
    assert not list(dataset.glob("_compaction/*")) and (dataset / "runs" / f"{s.run_id}.json").exists()
    again = compact(dataset, grace=0)
    assert not again.groups and "already compact" in again.line()


def test_the_latest_view_never_changes_during_a_compaction(dataset, monkeypatch):
    before = snapshot(dataset)
    seen = []
    real_move, real_delete = LocalStorage.move_in, LocalStorage.delete

    def after(op):
        def wrapped(self, *a):
            op(self, *a)
            if "run_date=" in str(a[-1]):
                seen.append(snapshot(dataset, python=len(seen) % 4 == 0))
        return wrapped

    monkeypatch.setattr(LocalStorage, "move_in", after(real_move))
    monkeypatch.setattr(LocalStorage, "delete", after(real_delete))
    compact(dataset, grace=0)
    assert len(seen) > 20
    for snap in seen:
        assert {k: v for k, v in snap.items() if k in before} == \
            {k: before[k] for k in snap}


@pytest.mark.parametrize("where,direction", [("writing", "undone"), ("deleting", "finished")])
def test_an_interrupted_compaction_is_finished_or_undone_by_the_next_run(dataset, monkeypatch,
                                                                          where, direction):
    before = snapshot(dataset)
    old_rows = {t: committed(dataset, t).num_rows for t in COLS}
    real_move, real_delete = LocalStorage.move_in, LocalStorage.delete
    calls = {"n": 0}

    def boom(op, name):
        def wrapped(self, *a):
            if name == where:
                calls["n"] += 1
                if calls["n"] == 3:
                    raise KeyboardInterrupt
            return op(self, *a)
        return wrapped

    monkeypatch.setattr(LocalStorage, "move_in", boom(real_move, "writing"))
    monkeypatch.setattr(LocalStorage, "delete", boom(real_delete, "deleting"))
    with pytest.raises(KeyboardInterrupt):
        compact(dataset, grace=0)
    monkeypatch.setattr(LocalStorage, "move_in", real_move)
    monkeypatch.setattr(LocalStorage, "delete", real_delete)
    assert list(dataset.glob("_compaction/*.json"))
    assert snapshot(dataset) == before
    events = []
    with DatasetTransaction(dataset, "20261204T000000Z-dddddd",
                            datetime(2026, 12, 4, tzinfo=timezone.utc),
                            log=lambda e, d: events.append((e, d))) as tx:
        tx.commit({})
    assert any(direction in r for e, d in events for r in d.get("removed", []))
    assert not list(dataset.glob("_compaction/*"))
    assert snapshot(dataset) == before
    after = {t: committed(dataset, t).num_rows for t in COLS}
    if direction == "undone":
        assert after["documents"] == old_rows["documents"]
    else:
        assert after["documents"] == latest(dataset, "documents").num_rows


def test_the_report_reads_a_compacted_dataset(dataset):
    from pipeline.report.load import load

    compact(dataset, grace=0)
    data = load(dataset, all_runs=True)
    assert sorted(r["document_id"] for r in data.rows("documents")) == ["a", "b", "c"]
    data = load(dataset, run_ids=[RUNS[1]])
    assert sorted(r["document_id"] for r in data.rows("documents")) == ["a", "b"]


def test_mmbatch_compact(dataset):
    from pipeline.cli import main

    r = CliRunner().invoke(main, ["compact", str(dataset)])
    assert r.exit_code == 0, r.output
    assert "mmbatch: compacted" in r.stderr and "rows" in r.stderr
    r = CliRunner().invoke(main, ["compact", str(dataset), "--quiet"])
    assert r.exit_code == 0 and r.stderr == ""
    with DatasetTransaction(dataset, "r-hold", datetime.now(timezone.utc)):
        r = CliRunner().invoke(main, ["compact", str(dataset)])
        assert r.exit_code == 3 and "is locked by run r-hold" in r.stderr
