"""Cheque fields on varied synthetic cheques (US: bench/cheque_synth.py; Indian: --kind in): per-field accuracy, dev and held.

    python bench/cheque_synth_bench.py --dev 60 --held 60 --work /tmp/cheque_synth
    python bench/cheque_synth_bench.py --dev 60 --held 60 --work /tmp/cheque_synth --before REV
    python bench/cheque_synth_bench.py ... -v                 # every miss of the dev part
    python bench/cheque_synth_bench.py ... -v --show-held     # and of the held part
    python bench/cheque_synth_bench.py ... --image            # extraction gets the page image
    python bench/cheque_synth_bench.py --kind intl --work /tmp/cheque_intl ...  # Brazil, Turkey,
                                        # Tunisia, Kenya (bench/cheque_synth_intl.py), per country
    python bench/cheque_synth_bench.py --kind gulf ...  # the UAE, Qatar, Saudi Arabia, Kuwait,
                                        # Oman, Bahrain, Sri Lanka (bench/cheque_synth_gulf.py)
    python bench/cheque_synth_bench.py ... --save-fixture dev_0007   # its recorded OCR lines into
                                                    # tests/data/cheque_lines_synth/dev_0007.json
    python bench/cheque_synth_bench.py --kind in --dev 60 --held 60 --work /tmp/cheque_synth_in
                                                    # Indian CTS-2010 cheques (bench/cheque_synth_in.py)

``--kind`` names the generator (``KINDS``: "us", the default, bench/cheque_synth.py; "in",
bench/cheque_synth_in.py; "intl", bench/cheque_synth_intl.py; "anglo" and "gulf", the
countries of bench/cheque_synth_anglo.py and bench/cheque_synth_gulf.py); each kind keeps its
own work folder (the default is ``cheque_synth`` / ``cheque_synth_in`` in the temporary folder;
a folder drawn for another kind is refused) and its fixtures are named with the kind
("in_dev_0007.json"). Every kind is scored
the same way; a kind whose truth names the currency scores it too.

Dev cheques are seeds 0..N-1 drawn in the dev half of the font families; held cheques are seeds
100000.. in the other half (fonts, and so handwriting, not seen while developing); ``--fresh N``
adds a second held-back set (seeds 200000.., held fonts) for a round after the first held set's
misses were looked at, ``--fresh2 N`` a third (seeds 300000.., held fonts) after the second's
were, and so on (``--fresh3`` .. ``--fresh20``: seeds 400000.., 500000.., ... 2000000.., 2100000..;
``BASES``). ``--draw-only`` draws and OCRs without printing any figure. Each cheque
is drawn once into ``WORK/images`` with its truth in ``WORK/truth.json``, OCR'd once with
mmbatch (``pipeline.api.ocr``) into ``WORK/lines``; a rerun only classifies and extracts.
``--before REV`` scores the code of another revision on the same recorded lines.

Scoring as ``bench/fields_real_cheques.py`` (payee: case, spaces and end punctuation folded;
MICR: every digit group right), plus memo (the same folding; a cheque without a memo is right
when none is read). ``ok right``: of the values marked `ok`, how many are right.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Dict

from _revision import at_revision, run_bench_at
from fields_real_cheques import _norm_text, ok_checks, page_image, score_file

ROOT = Path(__file__).resolve().parents[1]
SCORED = ("payee", "amount", "date", "amount_words", "memo", "micr", "cheque_number")
HELD_BASE = 100000
FIXTURES = ROOT / "tests" / "data" / "cheque_lines_synth"
# kind -> (generator module in bench/, fields scored besides SCORED); one line adds a kind
KINDS = {"us": ("cheque_synth", ()),
         "in": ("cheque_synth_in", ("currency",)),
         "intl": ("cheque_synth_intl", ("currency",)),
         "anglo": ("cheque_synth_anglo", ("currency",)),
         "gulf": ("cheque_synth_gulf", ("currency",))}


# each set: its first seed; every set but dev is drawn in the held fonts. held, then fresh,
# fresh2 ... each drawn after the one before had been looked at
BASES = {"dev": 0, "held": HELD_BASE, "fresh": 200000, "fresh2": 300000, "fresh3": 400000,
         "fresh4": 500000, "fresh5": 600000, "fresh6": 700000,
         "fresh7": 800000, "fresh8": 900000, "fresh9": 1000000, "fresh10": 1100000,
         "fresh11": 1200000, "fresh12": 1300000,
         "fresh13": 1400000, "fresh14": 1500000, "fresh15": 1600000,
         "fresh16": 1700000, "fresh17": 1800000, "fresh18": 1900000,
         "fresh19": 2000000, "fresh20": 2100000}
SETS = tuple(BASES)
FRESH_SETS = SETS[2:]


def seed_of(name: str) -> tuple:
    """(set, seed, font half) of a cheque's name: dev_0007 is seed 7 in the dev fonts,
    held_0007 seed 100007, fresh_0007 seed 200007, fresh2_0007 seed 300007 ... (``BASES``),
    all in the held fonts."""
    part, i = name.rsplit("_", 1)
    return part, BASES[part] + int(i), "dev" if part == "dev" else "held"


def names_of(n_dev: int, n_held: int, **n_fresh: int) -> Dict[str, tuple]:
    """The cheques of each set (``n_fresh``: fresh=N, fresh2=N ...), named set_NNNN."""
    counts = {"dev": n_dev, "held": n_held, **n_fresh}
    names = [f"{part}_{i:04d}" for part in SETS for i in range(counts.get(part, 0))]
    return {n: seed_of(n) for n in names}


def generator(kind: str):
    """The generator module of a kind (its make_cheque, save_cheque, GENERATOR_VERSION)."""
    import importlib

    return importlib.import_module(KINDS[kind][0])


def draw_all(work: Path, names: Dict[str, tuple], kind: str = "us") -> dict:
    """Draw the cheques not yet drawn; the truth of all of them."""
    gen = generator(kind)
    make_cheque, save_cheque = gen.make_cheque, gen.save_cheque

    (work / "images").mkdir(parents=True, exist_ok=True)
    tpath = work / "truth.json"
    truth = json.loads(tpath.read_text()) if tpath.exists() else {}
    if truth and truth.get("_kind", "us") != kind:
        raise SystemExit(f"{work} holds cheques of kind {truth.get('_kind', 'us')!r}, not "
                         f"{kind!r}: give another --work")
    from cheque_synth import font_set

    fonts = font_set()
    if truth.get("_version") != gen.GENERATOR_VERSION:
        truth = {"_version": gen.GENERATOR_VERSION, "_fonts": fonts}
    if truth.get("_fonts", fonts) != fonts:
        raise SystemExit(f"{work} was drawn in another set of fonts ({truth['_fonts']}; this "
                         f"machine has {fonts}): give another --work")
    truth.setdefault("_fonts", fonts)
    print(f"fonts: {fonts}")
    if kind != "us":
        truth["_kind"] = kind
    for name, (part, seed, fonts) in names.items():
        if name in truth:
            continue
        img, t, save = make_cheque(seed, fonts)
        t["image"] = save_cheque(img, save, work / "images" / name).name
        t["part"] = part
        truth[name] = t
    tpath.write_text(json.dumps(truth, indent=1))
    return truth


def ocr_all(work: Path, truth: dict, names) -> None:
    """Record the OCR lines of every cheque not yet recorded (mmbatch's own OCR)."""
    from pipeline.api import ocr
    from pipeline.document import line_to_dict

    (work / "lines").mkdir(exist_ok=True)
    for n in names:
        c = work / "lines" / f"{n}.json"
        if c.exists():
            continue
        p = ocr(work / "images" / truth[n]["image"], no_fields=True)[0]
        c.write_text(json.dumps({"width": p.width, "height": p.height,
                                 "lines": [line_to_dict(l) for l in p.lines]}))


def run_here(work: Path, names, with_image: bool = False) -> dict:
    """Classify and extract every cheque with the code under ROOT; a JSON-able result.
    ``with_image``: extraction gets the page image too, as it does for an OCR page in a run
    (the fields' lines are read again under their constraints)."""
    sys.path.insert(0, str(ROOT))
    from pipeline.document import line_from_dict
    from pipeline.extract.fields import FieldOptions, extract_fields

    truth = json.loads((work / "truth.json").read_text()) if with_image else {}
    res = {}
    for n in names:
        d = json.loads((work / "lines" / f"{n}.json").read_text())
        lines = [line_from_dict(l) for l in d["lines"]]
        w, h = float(d["width"]), float(d["height"])
        image = page_image(work / "images" / truth[n]["image"]) if with_image else None
        try:
            doc_type, fs = extract_fields(lines, w, h, image, FieldOptions())
            if doc_type != "cheque":  # fields as if the user said --doc-type cheque
                _, fs = extract_fields(lines, w, h, image, FieldOptions(doc_type="cheque"))
        except Exception as e:  # a crash counts as nothing read (and is listed)
            print(f"  error: {n}: {type(e).__name__}: {e}")
            doc_type, fs = "error", []
        res[n] = {"doc_type": doc_type,
                  "fields": {f.name: {"value": f.value, "status": f.status, "raw": f.raw,
                                      "message": f.message} for f in fs}}
    return res


def score(t: dict, r: dict) -> Dict[str, tuple]:
    out = score_file(t, r["doc_type"], r["fields"])
    f = r["fields"].get("memo") or {}
    got = f.get("value")
    out["memo"] = (t.get("memo"), got, _norm_text(got) == _norm_text(t.get("memo")),
                   f.get("status", "missing"))
    return out


def report(title: str, truth: dict, res: dict, verbose: bool, show_held: bool) -> dict:
    shown = [p for p in SETS if any(truth[n]["part"] == p for n in res)] or ["dev"]
    parts = {p: [n for n in res if truth[n]["part"] == p] for p in shown}
    scores = {n: score(truth[n], res[n]) for n in res}
    print(f"\n== {title}")
    print(f"{'field':14s}" + "".join(f"{p:>14s}" for p in shown))
    table = {}
    for field in ("doc_type",) + SCORED:
        cells = []
        for p in shown:
            rs = [scores[n][field] for n in parts[p] if field in scores[n]]
            k = sum(r[2] for r in rs)
            cells.append(f"{k / len(rs):.2f} ({k}/{len(rs)})" if rs else "-")
            table[(field, p)] = (k, len(rs))
        print(f"{field:14s}" + "".join(f"{c:>14s}" for c in cells))
    cells = []
    for p in shown:
        oks = [o for n in parts[p] for o in ok_checks(truth[n], res[n]["fields"])]
        cells.append(f"{sum(o[2] for o in oks)}/{len(oks)}")
    print(f"{'ok right':14s}" + "".join(f"{c:>14s}" for c in cells))
    for field in ("payee", "date", "memo"):  # how often a value of each status is right
        cells = []
        for p in shown:
            by: Dict[str, list] = {}
            for n in parts[p]:
                f = res[n]["fields"].get(field) or {}
                if f.get("value") is None:
                    continue
                tag = f["status"] + ("*" if (f.get("message") or "").startswith("no ") else "")
                by.setdefault(tag, []).append(scores[n][field][2])
            cells.append(" ".join(f"{k} {sum(v)}/{len(v)}" for k, v in sorted(by.items())))
        print(f"  {field:12s}" + " | ".join(cells))
    print("  (status right/read; * read where no label was)")
    for p in shown:
        for n in parts[p]:
            for o in ok_checks(truth[n], res[n]["fields"]):
                if not o[2]:
                    print(f"  wrong ok: {n} {o[0]}={o[1]!r}")
    countries = sorted({truth[n].get("country") for n in res} - {None})
    for c in countries:  # per country (the intl generator)
        print(f"  {c:12s}" + " | ".join(
            f"{p} " + " ".join(
                f"{f[:6]} {sum(scores[n][f][2] for n in ns if f in scores[n])}/"
                f"{sum(1 for n in ns if f in scores[n])}" for f in SCORED)
            for p in shown for ns in [[n for n in parts[p] if truth[n].get("country") == c]]))
    if verbose:
        for p in [q for q in shown if show_held or q == "dev"]:
            for n in parts[p]:
                for field, (want, got, right, st) in scores[n].items():
                    if not right and field in SCORED:
                        raw = (res[n]["fields"].get(field) or {}).get("raw")
                        print(f"  miss {n} {field:13s} want={want!r} got={got!r} raw={raw!r} "
                              f"[{st}] ({truth[n]['image']})")
    return table


def changes(title: str, truth: dict, before: dict, now: dict) -> None:
    """Per field and set: values a change turned from wrong or missing into right, and from
    right into wrong (the right -> wrong ones of dev named; the held sets' counted only)."""
    shown = [p for p in SETS if any(truth[n]["part"] == p for n in now)]
    sb = {n: score(truth[n], before[n]) for n in now}
    sn = {n: score(truth[n], now[n]) for n in now}
    print(f"\n== changes {title}: wrong/missing -> right, right -> wrong")
    print(f"{'field':14s}" + "".join(f"{p:>12s}" for p in shown))
    for field in SCORED:
        cells = []
        for part in shown:
            ns = [n for n in now if truth[n]["part"] == part and field in sn[n] and field in sb[n]]
            fixed = [n for n in ns if sn[n][field][2] and not sb[n][field][2]]
            broke = [n for n in ns if sb[n][field][2] and not sn[n][field][2]]
            cells.append(f"+{len(fixed)} -{len(broke)}")
            if part == "dev":
                for n in broke:
                    print(f"  dev right -> wrong: {n} {field} {sb[n][field][1]!r} -> "
                          f"{sn[n][field][1]!r}")
        print(f"{field:14s}" + "".join(f"{c:>12s}" for c in cells))


def save_fixture(work: Path, truth: dict, name: str, kind: str = "us") -> Path:
    """The recorded OCR lines of one cheque, with its truth, as a test fixture."""
    module = KINDS[kind][0]
    GENERATOR_VERSION = generator(kind).GENERATOR_VERSION
    d = json.loads((work / "lines" / f"{name}.json").read_text())
    t = truth[name]
    keep = ("payee", "date", "date_as_written", "memo", "amount", "amount_words",
            "amount_as_written", "cheque_number", "micr_line", "layout") + (
        ("country", "currency") if kind != "us" else ())
    _, seed, fonts = seed_of(name)
    head = {"source": f"bench/{module}.py make_cheque({seed}, {fonts!r}), generator version "
                      f"{GENERATOR_VERSION}, saved as {t['image']} (drawn here; made-up names)",
            "ocr": "mmbatch's own OCR (pipeline.api.ocr, defaults)",
            "width": d["width"], "height": d["height"],
            "truth": {k: t.get(k) for k in keep}}
    rows = ",\n".join("  " + json.dumps(l, ensure_ascii=False) for l in d["lines"])
    text = json.dumps(head, indent=1, ensure_ascii=False)[:-2] + ',\n "lines": [\n' + rows + "\n ]\n}\n"
    json.loads(text)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    out = FIXTURES / f"{'' if kind == 'us' else kind + '_'}{name}.json"
    out.write_text(text, encoding="utf-8")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kind", choices=sorted(KINDS), default="us",
                    help="which cheques: us (bench/cheque_synth.py), in (India CTS-2010: "
                         "bench/cheque_synth_in.py), intl (Brazil, Turkey, Tunisia, Kenya: "
                         "bench/cheque_synth_intl.py), anglo (Australia, the UK, Canada), "
                         "gulf (the Gulf states, Sri Lanka: bench/cheque_synth_gulf.py); "
                         "each kind keeps its own --work")
    ap.add_argument("--dev", type=int, default=60, help="dev cheques (seeds 0..N-1)")
    ap.add_argument("--held", type=int, default=60, help="held-back cheques")
    for k, part in enumerate(FRESH_SETS):
        ap.add_argument(f"--{part}", type=int, default=0,
                        help=f"held-back set {k + 2} (seeds {BASES[part]}..), held fonts")
    ap.add_argument("--draw-only", action="store_true",
                    help="draw and OCR the cheques, print no figures")
    ap.add_argument("--work", type=Path, default=None,
                    help="where the cheques, their truth and their OCR lines are kept (default: "
                         "cheque_synth, or cheque_synth_KIND, in the temporary folder)")
    ap.add_argument("--before", default=None, help="also score the code of this git revision")
    ap.add_argument("--json-out", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--image", action="store_true",
                    help="extraction gets the page image too (the fields' lines read again "
                         "under their constraints, as in a run)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the misses of dev")
    ap.add_argument("--show-held", action="store_true", help="with -v: of held too")
    ap.add_argument("--save-fixture", nargs="+", default=[], metavar="NAME",
                    help="record these cheques' OCR lines as test fixtures")
    args = ap.parse_args(argv)
    work = (args.work or Path(tempfile.gettempdir()) / (
        "cheque_synth" + ("" if args.kind == "us" else "_" + args.kind))).resolve()
    fresh = {part: getattr(args, part) for part in FRESH_SETS}
    names = names_of(args.dev, args.held, **fresh)
    if args.json_out:  # the child run of --before: results only
        args.json_out.write_text(json.dumps(run_here(work, names, args.image)))
        return 0
    sys.path.insert(0, str(ROOT))
    global SCORED
    SCORED = SCORED + KINDS[args.kind][1]
    truth = draw_all(work, names, args.kind)
    ocr_all(work, truth, names)
    for name in args.save_fixture:
        print("wrote", save_fixture(work, truth, name, args.kind))
    if args.draw_only:
        return 0
    if args.before:
        with tempfile.TemporaryDirectory(prefix="synth_before_") as tmp, \
                at_revision(args.before, Path(tmp) / "wt") as wt:
            out = Path(tmp) / "before.json"
            run_bench_at(wt, __file__, ["--dev", str(args.dev), "--held", str(args.held),
                                        *[a for part, n in fresh.items()
                                          for a in (f"--{part}", str(n))],
                                        "--work", str(work), "--json-out", str(out)]
                         + (["--image"] if args.image else []))
            before = json.loads(out.read_text())
            report(f"before ({args.before})", truth, before, False, False)
    now = run_here(work, names, args.image)
    report("now" + (", with the page image" if args.image else ""), truth, now, args.verbose,
           args.show_held)
    if args.before:
        changes(f"{args.before} -> now", truth, before, now)
    return 0


if __name__ == "__main__":
    sys.exit(main())
