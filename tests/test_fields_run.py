"""Fields from a real run over sample_docs: every cheque field exact, through our OCR engine."""
from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import cheque_truths, read_table, truth
from pipeline.output.schemas import FIELDS


def expected(f: dict) -> dict:
    return {
        "payee": f["payee"], "amount": f["amount"], "amount_words": f["amount"],
        "date": f["date_iso"], "cheque_number": f["cheque_number"], "bank_name": f["bank_name"],
        "memo": f["memo"], "micr_routing": f["micr_routing"], "micr_account": f["micr_account"],
        "micr_serial": f["micr_serial"], "currency": f["currency"],
        "signature_present": "true" if f["signature_present"] else "false",
    }


@pytest.fixture(scope="module")
def fields(sample_run):
    _, out = sample_run
    rows = read_table(out, "fields").to_pylist()
    by = {}
    for r in rows:
        by.setdefault((r["path"].split("/")[-1], r["page"]), {})[r["field"]] = r
    return by


CASES = [(truth(s)["file"].split("/")[-1], 1, truth(s)["fields"]) for s in cheque_truths()]
CASES.append(("scanned_letter.pdf", 2, truth("scanned_letter")["pages"][1]["fields"]))


@pytest.mark.parametrize("name,page,want", CASES, ids=[c[0] for c in CASES])
def test_every_cheque_field_exact(fields, name, page, want):
    got = fields[(name, page)]
    assert got["payee"]["doc_type"] == "cheque"
    exp = expected(want)
    values = {k: got[k]["value"] for k in exp}
    amount_words = values.pop("amount_words")
    exp_words = exp.pop("amount_words")
    assert values == exp
    assert Decimal(amount_words) == Decimal(exp_words)
    assert got["micr_routing"]["status"] == "ok"  # the ABA check digit passed
    assert got["amount"]["status"] == "ok"        # words and figures agree


def test_fields_table_schema_and_boxes(sample_run, fields):
    _, out = sample_run
    import pyarrow.parquet as pq

    f = next((out / "fields").glob("run_date=*/*.parquet"))
    assert pq.read_schema(f).remove_metadata().equals(FIELDS)
    row = fields[("cheque_01.png", 1)]["payee"]
    assert row["line_nos"] and row["box"] and 0 < row["confidence"] <= 1
    lines = [l for l in read_table(out, "lines").to_pylist()
             if l["path"].endswith("cheque_01.png") and l["line_no"] in row["line_nos"]]
    assert any(row["raw_value"] in l["text"] for l in lines)


def test_born_digital_and_letter_pages_are_not_cheques(sample_run):
    _, out = sample_run
    pages = {(p["path"].split("/")[-1], p["page"]): p["doc_type"]
             for p in read_table(out, "pages").to_pylist()}
    assert pages[("scanned_letter.pdf", 2)] == "cheque"
    assert pages[("scanned_letter.pdf", 1)] != "cheque"
    assert all(v == "cheque" for k, v in pages.items() if k[0].startswith("cheque_"))


def test_pages_no_doc_type_claims_carry_their_classification_row(sample_run, fields):
    # an "other" page has the same doc_type row as a claimed one: how sure it is that no doc
    # type fits (1.0 without any evidence), every doc type's score in the message
    _, out = sample_run
    others = [(p["path"].split("/")[-1], p["page"]) for p in read_table(out, "pages").to_pylist()
              if p["doc_type"] == "other"]
    assert ("scanned_letter.pdf", 1) in others
    for key in others:
        row = fields[key]["doc_type"]
        assert (row["value"], row["doc_type"], row["status"], row["extractor"]) == (
            "other", "other", "unchecked", "classify"), key
        assert 0.5 < row["confidence"] <= 1.0 and row["message"].startswith("scores cheque ")
