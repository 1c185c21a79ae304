"""N-Triples term writing: escaping, datatypes, IRIs from sources."""

from __future__ import annotations

import pyoxigraph
import pytest

from kg.model import PartialDate
from kg.rdf.terms import date, integer, iri, literal, nquad, safe_iri, typed
from kg.vocab.namespaces import XSD



@pytest.mark.parametrize("value, lang, expected", [
    ("plain", None, '"plain"'),
    ('say "hi"', None, '"say \\"hi\\""'),
    ("back\\slash", None, '"back\\\\slash"'),
    ("two\nlines\r", None, '"two\\nlines\\r"'),
    ("bell\x07gone", None, '"bellgone"'),
    ("English", "en", '"English"@en'),
])
def test_literal(value, lang, expected):
    assert literal(value, lang) == expected


@pytest.mark.parametrize("value, expected", [
    (PartialDate(2023, 12, 21), f'"2023-12-21"^^<{XSD.date}>'),
    (PartialDate(2019, 7), f'"2019-07"^^<{XSD.gYearMonth}>'),
    (PartialDate(2017), f'"2017"^^<{XSD.gYear}>'),
])
def test_dates_keep_their_precision(value, expected):
    assert date(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("https://example.org/a b", "<https://example.org/a%20b>"),
    ('http://x.org/"q"', "<http://x.org/%22q%22>"),
    ("javascript:alert(1)", None),
    ("/relative/path", None),
    ("mailto:someone@example.org", "<mailto:someone@example.org>"),
])
def test_safe_iri(value, expected):
    assert safe_iri(value) == expected


def test_every_term_parses_as_n_quads():
    line = nquad((iri("https://w3id.org/citekg/id/x"), iri("http://purl.org/dc/terms/title"),
                  literal('Quote " and \\ and \n')), "https://w3id.org/citekg/id/source/f")
    line += nquad((iri("https://w3id.org/citekg/id/x"), iri("http://purl.org/ontology/bibo/pages"),
                   integer(12)), "https://w3id.org/citekg/id/source/f")
    line += nquad((iri("https://w3id.org/citekg/id/x"), iri("http://purl.org/dc/terms/issued"),
                   typed("2020", XSD.gYear)), "https://w3id.org/citekg/id/source/f")
    quads = list(pyoxigraph.parse(line.encode(), format=pyoxigraph.RdfFormat.N_QUADS))
    assert quads[0].object.value == 'Quote " and \\ and \n'
    assert quads[1].object.value == "12"
