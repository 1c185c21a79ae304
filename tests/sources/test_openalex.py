"""OpenAlex works: one work, a list response, JSON Lines; field by field, goldens, broken files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kg.model import Institution, PartialDate
from kg.sources import openalex
from tests.conftest import assert_golden, parse_file

HERE = Path(__file__).parent
OWN = HERE / "fixtures" / "openalex"
FILES = sorted(OWN.iterdir())
PIWOWAR = OWN / "openalex-python_W2741809807.json"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_golden(path):
    assert_golden(parse_file(path, "openalex"), HERE / "golden" / f"openalex_{path.name}.jsonl")


def test_one_work_field_by_field():
    """W2741809807 ("The state of OA"), checked by hand against the file."""
    doc = parse_file(PIWOWAR, "openalex")[0]
    assert doc.title.startswith("The state of OA: a large-scale analysis of the prevalence and impact")
    ids = doc.ids
    assert (ids.openalex, ids.doi, ids.pmid, ids.pmcid) == ("W2741809807", "10.7717/peerj.4375", "29456894",
                                                            "PMC5815332")
    c = doc.citation
    assert (c.journal, c.issn, c.volume, c.pages, c.publisher) == ("PeerJ", "2167-8359", "6", "e4375", "PeerJ, Inc.")
    assert c.date == PartialDate(2018, 2, 13) and c.language == "en"
    assert len(doc.authors) == 9
    first = doc.authors[0]
    assert (first.name, first.family, first.given, first.orcid) == ("Heather Piwowar", "Piwowar", "Heather",
                                                                   "0000-0003-1613-5981")
    assert first.institutions == (Institution(name="Impact Technology Development (United States)", ror="05ppvf150",
                                              openalex="I4210166736", country="US"),)
    assert first.affiliations == ("Impactstory, Sanford, NC, USA",)
    assert doc.abstract[0].text.startswith("Despite growing interest in Open Access (OA) to scholarly literature")
    assert len(doc.references) == 45
    assert doc.references[0].openalex == "W1560783210" and doc.references[0].url == "https://openalex.org/W1560783210"


def test_abstract_is_rebuilt_from_the_inverted_index():
    assert openalex.abstract_from_inverted_index({"b": [1, 3], "a": [0], "c": [2]}) == "a b c b"
    assert openalex.abstract_from_inverted_index(None) is None
    assert openalex.abstract_from_inverted_index({}) is None


def test_list_response_edge_cases():
    """The 5-work sample: 3 without DOI, one without authors, 3 without abstract, a repository as source."""
    docs = parse_file(OWN / "commonmeta_openalex_works_sample5.json", "openalex")
    assert len(docs) == 5
    assert sum(1 for d in docs if not d.ids.doi) == 3
    assert sum(1 for d in docs if not d.authors) == 1
    assert sum(1 for d in docs if not d.abstract) == 3
    assert [len(d.references) for d in docs].count(0) == 4 and max(len(d.references) for d in docs) == 34
    portuguese = next(d for d in docs if d.ids.openalex == "W7120675484")
    assert portuguese.title == "A função retórica da lei para os limites da tolerância"
    assert portuguese.citation.journal is None  # its source is a repository, not a journal
    assert docs[0].citation.date == PartialDate(2015)  # "2015-01-01": OpenAlex's way of writing a year


def test_json_lines_and_single_works_agree():
    lines = parse_file(OWN / "commonmeta_openalex_works_4.jsonl", "openalex")
    assert [d.ids.openalex for d in lines] == ["W1982728624", "W2955786964", "W3038237952", "W2157853701"]
    assert [d.sources[0].start_line for d in lines] == [1, 2, 3, 4]
    for doc in lines:
        single = parse_file(OWN / f"commonmeta_openalex_{doc.ids.openalex}.json", "openalex")[0]
        assert doc.to_dict() | {"sources": None} == single.to_dict() | {"sources": None}
    dissertation = lines[2]
    assert dissertation.kind.value == "report" and len(dissertation.references) == 245


def test_truncated_list_keeps_the_complete_works():
    text = (OWN / "commonmeta_openalex_works_sample5.json").read_text(encoding="utf-8")
    cut = text[:text.index('"id": "https://openalex.org/W2497229624"') + 200]
    items = list(openalex.parse(io.StringIO(cut), "cut.json"))
    assert [type(i).__name__ for i in items] == ["Document", "Document", "ParseError"]
    assert items[2].record == "3" and "truncated" in str(items[2]) and str(items[2]).startswith("cut.json:1")


def test_broken_json_line_is_reported_and_the_others_read():
    good = (OWN / "commonmeta_openalex_works_4.jsonl").read_text(encoding="utf-8").splitlines()
    text = "\n".join([good[0], good[1][:500], good[2]]) + "\n"
    items = list(openalex.parse(io.StringIO(text), "snap.jsonl"))
    assert [type(i).__name__ for i in items] == ["Document", "ParseError", "Document"]
    assert (items[1].line, items[1].record) == (2, "2")


def test_sniffing():
    assert openalex.sniff(PIWOWAR.read_text(encoding="utf-8")[:16384]) > 0.9
    assert openalex.sniff('{"DOI": "10.1/x", "message-type": "work"}') == 0.0
