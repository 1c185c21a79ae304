"""The vocabularies in ``ontology/vocab``: loading them, and the graph of their concepts.

(The matcher that finds their names in text is in :mod:`kg.extract.matcher`.)
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from kg.errors import ExtractionError
from kg.rdf.namespaces import CKG, RDFS
from kg.resources import ontology_file, vocabulary_files

__all__ = ["relation_predicates", "vocabulary_quads", "vocabulary_nquads"]


@functools.lru_cache(maxsize=1)
def relation_predicates() -> frozenset[str]:
    """IRIs of the entity-to-entity relations: the sub-properties of ``ckg:relatedTo`` in the ontology."""
    import pyoxigraph

    sub_property = RDFS + "subPropertyOf"
    relations = set()
    for triple in pyoxigraph.parse(path=str(ontology_file())):
        if triple.predicate.value == sub_property and triple.object.value == CKG + "relatedTo":
            relations.add(triple.subject.value)
    if not relations:
        raise ExtractionError(f"{ontology_file()} declares no sub-property of ckg:relatedTo")
    return frozenset(relations)


def vocabulary_quads(with_relations: bool = False) -> Iterator:
    """The triples of every vocabulary file (pyoxigraph ``Triple``s).

    Background relations between concepts (``body:ccg ckg:replaces
    body:pct``) are left out unless ``with_relations``: the graph then
    holds only relations that documents state, each with its evidence.
    """
    import pyoxigraph

    skip = set() if with_relations else relation_predicates()
    for path in vocabulary_files():
        try:
            for triple in pyoxigraph.parse(path=str(path)):
                if triple.predicate.value not in skip:
                    yield triple
        except SyntaxError as exc:
            raise ExtractionError(f"{path}: {exc}") from exc


def vocabulary_nquads(graph: str, with_relations: bool = False) -> bytes:
    """The vocabularies as N-Quads in the named graph ``graph``."""
    import pyoxigraph

    g = pyoxigraph.NamedNode(graph)
    quads = (pyoxigraph.Quad(t.subject, t.predicate, t.object, g) for t in vocabulary_quads(with_relations))
    return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS) or b""
