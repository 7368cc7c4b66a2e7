"""How far below its own best reading each side of the chosen figures/words pair was read, and
whether the pair's value is right: the measurement behind ``amount_fusion.MOVED``.

Reads a work folder of ``bench/cheque_synth_bench.py`` (drawn and OCR'd there, any kind), runs
extraction with the page image, and for every cheque whose amounts were chosen together prints
each side that was read off a best reading of its own crop with another value (``moved``: how
far below, which value), the value's truth and the amounts' status:

    python bench/fusion_margins.py --work DIR [--sets dev,held]
"""
from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", type=Path, required=True, help="a cheque_synth_bench.py --work")
    ap.add_argument("--sets", default="", help="comma-separated sets (dev, held, fresh ...)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from cheque_synth_bench import run_here
    from pipeline.extract import amount_fusion as af

    truth = json.loads((args.work / "truth.json").read_text())
    sets = set(filter(None, args.sets.split(",")))
    names = [n for n in sorted(truth) if not n.startswith("_")
             and (args.work / "lines" / f"{n}.json").exists()
             and (not sets or truth[n]["part"] in sets)]
    chosen = {}
    original = af.choose

    def choose(figs, words):  # the chosen pair, and each side's distance off its best reading
        pair = original(figs, words)
        if pair:
            saved = af.MOVED
            af.MOVED = float("inf")  # how far, whatever the threshold
            try:
                chosen["sides"] = [(what, af.moved(c, side)) for c, side, what in
                                   ((pair[0], figs, "figures"), (pair[1], words, "words"))]
            finally:
                af.MOVED = saved
            chosen["value"] = pair[0].value
        return pair

    af.choose = choose
    rows = []
    for n in names:
        chosen.clear()
        res = run_here(args.work, [n], with_image=True)[n]
        if not chosen:
            continue
        right = Decimal(str(truth[n]["amount"])) == chosen["value"]
        status = (res["fields"].get("amount") or {}).get("status")
        for what, m in chosen["sides"]:
            if m is not None:
                rows.append((m[1], n, what, m[0], chosen["value"], right, status))
        if all(m is None for _, m in chosen["sides"]):
            rows.append((0.0, n, "-", None, chosen["value"], right, status))
    print(f"{len(names)} cheques, {len(rows)} chosen pairs or moved sides "
          f"(MOVED = {af.MOVED}: a side below that is no check)")
    print(f"{'below':>6s}  {'cheque':14s} {'side':8s} {'its best':>12s} {'taken':>12s} "
          "right status")
    for below, n, what, other, value, right, status in sorted(rows, key=lambda r: -r[0]):
        if what == "-":
            continue
        print(f"{below:6.2f}  {n:14s} {what:8s} {str(other):>12s} {str(value):>12s} "
              f"{'yes' if right else 'NO':5s} {status}")
    plain = [r for r in rows if r[2] == "-"]
    print(f"pairs with no side moved: {len(plain)}, right {sum(r[5] for r in plain)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
