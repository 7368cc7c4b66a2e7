"""The ``mmbatch`` command (the only module that imports Click)."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import List, Optional, Sequence

import click

import pipeline
from pipeline.errors import EXIT_DOCUMENTS_FAILED, EXIT_MODELS, MmbatchError

EXIT_CODES_HELP = """\b
Exit codes:
  0  every document was processed
  1  some documents failed (each is an 'error' row in documents/)
  2  usage or configuration error
  3  locked: another run is writing the same output (see --wait)
  4  internal error
  5  model files missing or corrupt (see 'mmbatch models verify')
  6  the --vlm server does not answer, or does not have the model"""


def _fail(e: MmbatchError) -> None:
    click.echo(f"mmbatch: error: {e}", err=True)
    sys.exit(e.exit_code)


@click.group(help=f"""mmbatch: batch, offline document processing: OCR and fields from PDFs and
image folders through our own ONNX engine, written as a Parquet dataset.

\b
Examples:
  mmbatch extract sample_docs/cheques --out out/
  mmbatch extract 'scans/**/*.pdf' invoices/ --out out/ --dpi 300
  mmbatch extract cheques/ --out out/ --compare --report
  mmbatch extract cheques/ --out out/ --scheduler tcp://head:8786
  mmbatch report out/ --html review.html
  mmbatch models verify

{EXIT_CODES_HELP}""")
@click.version_option(pipeline.__version__, prog_name="mmbatch")
def main() -> None:
    pass


def processing_options(f):
    """The options of extract, shared with run (where they override the job file's)."""
    decorators = [
        click.option("--dpi", default=200.0, show_default=True, type=click.FloatRange(36, 1200),
                     help="Resolution for rendering scanned PDF pages before OCR."),
        click.option("--ocr-all", is_flag=True,
                     help="OCR every PDF page, even those with a text layer."),
        click.option("--pdf-password", default=None, help="Password for encrypted PDFs."),
        click.option("--max-pixels", default=150_000_000, show_default=True,
                     type=click.IntRange(1),
                     help="Largest page (in pixels) accepted; larger pages are error rows."),
        click.option("--max-pages", default=2000, show_default=True, type=click.IntRange(1),
                     help="A document with more pages (to process) than this is an error row, "
                          "checked before any page is read."),
        click.option("--pages", default=None, metavar="LIST",
                     help="Process only these pages of each document, e.g. 1-3,7 or 2- "
                          "(pages count from 1)."),
        click.option("--doc-timeout", default=3600.0, show_default=True,
                     type=click.FloatRange(0), metavar="SECONDS",
                     help="A document taking longer becomes an error row (0: no limit)."),
        click.option("--max-file-size", default="1G", show_default=True, metavar="SIZE",
                     help="Larger input files are error rows, never read (e.g. 500M, 2G)."),
        click.option("--device", default="auto", show_default=True,
                     type=click.Choice(["auto", "cpu", "cuda", "coreml", "dml", "openvino"]),
                     help="onnxruntime execution provider; auto takes the best one installed."),
        click.option("--threads", default=None, type=click.IntRange(1),
                     help="Threads per model session (default: cores / workers)."),
        click.option("--workers", "-w", default=None, type=click.IntRange(1),
                     help="Worker processes (default: one per core, as many as --max-memory "
                          "allows)."),
        click.option("--scheduler", default=None, metavar="ADDRESS",
                     help="Run the documents on a Dask cluster: its scheduler address "
                          "(tcp://head:8786), a scheduler file (.json), or 'local' for a "
                          "LocalCluster of --workers processes. Needs the dask extra: "
                          "pip install 'mmbatch[dask]'. Default: a local process pool."),
        click.option("--max-memory", default=None, metavar="SIZE",
                     help="Memory budget, e.g. 1.5G or 800M (default: half the available "
                          "memory). Workers, detector tile size and batch sizes are planned to "
                          "fit it."),
        click.option("--cache", "cache_dir", default=None, type=click.Path(file_okay=False),
                     help="Cache folder (default: $XDG_CACHE_HOME/mmbatch, i.e. "
                          "~/.cache/mmbatch)."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
        click.option("--doc-type", default="auto", show_default=True,
                     type=click.Choice(["auto", "cheque", "receipt", "other"]),
                     help="Type of every page; auto classifies each page from its text."),
        click.option("--field", "field_specs", multiple=True, metavar="SPEC",
                     help="A user-defined field, repeatable: 'NAME:label=Invoice No;"
                          "type=text|number|amount|date;where=right|below|any;regex=...;"
                          "required'."),
        click.option("--fields-file", type=click.Path(exists=True, dir_okay=False),
                     help="User-defined fields from a TOML or JSON file ([[fields]] tables)."),
        click.option("--no-fields", is_flag=True,
                     help="OCR only: no classification, no fields table rows."),
        click.option("--reprocess", is_flag=True,
                     help="Process inputs the dataset already holds (same content, models and "
                          "options) again; by default they are skipped."),
        click.option("--wait", is_flag=True,
                     help="If another run holds the output, wait for it instead of exiting "
                          "with code 3."),
        click.option("--log-format", default="text", show_default=True,
                     type=click.Choice(["text", "json"]),
                     help="json: one JSON object per event on stderr, for log shippers."),
        click.option("--quiet", "-q", is_flag=True,
                     help="No progress bar and no summary line (errors still go to stderr)."),
    ]
    for d in reversed(decorators):
        f = d(f)
    return f


def _vlm_decorators(required: bool = False) -> list:
    from pipeline.vlm.spec import DEFAULT_URL

    return [
        click.option("--vlm", "vlm", default=None, required=required, metavar="BACKEND:MODEL",
                     help="A vision-language model on an Ollama or OpenAI-compatible server, "
                          "e.g. ollama:qwen2.5vl, ollama:gemma3, openai:MODEL (vLLM, llama.cpp "
                          "server, LM Studio). Page images go to --vlm-url."),
        click.option("--vlm-url", default=DEFAULT_URL, show_default=True, metavar="URL",
                     help="The server's address; a non-loopback address is logged at start "
                          "(page images are sent there)."),
        click.option("--vlm-timeout", default=120.0, show_default=True,
                     type=click.FloatRange(0, min_open=True), metavar="SECONDS",
                     help="Time allowed for one request."),
        click.option("--vlm-retries", default=2, show_default=True, type=click.IntRange(0),
                     help="Further attempts after a connection error, a timeout, 5xx or 429, "
                          "with exponential backoff."),
        click.option("--vlm-concurrency", default=2, show_default=True, type=click.IntRange(1),
                     help="Requests in flight at once."),
        click.option("--vlm-max-side", default=1024, show_default=True, type=click.IntRange(64),
                     metavar="PIXELS", help="Images are sent with their long side at most this."),
        click.option("--vlm-keep-alive", default="10m", show_default=True, metavar="DURATION",
                     help="Ollama: how long the model stays loaded after a request."),
        click.option("--vlm-api-key-env", default=None, metavar="NAME",
                     help="Environment variable holding a bearer key for the server."),
    ]


def vlm_options(f):
    """The vision-language model options of extract and run (fields the rules leave unsure)."""
    decorators = _vlm_decorators() + [
        click.option("--vlm-when", default="low-confidence", show_default=True,
                     type=click.Choice(["missing", "invalid", "low-confidence", "always"]),
                     help="Which fields to ask the model for: missing; invalid (and missing); "
                          "low-confidence (missing, invalid, ambiguous, or unchecked and below "
                          "--vlm-min-conf); always."),
        click.option("--vlm-min-conf", default=0.8, show_default=True,
                     type=click.FloatRange(0, 1),
                     help="low-confidence: unchecked fields below this confidence are asked "
                          "for (a value that passed its check is not)."),
    ]
    for d in reversed(decorators):
        f = d(f)
    return f


def vlm_settings(o: dict):
    """VlmOptions from the merged options (None without --vlm); a bad value is a usage error."""
    if not o.get("vlm"):
        return None
    from pipeline.vlm.spec import VlmOptions

    return VlmOptions(spec=o["vlm"], url=o["vlm_url"], when=o.get("vlm_when", "low-confidence"),
                      min_conf=o.get("vlm_min_conf", 0.8), timeout=o["vlm_timeout"],
                      retries=o["vlm_retries"], concurrency=o["vlm_concurrency"],
                      max_side=o["vlm_max_side"], keep_alive=o["vlm_keep_alive"],
                      api_key_env=o["vlm_api_key_env"])


def compare_options(f):
    """Options of the comparison, for compare and extract --compare."""
    decorators = [
        click.option("--image-model", default="img_opennsfw", show_default=True,
                     help="Image encoder: a manifest entry or one from --models-file."),
        click.option("--models-file", default=None, envvar="MMBATCH_MODELS_FILE",
                     type=click.Path(exists=True, dir_okay=False),
                     help='JSON of your own ONNX image encoders: {"models": {NAME: {"path": ..., '
                          '"input_size", "layout", "channels", "scale", "mean", "std", '
                          '"resize", "output", "pool"}}} (see README).'),
        click.option("--neighbours", default=10, show_default=True, type=click.IntRange(1),
                     help="Embedding neighbours per page proposed as candidate pairs."),
        click.option("--only-matches", is_flag=True,
                     help="Do not write candidate pairs judged 'different'."),
        click.option("--align/--no-align", "align", default=True, show_default=True,
                     help="Register look-alike pages the text did not settle onto each other "
                          "and compare their ink tile by tile (finds rescans whose OCR "
                          "disagrees; about 0.1 s a pair, cached)."),
    ]
    for d in reversed(decorators):
        f = d(f)
    return f


@main.command(help=f"""Extract text from INPUTS (files, folders searched recursively, or globs)
into a Parquet dataset under --out.

\b
Tables written (one folder each, one file per run):
  documents/  one row per input file: document_id (sha256), path, status ok|error, error ...
  pages/      one row per page: size, units (px|pt), dpi, source text_layer|ocr, doc_type, text
  lines/      one row per text line in reading order: text, conf, box polygon, words
  fields/     one row per field: field, raw_value, value (normalised), type, confidence, box,
              line_nos, status ok|unchecked|invalid|ambiguous|missing, message
  runs/<run_id>.json  the run manifest: models with sha256, options, plan, counts, timings

Each page is classified (cheque, receipt, other; --doc-type overrides) and the fields of its
type extracted: cheques give payee, amount, amount_words, date, cheque_number, bank_name, memo,
micr_routing, micr_account, micr_serial, signature_present, currency; receipts give company,
date, total, address, currency. --field adds fields of your own.

Model results are cached on disk (--cache): a second run over the same files runs no model.

PDF pages with a text layer use it (no OCR); scanned pages are rendered at --dpi and OCR'd.
A file that cannot be read becomes an 'error' row and the batch goes on.

\b
Examples:
  mmbatch extract sample_docs/cheques --out out/
  mmbatch extract scans/ --out out/ --dpi 300 --quiet
  mmbatch extract invoices/ --out out/ --field 'invoice_no:label=Invoice No;required'
  mmbatch extract big/ --out out/ --workers 2 --max-memory 3G
  duckdb -c "select path, page, text from 'out/lines/**/*.parquet' limit 5"

{EXIT_CODES_HELP}""")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False),
              help="Output dataset folder (created if missing).")
@click.option("--compare", "do_compare", is_flag=True,
              help="After extracting, compare the pages (as mmbatch compare does).")
@click.option("--report", "write_report", is_flag=True,
              help="After the run, write OUT/report.html (as mmbatch report does).")
@compare_options
@processing_options
@vlm_options
def extract(inputs: List[str], out: str, **opts) -> None:
    execute(list(inputs), out, opts)


def execute(inputs: List[str], out: str, o: dict, job_name: Optional[str] = None,
            tasks: Sequence[str] = ("extract", "fields")) -> None:
    """Run extract with the merged options ``o`` and exit with the documented code."""
    from pipeline.runners.local import run_extract

    json_log = o["log_format"] == "json"

    def log(event: str, data: dict) -> None:
        if json_log:
            click.echo(json.dumps({"ts": time.time(), "event": event, "job": job_name, **data},
                                  default=str), err=True)
        elif event == "stale_lock":
            click.echo(f"mmbatch: took over the lock of a run that died: {data['previous']}", err=True)
        elif event == "vlm_remote":
            click.echo(f"mmbatch: {data['message']}", err=True)
        elif event == "recovered":
            click.echo(f"mmbatch: removed what a killed run left: {', '.join(data['removed'])}",
                       err=True)

    try:
        ingest, ocr, run, fields = build_options(o, tasks, log)
        if json_log:
            log("start", {"inputs": inputs, "out": out})
        summary = run_extract(inputs, out, ingest=ingest, ocr_options=ocr, run=run, fields=fields)
        compared = None
        if o.get("do_compare") or "compare" in tasks:
            from pipeline.compare.run import run_compare

            # the same options: every page comes from the cache the extract run just filled
            compared = run_compare(inputs, out, options=compare_settings(o), run=run,
                                   ingest=ingest, ocr_options=ocr, fields=fields)
        reported = None
        if o.get("write_report"):
            from pipeline.report import ReportOptions, build_report

            ids = [summary.run_id] + ([compared.run_id] if compared is not None else [])
            reported = build_report(out, Path(out) / "report.html", ReportOptions(run_ids=ids))
    except MmbatchError as e:
        if json_log:
            log("error", {"message": str(e), "exit_code": e.exit_code})
        _fail(e)
        return
    code = EXIT_DOCUMENTS_FAILED if summary.errors else 0
    if json_log:
        log("summary", {**{k: v for k, v in summary.__dict__.items() if k != "failed"},
                        "exit_code": code})
    else:
        for msg in summary.failed:
            click.echo(f"mmbatch: failed: {msg}", err=True)
        if not o["quiet"]:
            click.echo(summary.line(), err=True)
            if compared is not None:
                click.echo(compared.line(), err=True)
            if reported is not None:
                click.echo(reported.line(), err=True)
    sys.exit(code)


def build_options(o: dict, tasks: Sequence[str] = ("extract", "fields"), log=None):
    """(ingest, ocr, run, fields) options from the merged command-line/job options."""
    from pipeline.engine.memory import parse_size
    from pipeline.ingest.document import IngestOptions
    from pipeline.ocr import OcrOptions
    from pipeline.runners.local import RunOptions

    ingest = IngestOptions(dpi=o["dpi"], max_pixels=o["max_pixels"],
                           use_text_layer=not o["ocr_all"], pdf_password=o["pdf_password"],
                           max_pages=o["max_pages"], pages=o["pages"] or None,
                           doc_timeout=o["doc_timeout"] or None,
                           max_file_bytes=parse_size(o["max_file_size"]))
    ocr = OcrOptions(device=o["device"], threads=o["threads"])
    run = RunOptions(workers=o["workers"], cache_dir=o["cache_dir"], use_cache=not o["no_cache"],
                     max_memory=parse_size(o["max_memory"]) if o["max_memory"] else None,
                     quiet=o["quiet"] or o["log_format"] == "json", reprocess=o["reprocess"],
                     wait=o["wait"], log=log, scheduler=o.get("scheduler"))
    run.vlm = vlm_settings(o)
    fields = field_options(o["doc_type"], o["field_specs"], o["fields_file"],
                           o["no_fields"] or "fields" not in tasks, o.get("job_fields"))
    return ingest, ocr, run, fields


def compare_settings(o: dict):
    from pipeline.compare.run import CompareOptions

    return CompareOptions(image_model=o["image_model"], models_file=o["models_file"],
                          device=o["device"], threads=o["threads"], neighbours=o["neighbours"],
                          write_different=not o["only_matches"], align=o.get("align", True))


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
  mmbatch extract ./cheques --out out/ --compare
  duckdb -c "select path_a, path_b, verdict, reason from 'out/comparisons/**/*.parquet' where verdict <> 'different'"

{EXIT_CODES_HELP}""")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False),
              help="Output dataset folder (created if missing).")
@compare_options
@processing_options
def compare(inputs: List[str], out: str, **o) -> None:
    from pipeline.compare.run import run_compare

    try:
        ingest, ocr, run, fields = build_options(o)
        s = run_compare(list(inputs), out, options=compare_settings(o), run=run, ingest=ingest,
                        ocr_options=ocr, fields=fields)
    except MmbatchError as e:
        _fail(e)
        return
    for msg in s.failed:
        click.echo(f"mmbatch: failed: {msg}", err=True)
    if not o["quiet"]:
        click.echo(s.line(), err=True)
    sys.exit(EXIT_DOCUMENTS_FAILED if s.errors else 0)


@main.command("run", help=f"""Run a job file (what cron or a systemd timer calls).

JOB is a TOML file naming the inputs, the output dataset, the cache, the tasks and the
options of extract (see jobs/README.md). Options given here override the file's.
Inputs already in the dataset (same content hash, models and options) are skipped, so a nightly
run processes only what is new; a run killed at any point finishes the rest when run again.

\b
Examples:
  mmbatch run jobs/cheques.toml
  mmbatch run jobs/cheques.toml --workers 1 --log-format json
  mmbatch run jobs/receipts.toml --reprocess

{EXIT_CODES_HELP}""")
@click.argument("job_file", type=click.Path(dir_okay=False))
@click.option("--out", "-o", default=None, type=click.Path(file_okay=False),
              help="Output dataset folder (overrides the job's).")
@click.option("--report", "write_report", is_flag=True,
              help="After the run, write OUT/report.html (as mmbatch report does).")
@compare_options
@processing_options
@vlm_options
def run_job(job_file: str, out: Optional[str], **opts) -> None:
    from click.core import ParameterSource

    from pipeline.jobs import load_job

    try:
        job = load_job(job_file)
    except MmbatchError as e:
        _fail(e)
        return
    ctx = click.get_current_context()
    merged = dict(opts)
    for key, value in job.options.items():
        if ctx.get_parameter_source(key) != ParameterSource.COMMANDLINE:
            merged[key] = value
    if job.cache and ctx.get_parameter_source("cache_dir") != ParameterSource.COMMANDLINE:
        merged["cache_dir"] = job.cache
    if job.fields and not merged["fields_file"]:
        merged["job_fields"] = job.fields
    merged.setdefault("do_compare", False)
    execute(job.inputs, out or job.out, merged, job_name=job.name, tasks=job.tasks)


def field_options(doc_type, specs, fields_file, no_fields, job_fields=None):
    """FieldOptions from the command line; a bad spec is a usage error naming the key."""
    from pipeline.errors import UsageError
    from pipeline.extract.custom import parse_field_option, parse_field_specs
    from pipeline.extract.fields import FieldOptions

    custom = []
    try:
        if fields_file:
            text = Path(fields_file).read_text()
            if fields_file.endswith(".json"):
                import json

                data = json.loads(text)
            else:
                try:
                    import tomllib
                except ImportError:  # Python 3.10
                    import tomli as tomllib
                data = tomllib.loads(text)
            custom.extend(parse_field_specs(data))
        if job_fields:
            custom.extend(parse_field_specs(list(job_fields)))
        custom.extend(parse_field_option(s) for s in specs)
    except (ValueError, OSError) as e:
        raise UsageError(f"field spec: {e}")
    return FieldOptions(doc_type=doc_type, custom=tuple(custom), enabled=not no_fields)


@main.group(help="The model files the engine uses: list them, verify their sha256.")
def models() -> None:
    pass


@models.command("list", help="List the models of the manifest with their files and sha256.")
def models_list() -> None:
    from pipeline.engine.manifest import load_manifest

    for name, spec in load_manifest().items():
        try:
            where = str(spec.path())
        except MmbatchError as e:
            where = f"MISSING ({e})"
        click.echo(f"{name}\t{spec.sha256}\t{where}\t{spec.description}")


@models.command("verify", help=f"""Check every model file's sha256 against the manifest.

Exits 0 when all match, {EXIT_MODELS} when a file is missing or differs.""")
def models_verify() -> None:
    from pipeline.engine.manifest import verify

    bad = 0
    for r in verify():
        click.echo(f"{'ok' if r.ok else 'FAIL'}\t{r.name}\t{r.message}\t{r.path or '-'}")
        bad += not r.ok
    if bad:
        click.echo(f"mmbatch: {bad} model file(s) failed verification", err=True)
        sys.exit(EXIT_MODELS)


@main.group(help="""The disk cache of model results (default $XDG_CACHE_HOME/mmbatch).

\b
Examples:
  mmbatch cache stats
  mmbatch cache prune --max-size 2G""")
def cache() -> None:
    pass


@cache.command("stats", help="Entries, size on disk and the hit rate of the last run.")
@click.option("--cache", "cache_dir", default=None, type=click.Path(file_okay=False),
              help="Cache folder (default: $XDG_CACHE_HOME/mmbatch).")
def cache_stats(cache_dir) -> None:
    from pipeline.engine.cache import Cache

    st = Cache(Path(cache_dir) if cache_dir else None).stats()
    click.echo(f"path\t{st.path}")
    click.echo(f"entries\t{st.entries}")
    click.echo(f"value_bytes\t{st.bytes}")
    click.echo(f"file_bytes\t{st.file_bytes}")
    if st.last_run:
        lr = st.last_run
        rate = "-" if lr["hit_rate"] is None else f"{lr['hit_rate']:.1%}"
        click.echo(f"last_run\t{lr['run_id']}\thits={lr['hits']}\tmisses={lr['misses']}\thit_rate={rate}")
    else:
        click.echo("last_run\t-")


@cache.command("prune", help="Drop the least recently used entries until the cache fits --max-size.")
@click.option("--max-size", required=True, metavar="SIZE", help="e.g. 2G, 500M")
@click.option("--cache", "cache_dir", default=None, type=click.Path(file_okay=False),
              help="Cache folder (default: $XDG_CACHE_HOME/mmbatch).")
def cache_prune(max_size: str, cache_dir) -> None:
    from pipeline.engine.cache import Cache
    from pipeline.engine.memory import parse_size

    try:
        limit = parse_size(max_size)
    except MmbatchError as e:
        _fail(e)
        return
    c = Cache(Path(cache_dir) if cache_dir else None)
    removed = c.prune(limit)
    st = c.stats()
    click.echo(f"removed {removed} entries; {st.entries} left, {st.bytes} bytes of values")


def _ask_options(f):
    for d in reversed(_vlm_decorators(required=True)):
        f = d(f)
    return f


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
  duckdb -c "select paths, answer from 'out/answers/**/*.parquet'"

{EXIT_CODES_HELP}""")
@click.argument("inputs", nargs=-1, required=True)
@click.argument("question")
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False),
              help="Output dataset folder (created if missing).")
@click.option("--each", is_flag=True, help="Ask about every image on its own.")
@click.option("--schema", "schema_file", default=None, type=click.Path(exists=True, dir_okay=False),
              help="A JSON schema file: the answer must be a JSON object of this shape.")
@click.option("--max-images", default=16, show_default=True, type=click.IntRange(1),
              help="Most images in one request (without --each).")
@click.option("--cache", "cache_dir", default=None, type=click.Path(file_okay=False),
              help="Cache folder (default: $XDG_CACHE_HOME/mmbatch).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--wait", is_flag=True,
              help="If another run holds the output, wait for it instead of exiting with code 3.")
@click.option("--quiet", "-q", is_flag=True, help="Print neither the answers nor the summary.")
@_ask_options
def ask(inputs: List[str], question: str, out: str, each: bool, schema_file: Optional[str],
        max_images: int, cache_dir, no_cache: bool, wait: bool, quiet: bool, **o) -> None:
    from pipeline.errors import UsageError
    from pipeline.vlm.ask import run_ask

    def log(event: str, data: dict) -> None:
        if event == "vlm_remote":
            click.echo(f"mmbatch: {data['message']}", err=True)

    try:
        schema = None
        if schema_file:
            try:
                schema = json.loads(Path(schema_file).read_text())
            except (OSError, ValueError) as e:
                raise UsageError(f"--schema {schema_file}: not a JSON file ({e})")
            if not isinstance(schema, dict):
                raise UsageError(f"--schema {schema_file}: a JSON schema is an object")
        s = run_ask(list(inputs), question, out, vlm_settings(o), each=each, schema=schema,
                    cache_dir=cache_dir, use_cache=not no_cache, max_images=max_images,
                    wait=wait, log=log)
    except MmbatchError as e:
        _fail(e)
        return
    for msg in s.failed:
        click.echo(f"mmbatch: failed: {msg}", err=True)
    if not quiet:
        for a in s.answers:
            names = ", ".join(Path(i.path).name + (f" p{i.page}" if i.page > 1 else "")
                              for i in a.images)
            body = a.text.strip() if not a.error else f"error: {a.error}"
            click.echo(f"[{names}] {body}" if each or len(s.answers) > 1 else body)
        click.echo(s.line(), err=True)
    sys.exit(EXIT_DOCUMENTS_FAILED if s.errors or s.failed else 0)


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
@click.option("--html", "html_path", default=None, type=click.Path(dir_okay=False),
              help="The report file to write (default: OUT/report.html).")
@click.option("--run-id", "run_ids", multiple=True, metavar="RUN_ID",
              help="Show this run (repeatable; an extract run brings the compare run that "
                   "followed it). Default: the latest extract run.")
@click.option("--all-runs", is_flag=True,
              help="Show every run of the dataset (each document's latest rows).")
@click.option("--images", default="embedded", show_default=True,
              type=click.Choice(["embedded", "relative", "none"]),
              help="embedded: JPEG data inside the file; relative: JPEG files in "
                   "<name>_files/ beside it; none: boxes over placeholders only.")
@click.option("--image-size", default=1200, show_default=True, type=click.IntRange(16),
              metavar="PIXELS", help="Longest side of a page image.")
@click.option("--jpeg-quality", default=72, show_default=True, type=click.IntRange(1, 95))
@click.option("--low-conf", default=0.8, show_default=True, type=click.FloatRange(0, 1),
              help="Pages and fields below this confidence are 'low confidence'.")
@click.option("--page-size", default=20, show_default=True, type=click.IntRange(1),
              help="Cards per page of results in the report.")
@click.option("--source-root", "source_roots", multiple=True,
              type=click.Path(file_okay=False), metavar="DIR",
              help="Also look for relative source paths under DIR (repeatable); by default "
                   "they are resolved from the current folder, the folder the run started "
                   "in, then OUT's parent.")
@click.option("--pdf-password", default=None, help="Password for encrypted source PDFs.")
@click.option("--title", default="", help="Title of the report.")
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
def report(out: str, html_path: Optional[str], run_ids, all_runs: bool, images: str,
           image_size: int, jpeg_quality: int, low_conf: float, page_size: int, source_roots,
           pdf_password: Optional[str], title: str, quiet: bool) -> None:
    from pipeline.report import ReportOptions, build_report

    try:
        r = build_report(out, html_path, ReportOptions(
            run_ids=tuple(run_ids), all_runs=all_runs, images=images, max_side=image_size,
            quality=jpeg_quality, low_conf=low_conf, page_size=page_size,
            source_roots=tuple(source_roots), pdf_password=pdf_password, title=title))
    except MmbatchError as e:
        _fail(e)
        return
    if not quiet:
        click.echo(r.line(), err=True)


def run() -> None:
    """Console-script entry point: a bug becomes exit code 4 with a short message."""
    try:
        main(standalone_mode=True)
    except MmbatchError as e:  # pragma: no cover - commands handle their own
        _fail(e)
    except KeyboardInterrupt:
        click.echo("mmbatch: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    run()
