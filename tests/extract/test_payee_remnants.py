"""The payee in pieces and without the printed words the OCR read with it ("OR BEARER", "ORDER
OF", "/-", a bilingual label read as CJK characters), and the payee of a leaf whose pay label was
read as no word, on recorded OCR lines (tests/data/cheque_lines_payee/ and the hand-made
tests/data/cheque_lines_conventions/india_cts.json)."""
import json
from pathlib import Path

import pytest
from conftest import typed_lines

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.cheque_payee import _strip_remnants

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def _fields(data):
    lines = [line_from_dict(d) for d in data["lines"]]
    return {f.name: f for f in extract_cheque(lines, data["width"], data["height"])}


def test_payee_beside_a_pay_label_read_as_no_word():
    # dev_0035: "PAY TO THE ORDER OF" read "fo reo" at the left edge, on the payee's row
    data = json.loads((DATA / "cheque_lines_payee" / "dev_0035.json").read_text(encoding="utf-8"))
    got = _fields(data)["payee"]
    assert got.value == data["truth"]["payee"] == "Marcus Z. Delacroix"
    assert got.status == "unchecked"
    assert got.message == "no pay label read: the line in the payee's place"


@pytest.mark.parametrize("text, want", [
    ("OR BEARER/ T", ""),                                    # as read on Indian leaves
    ("Ramesh Kumar Rao OR BEARER/ T", "Ramesh Kumar Rao"),
    ("Ramesh Kumar Rao or Bearer", "Ramesh Kumar Rao"),
    ("ORDER OF Jonas Whitaker", "Jonas Whitaker"),
    ("Jonas Whitaker /-", "Jonas Whitaker"),
    ("Jonas Whitaker —", "Jonas Whitaker"),
    ("3HGT城 Ramesh Kumar Rao", "Ramesh Kumar Rao"),  # a Hindi label read as CJK
    ("Smith-Jones", "Smith-Jones"),
    ("St. Mary's Church", "St. Mary's Church"),
])
def test_strip_remnants(text, want):
    assert _strip_remnants(text) == want


def _india(pay_row):
    data = json.loads((DATA / "cheque_lines_conventions" / "india_cts.json").read_text())
    keep = [l for l in data["lines"] if l["text"] not in ("Ramesh Kumar", "Rao", "OR BEARER")]
    rows = [{"text": t, "conf": 0.95, "box": [[x0, y0], [x1, y0], [x1, y1], [x0, y1]],
             "line_no": 900 + i} for i, (t, x0, y0, x1, y1) in enumerate(pay_row)]
    return dict(data, lines=keep + rows)


@pytest.mark.parametrize("pay_row", [
    [("Ramesh Kumar", 420, 236, 900, 300), ("Rao OR BEARER/ T", 960, 240, 2237, 298)],
    [("Ramesh Kumar Rao or Bearer", 420, 236, 2237, 300)],
    [("Ramesh Kumar Rao /-", 420, 236, 1150, 300), ("OR BEARER/ T", 1843, 247, 2237, 289)],
], ids=["bearer-glued-to-a-piece", "bearer-glued-to-the-line", "dash-tail"])
def test_indian_pay_line_without_its_bearer(pay_row):
    got = _fields(_india(pay_row))["payee"]
    assert got.value == "Ramesh Kumar Rao"


@pytest.mark.parametrize("pay_row", [
    # the bank's name printed over and over in the leaf's background, read in pieces where the
    # handwriting was not (smaller captures of a real Indian leaf: "-CANARABA", "ABANK·CANA")
    [("-STATEBANKOFINDIASTA", 420, 236, 900, 300), ("OR BEARER", 1843, 247, 2237, 289)],
    [("ANKOFINDIA·STATEB", 420, 236, 900, 300), ("OR BEARER", 1843, 247, 2237, 289)],
    # the letters under the date boxes, read on the pay row of a turned capture
    [("MMYY", 420, 236, 520, 300), ("OR BEARER", 1843, 247, 2237, 289)],
], ids=["background-start", "background-middle", "date-box-letters"])
def test_no_name_is_read_from_what_the_leaf_prints(pay_row):
    got = _fields(_india(pay_row))["payee"]
    assert got.value is None and got.status == "missing"


def test_the_bank_may_be_the_payee():
    got = _fields(_india([("State Bank of India", 420, 236, 1100, 300),
                          ("OR BEARER", 1843, 247, 2237, 289)]))
    assert got["payee"].value == "State Bank of India"


def test_the_banks_printed_name_above_the_pay_row_is_no_payee():
    # a small leaf's header "STATE BANK OF INDIA" just above "PAY", no handwriting read
    data = _india([("OR BEARER", 1843, 247, 2237, 289)])
    for l in data["lines"]:
        if l["text"] == "STATE BANK OF INDIA":
            l["box"] = [[240, 200], [650, 200], [650, 250], [240, 250]]
    assert _fields(data)["payee"].value is None


def test_name_pieces_drifting_up_along_the_line():
    # a handwritten name climbing to the right: "Rao" is on the row of "Kumar", not of "Ramesh"
    got = _fields(_india([("Ramesh", 420, 236, 700, 300), ("Kumar", 740, 215, 900, 275),
                          ("Rao", 960, 190, 1100, 250), ("OR BEARER", 1843, 247, 2237, 289)]))
    assert got["payee"].value == "Ramesh Kumar Rao"


@pytest.mark.parametrize("text, want", [
    ("Jonas Whitaker or order", "Jonas Whitaker"),
    ("Joao da Silva ou à sua ordem", "Joao da Silva"),
    ("Ordering Supplies Ltd", "Ordering Supplies Ltd"),
])
def test_strip_order_tails(text, want):
    assert _strip_remnants(text) == want


def test_french_pay_label():
    # "A L'ORDRE DE" read "ALORDRE DE" (as on a recorded Tunisian leaf); the amount in words
    # runs on above the label's row and is never the payee
    rows = [("BANQUE DE L'HABITAT", 258, 44, 370, 61), ("Mille quatre cent", 214, 58, 383, 93),
            ("quarante sept dinars", 229, 76, 465, 121), ("ALORDRE DE", 21, 115, 83, 131),
            ("Karim Ben Salah", 229, 130, 330, 147), ("1.447,000", 480, 40, 580, 60),
            ("Tunis le 12/05/2019", 400, 200, 560, 220)]
    lines = [line_from_dict({"text": t, "conf": 0.9, "box": [[a, b], [c, b], [c, d], [a, d]],
                             "line_no": i}) for i, (t, a, b, c, d) in enumerate(rows)]
    got = {f.name: f for f in extract_cheque(lines, 600, 283)}
    assert got["payee"].value == "Karim Ben Salah"


@pytest.mark.parametrize("name, raw", [
    ("dev_0066", "MR.YUKI DUARTE"),             # a title glued to the name
    ("dev_0106", "Peter6.Castle"),              # an initial "G." read "6." and glued
    ("dev_0128", "Pioneer Law office& sons"),   # an ampersand glued to the word before
    ("fresh11_0006", "MR.CaLEBU.HaDDaD"),       # an initial glued to the names either side
])
def test_spaces_the_ocr_lost(name, raw):
    data = json.loads((DATA / "cheque_lines_payee" / f"{name}.json").read_text(encoding="utf-8"))
    got = _fields(data)["payee"]
    assert got.raw == raw
    assert got.value.upper() == data["truth"]["payee"].upper()


@pytest.mark.parametrize("text", ["J.R.R. Tolkien", "AT&T", "Apt 6.5 Main", "St. Mary's Church",
                                  "AMAZON.COM", "Johnsons.Co"])
def test_spaces_kept_as_they_are(text):
    from pipeline.extract.cheque_payee import _spaced

    assert _spaced(text) == text


@pytest.mark.parametrize("text, want", [
    ("Smt.Lakshmi Devi", "Smt. Lakshmi Devi"),    # Indian titles glued to the name
    ("Shri.Ramesh Rao", "Shri. Ramesh Rao"),
    ("M/sKrishna Traders", "M/s Krishna Traders"),
    ("M/s.Krishna Traders", "M/s. Krishna Traders"),
])
def test_indian_titles_spaced(text, want):
    from pipeline.extract.cheque_payee import _spaced

    assert _spaced(text) == want



def test_a_crossing_stamped_across_the_corner_is_no_payee():
    # in_fresh6_0018: "A/C PAYEE ONLY" stamped at about 50 degrees, read "A/C PAY", lies nearer
    # the "PAY" label than the name; with the IFSC line above it joined, it was the payee
    data = json.loads((DATA / "cheque_lines_payee" / "in_fresh6_0018.json").read_text(
        encoding="utf-8"))
    assert any(d["text"] == "A/C PAY" for d in data["lines"])
    got = _fields(data)["payee"]
    assert got.value == data["truth"]["payee"] == "Arjun Pillai"


@pytest.mark.parametrize("name, remnant", [
    ("in_fresh6_0007", "ay"),    # "Pay" read without its "P"
    ("in_fresh6_0041", "PAX"),   # "PAY" read "PAX"
])
def test_pay_label_misread_on_the_payees_row(name, remnant):
    # no pay label read, and two lines above the amount in words: the misread label at the
    # leaf's left edge and the name on its row
    data = json.loads((DATA / "cheque_lines_payee" / f"{name}.json").read_text(encoding="utf-8"))
    assert any(d["text"] == remnant for d in data["lines"])
    got = _fields(data)["payee"]
    assert got.value == data["truth"]["payee"]
    assert got.message == "no pay label read: the line in the payee's place"


@pytest.mark.parametrize("text, ok", [
    ("A/C PAY", False), ("A/c Payee", False), ("AC PAYEE ONLY", False),
    ("Arjun Pillai A/C PAYEE", True), ("Payal Textiles", True)])
def test_a_crossing_alone_is_no_payee(text, ok):
    from pipeline.extract.cheque_payee import _payee_ok

    assert _payee_ok(text) is ok


@pytest.mark.parametrize("name, line", [
    ("in_fresh2_0047", "pArMr. Kavita Mehta"),   # "PAY" read "pAr", glued to the title
    ("in_fresh2_0039", "pAr / Dr. Gopod Mehta"),  # and before the bilingual label's "/"
])
def test_pay_label_read_par_before_a_title(name, line):
    data = json.loads((DATA / "cheque_lines_payee" / f"{name}.json").read_text(encoding="utf-8"))
    assert any(d["text"] == line for d in data["lines"])
    got = _fields(data)["payee"]
    assert not got.raw.lower().startswith("par")
    assert got.raw.split()[0] == data["truth"]["payee"].split()[0]   # "Mr." / "Dr."


@pytest.mark.parametrize("name, raw, want", [
    ("in_held_0041", "M/8 Krishna Industhies", "M/s Krishna Industhies"),  # "M/s" read "M/8"
    ("in_fresh2_0014", "Ímran Rao", "Imran Rao"),  # an accent no Indian name is written with
    ("in_fresh7_0031", "N/s National Medicals Pvt. Ltd.", "M/s National Medicals Pvt. Ltd."),
])
def test_indian_payee_read_as_no_indian_name_is_written(name, raw, want):
    data = json.loads((DATA / "cheque_lines_payee" / f"{name}.json").read_text(encoding="utf-8"))
    got = _fields(data)["payee"]
    assert got.raw == raw and got.value == want


@pytest.mark.parametrize("text, want", [
    ("M/8 Krishna Industries", "M/s Krishna Industries"), ("Šai Electricals", "Sai Electricals"),
    ("CóMMISSIONER OF CUSTOMS", "CoMMISSIONER OF CUSTOMS"), ("M/80 Traders", "M/80 Traders"),
    ("N/s Vijay Stores", "M/s Vijay Stores"), ("N/S Rao", "M/s Rao"), ("N/A", "N/A"),
    ("A/s National Steels & Co.", "M/s National Steels & Co."),
    ("Ravi 城 Rao", "Ravi 城 Rao")])
def test_indian_name(text, want):
    from pipeline.extract.cheque_payee import _indian_name

    assert _indian_name(text) == want


@pytest.mark.parametrize("text", ["Parker Mr. Smith", "Par Avion", "Payable at par",
                                  "Par Excellence Ltd", "PAT Smith", "Pav Kumar", "PArker Inc"])
def test_par_alone_is_no_pay_label(text):
    from pipeline.extract.cheque_page import _PAY_LABEL

    assert _PAY_LABEL.match(text) is None


def _blank_us_leaf(legend):
    # a blank US leaf as OCR read a smaller capture of it turned 3 degrees (1024 x 510): labels,
    # the security legend printed right of DOLLARS, a MICR band; nothing written in
    rows = [("00-6789/0000", [[606, 57], [683, 53], [684, 77], [607, 81]]),
            ("101", [[856, 43], [928, 38], [931, 74], [859, 79]]),
            ("JAMES C. MORRISON", [[181, 98], [407, 85], [408, 112], [182, 125]]),
            ("DATE", [[601, 135], [650, 132], [651, 154], [602, 157]]),
            ("$", [[760, 178], [791, 178], [791, 212], [760, 212]]),
            ("PAY TO THE", [[51, 216], [144, 210], [145, 231], [52, 236]]),
            ("ORDER OF", [[53, 231], [133, 227], [134, 248], [54, 252]]),
            ("DOLLARS", [[770, 240], [870, 236], [871, 263], [771, 267]]),
            (legend, [[914, 241], [970, 238], [971, 255], [915, 258]]),
            ("Commerce Bank", [[159, 327], [411, 314], [413, 351], [161, 364]]),
            ("MEMO", [[61, 409], [117, 405], [118, 427], [62, 431]]),
            ("1:0113001421:12345678\"0101", [[68, 439], [620, 410], [622, 442], [70, 471]])]
    lines = [line_from_dict({"text": t, "conf": 0.95, "line_no": i, "box": box})
             for i, (t, box) in enumerate(rows)]
    return {f.name: f for f in extract_cheque(lines, 1024, 510)}


@pytest.mark.parametrize("legend", ["Details on Back", "Deals on Back", "Detais on back."])
def test_the_security_legend_is_no_payee(legend):
    # "Security features included. Details on back." as the capture read it ("Deals on Back"):
    # a blank cheque gives no payee
    got = _blank_us_leaf(legend)
    assert got["payee"].value is None and got["payee"].status == "missing"
    assert got["amount"].value is None


# a real Punjab National Bank leaf (a phone photo, not shipped) made half its size: OCR read its
# "PAY" as "PAr", on the payee's line (typed as read)
PNB_HALF = (('nly', 76, 0, 110, 19), ('2c', 52, 17, 85, 43),
            ('punjab national bant', 96, 34, 188, 50),
            ('H.T.P.S., KASIMPUR (Aligarh) UP - 202 127', 191, 27, 371, 47),
            ('.()  (2789)', 192, 14, 372, 35), ('PAYABLE AT ALL BRANCHE', 477, 22, 629, 41),
            ('RTGS/NEFT IFS Code: PUNB0278900', 192, 38, 379, 57), ('20022020', 506, 35, 622, 58),
            ('Ae la', 0, 24, 71, 89),
            ('.PAr Rajvir Simgh (SB1 afc No 20065441805)', 39, 66, 418, 97),
            ('OR BEARER', 504, 79, 623, 100), ('DDMMYYYY', 507, 52, 621, 71),
            ('RUPEES Ten Thousind only', 40, 94, 318, 129), ('+', 442, 98, 471, 121),
            ('3T城', 438, 128, 487, 149), ('10,000/—', 487, 120, 581, 148),
            ('278900010007290', 87, 159, 329, 180), ('0-602-662', 298, 168, 367, 186),
            ('27a', 563, 209, 629, 233), ('UJL', 291, 229, 320, 248),
            ('PLEASE SKON ABOVE', 562, 229, 628, 243), ('416070202024507', 177, 271, 378, 293),
            ('31', 462, 269, 488, 290))


def test_pay_label_read_par_before_a_name():
    got = {f.name: f for f in extract_cheque(typed_lines(PNB_HALF), 630, 300)}["payee"]
    assert got.value.startswith("Rajvir Simgh (SB1"), got.value


@pytest.mark.parametrize("raw, want", [
    ("JULIUS EVENTS COLLEGE PTYLTO", "JULIUS EVENTS COLLEGE PTY LTD"),  # "D" read "O", glued
    ("Harbour Traders Pty Lto", "Harbour Traders Pty Ltd"),
    ("Acme PTY LT0", "Acme PTY LTD"),
    ("Acme Lto", "Acme Lto"), ("PTYLTOX", "PTYLTOX")])
def test_pty_ltd_read_with_an_o(raw, want):
    from pipeline.extract.cheque_page import _clean_name

    assert _clean_name(raw) == want


def test_order_of_misread_and_glued_to_the_payee():
    # a synthetic US leaf (bench/cheque_synth.py, dev_0042) as mmbatch's OCR
    # read it: "ORDER OF" read "Onderof", glued to the payee; it was taken as the payee's start
    lines = typed_lines([("Keisha Kowalski", 36, 42, 204, 68), ("29269", 1081, 36, 1172, 67),
                         ("PO Box 1120", 36, 67, 136, 91), ("Bolse, ID 83702", 36, 86, 153, 109),
                         ("Date:", 752, 99, 811, 129), ("4-7-25", 845, 89, 993, 131),
                         ("OnderofELM STREET DENTAL GROUP", 36, 230, 748, 268),
                         ("S 182.38", 895, 223, 1066, 264),
                         ("ONE HUNDRED EIGHTY-TWO AND 38/1OO DOLLARS", 43, 329, 775, 359),
                         ("Memo", 35, 425, 105, 458), ("AUTHORIZED SIGNATURE", 854, 459, 994, 476),
                         ("I:0137515401:71029611973029269", 110, 504, 754, 533)])
    got = {f.name: f for f in extract_cheque(lines, 1214, 556)}
    assert got["payee"].value == "ELM STREET DENTAL GROUP"
