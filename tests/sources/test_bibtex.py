"""BibTeX and BibLaTeX (Zotero, Mendeley, JabRef): field by field, goldens, broken blocks, sniffing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kg.errors import ParseError
from kg.model import AbstractSection, Author, DocumentKind, PartialDate
from kg.sources import bibtex
from tests.conftest import assert_golden, parse_file

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
OWN = FIXTURES / "bibtex"


def _items(text: str, source: str = "inline.bib") -> list:
    return list(bibtex.parse(io.StringIO(text), source))


def _docs(text: str) -> list:
    items = _items(text)
    assert not [i for i in items if isinstance(i, ParseError)], items
    return items


def test_zotero_article_accents_and_braces():
    doc = parse_file(OWN / "zotero.bib", "bibtex")[0]
    assert doc.kind is DocumentKind.PAPER
    assert doc.title == ("Interrogating Institutional Change: Actors' Attitudes to Competition and Cooperation "
                         "in Commissioning Health Services in England")
    assert doc.ids.doi == "10.1111/padm.12265"
    assert doc.ids.url == "https://onlinelibrary.wiley.com/doi/abs/10.1111/padm.12265"
    assert doc.ids.pmid is None
    c = doc.citation
    assert (c.journal, c.journal_title) == ("Public Administration", "Public Administration")
    assert (c.volume, c.issue, c.pages, c.issn) == ("94", "3", "823-838", "1467-9299")
    assert c.date == PartialDate(2016, 9) and c.date.precision == "month"  # month = sep (a bare macro)
    assert c.language == "en"
    assert doc.authors[0] == Author(name="Dorota Osipovič", family="Osipovič", given="Dorota", initials="D")
    assert [a.family for a in doc.authors][-1] == "Checkland"
    assert len(doc.authors) == 8
    assert doc.abstract[0].text.startswith("Since the beginning of the 1990s")
    assert "the English NHS regard" in doc.abstract[0].text  # {NHS} unbraced
    assert doc.keywords == ("commissioning", "competition", "cooperation", "NHS", "new institutionalism")
    span = doc.sources[0]
    assert (span.file, span.format, span.start_line, span.end_line, span.record) == \
        ("zotero.bib", "bibtex", 2, 19, "osipovic_interrogating_2016")


def test_zotero_techreport_and_web_page():
    _, report, page = parse_file(OWN / "zotero.bib", "bibtex")
    assert report.kind is DocumentKind.REPORT
    assert report.title == "Exploring the early development of Primary Care Networks: implications for commissioning"
    assert report.citation.publisher == "Policy Research Unit in Health & Social Care Systems and Commissioning"
    assert report.citation.issue is None  # "number" is the report number
    assert report.citation.date == PartialDate(2020, 3)
    assert [a.name for a in report.authors] == ["Kath Checkland", "Lynsey Warwick-Giles", "Jonathan Hammond",
                                                "Simon Bailey"]
    assert report.abstract[0].text.startswith("Primary Care Networks (PCNs) were introduced")
    assert page.kind is DocumentKind.WEB_PAGE  # @misc with a url
    assert page.authors == (Author(name="NHS England", collective=True),)
    assert page.citation.publisher == "NHS England"  # Zotero writes the site's name as "journal"
    assert page.citation.journal is None
    assert page.citation.language == "en"  # en-GB
    assert page.ids.url == "https://www.england.nhs.uk/primary-care/primary-care-networks/"


def test_biblatex_article_and_online():
    article, blog = parse_file(OWN / "biblatex.bib", "bibtex")
    assert article.kind is DocumentKind.PAPER
    assert article.title == ("What happens when GPs engage in commissioning? "
                             "Two decades of experience in the English NHS")
    assert article.ids.pmid == "26377726"  # eprint with eprinttype = pubmed
    assert article.ids.doi == "10.1177/1355819615605283"  # "https://doi.org/" removed
    c = article.citation
    assert c.journal == "J Health Serv Res Policy"  # shortjournal
    assert c.journal_title == "Journal of Health Services Research & Policy"  # journaltitle, \& decoded
    assert c.date == PartialDate(2016, 4) and c.date.precision == "month"  # date = {2016-04}
    assert (c.volume, c.issue, c.pages, c.language) == ("21", "2", "126-133", "en")
    assert [s.label for s in article.abstract] == ["OBJECTIVES", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert article.keywords == ("Clinical Commissioning Groups", "commissioning", "general practice")
    assert blog.kind is DocumentKind.BLOG_POST  # @online, type "Blog post"
    assert blog.citation.publisher == "PRUComm"
    assert blog.citation.date == PartialDate(2016, 6, 24)
    assert blog.citation.language == "en"  # langid british
    assert blog.abstract == (AbstractSection("Commissioners are often criticised for failing to transform services, "
                                             "but our research shows how little room for manœuvre they have."),)


def test_mendeley_export():
    (doc,) = parse_file(OWN / "mendeley.bib", "bibtex")
    assert doc.title.startswith("Primary care-led commissioning")  # {{…}} removed
    assert doc.ids.pmid == "23998841"
    assert doc.ids.doi == "10.3399/bjgp13X671597"
    assert doc.citation.pages == "e611-9"
    assert doc.citation.date == PartialDate(2013, 9)  # month = {sep}
    assert doc.keywords == ("Clinical commissioning groups", "commissioning", "general practice", "primary care")
    assert [s.label for s in doc.abstract] == ["BACKGROUND", "AIM", "METHOD", "RESULTS", "CONCLUSION"]
    assert doc.sources[0].start_line == 6  # after Mendeley's header lines
    assert doc.sources[0].record == "Checkland2013"


def test_jabref_string_macro_and_book():
    article, book = parse_file(OWN / "jabref.bib", "bibtex")
    assert article.citation.journal == "Local Government Studies"  # journal = lgs, an @String
    assert article.citation.date == PartialDate(2014, 7)
    assert article.citation.pages == "560-580"
    assert article.title.startswith("Joining it up? Health and Wellbeing Boards in English local governance")
    assert (article.sources[0].start_line, article.sources[0].end_line) == (5, 15)
    assert book.kind is DocumentKind.REPORT
    assert book.citation.publisher == "Palgrave Macmillan"
    assert book.title == "Primary Care in the UK: Policy, Organisation and Management"
    assert [a.name for a in book.authors] == ["Stephen Peckham", "Mark Exworthy"]


@pytest.mark.parametrize("name", ["zotero.bib", "biblatex.bib", "mendeley.bib", "jabref.bib", "malformed.bib"])
def test_golden(name):
    docs = parse_file(OWN / name, "bibtex", on_problem=lambda _: None)
    assert_golden(docs, HERE / "golden" / f"bibtex_{name}.jsonl")


def test_failed_blocks_are_reported_and_others_survive():
    with open(OWN / "malformed.bib", encoding="utf-8") as stream:
        items = list(bibtex.parse(stream, "malformed.bib"))
    docs = [i for i in items if not isinstance(i, ParseError)]
    errors = [i for i in items if isinstance(i, ParseError)]
    assert [(d.sources[0].record, d.sources[0].start_line) for d in docs] == \
        [("coleman_good_2016", 1), ("prucomm_good_2019", 22)]
    assert docs[1].title == "Clinical commissioning groups and the delivery of the NHS Five Year Forward View"
    assert [(e.source, e.line, e.record) for e in errors] == [
        ("malformed.bib", 7, "missing_comma_2017"),
        ("malformed.bib", 12, "empty_2018"),
        ("malformed.bib", 16, "duplicate_field_2018"),
        ("malformed.bib", 28, "unclosed_2020"),
    ]
    assert "comma" in errors[0].message
    assert "neither a title nor an identifier" in errors[1].message
    assert "year" in errors[2].message
    assert "end of file" in errors[3].message
    assert str(errors[0]).startswith("malformed.bib:7 (record missing_comma_2017): ")


def test_latex_names_and_fields():
    text = r"""
@article{bruck_2019,
  title = {Wettbewerb im {G}esundheitswesen: {Br{\"u}ck} and the {NHS}},
  subtitle = {A comparison},
  author = {Br{\"u}ck, Hannah and {\O}stergaard, S{\o}ren and Kath Checkland and von Maltzahn, Jr, Carl},
  journal = {Health Policy},
  year = 2019,
  month = {11},
  pages = {1--10},
  pmcid = {PMC6543210},
  keywords = {competition;{NHS}, Germany},
  doi = {10.1016/j.healthpol.2019.08.001},
}
"""
    (doc,) = _docs(text)
    assert doc.title == "Wettbewerb im Gesundheitswesen: Brück and the NHS: A comparison"
    assert [a.name for a in doc.authors] == ["Hannah Brück", "Søren Østergaard", "Kath Checkland",
                                             "Carl von Maltzahn Jr"]
    assert doc.authors[3].family == "von Maltzahn" and doc.authors[3].given == "Carl"
    assert doc.citation.date == PartialDate(2019, 11)
    assert doc.citation.pages == "1-10"
    assert doc.ids.pmcid == "PMC6543210"
    assert doc.keywords == ("competition", "NHS", "Germany")


def test_urls_are_verbatim_and_misc_kinds():
    text = r"""
@misc{howpublished_page,
  title = {Integrated care systems explained},
  howpublished = {\url{https://www.kingsfund.org.uk/insight-and-analysis/long-reads/ics-explained?a=1%20b}},
  organization = {The King's Fund},
  year = {2022},
}

@misc{no_url,
  title = {Unpublished notes on commissioning},
  year = {2012},
}

@unknowntype{periodical,
  title = {A paper of an unknown type},
  journal = {BMJ Open},
  date = {2014-10-24/2014-10-25},
  eprint = {25320000},
  eprinttype = {pmid},
}
"""
    page, notes, paper = _docs(text)
    assert page.kind is DocumentKind.WEB_PAGE
    assert page.ids.url == "https://www.kingsfund.org.uk/insight-and-analysis/long-reads/ics-explained?a=1%20b"
    assert page.citation.publisher == "The King's Fund"
    assert notes.kind is DocumentKind.REPORT
    assert paper.kind is DocumentKind.PAPER and paper.citation.journal == "BMJ Open"
    assert paper.citation.date == PartialDate(2014, 10, 24)
    assert paper.ids.pmid == "25320000"


def test_string_macros_carry_across_pieces():
    text = '@string{bjgp = "Br J Gen Pract"}\n@String{PCN = {Primary care networks}}\n\n' + "".join(
        f"@article{{a{n},\n  title = {{Part {n}}},\n  journal = bjgp,\n  keywords = pcn,\n  year = {{2013}},\n}}\n\n"
        for n in range(3))
    docs = _docs(text)
    assert [d.title for d in docs] == [f"Part {n}" for n in range(3)]
    assert all(d.citation.journal == "Br J Gen Pract" for d in docs)
    assert all(d.keywords == ("Primary care networks",) for d in docs)  # macro names ignore case
    assert [d.sources[0].start_line for d in docs] == [4, 11, 18]


def test_streams_entry_by_entry():
    """The first entry comes out before the rest of the file is read, and read() is never called."""

    class LinesOnly(io.StringIO):
        def read(self, *args):  # pragma: no cover - failing is the point
            raise AssertionError("the parser read the whole stream")

    entry = "@article{{key{n},\n  title = {{Entry {n}}},\n  year = {{2016}},\n}}\n\n"
    stream = LinesOnly("".join(entry.format(n=n) for n in range(200)))
    items = bibtex.parse(stream, "big.bib")
    first = next(items)
    assert first.title == "Entry 0"
    assert stream.tell() < len(stream.getvalue()) // 10
    assert sum(1 for _ in items) == 199


def test_empty_and_junk_input():
    assert _items("") == []
    assert _items("% only a comment\nand some text\n") == []
    assert _items("@comment{jabref-meta: databaseType:bibtex;}\n@preamble{\"\\newcommand{\\noop}[1]{}\"}\n") == []


def test_sniffer_on_odd_heads():
    assert bibtex.sniff("@string{x = {y}}\n") > 0
    assert bibtex.sniff("<style>@media screen { body { margin: 0 } } @page { size: A4 }</style>") == 0
    assert bibtex.sniff("Contact us at\n@PRUComm on Twitter\n") == 0


def test_detected_without_a_format_name():
    from kg import sources
    from kg.sources import registry

    try:
        registry.all_formats()
    except ImportError as exc:
        pytest.skip(f"another registered parser is not written yet: {exc.name}")
    docs = list(sources.parse(OWN / "zotero.bib"))
    assert len(docs) == 3 and docs[0].sources[0].format == "bibtex"
