"""``mmbatch compact OUT``: rewrite a dataset to its latest rows (``pipeline.output.read``),
under the dataset lock, without a moment where the ``latest`` view shows anything else.

For each group of tables (extract's, compare's, ask's) that has rows to drop or parts to merge:

1. an intent record ``_compaction/<id>.json`` names the parts to be written and replaced;
2. the latest rows go into new parts, one per run date (the rows keep their run id, time and
   date), each committed by its marker like any part. The ``latest`` view now finds each of its
   rows twice, the same run's row in the old part and in the copy, and takes the first part by
   name: still the old one, so it does not change;
3. the old parts' markers are deleted (each old part is then uncommitted, so the view takes the
   copies: the same rows), and after a grace period (a query that listed the files before
   still finds the data files it listed) the old parts' other files;
4. the compaction's manifest ``runs/<id>.json``; the intent record is deleted.

``recover`` (at the start of any run under the lock) finishes an interrupted compaction: forward
when all its new parts were committed, back (its new parts deleted) otherwise. The ``committed``
view (every run's rows) shows both copies between steps 2 and 3.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Dict, List, Optional

import pyarrow.parquet as pq

from .parts import (COMMIT_GROUPS, committed_files, committed_parts, part_files,
                    part_name, run_date_of)
from .read import SCHEMAS, count_latest, plan_latest, read_latest
from .writer import DatasetWriter, run_header

INTENT_DIR = "_compaction"
GRACE_SECONDS = 5.0


@dataclass
class CompactSummary:
    run_id: str
    out: str
    rows_before: int = 0
    rows_after: int = 0
    files_before: int = 0
    files_after: int = 0
    groups: List[str] = field(default_factory=list)   # the committing tables of the groups done
    seconds: float = 0.0
    manifest_path: str = ""

    def line(self) -> str:
        if not self.groups:
            return f"mmbatch: {self.out} is already compact ({self.rows_before} rows)"
        return (f"mmbatch: compacted {self.out}: {self.rows_before} -> {self.rows_after} rows, "
                f"{self.files_before} -> {self.files_after} files in {self.seconds:.1f}s "
                f"(run {self.run_id})")


def _rows(storage, files: List[str]) -> int:
    return sum(pq.read_metadata(storage.path(f), filesystem=storage.fs).num_rows for f in files)


def _delete_parts(storage, tables, last: str, names) -> None:
    """The files of parts ``names``: the markers first (each part uncommitted at once)."""
    names = set(names)
    for table in [last] + [t for t in tables if t != last]:
        for f in part_files(storage, table):
            if part_name(f) in names:
                storage.delete(f)


def finish_interrupted(storage) -> List[str]:
    """Forward or back, each compaction that did not finish (see the module's notes). Call under
    the dataset lock. Returns what was done, for the log."""
    done = []
    for rel in storage.list_files(INTENT_DIR):
        if not rel.endswith(".json") or rel.rsplit("/", 1)[-1].startswith("."):
            storage.delete(rel)  # a record half written: nothing was done after it
            continue
        intent = json.loads(storage.read_bytes(rel))
        for tables, last in COMMIT_GROUPS:
            g = intent["groups"].get(last)
            if not g:
                continue
            have = committed_parts(storage, last)
            if set(g["writes"]) <= have:
                _delete_parts(storage, tables, last, g["replaces"])
                done.append(f"{rel}: {last} finished")
            else:
                _delete_parts(storage, tables, last, g["writes"])
                done.append(f"{rel}: {last} undone")
        if not storage.exists(f"runs/{intent['run_id']}.json"):
            storage.write_bytes(f"runs/{intent['run_id']}.json", json.dumps(
                {"run_id": intent["run_id"], "command": "compact", "recovered": True},
                indent=2).encode() + b"\n")
        storage.delete(rel)
    return done


def _group_plan(storage, tables, last: str):
    """(files per table, {date: {table: [(file, selection)]}}, rows before, rows after) of a
    group, or None when compacting it would change nothing (no row to drop, at most one part
    per run date)."""
    files = {t: committed_files(storage, t) for t in tables}
    if not files[last]:
        return None
    by_date: Dict[str, Dict[str, list]] = {}
    after = 0
    for t in tables:
        for f, sel in plan_latest(storage, t).items():
            n = count_latest(storage, t, f, sel)
            if n:
                by_date.setdefault(run_date_of(f), {}).setdefault(t, []).append((f, sel))
                after += n
    before = sum(_rows(storage, fs) for fs in files.values())
    if before and not after:  # every key has a latest row: this would be a bug, not a choice
        raise AssertionError(f"compaction of {last}'s tables found no latest rows")
    dates = {run_date_of(f) for f in files[last]}
    if before == after and len(files[last]) <= len(dates):
        return None
    return files, by_date, before, after


def compact(out, wait: bool = False, log: Optional[Callable[[str, dict], None]] = None,
            grace: float = GRACE_SECONDS) -> CompactSummary:
    """Compact the dataset at ``out`` (a local folder or an object-store URL)."""
    from .transaction import DatasetTransaction
    from ..runners.driver import new_run_id

    started = datetime.now(timezone.utc)
    t0 = time.perf_counter()
    cid = new_run_id(started)
    s = CompactSummary(cid, str(out))
    with DatasetTransaction(out, cid, started, wait=wait, log=log) as tx:
        st = tx.storage
        plans = {}
        for tables, last in COMMIT_GROUPS:
            plan = _group_plan(st, tables, last)
            if plan is None:
                s.rows_before += sum(_rows(st, committed_files(st, t)) for t in tables)
                continue
            plans[last] = (tables, plan)
        if not plans:
            s.rows_after = s.rows_before
            tx.writer.abort()
            tx.committed = True  # nothing to write: no manifest either
            return s
        intent = {"run_id": cid, "groups": {}}
        for last, (tables, (files, latest, before, after)) in plans.items():
            intent["groups"][last] = {
                "writes": [f"part-{cid}-{k}.parquet" for k in range(len(latest))],
                "replaces": sorted({part_name(f) for f in files[last]})}
        st.write_bytes(f"{INTENT_DIR}/{cid}.json", json.dumps(intent, indent=2).encode())
        manifest = dict(run_header(cid, started, "compact", [str(out)]), groups={})
        for last, (tables, (files, latest, before, after)) in plans.items():
            writer = DatasetWriter(st, cid, tables={t: SCHEMAS[t] for t in tables},
                                   commit_last=last, check=tx.lock.check,
                                   staging=f"{cid}-{last}")
            try:
                for date in sorted(latest):
                    writer.run_date = date
                    for t in tables:
                        for f, sel in latest[date].get(t, []):
                            writer.add_arrow(t, read_latest(st, t, f, sel))
                    writer.commit_part()
            finally:
                writer.abort()
            old = intent["groups"][last]["replaces"]
            for f in committed_files(st, last):
                if part_name(f) in old:
                    st.delete(f)
            if grace:
                time.sleep(grace)
            _delete_parts(st, tables, last, old)
            s.groups.append(last)
            s.rows_before += before
            s.rows_after += after
            s.files_before += sum(len(v) for v in files.values())
            s.files_after += sum(len(v) for v in writer.files.values())
            manifest["groups"][last] = {"replaced_parts": len(old), "files": writer.files,
                                        "rows_before": before, "rows_after": after}
        s.seconds = round(time.perf_counter() - t0, 3)
        tx.commit(dict(manifest, seconds=s.seconds))
        st.delete(f"{INTENT_DIR}/{cid}.json")
        s.manifest_path = tx.manifest_path
    return s
