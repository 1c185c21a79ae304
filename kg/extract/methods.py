"""Which of the methods a document names did its own study use?

A method counts as used (``ckg:usesMethod``) when it is named in the
methods part of a structured abstract, or in a sentence that reports the
document's own work ("we conducted", "our interviews", "this review",
"data were collected", "interviews with managers showed"); it does not
when the sentence speaks of others' or future work ("previous research",
"studies have used", "should be evaluated"). In an unstructured abstract
a method is the study's own unless such a cue says otherwise: abstracts
describe their own study.
"""

from __future__ import annotations

import re

from kg.facts import DocumentText, Mention
from kg.model import Document, DocumentKind

__all__ = ["methods_used"]

_OWN = re.compile(
    r"\b(?:we|our|us|this|the present|the current|the)\s+(?:\w+\s+){0,3}?"
    r"(?:study|studies|research|project|report|review|paper|article|evaluation|analysis|survey|synthesis|programme)\b|"
    r"\b(?:we|our)\b|"
    r"\b(?:were|was|been)\s+(?:\w+\s+)?(?:conducted|undertaken|carried out|collected|analy[sz]ed|used|employed|"
    r"interviewed|surveyed|observed|sampled|recruited|performed|applied|generated|selected)\b|"
    r"\b(?:using|drawing on|based on|through|via|comprised|involved|included)\b|"
    r"^\s*(?:methods?|design|setting|approach)\b|"
    r"\bwith\s+(?:\d+|[a-z]+)\s+(?:\w+\s+){0,3}?(?:participants|respondents|managers|staff|clinicians|"
    r"stakeholders|leaders|doctors|patients|members|informants|practitioners|professionals|commissioners)\b|"
    r"\b(?:showed|revealed|found|identified|highlighted|suggest(?:ed)?|indicated)\b",
    re.I)
_OTHERS = re.compile(
    r"\b(?:previous|prior|earlier|other|existing|future|further)\s+(?:\w+\s+)?(?:research|studies|study|work|"
    r"evidence|literature|reviews?)\b|\bstudies\s+have\b|\bhas\s+been\s+(?:\w+\s+)?used\b|"
    r"\b(?:should|could|would|might)\s+(?:\w+\s+)?(?:be|use|include|consider)\b|\brecommend|"
    r"\blearning\s+from\b|\bthe\s+literature\b|"
    r"\b(?:review|study|survey|evaluation|analysis|report|trial)\s+(?:carried\s+out\s+|conducted\s+|published\s+)?by\s+(?!us\b)",
    re.I)


def methods_used(document: Document, text: DocumentText, mentions: list[Mention]) -> list[Mention]:
    """The method mentions that report the document's own study."""
    used = []
    for mention in mentions:
        if mention.concept.kind != "method":
            continue
        sentence = text.sentence_at(mention.start)
        words = text.sentence_text(sentence)
        if sentence.section == "abstract:METHODS":
            used.append(mention)
        elif _OTHERS.search(words):
            continue
        elif sentence.section.startswith("abstract") or sentence.section == "title" or _OWN.search(words):
            used.append(mention)
        elif document.kind is DocumentKind.PAPER:
            used.append(mention)
    return used
