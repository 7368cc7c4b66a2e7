"""Fields of a page: classify it (a registered doc type, see :mod:`pipeline.extract.doctypes`;
or the user's ``--doc-type``), run the extractor of its doc type, then the user-defined fields.
One ``Field`` is one row of ``fields``."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Tuple

import numpy as np

from ..document import Line
from . import doctypes
from .classify import classify_scored
from .custom import FieldSpec, extract_custom
from .types import STATUS_UNCHECKED, Field
from ..options.model import RESULT, result_field, results_key


def __getattr__(name: str):
    if name == "DOC_TYPES":  # the ``--doc-type`` choices, from the registry (an older name)
        return doctypes.doc_type_choices()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class FieldOptions:
    doc_type: str = result_field("auto")         # auto: classified from the page's content
    custom: Sequence[FieldSpec] = field(default_factory=tuple, metadata=RESULT)
    enabled: bool = result_field(True)

    def key(self) -> dict:
        """What changes the fields (part of cache keys and the run manifest)."""
        return results_key(self, custom=[[s.name, list(s.labels), s.where, s.regex, s.type,
                                          s.required, s.date_order] for s in self.custom])


def extract_fields(lines: List[Line], width: float, height: float,
                   image: Optional[np.ndarray], opts: FieldOptions) -> Tuple[str, List[Field]]:
    """(doc_type, fields) of one page. ``lines`` and ``image`` share one coordinate system."""
    claimed = None
    if opts.doc_type == "auto":  # a page no doc type claims says so too, and how sure that is
        doc_type, conf, scores = classify_scored(lines)
        claimed = doc_type_field(doc_type, conf, scores)
    else:
        doc_type = opts.doc_type
    if not opts.enabled:
        return doc_type, []
    out: List[Field] = []
    dt = doctypes.find(doc_type)
    if dt is not None and dt.extract is not None:
        out.extend(dt.extract(lines, width, height, image))
    if claimed is not None:
        out.append(claimed)
    if opts.custom:
        out.extend(extract_custom(lines, list(opts.custom)))
    return doc_type, out


def doc_type_field(doc_type: str, conf: float, scores: dict) -> Field:
    """A row that says how sure the classification of a page is (``conf``), with every doc
    type's score in its message; on an "other" page, how sure it is that no doc type fits (1.0
    without any evidence, 0.5 at the score a doc type needs)."""
    msg = "scores " + ", ".join(f"{k} {v:g}" for k, v in sorted(scores.items()))
    return Field(name="doc_type", raw=None, value=doc_type, type="text", conf=conf,
                 status=STATUS_UNCHECKED, message=msg, extractor="classify")
