"""A stroke of the payee read as a mark ("Ch/oe", "E/lm", "County 'Tax Collector") taken out
where the image reads the known word nearly as well (``payee_words._stray_marks``). Recorded OCR
lines of synthetic cheques and their payee line's crop pasted on a white page of the cheque's
size (tests/data/cheque_lines_marks/), the real recogniser."""
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "cheque_lines_marks"


def _payee(name, with_image=True):
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    image = None
    if with_image:
        crop = data["payee_crop"]
        page = Image.new("RGB", (int(data["width"]), int(data["height"])), "white")
        page.paste(Image.open(DATA / crop["file"]).convert("RGB"), (crop["x"], crop["y"]))
        image = np.asarray(page)
    fields = {f.name: f for f in extract_cheque(lines, data["width"], data["height"], image)}
    return fields["payee"], data["truth"]["payee"]


@pytest.mark.parametrize("name, raw, note", [
    ("held_0028", "Ch/oe Schneider", "'Ch/oe' read again as 'Chloe'"),
    ("fresh8_0018", "E/lm Street Electric Co.", "'E/lm' read again as 'Elm'"),
    ("anglo_fresh4_0028", "Is/a Ngyen", "'Is/a' read again as 'Isla'"),
    ("held_0016", "County 'Tax Collector", "\"'Tax\" read again as 'Tax'"),
    ("anglo_fresh4_0016", "Noah 'Taylor", "\"'Taylor\" read again as 'Taylor'"),
])
def test_a_mark_read_in_a_known_word_is_taken_out(name, raw, note):
    got, want = _payee(name)
    assert got.raw == raw
    assert got.value == want
    assert got.status == "unchecked"
    assert note in got.message
    plain, _ = _payee(name, with_image=False)  # without the image, the reading as it was
    assert "/" in plain.value or "'" in plain.value


def test_a_slash_between_two_letters_is_no_word_slip():
    from pipeline.extract.payee_words import _SLASHED, _mark_known
    # "a/c", "c/o", "M/s" stay: two letters, and "Mls" or "alc" read for them would be no
    # name's word
    assert [m.group(0) for m in _SLASHED.finditer("Rajvir Singh a/c No 2006 M/s c/o")] == [
        "a/c", "M/s", "c/o"]
    assert _mark_known("Elm") and _mark_known("Chloe") and not _mark_known("Ellm")
    assert not _mark_known("alc")
