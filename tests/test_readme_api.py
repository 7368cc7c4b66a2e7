"""The README's Python API examples run as written.

Every ```python block right after a ``<!-- api-example -->`` line of README.md runs, in order, in
one fresh process where ``import mmbatch`` is this checkout's ``pipeline/`` (as an installed
copy would be), in a temporary folder holding a link to sample_docs; a ``# -> TEXT`` comment on
a line says what that block prints (each TEXT must appear, in order, in the block's output).
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, as_mmbatch

MARK = "<!-- api-example -->"
BLOCK = re.compile(re.escape(MARK) + r"\s*\n```python\n(.*?)\n```", re.S)

RUNNER = r"""
import contextlib, io, json, sys, traceback
blocks = json.load(open(sys.argv[1]))
results = []
for code in blocks:
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "<README api-example>", "exec"), {"__name__": "__main__"})
        results.append({"ok": True, "stdout": out.getvalue()})
    except BaseException:
        results.append({"ok": False, "stdout": out.getvalue(), "error": traceback.format_exc()})
        break
json.dump(results, open(sys.argv[2], "w"))
"""


def examples() -> list:
    return BLOCK.findall((ROOT / "README.md").read_text())


def expected(code: str) -> list:
    return [m.group(1).strip() for m in re.finditer(r"#\s*->\s*(.+)$", code, re.M)]


def test_readme_has_api_examples():
    blocks = examples()
    assert len(blocks) >= 2
    assert all("import mmbatch" in b for b in blocks)
    assert sum(len(expected(b)) for b in blocks) >= 3


def test_readme_api_examples_run(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (work / "sample_docs").symlink_to(ROOT / "sample_docs", target_is_directory=True)
    blocks = examples()
    (tmp_path / "blocks.json").write_text(json.dumps(blocks))
    r = subprocess.run([sys.executable, "-c", RUNNER, str(tmp_path / "blocks.json"),
                        str(tmp_path / "results.json")], cwd=work, env=as_mmbatch(tmp_path),
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text())
    for n, (code, res) in enumerate(zip(blocks, results), start=1):
        assert res["ok"], f"README api-example {n} failed:\n{res['error']}"
        rest = res["stdout"]
        for text in expected(code):
            at = rest.find(text)
            assert at >= 0, f"README api-example {n}: expected {text!r} in:\n{res['stdout']}"
            rest = rest[at + len(text):]
    assert len(results) == len(blocks)
    # what the examples wrote stayed in their folder
    assert (work / "out" / "documents").is_dir()
