"""Reading order from the layout: two-column pages read column by column (text layer and scan,
through the real OCR models), a full-width title first and footer last, receipts and cheques
row by row, and each line's block in the Parquet ``lines`` table.

``tests/data/two_column_scan.png`` is ``two_column_pdf()`` rendered at 150 dpi in grey; it is
rewritten by ``MMBATCH_GEN_TEST_DATA=1 pytest tests/extract/test_layout_order.py``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
SCAN = DATA / "two_column_scan.png"

TITLE = "Notes From The River Valley Survey"
LEFT = ["The survey began at the old mill", "where the river bends toward the",
        "north and the water runs fast over", "stones. Farmers told us the banks",
        "flood every spring after the snow", "melts in the high hills."]
RIGHT = ["In the second week we walked the", "eastern ridge to count the birds",
         "that nest in the pine forest. Most", "of them were small finches and a",
         "few hawks circled above the trees", "near the quarry road."]
FOOTER = "Field report number seven, printed for the county library and its readers"


def two_column_pdf() -> bytes:
    """A page with a full-width title, two columns whose lines sit on the same baselines, and
    a full-width footer."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=460, height=260)
    w = pymupdf.get_text_length(TITLE, fontname="hebo", fontsize=16)
    page.insert_text(((460 - w) / 2, 40), TITLE, fontname="hebo", fontsize=16)
    for k, (a, b) in enumerate(zip(LEFT, RIGHT)):
        y = 75 + 16 * k
        page.insert_text((30, y), a, fontname="tiro", fontsize=11)
        page.insert_text((245, y), b, fontname="tiro", fontsize=11)
    page.insert_text((30, 225), FOOTER, fontname="tiro", fontsize=10)
    data = doc.tobytes()
    doc.close()
    return data


def receipt_pdf() -> bytes:
    """A receipt: a centred header, then a label on the left and its amount on the right."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=230, height=300)
    for y, t in ((30, "CORNER BAKERY"), (44, "12 High Street, Springfield")):
        w = pymupdf.get_text_length(t, fontname="cour", fontsize=9)
        page.insert_text(((230 - w) / 2, y), t, fontname="cour", fontsize=9)
    for k, (label, amount) in enumerate(RECEIPT):
        page.insert_text((15, 80 + 16 * k), label, fontname="cour", fontsize=9)
        w = pymupdf.get_text_length(amount, fontname="cour", fontsize=9)
        page.insert_text((215 - w, 80 + 16 * k), amount, fontname="cour", fontsize=9)
    data = doc.tobytes()
    doc.close()
    return data


RECEIPT = [("SOURDOUGH LOAF", "4.50"), ("2 X CROISSANT", "5.80"), ("FLAT WHITE", "3.20"),
           ("SUBTOTAL", "13.50"), ("TAX", "1.35"), ("TOTAL", "14.85"), ("CASH", "20.00"),
           ("CHANGE", "5.15")]


def _page(pdf: bytes):
    import pymupdf

    return pymupdf.open(stream=pdf, filetype="pdf")


def _render(pdf: bytes, dpi: int) -> np.ndarray:
    import pymupdf

    doc = _page(pdf)
    pix = doc[0].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width).copy()
    doc.close()
    return img


def _positions(texts, wanted):
    """Index in ``texts`` of the line holding each wanted string (its first 18 characters)."""
    out = []
    for w in wanted:
        hits = [i for i, t in enumerate(texts) if w[:18].lower() in t.lower()]
        assert hits, f"{w!r} not read; lines: {texts}"
        out.append(hits[0])
    return out


def _assert_columns(texts):
    pos = _positions(texts, [TITLE] + LEFT + RIGHT + [FOOTER])
    assert pos == sorted(pos), texts


@pytest.fixture(scope="module")
def ocr():
    from pipeline.ocr import OcrPipeline

    return OcrPipeline()


def test_text_layer_reads_column_by_column():
    from pipeline.ingest.pdf import text_layer_lines

    doc = _page(two_column_pdf())
    lines = text_layer_lines(doc[0])
    doc.close()
    texts = [l.text for l in lines]
    _assert_columns(texts)
    assert [l.line_no for l in lines] == list(range(len(lines)))
    blocks = [l.block for l in lines]
    assert blocks == sorted(blocks) and blocks[0] == 0
    pos = _positions(texts, [TITLE, LEFT[0], LEFT[-1], RIGHT[0], FOOTER])
    title, l0, l1, r0, foot = (blocks[i] for i in pos)
    assert title < l0 == l1 < r0 < foot


def test_scan_fixture_is_the_generated_page():
    img = _render(two_column_pdf(), 150)
    if os.environ.get("MMBATCH_GEN_TEST_DATA"):
        from PIL import Image

        Image.fromarray(img).save(SCAN, optimize=True)
    from PIL import Image

    with Image.open(SCAN) as im:
        assert im.size == (img.shape[1], img.shape[0])


def test_scan_reads_column_by_column(ocr):
    from PIL import Image

    with Image.open(SCAN) as im:
        img = np.asarray(im.convert("RGB"))
    lines = ocr(img)
    _assert_columns([l.text for l in lines])
    blocks = [l.block for l in lines]
    assert None not in blocks and blocks == sorted(blocks)


def _assert_rows(texts):
    """Each label is followed by its amount, rows top to bottom (lines compared whole, without
    spaces: "TOTAL" is not "SUBTOTAL")."""
    flat = ["".join(t.upper().split()) for t in texts]
    want = ["".join(s.split()) for pair in RECEIPT for s in pair]
    assert all(w in flat for w in want), texts
    pos = [flat.index(w) for w in want]
    assert pos == sorted(pos), texts


def test_receipt_text_layer_stays_row_by_row():
    from pipeline.ingest.pdf import text_layer_lines

    doc = _page(receipt_pdf())
    texts = [l.text for l in text_layer_lines(doc[0])]
    doc.close()
    assert texts[:2] == ["CORNER BAKERY", "12 High Street, Springfield"]
    _assert_rows(texts)


def test_receipt_scan_stays_row_by_row(ocr):
    img = _render(receipt_pdf(), 200)
    lines = ocr(np.ascontiguousarray(np.stack([img] * 3, axis=-1)))
    _assert_rows([l.text for l in lines])


def test_recorded_cheque_lines_keep_their_row_order():
    """Real OCR boxes of the sample cheques: the layout order is the row order."""
    from pipeline.extract.reading_order import reading_order, row_order

    files = sorted((DATA / "cheque_lines").glob("*.json"))
    assert files
    for f in files:
        boxes = [l["box"] for l in json.loads(f.read_text())["lines"]]
        assert reading_order(boxes) == row_order(boxes), f.name


def test_any_boxes_give_every_index_once_with_blocks_in_order():
    """Random, gridded and degenerate boxes (zero sizes, duplicates): every index once, block
    numbers never decreasing, and no endless recursion."""
    from pipeline.extract.layout import layout_order

    rng = np.random.default_rng(1)
    for t in range(300):
        n = int(rng.integers(1, 60))
        x = rng.uniform(0, 1000, n) if t % 2 else rng.integers(0, 4, n) * 250.0
        y = rng.uniform(0, 1000, n) if t % 2 else rng.integers(0, 20, n) * 30.0
        w = rng.uniform(0, 400, n) if t % 3 else rng.integers(0, 3, n) * 50.0
        h = rng.uniform(0, 40, n) if t % 3 else rng.integers(0, 2, n) * 20.0
        boxes = [[(a, c), (a + d, c), (a + d, c + e), (a, c + e)] for a, c, d, e in zip(x, y, w, h)]
        order, blocks = layout_order(boxes)
        assert sorted(order) == list(range(n)) and blocks == sorted(blocks), t


def test_old_cache_entries_without_block_load():
    from pipeline.document import line_from_dict, line_to_dict

    old = {"text": "TOTAL", "conf": 0.9, "box": [[0, 0], [9, 0], [9, 3], [0, 3]], "line_no": 4,
           "words": []}
    line = line_from_dict(old)
    assert line.block is None and line.line_no == 4
    line.block = 2
    assert line_from_dict(line_to_dict(line)).block == 2


def test_blocks_in_the_parquet_lines_table(tmp_path):
    import pyarrow.parquet as pq

    from pipeline.runners.driver import RunOptions, run_extract

    src = tmp_path / "in"
    src.mkdir()
    (src / "two_column.pdf").write_bytes(two_column_pdf())
    out = tmp_path / "out"
    run_extract([str(src)], str(out), run=RunOptions(cache_dir=str(tmp_path / "cache"),
                                                     quiet=True))
    lines = pq.read_table(sorted((out / "lines").glob("run_date=*/*.parquet"))).to_pylist()
    lines.sort(key=lambda r: r["line_no"])
    assert all(isinstance(r["block"], int) for r in lines)
    assert [r["block"] for r in lines] == sorted(r["block"] for r in lines)
    _assert_columns([r["text"] for r in lines])
    pages = pq.read_table(sorted((out / "pages").glob("run_date=*/*.parquet"))).to_pylist()
    _assert_columns(pages[0]["text"].split("\n"))
