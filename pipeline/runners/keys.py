"""Cache keys of page results: the document's content hash and page number, the options that
change the page image or its reading, the sha256 of every model involved, and the renderer's
version (a rendered PDF page is a function of all of these)."""
from __future__ import annotations

from typing import Dict

from importlib.metadata import version

from ..engine.cache import make_key
from ..engine.manifest import get_spec, model_sha256

# bump when extraction rules change what they return for the same lines
EXTRACT_VERSION = 2

OCR_MODELS = ("ocr_det", "ocr_cls", "ocr_rec")


def model_shas(names=OCR_MODELS) -> Dict[str, str]:
    return {n: model_sha256(get_spec(n)) for n in names}


class PageKeys:
    def __init__(self, ingest_key: dict, ocr_key: dict, shas: Dict[str, str], fields_key: dict):
        # the fields are stored with the page's lines (cheque signatures need the page image),
        # so their options are part of the key too
        self.parts = [ingest_key, ocr_key, shas, fields_key, version("pymupdf"), EXTRACT_VERSION]

    def processing_key(self) -> str:
        """Fingerprint of the models and options (the ``documents.processing_key`` column)."""
        return make_key("processing", *self.parts).hex()[:32]

    def doc(self, sha256: str) -> bytes:
        return make_key("doc-pages", sha256, *self.parts)

    def page(self, sha256: str, page: int) -> bytes:
        return make_key("page", sha256, page, *self.parts)
