"""Pages of PDFs that are no cheque and no receipt stay ``other``, read as a run reads them; the
cheques and receipts of the fixtures stay what they are.

* ``tests/data/pdf_page_lines/``: text-layer lines of other projects' test PDFs (a federal grant
  form, a VA claim form, a Chinese supermarket goods list), as mmbatch reads them;
* pages made here with PyMuPDF that print what a cheque or a receipt prints beside other things
  (a payslip, German invoices, a table with a total row, rows of figures, a bank statement, a
  programme with fees, a quotation, an order form, a pay-rate sheet), read through
  ``mmbatch.ocr`` (their text layer) as a run reads them.
"""
import json
from pathlib import Path

import pymupdf
import pytest

from pipeline.api import ocr
from pipeline.document import line_from_dict
from pipeline.extract.classify import classify_scored
from pipeline.extract.fields import FieldOptions, extract_fields

DATA = Path(__file__).resolve().parents[1] / "data"
PDF_PAGES = sorted((DATA / "pdf_page_lines").glob("*.json"))


def _fixture(path: Path):
    d = json.loads(path.read_text())
    return [line_from_dict(l) for l in d["lines"]], d["width"], d["height"]


@pytest.mark.parametrize("path", PDF_PAGES, ids=[p.stem for p in PDF_PAGES])
def test_other_projects_pdf_pages_stay_other(path):
    lines, w, h = _fixture(path)
    doc_type, conf, scores = classify_scored(lines)
    assert doc_type == "other", scores
    assert conf >= 0.9
    got, fields = extract_fields(lines, w, h, None, FieldOptions())
    # no field of a doc type; the classification's own row says "other", and how sure
    assert got == "other"
    assert [(f.name, f.value, f.conf, f.status, f.extractor) for f in fields] == [
        ("doc_type", "other", conf, "unchecked", "classify")]
    assert fields[0].message == "scores " + ", ".join(
        f"{k} {v:g}" for k, v in sorted(scores.items()))


# what such pages print (their own words, made up here)
MADE = {
    "payslip": ["ACME Corporation", "Earnings Statement", "Employee: Dana Whitlock  ID 00417",
                "Pay Period: 04/01/2025 - 04/15/2025", "Pay Date: 04/18/2025",
                "Description Hours Rate Current YTD", "Regular 80.00 31.00 2,480.00 17,360.00",
                "Overtime 4.00 46.50 186.00 930.00", "Gross Pay $2,666.00",
                "Federal Income Tax 319.92", "Social Security 165.29", "Medicare 38.66",
                "Total Deductions 523.87", "Net Pay $2,142.13", "Employee Signature"],
    "german_invoice": ["Lindenhof Software GmbH", "Am Lindenhof 4, 04109 Leipzig", "Rechnung",
                       "Rechnungsnummer: 2025-0311", "Datum: 11.03.2025",
                       "Pos. Bezeichnung Menge Einzelpreis Gesamt", "1 Wartung 6 110,00 660,00",
                       "2 Lizenz 1 240,00 240,00", "Nettobetrag 900,00 EUR",
                       "zzgl. 19% MwSt 171,00 EUR", "Total 1.071,00 EUR",
                       "Zahlbar innerhalb von 14 Tagen ohne Abzug"],
    "table_total": ["Table 3. Sales by quarter (EUR thousands)", "Quarter 2023 2024",
                    "Q1 41.20 44.05", "Q2 38.75 40.10", "Q3 45.60 47.25", "Q4 52.15 55.30",
                    "Total 177.70 186.70", "Source: annual report"],
    "figures": ["Members' report 2025", "Three-year summary (USD)", "Year Income Costs Surplus",
                "2022 2,115,400 1,904,250 211,150", "2023 2,240,800 1,995,600 245,200",
                "2024 2,391,050 2,102,975 288,075", "Fee per member $ 12.50",
                "Approved by the committee", "Treasurer's signature"],
    "statement": ["Statement of account", "Opening balance 2,310.00", "Card payment ALDI 61.35",
                  "Cash withdrawal 200.00", "Cheque No. 000417 120.00", "Closing balance 1,928.65",
                  "Total debits 381.35", "Total credits 0.00"],
    "programme": ["Programme", "09:30 Registration", "11:00 Coffee break", "12:30 Lunch",
                  "Workshop fee 120.00 EUR", "Dinner 40.00 EUR", "Total 160.00 EUR",
                  "Cash or card at the desk"],
    "quotation": ["Harbor Furniture Inc.", "QUOTATION", "Quote No. Q-7731",
                  "Item Qty Unit Price Amount", "Bookcase 2 180.00 360.00",
                  "Lamp 3 35.00 105.00", "Subtotal 465.00", "Sales tax 7% 32.55", "Total 497.55",
                  "This quotation is valid for 30 days"],
    "order_form": ["ORDER FORM", "Ship to:", "Qty Item Price", "2 Cap 12.00", "1 Poster 9.50",
                   "Shipping 4.00", "Total 37.50", "Pay by check payable to the club",
                   "Signature"],
    # the order clause on one line of a payment notice ("chèque à l'ordre de"), and a sum in
    # words inside a sentence: neither is a cheque's evidence
    "french_notice": ["Atelier Martin SARL", "Facture N° 2025-118", "Date : 12/03/2025",
                      "Total TTC 1.440,00 EUR",
                      "Règlement par chèque à l'ordre de Atelier Martin",
                      "Mille quatre cent quarante euros", "Signature"],
    "letter_sum": ["Dear Mr. Hale,", "Pay", "As agreed, he paid seven hundred and seventy-five "
                   "dollars for the old horse in town", "Yours sincerely,", "Signature"],
    "pay_rates": ["Pay scales 2025", "Pay Rate 28.00 per hour", "Pay Grade 6",
                  "Thirty-two dollars", "Allowance $ 1,150.00", "Approved by", "Signature"],
}


def _pdf(texts) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i, t in enumerate(texts):
        page.insert_text((50, 60 + 22 * i), t, fontsize=11)
    return doc.tobytes()


@pytest.mark.parametrize("name", sorted(MADE))
def test_made_pdf_pages_are_no_cheque_and_no_receipt(name):
    pages = ocr(_pdf(MADE[name]))
    assert len(pages) == 1 and pages[0].source == "text_layer"
    p = pages[0]
    assert p.doc_type == "other", classify_scored(p.lines)[2]
    assert not [f for f in p.fields if f.status == "ok"]


@pytest.mark.parametrize("path, kind", [
    *[(p, "cheque") for p in sorted((DATA / "cheque_lines").glob("*.json"))],
    # leaves of Brazil, Turkey, Tunisia and Kenya in their languages (Pague por este cheque,
    # Bu çek karşılığında ... veya hamiline, Payez contre ce chèque, KSh)
    *[(p, "cheque") for p in sorted((DATA / "cheque_lines_synth_intl").glob("*.json"))],
    # leaves whose amount box reads no sign: their amount in words over nine words ("Yalnız
    # beş bin üç yüz altmış beş TL yirmi dokuz kuruş", "One hundred twenty-three thousand
    # seventy-eight shillings only"), or the order clause under the pay instruction ("Bu çek
    # karşılığında" / "Emrine" / "veya hamiline"; "Payez contre ce chèque ..." / "à l'ordre de");
    # British leaves whose MICR and words OCR garbled: "Pay", "£ *9.99*" and "Pounds" printed
    # after the words' box (anglo_fresh8_0007, anglo_fresh8_0016)
    *[(p, "cheque") for p in sorted((DATA / "cheque_lines_classify").glob("*.json"))],
    *[(p, "receipt") for p in sorted((DATA / "receipt_lines").glob("sroie_*.json"))],
], ids=lambda v: v.stem if isinstance(v, Path) else v)
def test_cheques_and_receipts_stay_what_they_are(path, kind):
    d = json.loads(path.read_text())
    assert classify_scored([l["text"] for l in d["lines"]])[0] == kind
