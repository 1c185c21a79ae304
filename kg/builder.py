"""``kg build``: sources → records → extracted facts → triples → store (→ file).

The build streams. Records are parsed one at a time, mapped to N-Quads in
batches (on worker processes when ``jobs`` > 1), and handed to the store's
bulk loader, which runs in native code beside the Python work. Only
identifiers of shared nodes (journals, people, headings) are remembered.

Each source file is one named graph, carrying its content hash: a rebuild
skips unchanged files, replaces changed ones and (unless ``keep_others``)
drops the graphs of files no longer given. What depends on the whole
corpus — which paper a blog post cites, the yearly counts — lives in
derived graphs recomputed every build.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from kg.errors import ParseError
from kg.model import Document
from kg.rdf import iris
from kg.rdf.mapping import Seen, SourceInfo, document_triples, source_triples
from kg.rdf.namespaces import GRAPH_LINKS, GRAPH_ONTOLOGY, GRAPH_STATISTICS, GRAPH_VOCABULARY
from kg.rdf.statistics import statistics_nquads
from kg.rdf.terms import nquad
from kg.sources import Source, SourceReport, detect, open_sources, parse_source
from kg.store import Store, open_store

__all__ = ["build", "BuildOptions", "BuildReport", "Progress", "default_jobs"]

BATCH_SIZE = 200
Progress = Callable[[int, str], None]  # (records done so far, current source name)


def default_jobs() -> int:
    """Worker processes to use by default: every core."""
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class BuildOptions:
    """How to build; the defaults suit a researcher's corpus."""

    source_format: str | None = None  # parse every source as this format instead of sniffing
    extract: bool = True  # run the extractors (off: bibliographic data only)
    strict: bool = False  # stop at the first bad record
    jobs: int = 1  # worker processes for mapping and extraction
    keep_others: bool = False  # keep graphs of sources not given in this build
    with_vocabulary: bool = False  # include the vocabularies' background relations


@dataclass
class BuildReport:
    """What a build did."""

    read: list[SourceReport] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    records: int = 0
    seconds: float = 0.0

    @property
    def problems(self) -> list[ParseError]:
        """Every record skipped with a warning."""
        return [p for r in self.read for p in r.problems]


def build(inputs: Iterable[str | os.PathLike[str] | Source], store: Store | str | os.PathLike[str] | None = None,
          *, output: str | os.PathLike[str] | None = None, output_format: Any = None,
          options: BuildOptions = BuildOptions(), progress: Progress | None = None,
          on_problem: Callable[[ParseError], None] | None = None):
    """Build (or update) a knowledge graph from ``inputs`` and return it as a
    :class:`~kg.graph.KnowledgeGraph`.

    ``store`` is a :class:`~kg.store.Store`, a folder for an Oxigraph store
    (default ``./kg-store``), or ``":memory:"``. ``output`` also writes the
    graph to a file (format from ``output_format`` or the extension).
    """
    from kg.graph import KnowledgeGraph

    started = time.perf_counter()
    target = store if isinstance(store, Store) else open_store(store)
    report = BuildReport()
    sources = open_sources(inputs)
    _check_unique_keys(sources)
    existing = target.source_graph_stamps()
    signature = build_signature(options)
    wanted: list[tuple[Source, SourceInfo]] = []
    for src in sources:
        sha = src.sha256()
        graph = iris.source(src.key)
        if existing.get(graph) == (sha, signature):
            report.unchanged.append(src.name)
            continue
        fmt = detect(src, options.source_format)  # fail early, before anything is dropped
        wanted.append((src, SourceInfo(key=src.key, sha256=sha, format=fmt.NAME, signature=signature)))
    given = {iris.source(src.key) for src in sources}
    stale = [g for g in existing if g not in given] if not options.keep_others else []
    for graph in [info.iri for _, info in wanted if info.iri in existing] + stale:
        target.drop_graph(graph)
    report.removed = stale

    if wanted:
        chunks = _produce(wanted, options, report, progress, on_problem)
        _load_in_background(target, chunks)
    _refresh_derived_graphs(target, options)
    if hasattr(target, "flush"):
        target.flush()
    report.seconds = time.perf_counter() - started
    graph = KnowledgeGraph(target, report=report)
    if output is not None:
        graph.serialize(output, output_format)
    return graph


def build_signature(options: BuildOptions) -> str:
    """What a source's graph depends on besides the file: citekg's version, the options that change
    the triples, and the ontology and vocabularies. A graph made differently is rebuilt."""
    from kg import __version__
    from kg.resources import ontology_file, vocabulary_files

    digest = hashlib.sha256(f"{__version__}|{options.extract}|{options.source_format}".encode())
    for path in [ontology_file(), *vocabulary_files()]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _check_unique_keys(sources: list[Source]) -> None:
    seen: dict[str, str] = {}
    for src in sources:
        graph = iris.source(src.key)
        if graph in seen:
            raise ParseError(f"two sources would share one graph <{graph}> (the other is {seen[graph]}); "
                             "rename one file or build them from their common folder", source=src.name)
        seen[graph] = src.name


# ---------------------------------------------------------------- producing N-Quads

def _produce(wanted: list[tuple[Source, SourceInfo]], options: BuildOptions, report: BuildReport,
             progress: Progress | None, on_problem: Callable[[ParseError], None] | None) -> Iterator[bytes]:
    """N-Quads chunks for every wanted source, in order, each ending with the source's description."""
    executor: Executor | None = ProcessPoolExecutor(max_workers=options.jobs) if options.jobs > 1 else None
    try:
        for src, info in wanted:
            seen = Seen()  # shared nodes are described in every source graph that uses them
            source_report = SourceReport(src.name)
            report.read.append(source_report)
            records = parse_source(src, options.source_format, strict=options.strict, report=source_report,
                                   on_problem=on_problem)
            batches = _batches(records, BATCH_SIZE)
            work = ((batch, info.iri, options.extract) for batch in batches)
            results = _bounded_map(executor, _map_batch, work, 2 * options.jobs) if executor else \
                (_map_batch(args, seen) for args in work)
            for chunk, count in results:
                report.records += count
                if progress:
                    progress(report.records, src.name)
                yield chunk
            info = dataclasses.replace(info, records=source_report.records)
            yield "".join(nquad(t, info.iri) for t in source_triples(info)).encode("utf-8")
    finally:
        if executor:
            executor.shutdown(cancel_futures=True)


def _batches(records: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _map_batch(args: tuple[list[Document], str, bool], seen: Seen | None = None) -> tuple[bytes, int]:
    """N-Quads for a batch of records of one source (runs in a worker process when jobs > 1)."""
    batch, source_iri, extract = args
    seen = seen if seen is not None else _worker_seen(source_iri)
    lines: list[str] = []
    for doc in batch:
        lines.extend(nquad(t, source_iri) for t in document_triples(doc, source_iri, seen))
        if extract:
            from kg.extract import extraction_triples

            lines.extend(nquad(t, source_iri) for t in extraction_triples(doc, seen))
    return "".join(lines).encode("utf-8"), len(batch)


_SEEN_IN_WORKER: dict[str, Seen] = {}


def _worker_seen(source_iri: str) -> Seen:
    """What this worker process has described in the graph of ``source_iri``.

    A node is described at least once in each graph that uses it, whichever
    worker maps which batch, so the graphs come out the same every run.
    """
    if source_iri not in _SEEN_IN_WORKER:
        _SEEN_IN_WORKER.clear()  # sources come one after another; forget the previous one
        _SEEN_IN_WORKER[source_iri] = Seen()
    return _SEEN_IN_WORKER[source_iri]


def _bounded_map(executor: Executor, fn: Callable, items: Iterable, window: int) -> Iterator:
    """``executor.map`` that keeps at most ``window`` tasks in flight, so input is not read ahead."""
    pending: list[Future] = []
    for item in items:
        pending.append(executor.submit(fn, item))
        if len(pending) >= window:
            yield pending.pop(0).result()
    for future in pending:
        yield future.result()


_DONE = object()


def _load_in_background(store: Store, chunks: Iterator[bytes]) -> None:
    """Feed ``chunks`` to ``store.load`` while Python keeps producing them.

    The producer runs in a thread and the loader (native code, which
    releases the GIL) reads from a bounded queue; an error on either side
    stops both and is raised here.
    """
    pipe: queue.Queue = queue.Queue(maxsize=8)
    failure: list[BaseException] = []
    stop = threading.Event()

    def produce() -> None:
        try:
            for chunk in chunks:
                if stop.is_set():
                    return
                pipe.put(chunk)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            failure.append(exc)
        finally:
            pipe.put(_DONE)

    def consume() -> Iterator[bytes]:
        while (chunk := pipe.get()) is not _DONE:
            yield chunk
        if failure:
            raise _ProducerFailed()

    producer = threading.Thread(target=produce, name="kg-build-producer", daemon=True)
    producer.start()
    try:
        store.load(consume())
    except BaseException:
        stop.set()
        while producer.is_alive():  # unblock a producer waiting on a full queue
            try:
                pipe.get_nowait()
            except queue.Empty:
                time.sleep(0.01)
        if failure:
            raise failure[0] from None
        raise
    producer.join()
    if failure:
        raise failure[0]


class _ProducerFailed(Exception):
    """Raised inside the loader's input when the producer failed (the real error is re-raised)."""


# ---------------------------------------------------------------- derived graphs

def _refresh_derived_graphs(store: Store, options: BuildOptions) -> None:
    """Recompute the graphs that depend on the whole corpus: vocabulary labels, cross-document links
    and the yearly counts."""
    for graph in (GRAPH_VOCABULARY, GRAPH_LINKS, GRAPH_ONTOLOGY, GRAPH_STATISTICS):
        store.drop_graph(graph)
    from kg.extract.vocabulary import ontology_nquads, vocabulary_nquads

    store.load([vocabulary_nquads(GRAPH_VOCABULARY, with_relations=options.with_vocabulary),
                ontology_nquads(GRAPH_ONTOLOGY)])
    if options.extract:
        from kg.extract.citations import link_nquads

        links = link_nquads(store, GRAPH_LINKS)
        if links:
            store.load([links])
    store.load([statistics_nquads(store, GRAPH_STATISTICS)])

