"""``kg query``: a question of the pack, a .rq file or SPARQL."""

from __future__ import annotations

import sys

import click

from kg._io import atomic_write_text
from kg.cli.options import endpoint_option, open_graph, output_option, store_option
from kg.query import RESULT_FORMATS, describe, pack, run, write_result

__all__ = ["query_command"]

EXIT_FAILED_CHECK = 1


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{value!r} is not name=value", param_hint="--param")
        params[name.strip()] = text
    return params


def _list_questions(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo("\n\n".join(describe(q) for q in pack().values()))
    ctx.exit(0)


@click.command("query")
@click.argument("query", required=False, metavar="QUERY")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a question's parameter (repeatable); <…> for an IRI.")
@click.option("--format", "result_format", type=click.Choice(list(RESULT_FORMATS)), default="table",
              show_default=True, help="Result format (CONSTRUCT and DESCRIBE give Turtle).")
@output_option
@store_option
@endpoint_option
@click.option("--list", "list_questions", is_flag=True, expose_value=False, is_eager=True, callback=_list_questions,
              help="List the question pack: names, what each answers, parameters.")
def query_command(query: str | None, params: tuple[str, ...], result_format: str, output: str | None,
                  store: str | None, endpoint: str | None) -> None:
    """Ask the graph QUERY: a question of the pack (see --list), a .rq file, or SPARQL text.

    \b
    kg query top-mesh
    kg query method-and-body -p method=interviews -p body=CCG --format csv
    kg query 'SELECT ?t WHERE { ?p a ckg:Paper ; dcterms:title ?t } LIMIT 5'
    kg query 'ASK { ?d ckg:mentions body:ccg }'      # exit status 0 yes, 1 no

    The citekg prefixes (ckg, dcterms, skos, body, policy…) need no PREFIX
    lines. A name given to an entity parameter that matches nothing is an
    error that suggests the names nearest to it.
    """
    if not query:
        raise click.UsageError("give a question name, a .rq file or SPARQL (kg query --list shows the pack)")
    with open_graph(store, endpoint) as graph:
        result = run(graph, query, _parse_params(params))
    text = write_result(result, result_format)
    if result.cut:
        click.echo(f"kg: the first {result.limit:,} rows (the question's limit); "
                   "--param limit=0 gives them all", err=True)
    if output:
        atomic_write_text(output, text)
    else:
        click.echo(text, nl=False)
    if result.kind == "ask" and not result.boolean:
        sys.exit(EXIT_FAILED_CHECK)
