"""A network view as one self-contained HTML page: the interactive explorer.

The page holds everything it needs (vis-network, its own script and styles,
the data) and makes no network request: its Content-Security-Policy allows
nothing but its own two inline scripts (by hash), inline styles and
``data:`` images. The data travel as JSON inside a ``<script
type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and the
page's script writes every text from the sources with ``textContent``, so a
title such as ``<img src=x onerror=alert(1)>`` shows as text.

Views of up to ``layout_threshold`` nodes are laid out in the browser by
vis-network's physics, which stops once the layout is stable; larger ones
get positions computed in Python (:mod:`kg.viz.layout`: the same map on
every run) and no physics. A view thinned for reading
(:func:`kg.network.thin.thin_view`) brings its report, and the page says
what was cut and which option changes it.

``write_explorer(view(graph, "comention"), "graph.html", graph)`` writes the
page of a view made by hand (:func:`kg.viz.explorer` makes both).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg._io import atomic_write_text
from kg._version import __version__
from kg.network.eras import ALL_YEARS, Scope
from kg.network.evidence import evidence, linked_documents
from kg.network.metrics import communities
from kg.network.thin import ThinningReport
from kg.network.views import catalogue
from kg.viz.layout import layout_positions, year_positions
from kg.vocab.resources import package_dir
from kg.vocab.types import TYPE_ORDER, node_type

if TYPE_CHECKING:
    import networkx as nx

    from kg.graph import KnowledgeGraph

__all__ = ["ExplorerOptions", "explorer_data", "explorer_page", "write_explorer", "json_for_html",
           "VIS_NETWORK_VERSION", "LAYOUT_THRESHOLD", "CONTROLS"]

#: The vendored vis-network (kg/viz/assets/VENDORED.md).
VIS_NETWORK_VERSION = "10.1.5"
#: Views with more nodes than this are laid out in Python, with physics off.
LAYOUT_THRESHOLD = 300

#: How a reader changes each thinning setting, by the face that made the page: ``kg viz`` options or
#: ``kg serve``'s ``/explorer`` URL parameters. ``all`` is the way to see the whole view.
CONTROLS: dict[str, dict[str, str]] = {
    "cli": {"max_nodes": "--max-nodes N (or --top N)", "max_edges": "--max-edges N",
            "min_occurrences": "--min-occurrences N", "min_weight": "--min-weight N",
            "links_per_node": "--links-per-node N", "normalisation": "--normalisation none",
            "all": "kg viz --all draws the whole view"},
    "url": {"max_nodes": "size=N", "max_edges": "edges=N", "min_occurrences": "min-occurrences=N",
            "min_weight": "min-weight=N", "links_per_node": "links=N", "normalisation": "normalisation=none",
            "all": "the whole view is kg viz --all, offline"},
}

_ASSETS = package_dir("viz", "assets")
_SEED_POSITIONS_ABOVE = 200
_EVIDENCE_FREE = {"mentions", "usesMethod", "cites"}  # statements shown under documents, not as relations


@dataclass(frozen=True)
class ExplorerOptions:
    """What goes into the page. ``title`` defaults to the view's own."""

    title: str | None = None
    layout_threshold: int = LAYOUT_THRESHOLD
    documents_per_node: int = 25
    sentences_per_document: int = 3
    statements_per_node: int = 30
    documents_per_edge: int = 8
    edge_details_limit: int = 5000  # links with documents and sentences of their own; past it, nodes only
    label_length: int = 42
    seed: int = 0
    controls: str = "cli"  # a key of CONTROLS: how the page tells the reader to change the thinning


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


def json_for_html(data: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element: ``<``, ``>``, ``&`` and line separators escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _script_text(source: str) -> str:
    """Script source that cannot close its element early."""
    return re.sub(r"</(script)", r"<\\/\1", source, flags=re.I)


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def _number(value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return 1
    return int(value) if float(value).is_integer() else round(float(value), 4)


def _iterations(nodes: int) -> int:
    """Physics iterations before the browser's layout is shown: fewer for larger views, which start
    from Python's positions."""
    return 400 if nodes <= _SEED_POSITIONS_ABOVE else max(80, min(300, 100_000 // max(nodes, 1)))


def explorer_data(view: nx.Graph, graph: KnowledgeGraph | None = None, scope: Scope = ALL_YEARS,
                  options: ExplorerOptions = ExplorerOptions(),
                  report: ThinningReport | None = None) -> dict[str, Any]:
    """The page's data: nodes (index = id), edges, type legend, year span, what thinning cut (``report``)
    and, given the ``graph`` the view came from, each node's documents and evidence sentences."""
    nodes = list(view.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    degree = dict(view.degree())
    cluster = communities(view, seed=options.seed) if view.number_of_edges() else {}
    by_year = view.graph.get("layout") == "years"
    python_layout = len(nodes) > options.layout_threshold or by_year
    positions: dict[Any, tuple[float, float]] = {}
    if by_year:
        positions = year_positions(view)
    elif python_layout or len(nodes) > _SEED_POSITIONS_ABOVE:  # physics then starts from these and settles sooner
        positions = layout_positions(view, seed=options.seed)
    counts: dict[str, int] = defaultdict(int)
    all_years: set[int] = set()
    undated = 0
    cat = catalogue(graph) if graph is not None else {}
    out_nodes = []
    for n in nodes:
        data = view.nodes[n]
        kind = str(data.get("type", "Work"))
        counts[kind] += 1
        years = sorted({int(y) for y in data.get("years", ()) if isinstance(y, int)})
        all_years.update(years)
        item: dict[str, Any] = {"label": str(data.get("label", n)), "type": kind, "iri": str(n), "years": years,
                                "degree": degree[n], "documents": int(data.get("documents", 0) or 0)}
        if not years:
            undated += 1
        info = cat.get(n) if isinstance(n, str) else None
        if info is not None and info.names:
            item["names"] = list(info.names)  # acronyms and other names: the search box finds them too
        if n in positions:
            item["x"], item["y"] = positions[n]
        if n in cluster:
            item["cluster"] = cluster[n]
        out_nodes.append(item)
    predicates: list[str] = []
    seen_predicates: dict[str, int] = {}
    edges = []
    for u, v, data in view.edges(data=True):
        predicate = str(data.get("predicate", ""))
        if predicate not in seen_predicates:
            seen_predicates[predicate] = len(predicates)
            predicates.append(predicate)
        edges.append([index[u], index[v], _number(data.get("weight", 1)), seen_predicates[predicate]])
    order = {t: i for i, t in enumerate(TYPE_ORDER)}
    types = [{"type": t, "name": node_type(t).legend, "color": node_type(t).colour, "shape": node_type(t).shape,
              "glyph": node_type(t).glyph, "count": counts[t]}
             for t in sorted(counts, key=lambda t: (order.get(t, len(order)), t))]
    page = {
        "title": options.title or str(view.graph.get("title") or "citekg explorer"),
        "view": str(view.graph.get("view", "")),
        "scope": scope.describe() if scope.bounded else str(view.graph.get("scope", "all years")),
        "directed": view.is_directed(),
        "layout": "python" if python_layout else "browser",
        "iterations": _iterations(len(nodes)),
        "types": types,
        "years": [min(all_years), max(all_years)] if all_years else None,
        "undated": undated,
        "clusters": _clusters(view, cluster, degree),
        "predicates": predicates,
        "nodes": out_nodes,
        "edges": edges,
        "docs": [], "sentences": [], "details": {},
        "thinning": report.to_dict() if report is not None else None,
        "controls": CONTROLS.get(options.controls, CONTROLS["cli"]),
    }
    if graph is not None and nodes:
        page.update(_details(view, graph, scope, index, options))
    return page


def _clusters(view: nx.Graph, cluster: dict[Any, int], degree: dict[Any, int]) -> list[dict[str, Any]]:
    """Each Leiden community of the view (numbered largest first): its size and the label of its
    best-connected node, which names it in the legend."""
    members: dict[int, list[Any]] = defaultdict(list)
    for n, c in cluster.items():
        members[c].append(n)
    return [{"id": c, "size": len(ns),
             "label": str(view.nodes[min(ns, key=lambda n: (-degree[n], str(n)))].get("label", ""))}
            for c, ns in sorted(members.items())]


def _details(view: nx.Graph, graph: KnowledgeGraph, scope: Scope, index: dict[Any, int],
             options: ExplorerOptions) -> dict[str, Any]:
    """Documents and evidence sentences of each node, as tables shared by all nodes."""
    cat = catalogue(graph)
    nodes = [n for n in index if isinstance(n, str)]
    statements = evidence(graph, nodes, scope)
    documents = linked_documents(graph, [n for n in nodes if view.nodes[n].get("kind") != "document"], scope)
    docs: list[dict[str, Any]] = []
    doc_index: dict[str, int] = {}
    sentences: list[str] = []
    sentence_index: dict[str, int] = {}

    def doc_id(iri: str) -> int:
        if iri not in doc_index:
            info = cat.get(iri)
            doc_index[iri] = len(docs)
            docs.append({"label": info.label if info else iri, "year": info.year if info else None,
                         "type": info.type if info else "Work", "iri": iri})
        return doc_index[iri]

    def sentence_id(text: str) -> int:
        if text not in sentence_index:
            sentence_index[text] = len(sentences)
            sentences.append(text)
        return sentence_index[text]

    def label(iri: str) -> str:
        if iri in view:
            return str(view.nodes[iri].get("label", iri))
        info = cat.get(iri)
        return info.label if info else iri.rsplit("/", 1)[-1]

    said: dict[tuple[str, str], list[str]] = defaultdict(list)  # (node, document) → sentences
    about: dict[str, dict[tuple[str, str, bool], list[tuple[str, str | None]]]] = defaultdict(dict)
    stated: dict[tuple[str, str], list[tuple[str, str, str | None]]] = defaultdict(list)  # (s, o) → (p, text, doc)
    for st in statements:
        if st.subject in index and st.object in index:
            stated[(st.subject, st.object)].append((st.predicate, st.text, st.document))
        for node, other, outgoing in ((st.subject, st.object, True), (st.object, st.subject, False)):
            if node not in index:
                continue
            if st.document and st.document != node and st.text not in said[(node, st.document)]:
                said[(node, st.document)].append(st.text)
            is_document = view.nodes[node].get("kind") == "document"
            if (is_document and outgoing) or st.predicate not in _EVIDENCE_FREE:
                about[node].setdefault((st.predicate, other, outgoing), []).append((st.text, st.document))
    details: dict[str, Any] = {}
    per_doc, per_node = options.sentences_per_document, options.statements_per_node
    for node, i in index.items():
        entry: dict[str, Any] = {}
        linked = sorted(documents.get(node, ()), key=lambda d: (-((cat[d].year or 0) if d in cat else 0), label(d)))
        if linked:
            shown = linked[:options.documents_per_node]
            entry["docs"] = [[doc_id(d), [sentence_id(t) for t in said.get((node, d), [])[:per_doc]]] for d in shown]
            if len(linked) > len(shown):
                entry["more"] = len(linked) - len(shown)
        if about.get(node):
            groups = sorted(about[node].items(), key=lambda kv: (-len(kv[1]), kv[0][0], label(kv[0][1])))
            entry["statements"] = [
                [predicate, label(other), outgoing, len(found),
                 [[sentence_id(t), doc_id(d) if d else -1] for t, d in found[:per_doc]]]
                for (predicate, other, outgoing), found in groups[:per_node]]
            if len(groups) > per_node:
                entry["moreStatements"] = len(groups) - per_node
        if entry:
            details[str(i)] = entry
    edge_details: dict[str, Any] = {}
    if view.number_of_edges() <= options.edge_details_limit:
        edge_details = _edge_details(view, documents, said, stated, doc_id, sentence_id, options,
                                     lambda d: (-((cat[d].year or 0) if d in cat else 0), label(d)))
    return {"docs": docs, "sentences": sentences, "details": details, "edgeDetails": edge_details}


def _edge_details(view: nx.Graph, documents: dict[str, set[str]], said: dict[tuple[str, str], list[str]],
                  stated: dict[tuple[str, str], list[tuple[str, str, str | None]]], doc_id: Any, sentence_id: Any,
                  options: ExplorerOptions, newest_first: Any) -> dict[str, Any]:
    """What stands behind each link, by edge number: the documents that make it (the document itself, for a
    link from a document; those linked to both ends, for a co-occurrence or relation) with the sentences
    naming both ends, and the evidence of statements between its ends."""
    per_doc, per_edge = options.sentences_per_document, options.documents_per_edge
    out: dict[str, Any] = {}
    for i, (u, v) in enumerate(view.edges()):
        entry: dict[str, Any] = {}
        kinds = (view.nodes[u].get("kind"), view.nodes[v].get("kind"))
        if kinds[0] == "document" and kinds[1] != "document":
            behind = [u]
        elif kinds[1] == "document" and kinds[0] != "document":
            behind = [v]
        else:
            behind = sorted(documents.get(u, set()) & documents.get(v, set()), key=newest_first)
        rows = []
        for d in behind[:per_edge]:
            if d in (u, v):
                other = v if d == u else u
                texts = said.get((other, d), [])
            else:
                both = set(said.get((v, d), []))
                texts = [t for t in said.get((u, d), []) if t in both]
            rows.append([doc_id(d), [sentence_id(t) for t in texts[:per_doc]]])
        if rows:
            entry["docs"] = rows
            if len(behind) > len(rows):
                entry["more"] = len(behind) - len(rows)
        statements = [[p, sentence_id(t), doc_id(d) if d else -1, forward]
                      for forward, key in ((True, (u, v)), (False, (v, u))) for p, t, d in stated.get(key, [])]
        if statements:
            entry["statements"] = statements[:options.statements_per_node]
        if entry:
            out[str(i)] = entry
    return out


def explorer_page(view: nx.Graph, graph: KnowledgeGraph | None = None, scope: Scope = ALL_YEARS,
                  report: ThinningReport | None = None, **options: Any) -> str:
    """The explorer page for ``view`` as a string (``report``: what thinning cut; ``options``: fields of
    :class:`ExplorerOptions`)."""
    opts = replace(ExplorerOptions(), **options)
    data = explorer_data(view, graph, scope, opts, report)
    vis = _script_text(_asset("vis-network.min.js"))
    app = _script_text(_asset("explorer.js"))
    values = {
        "TITLE": html.escape(data["title"], quote=True),
        "GENERATOR": html.escape(f"citekg {__version__}; vis-network {VIS_NETWORK_VERSION}", quote=True),
        "SCRIPT_HASHES": f"{_csp_hash(vis)} {_csp_hash(app)}",
        "CSS": _asset("explorer.css").replace("</", "<\\/"),
        "DATA": json_for_html(data),
        "VIS": vis,
        "APP": app,
    }
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], _asset("explorer.html"))


def write_explorer(view: nx.Graph, path: str | os.PathLike[str], graph: KnowledgeGraph | None = None,
                   scope: Scope = ALL_YEARS, report: ThinningReport | None = None, **options: Any) -> Path:
    """Write the explorer page for ``view`` to ``path`` (UTF-8) and return the path."""
    return atomic_write_text(path, explorer_page(view, graph, scope, report, **options))
