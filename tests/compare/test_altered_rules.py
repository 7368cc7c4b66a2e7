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


def test_a_total_whose_ink_stands_apart_from_the_pages_lines_is_altered():
    # SROIE receipt_035 (the channels bench, held part): its total 8.20 drawn again as 18.20 over
    # the last letter of its label, read "Total Amoun8.20" (8.20) on the edited page; a photo of
    # the receipt against a rescan of the edited copy, registered: the total's box at 0.87, its
    # line at 0.79, where the page's lines agree 0.94-0.995 (their 10th percentile 0.956)
    from pipeline.compare.altered import judge

    eye = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    pa = PageItem("a", "a.jpg", 1, "jpg", "", "receipt", fields={"total": "8.20"})
    pb = PageItem("b", "b.jpg", 1, "jpg", "", "receipt", fields={"total": "8.20"})
    page = [[40, 40 + 30 * k, 400, 64 + 30 * k, 0.94 + 0.0015 * k] for k in range(38)]

    def ink(field, line):
        total = [[250, 370, 458, 398, line], [280, 405, 458, 430, 0.814]]
        return {"fields": {"total": field}, "rects": {"total": [363, 364, 458, 404]},
                "edge": [], "rest": (0.9646, 0.8092), "local": [], "lines": page + total,
                "to_a": eye, "to_b": eye}

    got = judge(pa, pb, ("total",), ink(0.8708, 0.792), False, same_text=True)
    assert [(d["field"], d["ink_score"]) for d in got] == [("total", 0.792)]
    # a capture of the same receipt: its total's box and line at 0.90-0.93, as a blurred photo's
    # ink agrees there; within 0.15 of the page's lines, no difference
    assert judge(pa, pb, ("total",), ink(0.93, 0.90), False, same_text=True) == []
