"""The Parquet dataset and run manifest of one real extract run over sample_docs."""
from __future__ import annotations

import json

import pyarrow.parquet as pq

from conftest import SAMPLES, read_table, truth
from pipeline.output.schemas import LINES, PAGES, DOCUMENTS, SCHEMA_VERSION


def _docs(out):
    return {r["path"].split("/")[-1]: r for r in read_table(out, "documents").to_pylist()}


def test_schemas_and_version_metadata(sample_run):
    _, out = sample_run
    for table, schema in [("documents", DOCUMENTS), ("pages", PAGES), ("lines", LINES)]:
        f = next((out / table).glob("run_date=*/part-*.parquet"))
        got = pq.read_schema(f)
        assert got.remove_metadata().equals(schema), table
        assert got.metadata[b"mmbatch.schema_version"] == SCHEMA_VERSION.encode()


def test_row_counts(sample_run):
    summary, out = sample_run
    cheques = sorted((SAMPLES / "cheques").iterdir())
    docs = read_table(out, "documents")
    # every cheque, both PDFs and the two bad files; the .txt is skipped and counted
    assert docs.num_rows == len(cheques) + 2 + 2
    assert summary.skipped_files == 1
    pages = read_table(out, "pages")
    assert pages.num_rows == len(cheques) + 1 + 2
    lines = read_table(out, "lines")
    assert lines.num_rows == summary.lines
    assert sum(r["line_count"] for r in pages.to_pylist()) == lines.num_rows


def test_error_rows_for_bad_files(sample_run):
    summary, out = sample_run
    docs = _docs(out)
    assert docs["empty.png"]["status"] == "error"
    assert docs["empty.png"]["error"] == "file is empty (0 bytes)"
    assert docs["truncated.jpg"]["status"] == "error"
    assert "truncated" in docs["truncated.jpg"]["error"]
    assert summary.errors == 2
    ok = [d for d in docs.values() if d["status"] == "ok"]
    assert all(d["error"] is None for d in ok)
    assert all(len(d["document_id"]) == 64 for d in docs.values())


def test_document_identity_is_the_content_hash(sample_run):
    import hashlib

    _, out = sample_run
    docs = _docs(out)
    p = SAMPLES / "cheques" / "cheque_01.png"
    assert docs["cheque_01.png"]["document_id"] == hashlib.sha256(p.read_bytes()).hexdigest()
    assert docs["cheque_01.png"]["size_bytes"] == p.stat().st_size


def test_born_digital_pdf_uses_the_text_layer_with_exact_text(sample_run):
    _, out = sample_run
    t = truth("born_digital")
    pages = [p for p in read_table(out, "pages").to_pylist() if p["path"].endswith("born_digital.pdf")]
    assert [p["source"] for p in pages] == ["text_layer"]
    assert pages[0]["units"] == "pt" and pages[0]["dpi"] is None
    lines = [l for l in read_table(out, "lines").to_pylist() if l["path"].endswith("born_digital.pdf")]
    assert [l["text"] for l in lines] == t["pages"][0]["lines"]
    assert all(l["words"] for l in lines)  # word boxes from the text layer
    w0 = lines[0]["words"][0]
    assert w0["text"] == t["pages"][0]["lines"][0].split()[0]


def test_scanned_pdf_takes_the_ocr_path(sample_run):
    _, out = sample_run
    t = truth("scanned_letter")
    pages = [p for p in read_table(out, "pages").to_pylist() if p["path"].endswith("scanned_letter.pdf")]
    assert [p["source"] for p in pages] == ["ocr", "ocr"]
    assert all(p["dpi"] == 200.0 and p["units"] == "pt" for p in pages)
    for p, tp in zip(pages, t["pages"]):
        got = p["text"].splitlines()
        exact = sum(1 for line in tp["lines"] if line in got)
        assert exact >= 0.7 * len(tp["lines"]), (got, tp["lines"])
        assert 0.9 < p["mean_conf"] <= 1.0
    # boxes are in PDF points (the page is 612 x 792 pt), not render pixels
    lines = [l for l in read_table(out, "lines").to_pylist() if l["path"].endswith("scanned_letter.pdf")]
    assert max(pt["x"] for l in lines for pt in l["box"]) <= 612
    assert max(pt["y"] for l in lines for pt in l["box"]) <= 792


def test_manifest(sample_run):
    summary, out = sample_run
    m = json.loads((out / "runs" / f"{summary.run_id}.json").read_text())
    assert m["run_id"] == summary.run_id
    assert m["counts"] == {"documents": summary.documents, "pages": summary.pages,
                           "lines": summary.lines, "fields": summary.fields, "errors": 2,
                           "skipped_files": 1, "already_done": 0, "duplicates": 0}
    from pipeline.engine.manifest import get_spec

    assert set(m["models"]) == {"ocr_det", "ocr_det_int8", "ocr_cls", "ocr_rec", "page_orient"}
    for name in m["models"]:
        assert m["models"][name]["sha256"] == get_spec(name).sha256
    assert m["options"]["ingest"]["dpi"] == 200.0
    assert m["providers"][0] == "CPUExecutionProvider"
    assert m["started_at"] <= m["ended_at"]
    assert set(m["files"]) == {"documents", "pages", "lines", "fields"}
    # one file per table per committed part (a part every 200 documents or 60 s)
    assert all(len(v) == m["parts"] and all(f.startswith(f"{k}/run_date=") for f in v)
               for k, v in m["files"].items())
    assert not (out / "_staging").exists()


def test_every_row_carries_the_run_id(sample_run):
    summary, out = sample_run
    for table in ("documents", "pages", "lines"):
        assert set(read_table(out, table).column("run_id").to_pylist()) == {summary.run_id}


def test_duckdb_reads_the_readme_query(sample_run):
    import duckdb
    _, out = sample_run
    rows = duckdb.sql(f"select path, page, text from '{out}/lines/**/*.parquet' limit 5").fetchall()
    assert len(rows) == 5
    for table in ("documents", "pages", "lines", "fields"):
        n, dates = duckdb.sql(f"select count(*), count(distinct run_date) from read_parquet("
                              f"'{out}/{table}/**/*.parquet', hive_partitioning = true)").fetchall()[0]
        assert n == read_table(out, table).num_rows and dates == 1
