"""The near-duplicate benchmark set: real documents, rescans of each, and hard negatives.

- receipts from an SROIE folder (``img/NNN.jpg``, ``key/NNN.json``: receipts of one shop share a
  template), each shrunk so its long side is at most 1,800 px (the largest are 600 dpi scans);
- the sample cheques (``sample_docs/cheques``) and, as hard negatives, cheques of the same template,
  bank, account, cheque stock and signature with another payee, amount, date and number,
  rendered by ``sample_docs/make_samples.py``;
- for each document a few rescans: rotation up to 3 degrees, scale 0.5 to 1.5, up to 5% cropped
  off each dimension, brightness and contrast +-20%, Gaussian noise, saved as JPEG quality 30.

``labels.json`` maps every file to its document (a rescan shares its original's) and template.
"""
from __future__ import annotations

import importlib.util
import io
import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Dict, List

import numpy as np
from PIL import Image, ImageEnhance

ROOT = Path(__file__).resolve().parents[1]
PAYEES = ["Harbor Freight Tools", "Oakridge Veterinary Clinic", "Lena Kowalski", "Metro Water District",
          "Sunset Roofing Co.", "Tomas Herrera", "Blue Finch Bakery", "Quantum Dental Lab",
          "Marcus Bell", "Riverside Youth League", "Pine & Co. Accountants", "Naomi Fischer",
          "Gulf Coast Insurance", "Westgate Storage LLC", "Ivy Chen", "Redwood Printing",
          "Atlas Movers Inc.", "Sofia Marino"]
MEMOS = ["Deposit", "Invoice 5512", "Repairs", None, "Membership 2026", "Rent - April"]


def rescan(img: Image.Image, rng: np.random.Generator) -> bytes:
    """A re-scan of a page: JPEG (quality 30) bytes."""
    img = img.convert("RGB")
    img = img.rotate(float(rng.uniform(-3, 3)), resample=Image.BICUBIC, expand=True,
                     fillcolor=(255, 255, 255))
    w, h = img.size
    cw, ch = rng.uniform(0, 0.05) * w, rng.uniform(0, 0.05) * h
    fl, ft = rng.uniform(0, 1), rng.uniform(0, 1)
    img = img.crop((int(cw * fl), int(ch * ft), int(w - cw * (1 - fl)), int(h - ch * (1 - ft))))
    s = float(rng.uniform(0.5, 1.5))
    img = img.resize((max(1, round(img.size[0] * s)), max(1, round(img.size[1] * s))),
                     Image.BILINEAR)
    img = ImageEnhance.Brightness(img).enhance(float(rng.uniform(0.8, 1.2)))
    img = ImageEnhance.Contrast(img).enhance(float(rng.uniform(0.8, 1.2)))
    a = np.asarray(img, dtype=np.float32)
    a = a + rng.normal(0, rng.uniform(3, 10), size=a.shape[:2])[..., None]
    buf = io.BytesIO()
    Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=30)
    return buf.getvalue()


def _make_samples():
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "sample_docs" / "make_samples.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def cheque_variants(per_template: int, rng: np.random.Generator):
    """(stem, template, PIL image) of each sample cheque and its same-template variants."""
    ms = _make_samples()
    out = []
    k = 0
    for sp in ms.build_specs():
        template = f"{sp.template}:{sp.bank_name}"
        specs = [sp]
        for v in range(per_template):
            cents = int(rng.integers(10, 5000)) * 100
            cents += 0 if sp.words_style == "no100" else int(rng.integers(0, 100))
            n = int(sp.cheque_number) + 7 * (v + 1)
            specs.append(replace(
                sp, stem=f"{sp.stem}_v{v + 1}", payee=PAYEES[k % len(PAYEES)], cents=cents,
                amount_text=f"${cents // 100:,}.{cents % 100:02d}", cheque_number=str(n),
                serial=str(n).zfill(len(sp.serial)), memo=MEMOS[k % len(MEMOS)],
                date=f"0{1 + v}/1{v}/2026", date_iso=f"2026-0{1 + v}-1{v}"))
            k += 1
        for s in specs:
            img, _ = ms.render_cheque(s)
            r = np.random.default_rng(s.seed + 1000)
            img = ms.scan_effects(img, r, angle=s.angle, blur=float(r.uniform(0.5, 0.8)),
                                  noise=2.5)
            out.append((s.stem, template, img.convert("L") if s.gray else img))
    return out


def receipt_order(sroie: Path, n: int) -> List[tuple]:
    """(document name, template, stem) of the first n receipts: every shop with several receipts
    first (the same n always gives the same receipts, and a larger n adds to a smaller one's)."""
    keys = {p.stem: json.loads(p.read_text()).get("company", "") for p in sorted((sroie / "key").glob("*.json"))}
    shops = Counter(keys.values())
    order = sorted(keys, key=lambda s: (shops[keys[s]] < 2, keys[s], s))[:n]
    return [(f"receipt_{s}", "shop:" + keys[s], s) for s in sorted(order)]


def receipts(sroie: Path, n: int) -> List[tuple]:
    """(stem, template, image) of up to n receipts: every shop with several receipts first."""
    out = []
    for name, template, stem in receipt_order(sroie, n):
        img = Image.open(sroie / "img" / f"{stem}.jpg").convert("RGB")
        if max(img.size) > 1800:
            f = 1800 / max(img.size)
            img = img.resize((round(img.size[0] * f), round(img.size[1] * f)), Image.LANCZOS)
        out.append((name, template, img))
    return out


def build(out: Path, sroie: Path, n_receipts: int = 60, rescans: int = 3,
          variants: int = 2, seed: int = 7) -> Dict[str, dict]:
    """Write the set under ``out`` (once) and return its labels {file name: {doc, template}}."""
    out = Path(out)
    labels_path = out / "labels.json"
    params = {"n_receipts": n_receipts, "rescans": rescans, "variants": variants, "seed": seed}
    if labels_path.is_file():
        saved = json.loads(labels_path.read_text())
        if saved.get("params") == params:
            return saved["files"]
    rng = np.random.default_rng(seed)
    docs = cheque_variants(variants, rng) + (receipts(Path(sroie), n_receipts) if sroie else [])
    files: Dict[str, dict] = {}
    (out / "docs").mkdir(parents=True, exist_ok=True)
    for stem, template, img in docs:
        name = f"{stem}.png"
        img.save(out / "docs" / name)
        files[name] = {"doc": stem, "template": template, "rescan": 0}
        for r in range(1, rescans + 1):
            name = f"{stem}_r{r}.jpg"
            (out / "docs" / name).write_bytes(rescan(img, rng))
            files[name] = {"doc": stem, "template": template, "rescan": r}
    labels_path.write_text(json.dumps({"params": params, "files": files}, indent=1))
    return files


# --- captures across channels: photos of the page on a table, and altered copies -------------

def _table(w: int, h: int, rng: np.random.Generator) -> np.ndarray:
    """A table top: a wood-like or cloth-like texture of a random colour (RGB float)."""
    base = rng.uniform(40, 170, size=3)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    f = rng.uniform(0.01, 0.05)
    grain = np.sin(x * f + 3 * np.sin(y * rng.uniform(0.003, 0.01))) * rng.uniform(5, 20)
    noise = rng.normal(0, 6, size=(h, w))
    return np.clip(base[None, None, :] + (grain + noise)[..., None], 0, 255)


def photograph(img: Image.Image, rng: np.random.Generator, quality=None) -> bytes:
    """A phone photo of a page lying on a table: the page at 0.5-0.9 of the frame, turned up to
    6 degrees, seen in perspective, a shadow across part of it, saved as JPEG quality 35-60."""
    import cv2

    a = np.asarray(img.convert("RGB"), dtype=np.float32)
    h, w = a.shape[:2]
    frac = float(rng.uniform(0.5, 0.9))
    W = int(max(w, h * 0.75) / frac) if w >= h else int(w / frac)
    H = int(max(h / frac, W * 0.75)) if w >= h else int(h / frac)
    W, H = max(W, int(w / frac)), max(H, int(h / frac))
    ang = np.radians(rng.uniform(-6, 6))
    c, s = np.cos(ang), np.sin(ang)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    ctr = np.array([W / 2 + rng.uniform(-0.05, 0.05) * W, H / 2 + rng.uniform(-0.05, 0.05) * H])
    rot = (src - [w / 2, h / 2]) @ np.array([[c, s], [-s, c]])
    jitter = rng.uniform(-0.04, 0.04, size=(4, 2)) * [w, h]
    dst = np.float32(rot + ctr + jitter)
    m = cv2.getPerspectiveTransform(src, dst)
    page = cv2.warpPerspective(a, m, (W, H), flags=cv2.INTER_LINEAR)
    cover = cv2.warpPerspective(np.ones((h, w), np.float32), m, (W, H), flags=cv2.INTER_LINEAR)
    out = page * cover[..., None] + _table(W, H, rng) * (1 - cover[..., None])
    # light falls off across the frame, and a soft shadow (a hand, a phone) lies over a part
    y, x = np.mgrid[0:H, 0:W].astype(np.float32)
    light = 1.0 - 0.15 * ((x / W - rng.uniform(0, 1)) ** 2 + (y / H - rng.uniform(0, 1)) ** 2)
    nx, ny = rng.normal(size=2)
    d = (x - W * rng.uniform(0.2, 0.8)) * nx + (y - H * rng.uniform(0.2, 0.8)) * ny
    shadow = 1.0 - rng.uniform(0.2, 0.4) / (1.0 + np.exp(-d / (0.03 * max(W, H))))
    out = out * (light * shadow)[..., None]
    out = out + rng.normal(0, 3, size=out.shape[:2])[..., None]
    buf = io.BytesIO()
    q = int(quality or rng.integers(35, 61))
    Image.fromarray(np.clip(out, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=q)
    return buf.getvalue()


def altered_cheques(rng: np.random.Generator, stems=None):
    """(stem, template, original image, [(field, altered image)]) for the sample cheques: each
    drawn again by the sample generator with one field changed (payee, or the amount in figures
    and words together), every other pixel the same."""
    ms = _make_samples()
    out = []
    for k, sp in enumerate(ms.build_specs()):
        if stems is not None and sp.stem not in stems:
            continue
        template = f"{sp.template}:{sp.bank_name}"
        cents = sp.cents + int(rng.integers(1, 90)) * 100 * (1 if sp.cents < 500000 else -1)
        if sp.words_style == "no100":
            cents -= cents % 100
        variants = [("payee", replace(sp, payee=PAYEES[(k * 5 + 3) % len(PAYEES)])),
                    ("amount", replace(sp, cents=cents,
                                       amount_text=f"${cents // 100:,}.{cents % 100:02d}"))]
        imgs = []
        for s in [sp] + [v for _, v in variants]:
            img, _ = ms.render_cheque(s)
            r = np.random.default_rng(sp.seed + 1000)  # the same noise: only the field differs
            img = ms.scan_effects(img, r, angle=sp.angle, blur=float(r.uniform(0.5, 0.8)),
                                  noise=2.5)
            imgs.append(img.convert("L") if sp.gray else img)
        out.append((sp.stem, template, imgs[0],
                    [(f, im) for (f, _), im in zip(variants, imgs[1:])]))
    return out


def sibling_cheques(stems=None):
    """(stem, sibling image) for the sample cheques: another cheque of the same book (the same
    bank, template and account; the next serial but ten, another payee and amount, the same
    date), drawn and scanned like ``altered_cheques``' originals: a hard negative, never a
    duplicate of the original."""
    ms = _make_samples()
    out = []
    for k, sp in enumerate(ms.build_specs()):
        if stems is not None and sp.stem not in stems:
            continue
        serial = str(int(sp.serial) + 11).zfill(len(sp.serial))
        number = (str(int(sp.cheque_number) + 11).zfill(len(sp.cheque_number))
                  if sp.cheque_number.isdigit() else sp.cheque_number)
        cents = sp.cents + 1700 if sp.cents < 500000 else sp.cents - 1700
        if sp.words_style == "no100":
            cents -= cents % 100
        other = replace(sp, serial=serial, cheque_number=number,
                        payee=PAYEES[(k * 7 + 5) % len(PAYEES)], cents=cents,
                        amount_text=f"${cents // 100:,}.{cents % 100:02d}")
        img, _ = ms.render_cheque(other)
        r = np.random.default_rng(sp.seed + 1000)
        img = ms.scan_effects(img, r, angle=sp.angle, blur=float(r.uniform(0.5, 0.8)), noise=2.5)
        out.append((sp.stem, img.convert("L") if sp.gray else img))
    return out


def _total_line(sroie: Path, stem: str, total: str):
    """The box (x0, y0, x1, y1, text) of the line holding the receipt's total: of the lines that
    end with it, the one level with a "total" label (not a sub-total), else the first."""
    want = total.replace("$", "").replace(",", "").strip()
    rows = []
    for row in (sroie / "box" / f"{stem}.csv").read_text(errors="replace").splitlines():
        parts = row.split(",", 8)
        if len(parts) < 9:
            continue
        try:
            xs, ys = [int(v) for v in parts[0:8:2]], [int(v) for v in parts[1:8:2]]
        except ValueError:
            continue
        rows.append((min(xs), min(ys), max(xs), max(ys), parts[8].strip()))
    hits = [r for r in rows
            if r[4].replace(",", "").endswith(want) and any(c.isdigit() for c in want)]
    labels = [r for r in rows if "total" in r[4].lower() and "sub" not in r[4].lower()
              and "qty" not in r[4].lower()]
    if not hits:
        return None
    def gap(r):
        cy = (r[1] + r[3]) / 2
        return min([abs(cy - (l[1] + l[3]) / 2) for l in labels] or [1e9])
    return min(hits, key=gap)


def edit_total(sroie: Path, stem: str, img: Image.Image, scale: float,
               rng: np.random.Generator):
    """The receipt with every occurrence-line of its total painted over and another number drawn
    in its place in a similar (monospaced) font: (image, old total, new total), or None."""
    from PIL import ImageDraw, ImageFont

    key = json.loads((sroie / "key" / f"{stem}.json").read_text())
    total = (key.get("total") or "").strip()
    box = _total_line(sroie, stem, total)
    if not total or box is None:
        return None
    x0, y0, x1, y1, text = [v * scale if isinstance(v, int) else v for v in box]
    old = total.replace("$", "").replace(",", "")
    try:
        val = float(old)
    except ValueError:
        return None
    new_val = val + float(rng.choice([1, 2, 5, 10, 20, 40])) + (0.0 if rng.random() < 0.5 else 0.5)
    new = f"{new_val:.2f}"
    img = img.convert("RGB").copy()
    a = np.asarray(img)
    d = ImageDraw.Draw(img)
    # only the number at the end of the line: keep a label ("TOTAL") that shares its box
    width = x1 - x0
    share = min(1.0, (len(old) + 1) / max(1, len(text)))
    nx0 = x1 - width * share
    around = a[max(0, int(y0) - 4):int(y1) + 4, max(0, int(nx0) - 4):int(x1) + 4]
    paper = tuple(int(v) for v in np.median(around.reshape(-1, 3), axis=0))
    d.rectangle([nx0 - 1, y0 - 1, x1 + 1, y1 + 1], fill=paper)
    h = max(8, int((y1 - y0) * 1.05))
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf", h)
    tw = d.textlength(new, font=font)
    d.text((x1 - tw, y0 - h * 0.12), new, fill=(25, 25, 25), font=font)
    return img, f"{val:.2f}", new


def real_cheques(folder: Path) -> List[tuple]:
    """(name, image) of the real cheques of a measuring-only folder (never shipped)."""
    out = []
    for p in sorted((Path(folder) / "images").iterdir()):
        img = Image.open(p)
        img = img.convert("RGB")
        if max(img.size) > 2000:
            f = 2000 / max(img.size)
            img = img.resize((round(img.size[0] * f), round(img.size[1] * f)), Image.LANCZOS)
        out.append((f"real_{p.stem}", img))
    return out


def held_back(doc: str) -> bool:
    """The split: a stable hash of the document's name (about half held back)."""
    import hashlib

    return hashlib.sha256(doc.encode()).digest()[0] % 2 == 1


def build_channels(out: Path, sroie=None, real=None, n_cheques: int = 9, n_receipts: int = 6,
                   n_real: int = 6, photos: int = 2, seed: int = 11,
                   part: str = "all", skip: int = 0, salt: int = 0,
                   siblings: bool = False) -> Dict[str, dict]:
    """Captures across channels: every document as a scan (the original, or a rescan) and
    ``photos`` photographs; altered copies (cheques with another payee or amount, receipts with
    an edited total), each scanned and photographed once. ``part``: dev, held or all (the
    split of ``held_back``). ``skip``: pass over the first ``skip`` documents of each subset
    in that part, and ``salt``: another draw of the photos and edits (seed + salt): a fresh set
    of the same part, other documents than a set drawn without them. ``siblings``: each
    sample cheque's sibling too (``sibling_cheques``: the same book, another serial), scanned
    and photographed once, a same-template negative. Labels: doc, template,
    subset, altered_of, altered_field, capture."""
    out = Path(out)
    labels_path = out / "labels.json"
    params = {"n_cheques": n_cheques, "n_receipts": n_receipts, "n_real": n_real,
              "photos": photos, "seed": seed, "part": part, "v": 2}
    if skip or salt:
        params.update(skip=skip, salt=salt)
    if siblings:
        params.update(siblings=True)
    if labels_path.is_file():
        saved = json.loads(labels_path.read_text())
        if saved.get("params") == params:
            return saved["files"]
    keep = {"dev": lambda d: not held_back(d), "held": held_back, "all": lambda d: True}[part]
    rng = np.random.default_rng(seed + salt)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    files: Dict[str, dict] = {}

    def put(name, data, **lab):
        path = out / "docs" / name
        if isinstance(data, Image.Image):
            data.save(path)
        else:
            path.write_bytes(data)
        files[name] = lab

    def captures(stem, img, lab, scan_original=True, n_photos=photos):
        if scan_original:
            put(f"{stem}.png", img, capture="scan", **lab)
        else:
            put(f"{stem}_s.jpg", rescan(img, rng), capture="scan", **lab)
        for p in range(1, n_photos + 1):
            put(f"{stem}_p{p}.jpg", photograph(img, rng), capture="photo", **lab)

    chq = [c for c in altered_cheques(rng) if keep(c[0])][skip:skip + n_cheques]
    for stem, template, img, alts in chq:
        lab = {"doc": stem, "template": template, "subset": "cheques", "altered_of": None,
               "altered_field": None}
        captures(stem, img, lab)
        for field, aimg in alts:
            astem = f"{stem}_alt_{field}"
            captures(astem, aimg, dict(lab, doc=astem, altered_of=stem, altered_field=field),
                     scan_original=False, n_photos=1)
    if sroie:
        passed = 0
        for name, template, stem in receipt_order(Path(sroie), 100):
            if n_receipts <= 0:
                break
            if not keep(name):
                continue
            img = Image.open(Path(sroie) / "img" / f"{stem}.jpg").convert("RGB")
            f = min(1.0, 1800 / max(img.size))
            if f < 1:
                img = img.resize((round(img.size[0] * f), round(img.size[1] * f)), Image.LANCZOS)
            ed = edit_total(Path(sroie), stem, img, f, rng)
            if ed is None:
                continue
            if passed < skip:  # the first ``skip`` receipts of the part, passed over
                passed += 1
                continue
            n_receipts -= 1
            lab = {"doc": name, "template": template, "subset": "receipts", "altered_of": None,
                   "altered_field": None}
            captures(name, img, lab)
            astem = f"{name}_alt_total"
            captures(astem, ed[0], dict(lab, doc=astem, altered_of=name, altered_field="total",
                                        values=[ed[1], ed[2]]), scan_original=False, n_photos=1)
    if siblings and chq:  # their own draw: the captures above stay those of earlier sets
        srng = np.random.default_rng(seed + salt + 7919)
        stems = {c[0] for c in chq}
        for stem, img in sibling_cheques(stems):
            tpl = next(c[1] for c in chq if c[0] == stem)
            put(f"{stem}_other.png", img, capture="scan", doc=f"{stem}_other", template=tpl,
                subset="cheques", altered_of=None, altered_field=None)
            put(f"{stem}_other_p1.jpg", photograph(img, srng), capture="photo",
                doc=f"{stem}_other", template=tpl, subset="cheques", altered_of=None,
                altered_field=None)
    if real:
        for name, img in [r for r in real_cheques(Path(real)) if keep(r[0])][skip:skip + n_real]:
            lab = {"doc": name, "template": name, "subset": "real_cheques", "altered_of": None,
                   "altered_field": None}
            captures(name, img, lab, scan_original=True)
    labels_path.write_text(json.dumps({"params": params, "files": files}, indent=1))
    return files
