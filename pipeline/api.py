"""The library's entry points for other programs (and benchmarks): OCR a file, run extract."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

from .document import PageResult
from .errors import DocumentError
from .extract.fields import FieldOptions
from .ingest.document import IngestOptions, read_input
from .ocr import OcrOptions, OcrPipeline
from .runners.process import process_document
from .runners.driver import RunSummary, run_extract

_default: Optional[OcrPipeline] = None


def default_ocr() -> OcrPipeline:
    global _default
    if _default is None:
        _default = OcrPipeline()
    return _default


def ocr_file(path, ocr: Optional[OcrPipeline] = None, ingest: Optional[IngestOptions] = None,
             fields: Optional[FieldOptions] = None) -> List[PageResult]:
    """Pages of one file with their lines (text layer or OCR), and their fields when ``fields``
    is given. Raises DocumentError."""
    res = process_document(read_input(Path(path)), ocr or default_ocr(), ingest or IngestOptions(),
                           fields=fields)
    if res.status != "ok":
        raise DocumentError(f"{path}: {res.error}")
    return res.pages


__all__ = ["ocr_file", "FieldOptions", "run_extract", "RunSummary", "IngestOptions", "OcrOptions", "OcrPipeline"]
