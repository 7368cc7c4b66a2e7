#!/usr/bin/env python
"""A batch against an archive: ``mmbatch compare new/ --against out/`` at scale, on synthetic
signatures (4,096-d image vectors in templates of 20, 384-d text vectors, MinHash).

    python bench/archive_bench.py [--sizes 10000,50000,1000000] [--batch 1000] [--exact-upto 50000]
        [--work /tmp/mmbatch-archive-bench] [--dim 4096] [--nprobe 16]

Per archive size N: builds the archive (``Archive.add`` in chunks of 100,000, then the index:
k-means quantiser and inverted lists), then times the compare of a batch of ``--batch`` new
pages against it (``with_archive``: search, load of the archived pages involved, and
``compare_pages``: every signal's score and the verdicts), and prints its peak RSS. A third of the
batch are rescans of archived pages (image and text vectors with small noise, 2.5% of the text's
characters changed); recall is the share of those (batch page, source) pairs that are candidate
pairs and that are called duplicate. Up to ``--exact-upto`` pages, the same is measured for the
exact search (``compare_pages`` over archive and batch together). Archived pages that no batch
page copies get a random MinHash signature (computing 1M from text takes too long here).
"""
from __future__ import annotations

import argparse
import resource
import shutil
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.compare import signals, text as tx  # noqa: E402
from pipeline.compare import archive as archive_mod  # noqa: E402
from pipeline.compare.archive import Archive  # noqa: E402
from pipeline.compare.pages import PageItem  # noqa: E402
from pipeline.compare.run import CompareOptions, _concat, compare_pages, with_archive  # noqa: E402

WORDS = None


def words(rng):
    global WORDS
    if WORDS is None:
        letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
        WORDS = ["".join(rng.choice(letters, int(rng.integers(3, 10)))) for _ in range(5000)]
    return WORDS


_TPL: dict = {}


def templates(total: int, dim: int, seed: int):
    """Template vectors (one per 20 pages, at most 5,000), the same for every chunk."""
    key = (min(max(1, total // 20), 5000), dim, seed)
    if key not in _TPL:
        r = np.random.default_rng(seed)
        _TPL.clear()
        _TPL[key] = (r.standard_normal((key[0], dim), dtype=np.float32),
                     r.standard_normal((key[0], 384), dtype=np.float32))
    return _TPL[key]


def chunk(start: int, n: int, total: int, dim: int, seed: int, with_minhash=()):
    """Archived pages start..start+n of ``total`` (templates of 20)."""
    rng = np.random.default_rng(seed + start)
    tv = np.random.default_rng(seed)
    t_img, t_sem = templates(total, dim, seed)
    t = rng.integers(len(t_img), size=n)
    img = t_img[t] + 0.8 * rng.standard_normal((n, dim), dtype=np.float32)
    sem = t_sem[t] + 0.5 * rng.standard_normal((n, 384), dtype=np.float32)
    img /= np.linalg.norm(img, axis=1, keepdims=True)
    sem /= np.linalg.norm(sem, axis=1, keepdims=True)
    w = words(tv)
    texts = [" ".join(w[int(i)] for i in rng.integers(len(w), size=30)) + " " +
             " ".join(str(x) for x in rng.integers(100, 99999, 8)) for _ in range(n)]
    mh = rng.integers(0, 2**32 - 1, size=(n, tx.PERMS), dtype=np.uint64).astype(np.uint32)
    for k in with_minhash:
        if start <= k < start + n:
            mh[k - start] = tx.minhash(tx.shingles(texts[k - start]))
    items = [PageItem(f"{start + k:064x}", f"/archive/{start + k}.png", 1, "png", texts[k], "receipt")
             for k in range(n)]
    ph = rng.integers(0, 2**63, size=n).astype(np.uint64)
    return items, signals.Signatures(ph, img, sem, mh, np.ones(n, bool), np.ones(n, bool), {})


def batch_of(src_items, src_sig, n: int, seed: int, dim: int):
    """n new pages: the first len(src) rescans of the source pages, the rest new."""
    rng = np.random.default_rng(seed)
    m = len(src_items)
    fresh_items, fresh_sig = chunk(10**9, n - m, 10**5, dim, seed + 7)
    img = src_sig.image + rng.normal(scale=0.004, size=src_sig.image.shape).astype(np.float32)
    sem = src_sig.text + rng.normal(scale=0.01, size=src_sig.text.shape).astype(np.float32)
    img /= np.linalg.norm(img, axis=1, keepdims=True)
    sem /= np.linalg.norm(sem, axis=1, keepdims=True)
    items = []
    for k, it in enumerate(src_items):
        s = list(it.text)
        for _ in range(len(s) // 40):
            s[int(rng.integers(len(s)))] = chr(int(rng.integers(97, 123)))
        items.append(PageItem(f"{k:060x}beef", f"/new/{k}.png", 1, "png", "".join(s), "receipt"))
    mh = np.stack([tx.minhash(tx.shingles(it.text)) for it in items])
    sig = signals.Signatures(rng.integers(0, 2**63, size=m).astype(np.uint64), img, sem, mh,
                             np.ones(m, bool), np.ones(m, bool), {})
    fresh_items = [PageItem("f" + it.document_id[1:], "/new/f" + it.path, 1, "png", it.text, "receipt")
                   for it in fresh_items]
    fresh_sig.minhash[:] = np.stack([tx.minhash(tx.shingles(it.text)) for it in fresh_items])
    return items + fresh_items, _concat(sig, fresh_sig)


def recall(items, i, j, v, truth):
    names = [it.path for it in items]
    cand = {frozenset((names[a], names[b])) for a, b in zip(i.tolist(), j.tolist())}
    dup = {frozenset((names[a], names[b])) for a, b, x in zip(i.tolist(), j.tolist(), v)
           if x == "duplicate"}
    return (sum(t in cand for t in truth) / len(truth), sum(t in dup for t in truth) / len(truth))


def cpu_s() -> float:
    """CPU seconds of this process, every thread (BLAS included)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(n: int, a) -> None:
    work = Path(a.work) / f"n{n}"
    reuse = a.reuse and (work / "_archive" / "manifest.json").is_file()
    if not reuse:
        shutil.rmtree(work, ignore_errors=True)
    rng = np.random.default_rng(a.seed)
    sources = np.sort(rng.choice(n, a.batch // 3, replace=False))
    t0 = time.perf_counter()
    step = 100_000
    if not reuse:
        for s in range(0, n, step):
            items, sig = chunk(s, min(step, n - s), n, a.dim, a.seed, with_minhash=sources)
            Archive(work).add(items, sig, index_now=False)   # bulk load: lists built once, below
            del items, sig
    t1 = time.perf_counter()
    if not reuse:
        Archive(work).reindex()
    t2 = time.perf_counter()
    arch = Archive.open(work)
    # page q of the generated archive is /archive/q.png; a rebuilt manifest may list the
    # segments (chunks of consecutive pages) in another order
    starts, at = {}, 0
    for seg in arch.segments:
        starts[int(Path(seg.records([0])[0]["p"]).stem)] = (at, seg.rows)
        at += seg.rows
    glob = np.array([next(g + (q - o) for o, (g, r) in starts.items() if o <= q < o + r)
                     for q in sources.tolist()])
    order = np.argsort(glob)
    src_items, src_sig = arch.load(glob[order])  # what the archive holds for them
    sources = sources[order]
    new_items, new_sig = batch_of(src_items, src_sig, a.batch, a.seed + 1, a.dim)
    truth = {frozenset((new_items[k].path, src_items[k].path)) for k in range(len(src_items))}
    size = sum(f.stat().st_size for f in (work / "_archive").rglob("*") if f.is_file())
    print(f"archive {n:,} pages{' (reused)' if reuse else ''}: store written in {t1 - t0:.1f} s, index built in {t2 - t1:.1f} s; "
          f"{size / 2**20:,.0f} MiB on disk (peak RSS so far {rss_mib():,.0f} MiB)", flush=True)
    opts = CompareOptions()
    archive_mod.NPROBE = a.nprobe
    rss0 = rss_mib()
    c0 = cpu_s()
    t = time.perf_counter()
    arch = Archive.open(work)
    items, sig, pairs = with_archive(new_items, new_sig, arch, opts)
    ts = time.perf_counter() - t
    i, j, s, score, v, why = compare_pages(items, sig, opts, None, pairs)
    dt = time.perf_counter() - t
    cpu = cpu_s() - c0
    rc, rd = recall(items, i, j, v, truth)
    print(f"  batch of {a.batch} against it (nprobe {a.nprobe}): {dt:.2f} s wall, {cpu:.2f} s CPU "
          f"(search and load {ts:.2f} s), "
          f"{len(i):,} candidate pairs, {len(items) - a.batch:,} archived pages loaded; "
          f"recall of the {len(truth)} rescans: candidates {rc:.3f}, duplicate {rd:.3f}; peak RSS "
          f"{rss_mib():,.0f} MiB (before the compare {rss0:,.0f})", flush=True)
    if n <= a.exact_upto:
        del arch, items, sig, pairs
        allitems, allsig = [], None
        for s0 in range(0, n, step):
            it, sg = chunk(s0, min(step, n - s0), n, a.dim, a.seed, with_minhash=sources)
            allitems += it
            allsig = sg if allsig is None else _concat(allsig, sg)
        items, sig = allitems + new_items, _concat(allsig, new_sig)
        c0 = cpu_s()
        t = time.perf_counter()
        i, j, s, score, v, why = compare_pages(items, sig, opts)
        dt = time.perf_counter() - t
        cpu = cpu_s() - c0
        keep = (i >= n) | (j >= n)
        rc, rd = recall(items, i[keep], j[keep], v[keep], truth)
        print(f"  exact search over archive and batch: {dt:.2f} s wall, {cpu:.2f} s CPU; recall: candidates {rc:.3f}, "
              f"duplicate {rd:.3f}; peak RSS {rss_mib():,.0f} MiB", flush=True)
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,50000,1000000")
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--exact-upto", type=int, default=50000)
    ap.add_argument("--dim", type=int, default=4096)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--nprobe", type=int, default=4, help="inverted lists searched per query")
    ap.add_argument("--work", default="/tmp/mmbatch-archive-bench")
    ap.add_argument("--keep", action="store_true", help="keep the archives built")
    ap.add_argument("--reuse", action="store_true",
                    help="use an archive a --keep run left (no build time then)")
    a = ap.parse_args()
    for n in (int(x) for x in a.sizes.split(",")):
        run(n, a)


if __name__ == "__main__":
    main()
