"""The driver's hook: after a document's OCR and rules come back and before its rows are written,
ask the model for the fields the rules left missing, invalid or unsure (``--vlm-when``). Pages of
one document go to the model concurrently (at most ``--vlm-concurrency`` requests at once); each
page's image is read again here, as the workers send no pixels back. A failed request leaves the
rules' fields as they were, with the reason in their ``message``: the batch goes on."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Dict, List, Optional

from ..engine.cache import make_key
from ..errors import DocumentError
from . import fields as vf
from .images import encode, page_images
from .session import VlmSession
from .spec import VlmOptions


class Refiner:
    def __init__(self, session: VlmSession, ingest=None, field_options=None):
        self.session = session
        self.opts: VlmOptions = session.opts
        self.ingest = ingest
        self.custom = tuple(getattr(field_options, "custom", ()) or ())
        self.enabled = getattr(field_options, "enabled", True)
        self.pages = 0          # pages the model was asked about (or answered from the cache)
        self.replaced = 0       # fields whose value now comes from the model
        self._lock = threading.Lock()

    def processing_key(self, key: str) -> str:
        """The documents' processing key with the model's options in it: a run with another
        model (or none) processes the documents again (their OCR still comes from the cache)."""
        return make_key("processing", key, self.opts.key(), self.session.digest).hex()[:32]

    def refine(self, res) -> None:
        if res.status != "ok" or not self.enabled:
            return
        plan: Dict[int, List[vf.Wanted]] = {}
        for p in res.pages:
            if p.doc_type is None:
                continue
            ws = vf.wanted(p.fields, p.doc_type, self.custom, self.opts.when, self.opts.min_conf)
            if ws:
                plan[p.page] = ws
        if not plan:
            return
        tag = self.opts.tag
        pages = {p.page: p for p in res.pages if p.page in plan}
        try:
            images = page_images(res.file.path, res.file.sha256, plan, self.opts.max_side,
                                 self.ingest)
        except DocumentError as e:
            for n, ws in plan.items():
                vf.failed(ws, pages[n].fields, tag, f"the page image cannot be read again ({e})")
            return

        def one(n: int) -> None:
            page, ws = pages[n], plan[n]
            if n not in images:
                vf.failed(ws, page.fields, tag, "the page image cannot be read again")
                return
            img = encode(images.pop(n), self.opts.max_side, self.opts.image_format)
            ans = self.session.ask(vf.prompt(ws, page.doc_type), [img], vf.schema(ws))
            if not ans.ok:
                vf.failed(ws, page.fields, tag, ans.error)
                return
            try:
                page.fields = vf.merge(ws, ans.data, page.fields, page.doc_type, tag, page.lines)
            except Exception as e:  # a bug must not lose the document: the rules' fields stay
                vf.failed(ws, page.fields, tag, f"internal error ({type(e).__name__}: {e})")
                return
            with self._lock:
                self.pages += 1
                self.replaced += sum(f.extractor == tag for f in page.fields)

        workers = min(self.opts.concurrency, len(plan))
        if workers == 1:
            for n in sorted(plan):
                one(n)
        else:
            with ThreadPoolExecutor(workers, thread_name_prefix="mmbatch-vlm") as ex:
                list(ex.map(one, sorted(plan)))

    def manifest(self) -> dict:
        return dict(self.session.manifest(), pages=self.pages, fields_from_model=self.replaced)

    def close(self) -> None:
        self.session.close()


def open_refiner(opts: Optional[VlmOptions], cache_dir: Optional[str] = None,
                 use_cache: bool = True, ingest=None, field_options=None,
                 log: Optional[Callable[[str, dict], None]] = None) -> Optional[Refiner]:
    """A started refiner (the server and model checked: ``VlmUnavailable`` otherwise), or None
    when no model is configured."""
    if opts is None:
        return None
    session = VlmSession(opts, cache_dir, use_cache, log)
    session.start()
    return Refiner(session, ingest, field_options)
