"""Rules of the altered-copy check that need no model: which row is a total's, what a date
read from a row's text is, which boxes lie at the frame's edge."""
from __future__ import annotations

from pipeline.compare.aligned import _at_edge
from pipeline.compare.altered import _total_row, values_differ


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
