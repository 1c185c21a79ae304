"""The statistics graph: yearly document counts, kept as RDF so that timelines and rankings are lookups.

Aggregating the whole corpus at question time costs seconds once it holds
hundreds of thousands of papers. Every build therefore recomputes, from
the store, one small RDF Data Cube (https://www.w3.org/TR/vocab-data-cube/)
in the graph ``id/graph/statistics``: for each counted relation — a
document mentions an entity, uses a method, has a MeSH heading — each
entity and each year, the number of documents of that year::

    <id/count/mentions/body/ccg/2014> a ckgstat:YearCount ;
        qb:dataSet <id/dataset/yearly-counts> ;
        ckgstat:countedRelation ckg:mentions ; ckgstat:entity <id/body/ccg> ;
        ckgstat:year "2014"^^xsd:gYear ; ckgstat:documentCount 34 .

The cube's terms have a namespace of their own (``ckgstat:``), so that
code walking the ``ckg:`` relations between entities never meets a count.

Documents without a date are not counted.
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.rdf import iris
from kg.rdf.namespaces import CKG, DCTERMS, ID, QB, RDF, STAT, XSD
from kg.rdf.terms import Triple, integer, iri, literal, nquad, typed

__all__ = ["COUNTED_RELATIONS", "DATASET", "statistics_nquads"]

DATASET = ID + "dataset/yearly-counts"
#: The relations counted per entity and year, with the name each gives its observations' IRIs.
COUNTED_RELATIONS = {CKG + "mentions": "mentions", CKG + "usesMethod": "uses-method", DCTERMS + "subject": "subject"}

# Two sub-selects, so the store joins them by hashing rather than looking up each document's date in
# turn; every counted relation in one query, so the documents' dates are read once.
_YEAR_COUNTS = f"""SELECT ?relation ?entity ?year (COUNT(DISTINCT ?document) AS ?documents) WHERE {{
  {{ SELECT ?relation ?document ?entity WHERE {{
      VALUES ?relation {{ {" ".join(f"<{relation}>" for relation in COUNTED_RELATIONS)} }}
      ?document ?relation ?entity }} }}
  {{ SELECT ?document ?year WHERE {{ ?document <{DCTERMS}issued> ?issued BIND (SUBSTR(STR(?issued), 1, 4) AS ?year) }} }}
}} GROUP BY ?relation ?entity ?year"""


def statistics_nquads(store, graph: str) -> bytes:
    """N-Quads, in ``graph``, of the yearly counts of every counted relation over everything in ``store``."""
    lines = [nquad(t, graph) for t in _dataset_triples()]
    for relation, entity, year, documents in store.query(_YEAR_COUNTS).rows:
        if relation is None or entity is None or entity.kind != "uri" or year is None or not year.value.isdigit():
            continue
        lines.extend(nquad(t, graph) for t in _observation(COUNTED_RELATIONS[relation.value], relation.value,
                                                           entity.value, year.value, int(documents.value)))
    return "".join(lines).encode("utf-8")


def _dataset_triples() -> Iterator[Triple]:
    d = iri(DATASET)
    yield d, iri(RDF + "type"), iri(QB + "DataSet")
    yield d, iri(QB + "structure"), iri(STAT + "YearCountStructure")
    yield d, iri(DCTERMS + "title"), literal("Documents per year in each relation to each entity")


def _observation(name: str, relation: str, entity: str, year: str, documents: int) -> Iterator[Triple]:
    key = entity[len(ID):] if entity.startswith(ID) else iris.short_hash(entity)
    o = iri(f"{ID}count/{name}/{key}/{year}")
    yield o, iri(RDF + "type"), iri(STAT + "YearCount")
    yield o, iri(QB + "dataSet"), iri(DATASET)
    yield o, iri(STAT + "countedRelation"), iri(relation)
    yield o, iri(STAT + "entity"), iri(entity)
    yield o, iri(STAT + "year"), typed(year, XSD + "gYear")
    yield o, iri(STAT + "documentCount"), integer(documents)
