"""The report's summary: counts from the tables of the chosen runs, and timings, cache hits and
models from their manifests."""
from __future__ import annotations

from collections import Counter
from typing import List, Optional

from .load import ReportData


def _rate(hits: int, misses: int) -> Optional[float]:
    return None if hits + misses == 0 else hits / (hits + misses)


def summarise(data: ReportData, pages: List[dict], groups: List[dict], low: float,
              missing_images: int = 0) -> dict:
    rows = data.rows("documents")
    docs = [d for d in rows if d.get("status") != "duplicate"]  # a copy is not read again
    errors = [d for d in docs if d.get("status") == "error"]
    prow = data.rows("pages")
    fields = data.rows("fields")
    comps = data.rows("comparisons")
    stats = {
        "documents": len(docs),
        "documents_ok": len(docs) - len(errors),
        "errors": len(errors),
        "duplicate_inputs": len(rows) - len(docs),
        "pages": len(prow),
        "ocr_pages": sum(p.get("source") == "ocr" for p in prow),
        "text_layer_pages": sum(p.get("source") == "text_layer" for p in prow),
        "lines": len(data.rows("lines")),
        "fields": len(fields),
        "low_conf_pages": sum(c["low"] for c in pages),
        "check_pages": sum(c["checks"] for c in pages),
        "comparisons": len(comps),
        "duplicate_groups": sum(g["kind"] == "duplicate" for g in groups),
        "altered_pairs": sum(g["kind"] == "altered" for g in groups),
        "template_groups": sum(g["kind"] == "template" for g in groups),
    }
    mc = [p["mean_conf"] for p in prow if p.get("mean_conf") is not None]
    stats["mean_conf"] = round(sum(mc) / len(mc), 4) if mc else None

    timings, cache, models, runs = [], [], [], []
    hits = misses = from_cache = 0
    seen_cache = False
    for r in data.runs:
        m = r.manifest or {}
        runs.append({"run_id": r.run_id, "command": r.command,
                     "started_at": m.get("started_at"), "ended_at": m.get("ended_at"),
                     "version": m.get("mmbatch_version"), "inputs": m.get("inputs") or [],
                     "providers": m.get("providers") or [], "finished": r.manifest is not None,
                     "counts": m.get("counts") or {}})
        t = m.get("timings") or {}
        c = m.get("cache") or {}
        if r.command == "extract":
            if "wall_seconds" in t:
                timings.append(("extract: wall", t["wall_seconds"], "s"))
            if "onnxruntime_seconds" in t:
                timings.append(("extract: inside onnxruntime (all workers)", t["onnxruntime_seconds"], "s"))
            if c.get("enabled"):
                seen_cache = True
                hits += int(c.get("hits") or 0)
                misses += int(c.get("misses") or 0)
                from_cache += int(c.get("pages_from_cache") or 0)
        else:
            for k in ("pages", "signatures", "compare", "wall_seconds"):
                if k in t:
                    timings.append((f"compare: {k.replace('_seconds', '')}", t[k], "s"))
            if c.get("enabled"):
                cache.append(("compare: cache hits / misses",
                              f"{c.get('hits', 0)} / {c.get('misses', 0)}"))
        for name, spec in (m.get("models") or {}).items():
            sha = spec.get("sha256") if isinstance(spec, dict) else None
            models.append({"name": name, "sha256": sha or "", "run": r.command})
    secs = [p["seconds"] for p in prow if p.get("seconds")]
    if secs:
        timings.append(("page: mean (pages processed, not from the cache)",
                        round(sum(secs) / len(secs), 3), "s"))
    slow = sorted((d for d in docs if d.get("seconds") is not None),
                  key=lambda d: -d["seconds"])[:5]
    rate = _rate(hits, misses)
    cache_rows = []
    if seen_cache:
        cache_rows = [("extract: hit rate", "-" if rate is None else f"{rate:.1%}"),
                      ("extract: hits / misses", f"{hits} / {misses}"),
                      ("extract: pages from the cache", str(from_cache))]
    notes = list(data.notes)
    if not data.present.get("documents"):
        notes.append("no documents table: this dataset has no extract run")
    elif not docs:
        notes.append("the chosen runs processed no documents (everything was already in the "
                     "dataset, or no input was found)")
    if data.present.get("documents") and not data.present.get("fields"):
        notes.append("no fields table (a dataset written before fields, or fields were off)")
    if not data.present.get("comparisons"):
        notes.append("no comparisons: run 'mmbatch compare' or 'mmbatch extract --compare' "
                     "to find duplicates and templates")
    if missing_images:
        notes.append(f"{missing_images} page(s) without an image: see the note on each page")
    return {
        "stats": stats,
        "field_status": dict(Counter(f.get("status") or "-" for f in fields).most_common()),
        "verdicts": dict(Counter(c.get("verdict") for c in comps).most_common()),
        "errors": [(d["path"], d.get("error") or "") for d in errors],
        "timings": timings,
        "slowest": [(d["path"], round(d["seconds"], 3)) for d in slow],
        "cache": cache_rows + cache,
        "hit_rate": rate,
        "models": models,
        "runs": runs,
        "notes": notes,
        "low": low,
    }
