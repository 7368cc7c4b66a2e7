"""Reading order on multi-column pages: the old row order against the layout order.

    python bench/reading_order_bench.py                  # text-layer and scanned, dev + held-out
    python bench/reading_order_bench.py --sets text      # text-layer pages only (fast)
    python bench/reading_order_bench.py --part dev --pages 4 --sets text,scan
    python bench/reading_order_bench.py --save-pdf DIR   # also write the generated pages

Pages are generated here with PyMuPDF (``make_page(seed)``): 2 or 3 columns of varied widths,
fonts and sizes, a full-width title and footer, some with a short centred byline, a full-width
table (read row by row) or a figure caption in a column; the truth is the order the lines were
written in. Each page is read twice: as a text-layer PDF (``text_layer_lines``) and as a scan
(rendered at 200 dpi, light noise and blur, through ``OcrPipeline``). The text-layer pages are
also written with their lines in a shuffled content-stream order ("text shuffled"), where
PyMuPDF's own order (the stream's) is scored beside ours. Seeds 0-11 are the
development part, seeds 100-111 are held back, and seeds 200-211 ("fresh") are a second held-back
part, drawn after the first one's errors had been looked at. The peer-dev files (``/work/shared/eval/peer-dev``,
OCRmyPDF's ``linn.png``/``linn.pdf`` and ``multipage.pdf`` pages 5-6) are scored against
``reading_order_truth.json`` beside this script.

Score of a page: each output line is matched to its most similar truth line (lines matching
none by at least 0.5 are dropped); the score is the longest strictly increasing run of matched
truth positions over the number of truth lines. Printed per set: mean score and the share of
pages scoring >= 0.95, for the old order and the new side by side. OCR results are cached
(``--cache``, default ``/tmp/mmbatch-reading-order-cache``) so a rerun only re-sorts.
"""
from __future__ import annotations

import argparse
import difflib
import json
import random
import re
import sys
import time
from bisect import bisect_left
from pathlib import Path
from typing import List, Sequence, Tuple

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.extract.reading_order import reading_order, row_order  # noqa: E402

PEER = Path("/work/shared/eval/peer-dev/ocrmypdf")
TRUTH = Path(__file__).with_name("reading_order_truth.json")
DEV_SEEDS = list(range(0, 12))
HELD_SEEDS = list(range(100, 112))
FRESH_SEEDS = list(range(200, 212))

WORDS = """the of and to in is was for that with as on by at from his her their which were had
been have this not but are they all one will there would who so an more when them some what
its out into than other time only could new these two may first then do any like my now over
such our man me even most made after also did many before must through back years where much
your way well down should because each just those people how too little state good very make
world still own see men work long get here between both life being under never day same
another know while last might us great old year off come since against go came right used take
three states himself few house use during without again place american around however home
small found thus every though general high part upon school days given does system order
number water less public came early city later point river market table garden letter
village harbour meadow lantern orchard council signal granite copper velvet thunder ledger
compass meridian quarry beacon saddle furnace cobalt chamber pilgrim tapestry vessel
""".split()


# --------------------------------------------------------------------------- page generator

FONTS = [("helv", "hebo"), ("tiro", "tibo"), ("cour", "cobo")]


def _line_words(rng: random.Random, fit, first: bool = False) -> str:
    """Words drawn until the line is full (``fit(text)`` says whether it still fits)."""
    words: List[str] = []
    while True:
        w = rng.choice(WORDS)
        if not words and first:
            w = w.capitalize()
        cand = " ".join(words + [w])
        if words and not fit(cand):
            return " ".join(words)
        words.append(w)
        if len(words) > 40:
            return " ".join(words)


def make_page(seed: int, shuffled: bool = False) -> Tuple[bytes, List[str]]:
    """A generated multi-column page (PDF bytes) and its lines in reading order. ``shuffled``:
    the lines are written to the content stream in a random order (as some PDF producers do),
    so that the stream's order is not the reading order."""
    import pymupdf

    rng = random.Random(seed)
    doc = pymupdf.open()
    W, H = 612, 792
    page = doc.new_page(width=W, height=H)
    regular, bold = rng.choice(FONTS)
    size = rng.uniform(8.5, 11)
    lead = size * rng.uniform(1.15, 1.4)
    margin = rng.uniform(40, 70)
    left, right = margin, W - margin
    truth: List[str] = []
    ops: list = []

    def length(t, f, s):
        return pymupdf.get_text_length(t, fontname=f, fontsize=s)

    def put(x, y, text, f, s):
        ops.append(((x, y), text, f, s))
        truth.append(text)

    # full-width title, centred (one or two lines)
    ts = rng.uniform(16, 22)
    y = margin + ts
    for _ in range(rng.choice([1, 1, 2])):
        t = _line_words(rng, lambda c: length(c, bold, ts) <= (right - left) * rng.uniform(.7, .95),
                        first=True).title()
        put((W - length(t, bold, ts)) / 2, y, t, bold, ts)
        y += ts * 1.25
    if rng.random() < 0.4:  # a short centred byline
        t = "by " + " ".join(rng.choice(WORDS).capitalize() for _ in range(2))
        put((W - length(t, regular, size)) / 2, y + 2, t, regular, size)
        y += size * 1.6
    y += lead

    # a full-width table: caption, header, rows read left to right, row by row
    if rng.random() < 0.35:
        ncell = rng.choice([3, 4])
        xs = [left + k * (right - left) / ncell for k in range(ncell)]
        cap = "Table 1. " + _line_words(
            rng, lambda c: length("Table 1. " + c, regular, size) <= (right - left) * 0.85)
        put(left, y, cap, regular, size)
        y += lead * 1.3
        for r in range(rng.randint(3, 5)):
            for k in range(ncell):
                cell = (" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 2))).title()
                        if k == 0 or r == 0 else f"{rng.uniform(1, 999):.2f}")
                put(xs[k], y, cell, bold if r == 0 else regular, size)
            y += lead
        y += lead

    # columns of varied widths
    ncol = rng.choice([2, 3])
    gutter = rng.uniform(14, 28)
    weights = [rng.uniform(0.8, 1.25) for _ in range(ncol)]
    avail = right - left - gutter * (ncol - 1)
    widths = [avail * w / sum(weights) for w in weights]
    foot_y = H - margin + 10
    body_bottom = foot_y - 2.5 * lead
    top = y
    # a figure with its caption in one column
    fig_col = rng.randrange(ncol) if rng.random() < 0.35 else None
    x = left
    total_cols = ncol if rng.random() < 0.6 else ncol - 0.5  # the last column may end early
    for c in range(ncol):
        cw = widths[c]
        y = top + size
        bottom = body_bottom if c < total_cols - 0.9 else top + (body_bottom - top) * 0.5
        para_start = True
        fig_at = rng.uniform(top + 60, bottom - 150) if c == fig_col else None
        while y < bottom:
            if fig_at is not None and y >= fig_at:
                page.draw_rect(pymupdf.Rect(x, y, x + cw, y + 70), color=(0.4, 0.4, 0.4),
                               fill=(0.85, 0.85, 0.85))
                y += 70 + size * 1.3
                cap = "Figure 1. " + _line_words(
                    rng, lambda t: length("Figure 1. " + t, regular, size * .9) <= cw)
                put(x, y, cap, regular, size * 0.9)
                y += lead * 1.6
                fig_at = None
                para_start = True
                continue
            if para_start and rng.random() < 0.2 and y < bottom - 3 * lead:  # a heading
                y += lead * 0.6
                t = _line_words(rng, lambda t: length(t, bold, size * 1.1) <= cw * .7,
                                first=True).title()
                put(x, y, t, bold, size * 1.1)
                y += lead * 1.2
            indent = size * 1.2 if para_start else 0
            fill = rng.uniform(0.3, 0.8) if rng.random() < 0.15 else 0.97
            t = _line_words(rng, lambda t: length(t, regular, size) <= (cw - indent) * fill,
                            first=para_start)
            put(x + indent, y, t, regular, size)
            y += lead
            para_start = fill < 0.9
            if para_start:
                y += lead * 0.3
        x += cw + gutter
    # full-width footer
    fs = size * 0.85
    t = _line_words(rng, lambda c: length(c, regular, fs) <= (right - left) * 0.95, first=True)
    put(left, foot_y, t, regular, fs)
    if shuffled:
        random.Random(seed + 1).shuffle(ops)
    for at, text, f, s in ops:
        page.insert_text(at, text, fontname=f, fontsize=s)
    data = doc.tobytes()
    doc.close()
    return data, truth


def scan(pdf: bytes, seed: int, dpi: int = 200) -> np.ndarray:
    """The page rendered at ``dpi`` with light noise and blur (RGB)."""
    import cv2
    import pymupdf

    doc = pymupdf.open(stream=pdf, filetype="pdf")
    pix = doc[0].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width).astype(np.float32)
    doc.close()
    rng = np.random.default_rng(seed)
    img = cv2.GaussianBlur(img, (3, 3), rng.uniform(0.4, 0.9))
    img = np.clip(img + rng.normal(0, 8, img.shape), 0, 255).astype(np.uint8)
    return np.ascontiguousarray(np.stack([img] * 3, axis=-1))


# --------------------------------------------------------------------------- scoring

def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower()).strip()


def score(out: Sequence[str], truth: Sequence[str]) -> float:
    """Longest increasing run of matched truth positions over the number of truth lines."""
    truth_n = [_norm(t) for t in truth]
    exact = {}
    for j, t in enumerate(truth_n):
        exact.setdefault(t, j)
    pos: List[int] = []
    for line in out:
        s = _norm(line)
        if s in exact:
            pos.append(exact[s])
            continue
        best, best_r = -1, 0.5
        sm = difflib.SequenceMatcher(autojunk=False)
        sm.set_seq2(s)
        for j, t in enumerate(truth_n):
            sm.set_seq1(t)
            if sm.real_quick_ratio() <= best_r or sm.quick_ratio() <= best_r:
                continue
            r = sm.ratio()
            if r > best_r:
                best, best_r = j, r
        if best >= 0:
            pos.append(best)
    tails: List[int] = []
    for p in pos:
        k = bisect_left(tails, p)
        if k == len(tails):
            tails.append(p)
        else:
            tails[k] = p
    return len(tails) / max(1, len(truth))


# --------------------------------------------------------------------------- the orders compared

def old_text_layer(page) -> List[str]:
    """The text layer as ``text_layer_lines`` read it before: (block, line) groups sorted by
    rounded top, then left."""
    groups: dict = {}
    for x0, y0, x1, y1, text, block, line, _ in page.get_text("words", sort=True):
        groups.setdefault((block, line), []).append((x0, y0, text))
    lines = [(round(min(w[1] for w in ws)), min(w[0] for w in ws), " ".join(w[2] for w in ws))
             for ws in groups.values()]
    return [t for _, _, t in sorted(lines, key=lambda l: (l[0], l[1]))]


def pymupdf_order(page) -> List[str]:
    """PyMuPDF's own order: words as the content stream has them, grouped by (block, line)."""
    groups: dict = {}
    for x0, y0, x1, y1, text, block, line, _ in page.get_text("words"):
        groups.setdefault((block, line), []).append(text)
    return [" ".join(ws) for ws in groups.values()]


def text_layer_scores(pdf: bytes, truth: List[str]) -> dict:
    import pymupdf

    from pipeline.ingest.pdf import text_layer_lines

    doc = pymupdf.open(stream=pdf, filetype="pdf")
    page = doc[0]
    out = {"old": score(old_text_layer(page), truth),
           "pymupdf": score(pymupdf_order(page), truth),
           "new": score([l.text for l in text_layer_lines(page)], truth)}
    doc.close()
    return out


class Ocr:
    def __init__(self, cache: Path):
        self.cache = cache
        self.cache.mkdir(parents=True, exist_ok=True)
        self._ocr = None
        self.ran = 0

    def lines(self, key: str, image) -> List[dict]:
        f = self.cache / f"{key}.json"
        if f.exists():
            return json.loads(f.read_text())
        if self._ocr is None:
            from pipeline.ocr import OcrPipeline

            self._ocr = OcrPipeline()
        img = image() if callable(image) else image
        lines = [{"text": l.text, "box": [list(p) for p in l.box]} for l in self._ocr(img)]
        f.write_text(json.dumps(lines))
        self.ran += 1
        return lines


def ocr_scores(lines: List[dict], truth: List[str]) -> dict:
    boxes = [l["box"] for l in lines]
    texts = [l["text"] for l in lines]
    return {"old": score([texts[i] for i in row_order(boxes)], truth),
            "new": score([texts[i] for i in reading_order(boxes)], truth)}


# --------------------------------------------------------------------------- peer-dev files

def peer_pages():
    """(name, image loader, truth lines) of the peer-dev two-column pages present here."""
    truth = json.loads(TRUTH.read_text())
    out = []

    def render(path, page, dpi=200):
        def load():
            import pymupdf

            doc = pymupdf.open(path)
            pix = doc[page].get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB)
            img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3).copy()
            doc.close()
            return img
        return load

    def png(path):
        def load():
            from PIL import Image

            with Image.open(path) as im:
                return np.asarray(im.convert("RGB"))
        return load

    if (PEER / "linn.png").exists():
        out.append(("linn.png", png(PEER / "linn.png"), truth["linn"]))
        out.append(("linn.pdf", render(PEER / "linn.pdf", 0), truth["linn"]))
    if (PEER / "multipage.pdf").exists():
        out.append(("multipage.pdf p5", render(PEER / "multipage.pdf", 4), truth["multipage_5_6"]))
        out.append(("multipage.pdf p6", render(PEER / "multipage.pdf", 5), truth["multipage_5_6"]))
    return out


# --------------------------------------------------------------------------- report

def summary(scores: List[dict], key: str) -> str:
    v = [s[key] for s in scores]
    return f"{np.mean(v):.3f} {sum(x >= 0.95 for x in v):>2}/{len(v):<2}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default="text,scan,peer", help="comma-separated: text, scan, peer")
    ap.add_argument("--part", default="dev,held,fresh", help="comma-separated: dev, held, fresh")
    ap.add_argument("--pages", type=int, default=12, help="pages per part")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/mmbatch-reading-order-cache"))
    ap.add_argument("--save-pdf", type=Path, help="write the generated pages here")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every page's scores")
    a = ap.parse_args(argv)
    sets, parts = a.sets.split(","), a.part.split(",")
    seeds = {"dev": DEV_SEEDS[:a.pages], "held": HELD_SEEDS[:a.pages],
             "fresh": FRESH_SEEDS[:a.pages]}
    ocr = Ocr(a.cache)
    t0 = time.time()
    rows = []
    for part in [p for p in ("dev", "held", "fresh") if p in parts]:
        res = {"text": [], "text shuffled": [], "scan": []}
        for seed in seeds[part]:
            pdf, truth = make_page(seed)
            if a.save_pdf:
                a.save_pdf.mkdir(parents=True, exist_ok=True)
                (a.save_pdf / f"page_{seed:03d}.pdf").write_bytes(pdf)
                (a.save_pdf / f"page_{seed:03d}.txt").write_text("\n".join(truth) + "\n")
            if "text" in sets:
                res["text"].append(text_layer_scores(pdf, truth))
                res["text shuffled"].append(text_layer_scores(make_page(seed, True)[0], truth))
            if "scan" in sets:
                lines = ocr.lines(f"gen_{seed}", lambda: scan(pdf, seed))
                res["scan"].append(ocr_scores(lines, truth))
            if a.verbose:
                print(f"  {part} seed {seed}: " + "  ".join(
                    f"{k} " + " ".join(f"{n}={v:.3f}" for n, v in r[-1].items())
                    for k, r in res.items() if r))
        for k in ("text", "text shuffled", "scan"):
            if res[k]:
                extra = summary(res[k], "pymupdf") if k.startswith("text") else "-"
                rows.append((f"{k} {part}", summary(res[k], "old"), extra,
                             summary(res[k], "new")))
    if "peer" in sets:
        for name, load, truth in peer_pages():
            s = ocr_scores(ocr.lines(re.sub(r"\W", "_", name), load), truth)
            rows.append((f"peer {name}", summary([s], "old"), "-", summary([s], "new")))
    print(f"{'set':24} {'old mean  >=.95':18} {'pymupdf stream':18} {'new mean  >=.95':18}")
    for r in rows:
        print(f"{r[0]:24} {r[1]:18} {r[2]:18} {r[3]:18}")
    print(f"({ocr.ran} pages OCR'd, {time.time() - t0:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
