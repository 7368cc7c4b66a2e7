"""Text encoder: all-MiniLM-L6-v2 (int8 ONNX) sentence embeddings of a page's text.

pre: the WordPiece tokenizer (``tokenizer.json``, named by the manifest entry's ``tokenizer``:
``models/data/minilm_tokenizer.json``, shipped with its licence notice; run with the
``tokenizers`` package), the token ids split into windows of at most ``max_tokens`` (a page is
longer than the model's 256-token limit); session: the model's hidden states (inputs
``input_ids``, ``attention_mask``, ``token_type_ids``); post: the mean of the hidden states over
the real tokens of each window, the windows averaged by their token counts, and the result
L2-normalised (what sentence-transformers' Pooling(mean) + Normalize do for this model).
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..engine.manifest import ModelSpec, companion_file, file_sha256, get_spec
from ..engine.registry import register
from ..engine.session import Session, get_session
from ..errors import ModelError

DEFAULT_TEXT_MODEL = "text_minilm"
CLS_ID, SEP_ID, PAD_ID = 101, 102, 0


def tokenizer_file(spec: ModelSpec) -> Tuple[Path, str]:
    """(tokenizer.json of the model, its sha256), checked against the manifest."""
    t = spec.extra.get("tokenizer") or {}
    p = companion_file(spec, "tokenizer")
    sha = file_sha256(p)
    if t.get("sha256") and sha != t["sha256"] and not spec.is_overridden:
        raise ModelError(f"model {spec.name!r}: tokenizer {p} has sha256 {sha}, the manifest "
                         f"says {t['sha256']}")
    return p, sha


_lock = threading.Lock()
_tokenizers: Dict[str, object] = {}


@register("text_encoder")
class TextEncoder:
    def __init__(self, model: str = DEFAULT_TEXT_MODEL, session: Optional[Session] = None,
                 device: str = "auto", threads: Optional[int] = None, batch: int = 16):
        self.spec = get_spec(model)
        self.session = session or get_session(model, device, threads)
        self.max_tokens = int(self.spec.extra.get("max_tokens", 256))
        self.batch = batch
        path, self.tokenizer_sha256 = tokenizer_file(self.spec)
        with _lock:
            if str(path) not in _tokenizers:
                from tokenizers import Tokenizer

                tok = Tokenizer.from_file(str(path))
                tok.no_padding()
                tok.no_truncation()
                _tokenizers[str(path)] = tok
            self.tokenizer = _tokenizers[str(path)]

    def key(self) -> dict:
        return {"model": self.spec.name, "sha256": self.session.sha256,
                "tokenizer": self.tokenizer_sha256, "max_tokens": self.max_tokens,
                "pool": "mean"}

    def windows(self, text: str) -> List[List[int]]:
        """Token ids of a text in windows of at most ``max_tokens`` (with [CLS] and [SEP])."""
        ids = self.tokenizer.encode(text, add_special_tokens=False).ids
        n = self.max_tokens - 2
        return [[CLS_ID] + ids[i: i + n] + [SEP_ID] for i in range(0, max(len(ids), 1), n)]

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """(N, 384) float32, each row of unit length (a zero row for an empty text)."""
        wins: List[Tuple[int, List[int]]] = [(i, w) for i, t in enumerate(texts)
                                             for w in self.windows(t or "")]
        dim = None
        sums: Dict[int, np.ndarray] = {}
        order = sorted(range(len(wins)), key=lambda k: len(wins[k][1]))  # little padding
        for s in range(0, len(order), self.batch):
            part = [wins[k] for k in order[s: s + self.batch]]
            width = max(len(w) for _, w in part)
            ids = np.full((len(part), width), PAD_ID, dtype=np.int64)
            mask = np.zeros((len(part), width), dtype=np.int64)
            for j, (_, w) in enumerate(part):
                ids[j, :len(w)] = w
                mask[j, :len(w)] = 1
            hidden = self.session.run_feeds({"input_ids": ids, "attention_mask": mask,
                                              "token_type_ids": np.zeros_like(ids)})
            summed = (hidden * mask[:, :, None]).sum(axis=1)  # sum over real tokens
            dim = summed.shape[1]
            for j, (i, _) in enumerate(part):
                sums[i] = sums.get(i, 0) + summed[j]
        out = np.zeros((len(texts), dim or 384), dtype=np.float32)
        for i, t in enumerate(texts):
            if (t or "").strip() and i in sums:
                out[i] = sums[i]
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
