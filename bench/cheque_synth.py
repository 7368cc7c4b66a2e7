"""Varied synthetic US cheques for measuring the cheque field rules on what they were not written on.

Each cheque comes from one integer seed: its layout (where the date, payee, amount box, words,
memo and signature sit; which labels are printed: "PAY TO THE ORDER OF", "Pay", "Order of",
"DATE", "Dated", "MEMO", "For" ...), its values and how they are written (date formats
03/15/2026, March 15, 2026, 15-Mar-2026, 2026-03-15 ...; amounts "$1,234.56", "**1,234.56**",
"1234 56/100"; words with "and 56/100", "ONLY", dashes filling the line), its fonts and the scan
or photo damage (blur, JPEG, rotation, noise, shading).

Fonts are every font ``fc-list`` lists that draws Latin letters (Debian font packages such as
fonts-liberation2, fonts-urw-base35, fonts-dancingscript, fonts-kristi, fonts-dkg-handwriting
widen the choice; none is needed: with only DejaVu the cheques still vary in layout and
values). Handwriting-like families write the filled-in values where there are any. The font
families are split in two by a fixed hash: ``part="dev"`` cheques use one half, ``part="held"``
the other, so the held-back cheques are in fonts the rules were not developed on.

    from cheque_synth import make_cheque
    img, truth = make_cheque(1234, part="held")
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import re
import subprocess
import sys
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

import numpy as np
from PIL import Image, ImageFont

ROOT = Path(__file__).resolve().parents[1]
GENERATOR_VERSION = 2  # bump when a seed draws a different cheque


def _load_make_samples():
    if "make_samples" in sys.modules:
        return sys.modules["make_samples"]
    spec = importlib.util.spec_from_file_location("make_samples",
                                                  ROOT / "sample_docs" / "make_samples.py")
    ms = importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = ms  # dataclasses look their module up
    spec.loader.exec_module(ms)
    return ms


ms = _load_make_samples()
_orig_get_font = ms.get_font
_PATH_FONTS: dict = {}


def _get_font(name: str, px: int) -> ImageFont.FreeTypeFont:
    """make_samples' fonts by DejaVu name, or any font file by path."""
    if "/" not in name:
        return _orig_get_font(name, px)
    key = (name, px)
    if key not in _PATH_FONTS:
        _PATH_FONTS[key] = ImageFont.truetype(name, px)
    return _PATH_FONTS[key]


ms.get_font = _get_font  # the Canvas looks the function up at call time

# ----------------------------------------------------------------------------- fonts

_SKIP = re.compile(r"math|symbol|d050000l|dingbat|emoji|3270|kiloji|seto|klee", re.I)
_HAND = re.compile(r"hand|script|kristi|breip|comic|z003|chorus|femke|because|rufscript|humor|"
                   r"ecolier|chancery", re.I)


def _draws_latin(path: str) -> bool:
    try:
        f = ImageFont.truetype(path, 40)
        masks = {ch: bytes(f.getmask(ch)) for ch in "AgQ5$/"}
    except Exception:
        return False
    return len(set(masks.values())) == len(masks) and all(any(m) for m in masks.values())


@lru_cache(maxsize=1)
def all_fonts() -> Dict[str, List[Tuple[str, str]]]:
    """{"print": [(family, path)], "hand": [(family, path)]} of the fonts on this machine."""
    try:
        out = subprocess.run(["fc-list", "--format", "%{family[0]}|%{file}\n"],
                             capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    found = {"print": [], "hand": []}
    seen = set()
    for row in sorted(set(out.splitlines())):
        fam, _, path = row.partition("|")
        if not path or _SKIP.search(fam) or _SKIP.search(path) or path in seen:
            continue
        if not path.lower().endswith((".ttf", ".otf")) or not _draws_latin(path):
            continue
        seen.add(path)
        found["hand" if _HAND.search(fam) or _HAND.search(path) else "print"].append((fam, path))
    if not found["print"]:
        dejavu = Path(ms.FONT_DIR)
        found["print"] = [("DejaVu", str(p)) for p in sorted(dejavu.glob("DejaVu*.ttf"))]
    return found


def font_set() -> str:
    """The fonts the cheques are drawn in, in one line: how many print and handwriting families
    this machine has, and a CRC of their names (the same seed draws another cheque in another
    set; the README names the Debian packages of the set its figures were drawn in)."""
    fams = {k: sorted({f for f, _ in v}) for k, v in all_fonts().items()}
    crc = zlib.crc32("|".join(fams["print"] + ["/"] + fams["hand"]).encode())
    return f"{len(fams['print'])} print and {len(fams['hand'])} handwriting families, {crc:08x}"


def fonts_for(part: str) -> Dict[str, List[str]]:
    """The font files of one part: families with an even hash for "dev", odd for "held"
    (all of a kind where the split would leave none)."""
    want = {"dev": 0, "held": 1}[part]
    out = {}
    for kind, fonts in all_fonts().items():
        mine = [p for fam, p in fonts if zlib.crc32(fam.encode()) % 2 == want]
        out[kind] = mine or [p for _, p in fonts]
    return out


# ----------------------------------------------------------------------------- values

_FIRST = ["James", "Maria", "Olivia", "Noah", "Li", "Priya", "Ahmed", "Grace", "Tomás", "Hannah",
          "Dmitri", "Keisha", "Robert", "Elena", "Wei", "Chloe", "Marcus", "Aisha", "Peter",
          "Sofia", "Daniel", "Yuki", "Caleb", "Nora", "Victor", "Ruth", "Omar", "Ingrid"]
_LAST = ["Johnson", "Garcia", "Nguyen", "O'Brien", "Patel", "Kowalski", "Smith-Jones", "Chen",
         "Okafor", "Rivera", "McAllister", "Schneider", "Haddad", "Brooks", "Larsen", "Duarte",
         "Fitzgerald", "Yamamoto", "Abernathy", "Delacroix", "Whitfield", "Moreno", "Castle"]
_CO_A = ["Summit", "Green Valley", "Pioneer", "Blue Ridge", "Harborview", "Northstar", "Cedar",
         "Riverside", "Golden Gate", "Maplewood", "Evergreen", "Lakeshore", "Redstone", "Elm Street"]
_CO_B = ["Plumbing", "Dental Group", "Landscaping", "Electric Co.", "Property Management",
         "Auto Repair", "Insurance Agency", "Pediatrics", "Roofing", "Music School",
         "Veterinary Clinic", "Realty", "Catering", "Storage", "Pharmacy", "Law Office"]
_CO_SUFFIX = ["", "", " LLC", " Inc.", " Inc", " Corp.", " & Sons", " Co."]
_ORGS = ["City of Springfield", "Internal Revenue Service", "County Tax Collector",
         "St. Mary's Church", "Lincoln High School PTA", "State Farm", "AT&T", "Comcast",
         "United Way", "Habitat for Humanity", "Oak Hill HOA", "Dept. of Motor Vehicles"]
_MEMOS = ["Rent", "April rent", "Rent - May 2026", "Invoice 4471", "Invoice #88123",
          "Acct 2291-03", "Tuition", "Birthday gift", "Q2 estimated tax", "Order 55102",
          "Lawn care", "Deposit", "Security deposit", "Utilities", "Piano lessons", "Repairs",
          "Dues", "Loan payment", "Consulting", "Donation", "Car repair", "Daycare June",
          "Policy 7731-A", "Refund", "Groceries", "Dental cleaning", "HOA fees Q3"]
_BANKS = ["First Federal Savings", "Mountain West Bank", "Heritage Trust Company",
          "Coastal Community Bank", "Great Plains Credit Union", "Union Square Bank",
          "Pinecrest National Bank", "Liberty Savings Bank", "Bayou State Bank",
          "Granite Federal Credit Union", "Commerce Bank of Ohio", "Valley National Bank"]
_BANK_SUB = [["Member FDIC"], ["Denver, Colorado"], ["Main Branch", "Austin, TX 78701"],
             ["www.bank.example"], [], ["Est. 1921"], ["Portland, Oregon"]]
_STREETS = ["12 Oak Lane", "4410 Kingsley Ave.", "88 Harbor Blvd", "301 W 5th Street",
            "PO Box 1120", "7 Birch Court", "1500 Market St, Suite 200"]
_CITIES = ["Columbus, OH 43215", "Boise, ID 83702", "Reno, NV 89501", "Mobile, AL 36602",
           "Albany, NY 12207", "Tucson, AZ 85701", "Salem, MA 01970"]


def _payee(rng) -> str:
    k = rng.random()
    if k < 0.45:
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        mid = f" {chr(65 + int(rng.integers(26)))}." if rng.random() < 0.3 else ""
        pre = str(rng.choice(["", "", "", "Dr. ", "Mr. ", "Ms. "]))
        return f"{pre}{first}{mid} {last}"
    if k < 0.8:
        return f"{rng.choice(_CO_A)} {rng.choice(_CO_B)}{rng.choice(_CO_SUFFIX)}".replace(
            "Co. Co.", "Co.")
    return str(rng.choice(_ORGS))


def _number_words(n: int) -> str:
    return ms.number_words(n)


def _amount_words(cents: int, rng) -> str:
    d, c = divmod(cents, 100)
    w = _number_words(d)
    style = int(rng.integers(6))
    if style == 0:
        s = f"{w} and {c:02d}/100"
    elif style == 1:
        s = f"{w} dollars and {c:02d}/100"
    elif style == 2:
        s = f"{w} and {c:02d}/100 dollars"
    elif style == 3:
        s = f"{w} dollars only" if c == 0 else f"{w} dollars and {_number_words(c)} cents only"
    elif style == 4:
        s = f"{w} and {c:02d}/100 only"
    else:
        s = f"{w} and no/100" if c == 0 else f"{w} and {c:02d}/100"
    case = rng.random()
    if case < 0.35:
        s = s.upper()
    elif case < 0.7:
        s = s[0].upper() + s[1:]
    return s


def _amount_figures(cents: int, rng) -> str:
    d, c = divmod(cents, 100)
    return str(rng.choice([f"{d:,}.{c:02d}", f"**{d:,}.{c:02d}**", f"{d}.{c:02d}",
                           f"{d} {c:02d}/100", f"{d:,}.{c:02d}", f"*{d:,}.{c:02d}"]))


def _date_text(d: dt.date, rng) -> str:
    fmts = ["%m/%d/%Y", "%B {d}, %Y", "{d}-%b-%Y", "%Y-%m-%d", "{m}/{d}/%Y", "%m-%d-%Y",
            "%b {d}, %Y", "%b. {d}, %Y", "{m}/{d}/%y", "%m/%d/%y", "%B {d} %Y", "%d %B %Y",
            "{m}.{d}.%Y", "%b {d} %Y", "%B {d}{th}, %Y", "{d} %b %Y", "{m}-{d}-%y"]
    f = str(rng.choice(fmts))
    th = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(d.day, "th")
    s = d.strftime(f).replace("{d}", str(d.day)).replace("{m}", str(d.month)).replace("{th}", th)
    if "%b." in f and d.strftime("%b") == "May":
        s = s.replace("May.", "May")
    return s.upper() if rng.random() < 0.15 else s


# ----------------------------------------------------------------------------- drawing


def _layout(rng) -> dict:
    """Where things sit, on make_samples' 1000 x 458 grid, and which labels are printed."""
    date_x = float(rng.uniform(560, 720))
    return {
        "border": bool(rng.random() < 0.6),
        "top": str(rng.choice(["payer_bank", "bank_left", "payer_only", "bank_centre"])),
        "number_prefix": str(rng.choice(["", "", "No. ", "#", "Check No. ", "CHECK # ", "No "])),
        "date_label": str(rng.choice(["DATE", "Date", "Date:", "DATED", "Dated", "date", ""])),
        "date_label_below": bool(rng.random() < 0.2),
        "date_x": date_x,
        "date_y": float(rng.uniform(100, 160)),
        # filled-in values float above or sink below the printed line, and vary in size
        "lift": float(rng.uniform(-24, 4)),
        "fill_size": float(rng.uniform(0.85, 1.35)),
        "pay_label": str(rng.choice(["PAY TO THE ORDER OF", "Pay to the order of",
                                     "PAY TO THE\nORDER OF", "Pay to the\nOrder of", "Pay",
                                     "PAY", "Order of", "TO THE ORDER OF", "Pay to the Order of:",
                                     "PAY TO THE ORDER OF:", "PAY\nTO THE\nORDER OF",
                                     "Pay to the\norder of"])),
        "pay_y": float(rng.uniform(200, 228)),
        "dollar": str(rng.choice(["outside", "inside", "none"])),
        "box": bool(rng.random() < 0.75),
        "box_x0": float(rng.uniform(740, 800)),
        "words_y": float(rng.uniform(268, 300)),
        "words_fill": str(rng.choice(["", "", "dashes", "stars", "tilde"])),
        "dollars_label": str(rng.choice(["DOLLARS", "Dollars", "", ""])),
        "memo_label": str(rng.choice(["MEMO", "Memo", "For", "FOR", "Memo:", "RE:", "Memo"])),
        "memo_y": float(rng.uniform(355, 385)),
        "sig_label": str(rng.choice(["AUTHORIZED SIGNATURE", "SIGNATURE", "", "MP"])),
        "micr_x": float(rng.uniform(60, 180)),
        "micr_order": str(rng.choice(["personal", "personal", "business"])),
    }


def _hand_or_print(fonts, rng, hand_p: float) -> str:
    pool = fonts["hand"] if fonts["hand"] and rng.random() < hand_p else fonts["print"]
    return str(rng.choice(pool))


def blank_leaf(rng, W: int, tint_low: int = 232) -> "ms.Canvas":
    """A cheque-sized canvas W pixels wide on a tinted paper with its security background
    (none, hatching, waves or guilloche), drawn from ``rng`` in a fixed order (every
    generator's leaves start so)."""
    H = int(round(W * ms.CHEQUE_H_IN / ms.CHEQUE_W_IN))
    tint = tuple(int(v) for v in rng.integers(tint_low, 256, size=3))
    img = Image.new("RGB", (W, H), tint)
    ms.background(img, rng, tint, rng.choice([None, None, "hatch", "waves", "guilloche"]))
    return ms.Canvas(W, H, image=img)


def _draw(sp: dict, L: dict, fonts: dict, rng, W: int) -> Image.Image:
    c = blank_leaf(rng, W)
    brand = tuple(int(v) for v in rng.integers(0, 140, size=3))
    pf = lambda: str(rng.choice(fonts["print"]))  # noqa: E731 - printed stock fonts
    label_font, label_size = pf(), float(rng.uniform(11, 15))
    fill_font = _hand_or_print(fonts, rng, 0.7)
    ink = (22, 34, 105) if rng.random() < 0.5 else (25, 25, 30)
    PRINT = ms.PRINT
    if L["border"]:
        c.rect(10, 10, ms.GRID_W - 10, ms.GRID_H - 10, w=float(rng.uniform(1, 3)), outline=brand)
    # top block
    payer_font = pf()
    if L["top"] in ("payer_bank", "payer_only"):
        c.text(34, 50, sp["payer"][0], payer_font, 17, fill=PRINT, max_w=330)
        for i, s in enumerate(sp["payer"][1:]):
            c.text(34, 68 + 15.5 * i, s, payer_font, 12.5, fill=PRINT, max_w=330)
    if L["top"] in ("payer_bank", "bank_centre"):
        c.text(540, 54, sp["bank"], pf(), float(rng.uniform(18, 24)), anchor="ms", fill=brand,
               max_w=300)
        for i, s in enumerate(sp["bank_sub"]):
            c.text(540, 72 + 15 * i, s, label_font, 11.5, anchor="ms", fill=PRINT)
    elif L["top"] == "bank_left":
        ms.draw_logo(c, str(rng.choice(["wave", "mountain", "diamond", "circle", "columns"])),
                     34, 24, 44, brand)
        c.text(92, 58, sp["bank"], pf(), float(rng.uniform(18, 24)), fill=brand, max_w=420)
        for i, s in enumerate(sp["bank_sub"]):
            c.text(92, 76 + 15 * i, s, label_font, 11.5, fill=PRINT)
    c.text(962, 52, L["number_prefix"] + sp["number"], pf(), float(rng.uniform(17, 23)),
           anchor="rs", fill=PRINT if rng.random() < 0.7 else (150, 20, 20))
    # date
    dx, dy = L["date_x"], L["date_y"]
    line_x0 = dx
    if L["date_label"] and not L["date_label_below"]:
        c.text(dx, dy, L["date_label"], label_font, label_size, fill=PRINT)
        line_x0 = dx + c.text_width(L["date_label"], label_font, label_size) + 12
    c.line(line_x0, dy + 12, 962, dy + 12)
    if L["date_label"] and L["date_label_below"]:
        c.text((line_x0 + 962) / 2, dy + 26, L["date_label"], label_font, 10, anchor="ms",
               fill=PRINT)
    lift, k = L["lift"], L["fill_size"]
    c.text(line_x0 + float(rng.uniform(6, 30)), dy + lift * float(rng.uniform(0.3, 1)),
           sp["date"], fill_font, float(rng.uniform(22, 28)) * k, max_w=962 - line_x0 - 12,
           fill=ink, word_gap=1.2)
    # payee row
    py = L["pay_y"]
    parts = L["pay_label"].split("\n")
    lw = 0.0
    for i, s in enumerate(parts):
        yy = py - (len(parts) - 1 - i) * (label_size + 3)
        c.text(34, yy, s, label_font, label_size, fill=PRINT)
        lw = max(lw, c.text_width(s, label_font, label_size))
    x_line = 34 + lw + 10
    box_x0 = L["box_x0"]
    amt_x1 = box_x0 - (40 if L["dollar"] == "outside" else 15)
    c.line(x_line, py + 13, amt_x1, py + 13)
    c.text(x_line + float(rng.uniform(8, 40)), py + lift, sp["payee"], fill_font,
           float(rng.uniform(23, 31)) * k, max_w=amt_x1 - x_line - 50, fill=ink, word_gap=1.2)
    if L["dollar"] == "outside":
        c.text(box_x0 - 30, py + 1, "$", label_font, 24, fill=PRINT)
    if L["box"]:
        c.rect(box_x0, py - 38, 962, py + 15, w=1.4, fill=(255, 255, 255))
    ax = box_x0 + 12
    if L["dollar"] == "inside":
        c.text(ax, py, "$", label_font, 22, fill=PRINT)
        ax += 24
    c.text(ax, py, sp["amount_text"], fill_font, float(rng.uniform(22, 28)), max_w=955 - ax,
           fill=ink)
    # words
    wy = L["words_y"]
    right = 962 - (90 if L["dollars_label"] else 0)
    c.line(34, wy + 11, right, wy + 11)
    words = sp["amount_words"]
    wfont = fill_font if rng.random() < 0.85 else _hand_or_print(fonts, rng, 0.7)
    item = c.text(40, wy, words, wfont, float(rng.uniform(17, 23)), max_w=right - 50, fill=ink,
                  word_gap=1.1)
    if L["words_fill"]:
        x_end = (item.bbox[2] - c.ox) / c.s + 8
        ch = {"dashes": "-", "stars": "*", "tilde": "~"}[L["words_fill"]]
        n = max(0, int((right - 10 - x_end) / max(1.0, c.text_width(ch, label_font, 18))))
        if n > 2:
            c.text(x_end, wy, ch * n, label_font, 18, fill=ink, record=False)
    if L["dollars_label"]:
        c.text(962, wy + 8, L["dollars_label"], label_font, label_size, anchor="rs", fill=PRINT)
    # memo
    my = L["memo_y"]
    c.text(34, my, L["memo_label"], label_font, label_size, fill=PRINT)
    mx = 34 + c.text_width(L["memo_label"], label_font, label_size) + 10
    c.line(mx, my + 9, 470, my + 9)
    if sp["memo"]:
        c.text(mx + float(rng.uniform(6, 25)), my + lift * float(rng.uniform(0.3, 1)),
               sp["memo"], fill_font, float(rng.uniform(18, 23)) * k, max_w=470 - mx - 20,
               fill=ink, word_gap=1.2)
    # signature and MICR
    sig_y = my + 8
    c.line(560, sig_y, 962, sig_y)
    if L["sig_label"]:
        c.text(760, sig_y + 15, L["sig_label"], label_font, 10, anchor="ms", fill=PRINT)
    ms.draw_signature(c, rng, 590, sig_y - 80, 940, sig_y + 6, ink=ink)
    T, O = ms.TRANSIT, ms.ON_US
    if L["micr_order"] == "business":
        micr = f"{O}{sp['serial']}{O} {T}{sp['routing']}{T} {sp['account']}{O}"
    else:
        micr = f"{T}{sp['routing']}{T} {sp['account']}{O} {sp['serial']}"
    ms.draw_micr(c, L["micr_x"], 436, micr, size=24)
    return c.img


def _damage(img: Image.Image, rng) -> Tuple[Image.Image, str]:
    """Scan or photo damage; returns the image and how it is saved ("png" or "jpg:Q")."""
    angle = float(rng.uniform(-2.0, 2.0)) if rng.random() < 0.8 else 0.0
    img = ms.scan_effects(img, rng, angle=angle, blur=float(rng.uniform(0.2, 1.3)),
                          noise=float(rng.uniform(1.0, 6.0)))
    if rng.random() < 0.3:  # a photo: light falls off across the leaf
        a = np.asarray(img).astype(np.float32)
        H, W = a.shape[:2]
        gx = np.linspace(0, 1, W)[None, :, None]
        gy = np.linspace(0, 1, H)[:, None, None]
        k = float(rng.uniform(0.12, 0.3))
        shade = 1.0 - k * (gx if rng.random() < 0.5 else gy) * float(rng.uniform(0.5, 1.0))
        img = Image.fromarray(np.clip(a * shade, 0, 255).astype(np.uint8))
    if rng.random() < 0.2:  # sent small and scaled back up
        w, h = img.size
        f = float(rng.uniform(0.55, 0.8))
        img = img.resize((int(w * f), int(h * f)), Image.BILINEAR).resize((w, h), Image.BICUBIC)
    if rng.random() < 0.25:
        img = img.convert("L").convert("RGB")
    save = "png" if rng.random() < 0.35 else f"jpg:{int(rng.integers(35, 92))}"
    return img, save


def make_cheque(seed: int, part: str = "dev") -> Tuple[Image.Image, dict, str]:
    """(image, truth, save) of the cheque drawn from ``seed``; ``save`` is "png" or "jpg:Q".

    The truth has the keys of ``/work/shared/eval/cheques-real-dev/truth.json`` that a
    synthetic cheque knows (payee, amount, amount_words, date, date_as_written,
    cheque_number, micr_line, currency) plus memo (None: no memo written)."""
    rng = np.random.default_rng([GENERATOR_VERSION, seed])
    fonts = fonts_for(part)
    d = dt.date(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 1100)))
    cents = int(rng.choice([int(rng.integers(100, 100000)), int(rng.integers(1, 3000)) * 100,
                            int(rng.integers(100000, 2000000))]))
    number = str(int(rng.integers(101, 99999)))
    sp = {
        "payee": _payee(rng),
        "memo": str(rng.choice(_MEMOS)) if rng.random() < 0.7 else None,
        "date": _date_text(d, rng),
        "amount_text": _amount_figures(cents, rng),
        "amount_words": _amount_words(cents, rng),
        "number": number,
        "serial": number.zfill(int(rng.choice([len(number), 6, 8]))),
        "routing": ms.make_routing(rng),
        "account": ms.make_account(rng, int(rng.integers(8, 13))),
        "bank": str(rng.choice(_BANKS)),
        "bank_sub": list(_BANK_SUB[int(rng.integers(len(_BANK_SUB)))]),
        "payer": [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", str(rng.choice(_STREETS)),
                  str(rng.choice(_CITIES))],
    }
    L = _layout(rng)
    W = int(rng.integers(1100, 2300))
    img = _draw(sp, L, fonts, rng, W)
    img, save = _damage(img, rng)
    micr = (f"C{sp['serial']}C A{sp['routing']}A {sp['account']}C"
            if L["micr_order"] == "business" else f"A{sp['routing']}A {sp['account']}C {sp['serial']}")
    truth = {
        "payee": sp["payee"], "amount": f"{cents // 100}.{cents % 100:02d}",
        "amount_words": sp["amount_words"], "amount_as_written": sp["amount_text"],
        "date": d.isoformat(), "date_as_written": sp["date"], "cheque_number": number,
        "micr_line": micr, "currency": None, "memo": sp["memo"], "bank_name": sp["bank"],
        "layout": {k: v for k, v in L.items() if isinstance(v, (str, bool))},
        "writing": "synthetic", "blank": False, "doubtful": [],
    }
    return img, truth, save


def save_cheque(img: Image.Image, save: str, path_stem: Path) -> Path:
    if save == "png":
        p = path_stem.with_suffix(".png")
        img.save(p, "PNG")
    else:
        p = path_stem.with_suffix(".jpg")
        img.save(p, "JPEG", quality=int(save.split(":")[1]))
    return p


if __name__ == "__main__":  # python bench/cheque_synth.py SEED [dev|held] OUT_STEM
    im, tr, sv = make_cheque(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "dev")
    out = save_cheque(im, sv, Path(sys.argv[3] if len(sys.argv) > 3 else f"/tmp/cheque_{sys.argv[1]}"))
    print(out, tr)
