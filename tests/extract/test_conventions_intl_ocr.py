"""Synthetic leaves of Brazil, Turkey, Tunisia and Kenya as mmbatch's own OCR read them
(tests/data/cheque_lines_synth_intl/: ``python bench/cheque_synth_bench.py --kind intl
--save-fixture NAME``, each file's ``source`` names its seed): the convention is recognised and
every field comes out right from the real model's lines (accents, a CMC-7 line, three decimals,
the words in Portuguese, Turkish and French)."""
import json
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.document import line_from_dict
from pipeline.extract.cheque import extract_cheque

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "tests" / "data" / "cheque_lines_synth_intl").glob("*.json"))


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_leaf_read_by_the_real_ocr(path):
    d = json.loads(path.read_text(encoding="utf-8"))
    t = d["truth"]
    f = {x.name: x for x in extract_cheque([line_from_dict(l) for l in d["lines"]],
                                           d["width"], d["height"])}
    assert f["convention"].value == t["country"]
    assert f["currency"].value == t["currency"]
    for name in ("amount", "amount_words"):
        assert Decimal(f[name].value) == Decimal(t["amount"]), name
        assert f[name].status == "ok"
    assert f["date"].value == t["date"]
    assert f["payee"].value == t["payee"]
    assert f["cheque_number"].value.lstrip("0") == t["cheque_number"].lstrip("0")
    if t["country"] == "br":  # the CMC-7 groups, never ok
        groups = t["micr_line"].split()
        assert [f[n].value for n in ("micr_routing", "micr_serial", "micr_account")] == groups
        assert all(f[n].status != "ok" for n in ("micr_routing", "micr_serial", "micr_account"))


def test_all_four_countries_recorded():
    assert {json.loads(p.read_text(encoding="utf-8"))["truth"]["country"]
            for p in FIXTURES} == {"br", "tr", "tn", "ke"}
