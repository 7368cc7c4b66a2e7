"""Fixtures of the report tests (imported by the test modules): a dataset made of the session's
sample_docs (with its zero-byte and truncated files: error rows) plus a real compare run in
which one cheque is presented a second time (re-rendered in another template with the same
MICR line and amount: a duplicate group), the report of it, and a headless Chromium.

The browser is Debian's ``chromium`` (``.ci/run`` installs it) driven by Playwright's Python
package; Playwright's own browser download is not needed. Without either, the browser tests skip
and say why. Screenshots go to tests/artifacts/report/ (ignored by git)."""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import SAMPLES

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "report"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def _compare_fixtures():
    spec = importlib.util.spec_from_file_location(
        "report_compare_fixtures", ROOT / "tests" / "compare" / "compare_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def report_dataset(sample_run, tmp_path_factory):
    """(out folder, extract run id, compare run id): a copy of the sample run's dataset, with a
    compare run over the same inputs and one more cheque."""
    from pipeline.compare.run import run_compare
    from pipeline.runners.driver import RunOptions

    summary, src_out = sample_run
    base = tmp_path_factory.mktemp("report")
    out = base / "out"
    shutil.copytree(src_out, out)
    again = base / "presented_again"
    again.mkdir()
    _compare_fixtures().represented_cheque_01().save(again / "cheque_01_again.png")
    inputs = [str(SAMPLES / "cheques"), str(SAMPLES / "pdfs"), str(src_out.parent / "bad"),
              str(again)]
    # the sample run's cache: its pages are not OCR'd again, only the new cheque is
    cache = src_out.parent / "cache"
    cmp = run_compare(inputs, str(out), run=RunOptions(cache_dir=str(cache), workers=1,
                                                        quiet=True))
    return out, summary.run_id, cmp.run_id


@pytest.fixture(scope="session")
def report_file(report_dataset, tmp_path_factory):
    from pipeline.report import ReportOptions, build_report

    out, _, _ = report_dataset
    html = tmp_path_factory.mktemp("report_html") / "review.html"
    result = build_report(out, html, ReportOptions(page_size=5))
    return html, result


def read_run(out: Path, table: str, run_id: str) -> list:
    """The rows of one run, read here with pyarrow (not through pipeline.report)."""
    import pyarrow.parquet as pq

    files = sorted((out / table).glob(f"run_date=*/part-{run_id}-*.parquet"))
    return pq.read_table(files).to_pylist() if files else []


def manifest(out: Path, run_id: str) -> dict:
    return json.loads((out / "runs" / f"{run_id}.json").read_text())


def find_chromium():
    for p in [os.environ.get("MMBATCH_CHROMIUM"), shutil.which("chromium"),
              shutil.which("chromium-browser"), shutil.which("google-chrome")]:
        if p and os.path.exists(p):
            return p
    return None


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the Python package 'playwright' is not installed (pip install '.[test]')")
    exe = find_chromium()
    if exe is None:
        pytest.skip("no Chromium browser found (apt-get install chromium, or set "
                    "MMBATCH_CHROMIUM): the report's browser tests need one")
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
    except Exception as e:
        pw.stop()
        pytest.skip(f"Chromium at {exe} does not start: {e}")
    yield b
    b.close()
    pw.stop()


@pytest.fixture
def open_report(browser):
    """open_report(path) -> a Playwright page with the report loaded and its script run."""
    pages = []

    def _open(path: Path, width: int = 1400, height: int = 1000):
        page = browser.new_page(viewport={"width": width, "height": height},
                                device_scale_factor=2)
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(Path(path).resolve().as_uri())
        page.wait_for_selector("html[data-ready]")
        page.js_errors = errors
        pages.append(page)
        return page

    yield _open
    for p in pages:
        assert not p.js_errors, f"script errors in the report: {p.js_errors}"
        p.close()


def wait_images(page) -> None:
    page.wait_for_function("Array.from(document.images).every(i => i.complete)")
