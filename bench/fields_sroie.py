"""Receipt field benchmark on SROIE-style data: exact-match accuracy of company, date, total, address.

Usage::

    python bench/fields_sroie.py SROIE_DIR [--ocr mmbatch|rapidocr|truth] [--lines-cache DIR]
                                 [--only IDS] [--part A|B] [--split halves|parity]
                                 [--no-misses] [--misses-of A|B|all] [--json OUT] [--slips]

SROIE_DIR holds ``img/NNN.jpg`` and ``key/NNN.json`` (company, date, address, total as printed);
e.g. ``../shared/eval/sroie-dev``. This is a benchmark, not a test: nothing in ``tests/`` reads it.

``--ocr mmbatch`` (default) reads each image with ``pipeline.api.ocr_file``; ``--ocr rapidocr``
with the reference RapidOCR package (same PP-OCR models), in reading order; ``--ocr truth``
takes the dataset's own text lines (``box/NNN.csv``: its lines are cut and read differently from
the OCR's, a second view of the same receipts that shows rules that lean on one OCR's habits). ``--lines-cache DIR``
keeps the OCR lines of each receipt in ``DIR/NNN.json`` (with the engine's name) so that a rerun
only runs the extraction.

Scoring, after normalising both sides:

* date: ISO 8601; the key's dates are day-first unless that is impossible ("12/28/2017")
* total: decimal with two places, currency signs dropped ("$8.20" -> "8.20")
* company, address: upper case, whitespace collapsed, punctuation stripped at the ends
* address~ (reported besides): the address with letters and digits only, so that a comma read
  as a dot or a space lost after a comma does not count

A receipt whose key leaves a field empty is not scored for that field (n says how many were).
The receipts are split into a development part A and a held-back part B, both reported:
``--split parity`` (default) puts the 1st, 3rd, 5th ... receipt by sorted id in A and the 2nd,
4th ... in B; ``--split halves`` the first half in A (the split the first rules were written on).
``--part A|B`` runs one part only; ``--misses-of A`` lists only A's misses, so that B's errors
stay unseen while rules are developed.

``--slips``: how the rules stand OCR slips they were not written on. On each receipt the line
that holds the key's date is re-written with one slip at a time (a separator read as "=", "~",
",", a space, or lost; a zero read "O", a one read "l"; spaces around the separators), and the
line that holds the key's company is split over two rows (before the legal suffix, in the
middle, after the first word), its "SDN BHD" misread ("SON BHD", "SDN BH0", "SDNBHD"), a letter
of its first word of four letters read as a look-alike (an I as L, an O as D), or its words
before the suffix read without their spaces (three or more); the table gives right/tried per
slip for the parts run.

``ok precision`` per field: of the values the extractor marked ``ok``, how many are right
(a value marked ``ok`` must be right).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.document import Line  # noqa: E402

FIELDS = ("date", "total", "company", "address", "address~")
BARS = {"date": 0.95, "total": 0.90, "company": 0.80}


# --------------------------------------------------------------------------- normalisation

def norm_text(s: Optional[str]) -> str:
    if not s:
        return ""
    s = re.sub(r"\s+", " ", str(s).upper()).strip()
    return re.sub(r"^[^\w(]+|[^\w)]+$", "", s)


def norm_total(s: Optional[str]) -> str:
    if not s:
        return ""
    from pipeline.extract.amounts import format_decimal, parse_amount

    t = re.sub(r"(?i)^\s*(RM|MYR)\s*", "", str(s))
    p = parse_amount(t, dollar=None)
    return format_decimal(p.value) if p else str(s).strip()


def norm_date(s: Optional[str]) -> str:
    if not s:
        return ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(s)):
        return str(s)
    from pipeline.extract.dates import find_dates

    found = find_dates(str(s), prefer="dmy")
    return found[0].date.iso if found else str(s).strip()


def norm_loose(s: Optional[str]) -> str:
    """Letters and digits only: scores an address without its OCR'd punctuation and spacing."""
    return re.sub(r"[^0-9A-Z]", "", norm_text(s))


NORM = {"date": norm_date, "total": norm_total, "company": norm_text, "address": norm_text,
        "address~": norm_loose}


# --------------------------------------------------------------------------- OCR

def _image_size(path: Path) -> Tuple[int, int]:
    from PIL import Image

    with Image.open(path) as im:
        return im.size


def _order(lines: List[dict]) -> List[dict]:
    try:
        from pipeline.extract.reading_order import reading_order

        idx = reading_order([l["box"] for l in lines])
    except Exception:  # reading order module not available: top-to-bottom, left-to-right
        idx = sorted(range(len(lines)), key=lambda i: (
            round(sum(p[1] for p in lines[i]["box"]) / 4 / 10), min(p[0] for p in lines[i]["box"])))
    return [lines[i] for i in idx]


class Ocr:
    def __init__(self, engine: str, cache: Optional[Path]):
        self.engine = engine
        self.cache = cache
        self._rapid = None
        if cache:
            cache.mkdir(parents=True, exist_ok=True)

    def _run_rapidocr(self, path: Path) -> dict:
        if self._rapid is None:
            from rapidocr import RapidOCR

            self._rapid = RapidOCR()
        out = self._rapid(str(path))
        w, h = _image_size(path)
        lines = []
        if out.txts is not None:
            for txt, sc, box in zip(out.txts, out.scores, out.boxes):
                lines.append({"text": txt, "conf": float(sc),
                              "box": [[float(x), float(y)] for x, y in box]})
        return {"ocr": "rapidocr", "width": w, "height": h, "lines": lines}

    def _run_mmbatch(self, path: Path) -> dict:
        from pipeline.api import ocr_file  # written elsewhere; imported only when used

        pages = ocr_file(path)
        if not pages:
            w, h = _image_size(path)
            return {"ocr": "mmbatch", "width": w, "height": h, "lines": []}
        p = pages[0]
        return {"ocr": "mmbatch", "width": p.width, "height": p.height, "ordered": True,
                "lines": [{"text": l.text, "conf": float(l.conf),
                           "box": [[float(x), float(y)] for x, y in l.box]} for l in p.lines]}

    def _run_truth(self, path: Path) -> dict:
        w, h = _image_size(path)
        lines = []
        csv = path.parent.parent / "box" / f"{path.stem}.csv"
        for row in csv.read_text(errors="replace").splitlines():
            parts = row.split(",", 8)
            if len(parts) < 9 or not parts[8].strip():
                continue
            xy = [float(v) for v in parts[:8]]
            lines.append({"text": parts[8].strip(), "conf": 1.0,
                          "box": [[xy[i], xy[i + 1]] for i in range(0, 8, 2)]})
        return {"ocr": "truth", "width": w, "height": h, "lines": lines}

    def page(self, rid: str, path: Path) -> Tuple[List[Line], float, float, bool]:
        """(lines, width, height, from_cache)."""
        data = None
        cached = False
        cfile = self.cache / f"{rid}.json" if self.cache else None
        if cfile and cfile.exists():
            d = json.loads(cfile.read_text())
            if d.get("ocr", self.engine) == self.engine:
                data, cached = d, True
        if data is None:
            run = {"rapidocr": self._run_rapidocr, "truth": self._run_truth}.get(self.engine,
                                                                                self._run_mmbatch)
            data = run(path)
            if cfile:
                tmp = cfile.with_suffix(".tmp")
                tmp.write_text(json.dumps(data))
                os.replace(tmp, cfile)
        raw = data["lines"] if data.get("ordered") else _order(data["lines"])
        lines = [Line(text=l["text"], conf=float(l["conf"]),
                      box=[tuple(map(float, p)) for p in l["box"]], line_no=i)
                 for i, l in enumerate(raw)]
        return lines, float(data["width"]), float(data["height"]), cached


# --------------------------------------------------------------------------- slips

_SEP = r"(?<=\d)[/\-.](?=\d)"
DATE_SLIPS = {
    "sep '='": lambda t: re.sub(_SEP, "=", t, count=1),
    "sep '~'": lambda t: re.sub(r"(\d)[/\-.](\d{2,4})(?!.*\d[/\-.]\d)", r"\1~\2", t, count=1),
    "sep ','": lambda t: re.sub(_SEP, ",", t, count=1),
    "sep ' '": lambda t: re.sub(_SEP, " ", t, count=1),
    "sep lost": lambda t: re.sub(_SEP, "", t, count=1),
    "0 as O": lambda t: t.replace("0", "O", 1),
    "1 as l": lambda t: t.replace("1", "l", 1),
    "spaced": lambda t: re.sub(r"(?<=\d)([/\-.])(?=\d)", r" \1 ", t),
}
_LEGAL_SUFFIX = re.compile(r"(?i)\b(SDN\.?\s*BHD\.?|S/B|BHD\.?)")


def _split_before_suffix(t: str):
    m = _LEGAL_SUFFIX.search(t)
    return (t[: m.start()].strip(), t[m.start():].strip()) if m and m.start() else None


def _split_words(t: str, where: str):
    w = t.split()
    if len(w) < 3:
        return None
    k = len(w) // 2 if where == "middle" else 1
    return " ".join(w[:k]), " ".join(w[k:])


NAME_SPLITS = {
    "split before suffix": _split_before_suffix,
    "split in the middle": lambda t: _split_words(t, "middle"),
    "split after 1st word": lambda t: _split_words(t, "first"),
}
NAME_SLIPS = {
    "SDN as SON": lambda t: re.sub(r"SDN", "SON", t, count=1),
    "BHD as BH0": lambda t: re.sub(r"BHD", "BH0", t, count=1),
    "SDN BHD glued": lambda t: re.sub(r"SDN\s+BHD", "SDNBHD", t, count=1),
    "I as L": lambda t: _look_alike(t, "I", "L"),
    "O as D": lambda t: _look_alike(t, "O", "D"),
    "spaces lost": lambda t: _spaces_lost(t),
}


def _look_alike(t: str, a: str, b: str) -> str:
    """The first ``a`` of the name's first word of four letters or more (not its legal suffix)
    read as ``b``."""
    for m in re.finditer(r"[A-Za-z]{4,}", t):
        if a in m.group(0) and not _LEGAL_SUFFIX.fullmatch(m.group(0)):
            k = m.start() + m.group(0).index(a)
            return t[:k] + b + t[k + 1:]
    return t


def _spaces_lost(t: str) -> str:
    """A name of three words or more before its legal suffix or brackets read without its
    spaces (a letter-spaced header)."""
    m = _LEGAL_SUFFIX.search(t)
    end = min(m.start() if m else len(t), t.find("(") if "(" in t else len(t))
    name = t[:end].strip()
    if not re.fullmatch(r"[A-Za-z]+(?: [A-Za-z]+){2,}", name):
        return t
    return name.replace(" ", "") + t[len(t[:end].rstrip()):]


def _with_text(l: Line, text: str, y0: Optional[float] = None, y1: Optional[float] = None) -> Line:
    if y0 is None:
        return Line(text=text, conf=l.conf, box=l.box, line_no=l.line_no)
    return Line(text=text, conf=l.conf, box=[(l.x0, y0), (l.x1, y0), (l.x1, y1), (l.x0, y1)],
                line_no=l.line_no)


def slips(key: dict, lines: List[Line], w: float, h: float, extract) -> Dict[str, bool]:
    """{slip: right} for the slips that apply to this receipt."""
    out: Dict[str, bool] = {}
    date_exp = norm_date(key.get("date"))
    kd = re.sub(r"\s", "", str(key.get("date") or ""))
    at = [i for i, l in enumerate(lines) if kd and kd in re.sub(r"\s", "", l.text)]
    for name, f in DATE_SLIPS.items():
        new = list(lines)
        for i in at:
            new[i] = _with_text(lines[i], f(lines[i].text))
        if at and any(new[i].text != lines[i].text for i in at):
            got = {x.name: x.value for x in extract(new, w, h)}
            out["date: " + name] = norm_date(got["date"]) == date_exp
    comp = norm_text(key.get("company"))
    at = [i for i, l in enumerate(lines) if comp and norm_text(l.text) == comp]
    if len(at) == 1:
        i, l = at[0], lines[at[0]]
        hh = l.y1 - l.y0
        for name, f in list(NAME_SPLITS.items()) + list(NAME_SLIPS.items()):
            if name in NAME_SPLITS:
                parts = f(l.text)
                if not parts:
                    continue
                new = lines[:i] + [_with_text(l, parts[0], l.y0, l.y0 + 0.48 * hh),
                                   _with_text(l, parts[1], l.y0 + 0.52 * hh, l.y1)] + lines[i + 1:]
            else:
                t2 = f(l.text)
                if t2 == l.text:
                    continue
                new = lines[:i] + [_with_text(l, t2)] + lines[i + 1:]
            got = {x.name: x.value for x in extract(new, w, h)}
            out["company: " + name] = norm_text(got["company"]) == comp
    return out


# --------------------------------------------------------------------------- main

def _ok_prec(results: dict, statuses: dict, name: str) -> str:
    marked = [results[r][name][2] for r in results
              if name in results[r] and statuses[r].get(name) == "ok"]
    return f"{sum(marked)}/{len(marked)}" if marked else "0/0"


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sroie_dir", type=Path)
    ap.add_argument("--ocr", choices=("mmbatch", "rapidocr", "truth"), default="mmbatch")
    ap.add_argument("--lines-cache", type=Path, default=None)
    ap.add_argument("--only", default="", help="comma-separated ids to run")
    ap.add_argument("--part", choices=("A", "B"), default=None, help="run one part only")
    ap.add_argument("--split", choices=("parity", "halves"), default="parity")
    ap.add_argument("--no-misses", action="store_true", help="do not list the misses")
    ap.add_argument("--misses-of", choices=("A", "B", "all"), default="all",
                    help="list the misses of this part only")
    ap.add_argument("--json", type=Path, default=None, help="write per-receipt results here")
    ap.add_argument("--slips", action="store_true", help="also score OCR slips made on purpose")
    args = ap.parse_args(argv)

    from pipeline.extract.receipt import extract_receipt

    img_dir = args.sroie_dir / "img"
    key_dir = args.sroie_dir / "key"
    ids = sorted(p.stem for p in img_dir.glob("*.jpg") if (key_dir / f"{p.stem}.json").exists())
    if not ids:
        print(f"no receipts under {args.sroie_dir}", file=sys.stderr)
        return 2
    if args.split == "parity":
        part_a = set(ids[0::2])
    else:
        part_a = set(ids[: (len(ids) + 1) // 2])
    halves = {"A (dev)": part_a, "B (held out)": set(ids) - part_a}
    if args.part:
        ids = [i for i in ids if (i in part_a) == (args.part == "A")]
    if args.only:
        keep = {s.strip() for s in args.only.split(",") if s.strip()}
        ids = [i for i in ids if i in keep]

    ocr = Ocr(args.ocr, args.lines_cache)
    results: Dict[str, Dict[str, Tuple[str, str, bool]]] = {}
    slip_res: Dict[str, Dict[str, List[bool]]] = {}
    statuses: Dict[str, Dict[str, str]] = {}
    t0 = time.time()
    n_ocr = 0
    for rid in ids:
        key = json.loads((key_dir / f"{rid}.json").read_text())
        lines, w, h, cached = ocr.page(rid, img_dir / f"{rid}.jpg")
        n_ocr += not cached
        fields = extract_receipt(lines, w, h)
        got = {f.name: f.value for f in fields}
        statuses[rid] = {f.name: f.status for f in fields}
        res = {}
        for name in FIELDS:
            src = name.rstrip("~")
            exp = NORM[name](key.get(src))
            if not exp:
                continue
            g = NORM[name](got.get(src))
            res[name] = (exp, g, exp == g)
        results[rid] = res
        if args.slips:
            hname = "A" if rid in part_a else "B"
            for name, right in slips(key, lines, w, h, extract_receipt).items():
                slip_res.setdefault(name, {}).setdefault(hname, []).append(right)
    dt = time.time() - t0

    def acc(sel: set, name: str) -> Tuple[int, int]:
        rs = [results[r][name] for r in results if r in sel and name in results[r]]
        return sum(1 for x in rs if x[2]), len(rs)

    all_ids = set(results)
    print(f"{len(results)} receipts, OCR {args.ocr} ({n_ocr} run, {len(results) - n_ocr} cached), "
          f"{dt:.1f}s")
    cols = [("all", all_ids)] + [(k, v & all_ids) for k, v in halves.items()]
    print(f"{'field':10s}" + "".join(f"{c:>22s}" for c, _ in cols) + "    bar")
    for name in FIELDS:
        cells = []
        for _, sel in cols:
            ok, n = acc(sel, name)
            cells.append(f"{ok / n:.3f} ({ok}/{n})" if n else "-")
        bar = f"{BARS[name]:.2f}" if name in BARS else "-"
        print(f"{name:10s}" + "".join(f"{c:>22s}" for c in cells) + f"    {bar}")
    print("ok precision (right / marked ok)" + "".join(
        f"  {name} {_ok_prec(results, statuses, name)}" for name in ("date", "total", "company")))
    if slip_res:
        print("\nOCR slips made on purpose (right/tried)")
        for name, by in slip_res.items():
            cells = "".join(f"{p} {sum(by[p])}/{len(by[p])}".rjust(14) for p in ("A", "B") if p in by)
            print(f"  {name:32s}{cells}")
    if not args.no_misses:
        print("\nmisses (id, part, field: expected | got)")
        for name in FIELDS:
            for rid in sorted(results):
                r = results[rid].get(name)
                if r and not r[2]:
                    hname = "A" if rid in halves["A (dev)"] else "B"
                    if args.misses_of != "all" and hname != args.misses_of:
                        continue
                    print(f"  {rid} {hname} {name:8s} {r[0]!r} | {r[1]!r}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
