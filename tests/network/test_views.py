"""Views built by SPARQL: their nodes, edges, weights and scopes, checked against the graph itself."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.errors import KGError
from kg.network import (
    ENTITY_TYPES,
    VIEWS,
    catalogue,
    citation_view,
    coauthorship_view,
    comention_view,
    document_entity_view,
    find_node,
    full_view,
    mesh_view,
    scope_for,
    view,
)
from kg.network.views import MESH_CHECK_TAGS
from tests.network.graphs import EXAMPLES, HOSTILE_IRI, HOSTILE_TITLE

CCG = "https://w3id.org/citekg/id/body/ccg"
NHSE = "https://w3id.org/citekg/id/body/nhs-england"
DOCUMENT_TYPES = {"Paper", "BlogPost", "Report", "WebPage"}


def count(graph, sparql, **bindings):
    return int(graph.query(sparql, **bindings).rows[0][0].value)


def test_every_node_carries_the_same_attributes(graph):
    for name in ("full", "citation", "documents", "comention", "authors", "mesh"):
        g = view(graph, name)
        assert g.number_of_nodes() > 0, name
        assert g.graph["view"] == name and g.graph["scope"] == "all years"
        for node, data in g.nodes(data=True):
            assert {"label", "type", "kind", "years", "documents"} <= data.keys(), (name, node)
            assert isinstance(data["years"], tuple) and data["label"]
        for _, _, data in g.edges(data=True):
            assert data["predicate"] and data["weight"] >= 1


def test_catalogue_types_and_labels(graph):
    cat = catalogue(graph)
    assert cat[CCG].type == "Body" and cat[CCG].label == "Clinical Commissioning Group" and cat[CCG].kind == "entity"
    assert cat[HOSTILE_IRI].type == "Paper" and cat[HOSTILE_IRI].label == HOSTILE_TITLE and cat[HOSTILE_IRI].year == 2021
    assert cat[CCG].names[0] == "CCG"  # acronyms first, then alternative labels
    assert all(name.casefold() != cat[CCG].label.casefold() for name in cat[CCG].names)
    assert cat[HOSTILE_IRI].names == ()



@pytest.mark.parametrize("store_class", ["OxigraphStore", "MemoryStore"])
def test_the_catalogue_is_read_once_per_state_of_the_store(store_class):
    from kg.graph import KnowledgeGraph
    from kg.store.memory import MemoryStore
    from kg.store.oxigraph import OxigraphStore

    stores = {"OxigraphStore": OxigraphStore, "MemoryStore": MemoryStore}

    paper = ('<https://w3id.org/citekg/id/paper/pmid-{n}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
             '<https://w3id.org/citekg/ontology#Paper> <https://w3id.org/citekg/id/source/s{n}> .\n')
    with KnowledgeGraph(stores[store_class]()) as graph:
        graph.store.load([paper.format(n=1).encode()])
        first = catalogue(graph)
        assert catalogue(graph) is first  # not read again
        with pytest.raises(TypeError):
            first["x"] = first[next(iter(first))]  # shared, so read-only
        graph.store.load([paper.format(n=2).encode()])
        assert len(catalogue(graph)) == len(first) + 1  # read again after a change
        graph.store.drop_graph("https://w3id.org/citekg/id/source/s2")
        assert catalogue(graph).keys() == first.keys()


def test_full_view_holds_every_document_and_typed_links(graph):
    g = full_view(graph)
    assert isinstance(g, nx.MultiDiGraph)
    documents = count(graph, """SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {
        VALUES ?t { ckg:Paper ckg:BlogPost ckg:Report ckg:WebPage } ?d a ?t }""")
    assert sum(1 for _, t in g.nodes(data="type") if t in DOCUMENT_TYPES) == documents
    predicates = {p for _, _, p in g.edges(data="predicate")}
    assert {"mentions", "usesMethod", "cites", "creator", "subject", "isPartOf"} <= predicates
    assert g.has_edge(HOSTILE_IRI, CCG) and g.nodes[HOSTILE_IRI]["label"] == HOSTILE_TITLE


def test_citation_view_follows_cito_cites(graph):
    g = citation_view(graph)
    assert isinstance(g, nx.DiGraph)
    expected = count(graph, """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?d ?c WHERE {
        VALUES ?t { ckg:Paper ckg:BlogPost ckg:Report ckg:WebPage } ?d a ?t ; cito:cites ?c } }""")
    assert g.number_of_edges() == expected
    for citing, cited, data in g.edges(data=True):
        assert data["predicate"] == "cites" and g.nodes[citing]["type"] in DOCUMENT_TYPES


def test_document_view_is_bipartite(graph):
    g = document_entity_view(graph)
    assert nx.is_bipartite(g)
    for node, data in g.nodes(data=True):
        assert data["bipartite"] == (0 if data["type"] in DOCUMENT_TYPES else 1)
        assert data["type"] in DOCUMENT_TYPES or data["type"] in ENTITY_TYPES
    used = {(u, v) for u, v, p in g.edges(data="predicate") if p == "usesMethod"}
    assert used and all(g.nodes[v if g.nodes[u]["kind"] == "document" else u]["type"] == "StudyMethod" for u, v in used)


def test_comention_weight_is_the_number_of_shared_documents(graph):
    g = comention_view(graph)
    shared = count(graph, """SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {
        VALUES ?t { ckg:Paper ckg:BlogPost ckg:Report ckg:WebPage } ?d a ?t ; ckg:mentions ?a, ?b }""",
                   a=_iri(CCG), b=_iri(NHSE))
    assert shared > 1 and g[CCG][NHSE]["weight"] == shared
    mentioning = count(graph, """SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {
        VALUES ?t { ckg:Paper ckg:BlogPost ckg:Report ckg:WebPage } ?d a ?t ; ckg:mentions ?a }""", a=_iri(CCG))
    assert g.nodes[CCG]["documents"] == mentioning
    assert all(data["type"] in ENTITY_TYPES for _, data in g.nodes(data=True))


def test_comention_restricted_to_types_and_weights(graph):
    g = comention_view(graph, entity_types=("Body", "Policy"), min_weight=2)
    assert {t for _, t in g.nodes(data="type")} == {"Body", "Policy"}
    assert all(w >= 2 for _, _, w in g.edges(data="weight"))


def test_coauthorship_links_people_who_wrote_together(graph):
    g = coauthorship_view(graph)
    assert {t for _, t in g.nodes(data="type")} == {"Person", "Group"}  # a group author is a foaf:Organization
    u, v, w = max(g.edges(data="weight"), key=lambda e: (e[2], e[0], e[1]))
    together = count(graph, """SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {
        VALUES ?t { ckg:Paper ckg:BlogPost ckg:Report ckg:WebPage } ?d a ?t ; dcterms:creator ?a, ?b }""",
                     a=_iri(u), b=_iri(v))
    assert w == together


def test_mesh_view_counts_descriptors_and_leaves_out_check_tags(graph):
    g = mesh_view(graph)
    labels = {label for _, label in g.nodes(data="label")}
    assert "Humans" not in labels and not labels & MESH_CHECK_TAGS
    assert "State Medicine" in labels and not any("/" in label for label in labels)  # qualifiers roll up
    assert "Humans" in {label for _, label in mesh_view(graph, check_tags=True).nodes(data="label")}


def test_a_year_range_keeps_only_documents_issued_in_it(graph):
    whole, part = view(graph, "full"), view(graph, "full", scope_for(years="2021-2022"))
    assert 0 < part.number_of_nodes() < whole.number_of_nodes()
    for _, data in part.nodes(data=True):
        if data["type"] in DOCUMENT_TYPES:
            assert 2021 <= data["year"] <= 2022
        elif data["kind"] in ("entity", "person", "mesh", "journal"):
            assert data["years"] and all(2021 <= y <= 2022 for y in data["years"])
    comention = view(graph, "comention", scope_for(years="2021-2022"))
    assert comention[CCG][NHSE]["weight"] <= view(graph, "comention")[CCG][NHSE]["weight"]


def test_an_era_is_a_year_range(graph):
    assert sorted(view(graph, "comention", scope_for(era="coalition")).nodes) == \
        sorted(view(graph, "comention", scope_for(years="2010-2012")).nodes)


def test_relations_in_a_scope_need_evidence_from_it(graph):
    relations = [(u, v, p) for u, v, p in view(graph, "full").edges(data="predicate")
                 if p not in ("mentions", "usesMethod", "cites", "creator", "subject", "isPartOf")]
    assert relations
    none = view(graph, "full", scope_for(years="1800-1801"))
    assert none.number_of_nodes() == 0


def test_ego_view_around_a_label_an_acronym_or_a_curie(graph):
    whole = view(graph, "full").to_undirected(as_view=True)
    for name in ("ego:Clinical Commissioning Group", "ego:CCG", "ego:body:ccg", f"ego:{CCG}"):
        g = view(graph, name)
        assert g.graph["center"] == CCG and g.graph["view"] == "ego" and g.graph["base"] == "full"
        assert set(g) == {CCG} | set(whole[CCG])
    wider = view(graph, "ego:CCG", radius=2)
    assert wider.number_of_nodes() > view(graph, "ego:CCG").number_of_nodes()


def test_ego_view_in_another_base_view(graph):
    from kg.network import ego_view

    g = ego_view(graph, "NHS England", base="comention")
    assert isinstance(g, nx.Graph) and not g.is_directed() and NHSE in g and CCG in g


def test_find_node_prefers_exact_then_names_then_parts(graph):
    g = view(graph, "comention")
    assert find_node(g, "clinical commissioning group") == CCG
    assert find_node(g, "CCGs", graph) != ""  # a part of a label, or a name
    with pytest.raises(KGError, match="nothing called"):
        find_node(g, "no such thing at all", graph)


@pytest.mark.parametrize("name", ["nope", "ego", "ego:", "comention:x"])
def test_unknown_views_are_errors(graph, name):
    with pytest.raises(KGError):
        view(graph, name)


def test_views_are_the_same_from_an_rdflib_memory_store(tmp_path):
    import warnings

    import kg

    source = EXAMPLES / "pubmed-ics.xml"
    oxigraph = kg.build([source], tmp_path / "store")
    with warnings.catch_warnings():  # rdflib warns about its own Dataset API
        warnings.simplefilter("ignore", DeprecationWarning)
        memory = kg.build([source], ":memory:")
        assert "rdflib" in memory.store.description
        for name, scope in (("comention", scope_for()), ("citation", scope_for(years="2024"))):
            a, b = view(memory, name, scope), view(oxigraph, name, scope)
            assert a.number_of_nodes() > 0
            assert sorted(a.nodes(data=True)) == sorted(b.nodes(data=True))
            assert _edges(a) == _edges(b)
    oxigraph.close()
    assert set(VIEWS) == {"full", "citation", "documents", "comention", "authors", "mesh", "cocitation", "coupling",
                          "history", "ego"}


def _edges(g):
    pair = (lambda u, v: (u, v)) if g.is_directed() else (lambda u, v: tuple(sorted((u, v))))
    return sorted((*pair(u, v), d["predicate"], d["weight"]) for u, v, d in g.edges(data=True))


def _iri(value):
    import kg

    return kg.iri(value)
