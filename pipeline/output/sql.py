"""The README's DuckDB views of a dataset: committed rows and latest rows, the same rules as
``pipeline.output.read`` (a test holds them to each other).

A view ``pages`` (``lines``, ``fields``) keeps the files whose part has its ``documents`` file,
the part's commit marker: ``parse_filename`` of a file is its part, the same name in every
table. ``latest_documents`` takes one row per document (ok first, then the newest run, then the
first part: a compaction's copy and its original are the same rows), and ``latest_pages`` (...)
the rows of the part it chose for their document.
"""
from __future__ import annotations

from typing import Iterable

from .parts import MARKER

EXTRACT = ("documents", "pages", "lines", "fields")
ORDER = "run_ts desc, run_id desc, part"


def _source(out: str, table: str) -> str:
    src = (f"read_parquet('{out}/{table}/*/*.parquet', filename = true,\n"
           f"                    hive_partitioning = true, union_by_name = true)")
    view = (f"create or replace view {table} as\n"
            f"  select * exclude (filename), parse_filename(filename) as part\n"
            f"  from {src}")
    marker = MARKER[table]
    if marker != table:
        view += (f"\n  where parse_filename(filename) in\n"
                 f"    (select parse_filename(file) from glob('{out}/{marker}/*/*.parquet'))")
    return view + ";"


LATEST = {
    "documents": ("create or replace view latest_documents as\n"
                  "  select * from documents\n"
                  "  qualify row_number() over (partition by document_id\n"
                  f"                             order by status = 'ok' desc, {ORDER}) = 1;"),
    "comparisons": ("create or replace view latest_comparisons as\n"
                    "  select * from comparisons\n"
                    "  qualify row_number() over (partition by document_id_a, page_a,\n"
                    "                                          document_id_b, page_b\n"
                    f"                             order by {ORDER}) = 1;"),
    "groups": ("create or replace view latest_groups as\n"
               "  select * from groups\n"
               f"  qualify dense_rank() over (order by {ORDER}) = 1;"),
    "answers": ("create or replace view latest_answers as\n"
                "  select * from answers\n"
                "  qualify row_number() over (partition by question, document_ids, pages,\n"
                "                                          backend, model\n"
                f"                             order by status = 'ok' desc, {ORDER}) = 1;"),
}


def _follow(table: str) -> str:
    return (f"create or replace view latest_{table} as\n"
            f"  select t.* from {table} t semi join latest_documents d using (document_id, part);")


def duckdb_views(out: str = "out", tables: Iterable[str] = EXTRACT) -> str:
    """``create view`` statements for ``tables`` of the dataset at ``out`` (a folder, or an
    s3:// gs:// URL that DuckDB's httpfs reads), and their ``latest_`` views."""
    tables = list(tables)
    out = out.rstrip("/")
    stmts = [_source(out, t) for t in tables]
    for t in tables:
        if t in LATEST:
            stmts.append(LATEST[t])
        elif "documents" in tables:
            stmts.append(_follow(t))
    return "\n".join(stmts) + "\n"
