"""Image encoder: one L2-normalised vector per page image, from any ONNX image model.

pre: resize the page to the model's input size, scale, subtract the mean, divide by the std, lay out
as NCHW or NHWC, RGB or BGR; session: the model, cut at an intermediate tensor when the manifest
names one (``output``); post: pool the tensor to one vector (average, a 2x2 grid of averages, the
CLS token or the mean of the patch tokens) and L2-normalise it.

Every preprocessing option lives in the model's manifest entry (keys the manifest loader keeps as
``extra``), so a user's encoder plugs in the same way as the built-in one: an entry in a user
models file (``models_file=`` or ``MMBATCH_MODELS_FILE``) with ``path`` and the same keys::

    {"models": {"my_encoder": {"path": "encoder.onnx", "input_size": [224, 224],
                               "layout": "nchw", "channels": "rgb", "scale": 0.00392157,
                               "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225],
                               "resize": "stretch", "output": "pooled", "pool": "none"}}}

(a relative path is relative to the file; ``sha256``, when given, is checked), or
``MMBATCH_MODEL_<NAME>`` pointing a built-in entry at another file with the same preprocessing.
The default model was chosen on the near-duplicate benchmark (``bench/compare_bench.py``).
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np

from ..engine.cache import default_dir
from ..engine.manifest import ModelSpec, file_sha256, get_spec, model_sha256
from ..engine.registry import register
from ..engine.session import Session, load_file
from ..errors import ModelError, UsageError

DEFAULT_IMAGE_MODEL = "img_opennsfw"
MODELS_FILE_ENV = "MMBATCH_MODELS_FILE"
POOLS = ("none", "avg", "grid2", "cls", "mean_tokens")


@dataclass(frozen=True)
class EncoderOptions:
    input_size: Tuple[int, int] = (224, 224)        # height, width
    layout: str = "nchw"                            # nchw | nhwc
    channels: str = "rgb"                           # rgb | bgr
    scale: float = 1.0 / 255.0                      # pixel (0..255) * scale, then (x - mean) / std
    mean: Tuple[float, ...] = (0.485, 0.456, 0.406)
    std: Tuple[float, ...] = (0.229, 0.224, 0.225)
    resize: str = "stretch"                         # stretch | letterbox (keep aspect, pad white)
    output: Optional[str] = None                    # tensor to cut at; None: the first output
    pool: str = "avg"                               # none | avg | grid2 | cls | mean_tokens
    batch: int = 8

    @classmethod
    def from_spec(cls, spec: ModelSpec) -> "EncoderOptions":
        e = spec.extra
        d = cls()
        try:
            opts = cls(input_size=tuple(int(v) for v in e.get("input_size", d.input_size)),
                       layout=str(e.get("layout", d.layout)).lower(),
                       channels=str(e.get("channels", d.channels)).lower(),
                       scale=float(e.get("scale", d.scale)),
                       mean=tuple(float(v) for v in e.get("mean", d.mean)),
                       std=tuple(float(v) for v in e.get("std", d.std)),
                       resize=str(e.get("resize", d.resize)).lower(),
                       output=e.get("output") or None,
                       pool=str(e.get("pool", d.pool)).lower(),
                       batch=int(e.get("batch", d.batch)))
        except (TypeError, ValueError) as err:
            raise UsageError(f"image model {spec.name!r}: bad preprocessing option: {err}")
        bad = [(k, v) for k, v, ok in [("layout", opts.layout, ("nchw", "nhwc")),
                                       ("channels", opts.channels, ("rgb", "bgr")),
                                       ("resize", opts.resize, ("stretch", "letterbox")),
                                       ("pool", opts.pool, POOLS)] if v not in ok]
        if bad or len(opts.input_size) != 2 or len(opts.mean) != 3 or len(opts.std) != 3:
            raise UsageError(f"image model {spec.name!r}: bad preprocessing options {bad or ''} "
                             f"(input_size [h, w], mean and std of 3 values; layout nchw|nhwc, "
                             f"channels rgb|bgr, resize stretch|letterbox, pool {'|'.join(POOLS)})")
        return opts

    def key(self) -> dict:
        return asdict(self)


def load_models_file(path: Optional[str]) -> Dict[str, ModelSpec]:
    """Model entries from a user's JSON file: ``{"models": {NAME: {"path": ..., options}}}``; a
    relative ``path`` is relative to the file. ``sha256``, when given, is checked."""
    path = path or os.environ.get(MODELS_FILE_ENV)
    if not path:
        return {}
    p = Path(path)
    try:
        data = json.loads(p.read_text())
        entries = data["models"]
    except FileNotFoundError:
        raise UsageError(f"models file {p} does not exist")
    except (ValueError, KeyError, TypeError) as e:
        raise UsageError(f"models file {p}: not a JSON object with a \"models\" mapping ({e})")
    out = {}
    for name, d in entries.items():
        if not isinstance(d, dict) or "path" not in d:
            raise UsageError(f"models file {p}: model {name!r} needs a \"path\" to its ONNX file")
        mp = Path(d["path"])
        mp = mp if mp.is_absolute() else (p.parent / mp)
        extra = {k: v for k, v in d.items() if k not in ("description", "sha256", "input_shape")}
        extra["path"] = str(mp.resolve())
        out[name] = ModelSpec(name=name, description=d.get("description", f"user model ({mp})"),
                              package="", resource=str(mp), sha256=d.get("sha256", ""),
                              input_shape=list(d.get("input_shape", [-1, 3, -1, -1])), extra=extra)
    return out


def resolve_spec(name: str, models_file: Optional[str] = None) -> ModelSpec:
    """A user models file entry of that name, else the built-in manifest's."""
    user = load_models_file(models_file)
    return user[name] if name in user else get_spec(name)


def model_file(spec: ModelSpec) -> Tuple[Path, str]:
    """(the ONNX file to load, its sha256)."""
    if spec.extra.get("path"):
        p = Path(str(spec.extra["path"]))
        if not p.is_file():
            raise ModelError(f"model {spec.name!r}: {p} is not a file")
        sha = file_sha256(p)
        if spec.sha256 and sha != spec.sha256:
            raise ModelError(f"model {spec.name!r}: {p} has sha256 {sha}, the models file says "
                             f"{spec.sha256}")
        return p, sha
    return spec.path(), model_sha256(spec)


def cut_model(src: Path, src_sha: str, output: str, work_dir: Path) -> Path:
    """The model with ``output`` as its only output (written once under ``work_dir``)."""
    tag = hashlib.sha256(f"{src_sha}:{output}".encode()).hexdigest()[:20]
    dest = Path(work_dir) / f"cut-{tag}.onnx"
    if dest.is_file():
        return dest
    try:
        import onnx
        from onnx import TensorProto, helper
    except ImportError:  # pragma: no cover
        raise ModelError("cutting a model at an intermediate layer needs the 'onnx' package")
    m = onnx.load(str(src))
    produced = {o for n in m.graph.node for o in n.output}
    if output not in produced and output not in {o.name for o in m.graph.output}:
        raise ModelError(f"model {src}: no tensor named {output!r} to cut at")
    del m.graph.output[:]
    m.graph.output.append(helper.make_tensor_value_info(output, TensorProto.FLOAT, None))
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    onnx.save(m, str(tmp))
    os.replace(tmp, dest)
    return dest


_lock = threading.Lock()
_loaded: Dict[tuple, Tuple[Session, str]] = {}


def pool(x: np.ndarray, how: str) -> np.ndarray:
    """(N, ...) model output -> (N, D)."""
    if how == "none" or x.ndim == 2:
        return x.reshape(len(x), -1)
    if how == "cls":
        return x[:, 0]
    if how == "mean_tokens":
        return x[:, 1:].mean(axis=1)
    if x.ndim != 4:
        raise ModelError(f"pool {how!r} needs an (N, C, H, W) tensor, the model gave {x.shape}")
    if how == "avg":
        return x.mean(axis=(2, 3))
    n, c, h, w = x.shape  # grid2: the mean of each quarter, concatenated
    hs, ws = [0, h // 2, h], [0, w // 2, w]
    cells = [x[:, :, hs[i]:hs[i + 1] or h, ws[j]:ws[j + 1] or w].mean(axis=(2, 3))
             for i in range(2) for j in range(2)]
    return np.concatenate(cells, axis=1)


@register("image_encoder")
class ImageEncoder:
    def __init__(self, model: str = DEFAULT_IMAGE_MODEL, session: Optional[Session] = None,
                 device: str = "auto", threads: Optional[int] = None,
                 models_file: Optional[str] = None, work_dir: Optional[Path] = None):
        self.spec = resolve_spec(model, models_file)
        self.options = EncoderOptions.from_spec(self.spec)
        if session is not None:
            self.session, self.sha256 = session, session.sha256
            return
        path, sha = model_file(self.spec)
        key = (self.spec.name, str(path), sha, self.options.output, device, threads)
        with _lock:
            if key not in _loaded:
                load = path
                if self.options.output:
                    load = cut_model(path, sha, self.options.output,
                                     Path(work_dir or default_dir() / "models"))
                _loaded[key] = (load_file(load, self.spec, device, threads or 1), sha)
            self.session, self.sha256 = _loaded[key]

    def key(self) -> dict:
        """What the vectors depend on (part of their cache key)."""
        return {"model": self.spec.name, "sha256": self.sha256, "options": self.options.key()}

    def preprocess(self, rgb: np.ndarray) -> np.ndarray:
        o = self.options
        h, w = o.input_size
        if rgb.ndim == 2:
            rgb = np.stack([rgb] * 3, axis=-1)
        if o.resize == "letterbox":
            s = min(h / rgb.shape[0], w / rgb.shape[1])
            nh, nw = max(1, round(rgb.shape[0] * s)), max(1, round(rgb.shape[1] * s))
            canvas = np.full((h, w, 3), 255, dtype=np.uint8)
            y, x = (h - nh) // 2, (w - nw) // 2
            canvas[y:y + nh, x:x + nw] = cv2.resize(rgb, (nw, nh), interpolation=cv2.INTER_AREA)
            img = canvas
        else:
            img = cv2.resize(rgb, (w, h), interpolation=cv2.INTER_AREA)
        x = img.astype(np.float32)
        if o.channels == "bgr":
            x = x[:, :, ::-1]
        x = (x * o.scale - np.array(o.mean, np.float32)) / np.array(o.std, np.float32)
        return np.ascontiguousarray(x.transpose(2, 0, 1) if o.layout == "nchw" else x)

    def __call__(self, images: Sequence[np.ndarray]) -> np.ndarray:
        """(N, D) float32, each row of unit length."""
        out: List[np.ndarray] = []
        for s in range(0, len(images), self.options.batch):
            x = np.stack([self.preprocess(im) for im in images[s: s + self.options.batch]])
            out.append(pool(np.asarray(self.session.run(x), dtype=np.float32), self.options.pool))
        if not out:
            return np.zeros((0, 0), np.float32)
        v = np.concatenate(out).astype(np.float32)
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
