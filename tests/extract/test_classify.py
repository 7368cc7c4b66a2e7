import pytest

from pipeline.document import Line
from pipeline.extract.classify import classify_page, page_scores

CHEQUE_LINES = [
    "Alan R. Whitfield", "First Harbor Bank", "1042", "2718 Juniper Lane",
    "DATE", "03/15/2026", "PAY TO THE ORDER OF", "Northwind Traders LLC", "$", "1,234.56",
    "One thousand two hundred thirty-four and 56/100 DOLLARS", "MEMO", "Invoice 2231",
    "AUTHORIZED SIGNATURE", "I:2384629991:98234092061042",
]
CHEQUE_BANKLEFT = [
    "Cedar Valley Credit Union", "No. 318", "Main Street Branch", "Date", "March 5, 2026",
    "Pay", "Maria Gonzalez", "$87.50", "Eighty-seven and 50/100", "DOLLARS", "For",
    "Tutoring - February", "I:102585575I: 613992770 000318",
]
# a cheque whose MICR line was not read and whose labels are partly lost
CHEQUE_SPARSE = ["Pay to the order of", "Kenji Watanabe", "Four hundred sixty and 00/100", "$460.00"]

RECEIPT_LINES = [
    "SYARIKAT PERNIAGAAN GIN KEE", "GST REG NO: 000750727552", "TAX INVOICE",
    "Date: 25/12/2018 10:31", "QTY", "PRICE", "AMOUNT", "SAKURA KNIFE 1 7.50 7.50",
    "MUG 2 3.20 6.40", "Total Sales (Excluding GST): 13.11", "GST @6%: 0.79",
    "Total: 13.90", "CASH 20.00", "CHANGE 6.10", "THANK YOU",
]
RECEIPT_SHOP = [
    "CORNER MART", "Receipt #88123", "Milk 2L 4.29", "Bread 2.99", "Eggs 12pk 5.49",
    "Subtotal 12.77", "Tax 1.02", "TOTAL 13.79", "VISA 13.79",
]
INVOICE_LINES = [
    "INVOICE", "Orion Office Supply Co.", "Invoice No: INV-2026-0417",
    "Item 1: Ergonomic office chair, 2 x $349.00 = $698.00", "Subtotal: $1,291.50",
    "Sales tax (8.25%): $106.55", "Total Due: $1,398.05",
]
LETTER_LINES = [
    "Dear Ms. Lindqvist,", "Thank you for your letter of March 2.", "We have reviewed the plans",
    "and will reply within two weeks.", "Sincerely,", "R. Delgado",
]


def _lines(texts):
    return [Line(text=t, conf=0.99, box=[(0, 20 * i), (100, 20 * i), (100, 20 * i + 15),
                                         (0, 20 * i + 15)], line_no=i)
            for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    "texts, kind",
    [
        (CHEQUE_LINES, "cheque"),
        (CHEQUE_BANKLEFT, "cheque"),
        (CHEQUE_SPARSE, "cheque"),
        (RECEIPT_LINES, "receipt"),
        (RECEIPT_SHOP, "receipt"),
        (INVOICE_LINES, "other"),  # an invoice to be paid: no payment, no till: no receipt
        (LETTER_LINES, "other"),
        ([], "other"),
        (["hello"], "other"),
    ],
)
def test_classify_page(texts, kind):
    assert classify_page(_lines(texts)) == kind
    assert classify_page(texts) == kind  # plain strings work too


def test_micr_line_alone_is_a_cheque_cue():
    # a band whose routing number fails its check digit: a cue that needs more evidence
    s = page_scores(["⑆021000022⑆ 123456789⑈ 1001"])
    assert s["cheque"] == 3.0
    assert s["receipt"] == 0.0
    # its check digit right: a cheque's alone (tests/extract/test_classify_micr_checked.py)
    assert page_scores(["⑆021000021⑆ 123456789⑈ 1001"])["cheque"] == 5.0
