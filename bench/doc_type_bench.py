"""Page classification: which pages are called cheques or receipts, and which cheque fields come
out `ok` on pages that are no cheque.

    python bench/doc_type_bench.py [--peer ../shared/eval/peer-dev] [--real-lines C] [--sroie-lines C]
                                   [--before REV]

Sets (each page has the type it should get):

* made here with PyMuPDF (no cheque, no receipt): an invoice, a paper page with a page number,
  a form, a novel's page that writes numbers in words, a bank statement, a price list;
* the text-layer pages of the peer-dev PDFs (``--peer``; papers, forms, a novel): `other`;
* recorded OCR lines of real cheques (``--real-lines``, the cache of fields_real_cheques.py):
  `cheque`; of SROIE receipts (``--sroie-lines``, NNN.json as fields_sroie.py keeps them):
  `receipt`.

For every page not meant to be a cheque the cheque extractor is also run, and its `ok` values
counted: there should be none. ``--before REV`` runs the same with the code of REV.
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
    ap.add_argument("--json-out", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    if args.json_out:
        args.json_out.write_text(json.dumps(run_here(args)))
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
            report(f"before ({args.before})", json.loads(out.read_text()), False)
    report("now", run_here(args), args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
