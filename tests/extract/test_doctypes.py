"""The doc type registry: what it lists, what it refuses, and that classification goes through it
with the same results as the two fixed rules it replaced."""
import json
from pathlib import Path

import pytest

from pipeline.document import line_from_dict
from pipeline.extract import doctypes
from pipeline.extract.classify import classify_page, classify_scored, page_scores
from pipeline.extract.doctypes import DocType, DuplicateDocType, FieldDef

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "tests" / "data" / "cheque_lines").glob("*.json"))


def fixture_lines(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    return data, [line_from_dict(d) for d in data["lines"]]


# ----------------------------------------------------------------------------- the registry

def test_lists_cheque_receipt_other_in_order():
    assert doctypes.names() == ("cheque", "receipt", "other")
    assert [dt.name for dt in doctypes.all_types()] == ["cheque", "receipt", "other"]
    assert doctypes.doc_type_choices() == ("auto", "cheque", "receipt", "other")
    assert doctypes.DOC_TYPE_CHOICES == ("auto", "cheque", "receipt", "other")


def test_what_each_doc_type_declares():
    cheque, receipt, other = (doctypes.get(n) for n in ("cheque", "receipt", "other"))
    assert (cheque.phrase, cheque.date_order, cheque.min_score) == ("a cheque", "mdy", 5.0)
    assert (receipt.phrase, receipt.date_order, receipt.min_score) == ("a receipt", "dmy", 5.0)
    assert (cheque.tag, receipt.tag) == ("rules:cheque", "rules:receipt")
    assert (other.phrase, other.fields, other.cues, other.score, other.extract) == (
        "a document page", (), (), None, None)
    assert tuple(cheque.variants) == ("us", "ca", "in_cts", "uk", "au", "gulf", "br", "tr", "tn",
                                      "ke", "lk")
    assert receipt.variants == {}
    assert len(cheque.cues) == 9 and len(receipt.cues) == 11
    assert cheque.pairs == (("amount", "amount_words"), ("cheque_number", "micr_serial"))
    assert [f.name for f in cheque.fields if f.digits] == [
        "cheque_number", "micr_routing", "micr_account", "micr_serial"]
    assert doctypes.find("nope") is None and doctypes.find(None) is None
    with pytest.raises(KeyError, match="unknown doc type 'nope'"):
        doctypes.get("nope")


def test_a_duplicate_name_fails_loudly():
    cheque = doctypes.get("cheque")
    with pytest.raises(DuplicateDocType, match="'cheque' is registered twice"):
        doctypes.register(DocType(name="cheque", phrase="another cheque"))
    assert doctypes.get("cheque") is cheque
    # discovering again imports nothing twice
    assert doctypes.discover() == ["cheque", "other", "receipt"]
    assert doctypes.names() == ("cheque", "receipt", "other")


@pytest.mark.parametrize("dt, msg", [
    (DocType(name="auto", phrase="x"), "snake_case and not 'auto'"),
    (DocType(name="Bad-Name", phrase="x"), "snake_case"),
    (DocType(name="t", phrase="x", date_order="ymd"), "date_order"),
    (DocType(name="t", phrase="x", fields=(FieldDef("a", "text", "a"),)), "no extractor"),
    (DocType(name="t", phrase="x", fields=(FieldDef("a", "colour", "a"),),
             extract=lambda *a: []), "unknown"),
    (DocType(name="t", phrase="x", fields=(FieldDef("a", "text", "a"), FieldDef("a", "text", "b")),
             extract=lambda *a: []), "declared twice"),
    (DocType(name="t", phrase="x", fields=(FieldDef("a", "text", "a"),), pairs=(("a", "b"),),
             extract=lambda *a: []), "does not declare"),
])
def test_a_doc_type_that_does_not_make_sense_is_refused(dt, msg):
    with pytest.raises(ValueError, match=msg):
        doctypes.register(dt)
    assert doctypes.names() == ("cheque", "receipt", "other")


# ----------------------------------------------------------------------------- classification

# pages and what they are: a doc type claims a page on the evidence of its own layout (a
# cheque: a pay line, a MICR line or an amount in words, with more of its layout; a receipt: a
# total with amounts, with more of its layout), never on a word or two
CASES = [
    (["Alan R. Whitfield", "First Harbor Bank", "1042", "DATE", "03/15/2026",
      "PAY TO THE ORDER OF", "Northwind Traders LLC", "$", "1,234.56",
      "One thousand two hundred thirty-four and 56/100 DOLLARS", "MEMO", "Invoice 2231",
      "AUTHORIZED SIGNATURE", "I:2384629991:98234092061042"], "cheque"),
    (["Cedar Valley Credit Union", "No. 318", "Main Street Branch", "Date", "March 5, 2026",
      "Pay", "Maria Gonzalez", "$87.50", "Eighty-seven and 50/100", "DOLLARS", "For",
      "Tutoring - February", "I:102585575I: 613992770 000318"], "cheque"),
    (["Pay to the order of", "Kenji Watanabe", "Four hundred sixty and 00/100", "$460.00"],
     "cheque"),
    # an Indian cheque: bearer line, rupees, /- figures, date boxes, IFSC, no MICR read
    (["State Bank of India", "IFSC: SBIN0001234", "D", "D", "M", "M", "Y", "Y", "Y", "Y",
      "Pay", "Anil Kumar", "OR BEARER", "RUPEES Five Thousand only", "5,000/-",
      "Please sign above"], "cheque"),
    (["SYARIKAT PERNIAGAAN GIN KEE", "GST REG NO: 000750727552", "TAX INVOICE",
      "Date: 25/12/2018 10:31", "QTY", "PRICE", "AMOUNT", "SAKURA KNIFE 1 7.50 7.50",
      "MUG 2 3.20 6.40", "Total Sales (Excluding GST): 13.11", "GST @6%: 0.79",
      "Total: 13.90", "CASH 20.00", "CHANGE 6.10", "THANK YOU"], "receipt"),
    (["Dear Ms. Lindqvist,", "Thank you for your letter of March 2."], "other"),
    # weak cues claim nothing
    (["pay to", "receipt", "total"], "other"),
    (["check", "dollars", "routing", "receipt", "cash"], "other"),
    (["memo", "cheque", "tax", "cash"], "other"),
    (["memo", "cheque", "total", "thank you"], "other"),
    # a photo of a US leaf as OCR read it: "PAY TO THE" read "FAY TO THE", "ORDER OF" garbled
    (["1025", "DATE", "12111 12019", "FAY TO THE", "OBLEB C4", "Poor People", "$ 999.00",
      "Hundred and Ninety Nine", "DOELAR5 B", "1000000000:", "1000000000:", "1025"], "cheque"),
    (["Fay to the river", "$ 999.00", "Hundred and Ninety Nine"], "other"),
    # a MICR band alone: a cheque where its routing number passes the check digit, else a cue
    (["⑆021000022⑆ 123456789⑈ 1001"], "other"),
    (["⑆021000021⑆ 123456789⑈ 1001"], "cheque"),
    ([], "other"),
    # a page number, a form's labels, a novel that writes an amount in words
    (["Learning to read cheques", "Abstract", "We read the amount written in words on 1,234",
      "cheques from twelve banks and pay attention to the signature line of each of them.",
      "Table 2: accuracy 0.95 0.97 0.98", "17"], "other"),
    (["APPLICATION FORM", "Name:", "Address:", "Account number:", "Signature:", "Date:",
      "Ref 004512", "Page 2 of 4"], "other"),
    (["CHAPTER XII", "He counted the coins twice: seven hundred and seventy-five",
      "dollars, and not a cent more. 'Pay me what you owe,' she said, 'to the order",
      "of the court, or I will sign nothing.' The cheque lay on the table, unsigned,",
      "dated the fourth of May, 1898.", "214"], "other"),
    # an invoice to be paid later, with its terms
    (["ACME Supplies Ltd", "INVOICE", "Invoice No: 2024-0117", "Bill to: Northwind Traders",
      "Qty Description Unit price Amount", "3 Toner cartridge 45.00 135.00",
      "Subtotal 178.00", "VAT 20% 35.60", "Total due 213.60",
      "Payment within 30 days to account 12345678, sort code 20-00-00"], "other"),
]


@pytest.mark.parametrize("texts, kind", CASES)
def test_classify_on_evidence(texts, kind):
    assert classify_page(texts) == kind
    doc_type, conf, scores = classify_scored(texts)
    assert doc_type == kind and 0.0 < conf <= 1.0
    if kind != "other":
        assert scores[kind] >= doctypes.get(kind).min_score


def test_classify_on_recorded_cheque_ocr():
    for path in FIXTURES:
        _, lines = fixture_lines(path)
        s = page_scores(lines)
        assert s["cheque"] >= 2 * doctypes.get("cheque").min_score > s["receipt"], path.stem
        assert classify_scored(lines)[:2] == ("cheque", pytest.approx(1 - 0.5 ** (s["cheque"] / 5), abs=1e-3))


def test_the_doc_type_row_says_how_sure():
    from pipeline.extract.fields import FieldOptions, extract_fields

    _, lines = fixture_lines(FIXTURES[0])
    doc_type, got = extract_fields(lines, 1600, 700, None, FieldOptions())
    row = next(f for f in got if f.name == "doc_type")
    assert (doc_type, row.value, row.extractor) == ("cheque", "cheque", "classify")
    assert 0.75 <= row.conf < 1.0 and row.message.startswith("scores cheque ")
    # chosen by hand: no such row
    _, got = extract_fields(lines, 1600, 700, None, FieldOptions(doc_type="cheque"))
    assert "doc_type" not in [f.name for f in got]


# ----------------------------------------------------------------------------- a new doc type

INVOICE_MODULE = '''
"""A throw-away doc type: an invoice, with its number as its one field."""
import re

from pipeline.extract.doctypes import DocType, FieldDef, register
from pipeline.extract.doctypes._cues import present
from pipeline.extract.types import Field

CUES = ((re.compile(r"\\binvoice\\s*no\\b", re.I), 8.0), (re.compile(r"\\bdue\\b", re.I), 1.0))
_NUMBER = re.compile(r"invoice\\s*no\\W*(\\S+)", re.I)


def score(texts):
    return present(CUES, "\\n".join(texts))


def extract(lines, width, height, image=None):
    for l in lines:
        m = _NUMBER.search(l.text)
        if m:
            return [Field("invoice_no", raw=l.text, value=m.group(1), type="text", conf=l.conf,
                          box=list(l.box), line_nos=[l.line_no], extractor="rules:invoice")]
    return [Field("invoice_no", raw=None, value=None, type="text", conf=0.0, status="missing",
                  extractor="rules:invoice")]


INVOICE = register(DocType(
    name="invoice", phrase="an invoice", cues=CUES, score=score,
    fields=(FieldDef("invoice_no", "text", "the invoice number, as printed"),),
    extract=extract, tag="rules:invoice", date_order="dmy"))
'''

INVOICE_LINES = ["INVOICE", "Orion Office Supply Co.", "Invoice No: INV-2026-0417",
                 "Item 1: Ergonomic office chair, 2 x $349.00 = $698.00", "Subtotal: $1,291.50",
                 "Sales tax (8.25%): $106.55", "Total Due: $1,398.05"]


def as_lines(texts):
    from pipeline.document import Line

    return [Line(text=t, conf=0.9, box=[(10, 30 * i), (400, 30 * i), (400, 30 * i + 20),
                                        (10, 30 * i + 20)], line_no=i)
            for i, t in enumerate(texts)]


@pytest.fixture
def invoice_type(tmp_path, monkeypatch):
    """An "invoice" doc type in a package of its own, found the way the built-in ones are,
    and taken out of the registry again afterwards."""
    import sys

    pkg = tmp_path / "extra_doctypes"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "invoice.py").write_text(INVOICE_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert doctypes.discover("extra_doctypes") == ["invoice"]
    yield doctypes.get("invoice")
    doctypes.unregister("invoice")
    for name in ("extra_doctypes.invoice", "extra_doctypes"):
        sys.modules.pop(name, None)


def test_a_new_doc_type_is_classified_and_extracted(invoice_type):
    from pipeline.extract import fields as fields_mod
    from pipeline.extract.fields import FieldOptions, extract_fields

    assert doctypes.names() == ("cheque", "receipt", "invoice", "other")
    assert doctypes.doc_type_choices() == ("auto", "cheque", "receipt", "invoice", "other")
    assert fields_mod.DOC_TYPES == doctypes.DOC_TYPE_CHOICES == doctypes.doc_type_choices()
    lines = as_lines(INVOICE_LINES)
    assert page_scores(lines) == {"cheque": 0.0, "receipt": 0.0, "invoice": 9.0}  # no sale at a till
    assert classify_page(lines) == "invoice"
    doc_type, got = extract_fields(lines, 800, 600, None, FieldOptions())
    assert doc_type == "invoice"
    assert [(f.name, f.value, f.line_nos, f.extractor) for f in got] == [
        ("invoice_no", "INV-2026-0417", [2], "rules:invoice"),
        ("doc_type", "invoice", [], "classify")]
    # chosen by hand, and with a user field after its own
    from pipeline.extract.custom import parse_field_option

    opts = FieldOptions(doc_type="invoice", custom=(parse_field_option("total:label=Total Due"),))
    doc_type, got = extract_fields(as_lines(["Invoice no 77", "Total Due: 12.00"]), 800, 600,
                                   None, opts)
    assert doc_type == "invoice"
    assert [(f.name, f.value, f.extractor) for f in got] == [
        ("invoice_no", "77", "rules:invoice"), ("total", "12.00", "custom")]


def test_a_removed_doc_type_is_gone(invoice_type):
    doctypes.unregister("invoice")
    try:
        assert doctypes.names() == ("cheque", "receipt", "other")
        assert classify_page(as_lines(INVOICE_LINES)) == "other"
    finally:
        doctypes.register(invoice_type)


# ----------------------------------------------------------------------------- the real doc types

def test_extractors_return_their_declared_fields_and_tag():
    from pipeline.extract.fields import DOC_TYPES, FieldOptions, extract_fields

    assert DOC_TYPES == ("auto", "cheque", "receipt", "other")
    data, lines = fixture_lines(FIXTURES[0])
    for name in ("cheque", "receipt"):
        dt = doctypes.get(name)
        doc_type, got = extract_fields(lines, data["width"], data["height"], None,
                                       FieldOptions(doc_type=name))
        assert doc_type == name
        n = len(dt.fields)
        assert [(f.name, f.type) for f in got[:n]] == [(f.name, f.type) for f in dt.fields]
        # then the page's own rows (a cheque's convention), no field a model would be asked for
        assert {f.name for f in got[n:]} <= {"convention", "micr_transaction"}
        assert {f.extractor for f in got} == {dt.tag}
    assert extract_fields(lines, data["width"], data["height"], None,
                          FieldOptions(doc_type="other")) == ("other", [])
    # a doc type no module declares (an older cache, a typo in a job file) has no fields
    assert extract_fields(lines, 1, 1, None, FieldOptions(doc_type="invoice")) == ("invoice", [])


# ----------------------------------------------------------------------------- what a model is asked

# the model's field lists as pipeline/vlm/fields.py spelled them before the registry
OLD_VLM_CHEQUE = {  # name: (type, what to read)
    "payee": ("text", "the payee: the name written after 'Pay to the order of'"),
    "amount": ("amount", "the amount in figures, as written in the amount box (e.g. 1,234.56)"),
    "amount_words": ("amount", "the amount written in words, exactly as written (e.g. 'One "
                               "thousand two hundred thirty-four and 56/100')"),
    "date": ("date", "the date of the cheque, as written"),
    "cheque_number": ("number", "the cheque number printed at the top right"),
    "bank_name": ("text", "the name of the bank the cheque is drawn on"),
    "memo": ("text", "the text on the memo (or 'for') line"),
    "micr_routing": ("text", "the 9-digit routing number in the MICR line at the bottom (between "
                             "the transit symbols), digits only"),
    "micr_account": ("text", "the account number in the MICR line at the bottom, digits only"),
    "micr_serial": ("text", "the cheque serial number in the MICR line at the bottom, digits only"),
    "signature_present": ("bool", "true when the cheque is signed (handwriting on the signature "
                                  "line), else false"),
    "currency": ("text", "the ISO 4217 code of the cheque's currency (e.g. USD)"),
}
OLD_VLM_RECEIPT = {
    "company": ("text", "the name of the shop or company that issued the receipt"),
    "date": ("date", "the date of the receipt, as printed"),
    "total": ("amount", "the total amount paid, as printed"),
    "address": ("text", "the address of the shop, as printed"),
    "currency": ("text", "the ISO 4217 code of the currency (e.g. MYR, USD)"),
}
OLD_DATE_ORDER = {"cheque": "mdy", "receipt": "dmy"}
OLD_DIGITS = {"micr_routing", "micr_account", "micr_serial", "cheque_number"}
OLD_PAIRS = [("amount", "amount_words"), ("cheque_number", "micr_serial")]


def test_vlm_catalogue_and_hints_are_unchanged():
    from pipeline.vlm import fields as vf

    for name, old in (("cheque", OLD_VLM_CHEQUE), ("receipt", OLD_VLM_RECEIPT)):
        cat = vf.catalogue(name)
        assert list(cat) == list(old)
        assert {k: v[:2] for k, v in cat.items()} == old
        assert all(v[2] is None for v in cat.values())
        assert doctypes.get(name).date_order == OLD_DATE_ORDER[name]
    assert vf.catalogue("other") == vf.catalogue(None) == vf.catalogue("nope") == {}
    assert vf._digit_names() == OLD_DIGITS
    assert vf._pairs() == OLD_PAIRS


def test_vlm_checks_come_from_the_field_declarations():
    from pipeline.vlm import fields as vf

    def norm(doc_type, name, raw):
        t, hint, spec = vf.catalogue(doc_type)[name]
        return vf.normalise(vf.Wanted(name, t, hint, None, spec), raw, doc_type)

    assert norm("cheque", "micr_routing", "0210-00021") == ("021000021", "ok", "")
    assert norm("cheque", "micr_routing", "021000022")[1:] == (
        "invalid", "routing number fails the ABA check digit")
    assert norm("cheque", "cheque_number", "No. 0042") == ("42", "unchecked", "")
    assert norm("cheque", "micr_serial", "0042") == ("0042", "unchecked", "")
    assert norm("cheque", "amount_words", "Eighty-seven and 50/100") == ("87.50", "unchecked", "")
    assert norm("cheque", "currency", "usd") == ("USD", "unchecked", "")
    assert norm("receipt", "currency", "RM")[1] == "invalid"
    assert norm("cheque", "date", "03/04/2026")[0] == "2026-03-04"   # month first
    assert norm("receipt", "date", "03/04/2026")[0] == "2026-04-03"  # day first
    assert norm("receipt", "total", "RM 8.20") == ("8.20", "unchecked", "")


def test_vlm_prompt_names_the_doc_type(invoice_type):
    from pipeline.vlm import fields as vf

    def first(doc_type):
        return vf.prompt([], doc_type).splitlines()[0]

    assert first("cheque").startswith("This image is a cheque. ")
    assert first("receipt").startswith("This image is a receipt. ")
    assert first("other").startswith("This image is a document page. ")
    assert first(None).startswith("This image is a document page. ")
    assert first("invoice").startswith("This image is an invoice. ")
    fields = invoice_type.extract(as_lines(["Total Due: 5.00"]), 800, 600, None)
    ws = vf.wanted(fields, "invoice", (), "missing", 0.8)
    assert [(w.name, w.type, w.hint) for w in ws] == [
        ("invoice_no", "text", "the invoice number, as printed")]
    merged = vf.merge(ws, {"invoice_no": "INV-9"}, fields, "invoice", "vlm:fake:m")
    assert [(f.name, f.value, f.extractor) for f in merged] == [
        ("invoice_no", "INV-9", "vlm:fake:m")]


# ----------------------------------------------------------------------------- real data, unchanged

GOLDEN = ROOT / "tests" / "data" / "cheque_lines_fields.json"
REGENERATE = "MMBATCH_GEN_TEST_DATA"


def _page_fields(path):
    """The fields of one fixture, through classification and the registry, as JSON-ready
    dicts: from its lines alone, and with the sample's image where there is one."""
    import numpy as np
    from PIL import Image

    from pipeline.extract.fields import FieldOptions, extract_fields

    data, lines = fixture_lines(path)
    out = {}
    images = {"without_image": None}
    if "#page=" not in data["source"]:
        with Image.open(ROOT / data["source"]) as im:
            images["with_image"] = np.asarray(im.convert("RGB"))
    for key, image in images.items():
        doc_type, got = extract_fields(lines, data["width"], data["height"], image, FieldOptions())
        out[key] = {"doc_type": doc_type, "fields": [
            dict(vars(f), box=[list(p) for p in f.box] if f.box else None) for f in got]}
    return out


def test_fields_of_recorded_cheque_ocr_are_unchanged():
    """Every field (value, raw, status, message, box, confidence, lines, tag) of the recorded
    OCR, with and without the page image, equals what was recorded in
    tests/data/cheque_lines_fields.json (MMBATCH_GEN_TEST_DATA=1 records it again)."""
    import os

    got = {p.stem: _page_fields(p) for p in FIXTURES}
    if os.environ.get(REGENERATE):
        rows = []
        for stem, runs in got.items():
            parts = []
            for key, run in runs.items():
                fields = ",\n".join("   " + json.dumps(f, ensure_ascii=False)
                                    for f in run["fields"])
                parts.append(f'  "{key}": {{"doc_type": "{run["doc_type"]}", "fields": [\n'
                             f"{fields}\n  ]}}")
            rows.append(f'"{stem}": {{\n' + ",\n".join(parts) + "\n}")
        GOLDEN.write_text("{\n" + ",\n".join(rows) + "\n}\n", encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(want) == sorted(got)
    assert sum(len(runs) for runs in want.values()) == 19  # 10 from lines, 9 with an image
    for stem in want:
        assert got[stem] == want[stem], stem
