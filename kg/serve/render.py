"""Media types of the endpoint: choosing one from a request, and writing an answer in it, cut at the limits.

:func:`negotiate` runs in the server (from ``Accept`` or ``?format=``);
:func:`render_rows` and :func:`render_graph` run in a worker, reading the
engine's answer lazily and stopping at the row or byte limit, so no more
than the limit is ever held in memory. XML output never carries the
control characters XML 1.0 forbids (they become U+FFFD).
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Any

from kg.query.formats import write_result
from kg.store.oxigraph import to_term
from kg.store.results import QueryResult, Term

__all__ = ["RESULT_TYPES", "GRAPH_TYPES", "negotiate", "render_rows", "render_graph", "xml_safe"]

RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {"text/turtle": "ttl", "application/n-triples": "nt", "application/ld+json": "jsonld",
               "application/rdf+xml": "rdf"}
_FORMAT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle", "turtle": "text/turtle",
                 "n3": "text/turtle", "nt": "application/n-triples", "ntriples": "application/n-triples",
                 "n-triples": "application/n-triples", "jsonld": "application/ld+json",
                 "json-ld": "application/ld+json", "rdf": "application/rdf+xml", "rdf+xml": "application/rdf+xml"}
_DEFAULTS = ("application/sparql-results+json", "text/turtle")
_WILDCARDS = ("*/*", "application/*", "text/*")
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _accepted(accept: str) -> list[str]:
    """Media ranges of an ``Accept`` header, best first; a range with ``q=0`` is left out and a ``q``
    that is not a number counts as 1 (the header is the client's wish, not a command to refuse on)."""
    ranked = []
    for index, part in enumerate(accept.split(",")[:64]):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 1.0
        if media and quality > 0:
            ranked.append((-quality, index, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def negotiate(accept: str | None, chosen: str | None) -> tuple[str | None, str | None]:
    """The media type for a SELECT or ASK answer and the one for a CONSTRUCT or DESCRIBE answer,
    from ``?format=`` (``chosen``, as SPARQLWrapper sends it) or else the ``Accept`` header; None where
    nothing acceptable is offered. A graph asked for as ``json`` comes as JSON-LD."""
    picks: list[str | None] = [None, None]
    if chosen:
        media = _FORMAT_NAMES.get(chosen.lower(), chosen.lower())
        if media in RESULT_TYPES:
            picks[0] = media
        if media in GRAPH_TYPES:
            picks[1] = media
        if media == "application/sparql-results+json":
            picks[1] = "application/ld+json"
    for media in _accepted(accept or "*/*"):
        for slot, table in enumerate((RESULT_TYPES, GRAPH_TYPES)):
            if picks[slot] is None and (media in table or media in _WILDCARDS):
                picks[slot] = media if media in table else _DEFAULTS[slot]
    return picks[0], picks[1]


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot carry (most C0 controls) replaced by U+FFFD."""
    return _XML_FORBIDDEN.sub("\ufffd", text)


def _safe_term(term: Term | None) -> Term | None:
    if term is None or not _XML_FORBIDDEN.search(term.value):
        return term
    return Term(term.kind, xml_safe(term.value), term.datatype, term.language)


def render_rows(answer: Any, media: str, max_rows: int, max_bytes: int) -> tuple[bytes, bool]:
    """A SELECT or ASK answer (pyoxigraph's) written as ``media``, and whether rows were cut: at most
    ``max_rows`` rows, and none past the one that takes the values over about ``max_bytes``."""
    import pyoxigraph

    fmt = RESULT_TYPES[media]
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return write_result(QueryResult("ask", boolean=bool(answer)), fmt).encode("utf-8"), False
    variables = [v.value for v in answer.variables]
    rows: list[tuple[Term | None, ...]] = []
    size, truncated = 0, False
    for solution in answer:
        if len(rows) >= max_rows or size > max_bytes:
            truncated = True
            break
        row = tuple(map(to_term, solution))
        size += sum(len(t.value) + len(t.datatype or "") + 16 for t in row if t is not None)
        rows.append(row)
    if fmt == "xml":
        rows = [tuple(map(_safe_term, row)) for row in rows]
    return write_result(QueryResult("select", variables, rows), fmt).encode("utf-8"), truncated


def render_graph(answer: Any, media: str, max_rows: int, max_bytes: int,
                 prefixes: dict[str, str]) -> tuple[bytes, bool]:
    """A CONSTRUCT or DESCRIBE answer (pyoxigraph's triples) written as ``media``, and whether triples
    were cut at ``max_rows`` or about ``max_bytes``."""
    import pyoxigraph

    triples, size, truncated = [], 0, False
    for triple in islice(answer, max_rows + 1):
        if len(triples) >= max_rows or size > max_bytes:
            truncated = True
            break
        size += len(str(triple))
        triples.append(triple)
    fmt = GRAPH_TYPES[media]
    if fmt == "rdf":
        triples = [_xml_safe_triple(t, pyoxigraph) for t in triples]
    rdf_format = pyoxigraph.RdfFormat.from_extension(fmt)
    options = {"prefixes": prefixes} if fmt == "ttl" else {}
    return pyoxigraph.serialize(triples, format=rdf_format, **options) or b"", truncated


def _xml_safe_triple(triple: Any, pyoxigraph: Any) -> Any:
    literal = triple.object
    if not isinstance(literal, pyoxigraph.Literal) or not _XML_FORBIDDEN.search(literal.value):
        return triple
    if literal.language:
        clean = pyoxigraph.Literal(xml_safe(literal.value), language=literal.language)
    else:
        clean = pyoxigraph.Literal(xml_safe(literal.value), datatype=literal.datatype)
    return pyoxigraph.Triple(triple.subject, triple.predicate, clean)
