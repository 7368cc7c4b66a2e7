"""The MICR band on recorded OCR of synthetic US cheques (tests/data/cheque_lines_micr/, written by
``python bench/cheque_synth_bench.py --save-fixture NAME``; two with their band's crop of the page
image): a CTS line's groups never re-split, the transit symbol's bar read as "I", digits OCR
spaced apart inside a group, a band the line classifier turned, an on-us symbol read as "1"."""
import json
import re
from pathlib import Path

import pytest
from conftest import page_with_crop

from pipeline.document import Line, Word, line_from_dict
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.cheque_micr import _band_text, _near_tie, _page_way, _reads_way
from pipeline.extract.cheque_page import _wrap
from pipeline.extract.conventions import detect
from pipeline.extract.micr_layouts import parse_for, parse_in_cts

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "cheque_lines_micr"


def load(name):
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return data, [line_from_dict(d) for d in data["lines"]]


def page_image(data):
    """A white page of the cheque's size with its MICR band's crop in place."""
    return page_with_crop(data, DATA, "band_crop")


def groups(fields):
    return sorted(re.sub(r"\D", "", fields[n].value) for n in
                  ("micr_routing", "micr_account", "micr_serial") if fields[n].value)


def truth_groups(data):
    return sorted(re.findall(r"\d+", data["truth"]["micr_line"]))


def fields_of(name, image=False):
    data, lines = load(name)
    got = extract_cheque(lines, data["width"], data["height"],
                         image=page_image(data) if image else None)
    return data, {f.name: f for f in got}


# ----------------------------------------------------------------------------- CTS groups


@pytest.mark.parametrize("text, want", [
    # a US business band: six, nine and nine digits are no CTS line (the "1" that starts the
    # last group is a digit of it, not the bar of a transit symbol)
    ("051445 I235701912I: 103534766", None),
    # CTS: the transit bar glued to the code is dropped; a group OCR read in two is one
    ('"123456" 5000020011: 654 321" 29', ("123456", "500002001", "654321", "29")),
    ("123456 5000020011 654321 29", ("123456", "500002001", "654321", "29")),
    # serial and code glued together (the on-us symbol lost)
    ("1234565000020011", ("123456", "500002001", None, None)),
    # the transit symbol read as "H"; the serial's opening symbol read as a "1" where its
    # closing one was read ("!")
    ("779191160012913H11", ("779191", "160012913", None, "11")),
    ("1050851! 160020592H10", ("050851", "160020592", None, "10")),
    # a run of nine digits is the code, the serial lost: no serial 411002 and code 567639891
    ("411002567I: 639891 31", (None, "411002567", "639891", "31")),
    # a symbol read as a lone digit between the groups (Indian --fresh7 50, seeds 700008,
    # 700033, 700003, as the band was read again)
    ("994764 411025775I: 2 256610 29", ("994764", "411025775", "256610", "29")),
    ("235029 380026221H 9 935361 11", ("235029", "380026221", "935361", "11")),
    ("940025 5 500020842I 29", ("940025", "500020842", None, "29")),
    # a serial read with a digit lost is no serial: the code is the run of nine read alone, not
    # the split OCR's gaps allow (serial 120615, code 000150483; a smaller capture of a real
    # Indian leaf)
    ("12061 500015048 31", (None, "500015048", None, "31")),
])
def test_cts_groups_are_not_split_again(text, want):
    r = parse_in_cts(text)
    got = (r.serial, r.routing, r.account, r.transaction) if r.routing else None
    assert got == want


def test_a_us_band_of_six_nine_nine_digits_is_no_indian_leaf():
    data, lines = load("dev_0005")
    texts = [l.text for l in lines]
    band = next(t for t in texts if t.startswith("051445"))
    conv, _, why = detect(texts, band)
    assert conv.key == "us" and "MICR layout" in why
    r = parse_for("in_cts", band, cheque_number="51445")
    assert (r.serial, r.routing, r.account) == ("051445", "235701912", "103534766")


@pytest.mark.parametrize("name", ["dev_0005", "dev_0050", "dev_0057"])
def test_band_groups_from_recorded_lines(name):
    # dev_0050 and dev_0057: the routing piece "I:101170871I:" (bars read as "I") is part of
    # the band
    data, got = fields_of(name)
    assert groups(got) == truth_groups(data)
    assert got["micr_routing"].status == "ok"
    assert got["convention"].value == "us"


@pytest.mark.parametrize("name, want", [
    # one line "779191160012913H11": the symbols between the groups lost or read "H"
    ("in_fresh2_0036", ("779191", "160012913", None)),
    # "1050851!" and "160020592H10" apart on the band's row
    ("in_fresh2_0043", ("050851", "160020592", None)),
    # "H223645!", "A" and "411002567I: 639891 31": the serial's piece read with an "H"
    ("in_fresh2_0011", ("223645", "411002567", "639891")),
])
def test_indian_band_pieces_with_symbols_read_as_letters(name, want):
    data, got = fields_of(name)
    assert got["convention"].value == "in_cts"
    assert (got["micr_serial"].value, got["micr_routing"].value,
            got["micr_account"].value) == want
    assert got["cheque_number"].value == want[0].lstrip("0")  # the number, as read from the serial


def test_a_serial_less_a_digit_is_not_printed_on_the_leaf():
    # a Canadian leaf printing "No. 1731391": the band's serial read "173139" is not that
    # number, so it is not `ok`
    data, got = fields_of("anglo_held_0034")
    assert any(l["text"] == "No. 1731391" for l in data["lines"])
    assert got["micr_serial"].value == "173139"
    assert got["micr_serial"].status != "ok"


# ----------------------------------------------------------------------------- spacing


def _line(text, words, y=(780.0, 860.0)):
    box = [(words[0][1], y[0]), (words[-1][2], y[0]), (words[-1][2], y[1]), (words[0][1], y[1])]
    return Line(text=text, conf=0.84, box=box, words=[
        Word(t, [(x0, y[0]), (x1, y[0]), (x1, y[1]), (x0, y[1])], 0.9) for t, x0, x1 in words])


def test_digits_spaced_less_than_a_pitch_apart_are_one_group():
    # the word boxes OCR gave an evenly printed serial "1025" on a photographed US cheque
    # (pitch 42 px from the band's "1000000000:" word of 11 characters)
    l = _wrap([_line("10 2 5", [("10", 1285.5, 1346.3), ("2", 1370.7, 1395.0),
                                ("5", 1407.2, 1431.5)])])[0]
    assert _band_text(l, 42.0) == "1025"
    # groups a blank (or more) apart stay apart
    l = _wrap([_line("416070 2020245071", [("416070", 276.8, 359.1),
                                           ("2020245071", 398.1, 532.4)])])[0]
    assert _band_text(l, 13.4) == "416070 2020245071"


# ----------------------------------------------------------------------------- read again


class _R:
    def __init__(self, text, logp):
        self.text, self.logp = text, logp


class _Reader:
    """Readings of one crop under the E-13B alphabet, best first (the recogniser's n-best of
    a transaction code "31" whose 1 OCR read as an "L")."""

    def readings(self, box, plain, allowed=None, n=5, within=6.0):
        return [r for r in (_R("36", -2.39), _R("31", -2.50), _R("3", -4.78))
                if -2.39 - r.logp <= within]


def test_a_near_tie_goes_to_the_reading_ocrs_letters_look_like():
    l = _wrap([_line("3L", [("3L", 667.2, 691.4)], y=(386.0, 415.0))])[0]
    assert _near_tie(_Reader(), l, _R("36", -2.39), "0123456789") == "31"
    # no tie: the constrained reading stands
    l = _wrap([_line("3B", [("3B", 667.2, 691.4)], y=(386.0, 415.0))])[0]
    assert _near_tie(_Reader(), l, _R("36", -2.39), "0123456789") == "36"


def test_on_us_symbol_read_as_a_one_is_left_out():
    # OCR read "00019761I301350242I890034611": the on-us symbol after the account as a "1"
    # (0.34 when the band's crop is read again)
    data, plain = fields_of("dev_0008")
    assert plain["micr_account"].value == "890034611"
    data, got = fields_of("dev_0008", image=True)
    assert groups(got) == truth_groups(data)
    assert got["micr_serial"].status == "ok" and got["micr_routing"].status == "ok"


@pytest.mark.parametrize("name, read", [
    # a "1" that ends the band, read unsure (below 0.95): the bars of the on-us symbol; a
    # digit "1" at a group's end reads at 0.98 and more (bench/micr_bar_conf.py)
    ("fresh9_0022", "5022540778091"),   # the on-us symbol read as a "1" at 0.68
    ("fresh9_0050", "321643911"),       # at 0.73
    # the on-us symbol read as a "1" (0.72 when read again) glued to the serial after it in
    # OCR's text, "5040082692138917", but in a word box of its own: "50400826921" "38917"
    ("fresh10_0030", "50400826921"),
    # at the band's end (0.16), the band's first symbol read "Ⅱ" ("II" in the page's text)
    ("fresh10_0036", "574543088451"),
])
def test_on_us_symbol_read_as_a_one_ending_a_group_is_left_out(name, read):
    data, plain = fields_of(name)
    assert plain["micr_account"].value == read
    data, got = fields_of(name, image=True)
    assert groups(got) == truth_groups(data)
    assert got["micr_account"].value == read[:-1]


def test_a_band_ocr_read_turned_is_found_by_reading_it():
    # the page was read turned (its boxes start at the right) and the band, left unturned by
    # the line classifier, came out as "1939": no band in OCR's reading
    data, plain = fields_of("dev_0035")
    assert plain["micr_routing"].value is None
    data, got = fields_of("dev_0035", image=True)
    assert groups(got) == truth_groups(data)
    # read the way the page's other lines read: trusted
    assert got["micr_routing"].status == "ok"
    assert got["cheque_number"].status == "ok"


def test_which_way_lines_read():
    data, lines = load("dev_0035")
    ls = _wrap(lines)
    band = [l for l in ls if l.text == "1939"]
    assert _page_way(ls, band) == 1          # the page's words run left to right
    box = band[0].line.box                    # its box starts at the right
    assert _reads_way(box, False) == -1 and _reads_way(box, True) == 1


# ----------------------------------------------------------------------------- cheque number


def test_a_number_alone_at_the_top_left_is_the_cheque_number_where_none_is_at_the_right():
    # the shape of a French-style leaf (a Tunisian bank's, 600x283 photo): "CHEQUE N°" printed
    # small over a seven-digit number at the top left, which OCR reads without its label; the
    # numbers here are made up
    from pipeline.extract.cheque_micr import _find_cheque_number
    from pipeline.extract.cheque_page import _Page

    def line(text, x0, y0, x1, y1):
        return Line(text=text, conf=0.99, box=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)])

    lines = [line("4402318", 99, 32, 145, 44), line("BANQUE DE L'HABITAT", 258, 46, 380, 58),
             line("PAYEZ CONTRE CE CHEQUE NON ENDOSSABLE", 25, 72, 200, 82),
             line("A L'ORDRE DE", 21, 115, 80, 125), line("TEL 71 000000", 54, 183, 131, 200),
             line("SIEGE SOCIAL", 50, 166, 134, 182), line("#1447#", 470, 25, 560, 50)]
    p = _Page(lines, 600, 283)
    got = _find_cheque_number(p.ls, p.F)
    assert got is not None and got[1] == "4402318"
    # a number at the top right is preferred
    p = _Page(lines + [line("No 000123", 480, 8, 560, 20)], 600, 283)
    assert _find_cheque_number(p.ls, p.F)[1] == "000123"


class _Again:
    def __init__(self, text, char_conf):
        self.text, self.char_conf = text, char_conf


def test_a_one_read_unsure_at_a_groups_end_is_a_symbols_bar():
    from pipeline.extract.cheque_micr import _symbol_ones

    # the confidences the recogniser gave dev_0012's band read again: the on-us symbol after
    # the account read as a "1" at 0.26
    text = "I103896027I:704736548861 46512"
    conf = [0.86, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.51, 0.78, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.26,
            0.6, 1, 1, 1, 1, 1]
    assert _symbol_ones(text, _Again(text, conf)) == "I103896027I:70473654886 46512"
    # a "1" read with confidence, or inside a group, stays
    assert _symbol_ones(text, _Again(text, [1.0] * len(conf))) is None
    low_inside = list(conf)
    low_inside[23], low_inside[14] = 1.0, 0.2   # the "4" of 7047...: not a "1"
    assert _symbol_ones(text, _Again(text, low_inside)) is None
    # a second reading that is not OCR's: nothing is changed
    assert _symbol_ones("I103896027I:70473654886 46512", _Again(text, conf)) is None
    # before a ":" (the transit or on-us symbol's other half), a "1" read below 0.95 is a bar
    # too: the confidences of a real US scan's band read again (the account's on-us symbol
    # read "1:" at 0.74); a digit "1" there reads at 1.0 on the synthetic sets
    band = ":0000000001:1:0000000001:"
    band_conf = [0.95, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.54, 0.91, 0.34, 0.99, 1, 1, 1, 1, 1, 1, 1,
                 1, 1, 0.74, 0.87]
    assert _symbol_ones(band, _Again(band, band_conf)) == ":000000000 :1:000000000 :"
    band_conf[23] = 1.0
    assert _symbol_ones(band, _Again(band, band_conf)) == ":000000000 :1:0000000001:"
    # OCR's spacing kept (the second reading's spaces aside)
    assert _symbol_ones("I103896027I: 704736548861 46512", _Again(text, conf)) == \
        "I103896027I: 70473654886 46512"


# ----------------------------------------------------------------------------- two readings


@pytest.mark.parametrize("plain, again, kept", [
    # smaller captures of real Indian leaves, as OCR read the band and as it was read again
    # under the E-13B alphabet: the second reading took a digit of a group for a symbol's bar
    ("1206115000150481 31", "12061 500015048 31", ("120611", "500015048", None, "31")),
    ("023543639020011: 10", "023543 63902001 : 10", ("023543", "639020011", None, "10")),
    # the second reading mended a group (another code): it stands
    ("120611 500016048 31", "120611 500015048 31", None),
    # the same groups either way: nothing to choose
    ("120611 500015048 31", "120611 500015048 31", None),
    # OCR's reading gives no more groups than the second: the second stands
    ("120611 5000150481", "120611 500015048 31", None),
])
def test_ocr_reading_kept_where_it_splits_into_more_groups(plain, again, kept):
    from pipeline.extract.cheque_micr import _more_groups

    p, a = parse_in_cts(plain), parse_in_cts(again)
    assert _more_groups(p, a) == (kept is not None)
    if kept:
        assert (p.serial, p.routing, p.account, p.transaction) == kept


@pytest.mark.parametrize("band", [
    # a real Indian leaf's band as smaller and A4-scanned captures read it: the transit symbol
    # after the code read as a digit, the serial apart or glued on
    "416070 2020245074 36", "4160702020245076 36",
    "416070 0202024507 36",   # the serial's closing symbol read as a digit before the code
])
def test_a_symbol_read_as_a_digit_beside_the_code_goes_where_the_pin_says(band):
    pin = ["H.T.P.S., KASIMPUR (Aligarh) UP - 202 127"]
    r = parse_for("in_cts", band, texts=pin)
    assert (r.serial, r.routing, r.transaction) == ("416070", "202024507", "36")
    # no PIN on the leaf to say where the code is: no split is guessed
    assert parse_in_cts(band).routing is None
