"""Extraction: the entities, relations and citations in a document's text, each with its evidence.

>>> from kg.extract import extract
>>> found = extract(document)                     # doctest: +SKIP
>>> [(m.concept.label, found.text.text[m.start:m.end]) for m in found.mentions]  # doctest: +SKIP

One module per technique: :mod:`~kg.extract.sentences` (text and
sentences), :mod:`~kg.extract.matcher` (vocabulary names),
:mod:`~kg.extract.acronyms` (definitions in text),
:mod:`~kg.extract.patterns` (names by shape), :mod:`~kg.extract.people`,
:mod:`~kg.extract.entities` (reconciling them), :mod:`~kg.extract.methods`
(methods the study used), :mod:`~kg.extract.relations` and
:mod:`~kg.extract.citations`.
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.extract.records import Extraction
from kg.model import Document

__all__ = ["extract", "extraction_triples"]


def extract(document: Document) -> Extraction:
    """Everything citekg finds in ``document``."""
    from kg.extract.citations import find_citations
    from kg.extract.entities import find_mentions
    from kg.extract.methods import methods_used
    from kg.extract.relations import find_relations
    from kg.extract.sentences import document_text
    from kg.rdf import iris

    text = document_text(document)
    mentions = find_mentions(document, text)
    return Extraction(
        document_iri=iris.document(document),
        text=text,
        mentions=tuple(mentions),
        methods_used=tuple(methods_used(document, text, mentions)),
        relations=tuple(find_relations(text, mentions)),
        citations=tuple(find_citations(document, text, mentions)),
    )


def extraction_triples(document: Document, seen=None) -> Iterator[tuple[str, str, str]]:
    """The triples of :func:`extract` for ``document`` (see :mod:`kg.rdf.evidence`)."""
    from kg.rdf.evidence import extraction_triples as to_triples

    yield from to_triples(extract(document), seen)
