"""``mmbatch ask``: several images in one request (or one each), the answers table, the cache."""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
from click.testing import CliRunner
from PIL import Image

from fake_vlm import FakeVlm, fake  # noqa: F401 - fixture
from pipeline.cli import main
from pipeline.output.schemas import ANSWERS, SCHEMA_VERSION

SAMPLES = Path(__file__).resolve().parents[2] / "sample_docs"
Q = "Which of these images show the same bank's cheque template?"


def answers(out):
    files = sorted((Path(out) / "answers").glob("run_date=*/*.parquet"))
    return pq.read_table(files), files


def test_two_images_in_one_request_write_one_answers_row(fake, tmp_path):
    fake.models = {"gemma3:latest": "sha256:" + "e" * 64}
    fake.script = [("text", "Images 1 and 2 are cheques of different banks.")]
    a, b = SAMPLES / "cheques" / "cheque_01.png", SAMPLES / "cheques" / "cheque_02.jpg"
    args = ["ask", str(a), str(b), Q, "--vlm", "ollama:gemma3", "--vlm-url", fake.url,
            "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache")]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    assert r.stdout == "Images 1 and 2 are cheques of different banks.\n"
    (_, _, _, body), = fake.chats()
    assert body["model"] == "gemma3" and "format" not in body
    prompt = body["messages"][-1]["content"]
    assert prompt.endswith(Q) and "1. cheque_01.png" in prompt and "2. cheque_02.jpg" in prompt
    sizes = [Image.open(io.BytesIO(x)).size for x in FakeVlm.images_of(body)]
    assert len(sizes) == 2 and sizes[0] == (1024, 470) and max(sizes[1]) == 1024
    t, files = answers(tmp_path / "out")
    assert pq.read_schema(files[0]).remove_metadata().equals(ANSWERS)
    assert pq.read_schema(files[0]).metadata[b"mmbatch.schema_version"] == SCHEMA_VERSION.encode()
    row, = t.to_pylist()
    assert row["question"] == Q
    assert row["paths"] == [str(a), str(b)] and row["pages"] == [1, 1]
    assert row["document_ids"] == [hashlib.sha256(p.read_bytes()).hexdigest() for p in (a, b)]
    assert (row["backend"], row["model"], row["model_digest"]) == ("ollama", "gemma3",
                                                                  "sha256:" + "e" * 64)
    assert row["answer"] == "Images 1 and 2 are cheques of different banks."
    assert row["status"] == "ok" and row["error"] is None and row["answer_json"] is None
    m = json.loads(next((tmp_path / "out" / "runs").glob("*.json")).read_text())
    assert m["command"] == "ask" and m["counts"]["images"] == 2

    # asked again: from the cache, nothing sent, a second row
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0 and len(fake.chats()) == 1
    t, _ = answers(tmp_path / "out")
    assert t.num_rows == 2 and sorted(t.column("seconds").to_pylist())[0] == 0.0


def test_each_image_on_its_own_with_a_schema_over_the_openai_api(fake, tmp_path):
    fake.models = {"gemma-3-4b-it": "-"}
    fake.script = [("json", {"kind": "cheque", "bank": "First Harbor Bank"})]
    schema = {"title": "page", "type": "object",
              "properties": {"kind": {"type": "string"}, "bank": {"type": ["string", "null"]}},
              "required": ["kind", "bank"], "additionalProperties": False}
    sf = tmp_path / "schema.json"
    sf.write_text(json.dumps(schema))
    r = CliRunner().invoke(main, ["ask", str(SAMPLES / "cheques" / "cheque_01.png"),
                                  str(SAMPLES / "cheques" / "cheque_03.jpg"), "What is this?",
                                  "--each", "--schema", str(sf), "--vlm", "openai:gemma-3-4b-it",
                                  "--vlm-url", fake.url, "--out", str(tmp_path / "out"),
                                  "--cache", str(tmp_path / "cache"), "--vlm-max-side", "512"])
    assert r.exit_code == 0, r.output
    chats = fake.chats()
    assert len(chats) == 2
    for _, _, _, body in chats:
        assert body["response_format"]["json_schema"]["schema"] == schema
        assert body["messages"][-1]["content"][0] == {"type": "text", "text": "What is this?"}
        img, = FakeVlm.images_of(body)
        assert max(Image.open(io.BytesIO(img)).size) == 512
    rows = answers(tmp_path / "out")[0].to_pylist()
    assert [Path(x["paths"][0]).name for x in rows] == ["cheque_01.png", "cheque_03.jpg"]
    assert all(json.loads(x["answer_json"]) == {"kind": "cheque", "bank": "First Harbor Bank"}
               for x in rows)


def test_a_failed_answer_is_an_error_row(fake, tmp_path):
    fake.script = [("text", "not json")]
    sf = tmp_path / "s.json"
    sf.write_text(json.dumps({"type": "object", "properties": {"a": {"type": "string"}}}))
    r = CliRunner().invoke(main, ["ask", str(SAMPLES / "cheques" / "cheque_01.png"), "Q?",
                                  "--schema", str(sf), "--vlm", "ollama:qwen2.5vl",
                                  "--vlm-url", fake.url, "--out", str(tmp_path / "out"),
                                  "--cache", str(tmp_path / "cache")])
    assert r.exit_code == 1
    row, = answers(tmp_path / "out")[0].to_pylist()
    assert row["status"] == "error" and "not valid JSON twice" in row["error"]
    assert len(fake.chats()) == 2


def test_too_many_images_for_one_request_is_a_usage_error(fake, tmp_path):
    r = CliRunner().invoke(main, ["ask", str(SAMPLES / "cheques"), "Q?", "--max-images", "3",
                                  "--vlm", "ollama:qwen2.5vl", "--vlm-url", fake.url,
                                  "--out", str(tmp_path / "out")])
    assert r.exit_code == 2 and "--each" in r.stderr and fake.requests == []


def test_every_pdf_page_is_an_image_fitted_within_max_side(fake, tmp_path):
    fake.script = [("text", "A letter.")]
    pdf = SAMPLES / "pdfs" / "scanned_letter.pdf"
    r = CliRunner().invoke(main, ["ask", str(pdf), "What is this page?", "--each", "-q",
                                  "--vlm", "ollama:qwen2.5vl", "--vlm-url", fake.url,
                                  "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "c")])
    assert r.exit_code == 0, r.output
    assert r.stdout == "" and r.stderr == ""
    for _, _, _, body in fake.chats():
        img, = FakeVlm.images_of(body)
        assert max(Image.open(io.BytesIO(img)).size) <= 1024
    rows = answers(tmp_path / "out")[0].to_pylist()
    assert [(Path(x["paths"][0]).name, x["pages"]) for x in rows] == \
        [("scanned_letter.pdf", [1]), ("scanned_letter.pdf", [2])]
