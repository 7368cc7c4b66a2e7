"""Decoding a field's line with the characters the field allows (the hook for re-reading a
field's line: ``TextRecognizer(..., allowed=...)``), on real crops of a sample cheque with the
real recogniser."""
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.models.ocr_rec import TextRecognizer

ROOT = Path(__file__).resolve().parents[2]
DIGITS = "0123456789,./-"


@pytest.fixture(scope="module")
def crops():
    data = json.loads((ROOT / "tests/data/cheque_lines/cheque_01.json").read_text())
    img = np.asarray(Image.open(ROOT / "sample_docs/cheques/cheque_01.png").convert("RGB"))
    img = img[:, :, ::-1]  # the recogniser takes BGR crops
    out = {}
    for l in data["lines"]:
        xs, ys = [p[0] for p in l["box"]], [p[1] for p in l["box"]]
        out[l["text"]] = np.ascontiguousarray(
            img[int(min(ys)):int(max(ys)) + 1, int(min(xs)):int(max(xs)) + 1])
    return out


@pytest.fixture(scope="module")
def rec():
    return TextRecognizer()


def test_allowed_characters_only(rec, crops):
    free = rec([crops["1,234.56"], crops["03/15/2026"]])
    held = rec([crops["1,234.56"], crops["03/15/2026"]], allowed=DIGITS)
    assert [r.text for r in held] == [r.text for r in free] == ["1,234.56", "03/15/2026"]
    # a line of letters decoded as digits keeps to digits (and says it is unsure)
    name = rec([crops["Northwind Traders LLC"]], allowed=DIGITS)[0]
    assert set(name.text) <= set(DIGITS) and name.conf < 0.5
    assert rec([crops["Northwind Traders LLC"]])[0].text == "Northwind Traders LLC"
