"""The persistent archive index (pipeline/compare/archive.py) on synthetic signatures: the same
pairs and verdicts as the exact search over archive and batch together, a failed or killed
update leaves the archive as it was, and lost or stale index files are rebuilt."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from pipeline.compare import signals, text as tx
from pipeline.compare.archive import Archive
from pipeline.compare.pages import PageItem
from pipeline.compare.run import CompareOptions, compare_pages, with_archive, _concat

ROOT = Path(__file__).resolve().parents[2]


def pages(n: int, seed: int, dup_of=None, dim: int = 2048):
    """n synthetic pages (templates of 10; OCR-like texts); with ``dup_of`` (items, sig), page k
    is a rescan of page 3k of that set for the first third of them."""
    rng = np.random.default_rng(seed)
    words = ["".join(rng.choice(list("abcdefghijklmnopqrstuvwxyz"), 6)) for _ in range(400)]
    tpl = np.random.default_rng(99).normal(size=(40, dim)).astype(np.float32)
    tsem = np.random.default_rng(98).normal(size=(40, 384)).astype(np.float32)
    img, sem, texts = np.empty((n, dim), np.float32), np.empty((n, 384), np.float32), []
    for k in range(n):
        if dup_of is not None and k < n // 3:
            s_items, s_sig = dup_of
            img[k] = s_sig.image[3 * k] + rng.normal(scale=0.004, size=dim)
            sem[k] = s_sig.text[3 * k] + rng.normal(scale=0.01, size=384)
            t = list(s_items[3 * k].text)
            for _ in range(len(t) // 40):
                t[int(rng.integers(len(t)))] = chr(int(rng.integers(97, 123)))
            texts.append("".join(t))
            continue
        t = int(rng.integers(40))
        img[k] = tpl[t] + rng.normal(scale=0.8, size=dim)
        sem[k] = tsem[t] + rng.normal(scale=0.5, size=384)
        texts.append(" ".join(rng.choice(words, 30)) + " " +
                     " ".join(str(x) for x in rng.integers(100, 99999, 8)))
    img /= np.linalg.norm(img, axis=1, keepdims=True)
    sem /= np.linalg.norm(sem, axis=1, keepdims=True)
    items = [PageItem(f"{seed:04x}{k:060x}", f"/syn/{seed}/{k}.png", 1, "png", texts[k], "receipt")
             for k in range(n)]
    mh = np.stack([tx.minhash(tx.shingles(t)) for t in texts])
    ph = rng.integers(0, 2**63, size=n).astype(np.uint64)
    return items, signals.Signatures(ph, img, sem, mh, np.ones(n, bool), np.ones(n, bool), {})


@pytest.fixture(scope="module")
def data():
    old = pages(1200, 1)
    new = pages(90, 2, dup_of=old)
    return old, new


def _sub(sig, sl):
    return signals.Signatures(sig.phash[sl], sig.image[sl], sig.text[sl], sig.minhash[sl],
                              sig.has_image[sl], sig.has_text[sl], {})


def _build(path, old, parts=3):
    n = len(old[0])
    for s in range(parts):
        sl = slice(s * n // parts, (s + 1) * n // parts)
        Archive.open(path).add(old[0][sl], _sub(old[1], sl))
    return Archive.open(path)


def pair_set(items, i, j, v, only=None):
    names = [f"{it.document_id}:{it.page}" for it in items]
    return {(tuple(sorted((names[a], names[b]))), str(x)) for a, b, x in zip(i, j, v)
            if only is None or str(x) in only}


def exact(old, new):
    items = old[0] + new[0]
    i, j, s, score, v, why = compare_pages(items, _concat(old[1], new[1]), CompareOptions())
    n_old = len(old[0])
    keep = (i >= n_old) | (j >= n_old)          # pairs with a batch page: what a batch run finds
    return pair_set(items, i[keep], j[keep], v[keep], ("duplicate", "near_duplicate"))


def against(arch, new):
    items, sig, pairs = with_archive(new[0], new[1], arch, CompareOptions())
    i, j, s, score, v, why = compare_pages(items, sig, CompareOptions(), None, pairs)
    return pair_set(items, i, j, v, ("duplicate", "near_duplicate"))


def test_same_duplicates_as_the_exact_search(tmp_path, data):
    old, new = data
    arch = _build(tmp_path, old)
    assert arch.rows == 1200 and len(arch.segments) == 3
    want = exact(old, new)
    assert len([p for p in want if p[1] == "duplicate"]) >= 30   # every planted rescan
    assert against(arch, new) == want


def test_a_failed_update_leaves_the_archive_as_it_was(tmp_path, data):
    old, new = data
    arch = _build(tmp_path, old)
    before = against(arch, new)
    for stage in ("segment", "lists"):
        def fail(at, stage=stage):
            if at == stage:
                raise RuntimeError(f"failure at {at}")
        with pytest.raises(RuntimeError):
            Archive.open(tmp_path).add(new[0], new[1], _at=fail)
        again = Archive.open(tmp_path)
        assert again.rows == 1200 and not again.rebuilt
        assert against(again, new) == before
    added = Archive.open(tmp_path).add(new[0], new[1])
    assert added == 90 and Archive.open(tmp_path).rows == 1290
    assert not list((tmp_path / "_archive").glob("tmp-*"))      # the failed updates' files gone
    assert Archive.open(tmp_path).add(new[0], new[1]) == 0      # the same pages: nothing new


KILL = """
import os, signal, sys, numpy as np
sys.path.insert(0, {root!r}); sys.path.insert(0, {tests!r})
from test_archive_index import pages
from pipeline.compare.archive import Archive
old = pages(1200, 1); new = pages(90, 2, dup_of=old)
def die(stage):
    if stage == {stage!r}:
        os.kill(os.getpid(), signal.SIGKILL)
Archive.open({path!r}).add(new[0], new[1], _at=die)
"""


@pytest.mark.parametrize("stage", ["segment", "lists"])
def test_a_killed_update_leaves_the_archive_usable(tmp_path, data, stage):
    old, new = data
    arch = _build(tmp_path, old)
    before = against(arch, new)
    code = KILL.format(root=str(ROOT), tests=str(Path(__file__).parent), stage=stage,
                       path=str(tmp_path))
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.returncode == -9, p.stderr
    assert list((tmp_path / "_archive").glob("*seg-*")) != []
    again = Archive.open(tmp_path)
    assert again.rows == 1200 and not again.rebuilt
    assert against(again, new) == before
    assert Archive.open(tmp_path).add(new[0], new[1]) == 90


@pytest.mark.parametrize("lose", ["manifest", "torn manifest", "quantiser", "segment index"])
def test_lost_index_files_are_rebuilt(tmp_path, data, lose):
    old, new = data
    arch = _build(tmp_path, old)
    want = against(arch, new)
    root = tmp_path / "_archive"
    if lose == "manifest":
        (root / "manifest.json").unlink()
    elif lose == "torn manifest":
        (root / "manifest.json").write_text('{"format": 1, "segm')
    elif lose == "quantiser":
        for q in root.glob("q-*"):
            __import__("shutil").rmtree(q)
    else:
        for d in root.glob("seg-*/ix-*"):
            __import__("shutil").rmtree(d)
            break
    again = Archive.open(tmp_path)
    assert again.rebuilt or lose == "segment index"
    assert again.rows == 1200
    assert against(again, new) == want
    assert not Archive.open(tmp_path).rebuilt                     # repaired on disk


def test_stale_quantiser_is_trained_again(tmp_path, data):
    old, new = data
    Archive.open(tmp_path).add(old[0][:100], _sub(old[1], slice(0, 100)))
    q1 = Archive.open(tmp_path).qid
    Archive.open(tmp_path).add(old[0][100:], _sub(old[1], slice(100, None)), index_now=False)
    arch = Archive.open(tmp_path)          # 1200 rows on a quantiser trained on 100
    assert arch.qid != q1 and arch.trained_rows == 1200
    assert against(arch, new) == exact(old, new)
