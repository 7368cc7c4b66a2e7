"""The Python API (``mmbatch.extract``, ``compare``, ``ocr``): typed results, the command's
options under their job-file names, and the command line's messages for bad values."""
from __future__ import annotations

import importlib
import io
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

import pipeline as mmbatch
from pipeline import api
from pipeline.cli import main
from pipeline.document import Line, PageResult, Word
from pipeline.errors import DocumentError, UsageError
from pipeline.extract.types import Field

from conftest import SAMPLES, truth

CHEQUE = SAMPLES / "cheques" / "cheque_01.png"


@pytest.fixture(scope="module")
def cheque_pages():
    return mmbatch.ocr(CHEQUE)


def test_the_package_exports_the_functions_whatever_was_imported():
    for name in ("pipeline.extract.cheque", "pipeline.compare.run", "pipeline.ocr"):
        importlib.import_module(name)
    assert mmbatch.extract is api.extract and mmbatch.compare is api.compare
    assert mmbatch.ocr is api.ocr
    from pipeline import compare, extract, ocr  # noqa: F401  (the functions, not the modules)

    assert (extract, compare, ocr) == (api.extract, api.compare, api.ocr)
    assert mmbatch.PageResult is PageResult and mmbatch.UsageError is UsageError
    from pipeline.runners.driver import RunSummary

    assert mmbatch.RunSummary is RunSummary


def test_ocr_a_file(cheque_pages):
    (page,) = cheque_pages
    assert isinstance(page, PageResult) and page.source == "ocr" and page.units == "px"
    assert all(isinstance(l, Line) and all(isinstance(w, Word) for w in l.words)
               for l in page.lines)
    assert page.lines[0].text == truth("cheque_01")["lines"][0]
    assert page.doc_type == "cheque"
    got = {f.name: f for f in page.fields}
    assert all(isinstance(f, Field) for f in page.fields)
    assert got["payee"].value == "Northwind Traders LLC" and got["amount"].value == "1234.56"


def test_ocr_an_image_array_or_bytes_gives_the_same_lines(cheque_pages):
    im = Image.open(CHEQUE)
    want = [(l.text, l.box) for l in cheque_pages[0].lines]
    for source in (im, np.asarray(im.convert("RGB")), CHEQUE.read_bytes(), str(CHEQUE)):
        got = mmbatch.ocr(source, no_fields=True)
        assert [(l.text, l.box) for l in got[0].lines] == want, type(source)
        assert got[0].fields == []


def test_ocr_a_pdf_text_layer_and_its_pages():
    pdf = SAMPLES / "pdfs" / "born_digital.pdf"
    pages = mmbatch.ocr(pdf, no_fields=True)
    assert pages[0].source == "text_layer" and pages[0].units == "pt"
    assert mmbatch.ocr(pdf, pages="1", no_fields=True)[0].page == 1


def test_ocr_errors():
    with pytest.raises(DocumentError, match="nope.png: no such file"):
        mmbatch.ocr("nope.png")
    with pytest.raises(DocumentError, match="<bytes>: file is empty"):
        mmbatch.ocr(b"")
    with pytest.raises(UsageError, match="expected a path, the bytes of a file"):
        mmbatch.ocr(42)
    with pytest.raises(UsageError, match="workers: not an option of mmbatch.ocr()"):
        mmbatch.ocr(CHEQUE, workers=2)
    with pytest.raises(UsageError, match="dpii: .* did you mean 'dpi'"):
        mmbatch.ocr(CHEQUE, dpii=300)


@pytest.mark.parametrize("option,value,flag,text", [
    ("dpi", 20, "--dpi", "20"),
    ("dpi", "abc", "--dpi", "abc"),
    ("max_memory", "lots", "--max-memory", "lots"),
    ("workers", 0, "--workers", "0"),
    ("doc_type", "invoice", "--doc-type", "invoice"),
    ("pages", "2-1", "--pages", "2-1"),
    ("field", "no colon here;;", "--field", "no colon here;;"),
])
def test_a_bad_value_says_what_the_command_line_says(tmp_path, option, value, flag, text):
    with pytest.raises(UsageError) as e:
        mmbatch.extract([str(CHEQUE)], tmp_path / "out", **{option: value})
    message = str(e.value)
    assert message.startswith(f"{option}: ")
    r = CliRunner().invoke(main, ["extract", str(CHEQUE), "--out", str(tmp_path / "out"),
                                  flag, text])
    assert r.exit_code == 2
    assert message[len(option) + 2:] in " ".join(r.output.split()), r.output
    assert not (tmp_path / "out").exists()


def test_extract_and_compare_return_their_summaries(tmp_path):
    from pipeline.compare.run import CompareSummary
    from pipeline.runners.driver import RunSummary

    src = tmp_path / "in"
    src.mkdir()
    for name in ("cheque_01.png", "cheque_05.png"):
        (src / name).write_bytes((SAMPLES / "cheques" / name).read_bytes())
    (src / "copy_of_01.png").write_bytes(CHEQUE.read_bytes())
    cache = tmp_path / "cache"
    s = mmbatch.extract(src, tmp_path / "out", cache=cache, workers=1, quiet=True,
                        max_memory="2G")
    assert isinstance(s, RunSummary)
    assert (s.documents, s.errors, s.duplicates) == (2, 0, 1)
    assert Path(s.manifest_path).is_file()
    c = mmbatch.compare([str(src)], str(tmp_path / "out"), cache=str(cache), workers=1,
                        quiet=True, align=False)
    assert isinstance(c, CompareSummary)
    assert c.pages == 3 and c.verdicts["duplicate"] == 1 and c.cached_pages == 2


def test_options_lists():
    assert "dpi" in mmbatch.option_names("ocr") and "workers" not in mmbatch.option_names("ocr")
    assert "image_model" in mmbatch.option_names("compare")
    assert "out" not in mmbatch.option_names("extract")
    assert "compare" in mmbatch.option_names("extract")
