"""The report's content as plain data: a summary of the chosen runs, and one card per page, per
failed document and per duplicate or template group, ready to be serialised to JSON for the
page's script. Boxes stay in page coordinates (the page's SVG overlay has a viewBox of the page's
size, so the browser maps them onto the displayed image exactly)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

from .images import PageImage
from .load import ReportData

LOW_CONF = 0.80
SIGNALS = ("phash_score", "image_score", "text_overlap_score", "text_semantic_score", "micr_score",
           "aligned_score", "aligned_worst_score")
# fields listed first: failed a check, normalised under an assumption; then low confidence
FIELD_ORDER = {"invalid": 0, "ambiguous": 1}


@dataclass
class View:
    summary: dict
    cards: List[dict]                 # page and error cards, errors first
    groups: List[dict]                # group cards
    images: List[PageImage] = field(default_factory=list)   # referenced by index from cards
    counts: Dict[str, int] = field(default_factory=dict)    # cards per filter


def points(box) -> Optional[str]:
    """A polygon as an SVG points attribute, in page coordinates."""
    if not box:
        return None
    return " ".join(f"{round(p['x'], 1):g},{round(p['y'], 1):g}" for p in box)


def _num(x, digits=4):
    return None if x is None else round(float(x), digits)


def field_rank(f: dict, low: float) -> Tuple[int, int]:
    status = f.get("status") or ""
    if status in FIELD_ORDER:
        return (FIELD_ORDER[status], 0)
    if status == "missing":
        return (4, 0)
    conf = f.get("confidence")
    if conf is not None and conf < low:
        return (2, 0)
    return (3, 0)


def page_flags(page: dict, fields: List[dict], low: float) -> dict:
    mc = page.get("mean_conf")
    low_fields = [f for f in fields if f.get("status") != "missing"
                  and f.get("confidence") is not None and f["confidence"] < low]
    return {"low": bool((mc is not None and mc < low) or low_fields),
            "checks": any(f.get("status") in ("invalid", "ambiguous") for f in fields)}


class ImageStore:
    """Renders each (document, page) once and hands out indexes into ``images``."""

    def __init__(self, render: Optional[Callable[[str, Optional[str], List[int]],
                                                 Dict[int, PageImage]]]):
        self.render = render
        self.images: List[PageImage] = []
        self.index: Dict[Tuple[str, int], int] = {}
        self.notes: Dict[Tuple[str, int], Optional[str]] = {}

    def prepare(self, path: str, document_id: Optional[str], pages: List[int]) -> None:
        want = [p for p in pages if (path, p) not in self.notes]
        if not want or self.render is None:
            return
        for n, img in self.render(path, document_id, want).items():
            self.notes[(path, n)] = img.note
            if img.jpeg is not None:
                self.index[(path, n)] = len(self.images)
                self.images.append(img)

    def get(self, path: str, page: int) -> Tuple[Optional[int], Optional[str]]:
        return self.index.get((path, page)), self.notes.get((path, page))


def _page_cards(data: ReportData, store: ImageStore, low: float,
                group_of: Dict[tuple, List[str]]) -> List[dict]:
    pages = data.rows("pages")
    lines_by = defaultdict(list)
    for l in data.rows("lines"):
        lines_by[(l["document_id"], l["page"])].append(l)
    fields_by = defaultdict(list)
    for f in data.rows("fields"):
        fields_by[(f["document_id"], f["page"])].append(f)
    order = {d["document_id"]: i for i, d in enumerate(data.rows("documents"))}
    docs = {d["document_id"]: d for d in data.rows("documents")}
    pages = sorted(pages, key=lambda p: (order.get(p["document_id"], len(order)), p["path"],
                                         p["page"]))
    by_doc = defaultdict(list)
    for p in pages:
        by_doc[(p["path"], p["document_id"])].append(p["page"])
    for (path, doc), nums in by_doc.items():
        store.prepare(path, doc, nums)
    cards = []
    for p in pages:
        key = (p["document_id"], p["page"])
        fs = sorted(fields_by.get(key, []), key=lambda f: field_rank(f, low))
        ls = sorted(lines_by.get(key, []), key=lambda l: l["line_no"])
        img, note = store.get(p["path"], p["page"])
        doc = docs.get(p["document_id"], {})
        groups = group_of.get((p["document_id"], p["page"]), [])
        cards.append({
            "k": "page", "id": f"p{len(cards)}", "doc": p["document_id"], "path": p["path"],
            "page": p["page"], "pages": doc.get("page_count"), "w": p.get("width") or 0,
            "h": p.get("height") or 0, "units": p.get("units"), "dpi": p.get("dpi"),
            "source": p.get("source"), "doc_type": p.get("doc_type"),
            "conf": _num(p.get("mean_conf")), "nlines": p.get("line_count"),
            "secs": _num(p.get("seconds"), 3), "run": p.get("run_id"), "img": img, "note": note,
            "lines": [[points(l.get("box")), _num(l.get("conf"), 3), l.get("text") or "",
                       l["line_no"]] for l in ls],
            "fields": [{"name": f["field"], "value": f.get("value"), "raw": f.get("raw_value"),
                        "type": f.get("type"), "conf": _num(f.get("confidence"), 3),
                        "status": f.get("status"), "msg": f.get("message"),
                        "ext": f.get("extractor"), "box": points(f.get("box")),
                        "lines": list(f.get("line_nos") or [])} for f in fs],
            "groups": groups,
            **page_flags(p, fs, low),
        })
    return cards


def _error_cards(data: ReportData) -> List[dict]:
    return [{"k": "error", "id": f"e{i}", "doc": d["document_id"], "path": d["path"],
             "error": d.get("error") or "(no message)", "file_type": d.get("file_type"),
             "size": d.get("size_bytes"), "secs": _num(d.get("seconds"), 3),
             "run": d.get("run_id")}
            for i, d in enumerate(r for r in data.rows("documents") if r.get("status") == "error")]


def _altered_cards(data: ReportData, store: ImageStore, page_card: Dict[tuple, str]) -> List[dict]:
    """One card per ``altered`` pair, shown before every group: the same MICR identity with
    another payee or amount first (an altered cheque presented), then the rest by score."""
    rows = [c for c in data.rows("comparisons") if c.get("verdict") == "altered"]
    rows.sort(key=lambda c: (not str(c.get("reason") or "").startswith("ALTERED CHEQUE"),
                             c["path_a"], c["page_a"], c["path_b"], c["page_b"]))
    for c in rows:
        for side in ("a", "b"):
            store.prepare(c[f"path_{side}"], c[f"document_id_{side}"], [c[f"page_{side}"]])
    cards = []
    for n, c in enumerate(rows, start=1):
        members = []
        for side in ("a", "b"):
            path, page, doc = c[f"path_{side}"], c[f"page_{side}"], c[f"document_id_{side}"]
            img, note = store.get(path, page)
            members.append({"path": path, "page": page, "doc": doc, "img": img, "note": note,
                            "card": page_card.get((doc, page))})
        cards.append({"k": "group", "id": f"a{n}", "gid": f"alt-{n:05d}", "run": c["run_id"],
                      "kind": "altered", "size": 2, "members": members,
                      "micr": str(c.get("reason") or "").startswith("ALTERED CHEQUE"),
                      "differing": list(c.get("differing_fields") or []),
                      "pairs": [{"a": 0, "b": 1, "verdict": "altered", "reason": c.get("reason"),
                                 "score": _num(c.get("score"), 3),
                                 **{s: _num(c.get(s), 3) for s in SIGNALS}}]})
    return cards


def _group_cards(data: ReportData, store: ImageStore, page_card: Dict[tuple, str]) -> List[dict]:
    members = defaultdict(list)
    kind = {}
    for g in data.rows("groups"):
        gid = (g["run_id"], g["group_id"])
        members[gid].append(g)
        kind[gid] = g["kind"]
    comps = data.rows("comparisons")
    by_pair = {}
    for c in comps:
        a, b = (c["document_id_a"], c["page_a"]), (c["document_id_b"], c["page_b"])
        by_pair[(c["run_id"], frozenset([a + (c["path_a"],), b + (c["path_b"],)]))] = c
    todo = defaultdict(set)
    for ms in members.values():
        for m in ms:
            todo[(m["path"], m["document_id"])].add(m["page"])
    for (path, doc), nums in todo.items():
        store.prepare(path, doc, sorted(nums))
    cards = []
    order = sorted(members, key=lambda g: (kind[g] != "duplicate", g[0], g[1]))
    for gid in order:
        ms = sorted(members[gid], key=lambda m: (m["path"], m["page"]))
        out_members = []
        for m in ms:
            img, note = store.get(m["path"], m["page"])
            out_members.append({"path": m["path"], "page": m["page"], "doc": m["document_id"],
                                "img": img, "note": note,
                                "card": page_card.get((m["document_id"], m["page"]))})
        pairs = []
        for i in range(len(ms)):
            for j in range(i + 1, len(ms)):
                a = (ms[i]["document_id"], ms[i]["page"], ms[i]["path"])
                b = (ms[j]["document_id"], ms[j]["page"], ms[j]["path"])
                c = by_pair.get((gid[0], frozenset([a, b])))
                if c is None or c["verdict"] == "different":
                    continue
                pairs.append({"a": i, "b": j, "verdict": c["verdict"], "reason": c.get("reason"),
                              "score": _num(c.get("score"), 3),
                              **{s: _num(c.get(s), 3) for s in SIGNALS}})
        pairs.sort(key=lambda p: -(p["score"] or 0))
        cards.append({"k": "group", "id": f"g{len(cards)}", "gid": gid[1], "run": gid[0],
                      "kind": kind[gid], "size": len(ms), "members": out_members,
                      "pairs": pairs})
    return cards


def build_view(data: ReportData, render=None, low: float = LOW_CONF) -> View:
    """Cards and summary of ``data``; ``render(path, document_id, pages)`` gives page images
    (None: no images)."""
    from .summary import summarise

    store = ImageStore(render)
    group_of: Dict[tuple, List[str]] = defaultdict(list)
    for g in data.rows("groups"):
        key = (g["document_id"], g["page"])
        if g["group_id"] not in group_of[key]:
            group_of[key].append(g["group_id"])
    errors = _error_cards(data)
    pages = _page_cards(data, store, low, group_of)
    page_card = {(c["doc"], c["page"]): c["id"] for c in pages}
    groups = _altered_cards(data, store, page_card) + _group_cards(data, store, page_card)
    cards = errors + pages
    counts = {
        "all": len(cards), "errors": len(errors),
        "low": sum(c.get("low", False) for c in pages),
        "checks": sum(c.get("checks", False) for c in pages),
        "duplicates": sum(g["kind"] in ("duplicate", "altered") for g in groups),
        "templates": sum(g["kind"] == "template" for g in groups),
    }
    missing_images = sum(1 for c in pages if c["img"] is None) if render else 0
    summary = summarise(data, pages, groups, low, missing_images)
    return View(summary, cards, groups, store.images, counts)
