"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint, a query page and the explorer.

``/sparql``   SPARQL 1.1 Protocol: GET ``?query=``, POST form or ``application/sparql-query``;
              results as JSON, XML, CSV or TSV, graphs as Turtle, N-Triples or JSON-LD, by
              ``Accept`` (or ``?format=json|xml|csv|tsv|ttl|nt|jsonld``)
``/``         a query page that works offline, with the question pack as examples
``/explorer`` the interactive network explorer (``kg viz``), when its extra is installed

Read-only: the store is opened read-only, SPARQL Update is refused, and so is
``SERVICE`` (no calls out of the machine). Each query has a time limit and a
result-size limit. The server binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import concurrent.futures
import html
import json
import re
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from kg.errors import KGError, QueryError
from kg.query.results import QueryResult, write_result

__all__ = ["ServerSettings", "make_server", "serve"]


@dataclass(frozen=True)
class ServerSettings:
    """Limits of the endpoint."""

    timeout: float = 30.0  # seconds a query may run
    max_rows: int = 10_000  # rows returned at most (the rest are cut, and a header says so)
    max_running: int = 4  # queries running at once; more are told to come back


_RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
_GRAPH_TYPES = {"text/turtle": "ttl", "application/n-triples": "nt", "application/ld+json": "jsonld",
                "application/rdf+xml": "rdf"}
_FORMAT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle", "turtle": "text/turtle",
                 "n3": "text/turtle", "nt": "application/n-triples", "ntriples": "application/n-triples",
                 "n-triples": "application/n-triples", "jsonld": "application/ld+json",
                 "json-ld": "application/ld+json", "rdf": "application/rdf+xml", "rdf+xml": "application/rdf+xml"}


def _without_literals(sparql: str) -> str:
    """The query with strings, IRIs and comments blanked, to look for keywords."""
    return re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|<[^<>\s]*>|#[^\n]*',
                  " ", sparql)


def check_read_only(sparql: str) -> None:
    """Refuse updates and SERVICE calls (raises :class:`QueryError`)."""
    bare = _without_literals(sparql)
    if re.search(r"\bSERVICE\b", bare, re.I):
        raise PermissionError("SERVICE is disabled: this endpoint makes no calls out")
    if re.search(r"\b(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b", bare, re.I) and \
            not re.search(r"\b(?:SELECT|ASK|CONSTRUCT|DESCRIBE)\b", bare, re.I):
        raise PermissionError("this endpoint is read-only: SPARQL Update is refused")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        if not self.server.quiet:
            super().log_message(format, *args)

    # ---------------------------------------------------------------- routing
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            return self._send(HTTPStatus.OK, "text/html; charset=utf-8", self.server.page())
        if url.path == "/explorer":
            page = self.server.explorer()
            if page is None:
                return self._error(HTTPStatus.NOT_FOUND, "the explorer needs the viz extra: pip install 'citekg[viz]'")
            return self._send(HTTPStatus.OK, "text/html; charset=utf-8", page)
        if url.path == "/sparql":
            params = parse_qs(url.query)
            if "update" in params:
                return self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
            query = params.get("query", [None])[0]
            if not query:
                return self._send(HTTPStatus.OK, "text/html; charset=utf-8", self.server.page())
            return self._answer(query, params.get("format", [None])[0])
        return self._error(HTTPStatus.NOT_FOUND, f"no such page: {url.path}")

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path != "/sparql":
            return self._error(HTTPStatus.NOT_FOUND, f"no such endpoint: {url.path}")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", errors="replace") if length else ""
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            return self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
        if content_type == "application/sparql-query":
            query, chosen = body, parse_qs(url.query).get("format", [None])[0]
        else:
            form = parse_qs(body)
            if "update" in form:
                return self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
            query, chosen = form.get("query", [""])[0], form.get("format", [None])[0]
        if not query:
            return self._error(HTTPStatus.BAD_REQUEST, "no query: send it as the 'query' form field or the body")
        return self._answer(query, chosen)

    do_HEAD = do_GET

    # ---------------------------------------------------------------- answering
    def _answer(self, query: str, chosen: str | None) -> None:
        try:
            check_read_only(query)
        except PermissionError as exc:
            return self._error(HTTPStatus.FORBIDDEN, str(exc))
        try:
            result, truncated = self.server.run(query)
        except QueryError as exc:
            return self._error(HTTPStatus.BAD_REQUEST, f"query error: {exc}")
        except concurrent.futures.TimeoutError:
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE,
                               f"the query ran longer than {self.server.settings.timeout:g} s and was abandoned")
        except _Busy:
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE, "too many queries running; try again shortly")
        except KGError as exc:
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
        media = self._negotiate(result, chosen)
        if media is None:
            return self._error(HTTPStatus.NOT_ACCEPTABLE, "no acceptable format; results come as JSON, XML, CSV "
                               "or TSV, graphs as Turtle, N-Triples, JSON-LD or RDF/XML")
        body = _render(result, media)
        extra = {"X-Result-Truncated": "true"} if truncated else {}
        self._send(HTTPStatus.OK, f"{media}; charset=utf-8", body, extra)

    def _negotiate(self, result: QueryResult, chosen: str | None) -> str | None:
        table = _GRAPH_TYPES if result.kind == "graph" else _RESULT_TYPES
        if chosen:  # ?format= (as SPARQLWrapper and others send it); a graph asked for as "json" gets JSON-LD
            media = _FORMAT_NAMES.get(chosen.lower(), chosen.lower())
            if result.kind == "graph" and media == "application/sparql-results+json":
                media = "application/ld+json"
            if media in table:
                return media
        accept = self.headers.get("Accept") or "*/*"
        ranked = []
        for part in accept.split(","):
            media, _, params = part.strip().partition(";")
            quality = float(re.search(r"q=([\d.]+)", params).group(1)) if "q=" in params else 1.0
            ranked.append((quality, media.strip().lower()))
        for _, media in sorted(ranked, key=lambda pair: -pair[0]):
            if media in table:
                return media
            if media in ("*/*", "application/*", "text/*"):
                return "text/turtle" if result.kind == "graph" else "application/sparql-results+json"
        return None

    def _send(self, status: HTTPStatus, content_type: str, body: str | bytes, headers: dict | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", message + "\n")


def _render(result: QueryResult, media: str) -> str | bytes:
    if result.kind == "graph":
        fmt = _GRAPH_TYPES[media]
        if fmt == "ttl":
            return result.graph or b""
        import pyoxigraph

        triples = pyoxigraph.parse(result.graph or b"", format=pyoxigraph.RdfFormat.TURTLE)
        return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.from_extension(fmt)) or b""
    return write_result(result, _RESULT_TYPES[media])


class _Busy(Exception):
    """Raised when too many queries are running."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, graph, settings: ServerSettings, quiet: bool) -> None:
        super().__init__(address, _Handler)
        self.graph = graph
        self.settings = settings
        self.quiet = quiet
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=settings.max_running)
        self._slots = threading.BoundedSemaphore(settings.max_running)
        self._page: str | None = None
        self._explorer: str | None = None

    def run(self, query: str) -> tuple[QueryResult, bool]:
        if not self._slots.acquire(blocking=False):
            raise _Busy()
        future = self._pool.submit(self.graph.query, query)
        future.add_done_callback(lambda _: self._slots.release())
        result = future.result(timeout=self.settings.timeout)
        truncated = result.kind == "select" and len(result.rows) > self.settings.max_rows
        if truncated:
            result = QueryResult("select", result.variables, result.rows[: self.settings.max_rows])
        return result, truncated

    def page(self) -> str:
        if self._page is None:
            self._page = query_page()
        return self._page

    def explorer(self) -> str | None:
        if self._explorer is None:
            try:
                from kg.viz import explorer_html
            except ImportError:
                return None
            self._explorer = explorer_html(self.graph)
        return self._explorer

    def server_close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        super().server_close()


def make_server(graph, host: str = "127.0.0.1", port: int = 7878, settings: ServerSettings = ServerSettings(),
                quiet: bool = False) -> _Server:
    """A server for ``graph`` (a KnowledgeGraph) on ``host:port`` (port 0: any free port); call
    ``serve_forever()`` on it."""
    return _Server((host, port), graph, settings, quiet)


def serve(graph, host: str = "127.0.0.1", port: int = 7878, settings: ServerSettings = ServerSettings(),
          quiet: bool = False, announce=None) -> None:
    """Serve ``graph`` until interrupted; ``announce(url)`` is called once the server listens."""
    server = make_server(graph, host, port, settings, quiet)
    if announce is not None:
        bound_host, bound_port = server.server_address[:2]
        announce(f"http://{bound_host}:{bound_port}/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def query_page() -> str:
    """The query page: a form, the pack's questions as examples, results drawn as a table (no external assets)."""
    from kg.graph import with_prefixes
    from kg.query import pack

    examples = [{"name": q.name, "description": q.description, "sparql": with_prefixes(q.sparql),
                 "parameters": [p.name for p in q.parameters]} for q in pack().values()]
    data = json.dumps(examples).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _PAGE.replace("__EXAMPLES__", data).replace("__TITLE__", html.escape("citekg SPARQL endpoint"))


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>__TITLE__</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{background:#1f3a5f;color:#fff;padding:.8em 1.2em}header a{color:#cfe3ff}
main{display:grid;grid-template-columns:18em 1fr;gap:1em;padding:1em}
nav{background:#fff;border:1px solid #dde;padding:.6em;max-height:80vh;overflow:auto}
nav button{display:block;width:100%;text-align:left;border:0;background:none;padding:.35em;cursor:pointer}
nav button:hover{background:#eef3fa}nav small{color:#567;display:block}
textarea{width:100%;height:16em;font:13px/1.4 ui-monospace,monospace;box-sizing:border-box}
table{border-collapse:collapse;background:#fff;margin-top:.8em;font-size:13px}
td,th{border:1px solid #dde;padding:.25em .5em;vertical-align:top;max-width:40em;overflow-wrap:anywhere}
th{background:#eef2f7}#status{margin-left:1em;color:#567}.error{color:#a00;white-space:pre-wrap}
</style></head><body>
<header><strong>citekg</strong> — SPARQL 1.1 endpoint at <code>/sparql</code> (read-only) ·
<a href="/explorer">network explorer</a></header>
<main><nav aria-label="Questions"><strong>Questions</strong><div id="examples"></div></nav>
<section><form id="form"><label for="query">SPARQL</label>
<textarea id="query" name="query" spellcheck="false">SELECT ?document ?title WHERE {
  ?document a ckg:Paper ; dcterms:title ?title .
} LIMIT 20</textarea>
<p><button type="submit">Run</button><span id="status"></span></p></form>
<div id="results"></div></section></main>
<script type="application/json" id="pack">__EXAMPLES__</script>
<script>
const examples = JSON.parse(document.getElementById('pack').textContent);
const list = document.getElementById('examples');
for (const q of examples) {
  const b = document.createElement('button'); b.type = 'button';
  const name = document.createElement('span'); name.textContent = q.name;
  const note = document.createElement('small'); note.textContent = q.description +
    (q.parameters.length ? ' (bind ' + q.parameters.map(p => '?' + p).join(', ') + ' with VALUES)' : '');
  b.append(name, note);
  b.addEventListener('click', () => { document.getElementById('query').value = q.sparql; });
  list.append(b);
}
document.getElementById('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const status = document.getElementById('status'), out = document.getElementById('results');
  status.textContent = 'running…'; out.replaceChildren();
  const started = performance.now();
  try {
    const response = await fetch('/sparql', {method: 'POST', headers: {'Content-Type': 'application/sparql-query',
      'Accept': 'application/sparql-results+json, text/turtle;q=0.9'}, body: document.getElementById('query').value});
    const text = await response.text();
    status.textContent = response.status + ' · ' + Math.round(performance.now() - started) + ' ms';
    if (!response.ok) { const p = document.createElement('p'); p.className = 'error'; p.textContent = text; out.append(p); return; }
    if (!(response.headers.get('Content-Type') || '').includes('json')) {
      const pre = document.createElement('pre'); pre.textContent = text; out.append(pre); return; }
    const data = JSON.parse(text);
    if ('boolean' in data) { const p = document.createElement('p'); p.textContent = data.boolean ? 'yes' : 'no'; out.append(p); return; }
    const table = document.createElement('table'), head = table.insertRow();
    for (const v of data.head.vars) { const th = document.createElement('th'); th.textContent = v; head.append(th); }
    for (const row of data.results.bindings) {
      const tr = table.insertRow();
      for (const v of data.head.vars) { tr.insertCell().textContent = row[v] ? row[v].value : ''; }
    }
    const count = document.createElement('p'); count.textContent = data.results.bindings.length + ' rows';
    out.append(count, table);
  } catch (error) { status.textContent = 'failed: ' + error; }
});
</script></body></html>
"""
