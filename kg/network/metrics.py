"""Centrality and communities of a view: degree, weighted degree, PageRank, betweenness, Louvain.

PageRank is the power iteration of Page et al. (1999), written here in plain
Python so that it needs no SciPy; betweenness is Brandes' algorithm (2001),
estimated from ``sample`` source nodes on graphs over ``sample_above`` nodes
(Brandes and Pich, 2007); communities are Louvain's (Blondel et al., 2008),
both from networkx. Multigraphs are collapsed first, parallel edges adding
their weights; edges without a ``weight`` weigh 1.

>>> rows = compute_metrics(view(graph, "comention"))       # doctest: +SKIP
>>> print(metrics_table(rows, top=10))                     # doctest: +SKIP
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, TextIO

from kg._io import atomic_write_text, spreadsheet_safe

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["NodeMetrics", "compute_metrics", "pagerank", "betweenness", "communities", "weighted_degree",
           "simple_graph", "most_central", "metrics_table", "write_metrics_csv", "SAMPLE_ABOVE", "SAMPLE_SIZE"]

#: Betweenness is exact up to this many nodes and sampled above it.
SAMPLE_ABOVE = 1000
#: Source nodes sampled for betweenness on large graphs.
SAMPLE_SIZE = 128


@dataclass(frozen=True)
class NodeMetrics:
    """The measures of one node of a view."""

    node: str
    label: str
    type: str
    degree: int
    weighted_degree: float
    pagerank: float
    betweenness: float
    community: int


def simple_graph(g: nx.Graph) -> nx.Graph:
    """``g`` without parallel edges (a Graph or DiGraph); their weights are added up, node data kept."""
    import networkx as nx

    if not g.is_multigraph():
        return g
    out = nx.DiGraph() if g.is_directed() else nx.Graph()
    out.add_nodes_from(g.nodes(data=True))
    out.graph.update(g.graph)
    for u, v, w in g.edges(data="weight", default=1):
        if out.has_edge(u, v):
            out[u][v]["weight"] += w
        else:
            out.add_edge(u, v, weight=w)
    return out


def weighted_degree(g: nx.Graph) -> dict[str, float]:
    """Sum of the weights of each node's edges (in and out)."""
    return {n: float(d) for n, d in g.degree(weight="weight")}


def pagerank(g: nx.Graph, alpha: float = 0.85, tol: float = 1e-6, max_iter: int = 200) -> dict[str, float]:
    """PageRank by weighted edges (directed graphs follow the edges; undirected ones both ways);
    dangling nodes spread their rank evenly. Same answer as ``networkx.pagerank``, without SciPy."""
    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    out: list[list[tuple[int, float]]] = [[] for _ in nodes]
    for u, v, w in g.edges(data="weight", default=1):
        out[index[u]].append((index[v], float(w)))
        if not g.is_directed():
            out[index[v]].append((index[u], float(w)))
    total = [sum(w for _, w in links) for links in out]
    dangling = [i for i in range(n) if total[i] == 0]
    x = [1.0 / n] * n
    for _ in range(max_iter):
        new = [0.0] * n
        for i, links in enumerate(out):
            if total[i]:
                share = alpha * x[i] / total[i]
                for j, w in links:
                    new[j] += share * w
        base = (1.0 - alpha) / n + alpha * sum(x[i] for i in dangling) / n
        new = [v + base for v in new]
        error = sum(abs(a - b) for a, b in zip(new, x))
        x = new
        if error < n * tol:
            break
    return dict(zip(nodes, x))


def betweenness(g: nx.Graph, sample_above: int = SAMPLE_ABOVE, sample: int = SAMPLE_SIZE,
                seed: int = 0) -> dict[str, float]:
    """Normalised betweenness centrality (unweighted shortest paths); estimated from ``sample`` sources
    when the graph has more than ``sample_above`` nodes."""
    import networkx as nx

    k = sample if len(g) > sample_above and sample < len(g) else None
    return nx.betweenness_centrality(simple_graph(g), k=k, seed=seed, normalized=True)


def communities(g: nx.Graph, seed: int = 0) -> dict[str, int]:
    """Louvain communities of the undirected, weighted graph: node → community number, 0 the largest."""
    import networkx as nx

    undirected = simple_graph(g)
    if undirected.is_directed():
        merged = nx.Graph()
        merged.add_nodes_from(undirected)
        for u, v, w in undirected.edges(data="weight", default=1):
            if u != v:
                merged.add_edge(u, v, weight=merged[u][v]["weight"] + w if merged.has_edge(u, v) else w)
        undirected = merged
    if undirected.number_of_edges() == 0:
        groups = [{n} for n in undirected]
    else:
        groups = nx.community.louvain_communities(undirected, weight="weight", seed=seed)
    ordered = sorted(groups, key=lambda c: (-len(c), min(map(str, c))))
    return {n: i for i, group in enumerate(ordered) for n in group}


def compute_metrics(g: nx.Graph, *, seed: int = 0, sample_above: int = SAMPLE_ABOVE,
                    sample: int = SAMPLE_SIZE) -> list[NodeMetrics]:
    """Every node's measures, most central (PageRank) first."""
    simple = simple_graph(g)
    ranks = pagerank(simple)
    between = betweenness(simple, sample_above, sample, seed)
    groups = communities(simple, seed)
    weights = weighted_degree(g)
    rows = [NodeMetrics(node=str(n), label=str(d.get("label", n)), type=str(d.get("type", "")),
                        degree=int(g.degree(n)), weighted_degree=weights[n], pagerank=ranks[n],
                        betweenness=between[n], community=groups[n]) for n, d in g.nodes(data=True)]
    return sorted(rows, key=lambda r: (-r.pagerank, -r.degree, r.node))


def most_central(g: nx.Graph, top: int) -> nx.Graph:
    """The subgraph of the ``top`` nodes of highest PageRank (ties: higher degree, then IRI)."""
    if top >= len(g):
        return g
    ranks = pagerank(simple_graph(g))
    keep = sorted(g, key=lambda n: (-ranks[n], -g.degree(n), str(n)))[:max(top, 0)]
    sub = g.subgraph(keep).copy()
    sub.graph.update(g.graph, top=top)
    return sub


def metrics_table(rows: Iterable[NodeMetrics], top: int | None = 20) -> str:
    """An aligned text table of the first ``top`` rows (all with ``None``)."""
    rows = list(rows)
    shown = rows if top is None else rows[:top]
    header = ("#", "label", "type", "degree", "w.degree", "pagerank", "betweenness", "community")
    body = [(str(i), _cut(r.label, 48), r.type, str(r.degree), f"{r.weighted_degree:g}", f"{r.pagerank:.4f}",
             f"{r.betweenness:.4f}", str(r.community)) for i, r in enumerate(shown, 1)]
    widths = [max(len(h), *(len(row[i]) for row in body)) if body else len(h) for i, h in enumerate(header)]
    right = {0, 3, 4, 5, 6, 7}

    def line(cells: tuple[str, ...]) -> str:
        padded = (c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))
        return "  ".join(padded).rstrip()

    out = [line(header), line(tuple("-" * w for w in widths))] + [line(row) for row in body]
    if top is not None and len(rows) > top:
        out.append(f"({len(rows) - top:,} more nodes)")
    return "\n".join(out) + "\n"


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def write_metrics_csv(rows: Iterable[NodeMetrics], target: str | os.PathLike[str] | TextIO) -> None:
    """Write every row as CSV (header ``node,label,type,degree,...``) to a path (atomically) or an open
    text file; labels a spreadsheet would evaluate are neutralised (:func:`kg._io.spreadsheet_safe`)."""
    names = [f.name for f in fields(NodeMetrics)]
    if isinstance(target, (str, os.PathLike)):
        text = io.StringIO(newline="")
        write_metrics_csv(rows, text)
        atomic_write_text(target, text.getvalue())
        return
    writer = csv.DictWriter(target, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: (f"{v:.6g}" if isinstance(v, float) else spreadsheet_safe(v) if isinstance(v, str) else v)
                         for k, v in asdict(row).items()})
