"""Parts and their commit markers: which files of a dataset a reader may read.

A run writes its rows in parts, one file per table:

    <table>/run_date=YYYY-MM-DD/part-<run_id>-<i>.parquet

and the tables written together have one committing table, whose file goes in last: it is the
part's commit marker. ``documents`` commits a part of ``documents``, ``pages``, ``lines`` and
``fields``; ``comparisons`` one of ``comparisons`` and ``groups``; ``answers`` commits itself.
A file is committed when the file of the same name exists in its group's committing table
(a part's name is unique in the dataset: it holds the run id). Readers that honour this (the
``latest`` and ``committed`` functions of ``pipeline.output.read``, the README's SQL views)
never see a part half written, whatever was killed when.
"""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Set

from .schemas import ASK_TABLES, COMPARE_TABLES, TABLES

PART_RE = re.compile(r"^part-(?P<run>.+)-(?P<i>\d+)\.parquet$")
COMMIT_LAST = "documents"
# the tables written together by one kind of run, and the one whose file commits a part
# (a one-table run, such as mmbatch ask's answers, commits with a single file)
COMMIT_GROUPS = [(tuple(TABLES), COMMIT_LAST), (tuple(COMPARE_TABLES), "comparisons"),
                 (tuple(ASK_TABLES), "answers")]
MARKER: Dict[str, str] = {t: last for tables, last in COMMIT_GROUPS for t in tables}
ALL_TABLES = [t for tables, _ in COMMIT_GROUPS for t in tables]


def part_name(rel: str) -> str:
    """``part-<run>-<i>.parquet``: the part a file belongs to, the same in every table."""
    return rel.rsplit("/", 1)[-1]


def run_of(rel: str) -> Optional[str]:
    m = PART_RE.match(part_name(rel))
    return m.group("run") if m else None


def run_date_of(rel: str) -> str:
    folder = rel.rsplit("/", 2)[-2] if rel.count("/") >= 2 else ""
    return folder.split("=", 1)[1] if folder.startswith("run_date=") else ""


def part_files(storage, table: str) -> List[str]:
    """Every part file of ``table``, committed or not, sorted."""
    out = []
    for rel in storage.list_files(table):
        bits = rel.split("/")
        if len(bits) == 3 and bits[1].startswith("run_date=") and PART_RE.match(bits[2]):
            out.append(rel)
    return sorted(out)


def committed_parts(storage, table: str) -> Set[str]:
    """The names of the parts committed in ``table``'s group."""
    return {part_name(f) for f in part_files(storage, MARKER.get(table, table))}


def committed_files(storage, table: str, parts: Optional[Set[str]] = None) -> List[str]:
    """The files of ``table`` that a reader may read: those of committed parts."""
    files = part_files(storage, table)
    if MARKER.get(table, table) == table:
        return files
    parts = committed_parts(storage, table) if parts is None else parts
    return [f for f in files if part_name(f) in parts]
