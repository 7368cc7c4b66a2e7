"""User-defined fields without code: find a label, take the value next to it.

A field spec is a mapping (from TOML or the command line)::

    name      snake_case field name (required): "invoice_no"
    label     the printed label, e.g. "Invoice No" (default: the name with spaces); a list of
              alternatives is accepted too: ["Invoice No", "Inv No"]
    where     "right" (same row), "below" (next line under the label) or "any" (right, then
              below; the default)
    regex     optional; searched in the value text, group 1 is the value when the pattern has
              a group, else the whole match
    type      "text" (default), "number", "amount" or "date"
    required  true/false (default false): a required field that is not found gives a row with
              status "missing"
    date_order  "dmy" (default) or "mdy": how a numeric date like 03/04/2024 is read

In TOML::

    [[fields]]
    name = "invoice_no"
    label = "Invoice No"
    where = "right"
    regex = "[A-Z0-9-]+"
    required = true

``parse_field_specs`` takes a list of such mappings, ``{"fields": [...]}`` (what the TOML above
loads as) or ``{"fields": {"invoice_no": {...}}}`` / ``{"invoice_no": {...}}`` (name as key).
Unknown keys and bad values raise ``ValueError`` naming the field and the key.

Compact form for a command-line option (``parse_field_option``)::

    NAME[:KEY=VALUE;KEY=VALUE;FLAG...]

    invoice_no:label=Invoice No;type=text;regex=INV-(\\d+);required
    total_due:label=Amount Due;type=amount;where=below
    po_number                      (label "po number", type text, anywhere)

Items are separated by ``;``; write ``\\;`` for a semicolon inside a value (a regex); any other
backslash is kept as it is, so ``\\d`` needs no doubling. ``required`` alone means
``required=true``; booleans also read ``yes/no/1/0/true/false``. ``label=Invoice No|Inv No``
gives alternative labels. Spaces around items and keys are
ignored; a value is taken up to the next unescaped ``;``, its surrounding spaces stripped.

``extract_custom(lines, specs)`` finds each label in the OCR lines (case-insensitive; a trailing
colon, ``#`` or dot, and spaces the OCR put inside or between words are tolerated) and reads:

* right: the text after the label on the same line, else the nearest line to the right whose
  vertical centre lies within the label line's height;
* below: the nearest line below the label that overlaps it horizontally;

then applies ``regex`` (a candidate that does not match is passed over, as is one without a digit
for the number, amount and date types) and normalises by type (amount -> "1234.50", date -> ISO 8601, number ->
digits with an optional decimal point). Found values get status "unchecked" ("ambiguous" for a
day/month guess); values that do not normalise get "invalid" (``raw`` kept, ``value`` None).
A required field that is not found gives status "missing"; an optional one gives no row.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from ..document import Line
from .amounts import find_amounts, format_decimal
from .dates import find_dates
from .types import (
    STATUS_AMBIGUOUS,
    STATUS_INVALID,
    STATUS_MISSING,
    STATUS_UNCHECKED,
    Field,
)

__all__ = ["FieldSpec", "parse_field_specs", "parse_field_spec", "parse_field_option", "extract_custom"]

EXTRACTOR = "custom"
WHERE = ("right", "below", "any")
TYPES = ("text", "number", "amount", "date")
DATE_ORDERS = ("dmy", "mdy")
KEYS = ("name", "label", "where", "regex", "type", "required", "date_order")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    labels: Tuple[str, ...]
    where: str = "any"
    regex: Optional[str] = None
    type: str = "text"
    required: bool = False
    date_order: str = "dmy"
    pattern: Optional[re.Pattern] = field(default=None, compare=False, repr=False)

    @property
    def label(self) -> str:
        return self.labels[0]


# --------------------------------------------------------------------------- parsing specs

def _err(name: Any, msg: str) -> ValueError:
    who = f"field {name!r}" if name not in (None, "") else "field spec"
    return ValueError(f"{who}: {msg}")


def _as_bool(name: str, key: str, v: Any) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, str):
        s = v.strip().lower()
        if s in ("true", "yes", "1", "on", ""):
            return True
        if s in ("false", "no", "0", "off"):
            return False
    if isinstance(v, int) and v in (0, 1):
        return bool(v)
    raise _err(name, f"{key} must be true or false, got {v!r}")


def parse_field_spec(obj: Mapping[str, Any], name: Optional[str] = None) -> FieldSpec:
    """One spec mapping -> FieldSpec (``name`` given when the mapping is keyed by it)."""
    if not isinstance(obj, Mapping):
        raise _err(name, f"a spec must be a table/mapping, got {type(obj).__name__}")
    d = dict(obj)
    if name is not None:
        if "name" in d and d["name"] != name:
            raise _err(name, f"name {d['name']!r} differs from the key it is listed under")
        d["name"] = name
    nm = d.get("name")
    unknown = [k for k in d if k not in KEYS]
    if unknown:
        raise _err(nm, f"unknown key {unknown[0]!r} (allowed: {', '.join(KEYS)})")
    if nm is None:
        raise _err(None, "missing key 'name'")
    if not isinstance(nm, str) or not _NAME_RE.match(nm):
        raise _err(nm, f"name must be snake_case (a-z, 0-9, _; starting with a letter), got {nm!r}")

    label = d.get("label", nm.replace("_", " "))
    if isinstance(label, str):
        labels = [label]
    elif isinstance(label, (list, tuple)) and label:
        labels = list(label)
    else:
        raise _err(nm, f"label must be a non-empty string or list of strings, got {label!r}")
    for lab in labels:
        if not isinstance(lab, str) or not re.search(r"\w", lab):
            raise _err(nm, f"label must contain a letter or digit, got {lab!r}")
    labels = [lab.strip() for lab in labels]

    where = d.get("where", "any")
    if where not in WHERE:
        raise _err(nm, f"where must be one of {', '.join(WHERE)}, got {where!r}")
    typ = d.get("type", "text")
    if typ not in TYPES:
        raise _err(nm, f"type must be one of {', '.join(TYPES)}, got {typ!r}")
    order = d.get("date_order", "dmy")
    if order not in DATE_ORDERS:
        raise _err(nm, f"date_order must be one of {', '.join(DATE_ORDERS)}, got {order!r}")
    regex = d.get("regex")
    pattern = None
    if regex is not None:
        if not isinstance(regex, str) or regex == "":
            raise _err(nm, f"regex must be a non-empty string, got {regex!r}")
        try:
            pattern = re.compile(regex)
        except re.error as e:
            raise _err(nm, f"regex {regex!r} does not compile: {e}") from None
    required = _as_bool(nm, "required", d.get("required", False))
    return FieldSpec(name=nm, labels=tuple(labels), where=where, regex=regex, type=typ,
                     required=required, date_order=order, pattern=pattern)


def parse_field_specs(obj: Union[Sequence[Mapping[str, Any]], Mapping[str, Any], None]) -> List[FieldSpec]:
    """Specs from a list of mappings, ``{"fields": [...]}``, or mappings keyed by field name."""
    if obj is None:
        return []
    items: List[Tuple[Optional[str], Any]]
    if isinstance(obj, Mapping):
        if "fields" in obj and len(obj) == 1:
            return parse_field_specs(obj["fields"])
        if "name" in obj and not isinstance(obj.get("name"), Mapping):
            items = [(None, obj)]  # a single spec
        else:
            items = list(obj.items())
            for k, v in items:
                if not isinstance(v, Mapping):
                    raise _err(k, f"a spec must be a table/mapping, got {type(v).__name__}")
    elif isinstance(obj, (list, tuple)):
        items = [(None, o) for o in obj]
    else:
        raise ValueError(f"field specs must be a list or a table, got {type(obj).__name__}")
    specs: List[FieldSpec] = []
    seen = set()
    for k, v in items:
        spec = parse_field_spec(v, name=k)
        if spec.name in seen:
            raise _err(spec.name, "defined twice")
        seen.add(spec.name)
        specs.append(spec)
    return specs


def _split_items(s: str) -> List[str]:
    items, cur, i = [], [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s) and s[i + 1] == ";":
            cur.append(";")
            i += 2
            continue
        if c == ";":
            items.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    items.append("".join(cur))
    return items


def parse_field_option(s: str) -> FieldSpec:
    """Compact command-line form ``NAME[:KEY=VALUE;...;FLAG]`` (see the module doc)."""
    if not isinstance(s, str) or not s.strip():
        raise ValueError("field option is empty; expected NAME[:KEY=VALUE;...]")
    name, sep, rest = s.strip().partition(":")
    name = name.strip()
    d: dict = {"name": name}
    if sep and rest.strip():
        for item in _split_items(rest):
            item = item.strip()
            if not item:
                continue
            key, eq, value = item.partition("=")
            key = key.strip()
            if key not in KEYS or key == "name":
                raise _err(name, f"unknown key {key!r} in {s!r} "
                                 f"(allowed: {', '.join(k for k in KEYS if k != 'name')})")
            if key in d:
                raise _err(name, f"key {key!r} given twice in {s!r}")
            if not eq:
                if key != "required":
                    raise _err(name, f"key {key!r} needs a value ({key}=...) in {s!r}")
                d[key] = True
                continue
            value = value.strip()
            if key == "label" and "|" in value:
                d[key] = [v.strip() for v in value.split("|")]
            else:
                d[key] = value
    return parse_field_spec(d)


# --------------------------------------------------------------------------- finding labels

def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _label_regex(label: str) -> re.Pattern:
    """Case-insensitive pattern of a label tolerant of OCR spacing and a trailing colon."""
    words = re.findall(r"\w+", _fold(label))
    parts = []
    for w in words:
        parts.append(r"\s?".join(re.escape(c) for c in w))
    body = r"[\s.:#_/\-]*".join(parts)
    return re.compile(r"(?<![^\W_])" + body + r"(?![A-Za-z])(?:\s*[:#.\-=]+)?", re.I)


def _cy(l: Line) -> float:
    return (l.y0 + l.y1) / 2


def _right_lines(label: Line, lines: Sequence[Line]) -> List[Line]:
    """Lines to the right of ``label`` whose vertical centre lies within its height, nearest first."""
    h = label.y1 - label.y0
    out = []
    for l in lines:
        if l is label:
            continue
        if label.y0 <= _cy(l) <= label.y1 and l.x0 >= label.x1 - 0.25 * h:
            out.append(l)
    return sorted(out, key=lambda l: l.x0 - label.x1)


def _below_lines(label: Line, lines: Sequence[Line]) -> List[Line]:
    """Lines below ``label`` that overlap it horizontally, nearest first (within a few lines)."""
    h = max(1.0, label.y1 - label.y0)
    out = []
    for l in lines:
        if l is label:
            continue
        if _cy(l) <= label.y1 or l.y0 < label.y1 - 0.5 * h:
            continue
        if min(l.x1, label.x1) - max(l.x0, label.x0) <= 0:
            continue
        if l.y0 - label.y1 > 4 * h:
            continue
        out.append(l)
    return sorted(out, key=lambda l: (l.y0, abs(l.x0 - label.x0)))


def _apply_regex(spec: FieldSpec, text: str) -> Optional[Tuple[str, int]]:
    """(value text, offset) after the spec's regex; None when it does not match."""
    t = text.strip()
    if not t:
        return None
    if spec.pattern is None:
        return t, 0
    m = spec.pattern.search(t)
    if not m:
        return None
    if m.re.groups >= 1 and m.group(1) is not None:
        return m.group(1), m.start(1)
    return m.group(0), m.start()


# --------------------------------------------------------------------------- normalising

def _norm_number(text: str) -> Optional[str]:
    m = re.search(r"[-+]?\d[\d,.' ]*", text)
    if not m:
        return None
    tok = m.group(0).strip().rstrip(".,' ")
    sign = ""
    if tok[0] in "+-":
        sign, tok = ("-" if tok[0] == "-" else ""), tok[1:]
    tok = tok.replace(" ", "").replace("'", "")
    if re.fullmatch(r"\d+", tok):
        return sign + tok
    if re.fullmatch(r"\d+\.\d+", tok):
        return sign + tok
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", tok):
        return sign + tok.replace(",", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", tok):
        return sign + tok.replace(".", "").replace(",", ".")
    if re.fullmatch(r"\d+,\d{1,2}", tok):
        return sign + tok.replace(",", ".")
    return None


def _normalise(spec: FieldSpec, text: str) -> Tuple[Optional[str], str, str]:
    """(value, status, message) of a value text under the spec's type."""
    if spec.type == "text":
        v = re.sub(r"\s+", " ", text).strip()
        return (v, STATUS_UNCHECKED, "") if v else (None, STATUS_INVALID, "empty value")
    if spec.type == "number":
        v = _norm_number(text)
        return (v, STATUS_UNCHECKED, "") if v else (None, STATUS_INVALID, f"not a number: {text!r}")
    if spec.type == "amount":
        found = find_amounts(_fold(text))
        if not found:
            return None, STATUS_INVALID, f"not an amount: {text!r}"
        return format_decimal(found[0][2].value), STATUS_UNCHECKED, ""
    if spec.type == "date":
        found = find_dates(_fold(text), prefer=spec.date_order)
        if not found:
            return None, STATUS_INVALID, f"not a date: {text!r}"
        d = found[0].date
        if d.note:
            return d.iso, STATUS_AMBIGUOUS, d.note
        return d.iso, STATUS_UNCHECKED, ""
    raise ValueError(f"unknown type {spec.type!r}")  # parse_field_spec prevents this


# --------------------------------------------------------------------------- extraction

def _candidates(spec: FieldSpec, lines: Sequence[Line]) -> Iterable[Tuple[Line, Line, str, str]]:
    """(label line, value line, value text, how) in the order they should be tried."""
    pats = [_label_regex(lab) for lab in spec.labels]
    for l in lines:
        text = _fold(l.text)
        for pat in pats:
            m = pat.search(text)
            if not m:
                continue
            if spec.where in ("right", "any"):
                rest = text[m.end():].strip(" \t:#-=")
                if rest:
                    yield l, l, rest, "right of label on the same line"
                for r in _right_lines(l, lines)[:3]:
                    yield l, r, _fold(r.text), "right of label"
            if spec.where in ("below", "any"):
                for b in _below_lines(l, lines)[:2]:
                    yield l, b, _fold(b.text), "below label"
            break


def _extract_one(spec: FieldSpec, lines: Sequence[Line]) -> Optional[Field]:
    first_bad: Optional[Field] = None
    for label_line, value_line, text, how in _candidates(spec, lines):
        got = _apply_regex(spec, text)
        if got is None:
            continue
        if spec.type != "text" and not re.search(r"\d", got[0]):
            continue  # another label or a word: not a value of a numeric type
        raw, _ = got
        value, status, msg = _normalise(spec, raw)
        line_nos = sorted({label_line.line_no, value_line.line_no})
        f = Field(name=spec.name, raw=raw, value=value, type=spec.type,
                  conf=round(float(value_line.conf), 4), box=list(value_line.box),
                  line_nos=line_nos, status=status,
                  message=(msg + "; " if msg else "") + f"{how} (label {spec.label!r})",
                  extractor=EXTRACTOR)
        if status != STATUS_INVALID:
            return f
        if first_bad is None:
            first_bad = f
    if first_bad is not None:
        return first_bad
    if spec.required:
        return Field(name=spec.name, raw=None, value=None, type=spec.type, conf=0.0,
                     status=STATUS_MISSING, message=f"label {spec.label!r} not found"
                     + (f" with a value matching {spec.regex!r}" if spec.regex else ""),
                     extractor=EXTRACTOR)
    return None


def extract_custom(lines: Sequence[Line], specs: Sequence[FieldSpec]) -> List[Field]:
    """One Field per spec found (and per required spec not found, with status "missing")."""
    lines = [l for l in lines if l.text and l.box]
    out = []
    for spec in specs:
        f = _extract_one(spec, lines)
        if f is not None:
            out.append(f)
    return out
