"""Extraction: the entities, relations and citations in a document's text, each with its evidence.

>>> from kg.extract import extract
>>> from kg.sources import parse
>>> found = extract(next(parse("examples/sources/pubmed-ics.xml")))
>>> sorted({m.concept.label for m in found.methods_used})   # the methods the study itself used
['framework analysis', 'longitudinal qualitative research', 'observation', 'semi-structured interview']

One module per technique: :mod:`~kg.extract.sentences` (text and
sentences), :mod:`~kg.extract.matcher` (vocabulary names),
:mod:`~kg.extract.acronyms` (definitions in text),
:mod:`~kg.extract.patterns` (names by shape), :mod:`~kg.extract.people`,
:mod:`~kg.extract.entities` (reconciling them), :mod:`~kg.extract.methods`
(methods the study used), :mod:`~kg.extract.relations` and
:mod:`~kg.extract.citations`. What they find are the records of
:mod:`kg.facts`; :mod:`kg.rdf.evidence` turns them into triples. Nothing
here imports a later stage (rdf, store, query).
"""

from __future__ import annotations

from kg.extract.citations import find_citations
from kg.extract.entities import find_mentions
from kg.extract.methods import methods_used
from kg.extract.relations import find_relations
from kg.extract.sentences import document_text
from kg.facts import Citation, DocumentText, Extraction, Mention
from kg.model import Document, DocumentKind
from kg.vocab import iris

__all__ = ["extract"]


def extract(document: Document) -> Extraction:
    """Everything citekg finds in ``document``.

    A paper's reference list is not its text but the descriptions of the
    works it cites: what its entries name belongs to those works
    (``cited_mentions``), never to the paper's mentions, methods or
    relations. (A blog post's reference list is part of what its author
    wrote, and counts as its text.)
    """
    text = document_text(document)
    mentions = find_mentions(document, text)
    citations = find_citations(document, text, mentions)
    cited: list[tuple[str, Mention]] = []
    if document.kind is DocumentKind.PAPER:
        mentions, cited = _outside_references(text, mentions, citations)
    return Extraction(
        document_iri=iris.document(document),
        text=text,
        mentions=tuple(mentions),
        methods_used=tuple(methods_used(document, text, mentions)),
        relations=tuple(find_relations(text, mentions)),
        citations=tuple(citations),
        cited_mentions=tuple(cited),
    )


def _outside_references(text: DocumentText, mentions: list[Mention],
                        citations: list[Citation]) -> tuple[list[Mention], list[tuple[str, Mention]]]:
    """The mentions outside reference-list entries, and those inside, each with the work its entry cites."""
    work_of_sentence = {text.sentence_at(c.start).index: c.work.iri for c in citations
                        if text.sentence_at(c.start).section == "reference"}
    own: list[Mention] = []
    cited: list[tuple[str, Mention]] = []
    for m in mentions:
        sentence = text.sentence_at(m.start)
        if sentence.section != "reference":
            own.append(m)
        elif sentence.index in work_of_sentence:
            cited.append((work_of_sentence[sentence.index], m))
    return own, cited
