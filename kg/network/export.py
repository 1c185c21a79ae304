"""Write a view for other tools: GraphML, GEXF (Gephi), CSV node and edge lists, node-link JSON,
VOSviewer map and network files, and Pajek ``.net``.

Every format keeps the node types and attributes (``label``, ``type``,
``kind``, ``year``, ``years``, ``documents``) and the edges' ``predicate``
and ``weight``. GraphML and GEXF hold no lists, so ``years`` is written as
``2013;2015``; both also carry each node's measures from
:func:`kg.network.metrics.compute_metrics` (``degree``, ``weighted_degree``,
``pagerank``, ``betweenness``, sampled above 1,000 nodes) and its Leiden
``cluster``; GEXF also carries each node's colour and size (by degree), so
Gephi opens it looking like the explorer. Positions are written (GEXF
``viz:position``, VOSviewer ``x``/``y``, Pajek coordinates) only when every
node of the view has numeric ``x`` and ``y`` attributes: the network stage
computes no layout, and Gephi and VOSviewer lay out a map without them.
``csv`` writes a folder holding ``nodes.csv`` and ``edges.csv``.

``vosviewer`` writes a folder holding ``map.txt`` (tab-separated, header
``id label [x y] cluster weight<Links> weight<Total link strength>
[weight<Documents>]``; ids 1..n in the view's node order; cluster = Leiden
community + 1, capped at VOSviewer's 1000) and ``network.txt`` (``id1 id2
strength``, one line per undirected link, parallel and opposite edges adding
their weights, self-loops left out). ``pajek`` writes ``*Vertices`` with
quoted labels and ``*Arcs`` (directed views) or ``*Edges``, parallel edges
adding their weights. Neither format has escapes, so their labels are
cleaned: runs of whitespace (tabs, newlines) become one space, ``"`` becomes
``'`` (and in Pajek ``\\`` becomes ``/``); VOSviewer labels holding ``,`` or
``;`` are quoted, as its manual asks.

``export_view(view(graph, "citation"), "citations.gexf")`` writes the citation
network for Gephi.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg._io import atomic_write, atomic_write_text, spreadsheet_safe
from kg.errors import UsageError
from kg.network.metrics import communities, compute_metrics, simple_graph, undirected_graph
from kg.vocab.types import node_type

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EXPORT_FORMATS", "VOS_MAX_CLUSTER", "export_format", "export_view", "node_link_data",
           "positions", "vosviewer_files", "pajek_text"]

#: Format name → file extension (``csv`` and ``vosviewer`` are folders).
EXPORT_FORMATS = {"graphml": ".graphml", "gexf": ".gexf", "csv": "", "json": ".json", "pajek": ".net",
                  "vosviewer": ""}
_ALIASES = {"gephi": "gexf", "node-link": "json", "nodelink": "json", "xml": "graphml", "net": "pajek",
            "vos": "vosviewer"}
#: Leiden communities are numbered from 0; VOSviewer clusters run from 1 to this.
VOS_MAX_CLUSTER = 1000


def export_format(path: str | os.PathLike[str] | None = None, format: str | None = None) -> str:
    """The export format named by ``format`` or by the extension of ``path`` (a path without one: ``csv``)."""
    if format:
        name = format.strip().lower().lstrip(".")
        name = _ALIASES.get(name, name)
        if name not in EXPORT_FORMATS:
            raise UsageError(f"unknown export format {format!r}; formats: {', '.join(EXPORT_FORMATS)}")
        return name
    suffix = Path(path or "").suffix.lower()
    for name, ext in EXPORT_FORMATS.items():
        if ext and suffix == ext:
            return name
    if suffix == ".csv":
        raise UsageError("CSV export writes a folder (nodes.csv and edges.csv): give a folder name, e.g. -o graph-csv")
    if suffix:
        raise UsageError(f"cannot tell the export format from {str(path)!r}; use --format ({', '.join(EXPORT_FORMATS)})")
    return "csv"


def _flat(value: Any) -> Any:
    """An attribute value GraphML and GEXF can hold (lists joined with ``;``, ``None`` dropped)."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(str(v) for v in value)
    if isinstance(value, (str, bool, int, float)):
        return value
    return None if value is None else str(value)


def positions(g: nx.Graph) -> dict[Any, tuple[float, float]] | None:
    """Each node's ``(x, y)`` when every node has numeric ``x`` and ``y`` attributes; otherwise ``None``."""
    found = {}
    for n, data in g.nodes(data=True):
        x, y = data.get("x"), data.get("y")
        if not all(isinstance(c, (int, float)) and not isinstance(c, bool) and math.isfinite(c) for c in (x, y)):
            return None
        found[n] = (float(x), float(y))
    return found or None


def _measures(g: nx.Graph) -> dict[Any, dict[str, Any]]:
    """Node → its measures and Leiden cluster, as attributes (keyed by the node itself, not its string)."""
    by_name = {m.node: m for m in compute_metrics(g)}
    return {n: {"degree": m.degree, "weighted_degree": m.weighted_degree, "pagerank": m.pagerank,
                "betweenness": m.betweenness, "cluster": m.community}
            for n in g if (m := by_name.get(str(n))) is not None}


def _flattened(g: nx.Graph, gephi: bool = False) -> nx.Graph:
    out = g.__class__()
    out.graph.update({k: f for k, v in g.graph.items() if (f := _flat(v)) is not None})
    largest = max((d for _, d in g.degree()), default=1) or 1
    measures = _measures(g)
    placed = positions(g) if gephi else None
    for n, data in g.nodes(data=True):
        attrs = {k: f for k, v in data.items() if (f := _flat(v)) is not None}
        attrs.update(measures.get(n, {}))
        if gephi:
            r, gr, b = node_type(str(data.get("type", ""))).rgb
            attrs["viz"] = {"color": {"r": r, "g": gr, "b": b, "a": 1.0},
                            "size": round(4 + 26 * math.sqrt(g.degree(n) / largest), 2)}
            if placed:
                attrs["viz"]["position"] = {"x": placed[n][0], "y": placed[n][1], "z": 0.0}
        out.add_node(n, **attrs)
    if g.is_multigraph():
        for u, v, k, data in g.edges(keys=True, data=True):
            out.add_edge(u, v, key=k, **{a: f for a, x in data.items() if (f := _flat(x)) is not None})
    else:
        for u, v, data in g.edges(data=True):
            out.add_edge(u, v, **{a: f for a, x in data.items() if (f := _flat(x)) is not None})
    return out


def node_link_data(g: nx.Graph) -> dict[str, Any]:
    """The view as node-link data (``nodes`` and ``edges`` lists; ``years`` stay lists)."""
    import networkx as nx

    try:
        data = nx.node_link_data(g, edges="edges")
    except TypeError:  # networkx < 3.4
        data = nx.node_link_data(g, link="edges")  # type: ignore[call-arg]
    for node in data["nodes"]:
        if isinstance(node.get("years"), tuple):
            node["years"] = list(node["years"])
    return data


def _csv_text(header: list[str], rows) -> str:
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(c) if isinstance(c, str) else c for c in row] for row in rows)
    return text.getvalue()


def _one_line(text: Any) -> str:
    """``text`` on one line: every run of whitespace or control characters becomes one space."""
    return " ".join("".join(c if c.isprintable() else " " for c in str(text)).split())


def _number(value: float) -> str:
    """A weight as VOSviewer and Pajek read it: integers without a decimal point."""
    value = float(value)
    return str(int(value)) if value.is_integer() else format(value, ".10g")


def _vos_label(text: Any) -> str:
    label = _one_line(text).replace('"', "'")
    return f'"{label}"' if ("," in label or ";" in label) else label


def vosviewer_files(g: nx.Graph) -> tuple[str, str]:
    """The view as a VOSviewer map file and network file (texts; see the module's description)."""
    simple = simple_graph(g)
    links = undirected_graph(simple)
    ids = {n: i for i, n in enumerate(g, 1)}
    clusters = communities(simple)  # as compute_metrics numbers them, without its other measures
    placed = positions(g)
    counted = any(isinstance(d, int) and not isinstance(d, bool) for _, d in g.nodes(data="documents"))
    header = ["id", "label"] + (["x", "y"] if placed else []) + ["cluster", "weight<Links>",
                                                                 "weight<Total link strength>"]
    header += ["weight<Documents>"] if counted else []
    rows = ["\t".join(header)]
    for n, data in g.nodes(data=True):
        row = [str(ids[n]), _vos_label(data.get("label", n))]
        if placed:
            row += [format(placed[n][0], ".6g"), format(placed[n][1], ".6g")]
        row += [str(min(clusters[n] + 1, VOS_MAX_CLUSTER)), str(links.degree(n)),
                _number(links.degree(n, weight="weight"))]
        if counted:
            documents = data.get("documents")
            row.append(str(documents if isinstance(documents, int) and documents >= 0 else 0))
        rows.append("\t".join(row))
    pairs = sorted((min(ids[u], ids[v]), max(ids[u], ids[v]), w)
                   for u, v, w in links.edges(data="weight", default=1) if w > 0)
    network = "".join(f"{a}\t{b}\t{_number(w)}\n" for a, b, w in pairs)
    return "\n".join(rows) + "\n", network


def pajek_text(g: nx.Graph) -> str:
    """The view as a Pajek ``.net`` network (see the module's description)."""
    simple = simple_graph(g)
    ids = {n: i for i, n in enumerate(g, 1)}
    placed = positions(g)
    lines = [f"*Vertices {len(ids)}"]
    for n, label in g.nodes(data="label"):
        text = _one_line(n if label is None else label).replace('"', "'").replace("\\", "/")
        where = f" {placed[n][0]:.6g} {placed[n][1]:.6g} 0" if placed else ""
        lines.append(f'{ids[n]} "{text}"{where}')
    lines.append("*Arcs" if simple.is_directed() else "*Edges")
    pairs = ((ids[u], ids[v], w) for u, v, w in simple.edges(data="weight", default=1))
    if not simple.is_directed():
        pairs = ((min(a, b), max(a, b), w) for a, b, w in pairs)
    lines += [f"{a} {b} {_number(w)}" for a, b, w in sorted(pairs)]
    return "\r\n".join(lines) + "\r\n"


def export_view(g: nx.Graph, path: str | os.PathLike[str], format: str | None = None) -> list[Path]:
    """Write the view ``g`` to ``path`` as ``format`` (by default from the extension); return the files written."""
    import networkx as nx

    fmt = export_format(path, format)
    target = Path(path)
    if fmt == "csv":
        degree = dict(g.degree())
        nodes = _csv_text(["id", "label", "type", "kind", "year", "years", "documents", "degree"],
                          ([n, d.get("label", ""), d.get("type", ""), d.get("kind", ""), d.get("year", ""),
                            _flat(d.get("years", ())), d.get("documents", ""), degree[n]]
                           for n, d in g.nodes(data=True)))
        edges = _csv_text(["source", "target", "predicate", "weight"],
                          ([u, v, d.get("predicate", ""), d.get("weight", 1)] for u, v, d in g.edges(data=True)))
        return [atomic_write_text(target / "nodes.csv", nodes), atomic_write_text(target / "edges.csv", edges)]
    if fmt == "vosviewer":
        map_text, network_text = vosviewer_files(g)
        return [atomic_write_text(target / "map.txt", map_text), atomic_write_text(target / "network.txt", network_text)]
    if fmt == "pajek":
        atomic_write_text(target, pajek_text(g))
    elif fmt == "graphml":
        atomic_write(target, lambda out: nx.write_graphml(_flattened(g), out, encoding="utf-8", prettyprint=True))
    elif fmt == "gexf":
        atomic_write(target, lambda out: nx.write_gexf(_flattened(g, gephi=True), out, encoding="utf-8",
                                                       prettyprint=True))
    else:
        atomic_write_text(target, json.dumps(node_link_data(g), ensure_ascii=False, indent=1) + "\n")
    return [target]
