"""Text recognition: PP-OCR CTC recogniser (pre: resize to 48 px high keeping the aspect ratio,
normalise, pad; post: greedy CTC decoding with the character list stored in the ONNX metadata).

Batching rule, chosen per execution provider by measurement (README, "Engine"): on the CPU the
cost follows the padded width, so each crop runs alone at its own width (``batch=1``); on a GPU
crops sorted by width run in large batches.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import cv2
import numpy as np

from ..engine.registry import register
from ..engine.session import Session, get_session


WIDTH_STEP = 16  # input widths are rounded up to this, so crops of similar width share a batch


@dataclass
class RecResult:
    text: str
    conf: float
    positions: List[int] = field(default_factory=list)  # CTC time step of each character
    char_conf: List[float] = field(default_factory=list)
    steps: int = 0          # time steps of the output
    content: float = 1.0    # share of the input width holding the crop (the rest is padding)


@register("ocr_rec")
class TextRecognizer:
    def __init__(self, session: Optional[Session] = None, device: str = "auto",
                 threads: Optional[int] = None, batch: Optional[int] = None,
                 min_width: Optional[int] = None):
        self.session = session or get_session("ocr_rec", device, threads)
        self.height = int(self.session.spec.input_shape[2])
        chars = self.session.metadata.get("character")
        if not chars:
            raise ValueError("recognition model has no 'character' list in its ONNX metadata")
        # index 0 is the CTC blank; the model's last class is a space
        self.charset = ["<blank>"] + chars.splitlines() + [" "]
        on_cpu = self.session.providers[:1] == ["CPUExecutionProvider"]
        self.batch = batch or (1 if on_cpu else 64)
        # short crops are padded to 2x the height (96 px), as faster-paddle does for this model:
        # the cost follows the padded width, and on 48 SROIE receipts 96 px read as well as
        # 192 px (word F1 +0.002 / -0.002 on two sets of 24) at 0.93x the time; at their own
        # width they read worse (0.531 against 0.537 at 192 px on 12 receipts)
        self.min_width = 2 * self.height if min_width is None else min_width

    def content_width(self, crop: np.ndarray, width: int) -> int:
        h, w = crop.shape[:2]
        return max(1, min(width, int(math.ceil(self.height * w / float(h)))))

    def _resize(self, crop_bgr: np.ndarray, width: int) -> np.ndarray:
        rw = self.content_width(crop_bgr, width)
        x = cv2.resize(crop_bgr, (max(1, rw), self.height)).astype(np.float32)
        x = (x.transpose(2, 0, 1) / 255.0 - 0.5) / 0.5
        out = np.zeros((3, self.height, width), dtype=np.float32)
        out[:, :, :rw] = x
        return out

    def target_width(self, crop: np.ndarray) -> int:
        """The input width of a crop: its width at the model's height, at least ``min_width``,
        rounded up to a multiple of ``WIDTH_STEP``."""
        h, w = crop.shape[:2]
        own = max(self.min_width, int(math.ceil(self.height * w / float(max(h, 1)))), 8)
        return -(-own // WIDTH_STEP) * WIDTH_STEP

    def __call__(self, crops: List[np.ndarray], allowed: Optional[str] = None) -> List[RecResult]:
        """Crops are batched only with crops of the same input width, so every crop sees the
        same tensor whatever the batch size: batched and one-at-a-time results are identical.
        ``allowed``: decode with these characters only (see ``decode``)."""
        return [self.decode(prob, content, allowed=allowed)
                for prob, content in self.probabilities(crops)]

    def probabilities(self, crops: List[np.ndarray]) -> List[Tuple[np.ndarray, float]]:
        """Each crop's CTC matrix (time steps x classes, ``charset`` order) and the share of its
        input width holding the crop: what ``decode`` reads, kept for decoding it again under
        a field's constraints (``pipeline.extract.constrained``)."""
        out: List[Optional[Tuple[np.ndarray, float]]] = [None] * len(crops)
        by_width: Dict[int, List[int]] = {}
        for i, c in enumerate(crops):
            by_width.setdefault(self.target_width(c), []).append(i)
        for width, members in sorted(by_width.items()):
            for s in range(0, len(members), self.batch):
                idx = members[s: s + self.batch]
                x = np.stack([self._resize(crops[i], width) for i in idx])
                probs = self.session.run(x)
                for j, i in enumerate(idx):
                    out[i] = (probs[j], self.content_width(crops[i], width) / width)
        return out  # type: ignore[return-value]

    def decode(self, prob: np.ndarray, content: float = 1.0,
               allowed: Optional[str] = None) -> RecResult:
        """Greedy CTC: collapse repeats, drop blanks; keeps each character's time step so the
        pipeline can place word boxes. ``allowed``: only these characters (and the blank) may
        be read, e.g. a field's digits and separators: at each step the most likely allowed
        class wins, so a "5" the model half took for an "S" comes back a "5"."""
        if allowed is not None:
            keep = np.zeros(prob.shape[1], dtype=bool)
            keep[0] = True
            for k, ch in enumerate(self.charset[: prob.shape[1]]):
                if ch in allowed:
                    keep[k] = True
            prob = np.where(keep[None, :], prob, 0.0)
        ids = prob.argmax(axis=1)
        p = prob.max(axis=1)
        keep = np.ones(len(ids), dtype=bool)
        keep[1:] = ids[1:] != ids[:-1]
        keep &= (ids != 0) & (ids < len(self.charset))
        pos = np.flatnonzero(keep)
        text = "".join(self.charset[k] for k in ids[pos])
        conf = float(p[pos].mean()) if len(pos) else 0.0
        return RecResult(text, conf, pos.tolist(), [float(x) for x in p[pos]], len(ids), content)
