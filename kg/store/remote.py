"""A remote SPARQL 1.1 endpoint as a store: Oxigraph server, Virtuoso, Fuseki, GraphDB, QLever.

Queries go to the query endpoint as form POSTs (SPARQL 1.1 Protocol); graphs
are written through the SPARQL 1.1 Graph Store Protocol, one named graph per
source, in chunks: the first ``PUT`` replaces the graph, the rest ``POST``
add to it, so neither side holds a whole graph in memory.

Servers differ in what a query's default graph is, and citekg's questions
need it to be the union of its graphs (as in the local stores). Each server
gets what it needs and no more (:data:`ENGINES`):

``oxigraph``  the ``union-default-graph`` parameter
``virtuoso``  nothing: its default graph is every graph; its system graphs are
              left out of ``GRAPH ?g`` and its quad-map graph out of the default
              graph, with ``define input:…-graph-exclude`` (see :meth:`RemoteStore._dataset`)
``graphdb``   nothing: its default graph is the union of all graphs
``qlever``    nothing: its default graph is the union of all graphs (and it
              refuses ``default-graph-uri``, its issue #1712)
``fuseki``    ``default-graph-uri=urn:x-arq:UnionGraph`` (Jena's union graph)
``generic``   the protocol's ``default-graph-uri``/``named-graph-uri``, one
              per citekg graph: correct anywhere, slow on some servers

The server is recognised from its ``Server`` header or its URL, or named.
The citekg graphs are found cheaply: the source graphs (each describes its
file) and the four derived graphs — never a scan of the whole store.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import itertools
import json
import os
import re
import secrets
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from kg.errors import QueryError, StoreError
from kg.store.base import Store, query_error
from kg.store.results import XSD_STRING, QueryResult, Term
from kg.vocab.namespaces import (
    CKG,
    GRAPH_LINKS,
    GRAPH_ONTOLOGY,
    GRAPH_STATISTICS,
    GRAPH_VOCABULARY,
)

__all__ = ["RemoteStore", "Engine", "ENGINES", "RowCapWarning", "graph_store_url", "detect_engine"]

USER_AGENT = "citekg (+https://w3id.org/citekg)"
DERIVED_GRAPHS = (GRAPH_LINKS, GRAPH_ONTOLOGY, GRAPH_STATISTICS, GRAPH_VOCABULARY)
#: Source graphs by their description (an index lookup on every server), not by a scan of all quads.
CITEKG_GRAPHS_QUERY = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a <{CKG.SourceFile}> }} }}"
DERIVED_GRAPHS_QUERY = ("SELECT ?g WHERE { VALUES ?g { " + " ".join(f"<{g}>" for g in DERIVED_GRAPHS) +
                        " } FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }")
JENA_UNION_GRAPH = "urn:x-arq:UnionGraph"
#: Graphs a stock Virtuoso 7 holds for itself (quad-map metadata, the LDP vocabulary, its service description).
VIRTUOSO_SYSTEM_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
                          "http://localuriqaserver/sparql", "http://www.w3.org/2002/07/owl#")
_RETRY_STATUS = frozenset({502, 503, 504})
_CHUNK_BYTES = 16 << 20


class RowCapWarning(UserWarning):
    """A server returned fewer rows than the answer has: it caps answers (Virtuoso's ResultSetMaxRows)."""


@dataclass(frozen=True)
class Engine:
    """What citekg must do differently for one kind of SPARQL server."""

    name: str
    #: how queries get the union of the citekg graphs as their default graph:
    #: ``param`` (a protocol parameter), ``native`` (the server's own default), ``exclude`` (Virtuoso:
    #: leave its system graphs out), ``union-graph`` (name Jena's union graph) or ``named`` (name every graph)
    dataset: str
    #: (pattern, replacement) on the query URL's path giving the Graph Store URL; None: the same URL
    graph_store: tuple[str, str] | None = None
    #: with credentials, the Graph Store URL that asks for them (Virtuoso's /sparql-graph-crud-auth)
    graph_store_auth: tuple[str, str] | None = None
    #: the most triples one read may return (Virtuoso caps a Graph Store GET as it caps a query's rows, at its
    #: ResultSetMaxRows); graphs are then read page by page with SELECT … ORDER BY … LIMIT … OFFSET
    read_page: int | None = None


ENGINES: dict[str, Engine] = {
    "oxigraph": Engine("oxigraph", "param", (r"/query$", "/store")),
    "virtuoso": Engine("virtuoso", "exclude", (r"/sparql/?$", "/sparql-graph-crud"),
                       (r"/sparql/?$", "/sparql-graph-crud-auth"), read_page=10_000),
    "fuseki": Engine("fuseki", "union-graph", (r"/(?:sparql|query)$", "/data")),
    "graphdb": Engine("graphdb", "native", (r"^(.*/repositories/[^/]+)/?$", r"\1/rdf-graphs/service")),
    "qlever": Engine("qlever", "native"),
    "generic": Engine("generic", "named"),
}


def detect_engine(endpoint: str, server_header: str = "") -> Engine:
    """The kind of server behind ``endpoint``, from its ``Server`` response header, else from its URL."""
    header = server_header.lower()
    for name, words in (("oxigraph", ("oxigraph",)), ("virtuoso", ("virtuoso",)),
                        ("fuseki", ("fuseki", "jena")), ("graphdb", ("graphdb", "rdf4j")), ("qlever", ("qlever",))):
        if any(word in header for word in words):
            return ENGINES[name]
    path = urllib.parse.urlsplit(endpoint).path
    if re.search(r"/repositories/[^/]+/?$", path):
        return ENGINES["graphdb"]
    if re.fullmatch(r"/?", path):
        return ENGINES["qlever"]  # QLever answers at the root; other servers have a path
    if re.search(r"^/query$", path):
        return ENGINES["oxigraph"]
    if re.search(r"^/sparql/?$", path):
        return ENGINES["virtuoso"]
    if re.search(r"^/[^/]+/(?:sparql|query)$", path):
        return ENGINES["fuseki"]
    return ENGINES["generic"]


def graph_store_url(endpoint: str, engine: Engine | None = None, *, authenticated: bool = False) -> str:
    """The Graph Store Protocol URL that goes with a query endpoint, for the usual servers."""
    engine = engine or detect_engine(endpoint)
    rule = (engine.graph_store_auth if authenticated else None) or engine.graph_store
    parts = urllib.parse.urlsplit(endpoint)
    if rule and re.search(rule[0], parts.path):
        return urllib.parse.urlunsplit(parts._replace(path=re.sub(rule[0], rule[1], parts.path), query=""))
    return endpoint


class _Credentials:
    """HTTP authentication: Basic (sent at once), Digest (RFC 7616, after the server's challenge), or a
    bearer token (QLever's access token). Digest is answered before a body is sent: a probe without a
    body fetches the challenge, so a large upload is never cut off by a 401."""

    def __init__(self, user: str | None, password: str | None, scheme: str = "auto",
                 token: str | None = None) -> None:
        if scheme not in ("auto", "basic", "digest"):
            raise StoreError(f"unknown HTTP authentication scheme {scheme!r} (auto, basic or digest)")
        if (user is None) != (password is None):
            raise StoreError("give both a user and a password for the endpoint (or neither)")
        self.user, self.password, self.token = user, password, token
        self.scheme = scheme if user is not None else None
        self._challenge: dict[str, str] | None = None
        self._count = 0

    @property
    def active(self) -> bool:
        return self.scheme is not None or self.token is not None

    @property
    def ready(self) -> bool:
        """Whether a request can carry its credentials without first meeting a challenge."""
        return self.token is not None or self.scheme == "basic" or self._challenge is not None

    def header(self, method: str, url: str) -> dict[str, str]:
        if self.token is not None:
            return {"Authorization": f"Bearer {self.token}"}
        if self.scheme == "basic" or (self.scheme == "auto" and self._challenge is not None
                                      and self._challenge.get("scheme") == "basic"):
            raw = f"{self.user}:{self.password}".encode("utf-8")
            return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}
        if self._challenge is not None and self._challenge.get("scheme") == "digest":
            return {"Authorization": self._digest(method, url)}
        return {}

    def challenged(self, header: str | None) -> bool:
        """Take a 401's ``WWW-Authenticate``; True when a retry with credentials may succeed."""
        if self.scheme is None or not header:
            return False
        scheme, _, rest = header.strip().partition(" ")
        scheme = scheme.lower()
        if scheme == "digest" and self.scheme in ("auto", "digest"):
            params = {k.lower(): a or b for k, a, b in re.findall(r'(\w+)=(?:"([^"]*)"|([^,\s]*))', rest)}
            stale = params.get("stale", "").lower() == "true"
            retry = self._challenge is None or stale or self._challenge.get("nonce") != params.get("nonce")
            self._challenge, self._count = {"scheme": "digest", **params}, 0
            return retry
        if scheme == "basic" and self.scheme in ("auto", "basic"):
            retry = self._challenge is None
            self._challenge = {"scheme": "basic"}
            return retry
        return False

    def _digest(self, method: str, url: str) -> str:
        c = self._challenge or {}
        algorithm = c.get("algorithm", "MD5")
        digest = {"MD5": hashlib.md5, "MD5-SESS": hashlib.md5, "SHA-256": hashlib.sha256,
                  "SHA-256-SESS": hashlib.sha256}.get(algorithm.upper())
        if digest is None:
            raise StoreError(f"the server asks for Digest authentication with {algorithm}, which citekg cannot do")

        def h(text: str) -> str:
            return digest(text.encode("utf-8")).hexdigest()

        parts = urllib.parse.urlsplit(url)
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        self._count += 1
        nc, cnonce = f"{self._count:08x}", secrets.token_hex(8)
        ha1 = h(f"{self.user}:{c.get('realm', '')}:{self.password}")
        if algorithm.upper().endswith("-SESS"):
            ha1 = h(f"{ha1}:{c.get('nonce', '')}:{cnonce}")
        ha2 = h(f"{method}:{uri}")
        qop = "auth" if "auth" in [q.strip() for q in c.get("qop", "").split(",")] else None
        if qop:
            response = h(f"{ha1}:{c.get('nonce', '')}:{nc}:{cnonce}:{qop}:{ha2}")
        else:
            response = h(f"{ha1}:{c.get('nonce', '')}:{ha2}")
        fields = [f'username="{self.user}"', f'realm="{c.get("realm", "")}"', f'nonce="{c.get("nonce", "")}"',
                  f'uri="{uri}"', f"algorithm={algorithm}", f'response="{response}"']
        if "opaque" in c:
            fields.append(f'opaque="{c["opaque"]}"')
        if qop:
            fields += [f"qop={qop}", f"nc={nc}", f'cnonce="{cnonce}"']
        return "Digest " + ", ".join(fields)


@dataclass
class _Response:
    status: int
    headers: Mapping[str, str]
    body: bytes


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint (and its Graph Store) used as a citekg store.

    Unset options come from the environment: ``KG_ENDPOINT_USER``,
    ``KG_ENDPOINT_PASSWORD``, ``KG_ENDPOINT_TOKEN``, ``KG_ENDPOINT_AUTH``,
    ``KG_ENDPOINT_TIMEOUT`` and ``KG_ENDPOINT_SERVER``, so that every
    command given ``--endpoint`` can reach a server that wants them.
    """

    changes = None  # other clients may change it

    def __init__(self, endpoint: str, *, graph_store: str | None = None, timeout: float | None = None,
                 user: str | None = None, password: str | None = None, auth: str | None = None,
                 token: str | None = None, server: str | None = None, retries: int = 3,
                 chunk_bytes: int = _CHUNK_BYTES) -> None:
        if not re.match(r"https?://", endpoint):
            raise StoreError(f"not an http(s) endpoint URL: {endpoint}")
        env = os.environ.get
        self.endpoint = endpoint
        self.timeout = float(timeout if timeout is not None else env("KG_ENDPOINT_TIMEOUT") or 300.0)
        self.retries = max(0, retries)
        self.chunk_bytes = max(1 << 10, chunk_bytes)
        self._credentials = _Credentials(user if user is not None else env("KG_ENDPOINT_USER"),
                                         password if password is not None else env("KG_ENDPOINT_PASSWORD"),
                                         auth or env("KG_ENDPOINT_AUTH") or "auto",
                                         token if token is not None else env("KG_ENDPOINT_TOKEN"))
        server = server or env("KG_ENDPOINT_SERVER") or "auto"
        if server != "auto" and server not in ENGINES:
            raise StoreError(f"unknown server kind {server!r}: auto, {', '.join(ENGINES)}")
        self._engine: Engine | None = ENGINES[server] if server != "auto" else None
        self._graph_store = graph_store
        self.description = f"SPARQL endpoint {endpoint}"
        self._graph_list: list[str] | None = None
        self._system_graphs: list[str] | None = None

    # ---------------------------------------------------------------- what server
    @property
    def engine(self) -> Engine:
        """The kind of server (recognised from its ``Server`` header on first use, unless named)."""
        if self._engine is None:
            response = self._send(self.endpoint, "POST", urllib.parse.urlencode({"query": "ASK {}"}).encode(),
                                  {"Content-Type": "application/x-www-form-urlencoded",
                                   "Accept": "application/sparql-results+json"}, check=False)
            self._engine = detect_engine(self.endpoint, response.headers.get("Server", ""))
        return self._engine

    @property
    def graph_store(self) -> str:
        """The Graph Store Protocol URL (given, or found from the query URL for the server)."""
        if self._graph_store is None:
            self._graph_store = graph_store_url(self.endpoint, self.engine,
                                                authenticated=self._credentials.scheme is not None)
        return self._graph_store

    # ---------------------------------------------------------------- HTTP
    def _send(self, url: str, method: str, data: bytes | None = None, headers: Mapping[str, str] = {}, *,
              check: bool = True, retry_timeouts: bool = False) -> _Response:
        """One HTTP exchange, with authentication, a timeout, and retries when the connection fails or
        the server is briefly unavailable (502, 503, 504); a timeout is retried only for writes."""
        with self._open(url, method, data, headers, check=check, retry_timeouts=retry_timeouts) as response:
            return _Response(response.status, response.headers, response.read())

    def _open(self, url: str, method: str, data: bytes | None = None, headers: Mapping[str, str] = {}, *,
              check: bool = True, retry_timeouts: bool = False):
        """The open response (a file to read the body from, and to close) of one exchange, as :meth:`_send`."""
        if self._credentials.active and not self._credentials.ready and data and len(data) > 65536:
            self._probe(url)
        attempt = challenges = 0
        while True:
            request = urllib.request.Request(url, data=data, method=method, headers={
                "User-Agent": USER_AGENT, **headers, **self._credentials.header(method, url)})
            try:
                return urllib.request.urlopen(request, timeout=self.timeout)
            except urllib.error.HTTPError as exc:
                if exc.code == 401 and challenges < 2 and \
                        self._credentials.challenged(exc.headers.get("WWW-Authenticate")):
                    exc.close()
                    challenges += 1  # the first challenge, then perhaps a stale nonce: no more
                    continue
                if exc.code in _RETRY_STATUS and attempt < self.retries:
                    exc.close()
                    attempt += 1
                    time.sleep(min(30.0, 0.5 * 4 ** attempt))
                    continue
                if not check:
                    return exc  # an HTTPError is a response too: status, headers, read()
                body = exc.read()
                exc.close()
                self._raise_http(url, method, exc.code, exc.reason, body, data)
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                reason = getattr(exc, "reason", exc)
                timed_out = isinstance(reason, (socket.timeout, TimeoutError))
                if attempt < self.retries and (retry_timeouts or not timed_out):
                    attempt += 1
                    time.sleep(min(30.0, 0.5 * 4 ** attempt))
                    continue
                if timed_out:
                    raise StoreError(f"{method} {url} timed out after {self.timeout:g} s "
                                     f"(--timeout sets the limit)") from exc
                raise StoreError(f"cannot reach {url}: {reason}") from exc

    def _probe(self, url: str) -> None:
        """Meet the server's authentication challenge with a request that has no body."""
        self._send(url.split("?", 1)[0], "HEAD", check=False)

    def _raise_http(self, url: str, method: str, code: int, reason: str, body: bytes, data: bytes | None):
        detail = body.decode("utf-8", errors="replace").strip()[:500]
        if code == 401:
            hint = ("give --user and --password (or KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD), or --token"
                    if not self._credentials.active else "the server refused the credentials given")
            raise StoreError(f"{method} {url} needs authentication: HTTP 401 ({hint})")
        if url == self.endpoint and method == "POST" and data and data.startswith(b"query=") and code in (400, 500):
            if re.search(r"syntax|pars|SP0\d\d|lexical|expect", detail, re.I) or code == 400:
                message = detail.split("\n\nSPARQL query:", 1)[0].strip()  # Virtuoso echoes the whole query
                raise query_error(Exception(message or reason), "")
        raise StoreError(f"{method} {url} failed: HTTP {code} {reason}: {detail}")

    # ---------------------------------------------------------------- graphs
    def _citekg_graphs(self) -> list[str]:
        """The citekg graphs on the server: its source graphs and the derived graphs present."""
        if self._graph_list is None:
            graphs = {row[0].value for row in self._raw_select(CITEKG_GRAPHS_QUERY).rows if row[0]}
            graphs |= {row[0].value for row in self._raw_select(DERIVED_GRAPHS_QUERY).rows if row[0]}
            self._graph_list = sorted(graphs)
        return self._graph_list

    def graph_names(self) -> list[str]:
        """The citekg graphs on the server (source graphs and derived ones), sorted; other graphs
        there are not citekg's and are not listed."""
        return list(self._citekg_graphs())

    def _dataset(self, sparql: str) -> tuple[list[tuple[str, str]], str]:
        """The protocol parameters and the query text that make the citekg graphs' union the default graph."""
        mode = self.engine.dataset
        if mode == "param":
            return [("union-default-graph", "")], sparql
        if mode == "native":
            return [], sparql
        if mode == "exclude":
            # Virtuoso 7.2 loses rows of joins of sub-selects (body-timeline: 4,050 of 4,052 on 20,000
            # records) once more than one graph is excluded from, or any graph named in, the default graph:
            # so only its quad-map graph (the system triples a query could meet) leaves the default graph;
            # every system graph leaves GRAPH ?g.
            system = self._virtuoso_system_graphs()
            pragmas = [f"define input:default-graph-exclude <{VIRTUOSO_SYSTEM_GRAPHS[0]}>"] * \
                (VIRTUOSO_SYSTEM_GRAPHS[0] in system) + [f"define input:named-graph-exclude <{g}>" for g in system]
            return [], (" ".join(pragmas) + "\n" if pragmas else "") + sparql
        graphs = self._citekg_graphs()
        named = [("named-graph-uri", g) for g in graphs]
        if mode == "union-graph":
            return [("default-graph-uri", JENA_UNION_GRAPH)] + named, sparql
        return [("default-graph-uri", g) for g in graphs] + named, sparql

    def _virtuoso_system_graphs(self) -> list[str]:
        """Virtuoso's own graphs present on the server (a lookup of a few graph names)."""
        if self._system_graphs is None:
            query = ("SELECT ?g WHERE { VALUES ?g { " + " ".join(f"<{g}>" for g in VIRTUOSO_SYSTEM_GRAPHS) +
                     " } FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }")
            self._system_graphs = sorted(row[0].value for row in self._raw_select(query).rows if row[0])
        return self._system_graphs

    # ---------------------------------------------------------------- queries
    def _query(self, sparql: str) -> QueryResult:
        """Run ``sparql`` with the union of the citekg graphs as its default graph."""
        params, text = self._dataset(sparql)
        added = text.count("\n") - sparql.count("\n")
        try:
            return self._post_query(text, params)
        except QueryError as exc:
            if not added:
                raise
            # report the line in the text asked, not in the one sent with Virtuoso's pragmas in front
            message = re.sub(r"\bline (\d+)", lambda m: f"line {max(1, int(m[1]) - added)}", exc.message, count=1)
            raise QueryError(message, line=exc.line - added if exc.line else None, column=exc.column) from exc

    def _raw_select(self, sparql: str) -> QueryResult:
        return self._post_query(sparql, [])

    def _post_query(self, sparql: str, params: list[tuple[str, str]]) -> QueryResult:
        form = query_form(sparql)
        accept = ("text/turtle, application/n-triples;q=0.9" if form in ("CONSTRUCT", "DESCRIBE")
                  else "application/sparql-results+json")
        # a form POST: Virtuoso 7 never answers a direct application/sparql-query POST
        response = self._send(self.endpoint, "POST", urllib.parse.urlencode([("query", sparql)] + params).encode(),
                              {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        text = response.body.decode("utf-8")
        if form in ("CONSTRUCT", "DESCRIBE") and not text.lstrip().startswith("{"):
            return QueryResult("graph", graph=_as_turtle(response.body))
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise StoreError(f"{self.endpoint} did not answer with SPARQL JSON results: {text[:200]!r}") from exc
        if "boolean" in data:
            return QueryResult("ask", boolean=bool(data["boolean"]))
        variables = data.get("head", {}).get("vars", [])
        bindings = data.get("results", {}).get("bindings", [])
        if form == "ASK":
            # Virtuoso sometimes answers ASK as a one-column table named __ask_retval
            return QueryResult("ask", boolean=any(_truthy(b.get(v)) for b in bindings for v in variables))
        if form in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult("graph", graph=_bindings_as_turtle(variables, bindings))
        cap = response.headers.get("X-SPARQL-MaxRows")
        if cap or response.headers.get("X-Result-Truncated", "").lower() == "true":
            warnings.warn(RowCapWarning(
                f"{self.endpoint} returned only its first {cap or len(bindings)} rows: the server caps answers "
                "(Virtuoso: raise ResultSetMaxRows in virtuoso.ini), so this answer is cut; "
                "add LIMIT/OFFSET to page through it"), stacklevel=4)
        rows = [tuple(_term(binding.get(v)) for v in variables) for binding in bindings]
        return QueryResult("select", variables=variables, rows=rows)

    # ---------------------------------------------------------------- writing
    def write_graph(self, graph: str, ntriples: Iterable[bytes], *, replace: bool = True,
                    progress: Callable[[int], None] | None = None) -> int:
        """Send the N-Triples chunks ``ntriples`` (each whole lines) to the named graph ``graph`` in
        requests of about ``chunk_bytes``: the first replaces the graph (``PUT``) unless ``replace`` is
        false, the others add to it (``POST``). Lines with blank nodes go together in the last request,
        so that each blank node stays one node. A request that failed is sent again: that is safe, as a
        ``PUT`` replaces and a graph holds a triple without blank nodes once however often it is added.
        Returns the bytes sent."""
        url = self._graph_url(graph)
        first, sent = replace, 0
        batch: list[bytes] = []
        size = 0
        deferred: list[bytes] = []

        def flush(parts: list[bytes]) -> None:
            nonlocal first, sent
            body = b"".join(parts)
            if not body and not first:
                return
            self._send(url, "PUT" if first else "POST", body, {"Content-Type": "application/n-triples"},
                       retry_timeouts=True)
            first = False
            sent += len(body)
            if progress:
                progress(len(body))

        for chunk in ntriples:
            if b"_:" in chunk:
                lines = chunk.splitlines(keepends=True)
                deferred += [line for line in lines if _has_blank_node(line)]
                chunk = b"".join(line for line in lines if not _has_blank_node(line))
            if chunk and not chunk.endswith(b"\n"):
                chunk += b"\n"
            batch.append(chunk)
            size += len(chunk)
            if size >= self.chunk_bytes:
                flush(batch)
                batch, size = [], 0
        flush(batch + deferred)
        self._graph_list = None
        return sent

    def put_graph(self, graph: str, ntriples: bytes | Iterable[bytes]) -> int:
        """Replace the named graph ``graph`` with ``ntriples`` (bytes, or chunks of whole lines)."""
        return self.write_graph(graph, [ntriples] if isinstance(ntriples, bytes) else ntriples)

    def _load(self, nquads: Iterable[bytes]) -> None:
        """Add N-Quads to their named graphs (Graph Store ``POST``s of about ``chunk_bytes`` per graph)."""
        pending: dict[str, list[bytes]] = {}
        sizes: dict[str, int] = {}
        for chunk in nquads:
            for line in chunk.splitlines():
                graph, triple = _split_quad(line)
                if not triple:
                    continue
                pending.setdefault(graph, []).append(triple + b"\n")
                sizes[graph] = sizes.get(graph, 0) + len(triple) + 1
                if sizes[graph] >= self.chunk_bytes and not any(_has_blank_node(t) for t in pending[graph]):
                    self.write_graph(graph, pending.pop(graph), replace=False)
                    sizes[graph] = 0
        for graph, lines in pending.items():
            self.write_graph(graph, lines, replace=False)
        self._graph_list = None

    def _drop_graph(self, graph: str) -> None:
        self._graph_list = None
        response = self._send(self._graph_url(graph), "DELETE", check=False, retry_timeouts=True)
        if response.status >= 400 and response.status != 404:
            self._raise_http(self._graph_url(graph), "DELETE", response.status, "", response.body, None)

    # ---------------------------------------------------------------- reading graphs whole
    def graph_ntriples(self, graph: str) -> bytes:
        """One named graph as N-Triples, read through the Graph Store (no row cap applies)."""
        return b"".join(self._graph_chunks(graph))

    def _graph_chunks(self, graph: str) -> Iterator[bytes]:
        if self.engine.read_page:
            yield from self._paged_graph_chunks(graph, self.engine.read_page)
            return
        import pyoxigraph

        url = self._graph_url(graph, reading=True)
        with self._open(url, "GET", headers={"Accept": "application/n-triples, text/turtle;q=0.9"},
                        check=False) as response:
            if response.status == 404:
                return
            if response.status >= 400:
                self._raise_http(url, "GET", response.status, "", response.read(), None)
            media = (response.headers.get("Content-Type") or "application/n-triples").split(";")[0].strip()
            fmt = pyoxigraph.RdfFormat.from_media_type(media) or pyoxigraph.RdfFormat.TURTLE
            try:
                triples = pyoxigraph.parse(response, format=fmt)
                while batch := list(itertools.islice(triples, 50_000)):
                    yield pyoxigraph.serialize([getattr(t, "triple", t) for t in batch],
                                               format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
            except SyntaxError as exc:
                raise StoreError(f"GET {url}: the server sent {media} that cannot be parsed: {exc}") from exc

    def _paged_graph_chunks(self, graph: str, page: int) -> Iterator[bytes]:
        """The triples of ``graph`` as N-Triples, read in parts of at most ``page`` triples, so that a server
        that caps every answer at ``page`` rows (and refuses to sort past it) still gives them all.

        The parts are the subjects whose MD5 starts with a given hex prefix, split further while a count
        (one row: never capped) says a part holds more than ``page`` triples."""
        prefixes = [""]
        while prefixes:
            prefix = prefixes.pop(0)
            where = (f"GRAPH <{graph}> {{ ?s ?p ?o }}" +
                     (f' FILTER (STRSTARTS(MD5(STR(?s)), "{prefix}"))' if prefix else ""))
            count = self._raw_select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}").rows
            size = int(count[0][0].value) if count and count[0][0] is not None else 0
            if size > page:
                if len(prefix) >= 32:
                    raise StoreError(f"{self.endpoint}: one subject of <{graph}> has more than {page:,} triples, "
                                     "more than the server returns at once")
                prefixes[0:0] = [prefix + digit for digit in "0123456789abcdef"]
                continue
            if size:
                rows = self._raw_select(f"SELECT ?s ?p ?o WHERE {{ {where} }}").rows
                yield "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in rows if None not in (s, p, o)
                              ).encode("utf-8")

    def export(self) -> Iterator[bytes]:
        """The citekg graphs as N-Quads, graph by graph, through the Graph Store."""
        for graph in self._citekg_graphs():
            suffix = f" <{graph}> .\n".encode("utf-8")
            for chunk in self._graph_chunks(graph):
                yield b"".join(line[:-2].rstrip() + suffix for line in chunk.splitlines(keepends=True)
                               if line.strip())

    def _graph_url(self, graph: str, *, reading: bool = False) -> str:
        base = self.graph_store
        if reading and self.engine.graph_store_auth and base == graph_store_url(
                self.endpoint, self.engine, authenticated=True):
            base = graph_store_url(self.endpoint, self.engine)  # Virtuoso reads without credentials
        separator = "&" if "?" in base else "?"
        return f"{base}{separator}graph={urllib.parse.quote(graph, safe='')}"


_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*(?:\n|$)|(?:PREFIX\s+[\w.-]*:\s*|BASE\s+)<[^>]*>|define\s+\S+\s+(?:<[^>]*>|\"[^\"]*\"|\S+))*",
                       re.IGNORECASE)


def query_form(sparql: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the form of a query (after its prologue)."""
    rest = sparql[_PROLOGUE.match(sparql).end():]
    match = re.match(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", rest, re.IGNORECASE)
    return match.group(1).upper() if match else "SELECT"


def _truthy(binding: dict | None) -> bool:
    return binding is not None and binding.get("value", "").strip().lower() not in ("", "0", "false")


def _has_blank_node(line: bytes) -> bool:
    return line.startswith(b"_:") or b" _:" in line


def _term(binding: dict | None) -> Term | None:
    if binding is None:
        return None
    kind = {"uri": "uri", "bnode": "bnode"}.get(binding["type"], "literal")
    language = binding.get("xml:lang")
    datatype = binding.get("datatype") or (XSD_STRING if kind == "literal" and not language else None)
    return Term(kind, binding["value"], datatype, language)  # a simple literal is an xsd:string, as locally


def _bindings_as_turtle(variables: list[str], bindings: list[dict]) -> bytes:
    """A graph answered as a table of subject, predicate and object (as Virtuoso may), as Turtle."""
    lines = []
    for binding in bindings:
        terms = [_term(binding.get(v)) for v in variables[:3]]
        if len(terms) == 3 and all(terms):
            lines.append(" ".join(t.n3() for t in terms) + " .\n")
    return _as_turtle("".join(lines).encode("utf-8"))


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
