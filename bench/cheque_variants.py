"""Real cheques as other captures would give them: each image turned 3 degrees off level, made
smaller, and blurred and saved as a poor JPEG, for ``bench/fields_real_cheques.py`` to score.

    python bench/cheque_variants.py ../shared/eval/cheques-real-dev --out DIR
    python bench/fields_real_cheques.py DIR --lines-cache C [--before REV] -v --show-held

The held-out real cheques are scans and photos of other sizes, angles and qualities than the
development ones; the variants show what a capture of another quality does to each field, and
whether a value marked `ok` stays right when the reading gets worse (it must: a wrong `ok` costs
more than a `missing`). For every image of DIR/images (truth in DIR/truth.json, as
``fields_real_cheques.py`` reads it) three are written to OUT/images, with the same truth:

* ``NAME__rot.jpg``: turned 3 degrees (counter-clockwise for every other image by sorted name,
  clockwise for the rest), the corners filled white;
* ``NAME__half.jpg``: half the size (0.7 of it where the long side is 1200 pixels or less);
* ``NAME__jpgblur.jpg``: a Gaussian blur of 1.2 pixels, saved at JPEG quality 35.

The variants of one image fall into both halves of the scorer's A/B split (it splits by sorted
name), so the split says nothing here: read the ``all`` column.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from PIL import Image, ImageFilter, ImageOps


def variants(im: Image.Image, k: int) -> dict:
    """The three variants of the ``k``-th image (sorted by name) ``im``."""
    small = 0.5 if max(im.size) > 1200 else 0.7
    return {
        "rot": im.rotate(3 if k % 2 == 0 else -3, expand=True, fillcolor=(255, 255, 255),
                         resample=Image.BICUBIC),
        "half": im.resize((max(1, int(im.width * small)), max(1, int(im.height * small))),
                          Image.LANCZOS),
        "jpgblur": im.filter(ImageFilter.GaussianBlur(1.2)),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="a folder with images/ and truth.json")
    ap.add_argument("--out", type=Path, required=True, help="where the variants are written")
    args = ap.parse_args(argv)
    truth = json.loads((args.data / "truth.json").read_text())
    (args.out / "images").mkdir(parents=True, exist_ok=True)
    out = {}
    for k, name in enumerate(sorted(truth)):
        im = ImageOps.exif_transpose(Image.open(args.data / "images" / name)).convert("RGB")
        for kind, v in variants(im, k).items():
            fn = f"{Path(name).stem}__{kind}.jpg"
            v.save(args.out / "images" / fn, quality=35 if kind == "jpgblur" else 90)
            out[fn] = truth[name]
    (args.out / "truth.json").write_text(json.dumps(out, indent=1))
    print(f"{len(out)} variants of {len(truth)} cheques in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
