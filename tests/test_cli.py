"""The CLI as a library, through Click's CliRunner: exit codes, output, --quiet, models."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from conftest import SAMPLES, read_table
from pipeline.cli import main


@pytest.fixture()
def small_input(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SAMPLES / "pdfs" / "born_digital.pdf", d)  # text layer: no model time
    return d


def test_extract_success_exit_0_and_summary_line(small_input, tmp_path):
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["extract", str(small_input), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    assert r.stderr.startswith("mmbatch: 1 documents, 1 pages, 14 lines, 0 errors in ")
    assert read_table(out, "documents").num_rows == 1


def test_extract_with_a_bad_file_exits_1_and_names_it(small_input, tmp_path):
    (small_input / "broken.pdf").write_bytes(b"%PDF-1.7\n garbage")
    r = CliRunner().invoke(main, ["extract", str(small_input), "--out", str(tmp_path / "out")])
    assert r.exit_code == 1
    assert "mmbatch: failed: " in r.stderr and "broken.pdf: not a readable PDF" in r.stderr
    assert ", 1 errors in " in r.stderr


def test_quiet_prints_nothing_on_success(small_input, tmp_path):
    r = CliRunner().invoke(main, ["extract", str(small_input), "--out", str(tmp_path / "o"), "-q"])
    assert r.exit_code == 0
    assert r.stdout == "" and r.stderr == ""


def test_missing_input_is_a_usage_error(tmp_path):
    r = CliRunner().invoke(main, ["extract", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert r.exit_code == 2
    assert r.stderr == f"mmbatch: error: input {str(tmp_path / 'nope')!r} does not exist\n"


def test_unavailable_device_is_a_usage_error(small_input, tmp_path):
    r = CliRunner().invoke(main, ["extract", str(small_input), "--out", str(tmp_path / "o"),
                                  "--device", "coreml"])
    assert r.exit_code == 2
    assert "needs CoreMLExecutionProvider" in r.stderr


def test_help_documents_exit_codes_and_examples():
    r = CliRunner().invoke(main, ["extract", "--help"])
    assert r.exit_code == 0
    assert "mmbatch extract sample_docs/cheques --out out/" in r.output
    assert "1  some documents failed" in r.output


def test_models_verify_ok():
    r = CliRunner().invoke(main, ["models", "verify"])
    assert r.exit_code == 0, r.output
    rows = [l.split("\t")[:3] for l in r.stdout.splitlines()]
    assert all(status == "ok" and msg == "ok" for status, _, msg in rows)
    assert {"ocr_det", "ocr_rec", "ocr_cls", "text_minilm.tokenizer"} <= {n for _, n, _ in rows}


def _verify_with(tmp_path, monkeypatch, edit):
    """`mmbatch models verify` against a copy of the manifest changed by ``edit``."""
    import json

    from pipeline.engine import manifest

    data = json.loads(manifest.MANIFEST_PATH.read_text())
    edit(data["models"])
    fake = tmp_path / "manifest.json"
    fake.write_text(json.dumps(data))
    monkeypatch.setattr(manifest, "MANIFEST_PATH", fake)
    manifest.load_manifest.cache_clear()
    try:
        return CliRunner().invoke(main, ["models", "verify"])
    finally:
        manifest.load_manifest.cache_clear()


def test_models_verify_detects_a_sha256_mismatch(tmp_path, monkeypatch):
    r = _verify_with(tmp_path, monkeypatch,
                     lambda m: m["ocr_cls"].__setitem__("sha256", "0" * 64))
    assert r.exit_code == 5
    assert "FAIL\tocr_cls\tsha256 mismatch" in r.stdout


def test_models_verify_checks_the_packaged_tokenizer(tmp_path, monkeypatch):
    r = _verify_with(tmp_path, monkeypatch,
                     lambda m: m["text_minilm"]["tokenizer"].__setitem__("sha256", "0" * 64))
    assert r.exit_code == 5
    assert "FAIL\ttext_minilm.tokenizer\tsha256 mismatch" in r.stdout
    assert r.stdout.rstrip().endswith("models/data/minilm_tokenizer.json")


def test_models_list_names_every_file():
    r = CliRunner().invoke(main, ["models", "list"])
    assert r.exit_code == 0
    assert "PP-OCRv6_rec_small.onnx" in r.stdout and "6f327246b50388f3" in r.stdout


def test_corrupt_user_model_file_exits_5(small_input, tmp_path, monkeypatch):
    bad = tmp_path / "det.onnx"
    bad.write_bytes(b"not an onnx file")
    monkeypatch.setenv("MMBATCH_MODEL_OCR_DET", str(bad))
    r = CliRunner().invoke(main, ["extract", str(small_input), "--out", str(tmp_path / "o"),
                                  "--threads", "1"])
    assert r.exit_code == 5
    assert "model 'ocr_det'" in r.stderr and "cannot be loaded" in r.stderr
