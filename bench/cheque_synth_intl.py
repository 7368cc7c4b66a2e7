"""Synthetic cheques of Brazil, Turkey, Tunisia and Kenya (no development cheques of them exist):
each country's printed labels, currency, date and amount formats, amount in words in its
language, and a CMC-7-like line where the country has one (Brazil).

The fonts, the handwriting, the damage and how a cheque is saved are ``cheque_synth``'s (and so
its split of the font families: ``part="dev"`` cheques use one half, ``part="held"`` the other).
A seed draws one cheque; its country is ``COUNTRIES[seed % 4]``. Names, banks' branches and
numbers are made up. A filled-in value written in a font that lacks one of its letters ("ş",
"ã", "₺") is written without accents (the truth keeps what was written; "₺" becomes "TL").

    from cheque_synth_intl import make_cheque
    img, truth, save = make_cheque(7, part="held")

    python bench/cheque_synth_intl.py SEED [dev|held] OUT_STEM

The truth has the keys of ``cheque_synth``'s, plus ``country``; ``micr_line`` holds the groups
the convention reads (Brazil: bank-agency group, the cheque number, the account group; the line
as printed is ``micr_as_printed``).
"""
from __future__ import annotations

import datetime as dt
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import List, Tuple

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cheque_synth as cs  # noqa: E402  (fonts, handwriting, damage, save)

ms = cs.ms
GENERATOR_VERSION = 1  # bump when a seed draws a different cheque
COUNTRIES = ("br", "tr", "tn", "ke")
# Australia, the UK and Canada (``make_anglo``: ``ANGLO[seed % 3]``), with their MICR bands:
# APCA's ⑈serial⑈ BSB⑆ account⑈ tc, the C&CCC's ⑈serial⑈ sort code⑆ account⑈ tc, CPA
# Standard 006's ⑈serial⑈ ⑆transit⑉institution⑆ account⑈ (a personal leaf: its serial
# after the account)
ANGLO = ("au", "uk", "ca")

# ----------------------------------------------------------------------------- words


def words_fr(n: int) -> str:
    u = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
         "onze", "douze", "treize", "quatorze", "quinze", "seize"]
    tens = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}

    def below100(k: int) -> str:
        if k < 17:
            return u[k]
        if k < 20:
            return "dix-" + u[k - 10]
        t, r = divmod(k, 10)
        if t in (7, 9):
            base = "soixante" if t == 7 else "quatre-vingt"
            return base + ("-et-" if k == 71 else "-") + below100(10 + r)
        if t == 8:
            return "quatre-vingts" if r == 0 else "quatre-vingt-" + u[r]
        return tens[t] + ("" if r == 0 else "-et-un" if r == 1 else "-" + u[r])

    def below1000(k: int) -> str:
        h, r = divmod(k, 100)
        if h == 0:
            return below100(r)
        head = "cent" if h == 1 else u[h] + (" cents" if r == 0 else " cent")
        return head + ("" if r == 0 else " " + below100(r))

    if n == 0:
        return u[0]
    m, rest = divmod(n, 1_000_000)
    th, low = divmod(rest, 1000)
    out = []
    if m:
        out.append(("un million" if m == 1 else below1000(m) + " millions"))
    if th:
        out.append("mille" if th == 1 else below1000(th) + " mille")
    if low:
        out.append(below1000(low))
    return " ".join(out)


def words_pt(n: int) -> str:
    u = ["zero", "um", "dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove", "dez",
         "onze", "doze", "treze", "quatorze", "quinze", "dezesseis", "dezessete", "dezoito",
         "dezenove"]
    tens = ["", "", "vinte", "trinta", "quarenta", "cinquenta", "sessenta", "setenta",
            "oitenta", "noventa"]
    hund = ["", "cento", "duzentos", "trezentos", "quatrocentos", "quinhentos", "seiscentos",
            "setecentos", "oitocentos", "novecentos"]

    def below1000(k: int) -> str:
        if k == 100:
            return "cem"
        h, r = divmod(k, 100)
        parts = [hund[h]] if h else []
        if r:
            parts.append(u[r] if r < 20 else tens[r // 10] + ("" if r % 10 == 0 else
                                                              " e " + u[r % 10]))
        return " e ".join(parts)

    if n == 0:
        return u[0]
    m, rest = divmod(n, 1_000_000)
    th, low = divmod(rest, 1000)
    out = []
    if m:
        out.append("um milhão" if m == 1 else below1000(m) + " milhões")
    if th:
        out.append("mil" if th == 1 else below1000(th) + " mil")
    if low:
        sep = " e " if out and (low < 100 or low % 100 == 0) else " "
        return " ".join(out) + sep + below1000(low)
    return " ".join(out)


def words_tr(n: int, glued: bool) -> str:
    u = ["", "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz"]
    tens = ["", "on", "yirmi", "otuz", "kırk", "elli", "altmış", "yetmiş", "seksen", "doksan"]

    def below1000(k: int) -> List[str]:
        h, r = divmod(k, 100)
        out = []
        if h:
            out += ([] if h == 1 else [u[h]]) + ["yüz"]
        if r:
            out += [w for w in (tens[r // 10], u[r % 10]) if w]
        return out

    m, rest = divmod(n, 1_000_000)
    th, low = divmod(rest, 1000)
    words: List[str] = []
    if m:
        words += below1000(m) + ["milyon"]
    if th:
        words += ([] if th == 1 else below1000(th)) + ["bin"]
    words += below1000(low)
    return ("" if glued else " ").join(words) or "sıfır"


# ----------------------------------------------------------------------------- countries

_NAMES = {
    "br": (["Ana", "João", "Marcos", "Fernanda", "Luiz", "Beatriz", "Rafael", "Camila"],
           ["Silva", "Souza", "Oliveira", "Pereira", "Almeida", "Costa", "Ribeiro", "Carvalho"],
           ["Comercial Aurora Ltda", "Padaria Estrela", "Construtora Horizonte Ltda",
            "Auto Peças Paulista"]),
    "tr": (["Ahmet", "Ayşe", "Mehmet", "Elif", "Mustafa", "Zeynep", "Emre", "Selin"],
           ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk"],
           ["Anadolu Gıda Ltd. Şti.", "Marmara İnşaat A.Ş.", "Ege Tekstil Ltd. Şti."]),
    "tn": (["Mohamed", "Amira", "Sami", "Leila", "Karim", "Nour", "Hichem", "Sonia"],
           ["Ben Salah", "Trabelsi", "Gharbi", "Jaziri", "Mansouri", "Ayari", "Bouaziz"],
           ["Ste Medina Services", "Sarl El Amen Import", "Cafe des Palmiers"]),
    "ke": (["Wanjiru", "Otieno", "Kamau", "Achieng", "Mwangi", "Njeri", "Kiprop", "Atieno"],
           ["Mwangi", "Odhiambo", "Kariuki", "Wambui", "Kiptoo", "Njoroge", "Omondi"],
           ["Savannah Supplies Ltd", "Rift Valley Traders", "Jamii Hardware Ltd"]),
    "au": (["Olivia", "Jack", "Charlotte", "Liam", "Isla", "Noah", "Mia", "Cooper"],
           ["Smith", "Nguyen", "Williams", "Brown", "Wilson", "Taylor", "Kelly", "Murphy"],
           ["Harbourside Catering Pty Ltd", "Southern Cross Plumbing", "Outback Supplies Pty Ltd"]),
    "uk": (["Oliver", "Amelia", "Harry", "Emily", "George", "Sophie", "Thomas", "Eleanor"],
           ["Jones", "Davies", "Evans", "Hughes", "Roberts", "Patel", "Wright", "Walker"],
           ["Thames Valley Builders Ltd", "Pennine Garden Centre", "Castle Lettings Ltd"]),
    "ca": (["Lucie", "Ethan", "Chloé", "Liam", "Maëlle", "Owen", "Camille", "Logan"],
           ["Tremblay", "Gagnon", "Roy", "Martin", "MacDonald", "Leblanc", "Côté", "Campbell"],
           ["Maple Ridge Contracting Inc.", "Boulangerie St-Denis", "Prairie Grain Co-op"]),
}
_BANKS = {
    "br": ["Banco do Brasil", "Itaú Unibanco", "Bradesco", "Caixa Econômica Federal",
           "Banco Santander", "Banrisul", "Sicredi"],
    "tr": ["Türkiye İş Bankası", "Ziraat Bankası", "Garanti BBVA", "Akbank", "Yapı Kredi",
           "Halkbank", "VakıfBank", "Denizbank"],
    "tn": ["BIAT", "STB", "BNA", "Attijari Bank", "Amen Bank", "BH Bank", "UIB",
           "Banque Zitouna", "ATB"],
    "ke": ["Equity Bank", "KCB Bank", "Co-operative Bank", "NCBA Bank", "Stanbic Bank",
           "Absa Bank Kenya", "Diamond Trust Bank", "I&M Bank", "Family Bank"],
    "au": ["Commonwealth Bank", "Westpac", "ANZ", "NAB", "Bendigo Bank"],
    "uk": ["Barclays", "Lloyds Bank", "HSBC UK", "NatWest", "Santander UK", "Halifax"],
    "ca": ["Royal Bank of Canada", "TD Canada Trust", "Scotiabank", "BMO Bank of Montreal",
           "CIBC", "Desjardins", "National Bank"],
}
# each bank's code: the BSB's or sort code's first two digits, the Canadian institution number
_BANK_CODE = {"Commonwealth Bank": "06", "Westpac": "03", "ANZ": "01", "NAB": "08",
              "Bendigo Bank": "63", "Barclays": "20", "Lloyds Bank": "30", "HSBC UK": "40",
              "NatWest": "60", "Santander UK": "09", "Halifax": "11", "Royal Bank of Canada": "003",
              "TD Canada Trust": "004", "Scotiabank": "002", "BMO Bank of Montreal": "001",
              "CIBC": "010", "Desjardins": "815", "National Bank": "006"}
_CITIES = {"br": ["São Paulo", "Rio de Janeiro", "Curitiba", "Porto Alegre", "Belo Horizonte"],
           "tr": ["İstanbul", "Ankara", "İzmir", "Bursa", "Antalya"],
           "tn": ["Tunis", "Sfax", "Sousse", "Bizerte", "Nabeul"],
           "ke": ["Nairobi", "Mombasa", "Kisumu", "Nakuru", "Eldoret"],
           "au": ["Melbourne VIC 3000", "Sydney NSW 2000", "Brisbane QLD 4000", "Perth WA 6000",
                  "Adelaide SA 5000"],
           "uk": ["Leeds LS1 4AB", "Bristol BS1 5TR", "Manchester M2 3HQ", "York YO1 7HH",
                  "Cardiff CF10 1EP"],
           "ca": ["Toronto ON M5H 2N2", "Montreal QC H3B 2M8", "Calgary AB T2P 1J9",
                  "Halifax NS B3J 1S9", "Winnipeg MB R3C 0A5"]}
_MONTHS = {
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
           "setembro", "outubro", "novembro", "dezembro"],
    "tr": ["Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül",
           "Ekim", "Kasım", "Aralık"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
}
CURRENCY = {"br": "BRL", "tr": "TRY", "tn": "TND", "ke": "KES", "au": "AUD", "uk": "GBP",
            "ca": "CAD"}


def _grouped(units: int, sep: str) -> str:
    return f"{units:,}".replace(",", sep)


def _figures(c: str, value: int, rng) -> str:
    """The amount in figures as the country writes it; ``value`` in minor units."""
    if c == "tn":
        d, m = divmod(value, 1000)
        return str(rng.choice([f"{_grouped(d, '.')},{m:03d}", f"{_grouped(d, ' ')},{m:03d}",
                               f"#{d},{m:03d}#", f"{d},{m:03d} DT", f"**{_grouped(d, '.')},{m:03d}**"]))
    d, k = divmod(value, 100)
    if c in ANGLO:
        return str(rng.choice([f"{d:,}.{k:02d}", f"**{d:,}.{k:02d}**", f"*{d}.{k:02d}*",
                               f"{d:,}.{k:02d}"]))
    if c == "ke":
        return str(rng.choice([f"{d:,}.{k:02d}", f"**{d:,}.{k:02d}**", f"{d:,}/=" if k == 0
                               else f"{d:,}.{k:02d}", f"{d:,}.{k:02d}/-"]))
    return str(rng.choice([f"{_grouped(d, '.')},{k:02d}", f"**{_grouped(d, '.')},{k:02d}**",
                           f"#{_grouped(d, '.')},{k:02d}#", f"{d},{k:02d}"]))


def _words(c: str, value: int, rng) -> str:
    if c == "tn":
        d, m = divmod(value, 1000)
        s = words_fr(d) + (" dinar" if d == 1 else " dinars")
        if m:
            s += f" et {m} millimes" if rng.random() < 0.5 else f" et {words_fr(m)} millimes"
        return s
    d, k = divmod(value, 100)
    if c == "br":
        s = words_pt(d)
        s += (" de reais" if d % 1_000_000 == 0 else " real" if d == 1 else " reais")
        if k:
            s += " e " + words_pt(k) + " centavos"
        return s
    if c == "tr":
        glued = rng.random() < 0.5
        s = words_tr(d, glued) + " TL"
        if k:
            s += " " + words_tr(k, glued) + " kuruş"
        return ("Yalnız " if rng.random() < 0.6 else "") + s
    if c in ANGLO:
        return _words_anglo(c, d, k, rng)
    s = cs._number_words(d)
    s = (s + " shillings" + (f" and {cs._number_words(k)} cents" if k else "") + " only")
    return s if rng.random() < 0.5 else s[0].upper() + s[1:]


def _words_anglo(c: str, d: int, k: int, rng) -> str:
    w = cs._number_words(d)
    if c == "ca":  # the figures' cents over 100, "Dollars" printed after the line
        s = f"{w} and {k:02d}/100"
    elif c == "uk":
        s = f"{w} pounds" + (f" and {cs._number_words(k)} pence" if k else " only")
    else:
        s = f"{w} dollars" + (f" and {cs._number_words(k)} cent{'s' * (k != 1)}" if k
                              else " only")
    return s.upper() if rng.random() < 0.4 else s[0].upper() + s[1:]


def _date(c: str, d: dt.date, city: str, rng) -> str:
    if c in ("au", "uk"):
        return str(rng.choice([d.strftime("%d/%m/%Y"), f"{d.day} {d.strftime('%B %Y')}",
                               d.strftime("%d.%m.%Y"), d.strftime("%d/%m/%y")]))
    if c == "ca":
        return str(rng.choice([d.strftime("%Y-%m-%d"), d.strftime("%d/%m/%Y"),
                               f"{d.strftime('%B')} {d.day}, {d.year}"]))
    if c == "br":
        return f"{city}, {d.day} de {_MONTHS['pt'][d.month - 1]} de {d.year}"
    if c == "tr":
        return str(rng.choice([d.strftime("%d.%m.%Y"), f"{d.day} {_MONTHS['tr'][d.month - 1]} {d.year}",
                               d.strftime("%d/%m/%Y")]))
    if c == "tn":
        return str(rng.choice([d.strftime("%d/%m/%Y"), f"{d.day} {_MONTHS['fr'][d.month - 1]} {d.year}",
                               d.strftime("%d-%m-%Y")]))
    return str(rng.choice([d.strftime("%d/%m/%Y"), d.strftime("%d-%m-%Y"),
                           f"{d.day} {d.strftime('%B %Y')}", d.strftime("%d.%m.%Y")]))


_LABELS = {
    "br": {"words": "Pague por este cheque a quantia de", "payee": "a", "order": "ou à sua ordem",
           "sign": "R$", "number": "Cheque Nº", "date": "", "tail": ""},
    "tr": {"words": "Bu çek karşılığında", "payee": "Emrine", "order": "veya hamiline",
           "sign": "TL", "number": "Çek No", "date": "Keşide Tarihi", "tail": ""},
    "tn": {"words": "Payez contre ce chèque non endossable", "payee": "à l'ordre de",
           "order": "", "sign": "DT", "number": "CHEQUE N°", "date": "le", "tail": ""},
    "ke": {"words": "Kenya Shillings", "payee": "Pay", "order": "or bearer", "sign": "KSh",
           "number": "", "date": "Date", "tail": "Only"},
    "au": {"words": "The sum of", "payee": "Pay", "order": "or bearer", "sign": "$",
           "number": "No.", "date": "Date", "tail": ""},
    "uk": {"words": "Pounds", "payee": "Pay", "order": "", "sign": "£", "number": "",
           "date": "Date", "tail": ""},
    "ca": {"words": "The sum of", "payee": "Pay to the order of", "order": "", "sign": "$",
           "number": "No.", "date": "Date", "tail": "Dollars"},
}


# ----------------------------------------------------------------------------- drawing


@lru_cache(maxsize=None)
def _has_glyph(font: str, ch: str) -> bool:
    """Whether ``font`` draws ``ch`` (not its "missing" box)."""
    if ch.isascii():
        return True
    f = cs._get_font(font, 40)

    def ink(c: str) -> bytes:
        m = f.getmask(c)
        return bytes(m.size) + bytes(m)

    return ink(ch) != ink("\ue000")


def _writable(text: str, font: str) -> str:
    """``text`` as a writer with ``font`` writes it: without the accents it lacks."""
    out = []
    for ch in text:
        if _has_glyph(font, ch):
            out.append(ch)
        elif ch == "₺":
            out.append("TL")
        else:
            plain = unicodedata.normalize("NFKD", ch.replace("ı", "i").replace("İ", "I"))[:1]
            out.append(plain if plain and _has_glyph(font, plain) else "?")
    return "".join(out)


def _cmc7(rng) -> Tuple[str, str, str, str]:
    """(bank-agency 8, compensation + number + check 10, account 12, the cheque number)."""
    g1 = "".join(str(int(x)) for x in rng.integers(0, 10, size=8))
    number = f"{int(rng.integers(1, 999999)):06d}"
    g2 = f"{int(rng.integers(0, 999)):03d}{number}{int(rng.integers(0, 10))}"
    g3 = "".join(str(int(x)) for x in rng.integers(0, 10, size=12))
    return g1, g2, g3, number


def leaf_start(fonts: dict, rng, W: int):
    """(canvas, brand colour, a printed font drawer, the labels' font and size, the ink) of a
    leaf of width ``W``, drawn from ``rng`` (``cheque_synth_gulf`` starts its leaves so too)."""
    c = cs.blank_leaf(rng, W, tint_low=225)
    brand = tuple(int(v) for v in rng.integers(0, 140, size=3))
    pf = lambda: str(rng.choice(fonts["print"]))  # noqa: E731
    label_font, ls_ = pf(), float(rng.uniform(11, 14))
    ink = (22, 34, 105) if rng.random() < 0.5 else (25, 25, 30)
    return c, brand, pf, label_font, ls_, ink


def _draw(c_: str, sp: dict, fonts: dict, rng, W: int) -> Image.Image:
    c, brand, pf, label_font, ls_, ink = leaf_start(fonts, rng, W)
    fill = sp["fill_font"]
    P = ms.PRINT
    lab = _LABELS[c_]
    if rng.random() < 0.6:
        c.rect(10, 10, ms.GRID_W - 10, ms.GRID_H - 10, w=float(rng.uniform(1, 3)), outline=brand)
    # bank, branch, number
    c.text(34, 54, sp["bank"], pf(), float(rng.uniform(18, 24)), fill=brand, max_w=420)
    c.text(34, 74, sp["branch"], label_font, 11.5, fill=P)
    if sp.get("code_printed"):
        c.text(34, 92, sp["code_printed"], label_font, 11.5, fill=P)
    if c_ in ANGLO:  # the number at the top right, under the amount's box
        size = float(rng.uniform(13, 17))
        if sp.get("number_printed", True):
            c.text(962, 96, (lab["number"] + " " if lab["number"] else "") + sp["number"], pf(),
                   size, anchor="rs", fill=P)
    else:
        c.text(470, 44, (lab["number"] + " " if lab["number"] else "") + sp["number"], pf(),
               float(rng.uniform(13, 17)), fill=P)
    # amount box, top right
    box_x0 = float(rng.uniform(680, 740))
    c.rect(box_x0, 28, 962, 72, w=1.4, fill=(255, 255, 255))
    ax = box_x0 + 10
    if sp["sign_printed"]:
        c.text(ax, 60, lab["sign"], label_font, 18, fill=P)
        ax += c.text_width(lab["sign"], label_font, 18) + 10
    c.text(ax, 62, sp["amount_text"], fill, float(rng.uniform(20, 26)), max_w=955 - ax, fill=ink)
    # the amount in words, after its label, maybe over two lines
    wy = float(rng.uniform(118, 135))
    c.text(34, wy, lab["words"], label_font, ls_, fill=P)
    wx = 34 + c.text_width(lab["words"], label_font, ls_) + 12
    c.line(wx, wy + 10, 962, wy + 10)
    c.line(34, wy + 48, 962, wy + 48)
    words = sp["amount_words"]
    wsize = float(rng.uniform(19, 24))
    parts = [words]
    if c.text_width(words, fill, wsize) > 940 - wx:
        cut = words.rfind(" ", 0, max(1, int(len(words) * 0.55)))
        parts = [words[:cut], words[cut + 1:]] if cut > 0 else [words]
    c.text(wx + 6, wy - 2, parts[0], fill, wsize, max_w=955 - wx, fill=ink, word_gap=1.15)
    if len(parts) > 1:
        c.text(40, wy + 44, parts[1], fill, wsize, max_w=(900 if lab["tail"] else 920), fill=ink,
               word_gap=1.15)
    if lab["tail"]:
        c.text(962, wy + 44, lab["tail"], label_font, ls_, anchor="rs", fill=P)
    # payee
    py = wy + float(rng.uniform(82, 95))
    c.text(34, py, lab["payee"], label_font, ls_, fill=P)
    px = 34 + c.text_width(lab["payee"], label_font, ls_) + 12
    end = 962 - (c.text_width(lab["order"], label_font, ls_) + 16 if lab["order"] else 0)
    c.line(px, py + 10, end, py + 10)
    if lab["order"]:
        c.text(962, py, lab["order"], label_font, ls_, anchor="rs", fill=P)
    c.text(px + float(rng.uniform(8, 40)), py - 3, sp["payee"], fill, float(rng.uniform(21, 27)),
           max_w=end - px - 50, fill=ink, word_gap=1.2)
    # date, right half, below the payee
    dy = py + float(rng.uniform(46, 58))
    dx = float(rng.uniform(480, 560))
    if lab["date"]:
        c.text(dx, dy, lab["date"], label_font, ls_, fill=P)
        dx += c.text_width(lab["date"], label_font, ls_) + 10
    c.line(dx, dy + 10, 962, dy + 10)
    c.text(dx + float(rng.uniform(4, 20)), dy - 3, sp["date"], fill, float(rng.uniform(19, 24)),
           max_w=962 - dx - 10, fill=ink, word_gap=1.15)
    # signature, and the code line
    sig_y = dy + 70
    ms.draw_signature(c, rng, 600, sig_y - 60, 940, sig_y, ink=ink)
    if sp["micr_print"]:
        if c_ == "br":
            c.text(float(rng.uniform(60, 180)), 440, sp["micr_print"], "DejaVuSansMono-Bold", 20,
                   fill=P)
        else:
            ms.draw_micr(c, float(rng.uniform(60, 180)), 440, sp["micr_print"], size=24)
    return c.img


def _digits(rng, n: int) -> str:
    return "".join(str(int(x)) for x in rng.integers(0, 10, size=n))


def _anglo_band(c_: str, bank: str, rng) -> Tuple[str, str, str, dict]:
    """(cheque number, MICR band as printed, its truth, what the leaf prints besides) of an
    Australian, UK or Canadian leaf of ``bank``. The truth writes the symbols as letters (on-us
    C, transit A, dash D) as the real cheques' truth does."""
    T, U, D = ms.TRANSIT, ms.ON_US, ms.DASH
    code = _BANK_CODE[bank]
    extra: dict = {}
    if c_ == "au":
        serial = f"{int(rng.integers(1, 999999)):06d}"
        bsb = code + str(int(rng.integers(2, 8))) + _digits(rng, 3)
        acct = ms.make_account(rng, int(rng.choice([6, 8, 9])))
        cut = len(acct) // 2
        a_p, a_t = ((f"{acct[:cut]}{D}{acct[cut:]}", f"{acct[:cut]}D{acct[cut:]}")
                    if rng.random() < 0.5 else (acct, acct))
        tc = str(rng.choice(["13", "20", ""]))
        band = f"{U}{serial}{U} {bsb[:3]}{D}{bsb[3:]}{T} {a_p}{U}" + (f" {tc}" if tc else "")
        truth = f"C{serial}C {bsb[:3]}D{bsb[3:]}A {a_t}C" + (f" {tc}" if tc else "")
        if rng.random() < 0.5:
            extra["code_printed"] = str(rng.choice([f"BSB {bsb[:3]}-{bsb[3:]}",
                                                    f"BSB: {bsb[:3]}-{bsb[3:]}",
                                                    f"{bsb[:3]}-{bsb[3:]}"]))
        return serial, band, truth, extra
    if c_ == "uk":
        serial = f"{int(rng.integers(1, 999999)):06d}"
        sort = code + _digits(rng, 4)
        acct = ms.make_account(rng, 8)
        tc = str(rng.choice(["00", ""]))
        band = f"{U}{serial}{U} {sort[:2]}{D}{sort[2:]}{T} {acct}{U}" + (f" {tc}" if tc else "")
        truth = f"C{serial}C {sort[:2]}D{sort[2:]}A {acct}C" + (f" {tc}" if tc else "")
        if rng.random() < 0.6:
            extra["code_printed"] = str(rng.choice([f"Sort code {sort[:2]}-{sort[2:4]}-{sort[4:]}",
                                                    f"{sort[:2]}-{sort[2:4]}-{sort[4:]}"]))
        extra["number_printed"] = bool(rng.random() < 0.5)
        return serial, band, truth, extra
    transit = _digits(rng, 5)
    acct = ms.make_account(rng, int(rng.choice([7, 9, 12])))
    if rng.random() < 0.5:  # a personal leaf: the serial after the account
        serial = f"{int(rng.integers(1, 999)):03d}"
        band = f"{T}{transit}{D}{code}{T} {acct}{U} {serial}"
        truth = f"A{transit}D{code}A {acct}C {serial}"
    else:
        serial = f"{int(rng.integers(1, 9999999)):0{int(rng.choice([6, 7]))}d}"
        band = f"{U}{serial}{U} {T}{transit}{D}{code}{T} {acct}{U}"
        truth = f"C{serial}C A{transit}D{code}A {acct}C"
    if rng.random() < 0.2:
        extra["code_printed"] = f"Transit {transit} Inst. {code}"
    return serial, band, truth, extra


def make_anglo(seed: int, part: str = "dev") -> Tuple[Image.Image, dict, str]:
    """An Australian, UK or Canadian cheque: ``ANGLO[seed % 3]``."""
    return make_cheque(seed, part, country=ANGLO[seed % len(ANGLO)])


def make_cheque(seed: int, part: str = "dev", country: str = "") -> Tuple[Image.Image, dict, str]:
    """(image, truth, save) of the cheque drawn from ``seed``; its country is
    ``COUNTRIES[seed % 4]`` unless ``country`` names one."""
    c_ = country or COUNTRIES[seed % len(COUNTRIES)]
    rng = np.random.default_rng([GENERATOR_VERSION, seed, (COUNTRIES + ANGLO).index(c_)])
    fonts = cs.fonts_for(part)
    fill_font = cs._hand_or_print(fonts, rng, 0.7)
    d = dt.date(2021, 1, 1) + dt.timedelta(days=int(rng.integers(0, 1500)))
    scale = 1000 if c_ == "tn" else 100
    units = int(rng.choice([int(rng.integers(1, 1000)), int(rng.integers(1, 100)) * 100,
                            int(rng.integers(1000, 200000))]))
    minor = 0 if rng.random() < 0.5 else (int(rng.integers(1, 20)) * 50 if c_ == "tn"
                                           else int(rng.integers(1, 100)))
    value = units * scale + minor
    first, last, cos = _NAMES[c_]
    payee = (f"{rng.choice(first)} {rng.choice(last)}" if rng.random() < 0.7
             else str(rng.choice(cos)))
    city = str(rng.choice(_CITIES[c_]))
    number = f"{int(rng.integers(1, 9999999)):07d}" if c_ == "tn" else str(int(rng.integers(101, 999999)))
    micr_print, micr_truth = "", None
    if c_ == "br":
        g1, g2, g3, number = _cmc7(rng)
        micr_print = f"<{g1}< {g2}> {g3}:"
        micr_truth = f"{g1} {number} {g3}"
    elif c_ == "ke":
        bb, acct = f"{int(rng.integers(1, 99999)):05d}", ms.make_account(rng, 10)
        serial = number.zfill(6)
        micr_print = f"{ms.ON_US}{serial}{ms.ON_US} {bb}{ms.TRANSIT} {acct}{ms.ON_US}"
        micr_truth = f"C{serial}C {bb}A {acct}C"
    extra = {}
    if c_ in ANGLO:
        bank = str(rng.choice(_BANKS[c_]))
        number, micr_print, micr_truth, extra = _anglo_band(c_, bank, rng)
    sp = {
        "payee": _writable(payee, fill_font), "fill_font": fill_font,
        "amount_text": _writable(_figures(c_, value, rng), fill_font),
        "amount_words": _writable(_words(c_, value, rng), fill_font),
        "date": _writable(_date(c_, d, city, rng), fill_font),
        "bank": bank if c_ in ANGLO else str(rng.choice(_BANKS[c_])),
        "branch": f"Agência {city}" if c_ == "br"
        else f"{city} Şubesi" if c_ == "tr" else f"Agence {city}" if c_ == "tn"
        else city if c_ in ANGLO else f"{city} Branch",
        "number": number, "sign_printed": bool(rng.random() < 0.7), "micr_print": micr_print,
        **extra,
    }
    W = int(rng.integers(1100, 2200))
    img = _draw(c_, sp, fonts, rng, W)
    img, save = cs._damage(img, rng)
    amount = f"{value // scale}.{value % scale:0{3 if scale == 1000 else 2}d}"
    truth = {
        "country": c_, "payee": sp["payee"], "amount": amount, "amount_words": sp["amount_words"],
        "amount_as_written": sp["amount_text"], "date": d.isoformat(),
        "date_as_written": sp["date"], "cheque_number": number, "micr_line": micr_truth,
        "micr_as_printed": micr_print or None, "currency": CURRENCY[c_], "memo": None,
        "bank_name": sp["bank"], "layout": {"sign_printed": sp["sign_printed"]},
        "writing": "synthetic", "blank": False, "doubtful": [],
    }
    return img, truth, save


save_cheque = cs.save_cheque

if __name__ == "__main__":  # python bench/cheque_synth_intl.py SEED [dev|held] OUT_STEM
    im, tr, sv = make_cheque(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "dev")
    out = save_cheque(im, sv, Path(sys.argv[3] if len(sys.argv) > 3 else f"/tmp/cheque_intl_{sys.argv[1]}"))
    print(out, tr)
