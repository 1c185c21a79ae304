"""Fixtures of the network tests: the demo graph, opened read-only."""

from __future__ import annotations

import pytest

from tests.network.graphs import demo_store


@pytest.fixture(scope="module")
def graph(request, tmp_path_factory):
    """The demo graph (example sources plus a hostile record) as a KnowledgeGraph."""
    from kg.graph import KnowledgeGraph

    g = KnowledgeGraph.open(demo_store(request, tmp_path_factory))
    yield g
    g.close()
