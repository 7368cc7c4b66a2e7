"""Cheque field extraction on the sample cheques: per-field exact match vs ground truth.

    python bench/cheque_fields_dev.py                   # OCR every sample with RapidOCR
    python bench/cheque_fields_dev.py --from-fixtures   # use the recorded OCR lines
    python bench/cheque_fields_dev.py --save-fixtures   # OCR, then record the lines under
                                                        # tests/data/cheque_lines/<stem>.json
    python bench/cheque_fields_dev.py --synthetic 40    # also 40 fresh random cheques drawn with
                                                        # sample_docs/make_samples.py (other values,
                                                        # seeds, scan effects) as a held-out check

For cheques in fonts, layouts and handwriting the rules were not written on, dev and held-back
apart, see ``bench/cheque_synth_bench.py`` (drawn by ``bench/cheque_synth.py``).

The OCR here is the installed reference engine (``rapidocr``), not the pipeline's own
models: the point is realistic OCR text and boxes for developing the rules in
``pipeline/extract/cheque*.py``. Not part of the test run's pass/fail.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.document import Line, Word, line_from_dict  # noqa: E402
from pipeline.extract.amounts import format_decimal, parse_amount_words  # noqa: E402
from pipeline.extract.cheque import CHEQUE_FIELDS, extract_cheque  # noqa: E402

SAMPLES = ROOT / "sample_docs" / "cheques"
TRUTH = ROOT / "sample_docs" / "ground_truth"
FIXTURES = ROOT / "tests" / "data" / "cheque_lines"


def reading_order(items: list) -> list:
    """Sort (text, conf, box, ...) top to bottom, then left to right within a row."""
    def ys(b):
        return min(p[1] for p in b), max(p[1] for p in b)

    items = sorted(items, key=lambda it: sum(ys(it[2])) / 2)
    rows: List[list] = []
    for it in items:
        y0, y1 = ys(it[2])
        cy, h = (y0 + y1) / 2, y1 - y0
        if rows:
            r0 = min(ys(r[2])[0] for r in rows[-1])
            r1 = max(ys(r[2])[1] for r in rows[-1])
            rcy, rh = (r0 + r1) / 2, r1 - r0
            if abs(cy - rcy) <= 0.5 * min(h, rh):
                rows[-1].append(it)
                continue
        rows.append([it])
    out = []
    for r in rows:
        out.extend(sorted(r, key=lambda it: min(p[0] for p in it[2])))
    return out


def ocr_page(engine, path: Path) -> Tuple[List[Line], int, int]:
    """RapidOCR lines (with word boxes) of one image, in reading order."""
    from PIL import Image

    with Image.open(path) as im:
        width, height = im.size
    res = engine(str(path), return_word_box=True)
    items = []
    boxes = res.boxes if res.boxes is not None else ()
    word_results = res.word_results or [()] * len(boxes)
    for text, conf, box, words in zip(res.txts or (), res.scores or (), boxes, word_results):
        ws = [Word(text=str(w[0]), conf=float(w[1]), box=[(float(x), float(y)) for x, y in w[2]])
              for w in (words or ()) if w and w[0]]
        items.append((str(text), float(conf), [(float(x), float(y)) for x, y in box], ws))
    lines = [Line(text=t, conf=c, box=b, words=ws, line_no=i)
             for i, (t, c, b, ws) in enumerate(reading_order(items))]
    return lines, width, height


def save_fixture(stem: str, lines: List[Line], width: int, height: int, source: str,
                 truth: dict, known_ocr_errors: Optional[dict] = None) -> Path:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    data = {
        "source": source,
        "ocr": "rapidocr 3.10 defaults (PP-OCRv6 small det/rec), return_word_box=True",
        "note": "recorded by bench/cheque_fields_dev.py --save-fixtures; 'truth' copied from "
                "sample_docs/ground_truth at recording time",
        "width": width,
        "height": height,
        "truth": truth["fields"],
        "known_ocr_errors": known_ocr_errors or {},
        "lines": [{"text": l.text, "conf": round(l.conf, 4),
                   "box": [[round(x, 1), round(y, 1)] for x, y in l.box], "line_no": l.line_no,
                   "words": [{"text": w.text, "conf": round(w.conf, 4),
                              "box": [[round(x, 1), round(y, 1)] for x, y in w.box]}
                             for w in l.words]}
                  for l in lines],
    }
    # one line of OCR per row of the file: small, and a re-recording diffs line by line
    head = json.dumps({k: v for k, v in data.items() if k != "lines"}, indent=1,
                      ensure_ascii=False)
    rows = ",\n".join("  " + json.dumps(l, ensure_ascii=False) for l in data["lines"])
    text = head[:-2] + ',\n "lines": [\n' + rows + "\n ]\n}\n"
    json.loads(text)  # stays valid JSON
    p = FIXTURES / f"{stem}.json"
    p.write_text(text, encoding="utf-8")
    return p


def load_fixture(path: Path) -> Tuple[List[Line], float, float]:
    data = json.loads(path.read_text(encoding="utf-8"))
    lines = [line_from_dict(d) for d in data["lines"]]
    return lines, data["width"], data["height"]


def expected_values(truth: dict) -> Dict[str, Optional[str]]:
    """Ground-truth fields normalised the way ``extract_cheque`` writes values."""
    f = truth["fields"]
    words = parse_amount_words(f.get("amount_words") or "")
    sig = f.get("signature_present")
    return {
        "payee": f.get("payee"),
        "amount": f.get("amount"),
        "amount_words": format_decimal(words) if words is not None else f.get("amount"),
        "date": f.get("date_iso"),
        "cheque_number": f.get("cheque_number"),
        "bank_name": f.get("bank_name"),
        "memo": f.get("memo"),
        "micr_routing": f.get("micr_routing"),
        "micr_account": f.get("micr_account"),
        "micr_serial": f.get("micr_serial"),
        "signature_present": None if sig is None else ("true" if sig else "false"),
        "currency": f.get("currency"),
    }


def load_image(path: Path):
    import numpy as np
    from PIL import Image

    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


# ----------------------------------------------------------------------------- synthetic

_PAYEES = ["Jonas Whitaker", "Bright Path Tutoring", "Lopez & Sons Plumbing", "Meadowbrook HOA",
           "Dr. Helen Park", "Tri-County Water District", "Oakridge Veterinary Clinic",
           "Samuel O'Neil", "Atlas Freight Corp.", "Willow Creek Daycare", "Fatima Haddad",
           "Northgate Hardware Inc.", "City of Fairview", "Blue Heron Books"]
_BANKS = [("Silver Lake Bank", ["Madison, Wisconsin"]),
          ("Prairie State Credit Union", ["Main Office", "Springfield, IL 62701"]),
          ("Harbor Point Savings", ["Member FDIC"]),
          ("Cascade Federal Bank", ["Tacoma, Washington"]),
          ("Old Mill Trust Company", ["Lancaster, Pennsylvania"]),
          ("Redwood Coast Credit Union", ["Eureka Branch", "Eureka, CA 95501"])]
_PAYERS = [["Marcus J. Bell", "14 Orchard Way", "Madison, WI 53703"],
           ["Keisha and Ron Adler", "802 Elm Avenue", "Tacoma, WA 98402"],
           ["Hillside Bakery LLC", "3 Mill Road", "Lancaster, PA 17602"], []]
_MEMOS = ["Rent March", "Invoice 5521", "Lawn care", "Deposit", "Dues 2026", "Books", None, None]


def _random_spec(ms, rng, i: int):
    import datetime as dt

    template = str(rng.choice(["classic", "bankleft", "business", "modern"]))
    bank, sub = _BANKS[int(rng.integers(len(_BANKS)))]
    payer = [] if template == "bankleft" else _PAYERS[int(rng.integers(len(_PAYERS) - 1))]
    cents = int(rng.choice([int(rng.integers(100, 100000)), int(rng.integers(1, 3000)) * 100,
                            int(rng.integers(100000, 5000000))]))
    dollars, c = divmod(cents, 100)
    style = str(rng.choice(["plain", "dollars"] + (["no100"] if c == 0 else [])))
    fmt_amt = int(rng.integers(4))
    amount_text = (f"{dollars:,}.{c:02d}" if fmt_amt == 0 else f"${dollars:,}.{c:02d}"
                   if fmt_amt == 1 else (f"${dollars:,}" if c == 0 else f"${dollars:,}.{c:02d}")
                   if fmt_amt == 2 else f"{dollars}.{c:02d}")
    d = dt.date(2025, 1, 1) + dt.timedelta(days=int(rng.integers(0, 500)))
    fmts = ["%m/%d/%Y", "%B {d}, %Y", "{d} %b %Y", "%b {d}, %Y", "%Y-%m-%d", "%m-%d-%Y"]
    if d.day > 12:
        fmts += ["%d/%m/%Y", "%d.%m.%Y"]
    date = d.strftime(str(rng.choice(fmts))).replace("{d}", str(d.day))
    number = str(int(rng.integers(101, 99999)))
    serial = number.zfill(6) if rng.random() < 0.3 else number
    return ms.ChequeSpec(
        stem=f"synthetic_{i:03d}", ext=str(rng.choice(["png", "jpg"])),
        width_px=int(rng.integers(1300, 2400)), template=template, bank_name=bank,
        bank_sub=list(sub), logo=str(rng.choice(["wave", "mountain", "diamond", "circle", "columns"])),
        brand=tuple(int(v) for v in rng.integers(0, 150, size=3)), payer=list(payer),
        payee=_PAYEES[int(rng.integers(len(_PAYEES)))], cents=cents, amount_text=amount_text,
        words_style=style, date=date, date_iso=d.isoformat(), cheque_number=number,
        number_prefix=str(rng.choice(["", "No. "])), memo=_MEMOS[int(rng.integers(len(_MEMOS)))],
        routing=ms.make_routing(rng), account=ms.make_account(rng, int(rng.integers(8, 13))),
        serial=serial, signature=bool(rng.random() < 0.7), seed=int(rng.integers(1, 10**6)),
        tint=tuple(int(v) for v in rng.integers(236, 256, size=3)),
        pattern=rng.choice([None, "hatch", "waves", "guilloche"]), gray=bool(rng.random() < 0.4),
        angle=float(rng.uniform(-0.9, 0.9)))


def synthetic_cases(n: int, seed: int, workdir: Path):
    """(path, truth) for ``n`` random cheques drawn with sample_docs/make_samples.py."""
    import importlib.util

    import numpy as np

    spec_path = ROOT / "sample_docs" / "make_samples.py"
    spec = importlib.util.spec_from_file_location("make_samples", spec_path)
    ms = importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = ms  # dataclasses look their module up
    spec.loader.exec_module(ms)
    rng = np.random.default_rng(seed)
    for i in range(n):
        sp = _random_spec(ms, rng, i)
        img, lines = ms.render_cheque(sp)
        r2 = np.random.default_rng(sp.seed + 1000)
        img = ms.scan_effects(img, r2, angle=sp.angle, blur=float(r2.uniform(0.5, 0.8)),
                              noise=float(r2.uniform(2.5, 4.0)) if sp.ext == "jpg" else 2.0)
        path = workdir / f"{sp.stem}.{sp.ext}"
        ms.save_image(img, str(path), sp.ext, sp.gray)
        yield path, {"fields": ms.cheque_fields(sp), "lines": lines}


def pdf_cheque_pages(workdir: Path):
    """(png, truth, source) for the cheque pages inside the sample PDFs (rendered at the
    ground truth's dpi); nothing when PyMuPDF is not installed."""
    try:
        import pymupdf
    except ImportError:
        return
    for tpath in sorted(TRUTH.glob("*.json")):
        truth = json.loads(tpath.read_text(encoding="utf-8"))
        if not str(truth.get("file", "")).endswith(".pdf"):
            continue
        for page in truth.get("pages", []):
            if page.get("doc_type") != "cheque" or "fields" not in page:
                continue
            pdf = ROOT / "sample_docs" / truth["file"]
            if not pdf.exists():
                continue
            with pymupdf.open(str(pdf)) as doc:
                pix = doc[page["page"] - 1].get_pixmap(dpi=int(truth.get("dpi", 200)))
                out = workdir / f"{pdf.stem}_p{page['page']}.png"
                pix.save(str(out))
            yield out, {"fields": page["fields"]}, f"sample_docs/{truth['file']}#page={page['page']}"


# ----------------------------------------------------------------------------- main


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from-fixtures", action="store_true", help="use recorded OCR lines")
    ap.add_argument("--save-fixtures", action="store_true", help="record OCR lines as test fixtures")
    ap.add_argument("--no-image", action="store_true", help="do not pass the page image")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every field")
    ap.add_argument("--synthetic", type=int, default=0, metavar="N",
                    help="score N fresh random cheques instead of the samples")
    ap.add_argument("--seed", type=int, default=1, help="seed of the synthetic cheques")
    args = ap.parse_args(argv)

    import tempfile

    tmp = tempfile.TemporaryDirectory(prefix="cheque_synth_")
    if args.synthetic:
        cases = ((p, t, p.name) for p, t in synthetic_cases(args.synthetic, args.seed,
                                                             Path(tmp.name)))
        args.from_fixtures = args.save_fixtures = False
    else:
        samples = sorted(p for p in SAMPLES.glob("*") if p.suffix.lower() in (".png", ".jpg", ".jpeg"))
        if not samples:
            print(f"no sample cheques under {SAMPLES}")
            return 1
        cases = [(p, None, f"sample_docs/cheques/{p.name}") for p in samples]
        cases += list(pdf_cheque_pages(Path(tmp.name)))
    engine = None
    if not args.from_fixtures:
        from rapidocr import RapidOCR

        engine = RapidOCR()

    names = [n for n, _ in CHEQUE_FIELDS]
    hits = {n: 0 for n in names}
    totals = {n: 0 for n in names}
    misses: List[str] = []
    for path, truth, source in cases:
        if truth is None:
            tpath = TRUTH / f"{path.stem}.json"
            if not tpath.exists():
                print(f"{path.name}: no ground truth, skipped")
                continue
            truth = json.loads(tpath.read_text(encoding="utf-8"))
        if args.from_fixtures:
            fx = FIXTURES / f"{path.stem}.json"
            if not fx.exists():
                print(f"{path.name}: no fixture, skipped")
                continue
            lines, width, height = load_fixture(fx)
        else:
            lines, width, height = ocr_page(engine, path)
        image = None if args.no_image else load_image(path)
        fields = {f.name: f for f in extract_cheque(lines, width, height, image=image)}
        exp = expected_values(truth)
        if args.save_fixtures:
            known = {n: {"value": fields[n].value,
                         "why": "the recorded OCR text lost or gained a space here"}
                     for n in names if n != "signature_present" and fields[n].value != exp[n]
                     and fields[n].value is not None and exp[n] is not None
                     and "".join(fields[n].value.split()) == "".join(exp[n].split())}
            save_fixture(path.stem, lines, width, height, source, truth, known)
        for n in names:
            if n == "signature_present" and image is None:
                continue
            got = fields[n].value
            ok = got == exp[n]
            totals[n] += 1
            hits[n] += ok
            if not ok:
                spaces = (got is not None and exp[n] is not None
                          and "".join(got.split()) == "".join(exp[n].split()))
                misses.append(f"{path.stem:12s} {n:18s} got={got!r} want={exp[n]!r} "
                              f"status={fields[n].status}"
                              + (" [differs only in spaces]" if spaces else "")
                              + (f" {fields[n].message}" if fields[n].message else ""))
            if args.verbose:
                f = fields[n]
                print(f"{path.stem:12s} {n:18s} {'OK ' if ok else 'BAD'} value={f.value!r} raw={f.raw!r} "
                      f"status={f.status} lines={f.line_nos} {f.message}")

    print(f"\n{'field':18s} exact  of  rate")
    all_hit = all_tot = 0
    for n in names:
        if totals[n]:
            print(f"{n:18s} {hits[n]:5d} {totals[n]:3d}  {hits[n] / totals[n]:.0%}")
            all_hit += hits[n]
            all_tot += totals[n]
    print(f"{'ALL':18s} {all_hit:5d} {all_tot:3d}  {all_hit / max(1, all_tot):.0%}")
    if misses:
        print("\nmisses:")
        for m in misses:
            print("  " + m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
