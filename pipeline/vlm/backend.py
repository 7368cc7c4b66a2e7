"""What every backend gives: the model's identity (checked at start) and one chat request with
images and an optional JSON schema for the answer."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Protocol


class VlmRequestError(Exception):
    """One request failed for good (after retries): the batch goes on, the reason is recorded."""


@dataclass
class ModelInfo:
    name: str                 # as the server names it
    digest: str               # content digest (Ollama) or a hash of the server's model entry
    details: dict = field(default_factory=dict)


@dataclass
class Reply:
    text: str                 # the assistant's message content, streamed chunks joined
    meta: dict = field(default_factory=dict)   # done_reason / finish_reason, token counts


@dataclass
class Image:
    data: bytes               # encoded (JPEG or PNG)
    mime: str                 # image/jpeg | image/png
    sha256: str
    width: int
    height: int


class Backend(Protocol):
    name: str

    def check(self) -> ModelInfo: ...

    def chat(self, prompt: str, images: List[Image], schema: Optional[dict],
             system: Optional[str] = None) -> Reply: ...
