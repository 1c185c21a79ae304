"""Web of Science exports (plain text, tab-delimited UTF-8 and UTF-16): field by field, goldens, broken records."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kg.errors import ParseError
from kg.model import Institution, PartialDate
from kg.sources import Source, wos
from tests.conftest import assert_golden, parse_file

HERE = Path(__file__).parent
OWN = HERE / "fixtures" / "wos"
PLAIN = OWN / "wosfile_wos_plaintext.txt"
TAB8 = OWN / "wosfile_wos_tab_delimited_win_utf8.txt"
TAB16 = OWN / "wosfile_wos_tab_delimited_win_utf16.txt"
FILES = [PLAIN, TAB8, TAB16]


def _items(text: str) -> list:
    return list(wos.parse(io.StringIO(text), "inline.txt"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_golden(path):
    assert_golden(parse_file(path, "wos"), HERE / "golden" / f"wos_{path.name}.jsonl")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_record_is_read_and_recognised(path):
    source = Source(name=path.name, key=path.name, path=path)
    from kg.sources import detect

    assert detect(source).NAME == "wos"  # the UTF-16 file is decoded by its byte-order mark
    docs = parse_file(path, "wos")
    assert len(docs) == 50
    assert sum(1 for d in docs if not d.ids.doi) == 3  # the formats README: 3 records lack DI
    assert all(d.ids.wos and d.ids.wos.startswith("WOS:") for d in docs)
    assert all(d.references for d in docs)  # all 50 have CR


def test_first_record_field_by_field():
    """Checked by hand against lines 3-107 of the plain-text file."""
    doc = parse_file(PLAIN, "wos")[0]
    assert doc.title == ("Knowledge networks as channels and conduits: The effects of spillovers in the Boston "
                         "biotechnology community")  # TI on two lines
    assert doc.ids.doi == "10.1287/orsc.1030.0054" and doc.ids.wos == "WOS:000220015600001"
    c = doc.citation
    assert (c.journal, c.journal_title, c.issn) == ("Organ Sci.", "ORGANIZATION SCIENCE", "1047-7039")
    assert (c.volume, c.issue, c.pages) == ("15", "1", "5-21")
    assert c.date == PartialDate(2004, 1)  # PD JAN-FEB, PY 2004
    assert (c.language, c.publication_types) == ("en", ("Article",))
    assert c.publisher == "INST OPERATIONS RESEARCH MANAGEMENT SCIENCES"
    assert [(a.family, a.initials) for a in doc.authors] == [("Owen-Smith", "J"), ("Powell", "WW")]
    assert doc.keywords[:5] == ("knowledge networks", "economic geography", "spillovers", "biotechnology", "patenting")
    assert doc.keywords[5] == "STRATEGIC ALLIANCE FORMATION"  # ID (Keywords Plus) after DE
    assert doc.abstract[0].text.startswith("We contend that two important, nonrelational, features")
    assert len(doc.references) == 62  # NR 62
    assert doc.references[0].text == "Ahuja G, 2000, ADMIN SCI QUART, V45, P425, DOI 10.2307/2667105"
    assert doc.references[0].doi == "10.2307/2667105"
    assert doc.references[5].text == "Audretsch DB, 1996, AM ECON REV, V86, P641" and doc.references[5].doi is None
    span = doc.sources[0]
    assert (span.start_line, span.end_line, span.record) == (3, 107, "1")


def test_addresses_name_their_authors_and_institutions():
    """Record 3 (line 209): C1 lines ``[Croft, David; …] Wellcome Trust Genome Campus, …``."""
    doc = parse_file(PLAIN, "wos")[2]
    croft = doc.authors[0]
    assert (croft.name, croft.family, croft.given) == ("David Croft", "Croft", "David")
    assert croft.affiliations == ("Wellcome Trust Genome Campus, European Bioinformat Inst, Cambridge CB10 1SD, England",)
    assert croft.institutions == (Institution(name="Wellcome Trust Genome Campus"),)
    gillespie = next(a for a in doc.authors if a.family == "Gillespie")
    assert gillespie.institutions == (Institution(name="St Johns Univ"),)


def test_orcid_joined_to_its_author_by_name():
    """Record 6: ``OI Chen, Chaomei/0000-0001-8584-1041``, the author given as ``AF Chen, CM``."""
    doc = parse_file(PLAIN, "wos")[5]
    assert doc.title == "Visualizing knowledge domains"
    assert [(a.family, a.orcid) for a in doc.authors] == [("Borner", None), ("Chen", "0000-0001-8584-1041"),
                                                          ("Boyack", None)]


def test_plain_text_and_tab_delimited_give_the_same_records():
    plain, tab8, tab16 = (parse_file(p, "wos") for p in FILES)
    strip = [d.to_dict() | {"sources": None} for d in plain]
    assert [d.to_dict() | {"sources": None} for d in tab8] == strip
    assert [d.to_dict() | {"sources": None} for d in tab16] == strip
    assert tab16[1].sources[0].start_line == 3  # one line per record after the header


def test_truncated_export_keeps_the_complete_records():
    lines = PLAIN.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    cut = "".join(lines[:230])  # record 3 starts on line 209 and ends on line 337
    items = _items(cut)
    assert [type(i).__name__ for i in items] == ["Document", "Document", "ParseError"]
    error = items[-1]
    assert (error.line, error.record) == (209, "3") and "truncated" in str(error)
    assert str(error).startswith("inline.txt:209 (record 3)")


def test_record_without_er_before_the_next_pt():
    items = _items("FN Thomson Reuters Web of Science\nVR 1.0\nPT J\nTI First\nPT J\nTI Second\nUT WOS:2\nER\nEF\n")
    assert isinstance(items[0], ParseError) and items[0].line == 3 and "'ER'" in str(items[0])
    assert items[1].title == "Second"


def test_stray_line_is_reported_with_its_line():
    items = _items("PT J\nTI A title\nthis is not a field\nUT WOS:1\nER\nPT J\nTI Next\nUT WOS:2\nER\n")
    assert isinstance(items[0], ParseError) and "line 3" in str(items[0])
    assert items[1].title == "Next"


def test_tab_delimited_line_with_missing_columns():
    header = "PT\tAU\tTI\tSO\tPY\tDI\tUT\n"
    items = _items(header + "J\tSmith, J\tA title\tJ X\t2020\t10.1000/x\tWOS:1\n" + "J\tDoe, J\tCut short\n")
    assert items[0].title == "A title" and items[0].ids.doi == "10.1000/x"
    assert isinstance(items[1], ParseError) and items[1].line == 3 and "columns" in str(items[1])


def test_sniffing():
    assert wos.sniff("\ufeffFN Clarivate Analytics Web of Science\nVR 1.0\nPT J\n") > 0.9
    assert wos.sniff("PT\tAU\tBA\tBE\tGP\tAF\n") > 0.9
    assert wos.sniff("PT J\nAU Smith, J\nTI A title\nSO J X\nPY 2020\nUT WOS:1\nER\n") > 0.5
    assert wos.sniff("TY  - JOUR\nAU  - Smith, J\nER  - \n") == 0.0
