"""Crossref works: API responses, the items of a works list; field by field, goldens, broken files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kg.model import PartialDate
from kg.sources import crossref
from tests.conftest import assert_golden, parse_file

HERE = Path(__file__).parent
OWN = HERE / "fixtures" / "crossref"
FILES = sorted(OWN.iterdir())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_golden(path):
    assert_golden(parse_file(path, "crossref"), HERE / "golden" / f"crossref_{path.name}.jsonl")


def test_api_response_field_by_field():
    """10.1038/srep16696, checked by hand against the file."""
    doc = parse_file(OWN / "habanero_work_10.1038_srep16696.json", "crossref")[0]
    assert doc.ids.doi == "10.1038/srep16696"
    assert doc.title.startswith("Single-molecule FRET studies on alpha-synuclein oligomerization")
    c = doc.citation
    assert (c.journal, c.journal_title, c.volume, c.issue, c.pages) == ("Sci Rep", "Scientific Reports", "5", "1",
                                                                       "16696")
    assert c.date == PartialDate(2015, 11, 19) and c.issn == "2045-2322"
    assert [a.name for a in doc.authors][:2] == ["Laura Tosatto", "Mathew H. Horrocks"]
    assert doc.authors[1].initials == "MH"
    assert doc.abstract[0].text.startswith("Oligomers of alpha-synuclein are toxic to cells")
    assert "<" not in doc.abstract[0].text and doc.abstract[0].label is None  # the JATS "Abstract" title dropped
    assert len(doc.references) == 62 and all(r.doi for r in doc.references)
    assert doc.references[1].text == "Spillantini, M. G. et al. Alpha-synuclein in Lewy bodies. Nature 388, 839–840 (1997)."
    assert doc.references[1].doi == "10.1038/42166"
    assert doc.ids.url == "https://www.nature.com/articles/srep16696"


def test_reference_counts_and_composed_texts():
    counts = {p.name: [len(d.references) for d in parse_file(p, "crossref")] for p in FILES if "habanero" in p.name}
    assert counts["habanero_work_10.1016_j.neurobiolaging.2010.03.024.json"] == [57]
    assert counts["habanero_work_10.1002_jor.1100150407.json"] == [36]
    assert counts["habanero_work_10.3892_ijo_00000353.json"] == [0]
    ieee = parse_file(OWN / "habanero_work_10.1109_icdcsw.2003.1203662.json", "crossref")[0]
    assert len(ieee.references) == 13 and sum(1 for r in ieee.references if r.doi) == 3
    assert ieee.references[0].text == "DOI 10.1109/wsc.1996.873340"  # only a DOI: the text says so
    assert ieee.references[1].text == "ramakrishnan, 2001, Addition of ECN to IP, RFC 3168"


def test_items_list_edge_cases():
    docs = parse_file(OWN / "commonmeta_crossref-list.json", "crossref")
    assert len(docs) == 20
    deleted = next(d for d in docs if d.ids.doi == "10.1007/bf00293751")
    assert deleted.title is None  # its title only repeats the DOI
    assert next(d for d in docs if d.ids.doi.startswith("10.5424/http")).ids.doi == \
        "10.5424/http://dx.doi.org/10.5424/sjar/20110903-330-10"  # malformed, but that is the registered DOI
    naumann = next(d for d in docs if d.ids.doi == "10.1002/mmnd.4800460214")
    assert "&amp;" not in naumann.title and "Tarmann, G. M. & W. G. Tremewan" in naumann.title
    assert [d.sources[0].start_line for d in docs][:3] == [3, 78, 153]  # pretty-printed: each item's lines


def test_structured_jats_abstract():
    sections = crossref.jats_sections("<jats:sec><jats:title>Background</jats:title><jats:p>Why.</jats:p></jats:sec>"
                                      "<jats:sec><jats:title>Methods</jats:title><jats:p>How <jats:italic>"
                                      "x</jats:italic>.</jats:p></jats:sec>")
    assert [(s.label, s.category, s.text) for s in sections] == [("Background", "BACKGROUND", "Why."),
                                                                ("Methods", "METHODS", "How x .")]


def test_truncated_list_keeps_the_complete_works():
    text = (OWN / "commonmeta_crossref-list.json").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    items = list(crossref.parse(io.StringIO("".join(lines[:100])), "cut.json"))
    assert [type(i).__name__ for i in items] == ["Document", "ParseError"]
    assert (items[1].line, items[1].record) == (78, "2")


def test_sniffing():
    assert crossref.sniff((OWN / "habanero_work_10.1038_srep16696.json").read_text(encoding="utf-8")[:16384]) > 0.9
    assert crossref.sniff('[{"type": "article-journal", "title": "x"}]') == 0.0
