#!/usr/bin/env python
"""Generate the synthetic sample inputs and their ground truth under sample_docs/.

Usage (from the repository root or anywhere):

    python sample_docs/make_samples.py

Everything is regenerated in place and is deterministic: every random choice
comes from a numpy Generator with a fixed seed, fonts are the DejaVu fonts in
/usr/share/fonts/truetype/dejavu/, and the PDFs are saved in pymupdf's
reproducible mode with fixed metadata.

Only numpy, pillow and pymupdf are used.  All names, banks, addresses and
account/routing numbers are invented; routing numbers are random but satisfy
the ABA check-digit rule.

Outputs
    cheques/cheque_NN.{png,jpg}      scanned-looking cheque images
    pdfs/scanned_letter.pdf          2 raster-only pages (letter + cheque)
    pdfs/born_digital.pdf            1 page with a real text layer (invoice)
    ground_truth/<stem>.json         one per sample
"""
from __future__ import annotations

import io
import json
import math
import os
from dataclasses import dataclass
from typing import List, Optional, Tuple

import numpy as np
import pymupdf
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
FONT_DIR = "/usr/share/fonts/truetype/dejavu"

# Cheque geometry: 6 x 2.75 inch; layouts are designed on a 1000-unit-wide grid.
CHEQUE_W_IN = 6.0
CHEQUE_H_IN = 2.75
GRID_W = 1000.0
GRID_H = GRID_W * CHEQUE_H_IN / CHEQUE_W_IN  # 458.3

INK = (24, 24, 28)
PRINT = (40, 44, 52)  # pre-printed cheque stock ink
MICR_INK = (18, 18, 18)
MICR_SPACE = 1.3  # width of a space between MICR fields, in digit pitches


def font_path(name: str) -> str:
    return os.path.join(FONT_DIR, name + ".ttf")


_FONT_CACHE: dict = {}


def get_font(name: str, px: int) -> ImageFont.FreeTypeFont:
    key = (name, px)
    if key not in _FONT_CACHE:
        _FONT_CACHE[key] = ImageFont.truetype(font_path(name), px)
    return _FONT_CACHE[key]


# --------------------------------------------------------------------------
# numbers, dates, routing numbers
# --------------------------------------------------------------------------
ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
        "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
        "eighty", "ninety"]


def _words_below_1000(n: int) -> str:
    parts = []
    if n >= 100:
        parts.append(ONES[n // 100] + " hundred")
        n %= 100
    if n >= 20:
        t = TENS[n // 10]
        parts.append(t + ("-" + ONES[n % 10] if n % 10 else ""))
    elif n > 0:
        parts.append(ONES[n])
    return " ".join(parts)


def number_words(n: int) -> str:
    if n == 0:
        return "zero"
    parts = []
    if n >= 1000:
        parts.append(_words_below_1000(n // 1000) + " thousand")
        n %= 1000
    if n:
        parts.append(_words_below_1000(n))
    return " ".join(parts)


def amount_in_words(cents_total: int, style: str) -> str:
    dollars, cents = divmod(cents_total, 100)
    w = number_words(dollars)
    w = w[0].upper() + w[1:]
    if style == "plain":  # "... and 56/100"
        return f"{w} and {cents:02d}/100"
    if style == "dollars":  # "... and 56/100 DOLLARS"
        return f"{w} and {cents:02d}/100 DOLLARS"
    if style == "no100":  # "... and NO/100 DOLLARS"  (only for zero cents)
        assert cents == 0
        return f"{w} and NO/100 DOLLARS"
    raise ValueError(style)


def aba_check_digit(d8: str) -> int:
    d = [int(c) for c in d8]
    s = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5])
    return (-s) % 10


def aba_valid(r: str) -> bool:
    d = [int(c) for c in r]
    return len(d) == 9 and (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7])
                            + (d[2] + d[5] + d[8])) % 10 == 0


def make_routing(rng: np.random.Generator) -> str:
    # Federal Reserve routing symbol prefix 01-12 (or thrift 21-32).
    prefix = int(rng.integers(1, 13)) + (20 if rng.random() < 0.3 else 0)
    rest = "".join(str(int(x)) for x in rng.integers(0, 10, size=6))
    d8 = f"{prefix:02d}{rest}"
    r = d8 + str(aba_check_digit(d8))
    assert aba_valid(r)
    return r


def make_account(rng: np.random.Generator, n: int) -> str:
    first = str(int(rng.integers(1, 10)))
    return first + "".join(str(int(x)) for x in rng.integers(0, 10, size=n - 1))


# --------------------------------------------------------------------------
# drawing canvas on the 1000-unit grid
# --------------------------------------------------------------------------
@dataclass
class TextItem:
    text: str
    bbox: Tuple[int, int, int, int]


class Canvas:
    def __init__(self, width_px: int, height_px: int, bg=(255, 255, 255),
                 grid_w: float = GRID_W, offset=(0, 0), image=None):
        self.s = width_px / grid_w
        self.W = width_px
        self.H = height_px
        self.ox, self.oy = offset
        self.img = image if image is not None else Image.new("RGB", (width_px, height_px), bg)
        self.draw = ImageDraw.Draw(self.img)
        self.items: List[TextItem] = []

    def px(self, v: float) -> int:
        return int(round(v * self.s))

    def X(self, v: float) -> int:
        return self.ox + self.px(v)

    def Y(self, v: float) -> int:
        return self.oy + self.px(v)

    def text_width(self, txt: str, fontname: str, size: float) -> float:
        f = get_font(fontname, max(1, self.px(size)))
        return self.draw.textlength(txt, font=f) / self.s

    def spaced_width(self, txt: str, fontname: str, size: float, word_gap: float) -> float:
        extra = (word_gap - 1.0) * self.text_width(" ", fontname, size) * txt.count(" ")
        return self.text_width(txt, fontname, size) + extra

    def text(self, x: float, y: float, txt: str, fontname: str, size: float,
             anchor: str = "ls", fill=INK, max_w: Optional[float] = None,
             record: bool = True, word_gap: float = 1.0) -> TextItem:
        """Draw text with its anchor at grid point (x, y); shrink to max_w."""
        if max_w is not None:
            while size > 8 and self.spaced_width(txt, fontname, size, word_gap) > max_w:
                size -= 0.5
        f = get_font(fontname, max(1, self.px(size)))
        if word_gap == 1.0 or " " not in txt:
            pos = (self.X(x), self.Y(y))
            self.draw.text(pos, txt, font=f, fill=fill, anchor=anchor)
            item = TextItem(txt, self.draw.textbbox(pos, txt, font=f, anchor=anchor))
        else:
            # typed with wider word spacing (keeps OCR from merging words)
            total = self.spaced_width(txt, fontname, size, word_gap)
            cx = x - {"l": 0.0, "m": total / 2, "r": total}[anchor[0]]
            space = self.text_width(" ", fontname, size) * word_gap
            boxes = []
            for word in txt.split(" "):
                pos = (self.X(cx), self.Y(y))
                self.draw.text(pos, word, font=f, fill=fill, anchor="l" + anchor[1])
                boxes.append(self.draw.textbbox(pos, word, font=f, anchor="l" + anchor[1]))
                cx += self.text_width(word, fontname, size) + space
            item = TextItem(txt, (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                  max(b[2] for b in boxes), max(b[3] for b in boxes)))
        if record:
            self.items.append(item)
        return item

    def line(self, x0, y0, x1, y1, w: float = 1.2, fill=PRINT):
        self.draw.line([(self.X(x0), self.Y(y0)), (self.X(x1), self.Y(y1))],
                       fill=fill, width=max(1, self.px(w)))

    def rect(self, x0, y0, x1, y1, w: float = 1.2, outline=PRINT, fill=None):
        self.draw.rectangle([self.X(x0), self.Y(y0), self.X(x1), self.Y(y1)],
                            outline=outline, fill=fill, width=max(1, self.px(w)))

    def box(self, x0, y0, x1, y1, fill):
        """Filled rectangle, no outline (used for MICR symbol bars)."""
        self.draw.rectangle([self.X(x0), self.Y(y0), self.X(x1) - 1, self.Y(y1) - 1], fill=fill)

    def ellipse(self, x0, y0, x1, y1, fill=None, outline=None, w: float = 1.0):
        self.draw.ellipse([self.X(x0), self.Y(y0), self.X(x1), self.Y(y1)],
                          fill=fill, outline=outline, width=max(1, self.px(w)))

    def polygon(self, pts, fill):
        self.draw.polygon([(self.X(x), self.Y(y)) for x, y in pts], fill=fill)

    # ---- reading order --------------------------------------------------
    def lines_in_reading_order(self) -> List[str]:
        items = sorted(self.items, key=lambda it: (it.bbox[1] + it.bbox[3]) / 2)
        rows: List[List[TextItem]] = []
        for it in items:
            cy = (it.bbox[1] + it.bbox[3]) / 2
            h = it.bbox[3] - it.bbox[1]
            if rows:
                row = rows[-1]
                rcy = sum((r.bbox[1] + r.bbox[3]) / 2 for r in row) / len(row)
                rh = min(r.bbox[3] - r.bbox[1] for r in row)
                if abs(cy - rcy) < 0.5 * min(h, rh):
                    row.append(it)
                    continue
            rows.append([it])
        out = []
        for row in rows:
            out.extend(it.text for it in sorted(row, key=lambda it: it.bbox[0]))
        return out


# --------------------------------------------------------------------------
# MICR (E-13B) line: digits from a bold mono font, symbols drawn as bars
# --------------------------------------------------------------------------
TRANSIT, ON_US, AMOUNT_SYM, DASH = "\u2446", "\u2448", "\u2447", "\u2449"


def draw_micr_symbol(c: Canvas, sym: str, x: float, top: float, h: float) -> float:
    """Draw one E-13B control symbol with its top-left at (x, top), height h.
    Returns the advance width (grid units)."""
    u = h / 8.0  # E-13B symbols are built on a coarse grid of small blocks
    if sym == TRANSIT:  # tall bar + two squares stacked on the right  ("|:")
        c.box(x, top, x + 1.6 * u, top + 8 * u, MICR_INK)
        c.box(x + 3.0 * u, top, x + 5.6 * u, top + 2.6 * u, MICR_INK)
        c.box(x + 3.0 * u, top + 5.4 * u, x + 5.6 * u, top + 8 * u, MICR_INK)
        return 7.4 * u
    if sym == ON_US:  # two short vertical bars over a horizontal bar
        c.box(x, top, x + 1.8 * u, top + 4.6 * u, MICR_INK)
        c.box(x + 3.4 * u, top, x + 5.2 * u, top + 4.6 * u, MICR_INK)
        c.box(x, top + 5.8 * u, x + 5.2 * u, top + 8 * u, MICR_INK)
        return 7.0 * u
    if sym == AMOUNT_SYM:  # square, tall bar, square
        c.box(x, top + 3 * u, x + 1.8 * u, top + 5 * u, MICR_INK)
        c.box(x + 2.6 * u, top, x + 4.2 * u, top + 8 * u, MICR_INK)
        c.box(x + 5.0 * u, top + 3 * u, x + 6.8 * u, top + 5 * u, MICR_INK)
        return 8.6 * u
    if sym == DASH:  # three short bars at rising heights
        for i in range(3):
            c.box(x + i * 2.4 * u, top + (5 - 2 * i) * u, x + i * 2.4 * u + 1.6 * u,
                  top + (8 - 2 * i) * u, MICR_INK)
        return 8.0 * u
    raise ValueError(sym)


def draw_micr(c: Canvas, x: float, baseline: float, text: str, size: float = 24) -> None:
    """Draw a MICR line.  `text` uses the Unicode E-13B symbols and spaces."""
    fontname = "DejaVuSansMono-Bold"
    f = get_font(fontname, max(1, c.px(size)))
    # digit cap height in grid units -> symbol height
    bb = c.draw.textbbox((0, 0), "0", font=f, anchor="ls")
    cap = -bb[1] / c.s
    adv = c.text_width("0", fontname, size) * 1.12
    cx = x
    for ch in text:
        if ch == " ":
            cx += adv * MICR_SPACE
        elif ch.isdigit():
            c.draw.text((c.X(cx), c.Y(baseline)), ch, font=f, fill=MICR_INK, anchor="ls")
            cx += adv
        else:
            w = draw_micr_symbol(c, ch, cx + 0.1 * adv, baseline - cap, cap)
            cx += max(w + 0.35 * adv, adv)
    # the MICR line is one text line of the ground truth
    c.items.append(TextItem(text, (c.X(x), c.Y(baseline - cap), c.X(cx), c.Y(baseline))))


# --------------------------------------------------------------------------
# decorations: signature scribble, logos, background patterns
# --------------------------------------------------------------------------
def _bezier(p0, p1, p2, p3, n=40):
    t = np.linspace(0, 1, n)[:, None]
    return ((1 - t) ** 3) * p0 + 3 * ((1 - t) ** 2) * t * p1 + 3 * (1 - t) * t * t * p2 + t ** 3 * p3


def _smooth_random(rng: np.random.Generator, n_knots: int, n: int, lo: float, hi: float) -> np.ndarray:
    knots = rng.uniform(lo, hi, size=n_knots)
    return np.interp(np.linspace(0, n_knots - 1, n), np.arange(n_knots), knots)


def draw_signature(c: Canvas, rng: np.random.Generator, x0, y0, x1, y1,
                   ink=(22, 34, 105)) -> None:
    """Random cursive-looking scribble inside the grid box, anti-aliased.

    Each 'word' is a prolate cycloid (a row of loops, like joined-up
    handwriting) with randomly varying loop heights, slanted; the first word
    starts with a tall capital-like loop, and a flourish underlines it all."""
    ss = 3  # supersampling
    bx0, by0, bx1, by1 = c.X(x0), c.Y(y0), c.X(x1), c.Y(y1)
    w, h = bx1 - bx0, by1 - by0
    mask = Image.new("L", (w * ss, h * ss), 0)
    md = ImageDraw.Draw(mask)
    pw = max(2, int(round(c.s * 1.8 * ss)))
    n_words = int(rng.integers(1, 3))
    widths = rng.uniform(0.8, 1.2, size=n_words)
    widths = widths / widths.sum() * 0.82 * w
    x_start = 0.04 * w
    base = rng.uniform(0.55, 0.68) * h
    slant = rng.uniform(0.25, 0.5)
    strokes = []
    for wi in range(n_words):
        loops = int(rng.integers(4, 8))
        n = 60 * loops
        t = np.linspace(0, 2 * np.pi * loops, n)
        a = widths[wi] / (2 * np.pi * loops)  # advance per radian
        b = a * rng.uniform(1.3, 2.2)  # > a => loops
        heights = _smooth_random(rng, loops + 1, n, 0.12, 0.42) * h
        tall = rng.random(loops) < 0.3  # some ascender-like loops
        heights *= np.repeat(np.where(tall, 1.7, 1.0), 60)[:n]
        if wi == 0:  # capital letter loop
            heights[:60] = h * rng.uniform(0.6, 0.8)
        heights = np.minimum(heights, base - 0.04 * h)  # stay inside the box
        bb = b * _smooth_random(rng, loops + 1, n, 0.75, 1.25)  # irregular loops
        x = x_start + a * t - bb * np.sin(t)
        y = base - heights * (1 - np.cos(t)) / 2
        y += _smooth_random(rng, 4, n, -0.04, 0.04) * h  # wandering baseline
        x = x + slant * (base - y)
        strokes.append(np.stack([x, y], axis=1))
        x_start += widths[wi] + rng.uniform(0.04, 0.08) * w
    for st in strokes:
        st[:, 0] = np.clip(st[:, 0], 1, w - 2)
        st[:, 1] = np.clip(st[:, 1], 1, h - 2)
        md.line([tuple(v * ss) for v in st], fill=255, width=pw, joint="curve")
    # flourish underline
    a0 = np.array([rng.uniform(0.02, 0.2) * w, rng.uniform(0.78, 0.9) * h])
    b0 = np.array([rng.uniform(0.75, 0.97) * w, rng.uniform(0.62, 0.8) * h])
    fl = _bezier(a0, a0 + [0.3 * w, 0.12 * h], b0 - [0.3 * w, -0.1 * h], b0)
    md.line([tuple(v * ss) for v in fl], fill=255, width=max(2, pw * 2 // 3), joint="curve")
    mask = mask.resize((w, h), Image.LANCZOS)
    ink_img = Image.new("RGB", (w, h), ink)
    c.img.paste(ink_img, (bx0, by0), mask)


def draw_logo(c: Canvas, kind: str, x, y, size, color):
    """Purely geometric bank logo (no letters) with top-left (x, y)."""
    if kind == "circle":
        c.ellipse(x, y, x + size, y + size, fill=color)
        c.ellipse(x + size * 0.25, y + size * 0.25, x + size * 0.75, y + size * 0.75, fill=(255, 255, 255))
        c.ellipse(x + size * 0.38, y + size * 0.38, x + size * 0.62, y + size * 0.62, fill=color)
    elif kind == "mountain":
        c.polygon([(x, y + size), (x + size * 0.38, y + size * 0.2), (x + size * 0.6, y + size * 0.55),
                   (x + size * 0.75, y + size * 0.38), (x + size, y + size)], fill=color)
    elif kind == "wave":
        c.rect(x, y, x + size, y + size, w=0, outline=color, fill=color)
        for i in range(3):
            yy = y + size * (0.3 + 0.22 * i)
            pts = [(x + size * t / 20.0, yy + size * 0.07 * math.sin(t / 20.0 * 2 * math.pi * 1.5))
                   for t in range(21)]
            c.draw.line([(c.X(px_), c.Y(py_)) for px_, py_ in pts], fill=(255, 255, 255),
                        width=max(1, c.px(size * 0.07)))
    elif kind == "diamond":
        cx, cy, r = x + size / 2, y + size / 2, size / 2
        c.polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], fill=color)
        r2 = r * 0.45
        c.polygon([(cx, cy - r2), (cx + r2, cy), (cx, cy + r2), (cx - r2, cy)], fill=(255, 255, 255))
    elif kind == "columns":
        c.polygon([(x, y + size * 0.3), (x + size / 2, y), (x + size, y + size * 0.3)], fill=color)
        for i in range(4):
            cx0 = x + size * (0.08 + 0.24 * i)
            c.rect(cx0, y + size * 0.38, cx0 + size * 0.12, y + size * 0.86, w=0, outline=color, fill=color)
        c.rect(x, y + size * 0.9, x + size, y + size, w=0, outline=color, fill=color)
    else:
        raise ValueError(kind)


def background(img: Image.Image, rng: np.random.Generator, tint, pattern: Optional[str]):
    """Paint a light tint and optional security pattern on the whole image."""
    W, H = img.size
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, W, H], fill=tint)
    if pattern is None:
        return
    darker = tuple(max(0, v - 16) for v in tint)
    if pattern == "waves":
        step = max(6, W // 110)
        amp = H * 0.05
        ph = rng.uniform(0, 2 * math.pi)
        xs = np.arange(0, W + 8, 6)
        for k in range(-10, H // step + 10):
            ys = k * step + amp * np.sin(xs / W * 2 * math.pi * 2.5 + ph + k * 0.05)
            d.line(list(zip(xs.tolist(), ys.tolist())), fill=darker, width=1)
    elif pattern == "hatch":
        step = max(8, W // 90)
        for k in range(-H, W, step):
            d.line([(k, 0), (k + H, H)], fill=darker, width=1)
    elif pattern == "guilloche":
        cx, cy = W * 0.5, H * 0.5
        t = np.linspace(0, 2 * math.pi, 1500)
        for i in range(14):
            R, r, dd = H * 0.42, H * (0.07 + 0.004 * i), H * (0.12 + 0.006 * i)
            xs = cx + 1.7 * ((R - r) * np.cos(t) + dd * np.cos((R - r) / r * t))
            ys = cy + ((R - r) * np.sin(t) - dd * np.sin((R - r) / r * t))
            d.line(list(zip(xs.tolist(), ys.tolist())), fill=darker, width=1)
    else:
        raise ValueError(pattern)


def scan_effects(img: Image.Image, rng: np.random.Generator, angle: float,
                 blur: float, noise: float, fill=(250, 250, 248)) -> Image.Image:
    """Slight rotation, blur, uneven illumination and gaussian sensor noise."""
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=fill)
    if blur > 0:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    a = np.asarray(img).astype(np.float32)
    H, W = a.shape[:2]
    gx = np.linspace(-1, 1, W)[None, :]
    gy = np.linspace(-1, 1, H)[:, None]
    shade = 1.0 - 0.025 * (gx * rng.uniform(-1, 1) + gy * rng.uniform(-1, 1) + 1)
    if a.ndim == 3:
        shade = shade[:, :, None]
    a = a * shade
    a += rng.normal(0.0, noise, size=a.shape[:2])[..., None] if a.ndim == 3 else rng.normal(0.0, noise, size=a.shape)
    return Image.fromarray(np.clip(np.round(a), 0, 255).astype(np.uint8))


# --------------------------------------------------------------------------
# cheque specification and templates
# --------------------------------------------------------------------------
@dataclass
class ChequeSpec:
    stem: str
    ext: str  # "png" | "jpg"
    width_px: int
    template: str
    bank_name: str
    bank_sub: List[str]
    logo: str
    brand: Tuple[int, int, int]
    payer: List[str]  # account holder name + address lines ([] = none)
    payee: str
    cents: int
    amount_text: str
    words_style: str
    date: str
    date_iso: str
    cheque_number: str
    memo: Optional[str]
    routing: str
    account: str
    serial: str
    signature: bool
    seed: int
    tint: Tuple[int, int, int] = (255, 255, 255)
    pattern: Optional[str] = None
    gray: bool = False
    angle: float = 0.0
    number_prefix: str = ""

    @property
    def amount_words(self) -> str:
        return amount_in_words(self.cents, self.words_style)

    @property
    def micr_text(self) -> str:
        return f"{TRANSIT}{self.routing}{TRANSIT} {self.account}{ON_US} {self.serial}"


def draw_bank_block(c: Canvas, sp: ChequeSpec, x: float, base: float, align: str,
                    name_font: str, name_size: float, sub_font: str, sub_size: float = 12.5,
                    logo_size: float = 46):
    """Logo + bank name + sub lines.  align 'left' => logo at x, text right of it;
    align 'center' => centred on x with logo left of the name."""
    nw = c.text_width(sp.bank_name, name_font, name_size)
    if align == "left":
        draw_logo(c, sp.logo, x, base - logo_size * 0.78, logo_size, sp.brand)
        tx = x + logo_size + 14
        c.text(tx, base, sp.bank_name, name_font, name_size, fill=sp.brand)
        for i, s in enumerate(sp.bank_sub):
            c.text(tx, base + 19 + 16 * i, s, sub_font, sub_size, fill=PRINT)
    else:
        total = logo_size + 12 + nw
        lx = x - total / 2
        draw_logo(c, sp.logo, lx, base - logo_size * 0.78, logo_size, sp.brand)
        tx = lx + logo_size + 12
        c.text(tx, base, sp.bank_name, name_font, name_size, fill=sp.brand)
        for i, s in enumerate(sp.bank_sub):
            c.text(tx + nw / 2, base + 19 + 16 * i, s, sub_font, sub_size, anchor="ms", fill=PRINT)


def draw_payer(c: Canvas, sp: ChequeSpec, x: float, base: float, name_font: str,
               name_size: float = 17, addr_font: str = "DejaVuSans", addr_size: float = 12.5):
    if not sp.payer:
        return
    c.text(x, base, sp.payer[0], name_font, name_size, fill=PRINT)
    for i, s in enumerate(sp.payer[1:]):
        c.text(x, base + 18 + 15.5 * i, s, addr_font, addr_size, fill=PRINT)


def draw_micr_and_sig(c: Canvas, sp: ChequeSpec, rng, sig_x0=560, sig_x1=960, sig_y=372,
                      label: Optional[str] = "AUTHORIZED SIGNATURE", micr_x=120):
    c.line(sig_x0, sig_y, sig_x1, sig_y, w=1.2)
    if label:
        c.text((sig_x0 + sig_x1) / 2, sig_y + 15, label, "DejaVuSans", 10, anchor="ms", fill=PRINT)
    if sp.signature:
        draw_signature(c, rng, sig_x0 + 30, sig_y - 82, sig_x1 - 20, sig_y + 6,
                       ink=(22, 34, 105) if rng.random() < 0.6 else (25, 25, 30))
    draw_micr(c, micr_x, 432, sp.micr_text, size=24)


def template_classic(c: Canvas, sp: ChequeSpec, rng):
    """Payer top-left, bank top-centre, number top-right, date under number,
    'PAY TO THE ORDER OF' row with '$' outside the amount box, words line,
    MEMO bottom-left, signature bottom-right."""
    c.rect(10, 10, GRID_W - 10, GRID_H - 10, w=1.5, outline=sp.brand)
    draw_payer(c, sp, 34, 52, "DejaVuSans-Bold")
    draw_bank_block(c, sp, 540, 54, "center", "DejaVuSerif-Bold", 23, "DejaVuSerif")
    c.text(962, 50, sp.number_prefix + sp.cheque_number, "DejaVuSansMono-Bold", 22, anchor="rs")
    # date
    c.text(642, 135, "DATE", "DejaVuSans", 13, fill=PRINT)
    c.line(730, 147, 962, 147)
    c.text(738, 135, sp.date, "DejaVuSans", 26, max_w=222, word_gap=1.25)
    # payee row
    c.text(34, 205, "PAY TO THE ORDER OF", "DejaVuSans", 12.5, fill=PRINT)
    c.line(230, 218, 730, 218)
    c.text(240, 205, sp.payee, "DejaVuSerif-Bold", 30, max_w=480, word_gap=1.25)
    c.text(752, 206, "$", "DejaVuSans-Bold", 26, fill=PRINT)
    c.rect(790, 166, 962, 220, w=1.4)
    c.text(806, 205, sp.amount_text, "DejaVuSans-Bold", 26, max_w=146)
    # words
    c.line(34, 278, 962, 278)
    c.text(40, 267, sp.amount_words, "DejaVuSans", 19, max_w=900, word_gap=1.15)
    # memo
    c.text(34, 370, "MEMO", "DejaVuSans", 12.5, fill=PRINT)
    c.line(100, 378, 470, 378)
    if sp.memo:
        c.text(110, 370, sp.memo, "DejaVuSans", 20, max_w=350, word_gap=1.25)
    draw_micr_and_sig(c, sp, rng, sig_y=378)


def template_bankleft(c: Canvas, sp: ChequeSpec, rng):
    """Bank logo+name top-left, 'No. NNNN' top-right, 'Date' right, 'Pay' row with
    '$' inside the amount box, words + preprinted 'DOLLARS', 'For' memo."""
    draw_bank_block(c, sp, 34, 58, "left", "DejaVuSerifCondensed-Bold", 25, "DejaVuSerifCondensed")
    c.text(962, 52, sp.number_prefix + sp.cheque_number, "DejaVuSans-Bold", 21, anchor="rs", fill=PRINT)
    c.text(660, 132, "Date", "DejaVuSerif", 15, fill=PRINT)
    c.line(735, 144, 962, 144)
    c.text(745, 132, sp.date, "DejaVuSansMono", 28, max_w=215, word_gap=1.7)
    c.text(34, 208, "Pay", "DejaVuSerif-Bold", 19, fill=PRINT)
    c.line(115, 221, 735, 221)
    c.text(125, 208, sp.payee, "DejaVuSansMono", 27, max_w=600, word_gap=1.25)
    c.rect(760, 168, 962, 222, w=1.6)
    c.text(861, 207, sp.amount_text, "DejaVuSansMono-Bold", 26, anchor="ms", max_w=190)
    c.line(34, 283, 850, 283)
    c.text(40, 272, sp.amount_words, "DejaVuSansMono", 18, max_w=800, word_gap=1.15)
    c.text(962, 280, "DOLLARS", "DejaVuSerif", 13, anchor="rs", fill=PRINT)
    c.text(34, 372, "For", "DejaVuSerif", 15, fill=PRINT)
    c.line(95, 380, 470, 380)
    if sp.memo:
        c.text(105, 372, sp.memo, "DejaVuSansMono", 19, max_w=360, word_gap=1.25)
    draw_micr_and_sig(c, sp, rng, sig_y=380, label=None, micr_x=90)


def template_business(c: Canvas, sp: ChequeSpec, rng):
    """Business cheque: payer company top-left, bank top-centre, number top-right;
    date and amount box on the second row, 'PAY' + words, then
    'TO THE ORDER OF' + payee, memo, two-line signature area."""
    c.rect(8, 8, GRID_W - 8, GRID_H - 8, w=3, outline=sp.brand)
    draw_payer(c, sp, 34, 50, "DejaVuSansCondensed-Bold", name_size=20, addr_font="DejaVuSansCondensed")
    draw_bank_block(c, sp, 590, 52, "center", "DejaVuSans-Bold", 20, "DejaVuSans", sub_size=12, logo_size=40)
    c.text(965, 50, sp.number_prefix + sp.cheque_number, "DejaVuSerif-Bold", 22, anchor="rs", fill=(150, 20, 20))
    # date + amount on the same row
    c.text(360, 160, "DATE", "DejaVuSansCondensed-Bold", 13, fill=PRINT)
    c.line(440, 172, 660, 172)
    c.text(450, 160, sp.date, "DejaVuSerif", 26, max_w=205, word_gap=1.25)
    c.rect(745, 122, 965, 176, w=1.4, fill=(255, 255, 255))
    c.text(855, 161, sp.amount_text, "DejaVuSerif-Bold", 27, anchor="ms", max_w=205)
    c.text(855, 192, "VOID AFTER 90 DAYS", "DejaVuSansCondensed", 10, anchor="ms", fill=PRINT)
    # words
    c.text(34, 238, "PAY", "DejaVuSansCondensed-Bold", 14, fill=PRINT)
    c.line(100, 249, 965, 249)
    c.text(108, 238, sp.amount_words, "DejaVuSerif", 19, max_w=850, word_gap=1.15)
    # payee
    c.text(34, 298, "TO THE ORDER OF", "DejaVuSansCondensed-Bold", 12, fill=PRINT)
    c.line(190, 311, 640, 311)
    c.text(200, 298, sp.payee, "DejaVuSerif-Bold", 26, max_w=440, word_gap=1.25)
    # memo
    c.text(34, 372, "MEMO", "DejaVuSansCondensed-Bold", 12, fill=PRINT)
    c.line(100, 380, 450, 380)
    if sp.memo:
        c.text(110, 372, sp.memo, "DejaVuSerif", 19, max_w=340, word_gap=1.25)
    c.line(600, 322, 965, 322)
    draw_micr_and_sig(c, sp, rng, sig_x0=600, sig_x1=965, sig_y=380)


def template_modern(c: Canvas, sp: ChequeSpec, rng):
    """Brand band top, bank name top-left inside the band area, date top-centre
    under the bank name, number top-right, payee row, amount box with '$',
    words line, 'For' memo, signature."""
    c.rect(0, 0, GRID_W, 16, w=0, outline=sp.brand, fill=sp.brand)
    draw_bank_block(c, sp, 34, 66, "left", "DejaVuSans-Bold", 22, "DejaVuSans-Oblique",
                    sub_size=12, logo_size=44)
    draw_payer(c, sp, 520, 48, "DejaVuSans", name_size=15, addr_size=12)
    c.text(962, 56, sp.number_prefix + sp.cheque_number, "DejaVuSansMono-Bold", 22, anchor="rs")
    c.text(380, 145, "DATE", "DejaVuSans-Bold", 12, fill=PRINT)
    c.line(455, 157, 700, 157)
    c.text(465, 145, sp.date, "DejaVuSans", 26, max_w=230, word_gap=1.25)
    c.text(34, 212, "PAY TO THE ORDER OF", "DejaVuSans-Bold", 12, fill=PRINT)
    c.line(235, 225, 740, 225)
    c.text(245, 212, sp.payee, "DejaVuSans", 26, max_w=490, word_gap=1.25)
    c.rect(765, 172, 962, 226, w=1.4, fill=(255, 255, 255))
    c.text(863, 211, sp.amount_text, "DejaVuSans-Bold", 26, anchor="ms", max_w=185)
    c.line(34, 285, 962, 285)
    c.text(40, 274, sp.amount_words, "DejaVuSans", 18.5, max_w=910, word_gap=1.15)
    c.text(34, 372, "For", "DejaVuSans-Bold", 13, fill=PRINT)
    c.line(90, 380, 460, 380)
    if sp.memo:
        c.text(100, 372, sp.memo, "DejaVuSans", 19, max_w=355, word_gap=1.25)
    draw_micr_and_sig(c, sp, rng, sig_y=380, label="SIGNATURE", micr_x=140)


TEMPLATES = {
    "classic": template_classic,
    "bankleft": template_bankleft,
    "business": template_business,
    "modern": template_modern,
}


def render_cheque(sp: ChequeSpec, width_px: Optional[int] = None) -> Tuple[Image.Image, List[str]]:
    """Clean (noise-free) rendering of a cheque; returns image and GT lines."""
    W = width_px or sp.width_px
    H = int(round(W * CHEQUE_H_IN / CHEQUE_W_IN))
    rng = np.random.default_rng(sp.seed)
    img = Image.new("RGB", (W, H), sp.tint)
    background(img, rng, sp.tint, sp.pattern)
    c = Canvas(W, H, image=img)
    TEMPLATES[sp.template](c, sp, rng)
    return c.img, c.lines_in_reading_order()


def cheque_fields(sp: ChequeSpec) -> dict:
    return {
        "payee": sp.payee,
        "amount": f"{sp.cents // 100}.{sp.cents % 100:02d}",
        "amount_text": sp.amount_text,
        "amount_words": sp.amount_words,
        "date": sp.date,
        "date_iso": sp.date_iso,
        "cheque_number": sp.cheque_number,
        "bank_name": sp.bank_name,
        "memo": sp.memo,
        "micr_routing": sp.routing,
        "micr_account": sp.account,
        "micr_serial": sp.serial,
        "signature_present": sp.signature,
        "currency": "USD",
    }


def build_specs() -> List[ChequeSpec]:
    rng = np.random.default_rng(20260315)
    R = lambda: make_routing(rng)  # noqa: E731
    A = lambda n: make_account(rng, n)  # noqa: E731

    # the shared template/bank/account used by cheque_05 and cheque_06
    riverbend_routing, riverbend_account = R(), A(10)

    specs = [
        ChequeSpec(
            stem="cheque_01", ext="png", width_px=1500, template="classic",
            bank_name="First Harbor Bank", bank_sub=["Portland, Oregon"], logo="wave",
            brand=(20, 60, 120),
            payer=["Alan R. Whitfield", "2718 Juniper Lane", "Salem, OR 97301"],
            payee="Northwind Traders LLC", cents=123456, amount_text="1,234.56",
            words_style="dollars", date="03/15/2026", date_iso="2026-03-15",
            cheque_number="1042", memo="Invoice 2231", routing=R(), account=A(10),
            serial="1042", signature=True, seed=101, gray=True, angle=0.45),
        ChequeSpec(
            stem="cheque_02", ext="jpg", width_px=2000, template="bankleft",
            bank_name="Cedar Valley Credit Union", bank_sub=["Main Street Branch", "Cedar Falls, IA 50613"],
            logo="mountain", brand=(30, 95, 55), payer=[],
            payee="Maria Gonzalez", cents=8750, amount_text="$87.50",
            words_style="plain", date="March 5, 2026", date_iso="2026-03-05",
            cheque_number="318", number_prefix="No. ", memo="Tutoring - February",
            routing=R(), account=A(9), serial="000318", signature=True, seed=102,
            tint=(246, 250, 244), pattern="hatch", angle=-0.6),
        ChequeSpec(
            stem="cheque_03", ext="jpg", width_px=2400, template="business",
            bank_name="Granite Peak Savings Bank", bank_sub=["Boulder, Colorado"], logo="diamond",
            brand=(90, 40, 110),
            payer=["Bluebird Logistics Inc.", "410 Dockside Avenue", "Port Clarion, WA 98101"],
            payee="Orion Office Supply Co.", cents=1247530, amount_text="$12,475.30",
            words_style="dollars", date="15/03/2026", date_iso="2026-03-15",
            cheque_number="50877", memo="PO 7781 / INV-2026-0417", routing=R(), account=A(12),
            serial="50877", signature=True, seed=103, tint=(240, 247, 240), pattern="guilloche",
            angle=0.3),
        ChequeSpec(
            stem="cheque_04", ext="jpg", width_px=1800, template="modern",
            bank_name="Lakeshore National Bank", bank_sub=["Member FDIC"], logo="circle",
            brand=(0, 105, 140),
            payer=["Grace and Tomas Lindqvist", "55 Birch Hollow Road", "Duluth, MN 55802"],
            payee="Priya Raman", cents=320000, amount_text="$3,200",
            words_style="no100", date="2026-01-09", date_iso="2026-01-09",
            cheque_number="2207", memo="January rent", routing=R(), account=A(8),
            serial="2207", signature=True, seed=104, tint=(241, 246, 252), pattern="waves",
            angle=-0.25),
        ChequeSpec(
            stem="cheque_05", ext="png", width_px=1400, template="bankleft",
            bank_name="Riverbend Community Bank", bank_sub=["Elm Street Office", "Riverbend, KY 40601"],
            logo="columns", brand=(110, 60, 20), payer=[],
            payee="Kenji Watanabe", cents=46000, amount_text="$460.00",
            words_style="plain", date="5 Jan 2026", date_iso="2026-01-05",
            cheque_number="1187", number_prefix="No. ", memo="Piano lessons",
            routing=riverbend_routing, account=riverbend_account, serial="001187",
            signature=True, seed=105, gray=True, angle=0.7),
        ChequeSpec(
            stem="cheque_06", ext="png", width_px=1450, template="bankleft",
            bank_name="Riverbend Community Bank", bank_sub=["Elm Street Office", "Riverbend, KY 40601"],
            logo="columns", brand=(110, 60, 20), payer=[],
            payee="Sunrise Dental Group", cents=191542, amount_text="$1,915.42",
            words_style="plain", date="Feb 27, 2026", date_iso="2026-02-27",
            cheque_number="1193", number_prefix="No. ", memo=None,
            routing=riverbend_routing, account=riverbend_account, serial="001193",
            signature=True, seed=106, gray=True, angle=-0.4),
        ChequeSpec(
            stem="cheque_07", ext="jpg", width_px=2200, template="classic",
            bank_name="Summit Ridge Trust", bank_sub=["Asheville, North Carolina"], logo="mountain",
            brand=(70, 70, 75),
            payer=["Daniel Okafor", "9 Laurel Court", "Asheville, NC 28801"],
            payee="Evergreen Landscaping Ltd.", cents=99999, amount_text="999.99",
            words_style="dollars", date="12/31/2025", date_iso="2025-12-31",
            cheque_number="764", memo="Spring cleanup", routing=R(), account=A(11),
            serial="764", signature=False, seed=107, angle=0.8),
        ChequeSpec(
            stem="cheque_08", ext="png", width_px=1600, template="business",
            bank_name="Pacific Meridian Bank", bank_sub=["San Diego, California"], logo="wave",
            brand=(10, 80, 130),
            payer=["Copperline Studio LLC", "1200 Harbor Drive, Unit 5", "San Diego, CA 92101"],
            payee="Amelia Brooks", cents=5820, amount_text="$58.20",
            words_style="dollars", date="April 22, 2026", date_iso="2026-04-22",
            cheque_number="3021", memo="Expense reimbursement", routing=R(), account=A(10),
            serial="3021", signature=True, seed=108, gray=True, angle=-0.7),
        ChequeSpec(
            stem="cheque_09", ext="jpg", width_px=1900, template="modern",
            bank_name="Blue Mesa Credit Union", bank_sub=["Santa Fe, New Mexico"], logo="diamond",
            brand=(35, 75, 150), payer=["Rosa Delgado", "77 Canyon Road", "Santa Fe, NM 87501"],
            payee="Harborview Property Management", cents=250000, amount_text="$2,500.00",
            words_style="dollars", date="14.02.2026", date_iso="2026-02-14",
            cheque_number="615", memo=None, routing=R(), account=A(9),
            serial="615", signature=False, seed=109, tint=(252, 249, 238), pattern="hatch",
            angle=0.55),
    ]
    for sp in specs:
        assert aba_valid(sp.routing), sp.stem
    return specs


# the cheque that appears on page 2 of the scanned letter
def letter_cheque_spec() -> ChequeSpec:
    return ChequeSpec(
        stem="scanned_letter_p2", ext="png", width_px=1200, template="classic",
        bank_name="Granite Peak Savings Bank", bank_sub=["Boulder, Colorado"], logo="diamond",
        brand=(90, 40, 110),
        payer=["Bluebird Logistics Inc.", "410 Dockside Avenue", "Port Clarion, WA 98101"],
        payee="Orion Office Supply Co.", cents=139805, amount_text="1,398.05",
        words_style="dollars", date="03/20/2026", date_iso="2026-03-20",
        cheque_number="50912", memo="INV-2026-0417", routing="107005047", account="318204775120",
        serial="50912", signature=True, seed=201)


# --------------------------------------------------------------------------
# writers
# --------------------------------------------------------------------------
def save_image(img: Image.Image, path: str, ext: str, gray: bool) -> None:
    if gray:
        img = img.convert("L")
    if ext == "jpg":
        img.save(path, "JPEG", quality=80, optimize=True, subsampling=2)
    else:
        img.save(path, "PNG", optimize=True)


def write_json(path: str, obj: dict) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, indent=2, ensure_ascii=False)
        fh.write("\n")


def make_cheques(out_dir: str, gt_dir: str) -> List[str]:
    written = []
    for sp in build_specs():
        img, lines = render_cheque(sp)
        rng = np.random.default_rng(sp.seed + 1000)
        img = scan_effects(img, rng, angle=sp.angle, blur=float(rng.uniform(0.5, 0.8)),
                           noise=float(rng.uniform(2.5, 4.0)) if sp.ext == "jpg" else 2.0)
        rel = f"cheques/{sp.stem}.{sp.ext}"
        save_image(img, os.path.join(HERE, rel), sp.ext, sp.gray)
        write_json(os.path.join(gt_dir, sp.stem + ".json"), {
            "file": rel,
            "doc_type": "cheque",
            "template": f"{sp.template}:{sp.bank_name}",
            "width_px": img.size[0],
            "height_px": img.size[1],
            "fields": cheque_fields(sp),
            "lines": lines,
        })
        written.append(rel)
    return written


LETTER_DPI = 200
LETTER_LINES = [
    ("Bluebird Logistics Inc.", "DejaVuSerif-Bold", 14),
    ("410 Dockside Avenue, Port Clarion, WA 98101", "DejaVuSerif", 11),
    ("March 20, 2026", "DejaVuSerif", 11),
    ("Orion Office Supply Co., Accounts Receivable", "DejaVuSerif", 11),
    ("REMITTANCE ADVICE", "DejaVuSerif-Bold", 13),
    ("Please find enclosed cheque no. 50912 in payment of the invoice below.", "DejaVuSerif", 11),
    ("Invoice INV-2026-0417 dated March 2, 2026", "DejaVuSerif", 11),
    ("Amount paid: $1,398.05", "DejaVuSerif", 11),
    ("Questions? Call Accounts Payable at 555-0142.", "DejaVuSerif", 11),
    ("Sincerely,", "DejaVuSerif", 11),
    ("Jordan Ellis, Controller", "DejaVuSerif", 11),
]
# extra vertical gap (in points) before a line index, to look like a letter
LETTER_GAPS = {2: 18, 3: 18, 4: 22, 5: 12, 8: 12, 9: 22, 10: 40}


def _page_image() -> Tuple[Image.Image, float]:
    W, H = int(8.5 * LETTER_DPI), int(11 * LETTER_DPI)
    return Image.new("RGB", (W, H), (255, 255, 255)), LETTER_DPI / 72.0


def make_letter_page1() -> Tuple[Image.Image, List[str]]:
    img, k = _page_image()
    d = ImageDraw.Draw(img)
    y = 90.0  # points from the top (baseline of first line)
    lines = []
    for i, (txt, fnt, size) in enumerate(LETTER_LINES):
        y += LETTER_GAPS.get(i, 0)
        f = get_font(fnt, int(round(size * k)))
        d.text((int(72 * k), int(y * k)), txt, font=f, fill=(20, 20, 20), anchor="ls")
        lines.append(txt)
        y += size * 1.6
    return img, lines


def make_letter_page2() -> Tuple[Image.Image, List[str], dict]:
    img, k = _page_image()
    sp = letter_cheque_spec()
    chq, lines = render_cheque(sp, width_px=int(CHEQUE_W_IN * LETTER_DPI))
    img.paste(chq, (int(1.25 * LETTER_DPI), int(0.9 * LETTER_DPI)))
    # light outline where the photocopier saw the cheque edge
    d = ImageDraw.Draw(img)
    x0, y0 = int(1.25 * LETTER_DPI), int(0.9 * LETTER_DPI)
    d.rectangle([x0 - 1, y0 - 1, x0 + chq.size[0], y0 + chq.size[1]], outline=(170, 170, 170), width=2)
    return img, lines, cheque_fields(sp)


def make_scanned_pdf(path: str, gt_path: str) -> None:
    rng = np.random.default_rng(7001)
    p1, l1 = make_letter_page1()
    p2, l2, f2 = make_letter_page2()
    doc = pymupdf.open()
    pages_gt = []
    for i, (img, lines, angle) in enumerate([(p1, l1, 0.35), (p2, l2, -0.5)], start=1):
        img = scan_effects(img, rng, angle=angle, blur=0.6, noise=2.0, fill=(255, 255, 255)).convert("L")
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=75, optimize=True)
        page = doc.new_page(width=612, height=792)
        page.insert_image(page.rect, stream=buf.getvalue())
        entry = {"page": i, "source": "ocr", "lines": lines}
        if i == 2:
            entry["doc_type"] = "cheque"
            entry["fields"] = f2
        pages_gt.append(entry)
    _fixed_metadata(doc, "Scanned remittance letter (synthetic sample)")
    doc.save(path, garbage=4, deflate=True, no_new_id=True, reproducible=True)
    doc.close()
    write_json(gt_path, {"file": "pdfs/scanned_letter.pdf", "dpi": LETTER_DPI, "pages": pages_gt})


INVOICE_LINES = [
    ("INVOICE", "hebo", 20),
    ("Orion Office Supply Co.", "hebo", 13),
    ("88 Market Street, Riverton, CA 94010", "helv", 11),
    ("Invoice No: INV-2026-0417", "helv", 11),
    ("Invoice Date: March 2, 2026", "helv", 11),
    ("Due Date: April 1, 2026", "helv", 11),
    ("Bill To: Bluebird Logistics Inc., 410 Dockside Avenue, Port Clarion, WA 98101", "helv", 11),
    ("Item 1: Ergonomic office chair, 2 x $349.00 = $698.00", "helv", 11),
    ("Item 2: Standing desk frame, 1 x $529.00 = $529.00", "helv", 11),
    ("Item 3: Copy paper, 10 reams x $6.45 = $64.50", "helv", 11),
    ("Subtotal: $1,291.50", "helv", 11),
    ("Sales tax (8.25%): $106.55", "helv", 11),
    ("Total Due: $1,398.05", "hebo", 12),
    ("Payment terms: Net 30. Thank you for your business.", "helv", 10),
]
INVOICE_GAPS = {1: 14, 3: 16, 6: 12, 7: 20, 10: 16, 12: 4, 13: 24}


def _fixed_metadata(doc, title: str) -> None:
    doc.set_metadata({
        "title": title, "author": "mmbatch sample generator", "subject": "synthetic test data",
        "keywords": "", "creator": "sample_docs/make_samples.py", "producer": "PyMuPDF",
        "creationDate": "D:20260101000000Z", "modDate": "D:20260101000000Z",
    })


def make_born_digital_pdf(path: str, gt_path: str) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    y = 80.0
    baselines = []
    for i, (txt, fnt, size) in enumerate(INVOICE_LINES):
        y += INVOICE_GAPS.get(i, 0)
        page.insert_text((72, y), txt, fontname=fnt, fontsize=size, color=(0, 0, 0))
        baselines.append(y)
        y += size * 1.45
    # rules above the "Bill To" line and the totals (graphics only, no text)
    for i in (6, 10):
        ry = baselines[i] - INVOICE_LINES[i][2] - 4
        page.draw_line((72, ry), (540, ry), color=(0.4, 0.4, 0.4), width=0.8)
    _fixed_metadata(doc, "Invoice INV-2026-0417 (synthetic sample)")
    doc.save(path, garbage=4, deflate=True, no_new_id=True, reproducible=True)
    doc.close()
    write_json(gt_path, {
        "file": "pdfs/born_digital.pdf",
        "pages": [{"page": 1, "source": "text_layer", "lines": [t for t, _, _ in INVOICE_LINES]}],
    })


def main() -> None:
    cheque_dir = os.path.join(HERE, "cheques")
    pdf_dir = os.path.join(HERE, "pdfs")
    gt_dir = os.path.join(HERE, "ground_truth")
    for d in (cheque_dir, pdf_dir, gt_dir):
        os.makedirs(d, exist_ok=True)
    written = make_cheques(cheque_dir, gt_dir)
    make_scanned_pdf(os.path.join(pdf_dir, "scanned_letter.pdf"),
                     os.path.join(gt_dir, "scanned_letter.json"))
    make_born_digital_pdf(os.path.join(pdf_dir, "born_digital.pdf"),
                          os.path.join(gt_dir, "born_digital.json"))
    written += ["pdfs/scanned_letter.pdf", "pdfs/born_digital.pdf"]
    for rel in written:
        print(f"{os.path.getsize(os.path.join(HERE, rel)):>9,d}  {rel}")


if __name__ == "__main__":
    main()
