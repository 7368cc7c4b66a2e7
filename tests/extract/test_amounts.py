from decimal import Decimal

import pytest

from pipeline.extract.amounts import (
    amount_words_currency,
    find_amounts,
    format_decimal,
    parse_amount,
    parse_amount_words,
)


@pytest.mark.parametrize(
    "text, value, currency",
    [
        ("$1,234.56", "1234.56", "USD"),
        ("1234.56", "1234.56", None),
        ("USD 1,234", "1234.00", "USD"),
        ("**1,234.56**", "1234.56", None),
        ("$**1,234.56**", "1234.56", "USD"),
        ("$ 1,234.56", "1234.56", "USD"),
        ("$1.234,56", "1234.56", "USD"),
        ("1,234.5O", "1234.50", None),
        ("1,2O4.56", "1204.56", None),
        ("$ 12.00", "12.00", "USD"),
        ("$12", "12.00", "USD"),
        ("$.50", "0.50", "USD"),
        ("EUR 5,00", "5.00", "EUR"),
        ("250.00 USD", "250.00", "USD"),
        ("£12.5", "12.50", "GBP"),
        ("€ 1.234.567,89", "1234567.89", "EUR"),
        ("$1,234,567.89", "1234567.89", "USD"),
        ("US$ 99", "99.00", "USD"),
        ("C$ 45.10", "45.10", "CAD"),
        ("$ 1 234.56", "1234.56", "USD"),
        ("1.234.56", "1234.56", None),
        ("  $ ***** 75.25 ", "75.25", "USD"),
        ("#1,000.00#", "1000.00", None),
        ("Rs. 500", "500.00", "INR"),
        ("-12.00", "-12.00", None),
        ("-$3.50", "-3.50", "USD"),
        ("$-3.50", "-3.50", "USD"),
        ("----12.00----", "12.00", None),
        ("RM 12.90", "12.90", "MYR"),
        ("RM8.20", "8.20", "MYR"),
        ("XY 12.90", None, None),  # no currency we know: not an amount
        ("1$4.19—", "4.19", "USD"),  # a real scan: the box's side read "1", a dash after it
        ("$ 250.00 —", "250.00", "USD"),
    ],
)
def test_parse_amount(text, value, currency):
    p = parse_amount(text)
    if value is None:
        assert p is None
        return
    assert p is not None
    assert p.value == Decimal(value)
    assert str(p.value) == value
    assert p.currency == currency


def test_parse_amount_dollar_default():
    assert parse_amount("$10.00", dollar="CAD").currency == "CAD"
    assert parse_amount("$10.00", dollar=None).currency is None
    assert parse_amount("US$10.00", dollar="CAD").currency == "USD"


@pytest.mark.parametrize(
    "text",
    ["", "abc", "--", "1,23.45", "lOl", "12.345.6789", "$", "Total", "0.125",
     "12/25/2018"],
)
def test_parse_amount_rejects(text):
    assert parse_amount(text) is None


def test_find_amounts_in_line():
    found = find_amounts("Total $ 12.50 cash 20.00 change 7.50")
    assert [(str(p.value), p.currency) for _, _, p in found] == [
        ("12.50", "USD"), ("20.00", None), ("7.50", None)]
    s, e, _ = found[0]
    assert "Total $ 12.50 cash 20.00 change 7.50"[s:e] == "$ 12.50"


def test_format_decimal():
    assert format_decimal(Decimal("12.5")) == "12.50"
    assert format_decimal(Decimal("1234")) == "1234.00"


@pytest.mark.parametrize(
    "text, value",
    [
        ("One thousand two hundred thirty-four and 56/100", "1234.56"),
        ("One thousand two hundred thirty-four and 56/100 DOLLARS", "1234.56"),
        ("ONE THOUSAND TWO HUNDRED THIRTY FOUR AND 56/100 DOLLARS", "1234.56"),
        ("Twelve Dollars and Fifty Cents", "12.50"),
        ("twelve dollars and fifty-five cents", "12.55"),
        ("Forty-Five and 00/100", "45.00"),
        ("Forty-Five and 50/100 Dollars", "45.50"),
        ("Forty - Five and 50/100", "45.50"),
        ("Five hundred only", "500.00"),
        ("Five Hundred Dollars Only", "500.00"),
        ("One hundred and no/100", "100.00"),
        ("One Hundred and NO/100 Dollars", "100.00"),
        ("Two hundred xx/100 dollars", "200.00"),
        ("Two Hundred and XX/100", "200.00"),
        ("Zero", "0.00"),
        ("Zero and 50/100", "0.50"),
        ("Zero Dollars and 75/100", "0.75"),
        ("Fifty cents", "0.50"),
        ("One hundred thousand and 00/100", "100000.00"),
        ("hundred thousand", "100000.00"),
        ("one million dollars", "1000000.00"),
        ("One Million Two Hundred Fifty Thousand and 01/100", "1250000.01"),
        ("*****Seventy-five and 25/100*****", "75.25"),
        ("----Nine hundred ninety-nine & 99/100 ----", "999.99"),
        ("***One Thousand Five Hundred and 00/100 Dollars***", "1500.00"),
        ("ONE THOUSAND FIVE HUNDRED AND 00/100 DOLLARS ONLY", "1500.00"),
        ("Two Thousand Four Hundred Eighty-Seven and 50/100", "2487.50"),
        ("Three Hundred Fourty Two and 10/100", "342.10"),
        ("Eleven Hundred and 00/1OO Dollars", "1100.00"),
        ("Twelve hundred fifty and 5/100", "1250.05"),
        ("Nineteen and 07 /100", "19.07"),
        ("One hundred and five dollars and 00/100", "105.00"),
        ("Seven Thousand and 00/100 -------------------", "7000.00"),
        ("Sixty-Eight Dollars & 40/100", "68.40"),
        ("Thirty Thousand, Four Hundred and 12/100.", "30400.12"),
        ("Rupees Five Thousand Only", "5000.00"),
        ("Eight hundred and twenty one dollars", "821.00"),
        ("Two Thousand Thousarid", None),
        ("One Thousarid Two Hundred and 00/100", "1200.00"),
    ],
)
def test_parse_amount_words(text, value):
    got = parse_amount_words(text)
    if value is None:
        assert got is None
    else:
        assert got == Decimal(value)
        assert str(got) == value


@pytest.mark.parametrize(
    "text",
    ["", "hello world", "twelve fifty", "one two three", "Pay to the order of",
     "Dollars", "forty forty", "56/100 and 12/100", "Memo: rent", "fifth", "Seventh payment",
     "tent"],
)
def test_parse_amount_words_rejects(text):
    assert parse_amount_words(text) is None


def test_amount_words_currency():
    assert amount_words_currency("Ten and 00/100 DOLLARS") == "USD"
    assert amount_words_currency("Ten euros") == "EUR"
    assert amount_words_currency("Ten and 00/100") is None


@pytest.mark.parametrize("text, value", [
    ("12,500=00", "12500.00"), ("Rs. 5000=00", "5000.00"), ("5,35,000=00", "535000.00"),
    ("12,500-00", "12500.00"), ("12,500=00/-", "12500.00"),
    ("88,00,000/-", "8800000.00"), ("10,000 /-", "10000.00"), ("3340000/", "3340000.00"),
    ("5,35,000/-", "535000.00"), ("1,00,000", "100000.00"), ("88,00,0001-", "8800000.00"),
    ("5000/=", "5000.00")])
def test_indian_grouping_and_end_marks(text, value):
    assert str(parse_amount(text, dollar=None).value) == value


@pytest.mark.parametrize("text, value", [
    ("6,500/=", "6500.00"), ("6,5001=", "6500.00"), ("KSh 6,5001=", "6500.00"),
    ("16,763l=", "16763.00"), ("5391=", "539.00"), ("6,500.001=", "6500.00"),
    ("1,001=", "1001.00"), ("5391==", "5391.00")])
def test_east_african_end_mark_and_its_stroke_read_as_a_one(text, value):
    # "/=" (shillings only) as OCR reads it: "1=" after a group of three or the cents, as "1-";
    # a "1" after fewer digits, or a run of "=" filling the box, stays a digit
    assert str(parse_amount(text, dollar=None).value) == value


@pytest.mark.parametrize("text, value", [
    ("Eighty Eight Lakh Fifty Thousand only", "8850000.00"), ("Five Lac only", "500000.00"),
    ("Rupees Two Lakhs Only", "200000.00"), ("Five Hund rnd 0/100", "500.00"),
    ("Nine Hundred d and Ninety Nine", "999.00")])
def test_lakh_spellings_and_split_words(text, value):
    assert str(parse_amount_words(text)) == value


def test_a_run_of_digits_no_amount_has_is_not_an_amount_and_does_not_raise():
    # a MICR line read whole as one run (seen on generated cheques): Decimal overflowed on it and
    # took every field of the cheque down with it
    assert parse_amount("I243006489128021798300001691") is None
    assert parse_amount("1234567890123456789012345678.55") is None
    assert parse_amount("999,999,999,999.99").value == Decimal("999999999999.99")


@pytest.mark.parametrize("text, value", [
    ("17012 32/100", "17012.32"), ("$ 465 27/100", "465.27"), ("6 14/100", "6.14"),
    ("1,765 no/100", "1765.00"), ("262 xx/100", "262.00"), ("788 C0/10C", "788.00"),
    ("8,697.2C", "8697.20"), ("1,2C0.00", "1200.00"), ("438464/100", "4384.64"),
    ("..13,656.28..", "13656.28"), ("769 00100", "769.00")])
def test_figures_with_cents_over_100_and_a_zero_read_as_c(text, value):
    assert str(parse_amount(text).value) == value


@pytest.mark.parametrize("text", ["12.50 50/100", "32/100", "12 CC/ICC", "50C", "2C24"])
def test_figures_not_taken(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("text, value", [
    ("EIGHT HUNDRED SEVENTY-SEVENAND 00/100 ONLY", "877.00"),
    ("FIFTEEN THOUSAND EIGHTY-TWODOLLARS AND 74/100", "15082.74"),
    ("fiftyfour and 10/100", "54.10"),
    ("Five thousand fve hundred ninety-seven and 01/100 dollars", "5597.01"),
    ("One hundred sixy-eight and 40/100", "168.40"),
    ("EIGHT HUNDRED NINETY-FOUR AND 74/IUO ONLY", "894.74"),
    ("ONE THOUSAND SIX HUNDRED THIRTY AND CC/ICO", "1630.00"),
    ("FIVE HUNDRED SIXTY AND 3O/100 DOLLARS", "560.30"),
    ("One hundred sixty-eight and 40/10", "168.40"),  # the last zero cut at the line's end
    ("five Cores Ten laihs", "51000000.00"),
    ("One thousand Far hundred ninety-Far and na/1CC", "1494.00"),
    ("Twe thasand nine hundred ninety-eisht dollars only", "2998.00"),
    ("TWNO HUNDRED EICHTEEN DOLLARS AND 79/ICC", "218.79"),
    ("seventeen thasand twc hundred fifty-ane and 67/100 only", "17251.67"),
    ("One hundred ninety-thee dollars only", "193.00"),
    ("FIFTEEN THOUSAND NINE HUNDRED SEVENTY-SIX AND Z6/I00 DOLLARS", "15976.26"),
    ("FOUR HUNDRED THIRTY-FOUR AND 9U/ICO ONLY", "434.90"),
    ("ONE THOUSAND SEVEN HUNDRED TWENTY-FOUR AND OO/M0O ONLY", "1724.00"),
    ("Nine hundred fifty andn/ICC", "950.00"), ("two hundred fve dollars", "205.00")])
def test_words_glued_slipped_and_misread_cents(text, value):
    assert str(parse_amount_words(text)) == value


@pytest.mark.parametrize("text, value", [
    # a synthetic Kenyan leaf (intl fresh13_0027) as mmbatch's OCR read its handwritten words:
    # "hundred eighty nine" glued and each word misread; it read 5.29
    ("Five hondredeigtynine shillig and twentynine cents owy", "589.29"),
    ("Three thousandfourhondred rupees only", "3400.00"),
    # "eight" with its "h" lost, glued to the tens word (US fresh14_0037, anglo fresh11_0010)
    ("fourteen thousand seven hundred one ddlas and fiftyeigt cents owy", "14701.58"),
    ("Twenty pounds and sixtyeigt pence", "20.68")])
def test_glued_number_words_each_misread(text, value):
    assert str(parse_amount_words(text)) == value


@pytest.mark.parametrize("text", ["fiftyseem", "fortyabcd", "sixtyfor"])
def test_a_glued_four_letter_piece_is_a_number_word_with_one_letter_lost_only(text):
    # a piece of four letters is a number word of five with one letter lost ("eigt"), never
    # one with a letter changed ("seem") or an English word that is no number ("for")
    assert parse_amount_words(text) is None


@pytest.mark.parametrize("text", ["one often seven", "ten and 5/10", "ten and 40/10 dollars",
                                  "one for seven", "six and gl/100", "5 hundred",
                                  "Xq hundred and 10/100"])
def test_words_not_made_up(text):
    # "for" is not "four" ("one for seven" has no amount), a tenth is not cents; a leading
    # "hundred" after a word that is no number word has lost its multiplier: no amount
    assert parse_amount_words(text) is None


@pytest.mark.parametrize("text, value", [
    ("seventen housand one hundred sevenly-nine dollars and 94/100", "17179.94"),
    ("@ne thousand one hundred sixty=three dollars and eighteen cents only", "1163.18"),
    ("TW0 HUNDRED AND 0O/100", "200.00"), ("SIX HUNDRED SEVENTY-ONE DOLLARS AND CO/ICO", "671.00"),
    ("0NE THOUSAND E|GHT HUNDRED TH|RTY-F|VE DOLLARS AND 00/100", "1835.00"),
    ("one thousand seven hundred eighty-tw and CO/ICO", "1782.00"),
    ("ELEVEN THOUSAND TWO HUNDRED FIFTY-TWO DOLLARS AND OS100", "11252.05")])
def test_words_with_zeros_for_letters_and_a_slip_not_taken_for_glued_words(text, value):
    assert str(parse_amount_words(text)) == value


@pytest.mark.parametrize("text", ["0NE THUSAND SIXTY-F0VK AND 00/100", "ninety-zzz",
                                  "Chre thouand one hudred tuenty-lwe dllar and 89/100",
                                  "Seven hundred thirty-seven dollars and U/I0C"])
def test_an_unreadable_unit_after_a_tens_word_or_cents_is_no_amount(text):
    # "F0VK" is as near "four" as "five": the amount is not 1060
    assert parse_amount_words(text) is None
