"""``kg serve`` and ``kg push``: the graph for other programs, on this machine or a triple store server."""

from __future__ import annotations

import os

import click

from kg.cli.options import open_graph, store_option
from kg.serve.server import ServerSettings, serve
from kg.store import default_store_path, push
from kg.store.remote import RemoteStore

__all__ = ["serve_command", "push_command"]


@click.command("serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (127.0.0.1: this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port (0: any free port).")
@click.option("--timeout", type=click.FloatRange(0.1), default=30.0, show_default=True,
              help="Seconds a query may run; its worker process is killed past them.")
@click.option("--max-rows", type=click.IntRange(1), default=10_000, show_default=True,
              help="Rows (or triples) an answer may have; the rest are cut and X-Result-Truncated says so.")
@click.option("--workers", type=click.IntRange(1, 64), default=min(4, os.cpu_count() or 1), show_default=True,
              help="Queries run at once, each in its own process.")
@click.option("--max-memory", type=click.IntRange(64), default=1024, show_default=True, metavar="MB",
              help="Memory a worker may allocate for one query.")
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN",
              help="Let pages from ORIGIN (e.g. https://yasgui.triply.cc) read answers; repeatable. Default: none.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Accept requests for Host NAME besides the bound address (e.g. a name on your network); repeatable.")
@click.option("-q", "--quiet", is_flag=True, help="Do not log requests.")
def serve_command(store: str | None, host: str, port: int, timeout: float, max_rows: int, workers: int,
                  max_memory: int, cors: tuple[str, ...], allow_hosts: tuple[str, ...], quiet: bool) -> None:
    """Serve the graph read-only: a SPARQL 1.1 endpoint at /sparql, a query page at /, the explorer at /explorer.

    Works with YASGUI, SPARQLWrapper, R's SPARQL packages and any SPARQL 1.1 client. Updates and SERVICE
    are refused; each query runs in a worker process with time, memory and row limits; pages from other
    origins cannot read answers unless --cors names them.
    """
    settings = ServerSettings(timeout=timeout, max_rows=max_rows, workers=workers, queue=4 * workers,
                              max_memory=max_memory, cors=cors, allow_hosts=allow_hosts)
    path = store or default_store_path()
    serve(path, host, port, settings, quiet=quiet,
          announce=lambda url: click.echo(f"citekg: serving {path} at {url} (SPARQL endpoint {url}sparql); "
                                          "Ctrl-C stops", err=True))


@click.command("push")
@store_option
@click.option("--endpoint", required=True, metavar="URL", help="The remote SPARQL query endpoint.")
@click.option("--graph-store", metavar="URL", help="Its Graph Store Protocol URL (found from --endpoint for "
              "Oxigraph, Virtuoso, Fuseki, GraphDB and QLever).")
@click.option("--server", type=click.Choice(["auto", "oxigraph", "virtuoso", "fuseki", "graphdb", "qlever", "generic"]),
              default="auto", show_default=True, envvar="KG_ENDPOINT_SERVER",
              help="The kind of server (auto: from its Server header or URL).")
@click.option("--user", metavar="NAME", envvar="KG_ENDPOINT_USER", help="User for HTTP authentication "
              "[env: KG_ENDPOINT_USER].")
@click.option("--password", metavar="SECRET", envvar="KG_ENDPOINT_PASSWORD",
              help="Its password [env: KG_ENDPOINT_PASSWORD, better than the command line].")
@click.option("--auth", "auth_scheme", type=click.Choice(["auto", "basic", "digest"]), default="auto",
              show_default=True, envvar="KG_ENDPOINT_AUTH", help="HTTP authentication scheme (auto: the server's).")
@click.option("--token", metavar="TOKEN", envvar="KG_ENDPOINT_TOKEN",
              help="Bearer token instead of a user (QLever's access token) [env: KG_ENDPOINT_TOKEN].")
@click.option("--timeout", type=click.FloatRange(min=1), default=300.0, show_default=True,
              envvar="KG_ENDPOINT_TIMEOUT", help="Seconds one request may take.")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True,
              help="Times a failed request is tried again (connection lost, timeout, HTTP 502/503/504).")
@click.option("--chunk-mb", type=click.FloatRange(min=0.01), default=16.0, show_default=True,
              help="Megabytes of N-Triples per request (the first replaces the graph, the rest add to it).")
def push_command(store: str | None, endpoint: str, graph_store: str | None, server: str, user: str | None,
                 password: str | None, auth_scheme: str, token: str | None, timeout: float, retries: int,
                 chunk_mb: float) -> None:
    """Upload the graph to a remote store, one named graph per source, replacing only those graphs.

    \b
    kg push --endpoint http://127.0.0.1:7878/query
    KG_ENDPOINT_PASSWORD=... kg push --endpoint http://127.0.0.1:8890/sparql --user dba
    """
    remote = RemoteStore(endpoint, graph_store=graph_store, server=server, user=user or None,
                         password=password or None, auth=auth_scheme, token=token or None, timeout=timeout,
                         retries=retries, chunk_bytes=int(chunk_mb * (1 << 20)))
    with open_graph(store) as graph:
        sent = push(graph.store, remote, progress=lambda g, n: click.echo(f"  {g}  {n:,} bytes", err=True))
    click.echo(f"pushed {len(sent)} graph(s) to {remote.graph_store} ({remote.engine.name})", err=True)
