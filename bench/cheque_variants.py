"""Real cheques as other captures would give them: each image turned 3 degrees off level, made
smaller, and blurred and saved as a poor JPEG, for ``bench/fields_real_cheques.py`` to score.

    python bench/cheque_variants.py ../shared/eval/cheques-real-dev --out DIR [--set photo|a4]
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

``--set photo`` writes another three, as a phone would take the leaf lying on a desk (drawn
after the first set's misses had been looked at, to measure the rules on captures they were not
written on):

* ``NAME__persp.jpg``: on a dark desk, seen from off its axis (one side 8% shorter than the
  other, a 2-degree turn), JPEG quality 80;
* ``NAME__shade.jpg``: lit from one side (the far side at 55% brightness), a warm cast,
  JPEG quality 70;
* ``NAME__gray.jpg``: grey, 0.6 of the size, low contrast (the ink at 55% of its darkness).

``--set a4`` writes one per image, as a flatbed scanner gives a leaf laid on its glass:

* ``NAME__a4.jpg``: an A4 page at 200 dpi (1654 x 2339), the leaf 1500 pixels wide (its real
  size at that resolution: smaller images are enlarged) at the top left, the rest white.

The variants of one image fall into both halves of the scorer's A/B split (it splits by sorted
name), so the split says nothing here: read the ``all`` column.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
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


def _coeffs(src, dst):
    """PIL's perspective coefficients that map output points ``dst`` to input points ``src``."""
    a = []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    return np.linalg.solve(np.asarray(a, float), np.asarray(src, float).reshape(8)).tolist()


def photo_variants(im: Image.Image, k: int) -> dict:
    """The three phone-like variants of the ``k``-th image (sorted by name) ``im``."""
    w, h = im.size
    # on a dark desk: a margin of 12% round the leaf, then seen off its axis
    m = int(0.12 * max(w, h))
    desk = Image.new("RGB", (w + 2 * m, h + 2 * m), (62, 55, 48))
    desk.paste(im, (m, m))
    desk = desk.rotate(2 if k % 2 == 0 else -2, expand=False, fillcolor=(62, 55, 48),
                       resample=Image.BICUBIC)
    W, H = desk.size
    d = 0.08 * H / 2
    # the right side (or the left, every other image) 8% shorter: farther from the camera
    dst = ([(0, 0), (W, d), (W, H - d), (0, H)] if k % 2 == 0 else
           [(0, d), (W, 0), (W, H), (0, H - d)])
    persp = desk.transform((W, H), Image.PERSPECTIVE,
                           _coeffs([(0, 0), (W, 0), (W, H), (0, H)], dst),
                           Image.BICUBIC, fillcolor=(62, 55, 48))
    a = np.asarray(im, dtype=np.float32)
    ramp = np.linspace(1.0, 0.55, w, dtype=np.float32)[None, :, None]
    if k % 2:
        ramp = ramp[:, ::-1]
    shade = np.clip(a * ramp * np.asarray([1.0, 0.93, 0.80], np.float32), 0, 255)
    g = np.asarray(im.convert("L"), dtype=np.float32)
    g = 255 - (255 - g) * 0.55
    gray = Image.fromarray(g.astype(np.uint8)).resize(
        (max(1, int(w * 0.6)), max(1, int(h * 0.6))), Image.LANCZOS).convert("RGB")
    return {"persp": (persp, 80), "shade": (Image.fromarray(shade.astype(np.uint8)), 70),
            "gray": (gray, 90)}


def a4_variant(im: Image.Image) -> dict:
    """The leaf on an A4 flatbed scan at 200 dpi."""
    s = 1500 / im.width
    leaf = im.resize((max(1, int(im.width * s)), max(1, int(im.height * s))), Image.LANCZOS)
    page = Image.new("RGB", (1654, 2339), (250, 250, 248))
    page.paste(leaf, (60, 70))
    return {"a4": (page, 88)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="a folder with images/ and truth.json")
    ap.add_argument("--out", type=Path, required=True, help="where the variants are written")
    ap.add_argument("--set", choices=("capture", "photo", "a4"), default="capture",
                    help="capture: turned, smaller, blurred (the first set); photo: on a desk "
                         "seen off its axis, lit from one side, grey and faint; a4: on an A4 "
                         "flatbed scan")
    args = ap.parse_args(argv)
    truth = json.loads((args.data / "truth.json").read_text())
    (args.out / "images").mkdir(parents=True, exist_ok=True)
    out = {}
    for k, name in enumerate(sorted(truth)):
        im = ImageOps.exif_transpose(Image.open(args.data / "images" / name)).convert("RGB")
        if args.set == "photo":
            made = photo_variants(im, k)
        elif args.set == "a4":
            made = a4_variant(im)
        else:
            made = {kind: (v, 35 if kind == "jpgblur" else 90)
                    for kind, v in variants(im, k).items()}
        for kind, (v, quality) in made.items():
            fn = f"{Path(name).stem}__{kind}.jpg"
            v.save(args.out / "images" / fn, quality=quality)
            out[fn] = truth[name]
    (args.out / "truth.json").write_text(json.dumps(out, indent=1))
    print(f"{len(out)} variants of {len(truth)} cheques in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
