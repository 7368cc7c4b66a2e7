"""Text line direction: PP-OCR mobile classifier, 0 or 180 degrees (pre: resize to 48 px high,
at most 192 wide, pad; post: argmax -> label and score). Lines read as 180 with confidence above
``thresh`` are turned before recognition."""
from __future__ import annotations

import math
from typing import List, Optional, Tuple

import cv2
import numpy as np

from ..engine.registry import register
from ..engine.session import Session, get_session


@register("ocr_cls")
class LineDirection:
    def __init__(self, session: Optional[Session] = None, device: str = "auto",
                 threads: Optional[int] = None, thresh: float = 0.9, batch: int = 6):
        self.session = session or get_session("ocr_cls", device, threads)
        _, self.h, self.w = self.session.spec.input_shape[1:]
        self.labels = list(self.session.spec.extra.get("labels", ["0", "180"]))
        self.thresh = thresh
        self.batch = batch  # fixed input width: batching pads nothing, so it pays

    def preprocess_one(self, crop_bgr: np.ndarray) -> np.ndarray:
        h, w = crop_bgr.shape[:2]
        rw = min(self.w, int(math.ceil(self.h * w / float(h))))
        x = cv2.resize(crop_bgr, (max(1, rw), self.h)).astype(np.float32)
        x = (x.transpose(2, 0, 1) / 255.0 - 0.5) / 0.5
        out = np.zeros((3, self.h, self.w), dtype=np.float32)
        out[:, :, :rw] = x
        return out

    def __call__(self, crops: List[np.ndarray]) -> List[Tuple[str, float]]:
        res: List[Tuple[str, float]] = []
        for i in range(0, len(crops), self.batch):
            x = np.stack([self.preprocess_one(c) for c in crops[i: i + self.batch]])
            prob = self.session.run(x)
            idx = prob.argmax(axis=1)
            res.extend((self.labels[int(k)], float(prob[j, k])) for j, k in enumerate(idx))
        return res

    def turn(self, crops: List[np.ndarray]) -> Tuple[List[np.ndarray], List[Tuple[str, float]]]:
        """Classify and rotate the upside-down lines; returns the crops to recognise."""
        res = self(crops) if crops else []
        out = [cv2.rotate(c, cv2.ROTATE_180) if lab == "180" and s > self.thresh else c
               for c, (lab, s) in zip(crops, res)]
        return out, res
