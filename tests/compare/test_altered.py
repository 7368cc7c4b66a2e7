"""Captures across channels and altered copies, on real files through a real compare run:

- cheque_02 (a sample cheque) and a photo of it made here: the cheque lying on a table, turned,
  seen in perspective, shadowed, JPEG q50 (the document is found and straightened, then the two
  are the same cheque);
- cheque_02 drawn again by the sample generator with its payee washed and another written in,
  every other pixel the same: ``altered``, naming the payee;
- tests/data/receipt_shop.jpg and a copy whose total was painted over and another number drawn:
  ``altered``, naming the total;
- the receipt drawn again with another TOTAL in its own font (82.55 -> 62.58: an 8 for a 6 and
  a 5 for an 8 correlate well, and the receipt rules read no total on the edited page), against
  the receipt and a rescan of it (0.8x, turned 0.6 degrees, JPEG q45): ``altered`` naming the
  total; the rescan and the receipt stay a ``duplicate``;
- the receipt drawn again with one digit of its TOTAL changed (82.55 -> 82.85), against the
  rescan: ``altered`` naming the total (the line's ink, registered, does not agree well enough
  for the two readings to be one misread);
- the receipt drawn again with 62.55 for its TOTAL (a 6 for an 8: the ink agrees at 0.96), against
  the receipt and the rescan: ``altered`` naming the total (the lines read again constrained to
  an amount each hold their own);
- cheque_02 at 476 px, yellow, photographed dim on green cloth, against its scan: a duplicate.
"""
from __future__ import annotations

import io
from dataclasses import replace

import cv2
import numpy as np
import pytest
from compare_fixtures import CHEQUES, make_samples, pair, read
from PIL import Image, ImageDraw, ImageFont

from pipeline.ingest import dewarp

DATA = CHEQUES.parents[1] / "tests" / "data"
TOTAL_BOX = (521, 642, 592, 672)  # the TOTAL amount on receipt_shop.jpg (make_receipt_fixture.py)


def photograph(img: Image.Image, seed: int = 3) -> bytes:
    """The page on a wooden table at 0.7 of the frame, turned 4 degrees, in perspective, a soft
    shadow over one corner, JPEG q50."""
    rng = np.random.default_rng(seed)
    a = np.asarray(img.convert("RGB"), np.float32)
    h, w = a.shape[:2]
    W, H = int(w / 0.7), int(max(h / 0.7, w / 0.7 * 0.6))
    ang = np.radians(4.0)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    rot = (src - [w / 2, h / 2]) @ np.array([[np.cos(ang), np.sin(ang)],
                                             [-np.sin(ang), np.cos(ang)]])
    dst = np.float32(rot + [W / 2, H / 2] + np.array([[-20, 10], [25, -15], [10, 20], [-15, -10]]))
    m = cv2.getPerspectiveTransform(src, dst)
    page = cv2.warpPerspective(a, m, (W, H))
    cover = cv2.warpPerspective(np.ones((h, w), np.float32), m, (W, H))[..., None]
    y, x = np.mgrid[0:H, 0:W].astype(np.float32)
    wood = (np.sin(x * 0.03 + 3 * np.sin(y * 0.006)) * 12 + rng.normal(0, 5, (H, W)))[..., None]
    table = np.clip(np.array([120, 80, 50], np.float32) + wood, 0, 255)
    out = page * cover + table * (1 - cover)
    shadow = 1 - 0.3 / (1 + np.exp(-((x - 0.8 * W) + (y - 0.8 * H)) / (0.03 * W)))
    out = out * shadow[..., None]
    buf = io.BytesIO()
    Image.fromarray(np.clip(out, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=50)
    return buf.getvalue()


def rendered_cheque_02(payee=None) -> Image.Image:
    ms = make_samples()
    sp = next(s for s in ms.build_specs() if s.stem == "cheque_02")
    if payee:
        sp = replace(sp, payee=payee)
    img, _ = ms.render_cheque(sp)
    r = np.random.default_rng(sp.seed + 1000)
    img = ms.scan_effects(img, r, angle=sp.angle, blur=0.6, noise=2.5)
    return img.convert("L") if sp.gray else img


def rescanned_receipt() -> bytes:
    im = Image.open(DATA / "receipt_shop.jpg").convert("L")
    im = im.resize((int(im.size[0] * 0.8), int(im.size[1] * 0.8)), Image.LANCZOS)
    im = im.rotate(0.6, resample=Image.BICUBIC, expand=True, fillcolor=240)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=45)
    return buf.getvalue()


def redrawn_receipt(total: str) -> Image.Image:
    from make_receipt_fixture import draw

    return draw(total)[0].convert("L")


def edited_receipt() -> Image.Image:
    img = Image.open(DATA / "receipt_shop.jpg").convert("RGB")
    d = ImageDraw.Draw(img)
    x0, y0, x1, y1 = TOTAL_BOX
    d.rectangle([x0, y0, x1, y1], fill=(246, 246, 246))
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf", 22)
    d.text((x1 - 2 - d.textlength("89.15", font=font), y0), "89.15", fill=(30, 30, 30), font=font)
    return img


@pytest.fixture(scope="module")
def channel_run(tmp_path_factory):
    from pipeline.compare.run import run_compare
    from pipeline.runners.driver import RunOptions

    base = tmp_path_factory.mktemp("channels")
    docs = base / "docs"
    docs.mkdir()
    (docs / "cheque_02.jpg").write_bytes((CHEQUES / "cheque_02.jpg").read_bytes())
    (docs / "cheque_02_photo.jpg").write_bytes(photograph(Image.open(CHEQUES / "cheque_02.jpg")))
    rendered_cheque_02().save(docs / "cheque_02_drawn.png")
    rendered_cheque_02("Marcus Bell").save(docs / "cheque_02_payee_washed.png")
    (docs / "receipt.jpg").write_bytes((DATA / "receipt_shop.jpg").read_bytes())
    edited_receipt().save(docs / "receipt_total_edited.png")
    redrawn_receipt("62.58").save(docs / "receipt_total_same_font.png")
    redrawn_receipt("82.85").save(docs / "receipt_total_one_digit.png")
    redrawn_receipt("62.55").save(docs / "receipt_total_6_for_8.png")
    (docs / "receipt_rescan.jpg").write_bytes(rescanned_receipt())
    Image.fromarray(photo_on_cloth(small_yellow_cheque(), 1)).save(docs / "cheque_02_cloth.jpg",
                                                                   quality=60)
    run = RunOptions(cache_dir=str(base / "cache"), workers=1, quiet=True)
    s = run_compare([str(docs)], str(base / "out"), run=run)
    return (read(base / "out", "comparisons", s.run_id), read(base / "out", "groups", s.run_id),
            base / "out")


def test_the_photo_is_found_and_straightened_and_scans_are_left_alone():
    photo = np.asarray(Image.open(io.BytesIO(photograph(Image.open(CHEQUES / "cheque_02.jpg")))))
    c = dewarp.find(photo)
    assert c is not None
    w, h = Image.open(CHEQUES / "cheque_02.jpg").size
    assert abs(c.size[0] / c.size[1] - w / h) < 0.08  # the cheque's own proportions
    for p in sorted(CHEQUES.iterdir()):  # scans filling the frame: untouched
        assert dewarp.find(np.asarray(Image.open(p).convert("RGB"))) is None, p.name
    assert dewarp.find(np.asarray(Image.open(DATA / "receipt_shop.jpg").convert("RGB"))) is None


def small_yellow_cheque() -> Image.Image:
    """cheque_02 at 476 px wide (as small as a real bank cheque of the development set), its
    body (between the header and the MICR band) yellow security paper."""
    im = Image.open(CHEQUES / "cheque_02.jpg").convert("RGB")
    im = im.resize((476, round(im.size[1] * 476 / im.size[0])), Image.LANCZOS)
    a = np.asarray(im, np.float32) / 255.0
    h = a.shape[0]
    a[int(0.25 * h):int(0.8 * h)] *= np.array([1.0, 0.8, 0.55], np.float32)
    return Image.fromarray((a * 255).clip(0, 255).astype(np.uint8))


def photo_on_cloth(img: Image.Image, seed: int) -> np.ndarray:
    """The page at 0.75 of the frame's width on green cloth, turned 5 degrees, in a little
    perspective, dim light falling off to the corners, JPEG q50."""
    rng = np.random.default_rng(seed)
    a = np.asarray(img.convert("RGB"), np.float32)
    h, w = a.shape[:2]
    W, H = int(w / 0.75), int(h / 0.75 * 1.6)
    t = np.radians(5.0)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    rot = (src - [w / 2, h / 2]) @ np.array([[np.cos(t), np.sin(t)], [-np.sin(t), np.cos(t)]])
    dst = np.float32(rot + [W / 2, H / 2] + np.array([[-8, 4], [10, -6], [4, 8], [-6, -4]]))
    m = cv2.getPerspectiveTransform(src, dst)
    page = cv2.warpPerspective(a, m, (W, H))
    cover = cv2.warpPerspective(np.ones((h, w), np.float32), m, (W, H))[..., None]
    cloth = np.clip(np.array([65, 110, 80], np.float32) + rng.normal(0, 6, (H, W))[..., None],
                    0, 255)
    out = page * cover + cloth * (1 - cover)
    y, x = np.mgrid[0:H, 0:W].astype(np.float32)
    out *= 0.58 * (1 - 0.35 * ((x / W - 0.5) ** 2 + (y / H - 0.5) ** 2))[..., None]
    buf = io.BytesIO()
    Image.fromarray(np.clip(out, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=50)
    return np.asarray(Image.open(buf))


def test_a_small_yellow_cheque_photographed_on_cloth_is_found():
    # dim, yellow paper is no brighter-and-greyer region than green cloth: it is found by how
    # far its colour is from the cloth's
    img = small_yellow_cheque()
    assert dewarp.find(np.asarray(img)) is None  # the cheque itself fills its frame
    for seed in range(3):
        c = dewarp.find(photo_on_cloth(img, seed))
        assert c is not None, seed
        assert abs(c.size[0] / c.size[1] - img.size[0] / img.size[1]) < 0.1, (seed, c.size)


def test_ocr_of_a_photo_reads_the_straightened_page_in_original_coordinates():
    from pipeline.api import default_ocr

    photo = np.asarray(Image.open(io.BytesIO(photograph(Image.open(CHEQUES / "cheque_02.jpg")))))
    lines = dewarp.ocr_photo(default_ocr(), photo)
    assert lines.dewarp is not None and len(lines) >= 8
    quad = dewarp.find(photo).corners.astype(np.float32)
    for ln in lines:  # every box lies on the cheque, in the photo's own pixels
        for x, y in ln.box:
            assert cv2.pointPolygonTest(quad, (float(x), float(y)), True) > -15, (ln.text, ln.box)


def test_a_photographed_cheque_matches_its_scan(channel_run):
    rows, groups, _ = channel_run
    r = pair(rows, "cheque_02.jpg", "cheque_02_photo.jpg")
    assert r["verdict"] == "duplicate", r["reason"]
    assert r["differing_fields"] is None


def test_a_small_cheque_photographed_on_cloth_matches_its_scan(channel_run):
    # 476 px wide, yellow, dim, on green cloth: its MICR line is read with the transit symbols
    # on both sides of the routing number as digits and routing and account swapped; its ink,
    # registered, agrees with the scan's
    rows, _, _ = channel_run
    r = pair(rows, "cheque_02.jpg", "cheque_02_cloth.jpg")
    assert r["verdict"] == "duplicate", r["reason"]
    assert r["differing_fields"] is None


def test_a_washed_payee_is_altered_naming_the_payee(channel_run):
    rows, groups, _ = channel_run
    for other in ("cheque_02.jpg", "cheque_02_drawn.png", "cheque_02_photo.jpg"):
        r = pair(rows, other, "cheque_02_payee_washed.png")
        assert r["verdict"] == "altered", (other, r["reason"])
        names = [d["field"] for d in r["differing_fields"]]
        assert "payee" in names, (other, r["differing_fields"])
        d = next(d for d in r["differing_fields"] if d["field"] == "payee")
        washed = d["value_a"] if r["path_a"].endswith("washed.png") else d["value_b"]
        assert washed == "Marcus Bell"
        assert r["reason"].startswith("ALTERED CHEQUE: the same MICR")
    # the altered copy is in no duplicate group with the original
    dup = {}
    for g in groups:
        if g["kind"] == "duplicate":
            dup.setdefault(g["group_id"], set()).add(g["path"].rsplit("/", 1)[-1])
    assert not any({"cheque_02.jpg", "cheque_02_payee_washed.png"} <= m for m in dup.values())
    assert any({"cheque_02.jpg", "cheque_02_drawn.png"} <= m for m in dup.values())


def test_an_edited_receipt_total_is_altered_naming_the_total(channel_run):
    rows, _, _ = channel_run
    r = pair(rows, "receipt.jpg", "receipt_total_edited.png")
    assert r["verdict"] == "altered", r["reason"]
    d = next(d for d in r["differing_fields"] if d["field"] == "total")
    assert {d["value_a"], d["value_b"]} == {"82.55", "89.15"}, d


def test_a_total_edited_in_the_same_font_is_altered_and_a_rescan_is_not(channel_run):
    rows, _, _ = channel_run
    for other in ("receipt.jpg", "receipt_rescan.jpg"):
        r = pair(rows, other, "receipt_total_same_font.png")
        assert r["verdict"] == "altered", (other, r["reason"])
        d = next(d for d in r["differing_fields"] if d["field"] == "total")
        assert {d["value_a"], d["value_b"]} == {"82.55", "62.58"}, (other, d)
    r = pair(rows, "receipt.jpg", "receipt_rescan.jpg")
    assert r["verdict"] == "duplicate", r["reason"]


def test_one_digit_of_a_total_edited_in_the_same_font_is_altered(channel_run):
    rows, _, _ = channel_run
    r = pair(rows, "receipt_rescan.jpg", "receipt_total_one_digit.png")
    assert r["verdict"] == "altered", r["reason"]
    d = next(d for d in r["differing_fields"] if d["field"] == "total")
    assert {d["value_a"], d["value_b"]} == {"82.55", "82.85"}, d


def test_one_digit_whose_ink_agrees_with_the_old_one_is_altered(channel_run):
    # 62.55 for 82.55 in the receipt's font: the TOTAL line's ink correlates 0.96 with the
    # original's, as the same ink read two ways does; read again constrained to an amount,
    # each page holds its own amount, with the other's nowhere near
    rows, _, _ = channel_run
    for other in ("receipt.jpg", "receipt_rescan.jpg"):
        r = pair(rows, other, "receipt_total_6_for_8.png")
        assert r["verdict"] == "altered", (other, r["reason"])
        d = next(d for d in r["differing_fields"] if d["field"] == "total")
        assert {d["value_a"], d["value_b"]} == {"82.55", "62.55"}, (other, d)


def test_an_altered_pair_never_joins_one_duplicate_group():
    from pipeline.compare.groups import components

    # 0-1 and 1-2 are duplicates, but 0-2 is an altered pair: 2 stays out of 0's group
    groups = components(4, np.array([0, 1]), np.array([1, 2]), apart=(np.array([0]), np.array([2])))
    assert groups == [[0, 1]]
    assert components(4, np.array([0, 1]), np.array([1, 2])) == [[0, 1, 2]]


def test_the_report_shows_altered_pairs_first_the_altered_cheque_first(channel_run):
    from pipeline.report.load import load
    from pipeline.report.view import build_view

    _, _, out = channel_run
    view = build_view(load(out))
    kinds = [g["kind"] for g in view.groups]
    n = kinds.count("altered")
    assert n >= 4 and kinds[:n] == ["altered"] * n  # 3 payee pairs and the receipt, first
    assert view.groups[0]["micr"] and not view.groups[n - 1]["micr"]  # the cheques first
    assert view.summary["stats"]["altered_pairs"] == n
