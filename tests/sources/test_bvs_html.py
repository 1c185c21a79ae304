"""BVS result listing as saved HTML: field by field, agreement with the text copy, malformed records, goldens."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import kg.sources
from kg.errors import ParseError
from kg.model import Author, Document, DocumentKind, MeshHeading, PartialDate, merge_documents
from kg.sources import bvs_html, bvs_listing, registry, wordpress
from tests.conftest import assert_golden, parse_file

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "bvs-html"
LISTING = FIXTURES / "bvs-medline-listing.html"
SEED_000 = "000_324412edea90c2cb.txt"
HEAD_BYTES = 16384


def _parse(path: Path) -> list[Document | ParseError]:
    with open(path, encoding="utf-8") as stream:
        return list(bvs_html.parse(stream, path.name))


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


@pytest.fixture(scope="module")
def listing() -> dict[str, Document]:
    items = _parse(LISTING)
    assert all(isinstance(i, Document) for i in items)
    return {d.ids.pmid: d for d in items}  # type: ignore[union-attr]


def test_three_records_in_page_order(listing):
    assert list(listing) == ["36610016", "35414562", "32120202"]
    assert [d.sources[0].record for d in listing.values()] == ["2", "6", "9"]  # the <small>N.</small> numbers
    assert all(d.kind is DocumentKind.PAPER for d in listing.values())


def test_structured_record_field_by_field(listing):
    doc = listing["35414562"]
    assert doc.title == ("Contribution of supervision to the development of advanced practitioners: "
                         "a qualitative study of pharmacy learners' and supervisors' views.")
    assert doc.ids.pmid == "35414562"
    assert doc.ids.other == (("bvs", "mdl-35414562"),)
    assert doc.ids.url == "https://pesquisa.bvsalud.org/portal/resource/en/mdl-35414562"
    assert doc.ids.doi is None
    c = doc.citation
    assert (c.journal, c.volume, c.issue, c.pages) == ("BMJ Open", "12", "4", "e059026")
    assert c.date == PartialDate(2022, 4, 12) and c.date.precision == "day"
    assert c.language == "en"
    assert c.raw == "BMJ Open ; 12(4): e059026, 2022 04 12."
    assert len(doc.authors) == 10
    assert doc.authors[0] == Author(name="Ali Mawfek Khaled Hindi", family="Hindi", given="Ali Mawfek Khaled",
                                    initials="AMK")
    assert doc.authors[-1] == Author(name="Ellen Ingrid Schafheutle", family="Schafheutle", given="Ellen Ingrid",
                                     initials="EI")
    assert [s.label for s in doc.abstract] == ["OBJECTIVE", "DESIGN", "SETTING", "PARTICIPANTS", "PRIMARY OUTCOME",
                                               "RESULTS", "CONCLUSIONS"]
    assert doc.abstract[2].text == "England." and doc.abstract[2].category == "METHODS"
    assert [m.label for m in doc.mesh] == ["Pharmaceutical Services", "Pharmacies", "Pharmacy",
                                           "Attitude of Health Personnel", "Humans", "Qualitative Research"]
    assert not any(m.major for m in doc.mesh)  # the portal does not mark major topics
    span = doc.sources[0]
    assert (span.file, span.format, span.record) == ("bvs-medline-listing.html", "bvs-html", "6")
    start = _line_of(LISTING, 'value="mdl-35414562"') - 2  # the <div class="box1"> two lines up
    assert (span.start_line, span.end_line) == (start, start + 25)


def test_unstructured_record(listing):
    doc = listing["36610016"]
    assert doc.title == "To be or not to be: The identity work of pharmacists as clinicians."
    assert (doc.citation.journal, doc.citation.volume, doc.citation.issue, doc.citation.pages) == (
        "Sociol Health Illn", "45", "3", "623-641")
    assert doc.citation.date == PartialDate(2023, 3) and doc.citation.date.precision == "month"
    assert len(doc.abstract) == 1 and doc.abstract[0].label is None
    assert doc.abstract[0].text.startswith("This study explores how pharmacists legitimise")
    assert [a.name for a in doc.authors][:3] == ["Imelda McDermott", "Jayne Astbury", "Sally Jacobs"]


def test_two_paragraph_abstract_without_subjects_and_relative_link(listing):
    doc = listing["32120202"]
    assert [s.text[:40] for s in doc.abstract] == ["A challenge facing health systems such a",
                                                   "Focusing on the establishment of Sustain"]
    assert all(s.label is None for s in doc.abstract)
    assert doc.mesh == ()
    assert doc.ids.url == "https://pesquisa.bvsalud.org/portal/resource/en/mdl-32120202"  # from /portal/resource/…
    assert doc.citation.issue is None and doc.citation.volume == "250"
    assert doc.citation.date == PartialDate(2020, 2, 24)
    assert doc.authors[-1] == Author(name="Dorota Osipovic", family="Osipovic", given="Dorota", initials="D")


# ----------------------------------------------------------------- agreement with the text copy

@pytest.fixture(scope="module")
def text_copy() -> dict[str, Document]:
    from tests.conftest import SEEDS

    path = SEEDS / SEED_000
    if not path.is_file():
        pytest.skip(f"the shared seeds are not beside this checkout ({SEEDS})")
    with open(path, encoding="utf-8") as stream:
        return {d.ids.pmid: d for d in bvs_listing.parse(stream, SEED_000) if isinstance(d, Document)}


@pytest.mark.parametrize("pmid", ["36610016", "35414562"])
def test_html_and_text_parsers_agree(listing, text_copy, pmid):
    html, text = listing[pmid], text_copy[pmid]
    assert html.citation == text.citation
    assert html.abstract == text.abstract
    assert html.mesh == text.mesh
    assert html.ids.other == text.ids.other


@pytest.mark.parametrize("pmid", ["36610016", "35414562"])
def test_merging_html_and_text_keeps_title_and_authors(listing, text_copy, pmid):
    html, text = listing[pmid], text_copy[pmid]
    for records in ([html, text], [text, html]):
        merged = merge_documents(records)
        assert merged.title == html.title and merged.authors == html.authors
        assert merged.ids.url == html.ids.url and merged.ids.pmid == pmid
        assert merged.citation == html.citation and merged.mesh == html.mesh
        assert {s.format for s in merged.sources} == {"bvs-html", "bvs-listing"}


def test_parse_many_merges_the_two_copies(seeds):
    missing = _missing_format()
    if missing:
        pytest.skip(missing)
    docs = list(kg.sources.parse_many([LISTING, seeds / SEED_000]))
    assert len(docs) == 18  # the page's three records are all in the text copy too
    merged = {d.ids.pmid: d for d in docs if len(d.sources) == 2}
    assert sorted(merged) == ["32120202", "35414562", "36610016"]
    assert merged["35414562"].title.startswith("Contribution of supervision")


# ----------------------------------------------------------------- malformed input

def test_record_without_id_is_reported_and_others_survive():
    path = FIXTURES / "malformed.html"
    items = _parse(path)
    errors = [i for i in items if isinstance(i, ParseError)]
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.ids.pmid for d in docs] == ["25320000", "25348997"]
    assert len(errors) == 1
    line = _line_of(path, "<small>4.</small>") - 3  # its <div class="box1">
    assert (errors[0].source, errors[0].line, errors[0].record) == ("malformed.html", line, "4")
    assert f"malformed.html:{line} (record 4)" in str(errors[0])


def test_qualifiers_and_initials_only_authors():
    docs = [i for i in _parse(FIXTURES / "malformed.html") if isinstance(i, Document)]
    assert MeshHeading("State Medicine", "organization & administration") in docs[0].mesh
    assert MeshHeading("Health Planning") in docs[0].mesh
    assert docs[0].authors[2] == Author(name="Kath Checkland", family="Checkland", given="Kath", initials="K")
    assert docs[1].authors[-1] == Author(name="K Checkland", family="Checkland", given="K", initials="K")
    assert docs[1].citation.date == PartialDate(2014, 11) and docs[1].citation.pages == "e728-34"


@pytest.mark.parametrize("name, expected", [
    ("Checkland, Kath", Author(name="Kath Checkland", family="Checkland", given="Kath", initials="K")),
    ("Checkland, K", Author(name="K Checkland", family="Checkland", given="K", initials="K")),
    ("Checkland, KJ", Author(name="KJ Checkland", family="Checkland", given="KJ", initials="KJ")),
    ("Checkland,", Author(name="Checkland", family="Checkland")),
    ("PRUComm Team", Author(name="PRUComm Team", collective=True)),
])
def test_author_names(name, expected):
    assert bvs_html._author(name) == expected


def test_authors_as_plain_text_and_fallback_ids():
    page = """<html><body><div class="box1"><div class="inputCheck1"><small>1.</small></div>
<div class="textArt"><div class="titleArt"><a href="resource/pt/lil-123456">Atenção primária</a></div>
<div class="author">Silva, Ana; Souza, Pedro; et al</div>
<div class="reference"><em>Rev Saude Publica ; 50: 12, 2016.</em></div>
<div class="dataArticle">Article in Portuguese | LILACS | ID: <span class="doc_id">lil-123456</span></div>
</div></div></body></html>"""
    [doc] = list(bvs_html.parse(io.StringIO(page), "page.html"))
    assert isinstance(doc, Document)
    assert doc.ids.pmid is None and doc.ids.other == (("bvs", "lil-123456"),)
    assert doc.ids.url == "https://pesquisa.bvsalud.org/portal/resource/pt/lil-123456"
    assert [a.name for a in doc.authors] == ["Ana Silva", "Pedro Souza"]
    assert doc.citation.language == "pt" and doc.citation.date == PartialDate(2016)
    assert doc.abstract == () and doc.mesh == ()


def test_empty_result_page_and_foreign_page():
    empty = '<html><body><div class="resultM">Results 0</div></body></html>'
    assert list(bvs_html.parse(io.StringIO(empty), "empty.html")) == []
    [error] = list(bvs_html.parse(io.StringIO("<html><body><p>hello</p></body></html>"), "other.html"))
    assert isinstance(error, ParseError) and error.line == 1


@pytest.mark.parametrize("text", ["", "<<<>>>", "\x00\x01\ufffd", '<div class="box1">', "<div>" * 3000,
                                  '<div class="box1"><input class="my_selection" value="mdl-1">'])
def test_hostile_pages_never_raise(text):
    for item in bvs_html.parse(io.StringIO(text), "fuzz"):
        assert isinstance(item, (Document, ParseError))


# ----------------------------------------------------------------- sniffing, detection, goldens

def _missing_format() -> str | None:
    for name in registry.names():
        try:
            registry.get(name)
        except ImportError as exc:
            return f"format {name!r} is not written yet ({exc})"
    return None


def test_detected_without_naming_the_format():
    missing = _missing_format()
    if missing:
        pytest.skip(missing)
    docs = list(kg.sources.parse(LISTING))
    assert len(docs) == 3 and all(d.sources[0].format == "bvs-html" for d in docs)


@pytest.mark.parametrize("name", ["bvs-medline-listing.html", "malformed.html"])
def test_golden(name):
    docs = parse_file(FIXTURES / name, "bvs-html", on_problem=lambda _: None)
    assert_golden(docs, FIXTURES / f"{Path(name).stem}.golden.jsonl")


def test_sniffer_on_a_head_before_the_first_record():
    head = LISTING.read_text(encoding="utf-8").split('<div class="box1">')[0]
    head = head.replace("</head>", '<link rel="stylesheet" href="https://bvsalud.org/wp-content/themes/bvs/style.css" />'
                                   "</head>")
    assert bvs_html.sniff(head) > wordpress.sniff(head) > 0
