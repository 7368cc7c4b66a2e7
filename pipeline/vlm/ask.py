"""``mmbatch ask``: a free-form question about one image or a set of images, answered by a
vision-language model, written to the ``answers`` table.

By default every image (every page of every input) goes into one request, so the model can
compare them ("Which of these show the same building?", Gemma 3's multi-image case); ``each``
asks the question once per image. A JSON schema makes the answer structured (``answer_json``).
"""
from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, List, Optional

from ..errors import DocumentError, UsageError
from ..ingest.discover import discover
from ..ingest.document import IngestOptions, read_input
from ..output.schemas import ASK_TABLES
from ..output.transaction import DatasetTransaction
from ..output.writer import run_header
from ..output.rows import display_path
from .backend import Image
from .images import encode, page_images
from .session import VlmSession
from .spec import VlmOptions

MAX_IMAGES = 16   # per request, unless raised: servers and context windows have limits


@dataclass
class AskImage:
    document_id: str
    path: str
    page: int
    image: Image


@dataclass
class AskResult:
    images: List[AskImage]
    text: str = ""
    data: object = None
    seconds: float = 0.0
    cached: bool = False
    error: str = ""


@dataclass
class AskSummary:
    run_id: str
    out: str
    answers: List[AskResult] = field(default_factory=list)
    failed: List[str] = field(default_factory=list)   # inputs that could not be read
    errors: int = 0                                   # questions left without an answer
    seconds: float = 0.0
    manifest_path: str = ""

    def line(self) -> str:
        cached = sum(a.cached for a in self.answers)
        s = (f"mmbatch ask: {len(self.answers)} answers ({cached} from the cache), "
             f"{self.errors} errors, {len(self.failed)} unreadable inputs in {self.seconds:.1f}s "
             f"-> {self.out} (run {self.run_id})")
        return s


def _pages(path: Path, ingest: IngestOptions):
    """(sha256, [page numbers]) of one input."""
    from ..ingest.limits import Limits
    from ..ingest.render import PageRenderer

    f = read_input(path, ingest.max_file_bytes)
    if f.file_type == "unknown":
        raise DocumentError("not an image or a PDF")
    with PageRenderer(f.data, f.file_type, Limits.of(ingest), ingest.pdf_password) as doc:
        n = doc.page_count
    return f.sha256, [p for p in range(1, n + 1) if ingest.selects(p)]


def load_images(inputs: List[str], opts: VlmOptions, ingest: IngestOptions):
    """([AskImage], [failure messages]) of every page of every input, in input order."""
    found = discover(inputs)
    images: List[AskImage] = []
    failed: List[str] = []
    for path in found.files:
        try:
            sha, pages = _pages(path, ingest)
            got = page_images(path, sha, pages, opts.max_side, ingest)
        except DocumentError as e:
            failed.append(f"{display_path(path)}: {e}")
            continue
        for n in sorted(got):
            images.append(AskImage(sha, display_path(path), n,
                                   encode(got.pop(n), opts.max_side, opts.image_format)))
    return images, failed


def ask_prompt(question: str, images: List[AskImage]) -> str:
    if len(images) == 1:
        return question
    names = [f"{i}. {Path(a.path).name}" + (f" (page {a.page})" if a.page > 1 else "")
             for i, a in enumerate(images, start=1)]
    return (f"You are given {len(images)} images, in this order:\n" + "\n".join(names)
            + "\nRefer to them by these numbers or names.\n\n" + question)


def run_ask(inputs: List[str], question: str, out: str, opts: VlmOptions, each: bool = False,
            schema: Optional[dict] = None, ingest: Optional[IngestOptions] = None,
            cache_dir: Optional[str] = None, use_cache: bool = True,
            max_images: int = MAX_IMAGES, wait: bool = False,
            log: Optional[Callable[[str, dict], None]] = None) -> AskSummary:
    """Ask ``question`` about the images of ``inputs`` and add the answers to the dataset at
    ``out``. Raises ``UsageError`` (no images, too many for one request), ``VlmUnavailable``
    (server or model missing) and ``LockedError``."""
    from ..runners.driver import new_run_id

    if not question or not question.strip():
        raise UsageError("the question is empty")
    ingest = ingest or IngestOptions()
    started = datetime.now(timezone.utc)
    run_id = new_run_id(started)
    t0 = time.perf_counter()
    summary = AskSummary(run_id, str(out))
    images, summary.failed = load_images(inputs, opts, ingest)
    if not images:
        raise UsageError("no readable image among the inputs"
                         + (f" ({'; '.join(summary.failed)})" if summary.failed else ""))
    if not each and len(images) > max_images:
        raise UsageError(f"{len(images)} images are more than {max_images} in one request: ask "
                         "about fewer, raise --max-images (if the model and server take that "
                         "many), or use --each to ask about every image on its own")
    session = VlmSession(opts, cache_dir, use_cache, log)
    session.start()
    groups = [[a] for a in images] if each else [images]

    def one(group: List[AskImage]) -> AskResult:
        ans = session.ask(ask_prompt(question, group), [a.image for a in group], schema)
        return AskResult(group, ans.text, ans.data, ans.seconds, ans.cached, ans.error)

    try:
        with ThreadPoolExecutor(min(opts.concurrency, len(groups)),
                                thread_name_prefix="mmbatch-vlm") as ex:
            summary.answers = list(ex.map(one, groups))
        summary.errors = sum(bool(a.error) for a in summary.answers)
        rows = [{"run_id": run_id, "run_ts": started, "question": question,
                 "document_ids": [i.document_id for i in a.images],
                 "paths": [i.path for i in a.images], "pages": [i.page for i in a.images],
                 "backend": opts.backend, "model": opts.model, "model_digest": session.digest,
                 "answer": a.text if not a.error else (a.text or None),
                 "answer_json": None if a.data is None else json.dumps(a.data, ensure_ascii=False),
                 "seconds": round(a.seconds, 3), "status": "error" if a.error else "ok",
                 "error": a.error or None} for a in summary.answers]
        with DatasetTransaction(out, run_id, started, tables=ASK_TABLES, commit_last="answers",
                                wait=wait, log=log) as tx:
            tx.add("answers", rows)
            summary.seconds = round(time.perf_counter() - t0, 3)
            tx.commit(_manifest(summary, inputs, question, each, schema, session, started,
                                len(images)))
    finally:
        session.close()
    summary.manifest_path = tx.manifest_path
    return summary


def _manifest(summary: AskSummary, inputs, question, each, schema, session, started,
              n_images) -> dict:
    return {
        **run_header(summary.run_id, started, "ask", inputs),
        "question": question,
        "options": {"each": each, "schema": schema, "vlm": session.manifest()},
        "counts": {"images": n_images, "answers": len(summary.answers),
                   "errors": summary.errors, "unreadable_inputs": len(summary.failed)},
        "failed": summary.failed,
        "timings": {"wall_seconds": summary.seconds},
    }
