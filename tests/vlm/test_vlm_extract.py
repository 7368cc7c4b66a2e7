"""``mmbatch extract --vlm`` end to end on a real sample cheque, through our OCR engine and the
loopback fake server: what is asked, what lands in the fields table, the cache, failures."""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw

from fake_vlm import FakeVlm, fake  # noqa: F401 - fixture
from pipeline.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "sample_docs"
MICR = {"micr_routing": "238462999", "micr_account": "9823409206", "micr_serial": "1042"}
TAG = "vlm:ollama:qwen2.5vl"


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    """cheque_01 with its MICR line painted out (the rules cannot read what is not there), and
    one page cache for the module: the page is OCR'd once."""
    d = tmp_path_factory.mktemp("vlm-extract")
    (d / "in").mkdir()
    im = Image.open(SAMPLES / "cheques" / "cheque_01.png").convert("RGB")
    w, h = im.size
    ImageDraw.Draw(im).rectangle([0, int(h * 0.86), w, h], fill="white")
    im.save(d / "in" / "cheque_nomicr.png")
    (d / "plain").mkdir()
    shutil.copy(SAMPLES / "cheques" / "cheque_01.png", d / "plain")
    return d


def extract(work, out, *args):
    r = CliRunner().invoke(main, ["extract", str(work / "in"), "--out", str(out),
                                  "--cache", str(work / "cache"), *args])
    return r


def fields(out):
    files = sorted((Path(out) / "fields").glob("run_date=*/*.parquet"))
    return {r["field"]: r for r in pq.read_table(files).to_pylist()}


def manifest(out):
    return json.loads(next((Path(out) / "runs").glob("*.json")).read_text())


def test_missing_micr_fields_come_from_the_model_then_from_the_cache(work, fake):
    fake.script = [("json", MICR)]
    r = extract(work, work / "out1", "--vlm", "ollama:qwen2.5vl", "--vlm-url", fake.url)
    assert r.exit_code == 0, r.output
    (_, path, _, body), = fake.chats()
    # only the fields the rules left missing were asked for, with the page image
    schema = FakeVlm.schema_of(body)
    assert sorted(schema["properties"]) == sorted(MICR)
    assert schema["required"] == list(schema["properties"])
    assert body["model"] == "qwen2.5vl" and body["keep_alive"] == "10m"
    assert "cheque" in body["messages"][-1]["content"]
    sent, = FakeVlm.images_of(body)
    im = Image.open(io.BytesIO(sent))
    assert im.format == "JPEG" and im.size == (1024, 470)   # 1500x688 within 1024 px
    got = fields(work / "out1")
    for name, value in MICR.items():
        assert got[name]["value"] == value and got[name]["extractor"] == TAG
        assert got[name]["confidence"] is None
    assert got["micr_routing"]["status"] == "ok"            # ABA check digit passes
    assert got["micr_serial"]["status"] == "ok"             # equals the printed cheque number
    assert got["micr_account"]["status"] == "unchecked"
    assert got["cheque_number"]["extractor"] == "rules:cheque"
    assert got["cheque_number"]["status"] == "ok"           # now checked against the serial
    assert got["payee"]["value"] == "Northwind Traders LLC"
    assert got["payee"]["extractor"] == "rules:cheque"
    m = manifest(work / "out1")
    assert m["options"]["vlm"]["model"] == "qwen2.5vl"
    assert m["options"]["vlm"]["digest"] == "sha256:" + "a" * 64
    assert m["options"]["vlm"]["requests"] == 1 and m["options"]["vlm"]["fields_from_model"] == 3

    # a second run (another dataset, the same cache): no new chat request, the same rows
    r = extract(work, work / "out2", "--vlm", "ollama:qwen2.5vl", "--vlm-url", fake.url)
    assert r.exit_code == 0, r.output
    assert len(fake.chats()) == 1
    again = fields(work / "out2")
    assert {k: (v["value"], v["status"], v["extractor"]) for k, v in again.items()} == \
        {k: (v["value"], v["status"], v["extractor"]) for k, v in got.items()}
    assert manifest(work / "out2")["options"]["vlm"]["cached"] == 1


def test_a_routing_number_that_fails_the_check_digit_is_marked_invalid(work):
    f = FakeVlm(models={"qwen2.5vl:latest": "sha256:" + "c" * 64})  # another model build
    try:
        f.script = [("json", dict(MICR, micr_routing="238462990"))]
        r = extract(work, work / "out3", "--vlm", "ollama:qwen2.5vl", "--vlm-url", f.url)
        assert r.exit_code == 0, r.output
        assert len(f.chats()) == 1   # a new digest: the cached answer does not apply
    finally:
        f.close()
    got = fields(work / "out3")
    row = got["micr_routing"]
    assert (row["value"], row["status"], row["extractor"]) == ("238462990", "invalid", TAG)
    assert "fails the ABA check digit" in row["message"]


def test_a_failing_server_keeps_the_rules_fields_and_says_why(work, fake):
    fake.models = {"qwen2.5vl:latest": "sha256:" + "d" * 64}   # nothing cached for this build
    fake.script = [("status", 500, "llama runner process has terminated")]
    r = extract(work, work / "out4", "--vlm", "ollama:qwen2.5vl", "--vlm-url", fake.url,
                "--vlm-retries", "0")
    assert r.exit_code == 0, r.output          # the batch goes on
    got = fields(work / "out4")
    row = got["micr_routing"]
    assert row["status"] == "missing" and row["value"] is None
    assert row["extractor"] == "rules:cheque"
    assert f"{TAG} failed: HTTP 500" in row["message"]
    assert "llama runner process has terminated" in row["message"]
    assert got["payee"]["value"] == "Northwind Traders LLC"


def test_a_missing_model_is_a_startup_error(work, fake, tmp_path):
    r = extract(work, tmp_path / "out", "--vlm", "ollama:llava", "--vlm-url", fake.url)
    assert r.exit_code == 6
    assert "ollama pull llava" in r.stderr
    assert not (tmp_path / "out" / "documents").exists()
    assert fake.chats() == []


def test_always_with_the_openai_api_keeps_a_validated_rules_value(work, fake):
    """--vlm-when always on the intact cheque: the model's routing number fails the check digit,
    so the rules' (valid) one stays; its payee, with nothing to check either against, wins."""
    fake.models = {"qwen2.5-vl-7b-instruct": "-"}
    fake.script = [("json", {"micr_routing": "238462990", "payee": "Northwind Traders",
                             "amount": "$1,234.56", "date": "March 15, 2026"})]
    r = CliRunner().invoke(main, ["extract", str(work / "plain"), "--out", str(work / "out5"),
                                  "--cache", str(work / "cache"), "--vlm",
                                  "openai:qwen2.5-vl-7b-instruct", "--vlm-url", fake.url + "/v1",
                                  "--vlm-when", "always"])
    assert r.exit_code == 0, r.output
    (_, path, _, body), = fake.chats()
    assert path == "/v1/chat/completions"
    wanted = body["response_format"]["json_schema"]["schema"]["properties"]
    assert "micr_routing" in wanted and "payee" in wanted and "signature_present" in wanted
    assert wanted["signature_present"]["type"] == ["boolean", "null"]
    got = fields(work / "out5")
    tag = "vlm:openai:qwen2.5-vl-7b-instruct"
    assert got["micr_routing"]["value"] == "238462999"
    assert got["micr_routing"]["extractor"] == "rules:cheque"
    assert got["micr_routing"]["status"] == "ok"
    assert "'238462990' (invalid: routing number fails the ABA check digit): kept the rules' " \
           "value" in got["micr_routing"]["message"]
    assert (got["payee"]["value"], got["payee"]["extractor"]) == ("Northwind Traders", tag)
    assert "replaces the rules' 'Northwind Traders LLC'" in got["payee"]["message"]
    assert got["amount"]["extractor"] == "rules:cheque"          # the same value: rules' row
    assert tag + " agrees" in got["amount"]["message"]
    assert got["date"]["extractor"] == "rules:cheque" and got["date"]["value"] == "2026-03-15"
    assert got["bank_name"]["extractor"] == "rules:cheque"      # the model said null
    assert "not on the image" in got["bank_name"]["message"]


def test_a_job_file_with_a_vlm_table(work, fake, tmp_path):
    fake.script = [("json", MICR)]
    job = tmp_path / "job.toml"
    job.write_text(f'[job]\ninputs = ["{work / "in"}"]\nout = "{tmp_path / "out"}"\n'
                   f'cache = "{work / "cache"}"\n\n[vlm]\nmodel = "ollama:qwen2.5vl"\n'
                   f'url = "{fake.url}"\nwhen = "missing"\n')
    r = CliRunner().invoke(main, ["run", str(job)])
    assert r.exit_code == 0, r.output
    got = fields(tmp_path / "out")
    assert got["micr_routing"]["extractor"] == TAG
    assert manifest(tmp_path / "out")["options"]["vlm"]["when"] == "missing"


@pytest.mark.parametrize("body,message", [
    ('[vlm]\nmodel = "ollama:x"\nwhen = "sometimes"\n', "j.toml:7: vlm.when: 'sometimes' is not"),
    ('[vlm]\nmodel = "ollama:x"\nport = 1\n', "j.toml:7: vlm.port: unknown key"),
    ('[vlm]\nurl = "http://127.0.0.1:1"\n', "vlm: needs 'model'"),
    ('[vlm]\nmodel = "ollama:x"\ntimeout = "long"\n', "vlm.timeout: expected a number, got 'long'"),
])
def test_bad_vlm_tables_name_the_key_and_line(tmp_path, body, message):
    from pipeline.errors import UsageError
    from pipeline.jobs import load_job

    job = tmp_path / "j.toml"
    job.write_text('[job]\ninputs = ["a"]\nout = "o"\n\n' + body)
    with pytest.raises(UsageError) as e:
        load_job(str(job))
    assert message in str(e.value)


def test_documents_are_asked_about_concurrently_and_written_in_input_order(work, fake):
    """One-page cheques: with --vlm-concurrency 3 up to three documents' requests are in flight
    at once (not one document at a time), and the rows still come out in input order."""
    fake.delay = 0.4
    fake.script = [("json", {"memo": "asked"})]
    folder = SAMPLES / "cheques"
    r = CliRunner().invoke(main, ["extract", str(folder), "--out", str(work / "out7"),
                                  "--cache", str(work / "cache"), "--workers", "1",
                                  "--vlm", "ollama:qwen2.5vl", "--vlm-url", fake.url,
                                  "--vlm-when", "always", "--vlm-concurrency", "3"])
    assert r.exit_code == 0, r.output
    assert len(fake.chats()) == 9                    # one request per one-page cheque
    assert 2 <= fake.max_in_flight <= 3
    docs = pq.read_table(sorted((work / "out7" / "documents").glob("run_date=*/*.parquet")))
    paths = docs.column("path").to_pylist()
    assert [Path(p).name for p in paths] == sorted(p.name for p in folder.iterdir())
    rows = pq.read_table(sorted((work / "out7" / "fields").glob("run_date=*/*.parquet")))
    memo = [r for r in rows.to_pylist() if r["field"] == "memo"]
    assert len(memo) == 9 and {m["value"] for m in memo} == {"asked"}
    assert {m["extractor"] for m in memo} == {TAG}
