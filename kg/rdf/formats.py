"""RDF serialisation formats, found by name, file extension or media type, and written in bounded memory.

A graph file is written in a fixed order, so that the same graph always
gives the same bytes: by graph (for N-Quads and TriG), then subject, then
``rdf:type`` first, then predicate and object, each compared as its
N-Triples text. The order is reached by an external merge sort: statements
are sorted in runs of a few million characters, spilled to temporary files
beside the output, and merged while the serialiser writes, so that memory
stays flat however large the graph (a 21-million-quad store is written in
the memory of a few runs).
"""

from __future__ import annotations

import heapq
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg._io import GENERATOR_COMMENT, atomic_write
from kg.errors import UsageError
from kg.vocab.namespaces import PREFIXES

__all__ = ["rdf_format", "FORMAT_NAMES", "write_quads", "parse_nquads", "turtle_prefixes", "RUN_CHARACTERS"]

FORMAT_NAMES = {
    "turtle": "ttl", "ttl": "ttl", "ntriples": "nt", "n-triples": "nt", "nt": "nt",
    "nquads": "nq", "n-quads": "nq", "nq": "nq", "trig": "trig", "json-ld": "jsonld", "jsonld": "jsonld",
    "rdfxml": "rdf", "rdf/xml": "rdf", "xml": "rdf", "rdf": "rdf", "owl": "rdf",
}

#: Characters of sort keys held in memory before a run is spilled to a temporary file.
RUN_CHARACTERS = 48 << 20

_SEP = "\x01"  # below every character N-Triples text holds, so joined keys sort as their tuples do
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def rdf_format(spec: str | None = None, path: str | os.PathLike[str] | None = None):
    """The pyoxigraph ``RdfFormat`` for a name (``turtle``), extension (``.ttl``) or media type (``text/turtle``).

    With no ``spec``, the format comes from ``path``'s extension. An unknown
    format is a :class:`~kg.errors.UsageError`.
    """
    import pyoxigraph

    if spec is None:
        if path is None:
            raise UsageError("give an RDF format or a file name with a known extension")
        spec = Path(path).suffix
        if Path(path).name.endswith(".json-ld"):
            spec = "jsonld"
    key = spec.strip().lower().lstrip(".")
    if "/" in key and key not in FORMAT_NAMES:
        fmt = pyoxigraph.RdfFormat.from_media_type(key)
    else:
        fmt = pyoxigraph.RdfFormat.from_extension(FORMAT_NAMES.get(key, key))
    if fmt is None or fmt == pyoxigraph.RdfFormat.N3:
        names = ", ".join(sorted({"turtle", "ntriples", "nquads", "trig", "json-ld", "rdfxml"}))
        where = f" (from the file name {os.fspath(path)!r})" if path is not None and spec == Path(path).suffix else ""
        raise UsageError(f"unknown RDF format {spec!r}{where}; use one of {names} (or .ttl .nt .nq .trig .jsonld .rdf)")
    return fmt


def parse_nquads(chunks: Iterable[bytes]) -> Iterator:
    """pyoxigraph ``Quad``s from N-Quads chunks."""
    import pyoxigraph

    for chunk in chunks:
        yield from pyoxigraph.parse(chunk, format=pyoxigraph.RdfFormat.N_QUADS)


def write_quads(quads: Iterable, path: str | os.PathLike[str], fmt=None, *,
                progress: Callable[[int], None] | None = None) -> int:
    """Write pyoxigraph ``quads`` to ``path`` in ``fmt`` (default: from the extension), atomically, in the
    fixed order the module describes and in bounded memory; return the statements written.

    Formats without named graphs get the union of all graphs (a triple in
    two graphs is written once). ``progress`` receives the count of
    statements read so far, now and then.
    """
    import pyoxigraph

    fmt = fmt or rdf_format(path=path)
    target = Path(path)
    with tempfile.TemporaryDirectory(prefix=f".{target.name}.", dir=_temp_parent(target)) as spill:
        runs, read = _sorted_runs(quads, Path(spill), with_graph=fmt.supports_datasets, progress=progress)
        written = 0

        def statements() -> Iterator:
            nonlocal written
            previous = None
            for key in heapq.merge(*runs):
                if key == previous:  # the same triple from two graphs, in a triple format
                    continue
                previous = key
                written += 1
                yield _line(key, fmt.supports_datasets)

        def write(out) -> None:
            if fmt in (pyoxigraph.RdfFormat.TURTLE, pyoxigraph.RdfFormat.TRIG, pyoxigraph.RdfFormat.N_TRIPLES,
                       pyoxigraph.RdfFormat.N_QUADS):
                out.write(GENERATOR_COMMENT)
            parsed = pyoxigraph.parse(_LineReader(statements()),
                                      format=pyoxigraph.RdfFormat.N_QUADS if fmt.supports_datasets
                                      else pyoxigraph.RdfFormat.N_TRIPLES)
            prefixes = turtle_prefixes(fmt)
            if prefixes:
                sink = _SortedPrefixes(out)
                pyoxigraph.serialize(parsed, sink, format=fmt, prefixes=prefixes)
                sink.close()
            else:
                pyoxigraph.serialize(parsed, out, format=fmt)

        atomic_write(target, write)
        for run in runs:
            close = getattr(run, "close", None)
            if close:
                close()
    return written


def _temp_parent(target: Path) -> Path:
    parent = target.parent if str(target.parent) else Path(".")
    parent.mkdir(parents=True, exist_ok=True)
    return parent


def _sorted_runs(quads: Iterable, spill: Path, *, with_graph: bool,
                 progress: Callable[[int], None] | None) -> tuple[list[Iterator[str]], int]:
    """The statements' sort keys in sorted runs: in memory for the last, in spill files for the rest."""
    from pyoxigraph import DefaultGraph

    runs: list[Iterator[str]] = []
    keys: list[str] = []
    size = read = 0
    for quad in quads:
        subject, predicate, graph = str(quad.subject), quad.predicate.value, quad.graph_name
        key = _SEP.join((str(graph) if with_graph and not isinstance(graph, DefaultGraph) else "", subject,
                         "1" if predicate != _RDF_TYPE else "0", f"<{predicate}>", str(quad.object)))
        keys.append(key)
        size += len(key)
        read += 1
        if progress is not None and read % 100_000 == 0:
            progress(read)
        if size >= RUN_CHARACTERS:
            runs.append(_spill(sorted(keys), spill / f"run-{len(runs)}"))
            keys, size = [], 0
    keys.sort()
    runs.append(iter(keys))
    if progress is not None:
        progress(read)
    return runs, read


def _spill(keys: list[str], path: Path) -> Iterator[str]:
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for key in keys:
            out.write(key)
            out.write("\n")
    return _read_run(path)


def _read_run(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8", newline="\n") as run:
        for line in run:
            yield line[:-1]


def _line(key: str, with_graph: bool) -> bytes:
    graph, subject, _, predicate, obj = key.split(_SEP)
    return f"{subject} {predicate} {obj} {graph} .\n".encode() if with_graph and graph else \
        f"{subject} {predicate} {obj} .\n".encode()


class _LineReader:
    """A binary file over an iterator of lines, for pyoxigraph's streaming parser."""

    def __init__(self, lines: Iterator[bytes]) -> None:
        self._lines = lines
        self._rest = b""

    def read(self, size: int = -1) -> bytes:
        parts = [self._rest]
        have = len(self._rest)
        while size < 0 or have < size:
            line = next(self._lines, None)
            if line is None:
                break
            parts.append(line)
            have += len(line)
        data = b"".join(parts)
        if size < 0 or len(data) <= size:
            self._rest = b""
            return data
        self._rest = data[size:]
        return data[:size]


class _SortedPrefixes:
    """A writer that puts the serialiser's leading ``@prefix`` lines in alphabetical order (the serialiser
    keeps no fixed order), then passes everything else through as it comes."""

    def __init__(self, out) -> None:
        self._out = out
        self._head: bytes | None = b""  # None once the prefix block has been written

    def write(self, data: bytes) -> int:
        if self._head is None:
            self._out.write(data)
            return len(data)
        self._head += data
        lines = self._head.split(b"\n")
        count = 0
        while count < len(lines) - 1 and lines[count].startswith(b"@prefix "):
            count += 1
        if count < len(lines) - 1 or not lines[-1].startswith(b"@prefix "[:len(lines[-1])]):
            self._flush(lines, count)
        return len(data)

    def _flush(self, lines: list[bytes], count: int) -> None:
        self._out.write(b"\n".join(sorted(lines[:count]) + lines[count:]))
        self._head = None

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if self._head is not None:
            lines = self._head.split(b"\n")
            count = 0
            while count < len(lines) and lines[count].startswith(b"@prefix "):
                count += 1
            self._flush(lines, count)


def turtle_prefixes(fmt) -> dict[str, str] | None:
    """The prefixes written into Turtle and TriG (None for other formats)."""
    import pyoxigraph

    return dict(PREFIXES) if fmt in (pyoxigraph.RdfFormat.TURTLE, pyoxigraph.RdfFormat.TRIG) else None
