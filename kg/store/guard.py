"""What a query may be before any SPARQL parser sees it, and what a read-only endpoint lets it do.

Two checks, used by every store (:meth:`kg.store.Store.query`) and by ``kg serve``:

:func:`check_shape`
    The query's length and bracket nesting, found by one linear scan of the
    text. Oxigraph's parser and evaluator recurse once per nesting level and
    overflow the stack (a crash, not an error) somewhere past 2,000 levels;
    the scan refuses anything deeper than :data:`MAX_DEPTH` first. It reads
    the text as SPARQL's lexer does (strings, long strings, IRIs, comments,
    the backslash escapes of prefixed names) and refuses the one spelling
    whose reading depends on the parser rather than the lexer: ``<`` right
    after a value inside parentheses, followed by IRI characters that include
    ``#``, a quote or a bracket up to a ``>``. Oxigraph reads ``?a<?b#>`` as
    "?a less than ?b" and a comment; a lexer reads an IRI. Every other
    character is classified the same way as the parser does, so brackets
    inside strings or comments never count and brackets the parser sees
    always do. Regular expressions here are single character classes or
    alternations that cannot backtrack: the scan is linear in the length.

:func:`check_read_only`
    Decides from the **parsed** query (rdflib's SPARQL parser) that the text
    is one SELECT, ASK, CONSTRUCT or DESCRIBE query with no ``SERVICE``
    anywhere, and, independently, that the scan found no ``SERVICE``
    keyword. Updates (``LOAD``, ``INSERT``, ``DROP``…) are not queries and
    are refused as such. Run it after :func:`check_shape`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from kg.errors import QueryError

__all__ = ["MAX_DEPTH", "MAX_QUERY_LENGTH", "QueryShape", "ReadOnlyError", "check_shape", "check_read_only"]

#: Bracket nesting (``{``, ``(``, ``[``) a query may have. Real questions stay under 20; Oxigraph crashes
#: somewhere past 2,000 and rdflib's parser needs a deep Python stack well before that.
MAX_DEPTH = 128
#: Characters a query may have when handed to a store (an endpoint sets its own, smaller, limit).
MAX_QUERY_LENGTH = 2_000_000

_UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})

# One token of SPARQL at a time. Each alternative starts with a different character class and each loop
# has exclusive branches, so no input makes the engine backtrack.
_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<long>'''(?:[^'\\]|\\[\s\S]|'(?!''))*(?:'''|\Z)|\"\"\"(?:[^"\\]|\\[\s\S]|"(?!""))*(?:\"\"\"|\Z))
  | (?P<string>'(?:[^'\\\n\r]|\\[^\n\r])*'?|"(?:[^"\\\n\r]|\\[^\n\r])*"?)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][^\s\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]*)
  | (?P<word>(?:[^\s\x00-\x24\x26-\x2c\x2f\x3b-\x40\x5b-\x5e\x60\x7b-\x7f]|\\[\s\S])+)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>[\s\S])
""", re.X)

_OPEN_FOR = {"}": "{", ")": "(", "]": "["}
# after these, '<' cannot be the less-than operator (there is no value before it)
_NOT_A_VALUE = set("(,=!&|+*/^<>-;.{[")
_AMBIGUOUS_IN_IRI = re.compile(r"[#'()\[\]]")
_SERVICE = re.compile(r"SERVICE(?![^\W_]|_)", re.I)


class ReadOnlyError(PermissionError):
    """The query would do something a read-only endpoint refuses: an update, or a ``SERVICE`` call out."""


@dataclass(frozen=True)
class QueryShape:
    """What the scan of a query found: its length, deepest bracket nesting and the update or ``SERVICE``
    keywords written outside strings, IRIs and comments (upper case)."""

    length: int
    depth: int
    keywords: frozenset[str]


def _where(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def check_shape(sparql: str, *, max_length: int = MAX_QUERY_LENGTH, max_depth: int = MAX_DEPTH) -> QueryShape:
    """Scan ``sparql`` once (linear time, before any parser) and return its :class:`QueryShape`; raise
    :class:`~kg.errors.QueryError` with the line and column when it is longer than ``max_length``
    characters, nests brackets deeper than ``max_depth``, or has a ``<`` that parsers read two ways."""
    if len(sparql) > max_length:
        raise QueryError(f"the query is {len(sparql):,} characters long; at most {max_length:,} are accepted")
    stack: list[str] = []  # '{', '(', '[', plus '{values' (a VALUES data block) and '(row' (a row in one)
    deepest = 0
    keywords: set[str] = set()
    previous = "("  # the last significant character, or "(" for none
    values_pending = False  # after the keyword VALUES, until its data block opens
    position, end = 0, len(sparql)
    match = _TOKEN.match
    while position < end:
        token = match(sparql, position)
        kind, text = token.lastgroup, token.group()
        if kind in ("space", "comment"):
            position = token.end()
            continue
        if values_pending and kind != "var" and text not in ("(", ")", "{"):
            values_pending = False
        if kind == "iri" and stack and stack[-1] == "(" and previous not in _NOT_A_VALUE \
                and _AMBIGUOUS_IN_IRI.search(text):
            line, column = _where(sparql, position)
            raise QueryError(f"{text[:40]!s} after a value reads as less-than or as an IRI, depending on the "
                             "parser; put a space after '<' for less-than, or write the IRI with a prefix",
                             line=line, column=column)
        if kind == "open":
            if text == "{":
                label = "{values" if values_pending else "{"
                values_pending = False
            elif text == "(":
                label = "(row" if stack and stack[-1] in ("{values", "(row") else "("
            else:
                label = "["
            stack.append(label)
            if len(stack) > deepest:
                deepest = len(stack)
                if deepest > max_depth:
                    line, column = _where(sparql, position)
                    raise QueryError(f"brackets nest more than {max_depth} deep", line=line, column=column)
        elif kind == "close":
            if stack and stack[-1][0] == _OPEN_FOR[text]:
                stack.pop()
            # an unbalanced closer is a syntax error for the parser; the depth stays an upper bound
        elif kind == "word":
            upper = text.upper()
            if upper == "VALUES":
                values_pending = True
            elif upper in _UPDATE_WORDS:
                keywords.add(upper)
            if _SERVICE.match(text):
                keywords.add("SERVICE")
        if kind in ("open", "close", "other") or (kind == "word" and not text.strip("-.")):
            previous = text[-1]
        else:
            previous = "a"  # the end of a value: a variable, a name, a number, a string or an IRI
        position = token.end()
    return QueryShape(len(sparql), deepest, frozenset(keywords))


def check_read_only(sparql: str, shape: QueryShape | None = None, prefixes: dict[str, str] | None = None) -> str:
    """Refuse ``sparql`` unless it parses as one SELECT, ASK, CONSTRUCT or DESCRIBE query without
    ``SERVICE``; return its form (``select``, ``ask``, ``construct``, ``describe``).

    Raises :class:`ReadOnlyError` for an update or a ``SERVICE`` call, :class:`~kg.errors.QueryError` when
    rdflib's parser cannot read the text. ``shape`` is the query's :func:`check_shape` result (found
    here if not given: call it first so that no parser sees a text too deep); ``prefixes`` are
    predeclared. The parser needs a deep Python stack for deep queries: run this in a thread with a
    large stack (:func:`threading.stack_size`) when queries may nest near :data:`MAX_DEPTH`.
    """
    shape = shape or check_shape(sparql)
    if "SERVICE" in shape.keywords:
        raise ReadOnlyError("SERVICE is refused: this endpoint makes no calls to other addresses")
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 40_000))  # pyparsing recurses a few hundred frames per nesting level
    try:
        try:
            tree = parseQuery(sparql)
        except RecursionError:
            raise QueryError("the query is nested too deeply for the read-only check to read it") from None
        except ParseException as exc:
            try:
                parseUpdate(sparql)
            except ParseException:
                raise QueryError(f"the query cannot be read: {exc.msg}", line=exc.lineno, column=exc.col) from None
            raise ReadOnlyError("this endpoint is read-only: SPARQL Update is refused") from None
    finally:
        sys.setrecursionlimit(limit)
    form = tree[1].name if len(tree) > 1 else ""
    forms = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}
    if form not in forms:
        raise ReadOnlyError(f"only SELECT, ASK, CONSTRUCT and DESCRIBE queries are answered, not {form or 'this'}")
    if _has_service(tree):
        raise ReadOnlyError("SERVICE is refused: this endpoint makes no calls to other addresses")
    return forms[form]


def _has_service(tree) -> bool:
    """Whether rdflib's parse tree holds a ServiceGraphPattern anywhere (walked without recursion)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            pending.extend(node.values())
        elif isinstance(node, (list, tuple)):
            pending.extend(node)
        elif hasattr(node, "asList") and not isinstance(node, str):  # pyparsing ParseResults
            pending.extend(node)
    return False
