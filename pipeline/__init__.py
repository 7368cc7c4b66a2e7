"""mmbatch: batch, offline multimodal document processing.

    import mmbatch

    summary = mmbatch.extract(["scans/"], "out/", dpi=300)   # what `mmbatch extract` does
    result = mmbatch.compare(["scans/"], "out/")              # what `mmbatch compare` does
    pages = mmbatch.ocr("cheque.png")                         # one document's pages and fields

Options are the command line's, by their job-file names (see ``mmbatch.api``). Installed under
the import name ``mmbatch`` (the folder in the repository is ``pipeline/``; every import inside
the package is relative, so a checkout also imports it as ``pipeline``).

``extract``, ``compare`` and ``ocr`` here are the API's functions, although the package also has
modules of those names (``extract/``, ``compare/``, ``ocr.py``): import those by their full
names (``from mmbatch.ocr import OcrPipeline``), not as ``from mmbatch import ocr``.
"""
import sys as _sys
import types as _types

__version__ = "0.1.0"


class _Package(_types.ModuleType):
    """Importing a submodule sets it as an attribute of its package; for ``extract``,
    ``compare`` and ``ocr`` the API's function keeps the name (the module is in sys.modules)."""

    def __setattr__(self, name, value):
        if name in ("extract", "compare", "ocr") and isinstance(value, _types.ModuleType):
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package

from .api import compare, extract, ocr, option_names  # noqa: E402  (after the guard above)

_LAZY = {
    "RunSummary": "runners.driver", "CompareSummary": "compare.run",
    "PageResult": "document", "Line": "document", "Word": "document",
    "Field": "extract.types",
    "MmbatchError": "errors", "UsageError": "errors", "DocumentError": "errors",
    "ModelError": "errors", "VlmUnavailable": "errors", "LockedError": "output.lock",
}
__all__ = ["__version__", "extract", "compare", "ocr", "option_names", *_LAZY]


def __getattr__(name: str):
    """The result types and errors, loaded on first use (``import mmbatch`` stays quick)."""
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
