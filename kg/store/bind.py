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
import re
from collections.abc import Mapping

from kg.errors import QueryError
from kg.store.results import Term

__all__ = ["bind_values", "sparql_term"]

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def sparql_term(term: Term) -> str:
    """``term`` in SPARQL syntax, checked so that it is exactly one term."""
    if term.kind == "bnode":
        raise QueryError("a blank node cannot be bound to a query variable")
    iri = term.value if term.kind == "uri" else None if term.language else term.datatype
    if iri is not None and (_IRI_FORBIDDEN.search(iri) or not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri)):
        raise QueryError(f"not a valid IRI: {iri!r}")
    if term.language and not re.fullmatch(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*", term.language):
        raise QueryError(f"not a language tag: {term.language!r}")
    return term.n3()  # its literals are JSON strings, whose escapes are SPARQL's: \" \\ \n \uXXXX


def bind_values(sparql: str, bindings: Mapping[str, Term | list[Term]]) -> str:
    """``sparql`` with a ``VALUES`` block binding each variable to its term (or to each of a list).

    As substitution would, the block opens each WHERE group — the query's
    and every sub-select's — whose own patterns use the variable (a
    sub-select is evaluated on its own, so a value bound only outside it
    would not reach in, and a value bound outside a sub-select that alone
    uses it would only slow the join). A variable no pattern uses is bound
    in the outermost group.
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"not a variable name: {name!r}")
    groups = _where_groups(sparql)
    if not groups:
        raise QueryError("the query has no WHERE group to bind parameters in")
    own = [(start, _own_variables(sparql, start, end, groups)) for start, end in groups]
    wanted: dict[int, list[str]] = {}
    for name in sorted(bindings):
        users = [start for start, variables in own if name in variables]
        for start in users or [groups[0][0]]:
            wanted.setdefault(start, []).append(name)
    for position, names in sorted(wanted.items(), reverse=True):
        sparql = sparql[:position] + _values_block(bindings, names) + sparql[position:]
    return sparql


def _own_variables(sparql: str, start: int, end: int, groups: list[tuple[int, int]]) -> set[str]:
    """The variables written in the group ``start``–``end`` outside the groups of sub-selects inside it."""
    inner = sorted((s, e) for s, e in groups if start < s and e <= end)
    used: set[str] = set()
    position = start
    for s, e in inner:
        if s < position:
            continue  # nested deeper inside a sub-select already skipped
        used.update(_VARIABLE_USE.findall(sparql, position, s))
        position = e
    used.update(_VARIABLE_USE.findall(sparql, position, end))
    return used


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
