"""The ``kg`` command: each subcommand parses its arguments and calls the library.

One module per group of commands (``parse``, ``build``, ``validate``,
``query``, ``serve``/``push``, and the exploring commands); this one holds
the group, the error handling and the exit statuses, as pySHACL's:

====  =============================================================================
0     fine
1     the data failed a check: ``kg validate`` found violations, an ASK query
      answered false, ``kg build --strict`` met a bad record
2     the input could not be read, or an argument is wrong (found before any work)
130   stopped by Ctrl-C (SIGINT); 143 stopped by SIGTERM — in both, workers are
      stopped and files and stores are left whole
====  =============================================================================
"""

from __future__ import annotations

import sys
from typing import Any

import click

from kg import _signals
from kg._version import __version__
from kg.cli.build import build_command
from kg.cli.explore import export_command, plot_command, stats_command, viz_command
from kg.cli.parse import parse_command
from kg.cli.query import query_command
from kg.cli.serve import push_command, serve_command
from kg.cli.validate import validate_command
from kg.errors import Interrupted, KGError, ValidationError

__all__ = ["cli", "main", "EXIT_FAILED_CHECK", "EXIT_BAD_INPUT"]

EXIT_FAILED_CHECK = 1
EXIT_BAD_INPUT = 2


class _Group(click.Group):
    """Turns library errors into one-line messages with a meaningful exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Interrupted as exc:
            click.echo(f"kg: stopped: {exc}", err=True)
            ctx.exit(_signals.EXIT_STATUS(exc.signal))
        except KeyboardInterrupt:  # Ctrl-C where the handler was not installed (the library's own callers)
            click.echo("kg: stopped: SIGINT", err=True)
            ctx.exit(_signals.EXIT_STATUS(2))
        except KGError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            ctx.exit(EXIT_FAILED_CHECK if isinstance(exc, ValidationError) else EXIT_BAD_INPUT)
        except BrokenPipeError:  # `kg parse … | head`
            sys.stderr.close()
            ctx.exit(0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citekg")
def cli() -> None:
    """citekg: turn health-policy literature into a knowledge graph.

    \b
    kg parse SOURCE...      read sources, print records (JSON lines with --json)
    kg build SOURCE...      build the graph into a store (and a file with -o)
    kg validate [GRAPH]     check a graph file or the store against the SHACL shapes
    kg query QUERY          ask a question of the pack, a .rq file or SPARQL
    kg serve                a read-only SPARQL endpoint, query page and explorer
    kg push --endpoint URL  upload the graph to a remote triple store
    kg viz                  an interactive network explorer (one offline HTML file)
    kg stats                centrality and communities of a network view
    kg plot                 timelines, methods x bodies heatmap, top entities
    kg export               GraphML, GEXF, CSV or node-link JSON of a view

    \b
    Exit status: 0 fine; 1 a check failed; 2 bad input or arguments;
    130 stopped by Ctrl-C; 143 stopped by SIGTERM.
    """


for _command in (parse_command, build_command, validate_command, query_command, serve_command, push_command,
                 viz_command, stats_command, plot_command, export_command):
    cli.add_command(_command)


def main() -> None:
    """Entry point of the ``kg`` console script."""
    _signals.install()
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
