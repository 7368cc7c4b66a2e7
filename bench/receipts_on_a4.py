"""Receipts as a flatbed scanner gives them: each receipt image laid on an A4 page scanned at
300 dpi, for ``bench/fields_sroie.py`` to score (a page the detector shrinks to 1,600 px, the
receipt's text with it: what the OCR's second look is for).

    python bench/receipts_on_a4.py ../shared/eval/sroie-dev --out DIR
    python bench/fields_sroie.py DIR --lines-cache C

DIR/img holds one page per receipt (2480 x 3508, the receipt at its own size, or shrunk to 2000
pixels high and 2300 wide where larger, at the top left, the rest near white, JPEG quality 88);
DIR/key and DIR/box link to the dataset's own, so the truth is the same.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageOps


def on_a4(im: Image.Image) -> Image.Image:
    s = min(1.0, 2000 / im.height, 2300 / im.width)
    if s < 1:
        im = im.resize((int(im.width * s), int(im.height * s)), Image.LANCZOS)
    page = Image.new("RGB", (2480, 3508), (250, 250, 248))
    page.paste(im, (90, 110))
    return page


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="a SROIE folder (img/, key/, box/)")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    (args.out / "img").mkdir(parents=True, exist_ok=True)
    for sub in ("key", "box"):
        link = args.out / sub
        if not link.exists():
            link.symlink_to((args.data / sub).resolve())
    files = sorted((args.data / "img").glob("*.jpg"))
    for f in files:
        im = ImageOps.exif_transpose(Image.open(f)).convert("RGB")
        on_a4(im).save(args.out / "img" / f.name, quality=88)
    print(f"{len(files)} receipts on A4 pages in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
