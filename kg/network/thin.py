"""Readable maps: a view thinned the way VOSviewer thins its maps, with a record of what was cut.

A co-occurrence view of a large corpus links nearly everything to
everything (761 entities and 102,653 links on 20,000 records): drawn whole
it is a solid disc. :func:`thin_view` keeps a map a reader can follow, in
the steps VOSviewer takes (van Eck and Waltman, 2010; 2014):

1. **minimum occurrences**: nodes other than documents linked to by fewer
   than ``min_occurrences`` documents are dropped;
2. **number of nodes**: the ``max_nodes`` best-ranked nodes are kept
   (:func:`kg.network.metrics.choose_nodes`: PageRank on the undirected
   graph, documents kept beside what they link to);
3. **minimum link strength**: links weighing less than ``min_weight``
   (shared documents, for co-occurrence views) are dropped;
4. **links per node**: each node keeps its ``links_per_node`` strongest
   links (a link stays when either end keeps it), strength being the
   *association strength* of the link (van Eck and Waltman, 2009):
   ``s_ij = 2W · w_ij / (w_i · w_j)``, its weight over the weight expected
   were its ends linked at random (``w_i`` a node's total link weight,
   ``W`` the total), so that links between two hubs do not crowd out the
   specific ones; ``normalisation="none"`` ranks by raw weight instead;
5. **number of links**: the ``max_edges`` strongest links are kept, each
   node's strongest one first, so that no node loses its last link here;
6. nodes left without any link are dropped (unless the view had no links).

Every step is recorded in a :class:`ThinningReport`, which the explorer
shows (what was cut, and the option that changes it). Parallel edges of a
multigraph (a document that mentions an entity and uses it as a method)
count as one link and are kept or cut together. The result is
deterministic: ties are broken by node identifiers.

On the co-mention view of a 20,000-record store,
``thin_view(view(graph, "comention"))`` returns the thinned view and a report
whose ``summary()`` reads "500 of 761 nodes and 2,000 of 102,653 links shown".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from kg.errors import UsageError
from kg.network.metrics import central_ranks, choose_nodes

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Thinning", "Cut", "ThinningReport", "thin_view", "association_strength", "NORMALISATIONS",
           "READABLE", "EVERYTHING", "thinning_with"]

#: Ways of ranking links: ``association`` (strength relative to chance, VOSviewer's default) or ``none`` (weight).
NORMALISATIONS = ("association", "none")


@dataclass(frozen=True)
class Thinning:
    """How far to thin a view (``None``: no limit). The defaults make a map of at most 500 nodes and 2,000
    links, which a browser draws in a second and a reader can follow."""

    max_nodes: int | None = 500
    max_edges: int | None = 2000
    min_occurrences: int = 1
    min_weight: float = 1
    links_per_node: int | None = 10
    normalisation: str = "association"
    keep: frozenset[str] = field(default_factory=frozenset)  # nodes never cut (the centre of an ego view)

    def __post_init__(self) -> None:
        if self.normalisation not in NORMALISATIONS:
            raise UsageError(f"unknown normalisation {self.normalisation!r}; one of {', '.join(NORMALISATIONS)}")
        for name in ("max_nodes", "max_edges", "links_per_node"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise UsageError(f"{name.replace('_', '-')} must be at least 1, not {value}")
        if self.min_occurrences < 0 or self.min_weight < 0:
            raise UsageError("the minimum occurrences and link weight cannot be negative")

    @property
    def cuts_nothing(self) -> bool:
        """Whether this thinning keeps every view whole."""
        return (self.max_nodes is None and self.max_edges is None and self.links_per_node is None
                and self.min_occurrences <= 1 and self.min_weight <= 1)

    def settings(self) -> dict[str, Any]:
        """The settings as a plain dict (for pages and URLs)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "keep"}


#: The default thinning: at most 500 nodes and 2,000 links.
READABLE = Thinning()
#: No thinning at all (``kg viz --all``).
EVERYTHING = Thinning(max_nodes=None, max_edges=None, links_per_node=None)


@dataclass(frozen=True)
class Cut:
    """One step of thinning and what it removed. ``setting`` names the :class:`Thinning` field that governs it
    (``isolated`` for the nodes the other steps left without links)."""

    setting: str
    value: Any
    nodes: int
    edges: int
    reason: str


@dataclass(frozen=True)
class ThinningReport:
    """What a view held, what its map shows, and every cut in between."""

    nodes_before: int
    edges_before: int
    nodes_after: int
    edges_after: int
    thinning: Thinning
    cuts: tuple[Cut, ...] = ()

    @property
    def thinned(self) -> bool:
        """Whether anything was cut."""
        return self.nodes_after < self.nodes_before or self.edges_after < self.edges_before

    def summary(self) -> str:
        """One line: ``500 of 761 nodes and 2,000 of 102,653 links shown`` (or ``every node and link``)."""
        if not self.thinned:
            return f"all {self.nodes_after:,} nodes and {self.edges_after:,} links shown"
        return (f"{self.nodes_after:,} of {self.nodes_before:,} nodes and {self.edges_after:,} of "
                f"{self.edges_before:,} links shown")

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (for the explorer page)."""
        return {"nodesBefore": self.nodes_before, "edgesBefore": self.edges_before,
                "nodesAfter": self.nodes_after, "edgesAfter": self.edges_after,
                "summary": self.summary(), "settings": self.thinning.settings(),
                "cuts": [{"setting": c.setting, "value": c.value, "nodes": c.nodes, "edges": c.edges,
                          "reason": c.reason} for c in self.cuts]}


def association_strength(g: nx.Graph) -> dict[tuple[Any, Any], float]:
    """The association strength of every linked pair of ``g`` (keys ``(u, v)`` ordered so that ``str(u) <= str(v)``,
    parallel edges and both directions summed): ``2W · w_uv / (w_u · w_v)``, 1 where the pair is linked as
    often as chance would link it (van Eck and Waltman, 2009)."""
    return _strengths(_pair_weights(g))


def _pair(u: Any, v: Any) -> tuple[Any, Any]:
    return (u, v) if str(u) <= str(v) else (v, u)


def _pair_weights(g: nx.Graph) -> dict[tuple[Any, Any], float]:
    pairs: dict[tuple[Any, Any], float] = defaultdict(float)
    for u, v, w in g.edges(data="weight", default=1):
        if u != v:
            pairs[_pair(u, v)] += float(w) if isinstance(w, (int, float)) else 1.0
    return dict(pairs)


def thin_view(g: nx.Graph, thinning: Thinning = READABLE) -> tuple[nx.Graph, ThinningReport]:
    """``g`` thinned by ``thinning`` (a new graph of the same class and graph data; ``g`` itself when nothing
    is cut), and the report of what was cut. Edges kept carry ``strength``: their association strength (their
    weight with ``normalisation="none"``), also written on ``g``'s edges when nothing is cut."""
    before_nodes, before_edges = g.number_of_nodes(), g.number_of_edges()
    cuts: list[Cut] = []
    keep = {n for n in thinning.keep if n in g}
    nodes = set(g)
    all_pairs = _pair_weights(g)
    counts = _edge_counts(g)

    def cut(setting: str, value: Any, gone_nodes: int, gone_edges: int, reason: str) -> None:
        if gone_nodes or gone_edges:
            cuts.append(Cut(setting, value, gone_nodes, gone_edges, reason))

    def edges_among(members: set[Any]) -> int:
        return sum(counts[p] for p in counts if p[0] in members and p[1] in members)

    current_edges = before_edges
    ranked = g
    if thinning.min_occurrences > 1:
        rare = {n for n, d in g.nodes(data=True) if d.get("kind") != "document" and n not in keep
                and int(d.get("documents", 0) or 0) < thinning.min_occurrences}
        if rare:
            nodes -= rare
            remaining = edges_among(nodes)
            cut("min_occurrences", thinning.min_occurrences, len(rare), current_edges - remaining,
                f"nodes found in fewer than {thinning.min_occurrences} documents")
            current_edges = remaining
            ranked = g.subgraph(nodes).copy()  # a copy: networkx's subgraph views are slow to walk
    if thinning.max_nodes is not None and len(nodes) > thinning.max_nodes:
        chosen = set(choose_nodes(ranked, thinning.max_nodes, central_ranks(ranked), frozenset(keep)))
        remaining = edges_among(chosen)
        cut("max_nodes", thinning.max_nodes, len(nodes) - len(chosen), current_edges - remaining,
            f"nodes beyond the {thinning.max_nodes:,} most central (PageRank, undirected)")
        nodes, current_edges = chosen, remaining
    pairs = {p: w for p, w in all_pairs.items() if p[0] in nodes and p[1] in nodes}
    if thinning.min_weight > 1:
        light = {p for p, w in pairs.items() if w < thinning.min_weight}
        if light:
            for p in light:
                del pairs[p]
            cut("min_weight", thinning.min_weight, 0, sum(counts[p] for p in light),
                f"links of weight under {thinning.min_weight:g}")
    strength = _strengths(pairs) if thinning.normalisation == "association" else dict(pairs)
    rank = {p: (-strength[p], -pairs[p], str(p[0]), str(p[1])) for p in pairs}
    kept_pairs = set(pairs)
    if thinning.links_per_node is not None:
        best: set[tuple[Any, Any]] = set()
        by_node: dict[Any, list[tuple[Any, Any]]] = defaultdict(list)
        for p in pairs:
            by_node[p[0]].append(p)
            by_node[p[1]].append(p)
        for links in by_node.values():
            best.update(sorted(links, key=rank.__getitem__)[:thinning.links_per_node])
        dropped = kept_pairs - best
        if dropped:
            cut("links_per_node", thinning.links_per_node, 0, sum(counts[p] for p in dropped),
                f"links beyond each node's {thinning.links_per_node} strongest ({_measure(thinning)})")
        kept_pairs = best
    if thinning.max_edges is not None:
        total = sum(counts[p] for p in kept_pairs)
        if total > thinning.max_edges:
            ordered = sorted(kept_pairs, key=rank.__getitem__)
            strongest: dict[Any, tuple[Any, Any]] = {}
            for p in ordered:
                for end in p:
                    strongest.setdefault(end, p)
            first = set(strongest.values())
            chosen_pairs: set[tuple[Any, Any]] = set()
            used = 0
            for p in [p for p in ordered if p in first] + ordered:
                if p in chosen_pairs or used + counts[p] > thinning.max_edges:
                    continue
                chosen_pairs.add(p)
                used += counts[p]
            cut("max_edges", thinning.max_edges, 0, total - used,
                f"links beyond the {thinning.max_edges:,} strongest ({_measure(thinning)}; "
                "every node keeps its strongest)")
            kept_pairs = chosen_pairs
    linked = {end for p in kept_pairs for end in p}
    if before_edges:
        lonely = {n for n in nodes if n not in linked and n not in keep}
        if lonely:
            nodes -= lonely
            cut("isolated", None, len(lonely), 0, "nodes left without links")
    if not cuts:
        _mark_strength(g, strength)
        return g, ThinningReport(before_nodes, before_edges, before_nodes, before_edges, thinning)
    out = _rebuild(g, nodes, kept_pairs)
    _mark_strength(out, strength)
    report = ThinningReport(before_nodes, before_edges, out.number_of_nodes(), out.number_of_edges(), thinning,
                            tuple(cuts))
    return out, report


def _measure(thinning: Thinning) -> str:
    return "association strength" if thinning.normalisation == "association" else "weight"


def _strengths(pairs: dict[tuple[Any, Any], float]) -> dict[tuple[Any, Any], float]:
    total = sum(pairs.values())
    node_weight: dict[Any, float] = defaultdict(float)
    for (u, v), w in pairs.items():
        node_weight[u] += w
        node_weight[v] += w
    return {(u, v): 2 * total * w / (node_weight[u] * node_weight[v]) for (u, v), w in pairs.items()}


def _edge_counts(g: nx.Graph) -> dict[tuple[Any, Any], int]:
    counts: dict[tuple[Any, Any], int] = defaultdict(int)
    for u, v in g.edges():
        counts[_pair(u, v)] += 1
    return counts


def _rebuild(g: nx.Graph, nodes: set[Any], pairs: set[tuple[Any, Any]]) -> nx.Graph:
    """A copy of ``g`` with only ``nodes``, the edges between them whose pair is in ``pairs`` and their self-loops,
    in ``g``'s order."""
    out = g.__class__()
    out.graph.update(g.graph)
    out.add_nodes_from((n, dict(d)) for n, d in g.nodes(data=True) if n in nodes)
    def kept(u: Any, v: Any) -> bool:  # a self-loop stays with its node
        return u in nodes and v in nodes and (u == v or _pair(u, v) in pairs)

    if g.is_multigraph():
        out.add_edges_from((u, v, k, dict(d)) for u, v, k, d in g.edges(keys=True, data=True) if kept(u, v))
    else:
        out.add_edges_from((u, v, dict(d)) for u, v, d in g.edges(data=True) if kept(u, v))
    return out


def _mark_strength(g: nx.Graph, strength: dict[tuple[Any, Any], float]) -> None:
    """Write ``strength`` on the edges of ``g`` whose pair has one (rounded: the same bytes on every run)."""
    for u, v, d in g.edges(data=True):
        s = strength.get(_pair(u, v))
        if s is not None:
            d["strength"] = round(s, 4)


def thinning_with(base: Thinning = READABLE, **changes: Any) -> Thinning:
    """``base`` with the ``changes`` that are not ``None`` (for options given on a command line or in a URL)."""
    return replace(base, **{k: v for k, v in changes.items() if v is not None})
