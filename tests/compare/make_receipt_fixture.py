"""Draws tests/data/receipt_shop.jpg: a shop receipt (monospaced print on slightly grey paper,
a little noise, JPEG-like softness), used by tests/compare/test_altered.py. Run it again only to
remake the file: python tests/compare/make_receipt_fixture.py"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

OUT = Path(__file__).resolve().parents[1] / "data" / "receipt_shop.jpg"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
ROWS = [("c", "KEDAI RUNCIT MAJU JAYA", True), ("c", "NO 12 JALAN PUTRA 3/1", False),
        ("c", "81200 JOHOR BAHRU", False), ("c", "TEL 07-355 1820", False), ("", "", False),
        ("c", "TAX INVOICE", True), ("l", "INVOICE NO : CS00418", False),
        ("l", "DATE : 14/03/2018 11:42", False), ("l", "CASHIER : AMIRAH", False),
        ("rule", "", False),
        ("i", ("MILO 1KG", "1", "18.90"), False), ("i", ("GARDENIA BREAD", "2", "7.80"), False),
        ("i", ("TELUR GRED A 30S", "1", "13.50"), False),
        ("i", ("MINYAK MASAK 5KG", "1", "29.95"), False),
        ("i", ("SABUN DOBI 2KG", "1", "12.40"), False), ("rule", "", False),
        ("t", ("SUB TOTAL", "82.55"), False), ("t", ("ROUNDING", "0.00"), False),
        ("t", ("TOTAL", "82.55"), True), ("t", ("CASH", "100.00"), False),
        ("t", ("CHANGE", "17.45"), False), ("rule", "", False),
        ("c", "THANK YOU PLEASE COME AGAIN", False), ("c", "GOODS SOLD ARE NOT RETURNABLE", False)]
W, LINE, MARGIN = 620, 34, 30


def draw(total: str = "") -> tuple:
    """(image, the box (x0, y0, x1, y1) of the TOTAL amount); ``total``: another TOTAL amount
    drawn in the receipt's own font, every other pixel the same (an edited copy)."""
    h = MARGIN * 2 + LINE * len(ROWS)
    img = Image.new("RGB", (W, h), (246, 245, 240))
    d = ImageDraw.Draw(img)
    f, fb = ImageFont.truetype(FONT, 20), ImageFont.truetype(BOLD, 22)
    total_box = None
    for k, (kind, text, bold) in enumerate(ROWS):
        y = MARGIN + k * LINE
        font = fb if bold else f
        if kind == "c":
            d.text(((W - d.textlength(text, font=font)) / 2, y), text, fill=(30, 30, 30), font=font)
        elif kind == "l":
            d.text((MARGIN, y), text, fill=(30, 30, 30), font=font)
        elif kind == "rule":
            d.text((MARGIN, y), "-" * 46, fill=(60, 60, 60), font=f)
        elif kind == "i":
            name, qty, price = text
            d.text((MARGIN, y), name, fill=(30, 30, 30), font=font)
            d.text((380, y), qty, fill=(30, 30, 30), font=font)
            d.text((W - MARGIN - d.textlength(price, font=font), y), price, fill=(30, 30, 30),
                   font=font)
        elif kind == "t":
            label, value = text
            value = total if total and label == "TOTAL" else value
            d.text((250, y), label, fill=(30, 30, 30), font=font)
            x = W - MARGIN - d.textlength(value, font=font)
            d.text((x, y), value, fill=(30, 30, 30), font=font)
            if label == "TOTAL":
                total_box = (int(x) - 2, y, W - MARGIN + 2, y + LINE - 4)
    a = np.asarray(img.filter(ImageFilter.GaussianBlur(0.6)), np.float32)
    a += np.random.default_rng(4).normal(0, 3, a.shape[:2])[..., None]
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)), total_box


if __name__ == "__main__":
    im, box = draw()
    im.convert("L").save(OUT, quality=80)
    print(OUT, im.size, "TOTAL amount box", box)
