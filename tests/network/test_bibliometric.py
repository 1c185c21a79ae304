"""Co-citation and bibliographic coupling, against counts made by hand on a small corpus.

Four papers cite five works::

    P1 (2010) cites W1, W2, W3
    P2 (2012) cites W1, W2
    P3 (2015) cites W2, W3, P1
    P4 (2016) cites W4, P1

Co-citation (works cited together, weight = citing papers): W1–W2 2 (P1, P2), W2–W3 2 (P1, P3),
W1–W3 1 (P1), W2–P1 1 (P3), W3–P1 1 (P3), W4–P1 1 (P4).
Coupling (papers citing the same work, weight = shared works): P1–P2 2 (W1, W2), P1–P3 2 (W2, W3),
P2–P3 1 (W2), P3–P4 1 (P1).
"""

from __future__ import annotations

import pytest

from kg.graph import KnowledgeGraph
from kg.network import scope_for, view
from kg.store.memory import MemoryStore

ID = "https://w3id.org/citekg/id/"
CKG = "https://w3id.org/citekg/ontology#"
CITES = "http://purl.org/spar/cito/cites"
TITLE = "http://purl.org/dc/terms/title"
ISSUED = "http://purl.org/dc/terms/issued"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"

PAPERS = {"P1": 2010, "P2": 2012, "P3": 2015, "P4": 2016}
CITATIONS = {"P1": ["W1", "W2", "W3"], "P2": ["W1", "W2"], "P3": ["W2", "W3", "P1"], "P4": ["W4", "P1"]}


def node(name: str) -> str:
    return f"{ID}paper/{name.lower()}" if name.startswith("P") else f"{ID}reference/{name.lower()}"


@pytest.fixture(scope="module")
def corpus() -> KnowledgeGraph:
    graph = "<https://w3id.org/citekg/graph/test>"
    lines = []
    for name, year in PAPERS.items():
        lines += [f"<{node(name)}> <{TYPE}> <{CKG}Paper> {graph} .",
                  f'<{node(name)}> <{TITLE}> "Paper {name}" {graph} .',
                  f'<{node(name)}> <{ISSUED}> "{year}-01-01"^^<{XSD_DATE}> {graph} .']
    for work in ("W1", "W2", "W3", "W4"):
        lines += [f"<{node(work)}> <{TYPE}> <{CKG}Reference> {graph} .",
                  f'<{node(work)}> <http://www.w3.org/2000/01/rdf-schema#label> "Work {work}" {graph} .']
    for citing, cited in CITATIONS.items():
        lines += [f"<{node(citing)}> <{CITES}> <{node(c)}> {graph} ." for c in cited]
    store = MemoryStore()
    store.load([("\n".join(lines) + "\n").encode("utf-8")])
    return KnowledgeGraph(store)


def weights(g) -> dict[frozenset[str], int]:
    short = {node(n): n for n in [*PAPERS, "W1", "W2", "W3", "W4"]}
    return {frozenset((short[u], short[v])): w for u, v, w in g.edges(data="weight")}


def test_cocitation_counts(corpus):
    g = view(corpus, "cocitation")
    assert weights(g) == {frozenset(("W1", "W2")): 2, frozenset(("W2", "W3")): 2, frozenset(("W1", "W3")): 1,
                          frozenset(("W2", "P1")): 1, frozenset(("W3", "P1")): 1, frozenset(("W4", "P1")): 1}
    assert g.nodes[node("W2")]["documents"] == 3 and g.nodes[node("P1")]["documents"] == 2  # citing documents
    assert g.nodes[node("W1")]["label"] == "Work W1" and g.nodes[node("P1")]["year"] == 2010
    assert g.graph["view"] == "cocitation"


def test_coupling_counts(corpus):
    g = view(corpus, "coupling")
    assert weights(g) == {frozenset(("P1", "P2")): 2, frozenset(("P1", "P3")): 2, frozenset(("P2", "P3")): 1,
                          frozenset(("P3", "P4")): 1}
    assert {n: d["references"] for n, d in g.nodes(data=True)} == {node(p): len(c) for p, c in CITATIONS.items()}


def test_a_scope_keeps_the_citations_of_its_documents(corpus):
    later = scope_for("2012-2016")  # P1's citations go
    assert weights(view(corpus, "cocitation", later)) == {
        frozenset(("W1", "W2")): 1, frozenset(("W2", "W3")): 1, frozenset(("W2", "P1")): 1,
        frozenset(("W3", "P1")): 1, frozenset(("W4", "P1")): 1}
    assert weights(view(corpus, "coupling", later)) == {frozenset(("P2", "P3")): 1, frozenset(("P3", "P4")): 1}


def test_historiograph(corpus):
    g = view(corpus, "history")
    assert {(u[-2:], v[-2:]) for u, v in g.edges()} == {("p3", "p1"), ("p4", "p1")}  # citations between papers
    assert g.nodes[node("P1")]["citations"] == 2 and g.nodes[node("P3")]["citations"] == 0
    assert g.graph["layout"] == "years"
    from kg.viz.layout import year_positions

    pos = year_positions(g)
    assert pos[node("P1")][0] < pos[node("P3")][0] < pos[node("P4")][0]  # oldest at the left
    from kg.viz.html import explorer_data

    data = explorer_data(g)
    assert data["layout"] == "python" and [n["x"] for n in data["nodes"]] == [pos[n][0] for n in g]
