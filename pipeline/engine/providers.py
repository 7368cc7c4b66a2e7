"""Execution providers: what the installed onnxruntime offers and which one a run uses.

``--device auto`` (the default) takes the first available of CUDA, CoreML, DirectML, OpenVINO,
then CPU. ``--device cpu|cuda|coreml|dml|openvino`` asks for one and fails clearly when the
installed onnxruntime does not offer it.
"""
from __future__ import annotations

import os
from typing import List

import onnxruntime as ort

from ..errors import UsageError

DEVICES = {
    "cuda": "CUDAExecutionProvider",
    "coreml": "CoreMLExecutionProvider",
    "dml": "DmlExecutionProvider",
    "openvino": "OpenVINOExecutionProvider",
    "cpu": "CPUExecutionProvider",
}
AUTO_ORDER = ["cuda", "coreml", "dml", "openvino", "cpu"]


def available() -> List[str]:
    return list(ort.get_available_providers())


def choose(device: str = "auto") -> List[str]:
    """The provider list to hand to a session (the chosen one, then CPU as fallback)."""
    have = set(available())
    device = (device or "auto").lower()
    if device == "auto":
        for d in AUTO_ORDER:
            if DEVICES[d] in have:
                device = d
                break
    if device not in DEVICES:
        raise UsageError(f"unknown device {device!r}; choose one of auto, {', '.join(DEVICES)}")
    prov = DEVICES[device]
    if prov not in have:
        raise UsageError(
            f"device {device!r} needs {prov}, which this onnxruntime does not offer "
            f"(available: {', '.join(sorted(have))}); install the matching onnxruntime build "
            f"(e.g. onnxruntime-gpu for cuda) or use --device cpu"
        )
    return [prov] if prov == "CPUExecutionProvider" else [prov, "CPUExecutionProvider"]


def cpu_threads() -> int:
    """Cores this process may use (respects affinity masks and containers' cpusets)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)
