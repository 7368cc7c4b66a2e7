"""Varied synthetic Indian (CTS-2010) cheques, one per seed, for measuring the Indian cheque rules.

What varies is what real Indian leaves vary: the bank (SBI, HDFC, ICICI, Canara, PNB, Axis, Bank
of Baroda, IOB, Union Bank, Kotak ...; its short name set large as a logo), the branch address
with its PIN code, the IFSC line, "Pay" / "PAY" with or without "or Bearer", the words line
("Rupees" / "RUPEES" / "Rs." printed, words in Indian numbering: "Five Lakh Thirty Five Thousand
Only", "Lac" / "Lack" / "Lakhs" / "Crore", over one or two lines), the amount box ("₹" or "Rs."
printed; figures written "5,35,000/-", "10,000/-", "3340000/=", "88,00,000.00", "1,250.50"),
the date as eight boxes over "D D M M Y Y Y Y" (a handwritten digit in each box, or the date
written across them as 06/09/2017), an "A/c Payee" crossing, a signature over "Please sign
above", and the MICR band: ``⑈serial(6)⑈ city-bank-branch(9)⑆ account id(6)⑈ transaction(2)``
in the same E-13B-like drawing as the US cheques (its city part is the branch PIN's first three
digits, as on real leaves; the account id is left out on some).

Fonts, handwriting, damage and saving come from ``cheque_synth`` (its dev / held font split).

    from cheque_synth_in import make_cheque
    img, truth, save = make_cheque(1234, part="held")
    python bench/cheque_synth_in.py SEED [dev|held] OUT_STEM
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Tuple

import numpy as np
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cheque_synth import (_damage, _hand_or_print, blank_leaf, fonts_for, ms,  # noqa: E402
                          save_cheque)

GENERATOR_VERSION = 101  # bump when a seed draws a different cheque (apart from the US ones)
SYMBOL_FONT = "DejaVuSans"  # draws "₹"
__all__ = ["make_cheque", "save_cheque", "GENERATOR_VERSION", "indian_words"]

# ----------------------------------------------------------------------------- values

# (name as printed, logo text, IFSC prefix, MICR bank code)
_BANKS = [("State Bank of India", "SBI", "SBIN", "002"), ("HDFC Bank Ltd.", "HDFC", "HDFC", "240"),
          ("ICICI Bank", "ICICI", "ICIC", "229"), ("Canara Bank", "CANARA", "CNRB", "015"),
          ("Punjab National Bank", "PNB", "PUNB", "024"), ("Axis Bank Ltd", "AXIS", "UTIB", "211"),
          ("Bank of Baroda", "BOB", "BARB", "012"), ("Indian Overseas Bank", "IOB", "IOBA", "020"),
          ("Union Bank of India", "UBI", "UBIN", "026"), ("Kotak Mahindra Bank", "kotak", "KKBK",
                                                          "485"),
          ("Syndicate Bank", "SB", "SYNB", "025"), ("Bank of India", "BOI", "BKID", "013")]
_CITIES = [("MG Road", "Bengaluru", "560001"), ("Mehdipatnam", "Hyderabad", "500028"),
           ("Connaught Place", "New Delhi", "110001"), ("T. Nagar", "Chennai", "600017"),
           ("Andheri (E)", "Mumbai", "400069"), ("Salt Lake", "Kolkata", "700091"),
           ("Navrangpura", "Ahmedabad", "380009"), ("Shivaji Nagar", "Pune", "411005"),
           ("Hazratganj", "Lucknow", "226001"), ("Palayam", "Thiruvananthapuram", "695034"),
           ("Civil Lines", "Jaipur", "302006"), ("Gandhi Chowk", "Patna", "800001"),
           ("Kasimpur", "Aligarh", "202127"), ("Sector 17", "Chandigarh", "160017")]
_FIRST = ["Ramesh", "Priya", "Suresh", "Anjali", "Venkata", "Lakshmi", "Rajesh", "Sunita",
          "Arjun", "Kavita", "Mohammed", "Deepa", "Sanjay", "Meena", "Prakash", "Divya", "Rahul",
          "Pooja", "Srinivas", "Geeta", "Harpreet", "Imran", "Nandini", "Gopal"]
_LAST = ["Sharma", "Reddy", "Kumar", "Patel", "Iyer", "Nair", "Singh", "Gupta", "Rao", "Das",
         "Mehta", "Khan", "Pillai", "Joshi", "Verma", "Banerjee", "Chowdary", "Menon", "Yadav"]
_CO_A = ["Sri Lakshmi", "Ganesh", "Bharat", "Shree Balaji", "Sai", "Krishna", "Om", "National",
         "New India", "Royal", "Annapurna", "Vijaya"]
_CO_B = ["Traders", "Enterprises", "Agencies", "Textiles", "Medicals", "Hardwares", "Electricals",
         "Constructions", "Motors", "Jewellers", "Steels", "Industries"]
_CO_SUFFIX = ["", "", " Pvt. Ltd.", " Pvt Ltd", " & Co.", " Ltd."]
_ORGS = ["Life Insurance Corporation of India", "Municipal Corporation", "Income Tax Department",
         "Self", "Kendriya Vidyalaya", "Bharat Sanchar Nigam Ltd", "Commissioner of Customs"]


def _payee(rng) -> str:
    k = rng.random()
    if k < 0.55:
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        mid = f" {chr(65 + int(rng.integers(26)))}." if rng.random() < 0.25 else ""
        pre = str(rng.choice(["", "", "", "", "Mr. ", "Smt. ", "Dr. "]))
        return f"{pre}{first}{mid} {last}"
    if k < 0.88:
        pre = "M/s " if rng.random() < 0.2 else ""
        return f"{pre}{rng.choice(_CO_A)} {rng.choice(_CO_B)}{rng.choice(_CO_SUFFIX)}"
    return str(rng.choice(_ORGS))


def _below_100(n: int) -> str:
    w = ms._words_below_1000(n)
    return w.replace("-", " ")


def indian_words(n: int, lakh: str = "lakh", crore: str = "crore") -> str:
    """``n`` in Indian numbering, lower case: 5,35,000 -> "five lakh thirty five thousand"."""
    if n == 0:
        return "zero"
    parts = []
    cr, n = divmod(n, 10 ** 7)
    lk, n = divmod(n, 10 ** 5)
    th, n = divmod(n, 1000)
    if cr:
        parts.append(f"{indian_words(cr, lakh, crore) if cr >= 100 else _below_100(cr)} {crore}")
    if lk:
        parts.append(f"{_below_100(lk)} {lakh}")
    if th:
        parts.append(f"{_below_100(th)} thousand")
    if n:
        parts.append(_below_100(n))
    return " ".join(parts)


def _words(rupees: int, paise: int, rng) -> str:
    lakh = str(rng.choice(["lakh", "lakh", "lakhs", "lac", "lacs", "lack"]))
    crore = str(rng.choice(["crore", "crore", "crores"]))
    w = indian_words(rupees, lakh, crore)
    if lakh in ("lakhs", "lacs") and (rupees // 10 ** 5) % 100 == 1:
        w = w.replace(lakh, lakh[:-1])  # "one lakh"
    if crore == "crores" and rupees // 10 ** 7 == 1:
        w = w.replace("crores", "crore")
    style = int(rng.integers(5))
    if paise:
        tail = f" and {_below_100(paise)} paise"
    else:
        tail = ""
    if style == 0:
        s = f"rupees {w}{tail} only"
    elif style == 1:
        s = f"{w}{tail} only"
    elif style == 2:
        s = f"{w} rupees{tail} only"
    elif style == 3:
        s = f"{w}{tail}"
    else:
        s = f"rupees {w}{tail}"
    case = rng.random()
    if case < 0.3:
        s = s.upper()
    elif case < 0.7:
        s = " ".join(x[0].upper() + x[1:] if x not in ("and",) else x for x in s.split(" "))
    else:
        s = s[0].upper() + s[1:]
    return s


def _lakh_group(n: int) -> str:
    s = str(n)
    if len(s) <= 3:
        return s
    head, tail = s[:-3], s[-3:]
    pairs = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([head] + pairs + [tail])


def _figures(rupees: int, paise: int, rng) -> str:
    g = _lakh_group(rupees)
    if paise:
        return str(rng.choice([f"{g}.{paise:02d}", f"{rupees}.{paise:02d}", f"{g}.{paise:02d}/-"]))
    return str(rng.choice([f"{g}/-", f"{g}/-", f"{rupees}/-", f"{g}/=", f"{rupees}/=",
                           f"{g}.00", f"{g}", f"{g}.00/-"]))


def _amount(rng) -> Tuple[int, int]:
    k = rng.random()
    if k < 0.3:
        r = int(rng.integers(1, 100)) * 1000
    elif k < 0.55:
        r = int(rng.integers(1, 100)) * 10 ** 5 + int(rng.integers(0, 100)) * 1000 * int(
            rng.random() < 0.6)
    elif k < 0.65:
        r = int(rng.integers(1, 20)) * 10 ** 7 + int(rng.integers(0, 100)) * 10 ** 5
    elif k < 0.85:
        r = int(rng.integers(100, 100000))
    else:
        r = int(rng.integers(100, 10 ** 7))
    paise = int(rng.choice([0, 0, 0, 0, 0, 50, 25, int(rng.integers(1, 100))])) if r < 10 ** 6 else 0
    return r, paise


# ----------------------------------------------------------------------------- drawing


def _layout(rng) -> dict:
    return {
        "border": bool(rng.random() < 0.5),
        "logo": str(rng.choice(["text", "text_shape", "name_only"])),
        "ifsc_label": str(rng.choice(["IFS Code", "IFSC", "IFSC Code:", "RTGS/NEFT IFS Code",
                                      "IFS CODE -", "IFSC :"])),
        "date_label": str(rng.choice(["DATE", "Date", "", "DATE"])),
        "date_style": str(rng.choice(["boxes", "boxes", "boxes", "across"])),
        "caption": bool(rng.random() < 0.9),
        "valid": bool(rng.random() < 0.5),
        "pay_label": str(rng.choice(["PAY", "Pay", "PAY", "Pay"])),
        "bearer": str(rng.choice(["OR BEARER", "or Bearer", "OR BEARER", ""])),
        "words_label": str(rng.choice(["RUPEES", "Rupees", "Rs.", "RUPEES"])),
        "words_lines": int(rng.choice([1, 2, 2])),
        "rupee_sign": str(rng.choice(["₹", "₹", "Rs.", "RS."])),
        "crossing": bool(rng.random() < 0.35),
        "crossing_text": str(rng.choice(["A/c Payee", "A/C PAYEE ONLY", "A/c Payee Only", ""])),
        "acct_label": str(rng.choice(["A/c No.", "A/C NO.", "SB A/c No.", "CA A/c No."])),
        "par": bool(rng.random() < 0.5),
        "sig_label": str(rng.choice(["Please sign above", "PLEASE SIGN ABOVE",
                                     "Authorised Signatory"])),
        "micr_x": float(rng.uniform(90, 200)),
        "lift": float(rng.uniform(-18, 2)),
        "fill_size": float(rng.uniform(0.85, 1.3)),
    }


def _crossing(c, rng, text: str, font: str, ink) -> None:
    """Two parallel slanted lines at the top-left corner, "A/c Payee" written between them."""
    x0, y0 = float(rng.uniform(20, 90)), 150.0
    d = 22.0
    for k in (0, d):
        c.line(x0 + k, y0, x0 + k + 110, y0 - 130, w=1.6, fill=ink)
    if not text:
        return
    size = c.px(16)
    f = ms.get_font(font, max(1, size))
    tw = int(c.draw.textlength(text, font=f)) + 8
    layer = Image.new("L", (tw, int(size * 1.6)), 0)
    ImageDraw.Draw(layer).text((4, int(size * 1.2)), text, font=f, fill=255, anchor="ls")
    rot = layer.rotate(50, expand=True, resample=Image.BICUBIC)
    cx, cy = c.X(x0 + d / 2 + 55), c.Y(y0 - 65)
    pos = (cx - rot.size[0] // 2, cy - rot.size[1] // 2)
    solid = Image.new("RGB", rot.size, ink)
    c.img.paste(solid, pos, rot)


def _draw(sp: dict, L: dict, fonts: dict, rng, W: int) -> Image.Image:
    c = blank_leaf(rng, W)
    brand = tuple(int(v) for v in rng.integers(0, 140, size=3))
    pf = lambda: str(rng.choice(fonts["print"]))  # noqa: E731 - printed stock fonts
    label_font, label_size = pf(), float(rng.uniform(11, 15))
    fill_font = _hand_or_print(fonts, rng, 0.75)
    ink = (22, 34, 105) if rng.random() < 0.6 else (25, 25, 30)
    PRINT = ms.PRINT
    lift, k = L["lift"], L["fill_size"]
    if L["border"]:
        c.rect(10, 10, ms.GRID_W - 10, ms.GRID_H - 10, w=float(rng.uniform(1, 3)), outline=brand)
    # bank block, top left
    name, logo, _, _ = sp["bank"]
    x = 40.0
    if L["logo"] != "name_only":
        if L["logo"] == "text_shape":
            ms.draw_logo(c, str(rng.choice(["circle", "diamond", "columns"])), x, 22, 40, brand)
            x += 48
        c.text(x, 58, logo, pf(), float(rng.uniform(26, 34)), fill=brand)
        x += c.text_width(logo, pf(), 30) + 14
    c.text(x, 52, name, pf(), float(rng.uniform(16, 21)), fill=brand, max_w=560 - x)
    addr_font = pf()
    c.text(x, 70, f"{sp['branch']}, {sp['city']} - {sp['pin']}", addr_font, 11.5, fill=PRINT,
           max_w=560 - x)
    c.text(x, 85, f"{L['ifsc_label']} {sp['ifsc']}", addr_font, 11.5, fill=PRINT, max_w=400)
    if L["valid"]:
        c.text(500, 108, "VALID FOR THREE MONTHS FROM THE DATE OF ISSUE", label_font, 10,
               anchor="ms", fill=PRINT)
    # date boxes, top right
    bw, bx0, by0, bh = 26.0, 745.0, 30.0, 32.0
    if L["date_label"]:
        c.text(bx0 - 8, by0 + 22, L["date_label"], label_font, label_size, anchor="rs", fill=PRINT)
    for i in range(8):
        c.rect(bx0 + i * bw, by0, bx0 + (i + 1) * bw, by0 + bh, w=1.2, outline=PRINT)
    if L["caption"]:
        for i, ch in enumerate("DDMMYYYY"):
            c.text(bx0 + (i + 0.5) * bw, by0 + bh + 15, ch, label_font, 12, anchor="ms",
                   fill=PRINT)
    dsize = float(rng.uniform(20, 26)) * min(k, 1.1)
    if L["date_style"] == "boxes":
        for i, ch in enumerate(sp["date_digits"]):
            c.text(bx0 + (i + 0.5) * bw + float(rng.uniform(-3, 3)),
                   by0 + bh - 6 + float(rng.uniform(-3, 2)), ch, fill_font, dsize, anchor="ms",
                   fill=ink)
    else:
        c.text(bx0 + float(rng.uniform(4, 20)), by0 + bh - 6, sp["date_as_written"], fill_font,
               dsize, max_w=8 * bw - 10, fill=ink, word_gap=1.0)
    # payee row
    py = float(rng.uniform(150, 165))
    c.text(34, py, L["pay_label"], label_font, label_size, fill=PRINT)
    x_line = 34 + c.text_width(L["pay_label"], label_font, label_size) + 10
    right = 962.0
    if L["bearer"]:
        c.text(962, py, L["bearer"], label_font, label_size, anchor="rs", fill=PRINT)
        right = 962 - c.text_width(L["bearer"], label_font, label_size) - 12
    c.line(x_line, py + 4, right, py + 4)
    c.text(x_line + float(rng.uniform(10, 60)), py + lift * 0.6, sp["payee"], fill_font,
           float(rng.uniform(22, 29)) * k, max_w=right - x_line - 70, fill=ink, word_gap=1.2)
    # words, one or two lines
    wy = py + float(rng.uniform(48, 58))
    c.text(34, wy, L["words_label"], label_font, label_size, fill=PRINT)
    wx = 34 + c.text_width(L["words_label"], label_font, label_size) + 10
    box_x0 = float(rng.uniform(700, 760))
    wy2 = wy + 45
    c.line(wx, wy + 4, 962, wy + 4)
    c.line(34, wy2 + 4, box_x0 - 12, wy2 + 4)
    wfont = fill_font if rng.random() < 0.85 else _hand_or_print(fonts, rng, 0.7)
    wsize = float(rng.uniform(19, 25)) * k
    words = sp["amount_words"].split(" ")
    if L["words_lines"] == 2 and len(words) >= 4:
        cut = int(rng.integers(len(words) // 2, len(words)))
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
    else:
        first, second = " ".join(words), ""
    c.text(wx + float(rng.uniform(8, 40)), wy + lift * 0.5, first, wfont, wsize,
           max_w=962 - wx - 50, fill=ink, word_gap=1.15)
    if second:
        c.text(50 + float(rng.uniform(0, 30)), wy2 + lift * 0.5, second, wfont, wsize,
               max_w=box_x0 - 120, fill=ink, word_gap=1.15)
    # amount box
    ay0, ay1 = wy2 - 32, wy2 + 12
    c.rect(box_x0, ay0, 962, ay1, w=1.4, fill=(255, 255, 255))
    sign = L["rupee_sign"]
    sfont = SYMBOL_FONT if sign == "₹" else label_font
    c.text(box_x0 + 8, ay1 - 10, sign, sfont, 20 if sign == "₹" else label_size + 2, fill=PRINT)
    ax = box_x0 + 14 + c.text_width(sign, sfont, 20 if sign == "₹" else label_size + 2)
    c.text(ax + float(rng.uniform(2, 14)), ay1 - 10, sp["amount_text"], fill_font,
           float(rng.uniform(21, 27)), max_w=955 - ax, fill=ink)
    # account number box, "payable at par"
    acy = wy2 + 50
    c.rect(60, acy - 22, 400, acy + 8, w=1.2, outline=PRINT)
    c.text(68, acy, L["acct_label"], label_font, label_size * 0.9, fill=PRINT)
    c.text(170, acy, sp["account_no"], pf(), 15, fill=PRINT)
    if L["par"]:
        c.text(600, 400, f"Payable at par at all branches of {name} in India", label_font, 10,
               anchor="ms", fill=PRINT, max_w=420)
    # signature
    sig_y = 392.0
    if rng.random() < 0.5:
        c.text(850, sig_y - 8, sp["drawer"].upper(), label_font, 11, anchor="ms", fill=PRINT)
    c.text(850, sig_y + 8, L["sig_label"], label_font, 10, anchor="ms", fill=PRINT)
    ms.draw_signature(c, rng, 730, sig_y - 75, 960, sig_y - 14, ink=ink)
    if L["crossing"]:
        _crossing(c, rng, L["crossing_text"], fill_font, ink)
    # MICR band: ⑈serial⑈ code⑆ account⑈ transaction
    T, O = ms.TRANSIT, ms.ON_US
    micr = f"{O}{sp['serial']}{O} {sp['code']}{T} "
    if sp["acct_id"]:
        micr += f"{sp['acct_id']}{O} "
    micr += sp["txn"]
    ms.draw_micr(c, L["micr_x"], 440, micr, size=24)
    return c.img


def make_cheque(seed: int, part: str = "dev") -> Tuple[Image.Image, dict, str]:
    """(image, truth, save) of the Indian cheque drawn from ``seed``; ``save`` is "png" or "jpg:Q".

    The truth has the keys of the US generator's truth (payee, amount, amount_words, date,
    date_as_written, cheque_number, micr_line in the letter notation of the real truth:
    ``C083659C 500025033A 290062C 31``, currency "INR", memo None)."""
    rng = np.random.default_rng([GENERATOR_VERSION, seed])
    fonts = fonts_for(part)
    d = dt.date(2015, 1, 1) + dt.timedelta(days=int(rng.integers(0, 3650)))
    rupees, paise = _amount(rng)
    bank = _BANKS[int(rng.integers(len(_BANKS)))]
    branch, city, pin = _CITIES[int(rng.integers(len(_CITIES)))]
    serial = f"{int(rng.integers(1, 999999)):06d}"
    across = d.strftime(str(rng.choice(["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"])))
    sp = {
        "payee": _payee(rng),
        "bank": bank, "branch": branch, "city": city, "pin": pin,
        "ifsc": f"{bank[2]}0{int(rng.integers(0, 999999)):06d}",
        "date_digits": d.strftime("%d%m%Y"),
        "amount_text": _figures(rupees, paise, rng),
        "amount_words": _words(rupees, paise, rng),
        "serial": serial,
        "code": pin[:3] + bank[3] + f"{int(rng.integers(0, 1000)):03d}",
        "acct_id": f"{int(rng.integers(0, 999999)):06d}" if rng.random() < 0.75 else "",
        "txn": str(rng.choice(["10", "11", "29", "31", "31"])),
        "account_no": str(int(rng.integers(10 ** 10, 10 ** 15))),
        "drawer": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
    }
    L = _layout(rng)
    sp["date_as_written"] = across if L["date_style"] == "across" else sp["date_digits"]
    W = int(rng.integers(1100, 2300))
    img = _draw(sp, L, fonts, rng, W)
    img, save = _damage(img, rng)
    micr = f"C{serial}C {sp['code']}A " + (f"{sp['acct_id']}C " if sp["acct_id"] else "") + sp["txn"]
    truth = {
        "payee": sp["payee"], "amount": f"{rupees}.{paise:02d}",
        "amount_words": sp["amount_words"], "amount_as_written": sp["amount_text"],
        "date": d.isoformat(), "date_as_written": sp["date_as_written"], "cheque_number": serial,
        "micr_line": micr, "currency": "INR", "memo": None, "bank_name": bank[0],
        "layout": {k: v for k, v in L.items() if isinstance(v, (str, bool))},
        "writing": "synthetic", "blank": False, "doubtful": [],
    }
    return img, truth, save


if __name__ == "__main__":
    im, tr, sv = make_cheque(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "dev")
    out = save_cheque(im, sv, Path(sys.argv[3] if len(sys.argv) > 3 else f"/tmp/cheque_in_{sys.argv[1]}"))
    print(out, tr)
