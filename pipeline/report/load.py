"""Read what a report shows from an output dataset: the runs (their manifests), and the rows of
the chosen runs from every table (documents, pages, lines, fields, comparisons, groups).

A run is known by its manifest (``runs/<run_id>.json``) or, for a run killed before it wrote one,
by the names of its committed part files (``part-<run_id>-<i>.parquet``). By default the report
shows the latest extract run and the compare run that followed it (``extract --compare`` writes
two runs: the extract run, then the compare run); ``run_ids`` chooses runs, ``all_runs`` takes
every run, keeping each document's latest rows.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..errors import UsageError
from ..output.schemas import COMPARE_TABLES, TABLES
from ..output.parts import committed_files
from ..output.storage import LocalStorage
from ..output.writer import PART_RE, table_files

EXTRACT_TABLES = tuple(TABLES)            # documents, pages, lines, fields
COMPARE = tuple(COMPARE_TABLES)           # comparisons, groups
# the lines table's words are not shown: not read (the largest column)
COLUMNS = {"lines": ["run_id", "document_id", "path", "page", "line_no", "text", "conf", "box"]}


@dataclass
class RunInfo:
    run_id: str
    command: str                      # extract | compare
    manifest: Optional[dict] = None   # None: the run never finished (no manifest)

    @property
    def started_at(self) -> str:
        return (self.manifest or {}).get("started_at") or self.run_id


@dataclass
class ReportData:
    out: Path
    runs: List[RunInfo]                                  # the chosen runs, oldest first
    tables: Dict[str, List[dict]] = field(default_factory=dict)
    present: Dict[str, bool] = field(default_factory=dict)   # table folder exists in the dataset
    notes: List[str] = field(default_factory=list)

    def rows(self, table: str) -> List[dict]:
        return self.tables.get(table, [])

    @property
    def extract_runs(self) -> List[RunInfo]:
        return [r for r in self.runs if r.command == "extract"]


def _run_of(f: Path) -> Optional[str]:
    m = PART_RE.match(f.name)
    return m.group("run") if m else None


def list_runs(out: Path) -> Dict[str, RunInfo]:
    """Every run of the dataset, by id: from the manifests, then from part file names."""
    out = Path(out)
    runs: Dict[str, RunInfo] = {}
    for f in sorted((out / "runs").glob("*.json")):
        try:
            m = json.loads(f.read_text())
        except (OSError, ValueError):
            continue
        rid = m.get("run_id") or f.stem
        runs[rid] = RunInfo(rid, m.get("command") or "extract", m)
    for table, command in [("documents", "extract"), ("comparisons", "compare")]:
        for f in table_files(out, table):
            rid = _run_of(f)
            if rid and rid not in runs:
                runs[rid] = RunInfo(rid, command, None)
    return runs


def _ordered(runs: Iterable[RunInfo]) -> List[RunInfo]:
    return sorted(runs, key=lambda r: (r.started_at, r.run_id))


def _followers(run: RunInfo, ordered: List[RunInfo]) -> List[RunInfo]:
    """The compare run that followed an extract run (before the next extract run), if any."""
    after = ordered[ordered.index(run) + 1:]
    found = []
    for r in after:
        if r.command == "extract":
            break
        if r.command == "compare":
            found.append(r)
    return found[-1:]


def choose_runs(out: Path, run_ids: Sequence[str] = (), all_runs: bool = False) -> List[RunInfo]:
    out = Path(out)
    if not out.exists():
        raise UsageError(f"{out}: no such folder (give the --out folder of an extract run)")
    if not out.is_dir():
        raise UsageError(f"{out}: not a folder (give the --out folder of an extract run)")
    known = list_runs(out)
    if not known:
        raise UsageError(f"{out}: not an mmbatch dataset, or an empty one: no runs/ manifests and "
                         "no documents/ or comparisons/ files")
    ordered = _ordered(known.values())
    if all_runs:
        return ordered
    if run_ids:
        missing = [r for r in run_ids if r not in known]
        if missing:
            recent = ", ".join(r.run_id for r in ordered[-5:])
            raise UsageError(f"no run {', '.join(missing)} in {out} (the latest: {recent})")
        chosen = {r: known[r] for r in run_ids}
        if not any(known[r].command == "compare" for r in run_ids):
            for r in run_ids:
                if known[r].command == "extract":
                    chosen.update({f.run_id: f for f in _followers(known[r], ordered)})
        return _ordered(chosen.values())
    extracts = [r for r in ordered if r.command == "extract"]
    if not extracts:
        return [r for r in ordered if r.command == "compare"][-1:]
    latest = extracts[-1]
    return [latest] + _followers(latest, ordered)


def _read(out: Path, table: str, run_ids: set, compactions: set = frozenset()) -> Optional[pa.Table]:
    """The rows of runs ``run_ids``: from the committed files of those runs and of compactions
    (which hold the rows of earlier runs)."""
    files = [Path(out) / f for f in committed_files(LocalStorage(out), table)]
    files = [f for f in files if _run_of(f) in run_ids or _run_of(f) in compactions]
    parts = []
    for f in files:
        names = pq.read_schema(f).names
        want = COLUMNS.get(table)
        cols = [c for c in want if c in names] if want else None
        t = pq.read_table(f, columns=cols, partitioning=None)
        if "run_id" in t.column_names:
            t = t.filter(pc.is_in(t["run_id"], pa.array(sorted(run_ids))))
        parts.append(t)
    if not parts:
        return None
    return pa.concat_tables(parts, promote_options="default")


def _latest_per_document(tables: Dict[str, List[dict]], runs: List[RunInfo]) -> None:
    """Across several runs, keep each document's rows of its latest run."""
    rank = {r.run_id: i for i, r in enumerate(runs)}
    latest: Dict[str, str] = {}
    for d in tables.get("documents", []):
        cur = latest.get(d["document_id"])
        if cur is None or rank.get(d["run_id"], -1) > rank.get(cur, -1):
            latest[d["document_id"]] = d["run_id"]
    for t in EXTRACT_TABLES:
        tables[t] = [r for r in tables.get(t, [])
                     if latest.get(r["document_id"], r["run_id"]) == r["run_id"]]


def load(out, run_ids: Sequence[str] = (), all_runs: bool = False) -> ReportData:
    """The rows of the chosen runs. Raises ``UsageError`` for a missing folder, an unknown run id
    or a folder that is not a dataset; a dataset without some tables is fine."""
    out = Path(out)
    runs = choose_runs(out, run_ids, all_runs)
    data = ReportData(out, runs)
    ids = {r.run_id for r in runs}
    compactions = {r for r, i in list_runs(out).items() if i.command == "compact"}
    for table in EXTRACT_TABLES + COMPARE:
        data.present[table] = (out / table).is_dir()
        t = _read(out, table, ids, compactions)
        data.tables[table] = [] if t is None else t.to_pylist()
    if all_runs and len(data.extract_runs) > 1:
        _latest_per_document(data.tables, data.runs)
        data.notes.append(f"{len(data.extract_runs)} extract runs: each document's latest rows")
    for r in runs:
        if r.manifest is None:
            data.notes.append(f"run {r.run_id} has no manifest: it did not finish (killed?); "
                              "its committed parts are shown")
    return data

