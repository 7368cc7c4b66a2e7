"""The amounts of a cheque read again under their fields' constraints and chosen together, on a
real sample cheque whose amount in words is blurred (shrunk to 16.5% and enlarged back in place),
with the real recogniser.

The page's OCR lines are recorded (``tests/data/cheque_lines_blurred/``, the real OCR of the blurred
page) so the test runs the recogniser only on the lines the amounts take;
``MMBATCH_GEN_TEST_DATA=1 pytest tests/extract/test_amount_fusion.py`` records them again."""
import json
import os
from decimal import Decimal
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from pipeline.document import line_from_dict, line_to_dict
from pipeline.extract.amounts import parse_amount, parse_amount_words
from pipeline.extract.constrained import AMOUNT_WORDS, Lexicon, lexicon, nbest
from pipeline.extract.fields import FieldOptions, extract_fields
from pipeline.models.ocr_rec import TextRecognizer

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_docs/cheques/cheque_01.png"
RECORDED = ROOT / "tests/data/cheque_lines/cheque_01.json"
BLURRED = ROOT / "tests/data/cheque_lines_blurred/cheque_01_words_165.json"
SCALE = 0.165
WORDS = "One thousand two hundred thirty-four and 56/100 DOLLARS"


def _words_box():
    line = next(l for l in json.loads(RECORDED.read_text())["lines"] if l["text"] == WORDS)
    xs, ys = [p[0] for p in line["box"]], [p[1] for p in line["box"]]
    return int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1


def blurred_page(scale: float = SCALE) -> np.ndarray:
    """cheque_01 with its amount in words shrunk to ``scale`` and enlarged back in place."""
    img = np.asarray(Image.open(SAMPLE).convert("RGB")).copy()
    x0, y0, x1, y1 = _words_box()
    small = cv2.resize(img[y0:y1, x0:x1], None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    img[y0:y1, x0:x1] = cv2.resize(small, (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR)
    return img


@pytest.fixture(scope="module")
def page():
    img = blurred_page()
    if os.environ.get("MMBATCH_GEN_TEST_DATA"):
        from pipeline.api import ocr

        p = ocr(img, no_fields=True)[0]
        BLURRED.parent.mkdir(exist_ok=True)
        BLURRED.write_text(json.dumps({
            "source": "sample_docs/cheques/cheque_01.png, the amount in words shrunk to 16.5% and "
                      "enlarged back (tests/extract/test_amount_fusion.py: blurred_page)",
            "ocr": "mmbatch OCR (PP-OCRv6 small det/rec), pipeline.api.ocr(no_fields=True)",
            "width": p.width, "height": p.height,
            "lines": [line_to_dict(l) for l in p.lines]}, indent=1))
    d = json.loads(BLURRED.read_text())
    return [line_from_dict(l) for l in d["lines"]], d["width"], d["height"], img


def _amounts(fields):
    return {f.name: f for f in fields if f.name in ("amount", "amount_words")}


def test_plain_reading_of_the_blurred_words_is_wrong(page):
    lines, w, h, _ = page
    words = next(l.text for l in lines if "thirty" in l.text.lower())
    # "One thesend twe lunxdrel thirty-four": "lunxdrel" is no number word within two slips
    assert parse_amount_words(words) is None
    _, fs = extract_fields(lines, w, h, None, FieldOptions())
    a = _amounts(fs)
    # without the page image: the plain readings; the words are not read, the figures not ok
    assert a["amount"].value == "1234.56" and a["amount"].status == "unchecked"
    assert a.get("amount_words") is None or a["amount_words"].value is None


def test_words_read_again_agree_with_the_figures(page):
    lines, w, h, img = page
    _, fs = extract_fields(lines, w, h, img, FieldOptions())
    a = _amounts(fs)
    assert (a["amount"].value, a["amount"].status) == ("1234.56", "ok")
    assert (a["amount_words"].value, a["amount_words"].status) == ("1234.56", "ok")
    assert "read again as words of amounts" in a["amount_words"].message
    assert a["amount_words"].raw == "one thousand two hundred thirty four and 56/100 dollars"


def test_lexicon_decoding_of_the_blurred_crop():
    """The crop alone (blurred a little more, to 15%): greedy decoding misreads words
    ("Dre thousandl tee hundred ... 56/10ll"), the lexicon-constrained beam reads them."""
    rec = TextRecognizer()
    img = blurred_page(0.15)[:, :, ::-1]
    x0, y0, x1, y1 = _words_box()
    prob, content = rec.probabilities([np.ascontiguousarray(img[y0:y1, x0:x1])])[0]
    plain = rec.decode(prob, content).text
    assert parse_amount_words(plain) != Decimal("1234.56")
    best = nbest(prob, rec.charset, lex=lexicon(AMOUNT_WORDS), n=3)
    assert best[0][0] == "one thousand two hundred thirty four and 56/100 dollars"
    assert parse_amount_words(best[0][0]) == Decimal("1234.56")
    # digits only: the same matrix keeps to digits and separators
    digits = nbest(prob, rec.charset, allowed="0123456789,./-", n=1)[0][0]
    assert set(digits) <= set("0123456789,./-")


def test_lexicon_respaces_words():
    lex = Lexicon(["twenty", "six", "lakhs", "thirty", "thousand"])
    assert lex.segment("twentysix lakhs thirtythousand") == "twenty six lakhs thirty thousand"


def test_indian_amounts_as_handwritten():
    assert parse_amount("150,00,000").value == Decimal("15000000.00")  # 150 lakh
    assert parse_amount("510,00,000/").value == Decimal("51000000.00")
    assert parse_amount_words("one fifty lakhs") == Decimal("15000000.00")
    assert parse_amount_words("five cores ten lakhs") == Decimal("51000000.00")
    assert parse_amount_words("one five lakhs") is None


def test_date_boxes_band_from_the_printed_letters():
    """The band of eight digit boxes is placed by the printed D D M M Y Y Y Y under them, even
    with letters the OCR missed (here both Ds and the first Y; boxes 60 px apart, letters 30 px
    high at y 200)."""
    from types import SimpleNamespace

    from pipeline.extract.date_boxes import band

    def letter(i):
        cx = 1000 + 60 * i
        return SimpleNamespace(text="DDMMYYYY"[i], x0=cx - 12, x1=cx + 12, y0=200.0, y1=230.0)

    (x0, y0), (x1, _), (_, y1), _ = band([letter(i) for i in (2, 3, 5, 6, 7)])
    # the boxes run from the first D's box to the last Y's, just above the letters
    assert 1000 - 60 < x0 <= 1000 - 30 and 1000 + 7 * 60 + 30 <= x1 < 1000 + 8 * 60
    assert 130 < y0 < 160 and 200 <= y1 < 210
    # letters out of the D D M M Y Y Y Y order place nothing
    wrong = [SimpleNamespace(text=t, x0=1000 + 60 * i, x1=1024 + 60 * i, y0=200.0, y1=230.0)
             for i, t in enumerate("YDM")]
    assert band(wrong) is None


def test_date_box_letters_read_with_slips_keep_their_places():
    """The printed letters "ODRMYYYY" (a real SBI leaf's "D D M M Y Y Y Y", two letters misread) is still the boxes'
    letters, each character in its own place; the lower band sits on the letters."""
    from types import SimpleNamespace

    from pipeline.extract.date_boxes import _cells, band, box_letters

    assert box_letters("ODRMYYYY") and box_letters("D D M M Y Y Y Y") and box_letters("MMYY")
    assert not box_letters("MEMORY12") and not box_letters("DAY") and not box_letters("19002017")
    lab = SimpleNamespace(text="ODRMYYYY", x0=800.0, x1=1040.0, y0=200.0, y1=230.0)
    assert [round(c[1]) for c in _cells([lab])] == [845, 905, 935, 965, 995, 1025]
    (x0, y0), (x1, _), (_, y1), _ = band([lab])
    assert 770 < x0 < 800 and 1040 <= x1 < 1070
    (_, low0), _, (_, low1), _ = band([lab], low=True)
    assert y0 < low0 < 200 < low1 < 215


def test_a_micr_symbol_read_as_a_digit_is_left_out_only_when_a_second_reading_drops_it():
    from pipeline.extract.cheque_micr import _dropped

    # sample cheque_02's on-us symbol read as a "1" (0.34) by one crop and not by the other
    assert _dropped("I:102585575I: 6139927701 000318", "I:102585575I: 613992770 000318") == \
        "I:102585575I: 613992770 000318"
    # symbols the second reading lost, or other digits: OCR's reading stays
    assert _dropped("I:238462999I: 9823409206 1042", "I238462999I98234092061042") is None
    assert _dropped("I:102585575I: 613992770 000318", "I:102585575I: 613992771 000318") is None
    assert _dropped("12345", "12345") is None
