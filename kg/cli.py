"""The ``kg`` command: each subcommand parses its arguments and calls the library.

Exit status (as pySHACL's): 0 fine; 1 the data failed a check (``kg
validate`` found violations, an ASK query answered false, ``kg build
--strict`` met a bad record); 2 the input could not be read or an argument
is wrong.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click

from kg import __version__
from kg._cli_explore import register as _register_explore
from kg._cli_options import (
    endpoint_option, list_formats_option, open_graph, output_option, rdf_format_option, source_format_option,
    store_option, strict_option,
)
from kg.errors import KGError, ParseError, ValidationError

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


# ------------------------------------------------------------------ commands

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


@cli.command("build")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@output_option
@rdf_format_option
@store_option
@click.option("--source-format", metavar="NAME", help="Read every source as this format (see kg parse --list-formats).")
@strict_option
@click.option("--no-extract", is_flag=True, help="Bibliographic data only: skip entity, relation and citation extraction.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes (default: all cores).")
@click.option("--keep-others", is_flag=True, help="Keep graphs of sources built before but not given now.")
@click.option("--with-vocabulary", is_flag=True,
              help="Also export the vocabularies' background relations (PCT replaced by CCG...).")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary table.")
def build_command(sources: tuple[str, ...], output: str | None, rdf_format: str | None, store: str | None,
                  source_format: str | None, strict: bool, no_extract: bool, jobs: int | None, keep_others: bool,
                  with_vocabulary: bool, quiet: bool) -> None:
    """Build the knowledge graph from SOURCE files, folders or - (standard input).

    Parses, extracts, maps to RDF and loads into the store (re-running skips
    unchanged files; a changed file replaces only its own graph); with -o,
    also writes the graph to FILE. Prints progress and a summary table on
    standard error.
    """
    from kg.builder import BuildOptions, build, default_jobs
    from kg.errors import UnknownFormatError

    options = BuildOptions(source_format=source_format, extract=not no_extract, strict=strict,
                           jobs=jobs or default_jobs(), keep_others=keep_others, with_vocabulary=with_vocabulary)
    meter = None if quiet else _ProgressMeter()
    try:
        graph = build(sources, store, output=output, output_format=rdf_format, options=options,
                      progress=meter, on_problem=None if quiet else _warn)
    except ParseError as exc:
        if strict and not isinstance(exc, UnknownFormatError) and (exc.record or exc.line):
            raise ValidationError(f"--strict: {exc}") from exc
        raise
    finally:
        if meter:
            meter.done()
    if not quiet:
        _print_build_summary(graph, output)
    graph.close()


class _ProgressMeter:
    """Records per second on standard error: a live line on a terminal, a line every 10 s otherwise."""

    def __init__(self) -> None:
        import time

        self._clock = time.perf_counter
        self._start = self._last = self._clock()
        self._live = sys.stderr.isatty()
        self._shown = False

    def __call__(self, done: int, source: str) -> None:
        now = self._clock()
        if now - self._last < (0.5 if self._live else 10.0):
            return
        self._last = now
        rate = done / max(now - self._start, 1e-9)
        text = f"  {done:,} records, {rate:,.0f}/s  {source}"
        if self._live:
            click.echo("\r" + text[:100].ljust(100), nl=False, err=True)
        else:
            click.echo(text, err=True)
        self._shown = True

    def done(self) -> None:
        if self._live and self._shown:
            click.echo("\r" + " " * 100 + "\r", nl=False, err=True)


def _print_build_summary(graph, output: str | None) -> None:
    report = graph.report
    for source in report.read:
        click.echo(source.summary(), err=True)
    if report.unchanged:
        click.echo(f"{len(report.unchanged)} source(s) unchanged since the last build", err=True)
    if report.removed:
        click.echo(f"{len(report.removed)} source graph(s) removed (sources no longer given)", err=True)
    counts = graph.summary()
    width = max(len(k) for k in counts)
    click.echo("", err=True)
    for key, value in counts.items():
        click.echo(f"  {key:<{width}}  {value:>9,}", err=True)
    rate = report.records / report.seconds if report.seconds else 0.0
    click.echo(f"  {'seconds':<{width}}  {report.seconds:>9.2f}   ({report.records:,} records, {rate:,.0f}/s)", err=True)
    click.echo(f"store: {graph.store.description}" + (f"; wrote {output}" if output else ""), err=True)


@cli.command("validate")
@click.argument("graph_file", required=False, metavar="[GRAPH]", type=click.Path(dir_okay=False))
@store_option
@click.option("--shapes", metavar="FILE", type=click.Path(exists=True, dir_okay=False),
              help="SHACL shapes to use instead of citekg's ontology/shapes.ttl.")
@click.option("--limit", type=int, default=50, show_default=True, help="Violations listed in full.")
def validate_command(graph_file: str | None, store: str | None, shapes: str | None, limit: int) -> None:
    """Check GRAPH (an RDF file), or the store, against citekg's SHACL shapes.

    Exit status 0 when the graph conforms, 1 when it has violations, 2 when
    it cannot be read.
    """
    from kg.validation import validate

    if graph_file:
        report = validate(graph_file, shapes)
    else:
        with open_graph(store) as graph:
            report = validate(graph, shapes)
    click.echo(report.text(limit), nl=False)
    if not report.conforms:
        sys.exit(EXIT_FAILED_CHECK)


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
    from kg.query import describe, pack

    click.echo("\n\n".join(describe(q) for q in pack().values()))
    ctx.exit(0)


@cli.command("query")
@click.argument("query", required=False, metavar="QUERY")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a question's parameter (repeatable); <…> for an IRI.")
@click.option("--format", "result_format", type=click.Choice(["table", "csv", "tsv", "json", "xml", "markdown"]),
              default="table", show_default=True, help="Result format (CONSTRUCT and DESCRIBE give Turtle).")
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

    The citekg prefixes (ckg, dcterms, skos, body, policy…) need no PREFIX lines.
    """
    from kg.query import run, write_result

    if not query:
        raise click.UsageError("give a question name, a .rq file or SPARQL (kg query --list shows the pack)")
    with open_graph(store, endpoint) as graph:
        result = run(graph, query, _parse_params(params))
    text = write_result(result, result_format)
    if result.cut:
        click.echo(f"kg: the first {result.limit:,} rows (the question's limit); "
                   "--param limit=0 gives them all", err=True)
    if output:
        from kg._io import atomic_write_text

        atomic_write_text(output, text)
    else:
        click.echo(text, nl=False)
    if result.kind == "ask" and not result.boolean:
        sys.exit(EXIT_FAILED_CHECK)


@cli.command("serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (127.0.0.1: this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port (0: any free port).")
@click.option("--timeout", type=click.FloatRange(0.1), default=30.0, show_default=True,
              help="Seconds a query may run; its worker process is killed past them.")
@click.option("--max-rows", type=click.IntRange(1), default=10_000, show_default=True,
              help="Rows (or triples) an answer may have; the rest are cut and X-Result-Truncated says so.")
@click.option("--workers", type=click.IntRange(1, 64), default=min(4, os.cpu_count() or 1), show_default=True,
              help="Queries run at once, each in its own process.")
@click.option("--max-memory", type=click.IntRange(64), default=1024, show_default=True, metavar="MB",
              help="Memory a worker may allocate for one query.")
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN",
              help="Let pages from ORIGIN (e.g. https://yasgui.triply.cc) read answers; repeatable. Default: none.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Accept requests for Host NAME besides the bound address (e.g. a name on your network); repeatable.")
@click.option("-q", "--quiet", is_flag=True, help="Do not log requests.")
def serve_command(store: str | None, host: str, port: int, timeout: float, max_rows: int, workers: int,
                  max_memory: int, cors: tuple[str, ...], allow_hosts: tuple[str, ...], quiet: bool) -> None:
    """Serve the graph read-only: a SPARQL 1.1 endpoint at /sparql, a query page at /, the explorer at /explorer.

    Works with YASGUI, SPARQLWrapper, R's SPARQL packages and any SPARQL 1.1 client. Updates and SERVICE
    are refused; each query runs in a worker process with time, memory and row limits; pages from other
    origins cannot read answers unless --cors names them.
    """
    from kg.serve import ServerSettings, serve
    from kg.store import default_store_path

    settings = ServerSettings(timeout=timeout, max_rows=max_rows, workers=workers, queue=4 * workers,
                              max_memory=max_memory, cors=cors, allow_hosts=allow_hosts)
    path = store or default_store_path()
    serve(path, host, port, settings, quiet=quiet,
          announce=lambda url: click.echo(f"citekg: serving {path} at {url} (SPARQL endpoint {url}sparql); "
                                          "Ctrl-C stops", err=True))


@cli.command("push")
@store_option
@click.option("--endpoint", required=True, metavar="URL", help="The remote SPARQL query endpoint.")
@click.option("--graph-store", metavar="URL", help="Its Graph Store Protocol URL (found from --endpoint for "
              "Oxigraph, Fuseki and GraphDB).")
def push_command(store: str | None, endpoint: str, graph_store: str | None) -> None:
    """Upload the graph to a remote store, one named graph per source, replacing only those graphs."""
    from kg.store import push
    from kg.store.remote import RemoteStore

    remote = RemoteStore(endpoint, graph_store=graph_store)
    with open_graph(store) as graph:
        sent = push(graph.store, remote, progress=lambda g, n: click.echo(f"  {g}  {n:,} bytes", err=True))
    click.echo(f"pushed {len(sent)} graph(s) to {remote.graph_store}", err=True)


def _warn(problem: ParseError) -> None:
    click.echo(f"kg: warning: skipped record: {problem}", err=True)


_register_explore(cli)


def main() -> None:
    """Entry point of the ``kg`` console script."""
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
