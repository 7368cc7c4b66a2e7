"""The ``mmbatch`` command (the only module that imports Click)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List

import click

import pipeline
from pipeline.errors import EXIT_DOCUMENTS_FAILED, EXIT_INTERNAL, EXIT_MODELS, MmbatchError

EXIT_CODES_HELP = """\b
Exit codes:
  0  every document was processed
  1  some documents failed (each is an 'error' row in documents/)
  2  usage or configuration error
  4  internal error
  5  model files missing or corrupt (see 'mmbatch models verify')"""


def _fail(e: MmbatchError) -> None:
    click.echo(f"mmbatch: error: {e}", err=True)
    sys.exit(e.exit_code)


@click.group(help=f"""mmbatch: batch, offline document processing: OCR and fields from PDFs and
image folders through our own ONNX engine, written as a Parquet dataset.

\b
Examples:
  mmbatch extract sample_docs/cheques --out out/
  mmbatch extract 'scans/**/*.pdf' invoices/ --out out/ --dpi 300
  mmbatch models verify

{EXIT_CODES_HELP}""")
@click.version_option(pipeline.__version__, prog_name="mmbatch")
def main() -> None:
    pass


@main.command(help=f"""Extract text from INPUTS (files, folders searched recursively, or globs)
into a Parquet dataset under --out.

\b
Tables written (one folder each, one file per run):
  documents/  one row per input file: document_id (sha256), path, status ok|error, error ...
  pages/      one row per page: size, units (px|pt), dpi, source text_layer|ocr, text ...
  lines/      one row per text line in reading order: text, conf, box polygon, words
  runs/<run_id>.json  the run manifest: models with sha256, options, counts, timings

PDF pages with a text layer use it (no OCR); scanned pages are rendered at --dpi and OCR'd.
A file that cannot be read becomes an 'error' row and the batch goes on.

\b
Examples:
  mmbatch extract sample_docs/cheques --out out/
  mmbatch extract scans/ --out out/ --dpi 300 --quiet
  duckdb -c "select path, page, text from 'out/lines/*.parquet' limit 5"

{EXIT_CODES_HELP}""")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False),
              help="Output dataset folder (created if missing).")
@click.option("--dpi", default=200.0, show_default=True, type=click.FloatRange(36, 1200),
              help="Resolution for rendering scanned PDF pages before OCR.")
@click.option("--ocr-all", is_flag=True,
              help="OCR every PDF page, even those with a text layer.")
@click.option("--pdf-password", default=None, help="Password for encrypted PDFs.")
@click.option("--max-pixels", default=150_000_000, show_default=True, type=click.IntRange(1),
              help="Largest page (in pixels) accepted; larger pages are error rows.")
@click.option("--device", default="auto", show_default=True,
              type=click.Choice(["auto", "cpu", "cuda", "coreml", "dml", "openvino"]),
              help="onnxruntime execution provider; auto takes the best one installed.")
@click.option("--threads", default=None, type=click.IntRange(1),
              help="Threads per model session (default: the cores this process may use).")
@click.option("--workers", "-w", default=None, type=click.IntRange(1),
              help="Worker processes (default: one per core, as many as --max-memory allows).")
@click.option("--max-memory", default=None, metavar="SIZE",
              help="Memory budget, e.g. 1.5G or 800M (default: half the available memory). "
                   "Workers, detector tile size and batch sizes are planned to fit it.")
@click.option("--cache", "cache_dir", default=None, type=click.Path(file_okay=False),
              help="Cache folder (default: $XDG_CACHE_HOME/mmbatch, i.e. ~/.cache/mmbatch).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--quiet", "-q", is_flag=True,
              help="No progress bar and no summary line (errors still go to stderr).")
def extract(inputs: List[str], out: str, dpi: float, ocr_all: bool, pdf_password, max_pixels: int,
            device: str, threads, workers, max_memory, cache_dir, no_cache: bool,
            quiet: bool) -> None:
    from pipeline.engine.memory import parse_size
    from pipeline.ingest.document import IngestOptions
    from pipeline.ocr import OcrOptions
    from pipeline.runners.local import RunOptions, run_extract

    try:
        summary = run_extract(
            list(inputs), out,
            ingest=IngestOptions(dpi=dpi, max_pixels=max_pixels, use_text_layer=not ocr_all,
                                 pdf_password=pdf_password),
            ocr_options=OcrOptions(device=device, threads=threads),
            run=RunOptions(workers=workers, cache_dir=cache_dir, use_cache=not no_cache,
                           max_memory=parse_size(max_memory) if max_memory else None,
                           quiet=quiet))
    except MmbatchError as e:
        _fail(e)
        return
    for msg in summary.failed:
        click.echo(f"mmbatch: failed: {msg}", err=True)
    if not quiet:
        click.echo(summary.line(), err=True)
    sys.exit(EXIT_DOCUMENTS_FAILED if summary.errors else 0)


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
