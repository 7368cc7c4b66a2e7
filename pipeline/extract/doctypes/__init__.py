"""Doc types: what a page can be (cheque, receipt, other ...), one module each.

A doc type module declares its name, the cues and function that score a page's text, the least
score that claims a page, its fields (type, the hint a vision-language model is given, the checks
its answer gets, the pairs that check each other), its extractor and the tag on its fields, how it
reads an ambiguous date, and how a prompt names it; then it registers itself. The modules of this
package are found and imported on first use (those whose name starts with ``_`` are the
machinery, not doc types), so adding a doc type is adding a module here.

Classification (``pipeline.extract.classify``), field extraction (``pipeline.extract.fields``),
the vision-language model's fields (``pipeline.vlm.fields``) and the ``--doc-type`` choices read
this registry.
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import List

from ._registry import (FALLBACK, Cue, DocType, DuplicateDocType, Extractor, FieldDef, Scorer,
                        all_types, doc_type_choices, find, get, names, register, unregister)

__all__ = ["DocType", "FieldDef", "Cue", "Extractor", "Scorer", "DuplicateDocType", "FALLBACK",
           "register", "unregister", "get", "find", "names", "all_types", "doc_type_choices",
           "discover", "DOC_TYPE_CHOICES"]


def discover(package: str = __name__) -> List[str]:
    """Import every module of ``package`` whose name does not start with ``_`` (each registers
    its doc type as it is imported; a module imported before is not run again)."""
    pkg = importlib.import_module(package)
    found = []
    for m in pkgutil.iter_modules(pkg.__path__):
        if not m.name.startswith("_"):
            importlib.import_module(f"{package}.{m.name}")
            found.append(m.name)
    return found


def __getattr__(name: str):
    if name == "DOC_TYPE_CHOICES":  # computed on each use: a doc type registered later is in it
        return doc_type_choices()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


discover()
