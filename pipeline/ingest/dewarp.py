"""Photos are pages: find a document photographed on a background, and correct its perspective.

A photographed cheque or receipt lies on a table (wood, cloth, a desk) and is seen at an angle:
its edges are a quadrilateral inside the frame. OCR and the comparison read it better straightened
and cropped to the paper. ``find`` looks for that quadrilateral; a scan or a page that fills the
frame has none, and is left as it is.

1. The image is shrunk to ``WORK`` px on its long side, grey, blurred.
2. Paper is the bright, low-saturation part: Otsu's threshold on brightness minus saturation,
   closed (text and lines inside the paper) and opened (table texture), gives regions; the
   largest one is the paper candidate.
3. Its convex hull is simplified (Douglas-Peucker, growing tolerance) to 4 corners.
4. Confidence, all required: the quadrilateral covers ``MIN_AREA``..``MAX_AREA`` of the frame (a
   full-frame page is a scan: untouched); the region fills its quadrilateral (``MIN_FILL``: a
   straight-edged sheet, not a blob); the paper is clearly brighter than a band just outside
   its edges (``MIN_CONTRAST`` grey levels, on each side touching no frame edge); at most
   ``MAX_EDGE_SIDES`` side on the frame's edge (a scan's dark margin, a strip cut off by the
   frame, is not a photographed page); a short side at least ``MIN_ASPECT`` of the long one;
   every corner angle within ``MAX_SKEW`` degrees of square.
5. The homography takes the quadrilateral onto a rectangle as large as its longer opposite sides
   (no resolution lost); ``Correction.to_original`` maps points (OCR boxes) back through its
   inverse, so output coordinates stay those of the original image.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

import cv2
import numpy as np

WORK = 640            # long side (px) the quadrilateral is searched at
MIN_AREA = 0.12       # of the frame: smaller is not the page the photo is of
MAX_AREA = 0.93       # of the frame: larger is a scan or a page filling the photo
MIN_FILL = 0.93       # region area / quadrilateral area
MIN_CONTRAST = 30.0   # paper minus the band outside it (grey levels)
MAX_EDGE_SIDES = 1    # sides lying on the frame's edge (more: a scan's margin, a cut strip)
MIN_ASPECT = 0.2      # short side / long side of the quadrilateral
SHARP = 0.5           # share of the paper/background step within 8 px of the edge
INSIDE_PCT = 75.0     # the paper inside the edge: this percentile of its grey (not the ink
                      # printed near the edge of a small page: a cheque's MICR line)
MAX_SKEW = 25.0       # corner angles within this many degrees of 90
EDGE = 0.01           # a side closer to the frame's edge than this (of the size) touches it
VERSION = 3
PARAMS = {"work": WORK, "min_area": MIN_AREA, "max_area": MAX_AREA, "min_fill": MIN_FILL,
          "min_contrast": MIN_CONTRAST, "sharp": SHARP, "max_edge_sides": MAX_EDGE_SIDES,
          "min_aspect": MIN_ASPECT, "max_skew": MAX_SKEW, "inside_pct": INSIDE_PCT,
          "off_table": True, "version": VERSION}


@dataclass
class Correction:
    """A found document: its corners in the original image (TL, TR, BR, BL), the homography
    from the original onto the corrected image and that image's size."""
    corners: np.ndarray      # (4, 2) float64, original pixels
    matrix: np.ndarray       # (3, 3) original -> corrected
    size: Tuple[int, int]    # corrected (width, height)
    contrast: float
    fill: float

    def apply(self, rgb: np.ndarray) -> np.ndarray:
        return cv2.warpPerspective(rgb, self.matrix, self.size, flags=cv2.INTER_LINEAR,
                                   borderMode=cv2.BORDER_REPLICATE)

    def to_original(self, pts: Sequence[Sequence[float]]) -> List[Tuple[float, float]]:
        p = np.asarray(pts, np.float64).reshape(-1, 1, 2)
        if not len(p):
            return []
        q = cv2.perspectiveTransform(p, np.linalg.inv(self.matrix)).reshape(-1, 2)
        return [(round(float(x), 1), round(float(y), 1)) for x, y in q]

    def to_corrected(self, pts: Sequence[Sequence[float]]) -> np.ndarray:
        p = np.asarray(pts, np.float64).reshape(-1, 1, 2)
        if not len(p):
            return np.zeros((0, 2))
        return cv2.perspectiveTransform(p, self.matrix).reshape(-1, 2)

    def meta(self) -> dict:
        """What the page's metadata records: the corners (original pixels) and the output size."""
        return {"corners": [[round(float(x), 1), round(float(y), 1)] for x, y in self.corners],
                "size": list(self.size), "contrast": round(self.contrast, 1),
                "fill": round(self.fill, 3), "version": VERSION}


def _order(q: np.ndarray) -> np.ndarray:
    """Corners TL, TR, BR, BL (by angle around the centre, starting top-left)."""
    c = q.mean(axis=0)
    ang = np.arctan2(q[:, 1] - c[1], q[:, 0] - c[0])
    q = q[np.argsort(ang)]           # clockwise in image coordinates, from about -180 deg
    start = int(np.argmin(q.sum(axis=1)))
    return np.roll(q, -start, axis=0)


def _quad(mask: np.ndarray) -> Optional[np.ndarray]:
    n, lab, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=4)
    if n < 2:
        return None
    k = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    region = (lab == k).astype(np.uint8)
    cs, _ = cv2.findContours(region, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not cs:
        return None
    hull = cv2.convexHull(max(cs, key=cv2.contourArea))
    peri = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.03, 0.05, 0.08):
        ap = cv2.approxPolyDP(hull, eps * peri, True)
        if len(ap) == 4:
            return ap.reshape(4, 2).astype(np.float64)
        if len(ap) < 4:
            return None
    return None


def _angles_ok(q: np.ndarray) -> bool:
    for k in range(4):
        a, b, c = q[k - 1], q[k], q[(k + 1) % 4]
        u, v = a - b, c - b
        cos = float(u @ v / max(1e-9, np.linalg.norm(u) * np.linalg.norm(v)))
        if abs(np.degrees(np.arccos(np.clip(cos, -1, 1))) - 90) > MAX_SKEW:
            return False
    return True


def _edge_sides(q: np.ndarray, h: int, w: int) -> int:
    """Sides whose both corners lie on the same edge of the frame."""
    tol = EDGE * max(h, w) + 2
    near = [(p[0] < tol, p[1] < tol, p[0] > w - 1 - tol, p[1] > h - 1 - tol) for p in q]
    return sum(any(a and b for a, b in zip(near[k], near[(k + 1) % 4])) for k in range(4))


def _strip(grey: np.ndarray, a: np.ndarray, b: np.ndarray, out: np.ndarray, width: float,
           pct: float = 50.0) -> Optional[float]:
    """A percentile (the median) of the grey of a strip ``width`` px wide from the segment a-b
    outwards."""
    poly = np.array([a, b, b + out * width, a + out * width])
    m = np.zeros_like(grey, np.uint8)
    cv2.fillConvexPoly(m, np.round(poly).astype(np.int32), 1)
    return float(np.percentile(grey[m > 0], pct)) if m.sum() >= 10 else None


def _contrast(grey: np.ndarray, q: np.ndarray, rgb: Optional[np.ndarray] = None) -> float:
    """Median paper brightness minus the band just outside each side that is not on the frame's
    edge (the weakest side counts); -inf when every side touches the frame, or when a side's
    outside band is nearer the paper's colour than the background's (the frame's border): the
    quadrilateral stopped at a shadow across the paper, not at its edge."""
    h, w = grey.shape
    inside = np.zeros_like(grey, np.uint8)
    cv2.fillConvexPoly(inside, np.round(q).astype(np.int32), 1)
    paper = float(np.median(grey[inside > 0]))
    colour = rgb.reshape(h, w, -1).astype(np.float32) if rgb is not None else \
        grey[..., None].astype(np.float32)
    border = np.zeros_like(grey, np.uint8)
    e = max(2, int(0.02 * max(h, w)))
    border[:e], border[-e:], border[:, :e], border[:, -e:] = 1, 1, 1, 1
    border &= (inside == 0).astype(np.uint8)
    table = np.median(colour[border > 0], axis=0) if border.any() else None
    paper_c = np.median(colour[inside > 0], axis=0)
    c = q.mean(axis=0)
    band = max(4, int(0.03 * max(h, w)))
    worst = np.inf
    for k in range(4):
        a, b = q[k], q[(k + 1) % 4]
        mid = (a + b) / 2
        if min(mid[0], mid[1], w - 1 - mid[0], h - 1 - mid[1]) < EDGE * max(h, w) + 2:
            continue  # a side on the frame's edge has nothing outside it
        out = (mid - c) / max(1e-9, np.linalg.norm(mid - c))
        poly = np.array([a + out * 3, b + out * 3, b + out * (3 + band), a + out * (3 + band)])
        m = np.zeros_like(grey, np.uint8)
        cv2.fillConvexPoly(m, np.round(poly).astype(np.int32), 1)
        m &= (inside == 0).astype(np.uint8)
        if m.sum() < 20:
            continue
        # a paper edge is sharp: most of the step happens within a few pixels of the side (a
        # shadow's edge across the paper is soft)
        step_in = _strip(grey, a - out * 5, b - out * 5, out, 3, INSIDE_PCT)
        step_out = _strip(grey, a + out * 2, b + out * 2, out, 3)
        wide = paper - float(np.median(grey[m > 0]))
        if step_in is not None and step_out is not None and wide > 0 \
                and (step_in - step_out) < SHARP * wide:
            return -np.inf
        if table is not None:
            near = np.median(colour[m > 0], axis=0)
            if np.linalg.norm(near - table) > np.linalg.norm(near - paper_c):
                return -np.inf
        worst = min(worst, paper - float(np.median(grey[m > 0])))
    return -np.inf if worst == np.inf else worst


def find(rgb: np.ndarray) -> Optional[Correction]:
    """The document's correction, or None (no confident quadrilateral: leave the page alone)."""
    if rgb is None or rgb.ndim < 2 or min(rgb.shape[:2]) < 32:
        return None
    h, w = rgb.shape[:2]
    s = WORK / max(h, w)
    small = cv2.resize(rgb, (max(1, round(w * s)), max(1, round(h * s))),
                       interpolation=cv2.INTER_AREA)
    if small.ndim == 2:
        grey, sat = small, np.zeros_like(small)
    else:
        hsv = cv2.cvtColor(small[:, :, :3], cv2.COLOR_RGB2HSV)
        grey, sat = cv2.cvtColor(small[:, :, :3], cv2.COLOR_RGB2GRAY), hsv[:, :, 1]
    score = cv2.GaussianBlur(np.clip(grey.astype(np.int16) - sat.astype(np.int16) // 2, 0, 255)
                             .astype(np.uint8), (5, 5), 0)
    for cand in (score, _off_table(small)):  # bright paper; else whatever is not the table
        if cand is None:
            continue
        c = _candidate(cand, small, grey, s)
        if c is not None:
            return c
    return None


def _off_table(small: np.ndarray) -> Optional[np.ndarray]:
    """How far each pixel's colour is from the table's (the median of the frame's border): a
    coloured cheque (yellow, green, blue paper) is no brighter-and-greyer region, but it is not
    the table. None for a grey image."""
    if small.ndim == 2:
        return None
    h, w = small.shape[:2]
    blur = cv2.GaussianBlur(small[:, :, :3], (5, 5), 0).astype(np.float32)
    e = max(2, int(0.02 * max(h, w)))
    border = np.concatenate([blur[:e].reshape(-1, 3), blur[-e:].reshape(-1, 3),
                             blur[:, :e].reshape(-1, 3), blur[:, -e:].reshape(-1, 3)])
    dist = np.linalg.norm(blur - np.median(border, axis=0), axis=2)
    return np.clip(dist * (255.0 / max(1.0, float(dist.max()))), 0, 255).astype(np.uint8)


def _candidate(score: np.ndarray, small: np.ndarray, grey: np.ndarray, s: float
               ) -> Optional[Correction]:
    """The correction from one paper score image (Otsu's threshold of it is the paper), or
    None where the quadrilateral fails a check."""
    _, mask = cv2.threshold(score, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    k = max(3, WORK // 60) | 1
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    q = _quad(mask)
    if q is None:
        return None
    q = _order(q)
    sh, sw = mask.shape
    area = cv2.contourArea(q.astype(np.float32)) / float(sh * sw)
    if not MIN_AREA <= area <= MAX_AREA or not _angles_ok(q) \
            or _edge_sides(q, sh, sw) > MAX_EDGE_SIDES:
        return None
    sides = [np.linalg.norm(q[(k + 1) % 4] - q[k]) for k in range(4)]
    if min(sides[0] + sides[2], sides[1] + sides[3]) < MIN_ASPECT * max(sides[0] + sides[2],
                                                                      sides[1] + sides[3]):
        return None
    region = np.zeros_like(mask)
    cv2.fillConvexPoly(region, np.round(q).astype(np.int32), 1)
    fill = float((mask & region).sum()) / max(1.0, float(region.sum()))
    if fill < MIN_FILL:
        return None
    contrast = _contrast(cv2.GaussianBlur(grey, (5, 5), 0), q,
                         None if small.ndim == 2 else cv2.GaussianBlur(small[:, :, :3], (5, 5), 0))
    if contrast < MIN_CONTRAST:
        return None
    corners = q / s
    wt = max(np.linalg.norm(corners[1] - corners[0]), np.linalg.norm(corners[2] - corners[3]))
    ht = max(np.linalg.norm(corners[3] - corners[0]), np.linalg.norm(corners[2] - corners[1]))
    size = (max(1, int(round(wt))), max(1, int(round(ht))))
    dst = np.float64([[0, 0], [size[0] - 1, 0], [size[0] - 1, size[1] - 1], [0, size[1] - 1]])
    m = cv2.getPerspectiveTransform(corners.astype(np.float32), dst.astype(np.float32))
    return Correction(corners, m, size, float(contrast), fill)


def straighten(rgb: np.ndarray) -> Tuple[np.ndarray, Optional[Correction]]:
    """(the corrected image, its correction), or (the image itself, None)."""
    c = find(rgb)
    return (rgb, None) if c is None else (c.apply(rgb), c)


def ocr_photo(ocr, rgb: np.ndarray) -> list:
    """``ocr(image)``'s lines for a page image, read on the corrected document when a photo of
    one is found, their boxes (and their words') mapped back into the original image. The
    correction is recorded on the returned list (``.dewarp``: ``Correction.meta()``, or None)."""
    fixed, c = straighten(rgb)
    lines = ocr(fixed)
    if c is not None:
        for ln in lines:
            ln.box = c.to_original(ln.box)
            for wd in getattr(ln, "words", None) or []:
                wd.box = c.to_original(wd.box)
    out = _Lines(lines)
    out.dewarp = None if c is None else c.meta()
    return out


class _Lines(list):
    dewarp: Optional[dict] = None
