"""Scores of candidate pairs, each signal on its own, then one combined score and a verdict.

Measured on the near-duplicate benchmark (``bench/compare_bench.py``):
the visual signals (pHash, image embedding) and the semantic text embedding rate a rescan and a
different document of the same template alike, so they say *same template*, not *same document*.
What tells a rescan from another document of the same template is what that document alone says:
the numbers on it (amounts, dates, invoice and cheque numbers) and the exact text. So:

- ``duplicate``: a cheque pair with the same MICR routing, account, serial and amount (presentment),
  or a text pair whose combined text score (the mean of the numbers' and the shingles' Jaccard) is
  at least ``dup``; or pages that look alike and, registered onto each other, agree tile by tile
  (``aligned`` at least ``aligned``, its worst tile at least ``aligned_worst``, dates not
  differing: ``aligned.py``; a rescan whose OCR read other errors); a pair without text: pHash
  and image embedding both near identical.
- ``near_duplicate``: the same cheque serial with another amount; a text score of at least
  ``dup`` on two pages whose dates were both read and differ (an edited copy, or the same
  purchase on another day: measured on the benchmark's receipts the date never differed between
  rescans, and it told apart the one pair of same-shop receipts whose text passed ``dup``); or a
  text score in [``near``, ``dup``) on pages that look alike: the same page read badly.
- ``same_template``: another cheque of the same account, or pages that share boilerplate text
  (shingle Jaccard at least ``template_overlap``) and look alike, or text-less pages that look alike.
- ``different``: the rest.
- ``altered`` (set afterwards, ``altered.py``): a pair called the same document (or one MICR
  identity) whose field values or the ink where a field sits differ while the rest agrees.
  A ``near_duplicate`` with another date whose registered pages differ in many text rows is
  set to ``same_template`` there (two receipts of one shop).

Two cheques of one account with different serials are never duplicates, whatever their text says
(nor two cheques whose numbers, read and checked against the MICR serial, say two leaves).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import List, Optional, Sequence, Tuple

import numpy as np

SAME_IDENTITY = 0.9   # ``cheque.SAME_IDENTITY``
VERDICTS = ("duplicate", "altered", "near_duplicate", "same_template", "different")


@dataclass(frozen=True)
class Thresholds:
    # text score thresholds, from the benchmark's 40-receipt development set: its highest
    # different-document pair scored 0.66, 97% of its rescan pairs 0.68 or more
    dup: float = 0.68              # combined text score for a duplicate
    near: float = 0.60             # ... for a near duplicate (pages that look alike)
    look_alike: float = 0.70       # image embedding cosine: pages that look alike
    template_overlap: float = 0.25  # shingle Jaccard of shared boilerplate
    visual_dup_phash: float = 0.94  # pages without text: pHash similarity ...
    visual_dup_image: float = 0.97  # ... and image cosine for a duplicate
    visual_template_image: float = 0.90
    min_numbers: int = 3           # numbers each page needs for the numbers' Jaccard to count
    # aligned tile agreement, from the benchmark's two development sets (the 40 receipts above
    # and the sample cheques, two sets of rescans): same-template pairs reached at most 0.84 and
    # 0.86 at the 10th percentile of their tiles (that one with a worst tile of -0.11) and at
    # most 0.61 at the worst tile (with a 10th percentile under 0.85); 95% of rescan pairs
    # reached 0.95 and 0.87
    aligned: float = 0.85          # 10th percentile of the tiles' correlation
    aligned_worst: float = 0.60    # ... and the worst tile's
    # the aligned check is also asked of pairs that look alike less (image cosine at least
    # ``align_image``: a photo of a small cheque on a table, a photo of a photo, measured
    # 0.57-0.67 against their scans on the real cheques' development half) or that share text
    # (shingle Jaccard at least ``template_overlap``); image neighbours down to ``align_image``
    # are candidates
    align_image: float = 0.55
    # two cheques whose zones (``zones.py``: payee, amounts, date, number, MICR) all agree
    # (their lowest tile at least ``aligned_zones``) are one cheque where the page agrees at
    # least ``aligned_zoned`` (10th percentile) and its worst tile at least
    # ``aligned_zoned_worst``: a photo's blur and shadow lower the printed parts, not what
    # tells one cheque of the book from another. Measured on the development half: another
    # cheque of the same book reached at most 0.50 on its zones, the same cheque photographed
    # 0.62 at least
    aligned_zones: float = 0.60
    aligned_zoned: float = 0.75
    aligned_zoned_worst: float = 0.30

    def key(self) -> dict:
        return asdict(self)


@dataclass
class PairScores:
    phash: np.ndarray
    image: np.ndarray
    text_overlap: np.ndarray       # NaN: a page without text
    text_semantic: np.ndarray      # NaN: a page without text
    numbers: np.ndarray            # NaN: too few numbers on a page
    micr: np.ndarray               # NaN: not two cheques with complete MICR keys
    dates_differ: Optional[np.ndarray] = None  # both pages have a date field, and they differ
    aligned: Optional[np.ndarray] = None        # NaN: not measured, or the pages do not register
    aligned_worst: Optional[np.ndarray] = None
    aligned_zones: Optional[np.ndarray] = None  # two cheques: the lowest tile on their zones
    other_cheque: Optional[np.ndarray] = None   # two cheques whose numbers say two leaves
    differing: Optional[list] = None            # altered pairs: their differing fields


def needs_alignment(s: PairScores, t: Thresholds) -> np.ndarray:
    """The pairs the aligned check can change: pages that look alike (image embedding at least
    ``align_image``) or share text (shingles at least ``template_overlap``), not decided by
    MICR (MICR keys naming other accounts are asked), not already duplicates by their text,
    without differing dates."""
    text_dup = ~np.isnan(s.text_overlap) & (text_score(s) >= t.dup)
    differ = np.zeros(len(s.phash), bool) if s.dates_differ is None else s.dates_differ
    near = ((np.nan_to_num(s.image, nan=0.0) >= t.align_image)
            | (np.nan_to_num(s.text_overlap, nan=0.0) >= t.template_overlap))
    # MICR keys that name other accounts may be a misread MICR line (a symbol read as a digit
    # in the middle of a group): the ink decides those too
    micr_open = np.isnan(s.micr) | (s.micr == 0.0)
    other = np.zeros(len(s.phash), bool) if s.other_cheque is None \
        else np.asarray(s.other_cheque, bool)
    return near & micr_open & ~text_dup & ~differ & ~other


def aligned_match(s: PairScores, t: Thresholds) -> np.ndarray:
    if s.aligned is None or s.aligned_worst is None:
        return np.zeros(len(s.phash), bool)
    p10 = np.nan_to_num(s.aligned, nan=-1.0)
    worst = np.nan_to_num(s.aligned_worst, nan=-1.0)
    every = (p10 >= t.aligned) & (worst >= t.aligned_worst)
    if s.aligned_zones is None:
        return every
    zones = np.nan_to_num(s.aligned_zones, nan=-1.0)
    return every | ((zones >= t.aligned_zones) & (p10 >= t.aligned_zoned)
                    & (worst >= t.aligned_zoned_worst))


def text_score(s: PairScores) -> np.ndarray:
    """Mean of the numbers' and the shingles' Jaccard (the shingles' alone without numbers)."""
    return np.where(np.isnan(s.numbers), s.text_overlap, (s.numbers + s.text_overlap) / 2.0)


def combined(s: PairScores, t: Thresholds) -> np.ndarray:
    """One 0..1 score per pair: the text score; the visual one where there is no text; 1 for a
    MICR presentment match; at most 0.5 for cheques of one account with different serials."""
    visual = np.minimum(s.phash, np.where(np.isnan(s.image), 0.0, s.image))
    sc = np.where(np.isnan(s.text_overlap), visual, text_score(s))
    if s.aligned is not None:
        sc = np.where(aligned_match(s, t), np.fmax(sc, s.aligned), sc)
    if s.dates_differ is not None:  # another date: not the same document (see verdicts)
        sc = np.where(s.dates_differ, np.minimum(sc, t.dup - 0.01), sc)
    sc = np.where(s.micr == 1.0, 1.0, sc)
    sc = np.where(s.micr == 0.9, np.fmax(sc, 0.9), sc)
    sc = np.where(s.micr == 0.5, np.minimum(sc, 0.5), sc)
    if s.other_cheque is not None:
        sc = np.where(np.asarray(s.other_cheque, bool) & (s.micr != 1.0), np.minimum(sc, 0.5), sc)
    return np.clip(np.nan_to_num(sc, nan=0.0), 0.0, 1.0)


def verdicts(s: PairScores, t: Thresholds) -> Tuple[np.ndarray, List[str]]:
    """(verdict per pair, reason per pair)."""
    n = len(s.phash)
    text = ~np.isnan(s.text_overlap)
    ts = text_score(s)
    look = np.nan_to_num(s.image, nan=0.0) >= t.look_alike
    out = np.full(n, "different", dtype=object)
    why: List[str] = [""] * n

    def put(mask: np.ndarray, verdict: str, reason) -> None:
        free = mask & (out == "different") & ~done
        for k in np.flatnonzero(free):
            out[k] = verdict
            why[k] = reason(k) if callable(reason) else reason
        done[free] = True

    done = np.zeros(n, bool)
    f = lambda x: f"{x:.2f}"  # noqa: E731
    put(s.micr == 1.0, "duplicate", "same MICR routing, account and serial and the same amount: "
        "the cheque was presented twice")
    put(s.micr == 0.9, "duplicate", "same MICR routing, account and serial, read and checked on "
        "both pages (the amount not read on both): one cheque")
    put(s.micr == 0.75, "near_duplicate", "same MICR account and serial but another amount: an "
        "altered cheque or a misread amount")
    put(s.micr == 0.5, "same_template", "same MICR account, another serial: another cheque of "
        "the same account")
    differ = (np.zeros(n, bool) if s.dates_differ is None
              else np.asarray(s.dates_differ, bool))
    put(text & (ts >= t.dup) & differ, "near_duplicate", lambda k: (
        f"the same text (numbers {_fmt(s.numbers[k])}, shingles {f(s.text_overlap[k])}) but "
        f"another date: an edited copy, or the same purchase on another day"))
    put(text & (ts >= t.dup), "duplicate", lambda k: (
        f"the same text (numbers {_fmt(s.numbers[k])}, shingles {f(s.text_overlap[k])})"))
    put(aligned_match(s, t) & ~differ, "duplicate", lambda k: (
        f"the pages align: registered onto each other their ink agrees everywhere (10th "
        f"percentile of the tiles {f(s.aligned[k])}, worst tile {f(s.aligned_worst[k])})"
        + (f"; the cheques' zones (payee, amounts, date, number, MICR) agree (lowest tile "
           f"{f(s.aligned_zones[k])})" if s.aligned_zones is not None
           and not np.isnan(s.aligned_zones[k]) else "")
        + (f"; the text was read differently (numbers {_fmt(s.numbers[k])}, shingles "
           f"{f(s.text_overlap[k])})" if text[k] else "")))
    put(text & look & (ts >= t.near), "near_duplicate", lambda k: (
        f"looks alike (image {f(s.image[k])}) and most text agrees (numbers "
        f"{_fmt(s.numbers[k])}, shingles {f(s.text_overlap[k])})"))
    put(text & look & (s.text_overlap >= t.template_overlap), "same_template", lambda k: (
        f"looks alike (image {f(s.image[k])}) and shares boilerplate text (shingles "
        f"{f(s.text_overlap[k])}) but says different things (numbers {_fmt(s.numbers[k])})"))
    img = np.nan_to_num(s.image, nan=0.0)
    put(~text & (s.phash >= t.visual_dup_phash) & (img >= t.visual_dup_image), "duplicate",
        lambda k: f"no text to compare; the images are near identical (pHash {f(s.phash[k])}, "
                  f"image {f(img[k])})")
    put(~text & (img >= t.visual_template_image), "same_template",
        lambda k: f"no text to compare; the images look alike (image {f(img[k])})")
    if s.other_cheque is not None:  # what looked like one document: two leaves of a book
        micr_same = np.isin(s.micr, [1.0, SAME_IDENTITY, 0.75])
        for k in np.flatnonzero(np.asarray(s.other_cheque, bool) & ~micr_same
                                & np.isin(out, ["duplicate", "near_duplicate"])):
            out[k] = "same_template"
            why[k] = ("another cheque number (read, and checked against the MICR serial): "
                      "another cheque of the same book; " + why[k])
    for k in np.flatnonzero(~done):
        why[k] = (f"text differs (shingles {f(s.text_overlap[k])}, numbers {_fmt(s.numbers[k])})"
                  if text[k] else f"images differ (image {f(img[k])}, pHash {f(s.phash[k])})")
    return out, why


def _fmt(x: float) -> str:
    return "n/a" if np.isnan(x) else f"{x:.2f}"


def counts(v: Sequence[str]) -> dict:
    vals, c = np.unique(np.asarray(v, dtype=object).astype(str), return_counts=True)
    got = dict(zip(vals.tolist(), c.tolist()))
    return {k: int(got.get(k, 0)) for k in VERDICTS}
