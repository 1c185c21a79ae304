"""kg.extract.matcher: vocabulary names found in text, with their variants and exact offsets."""

from __future__ import annotations

import pytest

from kg.extract.matcher import Match, default_matcher, fold, hyphenated, name_variants, select_longest
from kg.vocab.concepts import gerund, method_forms, spelling_variants
from tests.extract import ID, known_bug, short


def found(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """(words as written, candidate concepts) of each match."""
    return [(text[m.start:m.end], tuple(short(i) for i in m.candidates)) for m in default_matcher().find(text)]


def one(surface: str, *iris: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(surface, iris)]


# ---------------------------------------------------------------- case

CASE = [
    # acronyms are case-sensitive, names are not
    ("Each CCG held its own budget.", one("CCG", "body/ccg")),
    ("each ccg held its own budget", []),
    ("Each clinical commissioning group held a budget.", one("clinical commissioning group", "body/ccg")),
    ("WHO guidance on primary care", one("WHO", "body/who")),
    ("who decides what is commissioned", []),
    # concepts marked case-sensitive: names that are also ordinary words
    ("Monitor was the sector regulator.", one("Monitor", "body/monitor")),
    ("We monitor outcomes monthly.", []),
    # demonyms are case-sensitive
    ("English local authorities", [("English", ("place/england",)), ("local authorities", ("body/local-authority",))]),
]


@pytest.mark.parametrize("text, expected", CASE)
def test_case(text, expected):
    assert found(text) == expected


# ---------------------------------------------------------------- plurals and possessives

INFLECTION = [
    ("CCGs and PCTs", [("CCGs", ("body/ccg",)), ("PCTs", ("body/pct",))]),
    ("The CCG's governing body met.", one("CCG", "body/ccg")),
    ("the CCGs' constitutions", one("CCGs", "body/ccg")),
    ("the local authority's public health team", one("local authority", "body/local-authority")),
    ("Primary Care Trusts\u2019 budgets", one("Primary Care Trusts", "body/pct")),  # a plural possessive
    ("thematic analyses", one("thematic analyses", "method/thematic-analysis")),
    # plural-only concepts: the singular is a sector or a place
    ("Patients were sent to hospitals in the region.", one("hospitals", "body/hospital")),
    ("Patients were sent to hospital.", []),
]


@pytest.mark.parametrize("text, expected", INFLECTION)
def test_plurals_and_possessives(text, expected):
    assert found(text) == expected


# ---------------------------------------------------------------- hyphens, spaces, quotes, dashes

SPELLING = [
    ("semi-structured interviews", one("semi-structured interviews", "method/semi-structured-interview")),
    ("semistructured interviews", one("semistructured interviews", "method/semi-structured-interview")),
    ("semi structured interviews", one("semi structured interviews", "method/semi-structured-interview")),
    ("non participant observation", one("non participant observation", "method/non-participant-observation")),
    # typographic dashes and quotes are folded; the offsets keep the original characters
    ("a cross\u2013sectional survey", one("cross\u2013sectional survey", "method/cross-sectional-survey")),
    ("the King\u2019s Fund", one("the King\u2019s Fund", "body/kings-fund")),
    ("the Prime Minister\u2019s Challenge Fund", one("Prime Minister\u2019s Challenge Fund",
                                                     "policy/prime-ministers-challenge-fund")),
    # quotes around a word inside a name, or around the whole name
    ("the \u2018pathfinder\u2019 programme", one("pathfinder\u2019 programme", "policy/ccg-pathfinder-programme")),
    ("the \u2018Five Year Forward View\u2019", one("Five Year Forward View", "policy/five-year-forward-view")),
    # runs of white space, line breaks and no-break spaces inside a name
    ("NHS  England", one("NHS  England", "body/nhs-england")),
    ("NHS\u00a0England", one("NHS\u00a0England", "body/nhs-england")),
    pytest.param("Health and Well-being Boards were set up in 2013.",
                 one("Health and Well-being Boards", "body/hwb"),
                 marks=known_bug("the hyphenated spelling 'well-being' of a closed compound in a label "
                                 "('health and wellbeing board') is not matched")),
]


@pytest.mark.parametrize("text, expected", SPELLING)
def test_spelling_variants(text, expected):
    assert found(text) == expected


# ---------------------------------------------------------------- surface forms generated from a name

GENERATED = [
    # a hyphen is a space: "time-series" and "time series" are one spelling
    ("an interrupted time-series analysis", one("interrupted time-series analysis", "method/interrupted-time-series")),
    ("a mixed-methods design", one("mixed-methods design", "method/mixed-methods")),
    # a hyphen that wrapped a line is mended; a suspended hyphen is not
    ("an on- line survey of GPs", one("on- line survey", "method/online-survey")),
    ("an on-\nline survey of GPs", one("on-\nline survey", "method/online-survey")),
    ("short- and long-term survey", one("survey", "method/survey")),
    # British and American spellings of every name
    ("a randomized controlled trial", one("randomized controlled trial", "method/randomised-controlled-trial")),
    ("Cox proportional hazards modeling", one("Cox proportional hazards modeling", "method/cox-regression")),
    # -ing and adjective forms of a method's name
    ("Qualitative interviewing was used.", one("Qualitative interviewing", "method/interview")),
    ("a meta-ethnographic synthesis", one("meta-ethnographic synthesis", "method/meta-ethnography")),
    ("a phenomenological approach", one("phenomenological approach", "method/phenomenology")),
]


@pytest.mark.parametrize("text, expected", GENERATED)
def test_generated_surface_forms(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("name, expected", [
    ("randomised controlled trial", {"randomised controlled trial", "randomized controlled trial"}),
    ("multilevel modeling", {"multilevel modeling", "multilevel modelling"}),
    ("behaviour change", {"behaviour change", "behavior change"}),
    ("random digit dialling", {"random digit dialling", "random digit dialing"}),
    ("Health Centre", {"Health Centre", "Health Center"}),
    # a word keeps two letters before the ending it changes
    ("four nations", {"four nations"}),
    ("hour", {"hour"}),
])
def test_spelling_variants_of_a_name(name, expected):
    assert spelling_variants(name) == expected


@pytest.mark.parametrize("word, expected", [
    ("search", "searching"), ("interview", "interviewing"), ("sample", "sampling"), ("map", "mapping"),
    ("model", "modelling"), ("analysis", None), ("evaluation", None), ("study", None), ("trial", None),
    ("CCG", None),
])
def test_gerund(word, expected):
    assert gerund(word) == expected


def test_hyphenated():
    assert hyphenated("time series analysis") == {"time-series analysis", "time series-analysis"}
    assert hyphenated("survey") == set()


def test_method_forms():
    assert method_forms("literature search") == {"literature searching"}
    assert {"meta-ethnographic synthesis", "meta-ethnographic approach"} <= method_forms("meta-ethnography")
    assert "phenomenological study" in method_forms("phenomenology")
    assert method_forms("thematic analysis") == set()


# ---------------------------------------------------------------- word boundaries and longest match

BOUNDARIES = [
    ("PCTSx were recorded", []),
    ("xPCTs were recorded", []),
    ("CCG-led commissioning", one("CCG", "body/ccg")),
    ("the NHSX unit", one("NHSX", "body/nhsx")),
]


@pytest.mark.parametrize("text, expected", BOUNDARIES)
def test_word_boundaries(text, expected):
    assert found(text) == expected


LONGEST = [
    ("NHS England commissioned it", one("NHS England", "body/nhs-england")),
    ("NHS England and NHS Improvement merged", one("NHS England and NHS Improvement", "body/nhsei")),
    ("the Department of Health and Social Care", one("Department of Health and Social Care", "body/dhsc")),
    ("the Health and Social Care Act 2012", one("Health and Social Care Act 2012",
                                                "policy/health-and-social-care-act-2012")),
    # an acronym shared by two concepts keeps both candidates
    ("the STP", one("STP", "body/stp", "policy/sustainability-and-transformation-plan")),
]


@pytest.mark.parametrize("text, expected", LONGEST)
def test_longest_match_wins(text, expected):
    assert found(text) == expected


def test_find_all_keeps_overlapping_matches():
    text = "NHS England"
    every = {(text[m.start:m.end], short(m.candidates[0])) for m in default_matcher().find_all(text)}
    assert every == {("NHS England", "body/nhs-england"), ("NHS", "body/nhs"), ("England", "place/england")}


@pytest.mark.parametrize("matches, kept", [
    ([(0, 3), (0, 11), (4, 11)], [(0, 11)]),
    ([(0, 5), (3, 8)], [(0, 5)]),  # equal length: the leftmost
])
def test_select_longest(matches, kept):
    chosen = select_longest([Match(s, e, ("x",), False) for s, e in matches])
    assert [(m.start, m.end) for m in chosen] == kept


def test_offsets_map_back_to_the_original_text():
    text = "In \u201cthe \u2018pathfinder\u2019 programme\u201d,  NHS\u00a0England\u2019s CCGs\u2019 role\u2026"
    spans = [text[m.start:m.end] for m in default_matcher().find(text)]
    assert spans == ["pathfinder\u2019 programme", "NHS\u00a0England", "CCGs"]


# ---------------------------------------------------------------- lookup and variants

@pytest.mark.parametrize("name, expected", [
    ("clinical commissioning groups", ("body/ccg",)),
    ("CCG", ("body/ccg",)),
    ("ccg", ()),
    ("STP", ("body/stp", "policy/sustainability-and-transformation-plan")),
])
def test_lookup(name, expected):
    assert tuple(short(i) for i in default_matcher().lookup(name)) == expected


@pytest.mark.parametrize("name, expected", [
    ("semi-structured interview", {"semi-structured interview", "semi-structured interviews",
                                   "semi structured interview", "semistructured interview"}),
    ("Director of Public Health", {"Director of Public Health", "Directors of Public Health"}),
    ("The King's Fund", {"The King's Fund", "King's Fund", "The Kings Fund", "Kings Fund"}),
    ("GP commissioning consortium", {"GP commissioning consortia"}),
])
def test_name_variants_include(name, expected):
    assert expected <= name_variants(name)


def test_fold_keeps_the_length():
    text = "\u2018quote\u2019 \u201cdouble\u201d en\u2013dash no\u00a0break"
    assert len(fold(text)) == len(text)
    assert fold(text) == "'quote' \"double\" en-dash no break"


def test_every_candidate_is_a_vocabulary_concept():
    concepts = default_matcher().concepts
    for m in default_matcher().find("CCGs, the STP and the King's Fund met NHS England."):
        assert all(c in concepts and c.startswith(ID) for c in m.candidates)
