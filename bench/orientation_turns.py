"""Which way up: the turn the OCR pipeline's orientation step (``vote_turn``) gives every image of
some folders, each turned 0, 90, 180 and 270 degrees clockwise; only the turn, no recognition of
the page (fast enough for every SROIE receipt).

    python bench/orientation_turns.py ../shared/eval/sroie-dev/img \\
        ../shared/eval/cheques-real-dev/images DIR/images [--angles 0,90,180,270]

DIR: a folder of ``bench/cheque_variants.py`` (the real cheques turned 3 degrees, made
smaller, blurred). Prints, per folder and angle, the images whose turn was found, and lists the
others with the turn given; ``--before REV`` runs the same with the code of REV.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXTS = (".jpg", ".jpeg", ".png", ".tif", ".tiff")


def run_here(folders, angles) -> dict:
    sys.path.insert(0, str(ROOT))
    import cv2
    import numpy as np
    from PIL import Image, ImageOps

    from pipeline.ocr import OcrPipeline

    clockwise = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180,
                 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    p = OcrPipeline()
    out = {}
    for folder in folders:
        files = sorted(f for f in Path(folder).rglob("*") if f.suffix.lower() in EXTS)
        res = out.setdefault(str(folder), {})
        for f in files:
            im = ImageOps.exif_transpose(Image.open(f)).convert("RGB")
            bgr = np.ascontiguousarray(np.asarray(im)[:, :, ::-1])
            for a in angles:
                img = bgr if a == 0 else cv2.rotate(bgr, clockwise[a])
                res.setdefault(str(a), {})[f.name] = p.page_turn(img, p.detect(img))
    return out


def report(title: str, res: dict) -> None:
    print(f"\n== {title}")
    for folder, by_angle in res.items():
        for a, turns in by_angle.items():
            wrong = {n: t for n, t in turns.items() if t != int(a)}
            print(f"  {folder} at {a}: {len(turns) - len(wrong)}/{len(turns)} right"
                  + ("" if not wrong else "; " + ", ".join(f"{n} -> {t}" for n, t in
                                                           sorted(wrong.items()))))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--angles", default="0,90,180,270")
    ap.add_argument("--before", default=None, help="also run the code of this git revision")
    ap.add_argument("--json-out", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    angles = [int(a) for a in args.angles.split(",")]
    if args.json_out:  # the child run of --before: results only
        args.json_out.write_text(json.dumps(run_here(args.folders, angles)))
        return 0
    if args.before:
        import tempfile

        from _revision import at_revision, run_bench_at

        with tempfile.TemporaryDirectory(prefix="turns_before_") as tmp, \
                at_revision(args.before, Path(tmp) / "wt") as wt:
            out = Path(tmp) / "before.json"
            run_bench_at(wt, __file__, [str(f.resolve()) for f in args.folders]
                         + ["--angles", args.angles, "--json-out", str(out)])
            report(f"before ({args.before})", json.loads(out.read_text()))
    report("now", run_here(args.folders, angles))
    return 0


if __name__ == "__main__":
    sys.exit(main())
