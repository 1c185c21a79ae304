"""``kg validate``: check a graph against the SHACL shapes in ``kg/ontology/shapes.ttl``.

The shapes are compiled to SPARQL and checked by the store itself, one
constraint at a time, so that a store of 100,000 papers (21 million quads)
is checked in the store's own time and memory, with progress, instead of
being copied into rdflib for pySHACL. The compiler covers the part of SHACL
Core the citekg shapes use, which is also what most shapes need:

=====================  ==========================================================
targets                ``sh:targetClass`` (instances of its sub-classes too),
                       ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``, ``sh:targetNode``
paths                  a predicate, or ``[ sh:inversePath p ]``
value constraints      ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:class``,
                       ``sh:nodeKind``, ``sh:pattern`` (``sh:flags``),
                       ``sh:minInclusive``/``maxInclusive``/``minExclusive``/``maxExclusive``,
                       ``sh:in``, ``sh:hasValue``, ``sh:uniqueLang``
logic                  ``sh:or`` of the above (on a value, or on the focus node)
SPARQL                 ``sh:sparql`` SELECT constraints (``$this``, ``sh:prefixes``)
=====================  ==========================================================

Each constraint is first screened by cheap queries that find nothing when it
holds (:attr:`Check.screens`): ``sh:maxCount 1`` as one grouped scan of the
path, ``sh:minCount 1`` as the focus nodes minus the path's subjects (a hash
anti-join), value constraints on the distinct values of the path (classes as
one anti-join), an ``sh:sparql`` ``FILTER NOT EXISTS`` as a ``MINUS`` of
hash-joined patterns. The query listing the offending nodes, a lookup per
node, runs only for a constraint a screen could not clear.

Shapes that use anything else are refused with the term named; pySHACL
(``engine="pyshacl"``, ``pip install 'citekg[shacl]'``) checks those, on
graphs small enough to copy into memory.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import MissingDependency, ParseError, ValidationError
from kg.store import Store
from kg.store.memory import MemoryStore
from kg.store.oxigraph import OxigraphStore
from kg.vocab.namespaces import PREFIXES, RDF, RDFS
from kg.vocab.resources import shapes_file

__all__ = ["Violation", "ValidationReport", "Check", "compile_shapes", "validate", "LISTED_PER_CHECK"]

SH = "http://www.w3.org/ns/shacl#"
#: Violations listed per constraint; past it they are counted, not listed.
LISTED_PER_CHECK = 1000

Progress = Callable[[int, int, str], None]  # (checks done, checks in all, the check now running)


@dataclass(frozen=True, order=True)
class Violation:
    """One failed constraint: what is wrong, where, and the offending value."""

    message: str
    focus: str
    path: str = ""
    value: str = ""
    severity: str = "Violation"


@dataclass
class ValidationReport:
    """The outcome of validation: ``conforms`` and the violations, sorted."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0
    unlisted: int = 0  # violations counted past LISTED_PER_CHECK for one constraint

    def text(self, limit: int = 50) -> str:
        """A readable report: a count per message, then each violation (up to ``limit``)."""
        if self.conforms:
            return f"conforms: {self.triples:,} triples checked against the citekg shapes, no violations\n"
        total = len(self.violations) + self.unlisted
        lines = [f"does not conform: {total:,} violation(s) in {self.triples:,} triples", ""]
        for message, count in sorted(Counter(v.message for v in self.violations).items()):
            lines.append(f"  {count:>5} × {message}")
        if self.unlisted:
            lines.append(f"  ({self.unlisted:,} more not listed: past {LISTED_PER_CHECK:,} for one constraint)")
        lines.append("")
        for v in self.violations[:limit]:
            extra = f"  value: {v.value}" if v.value else ""
            lines.append(f"- {v.severity}: {v.message}\n    focus: {v.focus}" + (f"\n    path: {v.path}" if v.path else "")
                         + extra)
        if len(self.violations) > limit:
            lines.append(f"... and {len(self.violations) - limit} more")
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Check:
    """One constraint as a SPARQL SELECT of its violations (``?this``, and ``?value`` where there is one)."""

    name: str  # shape and constraint, for progress lines
    message: str
    path: str
    severity: str
    sparql: str  # a SELECT, without prologue
    prologue: str = ""  # PREFIX lines the SELECT needs
    #: cheaper SELECTs, run in turn, each finding a row whenever the constraint may be broken: the first
    #: that finds none proves it holds (``sparql`` is then not run); none: always run ``sparql``
    screens: tuple[str, ...] = ()


def validate(data, shapes: str | os.PathLike[str] | None = None, *, engine: str = "sparql",
             progress: Progress | None = None) -> ValidationReport:
    """Validate ``data`` — a :class:`~kg.graph.KnowledgeGraph`, a :class:`~kg.store.Store`, or an RDF file —
    against the citekg shapes (or the SHACL file ``shapes``).

    ``engine="sparql"`` (the default) compiles the shapes to SPARQL run by the store;
    ``engine="pyshacl"`` copies the graph into rdflib and runs pySHACL (all of SHACL, small graphs).
    """
    shapes_path = Path(shapes) if shapes is not None else shapes_file()
    if not shapes_path.is_file():
        raise ParseError("no such shapes file", source=str(shapes_path))
    if engine == "pyshacl":
        return _validate_with_pyshacl(data, shapes_path)
    if engine != "sparql":
        raise ValidationError(f"unknown validation engine {engine!r}; use 'sparql' or 'pyshacl'")
    store, close = _as_store(data)
    try:
        checks = compile_shapes(shapes_path, _subclass_closure(store))
        violations: list[Violation] = []
        unlisted = 0
        for done, check in enumerate(checks):
            if progress:
                progress(done, len(checks), check.name)
            found, more = _run_check(store, check)
            violations.extend(found)
            unlisted += more
        if progress:
            progress(len(checks), len(checks), "done")
        return ValidationReport(conforms=not violations, violations=sorted(set(violations)), triples=len(store),
                                unlisted=unlisted)
    finally:
        close()


def _run_check(store: Store, check: Check) -> tuple[list[Violation], int]:
    for screen in check.screens:
        if not store.query(f"{check.prologue}{screen}\nLIMIT 1").rows:
            return [], 0  # the screen proves the constraint holds
    result = store.query(f"{check.prologue}{check.sparql}\nLIMIT {LISTED_PER_CHECK + 1}")
    index = {name: i for i, name in enumerate(result.variables)}
    found = []
    for row in result.rows:
        focus = row[index["this"]]
        value = row[index["value"]] if "value" in index else None
        found.append(Violation(message=check.message, focus=focus.value if focus else "", path=check.path,
                               value=_shown(value), severity=check.severity))
    if len(found) <= LISTED_PER_CHECK:
        return found, 0
    count = store.query(f"{check.prologue}SELECT (COUNT(*) AS ?n) WHERE {{ {check.sparql} }}")
    return found[:LISTED_PER_CHECK], int(count.rows[0][0].value) - LISTED_PER_CHECK


def _shown(term) -> str:
    if term is None:
        return ""
    return term.value


# ---------------------------------------------------------------- the shapes, compiled

_SUPPORTED = {SH + name for name in (
    "targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode", "property", "path", "inversePath",
    "minCount", "maxCount", "datatype", "class", "nodeKind", "pattern", "flags", "minInclusive", "maxInclusive",
    "minExclusive", "maxExclusive", "in", "hasValue", "uniqueLang", "or", "message", "severity", "sparql",
    "select", "prefixes", "declare", "prefix", "namespace", "name", "description", "order", "group",
    "deactivated")} | {RDF.type, RDF.first, RDF.rest, RDFS.label, RDFS.comment}
#: The terms that constrain a value (what :meth:`_Compiler.value_conditions` reads).
_VALUE_TERMS = ("datatype", "class", "nodeKind", "pattern", "minInclusive", "maxInclusive", "minExclusive",
                "maxExclusive", "in", "hasValue", "or")
_NODE_KINDS = {"IRI": "isIRI(?value)", "Literal": "isLiteral(?value)", "BlankNode": "isBlank(?value)",
               "BlankNodeOrIRI": "(isBlank(?value) || isIRI(?value))",
               "BlankNodeOrLiteral": "(isBlank(?value) || isLiteral(?value))",
               "IRIOrLiteral": "(isIRI(?value) || isLiteral(?value))"}


class _Shapes:
    """The shapes graph, read with pyoxigraph, and the helpers that read it."""

    def __init__(self, path: Path) -> None:
        import pyoxigraph

        self.ox = pyoxigraph
        self.store = pyoxigraph.Store()
        try:
            self.store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
        except (SyntaxError, OSError, ValueError) as exc:
            raise ParseError(f"cannot read the shapes as Turtle: {exc}", source=str(path)) from exc
        self.source = str(path)

    def objects(self, subject, predicate: str) -> list:
        return [q.object for q in self.store.quads_for_pattern(subject, self.ox.NamedNode(predicate), None)]

    def one(self, subject, predicate: str):
        values = self.objects(subject, predicate)
        return values[0] if values else None

    def subjects(self, predicate: str, obj=None) -> list:
        return [q.subject for q in self.store.quads_for_pattern(None, self.ox.NamedNode(predicate), obj)]

    def items(self, head) -> list:
        """The members of an RDF list."""
        out = []
        while head is not None and getattr(head, "value", None) != RDF.nil:
            first = self.one(head, RDF.first)
            if first is None:
                raise ValidationError(f"{self.source}: a malformed RDF list in the shapes")
            out.append(first)
            head = self.one(head, RDF.rest)
        return out

    def unsupported(self) -> list[str]:
        used = {q.predicate.value for q in self.store.quads_for_pattern(None, None, None)}
        return sorted(p for p in used if p.startswith(SH) and p not in _SUPPORTED)


def compile_shapes(path: str | os.PathLike[str], subclasses: dict[str, list[str]] | None = None) -> list[Check]:
    """The checks of a SHACL shapes file, in a stable order; ``subclasses`` maps a class to itself and its
    sub-classes (from the data's ontology), so ``sh:class`` and ``sh:targetClass`` include them."""
    shapes = _Shapes(Path(path))
    unsupported = shapes.unsupported()
    if unsupported:
        raise ValidationError(f"{shapes.source}: the SPARQL validator does not support "
                              f"{', '.join(unsupported)}; use --engine pyshacl")
    closure = subclasses or {}
    compiler = _Compiler(shapes, lambda cls: closure.get(cls, [cls]))
    node_shapes = {s for s in shapes.subjects(RDF.type, shapes.ox.NamedNode(SH + "NodeShape"))}
    for target in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode"):
        node_shapes.update(shapes.subjects(SH + target))
    checks: list[Check] = []
    for shape in sorted(node_shapes, key=str):
        checks.extend(compiler.node_shape(shape))
    return checks


class _Compiler:
    def __init__(self, shapes: _Shapes, classes_of: Callable[[str], list[str]]) -> None:
        self.shapes = shapes
        self.classes_of = classes_of

    def node_shape(self, shape) -> Iterator[Check]:
        s = self.shapes
        if _true(s.one(shape, SH + "deactivated")):
            return
        target = self.target(shape)
        if target is None:
            return
        name = _local(shape)
        message = _text(s.one(shape, SH + "message"))
        severity = _local(s.one(shape, SH + "severity")) or "Violation"
        node_conditions = self.value_conditions(shape, "?this")
        if node_conditions:
            classes = self.class_sets(shape)
            screen = " UNION ".join(f"{{ {target} MINUS {{ ?this a ?class_ VALUES ?class_ {{ {_iris(c)} }} }} }}"
                                    for c in classes or [])
            yield Check(f"{name}", message or f"{name} is not satisfied", "", severity,
                        f"SELECT DISTINCT ?this WHERE {{ {target} FILTER (!({' && '.join(node_conditions)})) }}",
                        screens=(f"SELECT ?this WHERE {{ {screen} }}",) if screen else ())
        for sparql in s.objects(shape, SH + "sparql"):
            yield self.sparql_constraint(name, sparql, target, message, severity)
        for prop in sorted(s.objects(shape, SH + "property"), key=_property_order(s)):
            yield from self.property_shape(name, prop, target, message, severity)

    def target(self, shape) -> str | None:
        s = self.shapes
        parts = []
        classes = sorted({c for cls in s.objects(shape, SH + "targetClass") for c in self.classes_of(cls.value)})
        if classes:
            parts.append(f"{{ VALUES ?targetClass {{ {_iris(classes)} }} ?this a ?targetClass }}")
        for p in sorted(s.objects(shape, SH + "targetSubjectsOf"), key=str):
            parts.append(f"{{ SELECT DISTINCT ?this WHERE {{ ?this {p} ?targetObject }} }}")
        for p in sorted(s.objects(shape, SH + "targetObjectsOf"), key=str):
            parts.append(f"{{ SELECT DISTINCT ?this WHERE {{ ?targetSubject {p} ?this }} }}")
        nodes = sorted(s.objects(shape, SH + "targetNode"), key=str)
        if nodes:
            parts.append(f"{{ VALUES ?this {{ {' '.join(str(n) for n in nodes)} }} }}")
        if not parts:
            return None
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }" if len(parts) > 1 else parts[0]

    def property_shape(self, shape_name: str, prop, target: str, shape_message: str | None,
                       shape_severity: str) -> Iterator[Check]:
        s = self.shapes
        if _true(s.one(prop, SH + "deactivated")):
            return
        path, path_text = self.path(prop)
        message = _text(s.one(prop, SH + "message")) or shape_message
        severity = _local(s.one(prop, SH + "severity")) or shape_severity
        label = f"{shape_name} {path_text}"

        def check(what: str, sparql: str, default: str, screens: tuple[str, ...] = ()) -> Check:
            return Check(f"{label} {what}", message or default, path_text, severity, sparql, screens=screens)

        min_count = _int(s.one(prop, SH + "minCount"))
        if min_count:
            if min_count == 1:
                sparql = f"SELECT DISTINCT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {path} ?value }} }}"
                # the focus nodes minus every subject of the path, as one hash anti-join
                screens: tuple[str, ...] = (f"SELECT ?this WHERE {{ {target} MINUS {{ ?this {path} ?value }} }}",)
            else:
                sparql = (f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {path} ?value }} }} GROUP BY ?this "
                          f"HAVING (COUNT(DISTINCT ?value) < {min_count})")
                screens = ()
            yield check("minCount", sparql, f"fewer than {min_count} values of {path_text}", screens)
        max_count = _int(s.one(prop, SH + "maxCount"))
        if max_count is not None:
            if max_count == 0:
                sparql = f"SELECT DISTINCT ?this ?value WHERE {{ {target} ?this {path} ?value }}"
                screens = ()
            else:
                sparql = (f"SELECT ?this WHERE {{ {target} ?this {path} ?value }} GROUP BY ?this "
                          f"HAVING (COUNT(DISTINCT ?value) > {max_count})")
                # any node of the whole graph with too many values of the path (focus node or not), counted
                # in one scan of the path, no lookup per node
                screens = (f"SELECT ?this WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?value) AS ?values) WHERE {{ "
                           f"?this {path} ?value }} GROUP BY ?this }} FILTER (?values > {max_count}) }}",)
            yield check("maxCount", sparql, f"more than {max_count} values of {path_text}", screens)
        conditions = self.value_conditions(prop, "?value")
        if conditions:
            sparql = (f"SELECT DISTINCT ?this ?value WHERE {{ {target} ?this {path} ?value "
                      f"FILTER (!({' && '.join(conditions)})) }}")
            yield check("values", sparql, f"a value of {path_text} breaks its constraints",
                        self.values_screen(prop, target, path, conditions))
        if _true(s.one(prop, SH + "uniqueLang")):
            sparql = (f"SELECT ?this (SAMPLE(?language) AS ?value) WHERE {{ {target} ?this {path} ?label "
                      f"BIND (LANG(?label) AS ?language) FILTER (?language != \"\") }} "
                      f"GROUP BY ?this ?language HAVING (COUNT(DISTINCT ?label) > 1)")
            yield check("uniqueLang", sparql, f"two values of {path_text} in one language")

    def values_screen(self, prop, target: str, path: str, conditions: list[str]) -> tuple[str, ...]:
        """SELECTs of the distinct values of ``path`` that break the value constraints: first over every
        node of the graph (one scan of the path), then over the focus nodes (joined by hashing): each
        value is tested once however many nodes have it, and a class constraint is one hash anti-join
        with the nodes of the class rather than a lookup per value."""
        classes = self.class_sets(prop)
        screens = []
        for nodes in (f"?this {path} ?value",
                      f"{{ SELECT DISTINCT ?this WHERE {{ {target} }} }} {{ SELECT ?this ?value WHERE {{ ?this {path} ?value }} }}"):
            values = f"{{ SELECT DISTINCT ?value WHERE {{ {nodes} }} }}"
            if classes is None:
                screens.append(f"SELECT ?value WHERE {{ {values} FILTER (!({' && '.join(conditions)})) }}")
            else:
                branches = [f"{{ {values} MINUS {{ ?value a ?class_ VALUES ?class_ {{ {_iris(c)} }} }} }}"
                            for c in classes]
                screens.append(f"SELECT ?value WHERE {{ {' UNION '.join(branches)} }}")
        return tuple(screens)

    def class_sets(self, shape) -> list[list[str]] | None:
        """When every value constraint of ``shape`` is ``sh:class`` (or an ``sh:or`` of them): for each,
        the classes (sub-classes included) a value must be an instance of one of; else None."""
        s = self.shapes
        sets: list[list[str]] = []
        for term in _VALUE_TERMS:
            for value in s.objects(shape, SH + term):
                if term == "class":
                    sets.append(sorted(self.classes_of(value.value)))
                elif term == "or":
                    alternatives: set[str] = set()
                    for member in s.items(value):
                        used = [t for t in (*_VALUE_TERMS, "path") if s.objects(member, SH + t)]
                        if used != ["class"] or len(s.objects(member, SH + "class")) != 1:
                            return None
                        alternatives.update(self.classes_of(s.one(member, SH + "class").value))
                    sets.append(sorted(alternatives))
                else:
                    return None
        return sets

    def path(self, prop) -> tuple[str, str]:
        s = self.shapes
        path = s.one(prop, SH + "path")
        if path is None:
            raise ValidationError(f"{s.source}: a property shape without sh:path")
        if isinstance(path, s.ox.NamedNode):
            return str(path), _curie(path.value)
        inverse = s.one(path, SH + "inversePath")
        if isinstance(inverse, s.ox.NamedNode):
            return f"^{inverse}", f"^{_curie(inverse.value)}"
        raise ValidationError(f"{s.source}: the SPARQL validator reads paths that are a predicate or "
                              "[ sh:inversePath p ]; use --engine pyshacl for others")

    def value_conditions(self, shape, var: str) -> list[str]:
        """SPARQL expressions that hold when ``var`` satisfies the shape's value constraints."""
        s = self.shapes
        conditions = []
        for datatype in s.objects(shape, SH + "datatype"):
            conditions.append(f"(isLiteral({var}) && DATATYPE({var}) = {datatype})")
        for cls in s.objects(shape, SH + "class"):
            conditions.append(f"EXISTS {{ {var} a ?class_ FILTER (?class_ IN ({_iris(self.classes_of(cls.value), ', ')})) }}")
        for kind in s.objects(shape, SH + "nodeKind"):
            conditions.append(_NODE_KINDS[_local(kind)].replace("?value", var))
        for pattern in s.objects(shape, SH + "pattern"):
            flags = _text(s.one(shape, SH + "flags")) or ""
            conditions.append(f"(!isBlank({var}) && REGEX(STR({var}), {_literal(pattern.value)}, {_literal(flags)}))")
        for term, op in (("minInclusive", ">="), ("maxInclusive", "<="), ("minExclusive", ">"), ("maxExclusive", "<")):
            for bound in s.objects(shape, SH + term):
                conditions.append(f"COALESCE({var} {op} {bound}, false)")
        for listed in s.objects(shape, SH + "in"):
            conditions.append(f"({var} IN ({', '.join(str(v) for v in s.items(listed))}))")
        for value in s.objects(shape, SH + "hasValue"):
            conditions.append(f"({var} = {value})")
        for alternatives in s.objects(shape, SH + "or"):
            options = []
            for member in s.items(alternatives):
                if s.one(member, SH + "path") is not None:  # a property shape on the focus node
                    options.append(self.property_condition(member, var))
                else:
                    member_conditions = self.value_conditions(member, var)
                    options.append(" && ".join(member_conditions) if member_conditions else "true")
            conditions.append("(" + " || ".join(f"({o})" for o in options) + ")")
        return conditions

    def property_condition(self, prop, var: str) -> str:
        """An expression true when ``var`` satisfies a property shape (``sh:minCount`` and value constraints)."""
        path, _ = self.path(prop)
        conditions = self.value_conditions(prop, "?orValue")
        inner = f"{var} {path} ?orValue" + (f" FILTER ({' && '.join(conditions)})" if conditions else "")
        min_count = _int(self.shapes.one(prop, SH + "minCount")) or 0
        if min_count > 1 or self.shapes.one(prop, SH + "maxCount") is not None:
            raise ValidationError(f"{self.shapes.source}: inside sh:or the SPARQL validator reads sh:minCount 1 "
                                  "and value constraints; use --engine pyshacl")
        return f"EXISTS {{ {inner} }}" if min_count else \
            f"NOT EXISTS {{ {var} {path} ?orValue" + (f" FILTER (!({' && '.join(conditions)}))" if conditions else "") + " }"

    def sparql_constraint(self, shape_name: str, constraint, target: str, shape_message: str | None,
                          shape_severity: str) -> Check:
        s = self.shapes
        select = _text(s.one(constraint, SH + "select"))
        if not select:
            raise ValidationError(f"{s.source}: an sh:sparql constraint without sh:select")
        prefixes = []
        for holder in s.objects(constraint, SH + "prefixes"):
            for declaration in s.objects(holder, SH + "declare"):
                prefixes.append(f"PREFIX {_text(s.one(declaration, SH + 'prefix'))}: "
                                f"<{_text(s.one(declaration, SH + 'namespace'))}>")
        body = re.sub(r"\$this\b", "?this", select)
        message = _text(s.one(constraint, SH + "message")) or shape_message or f"{shape_name}: a SPARQL constraint fails"
        severity = _local(s.one(constraint, SH + "severity")) or shape_severity
        sparql = f"SELECT DISTINCT ?this ?value WHERE {{ {target} {{ {body} }} }}"
        anti_joined = _NOT_EXISTS.sub(_as_minus, body)
        screens = (f"SELECT ?this WHERE {{ {{ SELECT DISTINCT ?this WHERE {{ {target} }} }} {{ {anti_joined} }} }}",) \
            if anti_joined != body else ()
        return Check(f"{shape_name} SPARQL", message, "", severity, sparql, "".join(p + "\n" for p in prefixes),
                     screens=screens)


#: ``FILTER NOT EXISTS { triple patterns }``, looked up once per row; as ``MINUS { … }`` it is one hash
#: anti-join, which keeps every row the lookup keeps (a row sharing no variable with the block stays too),
#: so it serves as the constraint's screen. Blocks with a FILTER or a group inside are left alone.
_NOT_EXISTS = re.compile(r"FILTER\s+NOT\s+EXISTS\s*\{((?:(?!FILTER)[^{}])*)\}", re.I)
_TERM = r"(?:\?\w+|\$\w+|<[^<>\s]*>|[A-Za-z][\w-]*:[\w-]*|a)"


def _as_minus(match: re.Match) -> str:
    """A ``FILTER NOT EXISTS`` block of plain triple patterns as ``MINUS``, each pattern a sub-select of its
    own so that the store joins them by hashing, not by a lookup per row (other blocks: a plain MINUS)."""
    block = match.group(1).strip().rstrip(".").strip()
    patterns = []
    for statement in re.split(r"\s+\.\s+", block):
        terms = statement.split(None, 1)
        if len(terms) != 2 or not re.fullmatch(_TERM, terms[0]):
            return f"MINUS {{{match.group(1)}}}"
        for pair in terms[1].split(";"):
            words = pair.split()
            if not words:
                continue
            if len(words) != 2 or not all(re.fullmatch(_TERM, w) for w in words):
                return f"MINUS {{{match.group(1)}}}"
            patterns.append(f"{{ SELECT * WHERE {{ {terms[0]} {words[0]} {words[1]} }} }}")
    return "MINUS { " + " ".join(patterns) + " }"


def _property_order(shapes: _Shapes) -> Callable:
    def key(prop) -> tuple[str, str]:
        path = shapes.one(prop, SH + "path")
        return (str(path), str(shapes.one(prop, SH + "message")))
    return key


def _subclass_closure(store: Store) -> dict[str, list[str]]:
    """Every class in the data's ``rdfs:subClassOf`` hierarchy, with its sub-classes (itself included)."""
    result = store.query(f"SELECT DISTINCT ?super ?sub WHERE {{ ?sub <{RDFS.subClassOf}>+ ?super }}")
    closure: dict[str, set[str]] = {}
    for super_, sub in result.rows:
        if super_ is not None and sub is not None and super_.kind == "uri" and sub.kind == "uri":
            closure.setdefault(super_.value, {super_.value}).add(sub.value)
    return {cls: sorted(subs) for cls, subs in closure.items()}


def _as_store(data) -> tuple[Store, Callable[[], None]]:
    """The store to check, and how to release it when it was made for the check."""
    store = data if isinstance(data, Store) else getattr(data, "store", None)
    if isinstance(store, MemoryStore):
        # rdflib's SPARQL engine takes minutes over checks Oxigraph answers in a fraction of a second
        # (35 CPU-s against 0.1 for a four-record graph): check a copy in an in-memory Oxigraph store.
        copy = OxigraphStore(None)
        copy.load(store.export())
        return copy, copy.close
    if isinstance(store, Store):
        return store, lambda: None
    if isinstance(data, (str, os.PathLike)):
        path = Path(data)
        if not path.is_file():
            raise ParseError("no such file", source=str(path))
        memory = OxigraphStore(None)
        memory.load_file(path)
        return memory, memory.close
    raise ValidationError(f"cannot validate a {type(data).__name__}; give a KnowledgeGraph, a Store or an RDF file")


def _validate_with_pyshacl(data, shapes: Path) -> ValidationReport:
    try:
        import pyshacl
    except ImportError as exc:
        raise MissingDependency("pySHACL", "shacl", "kg validate --engine pyshacl") from exc
    import rdflib

    store, close = _as_store(data)
    try:
        graph = rdflib.Graph()
        for chunk in store.export():
            dataset = rdflib.Dataset()
            dataset.parse(data=chunk.decode("utf-8"), format="nquads")
            for s, p, o, _ in dataset.quads():
                graph.add((s, p, o))
    finally:
        close()
    shapes_graph = rdflib.Graph().parse(str(shapes), format="turtle")
    conforms, results, text = pyshacl.validate(graph, shacl_graph=shapes_graph, inference="none",
                                               advanced=True, allow_warnings=True)
    if not isinstance(results, rdflib.Graph):  # pySHACL reports a broken shapes graph this way
        raise ValidationError(f"the shapes could not be used: {text}")
    sh = rdflib.Namespace(SH)
    violations = []
    for result in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        def value(prop):
            found = results.value(result, prop)
            return "" if found is None else str(found)
        path = value(sh.resultPath)
        violations.append(Violation(message=value(sh.resultMessage), focus=value(sh.focusNode),
                                    path=_curie(path) if path else "", value=value(sh.value),
                                    severity=value(sh.resultSeverity).rsplit("#", 1)[-1]))
    return ValidationReport(conforms=bool(conforms), violations=sorted(set(violations)), triples=len(graph))


# ---------------------------------------------------------------- small helpers

def _iris(values: list[str], sep: str = " ") -> str:
    return sep.join(f"<{v}>" for v in values)


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _text(term) -> str | None:
    return term.value if term is not None else None


def _int(term) -> int | None:
    return int(term.value) if term is not None else None


def _true(term) -> bool:
    return term is not None and term.value == "true"


def _local(term) -> str:
    if term is None:
        return ""
    value = term.value if hasattr(term, "value") else str(term)
    return re.split(r"[#/]", value)[-1]


def _curie(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z_][\w-]*", iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"
