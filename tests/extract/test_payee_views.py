"""A handwritten payee word read again from other views of its line's crop (taller, shorter,
stretched, narrowed, smoothed: ``payee_views``), where the summed probability of all the views
says another reading, on recorded OCR of synthetic cheques with their payee line's crop
(tests/data/cheque_lines_payee/, real OCR of the crop read again here)."""
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.payee_views import vote_words

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "cheque_lines_payee"


def _payee(name, at, image=True):
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    page = Image.new("RGB", (int(data["width"]), int(data["height"])), "white")
    page.paste(Image.open(DATA / f"{name}_payee.jpg").convert("RGB"), at)
    fields = {f.name: f for f in extract_cheque(lines, data["width"], data["height"],
                                                np.asarray(page) if image else None)}
    return fields["payee"], data["truth"]["payee"]


@pytest.mark.parametrize("name, at, raw, word", [
    ("anglo_dev_0005", (220, 250), "Maæëlle Roy", "'Maæëlle' read as 'Maëlle'"),   # a letter more
    ("in_fresh8_0044", (120, 210), "TEW INDIA ENTERPRISES", "'TEW' read as 'NEW'"),
])
def test_a_word_the_views_read_otherwise(name, at, raw, word):
    plain, want = _payee(name, at, image=False)
    assert plain.raw == raw and plain.value.upper() != want.upper()
    got, want = _payee(name, at)
    assert got.value.upper() == want.upper()
    assert word in got.message and "by the crop's views" in got.message


class _OneView:
    """A reader whose every view is the crop itself: no view says anything new."""

    def __init__(self, reader):
        self.reader, self.rec = reader, reader.rec

    def views(self, box, plain):
        got = self.reader.views(box, plain)
        return None if got is None else ([got[0][0]] * 6, [got[1][0]] * 6)


def test_views_that_read_as_the_crop_change_nothing():
    from pipeline.extract.cheque_page import _wrap
    from pipeline.extract.constrained import LineReader

    data = json.loads((DATA / "in_fresh8_0044.json").read_text(encoding="utf-8"))
    page = Image.new("RGB", (int(data["width"]), int(data["height"])), "white")
    page.paste(Image.open(DATA / "in_fresh8_0044_payee.jpg").convert("RGB"), (120, 210))
    line = next(line_from_dict(d) for d in data["lines"] if d["text"] == "TEW INDIA ENTERPRISES")
    reader = LineReader(np.asarray(page))
    assert vote_words(_OneView(reader), _wrap([line]), line.text) == (line.text, None)
    assert vote_words(reader, _wrap([line]), line.text)[0] == "NEW INDIA ENTERPRISES"


def test_a_crop_cut_short_by_its_box_is_not_voted_on():
    # the sample cheque_01's payee box ends at its "C": the crop read again (and all its views)
    # gives "Northwind Traders LL"; OCR's reading stands
    root = Path(__file__).resolve().parents[2]
    data = json.loads((root / "tests/data/cheque_lines/cheque_01.json").read_text())
    lines = [line_from_dict(d) for d in data["lines"]]
    page = np.asarray(Image.open(root / "sample_docs/cheques/cheque_01.png").convert("RGB"))
    got = {f.name: f for f in extract_cheque(lines, data["width"], data["height"], page)}
    assert got["payee"].value == "Northwind Traders LLC"
    assert "views" not in got["payee"].message
