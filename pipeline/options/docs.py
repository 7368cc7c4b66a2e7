"""The option tables of the README and jobs/README.md, made from the catalogue. The files hold
each table between ``<!-- options:NAME -->`` and ``<!-- /options:NAME -->`` markers; a test
checks they are what this module makes (``MMBATCH_REGEN=1 pytest tests/options`` rewrites them).
"""
from __future__ import annotations

import dataclasses
import re
from typing import Callable, Dict, List

from .catalogue import (ASK, COMPARE, EXTRACT, REPORT, for_command, job_options)
from .model import Option


def changes_results(opt: Option) -> bool:
    """Whether an option fills a setting that changes what a page yields (a ``result_field``):
    a new value processes the documents again (it is in ``documents.processing_key``)."""
    from .settings import _classes

    classes = _classes()
    for target in opt.targets:
        config, attr = target.split(".", 1)
        for f in dataclasses.fields(classes[config]):
            if f.name == attr and f.metadata.get("result"):
                return True
    return False


def _flag(o: Option) -> str:
    if o.negatable:
        return f"`{o.flag}/--no-{o.flag[2:]}`"
    if o.is_flag:
        return f"`{o.flag}`"
    metavar = o.metavar or o.type.default_metavar
    return f"`{o.flag} {metavar}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def option_table(opts: List[Option], key_column: bool = False) -> str:
    head = "| option | default | meaning |" + (" reprocesses |" if key_column else "")
    rule = "| --- | --- | --- |" + (" --- |" if key_column else "")
    rows = [head, rule]
    for o in opts:
        row = f"| {_cell(_flag(o))} | {_cell(o.default_text())} | {_cell(o.help)} |"
        if key_column:
            row += " yes |" if changes_results(o) else " |"
        rows.append(row)
    return "\n".join(rows)


def job_key_list() -> str:
    """The keys of a job file's [options] table, grouped as the README groups the options."""
    by_section: Dict[str, List[str]] = {}
    for name, o in job_options().items():
        by_section.setdefault(o.section, []).append(f"`{name}`")
    return "\n".join(f"- {section}: {', '.join(names)}" for section, names in by_section.items())


TABLES: Dict[str, Callable[[], str]] = {
    "extract": lambda: option_table([o for o in for_command(EXTRACT)
                                     if o.section not in ("compare", "vlm")], key_column=True),
    "compare": lambda: option_table([o for o in for_command(COMPARE) if o.section == "compare"]),
    "vlm": lambda: option_table([o for o in for_command(EXTRACT) if o.section == "vlm"]),
    "ask": lambda: option_table([o for o in for_command(ASK) if o.section == "ask"]),
    "report": lambda: option_table(for_command(REPORT)),
    "job": job_key_list,
}

BLOCK = re.compile(r"(<!-- options:(?P<name>[a-z]+) -->)(?P<body>.*?)(<!-- /options:(?P=name) -->)",
                   re.S)


def regenerate(text: str) -> str:
    """``text`` with every marked table made anew."""
    return BLOCK.sub(lambda m: f"{m.group(1)}\n{TABLES[m.group('name')]()}\n{m.group(4)}",
                     text)


def blocks(text: str) -> Dict[str, str]:
    return {m.group("name"): m.group("body").strip("\n") for m in BLOCK.finditer(text)}
