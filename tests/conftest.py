"""Shared fixtures: the real OCR pipeline (loaded once) and one real run over sample_docs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_docs"
TRUTH = SAMPLES / "ground_truth"
DATA = Path(__file__).resolve().parent / "data"


def as_mmbatch(tmp: Path) -> dict:
    """An environment in which ``import mmbatch`` is this checkout's ``pipeline/`` (as an
    installed copy would be, whatever else is installed): for a subprocess."""
    import os

    site = tmp / "as-mmbatch"
    if not site.exists():
        site.mkdir()
        (site / "mmbatch").symlink_to(ROOT / "pipeline", target_is_directory=True)
    return dict(os.environ, PYTHONPATH=str(site))


def truth(stem: str) -> dict:
    return json.loads((TRUTH / f"{stem}.json").read_text())


def cheque_truths():
    return sorted(p.stem for p in TRUTH.glob("cheque_*.json"))


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Tests never touch the user's cache: the default cache folder is a temporary one."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))


@pytest.fixture(scope="session")
def ocr():
    from pipeline.ocr import OcrPipeline

    return OcrPipeline()


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory):
    """One extract run over every sample document plus a corrupt and a zero-byte file."""
    from pipeline.runners.driver import RunOptions, run_extract

    tmp = tmp_path_factory.mktemp("run")
    bad = tmp / "bad"
    bad.mkdir()
    (bad / "empty.png").write_bytes(b"")
    jpg = next((SAMPLES / "cheques").glob("*.jpg")).read_bytes()
    (bad / "truncated.jpg").write_bytes(jpg[: len(jpg) // 20])
    (bad / "notes.txt").write_text("not a document")  # unsupported extension: skipped
    out = tmp / "out"
    summary = run_extract([str(SAMPLES / "cheques"), str(SAMPLES / "pdfs"), str(bad)], str(out),
                          run=RunOptions(cache_dir=str(tmp / "cache"), quiet=True))
    return summary, out


def read_table(out: Path, table: str):
    import pyarrow.parquet as pq

    files = sorted((out / table).glob("run_date=*/*.parquet"))
    assert files, f"no {table} parquet under {out}"
    return pq.read_table(files)


def huge_image_pdf(path: Path) -> Path:
    """A one-page PDF with a text layer that also draws an image declared 40000x40000 pixels
    (a few bytes on disk): extract reads the text layer; rendering the page must be refused."""
    import io

    import pymupdf
    from PIL import Image

    doc = pymupdf.open()
    page = doc.new_page(width=300, height=200)
    page.insert_text((20, 40), "Invoice 4711 with a text layer", fontsize=14)
    buf = io.BytesIO()
    Image.new("L", (4, 4), 255).save(buf, "PNG")
    xref = page.insert_image(pymupdf.Rect(20, 60, 280, 180), stream=buf.getvalue())
    doc.xref_set_key(xref, "Width", "40000")
    doc.xref_set_key(xref, "Height", "40000")
    doc.save(path)
    doc.close()
    return path


def page_with_crop(data: dict, folder: Path, key, blank: bool = False):
    """A white page (HxWx3 uint8) of a recorded cheque's size (``data``: a fixture of
    ``tests/data/cheque_lines_*``) with the crop its ``key`` names (``file`` in ``folder``, at
    ``x``, ``y``; a list of keys: each of those crops) in place; ``blank``: without it."""
    import numpy as np
    from PIL import Image

    page = np.full((int(data["height"]), int(data["width"]), 3), 255, dtype=np.uint8)
    for k in ([] if blank else [key] if isinstance(key, str) else key):
        c = data[k]
        crop = np.asarray(Image.open(folder / c["file"]).convert("RGB"))
        page[c["y"]:c["y"] + crop.shape[0], c["x"]:c["x"] + crop.shape[1]] = crop
    return page


def recorded_cheque(folder: Path, name: str, crops=None):
    """A recorded cheque's fixture (``folder``/``name``.json) and its fields by name, extracted
    from its lines, on a page with the named crops in place (``page_with_crop``; None: without
    an image)."""
    import json

    from pipeline.document import line_from_dict
    from pipeline.extract.cheque import extract_cheque

    data = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    page = page_with_crop(data, folder, crops) if crops else None
    return data, {f.name: f for f in extract_cheque(lines, data["width"], data["height"], page)}


def typed_lines(rows):
    """OCR lines typed as they were read: (text, x0, y0, x1, y1) each, confidence 0.9."""
    from pipeline.document import line_from_dict

    return [line_from_dict({"text": t, "conf": 0.9, "line_no": k,
                            "box": [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]})
            for k, (t, x0, y0, x1, y1) in enumerate(rows)]


def typed_cheque(rows, width, height):
    """The cheque fields by name of OCR lines typed as they were read (``typed_lines``),
    extracted without a page image."""
    from pipeline.extract.cheque import extract_cheque

    return {f.name: f for f in extract_cheque(typed_lines(rows), width, height)}
