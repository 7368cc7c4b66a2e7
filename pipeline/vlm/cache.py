"""VLM answers in the engine's disk cache, keyed by everything that decides the answer: the
sha256 of every image sent, the backend, the model's name and digest, the prompt, the schema and
the sampling options. A rerun over the same pages sends no request."""
from __future__ import annotations

from typing import Any, List, Optional

from ..engine.cache import Cache, make_key
from .spec import VLM_VERSION, VlmOptions

KIND = "vlm-answer"


class AnswerCache:
    def __init__(self, cache: Cache):
        self.cache = cache

    @staticmethod
    def key(image_shas: List[str], opts: VlmOptions, digest: str, prompt: str,
            schema: Optional[dict], system: Optional[str] = None) -> bytes:
        return make_key(KIND, list(image_shas), opts.backend, opts.model, digest, prompt,
                        schema, system, {"temperature": opts.temperature}, VLM_VERSION)

    def get(self, key: bytes) -> Optional[Any]:
        return self.cache.get(key)

    def put(self, key: bytes, value: Any) -> None:
        self.cache.put(key, KIND, value)

    def close(self) -> None:
        self.cache.close()
