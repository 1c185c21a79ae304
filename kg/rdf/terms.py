"""RDF terms written directly as N-Triples text.

The mapping produces triples as three strings in N-Triples syntax, so that a
build streams them to any store's bulk loader (or a file) as N-Quads without
building term objects. These functions are the only place that escapes.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from kg.model import PartialDate
from kg.vocab.namespaces import XSD

__all__ = ["Triple", "iri", "literal", "typed", "integer", "date", "safe_iri", "nquad"]

Triple = tuple[str, str, str]

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')


def iri(value: str) -> str:
    """``<value>``; ``value`` must already be a valid absolute IRI (one citekg minted)."""
    return f"<{value}>"


def safe_iri(value: str) -> str | None:
    """``<value>`` for an IRI from a source (a link target), percent-encoding what N-Triples forbids.

    Returns ``None`` when ``value`` is not an absolute http(s), ftp or mailto IRI.
    """
    value = value.strip()
    if not re.match(r"(?i)(https?|ftp)://[^/\s]+|mailto:\S+@", value):
        return None
    return "<" + _IRI_UNSAFE.sub(lambda m: quote(m.group(0), safe=""), value) + ">"


def literal(value: str, lang: str | None = None) -> str:
    """A string literal, language-tagged when ``lang`` is given."""
    text = '"' + _CONTROL.sub("", value).translate(_ESCAPES) + '"'
    return f"{text}@{lang}" if lang else text


def typed(value: str, datatype: str) -> str:
    """A literal of the XSD (or other) ``datatype`` IRI."""
    return literal(value) + f"^^<{datatype}>"


def integer(value: int) -> str:
    """An ``xsd:integer`` literal."""
    return f'"{int(value)}"^^<{XSD.integer}>'


def date(value: PartialDate) -> str:
    """``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``, as precise as the date is known."""
    datatype = {"day": "date", "month": "gYearMonth", "year": "gYear"}[value.precision]
    return typed(value.isoformat(), XSD[datatype])


def nquad(triple: Triple, graph: str) -> str:
    """One N-Quads line (with its newline) for ``triple`` in the named graph ``graph`` (an IRI)."""
    s, p, o = triple
    return f"{s} {p} {o} <{graph}> .\n"
