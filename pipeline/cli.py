"""The ``mmbatch`` command (the only module that imports Click).

Every option comes from the option model (``pipeline.options.catalogue``): ``options_of(CMD)``
turns the options of a command into Click options, each parsed by the same function a job file's
value goes through. Every command runs inside one error boundary (``Mmbatch.invoke``): a known
error is its message and exit code, Ctrl-C is 130, SIGTERM 143, anything else an internal error
(exit 4) with its traceback written to a file.
"""
from __future__ import annotations

import json
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Callable, List, Optional, Sequence

import click

from . import __version__
from .errors import (EXIT_DOCUMENTS_FAILED, EXIT_MODELS, EXIT_OK, Terminated,
                     UsageError, failure)
from .options import catalogue as cat
from .options.model import Option
from .options.types import OptionError

EXIT_CODES_HELP = """\b
Exit codes:
  0  every document was processed
  1  some documents failed (each is an 'error' row in documents/)
  2  usage or configuration error
  3  locked: another run is writing the same output (see --wait)
  4  internal error (the traceback is written to a file; --debug prints it)
  5  model files missing or corrupt (see 'mmbatch models verify')
  6  the --vlm server does not answer, or does not have the model
  130 interrupted (Ctrl-C), 143 terminated (SIGTERM)"""


# ------------------------------------------------------------------------ options from the model

class OptionType(click.ParamType):
    """A Click type around an option's own parser (the one job files use too)."""

    def __init__(self, opt: Option):
        self.opt = opt
        self.name = opt.type.describe()

    def convert(self, value, param, ctx):
        try:
            return self.opt.type.parse(value)
        except OptionError as e:
            self.fail(str(e), param, ctx)


def click_option(opt: Option, command: str):
    decls = [f"{opt.flag}/--no-{opt.flag[2:]}" if opt.negatable else opt.flag]
    if opt.short:
        decls.append(opt.short)
    kw = dict(help=opt.help, required=command in opt.required)
    if opt.envvar:
        kw["envvar"] = opt.envvar
    if opt.negatable:
        kw.update(default=opt.default, show_default=True)
    elif opt.is_flag:
        kw.update(is_flag=True, default=False)
    else:
        shown = opt.default_doc or (opt.default not in (None, ()))  # computed ones in words
        kw.update(type=OptionType(opt), default=opt.default, multiple=opt.multiple,
                  metavar=opt.metavar or opt.type.default_metavar, show_default=shown)
    return click.option(*decls, opt.name, **kw)


def options_of(command: str, skip: Sequence[str] = ()):
    """Decorator: the Click options of ``command``, in the catalogue's order."""
    opts = [o for o in cat.for_command(command) if o.name not in skip]

    def deco(f):
        for o in reversed(opts):
            f = click_option(o, command)(f)
        return f

    return deco


# ------------------------------------------------------------------------ the error boundary

class Mmbatch(click.Group):
    """The command group; ``invoke`` is the one error boundary of every command."""

    def invoke(self, ctx: click.Context):
        restore = _on_sigterm_raise()
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except (Exception, KeyboardInterrupt, Terminated) as e:
            code, message = failure(e, debug=bool(ctx.params.get("debug")))
            log = ctx.meta.get("mmbatch.log")
            if log is not None:  # the JSON log gets the event as well
                log("error", {"message": message, "exit_code": code})
            click.echo(message, err=True)
            raise click.exceptions.Exit(code)
        finally:
            restore()


def _on_sigterm_raise() -> Callable[[], None]:
    """SIGTERM raises ``Terminated`` in the main thread, so the run stops its workers, releases
    its lock and keeps its committed parts, as on Ctrl-C. Returns what puts the old handler
    back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def handler(signum, frame):
        raise Terminated()

    old = signal.signal(signal.SIGTERM, handler)
    return lambda: signal.signal(signal.SIGTERM, old)


@click.group(cls=Mmbatch, help=f"""mmbatch: batch, offline document processing: OCR and fields
from PDFs and image folders through our own ONNX engine, written as a Parquet dataset.

\b
Examples:
  mmbatch extract sample_docs/cheques --out out/
  mmbatch extract 'scans/**/*.pdf' invoices/ --out out/ --dpi 300
  mmbatch extract cheques/ --out out/ --compare --report
  mmbatch extract cheques/ --out out/ --scheduler tcp://head:8786
  mmbatch run jobs/cheques.toml
  mmbatch report out/ --html review.html
  mmbatch models verify

{EXIT_CODES_HELP}""")
@click.version_option(__version__, prog_name="mmbatch")
@options_of(cat.GROUP)
def main(debug: bool) -> None:
    pass


# ------------------------------------------------------------------------ extract and run

@main.command(help=f"""Extract text from INPUTS (files, folders searched recursively, or globs)
into a Parquet dataset under --out.

\b
Tables written (one folder each, one file per run):
  documents/  one row per input file: document_id (sha256), path, status ok|error, error ...
  pages/      one row per page: size, units (px|pt), dpi, source text_layer|ocr, doc_type, text,
              rotation (the turn an OCR page was read at), note (why it was read so)
  lines/      one row per text line in reading order: text, conf, box polygon, words, block
  fields/     one row per field: field, raw_value, value (normalised), type, confidence, box,
              line_nos, status ok|unchecked|invalid|ambiguous|missing, message
  runs/<run_id>.json  the run manifest: models with sha256, options, plan, counts, timings

Each page is classified (cheque, receipt, other; --doc-type overrides) and the fields of its
type extracted: cheques give payee, amount, amount_words, date, cheque_number, bank_name, memo,
micr_routing, micr_account, micr_serial, signature_present, currency; receipts give company,
date, total, address, currency. --field adds fields of your own.

Model results are cached on disk (--cache): a second run over the same files runs no model.

PDF pages with a text layer use it (no OCR) unless the layer is garbage or another tool's
invisible OCR (--text-layer); scanned pages are rendered at --dpi and OCR'd, turned upright
first when they lie sideways or upside down (--orientation).
A file that cannot be read becomes an 'error' row and the batch goes on.

\b
Examples:
  mmbatch extract sample_docs/cheques --out out/
  mmbatch extract scans/ --out out/ --dpi 300 --quiet
  mmbatch extract invoices/ --out out/ --field 'invoice_no:label=Invoice No;required'
  mmbatch extract big/ --out out/ --workers 2 --max-memory 3G
  python -c "import duckdb; duckdb.sql(\\"select path, page, text from 'out/lines/**/*.parquet' limit 5\\").show()"

{EXIT_CODES_HELP}""")
@click.argument("inputs", nargs=-1, required=True)
@options_of(cat.EXTRACT)
@click.pass_context
def extract(ctx: click.Context, inputs: List[str], **values) -> None:
    execute(ctx, cat.EXTRACT, list(inputs), values)


@main.command("run", help=f"""Run a job file (what cron or a systemd timer calls).

JOB is a TOML file naming the inputs, the output dataset, the cache, the tasks and any option
of extract under the same name (see jobs/README.md). Options given here override the file's.
Inputs already in the dataset (same content hash, models and options) are skipped, so a nightly
run processes only what is new; a run killed at any point finishes the rest when run again.

\b
Examples:
  mmbatch run jobs/cheques.toml
  mmbatch run jobs/cheques.toml --workers 1 --log-format json
  mmbatch run jobs/receipts.toml --reprocess

{EXIT_CODES_HELP}""")
@click.argument("job_file", type=click.Path(dir_okay=False))
@options_of(cat.RUN)
@click.pass_context
def run_job(ctx: click.Context, job_file: str, **values) -> None:
    from click.core import ParameterSource

    from .jobs import load_job

    job = load_job(job_file)
    for key, value in job.options.items():  # the command line wins over the file
        if ctx.get_parameter_source(key) != ParameterSource.COMMANDLINE:
            values[key] = value
    values["out"] = values.get("out") or job.out
    tasks = list(job.tasks) + (["compare"] if values.get("compare") else [])
    execute(ctx, cat.RUN, job.inputs, values, job_name=job.name, tasks=tasks,
            job_fields=job.fields)


def json_logger(job_name: Optional[str]) -> Callable[[str, dict], None]:
    def log(event: str, data: dict) -> None:
        click.echo(json.dumps({"ts": time.time(), "event": event, "job": job_name, **data},
                              default=str), err=True)

    return log


def text_logger(event: str, data: dict) -> None:
    if event == "stale_lock":
        click.echo(f"mmbatch: took over the lock of a run that died: {data['previous']}", err=True)
    elif event == "vlm_remote":
        click.echo(f"mmbatch: {data['message']}", err=True)
    elif event == "recovered":
        click.echo(f"mmbatch: removed what a killed run left: {', '.join(data['removed'])}",
                   err=True)
    elif event == "empty_input":
        click.echo(f"mmbatch: warning: no input file found in {', '.join(data['inputs'])}"
                   + (f" ({data['skipped_files']} files of other kinds skipped)"
                      if data["skipped_files"] else ""), err=True)
    elif event == "progress":
        eta = data["eta_seconds"]
        click.echo(f"mmbatch: {data['done']}/{data['total']} documents, {data['errors']} errors, "
                   f"{data['docs_per_second']:.2f} documents/s"
                   + (f", about {_duration(eta)} left" if eta is not None else ""), err=True)
    elif event in ("cache_disabled", "cache_damaged"):
        click.echo(f"mmbatch: warning: {data['message']}", err=True)


def _duration(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    h, m = divmod(m, 60)
    return f"{h}h{m:02d}m" if h else (f"{m}m{s:02d}s" if m else f"{s}s")


def execute(ctx: click.Context, command: str, inputs: List[str], values: dict,
            job_name: Optional[str] = None, tasks: Sequence[str] = ("extract", "fields"),
            job_fields: Sequence = ()) -> None:
    """Run extract (then compare and the report when asked) and exit with the documented code."""
    from .options.settings import build
    from .runners.driver import run_extract

    json_log = values["log_format"] == "json"
    log = json_logger(job_name) if json_log else text_logger
    if json_log:
        ctx.meta["mmbatch.log"] = log
    s = build(command, values, tasks, job_fields, log)
    if not json_log and (values["quiet"] or sys.stderr.isatty()):
        s.run.heartbeat = 0  # a terminal has the progress bar; --quiet wants none
    out = values["out"]
    if values.get("report") and "://" in out:
        raise UsageError(f"--report: the report is written beside a local dataset, not in {out} "
                         "(run mmbatch report on a local copy)")
    if json_log:
        log("start", {"inputs": inputs, "out": out})
    summary = run_extract(inputs, out, ingest=s.ingest, ocr_options=s.ocr, run=s.run,
                          fields=s.fields)
    compared = None
    if "compare" in tasks or values.get("compare"):
        from .compare.run import run_compare

        # the same options: every page comes from the cache the extract run just filled
        compared = run_compare(inputs, out, options=s.compare, run=s.run, ingest=s.ingest,
                               ocr_options=s.ocr, fields=s.fields)
    reported = None
    if values.get("report"):
        from .report import ReportOptions, build_report

        ids = [summary.run_id] + ([compared.run_id] if compared is not None else [])
        reported = build_report(out, Path(out) / "report.html", ReportOptions(run_ids=ids))
    code = EXIT_DOCUMENTS_FAILED if summary.errors else EXIT_OK
    if json_log:
        log("summary", {**{k: v for k, v in summary.__dict__.items() if k != "failed"},
                        "exit_code": code})
    else:
        for msg in summary.failed:
            click.echo(f"mmbatch: failed: {msg}", err=True)
        if not values["quiet"]:
            for done in (summary, compared, reported):
                if done is not None:
                    click.echo(done.line(), err=True)
    ctx.exit(code)


# ------------------------------------------------------------------------ compare

@main.command(help=f"""Compare every page of INPUTS with every other, within and across folders:
near-duplicates, the same cheque presented twice, shared templates. Writes comparisons/ and
groups/ tables under --out.

Signals, each reported, then combined: a perceptual hash, an image embedding (open_nsfw ResNet-50
features by default, or your own ONNX encoder), text overlap (shingles, MinHash, the numbers on
the page), a text embedding (MiniLM), and for cheques the MICR routing, account and serial with
the amount (the same ones: a duplicate presentment, whatever the images look like). Look-alike
pages the text did not settle (a rescan read with other OCR errors) are registered onto each
other and their ink compared tile by tile (--no-align skips it). Verdicts: duplicate,
near_duplicate, same_template, different, with the reason in words.

Pages come through the cache (an archive seen before is not OCR'd again) and embeddings are
cached by content and model.

\b
Examples:
  mmbatch compare ./cheques ./archive --out out/
  mmbatch compare ./todays_cheques --against archive/   # against every page seen before
  mmbatch extract ./cheques --out out/ --compare
  python -c "import duckdb; duckdb.sql(\\"select path_a, path_b, verdict, reason from 'out/comparisons/**/*.parquet' where verdict <> 'different'\\").show()"

{EXIT_CODES_HELP}""")
@click.argument("inputs", nargs=-1, required=True)
@options_of(cat.COMPARE)
@click.pass_context
def compare(ctx: click.Context, inputs: List[str], **values) -> None:
    from .compare.run import run_compare
    from .options.settings import build

    if not values.get("out"):
        if not values.get("against"):
            raise click.UsageError("Missing option '--out' (or '--against').")
        values["out"] = values["against"]
    s = build(cat.COMPARE, values, log=None if values["log_format"] != "json"
              else json_logger(None))
    r = run_compare(list(inputs), values["out"], options=s.compare, run=s.run, ingest=s.ingest,
                    ocr_options=s.ocr, fields=s.fields)
    for msg in r.failed:
        click.echo(f"mmbatch: failed: {msg}", err=True)
    if not values["quiet"]:
        click.echo(r.line(), err=True)
    ctx.exit(EXIT_DOCUMENTS_FAILED if r.errors else EXIT_OK)


# ------------------------------------------------------------------------ models and cache

@main.group(help="The model files the engine uses: list them, verify their sha256.")
def models() -> None:
    pass


@models.command("list", help="List the models of the manifest with their files and sha256.")
def models_list() -> None:
    from .engine.manifest import load_manifest
    from .errors import MmbatchError

    for name, spec in load_manifest().items():
        try:
            where = str(spec.path())
        except MmbatchError as e:
            where = f"MISSING ({e})"
        click.echo(f"{name}\t{spec.sha256}\t{where}\t{spec.description}")


@models.command("verify", help=f"""Check every model file's sha256 against the manifest.

Exits 0 when all match, {EXIT_MODELS} when a file is missing or differs.""")
@click.pass_context
def models_verify(ctx: click.Context) -> None:
    from .engine.manifest import verify

    bad = 0
    for r in verify():
        click.echo(f"{'ok' if r.ok else 'FAIL'}\t{r.name}\t{r.message}\t{r.path or '-'}")
        bad += not r.ok
    if bad:
        click.echo(f"mmbatch: {bad} model file(s) failed verification", err=True)
        ctx.exit(EXIT_MODELS)


@main.group(help="""The disk cache of model results (default $XDG_CACHE_HOME/mmbatch).

\b
Examples:
  mmbatch cache stats
  mmbatch cache verify --repair
  mmbatch cache prune --max-size 2G""")
def cache() -> None:
    pass


def _open_cache(folder: Optional[str]):
    from .engine.cache import open_cache

    return open_cache(folder)


@cache.command("stats", help="Entries, size on disk and the hit rate of the last run.")
@options_of(cat.CACHE_STATS)
def cache_stats(cache: Optional[str]) -> None:
    st = _open_cache(cache).stats()
    click.echo(f"path\t{st.path}")
    click.echo(f"entries\t{st.entries}")
    click.echo(f"value_bytes\t{st.bytes}")
    click.echo(f"file_bytes\t{st.file_bytes}")
    if st.last_run:
        lr = st.last_run
        rate = "-" if lr["hit_rate"] is None else f"{lr['hit_rate']:.1%}"
        click.echo(f"last_run\t{lr['run_id']}\thits={lr['hits']}\tmisses={lr['misses']}\t"
                   f"hit_rate={rate}")
        for p in lr["problems"]:
            click.echo(f"last_run_problem\t{p}")
    else:
        click.echo("last_run\t-")
    for p in st.problems:
        click.echo(f"problem\t{p}")


@cache.command("verify", help="""Read every entry (decompress and parse its value) and run
SQLite's integrity check; --repair deletes the damaged entries (a deleted entry is computed again
when next needed). Exit 0 when the cache is sound, 1 when damage was found.""")
@options_of(cat.CACHE_VERIFY)
@click.pass_context
def cache_verify(ctx: click.Context, cache: Optional[str], repair: bool) -> None:
    rep = _open_cache(cache).verify(repair=repair)
    click.echo(f"path\t{rep.path}")
    click.echo(f"entries\t{rep.entries}")
    click.echo(f"damaged\t{len(rep.damaged)}")
    for rid, kind, why in rep.damaged:
        click.echo(f"damaged_entry\t{rid}\t{kind}\t{why}")
    click.echo(f"integrity\t{'; '.join(rep.integrity) or '-'}")
    if repair:
        click.echo(f"repaired\t{rep.repaired}")
    for p in rep.problems:
        click.echo(f"problem\t{p}")
    if not rep.clean:
        hint = "" if repair else " ('mmbatch cache verify --repair' deletes damaged entries)"
        if rep.integrity != ["ok"]:
            hint = (" (the cache only holds results that can be computed again: delete "
                    f"{rep.path} to start afresh)")
        click.echo(f"mmbatch: the cache is damaged{hint}", err=True)
        ctx.exit(EXIT_DOCUMENTS_FAILED)


@cache.command("prune", help="Drop the least recently used entries until the cache fits "
                             "--max-size.")
@options_of(cat.CACHE_PRUNE)
def cache_prune(max_size: int, cache: Optional[str]) -> None:
    c = _open_cache(cache)
    removed = c.prune(max_size)
    st = c.stats()
    click.echo(f"removed {removed} entries; {st.entries} left, {st.bytes} bytes of values")


# ------------------------------------------------------------------------ ask

@main.command(help=f"""Ask a vision-language model QUESTION about the images of INPUTS (image
files, PDFs: every page, folders, globs) and add the answers to the answers/ table under --out.

By default every image goes into one request, so the question may compare them ("Which of these
images show the same building?"); --each asks it about every image on its own. --schema FILE (a
JSON schema) makes the answer a JSON object, stored in answer_json. Answers are cached on disk:
asking again about the same images sends nothing.

\b
Examples:
  mmbatch ask ./photos "Which of these images show the same building?" --vlm ollama:gemma3 --out out/
  mmbatch ask scans/ "What kind of document is this?" --each --vlm ollama:qwen2.5vl --out out/
  python -c "import duckdb; duckdb.sql(\\"select paths, answer from 'out/answers/**/*.parquet'\\").show()"

{EXIT_CODES_HELP}""")
@click.argument("inputs", nargs=-1, required=True)
@click.argument("question")
@options_of(cat.ASK)
@click.pass_context
def ask(ctx: click.Context, inputs: List[str], question: str, **values) -> None:
    from .errors import UsageError
    from .options.settings import build
    from .vlm.ask import run_ask

    def log(event: str, data: dict) -> None:
        if event == "vlm_remote":
            click.echo(f"mmbatch: {data['message']}", err=True)

    schema = None
    if values["schema"]:
        try:
            schema = json.loads(Path(values["schema"]).read_text())
        except (OSError, ValueError) as e:
            raise UsageError(f"--schema {values['schema']}: not a JSON file ({e})")
        if not isinstance(schema, dict):
            raise UsageError(f"--schema {values['schema']}: a JSON schema is an object")
    s = build(cat.ASK, values, log=log)
    r = run_ask(list(inputs), question, values["out"], s.vlm, each=values["each"],
                schema=schema, cache_dir=s.run.cache_dir, use_cache=s.run.use_cache,
                max_images=values["max_images"], wait=s.run.wait, log=log)
    for msg in r.failed:
        click.echo(f"mmbatch: failed: {msg}", err=True)
    if not values["quiet"]:
        for a in r.answers:
            names = ", ".join(Path(i.path).name + (f" p{i.page}" if i.page > 1 else "")
                              for i in a.images)
            body = a.text.strip() if not a.error else f"error: {a.error}"
            click.echo(f"[{names}] {body}" if values["each"] or len(r.answers) > 1 else body)
        click.echo(r.line(), err=True)
    ctx.exit(EXIT_DOCUMENTS_FAILED if r.errors or r.failed else EXIT_OK)


# ------------------------------------------------------------------------ report

@main.command("report", help=f"""Write one self-contained HTML file to review OUT, an output
dataset: a summary (documents, pages, errors with their messages, timings, cache hit rate,
models), every page with its line boxes (coloured by confidence) and field boxes drawn over the
page image (failed-check and low-confidence fields first), failed documents, and duplicate and
same-template groups side by side with each signal's score and the reason. Filters (errors, low
confidence, failed checks, duplicates, templates) and keys (j/k, arrows) in the page.

By default the latest extract run and the compare run that followed it are shown. Page images
are rendered from the source files named in the dataset (a missing one gets a placeholder and a
note): embedded as downscaled JPEG (default), or written beside the report (--images relative).

\b
Examples:
  mmbatch report out/ --html review.html
  mmbatch report out/ --html review.html --images relative --image-size 1600
  mmbatch report out/ --run-id 20261129T020000Z-1a2b3c --html night.html
  mmbatch extract ./cheques --out out/ --compare --report      # writes out/report.html

{EXIT_CODES_HELP}""")
@click.argument("out", type=click.Path(file_okay=False))
@options_of(cat.REPORT)
def report(out: str, **values) -> None:
    from .options.settings import build
    from .report import build_report

    r = build_report(out, values["html"], build(cat.REPORT, values).report)
    if not values["quiet"]:
        click.echo(r.line(), err=True)


# ------------------------------------------------------------------------ reading and compacting

def _dataset(out: str) -> str:
    """OUT of a command that reads a dataset: an existing folder, or an object-store URL."""
    from .output.storage import split_url

    try:
        if split_url(out) is not None:
            return out
    except ValueError as e:
        raise UsageError(str(e)) from None
    if not Path(out).is_dir():
        raise UsageError(f"{out}: no such dataset folder")
    return out


@main.command("latest", help=f"""Print the latest rows of TABLE in the dataset OUT (a folder,
or s3://BUCKET/PREFIX, gs://BUCKET/PREFIX): one row per document (and per page, line, field)
from its newest successful run (its newest failed one if it never succeeded), read from
committed parts only. TABLE: documents, pages, lines, fields, comparisons (one row per pair of
pages), groups (of the newest compare run that made any), answers.

Rows are printed as JSON lines, or written to a Parquet file with --to. The README has the
same views in SQL for DuckDB.

\b
Examples:
  mmbatch latest out/ documents | head
  mmbatch latest s3://bucket/mmbatch pages --to pages.parquet

{EXIT_CODES_HELP}""")
@click.argument("out")
@click.argument("table")
@options_of(cat.LATEST)
def latest(out: str, table: str, to: Optional[str]) -> None:
    import os

    import pyarrow.parquet as pq

    from .output.read import SCHEMAS, iter_latest

    if table not in SCHEMAS:
        raise UsageError(f"no table {table!r} (tables: {', '.join(SCHEMAS)})")
    out = _dataset(out)
    if to is None:
        for _, t in iter_latest(out, table):
            for row in t.to_pylist():
                click.echo(json.dumps(row, default=str, ensure_ascii=False))
        return
    tmp = Path(to).with_name(f".{Path(to).name}.tmp")
    try:
        with pq.ParquetWriter(tmp, SCHEMAS[table], compression="zstd") as w:
            for _, t in iter_latest(out, table):
                w.write_table(t)
        os.replace(tmp, to)
    except OSError as e:
        raise UsageError(f"--to {to}: cannot be written ({e.strerror or e})") from e
    finally:
        tmp.unlink(missing_ok=True)


@main.command("compact", help=f"""Rewrite the dataset OUT to its latest rows (those of
'mmbatch latest'), under the dataset's lock: superseded rows (--reprocess, re-saved inputs,
transient errors, repeated compare runs) are dropped and each run date's parts merged into one.
The latest rows never change on the way; a compaction that is interrupted is finished (or
undone) by the next run or compaction.

\b
Examples:
  mmbatch compact out/
  mmbatch compact s3://bucket/mmbatch --wait

{EXIT_CODES_HELP}""")
@click.argument("out")
@options_of(cat.COMPACT)
def compact(out: str, wait: bool, quiet: bool) -> None:
    from .output.compact import compact as compact_dataset

    s = compact_dataset(_dataset(out), wait=wait, log=text_logger)
    if not quiet:
        click.echo(s.line(), err=True)


def run() -> None:
    """Console-script entry point."""
    main(prog_name="mmbatch")


if __name__ == "__main__":  # pragma: no cover
    run()
