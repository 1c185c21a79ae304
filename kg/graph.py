"""The knowledge graph as a library object: a store plus what you do with it.

>>> import kg
>>> graph = kg.build(["examples/sources/export-revalidation.nbib"], store=":memory:")
>>> for row in graph.query("SELECT ?t WHERE { ?p a ckg:Paper ; dcterms:title ?t } ORDER BY ?t LIMIT 1"):
...     print(row["t"])
Governing doctors at a distance: responsible officers and the governmentality of medical revalidation.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Callable, Mapping
from typing import Any

from kg.errors import QueryError
from kg.rdf.formats import rdf_format
from kg.store import Store, open_store
from kg.store.results import QueryResult, Term
from kg.vocab.concepts import relation_predicates
from kg.vocab.namespaces import CITO, CKG, PREFIXES, XSD, local_name
from kg.vocab.types import ENTITY_CLASSES

__all__ = ["KnowledgeGraph", "iri", "with_prefixes", "as_term"]


def iri(value: str) -> Term:
    """An IRI to bind to a query variable: ``graph.query(q, body=kg.iri(".../body/ccg"))``."""
    return Term("uri", value)


def as_term(value: Any) -> Term:
    """A query binding from a Python value: Terms pass through; str, int, float, bool and dates become literals."""
    if isinstance(value, Term):
        return value
    if isinstance(value, bool):
        return Term("literal", "true" if value else "false", XSD.boolean)
    if isinstance(value, int):
        return Term("literal", str(value), XSD.integer)
    if isinstance(value, float):
        return Term("literal", repr(value), XSD.double)
    if isinstance(value, _dt.date):
        return Term("literal", value.isoformat(), XSD.date)
    return Term("literal", str(value), XSD.string)


_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w-]*)?:", re.I | re.M)


def with_prefixes(sparql: str) -> str:
    """``sparql`` with PREFIX lines added for citekg's prefixes it uses but does not declare."""
    declared = set(_DECLARED.findall(sparql))
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()
               if p not in declared and re.search(rf"(?<![\w<]){re.escape(p)}:", sparql)]
    return "\n".join(missing + [sparql]) if missing else sparql


class KnowledgeGraph:
    """A citekg graph in a store: query it, count it, serialise it, hand it to rdflib or networkx."""

    def __init__(self, store: Store, report: Any = None) -> None:
        """``report`` is the :class:`~kg.builder.BuildReport` of the build that made the graph, if one did."""
        self.store = store
        self.report = report

    @classmethod
    def open(cls, store: str | os.PathLike[str] | None = None, *, endpoint: str | None = None) -> KnowledgeGraph:
        """The graph in an existing store (default ``./kg-store``) or at a SPARQL ``endpoint``."""
        return cls(open_store(store, endpoint=endpoint, read_only=endpoint is None, create=False))

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None, **kw_bindings: Any) -> QueryResult:
        """Run SPARQL (citekg's prefixes are predeclared). Bindings give variables values as RDF terms,
        never pasted into the text: ``graph.query("... ?body ...", body=kg.iri(...))``."""
        values = {k: [as_term(x) for x in v] if isinstance(v, list) else as_term(v)
                  for k, v in {**(bindings or {}), **kw_bindings}.items()}
        full = with_prefixes(sparql)
        added = full.count("\n") - sparql.count("\n")  # PREFIX lines put in front
        try:
            return self.store.query(full, values)
        except QueryError as exc:
            if exc.line is not None and exc.line > added:  # report positions in the text the user wrote
                message = re.sub(r"\b\d+:\d+\b", f"{exc.line - added}:{exc.column}", exc.message, count=1)
                raise QueryError(message, line=exc.line - added, column=exc.column) from exc
            raise

    def query_df(self, sparql: str, bindings: Mapping[str, Any] | None = None, **kw_bindings: Any):
        """The rows of a SELECT as a pandas DataFrame (``pip install citekg[dataframe]``)."""
        try:
            import pandas
        except ImportError as exc:
            raise QueryError("query_df needs pandas: pip install 'citekg[dataframe]'") from exc
        result = self.query(sparql, bindings, **kw_bindings)
        return pandas.DataFrame([[t.to_python() if t else None for t in row] for row in result.rows],
                                columns=result.variables)

    def serialize(self, path: str | os.PathLike[str], format: Any = None, *,
                  progress: Callable[[int], None] | None = None) -> int:
        """Write the graph to ``path``: Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML, by
        ``format`` (name, extension, media type or a pyoxigraph ``RdfFormat``) or by the file's extension.
        Atomic, deterministic and in bounded memory; returns the statements written (``progress`` gets
        the count of statements read now and then)."""
        fmt = format if format is not None and not isinstance(format, str) else rdf_format(format, path)
        return self.store.dump(path, fmt, progress=progress)

    def to_rdflib(self):
        """The graph as an ``rdflib.Dataset`` (default graph = union of the named graphs)."""
        import rdflib

        dataset = rdflib.Dataset(default_union=True)
        for chunk in self.store.export():
            dataset.parse(data=chunk.decode("utf-8"), format="nquads")
        return dataset

    def summary(self) -> dict[str, int]:
        """Counts: documents by kind, mentioned entities by type, relations, citations, quads."""
        counts: dict[str, int] = {}
        for cls in ("Paper", "BlogPost", "Report", "WebPage"):
            counts[f"documents: {cls}"] = self._count(f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d a <{CKG[cls]}> }}")
        for cls in ENTITY_CLASSES.values():
            counts[f"entities: {local_name(cls)}"] = self._count(
                f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?d <{CKG.mentions}> ?e . ?e a <{cls}> }}")
        values = " ".join(f"<{p}>" for p in sorted(relation_predicates()))
        counts["relations"] = self._count(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o }} }}")
        counts["citations"] = self._count(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ ?s <{CITO.cites}> ?o }} }}")
        counts["quads"] = len(self.store)
        return counts

    def _count(self, sparql: str) -> int:
        result = self.store.query(sparql)
        return int(result.rows[0][0].value) if result.rows and result.rows[0][0] is not None else 0

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
