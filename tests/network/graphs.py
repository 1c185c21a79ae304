"""Graphs the network and viz tests share, built once per test session into real Oxigraph stores."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "sources"
HOSTILE = ROOT / "tests" / "viz" / "fixtures" / "hostile.nbib"
HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
HOSTILE_IRI = "https://w3id.org/citekg/id/paper/pmid-99000001"

_DEMO = pytest.StashKey[Path]()


def demo_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example sources plus a record with a hostile title, built once per session; returns the store folder."""
    stash = request.config.stash
    if _DEMO not in stash:
        import kg

        folder = tmp_path_factory.mktemp("demo-store") / "store"
        graph = kg.build([EXAMPLES, HOSTILE], folder)
        graph.close()
        stash[_DEMO] = folder
    return stash[_DEMO]


def synthetic_view(nodes: int, seed: int = 1):
    """A generated view of ``nodes`` typed, labelled, dated nodes, shaped like citekg's."""
    import networkx as nx

    base = nx.powerlaw_cluster_graph(nodes, 2, 0.3, seed=seed)
    kinds = ["Paper", "Body", "Policy", "StudyMethod", "Person"]
    g = nx.Graph(view="synthetic", title="Synthetic", scope="all years")
    for n in base:
        kind = kinds[n % len(kinds)]
        g.add_node(f"urn:x:{n}", label=f"{kind} node {n}", type=kind, kind="entity",
                   years=(2000 + n % 25,), documents=n % 7)
    for u, v in base.edges:
        g.add_edge(f"urn:x:{u}", f"urn:x:{v}", predicate="comention", weight=1 + (u + v) % 3)
    return g
