"""Centrality and communities of a view: degree, weighted degree, PageRank, betweenness, Leiden.

The measures are computed by igraph (C), which on views of 100,000 nodes is
tens to hundreds of times faster than networkx, with networkx's answers:
PageRank (Page et al., 1999; igraph's PRPACK, within 1e-6 of
``networkx.pagerank``), betweenness by Brandes' algorithm (2001), estimated
from ``sample`` source nodes on graphs over ``sample_above`` nodes (Brandes
and Pich, 2007; the sources networkx would draw for the same seed, and its
scaling, so both give the same numbers), and communities by the Leiden
algorithm (Traag, Waltman and van Eck, 2019; leidenalg, modularity, seeded),
which improves on Louvain's (Blondel et al., 2008): communities are always
connected, and on 100,000 nodes it took 2.2 s where networkx's Louvain took
608 s. Multigraphs are collapsed first, parallel edges adding their weights;
edges without a ``weight`` weigh 1.

``metrics_table(compute_metrics(view(graph, "comention")), top=10)`` is the
table ``kg stats`` prints.
"""

from __future__ import annotations

import csv
import io
import os
import random
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any, TextIO

from kg._io import atomic_write_text, spreadsheet_safe

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["NodeMetrics", "compute_metrics", "pagerank", "betweenness", "communities", "weighted_degree",
           "simple_graph", "undirected_graph", "load_igraph", "to_igraph", "central_ranks", "choose_nodes",
           "most_central", "metrics_table", "write_metrics_csv",
           "SAMPLE_ABOVE", "SAMPLE_SIZE"]

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


def undirected_graph(g: nx.Graph) -> nx.Graph:
    """``g`` as a simple undirected Graph: directions dropped, parallel and opposite edges adding their weights,
    self-loops left out; node data kept."""
    import networkx as nx

    if not g.is_directed() and not g.is_multigraph():
        return g
    out = nx.Graph()
    out.add_nodes_from(g.nodes(data=True))
    out.graph.update(g.graph)
    for u, v, w in g.edges(data="weight", default=1):
        if u == v:
            continue
        if out.has_edge(u, v):
            out[u][v]["weight"] += w
        else:
            out.add_edge(u, v, weight=w)
    return out


def load_igraph() -> Any:
    """The ``igraph`` module. igraph's drawing code imports matplotlib.pyplot as igraph loads (seconds on
    a busy machine, for pictures citekg never asks igraph for), so unless matplotlib is loaded already it is
    hidden while igraph loads; igraph then keeps a stand-in for its drawing functions only, and
    matplotlib itself imports normally afterwards."""
    if "igraph" in sys.modules or "matplotlib" in sys.modules:
        import igraph
        return igraph
    sys.modules["matplotlib"] = None  # type: ignore[assignment]  # `import matplotlib` raises ImportError
    try:
        import igraph
    finally:
        del sys.modules["matplotlib"]
    return igraph


def to_igraph(g: nx.Graph) -> tuple[Any, list[Any]]:
    """``g`` (collapsed by :func:`simple_graph`) as an igraph ``Graph`` with a ``weight`` edge attribute,
    and the list of ``g``'s nodes in igraph's vertex order."""
    igraph = load_igraph()

    simple = simple_graph(g)
    nodes = list(simple)
    index = {n: i for i, n in enumerate(nodes)}
    edges, weights = [], []
    for u, v, w in simple.edges(data="weight", default=1):
        edges.append((index[u], index[v]))
        weights.append(float(w))
    out = igraph.Graph(n=len(nodes), edges=edges, directed=simple.is_directed())
    out.es["weight"] = weights
    return out, nodes


def weighted_degree(g: nx.Graph) -> dict[str, float]:
    """Sum of the weights of each node's edges (in and out)."""
    return {n: float(d) for n, d in g.degree(weight="weight")}


def pagerank(g: nx.Graph, alpha: float = 0.85) -> dict[str, float]:
    """PageRank by weighted edges (directed graphs follow the edges; undirected ones both ways);
    dangling nodes spread their rank evenly. ``networkx.pagerank``'s answer, from igraph."""
    if len(g) == 0:
        return {}
    ig_graph, nodes = to_igraph(g)
    weights = "weight" if ig_graph.ecount() else None
    ranks = ig_graph.pagerank(directed=ig_graph.is_directed(), damping=alpha, weights=weights)
    return dict(zip(nodes, ranks))


def betweenness(g: nx.Graph, sample_above: int = SAMPLE_ABOVE, sample: int = SAMPLE_SIZE,
                seed: int = 0) -> dict[str, float]:
    """Normalised betweenness centrality (unweighted shortest paths), as ``networkx.betweenness_centrality``
    gives it; estimated from ``sample`` sources (those networkx draws for ``seed``) when the graph has more
    than ``sample_above`` nodes."""
    ig_graph, nodes = to_igraph(g)
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    directed = ig_graph.is_directed()
    pairs = 1 if directed else 2  # igraph counts an undirected pair once, networkx both ways
    if len(g) > sample_above and sample < n:
        sources = random.Random(seed).sample(nodes, sample)
        index = {node: i for i, node in enumerate(nodes)}
        raw = ig_graph.betweenness(directed=directed, sources=[index[s] for s in sources])
        chosen = set(sources)
        k = len(sources)
        scale = {True: 1 / ((k - 1) * (n - 2)) if k > 1 else 0.0, False: 1 / (k * (n - 2))}
        return {node: raw[i] * pairs * scale[node in chosen] for i, node in enumerate(nodes)}
    raw = ig_graph.betweenness(directed=directed)
    return {node: raw[i] * pairs / ((n - 1) * (n - 2)) for i, node in enumerate(nodes)}


def communities(g: nx.Graph, seed: int = 0) -> dict[str, int]:
    """Leiden communities (modularity) of the undirected, weighted graph: node → community number,
    0 the largest; a node without links is a community of its own."""
    ig_graph, nodes = to_igraph(undirected_graph(g))  # loads igraph before leidenalg does
    import leidenalg

    if ig_graph.ecount() == 0:
        groups = [[n] for n in nodes]
    else:
        # Two iterations, leidenalg's default: iterating until stable (-1) took 23 s on 20,000 nodes against
        # 1.7 s, for the same modularity (0.71).
        partition = leidenalg.find_partition(ig_graph, leidenalg.ModularityVertexPartition, weights="weight",
                                             n_iterations=2, seed=seed)
        groups = [[nodes[i] for i in members] for members in partition]
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


def central_ranks(g: nx.Graph) -> dict[Any, float]:
    """Each node's PageRank on the undirected, weighted graph: the measure ``--top`` ranks by. Undirected, so
    that the works a view's edges point to (authors, cited works) do not outrank the documents pointing to them."""
    return pagerank(undirected_graph(g))


def most_central(g: nx.Graph, top: int) -> nx.Graph:
    """The subgraph of ``top`` nodes, ranked by undirected PageRank (:func:`central_ranks`; ties: higher degree,
    then IRI), with every edge between them. In a view of documents and what they link to, at most half the
    places go to the best-ranked non-documents and the rest to the documents most linked to them, so that the
    map keeps its documents and its links (see :func:`choose_nodes`)."""
    if top >= len(g):
        return g
    keep = choose_nodes(g, top)
    sub = g.subgraph(keep).copy()
    sub.graph.update(g.graph, top=top)
    return sub


def choose_nodes(g: nx.Graph, top: int, ranks: dict[Any, float] | None = None,
                 always: frozenset[Any] = frozenset()) -> list[Any]:
    """The ``top`` nodes a smaller map of ``g`` keeps, ``always`` among them. Nodes are ranked by ``ranks``
    (default: :func:`central_ranks`). Where the view holds both documents (``kind`` ``document``) and other
    nodes, the others take at most half the places, best ranked first, and documents fill the rest: those
    linked to the most kept nodes, then best ranked."""
    ranks = central_ranks(g) if ranks is None else ranks
    top = max(top, 0)

    def order(nodes: Any) -> list[Any]:
        return sorted(nodes, key=lambda n: (n not in always, -ranks.get(n, 0.0), -g.degree(n), str(n)))

    documents = [n for n, kind in g.nodes(data="kind") if kind == "document"]
    if not documents or len(documents) == len(g):
        return order(g)[:top]
    is_document = set(documents)
    others = order(n for n in g if n not in is_document)
    kept = others[:min(len(others), max((top + 1) // 2, top - len(documents)), top)]
    chosen = set(kept)
    linked = {d: sum(1 for m in _neighbours(g, d) if m in chosen) for d in documents}
    rest = sorted(documents, key=lambda d: (d not in always, -linked[d], -ranks.get(d, 0.0), str(d)))
    return kept + rest[:top - len(kept)]


def _neighbours(g: nx.Graph, node: Any) -> set[Any]:
    if g.is_directed():
        return set(g.successors(node)) | set(g.predecessors(node))
    return set(g.neighbors(node))


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
