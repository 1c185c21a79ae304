"""The exploring commands of ``kg``: ``stats``, ``viz``, ``plot`` and ``export``.

Each opens the graph (``--store DIR`` or ``--endpoint URL``), makes a view
(:mod:`kg.network`) and hands it to one library function. A scope
(``--years``, ``--era``) with no document in it is an error, never an empty
page or plot.

::

    kg stats  [--view V] [--years A-B | --era NAME] [--top N] [-o metrics.csv]
    kg viz    [--view V] [--years A-B | --era NAME] [--top N] [--max-edges N ...| --all] [-o graph.html]
    kg plot   [timeline|heatmap|top|all]... [-d DIR | -o FILE] [--format png,svg]
    kg export [--view V] [--years A-B | --era NAME] [--format graphml|gexf|csv|json|vosviewer|pajek] -o PATH
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.console import ProgressDisplay
from kg.cli.options import (
    endpoint_option,
    open_graph,
    output_option,
    quiet_option,
    scope_options,
    store_option,
    view_options,
)
from kg.errors import UsageError
from kg.graph import KnowledgeGraph
from kg.network import (
    check_scope,
    compute_metrics,
    export_format,
    export_view,
    metrics_table,
    most_central,
    scope_for,
    view,
    write_metrics_csv,
)
from kg.network.eras import Scope
from kg.network.thin import EVERYTHING, NORMALISATIONS, READABLE, Thinning, ThinningReport, thin_view, thinning_with
from kg.progress import Step
from kg.viz.html import write_explorer
from kg.viz.plots import PLOT_FORMATS, PLOTS, make_plot, save_figure

__all__ = ["stats_command", "viz_command", "plot_command", "export_command"]


def _make_view(graph: KnowledgeGraph, view_name: str, years: str | None, era: str | None, radius: int,
               top: int | None, display: ProgressDisplay, thinning: Thinning | None = None):
    """The view, its scope and, given a ``thinning``, what thinning it cut (``top`` then sets its node count;
    without one, ``top`` keeps the most central nodes and the links between them)."""
    scope = scope_for(years, era)
    display(Step("making the view", 0, 2, "steps", view_name))
    check_scope(graph, scope)
    options = {"radius": radius} if view_name.strip().lower().startswith("ego:") else {}
    net = view(graph, view_name, scope, **options)
    report: ThinningReport | None = None
    if thinning is not None:
        thinning = thinning_with(thinning, max_nodes=top)
        if net.graph.get("center") is not None:
            thinning = thinning_with(thinning, keep=frozenset({net.graph["center"]}))
        display(Step("making the view", 1, 2, "steps", "thinning it to a readable map"))
        net, report = thin_view(net, thinning)
    elif top:
        display(Step("making the view", 1, 2, "steps", f"the {top} most central nodes"))
        net = most_central(net, top)
    display(Step("making the view", 2, 2, "steps", f"{net.number_of_nodes():,} nodes"))
    return net, scope, report


def _describe(net, scope: Scope) -> str:
    kind = net.graph.get("view", "")
    return f"{net.number_of_nodes():,} nodes, {net.number_of_edges():,} edges ({kind} view, {scope.describe()})"


@click.command("stats")
@view_options
@scope_options
@store_option
@endpoint_option
@output_option
@click.option("--rows", type=click.IntRange(min=0), default=20, show_default=True,
              help="Rows of the table printed (the CSV has every node).")
@quiet_option
def stats_command(view_name: str, radius: int, top: int | None, years: str | None, era: str | None,
                  store: str | None, endpoint: str | None, output: str | None, rows: int, quiet: bool) -> None:
    """Centrality of a view's nodes: degree, weighted degree, PageRank, betweenness, community.

    Prints a table of the most central nodes; with -o FILE, also writes
    every node's measures as CSV (-o - writes the CSV to standard output
    instead of the table). Betweenness is sampled on views of over 1,000
    nodes; communities are Leiden's (igraph and leidenalg).
    """
    with ProgressDisplay(enabled=not quiet) as display, open_graph(store, endpoint) as graph:
        net, scope, _ = _make_view(graph, view_name, years, era, radius, top, display)
        display(Step("computing centrality", 0, 1, "", f"{net.number_of_nodes():,} nodes"))
        metrics = compute_metrics(net)
        display(Step("computing centrality", 1, 1, "", "done"))
    if output == "-":
        write_metrics_csv(metrics, sys.stdout)
        return
    click.echo(f"{net.graph.get('title', '')}: {_describe(net, scope)}")
    click.echo(metrics_table(metrics, rows), nl=False)
    if output:
        write_metrics_csv(metrics, output)
        click.echo(f"wrote {output}", err=True)


def thinning_options(func):
    """The options of ``kg viz`` that thin a view into a readable map (:mod:`kg.network.thin`)."""
    options = [
        click.option("--all", "everything", is_flag=True,
                     help="Draw the whole view: no thinning (large views become a solid disc)."),
        click.option("--normalisation", type=click.Choice(NORMALISATIONS), default=READABLE.normalisation,
                     show_default=True, help="Rank links by association strength (relative to chance) or raw weight."),
        click.option("--links-per-node", type=click.IntRange(min=1), metavar="N", default=READABLE.links_per_node,
                     show_default=True, help="Each node keeps its N strongest links."),
        click.option("--min-weight", type=click.FloatRange(min=0), metavar="W", default=READABLE.min_weight,
                     show_default=True, help="Drop links of weight under W (shared documents, in co-occurrence views)."),
        click.option("--min-occurrences", type=click.IntRange(min=0), metavar="N", default=READABLE.min_occurrences,
                     show_default=True, help="Drop nodes (other than documents) found in fewer than N documents."),
        click.option("--max-edges", type=click.IntRange(min=1), metavar="N", default=READABLE.max_edges,
                     show_default=True, help="Keep at most N links, the strongest."),
        click.option("--max-nodes", type=click.IntRange(min=1), metavar="N", default=READABLE.max_nodes,
                     show_default=True, help="Keep at most N nodes, the most central (same as --top)."),
    ]
    for option in options:
        func = option(func)
    return func


@click.command("viz")
@view_options
@thinning_options
@scope_options
@store_option
@endpoint_option
@click.option("-o", "--output", metavar="FILE", type=click.Path(dir_okay=False), default="graph.html",
              show_default=True, help="The HTML file to write.")
@click.option("--title", metavar="TEXT", help="Title of the page (default: the view's).")
@quiet_option
def viz_command(view_name: str, radius: int, top: int | None, max_nodes: int, max_edges: int,
                min_occurrences: int, min_weight: float, links_per_node: int, normalisation: str, everything: bool,
                years: str | None, era: str | None, store: str | None, endpoint: str | None, output: str,
                title: str | None, quiet: bool) -> None:
    """Write an interactive network explorer: one self-contained HTML file that works offline.

    The view is thinned to a readable map, the way VOSviewer does it: at
    most --max-nodes nodes (the most central, by PageRank on the undirected
    view, documents kept beside what they link to) and --max-edges links,
    each node keeping its --links-per-node strongest links by association
    strength; the page says what was cut. --all draws the whole view.

    Colour and shape show each node's type, size its number of links;
    search labels, acronyms and other names, filter by type and year,
    hover for details, click a node or a link for its documents and
    evidence sentences. Maps over 300 nodes are laid out in Python (the
    same map on every run) with physics off.
    """
    thinning = EVERYTHING if everything else Thinning(
        max_nodes=max_nodes, max_edges=max_edges, min_occurrences=min_occurrences, min_weight=min_weight,
        links_per_node=links_per_node, normalisation=normalisation)
    with ProgressDisplay(enabled=not quiet) as display, open_graph(store, endpoint) as graph:
        net, scope, report = _make_view(graph, view_name, years, era, radius, top, display, thinning)
        display(Step("writing the page", 0, 1, "", output))
        write_explorer(net, output, graph, scope, report, **({"title": title} if title else {}))
        display(Step("writing the page", 1, 1, "", output))
    click.echo(f"wrote {output}: {_describe(net, scope)}", err=True)
    if report is not None and report.thinned:
        click.echo(f"thinned to a readable map: {report.summary()} (--all draws the whole view)", err=True)


@click.command("plot")
@click.argument("kinds", nargs=-1, metavar="[timeline|heatmap|top|all]...")
@scope_options
@store_option
@endpoint_option
@click.option("-o", "--output", metavar="FILE", type=click.Path(dir_okay=False),
              help="Write the one plot asked for to FILE (.png or .svg).")
@click.option("-d", "--directory", metavar="DIR", type=click.Path(file_okay=False), default=".",
              show_default=True, help="Folder for the plots, named KIND.png / KIND.svg.")
@click.option("--format", "formats", metavar="png,svg", default="png", show_default=True,
              help="Image formats, comma-separated.")
@click.option("--top", type=click.IntRange(min=1), metavar="N",
              help="Entities per plot (default: 6 on the timeline, 12×12 in the heatmap, 10 per type).")
@quiet_option
def plot_command(kinds: tuple[str, ...], years: str | None, era: str | None, store: str | None,
                 endpoint: str | None, output: str | None, directory: str, formats: str, top: int | None,
                 quiet: bool) -> None:
    """Plot the graph with matplotlib, as PNG or SVG.

    \b
    timeline  documents per year mentioning the top bodies and policies, over policy-era bands
    heatmap   study methods × bodies: where the evidence is thin
    top       the entities the most documents mention, by type
    """
    wanted = list(PLOTS) if not kinds or "all" in kinds else list(dict.fromkeys(kinds))
    unknown = [k for k in wanted if k not in PLOTS]
    if unknown:
        raise UsageError(f"no plot called {unknown[0]!r}; plots: {', '.join(PLOTS)} or all")
    fmts = [f.strip().lower().lstrip(".") for f in formats.split(",") if f.strip()]
    if not fmts or any(f not in PLOT_FORMATS for f in fmts):
        raise UsageError(f"plots are written as {' or '.join(PLOT_FORMATS)}, not {formats!r}")
    if output and len(wanted) != 1:
        raise UsageError("-o names one file: ask for one plot, or use -d DIR for several")
    scope = scope_for(years, era)
    with ProgressDisplay(enabled=not quiet) as display, open_graph(store, endpoint) as graph:
        check_scope(graph, scope)
        for done, kind in enumerate(wanted):
            display(Step("plotting", done, len(wanted), "plots", kind))
            figure = make_plot(graph, kind, scope, top)
            targets = [Path(output)] if output else [Path(directory) / f"{kind}.{f}" for f in fmts]
            for target in targets:
                save_figure(figure, target)
                click.echo(f"wrote {target}", err=True)
        display(Step("plotting", len(wanted), len(wanted), "plots", "done"))


@click.command("export")
@view_options
@scope_options
@store_option
@endpoint_option
@click.option("-o", "--output", metavar="PATH", type=click.Path(), required=True,
              help="File to write (.graphml, .gexf, .json, .net), or a folder for csv and vosviewer.")
@click.option("--format", "export_format_name", metavar="FORMAT",
              help="graphml, gexf (Gephi), csv (nodes.csv + edges.csv in a folder), json (node-link), "
                   "vosviewer (map.txt + network.txt in a folder) or pajek (.net); default: from the extension.")
@quiet_option
def export_command(view_name: str, radius: int, top: int | None, years: str | None, era: str | None,
                   store: str | None, endpoint: str | None, output: str, export_format_name: str | None,
                   quiet: bool) -> None:
    """Export a view for Gephi, Cytoscape, VOSviewer, Pajek, R or pandas, keeping node types and attributes."""
    export_format(output, export_format_name)  # fail before any query
    with ProgressDisplay(enabled=not quiet) as display, open_graph(store, endpoint) as graph:
        net, scope, _ = _make_view(graph, view_name, years, era, radius, top, display)
    for path in export_view(net, output, export_format_name):
        click.echo(f"wrote {path}", err=True)
    click.echo(_describe(net, scope), err=True)
