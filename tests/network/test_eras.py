"""Policy eras come from ontology/eras.ttl; --years and --era become one Scope."""

from __future__ import annotations

import pytest

from kg.errors import KGError
from kg.network.eras import ALL_YEARS, Scope, eras, find_era, parse_years, scope_for


def test_the_eras_are_data_oldest_first():
    found = eras()
    assert [e.name for e in found] == ["internal-market", "new-labour", "coalition", "ccg", "ics"]
    assert [(e.start, e.end) for e in found] == [(1991, 1997), (1997, 2010), (2010, 2013), (2013, 2022), (2022, None)]
    assert all(e.label and e.definition and e.iri.startswith("https://w3id.org/citekg/id/era/") for e in found)


def test_an_era_ends_the_year_before_the_next_begins():
    ccg = find_era("ccg").scope()
    assert (ccg.start, ccg.end) == (2013, 2021)
    assert ccg.contains(2013) and ccg.contains(2021) and not ccg.contains(2022) and not ccg.contains(None)
    ics = find_era("ics").scope()
    assert (ics.start, ics.end) == (2022, None) and ics.contains(2040)


@pytest.mark.parametrize("name", ["ccg", "CCG", "CCG era", "https://w3id.org/citekg/id/era/ccg"])
def test_an_era_is_found_by_notation_label_or_iri(name):
    assert find_era(name).name == "ccg"


def test_an_unknown_era_lists_the_known_ones():
    with pytest.raises(KGError, match="known eras: internal-market, new-labour"):
        find_era("thatcher")


def test_eras_read_from_another_file(tmp_path):
    path = tmp_path / "eras.ttl"
    path.write_text("""@prefix ckg: <https://w3id.org/citekg/ontology#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <urn:era:a> a ckg:PolicyEra ; skos:prefLabel "A" ; ckg:existsFrom "1948"^^xsd:gYear ; ckg:existsUntil "1974"^^xsd:gYear .""")
    (era,) = eras(path)
    assert (era.name, era.label, era.start, era.last_year) == ("a", "A", 1948, 1973)


@pytest.mark.parametrize("text, start, end", [
    ("2010-2015", 2010, 2015), ("2010–2015", 2010, 2015), ("2010..2015", 2010, 2015), (" 2010 - 2015 ", 2010, 2015),
    ("2010-", 2010, None), ("-2012", None, 2012), ("2015", 2015, 2015),
])
def test_year_ranges(text, start, end):
    scope = parse_years(text)
    assert (scope.start, scope.end) == (start, end) and scope.bounded


@pytest.mark.parametrize("text", ["", "-", "twenty", "2015-2010", "15-16", "2010-2015-2020"])
def test_bad_year_ranges_say_how_to_write_one(text):
    with pytest.raises(KGError):
        parse_years(text)


def test_years_and_era_together_give_their_overlap():
    both = scope_for(years="2015-2025", era="ccg")
    assert (both.start, both.end) == (2015, 2021)
    with pytest.raises(KGError, match="outside the era"):
        scope_for(years="1990-1995", era="ics")


def test_no_restriction_keeps_undated_documents():
    assert scope_for() == ALL_YEARS and not ALL_YEARS.bounded
    assert ALL_YEARS.contains(None) and ALL_YEARS.contains(1850)
    assert not Scope(2000, None).contains(None)
    assert ALL_YEARS.describe() == "all years" and parse_years("2013-2016").describe() == "2013–2016"
