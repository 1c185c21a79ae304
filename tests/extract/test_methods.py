"""kg.extract.methods: which of the methods a document names did its own study use?"""

from __future__ import annotations

import pytest

from kg.extract import extract
from tests.extract import known_bug, paper, post, section, short


def used(document) -> list[tuple[str, str]]:
    """(words as written, method IRI) of each method the document's own study used."""
    found = extract(document)
    return [(found.text.text[m.start:m.end], short(m.concept.iri)) for m in found.methods_used]


def named(document) -> list[str]:
    found = extract(document)
    return [short(m.concept.iri) for m in found.mentions if m.concept.kind == "method"]


STRUCTURED = paper(
    title="How do primary care networks work?",
    abstract=[
        section("Earlier studies relied on surveys of practices.", "BACKGROUND"),
        section("Semi-structured interviews with 24 clinical directors, analysed thematically.", "METHODS"),
        section("A framework analysis identified three models.", "RESULTS"),
    ],
)


def test_methods_in_the_methods_section_of_a_structured_abstract():
    assert ("Semi-structured interviews", "method/semi-structured-interview") in used(STRUCTURED)


def test_methods_of_earlier_studies_in_the_background_are_not_used():
    assert "method/survey" in named(STRUCTURED)
    assert "method/survey" not in {m for _, m in used(STRUCTURED)}


USED = [
    (post("We conducted focus groups with patients in four practices."), {"method/focus-group"}),
    (post("Our study combined a postal survey with documentary analysis."),
     {"method/postal-survey", "method/documentary-analysis"}),
    (post("Data were collected through an online survey of practice managers."), {"method/online-survey"}),
    (post("Interviews with managers showed frustration with the contract."), {"method/interview"}),
    (post(title="A realist evaluation of social prescribing"), {"method/realist-evaluation"}),
    (paper(abstract=[section("This qualitative study used interviews with 30 commissioners.")]),
     {"method/qualitative-research", "method/interview"}),
    # a paper's own text reports its own study unless a cue says otherwise
    (paper("Surveys were sent to all 200 practices in the region."), {"method/survey"}),
]


def _id(document) -> str:
    return document.body[0] if document.body else document.title or document.abstract[0].text


@pytest.mark.parametrize("document, expected", USED, ids=[_id(d) for d, _ in USED])
def test_own_methods(document, expected):
    assert {m for _, m in used(document)} == expected


NOT_USED = [
    pytest.param(post("Previous studies used surveys to measure satisfaction."), id="post: previous studies"),
    pytest.param(paper("Previous studies used surveys to measure satisfaction."), id="paper: previous studies"),
    pytest.param(paper("Other research has relied on telephone interviews."), id="other research"),
    pytest.param(paper("Future research should use a randomised controlled trial."), id="future research"),
    pytest.param(post("Surveys are a common tool in health services research."), id="post: general remark"),
    pytest.param(post("NHS England plans to run a national survey next year."), id="someone else's plan"),
    pytest.param(post("A systematic review by the King's Fund found little evidence of savings."),
                 id="a review by someone else"),
]


@pytest.mark.parametrize("document", NOT_USED)
def test_others_methods(document):
    assert named(document), "the method should still be mentioned"
    assert used(document) == []


def test_used_methods_are_mentions():
    found = extract(post("We conducted a cross-sectional online survey. Previous surveys were small."))
    assert set(found.methods_used) <= set(found.mentions)
    assert {short(m.concept.iri) for m in found.methods_used} == {"method/cross-sectional-survey",
                                                                 "method/online-survey"}
