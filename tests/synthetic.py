"""A small synthetic dataset written through ``DatasetTransaction``: three extract runs (a
reprocessed document, a transient error), two compare runs and two ask runs."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pipeline.output.schemas import ASK_TABLES, COMPARE_TABLES
from pipeline.output.transaction import DatasetTransaction

RUNS = ["20261201T000000Z-aaaaaa", "20261202T000000Z-bbbbbb", "20261203T000000Z-cccccc"]


def _ts(run_id: str) -> datetime:
    return datetime.strptime(run_id[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)


def extract_run(out, run_id, docs):
    """docs: (document_id, status, pages), one part each."""
    ts = _ts(run_id)
    with DatasetTransaction(out, run_id, ts) as tx:
        for doc, status, pages in docs:
            base = {"run_id": run_id, "run_ts": ts, "document_id": doc, "path": f"{doc}.png"}
            tx.add("documents", [dict(base, status=status, page_count=pages)])
            tx.add("pages", [dict(base, page=p, text=f"{doc} {p} {run_id}")
                             for p in range(1, pages + 1)])
            tx.add("lines", [dict(base, page=p, line_no=n, text=f"{doc} {p}.{n}")
                             for p in range(1, pages + 1) for n in range(2)])
            tx.add("fields", [dict(base, page=1, field="amount", value=run_id)] if pages else [])
            tx.commit_part()
        tx.commit({"run_id": run_id})


def compare_run(out, run_id, pairs):
    ts = _ts(run_id)
    with DatasetTransaction(out, run_id, ts, tables=COMPARE_TABLES,
                            commit_last="comparisons") as tx:
        tx.add("comparisons", [{"run_id": run_id, "run_ts": ts, "document_id_a": a, "path_a": a,
                                "page_a": 1, "document_id_b": b, "path_b": b, "page_b": 1,
                                "verdict": v} for a, b, v in pairs])
        tx.add("groups", [{"run_id": run_id, "run_ts": ts, "group_id": "dup-1",
                           "kind": "duplicate", "size": 2, "document_id": d, "path": d,
                           "page": 1} for a, b, v in pairs if v == "duplicate" for d in (a, b)])
        tx.commit({"run_id": run_id})


def ask_run(out, run_id, answers):
    ts = _ts(run_id)
    with DatasetTransaction(out, run_id, ts, tables=ASK_TABLES, commit_last="answers") as tx:
        tx.add("answers", [{"run_id": run_id, "run_ts": ts, "question": q,
                            "document_ids": ids, "pages": [1] * len(ids), "backend": "ollama",
                            "model": "m", "answer": a, "status": s} for q, ids, a, s in answers])
        tx.commit({"run_id": run_id})


def make_dataset(out):
    extract_run(out, RUNS[0], [("a", "ok", 2), ("b", "error", 0)])
    extract_run(out, RUNS[1], [("a", "ok", 2), ("b", "ok", 1)])          # --reprocess
    extract_run(out, RUNS[2], [("a", "error", 0), ("c", "ok", 1)])       # a transient error
    compare_run(out, RUNS[0], [("a", "b", "different"), ("a", "c", "duplicate")])
    compare_run(out, RUNS[2], [("a", "b", "near_duplicate")])
    ask_run(out, RUNS[0], [("q", ["a"], "old", "ok"), ("q", ["b"], "x", "ok")])
    ask_run(out, RUNS[1], [("q", ["a"], "new", "ok"), ("q", ["b"], None, "error")])


def _rows(t, cols):
    return sorted((tuple(r[c] for c in cols) for r in t), key=repr)


COLS = {"documents": ["document_id", "run_id", "status"],
        "pages": ["document_id", "page", "run_id", "text"],
        "lines": ["document_id", "page", "line_no", "run_id"],
        "fields": ["document_id", "field", "value", "run_id"],
        "comparisons": ["document_id_a", "document_id_b", "verdict", "run_id"],
        "groups": ["document_id", "group_id", "run_id"],
        "answers": ["question", "answer", "status", "run_id"]}


@pytest.fixture
def dataset(tmp_path):
    """A small synthetic dataset in a temporary folder (import it into a test module)."""
    out = tmp_path / "out"
    make_dataset(out)
    return out
