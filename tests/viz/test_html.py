"""The explorer page: self-contained, strictly escaped, and carrying the view's data."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest

from kg.network import scope_for, view
from kg.viz.html import LAYOUT_THRESHOLD, ExplorerOptions, explorer_data, explorer_page, json_for_html, write_explorer
from tests.network.graphs import HOSTILE_IRI, HOSTILE_TITLE, synthetic_view

CCG = "https://w3id.org/citekg/id/body/ccg"


@pytest.fixture(scope="module")
def full(graph):
    return view(graph, "full")


@pytest.fixture(scope="module")
def page(full, graph):
    return explorer_page(full, graph)


def embedded_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


@pytest.mark.parametrize("value", ["</script><script>alert(1)</script>", "<!-- x -->", "a & b", "\u2028\u2029", "<img src=x>"])
def test_json_for_html_cannot_end_the_script_element(value):
    text = json_for_html({"v": value})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"v": value}


def test_the_page_loads_nothing_from_outside(page):
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<(script|img|iframe|link|embed|object)\b[^>]*\b(src|href)\s*=", page, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page, re.I)
    assert page.count("<script") == 3 and page.count("</script>") == 3


def test_content_security_policy_allows_only_its_own_scripts(page):
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src" not in csp  # falls back to 'none'
    hashes = set(re.findall(r"'sha256-([^']+)'", csp))
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2
    assert hashes == {base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts}
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_source_text_never_appears_unescaped(page):
    assert HOSTILE_TITLE not in page
    assert "onerror=alert(1)" not in page.split('id="kg-data">')[0]  # not in the markup before the data
    assert "<script>alert(2)</script>" not in page
    data = embedded_data(page)
    node = next(n for n in data["nodes"] if n["iri"] == HOSTILE_IRI)
    assert node["label"] == HOSTILE_TITLE


def test_a_hostile_page_title_is_escaped(full):
    page = explorer_page(full, title='</title><script>alert("t")</script>')
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;</title>" in page


def test_data_mirror_the_view(full, page):
    data = embedded_data(page)
    assert len(data["nodes"]) == full.number_of_nodes() and len(data["edges"]) == full.number_of_edges()
    assert sum(t["count"] for t in data["types"]) == full.number_of_nodes()
    assert data["directed"] and data["view"] == "full" and data["layout"] == "browser"
    ccg = next(i for i, n in enumerate(data["nodes"]) if n["iri"] == CCG)
    node = data["nodes"][ccg]
    assert node["degree"] == full.degree(CCG) and node["type"] == "Body"
    assert node["years"] == list(full.nodes[CCG]["years"])
    every_year = [y for n in data["nodes"] for y in n["years"]]
    assert data["years"] == [min(every_year), max(every_year)]
    type_styles = {t["type"]: t for t in data["types"]}
    assert type_styles["Body"]["shape"] == "dot" and type_styles["Policy"]["shape"] == "diamond"


def test_each_node_has_its_documents_and_evidence_sentences(page):
    data = embedded_data(page)
    ccg = next(i for i, n in enumerate(data["nodes"]) if n["iri"] == CCG)
    details = data["details"][str(ccg)]
    docs = [data["docs"][d] for d, _ in details["docs"]]
    sentences = [data["sentences"][s] for _, ss in details["docs"] for s in ss]
    assert len(docs) >= 5 and any(d["iri"] == HOSTILE_IRI for d in docs)
    assert sentences and all("commissioning group" in s.lower() or "ccg" in s.lower() for s in sentences)
    relations = {(s[0], s[1], s[2]) for s in details["statements"]}
    assert ("abolishes", "Health and Care Act 2022", False) in relations
    hostile = next(i for i, n in enumerate(data["nodes"]) if n["iri"] == HOSTILE_IRI)
    evidence = data["details"][str(hostile)]["statements"]
    assert {"mentions", "usesMethod"} & {s[0] for s in evidence}
    assert any("</script><script>alert(2)</script>" in data["sentences"][q[0]] for s in evidence for q in s[4])


def test_scope_reaches_the_evidence(graph):
    scoped = view(graph, "comention", scope_for(years="2021"))
    data = explorer_data(scoped, graph, scope_for(years="2021"))
    years = {data["docs"][d]["year"] for entry in data["details"].values() for d, _ in entry.get("docs", [])}
    assert years == {2021} and data["scope"] == "2021"


def test_large_views_are_laid_out_in_python(tmp_path):
    g = synthetic_view(120)
    data = explorer_data(g, options=ExplorerOptions(layout_threshold=100))
    assert data["layout"] == "python"
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    small = explorer_data(synthetic_view(50))
    assert small["layout"] == "browser" and "x" not in small["nodes"][0] and LAYOUT_THRESHOLD == 300


def test_write_explorer(tmp_path, full):
    path = write_explorer(full, tmp_path / "sub" / "graph.html", title="Mine")
    text = path.read_text(encoding="utf-8")
    assert "<title>Mine</title>" in text and embedded_data(text)["details"] == {}
    assert not list(tmp_path.glob("sub/*.tmp"))
