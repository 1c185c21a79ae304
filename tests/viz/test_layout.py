"""Python layout for large views: every node placed, communities kept apart, deterministic."""

from __future__ import annotations

import math

import networkx as nx

from kg.viz.layout import layout_positions
from tests.network.graphs import synthetic_view


def test_every_node_gets_a_finite_position_and_isolated_nodes_too():
    g = synthetic_view(400)
    g.add_nodes_from(["lonely-1", "lonely-2"])
    pos = layout_positions(g, seed=3)
    assert set(pos) == set(g)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    assert pos == layout_positions(g, seed=3)


def test_nodes_do_not_pile_up():
    pos = layout_positions(synthetic_view(300))
    points = sorted(pos.values())
    assert len(set(points)) == len(points)


def test_separate_communities_do_not_overlap():
    g = nx.disjoint_union(nx.complete_graph(30), nx.complete_graph(30))
    pos = layout_positions(g)
    a = [pos[n] for n in range(30)]
    b = [pos[n] for n in range(30, 60)]
    centre = lambda pts: (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))  # noqa: E731
    (ax, ay), (bx, by) = centre(a), centre(b)
    radius = max(math.hypot(x - ax, y - ay) for x, y in a)
    assert math.hypot(ax - bx, ay - by) > radius


def test_empty_and_tiny_graphs():
    assert layout_positions(nx.Graph()) == {}
    assert list(layout_positions(nx.path_graph(1))) == [0]
