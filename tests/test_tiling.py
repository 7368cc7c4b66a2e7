"""Tiling: a tall page whose lines cross tile seams yields each line once, at its page position."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.ocr import OcrOptions, OcrPipeline
from pipeline.tiling import make_tiles, merge_tiles

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def tall_page(n=24, step=118, width=1100):
    font = ImageFont.truetype(FONT, 34)
    h = 60 + n * step
    im = Image.new("RGB", (width, h), "white")
    d = ImageDraw.Draw(im)
    truth = []
    for i in range(n):
        text = f"Item {i + 1:02d} ACME PARTS {(i + 1) * 7}.{i:02d}"
        y = 40 + i * step
        d.text((40, y), text, font=font, fill="black")
        l, t, r, b = d.textbbox((40, y), text, font=font)
        truth.append((text, (l, t, r, b)))
    return np.asarray(im), truth


@pytest.fixture(scope="module")
def small_tiles(ocr):
    # tiles of 640 detector pixels: the 2,892 px page becomes several tiles with seams
    opts = OcrOptions(max_side=640, min_short=736, tile_overlap=160)
    return OcrPipeline(opts, det=ocr.det, cls=ocr.cls, rec=ocr.rec)


def test_each_line_once_with_page_coordinates(small_tiles):
    img, truth = tall_page()
    lines = small_tiles(img)
    assert small_tiles.last_tiles >= 4
    texts = [l.text for l in lines]
    for text, (l, t, r, b) in truth:
        assert texts.count(text) == 1, (text, texts)
        line = lines[texts.index(text)]
        # the detector's box is the text's core grown by the DB unclip (ratio 1.6), a few px
        # beyond the glyphs on each side of a 40 px line
        assert abs(line.y0 - t) < 14 and abs(line.y1 - b) < 14
        assert abs(line.x0 - l) < 15 and abs(line.x1 - r) < 15
    assert len(lines) == len(truth)


def test_seams_cross_lines():
    # the test page really puts lines across seams (else the test above proves little)
    img, truth = tall_page()
    s = 736 / img.shape[1]
    tiles = make_tiles(round(img.shape[0] * s), 736, 640, 160)
    yedges = {t.y1 for t in tiles if t.y1 < round(img.shape[0] * s)} | {t.y0 for t in tiles if t.y0}
    xedges = {t.x1 for t in tiles if t.x1 < 736} | {t.x0 for t in tiles if t.x0}
    across_y = [x for x, (_, t, _, b) in truth if any(t * s < e < b * s for e in yedges)]
    across_x = [x for x, (l, _, r, _) in truth if any(l * s < e < r * s for e in xedges)]
    assert len(across_y) >= 1 and len(across_x) == len(truth)


def test_fragments_of_a_wide_line_across_a_vertical_seam_are_merged():
    tiles = make_tiles(100, 1000, 600, 200)  # x tiles [0,600) and [400,1000)
    assert [(t.x0, t.x1) for t in tiles] == [(0, 600), (400, 1000)]
    left = np.array([[[100, 40], [600, 40], [600, 60], [100, 60]]], dtype=np.float32)
    right = np.array([[[0, 41], [500, 41], [500, 61], [0, 61]]], dtype=np.float32)  # tile coords
    out = merge_tiles(tiles, [left, right], 100, 1000)
    assert out.shape == (1, 4, 2)
    assert out[0, 0].tolist() == [100, 40] and out[0, 2].tolist() == [900, 61]
