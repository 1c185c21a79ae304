"""Which of the methods a document names did its own study use?

A method counts as used (``ckg:usesMethod``) when it is named in the
methods part of a structured abstract, or in a sentence that reports the
document's own work ("we conducted", "our interviews", "this review",
"data were collected", "interviews with managers showed"); it does not
when the words around it speak of others' or future work ("previous
research", "studies have used", "should be evaluated"). In an
unstructured abstract a method is the study's own unless such a cue says
otherwise: abstracts describe their own study.

A cue for others' work vetoes a method only when it governs it: in a
sentence that also reports the document's own study ("This qualitative
study ... informs recommendations"), the cue must stand next to the
method ("further qualitative research", "surveys have shown"). Wherever
it is named, a method is not the study's own when it names

* the design of the studies a review covers: "a systematic review of
  qualitative research", "interview-based studies were identified",
  "randomised controlled trials", "we searched for quantitative research";
* a wider study the document is part of: "as part of a wider mixed methods
  study", "nested within a larger cohort";
* a survey, cohort or trial run by others, whose data the study used: "the
  2014 survey", "data from the national ... survey";
* part of a proper name ("the Whitehall II Cohort Study");
* in a review, a design or data collection method named in a sentence about
  the studies it included ("studies were eligible if they used a randomised
  design"); the review's own analysis, synthesis and appraisal are its own
  ("the quality of included studies was assessed with CASP").
"""

from __future__ import annotations

import functools
import re

from kg.facts import DocumentText, Mention
from kg.model import Document, DocumentKind
from kg.vocab.concepts import load_vocabulary
from kg.vocab.lexicon import LEXICON

__all__ = ["methods_used", "review_methods"]

_OWN_STRONG = re.compile(
    r"\b(?:we|our|us)\b|"
    r"\b(?:this|the present|the current)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:study|research|project|report|review|paper|article|evaluation|analysis|survey|synthesis|programme)\b",
    re.I)
_OWN = re.compile(
    _OWN_STRONG.pattern + r"|"
    r"\bthe\s+(?:[\w-]+\s+){0,3}?"
    r"(?:study|studies|research|project|report|review|paper|article|evaluation|analysis|survey|synthesis|programme)\b|"
    r"\b(?:were|was|been)\s+(?:\w+\s+)?(?:conducted|undertaken|carried out|collected|analy[sz]ed|used|employed|"
    r"interviewed|surveyed|observed|sampled|recruited|performed|applied|generated|selected)\b|"
    r"\b(?:using|drawing on|based on|through|via|comprised|involved|included)\b|"
    r"^\s*(?:methods?|design|setting|approach)\b|"
    r"\bwith\s+(?:\d+|[a-z]+)\s+(?:\w+\s+){0,3}?(?:participants|respondents|managers|staff|clinicians|"
    r"stakeholders|leaders|doctors|patients|members|informants|practitioners|professionals|commissioners)\b|"
    r"\b(?:showed|revealed|found|identified|highlighted|suggest(?:ed)?|indicated)\b",
    re.I)
_OTHERS = re.compile(
    r"\b(?:previous|prior|earlier|other|existing|future|further|more)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:research|studies|study|work|"
    r"evidence|literature|reviews?|evaluations?|trials?)\b|\b(?:studies|research)\s+(?:have|has)\b|"
    r"\bhas\s+been\s+(?:\w+\s+)?used\b|"
    r"\b(?:should|could|would|might|must|need\s+to|needs\s+to)\s+(?:\w+\s+)?(?:be|use|include|consider|employ)\b|"
    r"\brecommend|\b(?:is|are)\s+(?:\w+\s+)?(?:needed|required|warranted)\b|"
    r"\blearning\s+from\b|\bthe\s+literature\b|"
    r"\b(?:review|study|survey|evaluation|analysis|report|trial)\s+"
    r"(?:carried\s+out\s+|conducted\s+|published\s+)?by\s+(?!us\b)",
    re.I)
_BACKGROUND = frozenset({"abstract:BACKGROUND"})
# how far (in characters) a cue for others' work may stand from the method it governs
_GOVERNS = 40

# the method names the designs of studies others did: "interview-based studies", "qualitative studies"
_STUDIES_AFTER = re.compile(r"^(?:(?:\s+(?!(?:and|or|with|of|in)\b)\w+){0,2}?-?\s?based\s+stud(?:y|ies)|"
                            r"\s*(?:studies|trials|papers|articles|publications))\b", re.I)
_PLURAL_STUDIES = re.compile(r"(?<!case )\b(?:studies|trials|reviews)$", re.I)
# ... or what a review searched for or covered: "a systematic review of qualitative research"
_COVERED_BEFORE = re.compile(
    r"\b(?:reviews?|synthes[ie]s|meta-analys[ie]s|overviews?|appraisal|searche?d?|searching)\s+(?:\w+\s+){0,6}?"
    r"(?:of|for|on|including)\s+(?:[\w-]+\s+){0,5}$|"
    r"\b(?:studies|trials|papers|articles|literature|evidence)\s+(?:that\s+|which\s+)?"
    r"(?:used|using|employed|employing|adopted|adopting|based\s+on|with)\s+(?:[\w-]+\s+){0,3}$|"
    r"\b(?:the\s+included|eligible|primary)\s+(?:[\w-]+\s+){0,2}$",
    re.I)
# ... or the wider study the document is part of: "as part of a wider mixed methods study"
_PARENT_BEFORE = re.compile(
    r"\b(?:wider|larger|broader|bigger|parent|overarching|umbrella)\s+(?:[\w-]+\s+){0,3}$|"
    r"\b(?:part\s+of|nested\s+(?:with)?in|embedded\s+(?:with)?in|sub-?study\s+of)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}$",
    re.I)
# ... or a survey, cohort or trial others ran: "the 2014 survey", "data from the national survey"
_OTHERS_DATA_BEFORE = re.compile(
    r"\bthe\s+(?:[\w-]+\s+){0,3}?(?:19|20)\d\d(?:/\d+)?\s+(?:[\w-]+\s+){0,2}$|"
    r"\b(?:data|responses|results|findings|participants|respondents|waves?|records)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:from|of|in)\s+(?:the|an?)\s+(?:[\w-]+\s+){0,5}?(?:national|annual|existing|ongoing|routine)\s+"
    r"(?:[\w-]+\s+){0,4}$",
    re.I)
# a sentence about the studies a review included or found
_STUDIES_NAMED = re.compile(r"\b(?:studies|trials|articles|papers|publications|reports|records)\b", re.I)
# a capitalised name that the method's capitalised words end: "the Whitehall II Cohort Study"
_NAME_BEFORE = re.compile(r"(?<![.!?:;]\s)(?<!^)\b[A-Z][\w-]*\s+$")
_DATA_SOURCE_HEADS = re.compile(r"\b(?:surveys?|cohorts?|trials?|panels?|census(?:es)?|studies|study)$", re.I)


@functools.lru_cache(maxsize=1)
def review_methods() -> frozenset[str]:
    """IRIs of the methods that review or synthesise others' studies: the concepts named in the lexicon's
    ``review_methods`` and every concept narrower than one of them (by ``skos:broader``)."""
    vocabulary = load_vocabulary()
    by_label = {vc.concept.label.lower(): iri for iri, vc in vocabulary.items() if vc.concept.kind == "method"}
    roots = {by_label[name] for name in LEXICON.review_methods if name in by_label}
    found = set(roots)
    changed = True
    while changed:
        changed = False
        for iri, vc in vocabulary.items():
            if iri not in found and any(b in found for b in vc.broader):
                found.add(iri)
                changed = True
    return frozenset(found)


def _in_a_name(text: str, mention: Mention, sentence_start: int) -> bool:
    """Whether ``mention`` ends a proper name: its words and the word before it capitalised, inside a sentence."""
    words = text[mention.start:mention.end].split()
    if not all(w[:1].isupper() for w in words) or all(w.isupper() for w in words):
        return False
    before = text[sentence_start:mention.start]
    return bool(before.strip()) and bool(_NAME_BEFORE.search(before))


def _designs_reviewed(words: str, mention: Mention) -> bool:
    """In a review: whether ``mention`` is a design of the studies the sentence speaks of."""
    head = mention.concept.label.split()[-1].lower()
    return head not in LEXICON.analytic_heads and bool(_STUDIES_NAMED.search(words))


def _not_own(text: str, mention: Mention, sentence_start: int) -> bool:
    """Whether the words around ``mention`` make it another study's method (the designs a review
    covers, a parent study, someone else's survey), whatever the sentence says of the document's own."""
    before = text[max(sentence_start, mention.start - 160):mention.start]
    surface = text[mention.start:mention.end]
    after = text[mention.end:mention.end + 60]
    if re.search(r"\b(?:we|our|this|the\s+present|the\s+current)\s+(?:[\w-]+\s+){0,3}$", before, re.I):
        return False  # "our two qualitative studies"
    if _STUDIES_AFTER.match(after) or _PLURAL_STUDIES.search(surface):
        return True
    if _COVERED_BEFORE.search(before) or _PARENT_BEFORE.search(before):
        return True
    return bool(_DATA_SOURCE_HEADS.search(surface) and _OTHERS_DATA_BEFORE.search(before))


def _others_govern(words: str, offset: int, length: int) -> bool:
    """Whether a cue for others' work in ``words`` stands next to the method at ``offset`` (within the
    sentence) or takes it as its subject ("surveys have shown")."""
    for cue in _OTHERS.finditer(words):
        if cue.end() <= offset and offset - cue.end() <= _GOVERNS and not _OWN_STRONG.search(words[cue.end():offset]):
            return True  # "previous studies used surveys", but not "unlike previous studies, we used surveys"
        if cue.start() >= offset + length and cue.start() - (offset + length) <= 3:
            return True
        if cue.start() <= offset < cue.end():
            return True
    return False


def _reports_own(text: DocumentText, mention: Mention) -> bool:
    """Whether ``mention`` stands in the title or the methods of a structured abstract, or beside "we"/"this"."""
    sentence = text.sentence_at(mention.start)
    return sentence.section in ("title", "abstract:METHODS") or \
        bool(_OWN_STRONG.search(text.sentence_text(sentence)))


def methods_used(document: Document, text: DocumentText, mentions: list[Mention]) -> list[Mention]:
    """The method mentions that report the document's own study."""
    used = []
    reviews = review_methods()
    is_review = any(m.concept.iri in reviews and _reports_own(text, m) for m in mentions)
    for mention in mentions:
        if mention.concept.kind != "method":
            continue
        sentence = text.sentence_at(mention.start)
        words = text.sentence_text(sentence)
        if mention.concept.iri not in reviews and (
                _not_own(text.text, mention, sentence.start)
                or (sentence.section != "title" and _in_a_name(text.text, mention, sentence.start))
                or (is_review and sentence.section != "title" and _designs_reviewed(words, mention))):
            continue
        if sentence.section in ("abstract:METHODS", "title"):
            used.append(mention)
            continue
        offset = mention.start - sentence.start
        others = _others_govern(words, offset, mention.end - mention.start)
        if others or (_OTHERS.search(words) and not _OWN_STRONG.search(words)):
            continue
        if sentence.section in _BACKGROUND:
            if _OWN_STRONG.search(words):
                used.append(mention)  # a background speaks of others' work unless it says "we" or "this study"
        elif sentence.section.startswith("abstract") or _OWN.search(words) or document.kind is DocumentKind.PAPER:
            used.append(mention)
    return used
