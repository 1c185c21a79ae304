"""The ontology and vocabulary graphs every build writes."""

from __future__ import annotations

import pyoxigraph

from kg.derived.graphs import ontology_nquads, vocabulary_nquads


def test_the_ontology_and_vocabulary_graphs_have_no_blank_nodes():
    # A store renames blank nodes on every load, so one in these files would make two builds differ.
    for nquads in (ontology_nquads("urn:x:ontology"), vocabulary_nquads("urn:x:vocabulary", with_relations=True)):
        quads = list(pyoxigraph.parse(nquads, format=pyoxigraph.RdfFormat.N_QUADS))
        assert quads
        blank = [q for q in quads if isinstance(q.subject, pyoxigraph.BlankNode)
                 or isinstance(q.object, pyoxigraph.BlankNode)]
        assert not blank, blank[:3]
