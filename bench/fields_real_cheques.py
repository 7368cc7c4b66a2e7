"""Cheque fields on real cheques (hand-read truth): per-field accuracy and how often an `ok` is right.

    python bench/fields_real_cheques.py ../shared/eval/cheques-real-dev --lines-cache /tmp/cq_lines
    python bench/fields_real_cheques.py DIR --lines-cache C --before 7a75f9e   # old code too
    python bench/fields_real_cheques.py DIR --lines-cache C -v                 # every miss
    python bench/fields_real_cheques.py DIR --lines-cache C --plain-too        # what the image adds

DIR holds ``images/`` and ``truth.json`` (see that folder's README). The page is OCR'd once with
mmbatch (``pipeline.api.ocr``) and its lines kept in ``--lines-cache`` (``NAME.json``), so a rerun
only classifies and extracts; the page image is read again too (as a run has it for an OCR page:
the amounts' lines are decoded again under their fields' constraints), unless ``--no-image``.
``--before REV`` checks REV out into a temporary git worktree and
runs the same scoring with that code on the same recorded lines.

Scoring (fields the truth leaves null or lists as ``doubtful`` are not scored):

* amount, amount_words: the decimal value (the words field is scored against the amount);
* date: ISO; payee: case and spaces folded, punctuation at the ends dropped;
* cheque_number: digits, leading zeros dropped;
* micr: the digit groups of the MICR fields (serial, routing, account, transaction code) equal the
  truth's MICR line groups (a dash symbol joins its two sides);
* doc_type: the page is classified `cheque`;
* blank cheques: no payee and no amount value at all.

``ok right``: of the values marked `ok` (any field with a truth), how many equal the truth.
The files are split by a fixed rule (sorted names, every other one): A is developed on, B held.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Dict, List, Optional

from _revision import at_revision, run_bench_at

ROOT = Path(__file__).resolve().parents[1]
SCORED = ("doc_type", "amount", "amount_words", "date", "payee", "cheque_number", "micr",
          "currency")


def _norm_text(s: Optional[str]) -> str:
    s = re.sub(r"\s+", " ", str(s or "").upper()).strip()
    return re.sub(r"^[^\w(]+|[^\w)]+$", "", s)


def _dec(s: Optional[str]) -> Optional[Decimal]:
    try:
        return Decimal(str(s)).quantize(Decimal("0.01")) if s not in (None, "") else None
    except InvalidOperation:
        return None


def _digits(s: Optional[str]) -> str:
    d = re.sub(r"\D", "", str(s or ""))
    return d.lstrip("0") or ("0" if d else "")


def micr_groups(line: Optional[str]) -> List[str]:
    if not line:
        return []
    return sorted(re.findall(r"\d+", str(line).replace("D", "")))


def ocr_lines(image: Path, cache: Path):
    """(lines, width, height) of an image, from the cache or OCR'd and kept there."""
    sys.path.insert(0, str(ROOT))
    from pipeline.document import line_from_dict, line_to_dict

    cache.mkdir(parents=True, exist_ok=True)
    c = cache / f"{image.name}.json"
    if c.exists():
        d = json.loads(c.read_text())
    else:
        from pipeline.api import ocr

        p = ocr(image, no_fields=True)[0]
        d = {"ocr": "mmbatch", "width": p.width, "height": p.height,
             "lines": [line_to_dict(l) for l in p.lines]}
        c.write_text(json.dumps(d))
    return [line_from_dict(l) for l in d["lines"]], float(d["width"]), float(d["height"])


def score_file(truth: dict, doc_type: str, fields: Dict[str, dict]) -> Dict[str, tuple]:
    """{field: (want, got, right, status)} for the scored fields this truth has."""
    doubt = set(truth.get("doubtful") or [])
    out: Dict[str, tuple] = {}
    out["doc_type"] = ("cheque", doc_type, doc_type == "cheque", "")

    def val(n):
        f = fields.get(n)
        return (f or {}).get("value"), (f or {}).get("status", "missing")

    if truth.get("blank"):
        got = [val(n)[0] for n in ("payee", "amount", "amount_words")]
        out["blank"] = ("nothing", got, all(g is None for g in got), "")
        return out
    if truth.get("amount") and "amount" not in doubt:
        g, st = val("amount")
        out["amount"] = (truth["amount"], g, _dec(g) is not None and _dec(g) == _dec(truth["amount"]), st)
    if truth.get("amount") and "amount_words" not in doubt and truth.get("amount_words"):
        g, st = val("amount_words")
        out["amount_words"] = (truth["amount"], g,
                               _dec(g) is not None and _dec(g) == _dec(truth["amount"]), st)
    if truth.get("date") and "date" not in doubt:
        g, st = val("date")
        out["date"] = (truth["date"], g, g == truth["date"], st)
    if truth.get("payee") and "payee" not in doubt:
        g, st = val("payee")
        out["payee"] = (truth["payee"], g, _norm_text(g) == _norm_text(truth["payee"]), st)
    if truth.get("cheque_number") and "cheque_number" not in doubt:
        g, st = val("cheque_number")
        out["cheque_number"] = (truth["cheque_number"], g,
                                bool(g) and _digits(g) == _digits(truth["cheque_number"]), st)
    if truth.get("micr_line") and "micr_line" not in doubt:
        parts = [val(n)[0] for n in ("micr_serial", "micr_routing", "micr_account",
                                     "micr_transaction")]
        got = sorted(re.sub(r"\D", "", p) for p in parts if p)
        sts = {n: val(n)[1] for n in ("micr_serial", "micr_routing", "micr_account")}
        out["micr"] = (micr_groups(truth["micr_line"]), got, got == micr_groups(truth["micr_line"]),
                       "ok" if "ok" in sts.values() else "")
    if truth.get("currency") and "currency" not in doubt:
        g, st = val("currency")
        out["currency"] = (truth["currency"], g, g == truth["currency"], st)
    return out


def ok_checks(truth: dict, fields: Dict[str, dict]) -> List[tuple]:
    """(field, value, right) for every `ok` value that has a truth to judge it by."""
    doubt = set(truth.get("doubtful") or [])
    groups = micr_groups(truth.get("micr_line"))
    out = []
    for n, f in fields.items():
        if f.get("status") != "ok" or n in doubt or n in ("doc_type", "convention",
                                                          "signature_present"):
            continue
        v = f.get("value")
        if truth.get("blank") and n in ("payee", "amount", "amount_words"):
            out.append((n, v, False))
        elif n in ("amount", "amount_words") and truth.get("amount"):
            out.append((n, v, _dec(v) == _dec(truth["amount"])))
        elif n == "date" and truth.get("date"):
            out.append((n, v, v == truth["date"]))
        elif n == "cheque_number" and truth.get("cheque_number"):
            out.append((n, v, _digits(v) == _digits(truth["cheque_number"])))
        elif n.startswith("micr_") and groups:
            out.append((n, v, re.sub(r"\D", "", v or "") in groups))
        elif n == "currency" and truth.get("currency"):
            out.append((n, v, v == truth["currency"]))
        elif n == "payee" and truth.get("payee"):
            out.append((n, v, _norm_text(v) == _norm_text(truth["payee"])))
    return out


def page_image(path: Path):
    """The page image as mmbatch reads it (EXIF turn applied, RGB), in the lines' pixels."""
    from pipeline.ingest.document import IngestOptions, iter_pages, read_input

    for sp in iter_pages(read_input(path), IngestOptions(), set()):
        return sp.image
    return None


def run_here(data_dir: Path, cache: Path, with_image: bool = True) -> dict:
    """Classify and extract every cheque with the code under ROOT; a JSON-able result.
    ``with_image``: extraction gets the page image too, as it does for an OCR page in a run
    (the amounts' lines are read again under their constraints); without it, the recorded
    lines only (as for fields extracted again from cached lines without the image)."""
    sys.path.insert(0, str(ROOT))
    from pipeline.extract.fields import FieldOptions, extract_fields

    truth = json.loads((data_dir / "truth.json").read_text())
    res = {}
    for name in sorted(truth):
        lines, w, h = ocr_lines(data_dir / "images" / name, cache)
        image = page_image(data_dir / "images" / name) if with_image else None
        doc_type, fs = extract_fields(lines, w, h, image, FieldOptions())
        if doc_type != "cheque":  # fields as if the user said --doc-type cheque
            _, fs = extract_fields(lines, w, h, image, FieldOptions(doc_type="cheque"))
        fields = {f.name: {"value": f.value, "status": f.status, "conf": f.conf,
                           "raw": f.raw, "message": f.message} for f in fs}
        res[name] = {"doc_type": doc_type, "fields": fields}
    return res


def reliability(truth: dict, res: dict, scores: dict) -> None:
    """How often a value is right, by status and by its confidence (all parts together)."""
    rows = []
    for n in truth:
        for f, (_, _, right, _) in scores[n].items():
            fd = res[n]["fields"].get(f)
            if f in ("doc_type", "blank", "micr") or not fd or fd.get("value") is None:
                continue
            rows.append((fd["status"], float(fd.get("conf") or 0.0), right))
    print("  reliability (values with a truth): status n right | conf bin n mean-conf right")
    for st in ("ok", "unchecked", "ambiguous", "invalid"):
        r = [x for x in rows if x[0] == st]
        if r:
            print(f"    {st:10s} {len(r):3d} {sum(x[2] for x in r) / len(r):.2f}")
    for lo, hi in ((0.0, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)):
        r = [x for x in rows if lo <= x[1] < hi]
        if r:
            print(f"    conf {lo:.2f}-{min(hi, 1.0):.2f} {len(r):3d} "
                  f"{sum(x[1] for x in r) / len(r):.2f} {sum(x[2] for x in r) / len(r):.2f}")


def report(title: str, truth: dict, res: dict, verbose: bool, show_held: bool = False) -> None:
    names = sorted(truth)
    halves = {"A": set(names[0::2]), "B": set(names[1::2])}
    print(f"\n== {title}")
    print(f"{'field':14s}{'all':>12s}{'A (dev)':>12s}{'B (held)':>12s}")
    scores = {n: score_file(truth[n], res[n]["doc_type"], res[n]["fields"]) for n in names}
    for field in SCORED + ("blank",):
        cells = []
        for sel in (set(names), halves["A"], halves["B"]):
            rs = [scores[n][field] for n in names if n in sel and field in scores[n]]
            cells.append(f"{sum(r[2] for r in rs) / len(rs):.2f} ({sum(r[2] for r in rs)}/{len(rs)})"
                         if rs else "-")
        print(f"{field:14s}" + "".join(f"{c:>12s}" for c in cells))
    cells = []
    for sel in (set(names), halves["A"], halves["B"]):
        oks = [o for n in names if n in sel for o in ok_checks(truth[n], res[n]["fields"])]
        cells.append(f"{sum(o[2] for o in oks)}/{len(oks)}")
    print(f"{'ok right':14s}" + "".join(f"{c:>12s}" for c in cells))
    reliability(truth, res, scores)
    bad = [(n, o) for n in names for o in ok_checks(truth[n], res[n]["fields"]) if not o[2]]
    for n, o in bad:
        print(f"  wrong ok: {n} {o[0]}={o[1]!r}")
    if verbose:  # the misses of the part developed on (--show-held: the held part's too)
        for n in names:
            h = "A" if n in halves["A"] else "B"
            if h == "B" and not show_held:
                continue
            for field, (want, got, right, st) in scores[n].items():
                if not right:
                    print(f"  miss {h} {n:34s} {field:13s} want={want!r} got={got!r} [{st}]")


def changes(title: str, truth: dict, before: dict, now: dict) -> None:
    """Per field and part: values a change turned from wrong or missing into right, and from
    right into wrong (the rule: a change that makes a right value wrong on A is not kept)."""
    names = sorted(truth)
    halves = {"A": set(names[0::2]), "B": set(names[1::2])}
    sb = {n: score_file(truth[n], before[n]["doc_type"], before[n]["fields"]) for n in names}
    sn = {n: score_file(truth[n], now[n]["doc_type"], now[n]["fields"]) for n in names}
    print(f"\n== changes {title}: wrong/missing -> right, right -> wrong")
    print(f"{'field':14s}{'A (dev)':>12s}{'B (held)':>12s}")
    for field in SCORED + ("blank",):
        cells = []
        for part in ("A", "B"):
            fixed = [n for n in names if n in halves[part] and field in sn[n] and field in sb[n]
                     and sn[n][field][2] and not sb[n][field][2]]
            broke = [n for n in names if n in halves[part] and field in sn[n] and field in sb[n]
                     and sb[n][field][2] and not sn[n][field][2]]
            cells.append(f"+{len(fixed)} -{len(broke)}")
            for n in broke:
                print(f"  {part} right -> wrong: {n} {field} {sb[n][field][1]!r} -> "
                      f"{sn[n][field][1]!r}")
        print(f"{field:14s}" + "".join(f"{c:>12s}" for c in cells))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--lines-cache", type=Path, required=True)
    ap.add_argument("--before", default=None, help="also score the code of this git revision")
    ap.add_argument("--json-out", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--no-image", action="store_true",
                    help="extract from the recorded lines only (no page image: no line is read "
                         "again under its field's constraints)")
    ap.add_argument("--plain-too", action="store_true",
                    help="also extract without the page image, and print what the image changes")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the misses of part A")
    ap.add_argument("--show-held", action="store_true", help="with -v: of part B too")
    args = ap.parse_args(argv)
    data_dir, cache = args.data_dir.resolve(), args.lines_cache.resolve()
    if args.json_out:  # the child run of --before: results only
        args.json_out.write_text(json.dumps(run_here(data_dir, cache, not args.no_image)))
        return 0
    truth = json.loads((data_dir / "truth.json").read_text())
    before = plain = None
    if args.before:
        with tempfile.TemporaryDirectory(prefix="fields_before_") as tmp, \
                at_revision(args.before, Path(tmp) / "wt") as wt:
            out = Path(tmp) / "before.json"
            run_bench_at(wt, __file__, [str(data_dir), "--lines-cache", str(cache),
                                        "--json-out", str(out)])
            before = json.loads(out.read_text())
            report(f"before ({args.before})", truth, before, False)
    if args.plain_too:
        plain = run_here(data_dir, cache, False)
        report("now, recorded lines only (no page image)", truth, plain, False)
    now = run_here(data_dir, cache, not args.no_image)
    report("now" + (", recorded lines only" if args.no_image else ""), truth, now,
           args.verbose, args.show_held)
    if before is not None:
        changes(f"{args.before} -> now", truth, before, now)
    if plain is not None:
        changes("no image -> image", truth, plain, now)
    return 0


if __name__ == "__main__":
    sys.exit(main())
