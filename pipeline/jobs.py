"""Job files: a TOML spec that ``mmbatch run JOB.toml`` executes (what cron or a systemd timer
runs). Unknown keys and bad values are errors naming the key and its line. Relative paths are
relative to the job file's folder, so a job works whatever the cron job's working directory.

    [job]
    name = "cheques"                       # used in logs
    inputs = ["scans/cheques", "scans/**/*.pdf"]
    out = "/srv/warehouse/mmbatch"
    cache = "/var/cache/mmbatch"           # optional; default $XDG_CACHE_HOME/mmbatch
    tasks = ["extract", "fields"]          # extract (always), fields, compare

    [options]                              # the same names as mmbatch extract's options
    dpi = 200
    workers = 2
    max_memory = "3G"
    doc_type = "auto"

    [[fields]]                             # user-defined fields, as in --fields-file
    name = "invoice_no"
    label = "Invoice No"

    [vlm]                                  # optional: a vision-language model, as --vlm ...
    model = "ollama:qwen2.5vl"             # --vlm
    url = "http://127.0.0.1:11434"         # --vlm-url; the other keys: when, min_conf, timeout,
    when = "low-confidence"                # retries, concurrency, max_side, keep_alive, api_key_env
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

from pipeline.errors import UsageError

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

TASKS = ("extract", "fields", "compare")
JOB_KEYS = {"name": str, "inputs": list, "out": str, "cache": str, "tasks": list}
OPTION_KEYS = {
    "dpi": (int, float), "ocr_all": bool, "pdf_password": str, "max_pixels": int,
    "device": str, "threads": int, "workers": int, "max_memory": (str, int), "scheduler": str,
    "doc_type": str, "no_cache": bool, "log_format": str,
    "max_pages": int, "pages": str, "doc_timeout": (int, float), "max_file_size": (str, int),
}
VLM_KEYS = {  # [vlm] key: (option name, type)
    "model": ("vlm", str), "url": ("vlm_url", str), "when": ("vlm_when", str),
    "min_conf": ("vlm_min_conf", (int, float)), "timeout": ("vlm_timeout", (int, float)),
    "retries": ("vlm_retries", int), "concurrency": ("vlm_concurrency", int),
    "max_side": ("vlm_max_side", int), "keep_alive": ("vlm_keep_alive", str),
    "api_key_env": ("vlm_api_key_env", str),
}
CHOICES = {"device": ("auto", "cpu", "cuda", "coreml", "dml", "openvino"),
           "doc_type": ("auto", "cheque", "receipt", "other"), "log_format": ("text", "json"),
           "when": ("missing", "invalid", "low-confidence", "always")}  # [vlm] when


@dataclass
class Job:
    path: Path
    name: str
    inputs: List[str]
    out: str
    cache: Optional[str] = None
    tasks: List[str] = field(default_factory=lambda: ["extract", "fields"])
    options: Dict[str, Any] = field(default_factory=dict)
    fields: list = field(default_factory=list)  # raw [[fields]] tables


def _line_of(text: str, table: Optional[str], key: str) -> int:
    """1-based line of ``key = ...`` inside ``[table]`` (or at the top when table is None)."""
    current = None
    for i, raw in enumerate(text.splitlines(), start=1):
        s = raw.strip()
        m = re.match(r"^\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?", s)
        if m:
            current = m.group(1)
            if table is None and key == current:
                return i
            continue
        if current == table and re.match(rf"^\"?{re.escape(key)}\"?\s*=", s):
            return i
    return 0


def _err(path: Path, text: str, table: Optional[str], key: str, msg: str) -> UsageError:
    line = _line_of(text, table, key)
    where = f"{path}:{line}" if line else str(path)
    name = f"{table}.{key}" if table else key
    return UsageError(f"{where}: {name}: {msg}")


def _check(path, text, table, key, value, types) -> None:
    if isinstance(value, bool) and types is not bool and bool not in (types if isinstance(types, tuple) else (types,)):
        raise _err(path, text, table, key, f"expected {_tname(types)}, got a boolean")
    if not isinstance(value, types):
        raise _err(path, text, table, key, f"expected {_tname(types)}, got {type(value).__name__} {value!r}")
    if key in CHOICES and value not in CHOICES[key]:
        raise _err(path, text, table, key, f"{value!r} is not one of {', '.join(CHOICES[key])}")


def _tname(t) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "true or false",
             list: "a list"}
    ts = t if isinstance(t, tuple) else (t,)
    return " or ".join(names.get(x, x.__name__) for x in ts)


def load_job(path: str) -> Job:
    p = Path(path)
    try:
        text = p.read_text()
    except OSError as e:
        raise UsageError(f"job file {path}: {e.strerror or e}")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{path}: not valid TOML: {e}")
    for top in data:
        if top not in ("job", "options", "fields", "vlm"):
            raise _err(p, text, None, top,
                       "unknown table (expected [job], [options], [[fields]], [vlm])")
    job = data.get("job")
    if not isinstance(job, dict):
        raise UsageError(f"{path}: a [job] table with inputs and out is required")
    for k, v in job.items():
        if k not in JOB_KEYS:
            raise _err(p, text, "job", k, f"unknown key (known: {', '.join(JOB_KEYS)})")
        _check(p, text, "job", k, v, JOB_KEYS[k])
    for k in ("inputs", "out"):
        if k not in job:
            raise UsageError(f"{path}: [job] needs '{k}'")
    if not job["inputs"] or not all(isinstance(x, str) for x in job["inputs"]):
        raise _err(p, text, "job", "inputs", "expected a non-empty list of paths or globs")
    tasks = job.get("tasks", ["extract", "fields"])
    for t in tasks:
        if t not in TASKS:
            raise _err(p, text, "job", "tasks", f"unknown task {t!r} (known: {', '.join(TASKS)})")
    opts = data.get("options", {})
    if not isinstance(opts, dict):
        raise _err(p, text, None, "options", "expected a table")
    for k, v in opts.items():
        if k not in OPTION_KEYS:
            raise _err(p, text, "options", k, f"unknown option (known: {', '.join(OPTION_KEYS)})")
        _check(p, text, "options", k, v, OPTION_KEYS[k])
    vlm = data.get("vlm", {})
    if not isinstance(vlm, dict):
        raise _err(p, text, None, "vlm", "expected a table")
    for k, v in vlm.items():
        if k not in VLM_KEYS:
            raise _err(p, text, "vlm", k, f"unknown key (known: {', '.join(VLM_KEYS)})")
        _check(p, text, "vlm", k, v, VLM_KEYS[k][1])
    if vlm and "model" not in vlm:
        raise _err(p, text, None, "vlm", "needs 'model' (BACKEND:MODEL, e.g. ollama:qwen2.5vl)")
    opts = dict(opts, **{VLM_KEYS[k][0]: v for k, v in vlm.items()})
    base = p.resolve().parent

    def rel(s: str) -> str:
        return s if Path(s).is_absolute() else str(base / s)

    return Job(path=p, name=job.get("name", p.stem), inputs=[rel(x) for x in job["inputs"]],
               out=rel(job["out"]), cache=rel(job["cache"]) if job.get("cache") else None,
               tasks=list(tasks), options=dict(opts), fields=list(data.get("fields", [])))
