"""Find the input files: files, directories (recursive) and globs, in a stable order.

A file named on the command line is always taken (an unreadable or unsupported one becomes an
error row). Inside directories only files with a supported extension are taken; hidden files and
folders are skipped, and the others are listed so the run manifest can name them.

Every path found is absolute and normalised (``normalise``: no ``.`` or ``..`` parts; symbolic
links are kept as named), so a file has one path whether it was named on the command line
(``sample_docs/a.png``) or in a job file (``jobs/../sample_docs/a.png``, relative to the job),
and a Dask worker on another machine reads the same path.
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, List

from ..errors import UsageError

IMAGE_EXTS = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp", ".gif"}
PDF_EXTS = {".pdf"}
SUPPORTED_EXTS = IMAGE_EXTS | PDF_EXTS


@dataclass
class Discovery:
    files: List[Path] = field(default_factory=list)
    skipped: List[Path] = field(default_factory=list)  # unsupported extensions inside directories


def _walk(root: Path, out: Discovery) -> None:
    seen_dirs = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen_dirs:  # a symlink loop: walk each real folder once
            dirnames[:] = []
            continue
        seen_dirs.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            p = Path(dirpath) / name
            (out.files if p.suffix.lower() in SUPPORTED_EXTS else out.skipped).append(p)


def normalise(path) -> Path:
    """The one form of a path in the dataset: absolute, without ``.`` or ``..`` parts."""
    return Path(os.path.normpath(os.path.abspath(os.fspath(path))))


def discover(inputs: Iterable[str]) -> Discovery:
    out = Discovery()
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            _walk(p, out)
        elif p.exists() or p.is_symlink():
            out.files.append(p)
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                raise UsageError(f"no file matches {raw!r}")
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    _walk(mp, out)
                else:
                    out.files.append(mp)
        else:
            raise UsageError(f"input {raw!r} does not exist")
    # stable order, each file once (the same file named twice is processed once)
    uniq, seen = [], set()
    for f in out.files:
        f = normalise(f)
        if f not in seen:
            seen.add(f)
            uniq.append(f)
    out.files = uniq
    out.skipped = [normalise(f) for f in out.skipped]
    return out
