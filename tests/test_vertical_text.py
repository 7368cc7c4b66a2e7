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
