"""The Python API: what ``mmbatch extract`` and ``mmbatch compare`` do, and the OCR of one file
or image, as functions that return typed results (dataclasses).

    import mmbatch

    summary = mmbatch.extract(["scans/"], "out/", dpi=300, workers=2)   # -> RunSummary
    result = mmbatch.compare(["scans/"], "out/")                          # -> CompareSummary
    pages = mmbatch.ocr("cheque.png")                                     # -> [PageResult]

Options are the command's options under their job-file names (``--max-memory`` is
``max_memory``), checked by the same parsers as on the command line and in job files: a bad
value raises ``UsageError`` with the same message, prefixed by the option's name. A value may be
given as the command line would give it (``max_memory="2G"``) or typed (``dpi=300``,
``ocr_all=True``); a repeatable option takes a list (``field=[...]``), or one string for one
item. Errors are the package's exceptions (``pipeline.errors``), each with the exit code the
command would exit with.
"""
from __future__ import annotations

import difflib
import hashlib
import io
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Union

from .errors import DocumentError, UsageError
from .options import catalogue as cat
from .options.types import OptionError, PathValue

if TYPE_CHECKING:  # the rest loads when a function runs: ``import mmbatch`` stays quick
    from .compare.run import CompareSummary
    from .document import PageResult
    from .extract.fields import FieldOptions
    from .ingest.document import IngestOptions, InputFile
    from .ocr import OcrPipeline
    from .runners.driver import RunSummary

logger = logging.getLogger("mmbatch")

# what ocr() accepts: the options of extract that change how one document is read, OCR'd and
# its fields extracted (not where results go, nor how a batch runs)
OCR_CONFIGS = ("ingest", "ocr", "fields")


# ------------------------------------------------------------------------ options


def option_names(command: str) -> List[str]:
    """The options ``extract``, ``compare`` or ``ocr`` accept, in the catalogue's order."""
    if command == "ocr":
        return [o.name for o in cat.for_command(cat.EXTRACT)
                if any(t.split(".", 1)[0] in OCR_CONFIGS for t in o.targets)]
    return [o.name for o in cat.for_command(command) if o.name != "out"]


def _values(function: str, given: Dict[str, Any]) -> Dict[str, Any]:
    """Every option of the command behind ``function`` (``ocr`` reads pages as ``extract``
    does): its default, or the value given, parsed as the command line and job files parse it."""
    command = cat.EXTRACT if function == "ocr" else function
    allowed = option_names(function)
    opts = cat.by_name(command)
    for name in given:
        if name not in allowed:
            close = difflib.get_close_matches(name, allowed, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise UsageError(f"{name}: not an option of mmbatch.{function}(){hint} "
                             f"(its options: {', '.join(allowed)})")
    values: Dict[str, Any] = {}
    for name, opt in opts.items():
        if name in given:
            value = given[name]
            if isinstance(value, os.PathLike) and isinstance(opt.type, PathValue):
                value = os.fspath(value)
            if opt.multiple and isinstance(value, (str, os.PathLike)):
                value = [os.fspath(value)]
            elif opt.multiple and isinstance(value, (list, tuple)):
                value = [os.fspath(v) if isinstance(v, os.PathLike) else v for v in value]
        elif opt.default is None or opt.is_flag or opt.negatable:
            values[name] = opt.default
            continue
        else:
            value = opt.default
        try:
            values[name] = opt.parse(value)
        except OptionError as e:
            raise UsageError(f"{name}: {e}") from None
    return values


def _inputs(inputs: Union[str, os.PathLike, Iterable[Union[str, os.PathLike]]]) -> List[str]:
    if isinstance(inputs, (str, os.PathLike)):
        return [os.fspath(inputs)]
    out = [os.fspath(x) for x in inputs]
    if not out:
        raise UsageError("no inputs: give files, folders or globs")
    return out


def _out(out: Union[str, os.PathLike], command: str) -> str:
    try:
        return cat.by_name(command)["out"].parse(os.fspath(out))
    except OptionError as e:
        raise UsageError(f"out: {e}") from None
    except TypeError:
        raise UsageError(f"out: expected a folder path, got {out!r}") from None


def _log(values: Dict[str, Any]):
    """Run events: as JSON lines on stderr with ``log_format="json"`` (as the command prints
    them), otherwise to the ``mmbatch`` logger."""
    if values.get("log_format") == "json":
        def log(event: str, data: dict) -> None:
            print(json.dumps({"ts": time.time(), "event": event, "job": None, **data},
                             default=str), file=sys.stderr, flush=True)
    else:
        def log(event: str, data: dict) -> None:
            logger.info("%s: %s", event, data)
    return log


# ------------------------------------------------------------------------ extract and compare


def extract(inputs, out, **options) -> "RunSummary":
    """Extract text and fields from ``inputs`` (files, folders searched recursively, or globs;
    one path or a list) into the Parquet dataset at ``out``, as ``mmbatch extract`` does, and
    return the run's ``RunSummary`` (documents, pages, lines, fields, errors, ``failed``
    messages, ``run_id``, ``manifest_path``).

    ``options``: those of ``mmbatch extract`` by their job-file names (``option_names
    ("extract")``), e.g. ``dpi=300``, ``workers=2``, ``max_memory="2G"``, ``cache="cache/"``,
    ``field=["invoice_no:label=Invoice No"]``, ``doc_type="receipt"``. ``compare=True`` and
    ``report=True`` then compare the pages and write ``out/report.html`` as the command does
    (call ``compare()`` instead to get its summary). A document that cannot be read is an
    ``error`` row and counted in ``errors``; nothing is raised for it. Raises ``UsageError``
    (a bad option or output folder), ``LockedError`` (another run holds ``out``; ``wait=True``
    waits), ``ModelError``, ``VlmUnavailable``."""
    from .options.settings import build
    from .runners.driver import run_extract

    values = _values(cat.EXTRACT, options)
    values["out"] = out = _out(out, cat.EXTRACT)
    paths = _inputs(inputs)
    s = build(cat.EXTRACT, values, log=_log(values))
    summary = run_extract(paths, out, ingest=s.ingest, ocr_options=s.ocr, run=s.run,
                          fields=s.fields)
    compared = None
    if values.get("compare"):
        from .compare.run import run_compare

        compared = run_compare(paths, out, options=s.compare, run=s.run, ingest=s.ingest,
                               ocr_options=s.ocr, fields=s.fields)
    if values.get("report"):
        from .report import ReportOptions, build_report

        ids = [summary.run_id] + ([compared.run_id] if compared is not None else [])
        build_report(out, Path(out) / "report.html", ReportOptions(run_ids=ids))
    return summary


def compare(inputs, out=None, **options) -> "CompareSummary":
    """Compare every page of ``inputs`` with every other, as ``mmbatch compare`` does: writes
    the ``comparisons`` and ``groups`` tables to the dataset at ``out`` and returns the run's
    ``CompareSummary`` (pages, candidates, ``verdicts`` counts, duplicate and template groups).
    Pages come from the cache that an extract run with the same options filled.

    ``options``: those of ``mmbatch compare`` (``option_names("compare")``), e.g.
    ``image_model=...``, ``align=False``, ``only_matches=True``, ``cache=...``,
    ``against="archive/"`` (also check against every page that dataset's archive holds, then
    add these to it; ``out`` defaults to it)."""
    from .compare.run import run_compare
    from .options.settings import build

    values = _values(cat.COMPARE, options)
    if out is None:
        if not values.get("against"):
            raise UsageError("compare(): give out= or against=")
        out = values["against"]
    values["out"] = out = _out(out, cat.COMPARE)
    s = build(cat.COMPARE, values, log=_log(values))
    return run_compare(_inputs(inputs), out, options=s.compare, run=s.run, ingest=s.ingest,
                       ocr_options=s.ocr, fields=s.fields)


# ------------------------------------------------------------------------ one document


def _as_input(source: Any, max_bytes: Optional[int]) -> "InputFile":
    """A file path, the bytes of a file, a PIL image or an image array as one input file."""
    from .ingest.document import InputFile, read_input, sniff

    if isinstance(source, (str, os.PathLike)):
        if not os.path.lexists(source):
            raise DocumentError("no such file")
        return read_input(Path(source), max_bytes)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        return InputFile(Path("<bytes>"), data, hashlib.sha256(data).hexdigest(), sniff(data))
    from PIL import Image

    if not isinstance(source, Image.Image):
        import numpy as np

        if not isinstance(source, np.ndarray):
            raise UsageError(f"ocr(): expected a path, the bytes of a file, a PIL image or an "
                             f"image array, got {type(source).__name__}")
        if source.dtype != np.uint8 or source.ndim not in (2, 3) \
                or (source.ndim == 3 and source.shape[2] not in (3, 4)):
            raise UsageError(f"ocr(): an image array must be uint8 of shape (h, w), (h, w, 3) "
                             f"RGB or (h, w, 4) RGBA, got {source.dtype} {source.shape}")
        source = Image.fromarray(source)
    buf = io.BytesIO()
    source.save(buf, "PNG")  # lossless; read back through the same checks as a file
    data = buf.getvalue()
    return InputFile(Path("<image>"), data, hashlib.sha256(data).hexdigest(), "png")


def ocr(source, **options) -> List["PageResult"]:
    """The pages of one document, each a ``PageResult`` with its ``lines`` (``Line``: text,
    conf, box, ``words``) in reading order and, unless ``no_fields=True``, its ``doc_type`` and
    ``fields`` (``Field``: name, raw, value, type, conf, box, status, message).

    ``source``: a path to an image or PDF, the bytes of one, a PIL image or an image array
    (uint8 RGB, RGBA or grey). A PDF page with a text layer is read from it (``source ==
    "text_layer"``) unless ``text_layer="ignore"`` (or ``ocr_all=True``) or the layer fails its
    checks (``PageResult.note`` says why). An OCR page turned 90/180/270 is read upright
    (``PageResult.rotation``). Coordinates are pixels for images and PDF points for PDF pages
    (``PageResult.units``), those of the page as given.

    ``options``: the options of ``mmbatch extract`` that change how a document is read
    (``option_names("ocr")``): ``dpi``, ``ocr_all``, ``text_layer``, ``orientation``,
    ``pdf_password``, ``pages``, the limits
    (``max_pixels``, ``max_pages``, ``doc_timeout``, ``max_file_size``), ``device``,
    ``threads``, ``doc_type``, ``field``, ``fields_file``, ``no_fields``. Nothing is cached and
    nothing written. The models are loaded once per process and set of options.

    Raises ``DocumentError`` (the message the ``documents`` row would hold) when the document
    cannot be read, ``UsageError`` for a bad option."""
    from .ingest.limits import time_limit
    from .options.settings import build
    from .runners.process import process_document
    from .runners.worker import pipeline_for

    values = _values("ocr", options)
    s = build(cat.EXTRACT, values)
    ocr_pipeline = pipeline_for(s.ocr)
    with time_limit(s.ingest.doc_timeout):
        try:
            f = _as_input(source, s.ingest.max_file_bytes)
        except DocumentError as e:
            raise DocumentError(f"{_name(source)}: {e}") from None
        res = process_document(f, ocr_pipeline, s.ingest, None, s.fields)
    if res.status != "ok":
        raise DocumentError(f"{_name(source)}: {res.error}")
    return res.pages


def _name(source: Any) -> str:
    return os.fspath(source) if isinstance(source, (str, os.PathLike)) else \
        f"<{type(source).__name__}>"


# ------------------------------------------------------------------------ older entry points

_default: Optional["OcrPipeline"] = None


def default_ocr() -> "OcrPipeline":
    global _default
    if _default is None:
        from .ocr import OcrPipeline

        _default = OcrPipeline()
    return _default


def ocr_file(path, ocr: Optional["OcrPipeline"] = None, ingest: Optional["IngestOptions"] = None,
             fields: Optional["FieldOptions"] = None) -> List["PageResult"]:
    """Pages of one file with their lines (text layer or OCR), and their fields when ``fields``
    is given, with settings objects rather than options (``ocr()`` is the same by option
    names). Raises DocumentError."""
    from .ingest.document import IngestOptions, read_input
    from .runners.process import process_document

    res = process_document(read_input(Path(path)), ocr or default_ocr(), ingest or IngestOptions(),
                           fields=fields)
    if res.status != "ok":
        raise DocumentError(f"{path}: {res.error}")
    return res.pages


_LAZY = {"RunSummary": "runners.driver", "CompareSummary": "compare.run",
         "FieldOptions": "extract.fields", "IngestOptions": "ingest.document",
         "OcrOptions": "ocr", "OcrPipeline": "ocr"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["extract", "compare", "ocr", "option_names", "ocr_file", *_LAZY]
