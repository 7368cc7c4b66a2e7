"""Whether a cheque is signed: ink in the signature's place, the printed rules and text taken out."""
from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

import numpy as np

from .cheque_page import (
    _L,
    _SIGNATURE_LABEL,
    _TYPES,
    EXTRACTOR,
    _Frame,
    _Page,
)
from .types import (
    STATUS_OK,
    STATUS_UNCHECKED,
    Field,
)

# ----------------------------------------------------------------------------- signature


def _ink_masks(region: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """(ink, faint): pixels clearly darker than the paper, and pixels somewhat darker
    (to find printed rules whole where scanning or scaling left them faint)."""
    g = region.astype(np.float32)
    if g.ndim == 3:
        g = g[..., :3].mean(axis=2)
    bg = float(np.median(g))
    return g < min(bg * 0.6, bg - 60.0), g < bg - 25.0


def _remove_rules(mask: np.ndarray, detect: Optional[np.ndarray] = None, slack: int = 3,
                  min_frac: float = 0.2) -> np.ndarray:
    """Clear long, nearly horizontal runs: printed signature lines and box borders.

    Runs are looked for in ``detect`` (default: the mask itself) OR-ed over
    ``2 * slack + 1`` rows, since a scanned rule is a little tilted; the mask is
    cleared over those rows.
    """
    h, w = mask.shape
    out = mask.copy()
    if h == 0 or w == 0:
        return out
    pad = np.zeros((h + 2 * slack, w), dtype=bool)
    pad[slack:slack + h] = mask if detect is None else detect
    dil = np.zeros_like(mask)
    for k in range(2 * slack + 1):
        dil |= pad[k:k + h]
    min_run = max(20, int(min_frac * w))
    for y in np.flatnonzero(dil.sum(axis=1) >= min_run):
        d = np.diff(np.concatenate(([0], dil[y].astype(np.int8), [0])))
        for s0, e0 in zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1)):
            if e0 - s0 >= min_run:
                out[max(0, y - slack - 1):y + slack + 2, s0:e0] = False
    return out


def signature_ink(image, box: Tuple[float, float, float, float],
                  exclude: Sequence[Tuple[float, float, float, float]] = ()
                  ) -> Tuple[float, float]:
    """(ink density, ink height as a fraction of the box) inside ``box`` = (x0, y0, x1, y1),
    in the image's pixel coordinates.

    Printed rules (long horizontal runs, and box sides: long vertical runs) and the
    ``exclude`` boxes (printed text) are not counted.
    """
    arr = np.asarray(image)
    H, W = arr.shape[:2]
    x0, y0, x1, y1 = [int(round(v)) for v in box]
    x0, y0 = max(0, x0), max(0, y0)
    x1, y1 = min(W, x1), min(H, y1)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return 0.0, 0.0
    mask, faint = _ink_masks(arr[y0:y1, x0:x1])
    mask = _remove_rules(mask, faint)
    mask = _remove_rules(mask.T, faint.T, min_frac=0.6).T
    for ex in exclude:
        ex0, ey0, ex1, ey1 = [int(round(v)) for v in ex]
        mask[max(0, ey0 - y0):max(0, ey1 - y0), max(0, ex0 - x0):max(0, ex1 - x0)] = False
    density = float(mask.mean())
    rows = np.flatnonzero(mask.sum(axis=1) >= 2)
    extent = float(rows[-1] - rows[0] + 1) / mask.shape[0] if rows.size else 0.0
    return density, extent


# thresholds measured on rendered and scanned sample cheques (see bench/cheque_fields_dev.py)
SIGNATURE_MIN_DENSITY = 0.004
SIGNATURE_MIN_EXTENT = 0.2
# how many times the least density a signature's ink must reach for "true" to be `ok`. The area is
# placed by the layout, not found: on the real development cheques and their captures a signed
# leaf whose signature lies elsewhere (above a "PLEASE SIGN ABOVE" at the right edge, in a boxed
# "SIGNATURE" in the middle) read "false", and an unsigned bank cheque's printed pattern read
# "true" at 1.3 and 1.7 times the least density: "false" is never `ok`, and "true" only where the
# ink is plain (every signed real leaf but one reads 2.7 times and more)
SIGNATURE_OK_RATIO = 2.0


def _signature_region(all_lines: List[_L], micr: List[_L], F: _Frame
                      ) -> Tuple[float, float, float, float]:
    """Bottom-right area where a signature goes: above the MICR band and above a
    printed "SIGNATURE" label when there is one."""
    bottom = min((l.y0 for l in micr), default=F.y(0.86))
    labels = [l for l in all_lines if _SIGNATURE_LABEL.search(l.text) and F.fx(l.cx) > 0.45]
    if labels:
        lab = max(labels, key=lambda l: l.cy)
        bottom = min(bottom, lab.y0)
    top = max(F.y(0.35), bottom - 0.3 * F.h)
    return (F.x(0.52), top, F.x(0.99), bottom)


def _signature_field(p: _Page, micr: List[_L], image) -> Field:
    """Ink in the signature area of the page image."""
    if image is None:
        return Field(name="signature_present", raw=None, value=None,
                     type=_TYPES["signature_present"], conf=0.0, status=STATUS_UNCHECKED,
                     message="no page image to measure ink", extractor=EXTRACTOR)
    x0, y0, x1, y1 = _signature_region(p.ls, micr, p.F)
    # page units -> image pixels (PDF pages: points vs the rendered image)
    ih, iw = np.asarray(image).shape[:2]
    sx, sy = iw / max(p.width, 1e-6), ih / max(p.height, 1e-6)
    exclude = [(l.x0 * sx, l.y0 * sy, l.x1 * sx, l.y1 * sy) for l in p.ls if id(l) in p.used]
    density, extent = signature_ink(image, (x0 * sx, y0 * sy, x1 * sx, y1 * sy), exclude)
    present = density >= SIGNATURE_MIN_DENSITY and extent >= SIGNATURE_MIN_EXTENT
    # confidence: how far the density is from the threshold (x3 either way -> 1.0)
    ratio = density / SIGNATURE_MIN_DENSITY if present else (
        SIGNATURE_MIN_DENSITY / max(density, 1e-6))
    conf = max(0.5, min(1.0, 0.5 + 0.25 * (ratio - 1.0)))
    plain = present and density >= SIGNATURE_OK_RATIO * SIGNATURE_MIN_DENSITY
    message = f"ink density {density:.4f}, ink height {extent:.2f} of the area"
    if not present:
        message += ("; no signature's ink where the layout puts it (it may be signed elsewhere on "
                    "the leaf): not taken as sure")
    elif not plain:
        message += "; little ink: a pattern or a stamp may read so"
    return Field(
        name="signature_present", raw=None, value="true" if present else "false",
        type=_TYPES["signature_present"], conf=round(conf, 3),
        box=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)], line_nos=[],
        status=STATUS_OK if plain else STATUS_UNCHECKED, message=message, extractor=EXTRACTOR)
