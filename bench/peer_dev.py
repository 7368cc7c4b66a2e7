"""How much of other projects' test files does mmbatch read? Runs ``mmbatch extract`` over
``/work/shared/eval/peer-dev`` (every file, or those matching ``--only``) and counts, per file and
in total, the strings of its ``expectations.py`` found in the output text: ``visible`` ones (read
off the rendered pages) and ``asserted`` ones (what the upstream test suites check). Text is
compared case-folded with all whitespace removed (OCR puts spaces into CJK lines, a PDF text
layer may lose them).

    python bench/peer_dev.py                       # the working tree's figures
    python bench/peer_dev.py --before 7a75f9e      # that revision's, then the working tree's
    python bench/peer_dev.py --only ocrmypdf/cmyk --only transparent

Each side runs ``python -m pipeline.cli extract --no-fields --pdf-password ocrmypdf`` (the
encrypted copies need it) with its own code (a ``git worktree`` of the revision on PYTHONPATH),
an empty cache and a temporary dataset. Prints one line per file whose counts or status differ
(or every file with ``--all``), then the totals.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from _revision import checkout, clean_up

ROOT = Path(__file__).resolve().parents[1]
PEER = Path(os.environ.get("MMBATCH_PEER_DEV", "/work/shared/eval/peer-dev"))


def expectations() -> dict:
    spec = importlib.util.spec_from_file_location("peer_expectations", PEER / "expectations.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return {**mod.RAPID, **mod.OCRMY}


def norm(s: str) -> str:
    return re.sub(r"\s+", "", s.casefold())


def table(out: Path, name: str) -> list:
    files = sorted((out / name).glob("run_date=*/*.parquet"))
    if not files:
        return []
    return pa.concat_tables([pq.read_table(f) for f in files],
                            promote_options="default").to_pylist()


def run_side(code: Path, files: list, tmp: Path, label: str, extra: list) -> dict:
    """path relative to PEER -> (status, error, text, notes)"""
    out, cache = tmp / f"out-{label}", tmp / f"cache-{label}"
    env = dict(os.environ, PYTHONPATH=str(code), XDG_CACHE_HOME=str(cache))
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", *[str(PEER / f) for f in files],
           "--out", str(out), "--quiet", "--no-fields", "--pdf-password", "ocrmypdf", *extra]
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, cwd=str(code), capture_output=True, text=True)
    print(f"{label}: {time.perf_counter() - t:.0f} s", file=sys.stderr)
    if r.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited {r.returncode}:\n{r.stderr}")
    docs = {row["path"]: row for row in table(out, "documents")}
    pages: dict = {}
    for row in sorted(table(out, "pages"), key=lambda r: (r["path"], r["page"])):
        pages.setdefault(row["path"], []).append(row)
    result = {}
    for f in files:
        p = str(PEER / f)
        d = docs.get(p, {})
        ps = pages.get(p, [])
        notes = sorted({f"p{r['page']}:{r.get('note')}" for r in ps if r.get("note")})
        result[f] = (d.get("status", "missing"), d.get("error") or "",
                     "\n".join(r.get("text") or "" for r in ps), notes,
                     sorted({r.get("source") for r in ps}))
    return result


def counts(exp: list, text: str) -> dict:
    t = norm(text)
    c = {"visible": [0, 0], "asserted": [0, 0]}
    for s, kind, _why in exp:
        c[kind][1] += 1
        c[kind][0] += norm(s) in t
    return c


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", help="git revision to compare against")
    ap.add_argument("--only", action="append", default=[],
                    help="a substring of the files' paths to run (repeatable)")
    ap.add_argument("--all", action="store_true", help="print every file's line")
    ap.add_argument("--keep", action="store_true", help="keep the output folders")
    ap.add_argument("extra", nargs="*", help="more extract options (after --)")
    o = ap.parse_args()
    exp = expectations()
    files = sorted(f for f in exp if not o.only or any(s in f for s in o.only))
    tmp = Path(tempfile.mkdtemp(prefix="mmbatch-peer-"))
    try:
        sides = []
        if o.before:
            sides.append((f"before {o.before}", checkout(o.before, tmp / "before")))
        sides.append(("after" if o.before else "now", ROOT))
        res = {label: run_side(code, files, tmp, label.split()[0], o.extra)
               for label, code in sides}
        labels = [label for label, _ in sides]
        totals = {label: {"visible": [0, 0], "asserted": [0, 0]} for label in labels}
        for f in files:
            cells, seen = [], set()
            for label in labels:
                status, error, text, notes, sources = res[label][f]
                c = counts(exp[f], text)
                for k in c:
                    totals[label][k][0] += c[k][0]
                    totals[label][k][1] += c[k][1]
                cell = (f"{status} vis {c['visible'][0]}/{c['visible'][1]} "
                        f"ass {c['asserted'][0]}/{c['asserted'][1]} {'/'.join(map(str, sources))}"
                        + (f" [{error[:90]}]" if error else "")
                        + (f" {'; '.join(notes)[:120]}" if notes else ""))
                cells.append(cell)
                seen.add((status, c["visible"][0], c["asserted"][0], tuple(notes)))
            if o.all or len(seen) > 1:
                print(f"{f}\n    " + "\n    ".join(f"{label}: {cell}"
                                                  for label, cell in zip(labels, cells)))
        print(f"{len(files)} files")
        for label in labels:
            t = totals[label]
            print(f"{label}: visible {t['visible'][0]}/{t['visible'][1]}, "
                  f"asserted {t['asserted'][0]}/{t['asserted'][1]}")
        return 0
    finally:
        clean_up(tmp, o.keep, before=bool(o.before))


if __name__ == "__main__":
    sys.exit(main())
