#!/usr/bin/env python
"""Check that the generated samples are readable by a reference OCR.

Usage:  python sample_docs/verify_samples.py

Needs the optional `rapidocr` package (PP-OCR models via onnxruntime).  For
every cheque the printed payee, amount_text and date strings must each occur
exactly as a substring of some recognised line.  The scanned PDF pages are
rendered at their scan resolution and OCR'd; the born-digital PDF's text
layer must equal its ground-truth lines.  Exit status 1 if a check fails.
"""
from __future__ import annotations

import difflib
import glob
import json
import logging
import os
import sys

import numpy as np
import pymupdf

HERE = os.path.dirname(os.path.abspath(__file__))


def ocr_lines(engine, img) -> list:
    out = engine(img)
    return list(out.txts or [])


def best_ratio(line: str, recognised: list) -> float:
    norm = lambda s: " ".join(s.split()).lower()  # noqa: E731
    return max((difflib.SequenceMatcher(None, norm(line), norm(r)).ratio() for r in recognised),
               default=0.0)


def main() -> int:
    logging.disable(logging.INFO)
    from rapidocr import RapidOCR

    engine = RapidOCR()
    ok = True

    print("Cheques: printed value found verbatim as a substring of an OCR line")
    print(f"{'file':<22} {'payee':<8} {'amount_text':<12} {'date':<8}")
    for gt_path in sorted(glob.glob(os.path.join(HERE, "ground_truth", "cheque_*.json"))):
        gt = json.load(open(gt_path, encoding="utf-8"))
        r = [int(ch) for ch in gt["fields"]["micr_routing"]]
        aba = len(r) == 9 and (3 * (r[0] + r[3] + r[6]) + 7 * (r[1] + r[4] + r[7])
                               + (r[2] + r[5] + r[8])) % 10 == 0
        ok &= aba
        if not aba:
            print(f"    {gt['file']}: routing number fails the ABA check")
        rec = ocr_lines(engine, os.path.join(HERE, gt["file"]))
        row = []
        for key in ("payee", "amount_text", "date"):
            val = gt["fields"][key]
            hit = any(val in r for r in rec)
            ok &= hit
            row.append("found" if hit else "MISSING")
        print(f"{os.path.basename(gt['file']):<22} {row[0]:<8} {row[1]:<12} {row[2]:<8}")
        if "MISSING" in row:
            print("    OCR lines:", rec)

    print("\nScanned PDF: ground-truth lines matched by an OCR line (similarity >= 0.9)")
    gt = json.load(open(os.path.join(HERE, "ground_truth", "scanned_letter.json"), encoding="utf-8"))
    doc = pymupdf.open(os.path.join(HERE, gt["file"]))
    for pg in gt["pages"]:
        page = doc[pg["page"] - 1]
        assert not page.get_text().strip(), "scanned page must have no text layer"
        pix = page.get_pixmap(dpi=gt.get("dpi", 200), colorspace=pymupdf.csGRAY)
        img = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width)
        rec = ocr_lines(engine, np.stack([img] * 3, axis=-1))
        scores = [best_ratio(l, rec) for l in pg["lines"]]
        good = sum(s >= 0.9 for s in scores)
        frac = good / len(scores)
        ok &= frac >= 0.7
        print(f"page {pg['page']}: {good}/{len(scores)} lines ({frac:.0%})")
        for l, s in zip(pg["lines"], scores):
            if s < 0.9:
                print(f"    weak ({s:.2f}): {l}")

    print("\nBorn-digital PDF: text layer equals ground truth")
    gt = json.load(open(os.path.join(HERE, "ground_truth", "born_digital.json"), encoding="utf-8"))
    doc = pymupdf.open(os.path.join(HERE, gt["file"]))
    got = [l for l in doc[0].get_text().splitlines() if l.strip()]
    same = got == gt["pages"][0]["lines"]
    ok &= same
    print("equal" if same else f"DIFFERENT: {got}")

    print("\nALL CHECKS PASSED" if ok else "\nSOME CHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
