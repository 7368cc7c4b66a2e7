"""From option values to the settings each part of the pipeline runs with.

``build(command, values)`` fills every settings dataclass from the options that target it
(``Option.targets``, converted by ``Option.to``); only what needs several options at once is
spelt out here: the user-defined fields (``--field``, ``--fields-file`` and a job's
``[[fields]]``), whether fields are extracted (``--no-fields`` and a job's tasks), and a quiet
run under ``--log-format json``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Sequence

from ..errors import UsageError
from .catalogue import for_command

ASSEMBLED = {"fields.custom", "fields.enabled"}   # made from several options, below


def _classes() -> Dict[str, type]:
    from ..compare.run import CompareOptions
    from ..extract.fields import FieldOptions
    from ..ingest.document import IngestOptions
    from ..ocr import OcrOptions
    from ..report import ReportOptions
    from ..runners.driver import RunOptions
    from ..vlm.spec import VlmOptions

    return {"ingest": IngestOptions, "ocr": OcrOptions, "run": RunOptions,
            "fields": FieldOptions, "compare": CompareOptions, "vlm": VlmOptions,
            "report": ReportOptions}


@dataclass
class Settings:
    values: Dict[str, Any]
    ingest: Any = None
    ocr: Any = None
    run: Any = None
    fields: Any = None
    compare: Any = None
    vlm: Any = None            # None without --vlm
    report: Any = None
    tasks: Sequence[str] = field(default_factory=lambda: ("extract", "fields"))

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


def read_fields_file(path: str) -> Any:
    text = Path(path).read_text()
    if path.endswith(".json"):
        return json.loads(text)
    import tomllib
    return tomllib.loads(text)


def custom_fields(values: Dict[str, Any], job_fields: Sequence = ()) -> tuple:
    """The user-defined fields, in order: the fields file, the job's [[fields]], --field."""
    from ..extract.custom import parse_field_option, parse_field_specs

    out = []
    try:
        if values.get("fields_file"):
            out.extend(parse_field_specs(read_fields_file(values["fields_file"])))
        if job_fields:
            out.extend(parse_field_specs(list(job_fields)))
        out.extend(parse_field_option(s) for s in values.get("field") or ())
    except (ValueError, OSError) as e:
        raise UsageError(f"field spec: {e}")
    return tuple(out)


def build(command: str, values: Dict[str, Any], tasks: Sequence[str] = ("extract", "fields"),
          job_fields: Sequence = (), log: Optional[Callable[[str, dict], None]] = None
          ) -> Settings:
    """Settings for ``command`` from its parsed option values (defaults filled in)."""
    classes = _classes()
    kwargs: Dict[str, Dict[str, Any]] = {name: {} for name in classes}
    for opt in for_command(command):
        if opt.name not in values:
            continue
        for target in opt.targets:
            if target in ASSEMBLED:
                continue
            config, attr = target.split(".", 1)
            value = values[opt.name]
            kwargs[config][attr] = opt.to(value) if opt.to is not None else value
    s = Settings(values=dict(values), tasks=tuple(tasks))
    touched = _touched(command)
    if "fields" in touched:
        kwargs["fields"].update(custom=custom_fields(values, job_fields),
                                enabled=not values.get("no_fields") and "fields" in tasks)
    if "run" in touched:
        kwargs["run"].update(log=log, quiet=bool(values.get("quiet"))
                             or values.get("log_format") == "json")
    for name in ("ingest", "ocr", "run", "fields", "compare", "report"):
        if name in touched:
            setattr(s, name, classes[name](**kwargs[name]))
    if values.get("vlm"):
        s.vlm = classes["vlm"](**kwargs["vlm"])
        if s.run is not None:
            s.run.vlm = s.vlm
    return s


def _touched(command: str) -> set:
    return {t.split(".", 1)[0] for o in for_command(command) for t in o.targets}
