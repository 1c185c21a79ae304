"""Node positions computed in Python: the same map on every run, and no physics for the browser to run.

Each connected part of the view is laid out on its own by Fruchterman and
Reingold's force-directed algorithm (1991; igraph's implementation, with the
grid approximation on parts over ``GRID_ABOVE`` nodes), starting from a
sunflower spiral with the best-connected nodes in the middle and with
igraph's random numbers drawn from a generator seeded by ``seed``, so that
the same view gives the same positions, byte for byte. Each part is scaled
to its node count, and the parts are packed along a spiral, largest in the
centre. Nodes without links share one block at the end.
"""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING, Any

from kg.network.metrics import load_igraph, to_igraph, undirected_graph

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["layout_positions", "year_positions", "SPACING", "GRID_ABOVE"]

#: Distance between neighbouring nodes, in vis-network's canvas units.
SPACING = 36.0
#: Connected parts with more nodes than this are laid out with the grid approximation (linear cost per step).
GRID_ABOVE = 1000
_GOLDEN = math.pi * (3 - math.sqrt(5))


def _sunflower(nodes: list[Any], g: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Nodes on a Vogel spiral, best-connected first (nearest the centre); unit spacing."""
    ordered = sorted(nodes, key=lambda n: (-g.degree(n), str(n)))
    return {n: (math.sqrt(i + 0.5) * math.cos(i * _GOLDEN), math.sqrt(i + 0.5) * math.sin(i * _GOLDEN))
            for i, n in enumerate(ordered)}


def _iterations(nodes: int) -> int:
    return 300 if nodes <= 200 else 200 if nodes <= GRID_ABOVE else 120


def _part(nodes: list[Any], g: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    """Positions of one connected part, centred on 0, spread to the radius of a sunflower of as many nodes."""
    if len(nodes) <= 2:
        return {n: (float(i), 0.0) for i, n in enumerate(sorted(nodes, key=str))}
    igraph = load_igraph()
    start = _sunflower(nodes, g)
    sub = g.subgraph(nodes).copy()
    ig_graph, order = to_igraph(sub)
    igraph.set_random_number_generator(random.Random(seed))
    try:
        layout = ig_graph.layout_fruchterman_reingold(seed=[list(start[n]) for n in order],
                                                       niter=_iterations(len(nodes)),
                                                       grid="grid" if len(nodes) > GRID_ABOVE else "nogrid")
    finally:
        igraph.set_random_number_generator(random)  # igraph's default: Python's own generator
    coords = [(float(x), float(y)) for x, y in layout.coords]
    cx = sum(x for x, _ in coords) / len(coords)
    cy = sum(y for _, y in coords) / len(coords)
    extent = max(max(math.hypot(x - cx, y - cy) for x, y in coords), 1e-9)
    radius = math.sqrt(len(nodes)) * 1.1
    return {n: ((x - cx) / extent * radius, (y - cy) / extent * radius) for n, (x, y) in zip(order, coords)}


def layout_positions(g: nx.Graph, seed: int = 0, spacing: float = SPACING) -> dict[Any, tuple[float, float]]:
    """``(x, y)`` of every node of ``g``, the same for the same graph and ``seed``."""
    import networkx as nx

    if len(g) == 0:
        return {}
    plain = undirected_graph(g)
    isolated = sorted((n for n in plain if plain.degree(n) == 0), key=str)
    linked = plain.subgraph([n for n in plain if plain.degree(n) > 0])
    parts = sorted((sorted(c, key=str) for c in nx.connected_components(linked)), key=lambda c: (-len(c), str(c[0])))
    blocks: list[tuple[dict[Any, tuple[float, float]], float]] = []
    for part in parts:
        local = _part(part, plain, seed)
        blocks.append((local, max(math.hypot(x, y) for x, y in local.values()) + 1.5))
    if isolated:
        local = _sunflower(isolated, plain)
        blocks.append((local, max(math.hypot(x, y) for x, y in local.values()) + 1.5))
    placed: list[tuple[float, float, float]] = []  # x, y, radius of each block
    rng = random.Random(seed)
    positions: dict[Any, tuple[float, float]] = {}
    for local, radius in blocks:
        cx, cy = _place(radius, placed, rng)
        placed.append((cx, cy, radius))
        for node, (x, y) in local.items():
            positions[node] = (round((cx + x) * spacing, 1), round((cy + y) * spacing, 1))
    return positions


def _place(radius: float, placed: list[tuple[float, float, float]], rng: random.Random) -> tuple[float, float]:
    """The first free spot on a spiral from the centre for a disc of ``radius``."""
    if not placed:
        return 0.0, 0.0
    angle = rng.uniform(0, 2 * math.pi)
    distance = 0.0
    while True:
        x, y = distance * math.cos(angle), distance * math.sin(angle)
        if all(math.hypot(x - px, y - py) >= radius + pr + 1.0 for px, py, pr in placed):
            return x, y
        angle += 0.5
        distance += 0.35 * radius / (1 + distance / 50)


def year_positions(g: nx.Graph, spacing: float = SPACING) -> dict[Any, tuple[float, float]]:
    """A historiograph's layout: each dated node in the column of its year (oldest at the left), stacked
    most cited first and centred on the middle row; undated nodes in a column of their own at the right."""
    columns: dict[int | None, list[Any]] = {}
    for n, year in g.nodes(data="year"):
        columns.setdefault(year if isinstance(year, int) else None, []).append(n)
    years = sorted(y for y in columns if y is not None)
    x_of = {y: i for i, y in enumerate(years)}
    x_of[None] = len(years) + 1
    positions = {}
    for year, members in columns.items():
        ordered = sorted(members, key=lambda n: (-int(g.nodes[n].get("citations", 0) or 0), str(n)))
        for row, n in enumerate(ordered):
            offset = (row + 1) // 2 * (1 if row % 2 else -1)  # 0, 1, -1, 2, -2...
            positions[n] = (round(x_of[year] * 4 * spacing, 1), round(offset * 1.5 * spacing, 1))
    return positions
