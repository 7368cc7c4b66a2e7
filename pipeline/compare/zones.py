"""A cheque's zones: where another cheque of the same book differs from this one.

Two cheques of one book (the same bank, template and account, another serial) carry the same
printed ink everywhere but where the cheque was filled in and numbered: the payee, the amount
in figures and in words, the date, the cheque number and the MICR serial. There, another cheque
differs clearly (handwriting against handwriting, other digits: tiles correlating under 0.3 on
the sample cheques' siblings), and the same cheque photographed agrees (its tiles there at
0.7 and more on the real cheques' development half) even where the photo's blur, shadow and
lens bend bring the 10th percentile of all its tiles under ``aligned.Thresholds.aligned``.
``zoned_agreement`` gives, with the aligned check's two scores, the lowest tile correlation of
the tiles on the zones (both pages' boxes of those fields, in page a's frame).
"""
from __future__ import annotations

from typing import Dict, Optional, Tuple

import numpy as np

ZONES = ("payee", "amount", "amount_words", "date", "cheque_number", "micr_serial",
         "micr_account", "micr_routing")
MIN_ZONE_TILES = 4


def boxes(item) -> Dict[str, list]:
    """The zones' boxes of a cheque page (page units); empty for any other page."""
    if getattr(item, "doc_type", None) != "cheque":
        return {}
    got = getattr(item, "boxes", None) or {}
    return {n: got[n] for n in ZONES if n in got}


def _one_way(a, b, zones_a: Dict[str, list], zones_b: Dict[str, list]
             ) -> Optional[Tuple[float, float, float, Optional[float]]]:
    """(cover, 10th percentile, lowest, lowest on the zones) of page b registered onto a."""
    from . import aligned as al

    m = al.best_transform(a, b)
    if m is None:
        return None
    xa, xb, cover = al._warped_ink(a, b, m)
    tiles = al._tile_list(xa, xb, cover)
    if len(tiles) < al.MIN_TILES:
        return None
    ncc = [c for _, _, c in tiles]
    h, w = xa.shape
    mask = np.zeros((h, w), bool)
    for polys, to in ((zones_a, a.to_work), (zones_b, m @ b.to_work)):
        for poly in polys.values():
            r = al._rect(al._project(to, poly), (h, w))
            if r is not None:
                mask[r[1]:r[3], r[0]:r[2]] = True
    on = [c for y, x, c in tiles if mask[y:y + al.TILE, x:x + al.TILE].any()]
    zone = float(min(on)) if len(on) >= MIN_ZONE_TILES else None
    return float(cover.mean()), float(np.percentile(ncc, 10)), float(min(ncc)), zone


def zoned_agreement(a, b, zones_a: Dict[str, list], zones_b: Dict[str, list]
                    ) -> Optional[Tuple[float, float, Optional[float]]]:
    """(10th percentile, lowest, lowest on the zones) of the tiles' correlations, both ways
    (the way ``aligned.pick`` takes); the zones' score None where fewer than
    ``MIN_ZONE_TILES`` tiles lie on them (no zones: not two cheques, or no field's box on
    either page)."""
    from .aligned import pick

    return pick([_one_way(a, b, zones_a, zones_b), _one_way(b, a, zones_b, zones_a)])

