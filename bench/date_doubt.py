"""How far below the date's own reading the nearest other date lies, for every date the rules
read `ok` before the page image's doubt check (``cheque_dates._date_with_image``): the figures
``_DOUBT_GAP`` is set by.

    python bench/date_doubt.py WORK... [--real DATA:CACHE ...] [--gaps 2.0 2.5 3.0]

WORK: folders drawn by ``bench/cheque_synth_bench.py --work WORK --image`` (``truth.json``,
``lines/``, ``images/``); ``--real``: a folder of real cheques with hand-read truth and its
lines cache (``bench/fields_real_cheques.py``). For each gap it prints how many dates, right and
wrong, have another date read within it (made `ambiguous` at that gap) and, with ``-v``, each
such leaf.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from fields_real_cheques import ROOT, ocr_lines, page_image


def _leaves(args):
    """(set name, leaf name, lines, width, height, image path, the truth's date) of every leaf."""
    from pipeline.document import line_from_dict

    for work in args.work:
        truth = json.loads((work / "truth.json").read_text())
        for name in sorted(k for k in truth if not k.startswith("_")):
            f = work / "lines" / f"{name}.json"
            if not f.exists():
                continue
            d = json.loads(f.read_text())
            yield (work.name, name, [line_from_dict(x) for x in d["lines"]], d["width"],
                   d["height"], work / "images" / truth[name]["image"], truth[name].get("date"))
    for spec in args.real:
        data, cache = (Path(x) for x in spec.split(":", 1))
        truth = json.loads((data / "truth.json").read_text())
        for img in sorted((data / "images").iterdir()):
            lines, w, h = ocr_lines(img, cache)
            yield data.name, img.name, lines, w, h, img, (truth.get(img.name) or {}).get("date")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("work", type=Path, nargs="*")
    ap.add_argument("--real", nargs="*", default=[], metavar="DATA:CACHE")
    ap.add_argument("--gaps", type=float, nargs="+", default=[2.0, 2.5, 3.0, 3.5, 4.0])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    cheque = importlib.import_module("pipeline.extract.cheque")
    cd = importlib.import_module("pipeline.extract.cheque_dates")
    from pipeline.extract.fields import FieldOptions, extract_fields

    seen = {}
    plain = cheque._date_with_image

    def spy(p, reader, prefer, found, label=None):
        # the date as the rules read it, and the gap of the nearest other date the line's crop
        # reads (the check's own readings, further down)
        if found is not None and found.status == "ok" and len(found.line_nos) == 1:
            src = [l for l in p.ls if l.line.line_no == found.line_nos[0]]
            if len(src) == 1:
                readings = reader.readings([tuple(pt) for pt in src[0].line.box], src[0].text,
                                           words=cd._DATE_WORDS, n=8, within=8.0)
                gaps = [r.gap for r in readings
                        if (m := cd._one_date(cd._date_text(r.text), prefer)) is not None
                        and m.date.iso != found.value]
                seen["got"] = (found.value, min(gaps) if gaps else None)
        return plain(p, reader, prefer, found, label)

    cheque._date_with_image = spy
    rows = []
    for set_name, name, lines, w, h, img, want in _leaves(args):
        seen.clear()
        extract_fields(lines, w, h, page_image(img), FieldOptions(doc_type="cheque"))
        if "got" in seen:
            value, gap = seen["got"]
            rows.append((set_name, name, value == want, gap))
    right = sum(r[2] for r in rows)
    print(f"dates read `ok` before the doubt check: {len(rows)} ({right} right, "
          f"{len(rows) - right} wrong); now the doubt gap is {cd._DOUBT_GAP}")
    print(f"{'gap':>5} {'right made ambiguous':>22} {'wrong made ambiguous':>22}")
    for g in args.gaps:
        near = [r for r in rows if r[3] is not None and r[3] < g]
        print(f"{g:5.1f} {sum(r[2] for r in near):22d} {sum(not r[2] for r in near):22d}")
    if args.verbose:
        for s, n, ok, gap in sorted(rows, key=lambda r: (r[3] is None, r[3] or 0)):
            if gap is not None and gap < max(args.gaps):
                print(f"  {s:12s} {n:32s} {'right' if ok else 'WRONG'} nearest other date "
                      f"{gap:.2f} below")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
