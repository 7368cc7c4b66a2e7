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
