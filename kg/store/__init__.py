"""Where the triples live.

Three kinds of store answer the same interface (:class:`Store`):

``OxigraphStore``  on disk (the default; fast bulk loads and aggregates), or in memory
``MemoryStore``    rdflib's in-memory Dataset, for small graphs in-process
``RemoteStore``    any SPARQL 1.1 endpoint, written through the Graph Store Protocol

Every source file is one named graph (its IRI is the source's IRI); queries
see the union of all graphs as their default graph.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph

from kg._io import is_store_folder
from kg.errors import StoreError
from kg.store.base import SOURCE_GRAPHS_QUERY, Store, default_store_path, query_error
from kg.store.memory import MemoryStore
from kg.store.oxigraph import OxigraphStore
from kg.store.remote import RemoteStore

__all__ = ["Store", "OxigraphStore", "MemoryStore", "RemoteStore", "open_store", "default_store_path", "push",
           "query_error", "SOURCE_GRAPHS_QUERY"]


def open_store(location: str | os.PathLike[str] | None = None, *, endpoint: str | None = None,
               read_only: bool = False, memory: bool = False, create: bool = True,
               graph_store: str | None = None) -> Store:
    """Open a store: a remote ``endpoint``, an in-memory one (``memory=True``,
    or location ``":memory:"``), else Oxigraph on disk at ``location`` (default
    :func:`default_store_path`).

    With ``create=False`` a missing on-disk store is an error that says how
    to build one.
    """
    if endpoint:
        return RemoteStore(endpoint, graph_store=graph_store)
    if memory or (location is not None and os.fspath(location) in (":memory:", "memory")):
        return MemoryStore()

    path = Path(location) if location is not None else default_store_path()
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path} is a file, not a store folder")
    if not create and not is_store_folder(path):
        what = "no store" if not path.exists() else "no citekg store (the folder holds no Oxigraph store)"
        raise StoreError(f"{what} at {path}; build one with `kg build SOURCE... --store {path}`")
    if path.is_dir() and not is_store_folder(path) and any(path.iterdir()):
        raise StoreError(f"{path} is a folder of other files, not a citekg store; give --store a new or empty "
                         "folder (citekg will not write its database among your files)")
    return OxigraphStore(path, read_only=read_only)


def push(local: Store, remote, graphs: Iterable[str] | None = None,
         progress=None) -> list[tuple[str, int]]:
    """Copy named graphs of ``local`` to ``remote`` (a :class:`~kg.store.remote.RemoteStore`),
    replacing each whole through the Graph Store Protocol; other graphs there are left alone.

    Each graph is streamed from the local store and sent in requests of about
    ``remote.chunk_bytes`` (the first replaces the graph, the others add to it),
    so memory stays bounded on both sides however large the graph. Returns
    (graph, bytes sent) for each graph; ``progress(graph, bytes)`` is called
    after each graph."""
    sent = []
    for graph in graphs if graphs is not None else local.graph_names():
        size = remote.write_graph(graph, _ntriples_chunks(local, graph))
        sent.append((graph, size))
        if progress:
            progress(graph, size)
    return sent


def _ntriples_chunks(local: Store, graph: str, triples: int = 50_000) -> Iterator[bytes]:
    """The triples of ``graph`` in ``local`` as N-Triples chunks, streamed from an Oxigraph store."""
    native = getattr(local, "native", None)
    if native is None:
        yield local.graph_ntriples(graph)
        return
    quads = native.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(graph))
    while batch := list(itertools.islice(quads, triples)):
        yield pyoxigraph.serialize([q.triple for q in batch], format=pyoxigraph.RdfFormat.N_TRIPLES) or b""


