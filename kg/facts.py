"""What extraction finds, as small frozen records: the stage between :mod:`kg.extract` and :mod:`kg.rdf`.

Every finding keeps its evidence: the sentence it came from and the
character offsets of the words it rests on, in the document's text
(:class:`DocumentText`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Sentence", "DocumentText", "Concept", "Mention", "Relation", "CitedWork", "Citation", "Extraction",
           "distinct_concepts"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: its position in the document, its offsets, and the part it is in.

    ``section`` is ``title``, ``abstract`` or ``abstract:<CATEGORY>`` (such as
    ``abstract:METHODS``), ``body``, ``link`` or ``reference``.
    """

    index: int
    start: int
    end: int
    section: str


@dataclass(frozen=True)
class DocumentText:
    """A document's text as extraction reads it: title, abstract, body, links and
    references joined by blank lines, split into sentences."""

    text: str
    sentences: tuple[Sentence, ...]

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence containing ``offset``."""
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.sentences[lo]

    def sentence_text(self, sentence: Sentence) -> str:
        """The words of ``sentence``."""
        return self.text[sentence.start:sentence.end]


@dataclass(frozen=True, slots=True)
class Concept:
    """An entity: a vocabulary concept, or one found in text (then ``labels`` are its names there)."""

    iri: str
    kind: str  # a key of kg.vocab.namespaces.ENTITY_CLASSES
    label: str
    labels: tuple[str, ...] = ()  # names found in text for an entity not in the vocabularies
    in_vocabulary: bool = True
    broader: tuple[str, ...] = ()  # IRIs of the vocabulary types a named entity is one of ("NHS Leeds CCG" → CCG)


@dataclass(frozen=True, slots=True)
class Mention:
    """A place where a document names a concept."""

    concept: Concept
    start: int
    end: int
    technique: str  # vocabulary, acronym, pattern, byline, citation, anaphor


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation between two concepts stated in one sentence (or through an explicit anaphor)."""

    subject: Concept
    predicate: str  # local name in the ckg namespace: "abolishes"
    object: Concept
    start: int  # the span of text stating it
    end: int
    technique: str = "relation-pattern"
    polarity: str = "positive"  # "negative": the text says it did not happen ("did not abolish")
    modality: str = "factual"  # or predicted, possible, obliged, intended ("would", "may", "should", "seeks to")
    asserted: bool = True  # whether the graph states it as a fact (else only its evidence records it)


@dataclass(frozen=True, slots=True)
class CitedWork:
    """A work a document cites: another document in the graph (``iri`` given) or a reference."""

    iri: str
    label: str
    citation_text: str = ""  # the reference or the link as printed
    year: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    kind: str = "reference"  # reference, link, author-year, paper


@dataclass(frozen=True, slots=True)
class Citation:
    """A document citing a work, with the words that show it."""

    work: CitedWork
    start: int
    end: int
    technique: str  # reference-list, author-year, link, link-description, pubmed-reference, journal-phrase, reprint


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document."""

    document_iri: str
    text: DocumentText
    mentions: tuple[Mention, ...] = ()
    methods_used: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()
    citations: tuple[Citation, ...] = ()
    #: names found in a paper's reference-list entries: they belong to the cited work (its IRI), not the paper
    cited_mentions: tuple[tuple[str, Mention], ...] = ()
    notes: dict[str, str] = field(default_factory=dict)


def distinct_concepts(mentions: Iterable[Mention]) -> list[Concept]:
    """Each concept once, merging the names it was found under; in order of first mention."""
    merged: dict[str, Concept] = {}
    for m in mentions:
        current = merged.get(m.concept.iri)
        if current is None:
            merged[m.concept.iri] = m.concept
        elif not current.in_vocabulary:
            labels = tuple(dict.fromkeys(current.labels + m.concept.labels))
            merged[m.concept.iri] = Concept(current.iri, current.kind, current.label, labels, False)
    return list(merged.values())
