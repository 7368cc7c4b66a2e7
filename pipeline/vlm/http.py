"""A small JSON-over-HTTP client (stdlib only): timeouts, retries with exponential backoff on
connection errors, timeouts, 5xx and 429, and streamed answers (Ollama's NDJSON lines, the
OpenAI-compatible server-sent ``data:`` events)."""
from __future__ import annotations

import json
import random
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Callable, Iterator, Optional

RETRY_STATUS = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 60.0


class HttpError(Exception):
    """A request that failed for good. ``status`` is the HTTP status (None: no answer at all,
    e.g. connection refused or a timeout); ``body`` the server's error text."""

    def __init__(self, message: str, status: Optional[int] = None, body: str = "",
                 attempts: int = 1):
        super().__init__(message)
        self.status = status
        self.body = body
        self.attempts = attempts


def error_text(body: str) -> str:
    """The message of an error body: Ollama's {"error": "..."}, OpenAI's {"error": {"message"}}."""
    try:
        d = json.loads(body)
    except (ValueError, TypeError):
        return (body or "").strip()[:300]
    e = d.get("error") if isinstance(d, dict) else None
    if isinstance(e, dict):
        return str(e.get("message") or e)
    if e:
        return str(e)
    return (body or "").strip()[:300]


@dataclass
class Client:
    base_url: str
    timeout: float = 120.0
    retries: int = 2
    backoff: float = 1.0
    headers: Optional[dict] = None
    sleep: Callable[[float], None] = time.sleep

    def _request(self, method: str, path: str, body: Optional[dict]) -> urllib.request.Request:
        data = None if body is None else json.dumps(body).encode()
        h = {"Accept": "application/json", "User-Agent": "mmbatch"}
        if data is not None:
            h["Content-Type"] = "application/json"
        h.update(self.headers or {})
        return urllib.request.Request(self.base_url.rstrip("/") + path, data=data, headers=h,
                                      method=method)

    def _with_retries(self, method: str, path: str, body: Optional[dict], read):
        """``read(response, deadline)`` -> result; retried on what a retry may cure."""
        last: Optional[HttpError] = None
        for attempt in range(self.retries + 1):
            if attempt:
                wait = self.backoff * (2 ** (attempt - 1)) * (1 + 0.1 * random.random())
                if last is not None and last.status == 429 and getattr(last, "retry_after", None):
                    wait = max(wait, last.retry_after)
                self.sleep(wait)
            deadline = time.monotonic() + self.timeout
            try:
                with urllib.request.urlopen(self._request(method, path, body),
                                            timeout=self.timeout) as resp:
                    return read(resp, deadline)
            except urllib.error.HTTPError as e:
                text = _read_error(e)
                last = HttpError(f"HTTP {e.code} from {method} {path}: {error_text(text)}",
                                 e.code, text, attempt + 1)
                if e.code == 429:
                    last.retry_after = _retry_after(e)  # type: ignore[attr-defined]
                if e.code not in RETRY_STATUS:
                    raise last
            except (socket.timeout, TimeoutError) as e:
                last = HttpError(f"no answer within {self.timeout:g} s ({method} {path})",
                                 None, str(e), attempt + 1)
            except urllib.error.URLError as e:
                reason = e.reason
                if isinstance(reason, (socket.timeout, TimeoutError)):
                    last = HttpError(f"no answer within {self.timeout:g} s ({method} {path})",
                                     None, str(e), attempt + 1)
                else:
                    last = HttpError(f"cannot connect to {self.base_url}: {reason}", None,
                                     str(e), attempt + 1)
            except (ConnectionError, http_client_errors()) as e:
                last = HttpError(f"connection to {self.base_url} broke: "
                                 f"{type(e).__name__}: {e}", None, str(e), attempt + 1)
        assert last is not None
        last.attempts = self.retries + 1
        if self.retries:
            last.args = (f"{last.args[0]} (after {self.retries + 1} attempts)",)
        raise last

    def get_json(self, path: str) -> dict:
        return self._with_retries("GET", path, None, _read_json)

    def post_json(self, path: str, body: dict) -> dict:
        return self._with_retries("POST", path, body, _read_json)

    def post_stream(self, path: str, body: dict, chunks: Callable[[Iterator[bytes]], Iterator[dict]]
                    ) -> list:
        """POST and read a streamed answer; ``chunks`` turns the raw lines into JSON objects
        (NDJSON or SSE). Returns every object; a connection that breaks mid-stream is retried
        from the start like any other failure."""
        def read(resp, deadline):
            out = []
            for obj in chunks(_lines(resp, deadline, self.timeout)):
                out.append(obj)
            return out

        return self._with_retries("POST", path, body, read)

    def post_answer(self, path: str, body: dict,
                    chunks: Callable[[Iterator[bytes]], Iterator[dict]]) -> list:
        """A chat answer's JSON objects: every chunk when ``body["stream"]``, else the one."""
        if body.get("stream"):
            return self.post_stream(path, body, chunks)
        return [self.post_json(path, body)]


def http_client_errors():
    import http.client

    return http.client.HTTPException


def _read_error(e: urllib.error.HTTPError) -> str:
    try:
        return e.read().decode("utf-8", "replace")
    except Exception:
        return ""


def _retry_after(e: urllib.error.HTTPError) -> Optional[float]:
    v = e.headers.get("Retry-After") if e.headers else None
    try:
        return min(MAX_RETRY_AFTER, max(0.0, float(v))) if v else None
    except ValueError:
        return None


def _read_json(resp, deadline) -> dict:
    raw = resp.read()
    try:
        return json.loads(raw)
    except ValueError:
        raise HttpError(f"the server's answer is not JSON: {raw[:200]!r}", resp.status,
                        raw.decode("utf-8", "replace"))


def _lines(resp, deadline: float, timeout: float) -> Iterator[bytes]:
    for line in resp:
        if time.monotonic() > deadline:
            raise socket.timeout(f"the streamed answer took longer than {timeout:g} s")
        yield line


def ndjson(lines: Iterator[bytes]) -> Iterator[dict]:
    """Ollama's stream: one JSON object per line."""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        try:
            yield json.loads(line)
        except ValueError:
            raise HttpError(f"a streamed chunk is not JSON: {line[:200]!r}")


def sse(lines: Iterator[bytes]) -> Iterator[dict]:
    """Server-sent events of an OpenAI-compatible stream: ``data: {...}`` lines, ``data: [DONE]``
    at the end; comments (``:``) and other fields are skipped."""
    for line in lines:
        line = line.strip()
        if not line.startswith(b"data:"):
            continue
        data = line[5:].strip()
        if data == b"[DONE]":
            return
        try:
            yield json.loads(data)
        except ValueError:
            raise HttpError(f"a streamed event is not JSON: {data[:200]!r}")
