"""A new field option over a warm cache: how much faster than the cold run, and the same rows?

    python bench/fields_rederive.py
    python bench/fields_rederive.py --field 'invoice:label=Invoice' --keep /tmp/fr

Over the sample documents (9 cheques, 2 PDFs), each a fresh ``mmbatch extract`` process:

1. cold: an empty cache, the default options;
2. warm, new field: the same cache, one more ``--field`` (OCR results come from the cache, the
   fields are extracted again: pages rendered, no model run);
3. warm, new doc type: the same cache, ``--doc-type cheque``;
4. cold with the field: another empty cache, the options of (2).

Prints the seconds of each (the run's own, from its manifest, and the process's wall clock), the
ratios cold / warm, and whether (2) and (4) wrote the same rows (documents, pages, lines, fields;
run_id, run_ts and seconds left out). Exits 1 when they differ.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
INPUTS = [ROOT / "sample_docs" / "cheques", ROOT / "sample_docs" / "pdfs"]
TABLES = ("documents", "pages", "lines", "fields")
NATURAL = {"run_id", "run_ts", "seconds"}


def extract(out: Path, cache: Path, args: list) -> dict:
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", *map(str, INPUTS), "--out", str(out),
           "--cache", str(cache), "--quiet", *args]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, cwd=str(ROOT), capture_output=True, text=True)
    wall = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {r.returncode}:\n{r.stderr}")
    manifest = json.loads(next((out / "runs").glob("*.json")).read_text())
    return {"run": manifest["timings"]["wall_seconds"], "process": wall,
            "cache": manifest["cache"]}


def rows(out: Path, table: str) -> list:
    files = sorted((out / table).glob("run_date=*/*.parquet"))
    t = pq.read_table(files).to_pylist() if files else []
    return sorted(json.dumps({k: v for k, v in r.items() if k not in NATURAL}, sort_keys=True,
                             default=str) for r in t)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--field", default="invoice:label=Invoice",
                    help="the field added on the warm cache")
    ap.add_argument("--keep", help="work in this folder and keep it (default: a temporary one)")
    a = ap.parse_args()
    work = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="mmbatch-fields-"))
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    try:
        cold = extract(work / "cold", work / "cache", [])
        field = extract(work / "warm_field", work / "cache", ["--field", a.field])
        doc_type = extract(work / "warm_doctype", work / "cache", ["--doc-type", "cheque"])
        cold_field = extract(work / "cold_field", work / "cache2", ["--field", a.field])
        print(f"inputs\t{', '.join(str(p.relative_to(ROOT)) for p in INPUTS)}")
        for name, r in (("cold", cold), ("warm_new_field", field),
                        ("warm_new_doc_type", doc_type), ("cold_with_field", cold_field)):
            print(f"{name}_seconds\trun {r['run']:.2f}\tprocess {r['process']:.2f}\t"
                  f"pages_from_cache {r['cache']['pages_from_cache']}\t"
                  f"pages_fields_only {r['cache'].get('pages_fields_only', '-')}")
        for name, r in (("new_field", field), ("new_doc_type", doc_type)):
            print(f"ratio_{name}\trun {cold['run'] / r['run']:.1f}x\t"
                  f"process {cold['process'] / r['process']:.1f}x")
        same = True
        for table in TABLES:
            w, c = rows(work / "warm_field", table), rows(work / "cold_field", table)
            ok = w == c
            same &= ok
            print(f"identical_{table}\t{'yes' if ok else 'NO'}\t{len(w)} rows")
        return 0 if same else 1
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
