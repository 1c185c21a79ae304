"""The text formats of query results: the SPARQL 1.1 results formats (JSON, XML, CSV, TSV) and, for
people, an aligned table and Markdown."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from kg._io import spreadsheet_safe
from kg.errors import QueryError
from kg.store.results import XSD_STRING, QueryResult, Term

__all__ = ["RESULT_FORMATS", "write_result"]


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
        raise QueryError(f"unknown result format {fmt!r}; choose from {', '.join(RESULT_FORMATS)}") from None

