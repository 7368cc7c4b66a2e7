"""What classifying a page costs, and what it decided on each page (to show a change of speed
changed no decision).

    python bench/classify_cost.py DIR [DIR...] [--rounds 3] [--json OUT] [--compare OLD.json]

Every JSON file under each DIR is a page's recorded lines, or several: a cache of
``doc_type_bench.py --pdf-dir`` (``{"pages": [{"lines": ...}]}``), of ``fields_sroie.py`` or
``fields_real_cheques.py``, or the ``lines/`` of ``cheque_synth_bench.py`` (``{"lines": ...}``).
Each page is classified (``classify_scored``) in this fresh process, the first round with the
caches of the words' readers empty (as a worker's first pages), then ``--rounds`` more; the
figures are milliseconds of this process's CPU time a page (the machine's other work left out),
and the same for the amount-in-words test alone on every line that is not running text.
``--json`` writes each page's doc type, confidence, scores and the cheque's kinds of
evidence; ``--compare`` reads such a file (from another revision) and lists the pages that differ.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[1]


def load_pages(dirs: List[Path]) -> Dict[str, List[str]]:
    """{page id: its lines' texts}, in a stable order."""
    pages: Dict[str, List[str]] = {}
    for d in dirs:
        for f in sorted(Path(d).rglob("*.json")):
            try:
                data = json.loads(f.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError):
                continue
            if not isinstance(data, dict):
                continue
            found = data.get("pages") if isinstance(data.get("pages"), list) else [data]
            for i, p in enumerate(found):
                if isinstance(p, dict) and isinstance(p.get("lines"), list):
                    pages[f"{f}#{i}"] = [
                        (l.get("text") or "") if isinstance(l, dict) else str(l)
                        for l in p["lines"]]
    return pages


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dirs", type=Path, nargs="+")
    ap.add_argument("--rounds", type=int, default=3, help="rounds after the first (caches warm)")
    ap.add_argument("--json", type=Path, default=None, help="write each page's decision here")
    ap.add_argument("--compare", type=Path, default=None, help="a --json file to compare with")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from pipeline.extract.classify import classify_scored
    from pipeline.extract.doctypes import cheque
    from pipeline.extract.doctypes._cues import is_prose

    pages = load_pages(args.dirs)
    texts = list(pages.values())
    n_lines = sum(map(len, texts))

    t0 = time.process_time()
    got = {k: classify_scored(v) for k, v in pages.items()}
    first = time.process_time() - t0
    warm = []
    for _ in range(args.rounds):
        t0 = time.process_time()
        for v in texts:
            classify_scored(v)
        warm.append(time.process_time() - t0)
    short = [t for v in texts for t in v if not is_prose(t)]
    t0 = time.process_time()
    for t in short:
        cheque._words_line(t)
    words = time.process_time() - t0
    print(f"{len(pages)} pages, {n_lines} lines")
    print(f"  classify, first round (caches empty): {1000 * first / len(pages):.2f} ms a page")
    if warm:
        print(f"  classify, rounds 2..{args.rounds + 1} (median): "
              f"{1000 * sorted(warm)[len(warm) // 2] / len(pages):.2f} ms a page")
    print(f"  the amount-in-words test alone, every line not running text (caches warm): "
          f"{1000 * words / len(pages):.2f} ms a page")

    out = {k: {"doc_type": d, "conf": c, "scores": s, "cheque": cheque.evidence(pages[k])}
           for k, (d, c, s) in got.items()}
    if args.json:
        args.json.write_text(json.dumps(out, indent=0, sort_keys=True))
    if args.compare:
        old = json.loads(args.compare.read_text())
        diff = [k for k in sorted(set(old) | set(out)) if old.get(k) != out.get(k)]
        print(f"  compared with {args.compare}: {len(diff)} of {len(out)} pages differ")
        for k in diff[:20]:
            print(f"    {k}: was {old.get(k)} now {out.get(k)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
