"""The report file: the summary as static HTML, the cards as a JSON block the script renders a
page at a time, the page images as data URIs in text blocks of their own (embedded) or as JPEG
files in ``<name>_files/`` beside it (relative)."""
from __future__ import annotations

import base64
import html
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, List, Optional
from urllib.parse import quote

from .. import __version__
from .static import CSS, JS
from .view import View

e = html.escape


def _json(obj) -> str:
    # "<" never appears raw inside the script element, so no "</script>" or "<!--" can end it
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False) \
        .replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _stat(label: str, key: str, value, bad: bool = False) -> str:
    shown = "-" if value is None else (f"{value:,}" if isinstance(value, int) else str(value))
    return (f'<div><dt>{e(label)}</dt><dd data-stat="{e(key)}"{" class=bad" if bad else ""}'
            f' data-value="{e("" if value is None else str(value))}">{e(shown)}</dd></div>')


def _table(head: List[str], rows: Iterable, cls: str = "", row_attrs=None) -> str:
    body = []
    for i, r in enumerate(rows):
        attrs = row_attrs(i, r) if row_attrs else ""
        body.append(f"<tr{attrs}>" + "".join(f"<td{c}>{e(str(v))}</td>" for c, v in r) + "</tr>")
    if not body:
        return ""
    return (f'<table class="{cls}"><thead><tr>' + "".join(f"<th>{e(h)}</th>" for h in head)
            + "</tr></thead><tbody>" + "".join(body) + "</tbody></table>")


def summary_html(s: dict, max_errors: int = 500) -> str:
    st = s["stats"]
    rate = s["hit_rate"]
    tiles = [
        _stat("Documents", "documents", st["documents"]),
        _stat("Errors", "errors", st["errors"], bad=st["errors"] > 0),
        _stat("Pages", "pages", st["pages"]),
        _stat("OCR pages", "ocr_pages", st["ocr_pages"]),
        _stat("Text-layer pages", "text_layer_pages", st["text_layer_pages"]),
        _stat("Lines", "lines", st["lines"]),
        _stat("Fields", "fields", st["fields"]),
        _stat("Mean confidence", "mean_conf", st["mean_conf"]),
        _stat(f"Low-confidence pages (< {s['low']:g})", "low_conf_pages", st["low_conf_pages"],
              bad=st["low_conf_pages"] > 0),
        _stat("Pages with failed checks", "check_pages", st["check_pages"],
              bad=st["check_pages"] > 0),
        _stat("Cache hit rate", "cache_hit_rate", None if rate is None else f"{rate:.1%}"),
        _stat("Comparisons", "comparisons", st["comparisons"]),
        _stat("Altered copies", "altered_pairs", st.get("altered_pairs", 0),
              bad=st.get("altered_pairs", 0) > 0),
        _stat("Duplicate groups", "duplicate_groups", st["duplicate_groups"],
              bad=st["duplicate_groups"] > 0),
        _stat("Template groups", "template_groups", st["template_groups"]),
    ]
    parts = ['<section id="summary" aria-labelledby="h-summary"><h2 id="h-summary">Summary</h2>',
             '<dl class="stats">' + "".join(tiles) + "</dl>"]
    if s["notes"]:
        parts.append('<ul class="notes">' + "".join(f"<li>{e(n)}</li>" for n in s["notes"])
                     + "</ul>")
    errs = s["errors"]
    if errs:
        more = len(errs) - max_errors
        parts.append(f'<h2 id="h-errors">Errors ({len(errs)})</h2>'
                     + _table(["document", "message"],
                              [(((' class="path"', p), ("", m))) for p, m in errs[:max_errors]],
                              "errors")
                     + (f'<p class="note">and {more} more: the Errors filter below lists them '
                        "all</p>" if more > 0 else ""))
    cols = []
    if s["timings"] or s["slowest"]:
        cols.append("<div><h2>Timings</h2>"
                    + _table(["what", "seconds"], [(("", k), ("", v)) for k, v, _u in s["timings"]],
                             "timings")
                    + ("<h3>Slowest documents</h3>"
                       + _table(["document", "seconds"],
                                [((' class="path"', p), ("", v)) for p, v in s["slowest"]],
                                "slowest") if s["slowest"] else "") + "</div>")
    if s["cache"]:
        cols.append("<div><h2>Cache</h2>" + _table(["", ""], [(("", k), ("", v)) for k, v in
                                                              s["cache"]], "cache") + "</div>")
    if s["models"]:
        cols.append("<div><h2>Models</h2>" + _table(
            ["model", "sha256", "used by"],
            [(("", m["name"]), (' class="mono"', m["sha256"][:16]), ("", m["run"]))
             for m in s["models"]], "models") + "</div>")
    if s["field_status"] or s["verdicts"]:
        cols.append("<div><h2>Fields and comparisons</h2>"
                    + _table(["field status", "rows"],
                             [(("", k), ("", v)) for k, v in s["field_status"].items()], "fstatus")
                    + _table(["verdict", "pairs"],
                             [(("", k), ("", v)) for k, v in s["verdicts"].items()], "verdicts")
                    + "</div>")
    runs = _table(["run", "command", "started", "ended", "inputs", "providers"],
                  [((' class="mono nowrap"', r["run_id"]), ("", r["command"]),
                    ("", r["started_at"] or "-"), ("", r["ended_at"] or "(no manifest)"),
                    (' class="path"', " ".join(r["inputs"])), ("", " ".join(r["providers"])))
                   for r in s["runs"]], "runs")
    parts.append('<div class="cols">' + "".join(cols) + "</div>")
    parts.append("<h2>Runs</h2>" + runs + "</section>")
    return "".join(parts)


def _filters(counts: dict) -> str:
    spec = [("all", "All pages", "a"), ("errors", "Errors", "e"), ("low", "Low confidence", "l"),
            ("checks", "Failed checks", "c"), ("duplicates", "Altered and duplicates", "d"),
            ("templates", "Template groups", "t")]
    return "".join(
        f'<button type="button" id="f-{k}" data-filter="{k}" aria-pressed="{str(k == "all").lower()}"'
        f' aria-keyshortcuts="{key}" title="key: {key}">{e(label)} <span class="n">'
        f'{counts.get(k, 0)}</span></button>' for k, label, key in spec)


def _pager() -> str:
    return ('<nav class="pager" aria-label="Result pages"><button type="button" class="prev">'
            '&larr; Previous</button><span class="range" aria-live="polite"></span>'
            '<button type="button" class="next">Next &rarr;</button></nav>')


def render_html(view: View, out: Path, *, page_size: int = 20, low: float = 0.8,
                img_src: Optional[List[str]] = None, title: str = "") -> str:
    """The HTML text. ``img_src``: relative URLs of the images (relative mode); None embeds them
    as data URIs."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    runs = ", ".join(f'{r["command"]} {r["run_id"]}' for r in view.summary["runs"])
    data = {"page_size": page_size, "low": low, "cards": view.cards, "groups": view.groups,
            "img_dims": [[im.width, im.height] for im in view.images]}
    if img_src is not None:
        data["img_src"] = img_src
    blocks = []
    if img_src is None:
        for k, im in enumerate(view.images):
            b64 = base64.b64encode(im.jpeg).decode("ascii")
            blocks.append(f'<script type="text/plain" id="img-{k}">data:image/jpeg;base64,{b64}'
                          "</script>")
    legend = ('<p class="legend"><span><i style="background:var(--ok)"></i>line conf &ge; 0.95'
              f'</span><span><i style="background:var(--mid)"></i>{low:g}&ndash;0.95</span>'
              f'<span><i style="background:var(--bad)"></i>&lt; {low:g}</span><span><i style="'
              'background:var(--tl)"></i>text layer</span><span><i style="background:var(--field)'
              '"></i>field box (hover or focus a field to highlight it)</span></p>')
    keys = ('<p class="keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous card, '
            '<kbd>&larr;</kbd>/<kbd>&rarr;</kbd> previous/next page of results, <kbd>a</kbd> all, '
            '<kbd>e</kbd> errors, <kbd>l</kbd> low confidence, <kbd>c</kbd> failed checks, '
            '<kbd>d</kbd> duplicates, <kbd>t</kbd> templates, <kbd>/</kbd> search, '
            '<kbd>Tab</kbd> through a card\'s fields to highlight their boxes.</p>')
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mmbatch {e(__version__)}">
<title>{e(title or f"mmbatch report: {out}")}</title>
<style>{CSS}</style></head>
<body>
<header class="top"><h1>{e(title or "mmbatch review report")}</h1>
<p class="sub">dataset <span class="mono">{e(str(out))}</span> &middot; {e(runs or "no run")} &middot; made {e(now)}</p></header>
<main>
{summary_html(view.summary)}
<section id="review" aria-labelledby="h-review"><h2 id="h-review">Review</h2>
<div class="toolbar" role="toolbar" aria-label="Filters">{_filters(view.counts)}
<input type="search" id="q" placeholder="path, field value, error ... (/)" aria-label="Search paths, field values and errors">
<label><input type="checkbox" id="show-lines" checked> line boxes</label>
<label><input type="checkbox" id="show-fields" checked> field boxes</label></div>
{legend}{keys}
<noscript><p class="note">The page list needs JavaScript; the summary above is complete without it.</p></noscript>
<p id="status" role="status"></p>
{_pager()}
<div id="cards"></div>
{_pager()}
</section></main>
<script type="application/json" id="mmb-data">{_json(data)}</script>
{chr(10).join(blocks)}
<script>{JS}</script>
</body></html>
"""


def relative_images(view: View, html_path: Path) -> List[str]:
    """Write the images into ``<name>_files/`` beside the report; their relative URLs."""
    folder = html_path.parent / f"{html_path.stem}_files"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("p*.jpg"):  # a previous report's images of the same name
        if old.stem[1:].isdigit():
            old.unlink()
    urls = []
    for k, im in enumerate(view.images):
        (folder / f"p{k}.jpg").write_bytes(im.jpeg)
        urls.append(f"{quote(folder.name)}/p{k}.jpg")
    return urls
