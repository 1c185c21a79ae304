"""kg.extract.citations: reference lists, author–year citations and links that cite a work."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.extract.citations import link_description
from kg.model import Reference
from tests.extract import paper, post, short


def citations(document) -> list[tuple[str, str, str]]:
    """(cited work IRI, technique, words as written) of each citation."""
    found = extract(document)
    return [(short(c.work.iri), c.technique, found.text.text[c.start:c.end]) for c in found.citations]


# ---------------------------------------------------------------- references and author–year citations

SAME_WORK = [
    # (in-text citation, reference-list entry, the work both cite)
    ("As Marsh (2011) argues, institutions persist.",
     "Marsh, P. R. (2011). Institutions in transition. Leeds: Example Press.", "work/marsh-2011"),
    ("Markets stalled (Greener & Hunter, 2014).",
     "Greener, I. & Hunter, D. (2014). Markets and hierarchies. Bristol: Example Press.",
     "work/greener-hunter-2014"),
    ("Networks varied (Klein, 2020).", "Klein, B. (2020) Primary care networks. J Health Serv 4: 1-9.",
     "work/klein-2020"),
    ("Markets stalled (Greener and Hunter 2014).",
     "Greener, I. and Hunter, D. (2014). Markets and hierarchies. Bristol: Example Press.",
     "work/greener-hunter-2014"),
    ("Hughes et al. (2018) found that networks varied.",
     "Hughes, A., Klein, B. and Moss, C. (2018). Networks in primary care. London: Example Press.",
     "work/hughes-et-al-2018"),
]


@pytest.mark.parametrize("sentence, reference, work", SAME_WORK)
def test_an_author_year_citation_cites_its_reference_list_entry(sentence, reference, work):
    found = citations(paper(sentence, references=[reference]))
    assert {w for w, _, _ in found} == {work}
    assert [t for _, t, _ in found] == ["reference-list", "author-year"]
    assert found[0][2] == reference


@pytest.mark.parametrize("sentence, work, label", [
    ("Lipsky (1980) argued that front-line staff make policy.", "work/lipsky-1980", "Lipsky 1980"),
    ("Markets stalled (Greener & Hunter, 2014).", "work/greener-hunter-2014", "Greener & Hunter 2014"),
    ("Greener, Harrison and Hunter (2014) describe three phases.", "work/greener-et-al-2014",
     "Greener et al. 2014"),
])
def test_an_author_year_citation_without_a_reference_cites_a_work_of_its_own(sentence, work, label):
    found = extract(post(sentence))
    [citation] = found.citations
    assert (short(citation.work.iri), citation.work.label, citation.work.kind) == (work, label, "author-year")


def test_the_same_citation_twice_cites_one_work():
    found = citations(post("Lipsky (1980) coined the term.", "Later work revisited Lipsky (1980)."))
    assert [w for w, _, _ in found] == ["work/lipsky-1980", "work/lipsky-1980"]


def test_a_reference_with_an_identifier_cites_that_paper():
    document = paper(references=[Reference("Hughes A. Networks. BMJ 2019;1:1.", pmid="31234567"),
                                 Reference("Klein B. Markets. 2018.", doi="10.1000/example.1")])
    assert [(w, t) for w, t, _ in citations(document)] == [("paper/pmid-31234567", "pubmed-reference"),
                                                            ("paper/doi-10-1000-example-1", "pubmed-reference")]


def test_a_reference_without_authors_or_year_cites_a_work_named_by_its_text():
    found = citations(paper(references=["Integrated care: a briefing for members."]))
    assert found == [("work/integrated-care-a-briefing-for-members", "reference-list",
                      "Integrated care: a briefing for members.")]


def test_no_author_year_citations_are_read_in_links_or_references():
    document = post(links=[("Hughes (2019) report", "https://example.org/r.pdf")],
                    references=["Hughes, A. (2019). Networks. London: Example Press."])
    assert [t for _, t, _ in citations(document)] == ["reference-list", "link"]


# ---------------------------------------------------------------- links

LINKS = [
    ("Download report [pdf]", "https://example.org/files/pcn-report.pdf", True),
    ("Link to the paper", "https://example.org/articles/42", True),
    ("here", "https://doi.org/10.1000/example.2", True),  # a DOI
    ("Read more", "https://example.org/files/pcn-report.pdf", False),
    ("Share", "https://example.org/share", False),
    ("here", "https://example.org/about-us", False),
]


@pytest.mark.parametrize("text, target, cites", LINKS)
def test_which_links_cite_a_work(text, target, cites):
    found = citations(post("A post.", title="Networks", links=[(text, target)]))
    assert bool(found) is cites
    if cites:
        assert found[0][1:] == ("link", text)


def test_a_summary_link_is_part_of_the_report_before_it():
    document = post("We publish our report today.", title="New report on networks", links=[
        ("Download report [pdf]", "https://example.org/files/pcn-report.pdf"),
        ("Download summary [pdf]", "https://example.org/files/pcn-summary.pdf"),
        ("Read more", "https://example.org/blog/pcns"),
        ("Download appendix", "https://example.org/files/pcn-appendix.pdf"),
        ("Link to the paper", "https://example.org/articles/42"),
    ])
    found = extract(document)
    links = [(short(c.work.iri), found.text.text[c.start:c.end]) for c in found.citations]
    report = "work/example-org-files-pcn-report-pdf"
    assert links == [(report, "Download report [pdf]"), (report, "Download summary [pdf]"),
                     (report, "Download appendix"), ("work/example-org-articles-42", "Link to the paper")]
    work = found.citations[0].work
    assert work.label == "Report (with summary and appendix) linked from \u201cNew report on networks\u201d"
    assert "Download summary [pdf]" in work.citation_text
    assert found.citations[-1].work.label == "Journal article linked from \u201cNew report on networks\u201d"


@pytest.mark.parametrize("links, description", [
    (["Download interim report [pdf]", "Download summary [pdf]"], ("interim report", " (with summary)")),
    (["Download PRUComm report [pdf]>>"], ("PRUComm report", "")),
    (["Read the BMJ Open article \u00bb"], ("BMJ Open article", "")),
    (["Download report (PDF)"], ("report", "")),
    (["Link to the paper"], ("journal article", "")),
    (["here"], ("work", "")),
])
def test_a_linked_work_is_described_by_its_link_words(links, description):
    assert link_description(links) == description


@pytest.mark.parametrize("target, work", [
    ("https://pubmed.ncbi.nlm.nih.gov/31234567/", "paper/pmid-31234567"),
    ("https://www.ncbi.nlm.nih.gov/pubmed/31234567", "paper/pmid-31234567"),
    ("https://doi.org/10.1136/BMJOpen-2021-059026", "paper/doi-10-1136-bmjopen-2021-059026"),
    ("http://dx.doi.org/10.1000/example%2F2", "paper/doi-10-1000-example-2"),
    ("https://pubmed.ncbi.nlm.nih.gov/?term=ccg", "work/pubmed-ncbi-nlm-nih-gov-term-ccg"),  # a search, no paper
    ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC123/", "work/ncbi-nlm-nih-gov-pmc-articles-pmc123"),
])
def test_a_link_to_a_pubmed_record_or_a_doi_cites_that_paper(target, work):
    """The same IRI as the paper's own record, so a post's link joins the paper a MEDLINE export brought."""
    found = extract(post("A post.", title="Networks", links=[("Read the BMJ Open article", target)]))
    assert [short(c.work.iri) for c in found.citations] == [work]
    assert found.citations[0].work.url == target


@pytest.mark.parametrize("text, target, label", [
    ("BMC Primary Care", "https://doi.org/10.1000/example.2", "Journal article"),
    ("British Journal of General Practice", "https://example.org/bjgp/42", "Journal article"),
    ("Download NHSE guidance [pdf]", "https://example.org/guidance.pdf", "NHSE guidance"),
    ("here", "https://example.org/files/x.pdf", "Work"),
])
def test_a_link_names_what_it_fetches(text, target, label):
    work = extract(post("A post.", title="Networks", links=[(text, target)])).citations[0].work
    assert work.label == f"{label} linked from \u201cNetworks\u201d"


PRUCOMM_REPORT = ("Download PRUComm report [pdf]>>", "https://example.org/files/gp-retention.pdf")


@pytest.mark.parametrize("body, description", [
    (["The Department of Health commissioned us to undertake an evidence synthesis on GP recruitment, "
      "retention and re-employment \u2013 although the review focused on retention."],
     "Evidence synthesis on GP recruitment, retention and re-employment"),
    (["This is the fourth annual review of our research and provides a brief overview of our work."],
     "Fourth annual review of our research"),
    (["Practices were asked about staffing.", "We conducted a survey of practice managers in 2019."],
     "Survey of practice managers in 2019"),
])
def test_the_prose_of_a_page_describes_the_one_work_it_offers_to_download(body, description):
    found = extract(post(*body, title="Retention", links=[PRUCOMM_REPORT]))
    [link, prose] = found.citations
    assert link.work == prose.work
    assert link.work.label == f"{description} linked from \u201cRetention\u201d"
    assert link.work.citation_text == PRUCOMM_REPORT[0]
    assert (prose.technique, found.text.text[prose.start:prose.end]) == ("link-description", body[-1])


def test_the_authors_a_page_names_for_its_download_are_the_works_creators():
    found = extract(post(
        "NHS England commissioned the unit to undertake an evidence synthesis on GP retention.",
        "The review was undertaken by Professor Stephen Peckham, Director of the unit, and "
        "Dr Catherine Marchand of the University of Kent.", title="Retention", links=[PRUCOMM_REPORT]))
    work = found.citations[0].work
    assert work.authors == ("Stephen Peckham", "Catherine Marchand")
    assert work.label == ("Evidence synthesis on GP retention, by Peckham & Marchand, linked from "
                          "\u201cRetention\u201d")
    assert [c.technique for c in found.citations] == ["link", "link-description", "link-description"]


@pytest.mark.parametrize("body, links", [
    # two works to download: which one the prose describes is not said
    (["We conducted a survey of practice managers."],
     [PRUCOMM_REPORT, ("Download briefing [pdf]", "https://example.org/files/briefing.pdf")]),
    # a work the page only points to is not the page's own
    (["We conducted a survey of practice managers."], [("NHSE report>>", "https://example.org/nhse.pdf")]),
    # no description in the prose: a report is said to exist, not what it is about
    (["We publish our report today."], [PRUCOMM_REPORT]),
])
def test_a_linked_work_keeps_its_link_words_when_the_prose_does_not_say_which_it_is(body, links):
    found = extract(post(*body, title="Retention", links=links))
    assert {c.technique for c in found.citations} == {"link"}
    assert all(" linked from " in c.work.label and not c.work.authors for c in found.citations)


def test_a_summary_with_no_report_before_it_is_a_work_of_its_own():
    found = citations(post(title="Networks", links=[("Download summary [pdf]", "https://example.org/s.pdf")]))
    assert found == [("work/example-org-s-pdf", "link", "Download summary [pdf]")]
