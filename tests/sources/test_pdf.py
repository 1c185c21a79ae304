"""PDF reports and papers: text, pages, title, authors, date; encrypted, image-only and damaged files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import ParseError
from kg.model import Document, PartialDate
from kg.sources import Source, pdf, read
from tests.conftest import assert_golden, parse_file

HERE = Path(__file__).parent
OWN = HERE / "fixtures" / "pdf"
FEDERAL = OWN / "pdfplumber_federal-register-2020-17221.pdf"
COLUMNS = OWN / "sample-files_multicolumn.pdf"


@pytest.mark.parametrize("path", [FEDERAL, COLUMNS], ids=lambda p: p.name)
def test_golden(path):
    assert_golden(parse_file(path, "pdf"), HERE / "golden" / f"pdf_{path.name}.jsonl")


def test_paper_layout_title_author_date_abstract_columns():
    doc = read(COLUMNS)  # found by its %PDF- signature
    assert doc.kind.value == "report"
    assert doc.title == "Two-Column Document with Lorem Ipsum"  # the biggest text on page 1 (no /Title)
    assert [a.name for a in doc.authors] == ["Your Name"]  # the line under the title
    assert doc.citation.date == PartialDate(2024, 1, 3)  # "January 3, 2024" on page 1
    assert doc.abstract[0].text == "This is a sample document with two columns filled with Lorem Ipsum text."  # ﬁ
    body = " ".join(doc.body)
    assert "adipiscing elit" in body and "adip- iscing" not in body  # the line-end hyphen is joined
    # column order: the left column's last paragraph comes before the right column's first
    assert body.index("Nulla malesuada porttitor diam") < body.index("pellentesque ante. Phasellus adipiscing")
    assert doc.body_pages[0] == 1 and doc.body_pages[-1] == 3 and len(doc.body_pages) == len(doc.body)
    span = doc.sources[0]
    assert (span.start_page, span.end_page, span.start_line) == (1, 3, None)


def test_government_report_three_columns():
    doc = read(FEDERAL)
    assert doc.sources[0].end_page == 15
    assert doc.citation.date == PartialDate(2020, 8, 6)  # "Thursday, August 6, 2020" on page 1
    assert doc.abstract[0].text.startswith("The FAA proposes to supersede Airworthiness Directive (AD) 2018–23–51")
    assert "Airworthiness Directives; The Boeing Company Airplanes" in doc.body
    assert "Background" in doc.body and "Comments Invited" in doc.body  # headings kept as paragraphs
    body = "\n".join(doc.body)
    assert "Federal Register / Vol. 85" not in body  # the running header of pages 2-15 is dropped
    assert "S L A S O P O R P" not in body  # the sideways margin text
    # a sentence cut by the column break is one paragraph again
    assert any(p.startswith("On October 29, 2018, a Boeing Model 737–8 airplane operated by Lion Air") for p in doc.body)
    assert doc.authors == ()  # "Federal Register" under the masthead is the publication, not an author
    assert len(body) > 50000


@pytest.mark.parametrize("name, words", [
    ("encrypted-multicolumn.pdf", "encrypted and needs a password"),
    ("image-only-scan.pdf", "no text on any of its 2 pages: an image-only (scanned) PDF"),
    ("truncated-multicolumn.pdf", "not a readable PDF"),
])
def test_unreadable_pdfs_say_why_naming_file_and_page(name, words):
    with Source(name=name, key=name, path=OWN / name).open_text() as stream:
        items = list(pdf.parse(stream, name))
    assert len(items) == 1 and isinstance(items[0], ParseError)
    assert words in str(items[0]) and str(items[0]).startswith(f"{name} (record page")
    with pytest.raises(ParseError):
        read(OWN / name)


def test_a_pdf_given_as_text_is_refused_clearly():
    items = list(pdf.parse(io.StringIO("%PDF-1.4 …"), "pasted"))
    assert len(items) == 1 and "its bytes" in str(items[0])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_cut_and_garbled_pdf_bytes(data):
    raw = COLUMNS.read_bytes()
    cut = data.draw(st.integers(min_value=0, max_value=len(raw)))
    at = data.draw(st.integers(min_value=0, max_value=cut))
    noise = data.draw(st.binary(max_size=40))
    stream = io.TextIOWrapper(io.BytesIO(raw[:at] + noise + raw[at:cut]), encoding="latin-1")
    for item in pdf.parse(stream, "fuzz.pdf"):
        assert isinstance(item, (Document, ParseError))
        if isinstance(item, ParseError):
            assert item.source == "fuzz.pdf"
