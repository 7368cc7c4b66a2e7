"""``mmbatch report``: one self-contained HTML file to review a run: a summary (documents, pages,
errors, timings, cache hit rate, models), every page with its line boxes (coloured by confidence)
and field boxes over the page image, failed documents, and duplicate / template groups side by
side with each signal's score and the reason.

    load.py     the chosen runs' rows from the dataset and their manifests
    images.py   page images rendered from the source files (downscaled JPEG)
    view.py     cards (page, error, group) as plain data; summary.py the summary
    html.py     the HTML file; static.py its CSS and script
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Sequence

from ..errors import UsageError

IMAGE_MODES = ("embedded", "relative", "none")


@dataclass
class ReportOptions:
    run_ids: Sequence[str] = ()          # default: the latest extract run and its compare run
    all_runs: bool = False
    images: str = "embedded"             # embedded (data URIs) | relative (<name>_files/) | none
    max_side: int = 1200                 # longest side of a page image, pixels
    quality: int = 72                    # JPEG quality
    low_conf: float = 0.80               # below this a page or field is "low confidence"
    page_size: int = 20                  # cards per page of results
    source_roots: Sequence[str] = ()     # folders relative source paths are also looked up in
    pdf_password: Optional[str] = None
    title: str = ""


@dataclass
class ReportResult:
    path: str
    bytes: int
    seconds: float
    runs: List[str]
    documents: int
    pages: int
    errors: int
    images: int
    missing_images: int
    groups: int
    notes: List[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"mmbatch report: {self.documents} documents, {self.pages} pages, {self.errors} "
                f"errors, {self.groups} groups, {self.images} images -> {self.path} "
                f"({self.bytes / 2 ** 20:.1f} MiB in {self.seconds:.1f}s; runs "
                f"{', '.join(self.runs) or '-'})")


def build_report(out, html_path=None, options: Optional[ReportOptions] = None) -> ReportResult:
    """Write the report of the dataset at ``out`` to ``html_path`` (default ``out/report.html``).
    Raises ``UsageError`` for a folder that is not a dataset, an unknown run id or bad options."""
    from .html import relative_images, render_html
    from .images import Renderer
    from .load import load
    from .view import build_view

    o = options or ReportOptions()
    if o.images not in IMAGE_MODES:
        raise UsageError(f"images {o.images!r}: one of {', '.join(IMAGE_MODES)}")
    if o.page_size < 1 or o.max_side < 16 or not 1 <= o.quality <= 95 \
            or not 0.0 <= o.low_conf <= 1.0:
        raise UsageError("report options: page size >= 1, image size >= 16, JPEG quality 1-95, "
                         "low confidence 0-1")
    if "://" in str(out):
        raise UsageError(f"{out}: the report reads a local dataset (copy it first, e.g. "
                         "aws s3 sync)")
    t0 = time.perf_counter()
    out = Path(out)
    html_path = Path(html_path) if html_path else out / "report.html"
    data = load(out, o.run_ids, o.all_runs)
    renderer = None
    if o.images != "none":
        # relative paths in the tables are relative to the folder each run started in
        run_dirs = [Path(r.manifest["cwd"]) for r in data.runs
                    if r.manifest and r.manifest.get("cwd")]
        roots = [Path(r) for r in o.source_roots] + run_dirs + [out.parent, out]
        renderer = Renderer(roots, o.max_side, o.quality, o.pdf_password).render
    view = build_view(data, renderer, o.low_conf)
    try:
        html_path.parent.mkdir(parents=True, exist_ok=True)
        urls = relative_images(view, html_path) if o.images == "relative" else None
        text = render_html(view, out, page_size=o.page_size, low=o.low_conf, img_src=urls,
                           title=o.title)
        tmp = html_path.with_name(f".{html_path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, html_path)
    except OSError as e:
        raise UsageError(f"cannot write the report {html_path}: {e.strerror or e}")
    st = view.summary["stats"]
    pages = [c for c in view.cards if c["k"] == "page"]
    return ReportResult(
        path=str(html_path), bytes=html_path.stat().st_size,
        seconds=round(time.perf_counter() - t0, 3), runs=[r.run_id for r in data.runs],
        documents=st["documents"], pages=st["pages"], errors=st["errors"],
        images=len(view.images),
        missing_images=sum(c["img"] is None for c in pages) if renderer else 0,
        groups=len(view.groups), notes=view.summary["notes"])
