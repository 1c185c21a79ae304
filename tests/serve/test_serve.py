"""kg serve keeps what it did: the SPARQL 1.1 Protocol, content negotiation, limits and the query page,
on a real server process on 127.0.0.1 queried with SPARQLWrapper and plain HTTP."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pytest

pytestmark = pytest.mark.server

SPARQLWrapper = pytest.importorskip("SPARQLWrapper", reason="the test extra installs SPARQLWrapper")


@pytest.fixture(scope="module")
def endpoint(served):
    """`kg serve` on the seeds store, in its own process (--timeout 5 --max-rows 50)."""
    return served.url


def wrapper(url: str, query: str, fmt: str, method: str = "GET"):
    client = SPARQLWrapper.SPARQLWrapper(url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client.query().convert()


def test_select_as_json_with_get_and_post(endpoint):
    query = "PREFIX ckg: <https://w3id.org/citekg/ontology#> SELECT (COUNT(?p) AS ?n) WHERE { ?p a ckg:Paper }"
    for method in ("GET", "POST"):
        data = wrapper(endpoint, query, SPARQLWrapper.JSON, method)
        assert data["results"]["bindings"][0]["n"]["value"] == "29"


def test_prefixes_are_predeclared(endpoint):
    data = wrapper(endpoint, "SELECT ?t WHERE { ?p a ckg:BlogPost ; dcterms:title ?t } ORDER BY ?t LIMIT 1",
                   SPARQLWrapper.JSON)
    assert data["results"]["bindings"][0]["t"]["value"].startswith("Alliance contracting")


def test_xml_csv_and_tsv_results(endpoint):
    query = "SELECT ?s WHERE { ?s a ckg:SourceFile } ORDER BY ?s"
    xml = wrapper(endpoint, query, SPARQLWrapper.XML)
    assert len(xml.getElementsByTagName("result")) == 4
    csv = wrapper(endpoint, query, SPARQLWrapper.CSV).decode()
    assert csv.splitlines()[0] == "s" and len(csv.splitlines()) == 5
    tsv = wrapper(endpoint, query, SPARQLWrapper.TSV).decode()
    assert tsv.splitlines()[1].startswith("<https://w3id.org/citekg/id/source/")


def test_ask_and_construct(endpoint):
    assert wrapper(endpoint, "ASK { ?d ckg:mentions body:ccg }", SPARQLWrapper.JSON)["boolean"] is True
    graph = wrapper(endpoint, "CONSTRUCT { ?d ckg:mentions body:ccg } WHERE { ?d ckg:mentions body:ccg }",
                    SPARQLWrapper.TURTLE)
    assert len(graph) >= 15


def get(url: str, headers: dict | None = None, data: bytes | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_content_negotiation_for_graphs(endpoint):
    query = urllib.parse.quote("CONSTRUCT WHERE { ?s a ckg:SourceFile }")
    status, headers, body = get(f"{endpoint}/sparql?query={query}", {"Accept": "application/n-triples"})
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert body.count(" .\n") == 4
    status, _, _ = get(f"{endpoint}/sparql?query={query}", {"Accept": "image/png"})
    assert status == 406


def test_updates_and_service_are_refused(endpoint):
    status, _, body = get(f"{endpoint}/sparql", data=urllib.parse.urlencode({"update": "DROP ALL"}).encode())
    assert status == 403 and "read-only" in body
    status, _, _ = get(f"{endpoint}/sparql", {"Content-Type": "application/sparql-update"}, b"DROP ALL")
    assert status == 403
    query = urllib.parse.quote("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    status, _, body = get(f"{endpoint}/sparql?query={query}")
    assert status == 403 and "SERVICE" in body
    count = wrapper(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s a ckg:Paper }", SPARQLWrapper.JSON)
    assert count["results"]["bindings"][0]["n"]["value"] == "29"  # nothing was dropped


def test_syntax_errors_say_where(endpoint):
    query = urllib.parse.quote("SELECT ?s WHERE {\n ?s ?p \n}")
    status, _, body = get(f"{endpoint}/sparql?query={query}")
    assert status == 400 and "line 3" in body


def test_result_size_limit(endpoint):
    query = urllib.parse.quote("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    status, headers, body = get(f"{endpoint}/sparql?query={query}", {"Accept": "text/csv"})
    assert status == 200 and headers.get("X-Result-Truncated") == "true"
    assert len(body.splitlines()) == 51


def test_time_limit(endpoint):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    status, _, body = get(f"{endpoint}/sparql?query={urllib.parse.quote(slow)}")
    assert status == 503 and "5 s" in body


def test_query_page_works_offline(endpoint):
    status, headers, body = get(endpoint + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "papers-using-method" in body
    assert "http://" not in body.replace("http://www.w3.org", "").split("<script type=\"application/json\"")[0]
    assert "<script>" not in body and "<style>" not in body  # script and style are files, as the CSP requires
    for asset in ("/assets/query.js", "/assets/query.css"):
        assert asset in body and get(endpoint + asset)[0] == 200
    assert get(endpoint + "/assets/..%2Fapp.py")[0] == 404


def test_page_says_which_build_it_serves(endpoint, seeds_graph):
    _, headers, body = get(endpoint + "/")
    assert str(seeds_graph.store.path) in body and "store last written 20" in body
    _, headers, _ = get(endpoint + "/sparql?query=" + urllib.parse.quote("ASK {}"))
    assert headers["X-Store-Modified"].startswith("20")


def test_explorer_is_served_with_its_own_policy(endpoint):
    status, headers, body = get(endpoint + "/explorer")
    assert status == 200 and "kg-data" in body
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "sha256-" in policy
