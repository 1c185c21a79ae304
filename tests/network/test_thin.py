"""Thinning a view into a readable map: association strength, the limits, what the report says, determinism."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.errors import UsageError
from kg.network import view
from kg.network.metrics import choose_nodes, most_central
from kg.network.thin import EVERYTHING, READABLE, Thinning, association_strength, thin_view
from tests.network.graphs import synthetic_view


def cooccurrence() -> nx.Graph:
    """a–b 4 times, a–c 1, b–c 1, c–d 2: total weight W = 8; node weights a 5, b 5, c 4, d 2."""
    g = nx.Graph(view="comention")
    for u, v, w in (("a", "b", 4), ("a", "c", 1), ("b", "c", 1), ("c", "d", 2)):
        g.add_edge(u, v, weight=w, predicate="comention")
    for n, docs in (("a", 5), ("b", 5), ("c", 3), ("d", 2)):
        g.nodes[n].update(label=n, type="Body", kind="entity", documents=docs, years=())
    return g


def test_association_strength_by_hand():
    s = association_strength(cooccurrence())
    # 2W · w_ij / (w_i · w_j), W = 8
    assert s[("a", "b")] == pytest.approx(2 * 8 * 4 / (5 * 5))  # 2.56
    assert s[("a", "c")] == pytest.approx(2 * 8 * 1 / (5 * 4))  # 0.8
    assert s[("c", "d")] == pytest.approx(2 * 8 * 2 / (4 * 2))  # 4.0: d is linked to nothing else


def test_links_per_node_keeps_the_strongest_by_association_strength():
    g = cooccurrence()
    thinned, report = thin_view(g, Thinning(links_per_node=1))
    # a's strongest: b (2.56); b's: a; c's: d (4.0); d's: c. a–c (0.8) and b–c (0.8) go.
    assert {tuple(sorted(e)) for e in thinned.edges()} == {("a", "b"), ("c", "d")}
    assert thinned["c"]["d"]["strength"] == 4.0
    assert [(c.setting, c.edges) for c in report.cuts] == [("links_per_node", 2)]
    raw, _ = thin_view(g, Thinning(links_per_node=1, normalisation="none"))
    assert {tuple(sorted(e)) for e in raw.edges()} == {("a", "b"), ("c", "d")}  # by weight: c keeps d (2)


def test_minimum_occurrences_and_weight():
    g = cooccurrence()
    thinned, report = thin_view(g, Thinning(min_occurrences=3, min_weight=2))
    # d (2 documents) goes with c–d; a–c and b–c weigh 1; c is then left without links.
    assert set(thinned) == {"a", "b"} and set(thinned.edges()) == {("a", "b")}
    assert [(c.setting, c.nodes, c.edges) for c in report.cuts] == [
        ("min_occurrences", 1, 1), ("min_weight", 0, 2), ("isolated", 1, 0)]
    assert report.summary() == "2 of 4 nodes and 1 of 4 links shown"


def test_the_limits_hold_and_the_report_adds_up():
    g = synthetic_view(3000)
    thinned, report = thin_view(g, Thinning(max_nodes=400, max_edges=900, links_per_node=5))
    assert thinned.number_of_nodes() <= 400 and thinned.number_of_edges() <= 900
    assert report.nodes_before == 3000 and report.edges_before == g.number_of_edges()
    assert report.nodes_before - sum(c.nodes for c in report.cuts) == report.nodes_after == thinned.number_of_nodes()
    assert report.edges_before - sum(c.edges for c in report.cuts) == report.edges_after == thinned.number_of_edges()
    assert all(thinned.degree(n) > 0 for n in thinned)  # nothing left dangling
    assert dict(thinned.nodes(data=True)) == {n: g.nodes[n] for n in thinned}  # attributes kept
    again, _ = thin_view(g, Thinning(max_nodes=400, max_edges=900, links_per_node=5))
    assert list(again.nodes) == list(thinned.nodes) and list(again.edges(data=True)) == list(thinned.edges(data=True))


def test_every_node_keeps_its_strongest_link_under_the_edge_limit():
    g = synthetic_view(600)
    thinned, _ = thin_view(g, Thinning(max_nodes=None, max_edges=650, links_per_node=None))
    strength = association_strength(g)
    for n in thinned:
        best = max(g.edges(n), key=lambda e: (strength[tuple(sorted(e, key=str))], -len(str(e[1]))))
        assert thinned.degree(n) >= 1
        assert max(strength[tuple(sorted(e, key=str))] for e in thinned.edges(n)) == strength[tuple(sorted(best, key=str))]


def test_the_defaults_make_a_readable_map_and_everything_keeps_all():
    g = synthetic_view(2000)
    thinned, report = thin_view(g)
    assert thinned.number_of_nodes() <= READABLE.max_nodes and thinned.number_of_edges() <= READABLE.max_edges
    assert report.thinned and report.to_dict()["cuts"][0]["setting"] == "max_nodes"
    whole, nothing = thin_view(g, EVERYTHING)
    assert whole is g and not nothing.thinned and nothing.summary() == f"all 2,000 nodes and {g.number_of_edges():,} links shown"


def test_bad_settings_are_usage_errors():
    with pytest.raises(UsageError, match="normalisation"):
        Thinning(normalisation="cosine")
    with pytest.raises(UsageError, match="max-nodes"):
        Thinning(max_nodes=0)


def documents_and_people() -> nx.MultiDiGraph:
    """40 papers, each by 2 of 10 prolific authors and mentioning 1 of 5 bodies: the people outrank the
    papers on PageRank, as in the full view where --top used to keep only people."""
    g = nx.MultiDiGraph()
    for i in range(40):
        paper = f"paper{i:02}"
        g.add_node(paper, label=paper, type="Paper", kind="document", documents=0, years=(2010,))
        for person in (f"person{i % 10}", f"person{(i + 3) % 10}"):
            g.add_node(person, label=person, type="Person", kind="person", documents=8, years=(2010,))
            g.add_edge(paper, person, key="creator", predicate="creator", weight=1)
        body = f"body{i % 5}"
        g.add_node(body, label=body, type="Body", kind="entity", documents=8, years=(2010,))
        g.add_edge(paper, body, key="mentions", predicate="mentions", weight=1)
    return g


def test_top_keeps_documents_and_the_links_between_kept_nodes():
    g = documents_and_people()
    sub = most_central(g, 20)
    kinds = [d["kind"] for _, d in sub.nodes(data=True)]
    assert len(sub) == 20 and kinds.count("document") == 10  # half the places go to documents
    assert sub.number_of_edges() >= 20  # a map, not a grid of dots
    assert all(sub.degree(n) >= 2 for n, kind in sub.nodes(data="kind") if kind == "document")
    assert set(choose_nodes(g, 20, always=frozenset({"paper39"}))) >= {"paper39"}


def test_a_real_view_thinned(graph):
    g = view(graph, "full")
    thinned, report = thin_view(g, Thinning(max_nodes=60, max_edges=120))
    assert thinned.number_of_nodes() <= 60 and thinned.number_of_edges() <= 120 and report.thinned
    assert any(d["kind"] == "document" for _, d in thinned.nodes(data=True))
    assert thinned.graph["view"] == "full" and isinstance(thinned, nx.MultiDiGraph)


def test_a_self_loop_stays_with_its_node_and_the_report_adds_up():
    g = cooccurrence()
    g.add_edge("a", "a", weight=1, predicate="comention")
    thinned, report = thin_view(g, Thinning(links_per_node=1))
    assert thinned.has_edge("a", "a")
    assert report.edges_before - sum(c.edges for c in report.cuts) == report.edges_after == thinned.number_of_edges()
