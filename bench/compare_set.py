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
