"""Two receipts of one shop with the same items and total but another date are not duplicates:
every other pixel is the same, so the second is an altered copy naming the date; a rescan of
one of them is a duplicate."""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from compare_fixtures import read, rescan

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono{}.ttf"


def render_receipt(date: str) -> Image.Image:
    f, b = ImageFont.truetype(FONT.format(""), 26), ImageFont.truetype(FONT.format("-Bold"), 30)
    lines = [("GIN KEE TRADING SDN BHD", b), ("NO 290 JALAN AIR PANAS", f),
             ("53200 KUALA LUMPUR", f), ("TEL 03-4023 1234", f), ("", f), ("CASH RECEIPT", b),
             (f"DATE: {date}   TIME 10:42", f), ("RECEIPT NO: CS00012345", f), ("", f),
             ("MILO 1KG        2 x 15.90   31.80", f), ("SUGAR 1KG       1 x  2.85    2.85", f),
             ("BREAD           1 x  5.10    5.10", f), ("", f),
             ("TOTAL                      39.75", b), ("CASH                       50.00", f),
             ("CHANGE                     10.25", f), ("", f),
             ("THANK YOU, PLEASE COME AGAIN", f)]
    img = Image.new("RGB", (760, 60 + 42 * len(lines)), "white")
    d = ImageDraw.Draw(img)
    for k, (text, font) in enumerate(lines):
        d.text((40, 30 + 42 * k), text, fill="black", font=font)
    return img


def test_another_date_is_not_a_duplicate_but_a_rescan_is(tmp_path):
    from pipeline.compare.run import run_compare
    from pipeline.runners.driver import RunOptions

    docs = tmp_path / "docs"
    docs.mkdir()
    first = render_receipt("02/01/2018")
    first.save(docs / "january.png")
    render_receipt("09/04/2018").save(docs / "april.png")
    (docs / "january_rescan.jpg").write_bytes(rescan(first, 1.5, 0.9, 0.03, 0.9, seed=3))
    out = tmp_path / "out"
    s = run_compare([str(docs)], str(out), run=RunOptions(cache_dir=str(tmp_path / "cache"),
                                                          workers=1, quiet=True))
    rows = {frozenset((Path(r["path_a"]).name, Path(r["path_b"]).name)): r
            for r in read(out, "comparisons", s.run_id)}
    rescanned = rows[frozenset(("january.png", "january_rescan.jpg"))]
    assert rescanned["verdict"] == "duplicate", rescanned
    other_day = rows[frozenset(("january.png", "april.png"))]
    assert other_day["verdict"] == "altered", other_day
    # the text alone would have made it a duplicate; the date read on each page does not
    assert other_day["reason"].startswith("an altered copy") and "date" in other_day["reason"]
    d = next(d for d in other_day["differing_fields"] if d["field"] == "date")
    assert {d["value_a"], d["value_b"]} == {"2018-01-02", "2018-04-09"}
    assert other_day["score"] < 0.68
