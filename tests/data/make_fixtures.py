"""Regenerate the small image fixtures of this folder (committed; see README.md here).

    python tests/data/make_fixtures.py

vertical_cjk.png needs a CJK font (Debian: fonts-wqy-microhei); only this script needs it.
"""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
VERTICAL = "批量文档处理"
HORIZONTAL = "离线识别引擎"


def vertical_cjk() -> None:
    font = ImageFont.truetype(CJK_FONT, 44)
    im = Image.new("RGB", (520, 460), "white")
    d = ImageDraw.Draw(im)
    for i, ch in enumerate(VERTICAL):  # one glyph under the other, each upright
        d.text((60, 40 + i * 58), ch, font=font, fill="black")
    d.text((160, 60), HORIZONTAL, font=font, fill="black")
    im.save(HERE / "vertical_cjk.png", optimize=True)


if __name__ == "__main__":
    vertical_cjk()
