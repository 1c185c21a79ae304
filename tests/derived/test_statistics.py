"""The statistics graph: yearly and statement counts recomputed from a real Oxigraph store, checked against a hand count."""

from __future__ import annotations

import rdflib

from kg.vocab.namespaces import CKG, DCTERMS, GRAPH_STATISTICS, ID, QB, STAT, XSD
from kg.derived.statistics import DATASET, STATEMENTS_DATASET, TOTALS_DATASET, statistics_nquads
from kg.store import open_store

DATA = f"""
@prefix ckg: <{CKG.iri}> . @prefix dcterms: <{DCTERMS.iri}> . @prefix xsd: <{XSD.iri}> .
<{ID}paper/a> ckg:mentions <{ID}body/ccg>, <{ID}body/pct> ; ckg:usesMethod <{ID}method/interview> ;
    dcterms:issued "2014-03"^^xsd:gYearMonth .
<{ID}paper/b> ckg:mentions <{ID}body/ccg> ; dcterms:issued "2014"^^xsd:gYear .
<{ID}paper/c> ckg:mentions <{ID}body/ccg> ; dcterms:issued "2016-01-02"^^xsd:date .
<{ID}paper/undated> ckg:mentions <{ID}body/ccg> .
"""

# An Act abolishes PCTs, stated twice in paper a and once in paper b; a mention's evidence is not a relation.
EVIDENCE = f"""
@prefix ckg: <{CKG.iri}> . @prefix dcterms: <{DCTERMS.iri}> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix prov: <http://www.w3.org/ns/prov#> .
ckg:abolishes rdfs:subPropertyOf ckg:relatedTo .
<{ID}paper/a#s1> dcterms:isPartOf <{ID}paper/a> . <{ID}paper/a#s2> dcterms:isPartOf <{ID}paper/a> .
<{ID}paper/b#s1> dcterms:isPartOf <{ID}paper/b> .
<{ID}evidence/1> rdf:subject <{ID}policy/act> ; rdf:predicate ckg:abolishes ; rdf:object <{ID}body/pct> ;
    prov:wasDerivedFrom <{ID}paper/a#s1> .
<{ID}evidence/2> rdf:subject <{ID}policy/act> ; rdf:predicate ckg:abolishes ; rdf:object <{ID}body/pct> ;
    prov:wasDerivedFrom <{ID}paper/a#s2> .
<{ID}evidence/3> rdf:subject <{ID}policy/act> ; rdf:predicate ckg:abolishes ; rdf:object <{ID}body/pct> ;
    prov:wasDerivedFrom <{ID}paper/b#s1> .
<{ID}evidence/4> rdf:subject <{ID}paper/b> ; rdf:predicate ckg:mentions ; rdf:object <{ID}body/ccg> ;
    prov:wasDerivedFrom <{ID}paper/b#s1> .
"""


def cube_of(data: str) -> rdflib.Graph:
    store = open_store(":memory:")
    graph = rdflib.Graph().parse(data=data, format="turtle")
    store.load([graph.serialize(format="nt").encode("utf-8")])
    dataset = rdflib.Dataset()
    dataset.parse(data=statistics_nquads(store, GRAPH_STATISTICS).decode("utf-8"), format="nquads")
    assert {str(g.identifier) for g in dataset.graphs() if len(g)} == {GRAPH_STATISTICS}
    return dataset.graph(rdflib.URIRef(GRAPH_STATISTICS))


def counts(cube: rdflib.Graph) -> dict[tuple[str, str, str], int]:
    found = {}
    for observation in cube.subjects(rdflib.RDF.type, rdflib.URIRef(STAT.YearCount)):
        def value(name):
            return cube.value(observation, rdflib.URIRef(STAT[name]))
        key = (str(value("countedRelation")).rsplit("#", 1)[-1], str(value("entity"))[len(ID):], str(value("year")))
        found[key] = int(value("documentCount"))
    return found


def test_counts_documents_per_relation_entity_and_year_skipping_undated_ones():
    assert counts(cube_of(DATA)) == {
        ("mentions", "body/ccg", "2014"): 2, ("mentions", "body/pct", "2014"): 1,
        ("mentions", "body/ccg", "2016"): 1, ("usesMethod", "method/interview", "2014"): 1,
    }


def test_observations_belong_to_the_dataset_and_years_are_gyears():
    cube = cube_of(DATA)
    assert (rdflib.URIRef(DATASET), rdflib.RDF.type, rdflib.URIRef(QB.DataSet)) in cube
    for year in cube.objects(None, rdflib.URIRef(STAT.year)):
        assert year.datatype == rdflib.URIRef(XSD.gYear)
    for year_count in cube.subjects(rdflib.RDF.type, rdflib.URIRef(STAT.YearCount)):
        assert cube.value(year_count, rdflib.URIRef(QB.dataSet)) == rdflib.URIRef(DATASET)


def test_no_citekg_relation_property_points_from_a_count_to_an_entity():
    # Relations between entities are the ckg: properties with an IRI object; a count must not look like one.
    cube = cube_of(DATA)
    assert not [t for t in cube if str(t[1]) in CKG and isinstance(t[2], rdflib.URIRef)
                and str(t[2]).startswith(ID)]


def test_an_empty_store_gives_only_the_dataset_description():
    cube = cube_of("")
    assert not list(cube.subjects(rdflib.RDF.type, rdflib.URIRef(STAT.YearCount)))


def test_counts_the_documents_and_statements_of_each_relation_between_entities():
    cube = cube_of(DATA + EVIDENCE)
    observations = list(cube.subjects(rdflib.RDF.type, rdflib.URIRef(STAT.StatementCount)))
    assert len(observations) == 1
    (o,) = observations

    def value(name):
        return cube.value(o, rdflib.URIRef(STAT[name]))
    assert (str(value("subject")), str(value("relation")), str(value("object"))) == \
        (f"{ID}policy/act", CKG.abolishes, f"{ID}body/pct")
    assert (int(value("documentCount")), int(value("statementCount"))) == (2, 3)
    assert str(o) == f"{ID}count/abolishes/policy/act/body/pct"
    assert cube.value(o, rdflib.URIRef(QB.dataSet)) == rdflib.URIRef(STATEMENTS_DATASET)


def test_totals_count_every_document_undated_ones_too():
    cube = cube_of(DATA)
    totals = {}
    for o in cube.subjects(rdflib.RDF.type, rdflib.URIRef(STAT.TotalCount)):
        assert cube.value(o, rdflib.URIRef(STAT.year)) is None
        assert cube.value(o, rdflib.URIRef(QB.dataSet)) == rdflib.URIRef(TOTALS_DATASET)
        key = (str(cube.value(o, rdflib.URIRef(STAT.countedRelation))).rsplit("#", 1)[-1],
               str(cube.value(o, rdflib.URIRef(STAT.entity)))[len(ID):])
        totals[key] = int(cube.value(o, rdflib.URIRef(STAT.documentCount)))
    assert totals == {("mentions", "body/ccg"): 4, ("mentions", "body/pct"): 1, ("usesMethod", "method/interview"): 1}
