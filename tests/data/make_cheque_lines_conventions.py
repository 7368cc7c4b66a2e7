"""Writes tests/data/cheque_lines_conventions/*.json: cheques of each convention as recorded OCR
lines (text, conf, box, line_no), written by hand in the shape the OCR gives for real leaves
(a MICR line whose symbols come out as quotes, colons and a "1" for the transit bar; date
boxes read one digit per line; a legal amount written over two lines; a label glued to its
value). Names, numbers and banks are made up for these files; no real cheque image was used.

    python tests/data/make_cheque_lines_conventions.py
"""
import json
from pathlib import Path

OUT = Path(__file__).parent / "cheque_lines_conventions"

# (text, x0, y0, x1, y1[, conf])
CHEQUES = {
    "india_cts": dict(width=2360, height=1090, truth={
        "convention": "in_cts", "payee": "Ramesh Kumar Rao", "amount": "8850000.00",
        "amount_words": "8850000.00", "date": "2026-03-15", "cheque_number": "123456",
        "micr_routing": "500002015", "micr_account": "004512", "micr_serial": "123456",
        "micr_transaction": "10", "currency": "INR"}, ok=["amount", "amount_words", "micr_routing"],
        lines=[
        ("STATE BANK OF INDIA", 240, 56, 650, 110), ("KOTHI BRANCH, HYDERABAD - 500 028", 262, 112, 840, 142),
        ("IFSC: SBIN0012345", 264, 140, 520, 172), ("VALID FOR THREE MONTHS FROM THE DATE OF ISSUE", 837, 141, 1520, 173),
        ("1", 1818, 96, 1850, 140), ("5", 1876, 96, 1908, 140), ("0", 1934, 96, 1976, 140),
        ("3", 1991, 96, 2033, 140), ("2", 2051, 96, 2084, 140), ("0", 2111, 96, 2142, 140),
        ("2", 2169, 96, 2203, 140), ("6", 2226, 96, 2259, 140),
        ("D", 1818, 157, 1850, 190), ("D", 1876, 157, 1908, 191), ("M", 1934, 156, 1976, 192),
        ("M", 1991, 156, 2033, 192), ("Y", 2051, 157, 2084, 191), ("Y", 2111, 157, 2142, 191),
        ("Y", 2169, 157, 2203, 191), ("Y", 2226, 156, 2259, 190),
        ("PAY", 73, 257, 146, 298), ("Ramesh Kumar", 420, 236, 900, 300, 0.93), ("Rao", 960, 240, 1100, 298, 0.9),
        ("OR BEARER", 1843, 247, 2237, 289),
        ("RUPEES", 72, 361, 204, 403), ("Eighty Eight Lakh", 470, 330, 1200, 400, 0.88),
        ("Fifty Thousand only", 150, 420, 900, 480, 0.9),
        ("₹", 1700, 430, 1750, 480), ("88,50,000/-", 1780, 420, 2160, 495, 0.91),
        ("A/C NO.", 162, 541, 288, 579), ("30012345678", 385, 543, 677, 580),
        ("Please sign above", 2097, 840, 2276, 873),
        ('"123456" 5000020151: 004512" 10', 587, 961, 1722, 1013, 0.94)]),
    "uk_sort_code": dict(width=1800, height=800, truth={
        "convention": "uk", "payee": "Eleanor Hughes", "amount": "120.00",
        "amount_words": "120.00", "date": "2026-03-05", "currency": "GBP"},
        ok=["amount", "amount_words"], lines=[
        ("Barclays", 80, 40, 380, 100), ("Sort code 20-45-77", 1300, 40, 1700, 80),
        ("High Street, Leeds LS1 4AB", 80, 105, 500, 135), ("Date", 1200, 150, 1280, 185),
        ("05/03/2026", 1300, 140, 1600, 190, 0.95),
        ("Pay", 60, 250, 130, 290), ("Eleanor Hughes", 200, 235, 700, 295, 0.92),
        ("One hundred and twenty pounds only", 80, 330, 900, 390, 0.9),
        ("£", 1300, 330, 1340, 380), ("120.00", 1360, 325, 1600, 385, 0.96),
        ("A/C PAYEE", 900, 180, 1100, 215), ("Signature", 1400, 600, 1600, 640),
        ('"000123" 20-4577: 41234567"', 300, 700, 1300, 750, 0.9)]),
    "au_bsb": dict(width=1900, height=850, truth={
        "convention": "au", "payee": "Harbourside Catering Pty Ltd", "amount": "8.01",
        "amount_words": "8.01", "date": "2017-11-07", "cheque_number": "056111",
        "currency": "AUD"}, ok=["amount", "amount_words"], lines=[
        ("Westpac", 40, 60, 400, 130), ("BSB 032-000", 40, 140, 300, 170),
        ("056111", 1560, 150, 1700, 200), ("Date", 1400, 280, 1480, 320),
        ("07/11/2017", 1500, 280, 1800, 330, 0.95),
        ("PAY HARBOURSIDE CATERING PTYLTD", 44, 350, 900, 395, 0.93),
        ("THE SUM OF ***EIGHT DOLLARS AND ONE CENT**", 44, 455, 1000, 500, 0.93),
        ("$", 1500, 450, 1560, 505), ("*8.01**", 1570, 455, 1750, 515, 0.88),
        ("Not Negotiable", 900, 540, 1150, 600),
        ('"056111" 032-0001: 12345678"', 500, 770, 1300, 830, 0.9)]),
    "gulf": dict(width=1600, height=720, truth={
        "convention": "gulf", "payee": "Desert Pearl Trading W.L.L.", "amount": "5000.00",
        "amount_words": "5000.00", "date": "2019-01-15", "currency": "QAR"},
        ok=["amount", "amount_words"], lines=[
        ("بنك الخليج التجاري", 1150, 30, 1450, 66), ("Gulf Trade Bank", 120, 40, 520, 90),
        ("Al Sadd Street, Doha, Qatar", 120, 95, 520, 122),
        ("التاريخ", 1390, 140, 1460, 170), ("Date", 1100, 140, 1160, 170),
        ("15-01-2019", 1180, 135, 1380, 172),
        ("ادفعوا لأمر", 1250, 210, 1450, 245), ("Pay to the order of", 40, 215, 300, 245),
        ("Desert Pearl Trading W.L.L.", 330, 205, 900, 250, 0.95),
        ("Amount in words", 40, 300, 260, 330), ("Five Thousand Qatari Riyals Only", 280, 292, 900, 335, 0.9),
        ("QAR", 1150, 300, 1215, 335), ("٥٠٠٠", 1230, 292, 1380, 338, 0.9),
        ("التوقيع", 1300, 520, 1400, 550), ("Signature", 1150, 520, 1280, 550),
        ('"3004271 112340056: 0009912345"', 100, 640, 1100, 680, 0.9)]),
    "canada_transit": dict(width=1800, height=800, truth={
        "convention": "ca", "payee": "Lucie Tremblay", "amount": "250.00",
        "amount_words": "250.00", "currency": "CAD"}, ok=["amount", "amount_words"], lines=[
        ("Royal Bank of Canada", 80, 40, 600, 100), ("Montreal QC H3B 2M8", 80, 105, 500, 135),
        ("Date", 1200, 150, 1280, 185), ("2026-04-09", 1300, 140, 1600, 190),
        ("Pay to the order of", 60, 250, 330, 290), ("Lucie Tremblay", 360, 235, 800, 295),
        ("Two hundred fifty and 00/100", 80, 330, 900, 390), ("Dollars", 950, 340, 1100, 380),
        ("$", 1300, 330, 1340, 380), ("250.00", 1360, 325, 1600, 385),
        ("Memo", 60, 600, 160, 640), ('"000318" 12345-0031: 1234567"', 300, 700, 1300, 750)]),
    # a US leaf whose MICR line came out turned: the digits are another number, and one of
    # its nine-digit windows passes the ABA check digit by chance
    "us_micr_turned": dict(width=1500, height=690, truth={
        "convention": "us", "payee": "Northwind Traders LLC", "amount": "1234.56"},
        ok=["amount", "amount_words"], not_ok=["micr_routing", "micr_account", "micr_serial"],
        lines=[
        ("First Harbor Bank", 80, 40, 500, 95), ("1042", 1300, 40, 1400, 80),
        ("DATE", 1000, 130, 1080, 160), ("03/15/2026", 1100, 120, 1350, 165),
        ("PAY TO THE ORDER OF", 40, 220, 360, 255), ("Northwind Traders LLC", 380, 210, 900, 260),
        ("$", 1100, 215, 1130, 255), ("1,234.56", 1140, 210, 1350, 260),
        ("One thousand two hundred thirty-four and 56/100 DOLLARS", 40, 300, 1100, 345),
        ("MEMO", 40, 520, 120, 550), ("AUTHORIZED SIGNATURE", 1000, 560, 1350, 590),
        (":1870510005 519029", 200, 620, 900, 665, 0.86)]),
    # a blank leaf: labels, the bank's name under them, the MICR line; nothing filled in
    "us_blank": dict(width=1600, height=700, truth={
        "convention": "us", "payee": None, "amount": None, "amount_words": None},
        ok=[], lines=[
        ("ANNA L. BECKER", 120, 50, 460, 85), ("42 Maple Court", 120, 88, 380, 115),
        ("Springfield, IL 62704", 120, 118, 420, 145), ("2207", 1400, 45, 1500, 85),
        ("70-1234/7110", 1050, 50, 1250, 80), ("DATE", 1000, 150, 1070, 178),
        ("PAY TO THE", 60, 250, 200, 275), ("ORDER OF", 60, 278, 190, 303), ("$", 1220, 250, 1250, 300),
        ("DOLLARS", 1230, 350, 1380, 385), ("Prairie Savings Bank", 220, 420, 620, 470),
        ("MEMO", 60, 560, 140, 590), ("AUTHORIZED SIGNATURE", 1000, 590, 1400, 620),
        ("1:0719234591: 55512340\"2207", 100, 640, 900, 680, 0.94)]),
}


def main():
    OUT.mkdir(exist_ok=True)
    for stem, c in CHEQUES.items():
        lines = []
        for i, l in enumerate(c["lines"]):
            text, x0, y0, x1, y1 = l[:5]
            conf = l[5] if len(l) > 5 else 0.99
            lines.append({"text": text, "conf": conf, "line_no": i,
                          "box": [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]})
        data = {"source": "hand-made by tests/data/make_cheque_lines_conventions.py",
                "width": c["width"], "height": c["height"], "truth": c["truth"],
                "ok": c["ok"], "not_ok": c.get("not_ok", []), "lines": lines}
        head = json.dumps({k: v for k, v in data.items() if k != "lines"}, ensure_ascii=False)
        rows = ",\n".join("  " + json.dumps(l, ensure_ascii=False) for l in lines)
        (OUT / f"{stem}.json").write_text(head[:-1] + ', "lines": [\n' + rows + "\n]}\n",
                                         encoding="utf-8")


if __name__ == "__main__":
    main()
