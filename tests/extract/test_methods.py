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


# ---------------------------------------------------------------- whose method it is

NOT_OWN = [
    # the designs of the studies a review covers
    pytest.param(paper(title="Why doctors leave: a systematic review of qualitative research"),
                 {"method/systematic-review"}, id="review of qualitative research"),
    pytest.param(paper(abstract=[section("We undertook a systematic review. Interview-based studies were "
                                         "identified and appraised.", "METHODS")]),
                 {"method/systematic-review"}, id="interview-based studies a review covers"),
    pytest.param(paper(abstract=[section("This was a systematic review. We searched databases for empirical "
                                         "quantitative research on the scheme.", "METHODS")]),
                 {"method/systematic-review"}, id="what a review searched for"),
    # a wider study the document is part of
    pytest.param(paper(abstract=[section("We conducted semi-structured interviews as part of a wider mixed "
                                         "methods study.", "BACKGROUND")]),
                 {"method/semi-structured-interview"}, id="parent study"),
    # a survey others ran
    pytest.param(paper(abstract=[section("Intention to leave rose from 13% in the 2014 survey to 18%.", "RESULTS")]),
                 set(), id="the 2014 survey"),
]


@pytest.mark.parametrize("document, expected", NOT_OWN)
def test_methods_of_other_studies_are_not_used(document, expected):
    assert {m for _, m in used(document)} == expected


def test_an_own_study_sentence_is_not_vetoed_by_a_cue_elsewhere_in_it():
    document = paper(abstract=[section("This qualitative study aimed to inform recommendations for ICS "
                                       "development.", "OBJECTIVE")])
    assert {m for _, m in used(document)} == {"method/qualitative-research"}


def test_a_cue_next_to_the_method_still_vetoes_it():
    document = paper(abstract=[section("We used interviews, but further quantitative research is needed.",
                                       "CONCLUSIONS")])
    assert {m for _, m in used(document)} == {"method/interview"}


def test_a_survey_of_our_own_in_a_given_year_is_ours():
    document = paper(abstract=[section("Using data collected in a 2015 survey of 374 officers, we analyse "
                                       "the role.")])
    assert {m for _, m in used(document)} == {"method/survey"}


# ---------------------------------------------------------------- the most specific method, compounds, clauses

def test_the_most_specific_method_absorbs_the_generic_one():
    document = paper(abstract=[section("Semi-structured interviews were held with 20 managers. Interviews "
                                       "were recorded and transcribed.", "METHODS")])
    assert set(named(document)) == {"method/semi-structured-interview"}


def test_the_survey_is_the_online_survey_named_before():
    document = paper(abstract=[section("An online questionnaire was sent to practice managers. 1000 practices "
                                       "responded to the survey. The questionnaire asked about workforce.",
                                       "METHODS")])
    assert set(named(document)) == {"method/online-survey"}


def test_a_generic_method_counted_apart_is_another_activity():
    document = paper(abstract=[section("We conducted 96 interviews and 38 follow-up telephone interviews.",
                                       "METHODS")])
    assert set(named(document)) == {"method/interview", "method/telephone-interview"}


@pytest.mark.parametrize("text, expected", [
    ("Cross-sectional, observational study of all 152 trusts.",
     {"method/cross-sectional-study", "method/observational-study"}),
    ("A retrospective cross-sectional and population cohort study.",
     {"method/retrospective-study", "method/cross-sectional-study", "method/cohort-study"}),
    ("Ethnographic, two-phase study involving observations of meetings.",
     {"method/ethnography", "method/observation"}),
    ("A qualitative interview study of pharmacists.", {"method/qualitative-research", "method/interview"}),
])
def test_stacked_and_coordinated_modifiers(text, expected):
    assert expected <= set(named(paper(abstract=[section(text, "METHODS")])))


@pytest.mark.parametrize("text, expected", [
    ("All 200 practice managers were surveyed.", "method/survey"),
    ("Sixteen participants were interviewed.", "method/interview"),
    ("The evaluation drew on a review of internal documents.", "method/documentary-analysis"),
    ("Analysis of routinely collected NHS 24 data.", "method/routine-data-analysis"),
    ("Controlled before and after study using routine data.", "method/routine-data-analysis"),
])
def test_methods_stated_by_clauses(text, expected):
    assert expected in {m for _, m in used(paper(abstract=[section(text, "METHODS")]))}


def test_a_method_naming_a_skill_is_no_method():
    assert named(paper("The course improved critical appraisal skills.")) == []


def test_in_a_review_the_designs_of_the_included_studies_are_not_its_own():
    document = paper(title="Pay for performance: a systematic review",
                     abstract=[section("Studies were eligible if they used a randomised controlled trial or a "
                                       "cohort design. The quality of included studies was appraised and a "
                                       "narrative synthesis was carried out.", "METHODS")])
    assert {m for _, m in used(document)} == {"method/systematic-review", "method/narrative-synthesis"}


def test_outside_a_review_a_sentence_about_studies_keeps_the_own_method():
    document = paper(abstract=[section("We conducted semi-structured interviews in six case studies.", "METHODS")])
    assert {m for _, m in used(document)} == {"method/semi-structured-interview", "method/case-study"}


def test_a_method_ending_a_proper_name_is_a_data_source():
    document = paper(abstract=[section("We analysed data of 5000 civil servants in the Whitehall Cohort Study.",
                                       "RESULTS")])
    assert "method/cohort-study" in named(document)
    assert used(document) == []


def test_selected_for_maximum_variation_is_purposive_sampling():
    document = paper(abstract=[section("Five practices were selected for maximum variation of skill mix.",
                                       "METHODS")])
    assert {m for _, m in used(document)} == {"method/purposive-sampling"}


def test_a_background_section_speaks_of_others_work_unless_it_says_we():
    document = paper(abstract=[section("Surveys of GPs report falling morale. We therefore interviewed 30 GPs.",
                                       "BACKGROUND")])
    assert "method/survey" in named(document)
    assert {m for _, m in used(document)} == {"method/interview"}


def test_a_realist_interview_absorbs_the_interviews_it_refines():
    document = paper(abstract=[section("Realist interviews tested this framework. Interviews were undertaken at "
                                       "each site.", "METHODS")])
    assert set(named(document)) == {"method/realist-interview"}
