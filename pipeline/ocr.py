"""The OCR pipeline of one page image: detection -> crops -> line direction -> recognition ->
reading order. Every step is a model module of the engine; this file only wires them and maps
results back to page coordinates."""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional

import cv2
import numpy as np

from .document import Line
from .engine.registry import create
from .extract.reading_order import layout_order
from .options.model import result_field, results_key
from .tiling import make_tiles, merge_tiles
from .words import word_boxes


@dataclass
class OcrOptions:
    # longest detector input side (tile size); crops stay full size
    max_side: int = result_field(2000)
    # shortest side the detector should see; longer pages are tiled
    min_short: int = result_field(736)
    min_side: int = result_field(30)
    tile_overlap: int = result_field(256)     # detector pixels shared by neighbouring tiles
    text_score: float = result_field(0.5)     # lines recognised below this confidence are dropped
    use_cls: bool = result_field(True)
    rec_batch: Optional[int] = None  # None: the rule for the execution provider
    device: str = "auto"
    threads: Optional[int] = None

    def key(self) -> dict:
        """The options that change results (part of cache keys and the run manifest)."""
        return results_key(self)


class OcrPipeline:
    def __init__(self, options: Optional[OcrOptions] = None, det=None, cls=None, rec=None):
        self.options = o = options or OcrOptions()
        self.det = det or create("ocr_det", device=o.device, threads=o.threads)
        self.cls = cls or (create("ocr_cls", device=o.device, threads=o.threads)
                           if o.use_cls else None)
        self.rec = rec or create("ocr_rec", device=o.device, threads=o.threads, batch=o.rec_batch)
        self.last_tiles = 0

    @property
    def sessions(self):
        return [m.session for m in (self.det, self.cls, self.rec) if m is not None]

    def detect_scale(self, h: int, w: int) -> float:
        """Scale at which the detector sees the page: the long side shrunk to ``max_side``,
        unless that leaves the short side under ``min_short`` (a long receipt): then the short
        side sets the scale and the page is tiled along its long side."""
        o = self.options
        s = min(1.0, o.max_side / max(h, w))
        if min(h, w) * s < o.min_short:
            s = min(1.0, o.min_short / min(h, w))
        if min(h, w) * s < o.min_side:
            s = o.min_side / min(h, w)
        return s

    def detect(self, img_bgr: np.ndarray) -> np.ndarray:
        """Text boxes in the page image's own pixel coordinates."""
        h, w = img_bgr.shape[:2]
        scale = self.detect_scale(h, w)
        small = img_bgr if scale == 1.0 else cv2.resize(
            img_bgr, (max(1, round(w * scale)), max(1, round(h * scale))),
            interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
        sh, sw = small.shape[:2]
        tile = self.options.max_side
        if sh > tile or sw > tile:
            tiles = make_tiles(sh, sw, tile, self.options.tile_overlap)
            per_tile = [self._detect_one(small[t.y0:t.y1, t.x0:t.x1]) for t in tiles]
            boxes = merge_tiles(tiles, per_tile, sh, sw)
            self.last_tiles = len(tiles)
        else:
            boxes = self._detect_one(small)
            self.last_tiles = 1
        boxes = boxes / scale
        boxes[:, :, 0] = np.clip(boxes[:, :, 0], 0, w - 1)
        boxes[:, :, 1] = np.clip(boxes[:, :, 1], 0, h - 1)
        return boxes

    def _detect_one(self, img: np.ndarray) -> np.ndarray:
        # a very wide strip (a single text line) gets room above and below, as the detector
        # was trained on pages
        sh, sw = img.shape[:2]
        pad = 0
        if sh <= 30 or sw / sh > 8:
            pad = int(abs(max(int(sw / 8), 30) * 2 - sh) / 2)
            img = cv2.copyMakeBorder(img, pad, pad, 0, 0, cv2.BORDER_CONSTANT, value=(0, 0, 0))
        boxes = self.det(img).boxes.copy()
        boxes[:, :, 1] -= pad
        return boxes

    def __call__(self, img_rgb: np.ndarray) -> List[Line]:
        img = np.ascontiguousarray(img_rgb[:, :, ::-1])  # the models were trained on BGR
        boxes = self.detect(img)
        if len(boxes) == 0:
            return []
        order, blocks = layout_order(boxes)
        boxes = boxes[order]
        crops = [crop_line(img, b) for b in boxes]
        flipped = [False] * len(crops)
        if self.cls is not None:
            crops, dirs = self.cls.turn(crops)
            flipped = [lab == "180" and s > self.cls.thresh for lab, s in dirs]
        results = recognise_lines(self.rec, crops)
        lines: List[Line] = []
        for box, r, flip, crop, block in zip(boxes, results, flipped, crops, blocks):
            if not r.text.strip() or r.conf < self.options.text_score:
                continue
            poly = [(round(float(x), 1), round(float(y), 1)) for x, y in box]
            words = [] if is_vertical(crop) else word_boxes(
                r.text, r.positions, r.char_conf, r.steps, r.content, box, flip)
            lines.append(Line(text=r.text.strip(), conf=round(r.conf, 5), box=poly, words=words,
                              line_no=len(lines), block=block))
        return lines


def crop_line(img: np.ndarray, box: np.ndarray) -> np.ndarray:
    """Perspective-corrected crop of a text box (4 points clockwise from top-left)."""
    pts = box.astype(np.float32)
    w = int(max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[3])))
    h = int(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2])))
    w, h = max(w, 1), max(h, 1)
    dst = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(pts, dst)
    return cv2.warpPerspective(img, m, (w, h), borderMode=cv2.BORDER_REPLICATE,
                               flags=cv2.INTER_CUBIC)


def is_vertical(crop: np.ndarray) -> bool:
    h, w = crop.shape[:2]
    return h / max(w, 1) >= 1.5


def restack(crop: np.ndarray) -> np.ndarray:
    """A vertical line of upright glyphs (CJK written top to bottom) laid out left to right:
    cut into square cells and put side by side, so each glyph stays upright."""
    h, w = crop.shape[:2]
    n = max(1, int(round(h / max(w, 1))))
    cells = np.array_split(crop, n, axis=0)
    cells = [cv2.resize(c, (w, w)) for c in cells]
    return np.concatenate(cells, axis=1)


def recognise_lines(rec, crops: List[np.ndarray]):
    """Recognise crops; a tall crop is either a vertical CJK line (glyphs upright, read top to
    bottom) or a sideways Latin line: both readings are tried and the more confident kept."""
    tall = [i for i, c in enumerate(crops) if is_vertical(c)]
    inputs = [c if not is_vertical(c) else np.ascontiguousarray(np.rot90(c)) for c in crops]
    results = rec(inputs)
    if tall:
        alt = rec([restack(crops[i]) for i in tall])
        for i, a in zip(tall, alt):
            if a.conf > results[i].conf:
                results[i] = a
    return results
