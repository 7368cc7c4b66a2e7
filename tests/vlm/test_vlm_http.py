"""Both server APIs against the loopback fake: what mmbatch sends, and how it takes each answer
(streamed chunks, errors, retries, timeouts, malformed JSON), plus the answer cache."""
from __future__ import annotations

import io
import socket

import numpy as np
import pytest
from PIL import Image as PILImage

from fake_vlm import FakeVlm, fake  # noqa: F401 - fixture
from pipeline.errors import EXIT_VLM, UsageError, VlmUnavailable
from pipeline.vlm.images import encode
from pipeline.vlm.session import VlmSession
from pipeline.vlm.spec import VlmOptions, is_loopback

SCHEMA = {"title": "fields", "type": "object",
          "properties": {"payee": {"type": ["string", "null"]},
                         "micr_routing": {"type": ["string", "null"]}},
          "required": ["payee", "micr_routing"], "additionalProperties": False}


def picture(w=2000, h=1000):
    rng = np.random.default_rng(0)
    return rng.integers(0, 255, (h, w, 3), dtype=np.uint8)


def session(fake, tmp_path, spec="ollama:qwen2.5vl", **kw):
    opts = VlmOptions(spec=spec, url=kw.pop("url", fake.url), backoff=0.01, **kw)
    logged = []
    s = VlmSession(opts, cache_dir=str(tmp_path / "cache"), log=lambda e, d: logged.append((e, d)))
    s.logged = logged
    return s


def test_ollama_check_reads_the_digest_and_chat_sends_the_documented_shape(fake, tmp_path):
    s = session(fake, tmp_path)
    info = s.start()
    assert info.digest == "sha256:" + "a" * 64
    assert info.details["capabilities"] == ["completion", "vision"]
    assert [(m, p) for m, p, _, _ in fake.requests] == [("POST", "/api/show"), ("GET", "/api/tags")]
    assert fake.requests[0][3] == {"model": "qwen2.5vl"}
    fake.script = [("json", {"payee": "Northwind Traders LLC", "micr_routing": "238462999"})]
    img = encode(picture(), 1024)
    ans = s.ask("read the fields", [img], SCHEMA)
    assert ans.ok and not ans.cached
    assert ans.data == {"payee": "Northwind Traders LLC", "micr_routing": "238462999"}
    (_, path, headers, body), = fake.chats()
    assert path == "/api/chat"
    assert body["model"] == "qwen2.5vl" and body["stream"] is True
    assert body["keep_alive"] == "10m" and body["format"] == SCHEMA
    assert body["options"]["temperature"] == 0
    assert body["messages"][-1]["role"] == "user"
    assert body["messages"][-1]["content"] == "read the fields"
    sent, = FakeVlm.images_of(body)
    im = PILImage.open(io.BytesIO(sent))
    assert im.format == "JPEG" and im.size == (1024, 512)   # 2000x1000 fitted in 1024


def test_ollama_without_streaming(fake, tmp_path):
    s = session(fake, tmp_path, stream=False)
    fake.script = [("json", {"payee": "A B"})]
    ans = s.ask("q", [encode(picture(300, 200), 1024)], SCHEMA)
    assert ans.data == {"payee": "A B", "micr_routing": None}
    body = fake.chats()[0][3]
    assert body["stream"] is False
    assert PILImage.open(io.BytesIO(FakeVlm.images_of(body)[0])).size == (300, 200)  # not enlarged


def test_missing_model_is_a_startup_error_with_a_pull_hint(fake, tmp_path):
    s = session(fake, tmp_path, spec="ollama:gemma3")
    with pytest.raises(VlmUnavailable) as e:
        s.start()
    assert "ollama pull gemma3" in str(e.value) and "not found" in str(e.value)
    assert e.value.exit_code == EXIT_VLM == 6


def test_no_server_is_a_startup_error(tmp_path):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    opts = VlmOptions(spec="ollama:qwen2.5vl", url=f"http://127.0.0.1:{port}", retries=1,
                      backoff=0.01)
    with pytest.raises(VlmUnavailable) as e:
        VlmSession(opts, cache_dir=str(tmp_path)).start()
    assert "no VLM server answers" in str(e.value) and "ollama serve" in str(e.value)
    assert "after 2 attempts" in str(e.value)


def test_a_bare_404_is_not_taken_for_a_missing_model(tmp_path):
    """A proxy or another kind of server answers 404 with no body: that is not Ollama saying
    the model is missing, so there is no 'ollama pull' hint, but a question about --vlm-url."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class NotOllama(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    srv = ThreadingHTTPServer(("127.0.0.1", 0), NotOllama)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        opts = VlmOptions(spec="ollama:qwen2.5vl", url=f"http://127.0.0.1:{srv.server_address[1]}",
                          backoff=0.01)
        with pytest.raises(VlmUnavailable) as e:
            VlmSession(opts, cache_dir=str(tmp_path)).start()
    finally:
        srv.shutdown()
        srv.server_close()
    assert "does not answer like an Ollama server" in str(e.value)
    assert "ollama pull" not in str(e.value)


def test_a_model_without_vision_is_refused(tmp_path):
    f = FakeVlm(capabilities=["completion"])
    try:
        with pytest.raises(VlmUnavailable, match="cannot read images"):
            session(f, tmp_path).start()
    finally:
        f.close()


def test_500_then_success_is_retried(fake, tmp_path):
    s = session(fake, tmp_path)
    fake.script = [("status", 500, "llama runner process has terminated"),
                   ("json", {"payee": "X Y"})]
    ans = s.ask("q", [encode(picture(64, 64))], SCHEMA)
    assert ans.ok and ans.data["payee"] == "X Y"
    assert len(fake.chats()) == 2
    assert fake.chats()[0][3] == fake.chats()[1][3]   # the same request again


def test_429_is_retried_and_400_is_not(fake, tmp_path):
    s = session(fake, tmp_path)
    fake.script = [("status", 429, "busy"), ("json", {"payee": "Z"})]
    assert s.ask("q", [encode(picture(64, 64))], SCHEMA).ok
    fake.script = [("status", 400, "invalid format schema")]
    fake._n = 0
    ans = s.ask("another", [encode(picture(64, 64))], SCHEMA)
    assert not ans.ok and "HTTP 400" in ans.error and "invalid format schema" in ans.error
    assert len(fake.chats()) == 3   # 429, ok, 400 (not retried)


def test_a_slow_answer_times_out_after_the_retries(fake, tmp_path):
    s = session(fake, tmp_path, timeout=0.3, retries=1)
    fake.script = [("sleep", 1.5)]
    ans = s.ask("q", [encode(picture(64, 64))], SCHEMA)
    assert not ans.ok
    assert "no answer within 0.3 s" in ans.error and "after 2 attempts" in ans.error
    assert len(fake.chats()) == 2
    assert s.stats.failed == 1


def test_malformed_json_is_asked_again_then_given_up(fake, tmp_path):
    s = session(fake, tmp_path)
    fake.script = [("text", "The payee is Northwind"), ("json", {"payee": "Northwind"})]
    ans = s.ask("q", [encode(picture(64, 64))], SCHEMA)
    assert ans.ok and ans.data["payee"] == "Northwind" and len(fake.chats()) == 2
    fake.script, fake._n = [("text", '{"payee": "Nor')], 0
    ans = s.ask("q2", [encode(picture(64, 64))], SCHEMA)
    assert not ans.ok and "not valid JSON twice" in ans.error
    assert len(fake.chats()) == 4 and s.stats.malformed == 3
    # a failure is not cached: the next run asks again
    fake.script, fake._n = [("json", {"payee": "N"})], 0
    assert s.ask("q2", [encode(picture(64, 64))], SCHEMA).ok and len(fake.chats()) == 5


def test_a_fenced_json_answer_is_accepted(fake, tmp_path):
    s = session(fake, tmp_path)
    fake.script = [("text", '```json\n{"payee": "Q", "micr_routing": null}\n```')]
    assert s.ask("q", [encode(picture(64, 64))], SCHEMA).data == {"payee": "Q",
                                                                  "micr_routing": None}


def test_an_error_in_the_middle_of_the_stream(fake, tmp_path):
    s = session(fake, tmp_path)
    fake.script = [("stream_error", '{"payee": "Northwind Traders"}')]
    ans = s.ask("q", [encode(picture(64, 64))], SCHEMA)
    assert not ans.ok and "model runner has unexpectedly stopped" in ans.error


def test_answers_are_cached_by_image_model_digest_prompt_and_schema(fake, tmp_path):
    s = session(fake, tmp_path)
    fake.script = [("json", {"payee": "P"})]
    img = encode(picture(64, 64))
    assert not s.ask("q", [img], SCHEMA).cached
    again = s.ask("q", [encode(picture(64, 64))], SCHEMA)   # same pixels: same bytes
    assert again.cached and again.data["payee"] == "P" and len(fake.chats()) == 1
    s.ask("another prompt", [img], SCHEMA)
    s.ask("q", [encode(picture(80, 64))], SCHEMA)
    assert len(fake.chats()) == 3
    s.close()
    # a new session (a rerun) reads the same cache; a re-pulled model (new digest) does not
    s2 = session(fake, tmp_path)
    assert s2.ask("q", [img], SCHEMA).cached and len(fake.chats()) == 3
    fake.models["qwen2.5vl:latest"] = "sha256:" + "b" * 64
    s3 = session(fake, tmp_path)
    assert not s3.ask("q", [img], SCHEMA).cached and len(fake.chats()) == 4


def test_openai_check_and_streamed_chat(fake, tmp_path, monkeypatch):
    monkeypatch.setenv("MY_VLM_KEY", "sk-test")
    fake.models = {"gemma-3-12b-it": "-"}
    s = session(fake, tmp_path, spec="openai:gemma-3-12b-it", url=fake.url + "/v1",
                api_key_env="MY_VLM_KEY", image_format="png", max_side=256)
    info = s.start()
    assert info.digest.startswith("entry:") and fake.requests[0][:2] == ("GET", "/v1/models")
    fake.script = [("json", {"payee": "Northwind", "micr_routing": "238462999"})]
    ans = s.ask("read", [encode(picture(), 256, "png")], SCHEMA, system="You read cheques.")
    assert ans.data == {"payee": "Northwind", "micr_routing": "238462999"}
    (_, path, headers, body), = fake.chats()
    assert path == "/v1/chat/completions"
    assert headers["Authorization"] == "Bearer sk-test"
    assert body["model"] == "gemma-3-12b-it" and body["stream"] is True
    assert body["response_format"] == {"type": "json_schema", "json_schema": {
        "name": "fields", "schema": SCHEMA, "strict": True}}
    assert body["messages"][0] == {"role": "system", "content": "You read cheques."}
    parts = body["messages"][1]["content"]
    assert parts[0] == {"type": "text", "text": "read"}
    assert parts[1]["type"] == "image_url"
    assert parts[1]["image_url"]["url"].startswith("data:image/png;base64,")
    im = PILImage.open(io.BytesIO(FakeVlm.images_of(body)[0]))
    assert im.format == "PNG" and im.size == (256, 128)


def test_openai_non_streamed_and_missing_model(fake, tmp_path):
    fake.models = {"qwen2.5-vl-7b": "-"}
    s = session(fake, tmp_path, spec="openai:qwen2.5-vl-7b", stream=False)
    fake.script = [("text", "Two images show the same building: 1 and 3.")]
    ans = s.ask("Which?", [encode(picture(64, 64)), encode(picture(80, 64))])
    assert ans.ok and ans.text == "Two images show the same building: 1 and 3."
    body = fake.chats()[0][3]
    assert body["stream"] is False and "response_format" not in body
    assert len(FakeVlm.images_of(body)) == 2
    with pytest.raises(VlmUnavailable, match="does not serve the model 'llava'.*qwen2.5-vl-7b"):
        session(fake, tmp_path, spec="openai:llava").start()


def test_openai_server_errors_are_retried(fake, tmp_path):
    fake.models = {"m": "-"}
    s = session(fake, tmp_path, spec="openai:m")
    fake.script = [("status", 503, "loading model"), ("json", {"payee": "ok"})]
    assert s.ask("q", [encode(picture(64, 64))], SCHEMA).data["payee"] == "ok"
    assert len(fake.chats()) == 2


def test_spec_and_url_checks(monkeypatch):
    assert VlmOptions(spec="ollama:gemma3:4b").model == "gemma3:4b"
    assert VlmOptions(spec="openai:x").tag == "vlm:openai:x"
    for bad in ("gemma3", "llava:x", "ollama:"):
        with pytest.raises(UsageError):
            VlmOptions(spec=bad)
    with pytest.raises(UsageError):
        VlmOptions(spec="ollama:x", url="127.0.0.1:11434")
    with pytest.raises(UsageError):
        VlmOptions(spec="ollama:x", when="sometimes")
    assert is_loopback("http://127.0.0.1:11434") and is_loopback("http://localhost:8000")
    assert is_loopback("http://[::1]:8000")
    assert not is_loopback("http://10.0.0.5:11434") and not is_loopback("https://api.example.com")


def test_a_remote_url_is_logged_at_start(fake, tmp_path):
    s = session(fake, tmp_path)
    s.start()
    assert not [e for e, _ in s.logged if e == "vlm_remote"]
    opts = VlmOptions(spec="ollama:qwen2.5vl", url="http://192.0.2.1:9", retries=0, timeout=0.2)
    logged = []
    with pytest.raises(VlmUnavailable):
        VlmSession(opts, cache_dir=str(tmp_path), log=lambda e, d: logged.append((e, d))).start()
    assert logged[0][0] == "vlm_remote" and "http://192.0.2.1:9" in logged[0][1]["message"]
