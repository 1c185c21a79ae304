"""Records to triples, compared with golden graphs by isomorphism (rdflib's compare)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.model import AbstractSection, Author, Citation, Document, DocumentKind, Identifiers, MeshHeading, PartialDate, SourceSpan
from kg.vocab import iris
from kg.rdf.mapping import Seen, document_triples
from kg.vocab.namespaces import PREFIXES
from kg.rdf.terms import nquad
from tests.conftest import parse_file

HERE = Path(__file__).parent
FIXTURES = HERE.parent / "sources" / "fixtures"
UPDATE = os.environ.get("KG_UPDATE_GOLDEN") == "1"


def graph_of(documents, source_key: str) -> rdflib.Graph:
    source = iris.source(source_key)
    seen = Seen()
    data = "".join(nquad(t, source) for d in documents for t in document_triples(d, source, seen))
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format="nquads")
    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for s, p, o, _ in dataset.quads():
        graph.add((s, p, o))
    return graph


def assert_golden_graph(graph: rdflib.Graph, golden: Path) -> None:
    if UPDATE:
        golden.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    expected = rdflib.Graph().parse(golden, format="turtle")
    if not isomorphic(graph, expected):
        _, only_new, only_golden = graph_diff(to_isomorphic(graph), to_isomorphic(expected))
        pytest.fail(f"graph differs from {golden.name}:\n+ {sorted(only_new)[:5]}\n- {sorted(only_golden)[:5]}")


@pytest.mark.parametrize("fixture, fmt", [
    ("medline/pubmed-policy-set.nbib", "medline"),
    ("pubmed-xml/efetch.xml", "pubmed-xml"),
    ("wordpress/tag-archive-nhs.html", "wordpress"),
    ("bvs-listing/malformed.txt", "bvs-listing"),
])
def test_mapping_matches_golden_graph(fixture, fmt):
    path = FIXTURES / fixture
    documents = parse_file(path, fmt, on_problem=lambda problem: None)
    assert_golden_graph(graph_of(documents, path.name), HERE / "golden" / (path.name + ".ttl"))


def test_one_paper_triple_by_triple():
    doc = Document(
        kind=DocumentKind.PAPER, ids=Identifiers(pmid="123", doi="10.1/x"), title="Commissioning",
        citation=Citation(journal="BMJ Open", volume="4", issue="10", pages="e1", date=PartialDate(2014, 10),
                          language="en"),
        authors=(Author("Kath Checkland", family="Checkland", given="Kath", initials="K"),),
        abstract=(AbstractSection("We interviewed managers.", "METHODS", "METHODS"),),
        mesh=(MeshHeading("Humans"), MeshHeading("State Medicine", "organization & administration", major=True)),
        sources=(SourceSpan("f.txt", "medline", 3, 9, "123"),))
    g = graph_of([doc], "f.txt")
    paper = rdflib.URIRef("https://w3id.org/citekg/id/paper/pmid-123")
    DCT, BIBO = rdflib.Namespace("http://purl.org/dc/terms/"), rdflib.Namespace("http://purl.org/ontology/bibo/")
    CKG = rdflib.Namespace("https://w3id.org/citekg/ontology#")
    assert (paper, rdflib.RDF.type, CKG.Paper) in g
    assert g.value(paper, DCT.issued) == rdflib.Literal("2014-10", datatype=rdflib.XSD.gYearMonth)
    assert g.value(paper, DCT.title) == rdflib.Literal("Commissioning")  # language: dcterms:language
    assert str(g.value(paper, DCT.language)) == "en"
    assert str(g.value(paper, DCT.abstract)) == "METHODS: We interviewed managers."
    assert str(g.value(g.value(paper, DCT.isPartOf), rdflib.SKOS.prefLabel)) == "BMJ Open"
    headings = {str(g.value(s, rdflib.SKOS.prefLabel)) for s in g.objects(paper, DCT.subject)}
    assert headings == {"Humans", "State Medicine/organization & administration"}
    assert len(list(g.objects(paper, CKG.majorSubject))) == 1
    author_list = g.value(paper, BIBO.authorList)
    person = g.value(author_list, rdflib.RDF["_1"])
    assert str(person) == "https://w3id.org/citekg/id/person/checkland-k"
    record = g.value(paper, rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
    assert g.value(record, CKG.startLine).toPython() == 3
