"""Write a view for other tools: GraphML, GEXF (Gephi), CSV node and edge lists, node-link JSON.

Every format keeps the node types and attributes (``label``, ``type``,
``kind``, ``year``, ``years``, ``documents``) and the edges' ``predicate``
and ``weight``. GraphML and GEXF hold no lists, so ``years`` is written as
``2013;2015``; GEXF also carries each node's colour and size (by degree), so
Gephi opens it looking like the explorer. ``csv`` writes a folder holding
``nodes.csv`` and ``edges.csv``.

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
from kg.vocab.types import node_type

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EXPORT_FORMATS", "export_format", "export_view", "node_link_data"]

#: Format name → file extension (``csv`` is a folder).
EXPORT_FORMATS = {"graphml": ".graphml", "gexf": ".gexf", "csv": "", "json": ".json"}
_ALIASES = {"gephi": "gexf", "node-link": "json", "nodelink": "json", "xml": "graphml"}


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


def _flattened(g: nx.Graph, gephi: bool = False) -> nx.Graph:
    out = g.__class__()
    out.graph.update({k: f for k, v in g.graph.items() if (f := _flat(v)) is not None})
    largest = max((d for _, d in g.degree()), default=1) or 1
    for n, data in g.nodes(data=True):
        attrs = {k: f for k, v in data.items() if (f := _flat(v)) is not None}
        if gephi:
            r, gr, b = node_type(str(data.get("type", ""))).rgb
            attrs["viz"] = {"color": {"r": r, "g": gr, "b": b, "a": 1.0},
                            "size": round(4 + 26 * math.sqrt(g.degree(n) / largest), 2)}
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
    if fmt == "graphml":
        atomic_write(target, lambda out: nx.write_graphml(_flattened(g), out, encoding="utf-8", prettyprint=True))
    elif fmt == "gexf":
        atomic_write(target, lambda out: nx.write_gexf(_flattened(g, gephi=True), out, encoding="utf-8",
                                                       prettyprint=True))
    else:
        atomic_write_text(target, json.dumps(node_link_data(g), ensure_ascii=False, indent=1) + "\n")
    return [target]
