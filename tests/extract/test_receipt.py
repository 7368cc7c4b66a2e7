"""Receipt field rules on hand-made OCR line fixtures (no model, no shared data).

The fixtures mimic what PP-OCR returns for scanned Malaysian and other receipts: one Line per
text box, axis-aligned boxes, labels and amounts as separate boxes on a row, OCR slips
("Totai", "D.1.Y.", a time glued to the year, a cash amount read as garbage).
"""
from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

from pipeline.document import Line
from pipeline.extract.receipt import RECEIPT_FIELDS, extract_receipt
from pipeline.extract.types import (
    STATUS_AMBIGUOUS,
    STATUS_INVALID,
    STATUS_MISSING,
    STATUS_OK,
    STATUS_UNCHECKED,
)

Box = Tuple[str, float, float, float, float]  # text, x0, y0, x1, y1


def make_lines(boxes: Sequence[Box], conf: float = 0.97) -> List[Line]:
    return [Line(text=t, conf=conf, box=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)], line_no=i)
            for i, (t, x0, y0, x1, y1) in enumerate(boxes)]


def rows(*spec: Tuple[float, Sequence[Tuple[str, float, float]]], h: float = 22) -> List[Box]:
    """Rows of boxes: (y, [(text, x0, x1), ...]) -> boxes of height h."""
    out: List[Box] = []
    for y, items in spec:
        for text, x0, x1 in items:
            out.append((text, x0, y, x1, y + h))
    return out


def run(boxes: Sequence[Box], width: float = 800, height: float = 1400) -> Dict[str, object]:
    fields = extract_receipt(make_lines(boxes), width, height)
    assert [f.name for f in fields] == list(RECEIPT_FIELDS)
    return {f.name: f for f in fields}


# --------------------------------------------------------------------------- fixtures

RESTORAN = rows(
    (40, [("A03155", 540, 620)]),                                   # scanner stamp
    (120, [("RESTORAN WAN SHENG", 250, 560)]),
    (150, [("002043319-W", 310, 450)]),
    (180, [("No.2, Jalan Temenggung 19/9,", 150, 600)]),
    (210, [("Seksyen 9, Bandar Mahkota Cheras,", 110, 640)]),
    (240, [("43200 Cheras, Selangor", 210, 560)]),
    (270, [("GST REG NO: 001335787520", 190, 600)]),
    (320, [("Tax", 196, 250), ("Invoice", 357, 470)]),
    (360, [("INV No.: 1053110 Cashier: Thandar", 34, 600)]),
    (390, [("Date", 31, 100), (":19-03-201818:08:38", 174, 480)]),  # time glued to the year
    (440, [("Description", 34, 200), ("Qty", 380, 430), ("Amount", 600, 700)]),
    (470, [("NASI LEMAK", 34, 200), ("1", 400, 412), ("3.77 SR", 600, 700)]),
    (500, [("TEH O AIS", 34, 200), ("1", 400, 412), ("1.89 SR", 600, 700)]),
    (540, [("Total QTY: 2", 34, 220)]),
    (570, [("Total (Excluding GST):", 34, 380), ("5.66", 620, 700)]),
    (600, [("GST payable (6%):", 34, 330), ("0.34", 620, 700)]),
    (630, [("Total (Inclusive of GST):", 34, 400), ("6.00", 620, 700)]),
    (660, [("TOTAL:", 37, 150), ("6.00", 620, 700)]),
    (700, [("CASH :", 32, 130), ("10.00", 610, 700)]),
    (730, [("CHANGE :", 32, 160), ("4.00", 620, 700)]),
    (780, [("GST Summary", 30, 240), ("Amount(RM)", 429, 600), ("Tax(RM)", 620, 720)]),
    (810, [("SR @ 6%", 30, 160), ("5.66", 480, 560), ("0.34", 640, 700)]),
    (840, [("Total:", 30, 120), ("5.66", 480, 560), ("0.34", 640, 700)]),
    (900, [("Thank You & Come Again", 200, 600)]),
)

# a skewed scan: boxes stay axis-aligned, the amounts at the right run ~30px low
def _skewed() -> List[Box]:
    slope = 0.07
    out: List[Box] = [
        ("31803017", 0, 0, 150, 60),
        ("PASARAYA BORONG PINTAR", 130, 180, 560, 236),
        ("SDN BHD", 360, 242, 500, 298),
        ("BR No.: (124525-H)", 320, 302, 560, 352),
        ("NO 19-G&19-1&19-2 JALAN TASIK UTAMA 4,", 120, 345, 700, 392),
        ("MEDAN NIAGA TASIK DAMAI", 250, 390, 560, 432),
        ("016-5498845,", 370, 440, 540, 480),
        ("TAX INVOICE", 270, 520, 520, 570),
        ("DATE", 70, 600, 150, 640),
        (":12/28/2017 10:17:32 PM", 210, 600, 600, 645),
    ]
    y = 700
    for label, amount in [("Sub Total", "15.00"), ("Discount", "0.00"),
                          ("Total Excl.6% GST", "15.00"), ("GST 6%", "0.00"),
                          ("Totai Incl.6% GST", "15.00"), ("Rounding", "0.00"),
                          ("CASH", "20.00"), ("CHANGE", "5.00")]:
        out.append((label, 200, y, 470, y + 42))
        out.append(("RM", 495, y + slope * 300, 540, y + 42 + slope * 300))
        out.append((amount, 610, y + slope * 410, 700, y + 50 + slope * 410))
        y += 40
    out.append(("Thank You.Come Again", 220, y + 40, 550, y + 90))
    return out


SKEWED = _skewed()

UNIHAKKA = rows(
    (294, [("A03018", 593, 689)]),
    (351, [("UNIHAKKA INTERNATIONAL SDN BHD", 349, 646)]),
    (371, [("05 Mar 2018 18:24", 440, 554)]),
    (388, [("(867388-U)", 460, 534)]),
    (405, [("12, Jalan Tampoi 7/4,Kawasan Perindustrian", 368, 625)]),
    (424, [("Tampoi,81200 Johor Bahru, Johor", 398, 593)]),
    (442, [("TAX INVOICE", 452, 539)]),
    (458, [("Invoice #:OR18030502160349", 334, 519)]),
    (484, [("Item", 334, 365), ("Qty", 436, 464), ("Total", 620, 659)]),
    (504, [("SR 100100000060- 4 Vege", 332, 493)]),
    (526, [("$5.50", 335, 372), ("1", 437, 448), ("$5.50", 617, 657)]),
    (550, [("SR 100100000006- Pork", 333, 478)]),
    (572, [("$2.70", 333, 372), ("1", 436, 447), ("$2.70", 615, 657)]),
    (602, [("Total Àmount: $8.20", 532, 656)]),
    (622, [("GST @6%: $0.46", 550, 656)]),
    (640, [("Nett Total: $8.20", 554, 655)]),
    (665, [("Payment Mode", 331, 423), ("Amount", 602, 655)]),
    (685, [("CASH", 330, 375), ("$10.00", 610, 655)]),
    (705, [("Change", 329, 383), ("$1.80", 614, 654)]),
    (745, [("GST Summary", 329, 410), ("Amount($)", 493, 549), ("Tax[$)", 615, 655)]),
    (768, [("SR = GST @6%", 330, 410), ("7.74", 522, 551), ("0.46", 624, 654)]),
    (794, [("GST REG #000656195584", 411, 569)]),
    h=20,
)

POPULAR = rows(
    (60, [("BOOK CITY CO. (M) SDN BHD", 120, 600)]),
    (100, [("(Co. No. 113825-W)", 180, 450)]),
    (130, [("(GST Reg No. 001492992000)", 150, 480)]),
    (160, [("No 8, Jalan 7/118B, Desa Tun Razak", 100, 560)]),
    (190, [("56000 Kuala Lumpur, Malaysia", 140, 500)]),
    (220, [("KL FESTIVAL CITY MALL", 170, 470)]),
    (250, [("Tel:03-41424540/20", 190, 420)]),
    (300, [("07/01/18 14:41", 57, 240), ("Slip No.: 7010385084", 285, 560)]),
    (700, [("Total RM Incl. of GST", 55, 347), ("31.47", 460, 539)]),
    (740, [("Rounding Adj", 51, 225), ("-0.02", 500, 580)]),
    (780, [("Total RM", 54, 174), ("31.45", 499, 578)]),
    (820, [("Cash", 50, 118), ("00°00-", 486, 578)]),       # unreadable tender
    (860, [("CHANGE", 52, 145), ("18.55", 500, 579)]),
    (940, [("Item Count", 52, 199), ("3", 514, 537)]),
    (1100, [("Total Savings", 50, 238), ("-9.60", 500, 577)]),
)

US_DINER = rows(
    (20, [("JOE'S DINER", 100, 300)]),
    (50, [("123 Main Street", 100, 300)]),
    (80, [("Springfield, IL 62704", 100, 320)]),
    (110, [("Tel (217) 555-0142", 100, 320)]),
    (160, [("Date: 03/15/2024 12:31", 20, 300)]),
    (200, [("Burger", 20, 120), ("$9.50", 300, 360)]),
    (230, [("Coffee", 20, 120), ("$3.00", 300, 360)]),
    (270, [("Subtotal", 20, 140), ("$12.50", 300, 360)]),
    (300, [("Tax", 20, 80), ("$1.03", 300, 360)]),
    (330, [("TOTAL", 20, 100), ("$13.53", 300, 360)]),
    (360, [("VISA", 20, 80), ("$13.53", 300, 360)]),
)


# --------------------------------------------------------------------------- tests

def test_malaysian_restaurant_receipt():
    f = run(RESTORAN)
    assert f["company"].value == "RESTORAN WAN SHENG"
    assert f["date"].value == "2018-03-19"
    assert f["date"].status == STATUS_UNCHECKED  # 19 cannot be a month
    assert f["total"].value == "6.00"
    assert f["total"].status == STATUS_OK  # CASH 10.00 - CHANGE 4.00
    assert f["address"].value == (
        "No.2, Jalan Temenggung 19/9, Seksyen 9, Bandar Mahkota Cheras, 43200 Cheras, Selangor")
    assert f["currency"].value == "MYR"
    assert f["currency"].status == STATUS_UNCHECKED


def test_total_field_points_at_its_lines():
    f = run(RESTORAN)["total"]
    lines = make_lines(RESTORAN)
    texts = [lines[i].text for i in f.line_nos]
    assert texts == ["Total (Inclusive of GST):", "6.00"]  # the most specific label
    assert f.type == "amount"
    assert f.box is not None and f.extractor == "rules:receipt"


def test_skewed_scan_two_line_company_month_first_date():
    f = run(SKEWED)
    assert f["company"].value == "PASARAYA BORONG PINTAR SDN BHD"
    assert f["date"].value == "2017-12-28"       # 28 cannot be a month: month-first
    assert f["date"].status == STATUS_UNCHECKED
    assert f["total"].value == "15.00"           # "Totai Incl.6% GST" row, amount 30px lower
    assert f["total"].status == STATUS_OK        # 20.00 - 5.00
    assert f["address"].value == "NO 19-G&19-1&19-2 JALAN TASIK UTAMA 4, MEDAN NIAGA TASIK DAMAI"
    assert f["currency"].value == "MYR"


def test_dollar_receipt_in_malaysia():
    f = run(UNIHAKKA, width=1080, height=1527)
    assert f["company"].value == "UNIHAKKA INTERNATIONAL SDN BHD"
    assert f["date"].value == "2018-03-05"
    assert f["total"].value == "8.20"
    assert f["total"].status == STATUS_OK
    assert f["total"].raw == "$8.20"
    assert f["address"].value == "12, Jalan Tampoi 7/4,Kawasan Perindustrian Tampoi,81200 Johor Bahru, Johor"
    assert f["currency"].value == "MYR"  # "$" on a receipt of a Malaysian SDN BHD
    assert f["currency"].status == STATUS_AMBIGUOUS


def test_rounded_total_wins_and_branch_row_ends_address():
    f = run(POPULAR)
    assert f["company"].value == "BOOK CITY CO. (M) SDN BHD"
    assert f["date"].value == "2018-01-07"
    assert f["date"].status == STATUS_AMBIGUOUS  # 07/01/18: day-first assumed
    assert f["total"].value == "31.45"          # the total below the rounding row
    assert f["total"].status == STATUS_UNCHECKED  # cash unreadable: nothing to check against
    assert f["address"].value == "No 8, Jalan 7/118B, Desa Tun Razak 56000 Kuala Lumpur, Malaysia KL FESTIVAL CITY MALL"


def test_us_receipt_dollar_defaults_to_usd():
    f = run(US_DINER)
    assert f["company"].value == "JOE'S DINER"
    assert f["date"].value == "2024-03-15"
    assert f["total"].value == "13.53"
    assert f["total"].status == STATUS_OK  # paid by VISA, no change
    assert f["currency"].value == "USD"
    assert f["currency"].status == STATUS_AMBIGUOUS


def test_euro_and_pound():
    eur = rows((20, [("Bäckerei Müller GmbH", 50, 300)]), (60, [("Hauptstraße 5, 10115 Berlin", 50, 330)]),
               (100, [("Datum: 24.12.2023", 50, 250)]), (140, [("SUMME", 50, 130), ("€ 7,40", 260, 330)]))
    f = run(eur)
    assert f["currency"].value == "EUR" and f["currency"].status == STATUS_UNCHECKED
    assert f["total"].value == "7.40"
    assert f["date"].value == "2023-12-24"
    gbp = rows((20, [("THE CORNER SHOP LTD", 50, 300)]), (60, [("TOTAL £4.99", 50, 200)]))
    assert run(gbp)["currency"].value == "GBP"


def _zheng_hui(with_subtotal: bool = True):
    spec = [(20, [("PERNIAGAAN ZHENG HUI", 360, 600)]), (50, [("JM0325955-V", 430, 530)]),
            (80, [("NO.59 JALAN PERMAS 9/5", 390, 570)]),
            (110, [("81760 JOHOR BAHRU", 400, 550)]),
            (140, [("Date: 12/02/2018", 530, 640)]),
            (400, [("(Excluded GST) Sub Total (RM) :", 350, 560), ("106.10", 590, 640)]),
            (430, [("Total GST (RM) :", 440, 560), ("6.37", 600, 640)]),
            (460, [("RoundIng (RM) :", 420, 560), ("-0.02", 590, 640)]),
            (490, [("Total (RM) :", 450, 560), ("112.46", 577, 640)]),   # misread 112.45
            (520, [("CASH :", 490, 560), ("112.45", 577, 640)]),
            (550, [("Change (RM) :", 430, 560), ("0.00", 595, 640)])]
    if not with_subtotal:
        spec = [r for r in spec if r[0] not in (400, 430, 460)]
    return rows(*spec)


def test_total_mismatch_with_cash_is_flagged():
    f = run(_zheng_hui(with_subtotal=False))
    assert f["total"].value == "112.46"
    assert f["total"].status == STATUS_INVALID
    assert "112.45" in f["total"].message
    assert f["company"].value == "PERNIAGAAN ZHENG HUI"
    assert f["address"].value == "NO.59 JALAN PERMAS 9/5 81760 JOHOR BAHRU"


def test_total_row_against_tax_lines_and_cash():
    # subtotal 106.10 + GST 6.37 - rounding 0.02 = 112.45 = cash 112.45 - change 0.00: the total
    # row (112.46) was misread or altered; its value is kept, flagged with what the others give
    f = run(_zheng_hui())
    assert f["total"].value == "112.46"
    assert f["total"].status == STATUS_INVALID
    assert "agree on 112.45, the total row reads 112.46" in f["total"].message


def test_total_from_cash_minus_change_without_total_label():
    boxes = rows((20, [("PASAR MINI JIN SENG", 440, 620)]), (50, [("18/03/18", 570, 640)]),
                 (100, [("FISH BALL / CAKE", 360, 500), ("1.20 SR", 570, 640)]),
                 (140, [("CASH", 330, 370), ("100.00", 590, 640)]),
                 (170, [("CASH CHANGE", 330, 420), ("71.40", 595, 640)]))
    f = run(boxes)
    assert f["total"].value == "28.60"
    assert "change" in f["total"].message


def test_company_cleanup_rules():
    def company(*texts: str) -> str:
        boxes = [(t, 100, 40 + 40 * i, 500, 62 + 40 * i) for i, t in enumerate(texts)]
        return run(boxes)["company"].value

    assert company("TRI SHAAS SDN BHD (728515-M)", "4-20, Jalan Ria 25/62") == "TRI SHAAS SDN BHD"
    assert company("KING'S CONFECTIONERY S/B 273500-U (GKJ)", "LOT NO. G23") == "KING'S CONFECTIONERY S/B"
    assert company("BREWERY TAP", "Owner by Castle Blue S/B", "(1035693-T)") == "Owner by Castle Blue S/B"
    assert company("31803042", "MR. D.1.Y. (M) SDN BHD", "(CO.REG :860671-D)") == "MR. D.I.Y. (M) SDN BHD"
    assert company("CHECKERS HYPERMARKET SDN BHD (JALAN KLANG LAMA)", "(1095850-V)") == \
        "CHECKERS HYPERMARKET SDN BHD (JALAN KLANG LAMA)"
    assert company("Your order number is", "264", "Golden Arches Restaurants Sdn Bhd") == \
        "Golden Arches Restaurants Sdn Bhd"
    # no legal suffix: a trade word, else the first plain header row
    assert company("GST ID: 000123", "KEDAI PAPAN YEW CHUAN", "LOT 276 JALAN BANTING") == "KEDAI PAPAN YEW CHUAN"
    assert company("PappaRich BMC", "NO.19 & 21", "JALAN TEMENGGUNG 23/9") == "PappaRich BMC"


def test_company_row_split_into_boxes_and_logo_dropped():
    boxes = [("P)", 590, 45, 640, 205),                 # a logo read as text beside the name
             ("BILLION SIX ENTERPRISE", 140, 160, 420, 204),
             ("NO 3, JALAN TAMAN JASA 2;", 137, 212, 450, 250),
             ("SWC", 78, 300, 140, 330), ("ENTERPRISE", 157, 300, 350, 330)]
    assert run(boxes)["company"].value == "BILLION SIX ENTERPRISE"
    boxes = [("SWC", 78, 99, 140, 129), ("ENTERPRISE", 157, 100, 350, 128),
             ("SDN", 377, 100, 440, 130), ("BHD", 454, 100, 510, 130),
             ("(1125830-V)", 244, 135, 380, 160)]
    assert run(boxes)["company"].value == "SWC ENTERPRISE SDN BHD"


def test_gst_summary_total_is_not_the_receipt_total():
    boxes = rows((20, [("YONG TAT HARDWARE TRADING", 370, 600)]),
                 (60, [("Date : 13/03/2018", 300, 450)]),
                 (200, [("Total Sales (Excluding GST) :", 400, 560), ("95.19", 600, 650)]),
                 (230, [("Total GST", 530, 600), ("5.71", 610, 650)]),
                 (260, [("Rounding", 530, 600), ("0.00", 610, 650)]),
                 (290, [("Total Sales (Inclusive of GST) :", 390, 560), ("100.90", 600, 650)]),
                 (340, [("GST SUMMARY", 390, 500)]),
                 (370, [("Total:", 480, 530), ("95.19", 550, 600), ("5.71", 610, 650)]))
    f = run(boxes)
    assert f["total"].value == "100.90"
    # no payment rows, but the receipt's own sum checks: 95.19 + GST 5.71 = 100.90
    assert f["total"].status == STATUS_OK
    assert "subtotal 95.19 + tax 5.71" in f["total"].message
    assert f["company"].value == "YONG TAT HARDWARE TRADING"


def test_date_ocr_repairs():
    def date(text: str) -> str:
        return run(rows((20, [("SOME SHOP", 100, 300)]), (60, [("Date", 20, 80), (text, 100, 400)])))["date"].value

    assert date(":26-05--201815:16:13") == "2018-05-26"   # doubled dash, time glued to the year
    assert date("27/06/185:02:32 PM") == "2018-06-27"     # two-digit year glued to the time
    assert date("2703/2018") == "2018-03-27"              # one slash not read
    assert date("27032018") == "2018-03-27"               # no separators at all
    assert date("20180304") == "2018-03-04"               # YYYYMMDD stays YYYYMMDD
    assert date("24-MAR-2018") == "2018-03-24"
    assert date("25/Feb/2017 07:43:54") == "2017-02-25"


def test_date_separator_slips():
    def date(text: str, label: str = "Date") -> object:
        return run(rows((20, [("SOME SHOP", 100, 300)]), (60, [(label, 20, 80), (text, 100, 400)])))["date"].value

    assert date("09,03/2018 18:54") == "2018-03-09"       # one slash read as a comma
    assert date("22 02/2018 7:41:46 AM") == "2018-02-22"  # ... lost to a space
    assert date(":26=05-201815:16:13") == "2018-05-26"    # ... read as '=', time glued to the year
    assert date("1904-2018 13:43:54") == "2018-04-19"     # ... not read, dashes
    assert date("2018=05-26") == "2018-05-26"             # year first
    assert date("26-O5-2018") == "2018-05-26"             # a letter O for a zero
    # a two-digit year is mended only where a date is expected
    assert date("25,04/18") == "2018-04-25"
    assert date("25,04/18", label="Qty") is None
    # a number before a whole date stays apart from it
    assert date("No 3 12-05-2018 10:30") == "2018-05-12"
    assert date("5 05/06/18 10:30") == "2018-06-05"


def test_date_of_the_future_and_far_years():
    def date(*texts: str) -> str:
        spec = [(20, [("SOME SHOP", 100, 300)])]
        spec += [(60 + 40 * i, [(t, 20, 400)]) for i, t in enumerate(texts)]
        return run(rows(*spec))["date"].value

    assert date("Date: 05/06/2078", "05/06/2018 20:23") == "2018-06-05"  # impossible year
    # the years with the most weight: two printings with a time outweigh a lone far date
    assert date("Reg 01/04/2015", "05/06/2018 20:23", "05/06/2018 20:40") == "2018-06-05"


def test_labelled_date_preferred_over_earlier_dates():
    boxes = rows((20, [("SOME SHOP SDN BHD", 100, 300)]),
                 (60, [("Member since 01/01/2015", 20, 300)]),
                 (100, [("Date: 14/03/2018", 20, 300)]))
    assert run(boxes)["date"].value == "2018-03-14"


def test_rounding_row_settled_by_payment():
    boxes = rows((20, [("99 SPEED MART 5/B (519537-X)", 100, 440)]),   # "S/B" read as "5/B"
                 (60, [("LOT P.T. 2811, JALAN ANGSA,", 110, 440)]),
                 (100, [("10-05-17", 420, 520)]),
                 (400, [("Total Sales (Inclusive GST) RM", 40, 400), ("72.74", 427, 496)]),
                 (430, [("Rounding Adjustment RM", 130, 400), ("01", 450, 493)]),
                 (460, [("Rounding RN", 262, 400), ("72.75", 427, 496)]),
                 (490, [("CASH RM", 307, 400), ("100.00", 414, 495)]),
                 (520, [("CHANGE RN", 286, 400), ("27.25", 427, 496)]))
    f = run(boxes)
    assert f["company"].value == "99 SPEED MART S/B"
    assert f["date"].value == "2017-05-10"
    assert f["total"].value == "72.75"
    assert f["total"].status == STATUS_OK


def test_rounding_adjustment_arithmetic():
    boxes = rows((20, [("SOME SHOP SDN BHD", 100, 300)]),
                 (400, [("Total Incl. GST", 40, 300), ("9.48", 427, 496)]),
                 (430, [("Rounding Adj", 40, 300), ("0.02", 427, 496)]),
                 (460, [("Cash Tendered", 40, 300), ("10.00", 427, 496)]),
                 (490, [("Change", 40, 300), ("0.50", 427, 496)]))
    f = run(boxes)
    assert f["total"].value == "9.50"
    assert f["total"].status == STATUS_OK


def test_abbreviated_rounded_total_and_unread_change():
    boxes = rows((20, [("PappaRich BMC", 200, 400)]),
                 (400, [("Total:", 94, 225), ("72.93", 654, 765)]),
                 (440, [("RND ADJ", 92, 246), ("0.02", 669, 764)]),
                 (480, [("TTL ATF RND", 94, 327), ("72.95", 652, 765)]),
                 (520, [("Payment", 92, 246), ("73.00", 652, 765)]),
                 (560, [("Change Due", 92, 321), ("0.05", 669, 764)]))
    f = run(boxes)
    assert f["total"].value == "72.95" and f["total"].status == STATUS_OK
    boxes = rows((20, [("McDonald's", 200, 400)]),
                 (400, [("Total Rounded", 20, 240), ("29.30", 563, 654)]),
                 (440, [("Cash Tendered", 19, 239), ("50.00", 561, 654)]),
                 (480, [("Chan1ge", 18, 127), ("2O.7O", 563, 654)]))  # change unreadable
    f = run(boxes)
    assert f["total"].value == "29.30"
    assert f["total"].status == STATUS_UNCHECKED  # not "invalid": the change was not read


def test_amount_paid_is_a_total_and_accepted_is_a_tender():
    boxes = rows((20, [("ECOSWAY.COM SDN BHD", 100, 400)]),
                 (400, [("AMT PAID IncI. GST: RM78.30", 300, 790)]),
                 (440, [("GST AMT:RM4.43", 490, 790)]),
                 (480, [("PAID BY:CC:7186:RM78.30", 70, 520)]),
                 (520, [("TOTAL QTY:10", 90, 350)]))
    f = run(boxes, width=880, height=2900)
    assert f["total"].value == "78.30" and f["total"].status == STATUS_OK
    assert f["company"].value == "ECOSWAY.COM SDN BHD"
    boxes = rows((20, [("DION REALTIES SDN BHD", 100, 400)]),
                 (300, [("5.00 RM", 346, 433)]),
                 (340, [("Accepted total", 115, 271), ("10.00 RM", 340, 432)]),
                 (380, [("Change", 113, 189), ("5.00 RM", 340, 432)]))
    assert run(boxes)["total"].value == "5.00"


def test_registration_number_glued_to_suffix_ends_name():
    boxes = rows((20, [("MYNEWS RETAIL SB(306295-X) FKA BISON STORES SB", 40, 600)]),
                 (60, [("OASIS VILLAGE LOUNGE 2", 100, 400)]))
    assert run(boxes)["company"].value == "MYNEWS RETAIL SB"


def test_empty_page_gives_missing_fields():
    fields = extract_receipt([], 800, 1200)
    assert [f.name for f in fields] == list(RECEIPT_FIELDS)
    by = {f.name: f for f in fields}
    for n in ("company", "date", "total", "address"):
        assert by[n].status == STATUS_MISSING and by[n].value is None
    assert by["currency"].status == STATUS_UNCHECKED and by["currency"].value is None


def test_no_total_no_date():
    f = run(rows((20, [("SOME SHOP", 100, 300)]), (60, [("Thank you", 100, 300)])))
    assert f["total"].status == STATUS_MISSING
    assert f["date"].status == STATUS_MISSING
    assert f["company"].value == "SOME SHOP"
    assert f["currency"].value is None


def _hardware(name_rows, dates):
    y = 30
    spec = []
    for r in name_rows:
        spec.append((y, [(r, 120, 120 + 14 * len(r))]))
        y += 28
    spec += [
        (y, [("(1234567-T)", 300, 450)]),
        (y + 28, [("NO. 17, JALAN SETIA PRIMA, 40170 SHAH ALAM", 80, 700)]),
        (y + 56, [("TAX INVOICE", 320, 480)]),
    ]
    y += 90
    for d in dates:
        spec.append((y, [(d, 60, 400)]))
        y += 28
    spec += [(y, [("CEMENT 50KG", 60, 300), ("2", 400, 420), ("38.00", 600, 700)]),
             (y + 28, [("TOTAL", 60, 160), ("38.00", 600, 700)]),
             (y + 56, [("CASH", 60, 140), ("50.00", 600, 700)]),
             (y + 84, [("CHANGE", 60, 170), ("12.00", 600, 700)])]
    return rows(*spec)


def test_company_name_over_two_rows_with_a_branch_in_brackets():
    f = run(_hardware(["AIK HUAT HARDWARE ENTERPRISE", "(SETIA ALAM) SDN BHD"],
                      ["Date: 16/05/2016 10:31"]))
    assert f["company"].value == "AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD"
    f = run(_hardware(["CHECKERS HYPERMARKET SDN BHD", "(JALAN KLANG LAMA)"],
                      ["Date: 16/05/2016 10:31"]))
    assert f["company"].value == "CHECKERS HYPERMARKET SDN BHD (JALAN KLANG LAMA)"


def test_a_date_years_away_from_the_receipts_own_is_not_taken():
    # a registration date printed above the sale's date and time
    f = run(_hardware(["KEDAI RUNCIT MAJU SDN BHD"],
                      ["Reg. 12/03/1996", "16/05/2016 10:31", "Doc 16/05/2016"]))
    assert f["date"].value == "2016-05-16"


def test_company_over_several_rows():
    def company(*names: str) -> str:
        spec = [(20 + 30 * i, [(t, 200, 500)]) for i, t in enumerate(names)]
        spec += [(200, [("NO. 5, JALAN SS 2/3", 150, 550)]), (230, [("47300 PETALING JAYA", 180, 520)]),
                 (300, [("TAX INVOICE", 250, 450)])]
        return run(rows(*spec))["company"].value

    assert company("AIK HUAT HARDWARE ENTERPRISE", "(SETIA ALAM) SDN BHD") == \
        "AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD"
    assert company("YEW CHUAN ENTERPRISE", "SDN BHD") == "YEW CHUAN ENTERPRISE SDN BHD"
    assert company("LIAN HING", "STATIONERY SDN BHD") == "LIAN HING STATIONERY SDN BHD"
    assert company("RESTORAN", "WAN SHENG") == "RESTORAN WAN SHENG"
    assert company("K STATIONERY", "& OFFICE SUPPLIES") == "K STATIONERY & OFFICE SUPPLIES"
    assert company("KEDAI UBAT &", "JAMU TRADISIONAL") == "KEDAI UBAT & JAMU TRADISIONAL"
    assert company("UNIHAKKA INTERNATIONAL SON BHD") == "UNIHAKKA INTERNATIONAL SDN BHD"  # OCR slip
    # a brand above a complete legal name stays out of it
    assert company("CITY MILK", "R&C VENTURE SDN BHD (1191015-W)") == "R&C VENTURE SDN BHD"
    # no suffix, no trade word: the row above the registration number
    assert company("WELCOME", "GOLDEN ACRES", "(002043319-W)") == "GOLDEN ACRES"
