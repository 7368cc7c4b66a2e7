"""The report opened in a real headless Chromium: its summary against the Parquet tables, a
field's drawn box against the field's coordinates (and the text under it, read back by our OCR
from the browser's own rendering), the filters, the keyboard, paging; a screenshot is kept."""
from __future__ import annotations

import difflib
import io
import re
from pathlib import Path

import numpy as np
from PIL import Image

from report_fixtures import browser, open_report, report_dataset, report_file  # noqa: F401 (fixtures)
from report_fixtures import ARTIFACTS, manifest, read_run, wait_images


def stat(page, key: str) -> str:
    return page.get_attribute(f'[data-stat="{key}"]', "data-value")


def shown(page) -> list:
    return page.eval_on_selector_all(
        "#cards > .card", "els => els.map(e => [e.dataset.kind, e.dataset.path || e.dataset.group])")


def total(page) -> int:
    return int(page.get_attribute("#cards", "data-total"))


def expected_low(pages, fields, low) -> set:
    """(path, page) of pages whose mean confidence or a found field's confidence is below
    ``low``, computed from the tables."""
    out = {(p["path"], p["page"]) for p in pages
           if p["mean_conf"] is not None and p["mean_conf"] < low}
    out |= {(f["path"], f["page"]) for f in fields if f["status"] != "missing"
            and f["confidence"] is not None and f["confidence"] < low}
    return out


def test_summary_matches_the_dataset(report_dataset, report_file, open_report):
    out, xid, cid = report_dataset
    html, _ = report_file
    docs, pages = read_run(out, "documents", xid), read_run(out, "pages", xid)
    lines, fields = read_run(out, "lines", xid), read_run(out, "fields", xid)
    comps, groups = read_run(out, "comparisons", cid), read_run(out, "groups", cid)
    errors = [d for d in docs if d["status"] == "error"]
    assert errors and pages and fields  # the data set has something of each to show
    page = open_report(html)
    assert int(stat(page, "documents")) == len(docs)
    assert int(stat(page, "errors")) == len(errors)
    assert int(stat(page, "pages")) == len(pages)
    assert int(stat(page, "ocr_pages")) == sum(p["source"] == "ocr" for p in pages)
    assert int(stat(page, "text_layer_pages")) == sum(p["source"] == "text_layer" for p in pages)
    assert int(stat(page, "lines")) == len(lines)
    assert int(stat(page, "fields")) == len(fields)
    assert int(stat(page, "comparisons")) == len(comps)
    dup = {g["group_id"] for g in groups if g["kind"] == "duplicate"}
    tpl = {g["group_id"] for g in groups if g["kind"] == "template"}
    assert dup, "the cheque presented twice should make a duplicate group"
    assert int(stat(page, "duplicate_groups")) == len(dup)
    assert int(stat(page, "template_groups")) == len(tpl)
    c = manifest(out, xid)["cache"]
    rate = c["hits"] / (c["hits"] + c["misses"])
    assert stat(page, "cache_hit_rate") == f"{rate:.1%}"
    rows = page.eval_on_selector_all("table.errors tbody tr",
                                     "trs => trs.map(t => [...t.cells].map(c => c.textContent))")
    assert sorted(map(tuple, rows)) == sorted((d["path"], d["error"]) for d in errors)
    models = page.inner_text("table.models")
    for name in list(manifest(out, xid)["models"]) + list(manifest(out, cid)["models"]):
        assert name in models


def _field_rects(page, path: str, name: str) -> dict:
    card = f'#cards article[data-kind="page"][data-path="{path}"]'
    return page.evaluate("""([card, name]) => {
        const c = document.querySelector(card);
        c.querySelector('figure.pg').scrollIntoView({block: 'center'});  // clear of the toolbar
        const r = e => { const b = e.getBoundingClientRect();
                         return {x: b.left, y: b.top, w: b.width, h: b.height}; };
        return {svg: r(c.querySelector('figure.pg svg')), img: r(c.querySelector('figure.pg img')),
                box: r(c.querySelector(`polygon.fb[data-field="${name}"]`))};
    }""", [card, name])


def _norm(s: str) -> str:
    return re.sub(r"[^0-9a-z]", "", s.lower())


def test_a_field_box_lands_on_its_text(report_dataset, report_file, open_report, ocr):
    out, xid, _ = report_dataset
    html, _ = report_file
    pages = {(p["path"], p["page"]): p for p in read_run(out, "pages", xid)}
    fields = [f for f in read_run(out, "fields", xid)
              if Path(f["path"]).name == "cheque_01.png" and f["field"] in ("payee", "amount")
              and f["box"]]
    assert len(fields) == 2
    page = open_report(html)
    page.fill("#q", "cheque_01.png")
    page.uncheck("#show-lines")
    page.uncheck("#show-fields")
    wait_images(page)
    for f in fields:
        p = pages[(f["path"], f["page"])]
        r = _field_rects(page, f["path"], f["field"])
        svg, img, box = r["svg"], r["img"], r["box"]
        # the overlay covers the image exactly
        assert max(abs(img[k] - svg[k]) for k in "xywh") < 0.5, (img, svg)
        sx, sy = img["w"] / p["width"], img["h"] / p["height"]
        xs = [pt["x"] for pt in f["box"]]
        ys = [pt["y"] for pt in f["box"]]
        want = (img["x"] + min(xs) * sx, img["y"] + min(ys) * sy,
                img["x"] + max(xs) * sx, img["y"] + max(ys) * sy)
        got = (box["x"], box["y"], box["x"] + box["w"], box["y"] + box["h"])
        assert box["w"] > 0 and box["h"] > 0, f"{f['field']}: box hidden when overlays are off?"
        assert max(abs(a - b) for a, b in zip(got, want)) <= 2.0, (f["field"], got, want)
        # what the browser shows inside the drawn box is the field's text: read it back
        pad = 3
        png = page.screenshot(clip={"x": got[0] - pad, "y": got[1] - pad,
                                    "width": got[2] - got[0] + 2 * pad,
                                    "height": got[3] - got[1] + 2 * pad})
        crop = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
        text = " ".join(l.text for l in ocr(crop))
        sim = difflib.SequenceMatcher(None, _norm(text), _norm(f["raw_value"])).ratio()
        assert sim >= 0.8, (f["field"], text, f["raw_value"])


def test_filters_change_what_is_shown(report_dataset, report_file, open_report):
    out, xid, cid = report_dataset
    html, _ = report_file
    docs, pages = read_run(out, "documents", xid), read_run(out, "pages", xid)
    fields, groups = read_run(out, "fields", xid), read_run(out, "groups", cid)
    errors = sorted(d["path"] for d in docs if d["status"] == "error")
    page = open_report(html)
    assert total(page) == len(pages) + len(errors)
    assert len(shown(page)) == 5  # page size 5: one page of results in the DOM, not all

    page.click("#f-errors")
    assert page.get_attribute("#f-errors", "aria-pressed") == "true"
    assert sorted(p for k, p in shown(page)) == errors
    assert {k for k, _ in shown(page)} == {"error"}

    checks = {(f["path"], f["page"]) for f in fields if f["status"] in ("invalid", "ambiguous")}
    page.click("#f-checks")
    assert total(page) == len(checks)

    page.click("#f-duplicates")
    dup = {}
    for g in groups:
        if g["kind"] == "duplicate":
            dup.setdefault(g["group_id"], set()).add(g["path"])
    assert total(page) == len(dup) and {k for k, _ in shown(page)} == {"group"}
    for gid, paths in dup.items():
        members = page.eval_on_selector_all(f'article[data-group="{gid}"] .member',
                                            "els => els.map(e => e.dataset.path)")
        assert set(members) == paths
        scores = page.inner_text(f'article[data-group="{gid}"] table.pairs')
        assert "duplicate" in scores

    page.click("#f-all")
    page.fill("#q", "cheque_05")
    assert total(page) == sum("cheque_05" in p["path"] for p in pages)


def test_low_confidence_filter(report_dataset, tmp_path, open_report):
    from pipeline.report import ReportOptions, build_report

    out, xid, _ = report_dataset
    pages, fields = read_run(out, "pages", xid), read_run(out, "fields", xid)
    low = 0.99  # a threshold some sample pages fall under and others do not
    want = expected_low(pages, fields, low)
    assert 0 < len(want) < len(pages)
    html = tmp_path / "low.html"
    build_report(out, html, ReportOptions(low_conf=low, images="none", page_size=100))
    page = open_report(html)
    page.click("#f-low")
    assert {(p, int(n)) for p, n in page.eval_on_selector_all(
        "#cards > .card", "els => els.map(e => [e.dataset.path, e.dataset.page])")} == want
    assert int(stat(page, "low_conf_pages")) == len(want)


def test_keyboard(report_file, open_report):
    html, _ = report_file
    page = open_report(html)
    all_n = total(page)
    page.keyboard.press("e")
    assert page.get_attribute("#f-errors", "aria-pressed") == "true"
    assert {k for k, _ in shown(page)} == {"error"}
    page.focus("#f-all")
    page.keyboard.press("Enter")  # a real button: Enter and Space activate it
    assert total(page) == all_n
    page.focus("#f-errors")
    page.keyboard.press("Space")
    assert page.get_attribute("#f-errors", "aria-pressed") == "true"
    page.keyboard.press("a")
    ids = page.eval_on_selector_all("#cards > .card", "els => els.map(e => e.id)")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == ids[0]
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == ids[1]
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == ids[0]
    page.keyboard.press("ArrowRight")  # the next page of results, its first card focused
    assert page.inner_text(".range >> nth=0").startswith("6–")
    assert page.evaluate("document.activeElement.id") not in ids
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"


def test_relative_images_load(report_dataset, tmp_path, open_report):
    from pipeline.report import ReportOptions, build_report

    out, _, _ = report_dataset
    html = tmp_path / "rel" / "review.html"
    r = build_report(out, html, ReportOptions(images="relative", page_size=50))
    files = sorted((html.parent / "review_files").glob("*.jpg"))
    assert len(files) == r.images > 0
    assert "data:image/jpeg" not in html.read_text()
    page = open_report(html)
    wait_images(page)
    sizes = page.eval_on_selector_all("#cards img", "els => els.map(i => i.naturalWidth)")
    assert sizes and all(w > 0 for w in sizes)


def test_screenshot_artefact(report_file, open_report):
    html, result = report_file
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = open_report(html)
    wait_images(page)
    full = ARTIFACTS / "report.png"
    page.screenshot(path=str(full), full_page=True)
    page.click("#f-duplicates")
    wait_images(page)
    dup = ARTIFACTS / "report_duplicates.png"
    page.locator("#cards > .card >> nth=0").screenshot(path=str(dup))
    for f in (full, dup):
        assert Image.open(f).size[0] > 0
    print(f"\nreport screenshots: {full} {dup} (report {html}, {result.bytes} bytes)")
