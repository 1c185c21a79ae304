"""Asking the graph: SPARQL in, tables out, and a pack of ready questions.

>>> import kg
>>> from kg.query import pack, run
>>> pack()["papers-using-method"].description
'Documents whose own study used a method, with their year and title.'
>>> graph = kg.build(["examples/sources/export-revalidation.nbib"], store=":memory:")
>>> len(run(graph, "papers-using-method", {"method": "semi-structured interviews"}))
3

A question of the pack is a ``.rq`` file in ``kg/query/pack/`` whose header
comments name it, say what it answers and declare its parameters::

    # Papers that used a study method and mention a body.
    # param method: a study method, by name or IRI (e.g. "thematic analysis")
    # param body: a body, by name, acronym or IRI (e.g. CCG)
    # example: method=semi-structured interviews body=CCG

Parameter values are bound to the query's variables as RDF terms (an IRI
when written ``<…>``, a number when the parameter says ``(integer)``, else
a string), never pasted into the query text. The one exception is a row
limit, which SPARQL cannot bind: a ``(limit)`` parameter sets the number of
the query's ``LIMIT`` clauses written with its default (so the file stays
valid SPARQL), checked to be a whole number; 0 removes them::

    # param limit (limit)=25: how many headings (0: all)
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.errors import QueryError, UsageError
from kg.extract.matcher import default_matcher
from kg.query.formats import RESULT_FORMATS, write_result
from kg.store.results import QueryResult, Term
from kg.vocab.namespaces import XSD
from kg.vocab.types import ENTITY_CLASSES

__all__ = ["Question", "Parameter", "pack", "resolve", "run", "parse_param", "describe", "resolve_entity", "QueryResult", "Term",
           "write_result", "RESULT_FORMATS"]



@dataclass(frozen=True)
class Parameter:
    """A question's parameter: its variable name, type and what to give."""

    name: str
    kind: str  # "entity", "iri", "string", "integer", "limit" or an entity kind ("body", "method"…)
    help: str
    default: str | None = None


@dataclass(frozen=True)
class Question:
    """A named SPARQL question of the pack."""

    name: str
    description: str
    sparql: str
    parameters: tuple[Parameter, ...] = ()
    example: str = ""

    def bindings(self, given: Mapping[str, str], graph=None) -> dict[str, Term | list[Term]]:
        """The given ``name=value`` strings as RDF terms, checked against the declared parameters.

        An entity parameter ("CCG", "semi-structured interviews", an IRI) becomes the IRIs of the
        entities of that name in ``graph`` (see :func:`resolve_entity`), so the query joins on
        them through the store's indexes.
        """
        known = {p.name: p for p in self.parameters}
        bound: dict[str, Term | list[Term]] = {}
        for name, value in self._values(given).items():
            kind = known[name].kind
            if kind == "limit":
                continue
            if kind in ENTITY_KINDS and graph is not None:
                bound[name] = resolve_entity(graph, value, kind)
            else:
                bound[name] = parse_param(value, "string" if kind in ENTITY_KINDS else kind)
        return bound

    @property
    def example_params(self) -> dict[str, str]:
        """The parameters of the question's example, by name."""
        return dict(pair.split("=", 1) for pair in _EXAMPLE_PAIR.findall(self.example))

    def limit(self, given: Mapping[str, str]) -> int | None:
        """The row limit the given parameters ask for (0: none), or None if the question has no limit parameter."""
        values = self._values(given)
        for p in self.parameters:
            if p.kind == "limit":
                value = values[p.name].strip()
                if not _WHOLE_NUMBER.fullmatch(value):
                    raise QueryError(f"{self.name}: --param {p.name} takes a whole number of rows (0: all), "
                                     f"not {value!r}")
                return int(value)
        return None

    def text(self, limit: int | None = None) -> str:
        """The SPARQL with its row limit set to ``limit`` (removed for 0; as written for None)."""
        if limit is None:
            return self.sparql
        text = self.sparql
        for start, end in reversed(_limit_clauses(self)):
            text = text[:start] + (f"LIMIT {limit}" if limit else "") + text[end:]
        return text

    def _values(self, given: Mapping[str, str]) -> dict[str, str]:
        """The given values and the defaults of the rest; unknown and missing parameters are errors."""
        known = {p.name: p for p in self.parameters}
        unknown = set(given) - set(known)
        if unknown:
            raise QueryError(f"{self.name}: unknown parameter(s) {', '.join(sorted(unknown))}; "
                             f"it takes {', '.join(known) or 'none'}")
        values = {**{p.name: p.default for p in self.parameters if p.default is not None}, **given}
        missing = [p for p in self.parameters if p.name not in values]
        if missing:
            raise QueryError(f"{self.name}: give --param " + ", ".join(f"{p.name}=… ({p.help})" for p in missing))
        return {name: str(value) for name, value in values.items()}


_LIMIT = re.compile(r"\bLIMIT\s+(\d+)", re.I)
_WHOLE_NUMBER = re.compile(r"[0-9]+")
_EXAMPLE_PAIR = re.compile(r"\w+=(?:[^=]+?)(?=\s+\w+=|$)")  # "name=value with spaces other=…"


def _limit_clauses(question: Question) -> list[tuple[int, int]]:
    """Where the ``LIMIT n`` clauses written with the limit parameter's default are (comment lines skipped)."""
    default = next(p.default for p in question.parameters if p.kind == "limit")
    sparql = question.sparql
    found = [m.span() for m in _LIMIT.finditer(sparql) if m[1] == default
             and not sparql[sparql.rfind("\n", 0, m.start()) + 1:m.start()].lstrip().startswith("#")]
    if not found:
        raise QueryError(f"{question.name}: a (limit) parameter sets the LIMIT clauses written with its default; "
                         f"the query has no LIMIT {default}")
    return found


#: parameter kinds that name an entity (any entity, or one of a kind), and the classes each may have
ENTITY_KINDS: dict[str, tuple[str, ...]] = {
    "entity": tuple(ENTITY_CLASSES.values()), **{kind: (cls,) for kind, cls in ENTITY_CLASSES.items()}}


def resolve_entity(graph, name: str, kind: str = "entity") -> list[Term]:
    """The IRIs of the entities of ``kind`` called ``name`` in ``graph``.

    An IRI (``<…>`` or ``https://…``) stands for itself. Otherwise: the names
    exactly as written (a fast index lookup), then the vocabularies' names
    with their variants (plurals, case, hyphens: "semi-structured
    interviews"), then any name in the graph compared case-insensitively.
    Nothing found is a :class:`~kg.errors.UsageError` that suggests the
    nearest names, so that a misspelt name never gives an empty answer.
    """
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        return [Term("uri", text[1:-1])]
    if re.match(r"https?://", text):
        return [Term("uri", text)]
    classes = " ".join(f"<{cls}>" for cls in ENTITY_KINDS[kind])
    exact = graph.query(f"""SELECT DISTINCT ?e WHERE {{
        VALUES ?class {{ {classes} }}
        {{ ?e skos:prefLabel|skos:altLabel|ckg:acronym|foaf:name ?name }}
        UNION {{ ?e skos:prefLabel|skos:altLabel ?nameEn }}
        ?e a ?class . }} ORDER BY ?e""", name=text, nameEn=Term("literal", text, language="en"))
    found = _in_documents(graph, [row[0] for row in exact.rows if row[0] is not None])
    if not found:
        matcher = default_matcher()
        found = _in_documents(graph, [Term("uri", iri) for iri in matcher.lookup(text)
                                      if ENTITY_CLASSES.get(matcher.concepts[iri].concept.kind) in ENTITY_KINDS[kind]])
    if not found:
        loose = graph.query(f"""SELECT DISTINCT ?e WHERE {{
            VALUES ?class {{ {classes} }}
            ?e a ?class ; skos:prefLabel|skos:altLabel|ckg:acronym|foaf:name ?label .
            FILTER (LCASE(STR(?label)) = LCASE(STR(?name))) }} ORDER BY ?e""", name=text)
        found = _in_documents(graph, [row[0] for row in loose.rows if row[0] is not None])
    if not found:
        raise UsageError(_no_entity_message(graph, text, kind))
    return found


def _in_documents(graph, entities: list[Term]) -> list[Term]:
    """The entities some document of the graph names (the vocabulary graph describes every concept, named or
    not), or has as author."""
    values = " ".join(t.n3() for t in entities if t.kind == "uri")
    if not values:
        return entities
    named = graph.query(f"""SELECT DISTINCT ?e WHERE {{ VALUES ?e {{ {values} }}
        FILTER EXISTS {{ ?d ckg:mentions|dcterms:creator ?e }} }}""")
    kept = {row[0].value for row in named.rows if row[0] is not None}
    return [t for t in entities if t.value in kept]


def _no_entity_message(graph, name: str, kind: str) -> str:
    """Why ``name`` matched nothing, with the names nearest to it: those the vocabularies know, and those of
    the graph's entities of that kind."""
    what = "entity" if kind == "entity" else kind
    matcher = default_matcher()
    known = [matcher.concepts[iri].concept for iri in matcher.lookup(name)
             if ENTITY_CLASSES.get(matcher.concepts[iri].concept.kind) in ENTITY_KINDS[kind]]
    if known:
        concept = known[0]
        return (f"no {what} called {name!r} in this graph: the vocabularies know it as {concept.label}, "
                f"but no document in the graph mentions it")
    classes = " ".join(f"<{cls}>" for cls in ENTITY_KINDS[kind])
    labels = graph.query(f"""SELECT DISTINCT ?label ?acronym WHERE {{
        VALUES ?class {{ {classes} }} ?e a ?class ; skos:prefLabel|foaf:name ?label .
        OPTIONAL {{ ?e ckg:acronym ?acronym }} }}""")
    names: dict[str, str] = {}
    for label, acronym in labels.rows:
        if label is None:
            continue
        shown = f"{label.value} ({acronym.value})" if acronym is not None else label.value
        names.setdefault(label.value.casefold(), shown)
        if acronym is not None:
            names.setdefault(acronym.value.casefold(), shown)
    close = difflib.get_close_matches(name.casefold(), list(names), n=8, cutoff=0.6)
    suggestions = list(dict.fromkeys(names[c] for c in close))[:3]
    hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else " (no name in it is close)"
    return f"no {what} called {name!r} in this graph{hint}"


_HEADER = re.compile(r"^#\s?(.*)$")
_PARAM = re.compile(r"^param\s+(\w+)(?:\s*\((\w+)\))?(?:\s*=\s*(\S+))?\s*:\s*(.*)$")


def _parse_question(name: str, text: str) -> Question:
    description: list[str] = []
    parameters: list[Parameter] = []
    example = ""
    for line in text.splitlines():
        header = _HEADER.match(line)
        if not header:
            break
        content = header.group(1).strip()
        param = _PARAM.match(content)
        if param:
            parameters.append(Parameter(param.group(1), param.group(2) or "entity", param.group(4), param.group(3)))
        elif content.startswith("example:"):
            example = content[len("example:"):].strip()
        elif content:
            description.append(content)
    question = Question(name, " ".join(description), text, tuple(parameters), example)
    limits = [p for p in parameters if p.kind == "limit"]
    if len(limits) > 1 or (limits and not _WHOLE_NUMBER.fullmatch(limits[0].default or "")):
        raise QueryError(f"{name}: a question takes one (limit) parameter, with a default number of rows")
    if limits:
        _limit_clauses(question)
    return question


@functools.lru_cache(maxsize=1)
def pack() -> dict[str, Question]:
    """The questions of the pack, by name (the ``.rq`` files in ``kg/query/pack``)."""
    folder = resources.files("kg") / "query" / "pack"
    questions = {}
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".rq"):
            name = item.name[:-3]
            questions[name] = _parse_question(name, item.read_text(encoding="utf-8"))
    return questions


def resolve(query: str) -> Question:
    """A question from a pack name, a ``.rq`` file path, or SPARQL text."""
    questions = pack()
    if query in questions:
        return questions[query]
    if query.endswith(".rq") or (len(query) < 300 and "\n" not in query and Path(query).is_file()):
        path = Path(query)
        if not path.is_file():
            raise QueryError(f"no such query file: {query}")
        return _parse_question(path.stem, path.read_text(encoding="utf-8"))
    if not re.search(r"\b(?:SELECT|ASK|CONSTRUCT|DESCRIBE)\b", query, re.I):
        close = [n for n in questions if n.split("-")[0] in query or query in n]
        hint = f" Did you mean {', '.join(close[:3])}?" if close else " See kg query --list."
        raise QueryError(f"{query!r} is neither a question of the pack, a .rq file nor SPARQL.{hint}")
    return _parse_question("query", query)


def parse_param(value: str, kind: str = "entity") -> Term:
    """A parameter value as an RDF term: ``<iri>`` → IRI; ``(integer)`` → xsd:integer; else a string."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return Term("uri", value[1:-1])
    if kind == "iri":
        if not re.match(r"[a-z][a-z0-9+.-]*:", value):
            raise QueryError(f"not an IRI: {value!r}")
        return Term("uri", value)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise QueryError(f"not a whole number: {value!r}")
        return Term("literal", str(int(value)), XSD.integer)
    return Term("literal", value, XSD.string)


def run(graph, query: str, params: Mapping[str, str] | None = None) -> QueryResult:
    """Run a pack question, a ``.rq`` file or SPARQL on ``graph`` (a KnowledgeGraph) with ``params``.

    A question with a row limit records it in the result's ``limit``.
    """
    question = resolve(query)
    given = dict(params or {})
    limit = question.limit(given)
    result = graph.query(question.text(limit), question.bindings(given, graph))
    result.limit = limit or None
    return result


def describe(question: Question) -> str:
    """One paragraph for ``kg query --list``: name, description, parameters, example."""
    lines = [f"{question.name}", f"    {question.description}"]
    for p in question.parameters:
        default = f" (default {p.default})" if p.default else ""
        lines.append(f"    --param {p.name}=…  {p.help}{default}")
    if question.example:
        lines.append(f"    e.g. kg query {question.name} " + " ".join(
            f"--param {name}={value}" if " " not in value else f"--param '{name}={value}'"
            for name, value in question.example_params.items()))
    return "\n".join(lines)
