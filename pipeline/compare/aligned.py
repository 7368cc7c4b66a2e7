"""Aligned tile agreement: registered onto each other, do two pages carry the same ink everywhere?

The signal for a rescan whose OCR disagrees with the original's (a small, recompressed, noisy
copy: its text is read with other errors, so the text signals fall) while its pixels still say
the same thing. Measured on the near-duplicate benchmark (``bench/compare_bench.py``), the image
embedding and pHash rate such a rescan and another receipt of the same shop alike; what tells
them apart is *where* the ink differs: another receipt of the template has other items, another
total, another date, in a few places of an otherwise identical page.

1. Both pages are shrunk (or grown) to a long side of ``WORK`` px, in grey.
2. ORB keypoints, ratio-test matches and a RANSAC similarity transform (rotation, scale, shift)
   register page b onto page a. Too few matches: no score (the pages are not one layout).
3. The ink of each (a morphological black-hat: the page closed with a ``STROKE`` px square, minus
   the page, so only strokes thinner than that count, not the edge of the paper or of a rotated
   scan's fill; blurred a little) is cut into ``TILE`` px tiles over the part both pages cover; tiles with little ink in both are skipped.
   Each of page a's tiles is matched against page b's ink around the same place (up to ``PAD`` px
   either way, for a registration a pixel or two off) by normalised cross-correlation.
4. The scores: the 10th percentile of the tiles' correlations (``aligned``: the page agrees
   nearly everywhere) and the lowest (``aligned_worst``: no part of it says something else).

A pair is scored in a canonical order (the page whose document id and page number sort first is
page a), so the same two pages always get the same scores; scores are cached on disk by both
pages' content hashes and these parameters.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np

from .pages import page_images, visual_key
from ..engine.cache import make_key
from ..errors import DocumentError

WORK = 1000           # long side of the frame pages are compared in (px)
FEATURES = 2000       # ORB keypoints per page
RATIO = 0.8           # Lowe's ratio test
RANSAC_PX = 4.0       # reprojection error of a RANSAC inlier (px at WORK)
MIN_MATCHES = 8
TILE = 40             # tile side (px at WORK)
PAD = 3               # shift searched each way per tile (px)
SIGMA = 1.5           # blur of the ink (px): tolerance for resampling and recompression
STROKE = 9            # ink is darker structure thinner than this (px at WORK)
STRONG = 0.3          # a tile counts when its ink contrast is this share of the page's 90th pct
MIN_TILES = 5
VERSION = 2
PARAMS = {"work": WORK, "features": FEATURES, "ratio": RATIO, "ransac_px": RANSAC_PX,
          "tile": TILE, "pad": PAD, "sigma": SIGMA, "stroke": STROKE, "strong": STRONG,
          "version": VERSION}


@dataclass
class PageGeometry:
    gray: np.ndarray                 # uint8, long side WORK
    points: np.ndarray               # (K, 2) float32 keypoint positions
    descriptors: Optional[np.ndarray]


def prepare(rgb: np.ndarray) -> PageGeometry:
    g = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) if rgb.ndim == 3 else rgb
    s = WORK / max(g.shape)
    g = cv2.resize(g, None, fx=s, fy=s, interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC)
    kp, des = cv2.ORB_create(nfeatures=FEATURES).detectAndCompute(g, None)
    return PageGeometry(g, np.float32([k.pt for k in kp]).reshape(-1, 2), des)


def register(a: PageGeometry, b: PageGeometry) -> Optional[np.ndarray]:
    """The 2x3 similarity transform taking page b's pixels onto page a's, or None."""
    if a.descriptors is None or b.descriptors is None or min(len(a.points), len(b.points)) < 10:
        return None
    pairs = cv2.BFMatcher(cv2.NORM_HAMMING).knnMatch(b.descriptors, a.descriptors, k=2)
    good = [m[0] for m in pairs if len(m) == 2 and m[0].distance < RATIO * m[1].distance]
    if len(good) < MIN_MATCHES:
        return None
    m, _ = cv2.estimateAffinePartial2D(b.points[[g.queryIdx for g in good]],
                                       a.points[[g.trainIdx for g in good]],
                                       method=cv2.RANSAC, ransacReprojThreshold=RANSAC_PX)
    return m


def _ink(gray: np.ndarray) -> np.ndarray:
    f = gray.astype(np.float32)
    paper = cv2.morphologyEx(f, cv2.MORPH_CLOSE, np.ones((STROKE, STROKE), np.uint8))
    return cv2.GaussianBlur(np.clip(paper - f, 0, None), (0, 0), SIGMA)


def agreement(a: PageGeometry, b: PageGeometry) -> Optional[Tuple[float, float]]:
    """(10th percentile, lowest) tile correlation of page b registered onto page a, or None when
    the pages do not register or share too little ink."""
    m = register(a, b)
    if m is None:
        return None
    h, w = a.gray.shape
    wb = cv2.warpAffine(b.gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    cover = cv2.warpAffine(np.full(b.gray.shape, 255, np.uint8), m, (w, h),
                           flags=cv2.INTER_NEAREST, borderValue=0) > 0
    xa, xb = _ink(a.gray), _ink(wb)
    spots = []
    for y in range(PAD, h - TILE - PAD + 1, TILE):
        for x in range(PAD, w - TILE - PAD + 1, TILE):
            if cover[y - PAD:y + TILE + PAD, x - PAD:x + TILE + PAD].all():
                spots.append((y, x, float(xa[y:y + TILE, x:x + TILE].std()),
                              float(xb[y:y + TILE, x:x + TILE].std())))
    if len(spots) < MIN_TILES:
        return None
    ra = np.percentile([s[2] for s in spots], 90)
    rb = np.percentile([s[3] for s in spots], 90)
    ncc = []
    for y, x, sa, sb in spots:
        if sa < STRONG * ra and sb < STRONG * rb:
            continue  # paper in both
        if sa < 1e-3:
            ncc.append(0.0)  # ink in b only
            continue
        r = cv2.matchTemplate(xb[y - PAD:y + TILE + PAD, x - PAD:x + TILE + PAD],
                              xa[y:y + TILE, x:x + TILE], cv2.TM_CCOEFF_NORMED)
        ncc.append(float(np.nan_to_num(r.max())))
    if len(ncc) < MIN_TILES:
        return None
    return float(np.percentile(ncc, 10)), float(min(ncc))


class Aligner:
    """Scores pairs of pages (``PageItem`` indices), decoding each page once while it is in use
    (the last ``keep`` pages' geometry is kept) and keeping the scores in the disk cache."""

    def __init__(self, items: Sequence, cache, ingest=None,
                 on_error: Optional[Callable[[object, str], None]] = None, keep: int = 64):
        self.items, self.cache, self.ingest, self.keep = items, cache, ingest, keep
        self.on_error = on_error or (lambda it, msg: None)
        self._pages: "OrderedDict[int, Optional[PageGeometry]]" = OrderedDict()
        self._failed: set = set()
        self.computed = 0

    def _key(self, a: int, b: int) -> str:
        ia, ib = self.items[a], self.items[b]
        return make_key("compare-aligned", ia.document_id, ia.page, visual_key(ia),
                        ib.document_id, ib.page, visual_key(ib), PARAMS)

    def _page(self, k: int) -> Optional[PageGeometry]:
        if k in self._pages:
            self._pages.move_to_end(k)
            return self._pages[k]
        it, geo = self.items[k], None
        try:
            for _, rgb in page_images(it.path, it.document_id, {it.page}, self.ingest):
                geo = prepare(rgb)
        except DocumentError as e:
            if k not in self._failed:
                self._failed.add(k)
                self.on_error(it, str(e))
        self._pages[k] = geo
        if len(self._pages) > self.keep:
            self._pages.popitem(last=False)
        return geo

    def __call__(self, i: np.ndarray, j: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """(aligned, aligned_worst) of the pairs (i[k], j[k]); NaN where they do not register."""
        order = [(a, b) if self._sort(a) <= self._sort(b) else (b, a)
                 for a, b in zip(i.tolist(), j.tolist())]
        keys = [self._key(a, b) for a, b in order]
        got: Dict[str, dict] = self.cache.get_many(list(dict.fromkeys(keys)))
        p10, worst = np.full(len(order), np.nan), np.full(len(order), np.nan)
        todo: List[int] = [k for k, key in enumerate(keys) if key not in got]
        new = []
        for k in sorted(todo, key=lambda k: order[k]):
            if keys[k] in got:
                continue  # the same pair twice
            a, b = order[k]
            ga, gb = self._page(a), self._page(b)
            r = agreement(ga, gb) if ga is not None and gb is not None else None
            got[keys[k]] = {"p10": None, "worst": None} if r is None else \
                {"p10": round(r[0], 4), "worst": round(r[1], 4)}
            if ga is not None and gb is not None:
                new.append((keys[k], "compare-aligned", got[keys[k]]))
            self.computed += 1
        self.cache.put_many(new)
        for k, key in enumerate(keys):
            v = got[key]
            if v.get("p10") is not None:
                p10[k], worst[k] = v["p10"], v["worst"]
        return p10, worst

    def _sort(self, k: int) -> tuple:
        return (self.items[k].document_id, self.items[k].page)
