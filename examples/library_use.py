#!/usr/bin/env python3
"""Using citekg as a library: build, ask, count, hand over to pandas, rdflib and networkx.

    python examples/library_use.py
"""

from __future__ import annotations

from pathlib import Path

import kg

HERE = Path(__file__).resolve().parent

# Records first: every source format reads into the same Document records.
for doc in kg.parse(HERE / "sources" / "export-revalidation.nbib"):
    print(doc.ids.pmid, doc.citation.journal, doc.citation.date.isoformat(), "|", doc.title[:60])

# Build a graph in memory (or store="some-folder" for an Oxigraph store on disk).
graph = kg.build([HERE / "sources"], store=":memory:")
print(graph.summary())

# SPARQL with citekg's prefixes predeclared; values are bound as RDF terms, never pasted in.
question = """
SELECT ?title ?year WHERE {
  ?paper ckg:usesMethod ?method ; ckg:mentions ?body ; dcterms:title ?title ; dcterms:issued ?issued .
  BIND (SUBSTR(STR(?issued), 1, 4) AS ?year)
} ORDER BY ?year"""
for row in graph.query(question, method=kg.iri("https://w3id.org/citekg/id/method/semi-structured-interview"),
                       body=kg.iri("https://w3id.org/citekg/id/body/icb")):
    print(row["year"], row["title"])

# A question of the pack, by name.
from kg.query import run  # noqa: E402

for row in run(graph, "policy-effects", {"policy": "Health and Care Act 2022"}):
    print(row)

# Hand-overs: pandas (citekg[dataframe]) and rdflib.
try:
    frame = graph.query_df("SELECT ?year (COUNT(DISTINCT ?p) AS ?papers) WHERE { ?p a ckg:Paper ; dcterms:issued ?d "
                           "BIND (SUBSTR(STR(?d), 1, 4) AS ?year) } GROUP BY ?year ORDER BY ?year")
    print(frame)
except kg.QueryError as exc:
    print(exc)
dataset = graph.to_rdflib()
print(len(dataset), "triples in rdflib")
