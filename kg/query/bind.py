"""Binding values to a query's variables, safely.

A value is written as an RDF term in SPARQL syntax — an IRI checked for
characters that could end it, a literal with every quote and backslash
escaped — inside a ``VALUES`` block opened at the start of the query's
outermost ``WHERE`` group and of each sub-select using the variable.
Whatever the value, it stays one term: it
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
    """``sparql`` with a ``VALUES`` block binding each variable to its term (or to each of a list).

    The block opens the outermost WHERE group and, as substitution would,
    the group of every sub-select that uses the variable: a sub-select is
    evaluated on its own, so a value bound only outside it would not reach in.
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"not a variable name: {name!r}")
    groups = _where_groups(sparql)
    if not groups:
        raise QueryError("the query has no WHERE group to bind parameters in")
    outer, subselects = groups[0], groups[1:]
    insertions = [(outer[0], _values_block(bindings, sorted(bindings)))]
    for start, end in subselects:
        used = set(_VARIABLE_USE.findall(sparql, start, end))
        names = sorted(n for n in bindings if n in used)
        if names:
            insertions.append((start, _values_block(bindings, names)))
    for position, block in sorted(insertions, reverse=True):
        sparql = sparql[:position] + block + sparql[position:]
    return sparql


def _values_block(bindings: Mapping[str, Term | list[Term]], names: list[str]) -> str:
    choices = [bindings[n] if isinstance(bindings[n], list) else [bindings[n]] for n in names]
    rows = [" (" + " ".join(sparql_term(t) for t in combination) + ")" for combination in itertools.product(*choices)]
    return " VALUES (" + " ".join(f"?{n}" for n in names) + ") {" + "".join(rows) + " } "


_VARIABLE_USE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")
_IRI_REF = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_WORD = re.compile(r"[?$A-Za-z_:][\w.:-]*")  # keywords, variables, prefixed names


def _where_groups(sparql: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the inside of each WHERE group: the query's first, then each sub-select's.

    Strings, IRIs and comments are skipped; a CONSTRUCT template is not a
    WHERE group; variables and prefixed names are not keywords.
    """
    groups: list[list[int]] = []
    open_groups: list[int | None] = []  # per open brace: index into groups, or None
    awaiting = False  # a query form was read; its WHERE group is the next group opened
    skip_template = False
    i, length = 0, len(sparql)
    while i < length:
        c = sparql[i]
        if c == "#":
            end = sparql.find("\n", i)
            i = length if end == -1 else end + 1
        elif c == "<" and (iri := _IRI_REF.match(sparql, i)):
            i = iri.end()
        elif c in "\"'":
            quote = sparql[i:i + 3] if sparql[i:i + 3] in ('"""', "'''") else c
            i += len(quote)
            while i < length and not sparql.startswith(quote, i):
                i += 2 if sparql[i] == "\\" else 1
            i += len(quote)
        elif c == "{":
            if awaiting and not skip_template:
                groups.append([i + 1, length])
                open_groups.append(len(groups) - 1)
                awaiting = False
            else:
                open_groups.append(None)
            skip_template = False
            i += 1
        elif c == "}":
            if open_groups and (index := open_groups.pop()) is not None:
                groups[index][1] = i
            i += 1
        elif word := _WORD.match(sparql, i):
            keyword = word.group().upper()
            if keyword in ("SELECT", "ASK", "DESCRIBE") and (open_groups or not groups):
                awaiting = True
            elif keyword == "CONSTRUCT" and not groups:
                awaiting = skip_template = True
            elif keyword == "WHERE":
                skip_template = False
            i = word.end()
        else:
            i += 1
    return [(start, end) for start, end in groups]
