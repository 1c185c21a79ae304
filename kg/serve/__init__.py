"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint, a query page and the explorer, safe to leave running.

``/sparql``   SPARQL 1.1 Protocol: GET ``?query=``, POST form or ``application/sparql-query``;
              results as JSON, XML, CSV or TSV, graphs as Turtle, N-Triples, JSON-LD or RDF/XML, by
              ``Accept`` (or ``?format=json|xml|csv|tsv|ttl|nt|jsonld``)
``/``         a query page that works offline, with the question pack as examples
``/explorer`` the interactive network explorer (``kg viz``)

The security model, part by part:

* what a query may do is decided from the parsed query (:mod:`kg.store.guard`): one SELECT, ASK,
  CONSTRUCT or DESCRIBE, no ``SERVICE`` (no calls to other addresses), no update; its length and
  bracket nesting are bounded by a linear scan before any parser sees it;
* queries run in worker processes (:mod:`kg.serve.workers`) with memory and CPU-time limits, killed at
  the time limit; answers are cut at the row and byte limits as they are read;
* the HTTP layer (:mod:`kg.serve.app`, Starlette on Uvicorn) refuses other Hosts (DNS rebinding), sends
  no ``Access-Control-Allow-Origin`` unless origins are named, forbids framing and sniffing, and bounds
  headers, bodies, URLs, connections and the queue.

>>> from kg.serve import ServerSettings, serve
>>> serve("kg-store", port=7878, settings=ServerSettings(timeout=10))   # doctest: +SKIP
"""

from __future__ import annotations

import os
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.serve.app import ServerSettings

__all__ = ["ServerSettings", "serve", "create_app", "query_page", "WorkerPool"]


def __getattr__(name: str) -> Any:
    """The server's parts, imported when first used (a worker process imports none of them)."""
    if name in ("ServerSettings", "create_app", "query_page"):
        from kg.serve import app

        return getattr(app, name)
    if name == "WorkerPool":
        from kg.serve.workers import WorkerPool

        return WorkerPool
    raise AttributeError(f"module 'kg.serve' has no attribute {name!r}")


def _store_path(store: Any) -> Path:
    """The folder of an on-disk store, given as a path or as a KnowledgeGraph or Store over one."""
    from kg.errors import StoreError

    inner = getattr(store, "store", store)
    path = getattr(inner, "path", None) if not isinstance(inner, (str, os.PathLike)) else Path(inner)
    if path is None:
        raise StoreError("kg serve needs a store on disk (its queries run in other processes)")
    if not Path(path).is_dir():
        raise StoreError(f"no store at {path}; build one with `kg build SOURCE... --store {path}`")
    return Path(path)


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def serve(store: Any, host: str = "127.0.0.1", port: int = 7878, settings: ServerSettings | None = None,
          quiet: bool = False, announce: Callable[[str], None] | None = None) -> None:
    """Serve the store at ``store`` (a folder, or a KnowledgeGraph over one) until SIGINT or SIGTERM;
    ``announce(url)`` is called once the server listens. Its worker processes end with it."""
    import uvicorn

    from kg.serve.app import HeaderTimeoutProtocol, ServerSettings, create_app
    from kg.serve.workers import WorkerPool

    settings = settings or ServerSettings()

    path = _store_path(store)
    sock = _listen(host, port)
    bound_host, bound_port = sock.getsockname()[:2]
    pool = WorkerPool(path, settings.limits(), settings.workers, quiet=quiet)
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # so that `finally` runs
    try:
        pool.start()
        app = create_app(pool, bound_host, settings, str(path))
        protocol = type("Protocol", (HeaderTimeoutProtocol,), {"header_timeout": settings.header_timeout})
        config = uvicorn.Config(
            app, http=protocol, lifespan="off", log_level="warning" if quiet else "info", access_log=not quiet,
            limit_concurrency=settings.max_connections, timeout_keep_alive=5, timeout_graceful_shutdown=5,
            h11_max_incomplete_event_size=3 * settings.max_query_length + 16_384, server_header=False,
            proxy_headers=False)
        if announce is not None:
            shown = f"[{bound_host}]" if ":" in bound_host else bound_host
            announce(f"http://{shown}:{bound_port}/")
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        pool.close()
        sock.close()
        signal.signal(signal.SIGTERM, previous)
