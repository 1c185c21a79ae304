"""Scopus CSV exports, old and 2023 columns: field by field, goldens, broken files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kg.errors import ParseError
from kg.model import PartialDate
from kg.sources import scopus_csv
from tests.conftest import assert_golden, parse_file

HERE = Path(__file__).parent
OWN = HERE / "fixtures" / "scopus-csv"
OLD = OWN / "litstudy_scopus.csv"
NEW = OWN / "litstudy_scopus_v2.csv"


def _items(text: str) -> list:
    return list(scopus_csv.parse(io.StringIO(text), "inline.csv"))


@pytest.mark.parametrize("path", [OLD, NEW], ids=lambda p: p.name)
def test_golden(path):
    assert_golden(parse_file(path, "scopus-csv"), HERE / "golden" / f"scopus_{path.name}.jsonl")


def test_old_columns_counts():
    docs = parse_file(OLD, "scopus-csv")
    assert len(docs) == 58
    # 48 rows have References: most rows carry one cell more than the header (a second, unnamed funding
    # text), so a reader that zips cells with names (csv.DictReader) shifts them, finds References in only 3
    # rows and "Scopus" as the EID of 56.
    assert sum(1 for d in docs if not d.ids.doi) == 14 and sum(1 for d in docs if d.references) == 48
    assert all(d.ids.scopus.startswith("2-s2.0-") for d in docs)


def test_old_columns_first_row_field_by_field():
    """Row 1 (line 2) checked by hand against the file."""
    doc = parse_file(OLD, "scopus-csv")[0]
    assert doc.title == "Scalable molecular dynamics with NAMD"
    assert (doc.ids.doi, doc.ids.scopus) == ("10.1002/jcc.20289", "2-s2.0-27344436659")
    assert doc.ids.url.startswith("https://www.scopus.com/inward/record.uri?eid=2-s2.0-27344436659")
    c = doc.citation
    assert (c.journal, c.journal_title, c.issn) == ("J. Comput. Chem.", "Journal of Computational Chemistry",
                                                   "0192-8651")  # ISSN printed 01928651
    assert (c.volume, c.issue, c.pages, c.date) == ("26", "16", "1781-1802", PartialDate(2005))
    assert (c.language, c.publication_types, c.publisher) == ("en", ("Review",), "John Wiley and Sons Inc.")
    assert [a.name for a in doc.authors][:3] == ["Phillips J.C.", "Braun R.", "Wang W."]
    assert (doc.authors[0].family, doc.authors[0].initials) == ("Phillips", "JC")
    assert doc.authors[8].family == "Kalé"  # non-ASCII
    assert doc.authors[0].affiliations == ("Beckman Institute, University of Illinois at Urbana-Champaign, Urbana, "
                                           "IL 61801, United States",)
    assert doc.keywords[:3] == ("Biomolecular simulation", "Molecular dynamics", "Parallel computing")
    assert doc.references[1].text == "Humphrey, W., Dalke, A., Schulten, K., (1996) J Mol Graphics, 14, p. 33"
    assert not doc.abstract[0].text.endswith("Inc.")  # the copyright line is dropped
    assert doc.abstract[0].text.startswith("NAMD is a parallel molecular dynamics code")


def test_a_second_funding_text_cell_does_not_shift_the_columns():
    doc = parse_file(OLD, "scopus-csv")[2]  # line 4: 46 cells under 45 names
    assert doc.ids.scopus.startswith("2-s2.0-") and doc.citation.publication_types == ("Article",)
    assert doc.references[0].text.startswith("Edelstein-Keshet, L., (2005) Mathematical Models in Biology")


def test_multi_line_cells_keep_their_line_span():
    docs = parse_file(OLD, "scopus-csv")
    spans = [(d.sources[0].start_line, d.sources[0].end_line) for d in docs]
    assert spans[0] == (2, 2) and any(end > start for start, end in spans)  # a quoted cell over lines
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))


def test_2023_columns_first_row_field_by_field():
    doc = parse_file(NEW, "scopus-csv")[0]
    assert doc.title.startswith("Gender-specific visual perturbation effects on muscle activation")
    assert (doc.ids.doi, doc.ids.pmid, doc.ids.scopus) == ("10.1080/00140139.2022.2113152", "35965444",
                                                           "2-s2.0-85136453267")
    assert [(a.name, a.family, a.given, a.initials) for a in doc.authors] == [
        ("Jie Hao", "Hao", "Jie", "J"), ("Robin High", "High", "Robin", "R"), ("Ka-Chun Siu", "Siu", "Ka-Chun", "KC")]
    assert doc.authors[1].affiliations == ("Department of Biostatistics, College of Public Health, University of "
                                           "Nebraska Medical Center, Omaha, NE, United States",)
    assert len(doc.references) == 48
    assert doc.references[0].text.startswith("Adkin A.L., Campbell A.D., Chua R., Carpenter M.G., The Influence")


def test_2023_columns_counts():
    docs = parse_file(NEW, "scopus-csv")
    assert len(docs) == 88 and all(d.ids.doi and d.ids.pmid for d in docs)
    assert sum(1 for d in docs if d.references) == 81


def test_missing_title_column_is_an_error_for_the_file():
    with pytest.raises(ParseError) as error:
        _items("Authors,Year,Source title,DOI,EID\nSmith J.,2020,J X,10.1/x,2-s2.0-1\n")
    assert error.value.line == 1 and "'Title'" in str(error.value) and "inline.csv" in str(error.value)


def test_row_cut_short_is_reported_and_the_others_kept():
    header = "Authors,Title,Year,Source title,DOI,Link,EID\n"
    items = _items(header + 'Smith J.,"A title",2020,J X,10.1/x,https://x,2-s2.0-1\n' + 'Doe J.,"Cut\nshort')
    assert items[0].title == "A title"
    assert isinstance(items[1], ParseError) and (items[1].line, items[1].record) == (3, "2")


def test_sniffing():
    assert scopus_csv.sniff(OLD.read_text(encoding="utf-8")[:2000]) > 0.9
    assert scopus_csv.sniff("name,Title,year\n") == 0.0
    assert scopus_csv.sniff("") == 0.0
