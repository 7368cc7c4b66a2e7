"""Every word the payee's correction from the page image changes on synthetic cheques, with how
far below the reading it lay and whether the word taken is the truth's.

    python bench/payee_changes.py WORK...                   # as the rules are
    python bench/payee_changes.py WORK... --no-names-cap    # without NAMES_DROP on Indian leaves

WORK: folders drawn by ``bench/cheque_synth_bench.py --work WORK --image`` (``truth.json``,
``lines/``, ``images/``). A change is right where the word taken is a word of the truth's payee
(case aside). The summary counts the changes at most ``NAMES_DROP`` below the reading and past
it, right and wrong, per convention; ``--no-names-cap`` shows what the cap on Indian leaves
keeps out.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from fields_real_cheques import ROOT, page_image

_CHANGE = re.compile(r"'([^']*)' read again as '([^']*)' \(known words, log-probability "
                     r"([-+\d.]+)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("work", type=Path, nargs="+")
    ap.add_argument("--no-names-cap", action="store_true",
                    help="correct Indian leaves' payees as other leaves' (no NAMES_DROP)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from pipeline.document import line_from_dict
    from pipeline.extract import cheque_payee
    from pipeline.extract.fields import FieldOptions, extract_fields
    from pipeline.extract.payee_words import NAMES_DROP

    if args.no_names_cap:
        cheque_payee.NAMES_DROP = None  # correct_words then takes no cap
    counts: Counter = Counter()
    for work in args.work:
        truth = json.loads((work / "truth.json").read_text())
        for name in sorted(truth):
            t, path = truth[name], work / "lines" / f"{name}.json"
            if not path.exists() or not t.get("payee"):
                continue
            d = json.loads(path.read_text())
            lines = [line_from_dict(x) for x in d["lines"]]
            _, fields = extract_fields(lines, d["width"], d["height"],
                                       page_image(work / "images" / t["image"]),
                                       FieldOptions(doc_type="cheque"))
            f = next(x for x in fields if x.name == "payee")
            want = {w.lower() for w in re.findall(r"[^\W\d_]+", t["payee"])}
            conv = next((x.value for x in fields if x.name == "convention"), None)
            for old, new, drop in _CHANGE.findall(f.message or ""):
                right = new.lower() in want
                past = -float(drop) > NAMES_DROP
                counts[(conv, "past" if past else "within", right)] += 1
                print(f"{work.name:10s} {name:14s} {conv or '-':7s} {old!r} -> {new!r} {drop} "
                      f"{'right' if right else 'WRONG'}")
    print()
    for (conv, where, right), n in sorted(counts.items(), key=str):
        print(f"{conv or '-':7s} {where} {NAMES_DROP:g} below: {'right' if right else 'wrong'} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
