"""RDF serialisation formats, found by name, file extension or media type."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg._io import atomic_write
from kg.errors import ValidationError
from kg.rdf.namespaces import PREFIXES

__all__ = ["rdf_format", "FORMAT_NAMES", "write_quads", "parse_nquads", "turtle_prefixes"]

FORMAT_NAMES = {
    "turtle": "ttl", "ttl": "ttl", "ntriples": "nt", "n-triples": "nt", "nt": "nt",
    "nquads": "nq", "n-quads": "nq", "nq": "nq", "trig": "trig", "json-ld": "jsonld", "jsonld": "jsonld",
    "rdfxml": "rdf", "rdf/xml": "rdf", "xml": "rdf", "rdf": "rdf", "owl": "rdf",
}


def rdf_format(spec: str | None = None, path: str | os.PathLike[str] | None = None):
    """The pyoxigraph ``RdfFormat`` for a name (``turtle``), extension (``.ttl``) or media type (``text/turtle``).

    With no ``spec``, the format comes from ``path``'s extension.
    """
    import pyoxigraph

    if spec is None:
        if path is None:
            raise ValidationError("give an RDF format or a file name with a known extension")
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
        raise ValidationError(f"unknown RDF format {spec!r}; use one of {names} (or .ttl .nt .nq .trig .jsonld .rdf)")
    return fmt


def parse_nquads(chunks: Iterable[bytes]) -> Iterator:
    """pyoxigraph ``Quad``s from N-Quads chunks."""
    import pyoxigraph

    for chunk in chunks:
        yield from pyoxigraph.parse(chunk, format=pyoxigraph.RdfFormat.N_QUADS)


def write_quads(quads: Iterable, path: str | os.PathLike[str], fmt=None) -> None:
    """Write pyoxigraph ``quads`` to ``path`` in ``fmt`` (default: from the extension), atomically.

    Formats without named graphs get the union of all graphs. Statements are
    sorted (subject, ``rdf:type`` first, predicate, object), so the same
    quads always give the same bytes and Turtle groups each subject.
    """
    import pyoxigraph

    fmt = fmt or rdf_format(path=path)
    if fmt.supports_datasets:
        statements = sorted(set(quads), key=lambda q: (str(q.graph_name),) + _order(q))
    else:
        unique = {(q.subject, q.predicate, q.object) for q in quads}
        statements = [pyoxigraph.Triple(*t) for t in sorted(unique, key=lambda t: _order(pyoxigraph.Triple(*t)))]

    def write(out):
        data = pyoxigraph.serialize(statements, format=fmt, prefixes=turtle_prefixes(fmt)) or b""
        out.write(_sorted_prefix_lines(data))

    atomic_write(path, write)


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _order(statement) -> tuple[str, bool, str, str]:
    return (str(statement.subject), statement.predicate.value != _RDF_TYPE, statement.predicate.value,
            str(statement.object))


def _sorted_prefix_lines(data: bytes) -> bytes:
    """The serialiser's ``@prefix`` lines in alphabetical order, so the header never varies."""
    lines = data.split(b"\n")
    count = 0
    while count < len(lines) and lines[count].startswith(b"@prefix "):
        count += 1
    return b"\n".join(sorted(lines[:count]) + lines[count:])


def turtle_prefixes(fmt) -> dict[str, str] | None:
    import pyoxigraph

    return dict(PREFIXES) if fmt in (pyoxigraph.RdfFormat.TURTLE, pyoxigraph.RdfFormat.TRIG) else None
