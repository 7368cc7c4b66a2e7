"""Rules of the altered-copy check that need no model: which row is a total's, what a date
read from a row's text is, which boxes lie at the frame's edge."""
from __future__ import annotations

from pipeline.compare.aligned import _at_edge
from pipeline.compare.altered import _amount_field, _total_row, values_differ
from pipeline.compare.pages import PageItem


def test_a_total_label_is_judged_line_by_line():
    # OCR read on a receipt's scan and its photo (SROIE, "Total After Rounding")
    assert _total_row(["Total ALLerCkounding", "23.40"])
    assert _total_row(["Total After Rounding"])
    assert _total_row(["Roundmig Aciustment", "TOTAL"])  # a rounding line beside the label
    for x in (["SUB TOTAL"], ["Total Qty"], ["Total Rounding"], ["Rounding Total"],
              ["fotal AllerCRounding"], ["Total Discount"]):
        assert not _total_row(x), x


def test_a_date_read_from_a_rows_text_is_no_other_date():
    assert values_differ("date", "2020-02-20", "2020-02-21")
    assert not values_differ("date", "2017-11-07", "37COLLRIS ST MOLICURNE VIC ar Noveniber 2017")
    assert not values_differ("date", "2020-02-20", "2020-02-20")


def test_a_box_at_the_frames_edge():
    assert _at_edge((797, 50, 994, 99), (477, 1000))      # a date cut by a scan's crop
    assert not _at_edge((766, 185, 929, 241), (477, 1000))


def test_a_row_is_named_by_the_total_a_page_read_in_it():
    # SROIE: the total's label ("TOTAL AMOUNT") a row above its amount ("RM 6.00"), edited to
    # 46.00; each page's receipt rules read its own total
    a = PageItem("a", "a.png", 1, "png", "", "receipt", fields={"total": "6.00"})
    b = PageItem("b", "b.png", 1, "png", "", "receipt", fields={"total": "46.00"})
    assert _amount_field(a, b, "CASH RM 6.00", "CASH RM 46.00") == "total"
    assert _amount_field(a, b, "RM 6.00", "RM 6.00") is None       # the same amounts
    assert _amount_field(a, b, "MILO 18.90", "MILO 19.90") is None  # no field's value


def test_an_amount_read_alike_is_not_altered_by_a_blurred_photos_ink():
    from pipeline.compare.altered import judge

    eye = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    pa = PageItem("a", "a.jpg", 1, "jpg", "", "cheque", fields={"amount": "8800000.00"})
    pb = PageItem("b", "b.jpg", 1, "jpg", "", "cheque", fields={"amount": "8800000.00"})

    def ink(rest):  # two photos of one real cheque: its handwritten amount's ink at 0.48
        return {"fields": {"amount": 0.48}, "rects": {"amount": [770, 173, 970, 231]},
                "edge": [], "rest": rest, "local": [], "lines": [], "to_a": eye, "to_b": eye}

    assert judge(pa, pb, ("amount",), ink((0.867, 0.44)), True) == []
    got = judge(pa, pb, ("amount",), ink((0.95, 0.90)), True)   # the page agrees closely
    assert [d["field"] for d in got] == ["amount"]
