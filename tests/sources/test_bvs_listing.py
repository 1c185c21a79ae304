"""BVS result listing as text: the two seed listings, field by field, and golden files."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import ParseError
from kg.model import DocumentKind, MeshHeading, PartialDate
from kg.sources import bvs_listing
from tests.conftest import assert_golden, parse_file

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "bvs-listing"


def test_seed_000_records_and_gaps(seeds):
    docs = parse_file(seeds / "000_324412edea90c2cb.txt", "bvs-listing")
    assert len(docs) == 18
    numbers = [d.sources[0].record for d in docs]
    assert "11" not in numbers and "13" not in numbers
    assert numbers[:3] == ["1", "2", "3"] and numbers[-1] == "20"


def test_seed_000_first_record_field_by_field(seeds):
    doc = parse_file(seeds / "000_324412edea90c2cb.txt", "bvs-listing")[0]
    assert doc.kind is DocumentKind.PAPER
    assert doc.ids.pmid == "38127564"
    assert doc.ids.other == (("bvs", "mdl-38127564"),)
    assert doc.title is None  # the text copy has no titles
    c = doc.citation
    assert (c.journal, c.volume, c.issue, c.pages) == ("J Public Health (Oxf)", "45", "Suppl 1", "i54-i62")
    assert c.date == PartialDate(2023, 12, 21) and c.date.precision == "day"
    assert c.language == "en"
    assert c.raw == "J Public Health (Oxf) ; 45(Suppl 1): i54-i62, 2023 12 21."
    assert [s.label for s in doc.abstract] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert doc.abstract[1].text.startswith("We conducted four focus group interviews")
    assert doc.abstract[1].category == "METHODS"
    assert [m.label for m in doc.mesh] == ["General Practice", "General Practitioners", "Humans",
                                           "Delivery of Health Care", "Primary Health Care",
                                           "Patient Outcome Assessment"]
    span = doc.sources[0]
    assert (span.file, span.format, span.start_line, span.record) == ("000_324412edea90c2cb.txt", "bvs-listing", 6, "1")


def test_seed_001_mesh_with_commas_and_qualifiers(seeds):
    docs = {d.ids.pmid: d for d in parse_file(seeds / "001_6f8ecd66842b4e8e.txt", "bvs-listing")}
    assert len(docs) == 11
    mesh = docs["32471353"].mesh
    assert MeshHeading("Delivery of Health Care, Integrated", "organization & administration") in mesh
    assert MeshHeading("Social Work", "trends") in mesh
    assert len(mesh) == 19


def test_seed_001_record_without_subjects_and_month_names(seeds):
    docs = {d.ids.pmid: d for d in parse_file(seeds / "001_6f8ecd66842b4e8e.txt", "bvs-listing")}
    assert docs["32684944"].mesh == ()
    assert docs["31064744"].citation.date == PartialDate(2019, 7)
    assert docs["31064744"].citation.pages == "e499-e506"
    assert docs["30064094"].citation.issue is None  # "Soc Sci Med ; 213: 98-105, 2018 09."
    assert docs["30064094"].citation.volume == "213"


def test_plain_labelled_abstract_is_split(seeds):
    docs = {d.ids.pmid: d for d in parse_file(seeds / "001_6f8ecd66842b4e8e.txt", "bvs-listing")}
    labels = [s.label for s in docs["28084166"].abstract]
    assert labels[:3] == ["Objective", "Design", "Setting"]
    assert labels[-2:] == ["Results", "Conclusions"]


@pytest.mark.parametrize("name", ["000_324412edea90c2cb.txt", "001_6f8ecd66842b4e8e.txt"])
def test_seed_golden(seeds, name):
    assert_golden(parse_file(seeds / name, "bvs-listing"), HERE / "golden" / f"{name}.jsonl")


def test_malformed_record_is_reported_and_others_survive():
    items = list(bvs_listing.parse(open(FIXTURES / "malformed.txt", encoding="utf-8"), "malformed.txt"))
    errors = [i for i in items if isinstance(i, ParseError)]
    docs = [i for i in items if not isinstance(i, ParseError)]
    assert [d.ids.pmid for d in docs] == ["25320000", "32044153"]
    assert len(errors) == 1
    assert (errors[0].source, errors[0].line, errors[0].record) == ("malformed.txt", 16, "mdl-11111111")
    assert "malformed.txt:16 (record mdl-11111111)" in str(errors[0])
    assert [s.text for s in docs[1].abstract] == ["Unstructured abstract, first paragraph.",
                                                  "Second paragraph of the same abstract."]

