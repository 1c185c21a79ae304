"""Blog archive pages as text: post boundaries, bylines, links, references."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import ParseError
from kg.model import DocumentKind, Link, Reference
from kg.sources import blog_archive
from tests.conftest import assert_golden, parse_file

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "blog-archive"


def test_seed_002_posts(seeds):
    docs = parse_file(seeds / "002_14d352b53e91a8ed.txt", "blog-archive")
    assert [d.title for d in docs] == [
        "Improving GP recruitment and retention needs a long-term strategy",
        "Alliance contracting, prime contracting and outcome based contracting: What can the NHS learn "
        "from elsewhere? A literature review",
        "Interrogating institutional change: Actors\u2019 attitudes to competition and cooperation in "
        "commissioning health services in England",
        "Engaging GPs in commissioning: Realist evaluation of the early experiences of Clinical "
        "Commissioning Groups in the English NHS",
        "Commissioning through Competition and Cooperation",
        "Understanding primary care co-commissioning: Uptake, scope of activity and process of change",
        "Exploring the GP \u2018added value\u2019 in commissioning",
        "Sympathising with commissioners",
    ]
    assert all(d.kind is DocumentKind.BLOG_POST and d.tags == ("NHS",) for d in docs)
    first = docs[0]
    assert first.links == (Link("Download PRUComm report [pdf]"), Link("NHSE \u2013 IPSOS/MORI report"))
    assert first.body[0].startswith("The state of general practice remains")
    assert "\u2022 exposure of medical students to successful GP role models" in first.body
    last = docs[-1]
    assert [a.name for a in last.authors] == ["Stephen Peckham"]
    assert last.body[-1] == "Stephen Peckham is Director of PRUComm"


def test_seed_003_bylines_references_and_via(seeds):
    records = parse_file(seeds / "003_93c0554ea5967dd7.txt")
    assert len(records) == 10

    def post(start: str):
        return next(d for d in records if d.title.startswith(start))

    docs = {"Make, buy or ally": post("Make, buy or ally"), "Engaging GPs in commissioning": post("Engaging GPs in commissioning: what")}
    ties = post("Changing the ties that bind")
    assert [a.name for a in ties.authors] == ["Julia Segar"]
    assert ties.references[0].text.startswith("Scott, W. R. (2008). Institutions and organizations")
    assert len(ties.references) == 2
    assert ties.body[-1].startswith("Disclaimer: this research was funded by the Department of Health.")
    assert [a.name for a in docs["Make, buy or ally"].authors] == ["Kath Checkland"]  # from "BY KATH CHECKLAND"
    assert docs["Make, buy or ally"].authors[0].family == "Checkland"
    elf = docs["Engaging GPs in commissioning"]
    assert elf.links == (Link("Via The Commissioning Elf"), Link("Read more"))
    assert all(d.categories == ("CCG",) for d in records)


def test_wrapped_line_joins_its_paragraph(seeds):
    docs = parse_file(seeds / "002_14d352b53e91a8ed.txt", "blog-archive")
    added_value = docs[6]
    assert any("underpin them. The approach is often said" in p for p in added_value.body)


def test_fixture_subheading_bullets_and_references():
    docs = parse_file(FIXTURES / "category-archive.txt")
    assert [d.title for d in docs] == ["Integrated care systems: what have we learned so far?",
                                       "A short note on primary care networks"]
    first, second = docs
    assert first.categories == ("Integration",) and first.tags == ()
    assert [a.name for a in first.authors] == ["Anna Coleman"]
    assert "\u2022 a first point" in first.body and "\u2022 a second point" in first.body
    assert second.references == (Reference("Smith, J. (2020). Primary care networks. London, Nuffield Trust."),)
    assert second.links == (Link("Read the report"),)
    assert (second.sources[0].start_line, second.sources[0].end_line, second.sources[0].record) == (16, 24, "2")


@pytest.mark.parametrize("name", ["002_14d352b53e91a8ed.txt", "003_93c0554ea5967dd7.txt"])
def test_seed_golden(seeds, name):
    assert_golden(parse_file(seeds / name, "blog-archive"), HERE / "golden" / f"{name}.jsonl")


def test_missing_header_is_an_error():
    items = list(blog_archive.parse(iter(["A title\n", "\n", "Body.\n"]), "x.txt"))
    assert len(items) == 1 and isinstance(items[0], ParseError) and items[0].line == 1

