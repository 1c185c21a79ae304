"""Query results in one shape whatever store answered them.

A SELECT gives :class:`QueryResult` rows of :class:`Term` values; ASK gives a
boolean; CONSTRUCT and DESCRIBE give triples (serialised as Turtle). The
text formats of results are :mod:`kg.query.formats`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Term", "QueryResult", "XSD_STRING"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True, slots=True)
class Term:
    """An RDF term: ``kind`` is ``uri``, ``literal`` or ``bnode`` (SPARQL JSON's names)."""

    kind: str
    value: str
    datatype: str | None = None
    language: str | None = None

    def to_python(self) -> Any:
        """The value as Python: int, float, bool or str (IRIs and dates as strings)."""
        if self.kind == "literal" and self.datatype:
            local = self.datatype.rsplit("#", 1)[-1]
            try:
                if local in ("integer", "int", "long", "nonNegativeInteger", "positiveInteger"):
                    return int(self.value)
                if local in ("decimal", "double", "float"):
                    return float(self.value)
                if local == "boolean":
                    return self.value in ("true", "1")
            except ValueError:
                return self.value
        return self.value

    def n3(self) -> str:
        """The term in N-Triples/Turtle syntax."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = json.dumps(self.value, ensure_ascii=False)
        if self.language:
            return f"{text}@{self.language}"
        if self.datatype and self.datatype != XSD_STRING:
            return f"{text}^^<{self.datatype}>"
        return text

    def to_json(self) -> dict[str, str]:
        """The SPARQL 1.1 JSON results form of the term."""
        out = {"type": self.kind, "value": self.value}
        if self.language:
            out["xml:lang"] = self.language
        elif self.datatype and self.datatype != XSD_STRING:
            out["datatype"] = self.datatype
        return out


@dataclass
class QueryResult:
    """The answer to a query: ``kind`` is ``select``, ``ask`` or ``graph``."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: bytes | None = None  # Turtle, for CONSTRUCT and DESCRIBE
    limit: int | None = None  # the row limit of the question asked, if it had one

    @property
    def cut(self) -> bool:
        """Whether the rows may stop at the question's limit (there may be more)."""
        return self.limit is not None and len(self.rows) >= self.limit

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """Rows as dicts of Python values (missing bindings left out)."""
        for row in self.rows:
            yield {v: t.to_python() for v, t in zip(self.variables, row) if t is not None}

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.boolean) if self.kind == "ask" else bool(self.rows or self.graph)

    def column(self, variable: str) -> list[Any]:
        """The Python values of one variable, in row order (``None`` where unbound)."""
        i = self.variables.index(variable)
        return [row[i].to_python() if row[i] is not None else None for row in self.rows]
