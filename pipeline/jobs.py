"""Job files: a TOML spec that ``mmbatch run JOB.toml`` executes (what cron or a systemd timer
runs). Every option of ``mmbatch run`` is accepted in ``[options]`` under its own name and
checked by the same parser as on the command line (``pipeline.options``); unknown keys and bad
values are errors naming the key and its line. Relative paths are relative to the job file's
folder, so a job works whatever the cron job's working directory.

    [job]
    name = "cheques"                       # used in logs
    inputs = ["scans/cheques", "scans/**/*.pdf"]
    out = "/srv/warehouse/mmbatch"
    cache = "/var/cache/mmbatch"           # optional; the same as [options] cache
    tasks = ["extract", "fields"]          # extract (always), fields, compare

    [options]                              # any option of mmbatch run, by its name
    dpi = 200
    workers = 2
    max_memory = "3G"
    doc_type = "auto"

    [[fields]]                             # user-defined fields, as in --fields-file
    name = "invoice_no"
    label = "Invoice No"

    [vlm]                                  # the vlm_* options without their prefix
    model = "ollama:qwen2.5vl"             # --vlm
    url = "http://127.0.0.1:11434"         # --vlm-url
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

from .errors import UsageError
from .options.catalogue import job_options
from .options.model import Option
from .options.types import OptionError, PathValue

import tomllib

TASKS = ("extract", "fields", "compare")
JOB_KEYS = ("name", "inputs", "out", "cache", "tasks")
TABLES = ("job", "options", "fields", "vlm")


@dataclass
class Job:
    path: Path
    name: str
    inputs: List[str]
    out: str
    tasks: List[str] = field(default_factory=lambda: ["extract", "fields"])
    options: Dict[str, Any] = field(default_factory=dict)   # parsed option values
    fields: list = field(default_factory=list)  # raw [[fields]] tables

    @property
    def cache(self) -> Optional[str]:
        return self.options.get("cache")


def vlm_key(key: str) -> str:
    """The option a [vlm] key sets: ``model`` is --vlm, any other KEY is --vlm-KEY."""
    return "vlm" if key == "model" else f"vlm_{key}"


class _Reader:
    def __init__(self, path: Path, text: str):
        self.path, self.text = path, text
        self.base = path.resolve().parent

    def line_of(self, table: Optional[str], key: str) -> int:
        """1-based line of ``key = ...`` inside ``[table]`` (or of the table itself)."""
        current = None
        for i, raw in enumerate(self.text.splitlines(), start=1):
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

    def error(self, table: Optional[str], key: str, msg: str) -> UsageError:
        line = self.line_of(table, key)
        where = f"{self.path}:{line}" if line else str(self.path)
        name = f"{table}.{key}" if table else key
        return UsageError(f"{where}: {name}: {msg}")

    def rel(self, value: Any) -> Any:
        if isinstance(value, str) and value and not os.path.isabs(value) and "://" not in value:
            return str(self.base / value)
        if isinstance(value, list):
            return [self.rel(v) for v in value]
        return value

    def option(self, table: str, key: str, opt: Option, value: Any) -> Any:
        if isinstance(opt.type, PathValue):
            value = self.rel(value)
        try:
            return opt.parse(value)
        except OptionError as e:
            raise self.error(table, key, str(e))


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
    r = _Reader(p, text)
    for top in data:
        if top not in TABLES:
            raise r.error(None, top, "unknown table (expected [job], [options], [[fields]], [vlm])")
    job = data.get("job")
    if not isinstance(job, dict):
        raise UsageError(f"{path}: a [job] table with inputs and out is required")
    for k in job:
        if k not in JOB_KEYS:
            raise r.error("job", k, f"unknown key (known: {', '.join(JOB_KEYS)})")
    for k in ("inputs", "out"):
        if k not in job:
            raise UsageError(f"{path}: [job] needs '{k}'")
    inputs = job["inputs"]
    if not isinstance(inputs, list) or not inputs or not all(isinstance(x, str) for x in inputs):
        raise r.error("job", "inputs", "expected a non-empty list of paths or globs")
    if not isinstance(job.get("name", ""), str):
        raise r.error("job", "name", f"expected a string, got {job['name']!r}")
    tasks = job.get("tasks", ["extract", "fields"])
    if not isinstance(tasks, list):
        raise r.error("job", "tasks", f"expected a list, got {tasks!r}")
    for t in tasks:
        if t not in TASKS:
            raise r.error("job", "tasks", f"unknown task {t!r} (known: {', '.join(TASKS)})")
    known = job_options()
    options: Dict[str, Any] = {}
    out = r.option("job", "out", _option("out"), job["out"])
    if "cache" in job:
        options["cache"] = r.option("job", "cache", known["cache"], job["cache"])
    opts = data.get("options", {})
    if not isinstance(opts, dict):
        raise r.error(None, "options", "expected a table")
    for k, v in opts.items():
        if k not in known:
            raise r.error("options", k, "unknown option (see jobs/README.md for the list; "
                                        "the names are those of mmbatch run's options with _ "
                                        "for -)")
        options[k] = r.option("options", k, known[k], v)
    vlm = data.get("vlm", {})
    if not isinstance(vlm, dict):
        raise r.error(None, "vlm", "expected a table")
    for k, v in vlm.items():
        name = vlm_key(k)
        if name not in known or not name.startswith("vlm"):
            keys = ", ".join(o[4:] if o != "vlm" else "model" for o in known if o.startswith("vlm"))
            raise r.error("vlm", k, f"unknown key (known: {keys})")
        options[name] = r.option("vlm", k, known[name], v)
    if vlm and "model" not in vlm:
        raise r.error(None, "vlm", "needs 'model' (BACKEND:MODEL, e.g. ollama:qwen2.5vl)")
    fields = data.get("fields", [])
    _check_fields(r, fields)
    return Job(path=p, name=job.get("name", p.stem), inputs=[r.rel(x) for x in inputs],
               out=out, tasks=list(tasks), options=options, fields=list(fields))


def _option(name: str) -> Option:
    from .options.catalogue import RUN, by_name

    return by_name(RUN)[name]


def _check_fields(r: _Reader, fields: Any) -> None:
    """[[fields]] tables, checked as --fields-file checks them."""
    from .extract.custom import parse_field_specs

    if not isinstance(fields, list):
        raise r.error(None, "fields", "expected [[fields]] tables")
    try:
        parse_field_specs(list(fields))
    except ValueError as e:
        raise r.error(None, "fields", str(e))
