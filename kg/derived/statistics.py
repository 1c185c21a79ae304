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

The same counts over all years, undated documents included, form a cube
of totals (``<id/count/mentions/body/ccg>`` a ``ckgstat:TotalCount``, with
no year), so that rankings need no sum.

A third cube counts the statements of relations between entities (the
sub-properties of ``ckg:relatedTo``): for each subject, relation and
object, how many documents state it and in how many statements (pieces of
evidence)::

    <id/count/abolishes/policy/hsca-2012/body/pct> a ckgstat:StatementCount ;
        qb:dataSet <id/dataset/statement-counts> ;
        ckgstat:subject <id/policy/hsca-2012> ; ckgstat:relation ckg:abolishes ;
        ckgstat:object <id/body/pct> ; ckgstat:documentCount 7 ; ckgstat:statementCount 9 .

The cubes' terms have a namespace of their own (``ckgstat:``), so that
code walking the ``ckg:`` relations between entities never meets a count.

Documents without a date are counted in the totals only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from kg.rdf.terms import Triple, integer, iri, literal, nquad, typed
from kg.vocab import iris
from kg.vocab.namespaces import CKG, DCTERMS, ID, PROV, QB, RDF, RDFS, STAT, XSD

__all__ = ["COUNTED_RELATIONS", "DATASET", "TOTALS_DATASET", "STATEMENTS_DATASET", "STEPS", "statistics_nquads"]

DATASET = ID + "dataset/yearly-counts"
TOTALS_DATASET = ID + "dataset/total-counts"
STATEMENTS_DATASET = ID + "dataset/statement-counts"
#: The relations counted per entity and year, with the name each gives its observations' IRIs.
COUNTED_RELATIONS = {CKG.mentions: "mentions", CKG.usesMethod: "uses-method", DCTERMS.subject: "subject"}

_COUNTED = " ".join(f"<{relation}>" for relation in COUNTED_RELATIONS)

# Two sub-selects, so the store joins them by hashing rather than looking up each document's date in
# turn; every counted relation in one query, so the documents' dates are read once.
_YEAR_COUNTS = f"""SELECT ?relation ?entity ?year (COUNT(DISTINCT ?document) AS ?documents) WHERE {{
  {{ SELECT ?relation ?document ?entity WHERE {{
      VALUES ?relation {{ {_COUNTED} }}
      ?document ?relation ?entity }} }}
  {{ SELECT ?document ?year WHERE {{ ?document <{DCTERMS.issued}> ?issued BIND (SUBSTR(STR(?issued), 1, 4) AS ?year) }} }}
}} GROUP BY ?relation ?entity ?year"""

_TOTAL_COUNTS = f"""SELECT ?relation ?entity (COUNT(DISTINCT ?document) AS ?documents) WHERE {{
  VALUES ?relation {{ {_COUNTED} }}
  ?document ?relation ?entity
}} GROUP BY ?relation ?entity"""

# Every piece of evidence of a relation between entities, with the document its sentence is part of.
_STATEMENT_COUNTS = f"""SELECT ?s ?p ?o (COUNT(DISTINCT ?document) AS ?documents) (COUNT(DISTINCT ?evidence) AS ?statements)
WHERE {{
  ?p <{RDFS.subPropertyOf}> <{CKG.relatedTo}> .
  ?evidence <{RDF.predicate}> ?p ; <{RDF.subject}> ?s ; <{RDF.object}> ?o ; <{PROV.wasDerivedFrom}> ?sentence .
  ?sentence <{DCTERMS.isPartOf}> ?document .
  FILTER NOT EXISTS {{ ?evidence <{CKG.asserted}> false }}
}} GROUP BY ?s ?p ?o"""


def statistics_nquads(store, graph: str) -> bytes:
    """N-Quads, in ``graph``, of the yearly and total counts of every counted relation and the counts of
    every stated relation between entities, over everything in ``store``."""
    return "".join(nquad(t, graph) for _, step in STEPS for t in step(store)).encode("utf-8")


def _year_counts(store) -> Iterator[Triple]:
    yield from _dataset_triples(DATASET, "YearCountStructure", "Documents per year in each relation to each entity")
    for relation, entity, year, documents in store.query(_YEAR_COUNTS).rows:
        if relation is None or entity is None or entity.kind != "uri" or year is None or not year.value.isdigit():
            continue
        yield from _observation(COUNTED_RELATIONS[relation.value], relation.value, entity.value, year.value,
                                int(documents.value))


def _total_counts(store) -> Iterator[Triple]:
    yield from _dataset_triples(TOTALS_DATASET, "TotalCountStructure", "Documents in each relation to each entity, all years")
    for relation, entity, documents in store.query(_TOTAL_COUNTS).rows:
        if relation is None or entity is None or entity.kind != "uri":
            continue
        yield from _observation(COUNTED_RELATIONS[relation.value], relation.value, entity.value, None,
                                int(documents.value))


def _statement_counts(store) -> Iterator[Triple]:
    yield from _dataset_triples(STATEMENTS_DATASET, "StatementCountStructure",
                                "Documents and statements stating each relation between entities")
    for subject, relation, obj, documents, statements in store.query(_STATEMENT_COUNTS).rows:
        if subject is None or obj is None or subject.kind != "uri" or obj.kind != "uri":
            continue
        yield from _statement_count(subject.value, relation.value, obj.value, int(documents.value),
                                    int(statements.value))


def _dataset_triples(dataset: str, structure: str, title: str) -> Iterator[Triple]:
    d = iri(dataset)
    yield d, iri(RDF.type), iri(QB.DataSet)
    yield d, iri(QB.structure), iri(STAT[structure])
    yield d, iri(DCTERMS.title), literal(title)


def _key(entity: str) -> str:
    return entity[len(ID):] if entity.startswith(ID) else iris.short_hash(entity)


def _observation(name: str, relation: str, entity: str, year: str | None, documents: int) -> Iterator[Triple]:
    """A year count, or the total over all years when ``year`` is None."""
    o = iri(f"{ID}count/{name}/{_key(entity)}" + (f"/{year}" if year else ""))
    yield o, iri(RDF.type), iri(STAT["YearCount" if year else "TotalCount"])
    yield o, iri(QB.dataSet), iri(DATASET if year else TOTALS_DATASET)
    yield o, iri(STAT.countedRelation), iri(relation)
    yield o, iri(STAT.entity), iri(entity)
    if year:
        yield o, iri(STAT.year), typed(year, XSD.gYear)
    yield o, iri(STAT.documentCount), integer(documents)


def _statement_count(subject: str, relation: str, obj: str, documents: int, statements: int) -> Iterator[Triple]:
    o = iri(f"{ID}count/{relation.rsplit('#', 1)[-1]}/{_key(subject)}/{_key(obj)}")
    yield o, iri(RDF.type), iri(STAT.StatementCount)
    yield o, iri(QB.dataSet), iri(STATEMENTS_DATASET)
    yield o, iri(STAT.subject), iri(subject)
    yield o, iri(STAT.relation), iri(relation)
    yield o, iri(STAT.object), iri(obj)
    yield o, iri(STAT.documentCount), integer(documents)
    yield o, iri(STAT.statementCount), integer(statements)


#: The cubes of the statistics graph, in order: (name, function of the store giving its triples).
STEPS: tuple[tuple[str, Callable[..., Iterator[Triple]]], ...] = (
    ("yearly counts", _year_counts),
    ("total counts", _total_counts),
    ("statement counts", _statement_counts),
)
