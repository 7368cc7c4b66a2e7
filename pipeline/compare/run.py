"""``run_compare``: which pages are the same, which share a template, which cheque was seen before.

1. pages: an extract run over the inputs (page results come from the disk cache when the files
   were seen before, so comparing against an archive does not OCR the archive again);
2. signatures per page (``signals``): pHash, image and text embeddings, MinHash, cached by content;
3. candidate pairs (``index``): embedding neighbours by chunked matrix products, MinHash LSH
   bands, cheque serial buckets, identical files;
4. every signal's score for each candidate (``score``); for the look-alike pairs the text did not
   settle, the aligned tile agreement of the two page images (``aligned``); a combined score
   and a verdict (``verdict``);
   then the pairs called the same document are checked for altered copies (``altered``:
   field values and the ink where each field sits);
5. groups (``groups``): duplicates (duplicate edges, never joining pages of an altered pair)
   and templates (any edge but ``different``);
6. the ``comparisons`` and ``groups`` tables, written like every table of the dataset (staged,
   renamed into place, the run manifest last), under the dataset lock.
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np

from . import altered, index, signals
from . import text as tx
from .aligned import Aligner
from .cheque import bucket_key, normalise_key
from .groups import components
from .pages import PageItem, extract_pages
from .score import pair_scores
from .verdict import Thresholds, combined, counts, needs_alignment, verdicts
from ..engine.cache import default_dir, open_cache
from ..errors import UsageError
from ..ingest.document import IngestOptions
from ..output.schemas import COMPARE_TABLES
from ..output.transaction import DatasetTransaction
from ..output.writer import run_header


@dataclass
class CompareOptions:
    image_model: str = "img_opennsfw"     # a manifest or models-file entry (see image_encoder)
    text_model: str = "text_minilm"
    models_file: Optional[str] = None     # user models JSON (default: $MMBATCH_MODELS_FILE)
    device: str = "auto"
    threads: Optional[int] = None         # onnxruntime threads of the encoders (default: cores)
    neighbours: int = 10                  # embedding neighbours per page proposed as candidates
    text_floor: float = 0.80              # text embedding cosine for a neighbour to count
    align: bool = True                    # register look-alike pages and compare them tile by tile
    thresholds: Thresholds = field(default_factory=Thresholds)
    altered: altered.AlteredThresholds = field(default_factory=altered.AlteredThresholds)
    write_different: bool = True          # also write candidate pairs judged ``different``
    against: Optional[str] = None         # a dataset folder whose archive the pages are checked
                                          # against and then added to (``archive``)

    def key(self) -> dict:
        d = asdict(self)
        d["thresholds"] = self.thresholds.key()
        d["altered"] = self.altered.key()
        return d


@dataclass
class CompareSummary:
    run_id: str
    out: str
    documents: int = 0
    pages: int = 0
    errors: int = 0
    candidates: int = 0
    comparisons: int = 0
    verdicts: Dict[str, int] = field(default_factory=dict)
    duplicate_groups: int = 0
    template_groups: int = 0
    computed: Dict[str, int] = field(default_factory=dict)   # signatures not found in the cache
    cached_pages: int = 0                                    # page OCR results from the cache
    seconds: float = 0.0
    timings: Dict[str, float] = field(default_factory=dict)
    manifest_path: str = ""
    failed: List[str] = field(default_factory=list)
    archive_pages: int = 0                                   # pages in the archive searched
    archive_added: int = 0                                   # pages this run added to it
    archive_notes: List[str] = field(default_factory=list)   # archived pages not readable now

    def line(self) -> str:
        v = self.verdicts
        return (f"mmbatch compare: {self.pages} pages of {self.documents} documents, "
                f"{v.get('duplicate', 0)} duplicate, {v.get('near_duplicate', 0)} near-duplicate, "
                f"{v.get('same_template', 0)} same-template pairs; {self.duplicate_groups} "
                f"duplicate and {self.template_groups} template groups; {self.errors} errors in "
                f"{self.seconds:.1f}s -> {self.out} (run {self.run_id})"
                + (f"; checked against {self.archive_pages} archived pages, {self.archive_added} "
                   f"added" if self.archive_pages or self.archive_added else ""))


def _new_run_id(now: datetime) -> str:
    from ..runners.driver import new_run_id

    return new_run_id(now)


def _add_duplicate_inputs(items: List[PageItem], dups: List[tuple]) -> List[PageItem]:
    """Extract skips an input whose bytes equal an earlier one's; here each copy is a page too."""
    by_path: Dict[str, List[PageItem]] = {}
    for it in items:
        by_path.setdefault(it.path, []).append(it)
    extra = []
    for path, same_as in dups:
        for it in by_path.get(str(same_as), []):
            extra.append(replace(it, path=str(path)))
    return items + extra


def candidates(items: List[PageItem], sig: signals.Signatures, keys: list,
               opts: CompareOptions) -> index.Pairs:
    n = len(items)
    t = opts.thresholds
    rank = index.fold(sig.image)
    by_image = index.neighbours(sig.image, opts.neighbours, t.align_image, valid=sig.has_image,
                                rank=rank if rank is not sig.image else None)
    by_text = index.neighbours(sig.text, opts.neighbours, opts.text_floor, valid=sig.has_text)
    by_bands = index.band_buckets(tx.bands(sig.minhash), sig.has_text)
    by_serial = index.buckets([bucket_key(k) for k in keys])
    by_file = index.buckets([f"{it.document_id}:{it.page}" for it in items])
    return index.union(n, by_image, by_text, by_bands, by_serial, by_file)


def cheque_keys(items: List[PageItem]) -> list:
    return [normalise_key([it.fields.get(k) for k in
                           ("micr_routing", "micr_account", "micr_serial", "amount")])
            if it.doc_type == "cheque" else None for it in items]


def compare_pages(items: List[PageItem], sig: signals.Signatures, opts: CompareOptions,
                  aligner: Optional[Aligner] = None, pairs: Optional[index.Pairs] = None):
    """(i, j, PairScores, combined score, verdicts, reasons) of the candidate pairs (``pairs``,
    or every page's candidates among ``items``), and the altered pairs' differing fields as
    ``PairScores.differing``. Without an ``aligner`` (or with ``opts.align`` off) the aligned
    check is not made (its scores NaN) and altered copies are found from MICR identities and
    field values only."""
    keys = cheque_keys(items)
    i, j = candidates(items, sig, keys, opts) if pairs is None else pairs
    s = pair_scores(items, sig, keys, i, j, opts.thresholds)
    s.aligned, s.aligned_worst = np.full(len(i), np.nan), np.full(len(i), np.nan)
    s.aligned_zones = np.full(len(i), np.nan)
    if aligner is not None and opts.align:
        ask = np.flatnonzero(needs_alignment(s, opts.thresholds))
        s.aligned[ask], s.aligned_worst[ask], s.aligned_zones[ask] = aligner.scores(i[ask],
                                                                                    j[ask])
    score = combined(s, opts.thresholds)
    v, why = verdicts(s, opts.thresholds)
    ids = np.array([f"{it.document_id}:{it.page}" for it in items], dtype=object)
    same_file = ids[i] == ids[j] if len(i) else np.zeros(0, bool)
    for k in np.flatnonzero(same_file):
        v[k], why[k], score[k] = "duplicate", "identical files (the same sha256)", 1.0
    s.differing = altered.mark(items, i, j, s.micr, v, why, score,
                               aligner if opts.align else None, opts.altered,
                               other_date=s.dates_differ)
    return i, j, s, score, v, why


def _concat(a: signals.Signatures, b: signals.Signatures) -> signals.Signatures:
    ia, ib = a.image, b.image
    if ia.shape[1] != ib.shape[1]:          # a side without any image: zero rows of the other's dims
        if not a.has_image.any():
            ia = np.zeros((len(a), ib.shape[1]), np.float32)
        elif not b.has_image.any():
            ib = np.zeros((len(b), ia.shape[1]), np.float32)
    return signals.Signatures(np.r_[a.phash, b.phash], np.vstack([ia, ib]), np.vstack([a.text, b.text]),
                              np.vstack([a.minhash, b.minhash]), np.r_[a.has_image, b.has_image],
                              np.r_[a.has_text, b.has_text], a.computed)


def with_archive(items: List[PageItem], sig: signals.Signatures, arch, opts: CompareOptions):
    """The batch's own candidate pairs and its pairs with archived pages: (items, signatures,
    pairs) where the archived pages involved follow the batch's."""
    n = len(items)
    own = candidates(items, sig, cheque_keys(items), opts)
    with arch.reading():
        bi, ai = arch.search(items, sig, opts.neighbours, opts.thresholds.look_alike,
                             opts.text_floor)
        if not len(bi):
            return items, sig, own
        rows, inv = np.unique(ai, return_inverse=True)
        a_items, a_sig = arch.load(rows)
    # the same page under the same path is this page seen by an earlier run, not a second copy
    keep = np.array([not (items[b].path == a_items[x].path and items[b].page == a_items[x].page
                          and items[b].document_id == a_items[x].document_id)
                     for b, x in zip(bi.tolist(), inv.tolist())], dtype=bool)
    return items + a_items, _concat(sig, a_sig), index.union(n + len(a_items), own,
                                                             (bi[keep], n + inv[keep]))


def _models_key(img_enc, txt_enc) -> dict:
    import json

    return json.loads(json.dumps({"image": [img_enc.spec.name, img_enc.key()],
                                  "text": [txt_enc.spec.name, txt_enc.key()]},
                                 sort_keys=True, default=str))


def _rows(items, i, j, s, score, v, why, run_id, run_ts, write_different: bool) -> List[dict]:
    def num(x) -> Optional[float]:
        return None if np.isnan(x) else round(float(x), 4)

    rows = []
    for k in range(len(i)):
        if v[k] == "different" and not write_different:
            continue
        a, b = items[i[k]], items[j[k]]
        rows.append({"run_id": run_id, "run_ts": run_ts,
                     "document_id_a": a.document_id, "path_a": a.path, "page_a": a.page,
                     "document_id_b": b.document_id, "path_b": b.path, "page_b": b.page,
                     "phash_score": num(s.phash[k]), "image_score": num(s.image[k]),
                     "text_overlap_score": num(s.text_overlap[k]),
                     "text_semantic_score": num(s.text_semantic[k]),
                     "micr_score": num(s.micr[k]), "score": round(float(score[k]), 4),
                     "verdict": str(v[k]), "reason": why[k],
                     "aligned_score": num(s.aligned[k]),
                     "aligned_worst_score": num(s.aligned_worst[k]),
                     "differing_fields": _differing(s, k)})
    return rows


def _differing(s, k: int) -> Optional[list]:
    d = (getattr(s, "differing", None) or [None] * (k + 1))[k]
    return None if not d else [{"field": x["field"], "value_a": x["value_a"],
                                "value_b": x["value_b"], "ink_score": x["ink_score"]} for x in d]


def _group_rows(items, i, j, v, run_id, run_ts) -> tuple:
    rows = []
    n = len(items)
    dup = np.isin(v, ["duplicate"])
    tpl = ~np.isin(v, ["different"])
    apart = np.isin(v, ["altered"])
    made = {}
    for kind, prefix, mask in (("duplicate", "dup", dup), ("template", "tpl", tpl)):
        groups = components(n, i[mask], j[mask],
                            apart=(i[apart], j[apart]) if kind == "duplicate" else None)
        made[kind] = len(groups)
        for g, members in enumerate(groups, start=1):
            for m in members:
                it = items[m]
                rows.append({"run_id": run_id, "run_ts": run_ts, "group_id": f"{prefix}-{g:05d}",
                             "kind": kind, "size": len(members), "document_id": it.document_id,
                             "path": it.path, "page": it.page})
    return rows, made


def run_compare(inputs: List[str], out: str, options: Optional[CompareOptions] = None,
                run=None, ingest: Optional[IngestOptions] = None, ocr_options=None,
                fields=None, quiet: bool = False) -> CompareSummary:
    """Compare every page of ``inputs`` with every other (within and across the inputs) and add
    ``comparisons`` and ``groups`` tables to the dataset at ``out``. ``run`` is the extract
    driver's ``RunOptions`` (cache folder, ``use_cache``, workers, memory, ``wait``, ``log``);
    ``ingest``, ``ocr_options`` and ``fields`` should be those of the extract run whose cached
    pages are to be reused (they are part of the page cache key). Raises ``MmbatchError``s
    (``UsageError`` for a bad models file, ``ModelError``, ``LockedError``)."""
    from ..ocr import OcrOptions
    from ..runners.driver import RunOptions
    from ..engine.registry import create

    opts = options or CompareOptions()
    run = run or RunOptions(quiet=quiet)
    ingest = ingest or IngestOptions()
    ocr_options = ocr_options or OcrOptions(device=opts.device)
    log = run.log or (lambda event, data: None)
    started = datetime.now(timezone.utc)
    run_id = _new_run_id(started)
    t0 = time.perf_counter()
    timings: Dict[str, float] = {}
    summary = CompareSummary(run_id=run_id, out=str(out))
    say = (lambda m: print(m, file=sys.stderr)) if not (quiet or run.quiet) and sys.stderr.isatty() \
        else (lambda m: None)

    dups: List[tuple] = []

    def on_log(event: str, data: dict) -> None:
        if event == "duplicate_input":
            dups.append((data["path"], data["same_as"]))
        log(event, data)

    say("compare: reading pages (OCR where the cache has none) ...")
    items, failed, ex = extract_pages(inputs, replace(run, log=on_log, quiet=True), ingest,
                                      ocr_options, fields)
    items = _add_duplicate_inputs(items, dups)
    summary.failed = list(failed)
    summary.cached_pages = ex.cached_pages
    timings["pages"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    cache = open_cache(run.cache_dir, enabled=run.use_cache, log=log)
    work = (Path(run.cache_dir) if run.cache_dir else default_dir()) / "models"
    threads = opts.threads or os.cpu_count() or 1
    say(f"compare: signatures of {len(items)} pages ...")
    img_enc = create("image_encoder", opts.image_model, device=opts.device, threads=threads,
                           models_file=opts.models_file, work_dir=work)
    txt_enc = create("text_encoder", opts.text_model, device=opts.device, threads=threads)

    def on_error(it: PageItem, msg: str) -> None:
        summary.failed.append(f"{it.path} (page {it.page}): {msg}")

    sig = signals.compute(items, cache, img_enc, txt_enc, ingest, on_error)
    summary.computed = sig.computed
    timings["signatures"] = time.perf_counter() - t1

    t2 = time.perf_counter()
    batch, batch_sig, pairs, arch = items, sig, None, None
    if opts.against:
        from .archive import Archive, ArchiveError

        arch = Archive.open(opts.against)
        models = _models_key(img_enc, txt_enc)
        if arch.models and arch.models != models:
            raise UsageError(f"--against {opts.against}: its archive holds signatures of other "
                             f"models ({arch.models}); compare with those models")
        summary.archive_pages = arch.rows
        items, sig, pairs = with_archive(items, sig, arch, opts)
        timings["archive_search"] = time.perf_counter() - t2
        archived = {id(it) for it in items[len(batch):]}

        def on_error(it: PageItem, msg: str) -> None:  # noqa: F811 (archived pages: a note)
            (summary.archive_notes if id(it) in archived else summary.failed).append(
                f"{it.path} (page {it.page}): {msg}")

    aligner = Aligner(items, cache, ingest, on_error) if opts.align else None
    i, j, s, score, v, why = compare_pages(items, sig, opts, aligner, pairs)
    if aligner is not None:
        summary.computed = dict(summary.computed, aligned_pairs=aligner.computed)
    timings["compare"] = time.perf_counter() - t2
    run_ts = started
    rows = _rows(items, i, j, s, score, v, why, run_id, run_ts, opts.write_different)
    group_rows, made = _group_rows(items, i, j, v, run_id, run_ts)

    summary.documents = len({it.document_id for it in batch})
    summary.pages = len(batch)
    summary.errors = len(summary.failed)
    summary.candidates = int(len(i))
    summary.comparisons = len(rows)
    summary.verdicts = counts(v)
    summary.duplicate_groups = made["duplicate"]
    summary.template_groups = made["template"]

    try:
        with DatasetTransaction(out, run_id, started, tables=COMPARE_TABLES,
                                commit_last="comparisons", wait=run.wait, log=log) as tx:
            tx.add("comparisons", rows)
            tx.add("groups", group_rows)
            summary.seconds = round(time.perf_counter() - t0, 3)
            summary.timings = {k: round(x, 3) for k, x in timings.items()}
            cache.record_run(run_id)
            if arch is not None:   # before the commit: a run that fails later is found again
                t3 = time.perf_counter()
                summary.archive_added = arch.add(batch, batch_sig, models=_models_key(img_enc, txt_enc))
                summary.timings["archive_update"] = round(time.perf_counter() - t3, 3)
            tx.commit(_manifest(summary, inputs, opts, img_enc, txt_enc, cache, started, ex))
    finally:
        cache.close()
    summary.manifest_path = tx.manifest_path
    return summary


def _manifest(summary: CompareSummary, inputs, opts: CompareOptions, img_enc, txt_enc, cache,
              started: datetime, ex) -> dict:
    return {
        **run_header(summary.run_id, started, "compare", inputs),
        "options": opts.key(),
        "models": {img_enc.spec.name: img_enc.key(), txt_enc.spec.name: txt_enc.key()},
        "extract_run": {"run_id": ex.run_id, "cached_pages": ex.cached_pages,
                        "documents": ex.documents, "errors": ex.errors},
        "cache": {"enabled": cache.enabled, "path": str(cache.path) if cache.enabled else None,
                  "hits": cache.hits, "misses": cache.misses,
                  "signatures_computed": summary.computed},
        "counts": {"documents": summary.documents, "pages": summary.pages,
                   "errors": summary.errors, "candidates": summary.candidates,
                   "comparisons": summary.comparisons, "verdicts": summary.verdicts,
                   "duplicate_groups": summary.duplicate_groups,
                   "template_groups": summary.template_groups},
        "failed": summary.failed,
        "archive": None if not opts.against else {
            "path": str(opts.against), "pages_searched": summary.archive_pages,
            "pages_added": summary.archive_added, "notes": summary.archive_notes},
        "timings": dict(summary.timings, wall_seconds=summary.seconds),
    }
