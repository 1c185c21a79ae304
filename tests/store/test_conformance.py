"""Per-engine conformance: the seeds graph pushed with `kg push` to a real server, then every question of
the pack asked through the endpoint gives the local store's rows.

The one difference allowed is one SPARQL leaves open: the order of the values a GROUP_CONCAT joins
(and whether a concatenation of language-tagged labels keeps the tag, or of nothing is "" or unbound),
so such columns are compared as sets of values."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from kg.graph import KnowledgeGraph
from kg.query import pack, run
from kg.store.results import Term
from kg.store.remote import RemoteStore
from tests.store.conftest import VIRTUOSO_USER

KG = [sys.executable, "-m", "kg.cli"]
_CONCAT = re.compile(r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?separator\s*=\s*\"([^\"]*)\"\s*\)\s+AS\s+\?(\w+)",
                     re.IGNORECASE)


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def endpoint(request, seeds_graph, tmp_path_factory):
    """A real server of each kind with the seeds graph pushed through the command line."""
    if request.param == "oxigraph":
        from tests.store.conftest import OXIGRAPH, free_port, start_server, stop_server

        if OXIGRAPH is None:
            pytest.skip("the oxigraph server binary is not installed (pip install 'citekg[server]')")
        folder = tmp_path_factory.mktemp("oxigraph")
        port = free_port()
        url = f"http://127.0.0.1:{port}/query"
        process = start_server([OXIGRAPH, "serve", "--location", str(folder / "store"), "--bind",
                                f"127.0.0.1:{port}"], url + "?query=ASK%7B%7D", folder / "log", 30)
        request.addfinalizer(lambda: stop_server(process))
        credentials: list[str] = []
    else:
        url = request.getfixturevalue("virtuoso")
        credentials = ["--user", VIRTUOSO_USER[0], "--password", VIRTUOSO_USER[1]]
    pushed = subprocess.run(KG + ["push", "--store", str(seeds_graph.store.path), "--endpoint", url] + credentials,
                            capture_output=True, text=True, timeout=300)
    assert pushed.returncode == 0, pushed.stderr
    assert f"({request.param})" in pushed.stderr  # the server was recognised
    return url


def _normalised(question, rows: list[tuple[Term | None, ...]], variables: list[str]) -> list[str]:
    concatenated = {variable: separator for separator, variable in _CONCAT.findall(question.sparql)}
    out = []
    for row in rows:
        cells = []
        for variable, term in zip(variables, row):
            if variable in concatenated:
                values = sorted(set(term.value.split(concatenated[variable]))) if term and term.value else []
                cells.append(repr(values))
            else:
                cells.append(repr(term))
        out.append(" | ".join(cells))
    return sorted(out)


def test_every_question_gives_the_local_rows(endpoint, seeds_graph):
    remote = KnowledgeGraph(RemoteStore(endpoint))
    differences = []
    for question in pack().values():
        params = question.example_params
        local = run(seeds_graph, question.name, params)
        answer = run(remote, question.name, params)
        assert answer.variables == local.variables, question.name
        if _normalised(question, answer.rows, answer.variables) != _normalised(question, local.rows, local.variables):
            differences.append(question.name)
    assert differences == []


def test_the_command_line_asks_the_server(endpoint):
    answer = subprocess.run(KG + ["query", "sources", "--endpoint", endpoint, "--format", "csv"],
                            capture_output=True, text=True, timeout=120)
    assert answer.returncode == 0, answer.stderr
    assert len(answer.stdout.splitlines()) == 5  # header and the four seed pages
