"""One thin seam around ``onnxruntime.InferenceSession``.

A model module never touches onnxruntime: it asks for a ``Session`` by model name (or is handed
one, so tests can inject a fake with the same ``run``/``metadata`` surface). Sessions are created
once per model, device and thread count in a process and kept for its lifetime.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Dict, Optional, Tuple

import numpy as np
import onnxruntime as ort

from . import providers as _providers
from .manifest import ModelSpec, get_spec, model_sha256
from ..errors import ModelError


class Session:
    """A loaded model: ``run(x)`` feeds the single input and returns the first output."""

    def __init__(self, spec: ModelSpec, ort_session, sha256: str):
        self.spec = spec
        self.sha256 = sha256
        self._s = ort_session
        self.input_name = ort_session.get_inputs()[0].name
        self.output_names = [o.name for o in ort_session.get_outputs()]
        self.providers = list(ort_session.get_providers())
        self.seconds = 0.0  # time spent inside onnxruntime, for the run's overhead figure

    @property
    def metadata(self) -> Dict[str, str]:
        return dict(self._s.get_modelmeta().custom_metadata_map)

    def run_feeds(self, feeds: Dict[str, np.ndarray]) -> np.ndarray:
        """Several named inputs (e.g. a text encoder's ids and mask; feeds the model does not
        take are left out); the first output."""
        names = {i.name for i in self._s.get_inputs()}
        t = time.perf_counter()
        out = self._s.run(self.output_names[:1], {k: v for k, v in feeds.items() if k in names})[0]
        self.seconds += time.perf_counter() - t
        return out

    def run(self, x: np.ndarray) -> np.ndarray:
        t = time.perf_counter()
        out = self._s.run(self.output_names[:1], {self.input_name: x})[0]
        self.seconds += time.perf_counter() - t
        return out


_lock = threading.Lock()
_sessions: Dict[Tuple[str, str, str, int], Session] = {}


def session_options(threads: int) -> "ort.SessionOptions":
    so = ort.SessionOptions()
    so.log_severity_level = 3
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    # the arena keeps the largest activation ever seen: with pages of very different sizes it
    # grows to the worst case and stays there, so it is off (as in RapidOCR's defaults)
    so.enable_cpu_mem_arena = False
    return so


def get_session(name: str, device: str = "auto", threads: Optional[int] = None) -> Session:
    """The process-wide session for a model in the manifest (created on first use)."""
    threads = threads or _providers.cpu_threads()
    spec = get_spec(name)
    path = spec.path()
    key = (name, str(path), device, threads)  # the file too: MMBATCH_MODEL_* may point elsewhere
    with _lock:
        s = _sessions.get(key)
        if s is None:
            provs = _providers.choose(device)
            try:
                raw = ort.InferenceSession(str(path), sess_options=session_options(threads),
                                           providers=provs)
            except Exception as e:  # a corrupt or truncated file, an unsupported opset ...
                raise ModelError(f"model {name!r} ({path}) cannot be loaded: {e}") from e
            s = Session(spec, raw, model_sha256(spec))
            _sessions[key] = s
        return s


def load_file(path: Path, spec: ModelSpec, device: str = "auto", threads: int = 1) -> Session:
    """A session for an arbitrary ONNX file (used by benchmarks and user-provided models)."""
    raw = ort.InferenceSession(str(path), sess_options=session_options(threads),
                               providers=_providers.choose(device))
    from .manifest import file_sha256
    return Session(spec, raw, file_sha256(path))
