"""A vision-language model server on loopback for the tests: the documented request and response
shapes of Ollama's native API (/api/show, /api/tags, /api/chat with NDJSON streaming) and of the
OpenAI-compatible chat API (/v1/models, /v1/chat/completions with server-sent events), answering
from a script. Every request is recorded so the tests assert on what mmbatch sends.

The script is a list of steps, one per chat request (the last one repeats):
  ("json", {...})        answer the wanted keys of the request's schema from the dict (null for
                         the others), as JSON
  ("text", "...")        answer this text as it is (malformed JSON, free-form answers)
  ("status", code, body) fail with an HTTP status
  ("sleep", seconds)     answer nothing for that long (a client timeout)
  ("stream_error", msg)  Ollama: an error object in the middle of the stream
"""
from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeVlm:
    def __init__(self, models=None, capabilities=("completion", "vision")):
        # name -> digest, as `ollama list` shows them
        self.models = dict(models or {"qwen2.5vl:latest": "sha256:" + "a" * 64})
        self.capabilities = list(capabilities)
        self.script = [("json", {})]
        self.requests = []          # (method, path, headers, body) of every request
        self.delay = 0.0            # seconds each chat answer takes
        self.in_flight = 0          # chat requests being answered now
        self.max_in_flight = 0      # ... at most, so far
        self._lock = threading.Lock()
        self._n = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                fake._handle(self, "GET")

            def do_POST(self):
                fake._handle(self, "POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    # ---------------------------------------------------------------- what the tests look at
    def chats(self):
        return [r for r in self.requests if r[1] in ("/api/chat", "/v1/chat/completions")]

    @staticmethod
    def images_of(body):
        """The decoded image bytes of a chat request, either API."""
        out = []
        for m in body["messages"]:
            for b64 in m.get("images", []):
                out.append(base64.b64decode(b64))
            if isinstance(m.get("content"), list):
                for part in m["content"]:
                    if part.get("type") == "image_url":
                        url = part["image_url"]["url"]
                        assert url.startswith("data:image/")
                        out.append(base64.b64decode(url.split(",", 1)[1]))
        return out

    @staticmethod
    def schema_of(body):
        if "format" in body:
            return body["format"]
        rf = body.get("response_format")
        return rf["json_schema"]["schema"] if rf else None

    # ---------------------------------------------------------------- the server
    def _model_known(self, name):
        return name in self.models or name + ":latest" in self.models

    def _handle(self, h, method):
        n = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(n) if n else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw
        with self._lock:
            self.requests.append((method, h.path, dict(h.headers), body))
        path = h.path
        if method == "POST" and path == "/api/show":
            name = body.get("model") or body.get("name")
            if not self._model_known(name):
                return self._json(h, 404, {"error": f"model '{name}' not found"})
            return self._json(h, 200, {
                "modelfile": "# fake", "parameters": "", "template": "{{ .Prompt }}",
                "details": {"parent_model": "", "format": "gguf", "family": "qwen25vl",
                            "families": ["qwen25vl"], "parameter_size": "8.3B",
                            "quantization_level": "Q4_K_M"},
                "model_info": {"general.architecture": "qwen25vl"},
                "capabilities": self.capabilities, "modified_at": "2025-05-01T10:00:00Z"})
        if method == "GET" and path == "/api/tags":
            return self._json(h, 200, {"models": [
                {"name": k, "model": k, "modified_at": "2025-05-01T10:00:00Z", "size": 6e9,
                 "digest": v, "details": {"format": "gguf", "family": "qwen25vl"}}
                for k, v in self.models.items()]})
        if method == "GET" and path == "/v1/models":
            return self._json(h, 200, {"object": "list", "data": [
                {"id": k, "object": "model", "created": 1746093600, "owned_by": "library"}
                for k in self.models]})
        if method == "POST" and path in ("/api/chat", "/v1/chat/completions"):
            with self._lock:
                self.in_flight += 1
                self.max_in_flight = max(self.max_in_flight, self.in_flight)
            try:
                time.sleep(self.delay)
                return self._chat(h, path, body)
            finally:
                with self._lock:
                    self.in_flight -= 1
        return self._json(h, 404, {"error": "404 page not found"})

    def _step(self):
        with self._lock:
            step = self.script[min(self._n, len(self.script) - 1)]
            self._n += 1
        return step

    def _chat(self, h, path, body):
        openai = path.startswith("/v1/")
        if not self._model_known(body.get("model")):
            if openai:
                return self._json(h, 404, {"error": {"message": f"The model `{body.get('model')}` "
                                                                "does not exist",
                                                     "type": "invalid_request_error"}})
            return self._json(h, 404, {"error": f"model '{body.get('model')}' not found"})
        step = self._step()
        kind = step[0]
        if kind == "status":
            if openai:
                return self._json(h, step[1], {"error": {"message": step[2], "type": "server_error"}})
            return self._json(h, step[1], {"error": step[2]})
        if kind == "sleep":
            time.sleep(step[1])
            content = "{}"
        elif kind == "json":
            schema = self.schema_of(body) or {"properties": {}}
            content = json.dumps({k: step[1].get(k) for k in schema["properties"]})
        else:
            content = step[1]
        stream = body.get("stream", not openai)  # Ollama streams unless told not to
        if openai:
            return self._openai(h, body, content, stream)
        return self._ollama(h, body, content, stream, kind == "stream_error")

    def _ollama(self, h, body, content, stream, error=False):
        model = body["model"]
        if not stream:
            return self._json(h, 200, {"model": model, "created_at": "2025-05-01T10:00:00Z",
                                       "message": {"role": "assistant", "content": content},
                                       "done": True, "done_reason": "stop", "eval_count": 9})
        h.send_response(200)
        h.send_header("Content-Type", "application/x-ndjson")
        h.end_headers()
        chunks = [content[i:i + 7] for i in range(0, len(content), 7)] or [""]
        for i, c in enumerate(chunks):
            if error and i == 1:
                h.wfile.write(json.dumps({"error": "model runner has unexpectedly stopped"}).encode() + b"\n")
                h.wfile.flush()
                return
            h.wfile.write(json.dumps({"model": model, "created_at": "2025-05-01T10:00:00Z",
                                      "message": {"role": "assistant", "content": c},
                                      "done": False}).encode() + b"\n")
            h.wfile.flush()
        h.wfile.write(json.dumps({"model": model, "created_at": "2025-05-01T10:00:01Z",
                                  "message": {"role": "assistant", "content": ""}, "done": True,
                                  "done_reason": "stop", "total_duration": 12345,
                                  "prompt_eval_count": 1200, "eval_count": 40}).encode() + b"\n")

    def _openai(self, h, body, content, stream):
        model = body["model"]
        if not stream:
            return self._json(h, 200, {"id": "chatcmpl-1", "object": "chat.completion",
                                       "created": 1746093600, "model": model,
                                       "choices": [{"index": 0, "finish_reason": "stop",
                                                    "message": {"role": "assistant",
                                                                "content": content}}],
                                       "usage": {"prompt_tokens": 1200, "completion_tokens": 40}})
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.end_headers()

        def event(delta, finish=None):
            d = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1746093600,
                 "model": model, "choices": [{"index": 0, "delta": delta,
                                              "finish_reason": finish}]}
            h.wfile.write(b"data: " + json.dumps(d).encode() + b"\n\n")
            h.wfile.flush()

        h.wfile.write(b": keep-alive comment\n\n")
        event({"role": "assistant", "content": ""})
        for i in range(0, len(content), 7):
            event({"content": content[i:i + 7]})
        event({}, "stop")
        h.wfile.write(b"data: [DONE]\n\n")

    @staticmethod
    def _json(h, code, obj):
        data = json.dumps(obj).encode()
        h.send_response(code)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)


try:
    import pytest

    @pytest.fixture()
    def fake():
        """A fresh fake server per test (import this fixture into a test module)."""
        f = FakeVlm()
        yield f
        f.close()
except ImportError:  # pragma: no cover
    pass
