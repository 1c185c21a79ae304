/* citekg explorer (MIT): draws the network held in #kg-data with vis-network.
 * Every text that comes from the data is written with textContent, never as HTML. */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const api = { data: data, ready: false, readyAt: null, shown: 0, network: null };
  window.__kg = api;

  const $ = (id) => document.getElementById(id);
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function cut(text, n) { return text.length > n ? text.slice(0, n - 1) + "…" : text; }
  function span(years) {
    if (!years || !years.length) return "";
    const a = years[0], b = years[years.length - 1];
    return a === b ? String(a) : a + "–" + b;
  }
  const styles = {};
  data.types.forEach((t) => { styles[t.type] = t; });
  const nodes = data.nodes;
  const count = nodes.length;

  // ------------------------------------------------------------------ neighbours
  const neighbours = nodes.map(() => []);
  data.edges.forEach((e) => {
    neighbours[e[0]].push([e[1], e[2], e[3], true]);
    if (e[0] !== e[1]) neighbours[e[1]].push([e[0], e[2], e[3], false]);
  });

  // ------------------------------------------------------------------ header and legend
  $("kg-title").textContent = data.title;
  $("kg-scope").textContent = [data.view, data.scope].filter(Boolean).join(" · ");
  const typeOn = {};
  const typeList = $("kg-types");
  data.types.forEach((t) => {
    typeOn[t.type] = true;
    const li = el("li");
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.id = "kg-type-" + t.type;
    box.dataset.type = t.type;
    box.addEventListener("change", () => { typeOn[t.type] = box.checked; applyFilters(); });
    const glyph = el("span", "kg-glyph", t.glyph);
    glyph.style.color = t.color;
    label.append(box, glyph, el("span", "kg-type-name", t.name), el("span", "kg-count", t.count.toLocaleString("en")));
    li.append(label);
    typeList.append(li);
  });

  let yearFrom = null, yearTo = null;
  if (data.years) {
    const from = $("kg-year-from"), to = $("kg-year-to");
    [from, to].forEach((input) => { input.min = data.years[0]; input.max = data.years[1]; input.step = 1; });
    from.value = data.years[0];
    to.value = data.years[1];
    yearFrom = data.years[0];
    yearTo = data.years[1];
    const show = () => { $("kg-years-out").textContent = yearFrom === yearTo ? String(yearFrom) : yearFrom + "–" + yearTo; };
    const changed = (which) => {
      let a = Number(from.value), b = Number(to.value);
      if (a > b) { if (which === from) { b = a; to.value = b; } else { a = b; from.value = a; } }
      yearFrom = a; yearTo = b; show(); applyFilters();
    };
    from.addEventListener("input", () => changed(from));
    to.addEventListener("input", () => changed(to));
    show();
    $("kg-years").hidden = false;
  }
  // Nodes without a year (undated documents, such as most blog posts, and what only they mention) are a
  // bucket of their own, shown or hidden with its box, never dropped silently by the year range.
  let undatedOn = true;
  if (data.undated && data.years) {
    $("kg-undated-count").textContent = data.undated.toLocaleString("en");
    $("kg-undated-label").hidden = false;
    $("kg-undated").addEventListener("change", (ev) => { undatedOn = ev.target.checked; applyFilters(); });
  }

  // ------------------------------------------------------------------ what thinning cut
  if (data.thinning && data.thinning.cuts.length) {
    const controls = data.controls || {};
    $("kg-map-summary").textContent = data.thinning.summary + ".";
    data.thinning.cuts.forEach((c) => {
      const li = el("li", null, (c.nodes ? c.nodes.toLocaleString("en") + " nodes" : "")
        + (c.nodes && c.edges ? " and " : "") + (c.edges ? c.edges.toLocaleString("en") + " links" : "") + " cut: " + c.reason);
      if (controls[c.setting]) li.append(el("div", "kg-option", "change: " + controls[c.setting]));
      $("kg-cuts").append(li);
    });
    if (controls.all) $("kg-map-all").textContent = "Everything: " + controls.all + ".";
    $("kg-map").hidden = false;
  }

  // ------------------------------------------------------------------ the network
  function tooltip(n) {
    const style = styles[n.type];
    const lines = [n.label];
    const what = [style ? style.name : n.type];
    if (n.years.length) what.push(span(n.years));
    lines.push(what.join(" · "));
    const counts = [n.degree + (n.degree === 1 ? " link" : " links")];
    if (n.documents) counts.push(n.documents + (n.documents === 1 ? " document" : " documents"));
    lines.push(counts.join(" · "));
    return lines.join("\n");
  }
  function shade(hex, f) {
    const v = parseInt(hex.slice(1), 16);
    const c = [v >> 16, (v >> 8) & 255, v & 255].map((x) => Math.round(x * f));
    return "rgb(" + c.join(",") + ")";
  }
  const hidden = new Array(count).fill(false);
  // Node size: the documents a node is found in (VOSviewer's occurrences), else its number of links.
  function size(n) { return (n.documents > 0 ? n.documents : n.degree) + 1; }
  const python = data.layout === "python";
  const visNodes = nodes.map((n, i) => {
    const st = styles[n.type] || { color: "#bbbbbb", shape: "dot" };
    n.search = [n.label].concat(n.names || []).map((x) => x.toLowerCase());
    const o = {
      id: i, label: cut(n.label, 42), title: tooltip(n), shape: st.shape, value: size(n),
      color: { background: st.color, border: shade(st.color, 0.7),
               highlight: { background: st.color, border: "#1f2328" }, hover: { background: st.color, border: "#1f2328" } },
    };
    if (typeof n.x === "number") { o.x = n.x; o.y = n.y; }
    return o;
  });
  const visEdges = data.edges.map((e, i) => {
    const p = data.predicates[e[3]] || "";
    return { id: i, from: e[0], to: e[1], value: e[2], title: e[2] !== 1 ? p + " · " + e[2] : p };
  });
  const weights = data.edges.map((e) => e[2]);
  const varied = weights.some((w) => w !== weights[0]);
  const nodeSet = new vis.DataSet(visNodes);
  const edgeSet = new vis.DataSet(visEdges);
  const options = {
    autoResize: true,
    nodes: {
      borderWidth: 1,
      scaling: { min: 7, max: 38, label: { enabled: true, min: 11, max: 24, drawThreshold: 6, maxVisible: 26 } },
      font: { face: "system-ui, sans-serif", size: 12, color: "#1f2328", strokeWidth: 3, strokeColor: "#ffffff" },
    },
    edges: {
      color: { color: "rgba(110,119,129,0.35)", highlight: "#1f2328", hover: "#57606a", inherit: false },
      smooth: false,
      width: 1,
      scaling: { min: 1, max: varied ? 7 : 1 },
      arrows: { to: { enabled: data.directed, scaleFactor: 0.45 } },
      selectionWidth: 1.5,
    },
    physics: python ? false : {
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -45, centralGravity: 0.012, springLength: 90, springConstant: 0.06, avoidOverlap: 0.3 },
      stabilization: { enabled: true, iterations: data.iterations || 300, updateInterval: 50, fit: true },
      minVelocity: 1,
    },
    interaction: { hover: !python, tooltipDelay: 120, hideEdgesOnDrag: python, hideEdgesOnZoom: python, keyboard: false, multiselect: false },
    layout: { improvedLayout: count <= 150, randomSeed: 7 },
  };
  const container = $("kg-network");
  if (!count) container.append(el("div", "kg-empty", "Nothing to show: the view has no nodes."));
  const network = new vis.Network(container, { nodes: nodeSet, edges: edgeSet }, options);
  api.network = network;

  let settled = python || !count;
  function markReady() {
    if (api.ready) return;
    api.ready = true;
    api.readyAt = performance.now();
    document.documentElement.dataset.ready = "true";
  }
  network.on("stabilizationIterationsDone", () => {
    network.setOptions({ physics: false });
    settled = true;
    network.fit({ animation: false });
    placeLabels();
  });
  network.on("afterDrawing", () => { if (settled) markReady(); });

  // ------------------------------------------------------------------ colour by type, cluster or year
  // Clusters are the view's Leiden communities (computed in Python), numbered largest first; the twelve
  // largest get their own colour, the rest share grey. Years run from light (oldest) to dark (newest).
  const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                   "#9c755f", "#17becf", "#8c564b", "#bcbd22"];
  const GREY = "#bbbbbb";
  function clusterColour(n) {
    return typeof n.cluster === "number" && n.cluster < PALETTE.length ? PALETTE[n.cluster] : GREY;
  }
  function yearColour(n) {
    if (!n.years.length || !data.years) return GREY;
    const y = n.years[n.years.length - 1];
    const f = data.years[1] > data.years[0] ? (y - data.years[0]) / (data.years[1] - data.years[0]) : 1;
    const a = [198, 219, 239], b = [8, 48, 107];  // light to dark blue
    return "rgb(" + a.map((v, k) => Math.round(v + (b[k] - v) * f)).join(",") + ")";
  }
  function colourOf(n, by) {
    if (by === "cluster") return clusterColour(n);
    if (by === "year") return yearColour(n);
    return (styles[n.type] || { color: GREY }).color;
  }
  function hex(c) {  // "rgb(r,g,b)" or "#rrggbb" → "#rrggbb", for shade()
    if (c[0] === "#") return c;
    return "#" + c.slice(4, -1).split(",").map((v) => Number(v).toString(16).padStart(2, "0")).join("");
  }
  function keyItem(colour, name, n) {
    const li = el("li");
    const sw = el("span", "kg-swatch");
    sw.style.background = colour;
    li.append(sw, el("span", "kg-key-name", name));
    if (n !== undefined) li.append(el("span", "kg-count", n.toLocaleString("en")));
    return li;
  }
  function colourBy(by) {
    api.colourBy = by;
    nodeSet.update(nodes.map((n, i) => {
      const c = hex(colourOf(n, by));
      return { id: i, color: { background: c, border: shade(c, 0.7), highlight: { background: c, border: "#1f2328" },
                               hover: { background: c, border: "#1f2328" } } };
    }));
    const key = $("kg-colour-key");
    key.replaceChildren();
    if (by === "cluster") {
      const clusters = data.clusters || [];
      clusters.slice(0, PALETTE.length).forEach((c) => key.append(keyItem(PALETTE[c.id], c.label, c.size)));
      const rest = clusters.slice(PALETTE.length).reduce((t, c) => t + c.size, 0);
      if (rest) key.append(keyItem(GREY, (clusters.length - PALETTE.length) + " smaller clusters", rest));
    } else if (by === "year" && data.years) {
      key.append(keyItem(yearColour({ years: [data.years[0]] }), String(data.years[0])));
      key.append(keyItem(yearColour({ years: [data.years[1]] }), String(data.years[1])));
      if (data.undated) key.append(keyItem(GREY, "undated", data.undated));
    }
    key.hidden = by === "type";
  }
  if (!(data.clusters && data.clusters.length)) $("kg-colour-cluster").disabled = true;
  if (!data.years) $("kg-colour-year").disabled = true;
  document.querySelectorAll('input[name="kg-colour"]').forEach((r) => r.addEventListener("change", () => {
    if (r.checked) colourBy(r.value);
  }));
  api.colourBy = "type";

  // ------------------------------------------------------------------ links by relation
  // One box per kind of link (mentions, cites, replaces, comention...): unticked, its links are not drawn.
  const predicateCount = data.predicates.map(() => 0);
  data.edges.forEach((e) => { predicateCount[e[3]] += 1; });
  if (data.predicates.length > 1) {
    data.predicates.forEach((p, k) => {
      const li = el("li"), label = el("label"), box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.dataset.predicate = p;
      box.addEventListener("change", () => {
        const updates = [];
        data.edges.forEach((e, i) => { if (e[3] === k) updates.push({ id: i, hidden: !box.checked }); });
        edgeSet.update(updates);
      });
      label.append(box, el("span", "kg-pred", p || "link"), el("span", "kg-count", predicateCount[k].toLocaleString("en")));
      li.append(label);
      $("kg-predicates").append(li);
    });
    $("kg-links").hidden = false;
  }
  api.colourOf = (i) => colourOf(nodes[i], api.colourBy);

  // ------------------------------------------------------------------ labels that do not overlap
  // At every zoom, labels are placed largest node first; one that would overlap a label already placed is
  // hidden until the reader zooms in far enough for it to fit.
  const labelShown = new Array(count).fill(true);
  const values = visNodes.map((o) => o.value);
  const vMin = Math.min(...values, 1), vMax = Math.max(...values, 1);
  const byValue = visNodes.map((o, i) => i).sort((a, b) => values[b] - values[a] || a - b);
  function fontPx(i) {
    const f = vMax > vMin ? (values[i] - vMin) / (vMax - vMin) : 0.5;
    return 11 + f * 13;  // scaling.label min 11, max 24, as below
  }
  function placeLabels() {
    if (!count) return;
    const scale = network.getScale();
    const positions = network.getPositions();
    const boxes = new Map();  // grid cell → boxes
    const cell = 80;
    const updates = [];
    const overlaps = (b) => {
      for (let gx = Math.floor(b[0] / cell); gx <= Math.floor(b[2] / cell); gx++) {
        for (let gy = Math.floor(b[1] / cell); gy <= Math.floor(b[3] / cell); gy++) {
          for (const o of boxes.get(gx + "," + gy) || []) {
            if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) return true;
          }
        }
      }
      return false;
    };
    const add = (b) => {
      for (let gx = Math.floor(b[0] / cell); gx <= Math.floor(b[2] / cell); gx++) {
        for (let gy = Math.floor(b[1] / cell); gy <= Math.floor(b[3] / cell); gy++) {
          const key = gx + "," + gy;
          if (!boxes.has(key)) boxes.set(key, []);
          boxes.get(key).push(b);
        }
      }
    };
    for (const i of byValue) {
      let show = false;
      if (!hidden[i] && positions[i]) {
        const px = fontPx(i) * scale;
        const p = network.canvasToDOM(positions[i]);
        const w = visNodes[i].label.length * px * 0.56, h = px * 1.25;
        const radius = 7 * scale;
        const b = [p.x - w / 2, p.y + radius, p.x + w / 2, p.y + radius + h];
        show = px >= 5 && !overlaps(b);
        if (show) add(b);
      }
      if (show !== labelShown[i]) {
        labelShown[i] = show;
        updates.push({ id: i, label: show ? visNodes[i].label : "" });
      }
    }
    if (updates.length) nodeSet.update(updates);
    api.labelsShown = labelShown.filter((x, i) => x && !hidden[i]).length;
  }
  let labelTimer = null;
  function labelsLater() { clearTimeout(labelTimer); labelTimer = setTimeout(placeLabels, 60); }
  network.on("zoom", labelsLater);
  network.on("dragEnd", labelsLater);
  network.on("resize", labelsLater);
  api.placeLabels = placeLabels;
  if (!count) markReady();

  // ------------------------------------------------------------------ filters
  let query = "";
  function passes(n) {
    if (!typeOn[n.type]) return false;
    if (!n.years.length) {
      if (!undatedOn) return false;
    } else if (data.years && (yearFrom > data.years[0] || yearTo < data.years[1])) {
      if (!n.years.some((y) => y >= yearFrom && y <= yearTo)) return false;
    }
    if (query && !n.search.some((s) => s.indexOf(query) >= 0)) return false;
    return true;
  }
  function applyFilters() {
    const updates = [];
    let shown = 0;
    for (let i = 0; i < count; i++) {
      const show = passes(nodes[i]);
      if (show) shown++;
      if (hidden[i] === show) { hidden[i] = !show; updates.push({ id: i, hidden: !show }); }
    }
    if (updates.length) nodeSet.update(updates);
    api.shown = shown;
    $("kg-status").textContent = shown === count ? count.toLocaleString("en") + " nodes"
      : shown.toLocaleString("en") + " of " + count.toLocaleString("en") + " nodes";
    labelsLater();
  }
  let timer = null;
  function shownNodes() { const out = []; for (let i = 0; i < count; i++) if (!hidden[i]) out.push(i); return out; }
  function search(text) {
    query = text.trim().toLowerCase();
    applyFilters();
    if (query) {  // zoom to the matches
      const found = shownNodes();
      if (found.length) network.fit({ nodes: found, animation: false, maxZoomLevel: 1.5 });
    } else {
      network.fit({ animation: false });
    }
    labelsLater();
  }
  // The node Enter picks: one whose label, acronym or other name is exactly the text typed, else the
  // best-connected match; among several exact ones, the best connected.
  function bestMatch() {
    const found = shownNodes();
    if (!found.length) return -1;
    const exact = found.filter((i) => nodes[i].search.indexOf(query) >= 0);
    const pool = exact.length ? exact : found;
    const byLabel = pool.filter((i) => nodes[i].search[0] === query);
    return (byLabel.length ? byLabel : pool).sort((a, b) => nodes[b].degree - nodes[a].degree || a - b)[0];
  }
  $("kg-search").addEventListener("input", (ev) => {
    clearTimeout(timer);
    timer = setTimeout(() => search(ev.target.value), 120);
  });
  $("kg-search").addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    clearTimeout(timer);
    search(ev.target.value);
    const best = bestMatch();
    if (query && best >= 0) select(best);
  });
  $("kg-fit").addEventListener("click", () => { network.fit({ animation: false }); labelsLater(); });
  applyFilters();

  // ------------------------------------------------------------------ the side panel
  const panel = $("kg-panel"), body = $("kg-panel-body");
  function docItem(docIndex, sentenceIndexes) {
    const d = data.docs[docIndex];
    const li = el("li");
    li.append(el("span", "kg-doc-title", d.label));
    const meta = [styles[d.type] ? styles[d.type].name : d.type];
    if (d.year) meta.push(d.year);
    li.append(document.createTextNode(" "), el("span", "kg-doc-meta", "(" + meta.join(", ") + ")"));
    (sentenceIndexes || []).forEach((s) => li.append(el("blockquote", "kg-sentence", data.sentences[s])));
    return li;
  }
  function open(i) {
    const n = nodes[i];
    const st = styles[n.type];
    body.replaceChildren();
    body.append(el("h2", null, n.label));
    if (n.names && n.names.length) body.append(el("p", "kg-meta kg-names", "also: " + n.names.join(", ")));
    const what = [st ? st.name : n.type];
    if (n.years.length) what.push(span(n.years));
    body.append(el("p", "kg-meta", what.join(" · ")));
    const counts = [n.degree + (n.degree === 1 ? " link" : " links")];
    if (n.documents) counts.push(n.documents + (n.documents === 1 ? " document" : " documents"));
    body.append(el("p", "kg-meta", counts.join(" · ")));
    body.append(el("code", "kg-iri", n.iri));
    const d = data.details[String(i)] || {};
    if (d.docs && d.docs.length) {
      body.append(el("h3", null, "Documents"));
      const ol = el("ol", "kg-docs");
      d.docs.forEach((x) => ol.append(docItem(x[0], x[1])));
      body.append(ol);
      if (d.more) body.append(el("p", "kg-meta", "and " + d.more + " more documents"));
    }
    if (d.statements && d.statements.length) {
      const isDocument = n.type in { Paper: 1, BlogPost: 1, Report: 1, WebPage: 1 };
      body.append(el("h3", null, isDocument ? "Evidence" : "Relations"));
      const ul = el("ul", "kg-statements");
      d.statements.forEach((s) => {
        const li = el("li");
        const arrow = el("span", "kg-pred", s[2] ? s[0] + " →" : "← " + s[0]);
        li.append(arrow, document.createTextNode(" "), el("strong", null, s[1]));
        if (s[3] > 1) li.append(document.createTextNode(" "), el("span", "kg-doc-meta", "(" + s[3] + " sentences)"));
        s[4].forEach((q) => {
          li.append(el("blockquote", "kg-sentence", data.sentences[q[0]]));
          if (q[1] >= 0 && data.docs[q[1]].iri !== n.iri) li.append(el("div", "kg-doc-meta", "in " + cut(data.docs[q[1]].label, 90)));
        });
        ul.append(li);
      });
      body.append(ul);
      if (d.moreStatements) body.append(el("p", "kg-meta", "and " + d.moreStatements + " more"));
    }
    const near = neighbours[i].slice().sort((a, b) => b[1] - a[1] || nodes[b[0]].degree - nodes[a[0]].degree).slice(0, 20);
    if (near.length) {
      body.append(el("h3", null, "Linked nodes"));
      const ul = el("ul", "kg-neighbours");
      near.forEach((x) => {
        const li = el("li");
        const b = el("button", "kg-link", cut(nodes[x[0]].label, 70));
        b.type = "button";
        b.addEventListener("click", () => select(x[0]));
        const p = data.predicates[x[2]] || "";
        li.append(b, document.createTextNode(" "), el("span", "kg-pred", x[1] !== 1 ? p + " · " + x[1] : p));
        ul.append(li);
      });
      body.append(ul);
    }
    const from = el("button", null, "Path from here…");
    from.type = "button";
    from.id = "kg-path-from";
    from.addEventListener("click", () => {
      pathFrom = i;
      from.textContent = "Now click the other end";
      from.disabled = true;
    });
    body.append(from);
    panel.hidden = false;
    api.panelFor = i;
    api.edgePanelFor = null;
    api.pathShown = null;
  }
  function edgeTitle(k, tag) {
    const e = data.edges[k];
    const p = data.predicates[e[3]] || "link";
    const h = el(tag);
    h.append(el("span", null, nodes[e[0]].label), document.createTextNode(" "),
             el("span", "kg-pred", data.directed ? p + " →" : "— " + p + " —"), document.createTextNode(" "),
             el("span", null, nodes[e[1]].label));
    return h;
  }
  // The evidence behind link k: statements between its ends, then the documents that make it.
  function edgeEvidence(k, into, heading) {
    const d = (data.edgeDetails || {})[String(k)] || {};
    if (d.statements && d.statements.length) {
      into.append(el(heading, null, "Evidence"));
      const ul = el("ul", "kg-statements");
      d.statements.forEach((st) => {
        const li = el("li");
        li.append(el("span", "kg-pred", st[3] ? st[0] + " →" : "← " + st[0]));
        li.append(el("blockquote", "kg-sentence", data.sentences[st[1]]));
        if (st[2] >= 0) li.append(el("div", "kg-doc-meta", "in " + cut(data.docs[st[2]].label, 90)));
        ul.append(li);
      });
      into.append(ul);
    }
    if (d.docs && d.docs.length) {
      into.append(el(heading, null, "Documents"));
      const ol = el("ol", "kg-docs");
      d.docs.forEach((x) => ol.append(docItem(x[0], x[1])));
      into.append(ol);
      if (d.more) into.append(el("p", "kg-meta", "and " + d.more + " more documents"));
    }
    if (!d.docs && !d.statements) into.append(el("p", "kg-meta", "No document or sentence is recorded for this link in this page."));
  }
  function openEdge(k) {
    const e = data.edges[k];
    body.replaceChildren();
    body.append(edgeTitle(k, "h2"));
    body.append(el("p", "kg-meta", e[2] !== 1 ? "weight " + e[2] : "one link"));
    const ends = el("p", "kg-meta");
    [e[0], e[1]].forEach((i, k2) => {
      const btn = el("button", "kg-link", cut(nodes[i].label, 60));
      btn.type = "button";
      btn.addEventListener("click", () => select(i));
      if (k2) ends.append(document.createTextNode(" · "));
      ends.append(btn);
    });
    body.append(ends);
    edgeEvidence(k, body, "h3");
    panel.hidden = false;
    api.panelFor = null;
    api.edgePanelFor = k;
    api.pathShown = null;
  }

  // ------------------------------------------------------------------ shortest path
  // "Path from here" in a node's panel, then a click on another node: the fewest links between them among
  // the nodes drawn, selected on the map, with the evidence of each hop in the panel.
  const edgeBetween = new Map();
  data.edges.forEach((e, k) => {
    const key = Math.min(e[0], e[1]) + "," + Math.max(e[0], e[1]);
    if (!edgeBetween.has(key)) edgeBetween.set(key, k);
  });
  let pathFrom = null;
  function shortestPath(a, b) {
    const previous = new Map([[a, -1]]);
    const queue = [a];
    for (let q = 0; q < queue.length && !previous.has(b); q++) {
      const i = queue[q];
      for (const x of neighbours[i]) {
        const j = x[0];
        if (!previous.has(j) && !hidden[j]) { previous.set(j, i); queue.push(j); }
      }
    }
    if (!previous.has(b)) return null;
    const path = [];
    for (let i = b; i !== -1; i = previous.get(i)) path.unshift(i);
    return path;
  }
  function showPath(a, b) {
    pathFrom = null;
    const path = shortestPath(a, b);
    body.replaceChildren();
    if (!path) {
      body.append(el("h2", null, "No path"));
      body.append(el("p", "kg-meta", nodes[a].label + " and " + nodes[b].label + " are not linked in this map."));
      api.pathShown = [];
    } else {
      const links = path.slice(1).map((j, h) => edgeBetween.get(Math.min(path[h], j) + "," + Math.max(path[h], j)));
      body.append(el("h2", null, "Path: " + (path.length - 1) + (path.length === 2 ? " link" : " links")));
      body.append(el("p", "kg-meta", path.map((i) => nodes[i].label).join(" → ")));
      links.forEach((k) => {
        const hop = el("section", "kg-hop");
        hop.append(edgeTitle(k, "h3"));
        edgeEvidence(k, hop, "h4");
        body.append(hop);
      });
      network.setSelection({ nodes: path, edges: links }, { highlightEdges: false });
      api.pathShown = path;
    }
    panel.hidden = false;
    api.panelFor = null;
    api.edgePanelFor = null;
  }
  api.path = showPath;
  function close() { panel.hidden = true; api.panelFor = null; api.edgePanelFor = null; pathFrom = null; }
  function select(i) {
    if (hidden[i]) return;
    network.selectNodes([i]);
    network.focus(i, { scale: Math.max(network.getScale(), 1), animation: false });
    open(i);
    labelsLater();
  }
  network.on("click", (params) => {
    if (params.nodes.length && pathFrom !== null && params.nodes[0] !== pathFrom) showPath(pathFrom, params.nodes[0]);
    else if (params.nodes.length) { api.edgePanelFor = null; open(params.nodes[0]); }
    else if (params.edges.length) openEdge(params.edges[0]);
    else close();
  });
  $("kg-close").addEventListener("click", close);
  api.open = open;
  api.openEdge = openEdge;

  // ------------------------------------------------------------------ PNG export
  // The map as drawn now (zoom, filters and colours included) on a white background, saved by a link
  // with a download attribute: no request leaves the page.
  function png() {
    const canvas = container.querySelector("canvas");
    const out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height;
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    return out.toDataURL("image/png");
  }
  $("kg-png").addEventListener("click", () => {
    const a = document.createElement("a");
    a.href = png();
    a.download = (data.title || "citekg").replace(/[^\w\- ]+/g, "").trim().replace(/\s+/g, "-").toLowerCase() + ".png";
    api.lastExport = { name: a.download, size: a.href.length };
    document.body.append(a);
    a.click();
    a.remove();
  });
  api.png = png;
  api.select = select;
  api.stats = () => ({
    nodes: network.body.nodeIndices.length,
    edges: network.body.edgeIndices.length,
    total: count,
    shown: api.shown,
  });
})();
