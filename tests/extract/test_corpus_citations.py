"""kg.extract.citations.link_nquads: what a post cites or who publishes it, read across the whole graph."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.builder import BuildOptions
from rdflib import URIRef

from kg.vocab.namespaces import CITO, DCTERMS, ID, RDFS, SKOS

TITLE, PUBLISHER, CITES = URIRef(DCTERMS.title), URIRef(DCTERMS.publisher), URIRef(CITO.cites)
LABEL, ALT_LABEL = URIRef(RDFS.label), URIRef(SKOS.altLabel)
CITATION = URIRef(DCTERMS.bibliographicCitation)

ARCHIVE = """Category Archives: Networks

Primary care networks two years on

The King's Fund has followed primary care networks since 2019. This report looks at how they have changed.

Download interim report [pdf]>>
Download summary [pdf]>>

Networks and the new contract

Researchers at The King's Fund interviewed clinical directors about the network contract.

Download NHSE guidance [pdf]>>

Where next for networks?

In our BMJ Open paper we examine how clinical directors of primary care networks see their role.

Read more>>
"""


def built(path: Path, text: str):
    """The graph built from one file holding ``text``, as an rdflib Dataset."""
    path.write_text(text, encoding="utf-8")
    graph = kg.build([path], store=":memory:", options=BuildOptions(jobs=1))
    try:
        return graph.to_rdflib()
    finally:
        graph.close()


@pytest.fixture(scope="module")
def archive_graph(tmp_path_factory):
    return built(tmp_path_factory.mktemp("archive") / "networks.txt", ARCHIVE)


def post(dataset, title_start: str):
    return next(s for s, title in dataset.subject_objects(TITLE) if str(title).startswith(title_start))


def test_the_research_organisation_most_posts_name_publishes_the_blog(archive_graph):
    kings_fund = ID + "body/kings-fund"
    posts = {s for s, o in archive_graph.subject_objects(PUBLISHER) if str(o) == kings_fund}
    assert post(archive_graph, "Primary care networks") in posts
    assert post(archive_graph, "Where next") in posts  # does not name the King's Fund itself


def test_a_report_that_does_not_name_its_publisher_is_the_blogs(archive_graph):
    reports = {str(archive_graph.value(w, LABEL)): w
               for w in archive_graph.objects(post(archive_graph, "Primary care networks"), CITES)}
    report = reports["Interim report (with summary) linked from \u201cPrimary care networks two years on\u201d"]
    assert str(archive_graph.value(report, PUBLISHER)) == ID + "body/kings-fund"
    assert {str(label) for label in archive_graph.objects(report, ALT_LABEL)} == \
        {"The King's Fund interim report (with summary)"}
    guidance = next(archive_graph.objects(post(archive_graph, "Networks and the new"), CITES))
    assert archive_graph.value(guidance, PUBLISHER) is None  # "NHSE guidance" names its own


def test_a_journal_paper_not_in_the_graph_is_a_work_of_its_own(archive_graph):
    works = list(archive_graph.objects(post(archive_graph, "Where next"), CITES))
    assert [str(archive_graph.value(w, LABEL)) for w in works] == \
        ["Paper in BMJ Open cited by \u201cWhere next for networks?\u201d"]
    assert "our BMJ Open paper" in str(archive_graph.value(works[0], CITATION))


TIED = """Tag Archives: Funding

Funding primary care

The King's Fund and the Nuffield Trust both wrote on funding.

Download report [pdf]>>

Funding social care

The King's Fund and the Nuffield Trust disagree on social care.
"""


def test_a_blog_with_no_one_organisation_named_most_has_no_publisher(tmp_path):
    dataset = built(tmp_path / "funding.txt", TIED)
    assert post(dataset, "Funding primary care")  # built, and read as posts
    assert not list(dataset.triples((None, PUBLISHER, None)))


SITE = """<!DOCTYPE html><html lang="en"><head><meta property="og:site_name" content="Northmoor Health Unit">
<title>Networks | Northmoor Health Unit</title></head><body class="archive">
<article class="post hentry"><h2 class="entry-title"><a href="https://example.org/networks" rel="bookmark">Networks
two years on</a></h2><div class="entry-content"><p>We followed primary care networks for two years.</p>
<p><a href="https://example.org/files/final.pdf">Download final report [pdf]</a></p></div></article>
</body></html>"""


def test_a_site_that_names_itself_publishes_the_reports_its_posts_link_to(tmp_path):
    dataset = built(tmp_path / "networks.html", SITE)
    report = next(dataset.objects(post(dataset, "Networks"), CITES))
    assert str(dataset.value(report, PUBLISHER)) == "Northmoor Health Unit"
    assert str(dataset.value(report, ALT_LABEL)) == "Northmoor Health Unit final report"
