"""CJK vertical text lines (tall crops) are turned before recognition so they read correctly."""
import numpy as np
from PIL import Image

from conftest import DATA


def test_vertical_cjk_line_reads_top_to_bottom(ocr):
    img = np.asarray(Image.open(DATA / "vertical_cjk.png").convert("RGB"))
    lines = ocr(img)
    texts = [l.text for l in lines]
    assert "批量文档处理" in texts, texts
    assert "离线识别引擎" in texts, texts
    vertical = lines[texts.index("批量文档处理")]
    assert vertical.y1 - vertical.y0 > 4 * (vertical.x1 - vertical.x0)  # a tall box on the page


COLUMNS = ["有評是是非非之士師也", "是非不得問之人要取之", "已取之時不參一人見而"]


def test_vertical_columns_read_right_column_first_with_word_boxes(ocr):
    img = np.asarray(Image.open(DATA / "vertical_columns.jpg").convert("RGB"))
    lines = ocr(img)
    assert [l.text for l in lines] == COLUMNS
    assert getattr(ocr, "last_rotation", 0) == 0
    assert [l.line_no for l in lines] == [0, 1, 2]
    xs = [(l.x0 + l.x1) / 2 for l in lines]
    assert xs == sorted(xs, reverse=True)          # right column first
    for l in lines:
        assert l.words and "".join(w.text for w in l.words) == l.text
        tops = [min(p[1] for p in w.box) for w in l.words]
        assert tops == sorted(tops)                # words run down the column
        for w in l.words:
            assert all(l.x0 - 2 <= x <= l.x1 + 2 and l.y0 - 2 <= y <= l.y1 + 2 for x, y in w.box)
        assert max(p[1] for p in l.words[-1].box) - min(p[1] for p in l.words[0].box) \
            > 0.8 * (l.y1 - l.y0)                  # the words cover the column


def test_horizontal_cjk_page_turned_sideways_is_not_taken_for_vertical_writing(ocr):
    img = np.asarray(Image.open(DATA / "ch_en_num.jpg").convert("RGB"))
    upright = [l.text for l in ocr(img)]
    assert "正品促销" in upright
    for k, angle in [(3, 90), (1, 270)]:   # np.rot90 k: counter-clockwise quarter turns
        lines = ocr(np.ascontiguousarray(np.rot90(img, k)))
        assert [l.text for l in lines] == upright
        assert ocr.last_rotation == angle
