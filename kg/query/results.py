"""Query results in one shape whatever store answered, and their text formats.

A SELECT gives :class:`QueryResult` rows of :class:`Term` values; ASK gives a
boolean; CONSTRUCT and DESCRIBE give triples (serialised as Turtle). Writers
produce the SPARQL 1.1 results formats (JSON, XML, CSV, TSV) and, for
people, an aligned table and Markdown.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from kg._io import spreadsheet_safe

__all__ = ["Term", "QueryResult", "RESULT_FORMATS", "write_result"]

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


def _text(term: Term | None) -> str:
    return "" if term is None else term.value


def _json(result: QueryResult) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=1)
    bindings = [{v: t.to_json() for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1)


def _delimited(result: QueryResult, delimiter: str) -> str:
    out = io.StringIO()
    if delimiter == ",":  # SPARQL 1.1 CSV: plain values
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.variables if result.kind == "select" else ["boolean"])
        if result.kind == "ask":
            writer.writerow(["true" if result.boolean else "false"])
        for row in result.rows:
            writer.writerow([spreadsheet_safe(_text(t)) for t in row])
    else:  # SPARQL 1.1 TSV: terms in Turtle syntax
        out.write("\t".join(f"?{v}" for v in result.variables) + "\n")
        for row in result.rows:
            out.write("\t".join("" if t is None else t.n3().replace("\t", "\\t") for t in row) + "\n")
    return out.getvalue()


def _xml(result: QueryResult) -> str:
    lines = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    lines += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    lines.append("</head>")
    if result.kind == "ask":
        lines.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        lines.append("<results>")
        for row in result.rows:
            lines.append("<result>")
            for v, t in zip(result.variables, row):
                if t is None:
                    continue
                if t.kind == "uri":
                    inner = f"<uri>{escape(t.value)}</uri>"
                elif t.kind == "bnode":
                    inner = f"<bnode>{escape(t.value)}</bnode>"
                else:
                    attr = f" xml:lang={quoteattr(t.language)}" if t.language else \
                        f" datatype={quoteattr(t.datatype)}" if t.datatype and t.datatype != XSD_STRING else ""
                    inner = f"<literal{attr}>{escape(t.value)}</literal>"
                lines.append(f"<binding name={quoteattr(v)}>{inner}</binding>")
            lines.append("</result>")
        lines.append("</results>")
    lines.append("</sparql>")
    return "\n".join(lines) + "\n"


def _cells(result: QueryResult, width: int | None) -> tuple[list[str], list[list[str]]]:
    def short(text: str) -> str:
        text = text.replace("\n", " ")
        return text if width is None or len(text) <= width else text[: width - 1] + "…"
    if result.kind == "ask":
        return ["answer"], [["yes" if result.boolean else "no"]]
    return list(result.variables), [[short(_text(t)) for t in row] for row in result.rows]


def _table(result: QueryResult, width: int | None = 60) -> str:
    header, rows = _cells(result, width)
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in rows]
    if result.kind == "select":
        out.append(f"({len(rows)} row{'s' * (len(rows) != 1)})")
    return "\n".join(out) + "\n"


def _markdown(result: QueryResult) -> str:
    header, rows = _cells(result, None)
    esc = lambda text: text.replace("|", "\\|")  # noqa: E731
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return "\n".join(out) + "\n"


RESULT_FORMATS: dict[str, Any] = {
    "table": _table,
    "csv": lambda r: _delimited(r, ","),
    "tsv": lambda r: _delimited(r, "\t"),
    "json": _json,
    "xml": _xml,
    "markdown": _markdown,
}


def write_result(result: QueryResult, fmt: str = "table") -> str:
    """``result`` as text in ``fmt``: table, csv, tsv, json, xml or markdown (graphs: Turtle)."""
    if result.kind == "graph":
        return (result.graph or b"").decode("utf-8")
    try:
        return RESULT_FORMATS[fmt](result)
    except KeyError:
        from kg.errors import QueryError
        raise QueryError(f"unknown result format {fmt!r}; choose from {', '.join(RESULT_FORMATS)}") from None

