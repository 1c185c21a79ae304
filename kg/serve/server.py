"""Starting the server: the socket, the worker pool and Uvicorn, stopped together by SIGINT or SIGTERM.

(The package's own module imports nothing, so that worker processes, which import only
:mod:`kg.serve.workers`, start without the HTTP layer.)
"""

from __future__ import annotations

import os
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn

from kg.errors import StoreError
from kg.serve.app import HeaderTimeoutProtocol, ServerSettings, create_app
from kg.serve.workers import WorkerPool

__all__ = ["serve", "ServerSettings"]


def _store_path(store: Any) -> Path:
    """The folder of an on-disk store, given as a path or as a KnowledgeGraph or Store over one."""
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
