"""``kg serve`` and ``kg push``: the graph for other programs, on this machine or a triple store server."""

from __future__ import annotations

import click

from kg.cli.options import open_graph, store_option
from kg.serve import ServerSettings, serve
from kg.store import push
from kg.store.remote import RemoteStore

__all__ = ["serve_command", "push_command"]


@click.command("serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (127.0.0.1: this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port (0: any free port).")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds a query may run.")
@click.option("--max-rows", type=int, default=10_000, show_default=True, help="Rows a query may return.")
@click.option("-q", "--quiet", is_flag=True, help="Do not log requests.")
def serve_command(store: str | None, host: str, port: int, timeout: float, max_rows: int, quiet: bool) -> None:
    """Serve the graph read-only: a SPARQL 1.1 endpoint at /sparql, a query page at /, the explorer at /explorer.

    Works with YASGUI, SPARQLWrapper, R's SPARQL packages and any SPARQL 1.1 client.
    """
    with open_graph(store) as graph:
        serve(graph, host, port, ServerSettings(timeout=timeout, max_rows=max_rows), quiet=quiet,
              announce=lambda url: click.echo(f"citekg: serving {graph.store.description} at {url} "
                                              f"(SPARQL endpoint {url}sparql); Ctrl-C stops", err=True))


@click.command("push")
@store_option
@click.option("--endpoint", required=True, metavar="URL", help="The remote SPARQL query endpoint.")
@click.option("--graph-store", metavar="URL", help="Its Graph Store Protocol URL (found from --endpoint for "
              "Oxigraph, Fuseki and GraphDB).")
def push_command(store: str | None, endpoint: str, graph_store: str | None) -> None:
    """Upload the graph to a remote store, one named graph per source, replacing only those graphs."""
    remote = RemoteStore(endpoint, graph_store=graph_store)
    with open_graph(store) as graph:
        sent = push(graph.store, remote, progress=lambda g, n: click.echo(f"  {g}  {n:,} bytes", err=True))
    click.echo(f"pushed {len(sent)} graph(s) to {remote.graph_store}", err=True)
