"""Fields of a cheque from its OCR lines, by layout rules.

The rules read labels ("PAY TO THE ORDER OF", "Pay", "Date", "Memo", "For", the
"$" box) and take the value to the right of, or below, a label using the line
boxes. Values are cross-checked where the cheque repeats itself: the amount in
words against the amount in figures, the MICR serial against the printed cheque
number, the routing number against its ABA check digit.

Nothing here depends on the order of ``lines``: only on their text and boxes.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Dict, List, Optional, Tuple

import numpy as np

from ..document import Line
from .amounts import (
    amount_words_currency,
)
from .cheque_amounts import (
    _amount_fields,
    _Amounts,
)
from .cheque_dates import (
    _date_field,
    _date_with_image,
)
from .cheque_micr import (
    _cheque_number_field,
    _find_micr,
    _micr_again,
    _micr_and_number,
    code_lines,
    _micr_fields,
    _micr_text,
)
from .cheque_page import (
    _ADDRESS,
    _BANK_WORDS,
    _BRANCH,
    _L,
    _TYPES,
    CHEQUE_FIELDS,
    EXTRACTOR,
    _clean_name,
    _field,
    _Frame,
    _is_label,
    _missing,
    _Page,
    _skip_labels,
)
from .cheque_payee import (
    _memo_field,
    _payee_field,
)
from .cheque_signature import (
    _signature_field,
    signature_ink,
)
from .conventions import IN_ONLY, Convention, detect, localise
from .types import (
    STATUS_AMBIGUOUS,
    STATUS_UNCHECKED,
    Field,
)

__all__ = ["extract_cheque", "CHEQUE_FIELDS", "signature_ink"]


def _bank_candidate(l: _L) -> bool:
    t = l.text
    if len(re.sub(r"[^A-Za-z]", "", t)) < 3:
        return False
    if _ADDRESS.search(t) or _BRANCH.search(t) or _is_label(l):
        return False
    return sum(c.isdigit() for c in t) <= 2


def _find_bank_name(pool: List[_L], F: _Frame) -> Optional[_L]:
    cands = [l for l in pool if _bank_candidate(l)]
    top = [l for l in cands if F.fy(l.cy) < 0.3]
    centre = F.x(0.5)
    # 1. a bank word in the header; 2. a bank word anywhere (some print it at the foot)
    for group in (top, cands):
        with_kw = [l for l in group if _BANK_WORDS.search(l.text)]
        if with_kw:
            return max(with_kw, key=lambda l: (round(l.h / 3), -abs(l.cx - centre)))
    if not top:
        return None
    # 3. no bank word: the largest print in the header, the more central on a tie
    hmax = max(l.h for l in top)
    big = [l for l in top if l.h >= 0.9 * hmax]
    return min(big, key=lambda l: abs(l.cx - centre))


def _bank_field(p: _Page) -> Optional[Field]:
    bank = _find_bank_name(p.free(), p.F)
    if not bank:
        return None
    p.use(bank)
    return _field("bank_name", _TYPES["bank_name"], bank.text, _clean_name(bank.text), [bank],
                  STATUS_UNCHECKED)


def _currency_of(word: str, conv: Convention) -> Optional[str]:
    w = word.strip().lower().rstrip(".")
    return conv.currency_words.get(w) or conv.currency_words.get(w + ".")


def _junk_token(tok: str, after: bool = False) -> bool:
    """A piece OCR read beside a printed label that is no word of it: two characters or fewer
    ("5 Rupees": a sign read as a digit), or a label in another script read as other characters
    ("रुपये" read "万", "evé", or "yVi": three letters, a capital after a small one).
    ``after``: after the label, where digits are the figures."""
    core = tok.strip(".,:;'\"()[]-")
    if after and any(c.isdigit() for c in core):
        return False
    return (len(core) <= 2 or any(ord(c) > 127 and c != "₹" for c in core)
            or (not after and len(core) == 3 and bool(re.search(r"[a-z][A-Z]", core))))


def _label_core(text: str) -> str:
    """A line without one piece of no word at each end ("Rupees 万", "evé RUPEES", "Rupees
    ua"): what a bilingual currency label reads as when its other script is misread."""
    toks = text.split()
    if len(toks) >= 2 and _junk_token(toks[0]):
        toks = toks[1:]
    if len(toks) >= 2 and _junk_token(toks[-1], after=True):
        toks = toks[:-1]
    return re.sub(r"^\W+", "", " ".join(toks))


def _printed_currency(p: _Page, a: _Amounts, conv: Convention
                      ) -> Tuple[Optional[str], List[_L], str]:
    """(code, lines, note) from the figures, else the words ("DOLLARS", "Rupees ... Only"),
    else a currency label printed on the leaf ("Rupees", "Rs.", "QAR", "DOLLARS")."""
    if a.fig and a.fig_currency:
        return a.fig_currency, [a.fig[0]], ""
    if a.words:
        for t in re.findall(r"[A-Za-z.₹]+", a.words[1]):
            cur = _currency_of(t, conv)
            if cur:
                return cur, list(a.words[0]), ""
        if conv.language != "en":
            from .amount_words_intl import words_currency

            cur = words_currency(a.words[1], conv.language)
            if cur:
                return cur, list(a.words[0]), ""
        cur = amount_words_currency(a.words[1])
        if cur and not (cur == "USD" and conv.dollar is None and conv.key != "generic"):
            return cur, list(a.words[0]), ""
    for l in p.ls:
        t = _label_core(l.text)
        # a Gulf leaf's label names its country too ("Qatari Riyals", "Rial Omani")
        m = re.match(r"^(?:(?:qatari|saudi|kuwaiti|bahraini|omani|u\.?a\.?e\.?)\s+)?"
                     r"(rupees|rs\.?|₹|dollars?|qar|sar|aed|kwd|bhd|omr|s\.\s*r\.?|inr|usd|"
                     r"cad|aud|gbp|eur|riyals?|rials?|dinars?|dirhams?)(?:\s+omani)?\W*$",
                     t.strip(), re.I)
        if m:
            word = m.group(1).lower().replace(" ", "")
            cur = _currency_of(word, conv) or amount_words_currency(word) or {
                "rs": "INR", "rs.": "INR", "₹": "INR", "s.r.": "SAR", "s.r": "SAR"}.get(
                word) or (word.upper() if len(word) == 3 and word.isalpha() else None)
            if cur:
                return cur, [l], ""
    for l in p.ls:  # the printed "RUPEES" read with the words written after it, unparsed
        if re.match(r"^rupees\s+[A-Za-z]", _label_core(l.text).strip(), re.I):
            return _currency_of("rupees", conv) or "INR", [l], ""
    if conv.currency and conv.signs:
        # the convention's code or sign printed on the leaf, on a line of its own or after an
        # account number ("... 3 75TND", "Kenya Shillings"): its own currency, nobody else's
        words = sorted(set(conv.signs) | {conv.currency}, key=len, reverse=True)
        rx = re.compile(r"(?<![A-Za-z])(?:%s)(?![A-Za-z])|%s" % (
            "|".join(re.escape(w) for w in words if len(w) >= 3 or not w.isalpha()),
            # a sign of two letters ("DT", "TL") only beside figures
            "|".join(r"(?<![A-Za-z])%s\s*(?=\d)|(?<=\d)\s*%s(?![A-Za-z])" % (w, w)
                     for w in words if len(w) < 3 and w.isalpha()) or "(?!)"))
        for l in p.ls:
            if rx.search(l.text):
                return conv.currency, [l], ""
    return None, [], ""


def _currency_field(p: _Page, a: _Amounts, conv: Convention) -> Optional[Field]:
    """The currency printed or written on the cheque; never assumed (nothing printed:
    missing). A bare "$" on a page that shows no country is read as USD, ``ambiguous``."""
    cur, src, _ = _printed_currency(p, a, conv)
    if not cur:
        return None
    raw = src[0].text.strip() if src else cur
    if cur == "INR" and not any(IN_ONLY.search(l.text) for l in p.ls):
        return _field("currency", _TYPES["currency"], raw, cur, src, STATUS_AMBIGUOUS,
                      "rupees, with nothing on the leaf that is India's alone (IFSC, an Indian "
                      "bank, lakh/crore): Sri Lanka, Pakistan and Nepal write rupees too")
    if conv.key == "generic" and a.fig and a.fig_currency and "$" in a.fig[3] and not re.search(
            r"[A-Z]{2,3}\$|\b[A-Z]{3}\b", a.fig[3]):
        return _field("currency", _TYPES["currency"], raw, cur, src, STATUS_AMBIGUOUS,
                      f"'$' read as {cur}: the cheque shows no country")
    return _field("currency", _TYPES["currency"], raw, cur, src, STATUS_UNCHECKED)


def _convention_field(conv: Convention, conf: float, why: List[str]) -> Field:
    msg = conv.name + (": " + "; ".join(why) if why else "")
    return Field(name="convention", raw=None, value=conv.key, type="text", conf=conf,
                 status=STATUS_UNCHECKED, message=msg, extractor=EXTRACTOR)


# ----------------------------------------------------------------------------- main


def extract_cheque(lines: List[Line], width: float, height: float, image=None,
                   date_prefer: Optional[str] = None, dollar: Optional[str] = None
                   ) -> List[Field]:
    """Fields of one cheque page, one ``Field`` per name in ``CHEQUE_FIELDS``, then the
    ``convention`` the page follows (and ``micr_transaction`` where its MICR line has one).

    ``lines``: OCR lines in page coordinates; ``width``/``height``: page size in
    the same units. ``image``: optional HxWx3 uint8 RGB array of the page in pixel
    coordinates, to tell whether the cheque is signed and to read the amounts', the date boxes'
    and the MICR band's lines again under their fields' constraints (``constrained``; without
    it, the plain readings).
    ``date_prefer``: how to read an ambiguous numeric date ("mdy" or "dmy"); None: the
    convention's. ``dollar``: the currency a bare "$" stands for; None: the convention's.
    No currency is assumed: none printed or written is ``missing``.
    Fields not found come back with status "missing" and no value.
    """
    p = _Page(lines, width, height)
    reader = micr_again = None
    if image is not None:  # the fields' lines can be read again under their constraints
        from .constrained import LineReader

        ih, iw = np.asarray(image).shape[:2]
        reader = LineReader(image, scale=(iw / max(width, 1e-6), ih / max(height, 1e-6)))
        micr_again = _micr_again(p, reader)
    conv, conv_conf, why = detect([l.text for l in p.ls],
                                  micr_again.text if micr_again else
                                  _micr_text(_find_micr(p.ls, p.F)))
    if dollar is not None:
        conv = replace(conv, dollar=dollar)
    conv = localise(conv, [l.text for l in p.ls])
    prefer = date_prefer or conv.date_order
    micr = _micr_and_number(p, conv, micr_again)
    p.use(*code_lines(p, micr, conv))
    _skip_labels(p)
    out: Dict[str, Optional[Field]] = {"date": _date_field(p, prefer, conv.date_label)}
    if reader is not None:
        out["date"] = _date_with_image(p, reader, prefer, out["date"], conv.date_label)
    amounts = _amount_fields(p, conv.dollar if conv.key != "generic" else "USD", reader, conv)
    out.update(amounts.fields)
    out["payee"] = _payee_field(p, conv, amounts, reader)
    out["memo"] = _memo_field(p, conv, list(amounts.words[0]) if amounts.words else [], micr.lines,
                              reader)
    out["cheque_number"] = _cheque_number_field(micr)
    out["bank_name"] = _bank_field(p)
    out.update(_micr_fields(p, micr, conv))
    out["signature_present"] = _signature_field(p, micr.lines, image)
    out["currency"] = _currency_field(p, amounts, conv)
    fields = [out.get(name) or _missing(name, ftype) for name, ftype in CHEQUE_FIELDS]
    if out.get("micr_transaction"):
        fields.append(out["micr_transaction"])
    fields.append(_convention_field(conv, conv_conf, why))
    return fields
