"""Aligned tile agreement: registered onto each other, do two pages carry the same ink everywhere?

The signal for a rescan whose OCR disagrees with the original's (a small, recompressed, noisy
copy: its text is read with other errors, so the text signals fall) while its pixels still say
the same thing. Measured on the near-duplicate benchmark (``bench/compare_bench.py``), the image
embedding and pHash rate such a rescan and another receipt of the same shop alike; what tells
them apart is *where* the ink differs: another receipt of the template has other items, another
total, another date, in a few places of an otherwise identical page.

1. Both pages are shrunk (or grown) to a long side of ``WORK`` px, in grey.
2. ORB keypoints, ratio-test matches and a RANSAC similarity transform (rotation, scale, shift)
   register page b onto page a; when either page is a photo (``ingest/dewarp.py`` found and
   straightened a document in it) a homography instead, since a straightened photo keeps some
   perspective and lens bend that a similarity cannot follow. Too few matches: no score (the
   pages are not one layout).
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
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np

from .pages import page_images, visual_key
from ..engine.cache import make_key
from ..ingest import dewarp
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
MIN_INLIERS = 0.25    # a homography needs this share of the matches as inliers
LOCAL_REST = 0.85     # the page agrees this well (10th percentile) ...
LOCAL_DIFF = 0.75     # ... but a text line's window correlates under this: a local difference
MAX_LOCAL = 12
WINDOW = 0.6          # a window along a line is this share of its height wide
VERSION = 7
PARAMS = {"work": WORK, "features": FEATURES, "ratio": RATIO, "ransac_px": RANSAC_PX,
          "tile": TILE, "pad": PAD, "sigma": SIGMA, "stroke": STROKE, "strong": STRONG,
          "min_inliers": MIN_INLIERS, "version": VERSION,
          "local": [LOCAL_REST, LOCAL_DIFF, MAX_LOCAL], "windows": WINDOW, "field_ink": 8}


@dataclass
class PageGeometry:
    gray: np.ndarray                 # uint8, long side WORK
    points: np.ndarray               # (K, 2) float32 keypoint positions
    descriptors: Optional[np.ndarray]
    photo: bool = False              # a photographed document, straightened
    # 3x3: the page image's pixels (as rendered, before straightening) -> this frame
    to_work: np.ndarray = field(default_factory=lambda: np.eye(3))


def prepare(rgb: np.ndarray, correction=None) -> PageGeometry:
    """A page's frame; with ``correction`` (``dewarp.Correction``) of the image given, the
    image is straightened first and the page is a photo."""
    src = rgb if correction is None else correction.apply(rgb)
    g = cv2.cvtColor(src, cv2.COLOR_RGB2GRAY) if src.ndim == 3 else src
    s = WORK / max(g.shape)
    g = cv2.resize(g, None, fx=s, fy=s, interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC)
    kp, des = cv2.ORB_create(nfeatures=FEATURES).detectAndCompute(g, None)
    to_work = np.diag([s, s, 1.0]) @ (np.eye(3) if correction is None else correction.matrix)
    return PageGeometry(g, np.float32([k.pt for k in kp]).reshape(-1, 2), des,
                        correction is not None, to_work)


def register(a: PageGeometry, b: PageGeometry, homography: bool = False) -> Optional[np.ndarray]:
    """The 3x3 transform taking page b's pixels onto page a's (a similarity, or a homography
    when either page is a photo or ``homography`` asks for one), or None."""
    if a.descriptors is None or b.descriptors is None or min(len(a.points), len(b.points)) < 10:
        return None
    pairs = cv2.BFMatcher(cv2.NORM_HAMMING).knnMatch(b.descriptors, a.descriptors, k=2)
    good = [m[0] for m in pairs if len(m) == 2 and m[0].distance < RATIO * m[1].distance]
    if len(good) < MIN_MATCHES:
        return None
    src = b.points[[g.queryIdx for g in good]]
    dst = a.points[[g.trainIdx for g in good]]
    if a.photo or b.photo or homography:
        m, inl = cv2.findHomography(src, dst, cv2.RANSAC, RANSAC_PX)
        if m is not None and inl is not None and inl.sum() >= max(MIN_MATCHES,
                                                                  MIN_INLIERS * len(good)):
            return m
    m, _ = cv2.estimateAffinePartial2D(src, dst, method=cv2.RANSAC,
                                       ransacReprojThreshold=RANSAC_PX)
    return None if m is None else np.vstack([m, [0.0, 0.0, 1.0]])


def _ink(gray: np.ndarray) -> np.ndarray:
    f = gray.astype(np.float32)
    paper = cv2.morphologyEx(f, cv2.MORPH_CLOSE, np.ones((STROKE, STROKE), np.uint8))
    return cv2.GaussianBlur(np.clip(paper - f, 0, None), (0, 0), SIGMA)


def agreement(a: PageGeometry, b: PageGeometry) -> Optional[Tuple[float, float]]:
    """(10th percentile, lowest) tile correlation of page b registered onto page a, or None when
    the pages do not register or share too little ink. Both ways (b onto a, a onto b), the
    better of the two: captures that show more or less around the page (a photo of a photo
    whose frame is the old photo's, a scan's margin) compare over the part one of them covers,
    and the frame of the one showing less leaves out what only the other shows. Only a way
    whose frame the other page covers at least ``MIN_COVER`` of counts (else the way covered
    more): a page that fills a small part of the other's frame (a photo whose page was not
    found, the page a quarter of it) is compared at a quarter of the resolution, where another
    payee's handwriting blurs into the same grey as this one's."""
    return pick([_one_way(a, b), _one_way(b, a)])


MIN_COVER = 0.5       # share of page a's frame page b covers, registered, for a way to count


def pick(ways: Sequence[Optional[tuple]]) -> Optional[tuple]:
    """Of (cover, score, ...) tuples (None: that way does not register), the scores (without
    the cover) of the best-scoring way covering at least ``MIN_COVER``, else of the way covered
    most."""
    got = [w for w in ways if w is not None and w[1] is not None]
    if not got:
        return None
    wide = [w for w in got if w[0] >= MIN_COVER]
    best = max(wide, key=lambda w: w[1]) if wide else max(got, key=lambda w: w[0])
    return tuple(best[1:])


def _one_way(a: PageGeometry, b: PageGeometry) -> Optional[tuple]:
    """(cover, 10th percentile, lowest) of page b registered onto page a."""
    m = best_transform(a, b)
    if m is None:
        return None
    xa, xb, cover = _warped_ink(a, b, m)
    r = _tiles(xa, xb, cover)
    return None if r is None else (float(cover.mean()), r[0], r[1])


def best_transform(a: PageGeometry, b: PageGeometry) -> Optional[np.ndarray]:
    """``register``'s transform; where neither page was found to be a photo, the homography
    instead when the page's tiles agree better with it: a photo whose page was not found on its
    table (a crumpled receipt, a shadow over an edge, a photo of a photo whose frame is the old
    photo's) keeps its perspective, which a similarity cannot follow."""
    m = register(a, b)
    if m is None or a.photo or b.photo:
        return m
    mh = register(a, b, homography=True)
    if mh is not None and not np.allclose(mh, m):
        ts, th = agreement_of(a, b, m), agreement_of(a, b, mh)
        if th is not None and (ts is None or th[0] > ts[0] + 0.05):
            return mh
    return m


def agreement_of(a: PageGeometry, b: PageGeometry, m: np.ndarray
                 ) -> Optional[Tuple[float, float]]:
    """(10th percentile, lowest) tile correlation of page b warped onto page a by ``m``."""
    xa, xb, cover = _warped_ink(a, b, m)
    return _tiles(xa, xb, cover)


def _warped_ink(a: PageGeometry, b: PageGeometry, m: np.ndarray):
    h, w = a.gray.shape
    wb = cv2.warpPerspective(b.gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    cover = cv2.warpPerspective(np.full(b.gray.shape, 255, np.uint8), m, (w, h),
                                flags=cv2.INTER_NEAREST, borderValue=0) > 0
    return _ink(a.gray), _ink(wb), cover


def _tiles(xa: np.ndarray, xb: np.ndarray, cover: np.ndarray,
           skip: Optional[np.ndarray] = None) -> Optional[Tuple[float, float]]:
    """(10th percentile, lowest) of the tiles' correlations; tiles touching ``skip`` left out."""
    ncc = [c for _, _, c in _tile_list(xa, xb, cover, skip)]
    if len(ncc) < MIN_TILES:
        return None
    return float(np.percentile(ncc, 10)), float(min(ncc))


def _tile_list(xa: np.ndarray, xb: np.ndarray, cover: np.ndarray,
               skip: Optional[np.ndarray] = None) -> List[Tuple[int, int, float]]:
    """(y, x, correlation) of the tiles with ink on either page."""
    h, w = xa.shape
    spots = []
    for y in range(PAD, h - TILE - PAD + 1, TILE):
        for x in range(PAD, w - TILE - PAD + 1, TILE):
            if skip is not None and skip[y:y + TILE, x:x + TILE].any():
                continue
            if cover[y - PAD:y + TILE + PAD, x - PAD:x + TILE + PAD].all():
                spots.append((y, x, float(xa[y:y + TILE, x:x + TILE].std()),
                              float(xb[y:y + TILE, x:x + TILE].std())))
    if len(spots) < MIN_TILES:
        return []
    ra = np.percentile([s[2] for s in spots], 90)
    rb = np.percentile([s[3] for s in spots], 90)
    ncc = []
    for y, x, sa, sb in spots:
        if sa < STRONG * ra and sb < STRONG * rb:
            continue  # paper in both
        if sa < 1e-3:
            ncc.append((y, x, 0.0))  # ink in b only
            continue
        r = cv2.matchTemplate(xb[y - PAD:y + TILE + PAD, x - PAD:x + TILE + PAD],
                              xa[y:y + TILE, x:x + TILE], cv2.TM_CCOEFF_NORMED)
        ncc.append((y, x, float(np.nan_to_num(r.max()))))
    return ncc


FIELD_MARGIN = 6      # px (at WORK) added around a field's box


def _rect(poly_work: np.ndarray, shape) -> Optional[Tuple[int, int, int, int]]:
    h, w = shape
    x0, y0 = np.floor(poly_work.min(axis=0)) - FIELD_MARGIN
    x1, y1 = np.ceil(poly_work.max(axis=0)) + FIELD_MARGIN
    x0, y0 = int(max(PAD, x0)), int(max(PAD, y0))
    x1, y1 = int(min(w - PAD, x1)), int(min(h - PAD, y1))
    return None if x1 - x0 < 4 or y1 - y0 < 4 else (x0, y0, x1, y1)


EDGE_PX = 12           # a box this close to the frame's edge (px at WORK) is at the edge


def _at_edge(r: Tuple[int, int, int, int], shape) -> bool:
    """A box at the edge of page a's frame: the registration is extrapolated there (a photo's
    lens bend is largest), and a scan's crop may cut it: its ink alone says little."""
    h, w = shape
    x0, y0, x1, y1 = r
    return x0 <= EDGE_PX or y0 <= EDGE_PX or x1 >= w - EDGE_PX or y1 >= h - EDGE_PX


def _project(m: np.ndarray, poly) -> np.ndarray:
    p = np.asarray(poly, np.float64).reshape(-1, 1, 2)
    return cv2.perspectiveTransform(p, m).reshape(-1, 2)


def field_ink(a: PageGeometry, b: PageGeometry, boxes_a: Dict[str, list],
              boxes_b: Dict[str, list], lines_a: Sequence[list] = (),
              lines_b: Sequence[list] = ()) -> Optional[dict]:
    """Page b registered onto page a, the ink where each field sits compared: ``fields``: name
    -> the correlation of the two pages' ink over the field's box (both pages' boxes, in a's
    frame; a shift of up to ``PAD`` px allowed; None where neither page has ink there), and
    ``rest``: (10th percentile, lowest) tile correlation of the page outside the fields' boxes
    (None: too few tiles), and ``local``: where the rest agrees (10th percentile at least
    ``LOCAL_REST``), the boxes (a's frame) of either page's text lines (``lines_a``,
    ``lines_b``) whose ink differs (lowest window under ``LOCAL_DIFF``), with that score, and
    ``lines``: every text line's box (a's frame) with its lowest window's score; ``edge``: the
    fields whose box is at the edge of a's frame (``_at_edge``; no local difference is either);
    ``to_a``
    and ``to_b``: each page's coordinates -> a's frame. ``boxes_*``: name -> polygon in the
    page image's pixels. None when the pages do not register."""
    m = best_transform(a, b)
    if m is None:
        return None
    xa, xb, cover = _warped_ink(a, b, m)
    h, w = xa.shape
    skip = np.zeros((h, w), bool)
    ref = max(1e-3, float(np.percentile(xa, 99.5)))
    out: Dict[str, Optional[float]] = {}
    rects: Dict[str, list] = {}
    edge: List[str] = []
    for name in sorted(set(boxes_a) | set(boxes_b)):
        polys = []
        if name in boxes_a:
            polys.append(_project(a.to_work, boxes_a[name]))
        if name in boxes_b:
            polys.append(_project(m @ b.to_work, boxes_b[name]))
        r = _rect(np.concatenate(polys), (h, w))
        if r is None:
            out[name] = None
            continue
        x0, y0, x1, y1 = r
        rects[name] = list(r)
        if _at_edge(r, (h, w)):
            edge.append(name)
        skip[max(0, y0 - PAD):y1 + PAD, max(0, x0 - PAD):x1 + PAD] = True
        if not cover[y0:y1, x0:x1].all():
            out[name] = None
            continue
        out[name] = _windows(xa, xb, (x0, y0, x1, y1), ref)
    rest = _tiles(xa, xb, cover, skip)
    local, scored = [], []
    if rest is not None:
        seen = set()
        for poly, to in [(p, a.to_work) for p in lines_a] + [(p, m @ b.to_work) for p in lines_b]:
            r = _rect(_project(to, poly), (h, w))
            if r is None or any(abs(r[0] - u[0]) + abs(r[1] - u[1]) + abs(r[2] - u[2])
                                + abs(r[3] - u[3]) < 12 for u in seen):
                continue  # the same line on both pages
            seen.add(r)
            if not cover[r[1]:r[3], r[0]:r[2]].all():
                continue
            c = _windows(xa, xb, r, ref)
            if c is None:
                continue
            scored.append([*r, c])
            if rest[0] >= LOCAL_REST and c < LOCAL_DIFF and not _at_edge(r, (h, w)):
                local.append([*r, c])
        local.sort(key=lambda t: t[4])
    return {"fields": out, "rects": rects, "edge": edge, "rest": rest, "local": local[:MAX_LOCAL],
            "lines": scored,
            "to_a": np.round(a.to_work, 8).tolist(), "to_b": np.round(m @ b.to_work, 8).tolist()}


def _windows(xa: np.ndarray, xb: np.ndarray, r: Tuple[int, int, int, int], ref: float
             ) -> Optional[float]:
    """How alike the two pages' ink is along a box, at its least alike window: windows
    ``WINDOW`` of the box's height wide, half overlapping, only those with ink on either page,
    each correlated at its best shift up to ``PAD`` px. A changed word or digit is a low window,
    however much of the box is the same. None: no ink in either page."""
    x0, y0, x1, y1 = r
    h = y1 - y0
    win = max(12, int(h * WINDOW))
    step = max(6, win // 2)
    low = None
    for x in range(x0, max(x0 + 1, x1 - win + 1), step):
        xe = min(x1, x + win)
        ta = xa[y0:y1, x:xe]
        sa, sb = float(ta.std()), float(xb[y0:y1, x:xe].std())
        if max(sa, sb) < 0.08 * ref:
            continue  # paper in both
        if sa < 1e-3:
            c = 0.0
        else:
            res = cv2.matchTemplate(xb[y0 - PAD:y1 + PAD, x - PAD:xe + PAD], ta,
                                    cv2.TM_CCOEFF_NORMED)
            c = float(np.nan_to_num(res.max()))
        low = c if low is None else min(low, c)
    return None if low is None else round(low, 4)


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
                geo = prepare(rgb, dewarp.find(rgb))
                if it.size and it.size[0] > 0:  # field boxes are in page units
                    f = rgb.shape[1] / float(it.size[0])
                    geo.to_work = geo.to_work @ np.diag([f, f, 1.0])
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
        p10, worst, _ = self.scores(i, j)
        return p10, worst

    def scores(self, i: np.ndarray, j: np.ndarray
               ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(aligned, aligned_worst, aligned_zones) of the pairs (i[k], j[k]): the last, for two
        cheques, the lowest tile on their zones (``zones.py``; NaN: no zones); NaN where the
        pages do not register."""
        from . import zones

        order = [(a, b) if self._sort(a) <= self._sort(b) else (b, a)
                 for a, b in zip(i.tolist(), j.tolist())]
        zb = {x: zones.boxes(self.items[x]) for x in set(i.tolist()) | set(j.tolist())}
        keys = [make_key(self._key(a, b), zb[a], zb[b]) if zb[a] or zb[b] else self._key(a, b)
                for a, b in order]
        got: Dict[str, dict] = self.cache.get_many(list(dict.fromkeys(keys)))
        p10, worst, zone = (np.full(len(order), np.nan) for _ in range(3))
        todo: List[int] = [k for k, key in enumerate(keys) if key not in got]
        new = []
        for k in sorted(todo, key=lambda k: order[k]):
            if keys[k] in got:
                continue  # the same pair twice
            a, b = order[k]
            ga, gb = self._page(a), self._page(b)
            r = zones.zoned_agreement(ga, gb, zb[a], zb[b]) \
                if ga is not None and gb is not None else None
            got[keys[k]] = {"p10": None, "worst": None} if r is None else \
                {"p10": round(r[0], 4), "worst": round(r[1], 4),
                 "zone": None if r[2] is None else round(r[2], 4)}
            if ga is not None and gb is not None:
                new.append((keys[k], "compare-aligned", got[keys[k]]))
            self.computed += 1
        self.cache.put_many(new)
        for k, key in enumerate(keys):
            v = got[key]
            if v.get("p10") is not None:
                p10[k], worst[k] = v["p10"], v["worst"]
                if v.get("zone") is not None:
                    zone[k] = v["zone"]
        return p10, worst, zone

    def _sort(self, k: int) -> tuple:
        return (self.items[k].document_id, self.items[k].page)

    def inspect(self, i: np.ndarray, j: np.ndarray, names: Sequence[str]) -> List[Optional[dict]]:
        """``field_ink`` of the pairs (i[k], j[k]) over the fields ``names`` (their boxes on
        either page), in the pairs' canonical order (page a sorts first); None where the pages
        do not register. Cached like the scores."""
        out: List[Optional[dict]] = []
        keys, order = [], []
        for a, b in zip(i.tolist(), j.tolist()):
            a, b = (a, b) if self._sort(a) <= self._sort(b) else (b, a)
            ba, bb = (_boxes(self.items[x], names) for x in (a, b))
            la = [box for _, box in getattr(self.items[a], "lines", [])]
            lb = [box for _, box in getattr(self.items[b], "lines", [])]
            order.append((a, b, ba, bb, la, lb))
            keys.append(make_key("compare-field-ink", self._key(a, b), ba, bb, la, lb))
        got: Dict[str, dict] = self.cache.get_many(list(dict.fromkeys(keys)))
        new = []
        for (a, b, ba, bb, la, lb), key in zip(order, keys):
            if key not in got:
                ga, gb = self._page(a), self._page(b)
                r = field_ink(ga, gb, ba, bb, la, lb) if ga is not None and gb is not None \
                    else None
                got[key] = {"r": r}
                if ga is not None and gb is not None:
                    new.append((key, "compare-field-ink", got[key]))
                self.computed += 1
            r = got[key]["r"]
            if r is not None and r.get("rest") is not None:
                r = dict(r, rest=tuple(r["rest"]))
            out.append(r)
        self.cache.put_many(new)
        return out


def _boxes(item, names: Sequence[str]) -> Dict[str, list]:
    return {n: item.boxes[n] for n in names if n in getattr(item, "boxes", {})}
