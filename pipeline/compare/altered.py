"""Altered copies: two captures of one document whose field values differ.

A cheque whose payee was washed and written again, or whose amount was raised, and a receipt
whose total was edited, read almost exactly like the original: the text signals call such a
pair a duplicate, and the MICR line is the same. What differs is local: the ink where one field
sits. For a pair that the signals call the same document (``duplicate``, ``near_duplicate``, or
the same MICR routing, account and serial), page b is registered onto page a (``aligned.py``:
a homography when either page is a photo) and, for each field either page's extractor found
(payee, amount in figures and in words, date; a receipt's total and date):

- the ink over the field's box (both pages' boxes) is correlated (``aligned.field_ink``);
- the values both pages read are compared (amounts and dates exactly, text by similarity).

A field differs when its ink correlates under ``ink_differs`` (a changed digit is a local
difference even where OCR reads both pages alike) or, where the page agrees closely, stands
``local_apart`` under the pair's typical text line (``lines.typical``), or its values differ and its ink under
``ink_same`` (above that, the pages carry the same ink and one of them was misread; a value one
page's rules did not give is read from the text in the field's row). The pair is
``altered`` when a field differs and the rest of the page agrees (its tiles outside the fields'
boxes: 10th percentile at least ``rest_agrees``), or the two cheques share their MICR identity.
When the pages do not register (well enough), the values alone say ``altered`` only where two
readings agree: a cheque's amount read alike in figures and in words on each page and differing
between the pages, or a payee that is another name altogether. In both cases the text lines of
the registered pages are matched by position and their amounts compared (``lines.py``): an
amount two matched lines read differently, where the other matched lines read alike, is a
local difference (an edited total in the page's own font, whose ink correlates well and which
the receipt rules did not read).
On a poor capture (every text line's ink lower) a line's difference counts only where it stands
out from the pair's own lines (``lines.typical``); pages that register only loosely and differ
in many rows outside the fields are two documents (``other_document``), not one edited.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import List, Optional, Sequence, Tuple

FIELDS = {"cheque": ("payee", "amount", "amount_words", "date"),
          "receipt": ("total", "date")}
# where no field was extracted, a local difference names its row: "total" (a total label in
# it), "item" (an amount in it) or "text"
OTHER = ("total", "amount", "date")
AMOUNTS = {"amount", "amount_words", "total"}
DATES = {"date"}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class AlteredThresholds:
    # a field's ink under this, where the rest of the page agrees at least ``aligned_rest`` (10th
    # percentile of its tiles): it differs on the page, whatever the values read
    ink_differs: float = 0.75
    aligned_rest: float = 0.85
    ink_same: float = 0.90       # values read differently, ink above this: a misread
    rest_agrees: float = 0.60    # 10th percentile of the tiles outside the fields' boxes
    text_same: float = 0.80      # similarity of two text values (payee) that are one value
    text_other: float = 0.50     # ... under this, without the ink: another name altogether
    # a text line's ink differing where no field was extracted (``_local``) counts where the
    # rest of the page agrees at least this well (10th percentile of its tiles): a photo's lens
    # bend leaves lines a few pixels off where its tiles still reach 0.85-0.90
    local_rest: float = 0.90
    # ... and its ink under the pair's typical line (``lines.typical``) by at least this much;
    # a field's ink (its box's, or its line's) that far under it differs too, read alike or not.
    # Measured: edited totals 0.01-0.77 where the page's lines reach 0.94-0.99 (channels
    # sets); a faint half-scale JPEG rescan's lines 0.73-0.95, none apart (the benchmark's)
    local_apart: float = 0.15
    # registered loosely (the rest under ``aligned_rest``), a pair with more than this many
    # text lines whose ink differs (under ``aligned.LOCAL_DIFF``) outside the fields' boxes is
    # two documents, not an edited copy: two receipts of one shop on two days differ in 6-9
    # rows, an edited copy in the rows of the fields changed (1-3)
    max_rows: int = 4

    def key(self) -> dict:
        return asdict(self)


def fields_of(doc_a: Optional[str], doc_b: Optional[str]) -> Tuple[str, ...]:
    names: List[str] = []
    for d in (doc_a, doc_b):
        for n in FIELDS.get(d or "", OTHER):
            if n not in names:
                names.append(n)
    return tuple(names)


def _norm(s: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", (s or "").lower())


def values_differ(name: str, a: Optional[str], b: Optional[str],
                  t: AlteredThresholds = AlteredThresholds()) -> bool:
    """Both values read, and not the same value (amounts as numbers, dates exactly, text by
    similarity of the letters and digits)."""
    if not a or not b:
        return False
    if name in AMOUNTS:
        try:  # no sign: a '-' read for a cheque's protecting '*' or '~' is no other amount
            return abs(Decimal(a.replace(",", ""))) != abs(Decimal(b.replace(",", "")))
        except InvalidOperation:
            return _norm(a) != _norm(b)
    if name in DATES:  # dates as the extractor gives them; a row's text is no date
        return bool(_ISO.match(a.strip()) and _ISO.match(b.strip())) and a.strip() != b.strip()
    na, nb = _norm(a), _norm(b)
    return difflib.SequenceMatcher(None, na, nb).ratio() < t.text_same


def judge(pa, pb, names: Sequence[str], ink: Optional[dict], same_micr: bool,
          t: AlteredThresholds = AlteredThresholds(), same_text: bool = False,
          reread=None) -> List[dict]:
    """The differing fields of a pair, each {field, value_a, value_b, ink_score}; empty when
    the pair is not an altered copy (or cannot be told to be one). ``pa``/``pb``: the pages
    (``PageItem``: field values, boxes, lines); ``ink``: ``aligned.field_ink`` of the pair
    (page a first) or None; ``same_text``: the text signals call the pair one document;
    ``reread``: the lines read again constrained to an amount (``lines.differing``)."""
    fa, fb = pa.fields, pb.fields
    if not same_micr and other_document(ink, t) is not None:
        return []  # two documents of one template
    rest = None if ink is None else ink.get("rest")
    if ink is None or rest is None or rest[0] < t.rest_agrees:
        # the pages do not register (well enough): the values alone, where two readings agree,
        # and the amounts of lines matched by position (where enough of them read alike)
        if not (same_micr or same_text):
            return []
        out = _values_only(fa, fb, t)
        if ink is not None:
            named = {d["field"] for d in out}
            out += [d for d in _line_amounts(pa, pb, ink, t, reread)
                    if d["field"] not in named]
        return out
    from .lines import ink_of, typical

    out = []
    # ink alone (the values read alike, or not read) says a field changed only where the rest
    # of the page agrees closely: elsewhere the registration itself may be off there
    alone = t.ink_differs if rest is not None and rest[0] >= t.aligned_rest else -1.0
    # where the page agrees closely, a field whose ink (its box's, or its line's where lower)
    # stands ``local_apart`` under the pair's typical line differs too: a total drawn again
    # over its label's last letter (8.20 -> 18.20, read 8.20 on both pages) correlates
    # 0.77-0.87 where the page's lines do 0.96-0.98
    usual = typical(ink.get("lines")) if alone > 0 and rest[0] >= t.local_rest else None
    rects = ink.get("rects") or {}
    for n in names:
        score = ink["fields"].get(n)
        if score is None:
            continue
        va, vb = fa.get(n), fb.get(n)
        if n in rects and not (va and vb):  # one page's rules found no value: read its row
            va = va or _row_value(pa, ink["to_a"], rects[n][1], rects[n][3], n) or None
            vb = vb or _row_value(pb, ink["to_b"], rects[n][1], rects[n][3], n) or None
        differ = values_differ(n, va, vb, t)
        # the same value read on both pages: the ink alone says it was written again only
        # where the page agrees as closely as a line's ink needs to (``local_rest``): two
        # photos' blur and lens bend leave a handwritten amount read alike at 0.48
        alike = bool(va and vb) and not differ
        if usual is not None and n in rects:
            on_line = ink_of(ink.get("lines"), rects[n])
            if on_line is not None and on_line < usual - t.local_apart:
                score = min(score, on_line)
        apart = usual is not None and score < usual - t.local_apart
        by_ink = ((score < alone or apart) and n not in (ink.get("edge") or ())
                  and not (alike and rest[0] < t.local_rest))
        if by_ink or (differ and score < t.ink_same):
            out.append({"field": n, "value_a": va, "value_b": vb,
                        "ink_score": round(float(score), 4)})
    named = {d["field"] for d in out}
    loc = _local(pa, pb, ink, t.local_apart) if rest[0] >= t.local_rest else []
    for d in loc + _line_amounts(pa, pb, ink, t, reread):
        if d["field"] not in named:
            named.add(d["field"])
            out.append(d)
    for d in out:  # a value a page's rules did not give: the amounts (or text) in its row
        r = (ink.get("rects") or {}).get(d["field"])
        if r is not None:
            for side, page, m in (("value_a", pa, ink["to_a"]), ("value_b", pb, ink["to_b"])):
                if not d[side]:
                    d[side] = _row_value(page, m, r[1], r[3], d["field"]) or None
    return out


def other_document(ink: Optional[dict], t: AlteredThresholds = AlteredThresholds()
                   ) -> Optional[int]:
    """The number of text lines whose ink differs (under ``aligned.LOCAL_DIFF``) outside the
    fields' boxes, where the pages register loosely (the rest between ``rest_agrees`` and
    ``aligned_rest``) and that number is over ``max_rows``: two documents (two receipts of one
    shop), not one edited; else None."""
    from .aligned import LOCAL_DIFF

    rest = None if ink is None else ink.get("rest")
    if rest is None or not (t.rest_agrees <= rest[0] < t.aligned_rest):
        return None
    rects = list((ink.get("rects") or {}).values())

    def in_field(x0, y0, x1, y1) -> bool:
        area = max(1e-6, (x1 - x0) * (y1 - y0))
        return any(max(0.0, min(x1, u1) - max(x0, u0)) * max(0.0, min(y1, v1) - max(y0, v0))
                   >= 0.5 * area for u0, v0, u1, v1 in rects)

    n = sum(1 for x0, y0, x1, y1, c in ink.get("lines") or []
            if c is not None and c < LOCAL_DIFF and not in_field(x0, y0, x1, y1))
    return n if n > t.max_rows else None


def _row_value(page, m, y0: float, y1: float, field: str) -> str:
    text = " ".join(t for _, t in _row(page.lines, m, y0, y1))
    if field in AMOUNTS:  # the amount at the right of the row
        found = _AMOUNT.findall(text)
        return found[-1].replace(",", "") if found else ""
    return text


_TOTAL = re.compile(r"\btotal\b", re.I)
_SUB = re.compile(r"sub|qty|quantity|items?\b|discount|round", re.I)
_AFTER_ROUNDING = re.compile(r"\btotal\b\W+\w+\W*round", re.I)  # "Total After Rounding"


def _total_row(texts: Sequence[str]) -> bool:
    """A row with a total label: one of its lines says "total" and is no sub-total, quantity,
    item count, discount or rounding line ("Total After Rounding" is the total). Line by line:
    another line of the row ("Rounding Adj." read beside it) does not veto a label."""
    for x in texts:
        if _TOTAL.search(x) and not _SUB.search(_AFTER_ROUNDING.sub(" total ", x)):
            return True
    return False


_AMOUNT = re.compile(r"\d[\d,]*\.\d{2}\b")


def _centre(m, box) -> Tuple[float, float, float]:
    """(x, y, height) of a box's centre in a work frame (``m``: page units -> that frame)."""
    import numpy as np

    p = np.asarray(box, float).reshape(-1, 2)
    q = np.c_[p, np.ones(len(p))] @ np.asarray(m, float).T
    q = q[:, :2] / q[:, 2:3]
    return float(q[:, 0].mean()), float(q[:, 1].mean()), float(q[:, 1].max() - q[:, 1].min())


def _row(lines, m, y0: float, y1: float) -> List[Tuple[float, str]]:
    out = []
    for text, box in lines:
        x, y, h = _centre(m, box)
        if y0 <= y <= y1:
            out.append((x, text))
    return sorted(out)


def _local(pa, pb, ink: dict, apart: float = 0.15) -> List[dict]:
    """Local differences where no extracted field sits (a total the receipt rules did not
    find, an edited item): the rows of text at the tiles whose ink differs while the rest of
    the page agrees. A row with a total label is the ``total``; with an amount, an ``item``;
    otherwise ``text``. Values: the amounts (or the text) each page reads in that row. A row
    counts where its ink stands ``apart`` under the pair's typical line (``lines.typical``): on
    a faint, half-scale JPEG capture every line correlates 0.73-0.90 and none stands out."""
    from .lines import typical

    out: List[dict] = []
    seen = set()
    rects = ink.get("rects") or {}
    usual = typical(ink.get("lines"))
    for x0, y0, x1, y1, c in ink.get("local") or []:
        if usual is not None and c >= usual - apart:
            continue  # no lower than the page's lines go: a poor capture's faint print
        field = next((n for n, (u0, v0, u1, v1) in rects.items()
                      if min(x1, u1) - max(x0, u0) > 0.5 * (x1 - x0)
                      and min(y1, v1) - max(y0, v0) > 0.5 * (y1 - y0)), None)
        if field is not None:
            if field not in seen:
                seen.add(field)
                out.append({"field": field, "value_a": pa.fields.get(field),
                            "value_b": pb.fields.get(field), "ink_score": round(float(c), 4)})
            continue
        ra, rb = _row(pa.lines, ink["to_a"], y0, y1), _row(pb.lines, ink["to_b"], y0, y1)
        text_a = " ".join(t for _, t in ra)
        text_b = " ".join(t for _, t in rb)
        if not text_a and not text_b:
            continue  # no text there: a mark, a stain, the edge of a fold
        both = text_a + " " + text_b
        name = (_amount_field(pa, pb, text_a, text_b)
                or ("total" if _total_row([t for _, t in ra + rb])
                    else "item" if _AMOUNT.search(both) else "text"))
        va = " ".join(_AMOUNT.findall(text_a)) or text_a
        vb = " ".join(_AMOUNT.findall(text_b)) or text_b
        if name == "text" and not (text_a and text_b and values_differ("text", va, vb)):
            # a row of printed text one capture did not read (a shadow, a dim photo), or that
            # both read alike: the ink of a poor capture, not a field written again
            continue
        if _AMOUNT.search(text_a) and va == vb:
            continue  # both pages read the same amounts there: the ink of a blurred capture
        if (name, va, vb) in seen:
            continue
        seen.add((name, va, vb))
        out.append({"field": name, "value_a": va or None, "value_b": vb or None,
                    "ink_score": round(float(c), 4)})
    return out


def _amount_field(pa, pb, text_a: str, text_b: str) -> Optional[str]:
    """The amount field (a total, a cheque's amount) that a page read as an amount of its row,
    the rows reading other amounts: an edited total whose label sits on another row."""
    got_a = {_num(x) for x in _AMOUNT.findall(text_a)} - {None}
    got_b = {_num(x) for x in _AMOUNT.findall(text_b)} - {None}
    if got_a == got_b:
        return None
    for n in sorted(AMOUNTS):
        va, vb = _num(pa.fields.get(n)), _num(pb.fields.get(n))
        if (va is not None and va in got_a) or (vb is not None and vb in got_b):
            return n
    return None


def _line_amounts(pa, pb, ink: dict, t: AlteredThresholds = AlteredThresholds(),
                  reread=None) -> List[dict]:
    """The lines matched by position whose amounts differ while the other matched lines read
    alike (``lines.differing``), each named: the amount field whose box it crosses or whose
    value either page read there, else its row (``total`` beside a total label, ``item``)."""
    from . import lines

    rest = ink.get("rest")
    usable = rest is not None and rest[0] >= t.rest_agrees and ink.get("lines") is not None
    got = lines.differing(pa, pb, ink["to_a"], ink["to_b"],
                          (lambda r: lines.ink_of(ink["lines"], r)) if usable else None,
                          reread=reread if usable else None,
                          usual=lines.typical(ink.get("lines")) if usable else None) or []
    rects = ink.get("rects") or {}
    out = []
    for d in got:
        va, vb = d["value_a"], d["value_b"]
        x0, y0, x1, y1 = d["rect"]
        field = next((n for n, (u0, v0, u1, v1) in rects.items() if n in AMOUNTS
                      and min(y1, v1) - max(y0, v0) > 0.5 * (y1 - y0)), None)
        score = d["ink"] if field is None else (ink.get("fields") or {}).get(field, d["ink"])
        if field is None:
            vals = {_num(va), _num(vb)} - {None}
            field = next((n for n in sorted(AMOUNTS) for p in (pa, pb)
                          if _num(p.fields.get(n)) in vals), None)
        if field is None:
            row = [t for _, t in _row(pa.lines, ink["to_a"], y0, y1)
                   + _row(pb.lines, ink["to_b"], y0, y1)]
            field = "total" if _total_row(row) else "item"
        out.append({"field": field, "value_a": va, "value_b": vb,
                    "ink_score": None if score is None else round(float(score), 4)})
    return out


def _num(v: Optional[str]) -> Optional[Decimal]:
    try:
        return Decimal(str(v).replace(",", "")) if v else None
    except InvalidOperation:
        return None


def _values_only(fa: dict, fb: dict, t: AlteredThresholds) -> List[dict]:
    """Without the ink: a cheque's amount read alike in figures and in words on each page and
    differing between them, or a payee that is another name altogether (similarity under
    ``text_other``); a single misread does neither."""
    out = []
    a, aw = fa.get("amount"), fa.get("amount_words")
    b, bw = fb.get("amount"), fb.get("amount_words")
    if a and b and a == aw and b == bw and values_differ("amount", a, b, t):
        out.append({"field": "amount", "value_a": a, "value_b": b, "ink_score": None})
    pa_, pb_ = _norm(fa.get("payee") or ""), _norm(fb.get("payee") or "")
    if len(pa_) >= 4 and len(pb_) >= 4 and \
            difflib.SequenceMatcher(None, pa_, pb_).ratio() < t.text_other:
        out.append({"field": "payee", "value_a": fa.get("payee"), "value_b": fb.get("payee"),
                    "ink_score": None})
    return out


def reason(diffs: List[dict], same_micr: bool) -> str:
    parts = []
    for d in diffs:
        va, vb = d["value_a"], d["value_b"]
        if va and vb and va != vb:
            parts.append(f"{d['field']} {va!r} / {vb!r}")
        else:
            parts.append(f"{d['field']} (its ink differs"
                         + (f", read {va!r}" if va or vb else "") + ")")
    head = ("ALTERED CHEQUE: the same MICR routing, account and serial with another "
            if same_micr else "an altered copy: the same document with another ")
    return head + "; ".join(parts)


def mark(items: Sequence, i, j, micr, verdict, why: List[str], score, aligner=None,
         t: AlteredThresholds = AlteredThresholds(), other_date=None
         ) -> List[Optional[List[dict]]]:
    """Turn the pairs that are altered copies into ``altered`` (in place: ``verdict``, ``why``,
    ``score``) and return each pair's differing fields (None where not altered). The pairs
    looked at: ``duplicate`` and ``near_duplicate`` ones (not identical files), and cheques with
    one MICR identity. ``aligner``: an ``aligned.Aligner`` (None: values only, MICR pairs).
    ``other_date``: per pair, both pages' dates read and differing; such a ``near_duplicate``
    pair whose registered pages differ in many rows (``other_document``) is ``same_template``:
    another receipt of the shop."""
    import numpy as np

    n = len(i)
    out: List[Optional[List[dict]]] = [None] * n
    same_micr = np.isin(np.asarray(micr), [1.0, 0.9, 0.75])
    ask = [k for k in range(n)
           if (verdict[k] in ("duplicate", "near_duplicate") or same_micr[k])
           and not str(why[k]).startswith("identical files")]
    if not ask:
        return out
    names = [fields_of(items[i[k]].doc_type, items[j[k]].doc_type) for k in ask]
    inks: List[Optional[dict]] = [None] * len(ask)
    if aligner is not None:
        for q, k in enumerate(ask):  # one pair at a time: field sets differ by doc type
            inks[q] = aligner.inspect(np.array([i[k]]), np.array([j[k]]), names[q])[0]
    rr = None
    if aligner is not None:
        from .digits import Rereader, page_image

        ingest = getattr(aligner, "ingest", None)
        rr = Rereader(items, lambda x: page_image(items[x], ingest))
    for q, k in enumerate(ask):
        a, b = items[i[k]], items[j[k]]
        first = (a.document_id, a.page) <= (b.document_id, b.page)  # the inspect order
        pa, pb = (a, b) if first else (b, a)
        ka, kb = (int(i[k]), int(j[k])) if first else (int(j[k]), int(i[k]))
        reread = None if rr is None else (
            lambda la, lb, va, vb, ka=ka, kb=kb: rr.edited(ka, la, kb, lb, va, vb))
        rows = None if same_micr[k] else other_document(inks[q], t)
        if rows is not None:
            if verdict[k] == "near_duplicate" and other_date is not None and other_date[k]:
                verdict[k] = "same_template"
                why[k] = (f"another date, and registered onto each other {rows} rows of text "
                          f"differ: another document of the same template; " + str(why[k]))
                score[k] = min(float(score[k]), 0.5)
            continue
        d = judge(pa, pb, names[q], inks[q], bool(same_micr[k]), t,
                  same_text=verdict[k] in ("duplicate", "near_duplicate"), reread=reread)
        if not d:
            continue
        if not first:  # report values as page a / page b of the row
            d = [dict(x, value_a=x["value_b"], value_b=x["value_a"]) for x in d]
        out[k] = d
        verdict[k] = "altered"
        why[k] = reason(d, bool(same_micr[k]))
        score[k] = min(float(score[k]), 0.5)
    return out
