"""Remote stores: real servers on 127.0.0.1 (Oxigraph, Virtuoso, and a small HTTP server of our own
for what those two cannot show: Basic authentication, retries, the request pattern of a chunked push),
written through the Graph Store Protocol (kg push) and queried through the SPARQL 1.1 Protocol
(kg query --endpoint)."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest

from kg.errors import QueryError, StoreError
from kg.graph import KnowledgeGraph
from kg.query import run
from kg.store import push
from kg.store.remote import (ENGINES, RemoteStore, RowCapWarning, _Credentials, detect_engine, graph_store_url,
                             query_form)
from tests.store.conftest import VIRTUOSO_USER

KG = [sys.executable, "-m", "kg.cli"]


def test_graph_store_urls_of_common_servers():
    assert graph_store_url("http://h:7878/query") == "http://h:7878/store"
    assert graph_store_url("http://h:3030/ds/sparql") == "http://h:3030/ds/data"
    assert graph_store_url("http://h:3030/ds/query") == "http://h:3030/ds/data"
    assert graph_store_url("http://h:7200/repositories/kg") == "http://h:7200/repositories/kg/rdf-graphs/service"
    assert graph_store_url("http://h:8890/sparql") == "http://h:8890/sparql-graph-crud"
    assert graph_store_url("http://h:8890/sparql", authenticated=True) == "http://h:8890/sparql-graph-crud-auth"
    assert graph_store_url("http://h:7001") == "http://h:7001"  # QLever: the Graph Store is the endpoint itself
    assert graph_store_url("http://h/x/query", ENGINES["oxigraph"]) == "http://h/x/store"


def test_servers_are_recognised_by_header_then_by_url():
    assert detect_engine("http://h/anything", "Virtuoso/07.20.3229 (Linux)").name == "virtuoso"
    assert detect_engine("http://h/anything", "Oxigraph/0.5.13").name == "oxigraph"
    assert detect_engine("http://h/anything", "Apache Jena Fuseki (5.1.0)").name == "fuseki"
    assert detect_engine("http://h:7200/repositories/kg").name == "graphdb"
    assert detect_engine("http://h:7001/").name == "qlever"
    assert detect_engine("http://h:3030/kg/sparql").name == "fuseki"
    assert detect_engine("http://h/some/endpoint").name == "generic"


def test_query_forms_are_read_after_the_prologue():
    assert query_form("PREFIX a: <http://x/#>\n# ASK in a comment\nBASE <http://y/>\nSELECT * {}") == "SELECT"
    assert query_form("prefix : <http://x/> ask { ?s ?p ?o }") == "ASK"
    assert query_form("define input:default-graph-exclude <http://z/>\nCONSTRUCT { ?s ?p ?o } WHERE {}") == \
        "CONSTRUCT"
    assert query_form("DESCRIBE <http://x/>") == "DESCRIBE"


def test_digest_answer_is_rfc_2617s(monkeypatch):
    """The worked example of RFC 2617, section 3.5."""
    monkeypatch.setattr("secrets.token_hex", lambda n: "0a4f113b")
    credentials = _Credentials("Mufasa", "Circle Of Life")
    assert credentials.challenged('Digest realm="testrealm@host.com", qop="auth,auth-int", '
                                  'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"')
    header = credentials.header("GET", "http://www.nowhere.org/dir/index.html")["Authorization"]
    assert 'response="6629fae49393a05397450978507c4ef1"' in header and "nc=00000001" in header
    assert not credentials.challenged('Digest realm="testrealm@host.com", qop="auth", '
                                      'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093"')  # same nonce: wrong password
    assert "nc=00000001" in credentials.header("GET", "http://www.nowhere.org/dir/index.html")["Authorization"]


# ---------------------------------------------------------------- Oxigraph server

def test_push_then_query_remotely_gives_the_local_answers(seeds_graph, server):
    remote = RemoteStore(server + "/query")
    assert remote.engine.name == "oxigraph"
    sent = push(seeds_graph.store, remote)
    assert len(sent) == len(seeds_graph.store.graph_names())
    assert remote.graph_names() == seeds_graph.store.graph_names()
    with KnowledgeGraph(remote) as graph:
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
    assert other not in remote.graph_names()  # not a citekg graph


def test_push_in_small_chunks_sends_the_same_graph(seeds_graph, server):
    remote = RemoteStore(server + "/query", chunk_bytes=4096)
    graph = "https://w3id.org/citekg/id/graph/vocabulary"
    push(seeds_graph.store, remote, [graph])
    assert sorted(remote.graph_ntriples(graph).splitlines()) == \
        sorted(seeds_graph.store.graph_ntriples(graph).splitlines())


def test_a_remote_store_exports_what_was_pushed(seeds_graph, server, tmp_path):
    remote = RemoteStore(server + "/query")
    push(seeds_graph.store, remote)
    remote.put_graph("https://example.org/someone-elses-graph", b"<https://example.org/a> <https://example.org/b> \"1\" .\n")
    exported = sorted(line for chunk in remote.export() for line in chunk.splitlines())
    local = sorted(line for chunk in seeds_graph.store.export() for line in chunk.splitlines())
    assert exported == local


def test_cli_push_and_query_against_the_server(seeds_graph, server):
    store = str(seeds_graph.store.path)
    pushed = subprocess.run(KG + ["push", "--store", store, "--endpoint", server + "/query", "--chunk-mb", "1"],
                            capture_output=True, text=True, timeout=120)
    assert pushed.returncode == 0, pushed.stderr
    answer = subprocess.run(KG + ["query", "top-mesh", "--endpoint", server + "/query", "--format", "json"],
                            capture_output=True, text=True, timeout=120)
    assert answer.returncode == 0, answer.stderr
    rows = json.loads(answer.stdout)["results"]["bindings"]
    assert rows[0]["heading"]["value"] == "Humans"
    ask = subprocess.run(KG + ["query", "ASK { ?d ckg:mentions body:icb }", "--endpoint", server + "/query"],
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


def test_an_unreachable_endpoint_is_a_clear_error():
    from tests.store.conftest import free_port

    remote = RemoteStore(f"http://127.0.0.1:{free_port()}/query", retries=0, timeout=5)
    with pytest.raises(StoreError, match="cannot reach"):
        remote.query("ASK {}")


# ---------------------------------------------------------------- Virtuoso

@pytest.fixture(scope="module")
def virtuoso_seeds(virtuoso, seeds_graph):
    """The Virtuoso server with the seeds graph pushed (digest authentication, Virtuoso's auth URL)."""
    remote = RemoteStore(virtuoso, user=VIRTUOSO_USER[0], password=VIRTUOSO_USER[1])
    push(seeds_graph.store, remote)
    return virtuoso


def test_virtuoso_is_written_with_digest_authentication_at_its_auth_url(virtuoso, seeds_graph):
    remote = RemoteStore(virtuoso, user=VIRTUOSO_USER[0], password=VIRTUOSO_USER[1], chunk_bytes=65536)
    assert remote.engine.name == "virtuoso"
    assert remote.graph_store.endswith("/sparql-graph-crud-auth")
    graph = "https://w3id.org/citekg/id/graph/statistics"  # 740 kB: a dozen requests, the first one large
    push(seeds_graph.store, remote, [graph])
    assert sorted(remote.graph_ntriples(graph).splitlines()) == \
        sorted(seeds_graph.store.graph_ntriples(graph).splitlines())


def test_virtuoso_refuses_a_push_without_credentials_with_a_clear_error(virtuoso, seeds_graph):
    remote = RemoteStore(virtuoso, graph_store=virtuoso + "-graph-crud-auth", retries=0)
    with pytest.raises(StoreError, match="needs authentication.*--user"):
        remote.put_graph("https://example.org/g", b"<https://example.org/a> <https://example.org/b> \"1\" .\n")
    wrong = RemoteStore(virtuoso, user="dba", password="not-the-password", retries=0)
    with pytest.raises(StoreError, match="refused the credentials"):
        wrong.put_graph("https://example.org/g", b"<https://example.org/a> <https://example.org/b> \"1\" .\n")


def test_virtuoso_lists_the_citekg_graphs_and_hides_its_own(virtuoso_seeds, seeds_graph):
    remote = RemoteStore(virtuoso_seeds)
    assert remote.graph_names() == seeds_graph.store.graph_names()
    system = "ASK { ?s ?p ?o FILTER (STRSTARTS(STR(?p), 'http://www.openlinksw.com/schemas/virtrdf#')) }"
    assert remote._raw_select(system).boolean  # Virtuoso's own quad-map graph is there ...
    assert not remote.query(system).boolean  # ... and out of citekg's queries
    assert remote.query("ASK { ?d <https://w3id.org/citekg/ontology#mentions> ?e }").boolean
    with pytest.raises(QueryError, match="line 2"):  # where the error is in the text given
        remote.query("ASK {\n ?d ?p ?e ; }")


def test_virtuoso_cli_push_query_and_ask(virtuoso, seeds_graph, tmp_path):
    store = str(seeds_graph.store.path)
    pushed = subprocess.run(KG + ["push", "--store", store, "--endpoint", virtuoso, "--user", VIRTUOSO_USER[0],
                                  "--password", VIRTUOSO_USER[1], "--timeout", "60", "--retries", "1"],
                            capture_output=True, text=True, timeout=180)
    assert pushed.returncode == 0, pushed.stderr
    assert "sparql-graph-crud-auth" in pushed.stderr
    answer = subprocess.run(KG + ["query", "top-mesh", "--endpoint", virtuoso, "--format", "json"],
                            capture_output=True, text=True, timeout=120)
    assert answer.returncode == 0, answer.stderr
    assert json.loads(answer.stdout)["results"]["bindings"][0]["heading"]["value"] == "Humans"
    for text, status in (("ASK { ?d ckg:mentions body:icb }", 1), ("ASK { ?d ckg:mentions body:ccg }", 0)):
        ask = subprocess.run(KG + ["query", text, "--endpoint", virtuoso], capture_output=True, text=True,
                             timeout=120)
        assert ask.returncode == status, (text, ask.stdout, ask.stderr)


def test_virtuoso_row_cap_is_reported_not_silent(virtuoso_seeds, seeds_graph):
    remote = RemoteStore(virtuoso_seeds)
    assert len(seeds_graph.store) > 10_000
    with pytest.warns(RowCapWarning, match="first 10000 rows"):
        result = remote.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert len(result.rows) == 10_000
    assert len(remote) == len(seeds_graph.store)  # a count is one row: no cap
    exported = sum(len(chunk.splitlines()) for chunk in remote.export())  # the Graph Store has no cap
    assert exported == len(seeds_graph.store)


def test_a_graph_answer_from_virtuoso_is_turtle(virtuoso_seeds):
    remote = RemoteStore(virtuoso_seeds)
    result = remote.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/citekg/ontology#SourceFile> ; ?p ?o }")
    import pyoxigraph

    triples = list(pyoxigraph.parse(result.graph, format=pyoxigraph.RdfFormat.TURTLE))
    assert len({t.subject for t in triples}) == 4


# ---------------------------------------------------------------- our own small Graph Store server

class _Recorder(http.server.BaseHTTPRequestHandler):
    """A Graph Store that wants Basic authentication, fails the first request with 503 when asked to, and
    records the requests it accepted."""

    requests: list[tuple[str, str, bytes]] = []
    fail_first = False

    def _handle(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        expected = "Basic dXNlcjpzZWNyZXQ="  # user:secret
        if self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="kg"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if type(self).fail_first:
            type(self).fail_first = False
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        graph = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("graph", [""])[0]
        type(self).requests.append((self.command, graph, body))
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST = do_DELETE = _handle

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def recorder():
    _Recorder.requests = []
    _Recorder.fail_first = False
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_graph_goes_in_chunks_put_then_post_with_blank_nodes_last(recorder):
    remote = RemoteStore(recorder + "/store", graph_store=recorder + "/store", server="generic",
                         user="user", password="secret", auth="basic", chunk_bytes=1024)
    lines = [f"<https://example.org/s{i}> <https://example.org/p> \"{i:04d}\" .\n".encode() for i in range(200)]
    lines[7] = b"_:b1 <https://example.org/p> <https://example.org/o> .\n"
    lines[150] = b"<https://example.org/s> <https://example.org/q> _:b1 .\n"
    sent = remote.write_graph("https://example.org/g", [b"".join(lines[i:i + 10]) for i in range(0, 200, 10)])
    methods = [m for m, _, _ in _Recorder.requests]
    assert methods[0] == "PUT" and set(methods[1:]) == {"POST"} and len(methods) > 5
    assert all(g == "https://example.org/g" for _, g, _ in _Recorder.requests)
    bodies = [body for _, _, body in _Recorder.requests]
    assert sent == sum(map(len, bodies)) == sum(map(len, lines))
    assert sorted(b"".join(bodies).splitlines(keepends=True)) == sorted(lines)
    assert b"_:b1 <https://example.org/p>" in bodies[-1] and b"> _:b1 ." in bodies[-1]
    assert not any(b"_:" in body for body in bodies[:-1])


def test_a_push_retries_when_the_server_is_briefly_unavailable(recorder):
    _Recorder.fail_first = True
    remote = RemoteStore(recorder + "/store", graph_store=recorder + "/store", server="generic",
                         user="user", password="secret", retries=2)
    remote.put_graph("https://example.org/g", b"<https://example.org/a> <https://example.org/b> \"1\" .\n")
    assert [m for m, _, _ in _Recorder.requests] == ["PUT"]  # answered Basic's challenge, then the 503


def test_credentials_come_from_the_environment(recorder, monkeypatch):
    monkeypatch.setenv("KG_ENDPOINT_USER", "user")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "secret")
    remote = RemoteStore(recorder + "/store", graph_store=recorder + "/store", server="generic")
    remote.put_graph("https://example.org/g", b"<https://example.org/a> <https://example.org/b> \"1\" .\n")
    assert len(_Recorder.requests) == 1
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "wrong")
    with pytest.raises(StoreError, match="refused the credentials"):
        RemoteStore(recorder + "/store", graph_store=recorder + "/store", server="generic",
                    retries=0).put_graph("https://example.org/g", b"")


def test_a_user_without_a_password_is_refused():
    with pytest.raises(StoreError, match="both a user and a password"):
        RemoteStore("http://127.0.0.1:1/query", user="dba")
