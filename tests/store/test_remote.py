"""Remote stores: a real Oxigraph server process on 127.0.0.1, written through the Graph Store
Protocol (kg push) and queried through the SPARQL 1.1 Protocol (kg query --endpoint)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kg.graph import KnowledgeGraph
from kg.query import pack, run
from kg.store import push
from kg.store.remote import RemoteStore, graph_store_url

pytestmark = pytest.mark.server

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """An Oxigraph server (the `oxigraph` PyPI package's binary) on a free local port."""
    if OXIGRAPH is None:
        pytest.skip("the oxigraph server binary is not installed (pip install 'citekg[server]')")
    port = free_port()
    process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path / "remote"), "--bind",
                                f"127.0.0.1:{port}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("oxigraph did not start: " + process.stderr.read().decode())
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_graph_store_urls_of_common_servers():
    assert graph_store_url("http://h:7878/query") == "http://h:7878/store"
    assert graph_store_url("http://h:3030/ds/sparql") == "http://h:3030/ds/data"
    assert graph_store_url("http://h:7200/repositories/kg") == "http://h:7200/repositories/kg/rdf-graphs/service"


def test_push_then_query_remotely_gives_the_local_answers(seeds_graph, server):
    remote = RemoteStore(server + "/query")
    sent = push(seeds_graph.store, remote)
    assert len(sent) == len(seeds_graph.store.graph_names())
    with KnowledgeGraph(remote) as graph:
        for question in pack().values():  # the statistics graph went too: the rankings read it
            params = question.example_params
            assert sorted(map(repr, run(graph, question.name, params).rows)) == \
                sorted(map(repr, run(seeds_graph, question.name, params).rows)), question.name
        rows = list(run(graph, "method-and-body", {"method": "semi-structured interviews", "body": "GMC"}))
        assert [r["document"] for r in rows] == ["https://w3id.org/citekg/id/paper/pmid-32684944"]


def test_push_replaces_only_its_own_graphs(seeds_graph, server):
    remote = RemoteStore(server + "/query")
    other = "https://example.org/someone-elses-graph"
    remote.put_graph(other, b"<https://example.org/a> <https://example.org/b> \"kept\" .\n")
    source = "https://w3id.org/citekg/id/source/000-324412edea90c2cb-txt"
    remote.put_graph(source, b"<https://example.org/stale> <https://example.org/b> \"stale\" .\n")
    push(seeds_graph.store, remote)
    assert remote.query(f'ASK {{ GRAPH <{other}> {{ ?s ?p "kept" }} }}').boolean
    assert not remote.query(f'ASK {{ GRAPH <{source}> {{ ?s ?p "stale" }} }}').boolean
    local = len(seeds_graph.store.graph_ntriples(source).splitlines())
    count = remote.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{source}> {{ ?s ?p ?o }} }}").rows[0][0].value
    assert int(count) == local


def test_cli_push_and_query_against_the_server(seeds_graph, server):
    store = str(seeds_graph.store.path)
    kg = [sys.executable, "-m", "kg.cli"]
    pushed = subprocess.run(kg + ["push", "--store", store, "--endpoint", server + "/query"],
                            capture_output=True, text=True, timeout=120)
    assert pushed.returncode == 0, pushed.stderr
    answer = subprocess.run(kg + ["query", "top-mesh", "--endpoint", server + "/query", "--format", "json"],
                            capture_output=True, text=True, timeout=120)
    assert answer.returncode == 0, answer.stderr
    rows = json.loads(answer.stdout)["results"]["bindings"]
    assert rows[0]["heading"]["value"] == "Humans"
    ask = subprocess.run(kg + ["query", "ASK { ?d ckg:mentions body:icb }", "--endpoint", server + "/query"],
                         capture_output=True, text=True, timeout=120)
    assert ask.returncode == 1  # ASK false → exit status 1


def test_a_build_can_load_straight_into_a_remote_store(tmp_path, server):
    import kg
    from kg.builder import BuildOptions

    fixture = Path(__file__).parent.parent / "sources" / "fixtures" / "medline" / "pubmed-policy-set.nbib"
    graph = kg.build([fixture], store=RemoteStore(server + "/query"), options=BuildOptions(jobs=1))
    assert graph.summary()["documents: Paper"] == 4
    rebuilt = kg.build([fixture], store=RemoteStore(server + "/query"), options=BuildOptions(jobs=1))
    assert len(rebuilt.report.unchanged) == 1
