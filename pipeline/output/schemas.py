"""The Arrow schemas of the output tables: a contract with the warehouse.

Column names are snake_case and stable. A change is additive (new nullable columns at the end)
and bumps ``SCHEMA_VERSION``, which every Parquet file carries in its metadata
(``mmbatch.schema_version``).

Changes:
  1  documents, pages, lines
  2  fields table; pages.doc_type; documents.processing_key
"""
from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "2"

POINT = pa.struct([("x", pa.float64()), ("y", pa.float64())])
POLYGON = pa.list_(POINT)
WORD = pa.struct([("text", pa.string()), ("conf", pa.float32()), ("box", POLYGON)])

_RUN = [
    pa.field("run_id", pa.string(), nullable=False),
    pa.field("run_ts", pa.timestamp("us", tz="UTC"), nullable=False),
]

DOCUMENTS = pa.schema(_RUN + [
    pa.field("document_id", pa.string(), nullable=False),   # sha256 of the file's bytes
    pa.field("path", pa.string(), nullable=False),
    pa.field("size_bytes", pa.int64()),
    pa.field("file_type", pa.string()),                      # pdf, jpeg, png, tiff, ...
    pa.field("page_count", pa.int32()),
    pa.field("status", pa.string(), nullable=False),         # ok | error
    pa.field("error", pa.string()),
    pa.field("ocr_pages", pa.int32()),
    pa.field("text_layer_pages", pa.int32()),
    pa.field("seconds", pa.float64()),                       # wall time for this document
    pa.field("processing_key", pa.string()),                 # models + options fingerprint (v2)
])

PAGES = pa.schema(_RUN + [
    pa.field("document_id", pa.string(), nullable=False),
    pa.field("path", pa.string(), nullable=False),
    pa.field("page", pa.int32(), nullable=False),            # from 1
    pa.field("width", pa.float64()),
    pa.field("height", pa.float64()),
    pa.field("units", pa.string()),                          # pt (PDF points) | px (image pixels)
    pa.field("dpi", pa.float64()),                           # render dpi of OCR'd PDF pages
    pa.field("source", pa.string()),                         # text_layer | ocr
    pa.field("text", pa.string()),                           # full text in reading order
    pa.field("mean_conf", pa.float64()),
    pa.field("line_count", pa.int32()),
    pa.field("seconds", pa.float64()),
    pa.field("doc_type", pa.string()),                       # cheque | receipt | other (v2)
])

LINES = pa.schema(_RUN + [
    pa.field("document_id", pa.string(), nullable=False),
    pa.field("path", pa.string(), nullable=False),
    pa.field("page", pa.int32(), nullable=False),
    pa.field("line_no", pa.int32(), nullable=False),         # reading order from 0
    pa.field("text", pa.string()),
    pa.field("conf", pa.float32()),
    pa.field("box", POLYGON),                                # page coordinates, clockwise from top-left
    pa.field("words", pa.list_(WORD)),                       # text layer words, or OCR words placed
                                                             # from the recogniser character steps
])

FIELDS = pa.schema(_RUN + [
    pa.field("document_id", pa.string(), nullable=False),
    pa.field("path", pa.string(), nullable=False),
    pa.field("page", pa.int32(), nullable=False),
    pa.field("doc_type", pa.string()),                       # cheque | receipt | other
    pa.field("field", pa.string(), nullable=False),          # payee, amount, micr_routing, ...
    pa.field("raw_value", pa.string()),                      # as read
    pa.field("value", pa.string()),                          # normalised: decimal, ISO date ...
    pa.field("type", pa.string()),                           # text | number | amount | date | bool
    pa.field("confidence", pa.float32()),
    pa.field("box", POLYGON),                                # page coordinates of its text
    pa.field("line_nos", pa.list_(pa.int32())),              # lines.line_no it came from
    pa.field("status", pa.string()),                         # ok | unchecked | invalid | ambiguous | missing
    pa.field("message", pa.string()),
    pa.field("extractor", pa.string()),                      # rules | custom | ...
])

TABLES = {"documents": DOCUMENTS, "pages": PAGES, "lines": LINES, "fields": FIELDS}

# string columns with few distinct values get dictionary encoding; the others do not
# (dictionary on every column made the lines table larger)
DICTIONARY_COLUMNS = ["run_id", "file_type", "status", "units", "source", "doc_type", "field",
                      "type", "extractor", "processing_key"]
