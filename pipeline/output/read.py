"""Reading a dataset as its readers should: only committed parts, and each document's latest rows.

``committed(out, table)`` holds every row of every committed part (every run's rows).
``latest(out, table)`` holds one row per document (and page, line, field) from its newest
successful run, the newest failed one for a document that never succeeded:

    documents    one row per document_id: status ok first, then the newest run (run_ts, run_id)
    pages, lines, fields
                 the rows of the part that ``documents`` chose for their document
    comparisons  one row per pair of pages (document_id_a, page_a, document_id_b, page_b): the
                 newest run's
    groups       the groups of the newest compare run that made any (from one part)
    answers      one row per question about the same images with the same model: ok first,
                 then the newest

Ties (the same run's row in two files: a compaction's copy beside its original) go to the
first part name, so a compaction in progress never shows a row twice. The README's DuckDB
views say the same in SQL; ``tests/output/test_read.py`` holds them to it.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import PurePath
from typing import Dict, Iterator, List, Optional, Set, Tuple

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .parts import ALL_TABLES, committed_files, part_name
from .schemas import ASK_TABLES, COMPARE_TABLES, TABLES
from .storage import open_storage
from .writer import conform

SCHEMAS: Dict[str, pa.Schema] = {**TABLES, **COMPARE_TABLES, **ASK_TABLES}
FOLLOW_DOCUMENTS = ("pages", "lines", "fields")
READ_AHEAD = 8


def _storage(out):
    """``out``: a local folder (str or Path), an object-store URL, or an opened storage."""
    return open_storage(str(out) if isinstance(out, PurePath) else out)


def _check(table: str) -> None:
    if table not in SCHEMAS:
        raise ValueError(f"no table {table!r} (tables: {', '.join(ALL_TABLES)})")


def read_file(storage, rel: str, table: str, columns: Optional[List[str]] = None) -> pa.Table:
    """One part file in the current schema (columns a file of an older version lacks: null)."""
    schema = SCHEMAS[table]
    if columns is not None:
        schema = pa.schema([schema.field(c) for c in columns])
    with storage.fs.open_input_file(storage.path(rel)) as f:  # one open: footer and columns
        pf = pq.ParquetFile(f)
        have = set(pf.schema_arrow.names)
        t = pf.read(columns=[c for c in schema.names if c in have])
    return conform(t, schema)


def read_files(storage, files: List[str], table: str,
               columns: Optional[List[str]] = None) -> Iterator[pa.Table]:
    """``read_file`` of each file, in order; on an object store several at a time (a request
    takes milliseconds there), at most ``READ_AHEAD`` files held."""
    if storage.local or len(files) < 2:
        for f in files:
            yield read_file(storage, f, table, columns)
        return
    with ThreadPoolExecutor(READ_AHEAD, thread_name_prefix="mmbatch-read") as ex:
        for i in range(0, len(files), READ_AHEAD):
            yield from ex.map(lambda f: read_file(storage, f, table, columns),
                              files[i:i + READ_AHEAD])


def _concat(parts: List[pa.Table], table: str, columns=None) -> pa.Table:
    if not parts:
        schema = SCHEMAS[table] if columns is None else pa.schema(
            [SCHEMAS[table].field(c) for c in columns])
        return schema.empty_table()
    return pa.concat_tables(parts)


def committed(out, table: str, columns: Optional[List[str]] = None) -> pa.Table:
    """Every row of ``table``'s committed parts."""
    _check(table)
    st = _storage(out)
    return _concat(list(read_files(st, committed_files(st, table), table, columns)), table,
                   columns)


def _best(rows: List[tuple]) -> Dict[str, List[tuple]]:
    """rows: (key, ok, run_ts, run_id, part, index). The best row of each key (ok first, then
    the newest run, then the first part name), as {part: [(index, key)]}."""
    rows.sort(key=lambda r: r[4])
    rows.sort(key=lambda r: r[3], reverse=True)  # stable: the part order stays within a run
    rows.sort(key=lambda r: (not r[1], -r[2]))
    best: Dict[object, tuple] = {}
    for r in rows:
        best.setdefault(r[0], r)
    keep: Dict[str, List[tuple]] = {}
    for r in best.values():
        keep.setdefault(r[4], []).append((r[5], r[0]))
    return keep


def _key_rows(storage, table: str, files: List[str], key_cols: List[str],
              with_status: bool) -> List[tuple]:
    rows = []
    cols = key_cols + ["run_ts", "run_id"] + (["status"] if with_status else [])
    for f, t in zip(files, read_files(storage, files, table, cols)):
        ts = pc.cast(t["run_ts"], pa.int64()).to_pylist()
        keys = list(zip(*[_hashable(t[c].to_pylist()) for c in key_cols]))
        status = t["status"].to_pylist() if with_status else [None] * t.num_rows
        run_ids = t["run_id"].to_pylist()
        name = part_name(f)
        for i in range(t.num_rows):
            rows.append((keys[i], status[i] == "ok" or not with_status, ts[i], run_ids[i],
                         name, i))
    return rows


def _hashable(values: list) -> list:
    return [tuple(v) if isinstance(v, list) else v for v in values]


KEYS = {
    "documents": (["document_id"], True),
    "comparisons": (["document_id_a", "page_a", "document_id_b", "page_b"], False),
    "answers": (["question", "document_ids", "pages", "backend", "model"], True),
}

# what to keep of one file: ("rows", [row indexes]) or ("documents", {document_id, ...})
Selection = Tuple[str, object]


def plan_latest(out, table: str) -> Dict[str, Selection]:
    """For each committed file of ``table`` that holds latest rows, which ones (reading only
    the key columns)."""
    _check(table)
    st = _storage(out)
    if table in FOLLOW_DOCUMENTS:
        chosen: Dict[str, Set[str]] = {}
        for f, (_, idx) in plan_latest(st, "documents").items():
            chosen[part_name(f)] = {key[0] for _, key in idx}
        return {f: ("documents", chosen[part_name(f)])
                for f in committed_files(st, table, set(chosen))}
    files = committed_files(st, table)
    if table == "groups":
        rows = [(None, True, ts, rid, part_name(f), (f, i))
                for f, t in zip(files, read_files(st, files, table, ["run_ts", "run_id"]))
                for i, (ts, rid) in enumerate(zip(pc.cast(t["run_ts"], pa.int64()).to_pylist(),
                                                  t["run_id"].to_pylist()))]
        if not rows:
            return {}
        newest = max((r[2], r[3]) for r in rows)
        part = min(r[4] for r in rows if (r[2], r[3]) == newest)  # one copy of that run's
        plan: Dict[str, list] = {}
        for r in rows:
            if (r[2], r[3], r[4]) == newest + (part,):
                plan.setdefault(r[5][0], []).append((r[5][1], None))
        return {f: ("rows", idx) for f, idx in plan.items()}
    key_cols, with_status = KEYS[table]
    keep = _best(_key_rows(st, table, files, key_cols, with_status))
    return {f: ("rows", keep[part_name(f)]) for f in files if part_name(f) in keep}


def _select(t: pa.Table, sel: Selection) -> pa.Table:
    kind, what = sel
    if kind == "documents":
        return t.filter(pc.is_in(t["document_id"], pa.array(sorted(what), pa.string())))
    return t.take(pa.array(sorted(i for i, _ in what), pa.int64()))


def read_latest(out, table: str, rel: str, sel: Selection,
                columns: Optional[List[str]] = None) -> pa.Table:
    """The rows of one file that ``sel`` (from ``plan_latest``) keeps."""
    return _select(read_file(_storage(out), rel, table, columns), sel)


def count_latest(out, table: str, rel: str, sel: Selection) -> int:
    kind, what = sel
    if kind == "rows":
        return len(what)
    return read_latest(out, table, rel, sel, ["document_id"]).num_rows


def iter_latest(out, table: str) -> Iterator[Tuple[str, pa.Table]]:
    """(file, its latest rows) for each committed file of ``table`` that has any."""
    st = _storage(out)
    plan = plan_latest(st, table)
    for (f, sel), t in zip(plan.items(), read_files(st, list(plan), table)):
        t = _select(t, sel)
        if t.num_rows:
            yield f, t


def latest(out, table: str) -> pa.Table:
    """One row per document (and page, line, field; see the module's notes) of ``table``."""
    return _concat([t for _, t in iter_latest(out, table)], table)
