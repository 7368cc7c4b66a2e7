import pytest

from pipeline.extract.dates import (
    NOTE_ASSUMED_DMY,
    NOTE_ASSUMED_MDY,
    find_dates,
    parse_date,
)


@pytest.mark.parametrize(
    "text, iso",
    [
        ("03/15/2026", "2026-03-15"),
        ("15/03/2026", "2026-03-15"),
        ("3/15/2026", "2026-03-15"),
        ("12/25/18", "2018-12-25"),
        ("March 5, 2026", "2026-03-05"),
        ("march 5 2026", "2026-03-05"),
        ("MARCH 05, 2026", "2026-03-05"),
        ("5 Mar 2026", "2026-03-05"),
        ("05 MAR 2018", "2018-03-05"),
        ("05-Mar-2018", "2018-03-05"),
        ("05MAR2018", "2018-03-05"),
        ("5-Mar-18", "2018-03-05"),
        ("2026-01-09", "2026-01-09"),
        ("2026/1/9", "2026-01-09"),
        ("2026.01.09", "2026-01-09"),
        ("20260109", "2026-01-09"),
        ("25.12.2018", "2018-12-25"),
        ("25-12-18", "2018-12-25"),
        ("31/12/99", "1999-12-31"),
        ("Jan. 9th, 2026", "2026-01-09"),
        ("Jan 9th 2026", "2026-01-09"),
        ("January 1st, 2026", "2026-01-01"),
        ("Sept. 30, 2025", "2025-09-30"),
        ("Sep 30 2025", "2025-09-30"),
        ("December 31st, 1999", "1999-12-31"),
        ("9th of January 2026", "2026-01-09"),
        ("22nd Feb 2024", "2024-02-22"),
        ("29 February 2024", "2024-02-29"),
        ("Monday, March 9, 2026", "2026-03-09"),
        ("Date: 03/15/2026", "2026-03-15"),
        ("DATE 03/15/2026", "2026-03-15"),
        ("2026 Mar 05", "2026-03-05"),
        # OCR noise: O for 0, l for 1, spaces around separators
        ("O3/15/2O26", "2026-03-15"),
        ("03/l5/2026", "2026-03-15"),
        ("03 / 15 / 2026", "2026-03-15"),
        ("03/15/ 2026", "2026-03-15"),
        ("March  5 ,  2026", "2026-03-05"),
        ("3O.O1.2O19", "2019-01-30"),
    ],
)
def test_parse_date_unambiguous(text, iso):
    p = parse_date(text)
    assert p is not None
    assert p.iso == iso
    assert p.note == ""
    assert not p.ambiguous


@pytest.mark.parametrize(
    "text, prefer, iso, note",
    [
        ("05/03/2026", "mdy", "2026-05-03", NOTE_ASSUMED_MDY),
        ("05/03/2026", "dmy", "2026-03-05", NOTE_ASSUMED_DMY),
        ("1.5.2020", "dmy", "2020-05-01", NOTE_ASSUMED_DMY),
        ("01-02-19", "mdy", "2019-01-02", NOTE_ASSUMED_MDY),
        ("06/06/2026", "mdy", "2026-06-06", ""),  # same either way
        ("06/06/2026", "dmy", "2026-06-06", ""),
        ("15/03/2026", "mdy", "2026-03-15", ""),  # 15 is no month
        ("03/15/2026", "dmy", "2026-03-15", ""),
    ],
)
def test_parse_date_ambiguous(text, prefer, iso, note):
    p = parse_date(text, prefer=prefer)
    assert (p.iso, p.note) == (iso, note)


def test_ambiguous_note_text():
    assert parse_date("05/03/2026").note == "ambiguous: assumed month-first"
    assert parse_date("05/03/2026", prefer="dmy").note == "ambiguous: assumed day-first"


@pytest.mark.parametrize(
    "text",
    ["", "hello", "12.50", "32/13/2020", "02/30/2026", "13/13/2013", "1,234.56",
     "Pay 03/15/2026 to 04/15/2026", "Invoice 1234 03/15/2026"],
)
def test_parse_date_rejects(text):
    assert parse_date(text) is None


def test_prefer_must_be_known():
    with pytest.raises(ValueError):
        find_dates("05/03/2026", prefer="ymd")


def test_find_dates_in_lines():
    got = find_dates("DATE 03/15/2026")
    assert [(d.text, d.date.iso, d.start, d.end) for d in got] == [
        ("03/15/2026", "2026-03-15", 5, 15)]
    got = find_dates("Date: 12/25/2018 10:31")
    assert [(d.text, d.date.iso) for d in got] == [("12/25/2018", "2018-12-25")]
    got = find_dates("Invoice 123 on 5 Mar 2026, due 2026-04-09.")
    assert [(d.text, d.date.iso) for d in got] == [
        ("5 Mar 2026", "2026-03-05"), ("2026-04-09", "2026-04-09")]
    got = find_dates("Dated: March 5, 2026 at 10:31 AM")
    assert [(d.text, d.date.iso) for d in got] == [("March 5, 2026", "2026-03-05")]
    got = find_dates("DATE:25/12/2018 TIME:10:31", prefer="dmy")
    assert [(d.text, d.date.iso, d.date.note) for d in got] == [
        ("25/12/2018", "2018-12-25", "")]


@pytest.mark.parametrize(
    "text",
    ["TEL 555-12-1234", "Total 12.50", "qty 2 x 3.50", "ref 1/2/3/4", "GST ID 001234567",
     "V 1.2.3.4"],
)
def test_find_dates_ignores_non_dates(text):
    assert find_dates(text) == []


@pytest.mark.parametrize("text, iso", [
    ("-2026-06-18", "2026-06-18"), ("07-31~26", "2026-07-31"), ("2026=11-11", "2026-11-11"),
    ("12/11./2019", "2019-12-11")])
def test_nearly_right_dates(text, iso):
    found = find_dates(text)
    assert [d.date.iso for d in found] == [iso]


# a handwritten date read by the OCR (varied synthetic cheques, bench/cheque_synth_bench.py)
@pytest.mark.parametrize("text, iso", [
    ("C8/C5/2C24", "2024-08-05"), ("1S/03/2026", "2026-03-15"), ("Dec 5, 2O2S", "2025-12-05"),
    ("0Z/14/2025", "2025-02-14")])
def test_letters_read_for_digits_give_an_ambiguous_date(text, iso):
    (d,) = find_dates(text)
    assert d.date.iso == iso
    assert d.date.ambiguous and f"letters read as digits in {text!r}" in d.date.note


@pytest.mark.parametrize("text, iso, month", [
    ("Octcber 5, 2025", "2025-10-05", "October"), ("27 Jnu 2026", "2026-06-27", "June"),
    ("Decenber 3 2024", "2024-12-03", "December"), ("Moy 4, 2025", "2025-05-04", "May"),
    ("Noveber 30, 2025", "2025-11-30", "November"),
    # one letter off both "Jun" and "Jan": a "u" read "v" is the slip (US fresh12_0044)
    ("11-Jvn-2026", "2026-06-11", "June")])
def test_a_misread_month_name_is_read_only_when_asked(text, iso, month):
    assert find_dates(text) == []
    (d,) = find_dates(text, fuzzy=True)
    assert d.date.iso == iso
    assert d.date.ambiguous and d.date.note.startswith(f"ambiguous: month name read as {month!r}")


# what mmbatch's OCR read of handwritten dates on synthetic Brazilian, Kenyan, Turkish and
# Tunisian leaves (bench/cheque_synth_intl.py), beside their date labels
@pytest.mark.parametrize("text, iso, note", [
    ("16 DE ma1O DE 2021", "2021-05-16", "month name read as 'May' from 'ma1O'"),  # "1" for "i"
    ("4denoverbrode2023", "2023-11-04", "month name read as 'November' from 'noverbro'"),
    ("24.042024", "2024-04-24", "a separator lost in '24.042024'"),
    ("2810/2023", "2023-10-28", "a separator lost in '2810/2023'"),
    ("01102023", "2023-10-01", "a separator lost in '01102023'"),
    # a day "1" of one stroke read "I" (intl fresh12_0004: "São Paulo, I de julho de 2022")
    ("I de julho de 2022", "2022-07-01", "letters read as digits in 'I de julho de 2022'")])
def test_a_date_read_with_a_slip_beside_its_label_is_ambiguous(text, iso, note):
    assert find_dates(text, prefer="dmy") == []
    (d,) = find_dates(text, prefer="dmy", fuzzy=True)
    assert d.date.iso == iso
    assert d.date.ambiguous and note in d.date.note


@pytest.mark.parametrize("text, iso, note", [
    # a month name with a letter read as a digit at its end or start (synthetic US fresh14_0020)
    ("29-JU1-2024", "2024-07-29", "month name read as 'July' from 'JU1'"),
    ("0CT 3, 2020", "2020-10-03", "month name read as 'October' from '0CT'")])
def test_a_month_name_with_a_digit_at_its_edge(text, iso, note):
    assert find_dates(text, prefer="dmy") == []
    (d,) = find_dates(text, prefer="dmy", fuzzy=True)
    assert d.date.iso == iso and d.date.ambiguous and note in d.date.note


@pytest.mark.parametrize("text, iso", [
    # an ordinal's "1" read "l" (synthetic US fresh14_0044: "DATED February 21st, 2026")
    ("DATED February 2lst, 2026", "2026-02-21"), ("Feb lst 2026", "2026-02-01"),
    ("March 3lst, 2025", "2025-03-31")])
def test_an_ordinals_one_read_as_a_letter(text, iso):
    (d,) = find_dates(text)
    assert d.date.iso == iso


def test_a_digit_at_a_words_edge_is_a_month_only_where_it_makes_one():
    for text in ("5 JUN0 2020", "Ref 1ABC 2020", "5 XY1 2020", "the lst time 2020",
                 "Invoice 10CT 2020"):
        assert find_dates(text, fuzzy=True) == []


@pytest.mark.parametrize("text", ["Mary 5, 2026", "Ruth 5 2026", "Date 12 2026", "Jein. 27, 2026",
                                  "Invoice 12 2026"])
def test_a_word_near_no_month_or_near_two_is_no_date(text):
    assert find_dates(text, fuzzy=True) == []


def test_fuzzy_leaves_a_real_month_alone():
    (d,) = find_dates("March 15, 2026", fuzzy=True)
    assert (d.date.iso, d.date.note) == ("2026-03-15", "")
