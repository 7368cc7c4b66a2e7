"""Fields of Gulf and Sri Lankan leaves (the countries of the real cheques no other generator
drew: bench/cheque_synth_gulf.py, ``--kind gulf``; made-up names and numbers): their OCR lines
typed as mmbatch's OCR read them, fields extracted without the page image. The Arabic labels
are read as other letters ("olmir", "whas H"), as the recogniser has no Arabic."""
from conftest import typed_cheque as _fields


# gulf dev_0003: Kuwaiti dinars have a thousand fils (three decimals), the fils written
# before their number; the cheque number printed at the top's middle; the MICR band's on-us
# symbol after the serial lost, a "0" between it and the bank's code
KUWAIT = [
    ('Cheque No. 59061825', 883, 51, 1096, 79),
    ('Date', 1333, 73, 1389, 106),
    ('28-Jul-2023', 1413, 51, 1680, 91),
    ('Boubyan Bank', 51, 81, 280, 120),
    ('olmir', 883, 87, 991, 124),
    ('Fahaheel Branch', 51, 169, 215, 195),
    ('Pay', 56, 275, 97, 313),
    ('Mariam Al Thani', 151, 250, 562, 292),
    ('Kuwaiti Dinars', 57, 377, 216, 405),
    ('Kuwaiti Dinars four hundred and fils fifty only', 237, 348, 1464, 376),
    ('#400.050#', 1398, 430, 1672, 475),
    ('AL AHMADI GENERAL TRADING CO. W.L.L.', 1302, 574, 1799, 594),
    ('A/C No. 840546496653', 64, 617, 306, 643),
    ('Signature', 1637, 709, 1803, 737),
    ('590618250I:647397034I:54881915414', 218, 822, 1368, 845),
]


def test_kuwaiti_dinars_have_three_decimals_and_agree_with_their_words():
    got = _fields(KUWAIT, 1907, 874)
    assert got["convention"].value == "gulf"
    assert (got["amount"].value, got["amount"].status) == ("400.05", "ok")
    assert (got["amount_words"].value, got["amount_words"].status) == ("400.05", "ok")
    assert got["currency"].value == "KWD"


def test_the_labelled_cheque_number_and_the_short_group_after_the_serial():
    got = _fields(KUWAIT, 1907, 874)
    assert (got["cheque_number"].value, got["cheque_number"].status) == ("59061825", "ok")
    assert (got["micr_serial"].value, got["micr_serial"].status) == ("59061825", "ok")
    assert got["micr_transaction"].value == "0"
    assert got["micr_routing"].value == "647397034"
    assert got["micr_routing"].status == "unchecked"  # a Gulf bank code has no check
    assert got["micr_account"].value == "54881915414"


# gulf fresh_0029: "Rial Omani" (the country's adjective after the currency), baisa (a
# thousandth) written before their number, the words over two lines, "R.O." read "R.o."; the
# band's transit symbols read "0I:" and "I:"
OMAN = [
    ('Bank Dhofar', 43, 23, 180, 55),
    ('lét', 40, 55, 111, 81),
    ('Date', 867, 58, 913, 81),
    ('23/12/2022', 927, 48, 1052, 82),
    ('Sohar Branch', 41, 80, 143, 102),
    ('Pay to', 40, 144, 107, 169),
    ('Aisha Fernandes', 154, 135, 355, 171),
    ('or bearer', 1079, 171, 1173, 193),
    ('wilas J', 36, 231, 107, 259),
    ('Rial Omani', 38, 211, 141, 238),
    ('Rial Omani one hundred forty-six thousand eight', 156, 202, 778, 252),
    ('hundred eleven and baisa three hundred fifty only', 41, 256, 682, 306),
    ('R.o. 146811.350', 873, 291, 1067, 325),
    ('A/C No. 425622600457', 33, 359, 222, 383),
    ('NOURA RAHMAN', 1025, 374, 1141, 399),
    ('Signature', 1031, 464, 1138, 490),
    ('802009990I:811637811I:5521526993644', 115, 500, 875, 551),
]


def test_omani_rials_and_baisa_over_two_lines():
    got = _fields(OMAN, 1212, 556)
    assert (got["amount"].value, got["amount"].status) == ("146811.35", "ok")
    assert got["amount_words"].value == "146811.35"
    assert got["currency"].value == "OMR"
    assert got["payee"].value == "Aisha Fernandes"


# gulf dev_0004: no "Date" label read, the words' "RIALS" and "Rial Omani" only: Oman's
# rial by its adjective, three decimals ("400/000")
OMAN_RIALS = [
    ('Cheque No. 51503318', 614, 34, 839, 53),
    ('D30-MAR-2023', 957, 35, 1211, 63),
    ('Bank Muscat', 31, 58, 224, 88),
    ('oulll', 1225, 58, 1280, 89),
    ('laduse chis', 32, 95, 121, 120),
    ('Nizwa Branch', 32, 121, 121, 145),
    ('Pay to', 36, 187, 86, 216),
    ('DHOFAR CATTLE FEED CO.', 118, 172, 598, 193),
    ('20) [303]', 1202, 170, 1282, 199),
    ('Rial Omani', 38, 260, 116, 286),
    ('FOUR HUNDRED RIALS ONLY', 124, 251, 502, 272),
    ('whas H', 39, 285, 120, 311),
    ('400/000', 955, 291, 1134, 327),
    ('AL BATINAH TRADERS SAOC', 1069, 377, 1259, 400),
    ('whowall at)', 43, 446, 135, 471),
    ('AC No. 108509808816', 44, 425, 191, 445),
    ('MMmMm', 862, 410, 1217, 460),
    ('Signature l', 1147, 478, 1262, 502),
    ('5150331801:98152339314033156134888', 134, 578, 975, 588),
]


def test_a_rial_named_by_the_countrys_adjective():
    got = _fields(OMAN_RIALS, 1331, 610)
    assert got["convention"].value == "gulf"
    assert got["currency"].value == "OMR"
    assert (got["amount"].value, got["amount"].status) == ("400.00", "ok")
    assert got["payee"].value == "DHOFAR CATTLE FEED CO."


# gulf dev_0028: the pay label read "Pa" (no label), the Arabic under the account number read
# "whoeall at,": the payee is the line above the words, as on an Indian leaf
UAE_NO_LABEL = [
    ('Date', 926, 35, 964, 63),
    ('11102022', 966, 23, 1232, 62),
    ('Mashreq Bank', 32, 56, 194, 85),
    ('oulWll', 918, 62, 966, 86),
    ('DDMMYYYY', 971, 65, 1225, 86),
    ('iall ch', 32, 90, 130, 116),
    ('Sharjah Branch', 34, 114, 131, 140),
    ('or beater', 1193, 157, 1250, 177),
    ('Pa', 38, 187, 64, 208),
    ('Noura Qureshi', 88, 166, 269, 202),
    ('alolw y 20l 1g0s21', 1054, 177, 1187, 201),
    ('Nineteen thousand four hundred eighty-four only', 107, 238, 674, 266),
    ('#19.484.00#', 953, 290, 1127, 326),
    ('AL NOOR TRADING LLC', 1039, 385, 1229, 407),
    ('A/C No. 418227041449', 42, 424, 205, 443),
    ('whoeall at,', 44, 446, 126, 470),
    ('Aommm', 842, 412, 1204, 468),
    ('Signature ll', 1117, 481, 1232, 508),
    ('87229849μ01:0848176581:71573554663868526', 140, 561, 1042, 573),
]


def test_the_payee_above_the_words_where_no_pay_label_was_read():
    got = _fields(UAE_NO_LABEL, 1300, 596)
    assert got["convention"].value == "gulf"
    assert got["payee"].value == "Noura Qureshi"


# gulf dev_0006: a Sri Lankan leaf prints what an Indian one does ("Rupees", "or bearer",
# "Only", a band of 6 + 7 + 10 digits): its bank of Ceylon and rupees with cents make it Sri
# Lanka's, and its "Rs." LKR
SRI_LANKA = [
    ('Commercial Bank of Ceylon PLC', 71, 27, 728, 97),
    ('Cheque No. 331223', 906, 47, 1121, 89),
    ('Date', 1358, 78, 1434, 116),
    ('12', 1454, 73, 1533, 128),
    ('012022', 1537, 68, 1822, 144),
    ('Colombo 03 Branch', 69, 116, 293, 157),
    ('D', 1456, 135, 1477, 157),
    ('D', 1501, 134, 1525, 161),
    ('M', 1550, 132, 1569, 164),
    ('M', 1596, 140, 1619, 162),
    ('Y', 1645, 141, 1667, 162),
    ('Y', 1692, 143, 1714, 164),
    ('Y', 1738, 145, 1762, 165),
    ('Y', 1787, 145, 1809, 168),
    ('Pay', 65, 208, 120, 252),
    ('Kandy Motors (Pvt) Ltd', 153, 194, 682, 267),
    ('or bearer', 1694, 265, 1844, 305),
    ('Rupees', 60, 317, 166, 356),
    ('Rupees thirty-seven and cents seventy-four only', 188, 307, 971, 380),
    ('Rs. 37.74', 1377, 449, 1568, 506),
    ('A/C No. 848567662604', 56, 568, 337, 607),
    ('KASUN RIZVI', 1630, 605, 1791, 644),
    ('Signature', 1674, 750, 1786, 787),
    ("331223 7062.'8011: 5359489582", 183, 779, 1190, 863),
]


def test_a_sri_lankan_leaf_is_not_indian():
    got = _fields(SRI_LANKA, 1908, 874)
    assert got["convention"].value == "lk"
    assert (got["currency"].value, got["currency"].status) == ("LKR", "unchecked")
    assert (got["amount"].value, got["amount"].status) == ("37.74", "ok")
    assert got["cheque_number"].value == "331223"
    # its band in Sri Lanka's order: serial, bank code and branch code, account
    assert (got["micr_serial"].value, got["micr_serial"].status) == ("331223", "ok")
    assert got["micr_routing"].value == "7062801"
    assert got["micr_routing"].status == "unchecked"  # printed nowhere else on the leaf
    assert got["micr_account"].value == "5359489582"


# gulf fresh_0011: the Arabic article of the payee's name read with a capital I ("AI
# Khalifa"); dirhams and fils (a hundredth in the UAE)
UAE = [
    ('Cheque No. 49231829', 776, 42, 1016, 73),
    ('First Abu Dhabi Bank', 53, 53, 473, 90),
    ('Date', 1180, 52, 1237, 86),
    ('0', 1250, 54, 1280, 89),
    ('1', 1290, 51, 1318, 89),
    ('0', 1333, 53, 1368, 92),
    ('3', 1380, 54, 1410, 91),
    ('2', 1417, 52, 1448, 88),
    ('0', 1455, 54, 1486, 91),
    ('2', 1500, 51, 1535, 90),
    ('3', 1544, 51, 1578, 89),
    ('hll', 776, 75, 867, 108),
    ('D', 1256, 100, 1279, 123),
    ('D', 1297, 99, 1318, 124),
    ('M', 1338, 100, 1362, 123),
    ('M', 1381, 100, 1404, 123),
    ('Y', 1424, 101, 1443, 121),
    ('Y', 1465, 99, 1487, 122),
    ('Y', 1505, 99, 1528, 122),
    ('Y', 1549, 99, 1571, 122),
    ('Dubai Branch', 52, 133, 176, 158),
    ('Pay to', 51, 219, 130, 254),
    ('John AI Khalifa', 159, 205, 410, 244),
    ('or bearer', 1501, 217, 1605, 245),
    ('alol gy 1gx1', 1320, 244, 1489, 275),
    ('Dirhams', 51, 305, 149, 340),
    ('nine thousand nine hundred dirhams and 28 fils only', 168, 293, 955, 333),
    ('AED#9,900.28#', 1186, 385, 1460, 423),
    ('MARINA TECHNICAL SERVICES LLC', 1208, 505, 1566, 532),
    ('AIC No. 676707598948', 53, 523, 272, 550),
    ('Signature', 1420, 628, 1567, 656),
    ('49231829 I:0536485081:45163026214!', 171, 704, 1178, 743),
]


def test_the_arabic_article_read_with_a_capital_i():
    got = _fields(UAE, 1664, 763)
    assert got["payee"].raw == "John AI Khalifa"
    assert got["payee"].value == "John Al Khalifa"
    assert (got["amount"].value, got["amount"].status) == ("9900.28", "ok")
    assert got["currency"].value == "AED"
    # written in capitals, "AI" is as read ("AL" would be too)
    caps = [(t.replace("John AI Khalifa", "AI ROBOTICS LLC"), *b) for t, *b in UAE]
    assert _fields(caps, 1664, 763)["payee"].value == "AI ROBOTICS LLC"


def test_short_groups_of_gulf_bands():
    from pipeline.extract.micr_layouts import parse_for

    # the Qatari layout as printed (symbols as the truth's letters: on-us C, transit A)
    got = parse_for("any", "C01000427C0A634002039AC00004700539188001C", "01000427")
    assert (got.serial, got.transaction, got.routing, got.account) == (
        "01000427", "0", "634002039", "00004700539188001")
    # gulf fresh_0013: the transit symbols read "1:" after the "0" and after the code
    got = parse_for("any", "86193503 01:7971256261: 99254470697", "86193503")
    assert (got.serial, got.transaction, got.routing, got.account) == (
        "86193503", "0", "797125626", "99254470697")
    # gulf fresh_0016: the on-us symbol after the serial read "1": no group of its own
    got = parse_for("any", "86828684 1 I:551272943: 3127864219939", "86828684")
    assert (got.serial, got.transaction, got.routing) == ("86828684", None, "551272943")
