"""The endpoint as an ASGI application (Starlette) on Uvicorn, with the checks every request passes.

Every response carries a Content-Security-Policy with ``frame-ancestors
'none'``, ``X-Frame-Options: DENY``, ``X-Content-Type-Options: nosniff``,
``Referrer-Policy: no-referrer`` and, unless ``cors`` names origins,
``Cross-Origin-Resource-Policy: same-origin`` and no
``Access-Control-Allow-Origin``. A request whose ``Host`` is not the bound
address (or a loopback name when bound to loopback, or a name given in
``allow_hosts``) is refused, so DNS rebinding cannot reach the graph.
Requests are bounded: headers must arrive within ``header_timeout``
seconds, bodies and URLs have a size limit (413, 414), POST bodies must be
a SPARQL query or a form (415), Uvicorn caps open connections (503 past
``max_connections``) and h11 answers malformed requests with 400.
Queries go to :class:`~kg.serve.workers.WorkerPool`; at most ``workers``
run at once and ``queue`` more wait, the rest get 503 with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import ipaddress
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from uvicorn.protocols.http.h11_impl import H11Protocol

from kg.graph import with_prefixes
from kg.query import pack
from kg.serve.render import negotiate
from kg.serve.workers import Limits, WorkerError, WorkerPool
from kg.vocab.resources import package_dir

__all__ = ["ServerSettings", "create_app", "HeaderTimeoutProtocol", "PAGE_CSP", "explorer_request",
           "EXPLORER_VIEWS", "EXPLORER_MAX_NODES", "EXPLORER_DEFAULT_NODES"]

#: Views ``/explorer?view=`` may ask for (and ``ego:LABEL``); the default is the first.
EXPLORER_VIEWS = ("comention", "full", "documents", "citation", "cocitation", "coupling", "authors", "mesh")
#: Nodes an explorer page holds by default and at most (``/explorer?size=``); links: four per node at most.
EXPLORER_DEFAULT_NODES = 500
EXPLORER_MAX_NODES = 1000
#: Explorer pages kept in memory (per state of the store).
EXPLORER_CACHE = 16
_YEARS_OR_ERA = re.compile(r"^(?:[a-z][a-z0-9-]{0,40}|\d{4}(?:-\d{4})?|\d{4}-|-\d{4})$")

ASSETS = package_dir("serve", "assets")
_ASSET_TYPES = {"query.js": "text/javascript; charset=utf-8", "query.css": "text/css; charset=utf-8"}

#: The policy of the query page and of every other response but the explorer (which brings its own,
#: with the hashes of its inline scripts, to which ``frame-ancestors 'none'`` is added).
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


@dataclass(frozen=True)
class ServerSettings:
    """Limits and policies of ``kg serve``."""

    timeout: float = 30.0  # seconds a query may run; the worker running it is killed past this
    max_rows: int = 10_000  # rows returned at most (the rest are cut; X-Result-Truncated says so)
    workers: int = 2  # queries running at once, each in its own process
    queue: int = 8  # requests that may wait for a worker; more are told to come back (503, Retry-After)
    max_memory: int = 1024  # megabytes a worker may allocate for one query
    max_bytes: int = 32 << 20  # bytes of one answer (rows past them are cut)
    max_query_length: int = 100_000  # characters of a query (414 or 413 past them)
    max_depth: int = 128  # bracket nesting of a query
    cors: tuple[str, ...] = ()  # origins whose pages may read answers (Access-Control-Allow-Origin)
    allow_hosts: tuple[str, ...] = ()  # Host names accepted besides the bound address
    max_connections: int = 256  # open connections; more get 503
    header_timeout: float = 10.0  # seconds for a request's headers to arrive
    body_timeout: float = 30.0  # seconds for a request's body to arrive

    def limits(self) -> Limits:
        """The per-query limits a worker enforces."""
        return Limits(timeout=self.timeout, max_rows=self.max_rows, max_bytes=self.max_bytes,
                      max_memory=self.max_memory << 20, max_length=self.max_query_length, max_depth=self.max_depth)


_TIMED_OUT_TEXT = b"the request's headers did not arrive in time\n"
_TIMED_OUT = (b"HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\n"
              b"X-Content-Type-Options: nosniff\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s"
              % (len(_TIMED_OUT_TEXT), _TIMED_OUT_TEXT))


class HeaderTimeoutProtocol(H11Protocol):
    """Uvicorn's h11 protocol with a deadline for each request's headers: a client that sends them
    slowly (or not at all) is disconnected after ``header_timeout`` seconds instead of holding a
    connection forever. Uvicorn has a keep-alive timeout but none for headers."""

    header_timeout = 10.0

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.header_timeout, self._expire)

    def _disarm(self) -> None:
        if getattr(self, "_deadline", None) is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if (self.cycle is None or self.cycle.response_complete) and not self.transport.is_closing():
            self.transport.write(_TIMED_OUT)
            self.transport.close()

    def handle_events(self) -> None:
        before = self.cycle
        super().handle_events()
        if self.cycle is not before:  # a request's headers are in; its body has the app's own limit
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()  # the next request on this connection gets the same deadline

    def connection_lost(self, exc) -> None:  # type: ignore[override]
        self._disarm()
        super().connection_lost(exc)


class _Refused(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def explorer_request(params: Any) -> tuple[str, str | None, int]:
    """``(view, era, size)`` of an ``/explorer`` URL's parameters, checked: a known view or ``ego:LABEL``,
    an era name or years, a size from 1 to :data:`EXPLORER_MAX_NODES`; anything else is a 400."""
    view_name = (params.get("view") or EXPLORER_VIEWS[0]).strip()
    kind = view_name.split(":", 1)[0].lower()
    if kind not in EXPLORER_VIEWS and not (kind == "ego" and 0 < len(view_name) - 4 <= 200):
        raise _Refused(400, f"no view called {view_name[:60]!r}; views: {', '.join(EXPLORER_VIEWS)} or ego:LABEL")
    era = (params.get("era") or params.get("years") or "").strip().lower() or None
    if era is not None and not _YEARS_OR_ERA.match(era):
        raise _Refused(400, "era= takes an era's name (internal-market, new-labour, coalition, ccg, ics) "
                            "or years such as 2013-2016")
    size_text = (params.get("size") or str(EXPLORER_DEFAULT_NODES)).strip()
    if not size_text.isdigit() or not 1 <= int(size_text) <= EXPLORER_MAX_NODES:
        raise _Refused(400, f"size= takes a number of nodes from 1 to {EXPLORER_MAX_NODES:,}")
    return (kind if kind != "ego" else view_name), era, int(size_text)


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers=headers)


class _Endpoint:
    """The routes, holding the pool and the settings."""

    def __init__(self, pool: WorkerPool, settings: ServerSettings, store_label: str) -> None:
        self.pool, self.settings, self.store_label = pool, settings, store_label
        self.slots = anyio.CapacityLimiter(settings.workers)
        self.threads = anyio.CapacityLimiter(settings.workers + 2)
        self.waiting = 0
        self._explorers: dict[tuple[Any, ...], tuple[bytes, str]] = {}  # (generation, view, era, size) → page

    # ------------------------------------------------------------ running jobs
    async def run(self, job: dict[str, Any], timeout: float | None = None):
        """Run ``job`` on a worker once a slot is free (waiting in the bounded queue)."""
        self.pool.check_store()
        if self.slots.available_tokens == 0 and self.waiting >= self.settings.queue:
            raise WorkerError(503, "too many queries are running or waiting; try again shortly",
                              retry_after=self.pool.retry_after())
        self.waiting += 1
        try:
            with anyio.move_on_after(self.settings.timeout) as scope:
                await self.slots.acquire()
        finally:
            self.waiting -= 1
        if scope.cancelled_caught:
            raise WorkerError(503, "every query worker stayed busy; try again shortly",
                              retry_after=self.pool.retry_after())
        try:
            return await anyio.to_thread.run_sync(self.pool.run, job, 60.0, timeout, limiter=self.threads)
        finally:
            self.slots.release()

    def build_header(self) -> str:
        """When the store's newest file was written (UTC), as the page and X-Store-Modified show it."""
        stamp = self.pool.fingerprint.split("-", 1)[0]
        seconds = int(stamp) / 1e9 if stamp.isdigit() else 0
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    # ------------------------------------------------------------ routes
    async def page(self, request: Request) -> Response:
        self.pool.check_store()
        return Response(query_page(self.store_label, self.build_header(), self.settings),
                        media_type="text/html; charset=utf-8")

    async def asset(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _ASSET_TYPES:
            return _text(404, f"no such file: {name}")
        return Response((ASSETS / name).read_bytes(), media_type=_ASSET_TYPES[name])

    async def explorer(self, request: Request) -> Response:
        """The explorer of ``?view=`` (default ``comention``), ``&era=`` (an era's name or years such as
        ``2013-2016``) and ``&size=`` (nodes; at most EXPLORER_MAX_NODES), thinned to a readable map; pages
        are kept per state of the store."""
        self.pool.check_store()
        try:
            key = explorer_request(request.query_params)
        except _Refused as exc:
            return _text(exc.status, exc.message, exc.headers)
        generation = self.pool.generation
        cached = self._explorers.get((generation, *key))
        if cached is None:
            view_name, era, size = key
            try:
                reply = await self.run({"op": "explorer", "view": view_name, "era": era, "size": size},
                                       timeout=max(self.settings.timeout, 120.0))
            except WorkerError as exc:
                return _error(exc)
            if reply.status != 200:
                return _text(reply.status, reply.body.decode("utf-8", "replace"))
            found = _META_CSP.search(reply.body.decode("utf-8", "replace"))
            policy = (found.group(1) if found else "default-src 'none'") + "; frame-ancestors 'none'"
            self._explorers = {k: v for k, v in self._explorers.items() if k[0] == generation}
            while len(self._explorers) >= EXPLORER_CACHE:
                self._explorers.pop(next(iter(self._explorers)))
            cached = self._explorers[(generation, *key)] = (reply.body, policy)
        body, policy = cached
        return Response(body, media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": policy})

    async def sparql(self, request: Request) -> Response:
        try:
            query, chosen = await self._read_query(request)
        except _Refused as exc:
            return _text(exc.status, exc.message, exc.headers)
        if query is None:  # a browser opening /sparql
            return await self.page(request)
        select_media, graph_media = negotiate(request.headers.get("accept"), chosen)
        try:
            reply = await self.run({"op": "query", "query": query, "select_media": select_media,
                                    "graph_media": graph_media})
        except WorkerError as exc:
            return _error(exc)
        headers = {"X-Store-Modified": self.build_header()}
        if reply.truncated:
            headers["X-Result-Truncated"] = "true"
        return Response(reply.body, status_code=reply.status, media_type=f"{reply.media}; charset=utf-8",
                        headers=headers)

    async def _read_query(self, request: Request) -> tuple[str | None, str | None]:
        """The query text and ``format`` parameter of a SPARQL Protocol request (None: no query)."""
        limit = self.settings.max_query_length
        raw_query = request.scope.get("query_string", b"")
        if len(raw_query) > 3 * limit + 1024:
            raise _Refused(414, f"the URL is too long: send queries over {limit:,} characters as POST")
        params = parse_qs(raw_query.decode("latin-1"), keep_blank_values=True)
        chosen = params.get("format", [None])[0]
        if request.method in ("GET", "HEAD"):
            if "update" in params:
                raise _Refused(403, "this endpoint is read-only: SPARQL Update is refused")
            return params.get("query", [None])[0] or None, chosen
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            raise _Refused(403, "this endpoint is read-only: SPARQL Update is refused")
        if content_type not in ("application/sparql-query", "application/x-www-form-urlencoded"):
            raise _Refused(415, "send the query as application/sparql-query or as the 'query' field of an "
                                "application/x-www-form-urlencoded form")
        body = await self._read_body(request, 3 * limit + 1024)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _Refused(400, f"the request body is not UTF-8 (byte {exc.start})") from None
        if content_type == "application/sparql-query":
            query = text
        else:
            form = parse_qs(text, keep_blank_values=True)
            if "update" in form:
                raise _Refused(403, "this endpoint is read-only: SPARQL Update is refused")
            query, chosen = form.get("query", [""])[0], form.get("format", [chosen])[0]
        if not query.strip():
            raise _Refused(400, "no query: send it as the 'query' parameter or as the body")
        return query, chosen

    async def _read_body(self, request: Request, limit: int) -> bytes:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise _Refused(413, f"the request body is over {limit:,} bytes")
        chunks, size = [], 0
        with anyio.move_on_after(self.settings.body_timeout) as scope:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise _Refused(413, f"the request body is over {limit:,} bytes")
                chunks.append(chunk)
        if scope.cancelled_caught:
            raise _Refused(408, f"the request body did not arrive within {self.settings.body_timeout:g} s")
        return b"".join(chunks)


async def _no_icon(request: Request) -> Response:
    return Response(status_code=204)


def _error(exc: WorkerError) -> Response:
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
    return _text(exc.status, exc.message, headers)


class _Guard:
    """ASGI middleware around the whole application: the Host check, CORS and the security headers
    on every response (errors included)."""

    def __init__(self, app, host: str, settings: ServerSettings) -> None:
        self.app, self.settings = app, settings
        self.hosts = {_host_name(host)} | {_host_name(h) for h in settings.allow_hosts}
        self.any_ip = False
        address = _ip(host)
        if address is not None and (address.is_loopback or address.is_unspecified):
            self.hosts |= {"localhost", "127.0.0.1", "::1"}
            self.any_ip = address.is_unspecified  # bound everywhere: an IP address as Host is never rebinding
        elif host == "localhost":
            self.hosts |= {"127.0.0.1", "::1"}
        self.cors = set(settings.cors)

    def host_allowed(self, value: str | None) -> bool:
        if value is None:
            return True  # HTTP/1.0 without Host: not a browser, so not rebinding
        name = _host_name(value)
        return name in self.hosts or (self.any_ip and _ip(name) is not None)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        origin = headers.get("origin")
        allowed_origin = origin if origin and (origin in self.cors or "*" in self.cors) else None

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                         (b"referrer-policy", b"no-referrer"), (b"cache-control", b"no-store")]
                present = {k.lower() for k, _ in message.get("headers", [])}
                if b"content-security-policy" not in present:
                    extra.append((b"content-security-policy", PAGE_CSP.encode()))
                if allowed_origin:
                    extra += [(b"access-control-allow-origin", allowed_origin.encode("latin-1")),
                              (b"access-control-expose-headers", b"X-Result-Truncated, X-Store-Modified"),
                              (b"vary", b"Origin")]
                else:
                    extra.append((b"cross-origin-resource-policy", b"same-origin"))
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        if not self.host_allowed(headers.get("host")):
            shown = html.escape(headers.get("host", "")[:100])
            response = _text(421, f"Host {shown} is not served here (start kg serve with --allow-host NAME "
                                  "to accept it)")
            return await response(scope, receive, send_with_headers)
        if scope["method"] == "OPTIONS" and allowed_origin:
            response = Response(status_code=204, headers={
                "Access-Control-Allow-Methods": "GET, POST", "Access-Control-Max-Age": "600",
                "Access-Control-Allow-Headers": "Content-Type, Accept"})
            return await response(scope, receive, send_with_headers)
        await self.app(scope, receive, send_with_headers)


def _host_name(value: str) -> str:
    """The name in a Host header or address, lower case, without port or IPv6 brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value


def _ip(name: str):
    try:
        return ipaddress.ip_address(_host_name(name))
    except ValueError:
        return None


def create_app(pool: WorkerPool, host: str, settings: ServerSettings, store_label: str = "the store"):
    """The ASGI application of ``kg serve`` over a started :class:`WorkerPool`; ``host`` is the
    address it is bound to (for the Host check)."""
    endpoint = _Endpoint(pool, settings, store_label)
    routes = [Route("/", endpoint.page, methods=["GET"]), Route("/index.html", endpoint.page, methods=["GET"]),
              Route("/assets/{name}", endpoint.asset, methods=["GET"]),
              Route("/explorer", endpoint.explorer, methods=["GET"]),
              Route("/favicon.ico", _no_icon, methods=["GET"]),
              Route("/sparql", endpoint.sparql, methods=["GET", "POST"])]
    return _Guard(Starlette(routes=routes), host, settings)


def query_page(store_label: str = "the store", built: str = "", settings: ServerSettings = ServerSettings()) -> str:
    """The query page: a form, the pack's questions as examples, results drawn as a table by
    ``/assets/query.js`` (no inline script, no external assets)."""
    examples = [{"name": q.name, "description": q.description, "sparql": with_prefixes(q.sparql),
                 "parameters": [p.name for p in q.parameters]} for q in pack().values()]
    data = json.dumps(examples).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    page = (ASSETS / "query.html").read_text(encoding="utf-8")
    values = {"EXAMPLES": data, "STORE": html.escape(store_label), "BUILD": html.escape(built or "unknown"),
              "TIMEOUT": f"{settings.timeout:g}", "MAX_ROWS": f"{settings.max_rows:,}"}
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], page)

