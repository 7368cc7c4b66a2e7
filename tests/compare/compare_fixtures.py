"""One real compare run over a handful of sample cheques and copies of them made here:

- cheque_05.png and two rescans of it (rotated, rescaled, cropped, darker, noisy, JPEG q30);
- cheque_06.png: the same template, bank and account as cheque_05, another payee and serial;
- cheque_01.png and cheque_01 re-rendered by sample_docs/make_samples.py in another template,
  tint and pattern, with the same MICR line and amount: one cheque presented twice.
"""
from __future__ import annotations

import importlib.util
import io
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageEnhance

ROOT = Path(__file__).resolve().parents[2]
CHEQUES = ROOT / "sample_docs" / "cheques"


def rescan(img: Image.Image, angle: float, scale: float, crop: float, bright: float,
           seed: int) -> bytes:
    img = img.convert("RGB").rotate(angle, resample=Image.BICUBIC, expand=True,
                                    fillcolor=(255, 255, 255))
    w, h = img.size
    img = img.crop((int(w * crop), int(h * crop / 2), w, h - int(h * crop / 2)))
    img = img.resize((round(img.size[0] * scale), round(img.size[1] * scale)), Image.BILINEAR)
    img = ImageEnhance.Brightness(img).enhance(bright)
    a = np.asarray(img, np.float32) + np.random.default_rng(seed).normal(0, 5, (img.size[1], img.size[0], 1))
    buf = io.BytesIO()
    Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=30)
    return buf.getvalue()


def make_samples():
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "sample_docs" / "make_samples.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = mod
    spec.loader.exec_module(mod)
    return mod


def represented_cheque_01() -> Image.Image:
    ms = make_samples()
    sp = next(s for s in ms.build_specs() if s.stem == "cheque_01")
    sp = replace(sp, template="modern", tint=(252, 249, 238), pattern="hatch", logo="circle",
                 brand=(0, 105, 140), gray=False)
    img, _ = ms.render_cheque(sp, width_px=1700)
    return img


@pytest.fixture(scope="session")
def compare_dirs(tmp_path_factory):
    base = tmp_path_factory.mktemp("compare")
    inbox, archive = base / "inbox", base / "archive"
    inbox.mkdir()
    archive.mkdir()
    c05 = Image.open(CHEQUES / "cheque_05.png")
    (archive / "cheque_05.png").write_bytes((CHEQUES / "cheque_05.png").read_bytes())
    (inbox / "c05_rescan_a.jpg").write_bytes(rescan(c05, 2.5, 0.8, 0.04, 0.85, 1))
    (inbox / "c05_rescan_b.jpg").write_bytes(rescan(c05, -1.5, 1.3, 0.02, 1.15, 2))
    (archive / "cheque_06.png").write_bytes((CHEQUES / "cheque_06.png").read_bytes())
    (archive / "cheque_01.png").write_bytes((CHEQUES / "cheque_01.png").read_bytes())
    represented_cheque_01().save(inbox / "c01_presented_again.png")
    return base, [str(inbox), str(archive)]


@pytest.fixture(scope="session")
def compare_run(compare_dirs):
    """(summary of the first run, summary of a second run over the same files, out folder)."""
    from pipeline.compare.run import run_compare
    from pipeline.runners.driver import RunOptions

    base, inputs = compare_dirs
    run = RunOptions(cache_dir=str(base / "cache"), workers=1, quiet=True)
    first = run_compare(inputs, str(base / "out"), run=run)
    second = run_compare(inputs, str(base / "out"), run=run)
    return first, second, base / "out"


def read(out: Path, table: str, run_id: str) -> list:
    import pyarrow.parquet as pq

    files = sorted((out / table).glob(f"run_date=*/part-{run_id}-*.parquet"))
    assert files, f"no {table} parquet for run {run_id} under {out}"
    return pq.read_table(files).to_pylist()


def pair(rows: list, a: str, b: str) -> dict:
    for r in rows:
        names = {Path(r["path_a"]).name, Path(r["path_b"]).name}
        if names == {a, b}:
            return r
    raise AssertionError(f"no comparison row for {a} and {b}: "
                         f"{[(Path(r['path_a']).name, Path(r['path_b']).name) for r in rows]}")
