"""The CUDA execution provider path of our OCR engine, side by side with the CPU one.

    python bench/cuda_check.py IMAGE_DIR [IMAGE_DIR ...] [--passes 2] [--modes cpu-fp32,cpu,cuda]

For each mode the same ``OcrPipeline`` (detector, line classifier, recogniser) reads every image
``--passes`` times: the first pass pays for session creation and, on CUDA, cuDNN's search of a
convolution algorithm for every new input shape; later passes see only shapes met before.
Prints, per mode, the providers the sessions really run on (onnxruntime falls back to the CPU
silently when the CUDA libraries do not load), seconds per page of each pass, and how the text
agrees with the CPU's (pages read identically, and the characters' similarity of the rest).

Modes: ``cpu-fp32`` (the detector's fp32 weights, as an accelerator runs them: the reference
the text of the others is compared with); ``cpu`` (the int8 detector ``auto`` takes there);
``cuda`` (onnxruntime's defaults: exhaustive cuDNN search); ``cuda-heuristic``
(``cudnn_conv_algo_search=HEURISTIC``, no search per shape). The CUDA modes need an
onnxruntime build with CUDAExecutionProvider (onnxruntime-gpu) and are skipped without one.
"""
from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.engine import providers as _providers  # noqa: E402
from pipeline.engine import session as _session  # noqa: E402
from pipeline.ocr import OcrOptions, OcrPipeline  # noqa: E402

EXTS = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"}
CUDA = "CUDAExecutionProvider"
CPU = "CPUExecutionProvider"
MODES = {  # mode: (providers, detector weights)
    "cpu-fp32": ([CPU], "fp32"),
    "cpu": ([CPU], "auto"),
    "cuda": ([CUDA, CPU], "auto"),
    "cuda-heuristic": ([(CUDA, {"cudnn_conv_algo_search": "HEURISTIC"}), CPU], "auto"),
}


def images(dirs):
    out = []
    for d in dirs:
        p = Path(d)
        out += sorted(f for f in (p.rglob("*") if p.is_dir() else [p]) if f.suffix.lower() in EXTS)
    return out


def run_mode(mode: str, files, passes: int):
    provs, detector = MODES[mode]
    _session._sessions.clear()
    _providers.choose = lambda device="auto": list(provs)  # the session seam asks this
    t0 = time.perf_counter()
    dev = "cpu" if mode.startswith("cpu") else "cuda"
    ocr = OcrPipeline(OcrOptions(device=dev, detector=detector))
    load_s = time.perf_counter() - t0
    active = sorted({p for s in ocr.sessions for p in s.providers[:1]})
    texts, per_pass = {}, []
    for k in range(passes):
        t = time.perf_counter()
        for f in files:
            img = np.asarray(Image.open(f).convert("RGB"))
            texts[f.name] = [ln.text for ln in ocr(img)]
        per_pass.append((time.perf_counter() - t) / max(1, len(files)))
    return dict(mode=mode, active=active, load_s=load_s, per_pass=per_pass,
                detector=ocr.options.detector_model(), rec_batch=ocr.rec.batch), texts


def agreement(ref, got):
    same = sum(ref[n] == got[n] for n in ref)
    ratios = [difflib.SequenceMatcher(None, "\n".join(ref[n]), "\n".join(got[n])).ratio()
              for n in ref]
    return same, float(np.mean(ratios)) if ratios else 1.0, min(ratios) if ratios else 1.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--modes", default="cpu-fp32,cpu,cuda,cuda-heuristic",
                    help="the first is the reference the others' text is compared with")
    ap.add_argument("--json", help="also write the figures here")
    a = ap.parse_args(argv)
    files = images(a.dirs)
    have = _providers.available()  # the engine is the one place that imports onnxruntime
    print(f"onnxruntime {_session.ort.__version__}, available: {', '.join(have)}; "
          f"{len(files)} images")
    rows, ref = [], None
    for mode in a.modes.split(","):
        if not mode.startswith("cpu") and CUDA not in have:
            print(f"{mode}: skipped, this onnxruntime has no {CUDA}")
            continue
        row, texts = run_mode(mode, files, a.passes)
        if ref is None:
            ref = texts
        row["same_pages"], row["similarity"], row["worst"] = agreement(ref, texts)
        rows.append(row)
        passes = " ".join(f"{s:.3f}" for s in row["per_pass"])
        print(f"{mode:15s} runs on {','.join(row['active']):22s} load {row['load_s']:.2f} s; "
              f"s/page by pass {passes}; detector {row['detector']}, rec batch {row['rec_batch']}; "
              f"pages as the first mode read them {row['same_pages']}/{len(files)}, "
              f"similarity {row['similarity']:.4f} (worst {row['worst']:.4f})", flush=True)
    if len(rows) > 1:
        base = rows[0]["per_pass"][-1]
        for r in rows[1:]:
            print(f"{r['mode']}: last pass {base / r['per_pass'][-1]:.2f}x the speed of "
                  f"{rows[0]['mode']}")
    if a.json:
        Path(a.json).write_text(json.dumps(dict(files=len(files), rows=rows), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
