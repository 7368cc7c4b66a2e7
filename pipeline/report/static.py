"""The report's stylesheet and script, inlined into the HTML file (no network, no server).

The script renders the cards of the current filter from the JSON data block, a page of them at
a time: a large run never becomes one giant DOM, and a page image (a data URI kept in its own
text block, or a file next to the report) is only decoded when its card is shown."""

CSS = r"""
:root { --ok: #1a7f37; --mid: #b7791f; --bad: #c62828; --tl: #1f6feb; --field: #ff6d00;
        --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       margin: 0; background: #fff; }
header.top { padding: 16px 24px; border-bottom: 1px solid var(--line); background: var(--bg); }
header.top h1 { margin: 0 0 4px; font-size: 20px; }
.sub { color: var(--muted); margin: 0; word-break: break-all; }
main { padding: 0 24px 48px; }
h2 { font-size: 17px; margin: 24px 0 8px; }
h3 { font-size: 15px; margin: 0; word-break: break-all; }
.stats { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px;
         margin: 0; }
.stats > div { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.stats dt { color: var(--muted); font-size: 12px; }
.stats dd { margin: 0; font-size: 20px; font-weight: 600; }
.stats dd.bad { color: var(--bad); }
.cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--line);
         vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; }
td.path, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px;
                 overflow-wrap: anywhere; }
table.fields .mono { overflow-wrap: break-word; }
.notes li { color: var(--mid); }
.toolbar { position: sticky; top: 0; z-index: 5; background: #fff; padding: 8px 0;
           display: flex; flex-wrap: wrap; gap: 6px; align-items: center;
           border-bottom: 1px solid var(--line); }
button { font: inherit; padding: 4px 10px; border: 1px solid var(--line); border-radius: 6px;
         background: var(--bg); cursor: pointer; }
button[aria-pressed="true"] { background: var(--ink); color: #fff; border-color: var(--ink); }
button:disabled { opacity: .45; cursor: default; }
button:focus-visible, .card:focus-visible, tr:focus-visible, input:focus-visible {
  outline: 3px solid var(--tl); outline-offset: 2px; }
.toolbar .n { font-size: 12px; opacity: .8; }
input[type=search] { font: inherit; padding: 4px 8px; min-width: 240px; border: 1px solid var(--line);
                     border-radius: 6px; }
.pager { display: flex; gap: 8px; align-items: center; margin: 10px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 16px; padding: 12px; }
.card.error { border-color: var(--bad); border-left-width: 6px; }
.card > header { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: baseline;
                 margin-bottom: 8px; }
.badge { font-size: 12px; border-radius: 10px; padding: 1px 8px; background: var(--bg);
         border: 1px solid var(--line); }
.badge.bad { color: #fff; background: var(--bad); border-color: var(--bad); }
.badge.warn { color: #fff; background: var(--mid); border-color: var(--mid); }
.body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr); gap: 12px; }
@media (max-width: 900px) { .body { grid-template-columns: 1fr; } }
figure.pg { position: relative; margin: 0; width: 100%; background: #e9ecef;
            border: 1px solid var(--line); }
figure.pg > img, figure.pg > svg, figure.pg > .ph { position: absolute; left: 0; top: 0;
            width: 100%; height: 100%; display: block; }
figure.pg > .ph { display: flex; align-items: center; justify-content: center; padding: 12px;
                  text-align: center; color: var(--muted); font-size: 13px; }
.note { color: var(--mid); font-size: 12px; margin: 4px 0 0; }
svg polygon { fill: none; vector-effect: non-scaling-stroke; }
svg .ln { stroke-width: 1.5; }
svg .ln.hi { stroke: var(--ok); } svg .ln.mid { stroke: var(--mid); }
svg .ln.low { stroke: var(--bad); stroke-width: 2.5; } svg .ln.tl { stroke: var(--tl); }
svg .fb { stroke: var(--field); stroke-width: 2.5; stroke-dasharray: 6 3; }
svg .fb.hl { fill: rgba(255, 109, 0, .28); stroke-width: 4; stroke-dasharray: none; }
.hide-lines svg .ln, .hide-fields svg .fb { visibility: hidden; }
tr.f-invalid td.st, tr.f-ambiguous td.st { color: var(--bad); font-weight: 600; }
tr.f-low td.cf { color: var(--bad); font-weight: 600; }
tr.f-missing { color: var(--muted); }
tr.fr { cursor: pointer; }
tr.fr.hl { background: #fff3e0; }
.legend span { display: inline-block; margin-right: 10px; font-size: 12px; }
.legend i { display: inline-block; width: 14px; height: 3px; vertical-align: middle; margin-right: 4px; }
.members { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 10px; }
td.nowrap { white-space: nowrap; }
.members figure.pg { max-width: 100%; }
.members .cap { font-size: 12px; word-break: break-all; margin: 4px 0; }
details summary { cursor: pointer; color: var(--muted); margin-top: 8px; }
ol.lines { font-family: ui-monospace, monospace; font-size: 12px; margin: 4px 0; }
.keys { color: var(--muted); font-size: 12px; }
kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 4px;
      font-size: 11px; background: var(--bg); }
"""

JS = r"""
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("mmb-data").textContent);
  var SVGNS = "http://www.w3.org/2000/svg";
  var PER = D.page_size, LOW = D.low;
  var state = { filter: "all", q: "", start: 0 };
  var cardsEl = document.getElementById("cards");
  var search = document.getElementById("q");
  var buttons = Array.prototype.slice.call(document.querySelectorAll("button[data-filter]"));
  var byId = {};
  D.cards.forEach(function (c) { byId[c.id] = c; });
  var KEYS = { a: "all", e: "errors", l: "low", c: "checks", d: "duplicates", t: "templates" };

  function el(tag, attrs, kids) {
    var n = document.createElement(tag);
    for (var k in (attrs || {})) {
      if (attrs[k] === null || attrs[k] === undefined) continue;
      if (k === "text") n.textContent = attrs[k]; else n.setAttribute(k, attrs[k]);
    }
    (kids || []).forEach(function (c) { if (c) n.appendChild(c); });
    return n;
  }
  function svgEl(tag, attrs) {
    var n = document.createElementNS(SVGNS, tag);
    for (var k in attrs) if (attrs[k] !== null && attrs[k] !== undefined) n.setAttribute(k, attrs[k]);
    return n;
  }
  function fmt(x, d) { return x === null || x === undefined ? "-" : Number(x).toFixed(d === undefined ? 3 : d); }
  function imgSrc(k) {
    if (k === null || k === undefined) return null;
    if (D.img_src) return D.img_src[k];
    var s = document.getElementById("img-" + k);
    return s ? s.textContent.trim() : null;
  }
  function confClass(c, source) {
    if (source === "text_layer") return "tl";
    if (c === null || c === undefined) return "mid";
    return c < LOW ? "low" : (c < 0.95 ? "mid" : "hi");
  }
  function hay(c) {
    if (c._hay === undefined) {
      var parts = [c.path || "", c.error || "", c.gid || "", c.doc_type || ""];
      (c.fields || []).forEach(function (f) { parts.push(f.name, f.value || "", f.raw || ""); });
      (c.members || []).forEach(function (m) { parts.push(m.path); });
      c._hay = parts.join("\n").toLowerCase();
    }
    return c._hay;
  }
  function list() {
    var f = state.filter, src;
    if (f === "duplicates" || f === "templates") {
      var kinds = f === "duplicates" ? ["altered", "duplicate"] : ["template"];
      src = D.groups.filter(function (g) { return kinds.indexOf(g.kind) >= 0; });
    } else if (f === "errors") src = D.cards.filter(function (c) { return c.k === "error"; });
    else if (f === "low") src = D.cards.filter(function (c) { return c.low; });
    else if (f === "checks") src = D.cards.filter(function (c) { return c.checks; });
    else src = D.cards;
    if (state.q) {
      var q = state.q.toLowerCase();
      src = src.filter(function (c) { return hay(c).indexOf(q) >= 0; });
    }
    return src;
  }

  // a page image (or a placeholder) with its line and field boxes over it, in page coordinates
  function figure(w, h, k, note, lines, fields, source, label) {
    var dims = (k !== null && k !== undefined && D.img_dims) ? D.img_dims[k] : null;
    if (!(w > 0 && h > 0) && dims) { w = dims[0]; h = dims[1]; }
    if (!(w > 0 && h > 0)) { w = 4; h = 3; }
    var fig = el("figure", { "class": "pg",
      style: "aspect-ratio: " + w + " / " + h + "; max-width: calc(85vh * " + (w / h) + ")" });
    var src = imgSrc(k);
    if (src) fig.appendChild(el("img", { src: src, alt: label, decoding: "async" }));
    else fig.appendChild(el("div", { "class": "ph", text: note || "no image" }));
    var svg = svgEl("svg", { viewBox: "0 0 " + w + " " + h, preserveAspectRatio: "none",
                             "aria-hidden": "true" });
    var gl = svgEl("g", { "class": "lines" });
    (lines || []).forEach(function (l) {
      if (!l[0]) return;
      var p = svgEl("polygon", { points: l[0], "class": "ln " + confClass(l[1], source),
                                 "data-line": l[3], "data-conf": l[1] });
      var t = svgEl("title", {}); t.textContent = l[2] + "  (" + fmt(l[1]) + ")";
      p.appendChild(t); gl.appendChild(p);
    });
    var gf = svgEl("g", { "class": "fields" });
    (fields || []).forEach(function (f, i) {
      if (!f.box) return;
      var p = svgEl("polygon", { points: f.box, "class": "fb", "data-field": f.name, "data-i": i });
      var t = svgEl("title", {}); t.textContent = f.name + " = " + (f.value || "") + "  (" + f.status + ")";
      p.appendChild(t); gf.appendChild(p);
    });
    svg.appendChild(gl); svg.appendChild(gf); fig.appendChild(svg);
    return fig;
  }

  function fieldsTable(c, fig) {
    var tb = el("tbody");
    c.fields.forEach(function (f, i) {
      var low = f.status !== "missing" && f.conf !== null && f.conf < LOW;
      var tr = el("tr", { "class": "fr f-" + f.status + (low ? " f-low" : ""), tabindex: "0",
                          "data-field": f.name, "data-i": i,
                          title: (f.msg || "") + (f.raw ? "  raw: " + f.raw : "") }, [
        el("td", { text: f.name }), el("td", { "class": "mono", text: f.value === null ? "" : f.value }),
        el("td", { "class": "cf", text: fmt(f.conf, 2) }), el("td", { "class": "st", text: f.status }),
        el("td", { text: f.msg || "" })]);
      function on() { tr.classList.add("hl"); var p = fig.querySelector('polygon.fb[data-i="' + i + '"]'); if (p) p.classList.add("hl"); }
      function off() { tr.classList.remove("hl"); var p = fig.querySelector('polygon.fb[data-i="' + i + '"]'); if (p) p.classList.remove("hl"); }
      tr.addEventListener("mouseenter", on); tr.addEventListener("mouseleave", off);
      tr.addEventListener("focus", on); tr.addEventListener("blur", off);
      tb.appendChild(tr);
    });
    fig.addEventListener("click", function (ev) {
      var t = ev.target;
      if (t && t.getAttribute && t.getAttribute("data-i") !== null) {
        var row = tb.querySelector('tr[data-i="' + t.getAttribute("data-i") + '"]');
        if (row) row.focus();
      }
    });
    return el("table", { "class": "fields" }, [
      el("thead", {}, [el("tr", {}, ["field", "value", "conf", "status", "message"].map(function (h) {
        return el("th", { text: h }); }))]), tb]);
  }

  function badge(text, cls) { return el("span", { "class": "badge" + (cls ? " " + cls : ""), text: text }); }

  function pageCard(c) {
    var title = c.path + "  (page " + c.page + (c.pages ? " of " + c.pages : "") + ")";
    var fig = figure(c.w, c.h, c.img, c.note, c.lines, c.fields, c.source, title);
    var head = el("header", {}, [el("h3", { text: title }), badge(c.doc_type || "-"),
      badge(c.source === "text_layer" ? "text layer" : "OCR" + (c.dpi ? " @ " + c.dpi + " dpi" : "")),
      badge("conf " + fmt(c.conf), c.conf !== null && c.conf < LOW ? "bad" : ""),
      badge(c.nlines + " lines"), c.secs ? badge(c.secs + " s") : null,
      c.low ? badge("low confidence", "warn") : null, c.checks ? badge("failed checks", "bad") : null]
      .concat(c.groups.map(function (g) { return badge(g, g.indexOf("dup") === 0 ? "bad" : ""); })));
    var left = el("div", {}, [fig, c.note && c.img !== null ? el("p", { "class": "note", text: c.note }) : null]);
    var right = el("div", {}, [c.fields.length ? fieldsTable(c, fig) : el("p", { "class": "note", text: "no fields on this page" })]);
    var lines = el("details", {}, [el("summary", { text: "Text (" + c.lines.length + " lines, reading order)" }),
      el("ol", { "class": "lines", start: "0" }, c.lines.map(function (l) {
        return el("li", { text: l[2] + "   [" + fmt(l[1], 2) + "]" }); }))]);
    return el("article", { "class": "card page", tabindex: "0", id: c.id, "data-kind": "page",
      "data-path": c.path, "data-page": c.page, "data-doc": c.doc, "aria-label": title },
      [head, el("div", { "class": "body" }, [left, right]), lines]);
  }

  function errorCard(c) {
    return el("article", { "class": "card error", tabindex: "0", id: c.id, "data-kind": "error",
      "data-path": c.path, "data-doc": c.doc, "aria-label": "failed: " + c.path }, [
      el("header", {}, [el("h3", { text: c.path }), badge("error", "bad"),
        badge(c.file_type || "unknown"), c.size !== null ? badge(c.size + " bytes") : null]),
      el("p", { "class": "mono", text: c.error })]);
  }

  function groupCard(g) {
    var members = el("div", { "class": "members" }, g.members.map(function (m, i) {
      var page = m.card ? byId[m.card] : null;
      var fig = page ? figure(page.w, page.h, m.img, m.note, [], [], page.source, m.path)
                     : figure(0, 0, m.img, m.note, [], [], null, m.path);
      var open = m.card ? el("button", { type: "button", "class": "open", text: "open page" }) : null;
      if (open) open.addEventListener("click", function () { showCard(m.card); });
      return el("div", { "class": "member", "data-path": m.path, "data-page": m.page }, [
        el("p", { "class": "cap", text: String.fromCharCode(65 + (i % 26)) + ". " + m.path + " (page " + m.page + ")" }),
        fig, m.note && m.img !== null ? el("p", { "class": "note", text: m.note }) : null, open]);
    }));
    var heads = ["pair", "verdict", "score", "pHash", "image", "text overlap", "text semantic", "MICR", "aligned", "reason"];
    var rows = g.pairs.map(function (p) {
      return el("tr", {}, [el("td", { text: String.fromCharCode(65 + (p.a % 26)) + "–" + String.fromCharCode(65 + (p.b % 26)) }),
        el("td", { text: p.verdict }), el("td", { text: fmt(p.score, 2) }),
        el("td", { text: fmt(p.phash_score, 2) }), el("td", { text: fmt(p.image_score, 2) }),
        el("td", { text: fmt(p.text_overlap_score, 2) }), el("td", { text: fmt(p.text_semantic_score, 2) }),
        el("td", { text: fmt(p.micr_score, 2) }),
        el("td", { text: p.aligned_score == null ? "" : fmt(p.aligned_score, 2) + " / " + fmt(p.aligned_worst_score, 2) }),
        el("td", { text: p.reason || "" })]);
    });
    var title = (g.kind === "altered" ? (g.micr ? "Altered cheque (same MICR) " : "Altered copy ")
      : g.kind === "duplicate" ? "Duplicates " : "Same template ") + g.gid + " (" + g.size + " pages)";
    return el("article", { "class": "card group", tabindex: "0", id: g.id, "data-kind": "group",
      "data-group": g.gid, "data-group-kind": g.kind, "aria-label": title }, [
      el("header", {}, [el("h3", { text: title }), badge(g.kind, g.kind === "template" ? "" : "bad")]),
      members,
      el("table", { "class": "pairs" }, [el("thead", {}, [el("tr", {}, heads.map(function (h) { return el("th", { text: h }); }))]),
        el("tbody", {}, rows.length ? rows : [el("tr", {}, [el("td", { colspan: "10", text: "no pair row in comparisons (written with --only-matches?)" })])])])]);
  }

  function make(c) { return c.k === "group" ? groupCard(c) : (c.k === "error" ? errorCard(c) : pageCard(c)); }

  function render(focusFirst) {
    var items = list();
    if (state.start >= items.length) state.start = Math.max(0, Math.floor((items.length - 1) / PER) * PER);
    cardsEl.textContent = "";
    var frag = document.createDocumentFragment();
    items.slice(state.start, state.start + PER).forEach(function (c) { frag.appendChild(make(c)); });
    cardsEl.appendChild(frag);
    var end = Math.min(items.length, state.start + PER);
    var range = items.length ? (state.start + 1) + "–" + end + " of " + items.length : "nothing to show";
    Array.prototype.forEach.call(document.querySelectorAll(".range"), function (r) { r.textContent = range; });
    Array.prototype.forEach.call(document.querySelectorAll("button.prev"), function (b) { b.disabled = state.start === 0; });
    Array.prototype.forEach.call(document.querySelectorAll("button.next"), function (b) { b.disabled = end >= items.length; });
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-filter") === state.filter)); });
    document.getElementById("status").textContent = items.length + " shown by filter '" + state.filter + "'" + (state.q ? " matching '" + state.q + "'" : "");
    cardsEl.setAttribute("data-filter", state.filter);
    cardsEl.setAttribute("data-total", items.length);
    if (focusFirst === true) { var f = cardsEl.querySelector(".card"); if (f) f.focus(); }
    if (focusFirst === "last") { var all = cardsEl.querySelectorAll(".card"); if (all.length) all[all.length - 1].focus(); }
  }
  function setFilter(f) { state.filter = f; state.start = 0; render(); }
  function turn(delta, focus) {
    var n = list().length, s = state.start + delta * PER;
    if (s < 0 || s >= n) return false;
    state.start = s; render(focus); window.scrollTo(0, cardsEl.offsetTop - 60); return true;
  }
  function showCard(id) {
    state.filter = "all"; state.q = ""; search.value = "";
    var items = list(), i = items.findIndex(function (c) { return c.id === id; });
    state.start = Math.floor(Math.max(i, 0) / PER) * PER; render();
    var n = document.getElementById(id); if (n) { n.focus(); n.scrollIntoView({ block: "start" }); }
  }
  function step(dir) {
    var cards = Array.prototype.slice.call(cardsEl.querySelectorAll(".card"));
    if (!cards.length) return;
    var cur = document.activeElement && document.activeElement.closest ? document.activeElement.closest(".card") : null;
    var i = cards.indexOf(cur), j = i < 0 ? (dir > 0 ? 0 : cards.length - 1) : i + dir;
    if (j >= cards.length) { turn(1, true); return; }
    if (j < 0) { turn(-1, "last"); return; }
    cards[j].focus(); cards[j].scrollIntoView({ block: "start" });
  }

  buttons.forEach(function (b) { b.addEventListener("click", function () { setFilter(b.getAttribute("data-filter")); }); });
  Array.prototype.forEach.call(document.querySelectorAll("button.prev"), function (b) { b.addEventListener("click", function () { turn(-1); }); });
  Array.prototype.forEach.call(document.querySelectorAll("button.next"), function (b) { b.addEventListener("click", function () { turn(1); }); });
  search.addEventListener("input", function () { state.q = search.value.trim(); state.start = 0; render(); });
  document.getElementById("show-lines").addEventListener("change", function (e) { cardsEl.classList.toggle("hide-lines", !e.target.checked); });
  document.getElementById("show-fields").addEventListener("change", function (e) { cardsEl.classList.toggle("hide-fields", !e.target.checked); });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target, typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA");
    if (typing) { if (e.key === "Escape") t.blur(); return; }
    if (e.key === "j") { step(1); e.preventDefault(); }
    else if (e.key === "k") { step(-1); e.preventDefault(); }
    else if (e.key === "ArrowRight" || e.key === "n") { turn(1, true); e.preventDefault(); }
    else if (e.key === "ArrowLeft" || e.key === "p") { turn(-1, true); e.preventDefault(); }
    else if (e.key === "/") { search.focus(); e.preventDefault(); }
    else if (KEYS[e.key]) { setFilter(KEYS[e.key]); e.preventDefault(); }
  });
  render();
  document.documentElement.setAttribute("data-ready", "1");
})();
"""
