"""A receipt's business name as the OCR misread it: a letter-spaced header read without its
spaces, a letter read as its look-alike, a closing courtesy line printed at the top.

The lines are the text and boxes mmbatch's OCR read from scanned Malaysian receipts (SROIE-style
layouts), written out here; no data file is read.
"""
from __future__ import annotations

from typing import Dict, Sequence, Tuple

from pipeline.document import Line
from pipeline.extract.receipt import extract_receipt
from pipeline.extract.receipt_name_words import look_alike, mend_name, respaced
from pipeline.extract.word_split import fewest_words, split_run

Box = Tuple[str, float, float, float, float]  # text, x0, y0, x1, y1


def fields(boxes: Sequence[Box], width: float = 620, height: float = 1500) -> Dict[str, object]:
    lines = [Line(text=t, conf=0.98, box=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)], line_no=i)
             for i, (t, x0, y0, x1, y1) in enumerate(boxes)]
    return {f.name: f for f in extract_receipt(lines, width, height)}


# the head of a stationery shop's receipt: its name printed letter-spaced, read as one run
SPACED_HEADER = [
    ("SANYUSTATIONERYSHOP", 43, 128, 519, 174),
    ("NO. 31G&33G, JALAN SETIA INDAH X ,U13/X", 44, 178, 505, 210),
    ("40170 SETIA ALAM", 45, 204, 246, 231),
    ("Mobile /Whatsapps : +6012-918 7937", 44, 232, 434, 262),
    ("Tel: +603-3362 4137", 44, 263, 267, 290),
    ("GST ID No: 001531760640", 43, 287, 326, 318),
    ("TAX INVOICE", 411, 300, 597, 333),
    ("Owned By:", 36, 319, 142, 347),
    ("SANYU SUPPLY SDN BHD (1135772-K)", 34, 339, 380, 372),
    ("CASH SALES COUNTER", 38, 393, 303, 425),
    ("1.2012-0029", 52, 458, 195, 488),
    ("RESTAURANT ORDER CHIT NCR", 269, 457, 600, 489),
    ("Total Sales Inclusive GST @6%", 60, 700, 380, 730), ("14.90", 500, 700, 560, 730),
]


def test_letter_spaced_header_read_as_one_run_is_split_into_its_words():
    f = fields(SPACED_HEADER)
    assert f["company"].value == "SANYU STATIONERY SHOP"
    assert "'SANYUSTATIONERYSHOP' read as 'SANYU STATIONERY SHOP'" in f["company"].message
    assert f["address"].value == "NO. 31G&33G, JALAN SETIA INDAH X ,U13/X 40170 SETIA ALAM"
    assert f["total"].value == "14.90"


def test_run_split_only_where_the_shop_name_is_printed_elsewhere_on_the_receipt():
    # "SANYU" is no common word: without "SANYU SUPPLY SDN BHD" below, the run is left as read
    boxes = [b for b in SPACED_HEADER if not b[0].startswith(("SANYU SUPPLY", "Owned"))]
    assert fields(boxes)["company"].value == "SANYUSTATIONERYSHOP"


def test_run_split_into_common_words_short_ones_included():
    assert respaced("ONEONETHREESEAFOODRESTAURANT", frozenset()) == "ONE ONE THREE SEAFOOD RESTAURANT"
    assert respaced("BILLIONSIXENTERPRISE", frozenset()) == "BILLION SIX ENTERPRISE"
    assert respaced("PERBANDARAN", frozenset()) is None     # not "PER BANDA RAN": one long piece
    # a word the run holds that is no common word and not printed elsewhere: left as read
    assert respaced("YONGTATHARDWARETRADING", frozenset()) is None


def test_brand_printed_as_one_word_is_not_split():
    # two common words glued ("FAMILY" + "MART") is how a brand is spelt; so is a word the
    # English word list knows as one, however rare
    assert respaced("FAMILYMART", frozenset()) is None
    assert respaced("HASSANBISTRO", frozenset()) is None
    assert respaced("BarWangRice", frozenset()) is None     # a capital inside small letters
    head = [("FamilyMart", 63, 111, 357, 184), ("No 16A, Jalan Astaka U8/83, Bukit Jelutong.", 49, 210, 370, 241),
            ("40150 Shah Alam, Selangor, D.E.", 89, 233, 328, 261), ("TAX INVOICE", 141, 353, 279, 389)]
    assert fields(head)["company"].value == "FamilyMart"


def test_look_alike_letter_of_a_name_mended_to_the_one_common_word():
    f = fields([("GARDENIA BAKERLES (KL) SDN BHD (139386 X)", 35, 58, 597, 92),
                ("Lot 3, Jalan Pelabur 23/1,", 174, 85, 454, 115),
                ("40300 Shah Alam, Selangor.", 162, 107, 467, 139),
                ("TAX INVOICE / ADJUSTMENT NOTE", 140, 191, 492, 241)])
    assert f["company"].value == "GARDENIA BAKERIES (KL) SDN BHD"
    f = fields([("3180303", 16, 11, 133, 43), ("LJAN HING STATIONERY SDN BHD", 151, 132, 472, 158),
                ("(162761-M)", 259, 156, 365, 180),
                ("NO.32 & 33. JALAN SR 1/9, SEKSYEN 9.", 130, 178, 492, 202),
                ("TAMAN SERDANG RAYA,", 194, 198, 430, 227), ("Tax Invoice", 249, 304, 376, 334)],
               width=619, height=875)
    assert f["company"].value == "LIAN HING STATIONERY SDN BHD"


def test_look_alike_rules():
    assert look_alike("DWNER") == "OWNER"        # D for O
    assert look_alike("Bakerles") == "Bakeries"  # the word's own case kept
    assert look_alike("5HOP") == "SHOP"          # a digit among letters is the one changed
    assert look_alike("ENTERORISE") is None      # P read as O: not a look-alike pair
    # names that are words of the list at some frequency are left as printed
    assert mend_name("GARDENIA SEGI UNIHAKKA ZHENG")[0] == "GARDENIA SEGI UNIHAKKA ZHENG"


def test_closing_courtesy_line_at_the_top_is_not_the_company():
    f = fields([("Z = 0%", 66, 15, 168, 51), ("4.00", 340, 6, 411, 42),
                ("...THANK YOU AND DO VISIT US AGAIN......", 39, 51, 651, 77),
                ("Cashier [P.NISANTHI]", 34, 131, 345, 174), ("Machine [003]", 441, 116, 651, 164),
                ("[19/06/17] [11:37]", 38, 173, 316, 215),
                ("FIVE STAR CASH & CARRY", 109, 454, 593, 496), ("(1365663-P)", 250, 496, 424, 540),
                ("G.23 & G.22, Plaza Seri Setia,", 112, 538, 576, 576),
                ("No.1 Jalan SS 9/1, 47300 PJ, Selangor.", 52, 580, 634, 616),
                ("Tel/Fax : 603-7877 9712", 83, 618, 444, 656)], width=708, height=1463)
    assert f["company"].value == "FIVE STAR CASH & CARRY"
    assert f["address"].value.startswith("G.23 & G.22, Plaza Seri Setia,")


def test_split_run_beside_fewest_words():
    words = {"sanyu", "stationery", "shop", "station", "ery"}
    assert split_run("sanyustationeryshop", words.__contains__) == ["sanyu", "stationery", "shop"]
    assert split_run("stationery", words.__contains__) is None     # one piece: no split
    assert split_run("sanyuery", words.__contains__) is None       # "ery" under four letters
    assert fewest_words("stationery", words.__contains__) == ["stationery"]
