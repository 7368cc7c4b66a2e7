"""A US leaf prints its routing number as a fraction by the cheque number ("90-7177/3222": the
routing number's digits 5-8 over 1-4). Where the MICR band's digits hold the routing number the
fraction spells, the band is checked by it, its transit symbols read or not: the routing number
is `ok`, the leaf is a US one, and the band alone (with its fraction) makes the page a cheque.

The lines are those OCR read on a real 1999 personal cheque (Wikimedia Commons
File:Check1005.jpg, 442 x 205 pixels, not shipped), typed as read: its band
"⑆322271779⑆ 1005 ⑈4192580⑈ ⑇0000000419⑇" was read as digits alone, and its fraction
"90-7177/3222" with a colon for the slash. The band's line is one run of digits; its word
boxes (where the recogniser saw gaps) cut it into the band's groups."""
from pipeline.document import line_from_dict
from pipeline.extract.classify import classify_scored
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.micr_layouts import band_checked, fraction_agrees, fraction_routings

ROWS = (('WILLIAM', 24, 21, 70, 33), ('1005', 379, 15, 420, 32), ('NGTH STAPT', 29, 27, 125, 43),
        ('3e1<0607', 171, 15, 311, 44), ('90-7177:3222', 371, 34, 417, 46),
        ('NEWPORT BEACH CA 92663-', 23, 38, 149, 50), ('6-5-99', 274, 34, 367, 61),
        ('Oakwood Corpoate Hosing', 4, 64, 315, 106), ('PAY TO', 16, 71, 53, 85),
        ('1$4.19—', 316, 70, 433, 92), ('Fonanl 19/100 this', 13, 93, 191, 117),
        ('DOLA', 352, 94, 441, 116), ('CAL FED', 20, 113, 101, 132),
        ('CUFOESA FIDEAL DASE', 37, 130, 103, 137), ('balana feuad nent', 9, 150, 217, 176),
        ('w', 271, 148, 307, 172), ('322271779100541925800000000419', 20, 172, 433, 187))
BAND = ROWS[-1][0]
BAND_WORDS = (("322271779", 36, 114), ("1005", 131, 164), ("4192580", 224, 281),
              ("0000000419", 331, 421))


def _box(x0, y0, x1, y1):
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


def _lines(rows):
    out = []
    for k, (t, x0, y0, x1, y1) in enumerate(rows):
        d = {"text": t, "conf": 0.9, "line_no": k, "box": _box(x0, y0, x1, y1)}
        if t == BAND:
            d["words"] = [{"text": w, "conf": 0.95, "box": _box(a, y0, b, y1)}
                          for w, a, b in BAND_WORDS]
        out.append(line_from_dict(d))
    return out


def _with(text, rows=ROWS):
    return tuple((text, *r[1:]) if r[0] == "90-7177:3222" else r for r in rows)


def test_the_fraction_spells_the_routing_number():
    assert fraction_routings(["90-7177:3222"]) == {"322271779": "90-7177:3222"}
    assert list(fraction_routings(["90-7177/3222"])) == ["322271779"]
    assert list(fraction_routings(["90-71773222"])) == ["322271779"]  # the slash lost
    assert list(fraction_routings(["1-2/210"])) == ["021000021"]     # JPMorgan Chase, NY
    # dates, a sample leaf's zeros (no Federal Reserve range), a phone number: none
    assert fraction_routings(["6-5-99", "00-6789/0000", "11-3222118", "12-25/2020 x",
                              "555-1234"]) == {}


def test_a_band_of_digits_alone_is_checked_by_the_fraction():
    texts = [r[0] for r in ROWS]
    assert fraction_agrees(BAND, texts) == ("322271779", "90-7177:3222")
    assert band_checked(BAND, texts) == "aba"
    # a fraction read one digit off spells another routing number: no check
    other = [r[0] for r in _with("90-7177:3223")]
    assert fraction_agrees(BAND, other) is None and band_checked(BAND, other) is None


def test_the_routing_number_is_ok_and_the_leaf_a_us_one():
    got = {f.name: f for f in extract_cheque(_lines(ROWS), 442, 205)}
    assert got["micr_routing"].value == "322271779"
    assert got["micr_routing"].status == "ok"
    assert "90-7177:3222" in got["micr_routing"].message
    assert got["convention"].value == "us"
    assert got["micr_serial"].value == "1005"
    # the processed leaf's amount field (0000000419: $4.19 in cents) is not the account
    assert got["micr_account"].value == "4192580"
    assert got["currency"].value == "USD" and got["currency"].status != "ambiguous"
    wrong = {f.name: f for f in extract_cheque(_lines(_with("90-7177:3223")), 442, 205)}
    assert wrong["micr_routing"].value == "322271779"
    assert wrong["micr_routing"].status != "ok"


def test_the_band_and_its_fraction_alone_make_a_cheque():
    rows = tuple(r for r in ROWS if r[0] in ("1005", "90-7177:3222", BAND))
    assert classify_scored(_lines(rows))[0] == "cheque"
    assert classify_scored(_lines(_with("90-7177:3223", rows)))[0] == "other"
