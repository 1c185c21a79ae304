"""The MEDLINE / .nbib parser, field by field on small PubMed-format files."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg.sources
from kg.errors import ParseError
from kg.model import Author, Document, MeshHeading, PartialDate
from kg.sources import medline, registry
from tests.conftest import assert_golden

FIXTURES = Path(__file__).parent / "fixtures"
HERE = FIXTURES / "medline"
SET = HERE / "pubmed-policy-set.nbib"
MALFORMED = HERE / "malformed.nbib"
BIOPYTHON = HERE / "biopython-pubmed_result2.nbib"  # real records, from Biopython's Tests/Medline (its licence)


def parse_file(path: Path) -> list[Document | ParseError]:
    with path.open(encoding="utf-8") as stream:
        return list(medline.parse(stream, path.name))


def parse_text(text: str, source: str = "inline.nbib") -> list[Document | ParseError]:
    return list(medline.parse(io.StringIO(text), source))


def documents(path: Path) -> list[Document]:
    items = parse_file(path)
    return [item for item in items if isinstance(item, Document)]


@pytest.fixture(scope="module")
def records() -> list[Document]:
    items = parse_file(SET)
    assert all(isinstance(item, Document) for item in items), items
    return items  # type: ignore[return-value]


def test_reads_every_record(records: list[Document]) -> None:
    assert [r.ids.pmid for r in records] == ["35396290", "36008221", "38316466", "26604317"]
    assert all(r.kind.value == "paper" for r in records)


def test_structured_paper(records: list[Document]) -> None:
    paper = records[0]
    assert paper.title == ("Skill mix change in general practice: a qualitative study of how practices in "
                           "England introduced new non-medical roles under the Additional Roles "
                           "Reimbursement Scheme.")
    assert paper.ids.pmid == "35396290"
    assert paper.ids.doi == "10.1136/bmjopen-2021-059026"
    assert paper.ids.pmcid == "PMC8995713"
    assert paper.ids.other == (("pii", "e059026"),)
    cit = paper.citation
    assert cit.journal == "BMJ Open"
    assert cit.journal_title == "BMJ open"
    assert cit.issn == "2044-6055"
    assert (cit.volume, cit.issue, cit.pages) == ("12", "4", "e059026")
    assert cit.date == PartialDate(2022, 4, 12) and cit.date.precision == "day"
    assert cit.language == "en"
    assert cit.publication_types == ("Journal Article", "Research Support, Non-U.S. Gov't")
    assert cit.raw == "BMJ Open. 2022 Apr 12;12(4):e059026. doi: 10.1136/bmjopen-2021-059026."
    assert [s.label for s in paper.abstract] == [
        "OBJECTIVES", "DESIGN", "SETTING", "PARTICIPANTS", "RESULTS", "CONCLUSIONS"]
    assert [s.category for s in paper.abstract] == [
        "OBJECTIVE", "METHODS", "METHODS", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert paper.abstract[1].text == ("Qualitative multisite case study using semi-structured interviews, "
                                      "observation of practice meetings and analysis of local documents.")
    assert paper.keywords == ("Health policy", "Organisation of health services", "Primary care",
                              "Qualitative research")


def test_authors_with_affiliations_orcid_and_group(records: list[Document]) -> None:
    authors = records[0].authors
    assert [a.name for a in authors] == ["Imelda McDermott", "Sharon Spooner", "Mhorag Goff", "Kath Checkland",
                                         "PRUComm team"]
    kath = authors[3]
    assert (kath.family, kath.given, kath.initials) == ("Checkland", "Kath", "K")
    assert kath.orcid == "0000-0002-9961-5317"
    assert kath.affiliations == ("Centre for Primary Care and Health Services Research, University of "
                                 "Manchester, Manchester, UK.",)
    goff = authors[2]
    assert goff.orcid is None
    assert len(goff.affiliations) == 2  # both AD lines after FAU/AU Goff
    assert goff.affiliations[1].startswith("Policy Research Unit in Health and Social Care Systems")
    assert authors[0].affiliations[0].endswith("Manchester, UK imelda.mcdermott@manchester.ac.uk.")
    assert authors[4] == Author(name="PRUComm team", collective=True)


def test_mesh_major_flags_and_qualifiers(records: list[Document]) -> None:
    mesh = records[0].mesh
    assert MeshHeading("England") in mesh
    assert MeshHeading("General Practice", "organization & administration", major=True) in mesh
    assert MeshHeading("General Practitioners", major=True) in mesh
    # "Primary Health Care/*organization & administration/trends": one heading per qualifier, the star
    # on a qualifier told apart from one on the descriptor ("*General Practice/organization & administration")
    assert MeshHeading("Primary Health Care", "organization & administration", qualifier_major=True) in mesh
    assert MeshHeading("Primary Health Care", "trends") in mesh
    assert MeshHeading("Workforce", "statistics & numerical data", qualifier_major=True) in mesh
    assert len(mesh) == 8
    assert [h.label for h in mesh if h.major_topic] == [
        "General Practice/organization & administration", "General Practitioners",
        "Primary Health Care/organization & administration", "Workforce/statistics & numerical data"]


def test_issn_prefers_linking_over_print_and_electronic(records: list[Document]) -> None:
    # IS 1758-1060 (Electronic), 1355-8196 (Print), 1355-8196 (Linking)
    assert records[1].citation.issn == "1355-8196"
    text = "PMID- 1\nIS  - 1758-1060 (Electronic)\nIS  - 1355-8196 (Print)\n"
    (doc,) = parse_text(text)
    assert isinstance(doc, Document) and doc.citation.issn == "1758-1060"


def test_unstructured_abstract_and_month_precision(records: list[Document]) -> None:
    paper = records[1]
    assert len(paper.abstract) == 1 and paper.abstract[0].label is None
    assert paper.abstract[0].text.startswith("The Health and Care Act 2022 abolished clinical commissioning")
    assert paper.citation.date == PartialDate(2023, 1) and paper.citation.date.precision == "month"
    assert paper.ids.pmcid is None and paper.ids.other == ()
    assert paper.authors[2].orcid == "0000-0002-7002-1351"
    assert MeshHeading("Delivery of Health Care, Integrated", "legislation & jurisprudence", major=True) in paper.mesh
    assert MeshHeading("Delivery of Health Care, Integrated", "organization & administration", major=True) in paper.mesh


def test_ahead_of_print_record(records: list[Document]) -> None:
    paper = records[2]
    assert paper.citation.volume is None and paper.citation.issue is None
    assert paper.citation.pages == "BJGP.2023.0297"
    assert paper.ids.doi == "10.3399/BJGP.2023.0297"
    assert paper.ids.other == (("pii", "BJGP.2023.0297"),)
    assert paper.mesh == ()  # publisher-supplied records are not indexed yet
    assert paper.citation.raw.endswith("Online ahead of print.")
    assert [s.label for s in paper.abstract][:3] == ["BACKGROUND", "AIM", "DESIGN AND SETTING"]
    assert paper.authors[1].affiliations[1].startswith("NIHR Policy Research Unit")


def test_non_english_editorial_without_abstract(records: list[Document]) -> None:
    paper = records[3]
    assert paper.title == "[The reform of the English National Health Service: lessons for Spain?]."
    assert paper.citation.language == "es"
    assert paper.citation.publication_types == ("Editorial",)
    assert paper.citation.date == PartialDate(2016)  # "2016 Jan-Feb": a span of months, known to the year
    assert paper.abstract == ()
    assert paper.authors == (Author(name="Salvador Peiró", family="Peiró", given="Salvador", initials="S",
                                    affiliations=("Área de Investigación en Servicios de Salud, FISABIO, "
                                                  "Valencia, España.",)),)
    assert paper.ids.other == (("pii", "S0213-9111(15)00201-3"),)


def test_source_spans(records: list[Document]) -> None:
    spans = [r.sources[0] for r in records]
    assert all(s.file == SET.name and s.format == "medline" for s in spans)
    assert [(s.start_line, s.end_line, s.record) for s in spans] == [
        (2, 88, "35396290"), (90, 157, "36008221"), (159, 221, "38316466"), (223, 262, "26604317")]
    lines = SET.read_text(encoding="utf-8").splitlines()
    for s in spans:
        assert lines[s.start_line - 1].startswith("PMID- ")
        assert lines[s.end_line - 1].startswith(("SO  - ", "      "))
        assert s.end_line == len(lines) or not lines[s.end_line].strip()


@pytest.mark.parametrize("path", [SET, MALFORMED, BIOPYTHON], ids=lambda p: p.name)
def test_golden(path: Path) -> None:
    assert_golden(documents(path), path.with_suffix(".golden.jsonl"))


def test_malformed_records_are_reported_and_skipped() -> None:
    items = parse_file(MALFORMED)
    assert [type(i).__name__ for i in items] == ["Document", "ParseError", "ParseError", "Document"]
    good_before, bad_line, no_pmid, good_after = items
    assert isinstance(good_before, Document) and good_before.ids.pmid == "36008221"
    assert isinstance(good_after, Document) and good_after.ids.pmid == "26604317"
    assert isinstance(bad_line, ParseError)
    assert (bad_line.source, bad_line.line, bad_line.record) == ("malformed.nbib", 90, "35396290")
    assert "neither" in bad_line.message
    assert isinstance(no_pmid, ParseError)
    assert (no_pmid.source, no_pmid.line, no_pmid.record) == ("malformed.nbib", 159, "3")
    assert "PMID" in no_pmid.message
    assert good_after.sources[0].start_line == 222


def test_continuation_before_any_tag_is_malformed() -> None:
    items = parse_text("      stray continuation\nPMID- 123\n\nPMID- 456\nTI  - Fine.\n")
    assert isinstance(items[0], ParseError) and items[0].line == 1 and items[0].record == "123"
    assert isinstance(items[1], Document) and items[1].title == "Fine."


def test_au_only_authors_crlf_and_compact_orcid() -> None:
    text = ("PMID- 10\r\nTI  - Old style\r\n      record.\r\nAU  - Checkland K\r\nAUID- ORCID: 000000029961531X\r\n"
            "AD  - University of Manchester.\r\nAU  - Smith JA Jr\r\nLA  - ENG\r\n")
    (doc,) = parse_text(text)
    assert isinstance(doc, Document)
    assert doc.title == "Old style record."
    assert doc.authors[0] == Author(name="Checkland K", family="Checkland", initials="K",
                                    affiliations=("University of Manchester.",), orcid="0000-0002-9961-531X")
    assert (doc.authors[1].family, doc.authors[1].initials) == ("Smith", "JA")
    assert doc.citation.language == "en"


def test_empty_and_blank_input_yield_nothing() -> None:
    assert parse_text("") == []
    assert parse_text("\n\n   \n") == []


def test_streams_a_large_file() -> None:
    template = [line for line in SET.read_text(encoding="utf-8").splitlines(keepends=True)[1:88]]
    assert template[0].startswith("PMID- ")
    state = {"lines": 0, "exhausted": False}

    def lines() -> Iterator[str]:
        for number in range(5000):
            yield "\n"
            for line in template:
                state["lines"] += 1
                yield f"PMID- {40000000 + number}\n" if line.startswith("PMID- ") else line
        state["exhausted"] = True

    parsed = medline.parse(lines(), "generated.nbib")  # type: ignore[arg-type]
    first = next(parsed)
    assert isinstance(first, Document) and first.ids.pmid == "40000000"
    assert not state["exhausted"] and state["lines"] <= 2 * len(template)
    rest = list(parsed)
    assert state["exhausted"]
    assert len(rest) + 1 == 5000 and all(isinstance(r, Document) for r in rest)
    assert rest[-1].ids.pmid == "40004999"
    assert rest[-1].sources[0].start_line == 4999 * (len(template) + 1) + 2


def test_sniff_never_raises_on_odd_heads() -> None:
    for head in ("", "\x00\xff", "PMID-", "PMID- 1", "TY  - JOUR\nAU  - Smith, J\nTI  - x\nER  - \n"):
        assert 0.0 <= medline.sniff(head) <= 1.0
    assert medline.sniff("TY  - JOUR\nAU  - Smith, J\nTI  - x\nER  - \n") == 0.0


def test_registry_detects_medline() -> None:
    try:
        registry.all_formats()
    except ImportError as exc:
        pytest.skip(f"another format module is not written yet ({exc}); sniffing needs them all")
    docs = list(kg.sources.parse(str(SET)))
    assert [d.ids.pmid for d in docs] == ["35396290", "36008221", "38316466", "26604317"]
    assert docs[0].sources[0].format == "medline"


def test_registered_under_its_name_and_aliases() -> None:
    assert registry.get("medline") is medline
    assert registry.get("nbib") is medline
    assert medline.EXTENSIONS == (".nbib", ".medline")



def test_an_affiliation_before_the_authors_is_the_first_authors() -> None:
    # Records from before 2014 give one AD line, before FAU/AU: the first author's affiliation.
    first, second, *_ = documents(BIOPYTHON)
    assert first.authors[0].name == "James A Casbon"
    assert first.authors[0].affiliations == (
        "Bioinformatics, Institute of Cell and Molecular Science, School of Medicine and Dentistry, "
        "Queen Mary, University of London, London EC1 6BQ, UK. j.a.casbon@qmul.ac.uk",)
    assert all(not a.affiliations for a in first.authors[1:])
    assert second.authors[0].affiliations[0].startswith("Plant Pathogen Programme, Scottish Crop Research")


def test_a_star_on_the_qualifier_is_told_from_a_star_on_the_descriptor() -> None:
    mesh = documents(BIOPYTHON)[0].mesh
    assert MeshHeading("Databases, Protein", major=True) in mesh  # "*Databases, Protein"
    assert MeshHeading("Information Storage and Retrieval", "methods", qualifier_major=True) in mesh  # ".../*methods"
    assert MeshHeading("Sequence Homology, Amino Acid") in mesh
