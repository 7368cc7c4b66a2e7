"""Operators see progress without a terminal; an empty input is a warning, or an error."""
from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import SAMPLES
from pipeline.cli import main
from pipeline.runners.heartbeat import Heartbeat


def test_the_heartbeat_logs_done_rate_and_eta():
    class Summary:
        documents, already_done, duplicates, errors, pages = 3, 1, 0, 1, 5

    events = []
    beat = Heartbeat(0.05, 10, Summary(), lambda e, d: events.append((e, d)))
    try:
        import time

        time.sleep(0.3)
    finally:
        beat.stop()
    assert events and all(e == "progress" for e, _ in events)
    d = events[-1][1]
    assert d["done"] == 4 and d["total"] == 10 and d["errors"] == 1
    assert d["docs_per_second"] > 0 and d["eta_seconds"] > 0


def test_a_run_without_a_terminal_logs_progress_in_text_and_json(tmp_path):
    args = ["extract", str(SAMPLES / "pdfs" / "born_digital.pdf"),
            str(SAMPLES / "cheques" / "cheque_01.png"), "--workers", "1", "--heartbeat", "0.2"]
    r = CliRunner().invoke(main, args + ["--out", str(tmp_path / "a")])
    assert r.exit_code == 0, r.output
    assert "mmbatch: " in r.stderr and "/2 documents, 0 errors, " in r.stderr
    r = CliRunner().invoke(main, args + ["--out", str(tmp_path / "b"), "--log-format", "json",
                                         "--no-cache"])
    events = [json.loads(l) for l in r.stderr.splitlines() if l.startswith("{")]
    progress = [e for e in events if e["event"] == "progress"]
    assert progress and progress[-1]["total"] == 2 and "eta_seconds" in progress[-1]
    r = CliRunner().invoke(main, args + ["--out", str(tmp_path / "c"), "--quiet"])
    assert r.stderr == ""


def test_an_empty_input_is_a_warning_or_with_fail_on_empty_an_error(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a document")
    r = CliRunner().invoke(main, ["extract", str(empty), "--out", str(tmp_path / "o")])
    assert r.exit_code == 0
    assert f"mmbatch: warning: no input file found in {empty} (1 files of other kinds skipped)" \
        in r.stderr
    r = CliRunner().invoke(main, ["extract", str(empty), "--out", str(tmp_path / "o"),
                                  "--fail-on-empty"])
    assert r.exit_code == 2
    assert r.stderr.strip() == f"mmbatch: error: no input file found in {empty} (--fail-on-empty)"


def test_skipped_files_are_named_in_the_run_manifest(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "notes.txt").write_text("x")
    (src / "a.pdf").write_bytes((SAMPLES / "pdfs" / "born_digital.pdf").read_bytes())
    (src / "copy.pdf").write_bytes((SAMPLES / "pdfs" / "born_digital.pdf").read_bytes())
    r = CliRunner().invoke(main, ["extract", str(src), "--out", str(tmp_path / "o")])
    assert r.exit_code == 0
    (m,) = (tmp_path / "o" / "runs").glob("*.json")
    manifest = json.loads(m.read_text())
    assert manifest["skipped_files"] == [str(src / "notes.txt")]
    import pyarrow.parquet as pq

    docs = pq.read_table(next((tmp_path / "o" / "documents").glob("*/*.parquet"))).to_pylist()
    by = {d["path"]: d for d in docs}
    assert by[str(src / "a.pdf")]["status"] == "ok"  # the first in sorted order is read
    copy = by[str(src / "copy.pdf")]
    assert copy["status"] == "duplicate" and copy["duplicate_of"] == str(src / "a.pdf")
    assert copy["document_id"] == by[str(src / "a.pdf")]["document_id"]
    assert len(docs) == 2
