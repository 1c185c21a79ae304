"""Oxigraph (pyoxigraph): the embedded default store, on disk or in memory."""

from __future__ import annotations

import io
import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph

from kg.errors import ParseError, StoreError
from kg.rdf.formats import rdf_format, write_quads
from kg.store.base import Store, query_error
from kg.store.results import QueryResult, Term
from kg.vocab.namespaces import PREFIXES

__all__ = ["OxigraphStore", "ChunkReader", "to_term"]


class ChunkReader(io.RawIOBase):
    """A binary file over an iterator of byte chunks, so a loader can stream from a generator."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._rest = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        while not self._rest:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._rest = chunk
        n = min(len(buffer), len(self._rest))
        buffer[:n] = self._rest[:n]
        self._rest = self._rest[n:]
        return n


def to_term(node) -> Term | None:
    """A :class:`Term` from a pyoxigraph term."""
    if node is None:
        return None
    convert = _CONVERTERS.get(type(node))
    return convert(node) if convert else Term("literal", str(node))  # RDF 1.2 triple terms, shown as text


_CONVERTERS: dict[type, Callable[[Any], Term]] = {
    pyoxigraph.NamedNode: lambda node: Term("uri", node.value),
    pyoxigraph.BlankNode: lambda node: Term("bnode", node.value),
    # a language-tagged literal has no datatype of its own in SPARQL results (nor in rdflib)
    pyoxigraph.Literal: lambda node: Term("literal", node.value, None if node.language else node.datatype.value,
                                          node.language),
}


class OxigraphStore(Store):
    """An Oxigraph store on disk at ``path`` (created if missing), or in memory when ``path`` is None."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self.description = f"Oxigraph store at {self.path}" if self.path else "Oxigraph store in memory"
        try:
            if self.path is None:
                self._store = pyoxigraph.Store()
            elif read_only:
                self._store = pyoxigraph.Store.read_only(str(self.path))
            else:
                self._store = pyoxigraph.Store(str(self.path))
        except OSError as exc:
            hint = " (is another kg process writing it?)" if "lock" in str(exc).lower() else ""
            raise StoreError(f"cannot open the Oxigraph store at {self.path}: {exc}{hint}") from exc

    @property
    def native(self):
        """The underlying ``pyoxigraph.Store``."""
        return self._store

    def _load(self, nquads: Iterable[bytes]) -> None:
        try:
            self._store.bulk_load(io.BufferedReader(ChunkReader(nquads), 1 << 20),
                                  format=pyoxigraph.RdfFormat.N_QUADS)
        except (SyntaxError, OSError, ValueError) as exc:
            raise StoreError(f"loading into {self.description} failed: {exc}") from exc

    def load_file(self, path: str | os.PathLike[str]) -> None:
        """Load an RDF file in any format Oxigraph reads (found from the extension; Turtle, N-Triples,
        N-Quads, TriG, JSON-LD, RDF/XML). Triples go to the default graph."""
        fmt = rdf_format(path=path)
        self._changed()
        try:
            self._store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as exc:
            line, column = _position(exc)
            raise ParseError(f"cannot read as RDF: {exc}", source=str(path), line=line, column=column) from exc
        except (OSError, ValueError) as exc:
            raise ParseError(f"cannot read as RDF: {exc}", source=str(path)) from exc

    #: Changed statements past which a replacement is applied in several transactions, not one (memory).
    ONE_TRANSACTION = 400_000

    def _replace_graphs(self, contents: Mapping[str, bytes]) -> None:
        """Apply the difference between each graph and its new content in one SPARQL Update transaction.

        A rebuild changes few derived statements (some counts, some links),
        so the transaction stays small; copying whole graphs in a transaction
        would cost about 1 KB of memory a statement. A change larger than
        :attr:`ONE_TRANSACTION` statements (the first build into a store
        that had the graphs, a new citekg version) is applied graph by graph.
        """
        removed: list[tuple[str, list[str]]] = []
        added: list[tuple[str, list[str]]] = []
        for graph, data in contents.items():
            g = pyoxigraph.NamedNode(graph)
            old = {_statement(q) for q in self._store.quads_for_pattern(None, None, None, g)}
            new = {_statement(q) for q in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_QUADS)}
            removed.append((graph, sorted(old - new)))
            added.append((graph, sorted(new - old)))
        changes = sum(len(lines) for _, lines in removed + added)
        if changes <= self.ONE_TRANSACTION:
            self._update(_data_update(removed, added))
            return
        for (graph, gone), (_, new_lines) in zip(removed, added):
            self._update(_data_update([(graph, gone)], [(graph, new_lines)]))

    def _update(self, update: str) -> None:
        if not update:
            return
        try:
            self._store.update(update)
        except (SyntaxError, OSError, ValueError) as exc:
            raise StoreError(f"updating {self.description} failed: {exc}") from exc

    def _drop_graph(self, graph: str) -> None:
        self._store.update(f"DROP SILENT GRAPH <{pyoxigraph.NamedNode(graph).value}>")

    def _query(self, sparql: str) -> QueryResult:
        try:
            answer = self._store.query(sparql, use_default_graph_as_union=True)
            if isinstance(answer, pyoxigraph.QueryBoolean):
                return QueryResult("ask", boolean=bool(answer))
            if isinstance(answer, pyoxigraph.QuerySolutions):
                variables = [v.value for v in answer.variables]
                rows = [tuple(map(to_term, solution)) for solution in answer]
                return QueryResult("select", variables=variables, rows=rows)
            data = pyoxigraph.serialize(answer, format=pyoxigraph.RdfFormat.TURTLE, prefixes=dict(PREFIXES))
            return QueryResult("graph", graph=data or b"")
        except SyntaxError as exc:
            raise query_error(exc, sparql) from exc
        except OSError as exc:
            raise StoreError(f"query failed on {self.description}: {exc}") from exc

    def export(self) -> Iterator[bytes]:
        quads = iter(self._store)
        while chunk := list(itertools.islice(quads, 50_000)):
            yield pyoxigraph.serialize(chunk, format=pyoxigraph.RdfFormat.N_QUADS) or b""

    def dump(self, path: str | os.PathLike[str], fmt=None, *, progress: Callable[[int], None] | None = None) -> int:
        return write_quads(iter(self._store), path, fmt, progress=progress)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if hasattr(g, "value"))

    def graph_ntriples(self, graph: str) -> bytes:
        return self._store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.NamedNode(graph)) or b""

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        """Make what was written durable."""
        if self.path is not None and not self.read_only and self._store is not None:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        self._store = None  # type: ignore[assignment]


def _position(exc: SyntaxError) -> tuple[int | None, int | None]:
    """The line and column a pyoxigraph syntax error names (its ``lineno`` and ``offset``, or its text)."""
    if getattr(exc, "lineno", None):
        return exc.lineno, getattr(exc, "offset", None)
    match = re.search(r"(\d+):(\d+)", str(exc))
    return (int(match[1]), int(match[2])) if match else (None, None)


def _statement(quad) -> str:
    """A quad's triple in N-Triples syntax (its graph aside)."""
    return f"{quad.subject} {quad.predicate} {quad.object} ."


def _data_update(removed: list[tuple[str, list[str]]], added: list[tuple[str, list[str]]]) -> str:
    """One SPARQL Update deleting and inserting the given N-Triples statements in their graphs."""
    parts = []
    for keyword, changes in (("DELETE", removed), ("INSERT", added)):
        blocks = [f"GRAPH <{graph}> {{\n" + "\n".join(lines) + "\n}" for graph, lines in changes if lines]
        if blocks:
            parts.append(f"{keyword} DATA {{\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(parts)
