"""User-defined fields: spec parsing (TOML-like mappings and the compact CLI form) and extraction."""
from __future__ import annotations

from typing import List, Sequence, Tuple

import pytest

from pipeline.document import Line
from pipeline.extract.custom import (
    FieldSpec,
    extract_custom,
    parse_field_option,
    parse_field_spec,
    parse_field_specs,
)
from pipeline.extract.types import STATUS_AMBIGUOUS, STATUS_INVALID, STATUS_MISSING, STATUS_UNCHECKED


def make_lines(boxes: Sequence[Tuple[str, float, float, float, float]]) -> List[Line]:
    return [Line(text=t, conf=0.9, box=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)], line_no=i)
            for i, (t, x0, y0, x1, y1) in enumerate(boxes)]


INVOICE = make_lines([
    ("ACME SUPPLIES LTD", 200, 20, 520, 50),            # 0
    ("I nvoice No :", 40, 100, 170, 122),               # 1  OCR split inside the word
    ("INV-2024-0042", 300, 103, 460, 125),              # 2  right of it, a little lower
    ("Invoice Date: 03/04/2024", 40, 140, 330, 162),    # 3  value on the same line
    ("Amount Due", 40, 200, 170, 222),                  # 4
    ("$1,234.50", 45, 228, 150, 250),                   # 5  below the label
    ("Customer Ref", 400, 200, 540, 222),               # 6
    ("PO 7781 / A", 402, 228, 520, 250),                # 7
    ("Qty", 40, 300, 80, 322),                          # 8
    ("Total items:", 200, 300, 330, 322),               # 9
    ("1 2", 400, 300, 430, 322),                        # 10
    ("Due Date", 40, 360, 140, 382),                    # 11
    ("31/02/2024", 300, 360, 420, 382),                 # 12 no such day
])


def by_name(fields):
    return {f.name: f for f in fields}


# --------------------------------------------------------------------------- specs

def test_parse_specs_from_toml_shapes():
    a = parse_field_specs({"fields": [
        {"name": "invoice_no", "label": "Invoice No", "where": "right", "regex": "[A-Z0-9-]+",
         "type": "text", "required": True},
        {"name": "amount_due", "label": ["Amount Due", "Balance Due"], "type": "amount"},
    ]})
    assert [s.name for s in a] == ["invoice_no", "amount_due"]
    assert a[0].required is True and a[0].where == "right" and a[0].pattern is not None
    assert a[1].labels == ("Amount Due", "Balance Due") and a[1].where == "any"
    b = parse_field_specs({"invoice_no": {"label": "Invoice No"}})
    assert b[0].name == "invoice_no" and b[0].type == "text" and b[0].required is False
    c = parse_field_specs([{"name": "po_number"}])
    assert c[0].label == "po number"
    assert parse_field_specs(None) == []


@pytest.mark.parametrize("spec, words", [
    ({"name": "inv", "lable": "Invoice"}, ["'inv'", "unknown key", "'lable'"]),
    ({"name": "inv", "where": "left"}, ["'inv'", "where", "'left'"]),
    ({"name": "inv", "type": "money"}, ["'inv'", "type", "'money'"]),
    ({"name": "inv", "regex": "([A-Z"}, ["'inv'", "regex", "([A-Z"]),
    ({"name": "inv", "required": "maybe"}, ["'inv'", "required", "'maybe'"]),
    ({"name": "inv", "label": ""}, ["'inv'", "label"]),
    ({"name": "inv", "label": 5}, ["'inv'", "label"]),
    ({"name": "Invoice No"}, ["name", "snake_case"]),
    ({"label": "Invoice"}, ["missing key 'name'"]),
    ({"name": "d", "type": "date", "date_order": "ymd"}, ["'d'", "date_order", "'ymd'"]),
])
def test_spec_errors_name_the_field_and_key(spec, words):
    with pytest.raises(ValueError) as e:
        parse_field_specs([spec])
    for w in words:
        assert w in str(e.value)


def test_duplicate_and_bad_shapes():
    with pytest.raises(ValueError, match="'a'.*twice"):
        parse_field_specs([{"name": "a"}, {"name": "a"}])
    with pytest.raises(ValueError, match="list or a table"):
        parse_field_specs("a,b")
    with pytest.raises(ValueError, match="'a'.*mapping"):
        parse_field_specs({"a": "Invoice"})
    with pytest.raises(ValueError, match="differs"):
        parse_field_spec({"name": "b"}, name="a")


def test_parse_field_option_compact_form():
    s = parse_field_option(r"invoice_no:label=Invoice No;type=text;regex=INV-(\d+)\;?;required")
    assert s == FieldSpec(name="invoice_no", labels=("Invoice No",), where="any",
                          regex=r"INV-(\d+);?", type="text", required=True)
    s = parse_field_option(" total_due : label = Amount Due ; type=amount; where=below ; required=no")
    assert (s.name, s.label, s.type, s.where, s.required) == ("total_due", "Amount Due", "amount", "below", False)
    s = parse_field_option("po_number")
    assert (s.label, s.type, s.where, s.required) == ("po number", "text", "any", False)
    s = parse_field_option("ref:label=Ref|Reference No")
    assert s.labels == ("Ref", "Reference No")


@pytest.mark.parametrize("opt, words", [
    ("inv:lbl=Invoice", ["'inv'", "unknown key 'lbl'"]),
    ("inv:type=date;type=text", ["'inv'", "'type'", "twice"]),
    ("inv:label", ["'inv'", "'label'", "needs a value"]),
    ("inv:where=up", ["'inv'", "where", "'up'"]),
    ("inv:name=x", ["'inv'", "unknown key 'name'"]),
    ("", ["empty"]),
])
def test_parse_field_option_errors(opt, words):
    with pytest.raises(ValueError) as e:
        parse_field_option(opt)
    for w in words:
        assert w in str(e.value)


# --------------------------------------------------------------------------- extraction

def test_right_of_label_on_next_box_with_regex_group():
    spec = parse_field_option(r"invoice_no:label=Invoice No;where=right;regex=INV-([\d-]+)")
    (f,) = extract_custom(INVOICE, [spec])
    assert f.value == "2024-0042" and f.raw == "2024-0042"
    assert f.status == STATUS_UNCHECKED
    assert f.line_nos == [1, 2]
    assert f.box == INVOICE[2].box
    assert f.extractor == "custom"


def test_regex_without_group_takes_whole_match():
    spec = parse_field_option("invoice_no:label=Invoice No;regex=[A-Z]+-\\d+")
    (f,) = extract_custom(INVOICE, [spec])
    assert f.value == "INV-2024"


def test_same_line_value_and_date_type():
    spec = parse_field_option("invoice_date:label=Invoice Date;type=date")
    (f,) = extract_custom(INVOICE, [spec])
    assert f.value == "2024-04-03"                 # day-first by default
    assert f.status == STATUS_AMBIGUOUS
    assert f.line_nos == [3]
    spec = parse_field_option("invoice_date:label=Invoice Date;type=date;date_order=mdy")
    assert extract_custom(INVOICE, [spec])[0].value == "2024-03-04"


def test_below_label_amount():
    spec = parse_field_option("amount_due:label=Amount Due;type=amount;where=below")
    (f,) = extract_custom(INVOICE, [spec])
    assert (f.value, f.raw, f.type) == ("1234.50", "$1,234.50", "amount")
    assert f.line_nos == [4, 5]


def test_below_needs_horizontal_overlap():
    spec = parse_field_option("ref:label=Customer Ref;where=below")
    (f,) = extract_custom(INVOICE, [spec])
    assert f.value == "PO 7781 / A"            # not "$1,234.50", which is below another label


def test_where_right_does_not_look_below():
    spec = parse_field_option("amount_due:label=Amount Due;type=amount;where=right")
    assert extract_custom(INVOICE, [spec]) == []


def test_number_type_and_trailing_colon_label():
    spec = parse_field_option("items:label=Total items;type=number;where=right")
    (f,) = extract_custom(INVOICE, [spec])
    assert f.value == "12"                       # OCR space inside the number
    spec = parse_field_option("items:label=Total items:;type=number")
    assert extract_custom(INVOICE, [spec])[0].value == "12"


def test_invalid_when_value_does_not_normalise():
    spec = parse_field_option("due_date:label=Due Date;type=date;where=right")
    (f,) = extract_custom(INVOICE, [spec])
    assert f.status == STATUS_INVALID
    assert f.raw == "31/02/2024" and f.value is None
    assert "not a date" in f.message


def test_required_missing_row_and_optional_absent():
    specs = parse_field_specs([
        {"name": "vat_no", "label": "VAT No", "required": True},
        {"name": "po_number", "label": "PO Number"},
        {"name": "invoice_no", "label": "Invoice No", "regex": "^ZZZ", "required": True},
    ])
    fields = by_name(extract_custom(INVOICE, specs))
    assert set(fields) == {"vat_no", "invoice_no"}
    for n in ("vat_no", "invoice_no"):
        f = fields[n]
        assert f.status == STATUS_MISSING and f.value is None and f.raw is None
    assert "VAT No" in fields["vat_no"].message
    assert "ZZZ" in fields["invoice_no"].message     # label found, no value matched the regex


def test_label_is_case_insensitive_and_word_bounded():
    lines = make_lines([("SUBTOTAL 10.00", 10, 10, 200, 30), ("total: 12.00", 10, 40, 200, 60)])
    (f,) = extract_custom(lines, [parse_field_option("total:label=TOTAL;type=amount")])
    assert f.value == "12.00"


def test_several_specs_keep_order():
    specs = [parse_field_option("amount_due:label=Amount Due;type=amount"),
             parse_field_option(r"invoice_no:label=Invoice No;regex=INV-\S+")]
    fields = extract_custom(INVOICE, specs)
    assert [f.name for f in fields] == ["amount_due", "invoice_no"]
    assert fields[1].value == "INV-2024-0042"
