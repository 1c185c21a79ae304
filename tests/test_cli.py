"""The kg command: what it prints and the exit statuses it promises (0 fine, 1 check failed, 2 bad input)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

FIXTURES = Path(__file__).parent / "sources" / "fixtures"
NBIB = FIXTURES / "medline" / "pubmed-policy-set.nbib"
EXAMPLES = Path(__file__).parent.parent / "examples" / "sources"


@pytest.fixture
def runner():
    return CliRunner()


def test_help_lists_the_commands(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("parse", "build", "validate", "query", "serve", "push"):
        assert command in result.output


def test_parse_json_lines_and_summary(runner):
    result = runner.invoke(cli, ["parse", str(NBIB), "--json"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 4 and all(r["kind"] == "paper" for r in records)
    assert "medline, 4 records" in result.stderr


def test_parse_from_standard_input(runner):
    result = runner.invoke(cli, ["parse", "-", "--json"], input=NBIB.read_bytes())
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 4
    assert "<stdin>: medline" in result.stderr


def test_parse_merges_a_document_seen_twice(runner, tmp_path):
    (tmp_path / "a.nbib").write_bytes(NBIB.read_bytes())
    (tmp_path / "b.nbib").write_bytes(NBIB.read_bytes())
    merged = runner.invoke(cli, ["parse", str(tmp_path), "--json"])
    both = runner.invoke(cli, ["parse", str(tmp_path), "--json", "--no-merge"])
    assert len(merged.stdout.splitlines()) == 4 and len(both.stdout.splitlines()) == 8
    assert len(json.loads(merged.stdout.splitlines()[0])["sources"]) == 2


def test_unknown_format_names_the_formats(runner, tmp_path):
    odd = tmp_path / "odd.txt"
    odd.write_text("nothing anyone would recognise\n")
    result = runner.invoke(cli, ["parse", str(odd)])
    assert result.exit_code == 2
    assert "no parser recognises" in result.stderr and "medline" in result.stderr and "odd.txt:1" in result.stderr


def test_lenient_warns_and_strict_stops(runner):
    bad = FIXTURES / "bvs-listing" / "malformed.txt"
    lenient = runner.invoke(cli, ["parse", str(bad)])
    assert lenient.exit_code == 0 and "warning: skipped record" in lenient.stderr and "1 warning" in lenient.stderr
    strict = runner.invoke(cli, ["parse", str(bad), "--strict"])
    assert strict.exit_code == 2 and "malformed.txt:16 (record mdl-11111111)" in strict.stderr


def test_build_validate_and_query(runner, tmp_path):
    store, out = tmp_path / "store", tmp_path / "graph.ttl"
    built = runner.invoke(cli, ["build", str(NBIB), "--store", str(store), "-o", str(out), "-j", "1"])
    assert built.exit_code == 0, built.output
    assert "documents: Paper" in built.stderr and out.exists()
    assert runner.invoke(cli, ["validate", str(out)]).exit_code == 0
    assert runner.invoke(cli, ["validate", "--store", str(store)]).exit_code == 0
    csv = runner.invoke(cli, ["query", "sources", "--store", str(store), "--format", "csv"])
    assert csv.exit_code == 0 and csv.stdout.startswith("file,format,records,sha256")
    ask_yes = runner.invoke(cli, ["query", "ASK { ?p a ckg:Paper }", "--store", str(store)])
    ask_no = runner.invoke(cli, ["query", "ASK { ?p a ckg:Report }", "--store", str(store)])
    assert (ask_yes.exit_code, ask_no.exit_code) == (0, 1)
    bad = runner.invoke(cli, ["query", "SELECT ?s WHERE {\n ?s ?p\n}", "--store", str(store)])
    assert bad.exit_code == 2 and "line 3" in bad.stderr
    graph = runner.invoke(cli, ["query", "CONSTRUCT WHERE { ?p a ckg:Paper }", "--store", str(store)])
    assert graph.exit_code == 0 and "ckg:Paper" in graph.stdout
    cut = runner.invoke(cli, ["query", "papers-in-era", "-p", "limit=1", "--store", str(store), "--format", "csv"])
    whole = runner.invoke(cli, ["query", "papers-in-era", "-p", "limit=0", "--store", str(store), "--format", "csv"])
    assert cut.exit_code == 0 and len(cut.stdout.splitlines()) == 2 and "limit=0 gives them all" in cut.stderr
    assert len(whole.stdout.splitlines()) > 2 and "limit" not in whole.stderr


def test_validate_reports_violations_with_status_1(runner, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ckg: <https://w3id.org/citekg/ontology#> .\n'
                   '<https://w3id.org/citekg/id/paper/x> a ckg:Paper ; '
                   '<http://purl.org/dc/terms/title> "one", "two" .\n')
    result = runner.invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "at most one title" in result.output and "every document says which source record" in result.output


def test_query_without_a_store_says_how_to_make_one(runner, tmp_path):
    result = runner.invoke(cli, ["query", "top-mesh", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2 and "kg build" in result.stderr


def test_query_list_documents_the_pack(runner):
    result = runner.invoke(cli, ["query", "--list"])
    assert result.exit_code == 0 and "papers-using-method" in result.output and "--param method=" in result.output


def test_build_strict_bad_record_is_a_failed_check(runner, tmp_path):
    result = runner.invoke(cli, ["build", str(FIXTURES / "bvs-listing" / "malformed.txt"), "--strict",
                                 "--store", str(tmp_path / "s"), "-j", "1"])
    assert result.exit_code == 1 and "--strict" in result.stderr


def test_progress_is_plain_lines_when_not_a_terminal_and_silent_when_quiet(monkeypatch, capsys):
    from kg.cli import console
    from kg.progress import Step

    monkeypatch.setattr(console, "PLAIN_FIRST", 0.0)
    with console.ProgressDisplay(live=False) as display:
        display(Step("reading", 512 << 10, 2 << 20, "bytes", "a.nbib"))
        display(Step("reading", 1 << 20, 2 << 20, "bytes", "a.nbib"))  # within PLAIN_EVERY: no second line
        display(Step("derived graphs", 1, 4, "steps", "statistics"))
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["kg: reading: 512.0 kB / 2.0 MB (25%)  a.nbib", "kg: derived graphs: 1 / 4 steps (25%)  statistics"]
    with console.ProgressDisplay(enabled=False) as display:
        display(Step("reading", 1, 2))
    assert capsys.readouterr().err == ""


def test_build_summary_and_exit_statuses(runner, tmp_path):
    store = tmp_path / "store"
    ok = runner.invoke(cli, ["build", str(EXAMPLES / "export-revalidation.nbib"), "--store", str(store)])
    assert ok.exit_code == 0 and "documents: Paper" in ok.stderr
    bad_output = runner.invoke(cli, ["build", str(EXAMPLES), "--store", str(store), "-o", "x.bogus"])
    assert bad_output.exit_code == 2 and "unknown RDF format" in bad_output.stderr
    bad_format = runner.invoke(cli, ["build", str(EXAMPLES), "--store", str(store), "--source-format", "nonsense"])
    assert bad_format.exit_code == 2 and "unknown format 'nonsense'" in bad_format.stderr
    empty = runner.invoke(cli, ["viz", "--store", str(store), "--years", "2030-2040", "-o", str(tmp_path / "v.html")])
    assert empty.exit_code == 2 and "no document was issued in 2030" in empty.stderr
    assert not (tmp_path / "v.html").exists()
