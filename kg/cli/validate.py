"""``kg validate``: a graph file or the store against the SHACL shapes."""

from __future__ import annotations

import sys

import click

from kg.cli.console import ProgressDisplay
from kg.cli.options import open_graph, quiet_option, store_option
from kg.progress import Step
from kg.validation import validate

__all__ = ["validate_command", "EXIT_FAILED_CHECK"]

EXIT_FAILED_CHECK = 1


@click.command("validate")
@click.argument("graph_file", required=False, metavar="[GRAPH]", type=click.Path(dir_okay=False))
@store_option
@click.option("--shapes", metavar="FILE", type=click.Path(exists=True, dir_okay=False),
              help="SHACL shapes to use instead of citekg's kg/ontology/shapes.ttl.")
@click.option("--engine", type=click.Choice(["sparql", "pyshacl"]), default="sparql", show_default=True,
              help="sparql: the shapes compiled to SPARQL and checked by the store (any size); pyshacl: all of "
                   "SHACL, on a copy of the graph in memory (small graphs; pip install 'citekg[shacl]').")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="Violations listed in full.")
@quiet_option
def validate_command(graph_file: str | None, store: str | None, shapes: str | None, engine: str, limit: int,
                     quiet: bool) -> None:
    """Check GRAPH (an RDF file), or the store, against citekg's SHACL shapes.

    Exit status 0 when the graph conforms, 1 when it has violations, 2 when
    it cannot be read.
    """
    with ProgressDisplay(enabled=not quiet) as display:
        def progress(done: int, total: int, name: str) -> None:
            display(Step("checking the shapes", done, total, "constraints", name))

        if graph_file:
            report = validate(graph_file, shapes, engine=engine, progress=progress)
        else:
            with open_graph(store) as graph:
                report = validate(graph, shapes, engine=engine, progress=progress)
    click.echo(report.text(limit), nl=False)
    if not report.conforms:
        sys.exit(EXIT_FAILED_CHECK)
