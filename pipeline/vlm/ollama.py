"""Ollama's native API (github.com/ollama/ollama docs/api.md):

- ``POST /api/show {"model"}``: the model's details and ``capabilities``; 404 when not pulled;
- ``GET /api/tags``: the local models with their ``digest``;
- ``POST /api/chat {"model", "messages": [{"role", "content", "images": [base64]}], "format":
  <JSON schema>, "stream", "keep_alive", "options"}``: the answer in ``message.content``;
  streamed as NDJSON objects, the last one with ``"done": true``.
"""
from __future__ import annotations

import base64
import hashlib
import json
from typing import List, Optional

from ..errors import VlmUnavailable
from .backend import Image, ModelInfo, Reply, VlmRequestError
from .http import Client, HttpError, error_text, ndjson


def _unreachable(url: str, e: HttpError, hint: str) -> VlmUnavailable:
    return VlmUnavailable(f"no VLM server answers at {url} ({e}); {hint}")


class OllamaBackend:
    name = "ollama"

    def __init__(self, client: Client, model: str, keep_alive: str = "10m",
                 temperature: float = 0.0, stream: bool = True):
        self.client, self.model = client, model
        self.keep_alive, self.temperature, self.stream = keep_alive, temperature, stream

    def check(self) -> ModelInfo:
        url = self.client.base_url
        try:
            show = self.client.post_json("/api/show", {"model": self.model})
        except HttpError as e:
            said = error_text(e.body)
            if e.status == 404 and said:  # Ollama: {"error": "model 'x' not found"}
                raise VlmUnavailable(f"the Ollama server at {url} does not have the model "
                                     f"{self.model!r} ({said}): run 'ollama pull {self.model}'")
            if e.status == 404:  # a bare 404: not Ollama (a proxy, another server, a wrong path)
                raise VlmUnavailable(f"the server at {url} does not answer like an Ollama "
                                     "server (HTTP 404 with no message on /api/show): is "
                                     "--vlm-url right, or is it an OpenAI-compatible server "
                                     "(--vlm openai:MODEL)?")
            if e.status is None:
                raise _unreachable(url, e, "is 'ollama serve' running? (--vlm-url)")
            raise VlmUnavailable(f"the Ollama server at {url} refused /api/show: {e}")
        caps = show.get("capabilities")
        if isinstance(caps, list) and caps and "vision" not in caps:
            raise VlmUnavailable(f"the model {self.model!r} cannot read images (its capabilities: "
                                 f"{', '.join(map(str, caps))}): choose a vision model such as "
                                 "qwen2.5vl, gemma3 or llama3.2-vision")
        digest = ""
        try:
            tags = self.client.get_json("/api/tags")
        except HttpError as e:
            raise VlmUnavailable(f"the Ollama server at {url} refused /api/tags: {e}")
        want = {self.model, self.model + ":latest"}
        for m in tags.get("models") or []:
            if m.get("name") in want or m.get("model") in want:
                digest = str(m.get("digest") or "")
                break
        details = dict(show.get("details") or {})
        if caps:
            details["capabilities"] = caps
        if not digest:  # a server that lists no digest: the model's details stand in for it
            digest = "details:" + hashlib.sha256(json.dumps(
                [show.get("details"), show.get("modified_at"), show.get("model_info")],
                sort_keys=True, default=str).encode()).hexdigest()
        return ModelInfo(self.model, digest, details)

    def request(self, prompt: str, images: List[Image], schema: Optional[dict],
                system: Optional[str] = None) -> dict:
        msgs = []
        if system:
            msgs.append({"role": "system", "content": system})
        msgs.append({"role": "user", "content": prompt,
                     "images": [base64.b64encode(i.data).decode("ascii") for i in images]})
        body = {"model": self.model, "messages": msgs, "stream": self.stream,
                "keep_alive": self.keep_alive, "options": {"temperature": self.temperature,
                                                           "seed": 0}}
        if schema is not None:
            body["format"] = schema
        return body

    def chat(self, prompt: str, images: List[Image], schema: Optional[dict],
             system: Optional[str] = None) -> Reply:
        body = self.request(prompt, images, schema, system)
        try:
            objs = self.client.post_answer("/api/chat", body, ndjson)
        except HttpError as e:
            if e.status == 404:
                raise VlmRequestError(f"model {self.model!r} not found ({error_text(e.body)}): "
                                      f"run 'ollama pull {self.model}'")
            raise VlmRequestError(str(e))
        text, meta = [], {}
        for o in objs:
            if o.get("error"):
                raise VlmRequestError(f"the server stopped with an error: {o['error']}")
            text.append(((o.get("message") or {}).get("content")) or "")
            if o.get("done"):
                meta = {k: o.get(k) for k in ("done_reason", "prompt_eval_count", "eval_count",
                                              "total_duration") if k in o}
        if objs and not objs[-1].get("done"):
            raise VlmRequestError("the streamed answer ended before its last chunk (done: true)")
        return Reply("".join(text), meta)
