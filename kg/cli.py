"""The ``kg`` command: each subcommand parses its arguments and calls the library.

Exit status (as pySHACL's): 0 fine; 1 the data failed a check (``kg
validate`` found violations, an ASK query answered false, ``kg build
--strict`` met a bad record); 2 the input could not be read or an argument
is wrong.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from kg import __version__
from kg.errors import KGError, ParseError, ValidationError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_FAILED_CHECK = 1
EXIT_BAD_INPUT = 2


class _Group(click.Group):
    """Turns library errors into one-line messages with a meaningful exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KGError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            ctx.exit(EXIT_FAILED_CHECK if isinstance(exc, ValidationError) else EXIT_BAD_INPUT)
        except BrokenPipeError:  # `kg parse … | head`
            sys.stderr.close()
            ctx.exit(0)


# ------------------------------------------------------------------ shared options

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


# ------------------------------------------------------------------ commands

@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citekg")
def cli() -> None:
    """citekg: turn health-policy literature into a knowledge graph.

    \b
    kg parse SOURCE...      read sources, print records (JSON lines with --json)
    """


@cli.command("parse")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@source_format_option
@strict_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per record (JSON lines).")
@click.option("--no-merge", is_flag=True, help="Keep every copy of a document seen in several sources.")
@list_formats_option
def parse_command(sources: tuple[str, ...], source_format: str | None, strict: bool, as_json: bool,
                  no_merge: bool) -> None:
    """Read SOURCE files, folders (recursively) or - (standard input) into records.

    Prints one line per record (or JSON lines with --json) on standard output
    and, on standard error, one summary line per file: the format detected,
    the records read and the records skipped with a warning.
    """
    from kg import sources as kg_sources

    reports: list[kg_sources.SourceReport] = []
    for doc in kg_sources.parse_many(sources, source_format, strict=strict, merge=not no_merge,
                                     reports=reports, on_problem=_warn):
        if as_json:
            click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, sort_keys=False))
        else:
            ident = doc.ids.pmid and f"PMID {doc.ids.pmid}" or doc.ids.doi or ""
            click.echo(f"{doc.kind.value:9} {ident:16} {doc.label[:100]}")
    for report in reports:
        click.echo(report.summary(), err=True)


def _warn(problem: ParseError) -> None:
    click.echo(f"kg: warning: skipped record: {problem}", err=True)


def main() -> None:
    """Entry point of the ``kg`` console script."""
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
