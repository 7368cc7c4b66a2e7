"""The kinds of value an option takes, each with one parser used for the command line and for
job files alike, so both accept and refuse the same values with the same message.

A value from the command line is text; a value from a TOML job file is text, a number, a
boolean or a list. Text is parsed as the command line would parse it; a typed TOML value is
checked for its kind, then for its range, with the same messages.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence, Tuple, Union


class OptionError(ValueError):
    """A bad value; the message names the problem, the caller names the option and where."""


def show(value: Any) -> str:
    """A value in a message, the same whether it came as text or as a TOML number."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        try:
            float(value)
            return value
        except ValueError:
            return repr(value)
    return repr(value)


def _num(value: Any, kind: type, what: str):
    if isinstance(value, str):
        try:
            return kind(value.strip())
        except ValueError:
            raise OptionError(f"expected {what}, got {show(value)}") from None
    if isinstance(value, bool):
        raise OptionError(f"expected {what}, got {show(value)}")
    if kind is float and isinstance(value, (int, float)):
        return float(value)
    if kind is int and isinstance(value, int):
        return value
    if kind is int and isinstance(value, float) and value.is_integer():
        return int(value)
    raise OptionError(f"expected {what}, got {show(value)}")


def _range_text(lo, hi, lo_open: bool) -> str:
    if lo is not None and hi is not None:
        return f"from {lo:g} to {hi:g}"
    if lo is not None:
        return f"above {lo:g}" if lo_open else f"at least {lo:g}"
    return f"at most {hi:g}"


@dataclass(frozen=True)
class Number:
    """An integer (``integer=True``) or a number within [lo, hi] (``lo_open``: above lo)."""

    integer: bool = False
    lo: Optional[float] = None
    hi: Optional[float] = None
    lo_open: bool = False
    metavar: str = ""

    def parse(self, value: Any):
        v = _num(value, int if self.integer else float,
                 "an integer" if self.integer else "a number")
        bad = ((self.lo is not None and (v <= self.lo if self.lo_open else v < self.lo))
               or (self.hi is not None and v > self.hi))
        if bad:
            raise OptionError(f"must be {_range_text(self.lo, self.hi, self.lo_open)}, got {v:g}")
        return v

    def describe(self) -> str:
        kind = "integer" if self.integer else "number"
        if self.lo is None and self.hi is None:
            return kind
        return f"{kind} {_range_text(self.lo, self.hi, self.lo_open)}"

    @property
    def default_metavar(self) -> str:
        return self.metavar or ("N" if self.integer else "X")


@dataclass(frozen=True)
class Choice:
    """One of a fixed list (or of a list a callable gives, read when first needed)."""

    values: Union[Tuple[str, ...], Callable[[], Sequence[str]]]

    def choices(self) -> Tuple[str, ...]:
        return tuple(self.values() if callable(self.values) else self.values)

    def parse(self, value: Any) -> str:
        if not isinstance(value, str):
            raise OptionError(f"expected one of {', '.join(self.choices())}, got {show(value)}")
        if value not in self.choices():
            raise OptionError(f"{value!r} is not one of {', '.join(self.choices())}")
        return value

    def describe(self) -> str:
        return " | ".join(self.choices())

    @property
    def default_metavar(self) -> str:
        return "[" + "|".join(self.choices()) + "]"


@dataclass(frozen=True)
class Flag:
    """On or off: a flag on the command line, true or false in a job file."""

    def parse(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        raise OptionError(f"expected true or false, got {show(value)}")

    def describe(self) -> str:
        return "true | false"

    default_metavar = ""


@dataclass(frozen=True)
class Text:
    """Free text; ``check`` (a function raising OptionError or a UsageError) validates it."""

    metavar: str = "TEXT"
    check: Optional[Callable[[str], Any]] = None
    nonempty: bool = False

    def parse(self, value: Any) -> str:
        if not isinstance(value, str):
            raise OptionError(f"expected a string, got {show(value)}")
        if self.nonempty and not value.strip():
            raise OptionError("must not be empty")
        if self.check is not None:
            _checked(self.check, value)
        return value

    def describe(self) -> str:
        return "text"

    @property
    def default_metavar(self) -> str:
        return self.metavar


@dataclass(frozen=True)
class Size:
    """A size in bytes: '800M', '1.5G', '2GiB' or a plain number of bytes."""

    metavar: str = "SIZE"

    def parse(self, value: Any) -> int:
        from ..engine.memory import parse_size

        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise OptionError(f"expected a size such as 800M or 1.5G, got {show(value)}")
        n = _checked(parse_size, value)
        if n < 1:
            raise OptionError(f"must be a positive size, got {show(value)}")
        return n

    def describe(self) -> str:
        return "size (800M, 1.5G)"

    @property
    def default_metavar(self) -> str:
        return self.metavar


@dataclass(frozen=True)
class PathValue:
    """A file or folder path. ``kind``: 'file' (must exist and be a file), 'newfile' (a file to
    write: not a folder), 'dir' (a folder that exists or can be created: it is not a file and no
    parent of it is a file), 'dataset' (such a folder, or an object-store URL: s3://BUCKET/PREFIX,
    gs://BUCKET/PREFIX), or 'any'.
    Relative paths in a job file are relative to the job file's folder."""

    kind: str = "any"
    metavar: str = "PATH"

    def parse(self, value: Any) -> str:
        if not isinstance(value, str) or not value:
            raise OptionError(f"expected a path, got {show(value)}")
        if self.kind == "file":
            if not os.path.exists(value):
                raise OptionError(f"{value}: no such file")
            if os.path.isdir(value):
                raise OptionError(f"{value}: is a folder, not a file")
        elif self.kind == "dir":
            check_creatable_dir(value)
        elif self.kind == "dataset":
            check_dataset(value)
        elif self.kind == "newfile" and os.path.isdir(value):
            raise OptionError(f"{value}: is a folder, not a file")
        return value

    def describe(self) -> str:
        return {"file": "file", "dir": "folder", "dataset": "folder or URL"}.get(self.kind, "path")

    @property
    def default_metavar(self) -> str:
        return self.metavar


def check_dataset(path: str) -> None:
    """A dataset's place: a local folder that exists or can be made, or an object-store URL of a
    supported scheme with a bucket (checked here without a request: access is checked when the
    run takes the dataset's lock)."""
    from ..output.storage import split_url

    try:
        if split_url(path) is not None:
            return
    except ValueError as e:
        raise OptionError(str(e)) from None
    check_creatable_dir(path)


def check_creatable_dir(path: str) -> None:
    """A folder that exists, or can be made: no part of the path is a file and the nearest
    existing folder is writable. Raises OptionError naming what is in the way."""
    if "://" in path:
        raise OptionError(f"{path}: a local folder here, not a URL")
    p = os.path.abspath(path)
    if os.path.exists(p):
        if not os.path.isdir(p):
            raise OptionError(f"{path}: is a file, not a folder")
        return
    parent = os.path.dirname(p)
    while parent and not os.path.exists(parent):
        nxt = os.path.dirname(parent)
        if nxt == parent:
            break
        parent = nxt
    if not os.path.isdir(parent):
        raise OptionError(f"{path}: cannot be created: {parent} is a file, not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OptionError(f"{path}: cannot be created: {parent} is not writable")


def _checked(fn: Callable[[Any], Any], value: Any):
    """Run a parser that may raise a UsageError (an existing parser of the library) and turn
    its message into an OptionError, without the option's name it may already carry."""
    from ..errors import UsageError

    try:
        return fn(value)
    except (UsageError, ValueError) as e:
        if isinstance(e, OptionError):
            raise
        msg = str(e)
        # the library's parsers name their option ("--pages '1-x': ..."); the caller does now
        if msg.startswith("--") and ": " in msg:
            msg = msg.split(": ", 1)[1]
        raise OptionError(msg) from None
