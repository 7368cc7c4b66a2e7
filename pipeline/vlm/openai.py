"""The OpenAI-compatible chat API (vLLM, llama.cpp's llama-server, LM Studio, Ollama's /v1):

- ``GET /v1/models``: ``{"data": [{"id", ...}]}``;
- ``POST /v1/chat/completions {"model", "messages": [{"role": "user", "content": [{"type":
  "text", "text"}, {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,..."}}]}],
  "response_format": {"type": "json_schema", "json_schema": {"name", "schema", "strict": true}},
  "stream", "temperature"}``: the answer in ``choices[0].message.content``; streamed as
  server-sent events ``data: {"choices": [{"delta": {"content"}}]}`` ending with
  ``data: [DONE]``.
"""
from __future__ import annotations

import base64
import hashlib
import json
from typing import List, Optional

from ..errors import VlmUnavailable
from .backend import Image, ModelInfo, Reply, VlmRequestError
from .http import Client, HttpError, error_text, sse


class OpenAIBackend:
    name = "openai"

    def __init__(self, client: Client, model: str, temperature: float = 0.0, stream: bool = True):
        self.client, self.model = client, model
        self.temperature, self.stream = temperature, stream

    def check(self) -> ModelInfo:
        url = self.client.base_url
        try:
            listing = self.client.get_json("/v1/models")
        except HttpError as e:
            if e.status is None:
                raise VlmUnavailable(f"no VLM server answers at {url} ({e}); is the server "
                                     "running? (--vlm-url)")
            if e.status in (401, 403):
                raise VlmUnavailable(f"the server at {url} refused the request ({e}): set the "
                                     "key's environment variable and pass --vlm-api-key-env")
            raise VlmUnavailable(f"the server at {url} refused /v1/models: {e}")
        models = [m for m in listing.get("data") or [] if isinstance(m, dict)]
        entry = next((m for m in models if m.get("id") == self.model), None)
        if entry is None:
            names = ", ".join(sorted(str(m.get("id")) for m in models)) or "none"
            hint = (f" (an Ollama server: run 'ollama pull {self.model}')"
                    if url.rstrip("/").endswith(":11434") else "")
            raise VlmUnavailable(f"the server at {url} does not serve the model "
                                 f"{self.model!r}; it serves: {names}{hint}")
        # the API gives no content digest: a hash of the server's entry for the model stands in
        digest = "entry:" + hashlib.sha256(json.dumps(entry, sort_keys=True,
                                                      default=str).encode()).hexdigest()
        return ModelInfo(self.model, digest, {k: v for k, v in entry.items() if k != "id"})

    def request(self, prompt: str, images: List[Image], schema: Optional[dict],
                system: Optional[str] = None) -> dict:
        content = [{"type": "text", "text": prompt}]
        for i in images:
            url = f"data:{i.mime};base64," + base64.b64encode(i.data).decode("ascii")
            content.append({"type": "image_url", "image_url": {"url": url}})
        msgs = []
        if system:
            msgs.append({"role": "system", "content": system})
        msgs.append({"role": "user", "content": content})
        body = {"model": self.model, "messages": msgs, "temperature": self.temperature,
                "seed": 0, "stream": self.stream}
        if schema is not None:
            body["response_format"] = {"type": "json_schema", "json_schema": {
                "name": schema.get("title") or "answer", "schema": schema, "strict": True}}
        return body

    def chat(self, prompt: str, images: List[Image], schema: Optional[dict],
             system: Optional[str] = None) -> Reply:
        body = self.request(prompt, images, schema, system)
        try:
            objs = self.client.post_answer("/v1/chat/completions", body, sse)
        except HttpError as e:
            raise VlmRequestError(str(e))
        text, meta = [], {}
        for o in objs:
            if o.get("error"):
                raise VlmRequestError(f"the server stopped with an error: {error_text(json.dumps(o))}")
            for c in o.get("choices") or []:
                part = c.get("delta") if self.stream else c.get("message")
                text.append((part or {}).get("content") or "")
                if c.get("finish_reason"):
                    meta["finish_reason"] = c["finish_reason"]
            if o.get("usage"):
                meta["usage"] = o["usage"]
        if not objs or (self.stream and "finish_reason" not in meta and not "".join(text)):
            raise VlmRequestError("the server's answer has no choices")
        return Reply("".join(text), meta)
