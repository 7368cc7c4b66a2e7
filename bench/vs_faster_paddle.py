#!/usr/bin/env python
"""mmbatch extract against faster-paddle 1.0.4 (Rust + onnxruntime, PP-OCRv6 small bundled), each
as a whole process on the same SROIE receipts.

    pip install -c constraints.txt '.[bench]'      # faster-paddle==1.0.4
    python bench/vs_faster_paddle.py [/work/shared/eval/sroie-dev] [--limit 40] [--skip 0] [--rounds 2] [--full]
        [--metrics /work/shared/eval/ocr_metrics.py] [--env KEY=VALUE ...]
        [--lever det_max_side=1600 --lever rec_min_width=96 ...] [--before REV]

Per round, both run once, alternating which goes first (round 1: faster-paddle first), each
timed as a process from start to exit (model loading included):
- faster-paddle: ``OcrEngine(model_size="small").ocr_batch(images, batch_size=4)`` on the
  images' bytes; its lines are the ``bounds`` texts;
- mmbatch: ``mmbatch extract DIR --out TMP --no-cache --no-fields --quiet``; its lines are the
  ``lines`` table's texts.
Prints each time, the ratio mmbatch / faster-paddle per round, and the word F1 of both
(``ocr_metrics.py``, by path, the same script for both). ``--env`` sets variables for the mmbatch
process only (to measure a lever without editing code). The machine may be busy: compare ratios
of alternated runs, not absolute seconds. Each ``--lever`` adds an mmbatch run with that lever
(``bench/levers/sitecustomize.py`` names them), in every round, the order rotating.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _revision import at_revision

ROOT = Path(__file__).resolve().parents[1]

FP = """
import json, sys
from faster_paddle import OcrEngine
paths = sys.argv[2:]
eng = OcrEngine(model_size="small")
res = eng.ocr_batch([open(p, "rb").read() for p in paths], batch_size=4)
out = {p.rsplit("/", 1)[-1].rsplit(".", 1)[0]: [b["text"] for b in r["bounds"].values()]
       for p, r in zip(paths, res)}
json.dump(out, open(sys.argv[1], "w"))
"""


def run_fp(images, pred: Path) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", FP, str(pred), *map(str, images)], check=True)
    return time.perf_counter() - t


def run_ours(folder: Path, out: Path, pred: Path, env: dict, full: bool = False) -> float:
    shutil.rmtree(out, ignore_errors=True)
    e = dict(os.environ, PYTHONPATH=str(ROOT))
    e.update(env)
    # full: the run as a user makes it, fields extracted and every page cached (an empty cache)
    cache = out.parent / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    what = ["--cache", str(cache)] if full else ["--no-cache", "--no-fields"]
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(folder), "--out", str(out),
                    *what, "--quiet"], check=True, env=e,
                   cwd=str(out.parent))  # not the caller's folder: ``-m`` puts the working
    # directory first on sys.path, so run from the repository it would import this checkout's
    # ``pipeline`` whatever PYTHONPATH says (``--before`` measured this checkout twice)
    dt = time.perf_counter() - t
    import pyarrow.dataset as ds

    rows = ds.dataset(out / "lines", partitioning="hive").to_table(columns=["path", "text"]).to_pylist()
    got: dict = {}
    for r in rows:
        got.setdefault(Path(r["path"]).stem, []).append(r["text"])
    pred.write_text(json.dumps(got))
    return dt


def f1(pred: Path, truth: str, script: str) -> float:
    out = subprocess.run([sys.executable, script, str(pred), truth], capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])["word_f1"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sroie", nargs="?", default="/work/shared/eval/sroie-dev")
    ap.add_argument("--limit", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--metrics", default=str(ROOT.parents[0] / "shared/eval/ocr_metrics.py"))
    ap.add_argument("--env", action="append", default=[], help="KEY=VALUE for the mmbatch run")
    ap.add_argument("--lever", action="append", default=[], metavar="NAME=VALUE[,NAME=VALUE]",
                    help="also run mmbatch with these levers (bench/levers/sitecustomize.py), "
                         "alternated with the others in every round; repeatable")
    ap.add_argument("--skip", type=int, default=0,
                    help="leave out the first N receipts (by name): a part not tuned on")
    ap.add_argument("--full", action="store_true",
                    help="also run mmbatch with fields and an empty cache (the cost of fields, "
                         "cache and Parquet on top of OCR: its time over the plain run's)")
    ap.add_argument("--before", metavar="REV",
                    help="also run mmbatch at this git revision (its code on PYTHONPATH), "
                         "alternated with the others in every round")
    a = ap.parse_args()
    if not Path(a.metrics).is_file():
        a.metrics = "/work/shared/eval/ocr_metrics.py"
    images = sorted(Path(a.sroie, "img").glob("*.jpg"))[a.skip: a.skip + a.limit]
    env = dict(kv.split("=", 1) for kv in a.env)
    # (name, environment or None for faster-paddle, fields and cache on)
    runs = [("fp", None, False), ("mmbatch", env, False)]
    if a.full:
        runs.append(("mmbatch with fields and cache", env, True))
    for spec in a.lever:
        runs.append((f"mmbatch {spec}", dict(env, MMBATCH_LEVERS=spec, PYTHONPATH=os.pathsep.join(
            [str(ROOT / "bench" / "levers"), str(ROOT)])), False))
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        tmp = Path(tmp)
        if a.before:
            old = stack.enter_context(at_revision(a.before, tmp / "before"))
            runs.append((f"mmbatch at {a.before}", dict(env, PYTHONPATH=str(old)), False))
        folder = tmp / "img"
        folder.mkdir()
        for p in images:
            shutil.copy(p, folder / p.name)
        times: dict = {name: [] for name, _, _ in runs}
        for r in range(a.rounds):
            k = r % len(runs)
            order = runs[k:] + runs[:k] if r % 2 == 0 else list(reversed(runs[k:] + runs[:k]))
            t = {}
            for name, e, full in order:
                pred = tmp / f"pred{runs.index((name, e, full))}.json"
                if e is None:
                    t[name] = run_fp(sorted(folder.iterdir()), pred)
                else:
                    t[name] = run_ours(folder, tmp / "out", pred, e, full)
                times[name].append(t[name])
            print(f"round {r + 1}: " + ", ".join(
                f"{name} {t[name]:.1f} s" + ("" if name == "fp" else f" ({t[name] / t['fp']:.2f})")
                for name, _, _ in order), flush=True)
        print(f"{len(images)} receipts, {a.rounds} rounds; time / faster-paddle's in the same "
              f"round, and word F1 (faster-paddle {f1(tmp / 'pred0.json', a.sroie, a.metrics):.3f}):")
        for i, (name, _, full) in enumerate(runs[1:], 1):
            ratios = [x / y for x, y in zip(times[name], times["fp"])]
            if full:
                over = [x / y for x, y in zip(times[name], times["mmbatch"])]
                print(f"  {name}: {', '.join(f'{x:.3f}' for x in over)} of the plain mmbatch "
                      f"run's time (best of rounds {min(times[name]) / min(times['mmbatch']):.3f})")
            print(f"  {name}: {', '.join(f'{x:.2f}' for x in ratios)} (mean "
                  f"{sum(ratios) / len(ratios):.2f}, best-of-rounds "
                  f"{min(times[name]) / min(times['fp']):.2f}); word F1 "
                  f"{f1(tmp / f'pred{i}.json', a.sroie, a.metrics):.3f}", flush=True)


if __name__ == "__main__":
    main()
