"""The report builder without a browser: what it does with missing or changed source files, a
dataset of errors only, missing tables, an empty folder, run selection, and the CLI."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from pipeline.cli import main
from pipeline.errors import EXIT_USAGE, UsageError
from pipeline.report import ReportOptions, build_report
from report_fixtures import read_run


def data_of(html: Path) -> dict:
    m = re.search(r'<script type="application/json" id="mmb-data">(.*?)</script>',
                  html.read_text(), re.S)
    return json.loads(m.group(1))


def cache_of(sample_run) -> str:
    return str(sample_run[1].parent / "cache")


@pytest.fixture
def small_run(sample_run, tmp_path):
    """Two cheques (one under a hostile name) extracted with the sample run's cache (no OCR)."""
    from pipeline.runners.driver import RunOptions, run_extract

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SAMPLES / "cheques" / "cheque_05.png", src / "cheque_05.png")
    shutil.copy(SAMPLES / "cheques" / "cheque_06.png", src / '"><img src=x onerror=alert(1)>.png')
    out = tmp_path / "out"
    s = run_extract([str(src)], str(out), run=RunOptions(cache_dir=cache_of(sample_run),
                                                         quiet=True, workers=1))
    assert s.documents == 2 and s.errors == 0
    return src, out, s


def test_sample_report_cards_match_the_tables(sample_run, tmp_path):
    summary, out = sample_run
    r = build_report(out, tmp_path / "r.html")
    d = data_of(tmp_path / "r.html")
    pages = read_run(out, "pages", summary.run_id)
    docs = read_run(out, "documents", summary.run_id)
    assert r.runs == [summary.run_id] and r.pages == len(pages) and r.images == len(pages)
    kinds = [c["k"] for c in d["cards"]]
    assert kinds.count("page") == len(pages)
    assert kinds.count("error") == sum(x["status"] == "error" for x in docs)
    assert kinds[:kinds.count("error")] == ["error"] * kinds.count("error")  # errors first
    for c in d["cards"]:
        if c["k"] == "page":
            ranks = [0 if f["status"] == "invalid" else 1 if f["status"] == "ambiguous" else 9
                     for f in c["fields"]]
            assert ranks == sorted(ranks)  # failed checks listed first
    assert d["groups"] == []
    assert "no comparisons" in (tmp_path / "r.html").read_text()


def test_missing_and_changed_sources_get_placeholders(small_run, tmp_path):
    src, out, _ = small_run
    (src / "cheque_05.png").unlink()
    hostile = src / '"><img src=x onerror=alert(1)>.png'
    hostile.write_bytes((SAMPLES / "cheques" / "cheque_07.jpg").read_bytes())
    html = tmp_path / "r.html"
    r = build_report(out, html)
    d = data_of(html)
    by_name = {Path(c["path"]).name: c for c in d["cards"]}
    gone = by_name["cheque_05.png"]
    assert gone["img"] is None and "source file not found" in gone["note"]
    assert gone["lines"] and gone["w"] > 0  # the boxes are still drawn over a placeholder
    changed = by_name[hostile.name]
    assert changed["img"] is not None and "changed since the run" in changed["note"]
    assert r.missing_images == 1 and r.images == 1
    text = html.read_text()
    assert "<img src=x" not in text  # paths are data, never markup


def test_source_root_finds_relative_paths(sample_run, small_run, tmp_path, monkeypatch):
    from pipeline.runners.driver import RunOptions, run_extract

    src, _, _ = small_run
    proj = tmp_path / "proj"
    shutil.copytree(src, proj / "src")
    monkeypatch.chdir(proj)
    out = tmp_path / "data" / "out"
    run_extract(["src"], str(out), run=RunOptions(cache_dir=cache_of(sample_run), quiet=True,
                                                  workers=1))  # from the cache
    paths = {d["path"] for d in read_run(out, "documents", next(
        (out / "runs").glob("*.json")).stem)}
    assert paths <= {str(proj / "src" / "cheque_05.png"),  # absolute: one path per file
                     str(proj / "src" / '"><img src=x onerror=alert(1)>.png')}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    r = build_report(out, tmp_path / "a0.html")
    assert r.missing_images == 0 and r.images == 2
    assert json.loads(next((out / "runs").glob("*.json")).read_text())["cwd"] == str(proj)
    (tmp_path / "moved").mkdir()
    (proj / "src").rename(tmp_path / "moved" / "src")  # the sources move after the run
    r = build_report(out, tmp_path / "a.html")
    assert r.missing_images == 2
    # --source-root: where the folder the run started in is now
    r = build_report(out, tmp_path / "b.html", ReportOptions(source_roots=[str(tmp_path / "moved")]))
    assert r.missing_images == 0 and r.images == 2
    r = build_report(out, tmp_path / "c.html", ReportOptions(images="none"))
    assert r.images == 0 and "data:image" not in (tmp_path / "c.html").read_text()


def test_errors_only_dataset(sample_run, tmp_path):
    from pipeline.runners.driver import RunOptions, run_extract

    out = tmp_path / "out"
    s = run_extract([str(sample_run[1].parent / "bad")], str(out),
                    run=RunOptions(cache_dir=cache_of(sample_run), quiet=True, workers=1))
    r = build_report(out, tmp_path / "r.html")
    assert r.errors == s.errors == r.documents and r.pages == 0
    assert len(data_of(tmp_path / "r.html")["cards"]) == s.errors


def test_missing_tables_and_runs_without_manifest(sample_run, tmp_path):
    summary, src_out = sample_run
    out = tmp_path / "out"
    shutil.copytree(src_out, out)
    shutil.rmtree(out / "fields")
    (out / "runs" / f"{summary.run_id}.json").unlink()  # as if killed before its manifest
    r = build_report(out, tmp_path / "r.html")
    assert r.pages == summary.pages and r.runs == [summary.run_id]
    assert any("no fields table" in n for n in r.notes)
    assert any("has no manifest" in n for n in r.notes)


def test_empty_missing_and_unknown(sample_run, tmp_path):
    with pytest.raises(UsageError, match="no such folder"):
        build_report(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="not an mmbatch dataset, or an empty one"):
        build_report(tmp_path / "empty")
    with pytest.raises(UsageError, match="no run 2000"):
        build_report(sample_run[1], tmp_path / "r.html", ReportOptions(run_ids=("2000",)))
    with pytest.raises(UsageError, match="images"):
        build_report(sample_run[1], tmp_path / "r.html", ReportOptions(images="inline"))


def test_cli_report(sample_run, tmp_path):
    summary, out = sample_run
    html = tmp_path / "review.html"
    r = CliRunner().invoke(main, ["report", str(out), "--html", str(html), "--images",
                                  "relative", "--run-id", summary.run_id])
    assert r.exit_code == 0, r.output
    assert f"mmbatch report: {summary.documents} documents, {summary.pages} pages, " \
           f"{summary.errors} errors" in r.output
    assert html.exists() and len(list((tmp_path / "review_files").glob("p*.jpg"))) == summary.pages
    r = CliRunner().invoke(main, ["report", str(tmp_path / "missing")])
    assert r.exit_code == EXIT_USAGE
    assert "mmbatch: error: " in r.output and "no such folder" in r.output


def test_extract_report_flag(sample_run, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLES / "cheques" / "cheque_08.png", src)
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["extract", str(src), "--out", str(out), "--cache",
                                  cache_of(sample_run), "--workers", "1", "--report"])
    assert r.exit_code == 0, r.output
    assert "mmbatch report: 1 documents, 1 pages, 0 errors" in r.output
    d = data_of(out / "report.html")
    run_id = json.loads(next((out / "runs").glob("*.json")).read_text())["run_id"]
    assert [c["run"] for c in d["cards"]] == [run_id]
