"""Our OCR engine against RapidOCR's own pipeline: same model files, same images, one run.

    python bench/ocr_vs_rapidocr.py ../shared/eval/sroie-dev/img/*.jpg \
        --truth ../shared/eval/sroie-dev --metrics ../shared/eval/ocr_metrics.py

For every image both pipelines run (alternating which goes first, after one warm-up image each),
each timed from the file on disk to its list of lines. Prints seconds per page for each and their
ratio, and, with --truth, word F1 and line CER of each against the SROIE line ground truth,
computed by ``ocr_metrics.py`` (the same script for both).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout's pipeline


def ours_factory(threads):
    from pipeline.ocr import OcrOptions, OcrPipeline

    ocr = OcrPipeline(OcrOptions(threads=threads))

    def run(path):
        im = Image.open(path)
        im = ImageOps.exif_transpose(im) or im
        return [l.text for l in ocr(np.asarray(im.convert("RGB")))]

    return run, ocr


def rapid_factory(threads):
    import logging

    from rapidocr import RapidOCR

    params = {"Global.log_level": "error"}
    if threads:
        params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
    eng = RapidOCR(params=params)
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)

    def run(path):
        out = eng(str(path))
        return list(out.txts or [])

    return run


def metrics(pred: dict, truth: str, script: str) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(pred, f)
    try:
        out = subprocess.run([sys.executable, script, f.name, truth], capture_output=True,
                             text=True, check=True).stdout
    finally:
        os.unlink(f.name)
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("images", nargs="+")
    ap.add_argument("--truth", help="SROIE folder with box/NNN.csv (for word F1 / CER)")
    ap.add_argument("--metrics", default=str(Path(__file__).resolve().parents[2] / "shared/eval/ocr_metrics.py"))
    ap.add_argument("--threads", type=int, default=None, help="intra-op threads for both (default: all cores)")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--json", help="write the figures here too")
    args = ap.parse_args()
    images = [Path(p) for p in args.images][: args.limit]

    ours, ocr = ours_factory(args.threads)
    rapid = rapid_factory(args.threads)
    ours(images[0]); rapid(images[0])  # warm-up: session creation and first-run allocations
    ort0 = sum(s.seconds for s in ocr.sessions)

    t_ours = t_rapid = 0.0
    pred_ours, pred_rapid = {}, {}
    for i, p in enumerate(images):
        order = [("ours", ours), ("rapid", rapid)] if i % 2 == 0 else [("rapid", rapid), ("ours", ours)]
        for name, fn in order:
            t = time.perf_counter()
            lines = fn(p)
            dt = time.perf_counter() - t
            if name == "ours":
                t_ours += dt; pred_ours[p.stem] = lines
            else:
                t_rapid += dt; pred_rapid[p.stem] = lines
        print(f"{p.name}: ours {len(pred_ours[p.stem])} lines, rapidocr {len(pred_rapid[p.stem])} lines",
              file=sys.stderr)
    n = len(images)
    ort = sum(s.seconds for s in ocr.sessions) - ort0
    res = {
        "images": n,
        "ours_s_per_page": round(t_ours / n, 4),
        "rapidocr_s_per_page": round(t_rapid / n, 4),
        "time_ratio_ours_over_rapidocr": round(t_ours / t_rapid, 3),
        "ours_onnxruntime_share": round(ort / t_ours, 3),
    }
    if args.truth:
        res["ours"] = metrics(pred_ours, args.truth, args.metrics)
        res["rapidocr"] = metrics(pred_rapid, args.truth, args.metrics)
    print(json.dumps(res, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2) + "\n")


if __name__ == "__main__":
    main()
