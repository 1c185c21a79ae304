"""``kg validate``: check a graph against the SHACL shapes in ``ontology/shapes.ttl``."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ParseError, ValidationError

__all__ = ["Violation", "ValidationReport", "validate"]


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

    def text(self, limit: int = 50) -> str:
        """A readable report: a count per message, then each violation (up to ``limit``)."""
        if self.conforms:
            return f"conforms: {self.triples:,} triples checked against the citekg shapes, no violations\n"
        lines = [f"does not conform: {len(self.violations)} violation(s) in {self.triples:,} triples", ""]
        for message, count in sorted(Counter(v.message for v in self.violations).items()):
            lines.append(f"  {count:>5} × {message}")
        lines.append("")
        for v in self.violations[:limit]:
            extra = f"  value: {v.value}" if v.value else ""
            lines.append(f"- {v.severity}: {v.message}\n    focus: {v.focus}" + (f"\n    path: {v.path}" if v.path else "") + extra)
        if len(self.violations) > limit:
            lines.append(f"... and {len(self.violations) - limit} more")
        return "\n".join(lines) + "\n"


def validate(data, shapes: str | os.PathLike[str] | None = None) -> ValidationReport:
    """Validate ``data`` — a :class:`~kg.graph.KnowledgeGraph`, an RDF file path or an rdflib graph —
    against the citekg shapes (or the SHACL file ``shapes``). Needs pySHACL (``citekg[shacl]``)."""
    try:
        import pyshacl
    except ImportError as exc:
        raise ValidationError("kg validate needs pySHACL: pip install 'citekg[shacl]'") from exc
    import rdflib

    from kg.resources import shapes_file

    graph = _as_rdflib_graph(data)
    shapes_graph = rdflib.Graph().parse(str(shapes or shapes_file()), format="turtle")
    conforms, results, text = pyshacl.validate(graph, shacl_graph=shapes_graph, inference="none",
                                               advanced=True, allow_warnings=True)
    if not isinstance(results, rdflib.Graph):  # pySHACL reports a broken shapes graph this way
        raise ValidationError(f"the shapes could not be used: {text}")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    violations = []
    for result in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        def text(prop):
            value = results.value(result, prop)
            return "" if value is None else str(value)
        violations.append(Violation(message=text(sh.resultMessage), focus=text(sh.focusNode), path=text(sh.resultPath),
                                    value=text(sh.value), severity=text(sh.resultSeverity).rsplit("#", 1)[-1]))
    return ValidationReport(conforms=bool(conforms), violations=sorted(violations), triples=len(graph))


def _as_rdflib_graph(data):
    import rdflib

    from kg.graph import KnowledgeGraph

    union = rdflib.Graph()
    if isinstance(data, KnowledgeGraph):
        for chunk in data.store.export():
            dataset = rdflib.Dataset()
            dataset.parse(data=chunk.decode("utf-8"), format="nquads")
            for s, p, o, _ in dataset.quads():
                union.add((s, p, o))
        return union
    if isinstance(data, (str, os.PathLike)):
        path = Path(data)
        if not path.is_file():
            raise ParseError("no such file", source=str(path))
        dataset = rdflib.Dataset()
        try:
            dataset.parse(str(path))
        except Exception as exc:  # rdflib raises many parser-specific errors
            raise ParseError(f"cannot read as RDF: {exc}", source=str(path)) from exc
        for s, p, o, _ in dataset.quads():
            union.add((s, p, o))
        return union
    if isinstance(data, rdflib.Graph):
        return data
    raise ValidationError(f"cannot validate a {type(data).__name__}")
