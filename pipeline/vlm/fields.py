"""Fields a model is asked for, and what is done with its answer.

Which fields (``--vlm-when``): ``missing``; ``invalid`` (and missing); ``low-confidence`` (the
default: missing, invalid, ambiguous, or unchecked with a confidence below ``--vlm-min-conf``);
``always``.

The answer is validated like any extractor's output: a routing number must pass the ABA check
digit, the amount in words must equal the amount in figures, the MICR serial the printed cheque
number, a date must parse, a user field must match its regular expression and type. The model's
value replaces the rules' value when the rules had nothing, or when it validates and the rules'
value did not (``ok`` beats ``unchecked`` beats ``ambiguous`` beats ``invalid``; for a field with
nothing to check against, the model's reading wins a tie). Otherwise the rules' row stays as it
was and its ``message`` says what the model read. A value from the model has ``extractor =
vlm:<backend>:<model>``, no confidence (a model gives none), and the box of the OCR line that
holds the same text, if there is one.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from ..extract import doctypes
from ..extract.amounts import find_amounts, format_decimal, parse_amount, parse_amount_words
from ..extract.dates import find_dates
from ..extract.micr import aba_valid
from ..extract.types import (STATUS_AMBIGUOUS, STATUS_INVALID, STATUS_MISSING, STATUS_OK,
                             STATUS_UNCHECKED, Field)

RANK = {STATUS_OK: 4, STATUS_UNCHECKED: 3, STATUS_AMBIGUOUS: 2, STATUS_INVALID: 1,
        STATUS_MISSING: 0}

# The fields of a doc type, their hints and checks, its date order and how a prompt names it
# come from the doc type registry (pipeline.extract.doctypes). A field name means one thing on
# every page: the digits-only fields and the pairs that check each other are those any doc
# type declares.


def _digit_names() -> set:
    return {f.name for dt in doctypes.all_types() for f in dt.fields if f.digits}


def _pairs() -> List[Tuple[str, str]]:
    out: List[Tuple[str, str]] = []
    for dt in doctypes.all_types():
        out.extend(p for p in dt.pairs if p not in out)
    return out


def _declared(doc_type: Optional[str], name: str):
    """The ``FieldDef`` of a field the page's doc type declares, else None."""
    dt = doctypes.find(doc_type)
    return dt.field_def(name) if dt is not None else None


@dataclass
class Wanted:
    name: str
    type: str
    hint: str
    rules: Optional[Field]     # the rules' field (None: the rules returned no row)
    spec: object = None        # a user field's FieldSpec


def catalogue(doc_type: Optional[str], custom: Sequence = ()) -> Dict[str, Tuple[str, str, object]]:
    """{name: (type, hint, spec)} of the fields a page of ``doc_type`` has."""
    out: Dict[str, Tuple[str, str, object]] = {}
    dt = doctypes.find(doc_type)
    for f in (dt.fields if dt is not None else ()):
        out[f.name] = (f.type, f.hint, None)
    for s in custom:
        hint = f"the value next to the label {s.label!r}"
        if s.regex:
            hint += f" (it matches the regular expression {s.regex})"
        out[s.name] = (s.type, hint, s)
    return out


def needs(f: Optional[Field], when: str, min_conf: float) -> bool:
    if f is None or f.status == STATUS_MISSING or f.value is None:
        return True
    if when == "always":
        return True
    if when == "missing":
        return False
    if f.status == STATUS_INVALID:
        return True
    if when == "invalid":
        return False
    # a value that passed its check (status ok) is not asked again for a low confidence alone
    return f.status == STATUS_AMBIGUOUS or (f.status != STATUS_OK and f.conf is not None
                                            and f.conf < min_conf)


def wanted(fields: List[Field], doc_type: Optional[str], custom: Sequence, when: str,
           min_conf: float) -> List[Wanted]:
    by = {f.name: f for f in fields}
    out = []
    for name, (t, hint, spec) in catalogue(doc_type, custom).items():
        f = by.get(name)
        if needs(f, when, min_conf):
            out.append(Wanted(name, t, hint, f, spec))
    return out


def schema(ws: List[Wanted]) -> dict:
    """The JSON schema of the answer: one key per wanted field, null when it is not there
    (strict-mode compatible: every key required, no others)."""
    props = {w.name: {"type": ["boolean" if w.type == "bool" else "string", "null"],
                      "description": w.hint} for w in ws}
    return {"title": "fields", "type": "object", "properties": props,
            "required": [w.name for w in ws], "additionalProperties": False}


def prompt(ws: List[Wanted], doc_type: Optional[str]) -> str:
    dt = doctypes.find(doc_type)
    what = dt.phrase if dt is not None else "a document page"
    lines = [f"This image is {what}. Read these fields from it, exactly as they are printed or "
             "written. Give null for a field that is not on the image; do not guess.", ""]
    lines += [f"- {w.name}: {w.hint}" for w in ws]
    lines += ["", "Answer with one JSON object with exactly these keys."]
    return "\n".join(lines)


# ------------------------------------------------------------------------------ validation

def _text(raw) -> Optional[str]:
    if raw is None or isinstance(raw, (dict, list)):
        return None
    s = unicodedata.normalize("NFKC", str(raw))
    s = re.sub(r"\s+", " ", s).strip()
    return s or None


def normalise(w: Wanted, raw, doc_type: Optional[str]) -> Tuple[Optional[str], str, str]:
    """(value, status, message) of the model's answer for one field, before cross-checks."""
    if w.type == "bool":
        if isinstance(raw, bool):
            return ("true" if raw else "false"), STATUS_UNCHECKED, ""
        s = (_text(raw) or "").lower()
        if s in ("true", "yes"):
            return "true", STATUS_UNCHECKED, ""
        if s in ("false", "no"):
            return "false", STATUS_UNCHECKED, ""
        return None, STATUS_INVALID, f"not true or false: {raw!r}"
    text = _text(raw)
    if text is None:
        return None, STATUS_MISSING, ""
    if w.spec is not None:
        return _custom(w.spec, text)
    fd = _declared(doc_type, w.name)
    check = fd.check if fd is not None else ""
    if fd is not None and fd.digits:
        digits = re.sub(r"\D", "", text)
        if not digits:
            return None, STATUS_INVALID, f"no digits in {text!r}"
        if check == "aba":
            if len(digits) == 9 and aba_valid(digits):
                return digits, STATUS_OK, ""
            return digits, STATUS_INVALID, "routing number fails the ABA check digit"
        if fd.type == "number":
            digits = digits.lstrip("0") or "0"
        return digits, STATUS_UNCHECKED, ""
    if check == "words":
        v = parse_amount_words(text)
        if v is None:
            return None, STATUS_INVALID, f"not an amount in words: {text!r}"
        return format_decimal(v), STATUS_UNCHECKED, ""
    if w.type == "amount":
        p = parse_amount(text)
        if p is None:
            found = find_amounts(text)
            p = found[0][2] if len(found) == 1 else None
        if p is None:
            return None, STATUS_INVALID, f"not an amount: {text!r}"
        return format_decimal(p.value), STATUS_UNCHECKED, ""
    if w.type == "date":
        dt = doctypes.find(doc_type)
        found = find_dates(text, prefer=dt.date_order if dt is not None else "mdy")
        if not found:
            return None, STATUS_INVALID, f"not a date: {text!r}"
        d = found[0].date
        return d.iso, (STATUS_AMBIGUOUS if d.note else STATUS_OK), d.note
    if check == "currency":
        if re.fullmatch(r"[A-Za-z]{3}", text):
            return text.upper(), STATUS_UNCHECKED, ""
        return None, STATUS_INVALID, f"not an ISO 4217 currency code: {text!r}"
    return text, STATUS_UNCHECKED, ""


def _custom(spec, text: str) -> Tuple[Optional[str], str, str]:
    from ..extract.custom import _apply_regex, _normalise

    if spec.regex:
        got = _apply_regex(spec, text)
        if got is None:
            return None, STATUS_INVALID, f"{text!r} does not match {spec.regex!r}"
        text = got[0]
    return _normalise(spec, text)


def _same(name: str, a: str, b: str) -> bool:
    if name in _digit_names():
        return (a.lstrip("0") or "0") == (b.lstrip("0") or "0")
    return a == b


def _usable(f: Optional[Field]) -> bool:
    return f is not None and f.value is not None and f.status != STATUS_MISSING


def cross_check(final: Dict[str, Field], tag: str) -> None:
    """Check each pair again where one side came from the model, on the final values."""
    for a, b in _pairs():
        fa, fb = final.get(a), final.get(b)
        if not (_usable(fa) and _usable(fb)):
            continue
        if fa.extractor != tag and fb.extractor != tag:
            continue  # the rules checked these already
        for f, other in ((fa, fb), (fb, fa)):
            src = "the model's" if other.extractor == tag else "the rules'"
            if _same(a, f.value, other.value):
                if f.status in (STATUS_UNCHECKED, STATUS_INVALID):
                    f.status = STATUS_OK
                    f.message = _join(_drop_check(f.message), f"agrees with {src} {other.name}")
            else:
                f.status = STATUS_INVALID
                f.message = _join(_drop_check(f.message),
                                  f"{f.name} {f.value} differs from {src} {other.name} "
                                  f"{other.value}")


def _drop_check(msg: str) -> str:
    parts = [p for p in (msg or "").split("; ")
             if not re.search(r"differs from|no .* to check against|agrees with", p)]
    return "; ".join(parts)


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _fold(s: str) -> str:
    return re.sub(r"[^0-9a-z]", "", unicodedata.normalize("NFKC", s).lower())


def _locate(raw: str, lines) -> Tuple[Optional[list], List[int]]:
    """The box and line number of the OCR line holding the model's text, when one does."""
    key = _fold(raw)
    if len(key) < 3:
        return None, []
    for l in lines or []:
        if key in _fold(l.text or ""):
            return list(l.box), [l.line_no]
    return None, []


def merge(ws: List[Wanted], answer: dict, fields: List[Field], doc_type: Optional[str],
          tag: str, lines=None) -> List[Field]:
    """The page's fields after the model's answer (same order; new rows appended)."""
    final: Dict[str, Field] = {f.name: f for f in fields}
    order = [f.name for f in fields]
    for w in ws:
        raw = answer.get(w.name)
        value, status, msg = normalise(w, raw, doc_type)
        rules = w.rules
        if value is None and status != STATUS_INVALID:
            if rules is not None:
                rules.message = _join(rules.message, f"{tag}: not on the image")
            continue
        box, line_nos = _locate(str(raw), lines) if value is not None else (None, [])
        cand = Field(name=w.name, raw=None if raw is None else str(raw), value=value,
                     type=w.type, conf=None, box=box, line_nos=line_nos, status=status,
                     message=msg, extractor=tag)
        if rules is None or not _usable(rules):
            if value is None:  # the model's reading is no value either: the rules' row stays
                if rules is not None:
                    rules.message = _join(rules.message, f"{tag} read {raw!r}: {msg}")
                continue
            cand.message = _join(msg, "the rules found nothing" + (
                f" ({rules.message})" if rules is not None and rules.message else ""))
            final[w.name] = cand
            if w.name not in order:
                order.append(w.name)
            continue
        if value is not None and _same(w.name, value, rules.value):
            rules.message = _join(rules.message, f"{tag} agrees")
            continue
        better = RANK.get(status, 0) > RANK.get(rules.status, 0)
        tie = status == rules.status == STATUS_UNCHECKED and value is not None
        if value is not None and (better or tie):
            cand.message = _join(msg, f"replaces the rules' {rules.value!r} ({rules.status}"
                                      + (f": {rules.message}" if rules.message else "") + ")")
            final[w.name] = cand
        else:
            shown = value if value is not None else raw
            rules.message = _join(rules.message, f"{tag} read {shown!r} ({status}"
                                  + (f": {msg}" if msg else "") + "): kept the rules' value")
    cross_check(final, tag)
    return [final[n] for n in order]


def failed(ws: List[Wanted], fields: List[Field], tag: str, reason: str) -> None:
    """A request that failed: the rules' fields stay; their message says why nothing changed."""
    for w in ws:
        if w.rules is not None:
            w.rules.message = _join(w.rules.message, f"{tag} failed: {reason}")
