"""A MICR band whose digits pass its convention's own check makes a page a cheque on its own: a
blurred or small capture often reads the band and little else (on the smaller and blurred
captures of the real development cheques, 8 of 60 pages were `other` for want of more evidence,
and a run wrote no cheque field for them). A band that only reads like one still needs more.

The page is the real sample cheque_01 with everything above its MICR band painted out, read by
the real OCR pipeline."""
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.extract.classify import classify_scored
from pipeline.extract.fields import FieldOptions, extract_fields
from pipeline.extract.micr_layouts import band_checked, tn_rib_valid

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_docs/cheques/cheque_01.png"
BAND_TOP = 600   # cheque_01's MICR band (⑆238462999⑆ 9823409206⑈ 1042) lies below this


@pytest.fixture(scope="module")
def band_only():
    from pipeline.api import ocr

    img = Image.open(SAMPLE).convert("RGB")
    ImageDraw.Draw(img).rectangle((0, 0, img.width, BAND_TOP), fill="white")
    arr = np.asarray(img)
    p = ocr(arr, no_fields=True)[0]
    return p.lines, p.width, p.height, arr


def test_only_the_band_is_read(band_only):
    texts = [l.text for l in band_only[0]]
    assert any("238462999" in t for t in texts), texts
    assert not any("pay" in t.lower() or "dollars" in t.lower() for t in texts), texts


def test_a_checked_band_alone_is_a_cheque(band_only):
    lines, w, h, img = band_only
    doc_type, conf, scores = classify_scored(lines)
    assert doc_type == "cheque", scores
    assert 0.0 < conf <= 0.6   # the least evidence that claims a page: a low confidence
    doc_type, fields = extract_fields(lines, w, h, img, FieldOptions())
    f = {x.name: x for x in fields}
    assert doc_type == "cheque"
    assert f["micr_routing"].value == "238462999" and f["micr_routing"].status == "ok"
    assert f["amount"].value is None and f["payee"].value is None


def test_a_band_whose_check_digit_fails_needs_more(band_only):
    texts = [l.text for l in band_only[0]]
    # the same reading with the routing number's check digit wrong: a band-like line only
    changed = [t.replace("238462999", "238462998") for t in texts]
    assert changed != texts
    assert classify_scored(changed)[0] == "other"


@pytest.mark.parametrize("text,others,want", [
    # US: a routing number between transit symbols, its check digit right, more digits after
    ("⑆238462999⑆ 9823409206⑈ 1042", [], "aba"),
    ("|:238462999|: 9823409206||' 1042", [], "aba"),
    ("⑆238462998⑆ 9823409206⑈ 1042", [], None),          # check digit wrong
    ("⑆238462999⑆", [], None),                           # nothing after it
    ("Routing 238462999 Account 9823409206", [], None),  # a form's labels, no symbols
    # India CTS-2010: every group whole and the city code the first digits of a PIN printed
    ("⑈120611⑈ 500015048⑆ 000123⑈ 31", ["Kompally - 500014"], "in_cts"),
    ("⑈120611⑈ 500015048⑆ 000123⑈ 31", ["Mumbai - 400001"], None),
    ("⑈120611⑈ 500015048⑆ 31", ["Kompally - 500014"], None),  # account id not read
    # ... or its bank part (015) the number of the bank the page names or whose IFSC it prints
    ("⑈120611⑈ 500015048⑆ 000123⑈ 31", ["Canara Bank"], "in_cts"),
    ("⑈120611⑈ 500015048⑆ 000123⑈ 31", ["IFSC:CNRB0002854"], "in_cts"),
    ("⑈120611⑈ 500015048⑆ 000123⑈ 31", ["State Bank of India"], None),
    # a grey photocopy of an SBI leaf: "State Bank of India" read "State Bank of led", the ⑆
    # after the code read "4"
    ("362255 1100020784 000313 10", ["State Bank of led"], "in_cts"),
    ("362255 1100020784 000313 10", ["Bank of India"], None),  # 013, not 002
    # Tunisia: the printed RIB, its key checked, alone on its line (a currency code after it)
    ("14 032 032 1827 00001 3 75 TND", [], "tn_rib"),
    ("14 032 032 1827 00001 3 75", [], "tn_rib"),
    ("14 032 032 1827 00001 3 76", [], None),            # key wrong
    ("RIB : 14 032 032 1827 00001 3 75", [], None),      # an invoice's payment block
])
def test_band_checked(text, others, want):
    assert band_checked(text, others) == want


def test_tn_rib_key():
    assert tn_rib_valid("14032032182700001375")
    assert not tn_rib_valid("14032602182700001375")   # a digit misread
    assert not tn_rib_valid("1403203218270000137")    # 19 digits
