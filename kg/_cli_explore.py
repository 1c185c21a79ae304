"""The exploring commands of ``kg``: ``stats``, ``viz``, ``plot`` and ``export``.

``register(cli)`` adds them to the ``kg`` group. Like the rest of ``kg.cli``
they hold no logic: each opens the graph (``--store DIR`` or ``--endpoint
URL``), makes a view (:mod:`kg.network`) and hands it to one library
function; library errors become one-line messages there.

::

    kg stats  [--view V] [--years A-B | --era NAME] [--top N] [-o metrics.csv]
    kg viz    [--view V] [--years A-B | --era NAME] [--top N] [-o graph.html]
    kg plot   [timeline|heatmap|top|all]... [-d DIR | -o FILE] [--format png,svg]
    kg export [--view V] [--years A-B | --era NAME] [--format graphml|gexf|csv|json] -o PATH
"""

from __future__ import annotations

import sys

import click

from kg._cli_options import F, endpoint_option, open_graph, output_option, store_option

VIEW_HELP = "full, citation, documents, comention, authors, mesh or ego:LABEL (default: full)."


def _list_eras(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from kg.network.eras import eras

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


def _make_view(graph, view_name: str, years: str | None, era: str | None, radius: int, top: int | None):
    from kg.network import most_central, scope_for, view

    scope = scope_for(years, era)
    options = {"radius": radius} if view_name.strip().lower().startswith("ego:") else {}
    net = view(graph, view_name, scope, **options)
    if top:
        net = most_central(net, top)
    return net, scope


def _describe(net, scope) -> str:
    kind = net.graph.get("view", "")
    return f"{net.number_of_nodes():,} nodes, {net.number_of_edges():,} edges ({kind} view, {scope.describe()})"


def register(cli: click.Group) -> None:
    """Add ``stats``, ``viz``, ``plot`` and ``export`` to the ``kg`` command group."""
    @cli.command("stats")
    @view_options
    @scope_options
    @store_option
    @endpoint_option
    @output_option
    @click.option("--rows", type=click.IntRange(min=0), default=20, show_default=True,
                  help="Rows of the table printed (the CSV has every node).")
    def stats_command(view_name: str, radius: int, top: int | None, years: str | None, era: str | None,
                      store: str | None, endpoint: str | None, output: str | None, rows: int) -> None:
        """Centrality of a view's nodes: degree, weighted degree, PageRank, betweenness, community.

        Prints a table of the most central nodes; with -o FILE, also writes
        every node's measures as CSV (-o - writes the CSV to standard output
        instead of the table). Betweenness is sampled on views of over 1,000
        nodes; communities are Louvain's.
        """
        from kg.network import compute_metrics, metrics_table, write_metrics_csv

        with open_graph(store, endpoint) as graph:
            net, scope = _make_view(graph, view_name, years, era, radius, top)
        metrics = compute_metrics(net)
        if output == "-":
            write_metrics_csv(metrics, sys.stdout)
            return
        click.echo(f"{net.graph.get('title', '')}: {_describe(net, scope)}")
        click.echo(metrics_table(metrics, rows), nl=False)
        if output:
            write_metrics_csv(metrics, output)
            click.echo(f"wrote {output}", err=True)

    @cli.command("viz")
    @view_options
    @scope_options
    @store_option
    @endpoint_option
    @click.option("-o", "--output", metavar="FILE", type=click.Path(dir_okay=False), default="graph.html",
                  show_default=True, help="The HTML file to write.")
    @click.option("--title", metavar="TEXT", help="Title of the page (default: the view's).")
    def viz_command(view_name: str, radius: int, top: int | None, years: str | None, era: str | None,
                    store: str | None, endpoint: str | None, output: str, title: str | None) -> None:
        """Write an interactive network explorer: one self-contained HTML file that works offline.

        Colour and shape show each node's type, size its number of links;
        search the labels, filter by type and year, hover for details, click a
        node for its documents and evidence sentences. Views over 1,000 nodes
        are laid out in Python with physics off; --top N keeps the N most
        central nodes.
        """
        from kg.viz.html import write_explorer

        with open_graph(store, endpoint) as graph:
            net, scope = _make_view(graph, view_name, years, era, radius, top)
            write_explorer(net, output, graph, scope, **({"title": title} if title else {}))
        click.echo(f"wrote {output}: {_describe(net, scope)}", err=True)

    @cli.command("plot")
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
    def plot_command(kinds: tuple[str, ...], years: str | None, era: str | None, store: str | None,
                     endpoint: str | None, output: str | None, directory: str, formats: str, top: int | None) -> None:
        """Plot the graph with matplotlib, as PNG or SVG.

        \b
        timeline  documents per year mentioning the top bodies and policies, over policy-era bands
        heatmap   study methods × bodies: where the evidence is thin
        top       the entities the most documents mention, by type
        """
        from pathlib import Path

        from kg.errors import KGError
        from kg.network import scope_for
        from kg.viz.plots import PLOT_FORMATS, PLOTS, make_plot, save_figure

        wanted = list(PLOTS) if not kinds or "all" in kinds else list(dict.fromkeys(kinds))
        unknown = [k for k in wanted if k not in PLOTS]
        if unknown:
            raise KGError(f"no plot called {unknown[0]!r}; plots: {', '.join(PLOTS)} or all")
        fmts = [f.strip().lower().lstrip(".") for f in formats.split(",") if f.strip()]
        if any(f not in PLOT_FORMATS for f in fmts):
            raise KGError(f"plots are written as {' or '.join(PLOT_FORMATS)}, not {formats!r}")
        if output and len(wanted) != 1:
            raise KGError("-o names one file: ask for one plot, or use -d DIR for several")
        scope = scope_for(years, era)
        with open_graph(store, endpoint) as graph:
            for kind in wanted:
                figure = make_plot(graph, kind, scope, top)
                targets = [Path(output)] if output else [Path(directory) / f"{kind}.{f}" for f in fmts]
                for target in targets:
                    save_figure(figure, target)
                    click.echo(f"wrote {target}", err=True)

    @cli.command("export")
    @view_options
    @scope_options
    @store_option
    @endpoint_option
    @click.option("-o", "--output", metavar="PATH", type=click.Path(), required=True,
                  help="File to write (.graphml, .gexf, .json), or a folder for csv.")
    @click.option("--format", "export_format", metavar="FORMAT",
                  help="graphml, gexf (Gephi), csv (nodes.csv + edges.csv in a folder) or json "
                       "(node-link); default: from the extension.")
    def export_command(view_name: str, radius: int, top: int | None, years: str | None, era: str | None,
                       store: str | None, endpoint: str | None, output: str, export_format: str | None) -> None:
        """Export a view for Gephi, Cytoscape, R or pandas, keeping node types and attributes."""
        from kg.network import export_format as check_format
        from kg.network import export_view

        check_format(output, export_format)  # fail before any query
        with open_graph(store, endpoint) as graph:
            net, scope = _make_view(graph, view_name, years, era, radius, top)
        for path in export_view(net, output, export_format):
            click.echo(f"wrote {path}", err=True)
        click.echo(_describe(net, scope), err=True)
