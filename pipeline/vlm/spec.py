"""``--vlm SPEC`` and its options: which server API, which model, where, how patiently."""
from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from typing import Optional, Tuple
from urllib.parse import urlsplit

from ..errors import UsageError
from ..options.model import RESULT, result_field, results_key

BACKENDS = ("ollama", "openai")
WHEN = ("missing", "invalid", "low-confidence", "always")
DEFAULT_URL = "http://127.0.0.1:11434"
# bump when the prompts, schemas or answer handling change what a request asks
VLM_VERSION = 1


def parse_spec(spec: str) -> Tuple[str, str]:
    """'ollama:qwen2.5vl' -> ('ollama', 'qwen2.5vl'); 'openai:gpt-4o-mini' -> ('openai', ...).
    The model name keeps any tag of its own ('ollama:gemma3:4b')."""
    backend, sep, model = (spec or "").strip().partition(":")
    backend = backend.lower()
    if not sep or backend not in BACKENDS or not model.strip():
        raise UsageError(f"--vlm {spec!r}: expected BACKEND:MODEL with BACKEND one of "
                         f"{', '.join(BACKENDS)} (e.g. ollama:qwen2.5vl, openai:gemma3)")
    return backend, model.strip()


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class VlmOptions:
    spec: str                              # BACKEND:MODEL
    url: str = DEFAULT_URL
    when: str = result_field("low-confidence")  # which fields to ask for (pipeline.vlm.fields)
    min_conf: float = result_field(0.80)   # low-confidence: a field below this is asked for
    timeout: float = 120.0                 # seconds per request
    retries: int = 2                       # further attempts after a connection error, 5xx, 429
    backoff: float = 1.0                   # seconds before the first retry, doubled each time
    concurrency: int = 2                   # requests in flight at once
    max_side: int = result_field(1024)     # long side of an image sent, in pixels
    image_format: str = result_field("jpeg")  # jpeg | png
    keep_alive: str = "10m"                # Ollama: how long the model stays loaded
    stream: bool = True                    # stream the answer (a slow model still shows life)
    api_key_env: Optional[str] = None      # name of the environment variable with a bearer key
    temperature: float = result_field(0.0)
    backend: str = field(init=False, metadata=RESULT)
    model: str = field(init=False, metadata=RESULT)

    def __post_init__(self):
        self.backend, self.model = parse_spec(self.spec)
        if self.when not in WHEN:
            raise UsageError(f"--vlm-when {self.when!r}: expected one of {', '.join(WHEN)}")
        parts = urlsplit(self.url or "")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(f"--vlm-url {self.url!r}: expected http(s)://HOST[:PORT]")
        if self.image_format not in ("jpeg", "png"):
            raise UsageError(f"image format {self.image_format!r}: expected jpeg or png")
        if self.max_side < 64:
            raise UsageError(f"--vlm-max-side {self.max_side}: at least 64 pixels")
        if self.concurrency < 1 or self.retries < 0 or self.timeout <= 0:
            raise UsageError("--vlm-concurrency must be at least 1, --vlm-retries at least 0 "
                             "and --vlm-timeout above 0")
        if self.api_key_env and self.api_key_env not in os.environ:
            raise UsageError(f"--vlm-api-key-env {self.api_key_env}: no such environment "
                             "variable is set")

    @property
    def tag(self) -> str:
        """What the ``extractor`` column says for a value the model produced."""
        return f"vlm:{self.backend}:{self.model}"

    @property
    def remote(self) -> bool:
        return not is_loopback(self.url)

    def api_key(self) -> Optional[str]:
        return os.environ.get(self.api_key_env) if self.api_key_env else None

    def key(self) -> dict:
        """What changes the answers: part of the run manifest and the processing key (never
        the API key; the URL only says where, the model digest says what)."""
        return results_key(self, version=VLM_VERSION)

    def manifest(self) -> dict:
        return dict(self.key(), url=self.url, timeout=self.timeout, retries=self.retries,
                    concurrency=self.concurrency, keep_alive=self.keep_alive,
                    stream=self.stream, api_key_env=self.api_key_env)
