"""Options shared by the ``kg`` subcommands: one decorator per flag, so every command spells it alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from kg.graph import KnowledgeGraph
from kg.network.eras import eras
from kg.network.views import VIEWS
from kg.sources import formats

F = TypeVar("F", bound=Callable[..., Any])

VIEW_HELP = (", ".join(v for v in VIEWS if v != "ego") + " or ego:LABEL (default: full).")


def source_format_option(func: F) -> F:
    """``--format NAME``: read every source as this format instead of sniffing."""
    return click.option("--format", "-f", "source_format", metavar="NAME",
                        help="Source format (see --list-formats); default: detected from the content.")(func)


def strict_option(func: F) -> F:
    """``--strict``: stop at the first bad record or unreadable file."""
    return click.option("--strict", is_flag=True,
                        help="Stop at the first record that cannot be parsed, or file no parser recognises "
                             "(default: skip it and warn).")(func)


def quiet_option(func: F) -> F:
    """``-q``: no progress display and no summary."""
    return click.option("-q", "--quiet", is_flag=True, help="No progress display and no summary.")(func)


def _list_formats(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    for fmt in formats():
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


def _list_eras(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    for era in eras():
        click.echo(f"{era.name:16} {era.span:10} {era.label}")
    ctx.exit(0)


def scope_options(func: F) -> F:
    """``--years A-B``, ``--era NAME`` and ``--list-eras``."""
    func = click.option("--list-eras", is_flag=True, expose_value=False, is_eager=True, callback=_list_eras,
                        help="List the policy eras and exit.")(func)
    func = click.option("--era", metavar="NAME",
                        help="Only documents issued in this policy era (see --list-eras), e.g. ccg.")(func)
    return click.option("--years", metavar="A-B",
                        help="Only documents issued in these years: 2013-2016, 2013-, -2012 or 2015.")(func)


def view_options(func: F) -> F:
    """``--view``, ``--radius`` (ego views) and ``--top N``."""
    func = click.option("--top", type=click.IntRange(min=1), metavar="N",
                        help="Keep only the N most central nodes (by PageRank).")(func)
    func = click.option("--radius", type=click.IntRange(min=1), default=1, show_default=True,
                        help="For ego:LABEL: how many links away from the node to go.")(func)
    return click.option("--view", "view_name", default="full", metavar="VIEW", help=VIEW_HELP)(func)


def open_graph(store: str | None, endpoint: str | None = None) -> KnowledgeGraph:
    """The graph in the store folder ``store`` (or the default one), or behind ``endpoint``."""
    return KnowledgeGraph.open(store, endpoint=endpoint)
