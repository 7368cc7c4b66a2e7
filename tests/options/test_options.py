"""The option model is the one source of the command line, job files, settings and README."""
from __future__ import annotations

import os
import textwrap
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.options import catalogue as cat
from pipeline.options.docs import TABLES, blocks, changes_results, regenerate
from pipeline.options.settings import build

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_docs" / "pdfs" / "born_digital.pdf"


def _command(path: str) -> click.Command:
    cmd = main
    for part in path.split():
        cmd = cmd.commands[part]
    return cmd


@pytest.mark.parametrize("command", [cat.EXTRACT, cat.RUN, cat.COMPARE, cat.ASK, cat.REPORT,
                                     cat.CACHE_STATS, cat.CACHE_PRUNE, cat.CACHE_VERIFY, cat.LATEST,
                                     cat.COMPACT])
def test_every_command_has_exactly_the_catalogues_options(command):
    params = {p.name for p in _command(command).params if isinstance(p, click.Option)}
    assert params == {o.name for o in cat.for_command(command)}


def test_each_name_means_one_option_per_command():
    for command in (cat.EXTRACT, cat.RUN, cat.COMPARE, cat.ASK, cat.REPORT):
        names = [o.name for o in cat.for_command(command)]
        assert len(names) == len(set(names)), command


# (option, bad text on the command line, the same in a job file)
BAD = [
    ("dpi", "5", 5),
    ("dpi", "high", "high"),
    ("workers", "0", 0),
    ("max_pages", "0", 0),
    ("doc_timeout", "-5", -5),
    ("threads", "1.5", 1.5),
    ("device", "tpu", "tpu"),
    ("detector", "int4", "int4"),
    ("max_memory", "lots", "lots"),
    ("max_file_size", "0", 0),
    ("pages", "3-1", "3-1"),
    ("doc_type", "invoice", "invoice"),
    ("neighbours", "0", 0),
    ("vlm_when", "sometimes", "sometimes"),
    ("vlm_min_conf", "2", 2),
    ("vlm_url", "ftp://x", "ftp://x"),
    ("vlm", "llama", "llama"),
    ("scheduler", "", ""),
    ("fields_file", "/nonexistent/fields.toml", "/nonexistent/fields.toml"),
    ("field", "bad spec with no name", ["bad spec with no name"]),
    ("log_format", "xml", "xml"),
]


@pytest.mark.parametrize("name,cli_value,job_value", BAD, ids=[f"{b[0]}={b[1]}" for b in BAD])
def test_the_command_line_and_a_job_file_refuse_a_bad_value_with_one_message(
        tmp_path, monkeypatch, name, cli_value, job_value):
    monkeypatch.chdir(tmp_path)  # relative paths: the job file's folder and the current one
    opt = cat.by_name(cat.RUN)[name]
    with pytest.raises(Exception) as e:
        opt.parse(job_value)
    message = str(e.value)
    assert message and "--" not in message.split(":")[0]  # the caller names the option

    r = CliRunner().invoke(main, ["extract", str(SAMPLE), "--out", str(tmp_path / "o"),
                                  opt.flag, cli_value])
    assert r.exit_code == 2, r.output
    assert f"Invalid value for '{opt.flag}'" in r.output and message in r.output

    job = tmp_path / "job.toml"
    toml_value = repr(job_value).replace("'", '"') if not isinstance(job_value, list) \
        else "[" + ", ".join(f'"{v}"' for v in job_value) + "]"
    job.write_text(f'[job]\ninputs = ["{SAMPLE}"]\nout = "o"\n\n[options]\n'
                   f'{name} = {toml_value}\n')
    r = CliRunner().invoke(main, ["run", str(job)])
    assert r.exit_code == 2, r.output
    assert r.stderr.strip() == f"mmbatch: error: {job}:6: options.{name}: {message}"
    assert not (tmp_path / "o").exists()  # refused before anything ran


GOOD = {"dpi": 150, "ocr_all": True, "orientation": "off", "detector": "fp32", "text_layer": "trust", "pdf_password": "pw",
        "max_pixels": 1000000,
        "max_pages": 3, "pages": "1-2", "doc_timeout": 30, "max_file_size": "2M",
        "device": "cpu", "workers": 1, "threads": 1, "max_memory": "1G", "scheduler": "local",
        "cache": "cache", "no_cache": True, "reprocess": True, "wait": True,
        "log_format": "json", "quiet": True, "compare": True, "report": True,
        "heartbeat": 30, "fail_on_empty": True,
        "doc_type": "receipt", "field": ["n:label=No"], "fields_file": "f.toml",
        "no_fields": True, "image_model": "img_opennsfw", "models_file": "m.json",
        "neighbours": 3, "only_matches": True, "align": False, "vlm": "ollama:x",
        "vlm_url": "http://127.0.0.1:1", "vlm_when": "always", "vlm_min_conf": 0.5,
        "vlm_timeout": 5, "vlm_retries": 0, "vlm_concurrency": 1, "vlm_max_side": 512,
        "vlm_keep_alive": "1m", "vlm_api_key_env": "HOME"}


def test_a_job_file_accepts_every_option_of_run_under_its_own_name(tmp_path):
    from pipeline.jobs import load_job

    assert set(GOOD) == set(cat.job_options()), "GOOD must list every job option"
    (tmp_path / "f.toml").write_text("")
    (tmp_path / "m.json").write_text("{}")

    def toml(v):
        if isinstance(v, bool):
            return str(v).lower()
        if isinstance(v, str):
            return f'"{v}"'
        if isinstance(v, list):
            return "[" + ", ".join(toml(x) for x in v) + "]"
        return str(v)

    body = "\n".join(f"{k} = {toml(v)}" for k, v in GOOD.items())
    job = tmp_path / "job.toml"
    job.write_text(f'[job]\ninputs = ["in"]\nout = "out"\n\n[options]\n{body}\n')
    got = load_job(str(job)).options
    opts = cat.job_options()
    for k, v in GOOD.items():
        if k in ("cache", "fields_file", "models_file"):
            v = str(tmp_path / v)  # relative to the job file
        assert got[k] == opts[k].parse(v), k
    assert got["max_file_size"] == 2 * 2 ** 20 and got["dpi"] == 150.0


def test_a_job_value_and_the_same_command_line_text_are_the_same_setting():
    """A job's dpi = 200 is the command line's --dpi 200 (a float either way), so a document
    extracted from the command line is not processed again by a job with the same options."""
    dpi = cat.by_name(cat.RUN)["dpi"]
    assert dpi.parse(200) == dpi.parse("200") == 200.0
    assert type(dpi.parse(200)) is type(dpi.parse("200")) is float
    size = cat.by_name(cat.RUN)["max_memory"]
    assert size.parse("1G") == size.parse(2 ** 30) == 2 ** 30


def test_vlm_table_keys_are_the_vlm_options_without_their_prefix(tmp_path):
    from pipeline.jobs import load_job

    job = tmp_path / "job.toml"
    job.write_text('[job]\ninputs = ["in"]\nout = "out"\n[vlm]\nmodel = "ollama:m"\n'
                   'when = "always"\nmax_side = 300\n')
    assert load_job(str(job)).options == {"vlm": "ollama:m", "vlm_when": "always",
                                          "vlm_max_side": 300}
    job.write_text('[job]\ninputs = ["in"]\nout = "out"\n[vlm]\nmodel = "ollama:m"\n'
                   'max_side = 10\n')
    r = CliRunner().invoke(main, ["run", str(job)])
    assert r.exit_code == 2 and ":6: vlm.max_side: must be at least 64, got 10" in r.stderr


def test_the_command_line_overrides_the_job_file(tmp_path):
    job = tmp_path / "job.toml"
    job.write_text(textwrap.dedent(f"""
        [job]
        inputs = ["{SAMPLE}"]
        out = "out"
        [options]
        dpi = 100
        doc_type = "cheque"
    """))
    r = CliRunner().invoke(main, ["run", str(job), "--doc-type", "other", "--no-cache",
                                  "--workers", "1"])
    assert r.exit_code == 0, r.output
    import json

    (manifest,) = (tmp_path / "out" / "runs").glob("*.json")
    opts = json.loads(manifest.read_text())["options"]
    assert opts["ingest"]["dpi"] == 100.0 and opts["fields"]["doc_type"] == "other"


def _processing_key(command: str, values: dict) -> str:
    from pipeline.runners.keys import PageKeys

    s = build(command, values)
    return PageKeys(s.ingest.key(), s.ocr.key(), {}, s.fields.key()).processing_key()


CHANGED = {"dpi": 150.0, "ocr_all": True, "text_layer": "ignore", "detector": "fp32", "pdf_password": "pw", "max_pixels": 10,
           "max_pages": 3, "pages": "1-2", "doc_timeout": 5.0, "max_file_size": 10,
           "device": "cpu", "workers": 1, "threads": 1, "max_memory": 2 ** 30,
           "scheduler": "local", "cache": "/tmp/c", "no_cache": True, "reprocess": True,
           "wait": True, "quiet": True, "doc_type": "receipt", "field": ("n:label=No",),
           "no_fields": True}


def test_an_option_changes_the_processing_key_exactly_when_it_fills_a_result_field():
    """Which options change results is declared once (on the settings' fields); the keys
    follow from it, and the README's 'reprocesses' column says the same."""
    defaults = {o.name: o.type.parse(o.default) if isinstance(o.default, str) and o.name ==
                "max_file_size" else o.default for o in cat.for_command(cat.EXTRACT)}
    base = _processing_key(cat.EXTRACT, defaults)
    checked = set()
    for name, value in CHANGED.items():
        opt = cat.by_name(cat.EXTRACT)[name]
        changed = _processing_key(cat.EXTRACT, dict(defaults, **{name: value})) != base
        assert changed == changes_results(opt), name
        checked.add(name)
    assert {n for n in checked if changes_results(cat.by_name(cat.EXTRACT)[n])} == \
        {"dpi", "ocr_all", "text_layer", "detector", "pages", "doc_type", "field", "no_fields"}
    assert changes_results(cat.by_name(cat.EXTRACT)["fields_file"])


def test_the_readme_tables_are_made_from_the_catalogue():
    """MMBATCH_REGEN=1 rewrites them (after a change to the catalogue)."""
    for path in (ROOT / "README.md", ROOT / "jobs" / "README.md"):
        text = path.read_text()
        if os.environ.get("MMBATCH_REGEN"):
            path.write_text(regenerate(text))
            text = path.read_text()
        found = blocks(text)
        assert found, f"{path} has no options tables"
        for name, body in found.items():
            assert body == TABLES[name](), f"{path.name}: table {name} is stale " \
                                           "(MMBATCH_REGEN=1 pytest tests/options)"
    assert set(blocks((ROOT / "README.md").read_text())) == \
        {"extract", "compare", "vlm", "ask", "report"}
    assert set(blocks((ROOT / "jobs" / "README.md").read_text())) == {"job"}
