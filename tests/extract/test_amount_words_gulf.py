"""Amounts in English words as the Gulf's and Sri Lanka's cheques write them: riyals, dinars
and dirhams; their minor units (halalas, fils, baisa, Qatar's dirhams after riyals), some a
thousandth (``decimals=3``: Kuwait, Bahrain, Oman); the minor unit's word before its number."""
from decimal import Decimal

import pytest

from pipeline.extract.amount_words import amount_words_currency, parse_amount_words


@pytest.mark.parametrize("text, decimals, value", [
    ("Kuwaiti Dinars four hundred and fils fifty only", 3, "400.050"),
    ("Eight hundred thirty-six dinars and 300 fils only", 3, "836.300"),
    ("seven hundred and 250/1000 only", 3, "700.250"),
    # baisa are thousandths wherever the leaf's country is not known
    ("Rial Omani one hundred and baisa five hundred only", 2, "100.500"),
    ("Qatari Riyals one thousand five hundred and dirhams seventy-nine only", 2, "1500.79"),
    ("one thousand riyals and 79 dirhams only", 2, "1000.79"),
    ("EIGHT THOUSAND NINE HUNDRED RIYALS AND 6O HALALAS ONLY", 2, "8900.60"),
    ("Rupees thirty-seven and cents seventy-four only", 2, "37.74"),
    ("Kuwaiti Dinars Kuwaiti Dinars one hundred ninety-one thousand four only", 3, "191004.000"),
    ("DirhamsSix thousand six hundred dirhams only", 2, "6600.00"),
    # two decimals as ever: cents over 100, and dirhams with fils (the UAE's hundredths)
    ("five hundred and 56/100", 3, "500.560"),
    ("Three hundred fifteen dirhams and 58 fils only", 2, "315.58"),
])
def test_gulf_amounts_in_words(text, decimals, value):
    assert parse_amount_words(text, decimals=decimals) == Decimal(value)


def test_minor_units_beyond_the_currency_are_no_amount():
    # a thousand fils where the leaf's minor unit is a hundredth: not an amount
    assert parse_amount_words("four hundred dinars and 300 fils only") is None


def test_gulf_currency_words_name_no_country_alone():
    assert amount_words_currency("four hundred riyals only") is None
    assert amount_words_currency("four hundred rupees only") == "INR"
