"""A remote SPARQL 1.1 endpoint as a store: Oxigraph server, Fuseki, GraphDB, Virtuoso, QLever.

Queries go to the query endpoint (SPARQL 1.1 Protocol, POST); graphs are
written through the SPARQL 1.1 Graph Store Protocol: one named graph per
source, replaced whole with ``PUT ?graph=…``. The Graph Store URL is found
from the query URL for the usual servers (Oxigraph ``/query`` → ``/store``,
Fuseki ``/ds/sparql`` or ``/ds/query`` → ``/ds/data``, GraphDB
``/repositories/X`` → ``/repositories/X/rdf-graphs/service``) or given.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping

from kg.errors import StoreError
from kg.query.results import XSD_STRING, QueryResult, Term
from kg.store import Store, query_error

__all__ = ["RemoteStore", "graph_store_url"]

USER_AGENT = "citekg (+https://w3id.org/citekg)"


def graph_store_url(endpoint: str) -> str:
    """The Graph Store Protocol URL that goes with a query endpoint, for the usual servers."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path
    for pattern, replacement in ((r"/query$", "/store"), (r"/sparql$", "/data"),
                                 (r"^(/repositories/[^/]+)$", r"\1/rdf-graphs/service")):
        if re.search(pattern, path):
            return urllib.parse.urlunsplit(parts._replace(path=re.sub(pattern, replacement, path), query=""))
    return endpoint


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint (and its Graph Store) used as a citekg store."""

    changes = None  # other clients may change it

    def __init__(self, endpoint: str, *, graph_store: str | None = None, timeout: float = 300.0) -> None:
        if not re.match(r"https?://", endpoint):
            raise StoreError(f"not an http(s) endpoint URL: {endpoint}")
        self.endpoint = endpoint
        self.graph_store = graph_store or graph_store_url(endpoint)
        self.timeout = timeout
        self.description = f"SPARQL endpoint {endpoint}"
        self._graph_list: list[str] | None = None

    # ---------------------------------------------------------------- HTTP
    def _request(self, url: str, method: str, data: bytes | None = None, headers: Mapping[str, str] = {}) -> bytes:
        request = urllib.request.Request(url, data=data, method=method,
                                         headers={"User-Agent": USER_AGENT, **headers})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", errors="replace").strip()[:500]
            if exc.code == 400 and method == "POST" and url == self.endpoint and data and b"query" in data[:20]:
                raise query_error(Exception(detail or exc.reason), "") from exc
            raise StoreError(f"{method} {url} failed: HTTP {exc.code} {exc.reason}: {detail}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach {url}: {getattr(exc, 'reason', exc)}") from exc

    # ---------------------------------------------------------------- Store
    def _graphs(self) -> list[str]:
        """The endpoint's named graphs (cached until the next write)."""
        if self._graph_list is None:
            body = self._request(self.endpoint, "POST", b"SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", {
                "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
            rows = json.loads(body.decode("utf-8"))["results"]["bindings"]
            self._graph_list = sorted(row["g"]["value"] for row in rows)
        return self._graph_list

    def _query(self, sparql: str) -> QueryResult:
        """Run ``sparql`` with the union of the named graphs as its default graph.

        Servers differ in what their default graph is (Oxigraph's own graph,
        Fuseki's, GraphDB's union), so the query names its dataset with the
        protocol's ``default-graph-uri`` and ``named-graph-uri`` parameters:
        every named graph, as citekg's local stores see it.
        """
        graphs = self._graphs()
        form = [("query", sparql)] + [("default-graph-uri", g) for g in graphs] + \
            [("named-graph-uri", g) for g in graphs]
        body = self._request(self.endpoint, "POST", urllib.parse.urlencode(form).encode("utf-8"), {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json, text/turtle;q=0.9, application/n-triples;q=0.8"})
        text = body.decode("utf-8")
        if text.lstrip().startswith("{"):
            data = json.loads(text)
            if "boolean" in data:
                return QueryResult("ask", boolean=bool(data["boolean"]))
            variables = data["head"].get("vars", [])
            rows = [tuple(_term(binding.get(v)) for v in variables) for binding in data["results"]["bindings"]]
            return QueryResult("select", variables=variables, rows=rows)
        return QueryResult("graph", graph=_as_turtle(body))

    def _load(self, nquads: Iterable[bytes]) -> None:
        """Add N-Quads to their named graphs (``POST`` to the Graph Store, graph by graph)."""
        by_graph: dict[str, list[bytes]] = defaultdict(list)
        for chunk in nquads:
            for line in chunk.splitlines():
                graph, triple = _split_quad(line)
                if triple:
                    by_graph[graph].append(triple)
        for graph, lines in by_graph.items():
            self._request(self._graph_url(graph), "POST", b"\n".join(lines) + b"\n",
                          {"Content-Type": "application/n-triples"})
        self._graph_list = None

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        """Replace the named graph ``graph`` with ``ntriples`` (Graph Store ``PUT``)."""
        self._request(self._graph_url(graph), "PUT", ntriples, {"Content-Type": "application/n-triples"})
        self._graph_list = None

    def _drop_graph(self, graph: str) -> None:
        self._graph_list = None
        try:
            self._request(self._graph_url(graph), "DELETE")
        except StoreError as exc:
            if "HTTP 404" not in str(exc):
                raise

    def export(self) -> Iterator[bytes]:
        result = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        lines = [f"{s.n3()} {p.n3()} {o.n3()} {g.n3()} .\n" for s, p, o, g in result.rows]
        yield "".join(lines).encode("utf-8")

    def _graph_url(self, graph: str) -> str:
        separator = "&" if "?" in self.graph_store else "?"
        return f"{self.graph_store}{separator}graph={urllib.parse.quote(graph, safe='')}"


def _term(binding: dict | None) -> Term | None:
    if binding is None:
        return None
    kind = {"uri": "uri", "bnode": "bnode"}.get(binding["type"], "literal")
    language = binding.get("xml:lang")
    datatype = binding.get("datatype") or (XSD_STRING if kind == "literal" and not language else None)
    return Term(kind, binding["value"], datatype, language)  # a simple literal is an xsd:string, as locally


_QUAD = re.compile(rb"^(.*\S)\s+(<[^>]*>)\s*\.\s*$")


def _split_quad(line: bytes) -> tuple[str, bytes]:
    """(graph IRI, the triple as an N-Triples line) from an N-Quads line citekg wrote."""
    match = _QUAD.match(line)
    if not match:
        return "", b""
    return match.group(2)[1:-1].decode("utf-8"), match.group(1) + b" ."


def _as_turtle(body: bytes) -> bytes:
    """A graph answer as Turtle, whatever syntax the endpoint chose."""
    import pyoxigraph

    for fmt in (pyoxigraph.RdfFormat.TURTLE, pyoxigraph.RdfFormat.N_TRIPLES):
        try:
            triples = list(pyoxigraph.parse(body, format=fmt))
            return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE) or b""
        except SyntaxError:
            continue
    return body
