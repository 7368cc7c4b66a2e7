"""An amount in words written over two lines, read again under the words of amounts line by
line and joined (``amount_fusion.words_candidates``, ``stacked``), and a band around the figures
that reads fewer digits than OCR read in it (never a candidate). Recorded OCR of synthetic
Indian cheques in the held fonts (``tests/data/cheque_lines_in_synth/``) with the crops of their
amount lines on a white page, read again by the real recogniser."""
import json
from decimal import Decimal
from pathlib import Path

from conftest import page_with_crop
from pipeline.document import line_from_dict
from pipeline.extract.fields import FieldOptions, extract_fields

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "cheque_lines_in_synth"


def amounts(name, keys):
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    image = page_with_crop(data, DATA, keys) if keys else None
    _, fs = extract_fields(lines, data["width"], data["height"], image,
                           FieldOptions(doc_type="cheque"))
    return data["truth"], {f.name: f for f in fs if f.name in ("amount", "amount_words")}


def test_words_over_two_lines_read_again_line_by_line():
    # "Rupees Tiventy Five Lacs Kinety Five Thousand sip" / "Hundked Ninety Eight Only": each
    # line read under the words of amounts alone names part of the amount; joined, all of it
    truth, plain = amounts("in_fresh5_0041", None)
    assert plain["amount_words"].status == "invalid"      # "Tiventy" is no number word
    truth, got = amounts("in_fresh5_0041", ["words_crop", "words2_crop"])
    assert Decimal(got["amount_words"].value) == Decimal(truth["amount"]) == Decimal("2595698")
    assert got["amount_words"].status == got["amount"].status == "ok"


def test_a_second_line_with_a_misread_number_word_is_read_with_the_first():
    # "Forty Four" / "Thosand Rupees Owy": the second line has no number word as OCR read it;
    # and the band around "44,000/-" read "44,00" (a digit lost), which agreed with the words'
    # first line alone (44.00, ok and wrong before)
    truth, got = amounts("in_fresh_0004b", ["words_crop", "figures_crop"])
    assert Decimal(got["amount"].value) == Decimal(truth["amount"]) == Decimal("44000")
    assert Decimal(got["amount_words"].value) == Decimal("44000")
    assert got["amount_words"].status == got["amount"].status == "ok"
    assert "thousand" in got["amount_words"].raw


def test_the_band_that_loses_a_digit_is_no_candidate():
    from pipeline.extract.amount_fusion import _keeps_digits

    assert not _keeps_digits("44,000/-", "44,00")
    assert _keeps_digits("00", "5,10,00,000/-") and _keeps_digits("TL 5.400,00", "15.400,00")
