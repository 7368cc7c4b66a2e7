#!/usr/bin/env python
"""Signals tried for ``duplicate`` and not kept: measured on a finished compare_bench run.

    python bench/compare_bench.py ../shared/eval/sroie-dev --receipts 100 --seed 21 \\
        --no-candidates --scale "" --work /tmp/mmbatch-compare-holdout
    python bench/compare_probes.py ../shared/eval/sroie-dev --work /tmp/mmbatch-compare-holdout

Over the candidate pairs of the latest compare run in WORK/out, split into the part the verdict
thresholds were tuned on (sample cheques and the first ``--tuned-receipts`` receipts) and the
receipts never used while tuning:

1. geometry: ORB keypoints (page shrunk to 1,000 px), ratio-test matches and a RANSAC homography;
   the score is the inlier share of the smaller keypoint set. Its AUC of duplicate against
   same-template pairs, and the rule "text score >= 0.68 and geometry >= G_MIN, or geometry >=
   G_DUP" with G_MIN/G_DUP chosen on the tuning part, then applied to the unseen receipts.
2. fuzzy numbers: the numbers' Jaccard counting two numbers of 3+ digits one edit apart as the
   same, in place of the exact one, at the 0.68 threshold.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import compare_set  # noqa: E402

from pipeline.compare import text as tx  # noqa: E402
from pipeline.compare.pages import extract_pages  # noqa: E402
from pipeline.runners.driver import RunOptions  # noqa: E402

DUP = 0.68  # the verdict's text threshold (pipeline/compare/verdict.py)


class Geometry:
    def __init__(self, docs: Path, features: int = 1000):
        self.docs, self.orb = docs, cv2.ORB_create(nfeatures=features)
        self.bf = cv2.BFMatcher(cv2.NORM_HAMMING)
        self.feat: dict = {}

    def _f(self, name: str):
        if name not in self.feat:
            im = cv2.imread(str(self.docs / name), cv2.IMREAD_GRAYSCALE)
            s = 1000 / max(im.shape)
            im = cv2.resize(im, None, fx=s, fy=s, interpolation=cv2.INTER_AREA)
            kp, des = self.orb.detectAndCompute(im, None)
            self.feat[name] = (np.float32([k.pt for k in kp]), des)
        return self.feat[name]

    def score(self, a: str, b: str) -> float:
        (pa, da), (pb, db) = self._f(a), self._f(b)
        if da is None or db is None or len(da) < 10 or len(db) < 10:
            return 0.0
        good = [m[0] for m in self.bf.knnMatch(da, db, k=2)
                if len(m) == 2 and m[0].distance < 0.8 * m[1].distance]
        if len(good) < 8:
            return 0.0
        h, mask = cv2.findHomography(pa[[g.queryIdx for g in good]],
                                     pb[[g.trainIdx for g in good]], cv2.RANSAC, 8.0)
        return 0.0 if h is None else float(mask.sum()) / min(len(pa), len(pb))


def _one_edit(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    if abs(len(a) - len(b)) != 1:
        return False
    s, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:k] + long_[k + 1:] == s for k in range(len(long_)))


def fuzzy_jaccard(na, nb) -> float:
    inter = na & nb
    rb, used, m = sorted(nb - inter), set(), 0
    for x in sorted(na - inter):
        for y in rb:
            if len(x) >= 3 and len(y) >= 3 and y not in used and _one_edit(x, y):
                used.add(y)
                m += 1
                break
    union = len(na | nb) - m
    return (len(inter) + m) / union if union else 0.0


def pr(pred, same, n_dup) -> dict:
    tp, fp = int((pred & same).sum()), int((pred & ~same).sum())
    return {"precision": round(tp / max(1, tp + fp), 4), "recall": round(tp / max(1, n_dup), 4),
            "false_duplicates": fp}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sroie", type=Path)
    ap.add_argument("--work", type=Path, default=Path("/tmp/mmbatch-compare-bench"))
    ap.add_argument("--tuned-receipts", type=int, default=40)
    a = ap.parse_args()
    import pyarrow.dataset as ds

    labels = json.loads((a.work / "set" / "labels.json").read_text())["files"]
    tuned = {d for d, _, _ in compare_set.receipt_order(a.sroie, a.tuned_receipts)}
    runs = sorted((a.work / "out" / "runs").glob("*.json"))
    run_id = json.loads(runs[-1].read_text())["run_id"]
    rows = ds.dataset(a.work / "out" / "comparisons", partitioning="hive").to_table(
        filter=ds.field("run_id") == run_id).to_pylist()
    items, _, _ = extract_pages([str(a.work / "set" / "docs")],
                                RunOptions(cache_dir=str(a.work / "cache"), quiet=True))
    text = {Path(it.path).name: it.text for it in items}
    geo = Geometry(a.work / "set" / "docs")
    parts = {"tuning": lambda d: d in tuned or not d.startswith("receipt_"),
             "unseen_receipts": lambda d: d.startswith("receipt_") and d not in tuned}
    found = {}
    for part, keep in parts.items():
        names = [n for n, lab in labels.items() if keep(lab["doc"])]
        n_dup = sum(labels[x]["doc"] == labels[y]["doc"] for x, y in itertools.combinations(names, 2))
        sel = [r for r in rows if keep(labels[Path(r["path_a"]).name]["doc"])
               and keep(labels[Path(r["path_b"]).name]["doc"])]
        same = np.array([labels[Path(r["path_a"]).name]["doc"] == labels[Path(r["path_b"]).name]["doc"]
                         for r in sel])
        tpl = np.array([labels[Path(r["path_a"]).name]["template"]
                        == labels[Path(r["path_b"]).name]["template"] for r in sel])
        micr = np.array([np.nan if r["micr_score"] is None else r["micr_score"] for r in sel])
        ov = np.array([np.nan if r["text_overlap_score"] is None else r["text_overlap_score"]
                       for r in sel])
        sc = np.array([r["score"] for r in sel])
        g = np.array([geo.score(Path(r["path_a"]).name, Path(r["path_b"]).name) for r in sel])
        fz = []
        for r, o in zip(sel, ov):
            na = tx.numbers(text[Path(r["path_a"]).name])
            nb = tx.numbers(text[Path(r["path_b"]).name])
            fz.append(o if np.isnan(o) or len(na) < 3 or len(nb) < 3
                      else (fuzzy_jaccard(na, nb) + o) / 2)
        fz = np.array(fz)
        free = micr != 0.5  # another cheque of the same account is never a duplicate
        d, t = g[same], g[~same & tpl]
        auc = float((d[:, None] > t[None, :]).mean() + 0.5 * (d[:, None] == t[None, :]).mean())
        current = (micr == 1) | (free & (sc >= DUP))
        print(f"{part}: {len(sel)} candidate pairs, {n_dup} duplicate pairs")
        print(f"  current rule: {json.dumps(pr(current, same, n_dup))}")
        print(f"  geometry: AUC duplicate vs same-template {auc:.4f}")
        if part == "tuning":
            grid = []
            for gmin in (0, .05, .1, .15, .2):
                for gdup in (.25, .3, .35, .4, .45, .5, 2.0):
                    pred = (micr == 1) | (free & (((sc >= DUP) & (g >= gmin)) | (g >= gdup)))
                    m = pr(pred, same, n_dup)
                    grid.append((m["precision"] >= 0.995, m["recall"], gmin, gdup))
            _, _, gmin, gdup = max(grid)
            found = {"gmin": gmin, "gdup": gdup}
            print(f"  chosen here: G_MIN {gmin}, G_DUP {gdup}")
        pred = (micr == 1) | (free & (((sc >= DUP) & (g >= found["gmin"])) | (g >= found["gdup"])))
        print(f"  text + geometry rule: {json.dumps(pr(pred, same, n_dup))}")
        pred = (micr == 1) | (free & ~np.isnan(ov) & (fz >= DUP))
        print(f"  fuzzy numbers: {json.dumps(pr(pred, same, n_dup))}")


if __name__ == "__main__":
    main()
