"""Cheque conventions of Brazil, Turkey, Tunisia, Kenya and Sri Lanka, and the Gulf's currencies by
country: detection from the lines such leaves print, amounts with a decimal comma and three
decimals (and US amounts as they were), dates with French, Portuguese, Spanish and Turkish month
names, the CMC-7 line, and a currency never assumed."""
from decimal import Decimal

import pytest

from pipeline.document import Line
from pipeline.extract import conventions
from pipeline.extract.amounts import format_decimal, parse_amount
from pipeline.extract.cheque import extract_cheque
from pipeline.extract.dates import find_dates
from pipeline.extract.micr_layouts import parse_for


def line(text, x0, y0, x1, y1, n=0, conf=0.97):
    return Line(text=text, conf=conf, box=[[x0, y0], [x1, y0], [x1, y1], [x0, y1]], line_no=n)


def page(rows):
    return [line(t, *box, n=i) for i, (t, box) in enumerate(rows)]


def fields(rows, w=1000, h=460):
    return {f.name: f for f in extract_cheque(page(rows), w, h)}


# ------------------------------------------------------------------------------- detection

DETECT = {
    "br": ["Banco do Brasil", "Agência 1234-5", "Pague por este cheque a quantia de",
           "ou à sua ordem", "R$ **1.234,56**", "São Paulo, 15 de março de 2021"],
    "tr": ["Türkiye İş Bankası", "Bu çek karşılığında", "Yalnız bin iki yüz TL",
           "Keşide Tarihi 15.03.2021", "Emrine"],
    "tn": ["BIAT", "Payez contre ce chèque non endossable", "à l'ordre de",
           "Mille quatre cent quarante sept dinars", "14 032 032 1827 00001 3 75 TND"],
    "ke": ["Equity Bank", "Nairobi Branch", "Pay", "or bearer", "Kenya Shillings",
           "KSh 12,500.00"],
    "lk": ["Hatton National Bank PLC", "Colombo 05", "Pay", "Rupees", "Rs.", "**12,345.00**"],
}


@pytest.mark.parametrize("key", sorted(DETECT))
def test_each_new_convention_is_detected(key):
    conv, conf, why = conventions.detect(DETECT[key])
    assert conv.key == key, (conv.key, why)
    assert conf > 0.5 and why


def test_rupees_alone_stay_indian_and_a_sri_lankan_leaf_is_not():
    """Rupees are written in India and Sri Lanka: what only a Sri Lankan leaf prints decides;
    with nothing of either, the tie stays India's (as before)."""
    assert conventions.detect(["Rupees", "Rs.", "Pay"])[0].key == "in_cts"
    assert conventions.detect(["Commercial Bank of Ceylon PLC", "Rupees", "Rs."])[0].key == "lk"
    assert conventions.detect(["State Bank of India", "IFSC SBIN0001234", "Rupees",
                               "Colombo Road"])[0].key == "in_cts"


def test_old_conventions_unchanged_by_the_new_cues():
    assert conventions.detect(["PAY TO THE ORDER OF", "DOLLARS", "MEMO", "Member FDIC"])[0].key == "us"
    assert conventions.detect(["BSB 063-978", "Commonwealth Bank"])[0].key == "au"
    assert conventions.detect(["Desjardins", "Payez à l'ordre de", "H2X 1Y4"])[0].key == "ca"


def test_cmc7_line_makes_a_brazilian_leaf_and_reads_its_groups_unchecked():
    micr = "<23712345< 0180001236> 810012345678:"
    conv, _, why = conventions.detect(["Pague por este cheque a quantia de"], micr)
    assert conv.key == "br" and "MICR layout" in why
    res = parse_for("cmc7", micr)
    assert (res.routing, res.serial, res.account) == ("23712345", "000123", "810012345678")
    assert parse_for("cmc7", "<2371234< 0180001236>").routing is None


# ------------------------------------------------------------------------------- amounts

@pytest.mark.parametrize("text,want", [
    ("1.447,000", "1447.000"), ("1 447,000", "1447.000"), ("1447,000", "1447.000"),
    ("1447.000", "1447.000"), ("#1447,500#", "1447.500"), ("2.500,000 DT", "2500.000"),
    ("1.234,56", "1234.560"),
])
def test_three_decimals_after_a_decimal_comma(text, want):
    p = parse_amount(text, None, decimals=3, decimal_comma=True)
    assert p is not None and p.value == Decimal(want)


@pytest.mark.parametrize("text,want", [
    ("1,234", "1234.00"), ("1,234.56", "1234.56"), ("$1,447.00", "1447.00"), ("12,50", "12.50"),
])
def test_us_amounts_unchanged(text, want):
    assert parse_amount(text).value == Decimal(want)


def test_three_decimals_need_the_convention():
    assert parse_amount("1.447,000") is None  # not an amount of two decimals
    assert parse_amount("1447,000") is None
    assert parse_amount("1,447,000").value == Decimal("1447000.00")  # thousands, as ever


@pytest.mark.parametrize("text,value,code", [
    ("R$ 1.234,56", "1234.56", "BRL"), ("1.234,56 TL", "1234.56", "TRY"),
    ("₺1.234,56", "1234.56", "TRY"), ("KSh 12,500.00", "12500.00", "KES"),
])
def test_currency_signs(text, value, code):
    p = parse_amount(text, None)
    assert (p.value, p.currency) == (Decimal(value), code)


def test_millimes_are_kept_in_the_value():
    assert format_decimal(Decimal("1447.125")) == "1447.125"
    assert format_decimal(Decimal("1447.500")) == "1447.50"


# ------------------------------------------------------------------------------- dates

@pytest.mark.parametrize("text,iso", [
    ("São Paulo, 15 de março de 2021", "2021-03-15"), ("Sao Paulo, 2 de marco de 2022", "2022-03-02"),
    ("15 Mart 2021", "2021-03-15"), ("Ankara 3 Şubat 2020", "2020-02-03"),
    ("10 Kasım 2019", "2019-11-10"), ("Tunis, le 15 mars 2021", "2021-03-15"),
    ("1er février 2022", "2022-02-01"), ("2 décembre 2020", "2020-12-02"),
    ("15 de marzo del 2021", "2021-03-15"), ("15.03.2021", "2021-03-15"),
])
def test_dates_in_other_languages(text, iso):
    found = find_dates(text, prefer="dmy")
    assert [d.date.iso for d in found] == [iso]


# ------------------------------------------------------------------------------- whole leaves

def test_brazilian_leaf():
    f = fields([("Banco do Brasil", (30, 30, 260, 60)), ("Cheque Nº 000123", (430, 30, 600, 50)),
                ("R$", (700, 40, 730, 65)), ("**1.234,56**", (740, 35, 950, 70)),
                ("Pague por este cheque a quantia de", (30, 110, 300, 130)),
                ("mil duzentos e trinta e quatro reais e cinquenta e seis centavos",
                 (310, 100, 960, 135)),
                ("a", (30, 200, 45, 215)), ("Marcos Ribeiro", (70, 185, 330, 215)),
                ("ou à sua ordem", (840, 195, 960, 212)),
                ("São Paulo, 15 de março de 2021", (500, 250, 900, 280)),
                ("<23712345< 0180001236> 810012345678:", (100, 425, 700, 450))])
    assert f["convention"].value == "br"
    assert (f["amount"].value, f["amount"].status) == ("1234.56", "ok")
    assert (f["amount_words"].value, f["amount_words"].status) == ("1234.56", "ok")
    assert f["currency"].value == "BRL"
    assert f["date"].value == "2021-03-15"
    assert f["micr_routing"].value == "23712345" and f["micr_routing"].status != "ok"
    assert f["micr_serial"].value == "000123" and f["micr_serial"].status != "ok"
    assert (f["cheque_number"].value, f["payee"].value) == ("000123", "Marcos Ribeiro")


def test_tunisian_leaf_dinars_and_millimes():
    f = fields([("BIAT", (30, 30, 120, 60)), ("#1.447,500#", (730, 35, 950, 70)),
                ("Payez contre ce chèque non endossable", (30, 110, 320, 130)),
                ("mille quatre cent quarante sept dinars et 500 millimes", (330, 100, 960, 135)),
                ("à l'ordre de", (30, 200, 120, 215)), ("Sami Gharbi", (140, 185, 400, 215)),
                ("le", (500, 255, 520, 270)), ("15 mars 2021", (530, 245, 800, 275))])
    assert f["convention"].value == "tn"
    assert (f["amount"].value, f["amount"].status) == ("1447.50", "ok")
    assert (f["amount_words"].value, f["amount_words"].status) == ("1447.50", "ok")
    assert f["currency"].value == "TND"
    assert f["date"].value == "2021-03-15"


def test_turkish_leaf_words_written_together():
    f = fields([("Garanti BBVA", (30, 30, 260, 60)), ("TL", (700, 40, 730, 65)),
                ("**2.500,00**", (740, 35, 950, 70)), ("Bu çek karşılığında", (30, 110, 200, 130)),
                ("Yalnız ikibinbeşyüz TL", (210, 100, 700, 135)),
                ("Emrine", (30, 200, 90, 215)), ("Zeynep Kaya", (110, 185, 400, 215)),
                ("Keşide Tarihi", (460, 255, 560, 270)), ("06.05.2023", (570, 245, 800, 275))])
    assert f["convention"].value == "tr"
    assert (f["amount"].value, f["amount"].status) == ("2500.00", "ok")
    assert f["amount_words"].value == "2500.00"
    assert f["currency"].value == "TRY"
    assert f["date"].value == "2023-05-06"


def test_kenyan_leaf():
    f = fields([("Equity Bank", (30, 30, 260, 60)), ("Nairobi Branch", (30, 65, 200, 80)),
                ("Date", (600, 100, 640, 115)), ("10/02/2024", (650, 90, 850, 118)),
                ("Pay", (30, 200, 60, 215)), ("Savannah Supplies Ltd", (80, 185, 450, 215)),
                ("or bearer", (860, 200, 960, 215)), ("Kenya Shillings", (30, 250, 150, 265)),
                ("Six thousand five hundred only", (160, 240, 600, 270)),
                ("KSh", (720, 240, 760, 265)), ("6,500.00", (770, 235, 950, 270))])
    assert f["convention"].value == "ke"
    assert (f["amount"].value, f["amount"].status) == ("6500.00", "ok")
    assert f["currency"].value == "KES"
    assert f["date"].value == "2024-02-10"


def test_sri_lankan_leaf_is_rupees_of_sri_lanka():
    """The development set's Sri Lankan leaf, as OCR read it: LKR, not India's INR."""
    f = fields([("Eatton National Bank PLC", (47, 0, 300, 20)), ("Narahenpita", (53, 57, 160, 70)),
                ("**Roy Ang**", (49, 71, 160, 85)), ("Pay", (22, 82, 45, 95)),
                ("**Twelve Million Three Hundred And Forty Five", (61, 111, 420, 125)),
                ("Rupees", (22, 125, 60, 135)),
                ("Thousand Six Hundred And Seventy Eight Only**", (29, 144, 400, 158)),
                ("Rs.", (424, 140, 445, 152)), ("**12,345,678.00**", (484, 131, 600, 150))],
               w=620, h=290)
    assert f["convention"].value == "lk"
    assert (f["currency"].value, f["currency"].status) == ("LKR", "unchecked")


def test_brazilian_real_sign_read_rs_is_reais():
    """A synthetic Brazilian leaf (bench/cheque_synth_intl.py, intl dev_0012) as mmbatch's OCR
    read it: the "R$" before the figures read "RS", which parses as rupees' "Rs"."""
    f = fields([("Caixa Econômica Federal", (37, 36, 431, 68)),
                ("Cheque N° 045396", (559, 33, 749, 59)), ("Agêndia Curitiba", (39, 68, 131, 89)),
                ("RS 744,33", (879, 50, 1001, 84)),
                ("Pague por este cheque a quantia de", (39, 130, 258, 154)),
                ("setecentos e quarenta e quatro reais e oitenta e três centavos",
                 (275, 124, 912, 157)),
                ("Marcos Almeida", (89, 224, 268, 257)), ("ou à sua ordem", (1052, 244, 1151, 267)),
                ("Curitita, 3 de janeiro de 2023", (607, 296, 879, 328)),
                ("<96041500< 6960453968> 377902394167:", (96, 496, 621, 529))], w=1192, h=546)
    assert f["convention"].value == "br"
    assert (f["currency"].value, f["currency"].status) == ("BRL", "unchecked")
    assert f["amount"].value == "744.33"


def test_turkish_leaf_with_dotless_i_read_as_one_is_turkish():
    """A synthetic Turkish leaf (bench/cheque_synth_intl.py, intl dev_0037) as mmbatch's OCR
    read it: "Yapı Kredi" read "Yap1 Kredi", "YALNIZ" read "YALNi2", the figures' "TL" before
    stars. It was `generic`, and no amount, date or currency was read."""
    f = fields([("Çek No 621764", (971, 59, 1203, 101)), ("Yap1 Kredi", (62, 72, 332, 122)),
                ("TL **8.800,〇0**", (1547, 88, 1985, 136)), ("İzmir Şubesi", (65, 126, 217, 163)),
                ("Bu çek karşılığında", (65, 243, 289, 275)),
                ("YALNi2 SEKi2 BiN SEKi2 YUZ TL", (314, 219, 1196, 276)),
                ("Emrine", (66, 440, 156, 473)), ("AYSE KAYA", (205, 413, 503, 473)),
                ("veya hamiline", (1839, 442, 2007, 473)),
                ("Keşide Tarihi", (1011, 553, 1168, 588)),
                ("28 ARALiK 2023", (1198, 530, 1619, 586))], w=2080, h=953)
    assert f["convention"].value == "tr"
    assert f["currency"].value == "TRY"
    assert f["amount"].value == f["amount_words"].value == "8800.00"
    assert f["date"].value == "2023-12-28"


def test_tunisian_le_read_10_before_the_date():
    """A synthetic Tunisian leaf (bench/cheque_synth_intl.py, intl fresh13_0010) as mmbatch's
    OCR read it: the printed "le" before the written date read "10"; no date was found."""
    f = fields([("BIAT", (66, 26, 183, 82)), ("CHEQUE N° 3711203", (861, 46, 1134, 96)),
                ("Agence Nabeul", (66, 78, 254, 119)), ("DT 69 450,500", (1268, 72, 1611, 150)),
                ("Payez contrece chèque non endossable Soixante-neuf mille quatre cent",
                 (53, 150, 1152, 260)),
                ("cinguante dinars et 500 millimes", (63, 239, 677, 317)),
                ("à lordre de Karim ManSouri", (52, 307, 545, 381)),
                ("10 31 janvier 2024", (947, 420, 1352, 505))], w=1815, h=832)
    assert f["convention"].value == "tn"
    assert f["date"].value == "2024-01-31"
    assert f["amount"].value == f["amount_words"].value == "69450.50"


def test_tunisian_a_l_ordre_read_tordre_is_the_pay_label():
    """Intl fresh13_0034 as OCR read it: "à l'ordre de" read "à Tordre de"; no payee was
    found."""
    f = fields([("UIB", (40, 17, 104, 56)), ("CHEQUE N° 0315980", (549, 27, 745, 61)),
                ("Agence Soume", (39, 51, 138, 80)), ("DT 5 200,500", (819, 52, 976, 92)),
                ("Payez contre ce chèque non endossable CINQ MILLE DEUX CENTS DINaRS ET 500 "
                 "mILLimES", (36, 119, 809, 167)),
                ("à Tordre de", (35, 226, 124, 255)), ("Sami AYaRI", (139, 222, 282, 257)),
                ("le ∥l OCTOBRE 2022", (639, 305, 839, 338)), ("Bmm", (703, 341, 1022, 411))],
               w=1164, h=534)
    assert f["payee"].value == "Sami AYaRI"


def test_kenya_shillings_printed_is_the_currency_where_the_words_misread_it():
    """Intl fresh13_0035 as OCR read it: the words' "SHILLINGS" read "SHILLINGIS"; the leaf's
    printed "Kenya Shillings" names the currency."""
    f = fields([("656412", (982, 61, 1103, 99)), ("832.00", (1528, 70, 1704, 125)),
                ("Stanbic Bank", (55, 99, 318, 142)), ("Mombasa Branch", (55, 157, 256, 186)),
                ("Kenya Shillings", (58, 260, 258, 298)),
                ("EIGIHT HUNDRED THIRTY-TWO SHILLINGIS ONLY", (279, 246, 1051, 272)),
                ("Only", (1980, 303, 2055, 350)), ("or bearer", (1930, 403, 2055, 438)),
                ("Pay", (62, 447, 125, 497)), ("Kamau OmoNDI", (202, 435, 512, 473)),
                ("Date", (1025, 548, 1096, 588)), ("30/01/2025", (1116, 529, 1328, 577)),
                ("Mmm", (1296, 589, 1992, 669)),
                ("656412 25529I: 9108014278!", (356, 906, 1352, 938))], w=2130, h=976)
    assert f["convention"].value == "ke"
    assert (f["currency"].value, f["currency"].status) == ("KES", "unchecked")


@pytest.mark.parametrize("cue,code", [("PO Box 3232. Doha, State of Qatar", "QAR"),
                                      ("Al Rajhi Bank, Riyadh", "SAR")])
def test_gulf_riyal_by_country(cue, code):
    f = fields([("بنك", (30, 30, 100, 60)), (cue, (30, 65, 400, 80)),
                ("Pay to the order of", (30, 200, 200, 215)), ("Ali Hassan", (220, 190, 450, 215)),
                ("Amount in words", (30, 250, 180, 265)),
                ("Five thousand Riyals only", (200, 240, 600, 270)),
                ("5,000.00", (770, 235, 950, 270))])
    assert f["convention"].value == "gulf"
    assert f["currency"].value == code


def test_riyal_without_a_country_names_no_currency():
    f = fields([("بنك", (30, 30, 100, 60)), ("Pay to the order of", (30, 200, 200, 215)),
                ("Ali Hassan", (220, 190, 450, 215)),
                ("Five thousand Riyals only", (200, 240, 600, 270)),
                ("5,000.00", (770, 235, 950, 270))])
    assert f["currency"].status == "missing"


def test_currency_missing_without_evidence():
    """A Brazilian leaf with no "R$", no "reais" and no code printed: no currency assumed."""
    f = fields([("Banco do Brasil", (30, 30, 260, 60)), ("**1.234,56**", (740, 35, 950, 70)),
                ("Pague por este cheque a quantia de", (30, 110, 300, 130)),
                ("a", (30, 200, 45, 215)), ("Marcos Ribeiro", (70, 185, 330, 215)),
                ("ou à sua ordem", (840, 195, 960, 212))])
    assert f["convention"].value == "br"
    assert f["currency"].status == "missing" and f["currency"].value is None


def test_other_languages_months_are_never_read_month_first():
    """French, Portuguese, Spanish and Turkish put the day first: their month names read month
    first would take a shop's name or an item for a date ("MART", Turkish March; "MAYO")."""
    from pipeline.extract.dates import find_dates

    assert [d.date.iso for d in find_dates("ECO MART 10/01/2018", prefer="dmy")] == ["2018-01-10"]
    assert find_dates("CHICKEN MAYO 2.50", prefer="dmy") == []
    assert [d.date.iso for d in find_dates("15 Mart 2021", prefer="dmy")] == ["2021-03-15"]
    assert [d.date.iso for d in find_dates("March 15, 2026")] == ["2026-03-15"]
