"""The package is installed under the import name ``mmbatch`` from the folder ``pipeline/``.

Every import inside the package is relative, so the same files work as ``pipeline`` (this
checkout, the tests) and as ``mmbatch`` (an installed copy), and nothing ties the installed
package to a top-level name ``pipeline`` that another project may own.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import tomllib

from conftest import ROOT, as_mmbatch

PKG = ROOT / "pipeline"


def test_no_module_imports_the_package_by_an_absolute_name():
    bad = []
    for f in sorted(PKG.rglob("*.py")):
        for node in ast.walk(ast.parse(f.read_text(), str(f))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                if name.split(".")[0] in ("pipeline", "mmbatch"):
                    bad.append(f"{f.relative_to(ROOT)}:{node.lineno}: {name} (import it "
                               f"relatively: from .{name.split('.', 1)[-1]} ... or from ..)")
    assert not bad, "\n".join(bad)


def test_pyproject_installs_every_subpackage_and_data_file():
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text())
    st = conf["tool"]["setuptools"]
    assert st["package-dir"] == {"mmbatch": "pipeline"}
    folders = {".".join(("mmbatch",) + p.parent.relative_to(PKG).parts)
               for p in PKG.rglob("__init__.py")}
    assert set(st["packages"]) == folders
    assert conf["project"]["scripts"] == {"mmbatch": "mmbatch.cli:run"}
    shipped = set()
    for package, patterns in st["package-data"].items():
        assert package.split(".")[0] == "mmbatch", package
        folder = PKG.joinpath(*package.split(".")[1:])
        shipped |= {f for pattern in patterns for f in folder.glob(pattern) if f.is_file()}
    for f in PKG.rglob("*"):
        if f.is_file() and f.suffix not in (".py", ".pyc") and "__pycache__" not in f.parts:
            assert f in shipped, f"{f.relative_to(ROOT)} is not in package-data"

def test_works_as_mmbatch_beside_a_package_named_pipeline(tmp_path):
    """A user's own ``pipeline`` package, imported first, and mmbatch in one process."""
    user = tmp_path / "project"
    (user / "pipeline").mkdir(parents=True)
    (user / "pipeline" / "__init__.py").write_text("STEPS = ['load', 'clean']\n")
    (user / "pipeline" / "errors.py").write_text("class UsageError(Exception):\n    pass\n")
    code = (
        "import sys, pipeline, pipeline.errors\n"
        "import mmbatch, mmbatch.cli, mmbatch.errors\n"
        "from mmbatch.engine.registry import registered\n"
        "assert {'ocr_det', 'text_encoder', 'image_encoder'} <= set(registered())\n"
        "assert pipeline.STEPS == ['load', 'clean'], pipeline.__file__\n"
        "assert pipeline.errors.UsageError is not mmbatch.errors.UsageError\n"
        "assert pipeline.__file__.startswith(sys.argv[1]), pipeline.__file__\n"
        "ours = [m for m in sys.modules if m.startswith('pipeline.')]\n"
        "assert ours == ['pipeline.errors'], ours\n"
        "print(mmbatch.__version__)\n")
    r = subprocess.run([sys.executable, "-c", code, str(user)], cwd=user, env=as_mmbatch(tmp_path),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, "-m", "mmbatch.cli", "models", "list"], cwd=user,
                       env=as_mmbatch(tmp_path), capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "minilm" in r.stdout, r.stderr


def test_every_dependency_is_pinned_in_constraints():
    """.ci/run installs with -c constraints.txt: each requirement of pyproject.toml (and of its
    extras) must have an exact version there, and that version must satisfy the requirement."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    conf = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(conf["dependencies"]) + [r for extra in conf["optional-dependencies"].values()
                                         for r in extra]
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not NAME==VERSION"
            pins[canonicalize_name(name)] = version.strip()
    missing, outside = [], []
    for text in reqs:
        r = Requirement(text)
        if r.marker is not None and not r.marker.evaluate({"extra": ""}):
            continue  # not installed on this Python (a marker for another version)
        version = pins.get(canonicalize_name(r.name))
        if version is None:
            missing.append(r.name)
        elif not r.specifier.contains(version, prereleases=True):
            outside.append(f"{r.name}=={version} (pyproject: {r.specifier})")
    assert not missing, f"not pinned in constraints.txt: {', '.join(missing)}"
    assert not outside, f"pinned outside pyproject's range: {', '.join(outside)}"
    assert "--disable-pip-version-check -c constraints.txt '.[test]'" in \
        (ROOT / ".ci" / "run").read_text()
