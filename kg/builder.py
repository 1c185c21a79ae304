"""``kg build``: sources → records → extracted facts → triples → store (→ file).

The build streams. Records are parsed one at a time, mapped to N-Quads in
batches (on worker processes when ``jobs`` > 1), and handed to the store's
bulk loader, which runs in native code beside the Python work. Only
identifiers of shared nodes (journals, people, headings) are remembered.

The graph is the same whatever ``jobs`` and however the records fall into
batches: a shared node gets every value any record gives it, except its
names, of which the build keeps one per node and predicate — the first by
:func:`~kg.rdf.mapping.name_rank` among all records of the source — and
writes them after the source's last batch.

Each source file is one named graph, carrying its content hash: a rebuild
skips unchanged files and replaces changed ones; the graphs of sources not
given are kept (``prune`` drops them). What depends on the whole corpus —
which paper a blog post cites, the yearly counts — lives in derived graphs,
computed after the load into graphs of their own and then swapped in one
transaction, so that a build stopped at any moment leaves the previous
complete state.

With ``dask`` set, the batches are mapped (and the records' text
extracted) as tasks on a Dask cluster — a ``LocalCluster`` of ``jobs``
worker processes on 127.0.0.1, or the scheduler at a ``tcp://`` address —
and come back as N-Quads partitions that the store loads in order: the
same graph, byte for byte, as a local build.

A build stopped by an error, Ctrl-C or SIGTERM stops its workers, removes
the graph of the source it was loading, and leaves the store with whole
sources only; a build killed outright (``kill -9``) leaves that graph
without its stamp, and the next build removes it first.
"""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import _signals
from kg._version import __version__
from kg.derived import DERIVED_GRAPHS, refresh_derived_graphs
from kg.errors import Interrupted, ParseError, UnknownFormatError, UsageError
from kg.extract import extract
from kg.graph import KnowledgeGraph
from kg.model import Document
from kg.progress import ProgressCallback, report
from kg.rdf.evidence import extraction_triples
from kg.rdf.formats import rdf_format
from kg.rdf.mapping import NAME_PREDICATES, Seen, SharedNames, SourceInfo, document_triples, source_triples
from kg.rdf.terms import nquad
from kg.sources import Source, SourceReport, open_sources, parse_source, probe, readable
from kg.sources.registry import SourceFormat
from kg.sources.registry import get as get_format
from kg.store import Store, open_store
from kg.vocab import iris
from kg.vocab.resources import ontology_file, vocabulary_files

__all__ = ["build", "BuildOptions", "BuildReport", "default_jobs"]

BATCH_SIZE = 200


def default_jobs() -> int:
    """Worker processes to use by default: every core."""
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class BuildOptions:
    """How to build; the defaults suit a researcher's corpus."""

    source_format: str | None = None  # parse every source as this format instead of sniffing
    extract: bool = True  # run the extractors (off: bibliographic data only)
    strict: bool = False  # stop at the first bad record or unrecognised file
    jobs: int = 1  # worker processes for mapping and extraction
    prune: bool = False  # drop the graphs of sources built before but not given now
    with_vocabulary: bool = False  # include the vocabularies' background relations
    batch_size: int = BATCH_SIZE  # records mapped together (the graph does not depend on it)
    dask: str | None = None  # map on a Dask cluster: "local" (jobs workers on 127.0.0.1) or tcp://HOST:PORT


@dataclass
class BuildReport:
    """What a build did."""

    read: list[SourceReport] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # source graphs pruned
    incomplete: list[str] = field(default_factory=list)  # graphs of an interrupted build, removed first
    skipped: list[UnknownFormatError] = field(default_factory=list)  # files no parser recognises
    kept: int = 0  # source graphs of earlier builds left in the store
    records: int = 0
    seconds: float = 0.0
    output: str | None = None
    output_statements: int = 0
    output_seconds: float = 0.0

    @property
    def problems(self) -> list[ParseError]:
        """Every record skipped with a warning."""
        return [p for r in self.read for p in r.problems]

    @property
    def empty(self) -> list[SourceReport]:
        """Sources read that gave no record."""
        return [r for r in self.read if r.records == 0]


def build(inputs: Iterable[str | os.PathLike[str] | Source], store: Store | str | os.PathLike[str] | None = None,
          *, output: str | os.PathLike[str] | None = None, output_format: Any = None,
          options: BuildOptions = BuildOptions(), progress: ProgressCallback | None = None,
          on_problem: Callable[[ParseError], None] | None = None) -> KnowledgeGraph:
    """Build (or update) a knowledge graph from ``inputs`` and return it as a :class:`~kg.graph.KnowledgeGraph`.

    ``store`` is a :class:`~kg.store.Store`, a folder for an Oxigraph store
    (default ``./kg-store``), or ``":memory:"``. ``output`` also writes the
    graph to a file (format from ``output_format`` or the extension).
    ``progress`` receives :class:`~kg.progress.Step` values; ``on_problem``
    each skipped record and unrecognised file (default: a warning).

    Arguments are checked before any work: an unknown output or source
    format is a :class:`~kg.errors.UsageError`, as is a named format that
    reads no record from the start of a file. A file found in a folder that
    no parser recognises is skipped and counted in ``report.skipped``
    (``strict`` makes it an error); a file named on its own must be readable.
    """
    started = time.perf_counter()
    output_fmt = rdf_format(output_format, output) if output is not None else None
    if options.source_format:
        get_format(options.source_format)  # an unknown name fails here, before any work
    if options.jobs < 1:
        raise UsageError(f"jobs must be at least 1, not {options.jobs}")
    if options.batch_size < 1:
        raise UsageError(f"batch_size must be at least 1, not {options.batch_size}")
    if options.dask:
        _check_dask_address(options.dask)
    excluded = [Path(output)] if output is not None else []
    sources = open_sources(inputs, exclude=excluded)
    if not sources:
        raise UsageError("no source to build from: " + (", ".join(map(str, inputs)) or "no inputs given")
                         + " (hidden files, store folders and citekg's own outputs are left out)")
    _check_unique_keys(sources)
    build_report = BuildReport()
    formats = dict(readable(sources, options.source_format, strict=options.strict, skipped=build_report.skipped,
                            on_problem=on_problem))
    if options.source_format:
        for src, fmt in formats.items():
            probe(src, fmt)  # a named format that reads nothing from the file's start is refused now
    target = store if isinstance(store, Store) else open_store(store)
    try:
        wanted = _plan(sources, formats, target, options, build_report)
        _load_sources(target, wanted, options, build_report, progress, on_problem)
        refresh_derived_graphs(target, extract=options.extract, with_vocabulary=options.with_vocabulary,
                               progress=progress)
        if hasattr(target, "flush"):
            target.flush()
    except BaseException as exc:
        signal_number = _signals.received()
        if signal_number and not isinstance(exc, Interrupted):
            raise Interrupted(signal_number, _interrupted_message(signal_number)) from exc
        raise
    build_report.seconds = time.perf_counter() - started
    graph = KnowledgeGraph(target, report=build_report)
    if output is not None:
        written = time.perf_counter()
        total = len(target)
        report(progress, f"writing {Path(output).name}", 0, total, "quads")
        build_report.output = os.fspath(output)
        build_report.output_statements = graph.serialize(
            output, output_fmt, progress=lambda n: report(progress, f"writing {Path(output).name}", n, total, "quads"))
        build_report.output_seconds = time.perf_counter() - written
    return graph


def _interrupted_message(signal_number: int) -> str:
    name = signal.Signals(signal_number).name
    return f"{name}: the build stopped; the store keeps whole sources only (run kg build again to finish)"


def build_signature(options: BuildOptions) -> str:
    """What a source's graph depends on besides the file: citekg's version, the options that change
    the triples, and the ontology and vocabularies. A graph made differently is rebuilt."""
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
            raise UsageError(f"{src.name}: two sources would share one graph <{graph}> (the other is "
                             f"{seen[graph]}); rename one file or build them from their common folder")
        seen[graph] = src.name


# ---------------------------------------------------------------- what to read, drop and keep

def _plan(sources: list[Source], formats: dict[Source, SourceFormat], target: Store, options: BuildOptions,
          build_report: BuildReport) -> list[tuple[Source, SourceFormat, SourceInfo]]:
    """The sources to (re)build, with their formats; drops what the build replaces, prunes or left half-done."""
    existing = target.source_graph_stamps()
    signature = build_signature(options)
    wanted: list[tuple[Source, SourceFormat, SourceInfo]] = []
    for src in sources:
        if src not in formats:
            continue  # skipped: no parser recognises it
        sha = src.sha256()
        if existing.get(iris.source(src.key)) == (sha, signature):
            build_report.unchanged.append(src.name)
            continue
        fmt = formats[src]
        wanted.append((src, fmt, SourceInfo(key=src.key, sha256=sha, format=fmt.NAME, signature=signature)))
    given = {iris.source(src.key) for src in sources}
    stale = sorted(g for g in existing if g not in given)
    build_report.incomplete = _incomplete_graphs(target, existing)
    replaced = [info.iri for _, _, info in wanted if info.iri in existing]
    for graph in build_report.incomplete + replaced + (stale if options.prune else []):
        target.drop_graph(graph)
    build_report.removed = stale if options.prune else []
    build_report.kept = 0 if options.prune else len(stale)
    return wanted


def _incomplete_graphs(target: Store, stamped: dict[str, tuple[str, str]]) -> list[str]:
    """Graphs a killed build left behind: neither a stamped source graph nor a derived graph."""
    known = set(stamped) | set(DERIVED_GRAPHS)
    return [g for g in target.graph_names() if g not in known]


# ---------------------------------------------------------------- loading the sources

def _load_sources(target: Store, wanted: list[tuple[Source, SourceFormat, SourceInfo]], options: BuildOptions,
                  build_report: BuildReport, progress: ProgressCallback | None,
                  on_problem: Callable[[ParseError], None] | None) -> None:
    if not wanted:
        return
    pool: _WorkerPool | _DaskPool | None = None
    if options.dask:
        pool = _DaskPool(options.dask, options.jobs)
    elif options.jobs > 1:
        pool = _WorkerPool(options.jobs)
    try:
        chunks = _produce(wanted, options, build_report, progress, on_problem, pool)
        _load_in_background(target, chunks, progress)
    except BaseException:
        if pool is not None:
            pool.terminate()
            pool = None
        _drop_unfinished(target, [info.iri for _, _, info in wanted])
        raise
    finally:
        if pool is not None:
            pool.close()
    if build_report.records == 0 and not build_report.unchanged:
        names = ", ".join(r.source for r in build_report.read)
        raise ParseError(f"no record was read from {names}; check the files, or name their format with --format")


def _drop_unfinished(target: Store, graphs: list[str]) -> None:
    """Remove the graphs of sources whose load did not finish (they have no stamp yet)."""
    try:
        stamped = target.source_graph_stamps()
        present = set(target.graph_names())
        for graph in graphs:
            if graph in present and graph not in stamped:
                target.drop_graph(graph)
        if hasattr(target, "flush"):
            target.flush()
    except Exception:  # noqa: BLE001 - the first error matters; the next build cleans up what is left
        pass


def _produce(wanted: list[tuple[Source, SourceFormat, SourceInfo]], options: BuildOptions,
             build_report: BuildReport, progress: ProgressCallback | None,
             on_problem: Callable[[ParseError], None] | None, pool: _WorkerPool | _DaskPool | None) -> Iterator[bytes]:
    """N-Quads chunks for every wanted source, in order, each ending with the source's description (its stamp)."""
    total_bytes = sum(src.size() for src, _, _ in wanted)
    done_bytes = 0
    stage = "reading, extracting and loading" if options.extract else "reading and loading"
    for src, fmt, info in wanted:
        state = _SourceState()  # what the main process has described in this source's graph (jobs == 1)
        names = SharedNames()  # the names of its shared nodes, from every batch
        source_report = SourceReport(src.name)
        build_report.read.append(source_report)
        records = parse_source(src, fmt.NAME, strict=options.strict, report=source_report, on_problem=on_problem)
        work = ((batch, info.iri, options.extract) for batch in _batches(records, options.batch_size))
        results = pool.map(work) if pool else (_map_batch(args, state) for args in work)
        for mapped in results:
            build_report.records += mapped.records
            for triple in mapped.names:
                names.offer(triple)
            report(progress, stage, done_bytes + source_report.bytes_read, total_bytes, "bytes",
                   f"{build_report.records:,} records · {src.name}")
            yield mapped.quads
        done_bytes += src.size()
        yield _closing_chunk(info, source_report.records, names)
    report(progress, "finishing the load", 0, None, "", f"{build_report.records:,} records")


def _closing_chunk(info: SourceInfo, records: int, names: SharedNames) -> bytes:
    """The last N-Quads of a source's graph: the names chosen for its shared nodes, then its description
    (the stamp that marks the graph whole)."""
    info = dataclasses.replace(info, records=records)
    lines = [nquad(t, info.iri) for t in names.triples()]
    lines.extend(nquad(t, info.iri) for t in source_triples(info))
    return "".join(lines).encode("utf-8")


def _batches(records: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class MappedBatch:
    """A batch of records as N-Quads, with the names its shared nodes were given (chosen at the source's end)."""

    quads: bytes
    records: int
    names: list[tuple[str, str, str]]


@dataclass
class _SourceState:
    """What one process has described in one source's graph: triples already written, names already offered."""

    seen: Seen = field(default_factory=Seen)
    names: SharedNames = field(default_factory=SharedNames)


def _map_batch(args: tuple[list[Document], str, bool], state: _SourceState | None = None) -> MappedBatch:
    """N-Quads for a batch of records of one source (runs in a worker process when jobs > 1).

    ``state`` (default: this worker's for the source) only saves writing a
    triple twice; what the batch says does not depend on it. Extracted
    descriptions are keyed by node alone, so they are described afresh for
    each record and the store keeps one copy.
    """
    batch, source_iri, with_extraction = args
    state = state if state is not None else _worker_state(source_iri)
    lines: list[str] = []
    names: list[tuple[str, str, str]] = []

    def add(triples: Iterable[tuple[str, str, str]]) -> None:
        for triple in triples:
            if triple[1] in NAME_PREDICATES:
                if state.names.offer(triple):
                    names.append(triple)
            else:
                lines.append(nquad(triple, source_iri))

    for doc in batch:
        add(document_triples(doc, source_iri, state.seen))
        if with_extraction:
            add(extraction_triples(extract(doc), Seen()))
    return MappedBatch("".join(lines).encode("utf-8"), len(batch), names)


def _map_batch_alone(args: tuple[list[Document], str, bool]) -> MappedBatch:
    """:func:`_map_batch` with nothing remembered from other batches: a pure task, which a Dask cluster may
    run twice or on any worker."""
    return _map_batch(args, _SourceState())


_STATE_IN_WORKER: dict[str, _SourceState] = {}


def _worker_state(source_iri: str) -> _SourceState:
    """What this worker process has described in the graph of ``source_iri`` (the last source it mapped)."""
    if source_iri not in _STATE_IN_WORKER:
        _STATE_IN_WORKER.clear()  # sources come one after another; forget the previous one
        _STATE_IN_WORKER[source_iri] = _SourceState()
    return _STATE_IN_WORKER[source_iri]


class _WorkerPool:
    """Worker processes for :func:`_map_batch`, started by the calling thread and stopped with the build.

    Workers ignore Ctrl-C (the build decides when to stop them) and, on
    Linux, die with the process that started them, so that no worker
    outlives a build killed outright.
    """

    def __init__(self, jobs: int) -> None:
        self.window = 2 * jobs
        self._pool = multiprocessing.Pool(jobs, initializer=_worker_init)

    def map(self, items: Iterable[tuple]) -> Iterator[MappedBatch]:
        """``_map_batch`` over ``items`` in order, with at most ``window`` batches in flight."""
        pending: list = []
        for item in items:
            pending.append(self._pool.apply_async(_map_batch, (item,)))
            if len(pending) >= self.window:
                yield pending.pop(0).get()
        for result in pending:
            yield result.get()

    def close(self) -> None:
        """Let the workers finish and wait for them."""
        self._pool.close()
        self._pool.join()

    def terminate(self) -> None:
        """Stop the workers now."""
        self._pool.terminate()
        self._pool.join()


class _DaskPool:
    """A Dask cluster mapping batches as tasks: a ``LocalCluster`` of ``jobs`` worker processes on
    127.0.0.1 for ``"local"``, else the scheduler at ``address`` (its workers need this citekg installed).

    The local cluster's processes never see Ctrl-C (the build decides when
    to stop them) and stop with the build; a remote cluster's tasks are
    cancelled and the cluster left running.
    """

    def __init__(self, address: str, jobs: int) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise UsageError("--dask needs Dask's distributed scheduler: pip install 'citekg[dask]'") from exc
        self._cluster = None
        self._client = None
        self._pending: collections.deque = collections.deque()
        _check_dask_address(address)
        try:
            if address == "local":
                with _sigint_blocked():  # the cluster's processes inherit the block; the build sees a Ctrl-C after
                    self._cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                                 host="127.0.0.1", dashboard_address=None,
                                                 silence_logs=logging.ERROR)
                self._client = Client(self._cluster)
            else:
                try:
                    self._client = Client(address, timeout="30s")
                except (OSError, TimeoutError) as exc:
                    raise UsageError(f"--dask {address}: no Dask scheduler answers there ({exc})") from exc
            self._check_workers()
        except BaseException:
            self.terminate()
            raise
        self.window = 2 * max(1, sum(self._client.nthreads().values()))

    def _check_workers(self) -> None:
        """Every worker runs this version of citekg (else its triples would differ from a local build's)."""
        if not self._client.nthreads():
            self._client.wait_for_workers(1, timeout=60)
        try:
            versions = self._client.run(_citekg_version)
        except Exception as exc:  # noqa: BLE001 - a worker that cannot import citekg fails here, whatever the error
            raise UsageError(f"the Dask workers cannot run citekg ({type(exc).__name__}: {exc}); install citekg "
                             f"{__version__} on every worker") from exc
        wrong = {worker: version for worker, version in versions.items() if version != __version__}
        if wrong:
            raise UsageError(f"Dask workers run another citekg than {__version__}: "
                             + ", ".join(f"{w} has {v}" for w, v in sorted(wrong.items())))

    def map(self, items: Iterable[tuple]) -> Iterator[MappedBatch]:
        """:func:`_map_batch_alone` over ``items`` as tasks, in order, with at most ``window`` in flight."""
        for item in items:
            self._pending.append(self._client.submit(_map_batch_alone, item, pure=False))
            if len(self._pending) >= self.window:
                yield self._pending.popleft().result()
        while self._pending:
            yield self._pending.popleft().result()

    def close(self) -> None:
        """Disconnect (and stop the local cluster)."""
        try:
            if self._client is not None:
                self._client.close()
        finally:
            if self._cluster is not None:
                self._cluster.close()

    def terminate(self) -> None:
        """Cancel the tasks in flight, disconnect and stop the local cluster."""
        try:
            if self._pending and self._client is not None:
                self._client.cancel(list(self._pending))
            self._pending.clear()
        finally:
            self.close()


def _check_dask_address(address: str) -> None:
    """``local`` or a scheduler's address (``tcp://HOST:PORT``, ``HOST:PORT``), else a UsageError."""
    if address != "local" and ":" not in address:
        raise UsageError(f"--dask {address}: give 'local' or a scheduler's address, tcp://HOST:PORT")


def _citekg_version() -> str:
    return __version__


class _sigint_blocked:  # noqa: N801 - used as a statement
    """Block SIGINT in this thread while processes are started: they inherit the block and never see a Ctrl-C
    (the build stops them); one that came meanwhile reaches the build when the block ends."""

    def __enter__(self) -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})

    def __exit__(self, *exc: object) -> None:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _worker_init() -> None:
    # A forked worker inherits the build's handlers; it must neither raise on the pool's SIGTERM nor see Ctrl-C.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            pass


_DONE = object()


def _load_in_background(store: Store, chunks: Iterator[bytes], progress: ProgressCallback | None) -> None:
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
