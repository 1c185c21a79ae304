"""Node positions computed in Python, for views too large for the browser's physics.

The layout is by community (Blondel et al.'s Louvain, as in
:func:`kg.network.metrics.communities`): each community is laid out on its
own by Fruchterman–Reingold (networkx's ``spring_layout``; a sunflower
spiral with the best-connected nodes in the middle for communities too large
for it, or when NumPy is missing), sized by its node count, and the
communities are packed along a spiral, largest in the centre. Nodes without
edges share one block at the end. The cost grows with the sum of the squared
community sizes, not the square of the graph's size.
"""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING

from kg.network.metrics import communities

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["layout_positions", "SPACING"]

#: Distance between neighbouring nodes, in vis-network's canvas units.
SPACING = 36.0
_SPRING_LIMIT = 600
_GOLDEN = math.pi * (3 - math.sqrt(5))


def _sunflower(nodes: list[str], g: nx.Graph) -> dict[str, tuple[float, float]]:
    """Nodes on a Vogel spiral, best-connected first (nearest the centre); unit spacing."""
    ordered = sorted(nodes, key=lambda n: (-g.degree(n), str(n)))
    return {n: (math.sqrt(i + 0.5) * math.cos(i * _GOLDEN), math.sqrt(i + 0.5) * math.sin(i * _GOLDEN))
            for i, n in enumerate(ordered)}


def _community(nodes: list[str], g: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """Positions of one community, centred on 0 with about unit spacing."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) <= _SPRING_LIMIT:
        try:
            import networkx as nx

            sub = g.subgraph(nodes)
            raw = nx.spring_layout(sub, seed=seed, iterations=60, weight=None)
            xs = [p[0] for p in raw.values()]
            ys = [p[1] for p in raw.values()]
            cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
            extent = max(max(math.hypot(x - cx, y - cy) for x, y in zip(xs, ys)), 1e-9)
            radius = math.sqrt(len(nodes))  # the sunflower's radius for as many nodes
            return {n: ((float(p[0]) - cx) / extent * radius, (float(p[1]) - cy) / extent * radius)
                    for n, p in raw.items()}
        except ImportError:  # spring_layout needs NumPy
            pass
    return _sunflower(nodes, g)


def layout_positions(g: nx.Graph, seed: int = 0, spacing: float = SPACING) -> dict[str, tuple[float, float]]:
    """``(x, y)`` of every node of ``g``, deterministic for a ``seed``."""
    if len(g) == 0:
        return {}
    groups: dict[int, list[str]] = {}
    isolated = [n for n in g if g.degree(n) == 0]
    connected = g.subgraph([n for n in g if g.degree(n) > 0])
    for node, c in communities(connected, seed=seed).items():
        groups.setdefault(c, []).append(node)
    blocks = [sorted(groups[c], key=str) for c in sorted(groups)]
    if isolated:
        blocks.append(sorted(isolated, key=str))
    placed: list[tuple[float, float, float]] = []  # x, y, radius of each block
    rng = random.Random(seed)
    positions: dict[str, tuple[float, float]] = {}
    for i, block in enumerate(blocks):
        local = _sunflower(block, g) if isolated and i == len(blocks) - 1 else _community(block, g, seed)
        radius = max(math.hypot(x, y) for x, y in local.values()) + 1.5
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
