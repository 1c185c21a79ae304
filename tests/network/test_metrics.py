"""Metrics agree with networkx's reference implementations; tables and CSV say what they measured."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from kg.network.metrics import (
    betweenness,
    communities,
    compute_metrics,
    metrics_table,
    most_central,
    pagerank,
    simple_graph,
    write_metrics_csv,
)
from tests.network.graphs import synthetic_view


def weighted_karate() -> nx.Graph:
    g = nx.karate_club_graph()
    for u, v in g.edges:
        g[u][v]["weight"] = 1 + (u * v) % 4
    return g


@pytest.mark.parametrize("make", [weighted_karate, lambda: nx.gnp_random_graph(60, 0.05, seed=3, directed=True),
                                  lambda: nx.DiGraph([(1, 2), (2, 3), (3, 1), (3, 4)])])  # node 4 dangles
def test_pagerank_is_networkx_pagerank(make):
    g = make()
    ours, reference = pagerank(g), _pagerank_python(g, weight="weight", tol=1e-12, max_iter=1000)
    assert ours.keys() == reference.keys()
    assert all(abs(ours[n] - reference[n]) < 1e-9 for n in g)  # igraph solves exactly; networkx iterates
    assert abs(sum(ours.values()) - 1) < 1e-9


def test_pagerank_of_an_empty_graph():
    assert pagerank(nx.Graph()) == {}


def test_betweenness_is_exact_on_small_graphs_and_sampled_on_large_ones():
    g = weighted_karate()
    exact = nx.betweenness_centrality(g, normalized=True)
    assert betweenness(g) == pytest.approx(exact)
    sampled = betweenness(g, sample_above=10, sample=8, seed=1)
    assert sampled.keys() == exact.keys() and sampled != pytest.approx(exact)
    assert sampled == pytest.approx(nx.betweenness_centrality(g, k=8, seed=1, normalized=True))  # networkx's sample
    assert sampled == betweenness(g, sample_above=10, sample=8, seed=1)  # seeded: repeatable


def test_communities_cover_every_node_largest_first():
    g = weighted_karate()
    g.add_node("alone")
    found = communities(g, seed=2)
    assert set(found) == set(g)
    sizes = [sum(1 for c in found.values() if c == i) for i in range(max(found.values()) + 1)]
    assert sizes == sorted(sizes, reverse=True) and len(sizes) >= 3
    assert communities(nx.DiGraph([(1, 2), (2, 1), (3, 4)])) in ({1: 0, 2: 0, 3: 1, 4: 1}, {1: 1, 2: 1, 3: 0, 4: 0})


def test_multigraphs_are_collapsed_adding_weights():
    g = nx.MultiDiGraph()
    g.add_edge("a", "b", key="mentions", weight=1)
    g.add_edge("a", "b", key="usesMethod", weight=2)
    g.add_edge("b", "c", key="cites")
    s = simple_graph(g)
    assert isinstance(s, nx.DiGraph) and not s.is_multigraph() and s["a"]["b"]["weight"] == 3 and s["b"]["c"]["weight"] == 1
    rows = {r.node: r for r in compute_metrics(g)}
    assert rows["b"].degree == 3 and rows["b"].weighted_degree == 4


def test_compute_metrics_ranks_by_pagerank():
    g = synthetic_view(300)
    rows = compute_metrics(g)
    assert len(rows) == 300 and [r.pagerank for r in rows] == sorted((r.pagerank for r in rows), reverse=True)
    top = rows[0]
    assert top.label == g.nodes[top.node]["label"] and top.type == g.nodes[top.node]["type"]
    assert top.degree == g.degree(top.node) and top.weighted_degree == g.degree(top.node, weight="weight")


def test_most_central_keeps_the_top_nodes():
    g = synthetic_view(200)
    sub = most_central(g, 25)
    ranks = pagerank(g)
    assert sub.number_of_nodes() == 25 and sub.graph["top"] == 25
    assert min(ranks[n] for n in sub) >= sorted(ranks.values(), reverse=True)[24]
    assert most_central(g, 1000) is g


def test_table_and_csv():
    g = synthetic_view(40)
    rows = compute_metrics(g)
    table = metrics_table(rows, top=5)
    lines = table.splitlines()
    assert lines[0].split() == ["#", "label", "type", "degree", "w.degree", "pagerank", "betweenness", "community"]
    assert len(lines) == 2 + 5 + 1 and lines[-1] == "(35 more nodes)"
    out = io.StringIO()
    write_metrics_csv(rows, out)
    parsed = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(parsed) == 40 and parsed[0]["node"] == rows[0].node
    assert float(parsed[0]["pagerank"]) == pytest.approx(rows[0].pagerank, rel=1e-5)
    assert int(parsed[0]["degree"]) == rows[0].degree


def test_stats_of_a_real_view(graph):
    from kg.network import view

    rows = compute_metrics(view(graph, "comention"))
    assert rows[0].label in ("England", "NHS England", "Clinical Commissioning Group")
    assert all(0 <= r.betweenness <= 1 for r in rows)


def test_igraph_loads_without_matplotlib_which_still_imports_afterwards():
    import subprocess
    import sys

    code = ("import sys; from kg.network.metrics import load_igraph; load_igraph(); "
            "print('matplotlib' in sys.modules); import matplotlib; print(matplotlib.__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "matplotlib"]
