"""The detector's second look (``OcrOptions.second_look``): how often it is taken, what it costs
and what it finds, side by side with the first look alone, on the same images in one run.

    python bench/second_look.py IMAGES_DIR... [--limit N]

For every image (PNG/JPEG, sorted; ``--limit`` per folder): whether the second look is taken
(the text found lies in a part of the page the detector saw shrunk), the OCR's seconds with and
without it (each page read once each way, alternating which goes first) and the lines read. The
folders of the README: the real development cheques, their A4 flatbed scans
(``bench/cheque_variants.py --set a4``), SROIE's receipts.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="images per folder (0: all)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from pipeline.ocr import OcrOptions, OcrPipeline

    pipes = {sl: OcrPipeline(OcrOptions(second_look=sl)) for sl in (False, True)}
    print(f"{'folder':<28} {'pages':>5} {'taken':>5} {'s/page one':>10} {'s/page two':>10} "
          f"{'ratio':>6} {'lines one':>9} {'lines two':>9}")
    for d in args.dirs:
        files = sorted(p for p in d.iterdir()
                       if p.suffix.lower() in (".png", ".jpg", ".jpeg", ".tif", ".tiff"))
        files = files[:args.limit] if args.limit else files
        secs = {False: 0.0, True: 0.0}
        lines = {False: 0, True: 0}
        taken = 0
        for k, f in enumerate(files):
            img = np.asarray(ImageOps.exif_transpose(Image.open(f)).convert("RGB"))
            bgr = np.ascontiguousarray(img[:, :, ::-1])
            first = pipes[False].detect(bgr)
            taken += not np.array_equal(first, pipes[True].second_look(bgr, first))
            for sl in ((False, True) if k % 2 == 0 else (True, False)):
                t = time.perf_counter()
                got = pipes[sl](img)
                secs[sl] += time.perf_counter() - t
                lines[sl] += len(got)
        n = max(1, len(files))
        print(f"{str(d)[-28:]:<28} {len(files):>5} {taken:>5} {secs[False] / n:>10.2f} "
              f"{secs[True] / n:>10.2f} {secs[True] / max(secs[False], 1e-9):>6.2f} "
              f"{lines[False]:>9} {lines[True]:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
