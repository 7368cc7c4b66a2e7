"""The recogniser's confidence in a "1" that ends a digit group of a MICR band, where the "1" is
a digit and where it is a symbol's bar: the measurement behind ``cheque_micr._BAR_CONF`` and
``_END_BAR_CONF``.

Reads work folders of ``bench/cheque_synth_bench.py`` (any kind with MICR truth), reads each
band line again from the page image (as ``_micr_again`` does) and, for every group ending in "1"
that is a whole group of the truth (a digit) or the truth's group and one more "1" (a symbol's
bar), prints the least and greatest confidence by what follows the "1":

    python bench/micr_bar_conf.py DIR [DIR ...]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("work", type=Path, nargs="+", help="cheque_synth_bench.py --work folders")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    import numpy as np

    from fields_real_cheques import page_image
    from pipeline.extract.constrained import LineReader
    from pipeline.extract.micr import looks_like_micr

    seen = {}  # (digit or bar, what follows) -> confidences
    for work in args.work:
        truth = json.loads((work / "truth.json").read_text())
        for n, t in sorted(truth.items()):
            path = work / "lines" / f"{n}.json"
            if n.startswith("_") or not t.get("micr_line") or not path.exists():
                continue
            groups = re.findall(r"\d+", t["micr_line"])
            d = json.loads(path.read_text())
            band = [l for l in d["lines"] if looks_like_micr(l["text"])
                    and l["box"][0][1] > 0.6 * d["height"]]
            if not band:
                continue
            reader = LineReader(np.asarray(page_image(work / "images" / t["image"])))
            for l in band:
                again = reader.plain(l["box"])
                if again is None or len(again.char_conf) != len(again.text):
                    continue
                for m in re.finditer(r"\d{3,}", again.text):
                    if not m.group(0).endswith("1"):
                        continue
                    kind = ("digit" if m.group(0) in groups else
                            "bar" if m.group(0)[:-1] in groups else None)
                    if kind is None:
                        continue
                    after = again.text[m.end():m.end() + 1] or "end"
                    seen.setdefault((kind, after), []).append(again.char_conf[m.end() - 1])
    print(f"{'the 1 is':8s} {'then':6s} {'n':>4s} {'least':>6s} {'most':>6s}")
    for (kind, after), confs in sorted(seen.items()):
        print(f"{kind:8s} {after!r:6s} {len(confs):4d} {min(confs):6.3f} {max(confs):6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
