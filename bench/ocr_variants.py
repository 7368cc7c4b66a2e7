#!/usr/bin/env python
"""OCR settings side by side in one process: word F1 and CPU seconds of each variant on the same
SROIE receipts, page by page, alternating.

    python bench/ocr_variants.py SROIE_DIR FROM TO NAME:KEY=VALUE,... [NAME:...] \
        [--metrics /work/shared/eval/ocr_metrics.py] [--blank]

Receipts FROM..TO (by sorted name). A variant is a name and ``OcrOptions``/model settings:
``detector`` (auto, int8, fp32), ``max_side``, ``min_short``, ``use_cls`` (0/1), ``rec_floor``
(the recogniser's padding floor in px), ``recfile`` (another recogniser ONNX file). An empty
spec is the defaults: ``python bench/ocr_variants.py DIR 0 40 now: fp32:detector=fp32``.
Each variant's ``OcrPipeline`` runs with one thread; CPU seconds are this process's (the
machine's other work weighs less on them than on wall time). ``--blank`` also times
faster-paddle (the bench extra) and our detector, fp32 and int8, on blank pages of receipt
sizes: with no text, faster-paddle's time is its detector's.
"""
from __future__ import annotations

import argparse
import collections
import importlib.util
import io
import time
from pathlib import Path

import numpy as np
from PIL import Image

from pipeline.engine.manifest import get_spec
from pipeline.engine.registry import create
from pipeline.engine.session import load_file
from pipeline.ocr import OcrOptions, OcrPipeline


def pipeline_for(spec: str) -> OcrPipeline:
    kv = dict(x.split("=", 1) for x in spec.split(",") if x)
    d = OcrOptions()
    o = OcrOptions(threads=1, detector=kv.get("detector", d.detector),
                   max_side=int(kv.get("max_side", d.max_side)),
                   min_short=int(kv.get("min_short", d.min_short)),
                   use_cls=kv.get("use_cls", "1") == "1")
    rec = (create("ocr_rec", session=load_file(Path(kv["recfile"]), get_spec("ocr_rec"), "cpu", 1))
           if "recfile" in kv else None)
    p = OcrPipeline(o, rec=rec)
    if "rec_floor" in kv:
        p.rec.min_width = int(kv["rec_floor"])
    return p


def blank_pages() -> None:
    from faster_paddle import OcrEngine

    fp = OcrEngine(model_size="small", threads=1)
    dets = {name: create("ocr_det", device="cpu", threads=1, model=name)
            for name in ("ocr_det", "ocr_det_int8")}
    for w, h in [(703, 1373), (736, 1440), (1000, 2000)]:
        rgb = (np.random.default_rng(0).random((h, w, 3)) * 20 + 220).astype(np.uint8)
        buf = io.BytesIO()
        Image.fromarray(rgb).save(buf, format="PNG")
        fp.ocr(buf.getvalue())
        times = {"faster-paddle": []}
        for _ in range(3):
            t = time.perf_counter()
            fp.ocr(buf.getvalue())
            times["faster-paddle"].append(time.perf_counter() - t)
            for name, det in dets.items():
                t = time.perf_counter()
                det(np.ascontiguousarray(rgb[:, :, ::-1]))
                times.setdefault(name, []).append(time.perf_counter() - t)
        print(f"blank {w}x{h}: " + ", ".join(f"{k} {min(v):.2f} s" for k, v in times.items()))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sroie", type=Path)
    ap.add_argument("first", type=int)
    ap.add_argument("last", type=int)
    ap.add_argument("variants", nargs="+", metavar="NAME:SPEC")
    ap.add_argument("--metrics", default="/work/shared/eval/ocr_metrics.py")
    ap.add_argument("--blank", action="store_true")
    a = ap.parse_args(argv)
    spec = importlib.util.spec_from_file_location("ocr_metrics", a.metrics)
    metrics = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(metrics)
    pipes = {name: pipeline_for(s) for name, _, s in (v.partition(":") for v in a.variants)}
    cpu = dict.fromkeys(pipes, 0.0)
    pred: dict = {name: {} for name in pipes}
    images = sorted((a.sroie / "img").glob("*.jpg"))[a.first:a.last]
    for f in images:
        rgb = np.asarray(Image.open(f).convert("RGB"))
        for name, p in pipes.items():
            t = time.process_time()
            pred[name][f.stem] = [line.text for line in p(rgb)]
            cpu[name] += time.process_time() - t
    for name in pipes:
        tp = fp = fn = 0
        for iid, lines in pred[name].items():
            truth = collections.Counter(metrics.words(metrics.gt_lines(a.sroie / "box" / f"{iid}.csv")))
            got = collections.Counter(metrics.words(lines))
            hit = sum((truth & got).values())
            tp, fp, fn = tp + hit, fp + sum(got.values()) - hit, fn + sum(truth.values()) - hit
        prec, rec = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        print(f"{name:12s} word F1 {2 * prec * rec / max(prec + rec, 1e-9):.4f}  "
              f"CPU {cpu[name]:.1f} s  ({len(images)} receipts)", flush=True)
    if a.blank:
        blank_pages()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
