"""rdflib's in-memory Dataset: the store for small graphs used in-process."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.store.base import Store, query_error
from kg.store.results import XSD_STRING, QueryResult, Term

__all__ = ["MemoryStore"]


def _to_term(node) -> Term | None:
    import rdflib

    if node is None:
        return None
    if isinstance(node, rdflib.URIRef):
        return Term("uri", str(node))
    if isinstance(node, rdflib.BNode):
        return Term("bnode", str(node))
    datatype = str(node.datatype) if node.datatype else None
    if datatype is None and not node.language:
        datatype = XSD_STRING
    return Term("literal", str(node), datatype, node.language)


class MemoryStore(Store):
    """An rdflib ``Dataset`` whose default graph is the union of its named graphs."""

    description = "rdflib memory store"

    def __init__(self) -> None:
        import rdflib

        self.dataset = rdflib.Dataset(default_union=True)

    def _load(self, nquads: Iterable[bytes]) -> None:
        for chunk in nquads:
            if chunk:
                self.dataset.parse(data=chunk.decode("utf-8"), format="nquads")

    def _drop_graph(self, graph: str) -> None:
        import rdflib

        self.dataset.remove_graph(rdflib.URIRef(graph))

    def _query(self, sparql: str) -> QueryResult:
        try:
            answer = self.dataset.query(sparql)
            if answer.type == "ASK":
                return QueryResult("ask", boolean=bool(answer.askAnswer))
            if answer.type == "SELECT":
                variables = [str(v) for v in answer.vars]
                return QueryResult("select", variables=variables,
                                   rows=[tuple(_to_term(row[i]) for i in range(len(variables))) for row in answer])
            data = answer.serialize(format="turtle")
            return QueryResult("graph", graph=data if isinstance(data, bytes) else (data or "").encode())
        except Exception as exc:  # rdflib raises pyparsing and assorted errors for bad queries
            raise query_error(exc, sparql) from exc

    def export(self) -> Iterator[bytes]:
        data = self.dataset.serialize(format="nquads")
        yield data.encode("utf-8") if isinstance(data, str) else data

    def __len__(self) -> int:
        return sum(len(g) for g in self.dataset.graphs())
