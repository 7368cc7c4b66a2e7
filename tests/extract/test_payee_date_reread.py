"""The date beside its label read again from the page image under a date's words (month names,
numbers, separators) where OCR's reading of it holds no date: recorded OCR lines and the drawn
image of a synthetic cheque (tests/data/cheque_lines_payee/dev_0006.*), the real recogniser."""
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "cheque_lines_payee"


@pytest.fixture(scope="module")
def dev_0006():
    data = json.loads((DATA / "dev_0006.json").read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    image = np.asarray(Image.open(DATA / "dev_0006.jpg").convert("RGB"))
    return data, lines, image


def test_ocr_reading_holds_no_date(dev_0006):
    data, lines, _ = dev_0006
    assert any(l.text == "08/160/24" for l in lines)  # "08/16/24" written by hand
    got = {f.name: f for f in extract_cheque(lines, data["width"], data["height"])}
    assert got["date"].value is None


def test_date_read_again_from_the_image(dev_0006):
    data, lines, image = dev_0006
    got = {f.name: f for f in extract_cheque(lines, data["width"], data["height"], image)}
    assert got["date"].value == data["truth"]["date"] == "2024-08-16"
    assert got["date"].status == "unchecked"  # never ok: a reading made under a constraint
    assert "read again with a date's words only from '08/160/24'" in got["date"].message
    assert got["payee"].value == "DEPT. OF MOTOR VEHICLES"  # the rest as before


def test_a_date_the_image_reads_otherwise_too_is_not_ok():
    # dev_0174: "11/26/2025" written, OCR read "11/24/2025"; the recogniser's second reading
    # of the line is the written date. The image: the date's corner of the page (x 880-1340,
    # y 140-260) pasted on a white page of the cheque's size
    data = json.loads((DATA / "dev_0174.json").read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    page = Image.new("RGB", (int(data["width"]), int(data["height"])), "white")
    page.paste(Image.open(DATA / "dev_0174_date.jpg").convert("RGB"), (880, 140))
    plain = {f.name: f for f in extract_cheque(lines, data["width"], data["height"])}["date"]
    assert (plain.value, plain.status) == ("2025-11-24", "ok")  # wrong, and ok
    got = {f.name: f for f in extract_cheque(lines, data["width"], data["height"],
                                             np.asarray(page))}["date"]
    assert got.value == "2025-11-24" and data["truth"]["date"] == "2025-11-26"
    assert got.status == "ambiguous" and got.conf <= 0.5
    assert "the image reads 2025-11-26 nearly as well" in got.message


def test_a_sure_date_stays_ok():
    # a sample cheque's printed date: no other date reads nearly as well from its line
    root = Path(__file__).resolve().parents[2]
    data = json.loads((root / "tests/data/cheque_lines/cheque_01.json").read_text())
    lines = [line_from_dict(d) for d in data["lines"]]
    image = np.asarray(Image.open(root / "sample_docs/cheques/cheque_01.png").convert("RGB"))
    got = {f.name: f for f in extract_cheque(lines, data["width"], data["height"], image)}
    assert (got["date"].value, got["date"].status) == ("2026-03-15", "ok")


def test_date_whose_label_is_printed_under_its_line():
    # dev_0190: "date" printed under the end of the date's line, "January" read "Sanuary"
    data = json.loads((DATA / "dev_0190.json").read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    got = {f.name: f for f in extract_cheque(lines, data["width"], data["height"])}["date"]
    assert got.raw == "Sanuary 3 2025"
    assert got.value == data["truth"]["date"] == "2025-01-03"
    assert got.status == "ambiguous"  # a month name misread is never ok
