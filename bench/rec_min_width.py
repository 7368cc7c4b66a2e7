"""Word F1 of our OCR on SROIE receipts for several recognition minimum widths (the padding of
short crops), the measurement behind ``TextRecognizer.min_width``.

    python bench/rec_min_width.py ../shared/eval/sroie-dev --limit 12 --widths 0,96,128,160,192,320
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from pipeline.ocr import OcrPipeline


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sroie")
    ap.add_argument("--limit", type=int, default=12)
    ap.add_argument("--widths", default="0,160,192,320")
    ap.add_argument("--metrics", default=str(Path(__file__).resolve().parents[2] / "shared/eval/ocr_metrics.py"))
    args = ap.parse_args()
    images = sorted((Path(args.sroie) / "img").glob("*.jpg"))[: args.limit]
    arrays = {p.stem: np.asarray(Image.open(p).convert("RGB")) for p in images}
    ocr = OcrPipeline()
    for w in (int(x) for x in args.widths.split(",")):
        ocr.rec.min_width = w
        t = time.perf_counter()
        pred = {k: [l.text for l in ocr(a)] for k, a in arrays.items()}
        dt = time.perf_counter() - t
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(pred, f)
        out = subprocess.run([sys.executable, args.metrics, f.name, args.sroie],
                             capture_output=True, text=True, check=True).stdout.strip()
        print(json.dumps({"min_width": w, "seconds": round(dt, 1), **json.loads(out.splitlines()[-1])}))


if __name__ == "__main__":
    main()
