"""The typed result of field extraction: one ``Field`` becomes one row of the ``fields`` table."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

from ..document import Polygon

# validation status values (a contract with the warehouse: keep them stable)
STATUS_OK = "ok"                # found and, where a check exists, it passed
STATUS_UNCHECKED = "unchecked"  # found, nothing to validate it against
STATUS_INVALID = "invalid"      # found, but a check failed (see message)
STATUS_AMBIGUOUS = "ambiguous"  # found, normalised under an assumption (see message)
STATUS_MISSING = "missing"      # required field not found


@dataclass
class Field:
    name: str                      # snake_case field name, e.g. "payee", "micr_routing"
    raw: Optional[str]             # text as read (None when missing)
    value: Optional[str]           # normalised value as a string (decimal, ISO date, digits ...)
    type: str                      # "text", "number", "amount", "date", "bool"
    conf: float                    # 0..1
    box: Optional[Polygon] = None  # page coordinates of the source text
    line_nos: List[int] = field(default_factory=list)  # Line.line_no values it came from
    status: str = STATUS_UNCHECKED
    message: str = ""
    extractor: str = "rules"       # which extractor produced it
