"""The interface every store answers (:class:`Store`), and what the stores share."""


from __future__ import annotations

import abc
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from kg.errors import QueryError
from kg.rdf.formats import parse_nquads, write_quads
from kg.store.bind import bind_values
from kg.store.guard import check_shape
from kg.store.results import QueryResult, Term
from kg.vocab.namespaces import CKG

__all__ = ["Store", "default_store_path", "query_error", "SOURCE_GRAPHS_QUERY"]

SOURCE_GRAPHS_QUERY = f"""SELECT ?g ?sha ?signature WHERE {{ GRAPH ?g {{
    ?g a <{CKG.SourceFile}> ; <{CKG.sha256}> ?sha . OPTIONAL {{ ?g <{CKG.buildSignature}> ?signature }} }} }}"""


def default_store_path() -> Path:
    """``$KG_STORE``, else ``./kg-store``: where ``kg build`` writes and other commands read."""
    return Path(os.environ.get("KG_STORE", "kg-store"))


class Store(abc.ABC):
    """A dataset of named graphs that can be bulk-loaded, queried and dumped."""

    description: str = "store"
    #: How many times this object has changed the data (loads, drops), so that what is computed from the
    #: store can be kept until the next change; None when others may change it too (a remote endpoint).
    changes: int | None = 0

    def load(self, nquads: Iterable[bytes]) -> None:
        """Bulk-load N-Quads, given as chunks of bytes (each chunk whole lines)."""
        self._changed()
        self._load(nquads)

    def drop_graph(self, graph: str) -> None:
        """Remove the named graph ``graph`` (an IRI) if it exists."""
        self._changed()
        self._drop_graph(graph)

    def replace_graphs(self, contents: Mapping[str, bytes]) -> None:
        """Give each named graph of ``contents`` exactly the N-Quads given for it (their graph names are
        ignored), all at once: where the store has transactions, a reader sees the old graphs or the
        new ones, never a mix, and a process killed half-way leaves the old ones."""
        self._changed()
        self._replace_graphs(contents)

    def _replace_graphs(self, contents: Mapping[str, bytes]) -> None:
        """Replace graphs as :meth:`replace_graphs` says (by default: drop, then load, one graph after another)."""
        for graph, data in contents.items():
            self._drop_graph(graph)
            self._load([_regraph(data, graph)])

    def _changed(self) -> None:
        if self.changes is not None:
            self.changes += 1

    @abc.abstractmethod
    def _load(self, nquads: Iterable[bytes]) -> None:
        """Load N-Quads as :meth:`load` says."""

    @abc.abstractmethod
    def _drop_graph(self, graph: str) -> None:
        """Remove a named graph as :meth:`drop_graph` says."""

    def query(self, sparql: str, bindings: Mapping[str, Term | list[Term]] | None = None) -> QueryResult:
        """Run SPARQL; ``bindings`` give variables RDF-term values, bound by a ``VALUES`` block
        (:func:`kg.store.bind.bind_values`), never pasted into the text. A query too long or nested too
        deep for the engine is refused first (:func:`kg.store.guard.check_shape`)."""
        check_shape(sparql)
        if bindings:
            sparql = bind_values(sparql, bindings)
            check_shape(sparql)
        return self._query(sparql)

    @abc.abstractmethod
    def _query(self, sparql: str) -> QueryResult:
        """Run SPARQL as written."""

    @abc.abstractmethod
    def export(self) -> Iterator[bytes]:
        """The whole dataset as N-Quads chunks."""

    def dump(self, path: str | os.PathLike[str], fmt: Any = None, *,
             progress: Callable[[int], None] | None = None) -> int:
        """Write the dataset (graph formats: the union of its graphs) to ``path``, atomically and in a fixed
        order (:func:`kg.rdf.formats.write_quads`); return the statements written."""
        return write_quads(parse_nquads(self.export()), path, fmt, progress=progress)

    def graph_names(self) -> list[str]:
        """The named graphs in the store, sorted."""
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row[0].value for row in result.rows if row[0] is not None)

    def graph_ntriples(self, graph: str) -> bytes:
        """The triples of one named graph as N-Triples."""
        result = self.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in result.rows).encode("utf-8")

    def source_graphs(self) -> dict[str, str]:
        """The source graphs present: graph IRI → SHA-256 of the file it was built from."""
        return {graph: sha for graph, (sha, _) in self.source_graph_stamps().items()}

    def source_graph_stamps(self) -> dict[str, tuple[str, str]]:
        """The source graphs present: graph IRI → (SHA-256 of the file, signature of the build that made it)."""
        result = self.query(SOURCE_GRAPHS_QUERY)
        return {row[0].value: (row[1].value, row[2].value if row[2] is not None else "")
                for row in result.rows if row[0] is not None and row[1] is not None}

    def __len__(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(result.rows[0][0].value) if result.rows and result.rows[0][0] else 0

    def close(self) -> None:
        """Release the store (files stay on disk)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_LINE_COLUMN = re.compile(r"(?:at |line:?\s*)(\d+)[:,]\s*(?:col:?\s*)?(\d+)")


def query_error(exc: Exception, sparql: str):
    """A :class:`~kg.errors.QueryError` with the line and column where the engine reports them."""
    message = str(exc)
    if len(message) > 240:  # the engine's list of expected tokens can run to pages
        message = message[:240].rsplit(",", 1)[0] + ", …"
    match = _LINE_COLUMN.search(message)
    if match:
        return QueryError(message, line=int(match[1]), column=int(match[2]))
    return QueryError(message)


def _regraph(nquads: bytes, graph: str) -> bytes:
    """N-Quads lines put into the named graph ``graph`` (whatever graph they named)."""
    import pyoxigraph

    target = pyoxigraph.NamedNode(graph)
    quads = (pyoxigraph.Quad(q.subject, q.predicate, q.object, target)
             for q in pyoxigraph.parse(nquads, format=pyoxigraph.RdfFormat.N_QUADS))
    return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS) or b""
