"""Evidence behind nodes: the sentences of the statements, and the documents linked to each node."""

from __future__ import annotations

import kg
from kg.network import catalogue, scope_for
from kg.network.evidence import evidence, linked_documents
from tests.network.graphs import HOSTILE_IRI

CCG = "https://w3id.org/citekg/id/body/ccg"


def test_statements_about_a_node_carry_their_sentence_and_document(graph):
    found = evidence(graph, [CCG])
    assert found and all(CCG in (st.subject, st.object) for st in found)
    abolished = [st for st in found if st.predicate == "abolishes" and st.object == CCG]
    assert abolished and all("abolish" in st.text for st in abolished)
    mentions = [st for st in found if st.predicate == "mentions" and st.subject == HOSTILE_IRI]
    assert mentions and mentions[0].document == HOSTILE_IRI and "CCG" in mentions[0].text


def test_a_scope_keeps_evidence_from_its_documents_only(graph):
    cat = catalogue(graph)
    found = evidence(graph, [CCG], scope_for(years="2021"))
    assert found and {cat[st.document].year for st in found} == {2021}


def test_linked_documents_are_those_that_mention_write_or_cite(graph):
    docs = linked_documents(graph, [CCG])[CCG]
    expected = {r[0].value for r in graph.query("""SELECT DISTINCT ?d WHERE {
        ?d a ?t FILTER(?t IN (ckg:Paper, ckg:BlogPost, ckg:Report, ckg:WebPage)) ?d ckg:mentions ?n }""",
        n=kg.iri(CCG)).rows}
    assert docs == expected and HOSTILE_IRI in docs


def test_node_names_that_are_not_plain_iris_are_never_put_in_a_query(graph):
    hostile = ["urn:x> } DROP ALL #", "has space", "<angle>", 'quote"']
    assert evidence(graph, hostile) == [] and linked_documents(graph, hostile) == {}
