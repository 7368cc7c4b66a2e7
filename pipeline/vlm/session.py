"""One model behind one server for a run: checked at start (missing server or model: a clear
error, exit code 6), every answer cached on disk, at most ``concurrency`` requests in flight, a
structured answer that is not valid JSON asked for once more."""
from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, List, Optional

from ..engine.cache import Cache
from .backend import Image, ModelInfo, VlmRequestError
from .cache import AnswerCache
from .http import Client
from .spec import VlmOptions

JSON_ATTEMPTS = 2   # a malformed structured answer is asked for once more, then given up


@dataclass
class Answer:
    text: str = ""
    data: Any = None              # the parsed JSON of a structured answer
    seconds: float = 0.0          # time spent on the request(s); 0 from the cache
    cached: bool = False
    error: str = ""               # why there is no answer ("" when there is one)

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass
class Stats:
    requests: int = 0             # HTTP chat requests sent (retries of a request not counted)
    cached: int = 0               # answers read from the cache
    failed: int = 0               # questions left without an answer
    malformed: int = 0            # answers that were not valid JSON
    seconds: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **kw) -> None:
        with self._lock:
            for k, v in kw.items():
                setattr(self, k, getattr(self, k) + v)

    def as_dict(self) -> dict:
        return {"requests": self.requests, "cached": self.cached, "failed": self.failed,
                "malformed": self.malformed, "seconds": round(self.seconds, 3)}


def parse_json_answer(text: str) -> Any:
    """The JSON object of an answer; a fenced ```json block is accepted (some servers ignore the
    schema). Raises ValueError when there is no JSON object."""
    s = (text or "").strip()
    m = re.fullmatch(r"```(?:json)?\s*(.*?)\s*```", s, re.S)
    if m:
        s = m.group(1)
    data = json.loads(s)
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    return data


def base_url(opts: VlmOptions) -> str:
    url = opts.url.rstrip("/")
    if opts.backend == "openai" and url.endswith("/v1"):
        url = url[:-3]  # the paths below carry /v1 themselves
    return url


def make_backend(opts: VlmOptions, client: Client):
    if opts.backend == "ollama":
        from .ollama import OllamaBackend

        return OllamaBackend(client, opts.model, keep_alive=opts.keep_alive,
                             temperature=opts.temperature, stream=opts.stream)
    from .openai import OpenAIBackend

    return OpenAIBackend(client, opts.model, temperature=opts.temperature, stream=opts.stream)


class VlmSession:
    def __init__(self, opts: VlmOptions, cache_dir: Optional[str] = None, use_cache: bool = True,
                 log: Optional[Callable[[str, dict], None]] = None,
                 sleep: Callable[[float], None] = time.sleep):
        self.opts = opts
        self.log = log or (lambda event, data: None)
        key = opts.api_key()
        headers = {"Authorization": f"Bearer {key}"} if key else None
        self.client = Client(base_url(opts), timeout=opts.timeout, retries=opts.retries,
                             backoff=opts.backoff, headers=headers, sleep=sleep)
        self.backend = make_backend(opts, self.client)
        self.cache = AnswerCache(Cache(Path(cache_dir) if cache_dir else None, enabled=use_cache,
                                       log=self.log))
        self.slots = threading.BoundedSemaphore(opts.concurrency)
        self.stats = Stats()
        self.info: Optional[ModelInfo] = None

    def start(self) -> ModelInfo:
        """Check the server and the model (raises ``VlmUnavailable``); say where images go."""
        if self.opts.remote:
            self.log("vlm_remote", {"url": self.opts.url, "model": self.opts.model,
                                    "message": f"page images will be sent to {self.opts.url} "
                                               "(not a loopback address)"})
        self.info = self.backend.check()
        self.log("vlm_ready", {"url": self.opts.url, "backend": self.opts.backend,
                               "model": self.opts.model, "digest": self.info.digest})
        return self.info

    @property
    def digest(self) -> str:
        return self.info.digest if self.info else ""

    def ask(self, prompt: str, images: List[Image], schema: Optional[dict] = None,
            system: Optional[str] = None) -> Answer:
        """One question over ``images`` (all in one request). With a ``schema`` the answer must
        be a JSON object (asked for again once if it is not). Never raises for a failed
        request: the answer carries the reason."""
        if self.info is None:
            self.start()
        key = self.cache.key([i.sha256 for i in images], self.opts, self.digest, prompt, schema,
                             system)
        hit = self.cache.get(key)
        if hit is not None:
            self.stats.add(cached=1)
            return Answer(hit.get("text", ""), hit.get("data"), 0.0, True)
        t0 = time.perf_counter()
        ans = Answer()
        for attempt in range(JSON_ATTEMPTS if schema is not None else 1):
            try:
                with self.slots:
                    self.stats.add(requests=1)
                    reply = self.backend.chat(prompt, images, schema, system)
            except VlmRequestError as e:
                ans = Answer(error=str(e))
                break
            ans = Answer(reply.text)
            if schema is None:
                break
            try:
                ans.data = parse_json_answer(reply.text)
                break
            except ValueError as e:
                self.stats.add(malformed=1)
                ans.error = (f"the answer is not valid JSON {'twice' if attempt else 'once'} "
                             f"({e}): {reply.text[:120]!r}")
        ans.seconds = time.perf_counter() - t0
        self.stats.add(seconds=ans.seconds)
        if ans.ok:
            self.cache.put(key, {"text": ans.text, "data": ans.data})
        else:
            self.stats.add(failed=1)
            self.log("vlm_failed", {"error": ans.error})
        return ans

    def manifest(self) -> dict:
        return dict(self.opts.manifest(), digest=self.digest,
                    details=self.info.details if self.info else {}, **self.stats.as_dict())

    def close(self) -> None:
        self.cache.close()
