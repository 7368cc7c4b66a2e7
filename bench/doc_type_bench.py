"""Page classification: which pages are called cheques or receipts, and which cheque fields come
out `ok` on pages that are no cheque.

    python bench/doc_type_bench.py [--peer ../shared/eval/peer-dev] [--real-lines C] [--sroie-lines C]
                                   [--before REV]
    python bench/doc_type_bench.py --pdf-dir DIR [DIR...] --lines-cache C [--part A|B|all]
                                   [--max-pages 5] [--before REV] [-v]

Sets (each page has the type it should get):

* made here with PyMuPDF (no cheque, no receipt): an invoice, a paper page with a page number,
  a form, a novel's page that writes numbers in words, a bank statement, a price list, and
  pages that print some of a cheque's or a receipt's labels (a payslip, a grant budget form,
  German and French invoices, tables with a total row or rows of figures, a quotation, a tax
  form and a tax return, a deposit slip, an order form, a pay-rate sheet, a utility bill, a
  cheque register, a programme with fees, a bank statement);
* the text-layer pages of the peer-dev PDFs (``--peer``; papers, forms, a novel): `other`;
* recorded OCR lines of real cheques (``--real-lines``, the cache of fields_real_cheques.py):
  `cheque`; of SROIE receipts (``--sroie-lines``, NNN.json as fields_sroie.py keeps them):
  `receipt`.

For every page not meant to be a cheque the cheque extractor is also run, and its `ok` values
counted: there should be none. ``--before REV`` runs the same with the code of REV.

``--pdf-dir`` measures other projects' test PDFs instead (none of them a cheque or a receipt):
every PDF under the folders, its first ``--max-pages`` pages read as a run reads them (the text
layer where it passes its checks, OCR where not; ``process_document``), the lines kept under
``--lines-cache`` (one JSON per file, by content hash and page cap; empty it when the reading
of pages or the OCR changes) so that a rerun, ``--before`` included, only classifies and
extracts. The files, sorted by their path under the folder's name, alternate between part A
(develop: 1st, 3rd ...) and part B (held back: 2nd, 4th ...); ``--part`` picks which is printed.
Prints pages, pages per doc type, cheque and receipt fields `ok`, documents that gave an error
row, and the worst offenders (pages called a cheque or a receipt, most confident first, with the
scores and the kinds of evidence that decided).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import List, Tuple

from _revision import at_revision, run_bench_at

ROOT = Path(__file__).resolve().parents[1]

GENERATED = {
    "invoice": ["ACME Supplies Ltd", "12 Harbour Road, Leeds LS1 4AB", "INVOICE",
                "Invoice No: 2024-0117", "Date: 14 March 2024", "Bill to: Northwind Traders",
                "Qty Description Unit price Amount", "3 Toner cartridge 45.00 135.00",
                "2 Paper A4 box 21.50 43.00", "Subtotal 178.00", "VAT 20% 35.60",
                "Total due 213.60", "Payment within 30 days to account 12345678, sort code 20-00-00",
                "Thank you for your business"],
    "paper": ["Learning to read handwritten amounts", "Jane Doe, John Roe", "Abstract",
              "We study the recognition of courtesy amounts on bank cheques and the legal",
              "amount written in words. Our model reads 1,234 cheques from 12 banks.",
              "1 Introduction", "Cheque processing remains a task where accuracy matters;",
              "the amount of $ 1,000 is written as one thousand dollars and 00/100.",
              "Table 2: accuracy 0.95 0.97 0.98", "Pay attention to the signature line.", "17"],
    "form": ["APPLICATION FORM", "Name:", "Address:", "Date of birth: DD/MM/YYYY",
             "Account number:", "Signature:", "Date:", "For office use only", "Ref 004512",
             "Please return this form to the order office", "Page 2 of 4"],
    "novel": ["CHAPTER XII", "He counted the coins twice: seven hundred and seventy-five",
              "dollars, and not a cent more. 'Pay me what you owe,' she said, 'to the order",
              "of the court, or I will sign nothing.' The cheque lay on the table, unsigned,",
              "dated the fourth of May, 1898.", "214"],
    "statement": ["First Union Bank", "Statement of account", "Account number 000123456789",
                  "Period 01/02/2024 - 29/02/2024", "Date Description Debit Credit Balance",
                  "02/02 Cheque 101 250.00 4,750.00", "05/02 Salary 3,200.00 7,950.00",
                  "11/02 Cheque 102 75.25 7,874.75", "Closing balance 7,874.75", "Page 1 of 2"],
    "prices": ["Spring price list", "Item Price", "Chair 45.00", "Table 120.00", "Lamp 19.99",
               "Rug 89.50", "Prices include tax", "Valid until 30 June 2024", "Page 3"],
    # a payslip, a grant budget form, German invoices, a table with a total row, a quotation, rows
    # of figures (read like a MICR line), a tax form, a deposit slip, an order form, a pay-rate
    # sheet: each prints some of what a cheque or a receipt prints
    "payslip": ["ACME Corporation", "Earnings Statement", "Employee: John Smith  ID 00417",
               "Pay Period: 03/01/2024 - 03/15/2024", "Pay Date: 03/20/2024",
               "Description Hours Rate Current YTD", "Regular 80.00 25.00 2,000.00 12,000.00",
               "Overtime 5.00 37.50 187.50 937.50", "Gross Pay $2,187.50",
               "Federal Income Tax 262.50", "Social Security 135.63", "Medicare 31.72",
               "Total Deductions 429.85", "Net Pay $1,757.65",
               "Direct deposit to account ****4321", "Employee Signature"],
    "budget_form": ["SECTION B - BUDGET CATEGORIES", "Object Class Categories",
                   "a. Personnel $ 45,000.00", "b. Fringe Benefits $ 12,150.00",
                   "c. Travel $ 3,200.00", "d. Equipment $ 0.00", "e. Supplies $ 1,850.00",
                   "i. Total Direct Charges $ 62,200.00", "j. Indirect Charges $ 9,330.00",
                   "k. TOTALS $ 71,530.00", "Authorized for Local Reproduction",
                   "Signature of Authorized Certifying Official", "Date Signed",
                   "Standard Form 424A (Rev. 7-97)"],
    "rechnung": ["Muster GmbH", "Musterstraße 1, 10115 Berlin", "Rechnung",
                "Rechnungsnummer: 2024-117", "Datum: 14.03.2024",
                "Pos. Bezeichnung Menge Einzelpreis Gesamt", "1 Beratung 8 95,00 760,00",
                "2 Reisekosten 1 120,00 120,00", "Nettobetrag 880,00 EUR",
                "zzgl. 19% MwSt 167,20 EUR", "Gesamtbetrag 1.047,20 EUR", "Total 1.047,20 EUR",
                "Zahlbar innerhalb von 14 Tagen ohne Abzug", "Vielen Dank für Ihren Auftrag"],
    "rechnung2": ["Beispiel AG", "Rechnung Nr. 4711", "Datum 02.05.2023",
                 "Artikel Menge Preis Summe", "Papier A4 10 4,50 45,00", "Toner 2 39,90 79,80",
                 "Zwischensumme 124,80", "MwSt. 19% 23,71", "Gesamtsumme 148,51",
                 "Bankverbindung: Sparkasse, IBAN DE12 5001 0517 0648 4898 90",
                 "USt-IdNr.: DE123456789"],
    "fin_table": ["Table 4. Revenue by region (USD millions)", "Region 2021 2022 2023",
                 "North 12.50 13.75 14.20", "South 8.40 9.10 9.95", "East 7.25 7.80 8.10",
                 "Total 28.15 30.65 32.25", "Source: company filings"],
    "quote": ["Northwind Traders Inc.", "QUOTATION", "Quote No. Q-2291",
             "Item Qty Unit Price Amount", "Desk 2 150.00 300.00", "Chair 4 45.00 180.00",
             "Subtotal 480.00", "Sales tax 8% 38.40", "Total 518.40",
             "This quotation is valid for 30 days", "Accepted by: ____________ Signature"],
    "annual_report": ["Annual report 2024", "Five-year summary (USD)", "Year Revenue Expenses Net",
                      "2020 1,204,330 1,011,200 193,130", "2021 1,356,900 1,102,450 254,450",
                      "2022 1,498,020 1,230,110 267,910", "Dividend per share $ 0.45",
                      "Approved by the board", "Chairman's signature"],
    "w9": ["Form W-9", "Request for Taxpayer Identification Number and Certification",
          "1 Name (as shown on your income tax return)",
          "2 Business name/disregarded entity name", "Exempt payee code (if any)",
          "5 Address (number, street, and apt. or suite no.)",
          "Part I Taxpayer Identification Number (TIN)", "Social security number",
          "Employer identification number", "Part II Certification", "Sign Here",
          "Signature of U.S. person", "Date"],
    "deposit": ["DEPOSIT TICKET", "Cash", "Checks", "Total from other side", "Subtotal",
               "Less cash received", "NET DEPOSIT $ 1,250.00", "Sign here for cash received",
               "First National Bank"],
    "order_form": ["ORDER FORM", "Ship to:", "Qty Item Price", "1 T-shirt 15.00", "2 Mug 8.50",
                  "Shipping 5.00", "Total 37.00", "Pay by check payable to Club Store",
                  "Signature"],
    "pay_words": ["Payment schedule", "Pay Rate 25.00 per hour", "Pay Grade 7",
                 "Twenty-five dollars", "Amount $ 1,200.00", "Approved by", "Signature"],
    # a utility bill, a cheque register, a French invoice, a tax return, a programme with fees, a
    # bank statement
    "utility_bill": ["City Power & Light", "Account Number 4471-2290-01",
                    "Billing Period Mar 1 - Mar 31, 2024", "Previous Balance $84.12",
                    "Payment Received - Thank You -$84.12", "Current Charges $91.40",
                    "Total Amount Due $91.40", "Due Date 04/21/2024",
                    "Please return this portion with your payment", "Amount Enclosed $"],
    "check_register": ["Check Register", "No. Date Description Payment Deposit Balance",
                      "1021 03/02 Grocery Mart 54.20 1,145.80", "1022 03/05 Rent 950.00 195.80",
                      "DEP 03/15 Payroll 2,300.00 2,495.80",
                      "1023 03/18 Electric Co. 91.40 2,404.40", "Total 1,095.60 2,300.00"],
    "facture": ["SARL Dupont Plomberie", "Facture N° 2024-051", "Date : 12/04/2024",
               "Désignation Qté Prix unitaire Total", "Réparation fuite 1 150,00 150,00",
               "Déplacement 1 35,00 35,00", "Total HT 185,00 €", "TVA 20 % 37,00 €",
               "Total TTC 222,00 €", "Conditions de paiement : 30 jours"],
    "tax_return": ["Form 1040 (2023)", "1a Wages, salaries, tips 52,300.00",
                  "9 Total income 53,120.00", "16 Tax 5,120.00", "33 Total payments 6,000.00",
                  "34 Refund 880.00", "37 Amount you owe 0.00", "Sign Here", "Your signature",
                  "Date"],
    "programme": ["Programme", "09:00 Registration", "10:30 Coffee break", "12:00 Lunch",
                 "Conference fee 145.00 EUR", "Dinner 45.00 EUR", "Total 190.00 EUR",
                 "Cash or card at the desk"],
    "bank_statement": ["Statement of account", "Opening balance 1,200.00",
                      "Cheque No. 000123 250.00", "Card payment TESCO 45.60",
                      "Cash withdrawal 100.00", "Closing balance 804.40", "Total debits 395.60",
                      "Total credits 0.00"],
}


def _pages_generated(tmp: Path) -> List[Tuple[str, str, list, float, float]]:
    import pymupdf

    out = []
    for name, texts in GENERATED.items():
        doc = pymupdf.open()
        page = doc.new_page(width=595, height=842)
        y = 60
        for t in texts:
            page.insert_text((50, y), t, fontsize=11)
            y += 22
        p = tmp / f"{name}.pdf"
        doc.save(str(p))
        out.extend(_pages_pdf(p, f"made/{name}"))
    return out


def _pages_pdf(path: Path, label: str):
    """(label, expected, lines, w, h) per text-layer page of a PDF (pages without text skipped)."""
    import pymupdf

    sys.path.insert(0, str(ROOT))
    from pipeline.document import Line

    out = []
    try:
        doc = pymupdf.open(str(path))
    except Exception:
        return out
    with doc:
        if doc.needs_pass:
            return out
        for i, page in enumerate(doc):
            words = page.get_text("words")
            rows = {}
            for w in words:
                rows.setdefault((w[5], w[6]), []).append(w)
            lines = []
            for k in sorted(rows, key=lambda k: (min(w[1] for w in rows[k]), min(w[0] for w in rows[k]))):
                ws = rows[k]
                x0, y0 = min(w[0] for w in ws), min(w[1] for w in ws)
                x1, y1 = max(w[2] for w in ws), max(w[3] for w in ws)
                lines.append(Line(text=" ".join(w[4] for w in ws), conf=1.0,
                                  box=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)],
                                  line_no=len(lines)))
            if lines:
                out.append((f"{label}#{i + 1}", "other", lines, page.rect.width, page.rect.height))
    return out


def _pages_cached(folder: Path, expected: str, label: str):
    sys.path.insert(0, str(ROOT))
    from pipeline.document import Line

    out = []
    for p in sorted(folder.glob("*.json")):
        d = json.loads(p.read_text())
        if "lines" not in d:
            continue
        lines = [Line(text=l["text"], conf=float(l["conf"]), box=[tuple(b) for b in l["box"]],
                      line_no=i) for i, l in enumerate(d["lines"])]
        out.append((f"{label}/{p.stem}", expected, lines, float(d["width"]), float(d["height"])))
    return out


def run_here(args) -> dict:
    sys.path.insert(0, str(ROOT))
    from pipeline.extract.classify import classify_page
    from pipeline.extract.cheque import extract_cheque

    pages = []
    with tempfile.TemporaryDirectory() as tmp:
        pages += _pages_generated(Path(tmp))
    if args.peer:
        for pdf in sorted(Path(args.peer).rglob("*.pdf")):
            pages += _pages_pdf(pdf, str(pdf.relative_to(args.peer)))
    if args.real_lines:
        pages += _pages_cached(Path(args.real_lines), "cheque", "real")
    if args.sroie_lines:
        pages += _pages_cached(Path(args.sroie_lines), "receipt", "sroie")
    res = {}
    for label, want, lines, w, h in pages:
        got = classify_page(lines)
        oks = []
        if want != "cheque":
            oks = [f"{f.name}={f.value}" for f in extract_cheque(lines, w, h)
                   if f.status == "ok" and f.name != "signature_present"]
        res[label] = {"want": want, "got": got, "cheque_ok": oks}
    return res


# ------------------------------------------------------------------ other projects' test PDFs


def _pdf_files(dirs) -> List[Tuple[str, Path, str]]:
    """(label, path, part) of every PDF under ``dirs``: in each folder, sorted by the path
    under it, alternately part A and part B (so adding a folder moves no file of another);
    the label is the folder's name and that path."""
    out = []
    for d in dirs:
        d = Path(d)
        found = sorted(str(p.relative_to(d)) for p in d.rglob("*")
                       if p.is_file() and p.suffix.lower() == ".pdf")
        out += [(f"{d.name}/{r}", d / r, "AB"[i % 2]) for i, r in enumerate(found)]
    return out


def _read_pdf(path: Path, cache: Path, max_pages: int) -> dict:
    """The document's status and its first ``max_pages`` pages as a run reads them (text layer or
    OCR: ``process_document``), as the cache keeps each page (``ocr_value``); cached by content."""
    import hashlib

    sys.path.insert(0, str(ROOT))
    data = path.read_bytes()
    c = cache / f"{hashlib.sha256(data).hexdigest()[:24]}-p{max_pages}.json"
    if c.exists():
        return json.loads(c.read_text())
    from pipeline.api import _values
    from pipeline.errors import DocumentError
    from pipeline.ingest.document import read_input
    from pipeline.ingest.limits import time_limit
    from pipeline.options import catalogue as cat
    from pipeline.options.settings import build
    from pipeline.runners.process import process_document
    from pipeline.runners.worker import LazyPipeline

    s = build(cat.EXTRACT, _values("ocr", {"pages": f"1-{max_pages}", "no_fields": True}))
    try:
        with time_limit(s.ingest.doc_timeout):
            res = process_document(read_input(path, s.ingest.max_file_bytes),
                                   LazyPipeline(s.ocr), s.ingest, None, None)
        d = {"status": res.status, "error": res.error,
             "pages": [res.page_ocr[n] for n in sorted(res.page_ocr)]}
    except DocumentError as e:  # what the driver records for a file it cannot read
        d = {"status": "error", "error": str(e), "pages": []}
    cache.mkdir(parents=True, exist_ok=True)
    c.write_text(json.dumps(d))
    return d


def _evidence(texts) -> dict:
    """{doc type: {kind: weight}} of the doc types whose module says what evidence it found."""
    import importlib

    out = {}
    for name in ("cheque", "receipt", "invoice"):
        try:
            mod = importlib.import_module(f"pipeline.extract.doctypes.{name}")
        except ImportError:
            continue
        if hasattr(mod, "evidence"):
            out[name] = mod.evidence(texts)
    return out


def run_pdfs(args) -> dict:
    sys.path.insert(0, str(ROOT))
    from pipeline.document import line_from_dict
    from pipeline.extract.cheque import extract_cheque
    from pipeline.extract.classify import classify_scored
    from pipeline.extract.fields import FieldOptions, extract_fields

    docs, pages = [], []
    for label, path, part in _pdf_files(args.pdf_dir):
        if args.part != "all" and part != args.part:
            continue
        d = _read_pdf(path, args.lines_cache, args.max_pages)
        docs.append({"label": label, "part": part, "status": d["status"], "error": d["error"],
                     "pages": len(d["pages"])})
        for v in d["pages"]:
            lines = [line_from_dict(l) for l in v["lines"]]
            # as a run extracts fields: an OCR page in its image's pixels, a text layer in points
            w, h = v["width"] / v["scale"], v["height"] / v["scale"]
            got, fields = extract_fields(lines, w, h, None, FieldOptions())
            _, conf, scores = classify_scored(lines)
            texts = [l.text or "" for l in lines]
            pages.append({
                "label": label, "part": part, "page": v["page"], "source": v["source"],
                "got": got, "conf": conf, "scores": scores, "evidence": _evidence(texts),
                "ok": [f"{f.extractor}:{f.name}={f.value}" for f in fields
                       if f.status == "ok" and f.extractor != "classify"],
                "forced": sum(1 for f in extract_cheque(lines, w, h)
                              if f.status == "ok" and f.name != "signature_present"),
                "texts": texts[:40]})
    return {"docs": docs, "pages": pages}


def report_pdfs(title: str, res: dict, verbose: bool, worst: int) -> None:
    docs, pages = res["docs"], res["pages"]
    print(f"\n== {title}")
    bad = [d for d in docs if d["status"] != "ok"]
    print(f"  documents {len(docs)} (error rows {len(bad)}), pages {len(pages)} "
          f"(text layer {sum(p['source'] != 'ocr' for p in pages)}, "
          f"OCR {sum(p['source'] == 'ocr' for p in pages)})")
    print("  pages per doc type: " + ", ".join(
        f"{k} {v}" for k, v in sorted(Counter(p["got"] for p in pages).items())))
    n_ok = lambda tag: sum(1 for p in pages for f in p["ok"] if f.startswith(tag))
    print(f"  cheque fields `ok` {n_ok('rules:cheque')}, receipt fields `ok` "
          f"{n_ok('rules:receipt')}, other fields `ok` "
          f"{sum(len(p['ok']) for p in pages) - n_ok('rules:cheque') - n_ok('rules:receipt')}"
          f" (cheque fields `ok` if every page were read as a cheque: "
          f"{sum(p['forced'] for p in pages)})")
    for d in bad:
        print(f"    error row: {d['label']}: {d['error']}")
    claimed = sorted((p for p in pages if p["got"] != "other"), key=lambda p: -p["conf"])
    near = sorted((p for p in pages if p["got"] == "other" and p["conf"] < 1.0),
                  key=lambda p: p["conf"])
    if claimed:
        print(f"  worst offenders ({min(worst, len(claimed))} of {len(claimed)}):")
    _offenders(claimed[:worst], verbose)
    if near:
        print(f"  closest to a claim, called other ({min(worst, len(near))} of {len(near)} "
              f"with some evidence):")
    _offenders(near[:worst], verbose)


def _offenders(pages: list, verbose: bool) -> None:
    for p in pages:
        best = max(p["scores"], key=p["scores"].get) if p["scores"] else p["got"]
        ev = p["evidence"].get(p["got"] if p["got"] != "other" else best, {})
        print(f"    {p['label']} p{p['page']} ({p['source']}): {p['got']} conf {p['conf']} "
              f"scores {' '.join(f'{k} {v:g}' for k, v in sorted(p['scores'].items()))}; "
              f"cues {' '.join(f'{k} {v:g}' for k, v in sorted(ev.items()))}; "
              f"ok {' '.join(p['ok']) or '-'}")
        if verbose:
            for t in p["texts"]:
                print(f"        | {t}")


def report(title: str, res: dict, verbose: bool) -> None:
    print(f"\n== {title}")
    by = {}
    for label, r in res.items():
        by.setdefault(r["want"], Counter())[r["got"]] += 1
    for want, c in sorted(by.items()):
        print(f"  {want:8s} pages {sum(c.values()):4d}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    oks = sum(len(r["cheque_ok"]) for r in res.values()
              if r["want"] != "cheque" and r["got"] == "cheque")
    forced = sum(len(r["cheque_ok"]) for r in res.values() if r["want"] != "cheque")
    cheques = sum(1 for r in res.values() if r["want"] != "cheque" and r["got"] == "cheque")
    print(f"  pages not cheques called cheques: {cheques}; cheque fields `ok` on them: {oks} "
          f"(on all of them read as cheques: {forced})")
    for label, r in res.items():
        if r["want"] != r["got"] and (verbose or r["want"] == "other"):
            print(f"    {label}: want {r['want']} got {r['got']} {' '.join(r['cheque_ok'])}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--peer", type=Path, default=None)
    ap.add_argument("--real-lines", type=Path, default=None)
    ap.add_argument("--sroie-lines", type=Path, default=None)
    ap.add_argument("--before", default=None)
    ap.add_argument("--pdf-dir", type=Path, nargs="+", default=None,
                    help="folders of other projects' test PDFs (no cheque, no receipt)")
    ap.add_argument("--lines-cache", type=Path, default=None,
                    help="where the pages read from --pdf-dir are kept (needed with it)")
    ap.add_argument("--part", choices=("A", "B", "all"), default="A",
                    help="which files of --pdf-dir: A (develop), B (held back) or all")
    ap.add_argument("--max-pages", type=int, default=5, help="pages read per PDF")
    ap.add_argument("--worst", type=int, default=15, help="offenders listed")
    ap.add_argument("--json-out", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    if args.pdf_dir and args.lines_cache is None:
        ap.error("--pdf-dir needs --lines-cache")
    run = run_pdfs if args.pdf_dir else run_here
    show = (lambda t, r, v: report_pdfs(t, r, v, args.worst)) if args.pdf_dir else report
    if args.json_out:
        args.json_out.write_text(json.dumps(run(args)))
        return 0
    if args.before:
        with tempfile.TemporaryDirectory(prefix="doctype_before_") as tmp, \
                at_revision(args.before, Path(tmp) / "wt") as wt:
            out = Path(tmp) / "before.json"
            rest = list(argv if argv is not None else sys.argv[1:])
            i = rest.index("--before")
            rest = rest[:i] + rest[i + 2:]
            run_bench_at(wt, __file__, [str(Path(a).resolve()) if os.path.exists(a) else a
                                        for a in rest] + ["--json-out", str(out)])
            show(f"before ({args.before})", json.loads(out.read_text()), False)
    show("now", run(args), args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
