"""An option: its name, the kind of value it takes, its default, its help, the commands that have
it and the setting it fills. ``pipeline.options.catalogue`` declares every option once; the
command line (``pipeline.cli``), job files (``pipeline.jobs``), the settings the pipeline runs
with (``pipeline.options.settings``) and the README's option tables are all made from it.

Naming: the name is snake_case; it is the job-file key, and ``--name-with-dashes`` is the flag.

Which settings change results is declared on the settings dataclasses themselves: a field made
with ``result_field(...)`` is part of the key (``results_key``) that names cached page results
and ``documents.processing_key``; an option that fills such a field changes results.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable, FrozenSet, Optional, Tuple

from .types import OptionError

RESULT = {"result": True}


def result_field(default: Any = dataclasses.MISSING, **kw) -> Any:
    """A dataclass field that changes results (enters ``results_key``)."""
    return field(default=default, metadata=RESULT, **kw)


def results_key(obj: Any, **extra: Any) -> dict:
    """The fields of a settings dataclass that change results, by name (None left out), plus
    ``extra``: the dict that cache keys and the processing key are made of."""
    out = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)
           if f.metadata.get("result") and getattr(obj, f.name) is not None}
    out.update(extra)
    return out


@dataclass(frozen=True)
class Option:
    name: str
    type: Any                                   # a kind from pipeline.options.types
    default: Any
    help: str
    commands: FrozenSet[str]
    section: str
    targets: Tuple[str, ...] = ()               # "config.field" it fills (see settings)
    to: Optional[Callable[[Any], Any]] = None   # value -> the field's value (None: as is)
    short: str = ""                             # "-w"
    required: FrozenSet[str] = frozenset()      # commands where it must be given
    multiple: bool = False                      # repeatable; a list in a job file
    negatable: bool = False                     # --name/--no-name
    envvar: str = ""
    metavar: str = ""
    default_doc: str = ""                       # the default in words, when it is computed
    job: bool = True                            # settable in a job file (for `run`)

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def is_flag(self) -> bool:
        from .types import Flag

        return isinstance(self.type, Flag)

    def parse(self, value: Any) -> Any:
        """A value from the command line or a job file, checked and converted; raises
        OptionError with a message that does not name the option (the caller does)."""
        if self.multiple:
            items = value if isinstance(value, (list, tuple)) else None
            if items is None:
                raise OptionError(f"expected a list, got {value!r}")
            return tuple(self.type.parse(v) for v in items)
        if value is None:
            return None
        return self.type.parse(value)

    def default_text(self) -> str:
        if self.default_doc:
            return self.default_doc
        if self.negatable:
            return "on" if self.default else "off"
        if self.is_flag:
            return "off"
        if self.default is None or self.default == ():
            return "none"
        if isinstance(self.default, float) and self.default.is_integer():
            return f"{self.default:g}"
        if isinstance(self.default, int) and self.default >= 10_000:
            return f"{self.default:,}"
        return str(self.default)
