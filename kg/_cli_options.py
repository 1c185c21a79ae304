"""Options and helpers shared by the ``kg`` subcommands (:mod:`kg.cli`, :mod:`kg._cli_explore`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

F = TypeVar("F", bound=Callable[..., Any])


def source_format_option(func: F) -> F:
    """``--format NAME``: read every source as this format instead of sniffing."""
    return click.option("--format", "-f", "source_format", metavar="NAME",
                        help="Source format (see --list-formats); default: detected from the content.")(func)


def strict_option(func: F) -> F:
    """``--strict``: stop at the first bad record."""
    return click.option("--strict", is_flag=True,
                        help="Stop at the first record that cannot be parsed (default: skip it and warn).")(func)


def _list_formats(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from kg import sources

    for fmt in sources.formats():
        click.echo(f"{fmt.NAME:16} {fmt.DESCRIPTION}")
    ctx.exit(0)


def list_formats_option(func: F) -> F:
    """``--list-formats``: print the source formats and exit."""
    return click.option("--list-formats", is_flag=True, expose_value=False, is_eager=True,
                        callback=_list_formats, help="List the source formats and exit.")(func)


def store_option(func: F) -> F:
    """``--store DIR``: the Oxigraph store folder (default ``$KG_STORE`` or ``./kg-store``)."""
    return click.option("--store", "store", metavar="DIR", type=click.Path(file_okay=False),
                        help="Oxigraph store folder (default: $KG_STORE or ./kg-store); ':memory:' for none.")(func)


def endpoint_option(func: F) -> F:
    """``--endpoint URL``: a SPARQL 1.1 endpoint instead of a local store."""
    return click.option("--endpoint", metavar="URL", help="Query this SPARQL 1.1 endpoint instead of a local store.")(func)


def output_option(func: F) -> F:
    """``-o FILE``: where to write; the format follows the extension unless ``--format`` says."""
    return click.option("-o", "--output", metavar="FILE", type=click.Path(dir_okay=False),
                        help="Write to FILE (format from the extension unless --format is given).")(func)


def rdf_format_option(func: F) -> F:
    """``--format``: an RDF format by name, extension or media type."""
    return click.option("--format", "rdf_format", metavar="FORMAT",
                        help="turtle, ntriples, nquads, trig, json-ld or rdfxml (or .ttl, text/turtle...).")(func)


def open_graph(store: str | None, endpoint: str | None = None) -> KnowledgeGraph:
    """The graph in the store folder ``store`` (or the default one), or behind ``endpoint``."""
    from kg.graph import KnowledgeGraph

    return KnowledgeGraph.open(store, endpoint=endpoint)
