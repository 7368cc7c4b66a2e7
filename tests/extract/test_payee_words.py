"""A payee word read one letter off put right from the page image: the recogniser's CTC matrix
scores the vocabulary's words one letter away (``payee_words``). Recorded OCR lines and the drawn
image of a synthetic cheque (tests/data/cheque_lines_payee/dev_0009.*), the real recogniser."""
import itertools
import json
import math
from pathlib import Path

import numpy as np
from PIL import Image

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.constrained import ctc_logp
from pipeline.extract.payee_lexicon import known, neighbours

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "cheque_lines_payee"


def _collapse(path):
    out = [k for k, _ in itertools.groupby(path)]
    return [k for k in out if k != 0]


def test_ctc_logp_sums_every_alignment():
    rng = np.random.default_rng(0)
    prob = rng.random((5, 3))
    prob /= prob.sum(axis=1, keepdims=True)
    for labels in ([1], [1, 2], [1, 1], [2, 1, 2]):
        brute = sum(math.prod(prob[t, k] for t, k in enumerate(path))
                    for path in itertools.product(range(3), repeat=5)
                    if _collapse(path) == labels)
        assert math.isclose(ctc_logp(prob, labels), math.log(brute), rel_tol=1e-9)


def test_vocabulary():
    assert known("Garcia") and known("GREEN") and not known("Creen")
    assert "green" in neighbours("Creen")


def test_payee_word_read_again():
    data = json.loads((DATA / "dev_0009.json").read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    image = np.asarray(Image.open(DATA / "dev_0009.jpg").convert("RGB"))
    plain = {f.name: f for f in extract_cheque(lines, data["width"], data["height"])}["payee"]
    assert plain.value == "Creen Valley Landscaping"  # the OCR's reading, without the image
    got = {f.name: f for f in extract_cheque(lines, data["width"], data["height"], image)}["payee"]
    assert got.value == data["truth"]["payee"] == "Green Valley Landscaping"
    assert got.raw == "Creen Valley Landscaping"
    assert got.status == "unchecked"
    assert "'Creen' read again as 'Green'" in got.message


def _page_with(data, corner, at):
    page = Image.new("RGB", (int(data["width"]), int(data["height"])), "white")
    page.paste(Image.open(DATA / corner).convert("RGB"), at)
    return np.asarray(page)


def _payee(name, at):
    """The payee field of a recorded cheque, its payee line's crop pasted at ``at``; and the
    cheque's truth."""
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    fields = {f.name: f for f in extract_cheque(lines, data["width"], data["height"],
                                                _page_with(data, f"{name}_payee.jpg", at))}
    return fields["payee"], data["truth"]


def test_payee_first_letter_the_crop_cut():
    # dev_0123: "Ahmed T. Schneider" read "hmed T. Schneider"; its line (x 160-430, y 195-270)
    got, truth = _payee("dev_0123", (160, 195))
    assert got.raw == "hmed T. Schneider"
    assert got.value == truth["payee"] == "Ahmed T. Schneider"


def test_payee_words_the_ocr_read_without_their_space():
    # dev_0091: "MS. OLIVIACHEN"; the image: the payee's line (x 260-660, y 290-390) pasted on a
    # white page of the cheque's size
    got, truth = _payee("dev_0091", (260, 290))
    assert got.raw == "MS. OLIVIACHEN"
    assert got.value.upper() == truth["payee"].upper() == "MS. OLIVIA CHEN"
    assert "'OLIVIACHEN' read again as 'OLIVIA CHEN'" in got.message


def test_payee_o_apostrophe_the_ocr_lost():
    # dev_0188: "Ms. Ahmed O'Brien" read "Ms. Ahmed 'Brien"; its line (x 190-470, y 180-260)
    got, truth = _payee("dev_0188", (190, 180))
    assert got.raw == "Ms. Ahmed 'Brien"
    assert got.value == truth["payee"] == "Ms. Ahmed O'Brien"
