"""``kg parse``: read sources and print their records."""

from __future__ import annotations

import json

import click

from kg.cli.console import warn
from kg.cli.options import list_formats_option, source_format_option, strict_option
from kg.sources import SourceReport, parse_many

__all__ = ["parse_command"]


@click.command("parse")
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
    the records read and the records skipped with a warning. A file in a
    folder that no parser recognises is skipped with a warning (--strict
    stops there).
    """
    reports: list[SourceReport] = []
    for doc in parse_many(sources, source_format, strict=strict, merge=not no_merge, reports=reports,
                          on_problem=warn):
        if as_json:
            click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, sort_keys=False))
        else:
            ident = doc.ids.pmid and f"PMID {doc.ids.pmid}" or doc.ids.doi or ""
            click.echo(f"{doc.kind.value:9} {ident:16} {doc.label[:100]}")
    for report in reports:
        click.echo(report.summary(), err=True)
