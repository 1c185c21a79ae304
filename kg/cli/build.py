"""``kg build``: sources into the store (and a graph file)."""

from __future__ import annotations

import click

from kg.builder import BuildOptions, BuildReport, build, default_jobs
from kg.cli.console import ProgressDisplay, print_table, warn
from kg.cli.options import (
    output_option,
    quiet_option,
    rdf_format_option,
    store_option,
    strict_option,
)
from kg.errors import ParseError, UnknownFormatError, ValidationError
from kg.graph import KnowledgeGraph

__all__ = ["build_command"]


@click.command("build")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@output_option
@rdf_format_option
@store_option
@click.option("--source-format", metavar="NAME", help="Read every source as this format (see kg parse --list-formats).")
@strict_option
@click.option("--no-extract", is_flag=True, help="Bibliographic data only: skip entity, relation and citation extraction.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes (default: all cores).")
@click.option("--dask", "dask", metavar="ADDRESS",
              help="Map and extract on a Dask cluster: 'local' (a LocalCluster of -j worker processes on this "
                   "machine) or a scheduler's tcp://HOST:PORT (workers need this citekg). Same graph as without.")
@click.option("--prune", is_flag=True,
              help="Drop the graphs of sources built before but not given now (default: keep them).")
@click.option("--keep-others", is_flag=True, hidden=True, help="The default now; kept for old scripts.")
@click.option("--with-vocabulary", is_flag=True,
              help="Also export the vocabularies' background relations (PCT replaced by CCG...).")
@quiet_option
def build_command(sources: tuple[str, ...], output: str | None, rdf_format: str | None, store: str | None,
                  source_format: str | None, strict: bool, no_extract: bool, jobs: int | None, dask: str | None,
                  prune: bool, keep_others: bool, with_vocabulary: bool, quiet: bool) -> None:
    """Build the knowledge graph from SOURCE files, folders or - (standard input).

    Parses, extracts, maps to RDF and loads into the store. Building into an
    existing store adds the sources given and replaces those that changed;
    the others stay (--prune drops them). Unchanged files are skipped. Files
    in a folder that no parser recognises are skipped with a warning, as are
    citekg's own outputs. With -o, also writes the graph to FILE.

    Shows progress and a summary on standard error (-q: neither). Ctrl-C or
    SIGTERM stops the build and its workers within seconds, leaving the
    store with whole sources only (exit status 130 / 143).

    --dask runs the mapping and extraction as tasks on a Dask cluster (pip
    install 'citekg[dask]'); the graph is the same, byte for byte.
    """
    options = BuildOptions(source_format=source_format, extract=not no_extract, strict=strict,
                           jobs=jobs or default_jobs(), prune=prune, with_vocabulary=with_vocabulary, dask=dask)
    try:
        with ProgressDisplay(enabled=not quiet) as progress:
            graph = build(sources, store, output=output, output_format=rdf_format, options=options,
                          progress=progress, on_problem=None if quiet else warn)
    except ParseError as exc:
        if strict and not isinstance(exc, UnknownFormatError) and (exc.record or exc.line):
            raise ValidationError(f"--strict: {exc}") from exc
        raise
    with graph:
        if not quiet:
            _print_summary(graph)


def _print_summary(graph: KnowledgeGraph) -> None:
    report: BuildReport = graph.report  # type: ignore[assignment]
    for source in report.read:
        click.echo(source.summary(), err=True)
    notes = []
    if report.unchanged:
        notes.append(f"{len(report.unchanged)} source(s) unchanged since the last build")
    if report.skipped:
        notes.append(f"{len(report.skipped)} file(s) skipped: no parser recognises them")
    if report.kept:
        notes.append(f"{report.kept} source(s) of earlier builds kept (--prune drops sources not given)")
    if report.removed:
        notes.append(f"{len(report.removed)} source graph(s) removed (--prune)")
    if report.incomplete:
        notes.append(f"{len(report.incomplete)} graph(s) of an interrupted build removed")
    for note in notes:
        click.echo(note, err=True)
    counts = graph.summary()
    rows: list[list[object]] = [[key, value] for key, value in counts.items()]
    rate = report.records / report.seconds if report.seconds else 0.0
    rows.append(["seconds", f"{report.seconds:,.2f}  ({report.records:,} records, {rate:,.0f}/s)"])
    if report.output:
        rows.append([f"written to {report.output}",
                     f"{report.output_statements:,} statements in {report.output_seconds:,.2f} s"])
    print_table(None, rows, align=["left", "right"])
    click.echo(f"store: {graph.store.description}", err=True)
