/* bytescope report: renders the data bytescope computed (script#bs-data) and follows clicks.
   Nothing here decodes bytecode or marshal data: offsets, blocks, positions, object
   boundaries and texts all come from the data. */
"use strict";
window.__bsErrors = [];
window.addEventListener("error", function (e) { window.__bsErrors.push(String(e.message)); });

(function () {
  var t0 = performance.now();
  var D = JSON.parse(document.getElementById("bs-data").textContent);
  var parsed = performance.now() - t0;
  var BYTES = (function () {
    var s = atob(D.bytes), a = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
    return a;
  })();
  var SPANS = D.spans;              // [offset, end, depth, parent, text]
  var ROWH = 18, PER = 16;
  var state = { code: -1, ins: -1, span: -1, range: null, line: null };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function $(id) { return document.getElementById(id); }

  /* ---------- page skeleton ---------- */
  function skeleton() {
    var hdr = el("header"); hdr.id = "hdr";
    hdr.appendChild(el("h1", null, D.file || "pyc"));
    var v = D.info.version || {}, h = D.info.header || {};
    function fact(k, val) {
      if (val === undefined || val === null || val === "") return;
      var f = el("span", "fact"); f.appendChild(el("b", null, k)); f.appendChild(document.createTextNode(String(val)));
      hdr.appendChild(f);
    }
    fact("version", v.name || (v.implementation + " " + v.version));
    fact("magic", v.magic + (v.releases ? " (" + v.releases + ")" : ""));
    fact("marshal", "version " + v.marshal_version);
    fact("header", v.header_size + " bytes");
    Object.keys(h).forEach(function (k) { if (k !== "magic" && k !== "size") fact(k, typeof h[k] === "object" ? JSON.stringify(h[k]) : h[k]); });
    fact("file", D.size + " bytes");
    fact("code objects", D.codes.length);
    document.body.appendChild(hdr);
    var main = el("div"); main.id = "main";
    var nav = el("nav"); nav.id = "tree"; main.appendChild(nav);
    var sec = el("section"); sec.id = "code";
    sec.innerHTML =
      '<h2 id="code-title"></h2><div id="problems" class="problems"></div>' +
      '<div id="panes"><div><h3>Disassembly</h3><div id="dis" class="pane"></div></div>' +
      '<div><h3 id="src-title">Source</h3><div id="src" class="pane"></div></div></div>' +
      '<h3>Control-flow graph <span id="cfgnote"></span></h3>' +
      '<div class="legend" id="legend"></div><div id="cfg" class="pane"></div>' +
      '<div id="tables"><div><h3>Exception table</h3><div id="exc" class="tablewrap"></div></div>' +
      '<div><h3>Line table</h3><div id="lt" class="tablewrap"></div></div></div>';
    main.appendChild(sec);
    document.body.appendChild(main);
    var m = el("section"); m.id = "marshal";
    m.innerHTML = '<h3>Marshal stream</h3><div id="merr" class="problems"></div>' +
      '<div id="mgrid"><div id="mtree"></div><div id="hex"></div></div>';
    document.body.appendChild(m);
    if (D.error) $("merr").textContent = "read stopped: " + D.error;
    var kinds = [["fallthrough", "#555"], ["jump", "#1f5fbf"], ["true", "#1a8a3a"], ["false", "#c0392b"],
                 ["exhausted", "#7d3c98"], ["resume", "#138d90"], ["exception", "#d35400"],
                 ["unwind", "#b7950b"]];
    var lg = $("legend");
    kinds.forEach(function (k) { var s = el("span"), i = el("i"); i.style.background = k[1]; s.appendChild(i); s.appendChild(document.createTextNode(k[0])); lg.appendChild(s); });
  }

  /* ---------- code-object tree ---------- */
  function buildTree() {
    var nav = $("tree");
    var roots = D.codes.filter(function (c) { return c.parent === null; });
    var ul = el("ul");
    var stack = roots.slice().reverse().map(function (c) { return [c, ul]; });
    while (stack.length) {
      var it = stack.pop(), c = it[0], parentUl = it[1];
      var li = el("li"), s = el("span", "citem", c.name);
      s.dataset.code = c.id;
      s.appendChild(el("span", "count", c.ins.length));
      li.appendChild(s);
      parentUl.appendChild(li);
      if (c.children.length) {
        var sub = el("ul"); li.appendChild(sub);
        for (var k = c.children.length - 1; k >= 0; k--) stack.push([D.codes[c.children[k]], sub]);
      }
    }
    nav.appendChild(ul);
    nav.addEventListener("click", function (e) {
      var t = e.target.closest(".citem");
      if (!t) return;
      var id = +t.dataset.code;
      selectCode(id);
      var c = D.codes[id];
      if (c.span !== null && c.span !== undefined) selectSpan(c.span, false);
    });
  }

  /* ---------- one code object ---------- */
  function selectCode(id) {
    if (state.code === id) return;
    state.code = id; state.ins = -1;
    var c = D.codes[id];
    document.querySelectorAll("nav#tree .citem.active").forEach(function (x) { x.classList.remove("active"); });
    var item = document.querySelector('nav#tree .citem[data-code="' + id + '"]');
    if (item) { item.classList.add("active"); }
    $("code-title").textContent = c.title;
    $("problems").textContent = c.problems.length ? c.problems.join("\n") : "";
    var dis = $("dis"); dis.textContent = "";
    var frag = document.createDocumentFragment();
    c.ins.forEach(function (r, i) {
      var row = el("div", "row ins", r[2]);
      row.dataset.i = i; row.dataset.offset = r[0];
      frag.appendChild(row);
    });
    dis.appendChild(frag);
    c.byLine = {};
    c.ins.forEach(function (r, i) {
      if (r[3] === null || r[3] === undefined) return;
      for (var ln = r[3]; ln <= (r[4] === null ? r[3] : r[4]) && ln < r[3] + 500; ln++) {
        (c.byLine[ln] = c.byLine[ln] || []).push(i);
      }
    });
    c.byOffset = {};
    c.ins.forEach(function (r, i) { c.byOffset[r[0]] = i; });
    $("cfg").innerHTML = c.svg;
    $("cfgnote").textContent = c.layout_note || "";
    tables(c);
    clearSource();
    var first = c.ins.length ? c.ins[0][3] : null;
    if (D.source && typeof c.firstlineno === "number") scrollSourceTo(c.firstlineno);
    else if (D.source && first) scrollSourceTo(first);
  }

  function tables(c) {
    var exc = $("exc"); exc.textContent = "";
    if (c.exc.length) {
      var t = el("table");
      t.innerHTML = "<tr><th>start</th><th>end</th><th>target</th><th>depth</th><th>lasti</th></tr>";
      c.exc.forEach(function (e) {
        var tr = el("tr", "link");
        [e[0], e[1], e[2], e[3], e[4] ? "lasti" : ""].forEach(function (v) { tr.appendChild(el("td", null, v)); });
        tr.dataset.offset = e[2];
        t.appendChild(tr);
      });
      exc.appendChild(t);
    } else {
      exc.appendChild(el("div", "empty", "No exception table (before 3.11 handlers come from SETUP_* blocks: see the exception edges of the graph)."));
    }
    var lt = $("lt"); lt.textContent = "";
    if (c.linetable.length) {
      var t2 = el("table");
      t2.innerHTML = "<tr><th>offset</th><th>line</th></tr>";
      c.linetable.forEach(function (e) {
        var tr = el("tr", "link");
        tr.appendChild(el("td", null, e[0])); tr.appendChild(el("td", null, e[1] === null ? "--" : e[1]));
        tr.dataset.offset = e[0];
        t2.appendChild(tr);
      });
      lt.appendChild(t2);
    } else lt.appendChild(el("div", "empty", "No line table."));
  }

  function clearDis() {
    document.querySelectorAll("#dis .row.sel, #dis .row.hl, #dis .row.blk-hl").forEach(
      function (x) { x.classList.remove("sel", "hl", "blk-hl"); });
  }

  function selectIns(i, scroll) {
    var c = D.codes[state.code];
    clearDis();
    state.ins = i;
    var row = $("dis").children[i];
    if (!row) return;
    row.classList.add("sel");
    if (scroll) row.scrollIntoView({ block: "center" });
    var r = c.ins[i];
    highlightSource(r[3], r[4], r[5], r[6]);
    markBlock(r[1], r[0]);
  }

  function markBlock(b, offset) {
    var svg = $("cfg");
    svg.querySelectorAll(".blk.sel").forEach(function (x) { x.classList.remove("sel"); });
    svg.querySelectorAll("text.ins.sel").forEach(function (x) { x.classList.remove("sel"); });
    var g = svg.querySelector('.blk[data-block="' + b + '"]');
    if (g) {
      g.classList.add("sel");
      var t = g.querySelector('text.ins[data-offset="' + offset + '"]');
      if (t) t.classList.add("sel");
      var box = g.getBBox ? g.getBBox() : null;
      if (box) {
        var pane = $("cfg");
        var svgEl = pane.querySelector("svg");
        var vb = svgEl.viewBox && svgEl.viewBox.baseVal;
        var ox = vb ? -vb.x : 0, oy = vb ? -vb.y : 0;
        pane.scrollTo({ left: Math.max(0, box.x + ox - pane.clientWidth / 2 + box.width / 2),
                        top: Math.max(0, box.y + oy - 40) });
      }
    }
  }

  function selectBlock(b) {
    var c = D.codes[state.code];
    var blk = c.blocks[b];
    clearDis();
    var first = c.byOffset[blk[2]];
    var rows = $("dis").children;
    for (var k = first; k < first + blk[3]; k++) rows[k].classList.add("blk-hl");
    if (rows[first]) rows[first].scrollIntoView({ block: "center" });
    markBlock(b, -1);
    var r = c.ins[first];
    if (r) highlightSource(r[3], c.ins[first + blk[3] - 1][4], null, null);
  }

  /* ---------- source ---------- */
  function buildSource() {
    var src = $("src");
    if (!D.source) {
      src.appendChild(el("div", "empty", "No source: pass --source-file, or keep the .py next to the pyc."));
      return;
    }
    $("src-title").textContent = "Source — " + (D.source_name || "");
    var frag = document.createDocumentFragment();
    D.source.forEach(function (text, k) {
      var row = el("div", "row srow");
      row.dataset.line = k + 1;
      row.appendChild(el("span", "ln", k + 1));
      row.appendChild(el("span", "tx", text));
      frag.appendChild(row);
    });
    src.appendChild(frag);
  }
  function srcRow(line) { return D.source ? $("src").children[line - 1] : null; }
  function clearSource() {
    if (!state.range) return;
    for (var ln = state.range[0]; ln <= state.range[1]; ln++) {
      var row = srcRow(ln);
      if (!row) continue;
      row.classList.remove("hl");
      row.lastChild.textContent = D.source[ln - 1];
    }
    state.range = null;
  }
  function scrollSourceTo(line) { var r = srcRow(line); if (r) r.scrollIntoView({ block: "center" }); }
  function highlightSource(line, endLine, col, endCol, noScroll) {
    clearSource();
    if (!D.source || line === null || line === undefined || line < 1) return;
    if (endLine === null || endLine === undefined || endLine < line) endLine = line;
    endLine = Math.min(endLine, line + 400, D.source.length);
    state.range = [line, endLine];
    for (var ln = line; ln <= endLine; ln++) {
      var row = srcRow(ln);
      if (!row) continue;
      row.classList.add("hl");
      if (col === null || col === undefined || endCol === null || endCol === undefined) continue;
      var text = D.source[ln - 1];
      var a = ln === line ? col : 0, b = ln === endLine ? endCol : text.length;
      if (a < 0 || b < a) continue;
      var tx = row.lastChild; tx.textContent = "";
      tx.appendChild(document.createTextNode(text.slice(0, a)));
      tx.appendChild(el("mark", null, text.slice(a, b)));
      tx.appendChild(document.createTextNode(text.slice(b)));
    }
    if (!noScroll) scrollSourceTo(line);
  }
  function selectLine(line) {
    var c = D.codes[state.code];
    var hits = c.byLine[line];
    if (!hits || !hits.length) {
      var owners = D.source_lines[String(line)];
      if (!owners || !owners.length) return;
      selectCode(owners[0]);
      c = D.codes[state.code];
      hits = c.byLine[line] || [];
    }
    clearDis();
    var rows = $("dis").children;
    hits.forEach(function (i) { rows[i].classList.add("hl"); });
    if (hits.length) rows[hits[0]].scrollIntoView({ block: "center" });
    clearSource();
    var row = srcRow(line);
    if (row) { row.classList.add("hl"); state.range = [line, line]; }
    state.line = line;
  }

  /* ---------- marshal tree ---------- */
  var KIDS = [], NODES = [];
  function buildMarshal() {
    for (var i = 0; i < SPANS.length; i++) KIDS.push(null);
    var roots = [];
    for (var j = 0; j < SPANS.length; j++) {
      var p = SPANS[j][3];
      if (p < 0) roots.push(j); else (KIDS[p] = KIDS[p] || []).push(j);
    }
    var mt = $("mtree");
    roots.forEach(function (r) { mt.appendChild(node(r)); });
    roots.forEach(function (r) { expand(r); });
    mt.addEventListener("click", function (e) {
      var t = e.target.closest(".mt");
      if (!t) return;
      var idx = +t.parentNode.dataset.span;
      if (e.target.classList.contains("tog")) { toggle(idx); return; }
      selectSpan(idx, false);
    });
  }
  function node(i) {
    var d = el("div", "mnode"); d.dataset.span = i;
    var t = el("div", "mt");
    var tog = el("span", "tog", KIDS[i] ? "▸" : "");
    t.appendChild(tog);
    t.appendChild(document.createTextNode(SPANS[i][0].toString(16).padStart(6, "0") + "  " + SPANS[i][4]));
    d.appendChild(t);
    NODES[i] = d;
    return d;
  }
  function expand(i) {
    var d = NODES[i];
    if (!d || !KIDS[i] || d.querySelector(":scope > .kids")) return;
    var k = el("div", "kids");
    var frag = document.createDocumentFragment();
    KIDS[i].forEach(function (c) { frag.appendChild(node(c)); });
    k.appendChild(frag);
    d.appendChild(k);
    d.firstChild.firstChild.textContent = "▾";
  }
  function toggle(i) {
    var d = NODES[i], k = d && d.querySelector(":scope > .kids");
    if (k) { k.remove(); d.firstChild.firstChild.textContent = "▸"; } else expand(i);
  }
  function selectSpan(i, fromHex) {
    state.span = i;
    var path = [];
    for (var p = SPANS[i][3]; p >= 0; p = SPANS[p][3]) path.push(p);
    for (var k = path.length - 1; k >= 0; k--) expand(path[k]);
    document.querySelectorAll("#mtree .mt.sel").forEach(function (x) { x.classList.remove("sel"); });
    var n = NODES[i];
    if (n) { n.firstChild.classList.add("sel"); n.firstChild.scrollIntoView({ block: "nearest" }); }
    state.hl = [SPANS[i][0], SPANS[i][1]];
    if (!fromHex) {
      var hex = $("hex");
      hex.scrollTop = Math.max(0, Math.floor(SPANS[i][0] / PER) * ROWH - 2 * ROWH);
    }
    renderHex();
  }

  /* ---------- hex view (only the visible rows exist) ---------- */
  var STARTS;
  function buildHex() {
    STARTS = new Uint8Array(BYTES.length + 1);
    SPANS.forEach(function (s) { if (s[0] < STARTS.length) STARTS[s[0]] = 1; });
    var hex = $("hex");
    var inner = el("div"); inner.id = "hexinner";
    inner.style.height = (Math.ceil(BYTES.length / PER) * ROWH + 4) + "px";
    inner.style.position = "relative";
    hex.appendChild(inner);
    var pending = false;
    hex.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; renderHex(); });
    });
    hex.addEventListener("click", function (e) {
      var b = e.target.closest(".b");
      if (!b) return;
      var at = +b.dataset.at, i = innermost(at);
      if (i >= 0) selectSpan(i, true);
    });
    renderHex();
  }
  function innermost(at) {
    var lo = 0, hi = SPANS.length - 1, best = -1;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (SPANS[mid][0] <= at) { best = mid; lo = mid + 1; } else hi = mid - 1; }
    for (var i = best; i >= 0; i = SPANS[i][3]) if (SPANS[i][0] <= at && at < SPANS[i][1]) return i;
    return -1;
  }
  function renderHex() {
    var hex = $("hex"), inner = $("hexinner");
    if (!inner) return;
    var first = Math.max(0, Math.floor(hex.scrollTop / ROWH) - 10);
    var last = Math.min(Math.ceil(BYTES.length / PER), first + Math.ceil(hex.clientHeight / ROWH) + 20);
    var hl = state.hl || [-1, -1];
    var frag = document.createDocumentFragment();
    for (var r = first; r < last; r++) {
      var row = el("div", "hrow");
      row.style.top = (r * ROWH) + "px";
      row.appendChild(el("span", "off", (r * PER).toString(16).padStart(8, "0")));
      var asc = "";
      for (var k = 0; k < PER; k++) {
        var at = r * PER + k;
        if (at >= BYTES.length) break;
        var v = BYTES[at];
        var cls = "b";
        if (at < D.marshal_offset) cls += " hdr";
        if (STARTS[at]) cls += " os";
        if (at >= hl[0] && at < hl[1]) cls += " hl";
        var s = el("span", cls, (v < 16 ? "0" : "") + v.toString(16));
        s.dataset.at = at;
        row.appendChild(s);
        asc += v >= 32 && v < 127 ? String.fromCharCode(v) : ".";
      }
      row.appendChild(el("span", "asc", asc));
      frag.appendChild(row);
    }
    inner.textContent = "";
    inner.appendChild(frag);
  }

  /* ---------- wiring ---------- */
  function wire() {
    $("dis").addEventListener("click", function (e) {
      var r = e.target.closest(".row");
      if (r) selectIns(+r.dataset.i, false);
    });
    // hovering shows an instruction's source without moving anything; clicking selects
    $("dis").addEventListener("mouseover", function (e) {
      var r = e.target.closest(".row");
      if (!r || state.code < 0) return;
      var ins = D.codes[state.code].ins[+r.dataset.i];
      if (ins) highlightSource(ins[3], ins[4], ins[5], ins[6], true);
    });
    $("src").addEventListener("click", function (e) {
      var r = e.target.closest(".srow");
      if (r) selectLine(+r.dataset.line);
    });
    $("cfg").addEventListener("click", function (e) {
      var t = e.target.closest("text.ins");
      var c = D.codes[state.code];
      if (t && t.dataset.offset !== undefined) {
        var i = c.byOffset[+t.dataset.offset];
        if (i !== undefined) { selectIns(i, true); return; }
      }
      var g = e.target.closest(".blk");
      if (g) selectBlock(+g.dataset.block);
    });
    function tableClick(e) {
      var tr = e.target.closest("tr.link");
      if (!tr) return;
      var i = D.codes[state.code].byOffset[+tr.dataset.offset];
      if (i !== undefined) selectIns(i, true);
    }
    $("exc").addEventListener("click", tableClick);
    $("lt").addEventListener("click", tableClick);
  }

  var times = window.__bsTimes = {};
  function timed(name, f) { var t = performance.now(); f(); times[name] = performance.now() - t; }
  times.parse = parsed;
  timed("skeleton", skeleton);
  timed("tree", buildTree);
  timed("source", buildSource);
  timed("wire", wire);
  timed("first code", function () { if (D.codes.length) selectCode(0); });
  window.bytescope = { data: D, selectCode: selectCode, selectIns: selectIns, selectSpan: selectSpan,
                       selectLine: selectLine, selectBlock: selectBlock, state: state };
  // The marshal view is below the fold: build it once the first screen is painted.
  setTimeout(function () {
    timed("marshal", buildMarshal);
    timed("hex", buildHex);
    times.ready = performance.now();
    document.body.dataset.ready = "1";
  }, 0);
})();
