"""Which fields the model is asked for, and how its answer is validated and merged."""
from __future__ import annotations

from pipeline.document import Line
from pipeline.extract.custom import parse_field_option
from pipeline.extract.types import Field
from pipeline.vlm import fields as vf

TAG = "vlm:ollama:m"


def F(name, value, status="unchecked", conf=0.95, type="text", message=""):
    return Field(name=name, raw=value, value=value, type=type, conf=conf, status=status,
                 message=message, extractor="rules:cheque", box=[(0, 0), (1, 0), (1, 1), (0, 1)],
                 line_nos=[3])


def cheque(**over):
    base = {"payee": F("payee", "Northwind Traders LLC"),
            "amount": F("amount", "1234.56", "ok", type="amount"),
            "amount_words": F("amount_words", "1234.56", "ok", type="amount"),
            "date": F("date", "2026-03-15", "ok", type="date"),
            "cheque_number": F("cheque_number", "1042", "ok", type="number"),
            "bank_name": F("bank_name", "First Harbor Bank"),
            "memo": F("memo", "Invoice 2231"),
            "micr_routing": F("micr_routing", "238462999", "ok"),
            "micr_account": F("micr_account", "9823409206"),
            "micr_serial": F("micr_serial", "1042", "ok"),
            "signature_present": F("signature_present", "true", "ok", type="bool"),
            "currency": F("currency", "USD")}
    base.update(over)
    return [v for v in base.values()]


def missing(name, type="text"):
    return Field(name=name, raw=None, value=None, type=type, conf=0.0, status="missing",
                 extractor="rules:cheque")


def run(fields, answer, when="low-confidence", custom=(), lines=None):
    ws = vf.wanted(fields, "cheque", custom, when, 0.8)
    return ws, {f.name: f for f in vf.merge(ws, answer, fields, "cheque", TAG, lines)}


def test_when_selects_the_fields():
    fs = cheque(micr_routing=F("micr_routing", "238462990", "invalid"),
                memo=F("memo", "Invoce 2231", conf=0.5),
                date=F("date", "2026-05-03", "ambiguous", type="date"),
                micr_account=missing("micr_account"))
    names = lambda when: [w.name for w in vf.wanted(fs, "cheque", (), when, 0.8)]
    assert names("missing") == ["micr_account"]
    assert names("invalid") == ["micr_routing", "micr_account"]
    assert names("low-confidence") == ["date", "memo", "micr_routing", "micr_account"]
    assert len(names("always")) == 12
    assert vf.wanted(cheque(), "cheque", (), "low-confidence", 0.8) == []
    assert vf.wanted([], "other", (), "always", 0.8) == []


def test_schema_lists_the_wanted_fields_strictly():
    ws = vf.wanted(cheque(signature_present=missing("signature_present", "bool"),
                          payee=missing("payee")), "cheque", (), "missing", 0.8)
    s = vf.schema(ws)
    assert s["required"] == ["payee", "signature_present"] and s["additionalProperties"] is False
    assert s["properties"]["signature_present"]["type"] == ["boolean", "null"]
    assert s["properties"]["payee"]["type"] == ["string", "null"]
    assert "Pay to the order of" in s["properties"]["payee"]["description"]


def test_a_valid_routing_number_replaces_an_invalid_one():
    _, got = run(cheque(micr_routing=F("micr_routing", "238462990", "invalid")),
                 {"micr_routing": "⑆238462999⑆"})
    f = got["micr_routing"]
    assert (f.value, f.status, f.extractor, f.conf) == ("238462999", "ok", TAG, None)
    assert "replaces the rules' '238462990' (invalid" in f.message


def test_an_invalid_model_value_does_not_replace_the_rules_value():
    _, got = run(cheque(micr_routing=F("micr_routing", "238462990", "invalid")),
                 {"micr_routing": "238462991"})
    f = got["micr_routing"]
    assert (f.value, f.status, f.extractor) == ("238462990", "invalid", "rules:cheque")
    assert "read '238462991' (invalid: routing number fails the ABA check digit)" in f.message


def test_amount_words_are_checked_against_the_figures():
    fs = cheque(amount=F("amount", "1284.56", "invalid", type="amount",
                         message="amount in figures 1284.56 differs from amount in words 1234.56"),
                amount_words=F("amount_words", "1234.56", "invalid", type="amount",
                               message="amount in words 1234.56 differs from amount in figures "
                                       "1284.56"))
    _, got = run(fs, {"amount": "$1,234.56", "amount_words": "One thousand two hundred "
                                                            "thirty-four and 56/100"})
    assert (got["amount"].value, got["amount"].extractor, got["amount"].status) == \
        ("1234.56", TAG, "ok")
    # the rules' words agree with the model's figures: kept, and now ok
    w = got["amount_words"]
    assert (w.extractor, w.status) == ("rules:cheque", "ok")
    assert "agrees with the model's amount" in w.message and "differs" not in w.message

    # words that disagree with the figures are invalid
    _, got = run(cheque(amount_words=missing("amount_words", "amount")),
                 {"amount_words": "Two hundred dollars"})
    w = got["amount_words"]
    assert (w.value, w.status, w.extractor) == ("200.00", "invalid", TAG)
    assert "differs from the rules' amount 1234.56" in w.message


def test_a_model_value_is_placed_on_the_ocr_line_that_holds_it():
    lines = [Line("PAY TO THE ORDER OF", 0.99, [(0, 0), (9, 0), (9, 1), (0, 1)], line_no=4),
             Line("Northwind Traders, LLC", 0.61, [(10, 0), (30, 0), (30, 1), (10, 1)],
                  line_no=5)]
    _, got = run(cheque(payee=missing("payee")), {"payee": "Northwind Traders LLC"}, lines=lines)
    assert got["payee"].line_nos == [5] and got["payee"].box[0] == (10, 0)
    _, got = run(cheque(payee=missing("payee")), {"payee": "Someone Else"}, lines=lines)
    assert got["payee"].box is None and got["payee"].line_nos == []


def test_null_and_bad_answers_leave_the_rules_row():
    fs = cheque(micr_account=missing("micr_account"), date=F("date", "2026-05-03", "ambiguous",
                                                             type="date"))
    _, got = run(fs, {"micr_account": None, "date": "sometime in spring"})
    assert got["micr_account"].status == "missing"
    assert got["micr_account"].message.endswith(f"{TAG}: not on the image")
    assert got["date"].value == "2026-05-03" and got["date"].extractor == "rules:cheque"
    assert "not a date" in got["date"].message


def test_user_fields_are_asked_for_and_checked_with_their_regex():
    spec = parse_field_option("invoice_no:label=Invoice No;regex=INV-[0-9-]+;required")
    fs = cheque() + [Field(name="invoice_no", raw=None, value=None, type="text", conf=0.0,
                           status="missing", extractor="custom")]
    ws, got = run(fs, {"invoice_no": "Invoice No INV-2231-7"}, custom=[spec])
    assert [w.name for w in ws] == ["invoice_no"]
    assert "INV-[0-9-]+" in vf.schema(ws)["properties"]["invoice_no"]["description"]
    assert (got["invoice_no"].value, got["invoice_no"].extractor) == ("INV-2231-7", TAG)
    _, got = run(fs, {"invoice_no": "2231"}, custom=[spec])
    # no value that passes the regex: the rules' row stays, saying what the model read
    assert got["invoice_no"].status == "missing" and got["invoice_no"].value is None
    assert got["invoice_no"].extractor == "custom"
    assert "read '2231'" in got["invoice_no"].message
    assert "does not match 'INV-[0-9-]+'" in got["invoice_no"].message


def test_a_failure_says_why_on_the_rules_fields():
    fs = cheque(micr_account=missing("micr_account"))
    ws = vf.wanted(fs, "cheque", (), "missing", 0.8)
    vf.failed(ws, fs, TAG, "no answer within 120 s")
    acc = next(f for f in fs if f.name == "micr_account")
    assert acc.message == f"{TAG} failed: no answer within 120 s" and acc.status == "missing"
