"""Synthetic cheques of the Gulf states and Sri Lanka (``make_cheque``: the country is
``COUNTRIES[seed % 7]``), for ``cheque_synth_bench.py --kind gulf``: the countries of the real
cheques the other generators never drew.

Gulf leaves (the UAE, Qatar, Saudi Arabia, Kuwait, Oman, Bahrain) are bilingual: every printed
label in English and in Arabic (DejaVu Sans, shaped by Pillow's raqm layout where it has one),
the bank's name in both, the drawer's name printed under the signature; the amount in words in
English with the country's currency ("Qatari Riyals ... only", "and 250 fils", "Baisa"), three
decimals for Kuwait, Oman and Bahrain; the date on a line or in eight DDMMYYYY boxes (the UAE's
leaves); the amount box with "AED", "Dhs.", "QR", "S.R.", "KD", "R.O.", "BD" or none. Sri
Lankan leaves: "Rupees ... only", "Rs." and "/=", date boxes, "or bearer". The MICR bands are
modelled on the real Qatari leaf's (serial between on-us symbols, the bank's 9-digit code
between transit symbols, the account) and, for Sri Lanka, serial, bank code (4) with branch (3),
account: they are this generator's, not a published standard. Figures are in Western digits
(the recogniser has no Arabic-Indic ones). Names, banks' branches and numbers are made up.

The fonts, handwriting, damage and saving are ``cheque_synth``'s (so its split of the font
families: ``part="dev"`` uses one half, ``part="held"`` the other).

    python bench/cheque_synth_gulf.py SEED [dev|held] OUT_STEM
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Tuple

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cheque_synth as cs  # noqa: E402
from cheque_synth_intl import _digits, _writable, leaf_start  # noqa: E402

ms = cs.ms
GENERATOR_VERSION = 1  # bump when a seed draws a different cheque
COUNTRIES = ("ae", "qa", "sa", "kw", "om", "bh", "lk")
ARABIC_FONT = "DejaVuSans"
CURRENCY = {"ae": "AED", "qa": "QAR", "sa": "SAR", "kw": "KWD", "om": "OMR", "bh": "BHD",
            "lk": "LKR"}
DECIMALS = {"kw": 3, "om": 3, "bh": 3}

_FIRST = ["Ahmed", "Fatima", "Mohammed", "Aisha", "Khalid", "Mariam", "Omar", "Noura", "Yousef",
          "Huda", "Rashid", "Salma", "Priya", "Rajesh", "John", "Maria"]
_LAST = ["Al Mansoori", "Al Thani", "Al Harbi", "Al Sabah", "Al Balushi", "Al Khalifa",
         "Hassan", "Abdullah", "Nair", "Fernandes", "Khan", "Qureshi", "Rahman"]
_LK_FIRST = ["Nimal", "Kumari", "Saman", "Dilani", "Ruwan", "Chamari", "Kasun", "Tharindu",
             "Shirani", "Mohamed"]
_LK_LAST = ["Perera", "Fernando", "Silva", "Jayasinghe", "Wickramasinghe", "Bandara",
            "Rajapaksa", "Gunawardena", "Dissanayake", "Rizvi"]
_COMPANIES = {
    "ae": ["Al Noor Trading LLC", "Desert Rose General Trading", "Marina Technical Services LLC"],
    "qa": ["Qatar Business House WLL", "Al Wakra Contracting WLL", "Pearl Gulf Trading Co."],
    "sa": ["Al Faisal Trading Est.", "Najd Contracting Co.", "Red Sea Foods Company"],
    "kw": ["Al Ahmadi General Trading Co. W.L.L.", "Gulf Star Supplies", "Salmiya Motors"],
    "om": ["Muscat Engineering LLC", "Al Batinah Traders SAOC", "Dhofar Cattle Feed Co."],
    "bh": ["Manama Office Supplies W.L.L.", "Seef Trading Est.", "Gulf Pearl Services"],
    "lk": ["Lanka Tiles PLC", "Ceylon Tea Traders (Pvt) Ltd", "Kandy Motors (Pvt) Ltd"],
}
# (English name, Arabic name) of each country's banks; Sri Lanka's in English only
_BANKS = {
    "ae": [("Emirates NBD", "بنك الإمارات دبي الوطني"), ("Mashreq Bank", "بنك المشرق"),
           ("Abu Dhabi Commercial Bank", "بنك أبوظبي التجاري"),
           ("Dubai Islamic Bank", "بنك دبي الإسلامي"),
           ("First Abu Dhabi Bank", "بنك أبوظبي الأول")],
    "qa": [("Qatar National Bank", "بنك قطر الوطني"),
           ("The Commercial Bank (Q.S.C.)", "البنك التجاري"),
           ("Doha Bank", "بنك الدوحة"), ("Masraf Al Rayan", "مصرف الريان"),
           ("Qatar Islamic Bank", "مصرف قطر الإسلامي")],
    "sa": [("Al Rajhi Bank", "مصرف الراجحي"), ("Saudi National Bank", "البنك الأهلي السعودي"),
           ("Riyad Bank", "بنك الرياض"), ("Banque Saudi Fransi", "البنك السعودي الفرنسي"),
           ("Alinma Bank", "مصرف الإنماء")],
    "kw": [("National Bank of Kuwait", "بنك الكويت الوطني"),
           ("Kuwait Finance House", "بيت التمويل الكويتي"), ("Burgan Bank", "بنك برقان"),
           ("Gulf Bank", "بنك الخليج"), ("Boubyan Bank", "بنك بوبيان")],
    "om": [("Bank Muscat", "بنك مسقط"), ("Bank Dhofar", "بنك ظفار"),
           ("National Bank of Oman", "البنك الوطني العماني"),
           ("Sohar International", "صحار الدولي")],
    "bh": [("National Bank of Bahrain", "بنك البحرين الوطني"),
           ("Bahrain Islamic Bank", "بنك البحرين الإسلامي"),
           ("Ahli United Bank", "البنك الأهلي المتحد")],
    "lk": [("Hatton National Bank PLC", ""), ("Commercial Bank of Ceylon PLC", ""),
           ("Sampath Bank PLC", ""), ("Bank of Ceylon", ""), ("People's Bank", ""),
           ("Seylan Bank PLC", ""), ("NDB Bank", "")],
}
_CITIES = {"ae": ["Dubai", "Abu Dhabi", "Sharjah", "Ajman", "Al Ain"],
           "qa": ["Doha", "Al Wakrah", "Al Khor", "Lusail"],
           "sa": ["Riyadh", "Jeddah", "Dammam", "Makkah", "Khobar"],
           "kw": ["Kuwait City", "Salmiya", "Hawally", "Fahaheel"],
           "om": ["Muscat", "Salalah", "Sohar", "Nizwa"],
           "bh": ["Manama", "Muharraq", "Riffa", "Isa Town"],
           "lk": ["Colombo 03", "Kandy", "Galle", "Negombo", "Kurunegala"]}
# (the words' label as printed, its Arabic, how the written words name the currency: major,
# minor), the amount box's signs
_MONEY = {"ae": ("Dirhams", "درهم", ("dirhams", "fils"), ["AED", "Dhs.", "AED", ""]),
          "qa": ("Qatari Riyals", "ريال قطري", ("riyals", "dirhams"), ["QR", "QAR", ""]),
          "sa": ("Saudi Riyals", "ريال سعودي", ("riyals", "halalas"), ["S.R.", "SAR", ""]),
          "kw": ("Kuwaiti Dinars", "دينار كويتي", ("dinars", "fils"), ["KD", "KWD", ""]),
          "om": ("Rial Omani", "ريال عماني", ("rials", "baisa"), ["R.O.", "OMR", ""]),
          "bh": ("Bahraini Dinars", "دينار بحريني", ("dinars", "fils"), ["BD", "BHD", ""]),
          "lk": ("Rupees", "", ("rupees", "cents"), ["Rs.", "Rs.", "LKR", ""])}
_AR = {"pay": "ادفعوا لأمر", "bearer": "أو لحامله", "date": "التاريخ", "sign": "التوقيع",
       "number": "رقم الشيك", "only": "فقط", "acct": "رقم الحساب"}


def _figures(c: str, value: int, rng) -> str:
    """The amount in figures as the writer puts it in the box; ``value`` in minor units."""
    n = DECIMALS.get(c, 2)
    d, k = divmod(value, 10 ** n)
    frac = f"{k:0{n}d}"
    forms = [f"{d:,}.{frac}", f"#{d:,}.{frac}#", f"**{d:,}.{frac}**", f"{d:,}/{frac}",
             f"{d}.{frac}"]
    if k == 0:
        forms += [f"{d:,}/-", f"{d:,}/=" if c == "lk" else f"{d:,}.{frac}"]
    return str(rng.choice(forms))


def _words(c: str, value: int, rng) -> str:
    n = DECIMALS.get(c, 2)
    d, k = divmod(value, 10 ** n)
    major, minor = _MONEY[c][2]
    w = cs._number_words(d)
    style = int(rng.integers(0, 3))
    if style == 0:  # "One thousand riyals and 50 halalas only"
        s = f"{w} {major}" + (f" and {k} {minor}" if k else "") + " only"
    elif style == 1:  # the currency printed as the label: the figures' words alone
        s = w + (f" and {k}/{10 ** n}" if k else "") + " only"
    else:  # "Qatari Riyals One thousand only", the country's name too
        s = f"{_MONEY[c][0]} {w}" + (f" and {minor} {cs._number_words(k)}" if k else "") + \
            " only"
    s = s if rng.random() < 0.5 else s[0].upper() + s[1:]
    return s.upper() if rng.random() < 0.25 else s


def _date(d: dt.date, rng) -> str:
    return str(rng.choice([d.strftime("%d/%m/%Y"), d.strftime("%d-%m-%Y"), d.strftime("%d.%m.%Y"),
                           f"{d.day} {d.strftime('%B %Y')}", d.strftime("%d-%b-%Y"),
                           d.strftime("%d/%m/%y")]))


def _band(c: str, rng) -> Tuple[str, str, str]:
    """(serial, MICR band as printed, its truth with the symbols as letters)."""
    T, U, D = ms.TRANSIT, ms.ON_US, ms.DASH
    if c == "lk":
        serial = f"{int(rng.integers(1, 999999)):06d}"
        bank, branch = f"{int(rng.integers(7010, 7999))}", f"{int(rng.integers(1, 999)):03d}"
        acct = ms.make_account(rng, int(rng.choice([10, 12])))
        band = f"{U}{serial}{U} {bank}{D}{branch}{T} {acct}{U}"
        return serial, band, f"C{serial}C {bank}D{branch}A {acct}C"
    serial = f"{int(rng.integers(1, 99999999)):0{int(rng.choice([6, 8]))}d}"
    code = "0" + _digits(rng, 8) if c == "ae" else _digits(rng, 9)
    acct = ms.make_account(rng, int(rng.choice([11, 13, 17])))
    if rng.random() < 0.5:  # the Qatari leaf's: "0" after the serial, no spaces
        return (serial, f"{U}{serial}{U}0{T}{code}{T}{U}{acct}{U}",
                f"C{serial}C0A{code}AC{acct}C")
    return serial, f"{U}{serial}{U} {T}{code}{T} {acct}{U}", f"C{serial}C A{code}A {acct}C"


def _draw(c_: str, sp: dict, fonts: dict, rng, W: int) -> Image.Image:
    c, brand, pf, label_font, ls_, ink = leaf_start(fonts, rng, W)
    fill = sp["fill_font"]
    P, AR = ms.PRINT, ARABIC_FONT
    gulf = c_ != "lk"
    words_label, words_ar = _MONEY[c_][0], _MONEY[c_][1]
    if rng.random() < 0.6:
        c.rect(10, 10, ms.GRID_W - 10, ms.GRID_H - 10, w=float(rng.uniform(1, 3)), outline=brand)
    # bank in English, in Arabic under it (or at the top right), the branch
    c.text(34, 50, sp["bank"], pf(), float(rng.uniform(17, 22)), fill=brand, max_w=400)
    if sp["bank_ar"]:
        c.text(34, 72, sp["bank_ar"], AR, 13, fill=brand, max_w=300)
    c.text(34, 90, sp["branch"], label_font, 11, fill=P)
    if sp["number_printed"]:
        c.text(470, 40, "Cheque No. " + sp["number"], pf(), float(rng.uniform(12, 15)), fill=P)
        if gulf:
            c.text(470, 58, _AR["number"], AR, 11, fill=P)
    # the date: eight boxes (captioned DDMMYYYY) or a line, top right
    bw, bx0, by0, bh = 25.0, 750.0, 28.0, 30.0
    if sp["date_boxes"]:
        c.text(bx0 - 8, by0 + 20, "Date", label_font, ls_, anchor="rs", fill=P)
        if gulf:
            c.text(bx0 - 8, by0 + 38, _AR["date"], AR, 11, anchor="rs", fill=P)
        for i in range(8):
            c.rect(bx0 + i * bw, by0, bx0 + (i + 1) * bw, by0 + bh, w=1.2, outline=P)
        if sp["caption"]:
            for i, ch in enumerate("DDMMYYYY"):
                c.text(bx0 + (i + 0.5) * bw, by0 + bh + 14, ch, label_font, 11, anchor="ms",
                       fill=P)
        dsize = float(rng.uniform(19, 24))
        for i, ch in enumerate(sp["date_digits"]):
            c.text(bx0 + (i + 0.5) * bw + float(rng.uniform(-3, 3)),
                   by0 + bh - 6 + float(rng.uniform(-3, 2)), ch, fill, dsize, anchor="ms",
                   fill=ink)
    else:
        dx = float(rng.uniform(700, 740))
        c.text(dx, 56, "Date", label_font, ls_, fill=P)
        lx = dx + c.text_width("Date", label_font, ls_) + 8
        c.line(lx, 58, 962, 58)
        if gulf:
            c.text(962, 74, _AR["date"], AR, 11, anchor="rs", fill=P)
        c.text(lx + float(rng.uniform(4, 14)), 53, sp["date"], fill, float(rng.uniform(18, 22)),
               max_w=955 - lx, fill=ink, word_gap=1.1)
    # payee
    py = float(rng.uniform(140, 152))
    pay = "Pay to" if gulf and rng.random() < 0.5 else "Pay"
    c.text(34, py, pay, label_font, ls_, fill=P)
    px = 34 + c.text_width(pay, label_font, ls_) + 10
    end = 962.0
    if sp["bearer"]:
        c.text(962, py, "or bearer", label_font, ls_, anchor="rs", fill=P)
        end = 962 - c.text_width("or bearer", label_font, ls_) - 12
    if gulf:
        c.text(end, py + 16, _AR["pay"] + ("  " + _AR["bearer"] if sp["bearer"] else ""), AR, 11,
               anchor="rs", fill=P)
    c.line(px, py + 4, end, py + 4)
    c.text(px + float(rng.uniform(8, 40)), py - 3, sp["payee"], fill, float(rng.uniform(21, 27)),
           max_w=end - px - 60, fill=ink, word_gap=1.2)
    # the amount in words after the currency's label, maybe over two lines; the box beside
    wy = py + float(rng.uniform(52, 62))
    c.text(34, wy, words_label, label_font, ls_, fill=P)
    if words_ar:
        c.text(34, wy + 16, words_ar, AR, 11, fill=P)
    wx = 34 + c.text_width(words_label, label_font, ls_) + 12
    box_x0 = float(rng.uniform(700, 750))
    c.line(wx, wy + 4, 962, wy + 4)
    c.line(34, wy + 48, box_x0 - 12, wy + 48)
    words, wsize = sp["amount_words"], float(rng.uniform(19, 24))
    parts = [words]
    if c.text_width(words, fill, wsize) > 930 - wx:
        cut = words.rfind(" ", 0, max(1, int(len(words) * 0.55)))
        parts = [words[:cut], words[cut + 1:]] if cut > 0 else [words]
    c.text(wx + 6, wy - 3, parts[0], fill, wsize, max_w=955 - wx, fill=ink, word_gap=1.15)
    if len(parts) > 1:
        c.text(40, wy + 43, parts[1], fill, wsize, max_w=box_x0 - 60, fill=ink, word_gap=1.15)
    ay0 = wy + 22
    c.rect(box_x0, ay0, 962, ay0 + 42, w=1.4, fill=(255, 255, 255))
    ax = box_x0 + 8
    if sp["sign"]:
        c.text(ax, ay0 + 30, sp["sign"], label_font, 16, fill=P)
        ax += c.text_width(sp["sign"], label_font, 16) + 10
    c.text(ax, ay0 + 32, sp["amount_text"], fill, float(rng.uniform(20, 25)), max_w=955 - ax,
           fill=ink)
    # account, the drawer's name printed over the signature
    sy = wy + float(rng.uniform(118, 130))
    c.text(34, sy, f"A/C No. {sp['account_printed']}", label_font, 12, fill=P)
    if gulf:
        c.text(34, sy + 16, _AR["acct"], AR, 11, fill=P)
    c.text(940, sy - 8, sp["drawer"], label_font, 12, anchor="rs", fill=P)
    ms.draw_signature(c, rng, 640, sy, 930, sy + 50, ink=ink)
    c.text(940, sy + 66, "Signature" + ("  " + _AR["sign"] if gulf else ""), AR if gulf else
           label_font, 10, anchor="rs", fill=P)
    ms.draw_micr(c, float(rng.uniform(60, 160)), 445, sp["micr_print"], size=24)
    return c.img


def make_cheque(seed: int, part: str = "dev") -> Tuple[Image.Image, dict, str]:
    """(image, truth, save) of the cheque drawn from ``seed``; its country is
    ``COUNTRIES[seed % 7]``."""
    c_ = COUNTRIES[seed % len(COUNTRIES)]
    rng = np.random.default_rng([GENERATOR_VERSION, seed, 77])
    fonts = cs.fonts_for(part)
    fill_font = cs._hand_or_print(fonts, rng, 0.7)
    d = dt.date(2021, 1, 1) + dt.timedelta(days=int(rng.integers(0, 1500)))
    n = DECIMALS.get(c_, 2)
    units = int(rng.choice([int(rng.integers(1, 1000)), int(rng.integers(1, 100)) * 100,
                            int(rng.integers(1000, 200000))]))
    minor = 0 if rng.random() < 0.55 else (int(rng.integers(1, 20)) * 50 if n == 3
                                            else int(rng.integers(1, 100)))
    value = units * 10 ** n + minor
    first, last = (_LK_FIRST, _LK_LAST) if c_ == "lk" else (_FIRST, _LAST)
    payee = (f"{rng.choice(first)} {rng.choice(last)}" if rng.random() < 0.65
             else str(rng.choice(_COMPANIES[c_])))
    drawer = (f"{rng.choice(first)} {rng.choice(last)}" if rng.random() < 0.5
              else str(rng.choice(_COMPANIES[c_]))).upper()
    bank, bank_ar = _BANKS[c_][int(rng.integers(0, len(_BANKS[c_])))]
    city = str(rng.choice(_CITIES[c_]))
    serial, micr_print, micr_truth = _band(c_, rng)
    boxes = bool(rng.random() < (0.7 if c_ in ("ae", "lk") else 0.25))
    sp = {
        "payee": _writable(payee, fill_font), "fill_font": fill_font, "drawer": drawer,
        "amount_text": _writable(_figures(c_, value, rng), fill_font),
        "amount_words": _writable(_words(c_, value, rng), fill_font),
        "date": _writable(_date(d, rng), fill_font), "date_boxes": boxes,
        "date_digits": d.strftime("%d%m%Y"), "caption": bool(rng.random() < 0.7),
        "bank": bank, "bank_ar": bank_ar, "branch": f"{city} Branch",
        "number": serial, "number_printed": bool(rng.random() < 0.6),
        "sign": str(rng.choice(_MONEY[c_][3])), "bearer": bool(rng.random() < 0.5),
        "account_printed": ms.make_account(rng, 12), "micr_print": micr_print,
    }
    W = int(rng.integers(1100, 2200))
    img = _draw(c_, sp, fonts, rng, W)
    img, save = cs._damage(img, rng)
    truth = {
        "country": c_, "payee": sp["payee"],
        "amount": f"{value // 10 ** n}.{value % 10 ** n:0{n}d}",
        "amount_words": sp["amount_words"], "amount_as_written": sp["amount_text"],
        "date": d.isoformat(),
        "date_as_written": sp["date_digits"] if boxes else sp["date"], "cheque_number": serial,
        "micr_line": micr_truth, "micr_as_printed": micr_print, "currency": CURRENCY[c_],
        "memo": None, "bank_name": bank, "layout": {"date_boxes": boxes, "sign": sp["sign"]},
        "writing": "synthetic", "blank": False, "doubtful": [],
    }
    return img, truth, save


save_cheque = cs.save_cheque

if __name__ == "__main__":  # python bench/cheque_synth_gulf.py SEED [dev|held] OUT_STEM
    im, tr, sv = make_cheque(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "dev")
    stem = sys.argv[3] if len(sys.argv) > 3 else f"/tmp/cheque_gulf_{sys.argv[1]}"
    out = save_cheque(im, sv, Path(stem))
    print(out, tr)
