"""Rules from what OCR read on real scanned cheques whose images are not shipped (public scans
of unknown licence): their OCR lines (text and box) are typed here as they were read; and a
date read years ahead (a synthetic Brazilian leaf's "2024" read "2029" and marked ok)."""
from conftest import typed_lines

from pipeline.extract.cheque import extract_cheque
from pipeline.extract.micr_layouts import parse_in_cts


def _lines(*rows):
    return typed_lines(rows)


def test_cts_code_with_its_transit_symbol_read_as_a_digit():
    # an SBI photocopy: "⑈362255⑈ 110002078⑆ 000313⑈ 10" read with the ⑆ as a "4", spaced
    # from the account id or glued to it
    for text in ("362255 1100020784 000313 10", "362255 1100020784000313 10"):
        r = parse_in_cts(text)
        assert (r.serial, r.routing, r.account, r.transaction) == \
            ("362255", "110002078", "000313", "10")
    # a tenth digit that is no symbol: six, ten, two digits are no CTS line
    assert parse_in_cts("362255 1100020784 10").routing is None


def test_a_gulf_leaf_by_the_numbers_it_prints():
    # a Qatari leaf (1476 x 702): "Cheque No." and "01000427" read as two lines on one row
    lines = _lines(("Cheque No.", 966, 62, 1045, 86), ("01000427", 1049, 51, 1148, 79),
                   ("Sort Code", 1168, 63, 1236, 84), ("634-002/039", 1245, 49, 1371, 79),
                   ("The Commercial Bank (Q.S.C.)", 421, 70, 672, 96),
                   ("PO Box 3232. Doha, State of Qatar", 422, 98, 678, 121),
                   ("Date", 1044, 150, 1093, 175), ("15-01-2019", 1102, 115, 1352, 155),
                   ("Pay to the order of", 57, 235, 223, 262),
                   ("DREAMS PALACE FURNITURE CO.", 235, 237, 930, 268),
                   ("Amount in words", 67, 310, 223, 336),
                   ("Five thousand Riyal only", 227, 289, 764, 345), ("QAR", 1047, 364, 1094, 391),
                   ("5000", 1109, 324, 1230, 370), ("Signature", 1001, 473, 1092, 501),
                   ("A/C No. 4700-539188-001", 104, 466, 354, 492),
                   ('"01000427066340020391600004700539188001', 55, 617, 1086, 644))
    got = {f.name: f for f in extract_cheque(lines, 1476, 702)}
    assert got["cheque_number"].value == "01000427"
    assert got["amount"].value is not None and str(got["amount"].value) == "5000.00"
    # its band split by the numbers the leaf prints: the sort code (ok: printed and in the
    # band), the serial (the printed number), the account with the band's zeros before it
    assert (got["micr_routing"].value, got["micr_routing"].status) == ("634002039", "ok")
    assert got["micr_serial"].value == "01000427"
    assert got["micr_account"].value == "00004700539188001"
    assert got["micr_account"].status == "unchecked"


def test_amount_from_the_words_where_no_figures_were_read():
    # an IDRBT (Axis Bank) leaf, 2300 x 1050: its figures "42,20,000/-" read "42120(00)"
    lines = _lines(("AXIS BANK LTD", 238, 62, 652, 126),
                   ("IFS CODE - UTIB0000426", 272, 151, 531, 180),
                   ("PAY", 80, 268, 155, 312), ("Sravani Bhargavi", 680, 216, 1348, 325),
                   ("OR BEARER /  T", 1855, 254, 2248, 293), ("RUPEES", 80, 372, 214, 418),
                   ("Forty Two lacc Twenty Thousand", 454, 333, 1796, 433),
                   ("42120(00)", 1719, 421, 2148, 501), ("A/C NO.", 167, 551, 297, 591),
                   ("911010049001545", 390, 553, 687, 591),
                   ('"309089"5002110121:426160"31', 596, 968, 1737, 1021))
    got = {f.name: f for f in extract_cheque(lines, 2300, 1050)}
    assert got["amount_words"].value == "4220000.00"
    assert got["amount"].value == "4220000.00"
    assert got["amount"].status == "unchecked"
    assert "amount in words" in got["amount"].message


def test_a_date_years_ahead_is_not_ok():
    import datetime

    from pipeline.extract.cheque_dates import _far_ahead

    assert _far_ahead("2029-05-28", today=datetime.date(2024, 6, 1))
    assert not _far_ahead("2024-11-28", today=datetime.date(2024, 6, 1))  # post-dated months
    assert not _far_ahead("1998-02-04", today=datetime.date(2024, 6, 1))  # an old scan
    lines = _lines(("FIRST STATE BANK", 40, 30, 300, 60), ("1042", 900, 30, 960, 60),
                   ("DATE", 640, 90, 700, 115), ("March 15, 2090", 710, 85, 900, 118),
                   ("PAY TO THE ORDER OF", 40, 160, 260, 185), ("Jane Smith", 280, 150, 520, 185),
                   ("$", 760, 160, 775, 185), ("125.00", 780, 155, 880, 185),
                   ("One hundred twenty-five and 00/100", 40, 210, 600, 240),
                   ("DOLLARS", 800, 215, 880, 240), ("MEMO", 40, 300, 100, 320),
                   ("⑆021000021⑆ 123456789⑈ 1042", 120, 380, 700, 405))
    got = {f.name: f for f in extract_cheque(lines, 1000, 450)}
    assert got["date"].value == "2090-03-15"
    assert got["date"].status == "unchecked"
    assert "more than a year after today" in got["date"].message


def test_a_month_in_words_with_a_two_digit_year_is_not_ok():
    # a synthetic Brazilian leaf: "5 de novembro de 2022" read "5 DE NOVEMBRO DE 20"
    from pipeline.extract.cheque_dates import _short_year_after_words

    assert _short_year_after_words("5 DE NOVEMBRO DE 20")
    assert not _short_year_after_words("5 de novembro de 2022")
    assert not _short_year_after_words("05/11/22")


def test_payee_boxed_with_the_label_it_was_written_over():
    # the OCR lines of a small scanned US cheque (442 x 205; the scan is not shipped): the
    # detector boxed the handwritten payee with the printed "PAY TO" under it and read the
    # handwriting only; the amount in words below starts right of the payee's left edge
    lines = _lines(("WILLIAM", 24, 15, 90, 28), ("1005", 379, 15, 410, 28),
                   ("NEWPORT BEACH CA 92663-", 23, 38, 200, 50), ("6-5-99", 274, 35, 330, 50),
                   ("Oakwood Corpoate Hosing", 4, 64, 315, 106), ("PAY TO", 16, 71, 53, 85),
                   ("$4.19", 316, 72, 433, 91), ("Fonanl 19/100 this", 13, 94, 191, 116),
                   ("DOLLARS", 352, 96, 441, 115),
                   ("322271779100541925800000000419", 20, 172, 400, 190))
    got = {f.name: f for f in extract_cheque(lines, 442, 205)}["payee"]
    assert got.value == "Oakwood Corpoate Hosing"
    assert got.status == "unchecked"


def test_words_over_two_pieces_with_a_number_word_misread():
    # a real US test cheque's photo, blurred as a capture (4000 x 1899): the legal amount "Three
    # Hundred and 00/100" read as two pieces on one row, "Hundred" as "Hindred", the fraction's
    # "/" as "f": one number word spelled right was too little to call the row an amount in words
    lines = _lines(("1025", 3335, 267, 3672, 415), ("OATE", 2447, 512, 2620, 612),
                   ("10/30/2019", 2660, 412, 3360, 615), ("PAY TO THE", 307, 690, 687, 777),
                   ("ORDER OF", 312, 760, 627, 832), ("Person", 812, 632, 1292, 835),
                   ("$300.00", 3030, 725, 3595, 867), ("Three", 410, 887, 800, 1017),
                   ("Hindred and 0f100", 817, 855, 2195, 1047),
                   ("DOLLARS", 3052, 922, 3567, 1085), ("Test Memo", 560, 1335, 1362, 1512),
                   ("tignatine", 2175, 1312, 2855, 1530),
                   (":000000000:1:0000000001", 320, 1547, 2212, 1695),
                   ("1025", 2450, 1565, 2772, 1700))
    got = {f.name: f for f in extract_cheque(lines, 4000, 1899)}
    assert got["amount_words"].value == "300.00"
    assert got["amount_words"].raw == "Three Hindred and 0f100"
    assert got["amount"].value == "300.00" and got["amount"].status == "ok"


def test_rupees_label_with_its_hindi_word_read_as_three_letters():
    # an SBI leaf photographed in grey: the bilingual label "रुपये RUPEES" read "yVi RUPEES"
    lines = _lines(("State Bank Of Indla", 144, 94, 255, 106), ("PAY", 99, 127, 150, 140),
                   ("ANIRUDDHA MYSORE", 146, 126, 283, 138), ("yVi RUPEES", 101, 148, 162, 160),
                   ("FIVE THOUSAND ONLY", 190, 144, 361, 160), ("ODDMYYY", 493, 96, 601, 105),
                   ("OR ORDER", 472, 119, 609, 130), ("5000/-", 507, 155, 563, 172),
                   ("70271457517", 148, 195, 215, 206),
                   ("MULTI-CITY CHEQUE Peyabie at Par aI All Branches of SIM", 103, 252, 337,
                    260),
                   ("Plesse sign above", 477, 247, 552, 262),
                   ("#964626 380022177 000087 31", 210, 283, 470, 294))
    got = {f.name: f for f in extract_cheque(lines, 768, 432)}
    assert got["currency"].value == "INR" and got["currency"].raw == "yVi RUPEES"
    # a word of three letters that reads as one is no piece of another script
    lines[3] = typed_lines([("PAY RUPEES", 101, 148, 162, 160)])[0]
    assert {f.name: f for f in extract_cheque(lines, 768, 432)}["currency"].value is None


def test_rupees_printed_before_words_that_did_not_parse():
    # a PNB leaf, blurred: "RUPEES Tin Theusin Only" (Ten Thousand) is no amount in words, but
    # its printed "RUPEES" names the currency
    lines = _lines(("RTGS/NEFT IFS Code: PUNB0278900", 272, 53, 542, 82),
                   ("20022020", 723, 49, 888, 86), ("DDMMYYYY", 724, 72, 887, 102),
                   (".PAY Rajuir Simgh (SB1 afc No g0065441805)", 52, 96, 599, 140),
                   ("I市 CR BEARER", 719, 112, 890, 143), ("RUPEES Tin Theusin Only", 56, 136,
                                                            460, 186),
                   ("10,000", 699, 172, 831, 209), ("4160702020245074", 253, 391, 541, 416),
                   ("36", 660, 385, 698, 416))
    got = {f.name: f for f in extract_cheque(lines, 900, 429)}
    assert got["amount_words"].value is None
    assert got["currency"].value == "INR" and got["currency"].status == "unchecked"


def test_cts_band_glued_split_where_the_code_is_the_named_banks():
    # a PNB leaf blurred: "⑈416070⑈ 202024507⑆ 31" read "4160702020245074 36", the ⑆ as a "4"
    # and no PIN read; the split whose code's bank part (024) is the bank the leaf's IFSC names
    r = parse_in_cts("4160702020245074 36", ["RTGS/NEFT IFS Code: PUNB0278900"])
    assert (r.serial, r.routing) == ("416070", "202024507")
    assert "the code's bank is the one the leaf names" in r.notes[0]
    assert parse_in_cts("4160702020245074 36", ["Canara Bank"]).routing is None


def test_a_date_whose_year_ocr_boxed_apart():
    # the Qatari leaf above captured at half its size (738 x 351): its date raised over the
    # "Date" label read as "15-01-" and "2019"; the year alone was taken as the cheque number
    lines = _lines(('01000427', 484, 18, 576, 44), ('Cheque No', 483, 29, 522, 44),
                   ('Sort Code', 584, 30, 619, 43), ('634-002/039', 623, 24, 686, 39),
                   ('The Commercial Bank (Q.S.C.)', 209, 34, 337, 48),
                   ('PO Box 3232. Doha. State of Qatu', 208, 46, 340, 61),
                   ('www.cbq.qa', 210, 74, 261, 89),
                   ('Tel: + 974 4449 0000 Fax, +974', 211, 61, 336, 75),
                   ('AIC PAYEE ONLI', 329, 55, 479, 80), ('Date', 522, 74, 547, 88),
                   ('15-01-', 551, 59, 634, 77), ('2019', 626, 58, 675, 76),
                   ('D RING', 31, 90, 78, 107), ('Pay to the order of', 27, 117, 112, 132),
                   ('Or bearer', 64, 128, 111, 144),
                   ('DREAMS PALACE FURNNITURE CO.', 117, 118, 466, 134),
                   ('Amount in words', 34, 154, 111, 169),
                   ('Five thousand Riyal only', 113, 144, 383, 173), ('5000', 554, 162, 615, 184),
                   ('QATAR BUSINESS HOUSE WLL', 50, 216, 216, 231),
                   ('A/C No. 4700-539188-001', 51, 232, 177, 246),
                   ('Signature', 499, 236, 547, 251), ('QAR', 522, 180, 548, 197),
                   ('0100042706634002039600004700539188001', 27, 308, 543, 322))
    got = {f.name: f for f in extract_cheque(lines, 738, 351)}
    assert got["date"].value == "2019-01-15" and got["date"].status == "ambiguous"
    assert got["date"].raw == "15-01- 2019"
    assert got["cheque_number"].value != "2019"
