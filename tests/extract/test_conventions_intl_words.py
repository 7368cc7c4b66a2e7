"""Amounts in words in French, Portuguese and Turkish (``amount_words_intl``), and the words of one
of them chosen together with the figures when both are read again (``amount_fusion``)."""
from dataclasses import dataclass
from decimal import Decimal

import pytest

from pipeline.document import Line
from pipeline.extract.amount_words_intl import count_words, fold, parse_words, words_currency
from pipeline.extract.cheque_amounts import _amount_fields
from pipeline.extract.cheque_page import _Page
from pipeline.extract.conventions import by_key


@pytest.mark.parametrize("text,want", [
    ("Mille quatre cent quarante sept dinars", "1447"),
    ("quatre-vingt-dix-sept dinars et 500 millimes", "97.5"),
    ("soixante et onze dinars", "71"), ("deux mille trois cents dinars", "2300"),
    ("cent vingt et un dinars et cinquante millimes", "121.05"),
    ("soixante-dix-neuf mille dinars", "79000"), ("un million deux cent mille dinars", "1200000"),
])
def test_french(text, want):
    assert parse_words(text, "fr") == Decimal(want)


@pytest.mark.parametrize("text,want", [
    ("mil duzentos e trinta e quatro reais e cinquenta e seis centavos", "1234.56"),
    ("Pague por este cheque a quantia de três mil reais", "3000"),
    ("cento e um reais", "101"), ("cem reais", "100"), ("um milhão de reais", "1000000"),
    ("dois mil e quinhentos reais", "2500"), ("quinhentos e dezessete reais e um centavo", "517.01"),
])
def test_portuguese(text, want):
    assert parse_words(text, "pt") == Decimal(want)


@pytest.mark.parametrize("text,want", [
    ("Yalnız ikibinbeşyüz TL", "2500"), ("bin iki yüz otuz dört Türk Lirası elli kuruş", "1234.5"),
    ("yüz on bir TL", "111"), ("onbin TL", "10000"), ("Yalniz ikibinbesyuz TL", "2500"),
    ("yüzotuzbirbinaltıyüzonbeş TL yirmibir kuruş", "131615.21"),
])
def test_turkish(text, want):
    assert parse_words(text, "tr") == Decimal(want)


@pytest.mark.parametrize("text,lang", [
    ("deux trois dinars", "fr"), ("mille cent mille", "fr"), ("Rent April", "fr"),
    ("mil e quatro dois reais", "pt"), ("elli kurus", "tr"), ("bin Ankara iki TL", "tr"),
    # a misread word beside the number ("guz" for "yüz"), a minor unit misread ("karas")
    ("guz seksen uc bin alti yuz TL", "tr"), ("yuz seksen uc TL elli uc karas", "tr"),
])
def test_not_an_amount(text, lang):
    assert parse_words(text, lang) is None


def test_slips_counts_and_currencies():
    assert parse_words("Mile quatre cent quarnte sept dinars", "fr") == Decimal("1447")
    assert parse_words("Mle quatre cent quarante sept dinars", "fr") is None  # not 447
    assert count_words("Nille quete cend quabnte sept", "fr") >= 2
    assert words_currency("quarante dinars", "fr") == "TND"
    assert words_currency("mil reais", "pt") == "BRL"
    assert words_currency("bin TL", "tr") == "TRY"
    assert fold("Türk Lirası, três, ÇEK") == "turk lirasi, tres, cek"


# ------------------------------------------------------------------------------- fusion

@dataclass
class _Reading:
    text: str
    plain: str
    how: str
    gap: float
    conf: float = 0.9


class _Reader:
    """Stands for ``constrained.LineReader``: the readings of the two amounts' lines under
    their constraints, as the recogniser would give them."""

    def __init__(self):
        self.lexicons = []

    def readings(self, box, plain, allowed=None, words=None, n=4, within=5.0):
        if words is not None:
            self.lexicons.append(words)
            if plain and "quete" in plain:
                return [_Reading("mille quatre cent quarante sept dinars", plain, "words", 0.0)]
            return []
        if allowed and plain and "1.441" in plain:
            return [_Reading("1.447,000", plain, "digits", 0.4)]
        return []


def _line(text, x0, y0, x1, y1, n, conf=0.9):
    return Line(text=text, conf=conf, box=[[x0, y0], [x1, y0], [x1, y1], [x0, y1]], line_no=n)


def test_french_words_and_figures_chosen_together():
    """A Tunisian leaf whose figures OCR misread ("1.441,000") and whose words it could not
    read ("Nille quete cent ..."): read again, the figures under digits and the words under the
    French words of amounts agree on 1447 dinars, and are taken."""
    lines = [_line("BIAT", 30, 30, 120, 60, 0),
             _line("1.441,000", 740, 35, 950, 70, 1, 0.7),
             _line("Payez contre ce chèque non endossable", 30, 110, 320, 130, 2),
             _line("Nille quete cent quarante sept dinars", 330, 100, 960, 135, 3, 0.6),
             _line("à l'ordre de", 30, 200, 120, 215, 4), _line("Sami Gharbi", 140, 185, 400, 215, 5),
             _line("14 032 032 1827 00001 3 75 TND", 200, 400, 600, 420, 6)]
    conv = by_key("tn")
    plain = _amount_fields(_Page(lines, 1000, 460), None, None, conv)
    assert plain.fields["amount"].value == "1441.00" and "amount_words" not in plain.fields
    reader = _Reader()
    a = _amount_fields(_Page(lines, 1000, 460), None, reader, conv)
    assert any("quarante" in lex for lex in reader.lexicons)
    assert (a.fields["amount"].value, a.fields["amount"].status) == ("1447.00", "ok")
    assert (a.fields["amount_words"].value, a.fields["amount_words"].status) == ("1447.00", "ok")
