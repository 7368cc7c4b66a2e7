"""What a doc type declares (``DocType``, ``FieldDef``) and the registry that holds them.

A doc type registers itself where it is defined; a second doc type of the same name fails loudly.
The registry lists doc types by ``rank`` (lower first), then in the order they registered: this
order is the order of ``names()``, of the ``--doc-type`` choices, and the tie-break when two doc
types score a page equally.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Pattern, Sequence, Tuple

from ..types import Field

__all__ = ["DocType", "FieldDef", "Cue", "Extractor", "Scorer", "DuplicateDocType", "FALLBACK",
           "register", "unregister", "get", "find", "names", "all_types", "doc_type_choices"]

# a classification cue: a pattern in the page's text and the weight it adds
Cue = Tuple[Pattern[str], float]
# scores a page from the texts of its lines
Scorer = Callable[[Sequence[str]], float]
# (lines, width, height, image) -> fields; ``image`` is the page's pixels or None
Extractor = Callable[[list, float, float, Any], List[Field]]

FALLBACK = "other"                 # what a page is when no doc type claims it
FIELD_TYPES = ("text", "number", "amount", "date", "bool")
CHECKS = ("", "aba", "words", "currency")
DATE_ORDERS = ("mdy", "dmy")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class FieldDef:
    """One field a doc type's extractor returns (and a vision-language model may be asked for)."""
    name: str
    type: str                      # one of FIELD_TYPES
    hint: str                      # what to read, as a model is told
    digits: bool = False           # digits only (a "number" also drops leading zeros)
    check: str = ""                # "aba": a US routing number's check digit; "words": an
                                   # amount written in words; "currency": an ISO 4217 code


@dataclass(frozen=True)
class DocType:
    name: str
    phrase: str                                    # a page of this type in a prompt: "a cheque"
    cues: Tuple[Cue, ...] = ()                     # what ``score`` looks for
    score: Optional[Scorer] = None                 # None: never claims a page by its text
    min_score: float = 3.0                         # the least score that claims a page
    fields: Tuple[FieldDef, ...] = ()              # in the order the extractor returns them
    pairs: Tuple[Tuple[str, str], ...] = ()        # fields that must agree with each other
    extract: Optional[Extractor] = None            # None: no fields of its own
    tag: str = ""                                  # the ``extractor`` value of its fields
    date_order: str = "mdy"                        # how an ambiguous numeric date is read
    rank: int = 100                                # place in the registry's order
    variants: Mapping[str, Any] = field(default_factory=dict)  # local conventions, by key

    def field_def(self, name: str) -> Optional[FieldDef]:
        return next((f for f in self.fields if f.name == name), None)

    def field_names(self) -> Tuple[str, ...]:
        return tuple(f.name for f in self.fields)


class DuplicateDocType(ValueError):
    """Two doc types with one name."""


_TYPES: Dict[str, Tuple[int, int, DocType]] = {}   # name -> (rank, sequence, doc type)
_SEQ = [0]


def _bad(dt: DocType, msg: str) -> ValueError:
    return ValueError(f"doc type {dt.name!r}: {msg}")


def _validate_fields(dt: DocType) -> None:
    seen = set()
    for f in dt.fields:
        if f.name in seen or not _NAME.match(f.name):
            raise _bad(dt, f"field {f.name!r} is not snake_case or is declared twice")
        if f.type not in FIELD_TYPES or f.check not in CHECKS:
            raise _bad(dt, f"field {f.name!r}: type {f.type!r} or check {f.check!r} is unknown")
        seen.add(f.name)
    for a, b in dt.pairs:
        if a not in seen or b not in seen:
            raise _bad(dt, f"pair ({a!r}, {b!r}) names a field it does not declare")
    if dt.fields and dt.extract is None:
        raise _bad(dt, "declares fields but no extractor")


def _validate(dt: DocType) -> None:
    if not isinstance(dt.name, str) or not _NAME.match(dt.name) or dt.name == "auto":
        raise _bad(dt, "the name must be snake_case and not 'auto'")
    if dt.date_order not in DATE_ORDERS:
        raise _bad(dt, f"date_order must be one of {', '.join(DATE_ORDERS)}")
    _validate_fields(dt)


def register(dt: DocType) -> DocType:
    """Add a doc type; a name already registered raises ``DuplicateDocType``."""
    _validate(dt)
    if dt.name in _TYPES:
        raise DuplicateDocType(f"doc type {dt.name!r} is registered twice")
    _SEQ[0] += 1
    _TYPES[dt.name] = (dt.rank, _SEQ[0], dt)
    return dt


def unregister(name: str) -> DocType:
    """Remove a doc type (tests, and code that registers its own for a while)."""
    return _TYPES.pop(name)[2]


def all_types() -> Tuple[DocType, ...]:
    return tuple(t[2] for t in sorted(_TYPES.values(), key=lambda t: t[:2]))


def names() -> Tuple[str, ...]:
    return tuple(dt.name for dt in all_types())


def get(name: str) -> DocType:
    try:
        return _TYPES[name][2]
    except KeyError:
        raise KeyError(f"unknown doc type {name!r} (known: {', '.join(names())})") from None


def find(name: Optional[str]) -> Optional[DocType]:
    """The doc type of that name, or None."""
    t = _TYPES.get(name or "")
    return t[2] if t else None


def doc_type_choices() -> Tuple[str, ...]:
    """The values ``--doc-type`` accepts: "auto" (classify each page), then every doc type."""
    return ("auto", *names())
