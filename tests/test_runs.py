"""Runs over the sample documents: the cache (second run runs no model, invalidation, fields
extracted again from cached OCR results when only the field options change), worker processes
and batching giving the same lines as one-at-a-time processing."""
from __future__ import annotations

import shutil

import pytest

from conftest import SAMPLES, read_table
from pipeline.runners.driver import RunOptions, run_extract


def _lines(out):
    t = read_table(out, "lines").to_pylist()
    return sorted((r["path"].split("/")[-1], r["page"], r["line_no"], r["text"]) for r in t)


@pytest.fixture(scope="module")
def few(tmp_path_factory):
    d = tmp_path_factory.mktemp("few")
    for name in ("cheque_01.png", "cheque_02.jpg"):
        shutil.copy(SAMPLES / "cheques" / name, d)
    shutil.copy(SAMPLES / "pdfs" / "scanned_letter.pdf", d)
    return d


@pytest.fixture(scope="module")
def first_run(few, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cache-run")
    s = run_extract([str(few)], str(tmp / "out1"), run=RunOptions(workers=1, cache_dir=str(tmp / "c"), quiet=True))
    return tmp, s


def test_second_run_reads_the_cache_and_runs_no_model(few, first_run):
    tmp, s1 = first_run
    assert s1.cached_pages == 0 and s1.ort_seconds > 0
    s2 = run_extract([str(few)], str(tmp / "out2"), run=RunOptions(workers=1, cache_dir=str(tmp / "c"), quiet=True))
    assert s2.cached_pages == s2.pages == 4
    assert s2.ort_seconds == 0
    assert _lines(tmp / "out2") == _lines(tmp / "out1")
    pages1 = read_table(tmp / "out1", "pages").to_pylist()
    pages2 = read_table(tmp / "out2", "pages").to_pylist()
    strip = lambda ps: sorted({k: v for k, v in p.items() if k not in ("run_id", "run_ts", "seconds")}.items() for p in ps)  # noqa: E731
    assert strip(pages1) == strip(pages2)


def test_an_option_change_misses_the_cache(few, first_run):
    tmp, _ = first_run
    s = run_extract([str(few / "scanned_letter.pdf")], str(tmp / "out3"),
                    IngestOptionsDpi(150), run=RunOptions(workers=1, cache_dir=str(tmp / "c"), quiet=True))
    assert s.cached_pages == 0 and s.ort_seconds > 0


def IngestOptionsDpi(dpi):
    from pipeline.ingest.document import IngestOptions

    return IngestOptions(dpi=dpi)


def test_a_model_file_change_misses_the_cache(few, first_run, monkeypatch):
    """A different cls model file (same weights, an extra protobuf field) changes every key."""
    from pipeline.engine.manifest import get_spec

    tmp, _ = first_run
    changed = tmp / "cls.onnx"
    changed.write_bytes(get_spec("ocr_cls").path().read_bytes() + bytes([0xC0, 0x3E, 0x01]))
    monkeypatch.setenv("MMBATCH_MODEL_OCR_CLS", str(changed))
    s = run_extract([str(few / "cheque_01.png")], str(tmp / "out4"),
                    run=RunOptions(workers=1, cache_dir=str(tmp / "c"), quiet=True))
    assert s.cached_pages == 0 and s.ort_seconds > 0
    assert _lines(tmp / "out4") == [l for l in _lines(tmp / "out1") if l[0] == "cheque_01.png"]


def test_worker_pool_and_batched_recognition_give_the_same_lines(few, first_run, tmp_path):
    from pipeline.ocr import OcrOptions

    tmp, _ = first_run
    s = run_extract([str(few)], str(tmp_path / "pool"),
                    ocr_options=OcrOptions(rec_batch=8),
                    run=RunOptions(workers=2, use_cache=False, quiet=True))
    assert s.plan["workers"] == 2 and s.plan["threads_per_worker"] == 1
    assert _lines(tmp_path / "pool") == _lines(tmp / "out1")


NATURAL = ("run_id", "run_ts", "seconds")


def _rows(out, table):
    import json

    return sorted(json.dumps({k: v for k, v in r.items() if k not in NATURAL}, sort_keys=True,
                             default=str) for r in read_table(out, table).to_pylist())


def test_new_field_options_extract_fields_again_from_cached_ocr(few, first_run, tmp_path):
    """OCR results and fields are cached apart: another --field or --doc-type runs no model (the
    pages are rendered again for the cheque signature, a text layer is not read), and the rows
    are the same as a cold run's with those options, and as a run reading both from the cache."""
    import json

    from pipeline.extract.custom import parse_field_option
    from pipeline.extract.fields import FieldOptions

    tmp, _ = first_run
    src = tmp_path / "in"
    shutil.copytree(few, src)
    shutil.copy(SAMPLES / "pdfs" / "born_digital.pdf", src)  # a text layer
    cache = str(tmp / "c")

    def run(out, fields=None, cache_dir=cache):
        return run_extract([str(src)], str(tmp_path / out), fields=fields,
                           run=RunOptions(workers=1, cache_dir=cache_dir, quiet=True))

    run("warm")  # the text-layer document joins the cache
    with_field = FieldOptions(custom=(parse_field_option("invoice:label=Invoice"),))
    s = run("fields", with_field)
    assert s.ort_seconds == 0 and s.pages == 5 and s.errors == 0
    cache_record = json.loads(open(s.manifest_path).read())["cache"]
    assert cache_record["pages_fields_only"] == 5 and cache_record["pages_from_cache"] == 0
    assert any(r["field"] == "invoice" and r["value"] for r in
               read_table(tmp_path / "fields", "fields").to_pylist())
    cold = run("cold", with_field, cache_dir=str(tmp_path / "fresh"))
    assert cold.ort_seconds > 0
    hit = run("hit", with_field)  # OCR results and fields both from the cache
    assert hit.cached_pages == 5 and hit.ort_seconds == 0
    for table in ("documents", "pages", "lines", "fields"):
        assert _rows(tmp_path / "fields", table) == _rows(tmp_path / "cold", table), table
        assert _rows(tmp_path / "hit", table) == _rows(tmp_path / "cold", table), table
    s = run("doc_type", FieldOptions(doc_type="cheque"))
    assert s.ort_seconds == 0 and s.cached_pages == 0 and s.errors == 0
    assert {r["doc_type"] for r in read_table(tmp_path / "doc_type", "pages").to_pylist()} \
        == {"cheque"}


def test_fields_only_documents_in_worker_processes(few, first_run, tmp_path, monkeypatch):
    """Sent to the workers (not run in the driver), fields-only documents load no model there and
    give the rows they give in the driver."""
    import pipeline.runners.driver as driver
    from pipeline.extract.fields import FieldOptions

    tmp, _ = first_run
    rows = {}
    for where, budget in (("driver", 60.0), ("workers", 0.0)):
        monkeypatch.setattr(driver, "FIELDS_HERE_SECONDS", budget)
        cache = tmp_path / f"cache-{where}"
        shutil.copytree(tmp / "c", cache)
        s = run_extract([str(few)], str(tmp_path / where), fields=FieldOptions(doc_type="receipt"),
                        run=RunOptions(workers=2, cache_dir=str(cache), quiet=True))
        assert s.ort_seconds == 0 and s.cached_pages == 0 and s.errors == 0 and s.pages == 4
        assert s.plan["executor"]["kind"] == "process_pool"
        rows[where] = {t: _rows(tmp_path / where, t) for t in ("pages", "lines", "fields")}
    assert rows["workers"] == rows["driver"]
