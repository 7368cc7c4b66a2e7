"""What smaller and blurred captures of real Indian leaves made OCR read, on the hand-made lines
of an Indian leaf (tests/data/cheque_lines_conventions/india_cts.json):

* figures closed by "/-" after a misread sign: "Rs. 57000/-" read "5.R8. 57000(-", the figures
  were never taken, and the amount in words alone (misread "fifty sovar thensand") gave a wrong
  50.00;
* the bilingual "रुपये Rupees" label read with its Hindi word as CJK or a short piece of Latin
  letters ("Rupees 万", "evé RUPEES"): the leaf prints rupees all the same."""
import json
from pathlib import Path

import pytest
from conftest import typed_lines

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque

DATA = Path(__file__).resolve().parents[1] / "data" / "cheque_lines_conventions" / "india_cts.json"


def _fields(figures):
    data = json.loads(DATA.read_text())
    lines = []
    for d in data["lines"]:
        if d["text"] == "₹":
            continue   # the sign printed apart: not read
        if d["text"] == "88,50,000/-":
            d = dict(d, text=figures)
        lines.append(line_from_dict(d))
    return {f.name: f for f in extract_cheque(lines, data["width"], data["height"])}


@pytest.mark.parametrize("figures", ["5.R8. 88,50,000(-", "R8. 88,50,000/-", "Rs. 88,50,000(-",
                                     "88,50,000(-"])
def test_figures_closed_by_slash_dash(figures):
    f = _fields(figures)
    assert f["amount"].value == "8850000.00"
    assert f["amount"].status == "ok"          # the amount in words agrees
    assert f["amount_words"].value == "8850000.00"


def test_a_figure_without_its_close_is_no_amount():
    # a reference number on the amount's row is not taken for the figures
    f = _fields("Ref 5.R8. 8850000")
    assert f["amount"].raw is None
    assert f["amount"].message == "no amount in figures read: the amount in words"


def _with_label(label):
    data = json.loads(DATA.read_text())
    lines = []
    for d in data["lines"]:
        if d["text"] == "₹":
            continue
        lines.append(line_from_dict(dict(d, text=label) if d["text"] == "RUPEES" else d))
    return {f.name: f for f in extract_cheque(lines, data["width"], data["height"])}


@pytest.mark.parametrize("label", ["Rupees 万", "evé RUPEES", "Rupees ua", "v RUPEES",
                                   "5 Rupees"])
def test_a_bilingual_currency_label_read_with_a_piece_of_no_word(label):
    # "रुपये Rupees" as smaller captures of real Indian leaves read it: the Hindi word read as
    # CJK or as a short piece of Latin letters; the leaf prints rupees all the same
    f = _with_label(label)
    assert f["currency"].value == "INR" and f["currency"].raw == label


def test_a_currency_word_in_a_phrase_is_no_label():
    assert _with_label("RS 8")["currency"].value is None


def test_rupees_before_words_names_the_currency():
    # "five" is no piece of another script, so "Rupees five" is no label; but a line that starts
    # with "Rupees" and runs on in words (the printed label read with words that did not parse
    # as an amount) names rupees all the same
    f = _with_label("Rupees five")
    assert f["currency"].value == "INR" and f["currency"].raw == "Rupees five"


def test_words_with_a_misread_scale_word_give_no_amount():
    # "fifty seven thousand only" read "fifty sovar thensand only", no figures read: the words
    # read without "thensand" would be 50.00; they are left unread instead, and still show the
    # page is a cheque
    from pipeline.extract.amount_words import misread_scale, parse_amount_words
    from pipeline.extract.classify import classify_page

    text = "fifty sovar thensand only"
    assert parse_amount_words(text) == 50 and misread_scale(text)
    assert not misread_scale("fifty seven thensand only")   # the slip read as thousand
    data = json.loads(DATA.read_text())
    lines = []
    for d in data["lines"]:
        if d["text"] in ("Fifty Thousand only", "88,50,000/-", "₹"):
            continue
        lines.append(line_from_dict(dict(d, text=text) if d["text"] == "Eighty Eight Lakh" else d))
    f = {x.name: x for x in extract_cheque(lines, data["width"], data["height"])}
    assert f["amount_words"].value is None and f["amount"].value is None
    assert classify_page(lines) == "cheque"


# a real Canara Bank leaf (IDRBT cheque dataset, not shipped) blurred and saved as a poor JPEG
# (bench/cheque_variants.py): its band read in three pieces, the serial's on-us symbols as
# 'H"' and a double prime "″" (typed as read, with the branch PIN and the pay row)
CANARA_BLURRED = (('q-500014', 894, 75, 1107, 121), ('Kompally - 500014', 895, 115, 1151, 155),
                  ('IFSC:CNRB0002854', 1249, 152, 1525, 190), ('Pay', 100, 243, 201, 310),
                  ('Prasanna', 728, 240, 1008, 317), ('Or Bearer', 1889, 258, 2310, 303),
                  ('A/c. No.', 150, 594, 269, 641), ('2854101006936', 405, 576, 969, 647),
                  ('Please sign above', 1903, 852, 2130, 888),
                  ('H"1206111″', 589, 965, 941, 1018), ('5000150481:', 928, 966, 1314, 1021),
                  ('31', 1646, 966, 1735, 1033))


def test_band_piece_with_its_symbols_read_as_primes():
    got = {f.name: f for f in extract_cheque(typed_lines(CANARA_BLURRED), 2365, 1100)}
    assert got["micr_serial"].value == "120611"
    assert got["cheque_number"].value == "120611"
    assert got["micr_routing"].value == "500015048" and got["micr_routing"].status == "ok"


# the same Canara leaf and a real SBI leaf (not shipped) photographed off their axis on a desk
# (bench/cheque_variants.py --set photo), their bands as OCR read them (typed as read)
CANARA_SLANTED = (('Kompally - 500014', 1134, 410, 1387, 454), ('Pay', 369, 516, 459, 575),
                  ('Or Bearer', 2135, 575, 2572, 625),
                  ('"Payable at par at all our Branches in India"', 378, 1071, 1061, 1142),
                  ('Please sign above', 2125, 1152, 2364, 1196), ('120661', 807, 1203, 1132, 1269),
                  ('5000150481:', 1129, 1220, 1522, 1289), ('31', 1859, 1254, 1950, 1320))
SBI_SLANTED = (('State Bank Of Indim', 374, 306, 557, 335), ('PAY', 303, 359, 341, 381),
               ('ANIRUDDHA MYSORE', 371, 358, 601, 384), ('OR CRDER', 914, 361, 1151, 387),
               ('5000/-', 969, 419, 1064, 453), ('Plense sign above', 912, 568, 1043, 596),
               ('9', 604, 589, 621, 607), ('#964626"', 472, 610, 610, 636),
               ('3800221771 000087 31', 596, 610, 901, 645))


def test_a_slanting_band_is_read_whole():
    # the serial's piece lies on the row of the code's piece, not on the transaction code's
    # at the far end of the band
    got = {f.name: f for f in extract_cheque(typed_lines(CANARA_SLANTED), 2931, 1666)}
    assert got["micr_routing"].raw.split()[0] == "120661"
    assert got["micr_routing"].value == "500015048" and got["micr_routing"].status == "ok"


def test_the_on_us_symbol_read_as_a_hash():
    got = {f.name: f for f in extract_cheque(typed_lines(SBI_SLANTED), 1586, 1026)}
    assert got["micr_serial"].value == got["cheque_number"].value == "964626"
    assert got["micr_routing"].value == "380022177"
