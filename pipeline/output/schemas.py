"""The Arrow schemas of the output tables: a contract with the warehouse.

Column names are snake_case and stable. A change is additive (new nullable columns at the end)
and bumps ``SCHEMA_VERSION``, which every Parquet file carries in its metadata
(``mmbatch.schema_version``).

Changes:
  1  documents, pages, lines
  2  fields table; pages.doc_type; documents.processing_key
  3  comparisons and groups tables
  4  answers table (mmbatch ask: a vision-language model's answers about images)
  5  comparisons.aligned_score, comparisons.aligned_worst_score
  6  documents.duplicate_of: a row for every input, status 'duplicate' for one with the same
     bytes as another input of the run (its document_id is that input's)
  7  lines.block: the paragraph/column block of a line, numbered in reading order;
     pages.rotation: the turn (degrees clockwise, 0/90/180/270) an OCR page was read at;
     comparisons.differing_fields: an ``altered`` pair's differing fields (field, both values,
     the correlation of the ink where the field sits);
     pages.note: why a page was read the way it was (a text layer not trusted and OCR'd, a page
     rendered below --dpi to fit --max-pixels)
"""
from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "7"

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
    pa.field("status", pa.string(), nullable=False),         # ok | error | duplicate (v6)
    pa.field("error", pa.string()),
    pa.field("ocr_pages", pa.int32()),
    pa.field("text_layer_pages", pa.int32()),
    pa.field("seconds", pa.float64()),                       # wall time for this document
    pa.field("processing_key", pa.string()),                 # models + options fingerprint (v2)
    pa.field("duplicate_of", pa.string()),                   # status duplicate: the path read (v6)
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
    pa.field("rotation", pa.int32()),                        # OCR: page turned 0/90/180/270 (v7)
    pa.field("note", pa.string()),                           # why read so, e.g. text layer OCR'd (v7)
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
    pa.field("block", pa.int32()),                           # paragraph/column block, in reading
                                                             # order (v7; null: cached before v7)
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
    pa.field("extractor", pa.string()),                      # rules:cheque | custom | vlm:<backend>:<model> ...
])

TABLES = {"documents": DOCUMENTS, "pages": PAGES, "lines": LINES, "fields": FIELDS}

# string columns with few distinct values get dictionary encoding; the others do not
# (dictionary on every column made the lines table larger)
DICTIONARY_COLUMNS = ["run_id", "file_type", "status", "units", "source", "doc_type", "field",
                      "type", "extractor", "processing_key"]

# --- compare (v3): written by ``mmbatch compare`` and ``mmbatch extract --compare`` ---------------

COMPARISONS = pa.schema(_RUN + [
    pa.field("document_id_a", pa.string(), nullable=False),
    pa.field("path_a", pa.string(), nullable=False),
    pa.field("page_a", pa.int32(), nullable=False),
    pa.field("document_id_b", pa.string(), nullable=False),
    pa.field("path_b", pa.string(), nullable=False),
    pa.field("page_b", pa.int32(), nullable=False),
    pa.field("phash_score", pa.float32()),                   # 1 - Hamming distance / 64
    pa.field("image_score", pa.float32()),                   # cosine of the image embeddings
    pa.field("text_overlap_score", pa.float32()),            # Jaccard of text shingles
    pa.field("text_semantic_score", pa.float32()),           # cosine of the text embeddings
    pa.field("micr_score", pa.float32()),                    # cheques: see README; null: not two cheques
    pa.field("score", pa.float32()),                         # combined, 0..1
    # duplicate | altered | near_duplicate | same_template | different
    pa.field("verdict", pa.string(), nullable=False),
    pa.field("reason", pa.string()),
    # v5: page b registered onto page a, the tiles' ink correlation: 10th percentile and lowest;
    # null: not measured (pages that do not look alike, or settled by MICR or text) or no fit
    pa.field("aligned_score", pa.float32()),
    pa.field("aligned_worst_score", pa.float32()),
    # v7: verdict ``altered`` (the same document with another payee, amount, date or total):
    # the fields that differ, the value each page reads (null: not read) and the correlation of
    # the two pages' ink over the field (null: not measured); null for other verdicts
    pa.field("differing_fields", pa.list_(pa.struct([
        ("field", pa.string()), ("value_a", pa.string()), ("value_b", pa.string()),
        ("ink_score", pa.float32())]))),
])

GROUPS = pa.schema(_RUN + [
    pa.field("group_id", pa.string(), nullable=False),       # dup-<n> | tpl-<n>, unique in a run
    pa.field("kind", pa.string(), nullable=False),           # duplicate | template
    pa.field("size", pa.int32(), nullable=False),            # pages in the group
    pa.field("document_id", pa.string(), nullable=False),
    pa.field("path", pa.string(), nullable=False),
    pa.field("page", pa.int32(), nullable=False),
])

COMPARE_TABLES = {"comparisons": COMPARISONS, "groups": GROUPS}
DICTIONARY_COLUMNS.extend(["verdict", "kind"])

# --- ask (v4): written by ``mmbatch ask`` ------------------------------------------------------

ANSWERS = pa.schema(_RUN + [
    pa.field("question", pa.string(), nullable=False),
    pa.field("document_ids", pa.list_(pa.string())),         # the images asked about, in order,
    pa.field("paths", pa.list_(pa.string())),                # all sent in one request
    pa.field("pages", pa.list_(pa.int32())),
    pa.field("backend", pa.string()),                        # ollama | openai
    pa.field("model", pa.string()),
    pa.field("model_digest", pa.string()),                   # Ollama's digest, or a hash of the server's model entry
    pa.field("answer", pa.string()),                         # the model's text
    pa.field("answer_json", pa.string()),                    # with --schema: the JSON object
    pa.field("seconds", pa.float64()),                       # 0 when answered from the cache
    pa.field("status", pa.string(), nullable=False),         # ok | error | duplicate (v6)
    pa.field("error", pa.string()),
])

ASK_TABLES = {"answers": ANSWERS}
DICTIONARY_COLUMNS.extend(["backend", "model", "model_digest"])
