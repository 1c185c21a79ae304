"""The graphs of the ontology and the vocabularies, written into the store by every build."""

from __future__ import annotations

from kg.vocab.concepts import file_triples, vocabulary_quads
from kg.vocab.resources import ontology_file

__all__ = ["ontology_nquads", "vocabulary_nquads"]


def ontology_nquads(graph: str) -> bytes:
    """The OWL ontology (``citekg.ttl``) as N-Quads in the named graph ``graph``."""
    import pyoxigraph

    g = pyoxigraph.NamedNode(graph)
    quads = (pyoxigraph.Quad(t.subject, t.predicate, t.object, g)
             for t in file_triples(ontology_file()))
    return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS) or b""


def vocabulary_nquads(graph: str, with_relations: bool = False) -> bytes:
    """The vocabularies as N-Quads in the named graph ``graph``."""
    import pyoxigraph

    g = pyoxigraph.NamedNode(graph)
    quads = (pyoxigraph.Quad(t.subject, t.predicate, t.object, g) for t in vocabulary_quads(with_relations))
    return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS) or b""
