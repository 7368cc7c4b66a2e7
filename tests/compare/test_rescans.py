"""Poor rescans of one receipt are duplicates, never altered copies, on real files through a real
compare run.

tests/data/receipt_shop.jpg and three rescans of it made the way ``bench/compare_set.py``
rescans a page, at the harsh end of its ranges (turned up to 3 degrees, up to 5% cropped,
0.5-0.6 of the scale, brighter, less contrast, noise, JPEG q30). At half the scale OCR reads
some amounts of the faint print another way on each capture (0.00 as 0.90 or 9.00), and those
lines' ink, registered, agrees 0.91-0.93: as well as the pair's other text lines do, so the
readings are misreads, not a total or an item written again. (Before this was measured against
the pair's own lines, four of the six pairs were called ``altered``.)
"""
from __future__ import annotations

import io

import numpy as np
import pytest
from compare_fixtures import CHEQUES, pair, read
from PIL import Image, ImageEnhance

DATA = CHEQUES.parents[1] / "tests" / "data"
SEEDS = (1, 2, 12)


def harsh_rescan(img: Image.Image, seed: int) -> bytes:
    """``compare_set.rescan`` with its scale, brightness, contrast and noise drawn from the
    harsh end of their ranges."""
    rng = np.random.default_rng(seed)
    img = img.convert("RGB").rotate(float(rng.uniform(-3, 3)), resample=Image.BICUBIC,
                                    expand=True, fillcolor=(255, 255, 255))
    w, h = img.size
    cw, ch = rng.uniform(0, 0.05) * w, rng.uniform(0, 0.05) * h
    fl, ft = rng.uniform(0, 1), rng.uniform(0, 1)
    img = img.crop((int(cw * fl), int(ch * ft), int(w - cw * (1 - fl)), int(h - ch * (1 - ft))))
    s = float(rng.uniform(0.5, 0.6))
    img = img.resize((max(1, round(img.size[0] * s)), max(1, round(img.size[1] * s))),
                     Image.BILINEAR)
    img = ImageEnhance.Brightness(img).enhance(float(rng.uniform(1.1, 1.2)))
    img = ImageEnhance.Contrast(img).enhance(float(rng.uniform(0.8, 0.9)))
    a = np.asarray(img, dtype=np.float32)
    a = a + rng.normal(0, rng.uniform(7, 10), size=a.shape[:2])[..., None]
    buf = io.BytesIO()
    Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=30)
    return buf.getvalue()


@pytest.fixture(scope="module")
def rescan_run(tmp_path_factory):
    from pipeline.compare.run import run_compare
    from pipeline.runners.driver import RunOptions

    base = tmp_path_factory.mktemp("rescans")
    docs = base / "docs"
    docs.mkdir()
    src = Image.open(DATA / "receipt_shop.jpg")
    src.save(docs / "receipt.png")
    for seed in SEEDS:
        (docs / f"rescan_{seed:02d}.jpg").write_bytes(harsh_rescan(src, seed))
    run = RunOptions(cache_dir=str(base / "cache"), workers=1, quiet=True)
    s = run_compare([str(docs)], str(base / "out"), run=run)
    return read(base / "out", "comparisons", s.run_id)


def test_poor_rescans_of_a_receipt_are_duplicates_not_altered(rescan_run):
    names = ["receipt.png"] + [f"rescan_{seed:02d}.jpg" for seed in SEEDS]
    for k, a in enumerate(names):
        for b in names[k + 1:]:
            r = pair(rescan_run, a, b)
            assert r["verdict"] == "duplicate", (a, b, r["verdict"], r["reason"])
            assert not r["differing_fields"], (a, b, r["differing_fields"])
