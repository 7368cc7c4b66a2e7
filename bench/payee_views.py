"""The payee's views (``pipeline/extract/payee_views.py``): what they cost and what they change,
side by side with the fields extracted without them, on the same recorded lines in one run.

    python bench/payee_views.py DATA_DIR --lines-cache C

``DATA_DIR`` holds ``images/`` and ``truth.json`` as ``bench/fields_real_cheques.py`` reads them
(the real development cheques, or a folder of ``bench/cheque_variants.py``); ``C`` is that
bench's lines cache (OCR'd once; filled here where missing). Every page's fields are extracted
with the page image four times, with and without the views, alternating which goes first; the
bench prints the seconds of the field extraction (the OCR is not in them), how many pages read
their payee line's views, and the payees the views changed: wrong or missing -> right, right ->
wrong, wrong -> another wrong.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--lines-cache", type=Path, required=True)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import fields_real_cheques as frc
    from pipeline.extract.fields import FieldOptions, extract_fields

    payee_mod = importlib.import_module("pipeline.extract.cheque_payee")
    constrained = importlib.import_module("pipeline.extract.constrained")
    vote, views = payee_mod.vote_words, constrained.LineReader.views
    truth = json.loads((args.data_dir / "truth.json").read_text())
    names = sorted(n for n in truth if (args.data_dir / "images" / n).exists())
    secs = {True: 0.0, False: 0.0}
    read, moved = [0], {"to right": [], "to wrong": [], "wrong to wrong": []}

    def counting(self, box, plain):
        read[0] += 1
        return views(self, box, plain)

    constrained.LineReader.views = counting

    for k, name in enumerate(names):
        lines, w, h = frc.ocr_lines(args.data_dir / "images" / name, args.lines_cache)
        img = frc.page_image(args.data_dir / "images" / name)
        payee = {}
        for on in ((True, False, False, True) if k % 2 == 0 else (False, True, True, False)):
            payee_mod.vote_words = vote if on else (lambda r, s, v: (v, None))
            t0 = time.perf_counter()
            _, fields = extract_fields(lines, w, h, img, FieldOptions(doc_type="cheque"))
            secs[on] += time.perf_counter() - t0
            payee[on] = next((f.value for f in fields if f.name == "payee"), None)
        payee_mod.vote_words = vote
        want = truth[name].get("payee")
        if payee[True] == payee[False] or not want:
            continue
        ok = {on: frc._norm_text(payee[on]) == frc._norm_text(want) for on in (True, False)}
        kind = ("to right" if ok[True] else "to wrong" if ok[False] else "wrong to wrong")
        moved[kind].append(f"{name}: {payee[False]!r} -> {payee[True]!r} (truth {want!r})")
    n = len(names)
    print(f"pages {n}: fields extracted in {secs[False] / 2 / n:.3f} s a page without the "
          f"views, {secs[True] / 2 / n:.3f} s with them ({secs[True] / secs[False]:.2f}x); "
          f"payee lines whose views were read: {read[0] // 2}")
    for kind, rows in moved.items():
        print(f"  payee {kind}: {len(rows)}")
        for r in rows:
            print("    " + r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
