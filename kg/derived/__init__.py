"""The graphs computed from the loaded store after each build, and how they are put in place.

=======================  =============================================================
``id/graph/vocabulary``  the concepts of the vocabularies (:mod:`kg.derived.graphs`)
``id/graph/ontology``    the OWL ontology (:mod:`kg.derived.graphs`)
``id/graph/links``       links across documents: reprints, journal phrases, links to files
                         given to the build (a PDF report), publishers (:mod:`kg.derived.links`)
``id/graph/statistics``  the counts timelines and rankings read (:mod:`kg.derived.statistics`)
=======================  =============================================================

Each is computed in a fixed number of queries and time linear in the corpus
(``scripts/bench_derived.py`` measures it). They depend on the whole corpus,
so a build recomputes them after loading
its sources, then puts each group in place in one transaction
(:meth:`kg.store.Store.replace_graphs`): a reader never sees one half-made.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.derived.graphs import ontology_nquads, vocabulary_nquads
from kg.derived.links import link_nquads
from kg.derived.statistics import statistics_nquads
from kg.progress import ProgressCallback, report
from kg.store import Store
from kg.vocab.namespaces import (
    GRAPH_LINKS,
    GRAPH_ONTOLOGY,
    GRAPH_STATISTICS,
    GRAPH_VOCABULARY,
)

__all__ = ["DERIVED_GRAPHS", "refresh_derived_graphs"]

#: The graphs computed from the whole store after each build.
DERIVED_GRAPHS = (GRAPH_VOCABULARY, GRAPH_ONTOLOGY, GRAPH_LINKS, GRAPH_STATISTICS)


def refresh_derived_graphs(store: Store, *, extract: bool = True, with_vocabulary: bool = False,
                           progress: ProgressCallback | None = None) -> None:
    """Recompute the derived graphs of ``store`` and put them in place: first the vocabulary and the ontology,
    which finding links needs; then the links across documents (when ``extract``) and the statistics."""
    stage = "derived graphs"
    steps: list[list[tuple[str, str, Callable[[str], bytes]]]] = [
        [("vocabulary", GRAPH_VOCABULARY, lambda g: vocabulary_nquads(g, with_relations=with_vocabulary)),
         ("ontology", GRAPH_ONTOLOGY, ontology_nquads)],
        [("links across documents", GRAPH_LINKS, lambda g: link_nquads(store, g) if extract else b""),
         ("statistics", GRAPH_STATISTICS, lambda g: statistics_nquads(store, g))],
    ]
    total = sum(len(group) for group in steps) + len(steps)
    done = 0
    for group in steps:
        contents: dict[str, bytes] = {}
        for name, graph, compute in group:
            report(progress, stage, done, total, "steps", name)
            contents[graph] = compute(graph)
            done += 1
        report(progress, stage, done, total, "steps", "putting them in place")
        store.replace_graphs(contents)
        done += 1
    report(progress, stage, done, total, "steps", "done")
