"""Does a code change leave the dataset alone? Run the same commands with the code of a git
revision and with the working tree, and compare every table row by row.

    python bench/same_dataset.py --before 63f4172            # extract over sample_docs
    python bench/same_dataset.py --before 63f4172 --compare  # and extract --compare
    python bench/same_dataset.py --before 63f4172 --job jobs/receipts.toml

Each side runs ``python -m pipeline.cli`` with its own code (``git worktree`` of the revision, on
PYTHONPATH), its own empty cache and output folder, one after the other. The columns that differ
by nature (run ids, timestamps, seconds) are left out; ``--ignore`` adds more (e.g.
``processing_key`` when the change meant to alter it). Rows are matched in file order after a
sort on the tables' identifying columns. Prints one line per table and every differing value (up
to ``--show``), and exits 1 when anything differs.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from _revision import checkout, clean_up

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("documents", "pages", "lines", "fields", "comparisons", "groups")
NATURAL = {"run_id", "run_ts", "seconds"}
SORT = {"documents": ["path"], "pages": ["path", "page"], "lines": ["path", "page", "line_no"],
        "fields": ["path", "page", "field"],
        "comparisons": ["path_a", "page_a", "path_b", "page_b"],
        "groups": ["kind", "path", "page"]}


def run_side(code: Path, out: Path, cache: Path, args: list, job: str = "") -> float:
    env = dict(os.environ, PYTHONPATH=str(code), XDG_CACHE_HOME=str(cache))
    if job:
        cmd = [sys.executable, "-m", "pipeline.cli", "run", str(code / job), "--out", str(out),
               "--quiet"]
    else:
        cmd = [sys.executable, "-m", "pipeline.cli", "extract",
               *[str(code / a) for a in ("sample_docs/cheques", "sample_docs/pdfs")],
               "--out", str(out), "--quiet", *args]
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, cwd=str(code), capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited {r.returncode}:\n{r.stderr}")
    return time.perf_counter() - t


def load(out: Path, table: str, code: Path):
    files = sorted((out / table).glob("run_date=*/*.parquet"))
    if not files:
        return None
    t = pa.concat_tables([pq.read_table(f) for f in files], promote_options="default")
    rows = t.to_pylist()
    prefix = str(code) + os.sep

    def strip(v):  # paths are absolute under each side's checkout: compare them relative
        if isinstance(v, str) and v.startswith(prefix):
            return v[len(prefix):]
        if isinstance(v, list):
            return [strip(x) for x in v]
        return v

    rows = [{k: strip(v) for k, v in r.items()} for r in rows]
    keys = [k for k in SORT[table] if k in t.column_names]
    rows.sort(key=lambda r: tuple(str(r[k]) for k in keys))
    return rows


def compare(a, b, table: str, ignore: set, show: int) -> int:
    if a is None and b is None:
        return 0
    if a is None or b is None:
        print(f"{table}: only {'after' if a is None else 'before'} has it")
        return 1
    diffs = 0
    if len(a) != len(b):
        print(f"{table}: {len(a)} rows before, {len(b)} after")
        diffs += 1
    cols_a = set(a[0]) if a else set()
    cols_b = set(b[0]) if b else set()
    if cols_a != cols_b:
        print(f"{table}: columns only before {sorted(cols_a - cols_b)}, "
              f"only after {sorted(cols_b - cols_a)}")
        diffs += 1
    shown = 0
    for i, (ra, rb) in enumerate(zip(a, b)):
        for k in sorted((cols_a & cols_b) - NATURAL - ignore):
            if ra[k] != rb[k]:
                diffs += 1
                if shown < show:
                    where = ", ".join(f"{c}={ra.get(c)}" for c in SORT[table] if c in ra)
                    print(f"  {table} [{where}] {k}: {ra[k]!r} -> {rb[k]!r}")
                    shown += 1
    print(f"{table}: {len(a)} rows, {'identical' if not diffs else f'{diffs} differences'}")
    return diffs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", required=True, help="git revision to compare against")
    ap.add_argument("--compare", action="store_true", help="run extract --compare")
    ap.add_argument("--job", default="", help="run this job file (relative to the checkout)")
    ap.add_argument("--ignore", action="append", default=[], help="a column to leave out")
    ap.add_argument("--show", type=int, default=20, help="differing values to print")
    ap.add_argument("--keep", action="store_true", help="keep the output folders")
    o = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="mmbatch-same-"))
    try:
        before = checkout(o.before, tmp / "before")
        args = ["--compare"] if o.compare else []
        secs = {}
        for name, code in (("before", before), ("after", ROOT)):
            secs[name] = run_side(code, tmp / f"out-{name}", tmp / f"cache-{name}", args, o.job)
        print(f"before {o.before}: {secs['before']:.1f} s; after (working tree): "
              f"{secs['after']:.1f} s")
        total = 0
        for table in TABLES:
            total += compare(load(tmp / "out-before", table, before),
                             load(tmp / "out-after", table, ROOT), table, set(o.ignore), o.show)
        print("identical" if not total else f"{total} differences")
        return 1 if total else 0
    finally:
        clean_up(tmp, o.keep, before=True)


if __name__ == "__main__":
    sys.exit(main())
