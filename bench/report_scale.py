"""How the HTML report holds up on a large run: build time, file size, and (with a Chromium)
the time to open it, the elements in the page and the time to turn a page of results.

    python bench/report_scale.py [--pages 12000] [--chromium /usr/bin/chromium]

The dataset is the sample documents' extract run (OCR from the default cache after the first
time), its documents, pages, lines and fields copied with new document ids until there are
--pages pages, all in the one run. The report is built without images (--images none), so the
figures are about the page's data and DOM, not JPEG sizes.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.output.schemas import TABLES  # noqa: E402
from pipeline.report import ReportOptions, build_report  # noqa: E402
from pipeline.runners.driver import RunOptions, run_extract  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-quic"]


def grow(src: Path, dst: Path, pages: int) -> int:
    """Copy the dataset at ``src`` to ``dst`` with its rows repeated under new document ids
    until it has at least ``pages`` pages; returns the page count."""
    shutil.copytree(src / "runs", dst / "runs")
    n_pages = pq.read_table(sorted((src / "pages").glob("run_date=*/*.parquet"))).num_rows
    copies = -(-pages // n_pages)
    for table in TABLES:
        files = sorted((src / table).glob("run_date=*/*.parquet"))
        t = pq.read_table(files)
        parts = []
        for c in range(copies):
            ids = pa.array([f"{d}-{c}" for d in t.column("document_id").to_pylist()])
            paths = pa.array([f"{p}#{c}" for p in t.column("path").to_pylist()])
            parts.append(t.set_column(t.schema.get_field_index("document_id"), "document_id", ids)
                         .set_column(t.schema.get_field_index("path"), "path", paths))
        out = dst / table / files[0].parent.name / files[0].name
        out.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.concat_tables(parts), out)
    return n_pages * copies


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=12000)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mmbatch-report-scale-"))
    try:
        run_extract([str(ROOT / "sample_docs" / "cheques"), str(ROOT / "sample_docs" / "pdfs")],
                    str(work / "sample"), run=RunOptions(quiet=True))
        n = grow(work / "sample", work / "big", a.pages)
        t0 = time.perf_counter()
        r = build_report(work / "big", work / "big.html", ReportOptions(images="none"))
        built = time.perf_counter() - t0
        print(f"{n} pages: report {r.bytes / 2 ** 20:.1f} MiB built in {built:.1f} s")
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            print("playwright not installed: no browser figures")
            return
        if not Path(a.chromium).exists():
            print(f"no Chromium at {a.chromium}: no browser figures")
            return
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=a.chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            page.goto((work / "big.html").as_uri(), wait_until="load")
            page.wait_for_selector(".card")
            opened = time.perf_counter() - t0
            elements = page.evaluate("document.querySelectorAll('*').length")
            first = page.evaluate("document.querySelector('.card h2, .card h3') ?"
                                  " document.querySelector('.card h2, .card h3').textContent : ''")
            t0 = time.perf_counter()
            page.locator("button.next").first.click()
            page.wait_for_function(f"(document.querySelector('.card h2, .card h3') || {{}})"
                                   f".textContent !== {json.dumps(first)}")
            turned = time.perf_counter() - t0
            browser.close()
        print(f"chromium: opened in {opened:.2f} s, {elements} elements in the page, "
              f"next page of results in {turned:.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
