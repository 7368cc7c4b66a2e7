"""Two readings of one amount over ink that agrees: a misread, or a digit drawn again in the
page's own font?

A one-digit edit in the page's font (an 8 for a 6) leaves ink that correlates 0.95 or more with
the old digit, as much as the same ink read two ways does (``lines.INK_SAME``), so the ink cannot
tell the two apart. The recogniser can: each page's line is read again from its own crop,
constrained to the characters of an amount (``extract/constrained.py``'s ``LineReader``, the
n best readings by CTC beam search, with how far each falls below the best). A misread page
still gives the other page's amount among its near readings; an edited one does not. The two
amounts are an edit when each page's best constrained reading is its own amount and neither
page has the other's amount within ``GAP`` (natural log) of its best.
"""
from __future__ import annotations

import re
from collections import OrderedDict
from typing import Callable, Dict, List, Optional, Sequence, Tuple

# the other page's amount at least this far below each page's best reading: not a misread.
# Measured on the channels sets' receipts (development half): the same ink read 15.00 on one
# capture and 16.00 on another had the other amount 3.3-3.6 below the best on both, and
# 0.6 on a photo; totals with one digit drawn again in the receipt's font (62.55 for 82.55,
# 82.58 for 82.56) had it nowhere within 6 on either page
GAP = 5.0
N_BEST = 8           # constrained readings looked at per line
KEEP = 4             # page images kept decoded
# a line that is an amount alone (a currency sign or a letter or two around it at most): a
# line with a label would be read as digits where its letters are
ALONE = re.compile(r"^[^\d]{0,3}\d[\d,]*\.\d{2}[^\d]{0,2}$")


def _amount(text: str) -> Optional[str]:
    from .lines import amounts

    got = amounts(text)
    return got[-1] if got else None


class Rereader:
    """Constrained readings of the lines of the pages of a compare run (``PageItem`` indices),
    each page image decoded when first needed (``image_of(k)``: the RGB image, and its pixels
    per page unit), a few kept."""

    def __init__(self, items: Sequence, image_of: Callable[[int], Optional[tuple]]):
        self.items, self.image_of = items, image_of
        self._readers: "OrderedDict[int, object]" = OrderedDict()
        self._got: Dict[Tuple[int, int], Dict[str, float]] = {}
        self.reads = 0

    def _reader(self, k: int):
        if k in self._readers:
            self._readers.move_to_end(k)
            return self._readers[k]
        from ..extract.constrained import LineReader

        got = self.image_of(k)
        rd = None if got is None else LineReader(got[0], scale=(got[1], got[1]))
        self._readers[k] = rd
        if len(self._readers) > KEEP:
            self._readers.popitem(last=False)
        return rd

    def readings(self, k: int, line: int) -> Dict[str, float]:
        """amount -> how far below the best constrained reading of line ``line`` of page
        ``k`` (0 for the best); empty where the line is not an amount alone or its crop does
        not read as OCR read it."""
        key = (k, line)
        if key not in self._got:
            from ..extract.constrained import AMOUNT_CHARS

            text, box = self.items[k].lines[line]
            out: Dict[str, float] = {}
            rd = self._reader(k) if ALONE.match(text.strip()) else None
            if rd is not None:
                self.reads += 1
                for r in rd.readings(box, text, allowed=AMOUNT_CHARS, n=N_BEST, within=GAP + 1):
                    a = _amount(r.text)
                    if a is not None and a not in out:
                        out[a] = float(r.gap)
            self._got[key] = out
        return self._got[key]

    def edited(self, ka: int, la: int, kb: int, lb: int, va: str, vb: str) -> Optional[dict]:
        """Whether line ``la`` of page ``ka`` (read ``va``) and line ``lb`` of page ``kb`` (read
        ``vb``) carry two amounts: {gap_a, gap_b} (how far below its best each page has the
        other's amount; None: not among its readings) when each page's best is its own amount
        and neither has the other's within ``GAP``; else None."""
        ra, rb = self.readings(ka, la), self.readings(kb, lb)
        if not ra or not rb or ra.get(va) != 0.0 or rb.get(vb) != 0.0:
            return None
        ga, gb = ra.get(vb), rb.get(va)
        if (ga is not None and ga < GAP) or (gb is not None and gb < GAP):
            return None
        return {"gap_a": None if ga is None else round(ga, 2),
                "gap_b": None if gb is None else round(gb, 2)}


def page_image(item, ingest=None) -> Optional[tuple]:
    """(RGB image, pixels per page unit) of a page, or None where it cannot be read now."""
    from .pages import page_images
    from ..errors import DocumentError

    try:
        for _, rgb in page_images(item.path, item.document_id, {item.page}, ingest):
            f = rgb.shape[1] / float(item.size[0]) if item.size and item.size[0] > 0 else 1.0
            return rgb, f
    except DocumentError:
        return None
    return None

