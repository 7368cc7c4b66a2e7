"""Per-page signatures, cached on disk: the perceptual hash and the image embedding (keyed by the
file's sha256, the page, how it was rendered, and the encoder's model sha256 and options), the
text embedding and the MinHash signature (keyed by the sha256 of the text and the model or the
shingling options). A page whose signatures are all cached is not decoded again.

Vectors are stored as float16 bytes in base64 inside the cache's JSON values (a cosine moves by
about 1e-4), so 10,000 cached 4,096-d image vectors read back in about a second.
"""
from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import phash as ph
from . import text as tx
from .pages import PageItem, page_images, straightened, visual_key
from ..engine.cache import Cache, make_key
from ..errors import DocumentError

SIGNATURE_VERSION = 2
# fewer normalised characters than this: the page has no text to compare
MIN_TEXT_CHARS = 20


def pack(v: np.ndarray) -> dict:
    return {"f16": base64.b64encode(np.asarray(v, np.float16).tobytes()).decode("ascii")}


def unpack(d: dict) -> np.ndarray:
    return np.frombuffer(base64.b64decode(d["f16"]), dtype=np.float16).astype(np.float32)


@dataclass
class Signatures:
    phash: np.ndarray              # (N,) uint64; 0 where the page had no image
    image: np.ndarray              # (N, D) float32 unit rows; zero rows where no image
    text: np.ndarray               # (N, 384) float32 unit rows; zero rows where no text
    minhash: np.ndarray            # (N, PERMS) uint32
    has_image: np.ndarray          # (N,) bool
    has_text: np.ndarray           # (N,) bool
    computed: Dict[str, int]       # how many of each kind were computed (not from the cache)

    def __len__(self) -> int:
        return len(self.phash)


def text_sha(text: str) -> str:
    return hashlib.sha256((text or "").encode()).hexdigest()


def _visual(items: Sequence[PageItem], cache: Cache, encoder, ingest,
            on_error: Callable[[PageItem, str], None]) -> Tuple[np.ndarray, np.ndarray, int]:
    ekey = encoder.key()
    keys = [(make_key("compare-phash", it.document_id, it.page, visual_key(it), SIGNATURE_VERSION),
             make_key("compare-image", it.document_id, it.page, visual_key(it), ekey,
                      SIGNATURE_VERSION)) for it in items]
    got = cache.get_many([k for pair in keys for k in pair])
    hashes = np.zeros(len(items), dtype=np.uint64)
    vecs: List[Optional[np.ndarray]] = [None] * len(items)
    todo: Dict[Tuple[str, str], List[int]] = defaultdict(list)
    for i, (kp, ke) in enumerate(keys):
        if kp in got and ke in got:
            hashes[i] = np.uint64(ph.from_hex(got[kp]["phash"]))
            vecs[i] = unpack(got[ke])
        else:
            todo[(items[i].path, items[i].document_id)].append(i)
    computed = 0
    for (path, sha), idx in todo.items():
        by_page = {items[i].page: i for i in idx}
        try:
            images = {n: straightened(rgb)[0]
                      for n, rgb in page_images(path, sha, set(by_page), ingest)}
        except DocumentError as e:
            for i in idx:
                on_error(items[i], str(e))
            continue
        order = [i for n, i in sorted(by_page.items()) if n in images]
        if not order:
            continue
        emb = encoder([images[items[i].page] for i in order])
        new = []
        for i, v in zip(order, emb):
            hashes[i] = np.uint64(ph.phash(images[items[i].page]))
            vecs[i] = v
            new.append((keys[i][0], "compare-phash", {"phash": ph.to_hex(int(hashes[i]))}))
            new.append((keys[i][1], "compare-image", pack(v)))
        cache.put_many(new)
        computed += len(order)
    dim = next((len(v) for v in vecs if v is not None), 1)
    mat = np.zeros((len(items), dim), dtype=np.float32)
    for i, v in enumerate(vecs):
        if v is not None:
            mat[i] = v
    return hashes, mat, computed


def _text(items: Sequence[PageItem], cache: Cache, encoder) -> Tuple[np.ndarray, np.ndarray, int, int]:
    shas = [text_sha(it.text) for it in items]
    tkey, mkey = encoder.key(), [tx.SHINGLE, tx.PERMS, SIGNATURE_VERSION]
    ekeys = [make_key("compare-text", s, tkey) for s in shas]
    mkeys = [make_key("compare-minhash", s, mkey) for s in shas]
    got = cache.get_many(list(dict.fromkeys(ekeys + mkeys)))
    missing = sorted({s for s, k in zip(shas, ekeys) if k not in got})
    text_of = {text_sha(it.text): it.text for it in items}
    fresh: Dict[str, np.ndarray] = {}
    if missing:
        vecs = encoder([text_of[s] for s in missing])
        fresh = dict(zip(missing, vecs))
        cache.put_many([(make_key("compare-text", s, tkey), "compare-text", pack(v))
                        for s, v in fresh.items()])
    sigs: Dict[str, np.ndarray] = {}
    new_sigs = []
    for s, k in zip(shas, mkeys):
        if s in sigs:
            continue
        if k in got:
            sigs[s] = np.array(got[k]["minhash"], dtype=np.uint32)
        else:
            sigs[s] = tx.minhash(tx.shingles(text_of[s]))
            new_sigs.append((k, "compare-minhash", {"minhash": sigs[s].tolist()}))
    cache.put_many(new_sigs)
    emb = np.stack([fresh[s] if s in fresh else unpack(got[k]) for s, k in zip(shas, ekeys)]) \
        if items else np.zeros((0, 384), np.float32)
    mh = np.stack([sigs[s] for s in shas]) if items else np.zeros((0, tx.PERMS), np.uint32)
    return emb.astype(np.float32), mh, len(missing), len(new_sigs)


def compute(items: Sequence[PageItem], cache: Cache, image_encoder, text_encoder, ingest=None,
            on_error: Optional[Callable[[PageItem, str], None]] = None) -> Signatures:
    on_error = on_error or (lambda it, msg: None)
    hashes, img, n_img = _visual(items, cache, image_encoder, ingest, on_error)
    temb, mh, n_text, n_mh = _text(items, cache, text_encoder)
    has_text = np.array([len(tx.normalise(it.text)) >= MIN_TEXT_CHARS for it in items], dtype=bool)
    temb[~has_text] = 0.0
    has_image = np.linalg.norm(img, axis=1) > 0 if len(items) else np.zeros(0, bool)
    return Signatures(hashes, img, temb, mh, has_image, has_text,
                      {"image": n_img, "text": n_text, "minhash": n_mh})
