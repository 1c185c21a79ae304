"""CSL-JSON (Zotero): field by field, golden, dirty text, broken files."""

from __future__ import annotations

import io
from pathlib import Path

from kg.errors import ParseError
from kg.model import PartialDate
from kg.sources import csl_json
from tests.conftest import assert_golden, parse_file

HERE = Path(__file__).parent
LIST = HERE / "fixtures" / "csl-json" / "commonmeta_csl-list.json"


def test_golden():
    assert_golden(parse_file(LIST, "csl-json"), HERE / "golden" / "csl-json_commonmeta_csl-list.json.jsonl")


def test_first_item_field_by_field():
    docs = parse_file(LIST, "csl-json")
    assert len(docs) == 17 and sum(1 for d in docs if not d.ids.doi) == 3
    doc = docs[0]
    assert doc.title == "Changes in Data Sharing and Data Reuse Practices and Perceptions among Scientists Worldwide"
    assert (doc.ids.doi, doc.ids.url) == ("10.1371/journal.pone.0134826",
                                          "http://journals.plos.org/plosone/article?id=10.1371/journal.pone.0134826")
    c = doc.citation
    assert (c.journal, c.journal_title, c.issn, c.volume, c.issue, c.pages) == (
        "PLOS ONE", "PLOS ONE", "1932-6203", "10", "8", "e0134826")
    assert c.date == PartialDate(2015, 8, 26)  # date-parts [["2015", 8, 26]]: the year is a string
    assert doc.authors[0].name == "Carol Tenopir" and len(doc.authors) == 8
    assert doc.sources[0].record == "tenopirChangesDataSharing2015" and doc.sources[0].start_line == 2


def test_dirty_text_is_cleaned():
    docs = {d.sources[0].record: d for d in parse_file(LIST, "csl-json")}
    assert docs["asoreyExposiciTempranaNativos2015"].title.startswith(
        "Exposición Temprana de Nativos Digitales en Ambientes, Metodologías y Técnicas de Investigación")
    assert docs["schoenemannMinisculeSystemSailing2016"].title == "A Miniscule System of a ‘Sailing Rock’"
    assert docs["patriasCitingMedicine2007"].kind.value == "report"  # type book


def test_broken_item_and_truncated_file():
    items = list(csl_json.parse(io.StringIO('[{"type": "book", "title": "A"}, 3, {"type": "book", "title": "B"'),
                                "lib.json"))
    assert items[0].title == "A"
    assert isinstance(items[1], ParseError) and items[1].record == "2"
    assert isinstance(items[2], ParseError) and items[2].record == "3" and "truncated" in str(items[2])


def test_sniffing():
    assert csl_json.sniff(LIST.read_text(encoding="utf-8")[:16384]) > 0.5
    assert csl_json.sniff('{"message-type": "work", "message": {"type": "journal-article"}}') == 0.0
