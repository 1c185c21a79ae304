"""Parameters are bound as RDF terms: no value can change what a query does."""

from __future__ import annotations

import pytest

import kg
from kg.builder import BuildOptions
from kg.errors import QueryError, UsageError
from kg.query import run
from kg.store.bind import bind_values, sparql_term
from kg.store.results import Term
from tests.conftest import ROOT
from kg.vocab.namespaces import XSD

ID = "https://w3id.org/citekg/id/"
HOSTILE = [
    '") } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o FILTER("',
    "\" } } UNION { ?s ?p ?o } #",
    "CCG' } } #",
    "\\\" } }",
    "x\n} LIMIT 0 #",
    "\u0000\u202e CCG",
]


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def graph(request, tmp_path_factory):
    fixture = ROOT / "tests" / "sources" / "fixtures" / "blog-archive" / "category-archive.txt"
    store = tmp_path_factory.mktemp("bind") / "store" if request.param == "oxigraph" else ":memory:"
    built = kg.build([fixture], store=store, options=BuildOptions(jobs=1))
    yield built
    built.close()


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_stay_one_literal(graph, value):
    before = len(graph.store)
    with pytest.raises(UsageError, match="in this graph"):  # matched nothing (and says so), broke nothing
        run(graph, "documents-mentioning", {"entity": value})
    assert len(graph.store) == before
    echoed = graph.query("SELECT ?v WHERE { }", v=value)
    assert echoed.rows[0][0].value == value.replace("\u0000", "\u0000")


def test_a_real_value_still_matches(graph):
    rows = list(run(graph, "documents-mentioning", {"entity": "ICS"}))
    assert rows and rows[0]["kind"] == "BlogPost"


def test_unprojected_variables_can_be_bound(graph):
    result = graph.query("SELECT ?t WHERE { ?d dcterms:title ?t ; ckg:mentions ?e . ?e skos:prefLabel ?name }",
                         name=Term("literal", "Primary Care Network", language="en"))
    assert result.rows


@pytest.mark.parametrize("term, expected", [
    (Term("literal", 'a "quoted" \\ value'), '"a \\"quoted\\" \\\\ value"'),
    (Term("literal", "2013", XSD.integer), f'"2013"^^<{XSD.integer}>'),
    (Term("literal", "CCG", language="en"), '"CCG"@en'),
    (Term("uri", "https://w3id.org/citekg/id/body/ccg"), "<https://w3id.org/citekg/id/body/ccg>"),
])
def test_sparql_terms(term, expected):
    assert sparql_term(term) == expected


@pytest.mark.parametrize("term", [
    Term("uri", "https://x.org/> } DROP ALL { <x"),
    Term("uri", "no scheme"),
    Term("literal", "x", language="en} DROP"),
    Term("bnode", "b0"),
])
def test_terms_that_could_escape_are_refused(term):
    with pytest.raises(QueryError):
        sparql_term(term)


def test_values_go_inside_the_outer_where_group():
    query = 'PREFIX ex: <http://e.org/x> # a { in a comment\nSELECT ?a WHERE { ?a ex:p "{" }'
    bound = bind_values(query, {"b": Term("literal", "v")})
    assert bound.endswith('WHERE { VALUES (?b) { ("v") }  ?a ex:p "{" }')
    with pytest.raises(QueryError):
        bind_values("SELECT 1", {"b": Term("literal", "v")})
    with pytest.raises(QueryError):
        bind_values("SELECT ?a WHERE { }", {"b c": Term("literal", "v")})


def test_values_also_open_each_subselect_that_uses_the_variable():
    query = ("SELECT ?n WHERE { { SELECT ?b (COUNT(?d) AS ?n) WHERE { ?d ex:m ?policy , ?b } GROUP BY ?b } "
             "{ SELECT ?x WHERE { ?x ex:select ?y } } }")
    bound = bind_values(query, {"policy": Term("uri", "http://e.org/p")})
    assert bound.count("VALUES (?policy)") == 1  # only the sub-select uses it: the outer join stays a hash join
    assert "WHERE { VALUES (?policy) { (<http://e.org/p>) }  ?d ex:m" in bound
    assert "WHERE { ?x ex:select ?y }" in bound  # does not use ?policy; ex:select is no keyword


def test_values_open_the_outer_group_too_when_its_own_patterns_use_the_variable():
    query = "SELECT ?d WHERE { ?d ex:m ?e { SELECT ?d WHERE { ?d ex:about ?e } } { SELECT ?x WHERE { ?x ex:q ?e2 } } }"
    bound = bind_values(query, {"e": Term("uri", "http://e.org/e"), "unused": Term("literal", "u")})
    assert bound.startswith('SELECT ?d WHERE { VALUES (?e ?unused) { (<http://e.org/e> "u") }  ?d ex:m ?e')
    assert "WHERE { VALUES (?e) { (<http://e.org/e>) }  ?d ex:about ?e }" in bound
    assert "WHERE { ?x ex:q ?e2 }" in bound  # ?e2 is another variable


def test_values_skip_a_construct_template():
    query = "CONSTRUCT { ?s ex:p ?o } WHERE { ?s ex:q ?o }"
    bound = bind_values(query, {"o": Term("literal", "v")})
    assert bound == 'CONSTRUCT { ?s ex:p ?o } WHERE { VALUES (?o) { ("v") }  ?s ex:q ?o }'


def test_a_parameter_reaches_into_subselects(graph):
    """Counted inside a sub-select, the bound entity restricts the count (it did not, once)."""
    query = ("SELECT ?n WHERE { { SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d ckg:mentions ?e } } }")
    everything = graph.query(query).rows[0][0].value
    ics = graph.query(query, e=Term("uri", ID + "body/ics")).rows[0][0].value
    assert 0 < int(ics) < int(everything)
