"""kg.vocab.concepts and the files of ``ontology/vocab``: concepts load, identifiers are well formed,
and names that are not entities never become entities."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from kg.vocab.concepts import NOT_AN_ENTITY, load_vocabulary, vocabulary_quads
from kg.vocab.namespaces import ID, RDF, SKOS

RDF_TYPE = RDF.type

# skos:exactMatch / skos:closeMatch targets must be identifiers of these authorities, written in their canonical form
_AUTHORITIES = (
    re.compile(r"http://id\.nlm\.nih\.gov/mesh/D\d{6}(?:\d{3})?"),  # MeSH descriptor UI
    re.compile(r"http://www\.legislation\.gov\.uk/id/(?:ukpga|asp|anaw|asc|nia)/\d{4}/\d+"),  # an Act (its IdURI)
    re.compile(r"http://www\.wikidata\.org/entity/Q\d+"),
)


def _mappings() -> list[tuple[str, str]]:
    return [(t.subject.value, t.object.value) for t in vocabulary_quads()
            if t.predicate.value in (SKOS.exactMatch, SKOS.closeMatch)]


def test_mappings_point_to_known_authorities():
    bad = [(s, o) for s, o in _mappings() if not any(a.fullmatch(o) for a in _AUTHORITIES)]
    assert not bad


def test_an_exact_match_identifies_one_concept():
    by_target = defaultdict(set)
    for t in vocabulary_quads():
        if t.predicate.value == SKOS.exactMatch:
            by_target[t.object.value].add(t.subject.value)
    assert {target: concepts for target, concepts in by_target.items() if len(concepts) > 1} == {}


def test_names_that_are_not_entities_load_as_suppressing_concepts():
    vocabulary = load_vocabulary()
    biobank = vocabulary["https://w3id.org/citekg/id/not-entity/uk-biobank"]
    assert biobank.suppresses and biobank.concept.kind == NOT_AN_ENTITY
    assert not vocabulary["https://w3id.org/citekg/id/body/ccg"].suppresses


def test_no_name_is_both_an_entity_and_not_an_entity():
    names: dict[str, set[bool]] = defaultdict(set)
    for entry in load_vocabulary().values():
        for name in (*entry.names, *entry.exact_names):
            names[name.casefold()].add(entry.suppresses)
    assert sorted(n for n, kinds in names.items() if len(kinds) > 1) == []


@pytest.mark.parametrize("kind", ["body", "policy", "method", "theory", "place", NOT_AN_ENTITY])
def test_every_scheme_has_concepts(kind):
    assert sum(1 for e in load_vocabulary().values() if e.concept.kind == kind) > 10


def test_every_concept_a_vocabulary_refers_to_is_defined():
    """A relation or skos:broader to a misspelt IRI would silently point nowhere (and fail SHACL)."""
    triples = list(vocabulary_quads(with_relations=True))
    defined = {t.subject.value for t in triples if t.predicate.value == RDF_TYPE}
    used = {node.value for t in triples for node in (t.subject, t.object)
            if getattr(node, "value", "").startswith(ID) and not node.value.startswith((ID + "scheme/", ID + "collection/"))}
    assert sorted(used - defined) == []
