"""The amounts of corresponding lines: two captures registered onto each other, the text lines
of one matched to the other's by position, and the amounts each pair of lines reads compared.

An edited total whose new digits are drawn in the page's own font correlates well with the old
ones (a 5 and a 6 are much the same ink), and the receipt rules may not read the total on either
page: the ink alone does not see it, the extracted fields do not either. What does is the OCR of
that one line: it reads another amount while every other line with an amount reads the same on
both pages. A rescan is read with other errors, so a line's amount counts only when it is a
whole amount (digits, a point, two decimals) on both pages, and a difference is an alteration
only where the rest agrees: at least ``MIN_AGREE`` matched lines with the same amount and at
most ``MAX_DIFFER`` lines differing. Where the pages register, the line's ink decides whether
two readings are a misread (it correlates at least ``INK_SAME``: the same ink read two ways) or
an edit; where they do not, readings one character apart are taken for a misread. Where the ink
agrees that well but the readings differ, each page's line is read again constrained to an
amount's characters (``digits.py``): a digit drawn again in the page's own font (an 8 for a 6)
holds on both pages, a misread does not.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import List, Optional, Sequence, Tuple

import numpy as np

AMOUNT = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*\.\d{2}(?![\d.,])"
                    r"|(?<![\d.,])\d+\.\d{2}(?![\d.,])")
MIN_AGREE = 3        # matched lines reading the same amount on both pages
MAX_DIFFER = 2       # at most this many matched lines reading another amount
ROW = 0.6            # centres within this share of the line height: the same row
OVERLAP = 0.5        # and the boxes overlap this share of the narrower one's width
MATCHED = 0.67       # without the ink: lines matched, of the page with fewer ...
ALIKE = 0.70         # ... and matched lines reading alike (``_registered``)
# two readings over ink correlating at least this well: a misread. Measured on the channels
# sets' receipts: misread amounts of registered captures 0.97-1.00; totals edited in the
# page's font (31.10 for 28.60, 140.90 for 100.90) 0.77-0.91
INK_SAME = 0.95
# ... or, on a pair whose text lines agree less (``typical`` under ``INK_SAME``), at least
# ``INK_APART`` under their typical line, down to ``INK_FLOOR``: a poor capture (JPEG at
# quality 30, half the scale, noise) lowers every line's ink, and its misread digits then
# correlate 0.91-0.95 where the page's lines do 0.91-0.94 at their 10th percentile (the
# benchmark's receipt rescans, and rescans of tests/data/receipt_shop.jpg at half scale); an
# edit is a line that stands out from them
INK_FLOOR = 0.90
INK_APART = 0.03
TYPICAL_MIN = 8      # lines with ink (at least ``DIFFERS``) needed for the pair's typical line
DIFFERS = 0.75       # ``aligned.LOCAL_DIFF``: a line under this differs itself


def amounts(text: str) -> List[str]:
    return [a.replace(",", "") for a in AMOUNT.findall(text or "")]


def _whole(a: str) -> bool:
    """An amount as printed: no leading zero before another digit ("0141.55", "089.21": a
    currency sign or letter before it read as a 0)."""
    return not re.match(r"0\d", a)


def _same(a: str, b: str) -> bool:
    try:
        return Decimal(a) == Decimal(b)
    except InvalidOperation:
        return a == b


def typical(scored: Optional[Sequence[Sequence[float]]]) -> Optional[float]:
    """How well the ink of a registered pair's text lines agrees: the 10th percentile of the
    scores (``aligned.field_ink``'s ``lines``) of the lines that do not differ themselves (at
    least ``DIFFERS``); None with fewer than ``TYPICAL_MIN`` of them."""
    got = [float(r[4]) for r in scored or [] if r[4] is not None and r[4] >= DIFFERS]
    return float(np.percentile(got, 10)) if len(got) >= TYPICAL_MIN else None


def _boxes(lines: Sequence[Tuple[str, list]], m) -> List[tuple]:
    """(text, x0, x1, y centre, height, index) of each line in a frame (``m``: page units ->
    it)."""
    out = []
    mm = np.asarray(m, float)
    for k, (text, box) in enumerate(lines):
        p = np.asarray(box, float).reshape(-1, 2)
        q = np.c_[p, np.ones(len(p))] @ mm.T
        q = q[:, :2] / q[:, 2:3]
        out.append((text, float(q[:, 0].min()), float(q[:, 0].max()), float(q[:, 1].mean()),
                    float(q[:, 1].max() - q[:, 1].min()), k))
    return out


def matched(lines_a, lines_b, to_a, to_b) -> List[Tuple[tuple, tuple]]:
    """Pairs of lines (each ``(text, x0, x1, y, height)`` in a's frame), one from each page,
    that are each other's nearest in the same row and overlap across."""
    ba, bb = _boxes(lines_a, to_a), _boxes(lines_b, to_b)

    def best(u, others):
        cands = []
        for k, v in enumerate(others):
            h = max(1.0, min(u[4], v[4]))
            dy = abs(u[3] - v[3])
            ov = min(u[2], v[2]) - max(u[1], v[1])
            if dy <= ROW * h and ov >= OVERLAP * max(1.0, min(u[2] - u[1], v[2] - v[1])):
                cands.append((dy + 0.1 * abs((u[1] + u[2]) - (v[1] + v[2])) / 2, k))
        return min(cands)[1] if cands else None

    ab = [best(u, bb) for u in ba]
    out = []
    for k, kb in enumerate(ab):
        if kb is not None and best(bb[kb], ba) == k:
            out.append((ba[k], bb[kb]))
    return out


def _registered(pairs, n_lines: int) -> bool:
    """Without the ink to say so, whether the transform put the right lines together: most
    lines of the page with fewer found a counterpart (``MATCHED``), and most matched lines of 4
    characters or more read alike (``ALIKE``). A photo registered wrongly pairs lines at random
    places: measured on the channels sets' receipts, 39-65% matched and 64-70% alike, where
    registered captures match 70-100% and 75-100% alike."""
    import difflib

    if not pairs or len(pairs) < MATCHED * n_lines:
        return False
    long = [(u[0].lower(), v[0].lower()) for u, v in pairs if len(u[0]) >= 4 and len(v[0]) >= 4]
    same = sum(difflib.SequenceMatcher(None, p, q).ratio() >= 0.8 for p, q in long)
    return same >= ALIKE * max(1, len(long))


def one_off(a: str, b: str) -> bool:
    """Two readings one character apart (a misread digit, a digit lost or added)."""
    import difflib

    if a == b:
        return False
    ops = [op for op in difflib.SequenceMatcher(None, a, b).get_opcodes() if op[0] != "equal"]
    if len(ops) != 1:
        return False
    tag, i1, i2, j1, j2 = ops[0]
    return max(i2 - i1, j2 - j1) <= 1


def ink_of(scored: Sequence[Sequence[float]], rect) -> Optional[float]:
    """The lowest ink score (``aligned.field_ink``'s ``lines``: x0, y0, x1, y1, score in a's
    frame) of the lines that lie on ``rect`` (most of their box inside it, or it in theirs)."""
    x0, y0, x1, y1 = rect
    got = []
    for u0, v0, u1, v1, c in scored or []:
        inter = max(0.0, min(x1, u1) - max(x0, u0)) * max(0.0, min(y1, v1) - max(y0, v0))
        small = min((x1 - x0) * (y1 - y0), (u1 - u0) * (v1 - v0))
        if small > 0 and inter >= 0.6 * small:
            got.append(c)
    return min(got) if got else None


def differing(pa, pb, to_a, to_b, ink_at=None, ink_same: float = INK_SAME, reread=None,
              usual: Optional[float] = None) -> Optional[List[dict]]:
    """The matched lines whose amounts differ where the rest of the matched lines read the same
    amounts: [{value_a, value_b, rect (x0, y0, x1, y1 in a's frame), text_a, text_b, ink}];
    empty when none differs, None when too few lines agree to say (or too many differ).
    ``pa``/``pb``: pages with ``lines`` ((text, box) in page units); ``to_a``/``to_b``: each
    page's units -> a's frame; ``ink_at(rect)``: the two pages' ink correlation there (None
    where unknown). Two readings differ where the ink there does not clearly agree (under
    ``ink_same``: above it, one page was misread); without the ink, where they are more than one
    character apart. ``reread(line_a, line_b, amount_a, amount_b)``: where the ink agrees, the
    two lines (their indices in ``pa.lines``, ``pb.lines``) read again constrained to an
    amount's characters (``digits.Rereader.edited``): a dict when each page holds its own
    amount (a digit drawn again in the page's font), None for a misread. ``usual``: the pair's
    ``typical`` line ink: under ``ink_same``, a line whose ink agrees within ``INK_APART`` of
    it (and at least ``INK_FLOOR``) is read two ways on a poor capture, not read again. A
    reading with a leading zero (``_whole``) is compared with nothing."""
    agree, out = 0, []
    poor = usual is not None and usual < ink_same
    same = max(INK_FLOOR, usual - INK_APART) if poor else ink_same
    pairs = matched(pa.lines, pb.lines, to_a, to_b)
    if ink_at is None and not _registered(pairs, min(len(pa.lines), len(pb.lines))):
        return None
    for u, v in pairs:
        xa, xb = amounts(u[0]), amounts(v[0])
        if not xa or not xb:
            continue
        if not (_whole(xa[-1]) and _whole(xb[-1])):
            continue
        if _same(xa[-1], xb[-1]):
            agree += 1
            continue
        h = max(u[4], v[4])
        rect = (min(u[1], v[1]), min(u[3], v[3]) - h / 2, max(u[2], v[2]), max(u[3], v[3]) + h / 2)
        c = ink_at(rect) if ink_at is not None else None
        again = None
        if c is not None and c >= same:
            if poor:
                continue  # the line agrees as the page's lines do: a poor capture misread
            again = reread(u[5], v[5], xa[-1], xb[-1]) if reread is not None else None
            if again is None:
                continue  # the same ink read two ways
        if c is None and one_off(xa[-1], xb[-1]):
            continue  # one digit read another way: a misread as likely as an edit
        out.append({"value_a": xa[-1], "value_b": xb[-1], "rect": rect, "text_a": u[0],
                    "text_b": v[0], "ink": c, "reread": again})
    if agree < MIN_AGREE or len(out) > MAX_DIFFER or agree < 2 * len(out):
        return None
    return out
