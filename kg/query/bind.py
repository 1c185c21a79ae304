"""Binding values to a query's variables, safely.

A value is written as an RDF term in SPARQL syntax — an IRI checked for
characters that could end it, a literal with every quote and backslash
escaped — inside a ``VALUES`` block opened at the start of the query's
outermost ``WHERE`` group. Whatever the value, it stays one term: it
cannot close the block, add a pattern or turn a query into an update (the
tests try). This works on every store and every SPARQL 1.1 endpoint, as
Jena's ParameterizedSparqlString does, and unlike SEP-0007 substitution it
also binds variables the query does not project.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping

from kg.errors import QueryError
from kg.query.results import Term

__all__ = ["bind_values", "sparql_term"]

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def sparql_term(term: Term) -> str:
    """``term`` in SPARQL syntax, escaped so that it is exactly one term."""
    if term.kind == "uri":
        if _IRI_FORBIDDEN.search(term.value) or not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", term.value):
            raise QueryError(f"not a valid IRI: {term.value!r}")
        return f"<{term.value}>"
    if term.kind == "bnode":
        raise QueryError("a blank node cannot be bound to a query variable")
    text = json.dumps(term.value, ensure_ascii=False)  # JSON's escapes are SPARQL's: \" \\ \n \uXXXX
    if term.language:
        if not re.fullmatch(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*", term.language):
            raise QueryError(f"not a language tag: {term.language!r}")
        return f"{text}@{term.language}"
    if term.datatype and term.datatype != "http://www.w3.org/2001/XMLSchema#string":
        return f"{text}^^{sparql_term(Term('uri', term.datatype))}"
    return text


def bind_values(sparql: str, bindings: Mapping[str, Term | list[Term]]) -> str:
    """``sparql`` with a ``VALUES`` block binding each variable to its term (or to each of a list)."""
    if not bindings:
        return sparql
    for name in bindings:
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"not a variable name: {name!r}")
    names = sorted(bindings)
    choices = [bindings[n] if isinstance(bindings[n], list) else [bindings[n]] for n in names]
    rows = [" (" + " ".join(sparql_term(t) for t in combination) + ")" for combination in itertools.product(*choices)]
    block = " VALUES (" + " ".join(f"?{n}" for n in names) + ") {" + "".join(rows) + " } "
    position = _outer_where(sparql)
    return sparql[:position] + block + sparql[position:]


def _outer_where(sparql: str) -> int:
    """The offset just after the ``{`` that opens the query's WHERE group (strings, IRIs and comments skipped)."""
    i, length = 0, len(sparql)
    while i < length:
        c = sparql[i]
        if c == "#":
            end = sparql.find("\n", i)
            i = length if end == -1 else end + 1
            continue
        if c == "<" and re.match(r"<[^<>\"{}|^`\\\s]*>", sparql[i:]):
            i += re.match(r"<[^<>\"{}|^`\\\s]*>", sparql[i:]).end()
            continue
        if c in "\"'":
            long_quote = sparql[i:i + 3] in ('"""', "'''")
            quote = sparql[i:i + 3] if long_quote else c
            i += len(quote)
            while i < length and not sparql.startswith(quote, i):
                i += 2 if sparql[i] == "\\" else 1
            i += len(quote)
            continue
        if c == "{":
            return i + 1
        i += 1
    raise QueryError("the query has no WHERE group to bind parameters in")
