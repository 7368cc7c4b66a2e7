"""Another revision of this repository checked out beside it, for the benches that print figures
"before" (``--before REV``) and "now" side by side: ``checkout`` adds a detached ``git worktree``,
``remove`` takes it away, ``at_revision`` does both around a block, and ``run_bench_at`` runs a
bench's own ``main`` with that revision's code (its ``ROOT`` and ``PYTHONPATH``)."""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator, List

ROOT = Path(__file__).resolve().parents[1]


def checkout(rev: str, where: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where), rev],
                   check=True, capture_output=True)
    return where


def remove(where: Path) -> None:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(where)],
                   capture_output=True)


@contextlib.contextmanager
def at_revision(rev: str, where: Path) -> Iterator[Path]:
    checkout(rev, where)
    try:
        yield where
    finally:
        remove(where)


def run_bench_at(code: Path, bench_file: str, args: List[str]) -> None:
    """``main(args)`` of the bench script ``bench_file`` (this checkout's), run in a fresh
    process with ``code``'s pipeline on PYTHONPATH and its ``ROOT`` set to ``code``."""
    prog = ("import sys, pathlib, importlib.util as u; "
            f"sys.path.append({str(Path(bench_file).resolve().parent)!r}); "
            f"s = u.spec_from_file_location('b', {str(Path(bench_file).resolve())!r}); "
            "m = u.module_from_spec(s); s.loader.exec_module(m); "
            f"m.ROOT = pathlib.Path({str(code)!r}); sys.exit(m.main(sys.argv[1:]))")
    subprocess.run([sys.executable, "-c", prog, *args], check=True, cwd=str(code),
                   env=dict(os.environ, PYTHONPATH=str(code)))


def clean_up(tmp: Path, keep: bool, before: bool = True) -> None:
    """After a bench: the revision's worktree under ``tmp/before`` removed, and ``tmp`` itself
    unless ``keep`` (then its path is printed)."""
    if before:
        remove(tmp / "before")
    if keep:
        print(f"kept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
