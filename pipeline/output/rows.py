"""Table rows of one document's result: its ``documents`` row, and its ``pages``, ``lines`` and
``fields`` rows, keyed like every row of the dataset (run id and time, document id, path)."""
from __future__ import annotations

import os
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..runners.process import DocumentResult


def poly(box) -> list:
    return [{"x": float(x), "y": float(y)} for x, y in box]


def display_path(path) -> str:
    """A path as text for the dataset. A file name that is not valid UTF-8 (Python holds its
    bytes as lone surrogates, which Parquet cannot store) keeps its valid parts and shows each
    invalid byte as ``\\xNN``: readable, and distinct for distinct names."""
    s = os.fspath(path)
    if isinstance(s, bytes):
        s = os.fsdecode(s)
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        try:
            return os.fsencode(s).decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate that did not come from a file name's bytes
            return s.encode("utf-8", "backslashreplace").decode("utf-8")


def rows_for(res: "DocumentResult", run_id: str, run_ts: datetime,
             processing_key: str = "") -> dict:
    f = res.file
    base = {"run_id": run_id, "run_ts": run_ts, "document_id": f.sha256,
            "path": display_path(f.path)}
    doc = dict(base, size_bytes=res.file_size or f.size, file_type=f.file_type,
               page_count=res.page_count if res.status == "ok" else None,
               status=res.status, error=display_path(res.error) if res.error else None,
               ocr_pages=sum(p.source == "ocr" for p in res.pages),
               text_layer_pages=sum(p.source == "text_layer" for p in res.pages),
               seconds=round(res.seconds, 4), processing_key=processing_key or None,
               duplicate_of=display_path(res.duplicate_of) if res.duplicate_of else None)
    pages, lines, fields = [], [], []
    for p, secs in zip(res.pages, res.page_seconds):
        mc = p.mean_conf
        pages.append(dict(base, page=p.page, width=p.width, height=p.height, units=p.units,
                          dpi=p.dpi, source=p.source, text=p.text,
                          mean_conf=None if mc is None else round(mc, 5),
                          line_count=len(p.lines), seconds=round(secs, 4),
                          doc_type=p.doc_type, rotation=p.rotation, note=p.note))
        for fl in p.fields:
            fields.append(dict(base, page=p.page, doc_type=p.doc_type, field=fl.name,
                               raw_value=fl.raw, value=fl.value, type=fl.type,
                               confidence=None if fl.conf is None else round(float(fl.conf), 5),
                               box=None if fl.box is None else poly(fl.box),
                               line_nos=list(fl.line_nos), status=fl.status,
                               message=fl.message or None, extractor=fl.extractor))
        for l in p.lines:
            lines.append(dict(base, page=p.page, line_no=l.line_no, text=l.text, conf=l.conf,
                              box=poly(l.box),
                              words=[{"text": w.text, "conf": w.conf, "box": poly(w.box)}
                                     for w in l.words], block=l.block))
    return {"documents": [doc], "pages": pages, "lines": lines, "fields": fields}
