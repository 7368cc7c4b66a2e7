"""Text detection: PP-OCR DB detector (pre: resize to a multiple of 32 and normalise; post: the
probability map -> binary mask -> contours -> min-area boxes -> unclip -> page polygons)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Tuple

import cv2
import numpy as np
import pyclipper

from ..engine.registry import register
from ..engine.session import Session, get_session


@dataclass
class DetResult:
    boxes: np.ndarray  # (N, 4, 2) float32, clockwise from top-left, in the input image's pixels
    scores: List[float]


@register("ocr_det")
class TextDetector:
    def __init__(self, session: Optional[Session] = None, device: str = "auto",
                 threads: Optional[int] = None, limit_side_len: int = 736,
                 thresh: float = 0.3, box_thresh: float = 0.5, unclip_ratio: float = 1.6,
                 max_candidates: int = 1000, use_dilation: bool = True, model: str = "ocr_det"):
        # ``model``: the manifest entry of the weights, ``ocr_det`` (float) or ``ocr_det_int8``
        self.session = session or get_session(model, device, threads)
        self.limit_side_len = limit_side_len
        self.thresh = thresh
        self.box_thresh = box_thresh
        self.unclip_ratio = unclip_ratio
        self.max_candidates = max_candidates
        self.use_dilation = use_dilation
        self.min_size = 3

    # -- preprocessing ------------------------------------------------------------------------
    def input_size(self, h: int, w: int) -> Tuple[int, int]:
        """(height, width) the network sees: the short side at least ``limit_side_len``, both
        sides multiples of 32."""
        ratio = 1.0
        if min(h, w) < self.limit_side_len:
            ratio = self.limit_side_len / min(h, w)
        rh = max(32, int(round(int(h * ratio) / 32) * 32))
        rw = max(32, int(round(int(w * ratio) / 32) * 32))
        return rh, rw

    def preprocess(self, img_bgr: np.ndarray) -> np.ndarray:
        h, w = img_bgr.shape[:2]
        rh, rw = self.input_size(h, w)
        x = cv2.resize(img_bgr, (rw, rh)).astype(np.float32)
        x = (x * (1 / 255.0) - 0.5) / 0.5
        return x.transpose(2, 0, 1)[None]

    # -- the whole step -----------------------------------------------------------------------
    def __call__(self, img_bgr: np.ndarray) -> DetResult:
        x = self.preprocess(img_bgr)
        pred = self.session.run(x)
        return self.postprocess(pred, img_bgr.shape[0], img_bgr.shape[1])

    # -- postprocessing -----------------------------------------------------------------------
    def postprocess(self, pred: np.ndarray, src_h: int, src_w: int) -> DetResult:
        prob = pred[0, 0]
        mask = (prob > self.thresh).astype(np.uint8)
        if self.use_dilation:
            mask = cv2.dilate(mask, np.ones((2, 2), np.uint8))
        height, width = mask.shape
        contours, _ = cv2.findContours(mask * 255, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
        boxes, scores = [], []
        for contour in contours[: self.max_candidates]:
            points, sside = _mini_box(contour)
            if sside < self.min_size:
                continue
            score = _box_score_fast(prob, points)
            if score < self.box_thresh:
                continue
            expanded = _unclip(points, self.unclip_ratio)
            if expanded is None:
                continue
            box, sside = _mini_box(expanded.reshape(-1, 1, 2))
            if sside < self.min_size + 2:
                continue
            box[:, 0] = np.clip(np.round(box[:, 0] / width * src_w), 0, src_w)
            box[:, 1] = np.clip(np.round(box[:, 1] / height * src_h), 0, src_h)
            box = _order_clockwise(box)
            box[:, 0] = np.clip(box[:, 0], 0, src_w - 1)
            box[:, 1] = np.clip(box[:, 1], 0, src_h - 1)
            if np.linalg.norm(box[0] - box[1]) <= 3 or np.linalg.norm(box[0] - box[3]) <= 3:
                continue
            boxes.append(box)
            scores.append(float(score))
        arr = np.array(boxes, dtype=np.float32).reshape(-1, 4, 2)
        return DetResult(arr, scores)


def _mini_box(contour: np.ndarray) -> Tuple[np.ndarray, float]:
    rect = cv2.minAreaRect(contour)
    pts = sorted(list(cv2.boxPoints(rect)), key=lambda p: p[0])
    i1, i4 = (0, 1) if pts[1][1] > pts[0][1] else (1, 0)
    i2, i3 = (2, 3) if pts[3][1] > pts[2][1] else (3, 2)
    return np.array([pts[i1], pts[i2], pts[i3], pts[i4]], dtype=np.float32), min(rect[1])


def _box_score_fast(prob: np.ndarray, box: np.ndarray) -> float:
    h, w = prob.shape
    xmin = int(np.clip(np.floor(box[:, 0].min()), 0, w - 1))
    xmax = int(np.clip(np.ceil(box[:, 0].max()), 0, w - 1))
    ymin = int(np.clip(np.floor(box[:, 1].min()), 0, h - 1))
    ymax = int(np.clip(np.ceil(box[:, 1].max()), 0, h - 1))
    mask = np.zeros((ymax - ymin + 1, xmax - xmin + 1), dtype=np.uint8)
    shifted = box.copy()
    shifted[:, 0] -= xmin
    shifted[:, 1] -= ymin
    cv2.fillPoly(mask, shifted.reshape(1, -1, 2).astype(np.int32), 1)
    return cv2.mean(prob[ymin: ymax + 1, xmin: xmax + 1], mask)[0]


def _unclip(box: np.ndarray, ratio: float) -> Optional[np.ndarray]:
    area = cv2.contourArea(box)
    length = cv2.arcLength(box.reshape(-1, 1, 2), True)
    if length <= 0:
        return None
    distance = area * ratio / length
    off = pyclipper.PyclipperOffset()
    off.AddPath(box.tolist(), pyclipper.JT_ROUND, pyclipper.ET_CLOSEDPOLYGON)
    out = off.Execute(distance)
    if not out:
        return None
    return np.array(out[0], dtype=np.float32)


def _order_clockwise(pts: np.ndarray) -> np.ndarray:
    xs = pts[np.argsort(pts[:, 0], kind="stable")]
    left, right = xs[:2], xs[2:]
    tl, bl = left[np.argsort(left[:, 1], kind="stable")]
    tr, br = right[np.argsort(right[:, 1], kind="stable")]
    return np.array([tl, tr, br, bl], dtype=np.float32)
