"""Extracted facts to triples, each with the evidence it rests on.

For every statement — a mention, a method the study used, a relation, a
citation — the graph holds the statement itself, asserted directly::

    paper:pmid-25348997 ckg:mentions body:ccg .
    body:ccg ckg:replaces body:pct .

and an evidence node that reifies it and points to the sentence (a relation's evidence also says
whether the text affirms or denies it, ``ckg:polarity``, and how: a plain statement, or one that is
predicted, possible, obliged or intended, ``ckg:modality``; a relation is asserted directly only when the
text states it as a fact; the evidence of one it does not carries ``ckg:asserted false``, so "did not
abolish" is kept, and queryable, on its evidence alone)::

    <id/evidence/…> a ckg:Evidence ;
        rdf:subject body:ccg ; rdf:predicate ckg:replaces ; rdf:object body:pct ;
        prov:wasDerivedFrom <paper/pmid-25348997/sentence/2> ;
        ckg:quote "replaced primary care trusts with clinical commissioning groups" ;
        ckg:charStart 112 ; ckg:charEnd 176 ;
        prov:wasGeneratedBy <id/extractor/relation-pattern> ;
        ckg:polarity ckg:Positive ; ckg:modality ckg:Factual .
    <paper/pmid-25348997/sentence/2> a ckg:Sentence ; dcterms:isPartOf paper:pmid-25348997 ;
        ckg:text "The 2012 Health and Social Care Act in England replaced …" .

So one SPARQL pattern returns the sentence behind any edge (README,
"Evidence").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg._text import normalize_space
from kg.facts import Concept, Extraction, Sentence, distinct_concepts
from kg.rdf.mapping import A, Seen
from kg.rdf.terms import Triple, integer, iri, literal, typed
from kg.vocab import iris
from kg.vocab.concepts import load_vocabulary
from kg.vocab.names import fold
from kg.vocab.namespaces import (
    BIBO,
    CITO,
    CKG,
    DCTERMS,
    FOAF,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XSD,
)
from kg.vocab.types import ENTITY_CLASSES

__all__ = ["extraction_triples", "corpus_evidence", "entity_class"]


def entity_class(kind: str) -> str:
    """The class IRI of an entity kind."""
    return ENTITY_CLASSES[kind]


def extraction_triples(found: Extraction, seen: Seen | None = None) -> Iterator[Triple]:
    """Triples for everything in ``found``, with evidence nodes and the sentences they cite."""
    seen = seen if seen is not None else Seen()
    d = found.document_iri
    text = found.text
    cited_sentences: dict[int, tuple[Sentence, str]] = {}  # by index: the sentence and its IRI

    def evidence(subject: str, predicate: str, obj: str, start: int, end: int, technique: str) -> Iterator[Triple]:
        sentence = text.sentence_at(start)
        if sentence.index not in cited_sentences:
            cited_sentences[sentence.index] = sentence, iris.sentence(d, text.text[sentence.start:sentence.end])
        node = iri(iris.evidence(d, subject, predicate, obj, str(start), str(end), text.text[start:end]))
        yield from _reification(node, subject, predicate, obj)
        yield node, iri(PROV.wasDerivedFrom), iri(cited_sentences[sentence.index][1])
        yield node, iri(CKG.quote), literal(text.text[start:end])
        yield node, iri(CKG.charStart), integer(start)
        yield node, iri(CKG.charEnd), integer(end)
        extractor = iris.extractor(technique)
        yield node, iri(PROV.wasGeneratedBy), iri(extractor)
        if seen.first(extractor):
            yield iri(extractor), A, iri(CKG.Extractor)
            yield iri(extractor), iri(RDFS.label), literal(f"citekg {technique}")

    surfaces: dict[str, list[str]] = {}
    for m in found.mentions:
        surfaces.setdefault(m.concept.iri, []).append(surface_form(text.text[m.start:m.end]))
    for concept in distinct_concepts(found.mentions):
        yield from _describe(concept, surfaces.get(concept.iri, []), seen)
        yield iri(d), iri(CKG.mentions), iri(concept.iri)
    for m in found.mentions:
        yield from evidence(d, CKG.mentions, m.concept.iri, m.start, m.end, m.technique)
    for m in found.methods_used:
        yield iri(d), iri(CKG.usesMethod), iri(m.concept.iri)
        yield from evidence(d, CKG.usesMethod, m.concept.iri, m.start, m.end, "method-use")
    for r in found.relations:
        predicate = CKG[r.predicate]
        if r.asserted:  # "did not abolish", "may abolish": only the evidence records them
            yield iri(r.subject.iri), iri(predicate), iri(r.object.iri)
        yield from evidence(r.subject.iri, predicate, r.object.iri, r.start, r.end, r.technique)
        node = iri(iris.evidence(d, r.subject.iri, predicate, r.object.iri, str(r.start), str(r.end),
                                 text.text[r.start:r.end]))
        yield node, iri(CKG.polarity), iri(CKG[r.polarity.capitalize()])
        yield node, iri(CKG.modality), iri(CKG[r.modality.capitalize()])
        if not r.asserted:
            yield node, iri(CKG.asserted), typed("false", XSD.boolean)
    for c in found.citations:
        yield iri(d), iri(CITO.cites), iri(c.work.iri)
        yield from _describe_work(c.work, seen)
        yield from evidence(d, CITO.cites, c.work.iri, c.start, c.end, c.technique)
    cited = [m for _, m in found.cited_mentions]
    for concept in distinct_concepts(cited):
        yield from _describe(concept, [surface_form(text.text[m.start:m.end]) for m in cited
                                       if m.concept.iri == concept.iri], seen)
    for work, m in found.cited_mentions:  # what a reference entry to a cited work names
        yield iri(work), iri(CKG.namedInReference), iri(m.concept.iri)
        yield from evidence(work, CKG.namedInReference, m.concept.iri, m.start, m.end, m.technique)
    for index in sorted(cited_sentences):
        yield from _sentence(d, text.text, *cited_sentences[index])


def corpus_evidence(subject: str, predicate: str, obj: str, technique: str, note: str,
                    sources: list[str]) -> Iterator[Triple]:
    """Evidence for a statement read across documents (a reprint, a blog's publisher): the technique,
    a note on why, and the documents or sentences it rests on."""
    node = iri(iris.evidence(subject, predicate, obj, technique))
    yield from _reification(node, subject, predicate, obj)
    yield node, iri(PROV.wasGeneratedBy), iri(iris.extractor(technique))
    yield node, iri(SKOS.note), literal(note)
    for source in sources:
        yield node, iri(PROV.wasDerivedFrom), iri(source)


def _reification(node: str, subject: str, predicate: str, obj: str) -> Iterator[Triple]:
    yield node, A, iri(CKG.Evidence)
    yield node, iri(RDF.subject), iri(subject)
    yield node, iri(RDF.predicate), iri(predicate)
    yield node, iri(RDF.object), iri(obj)


def surface_form(words: str) -> str:
    """A mention's words as a name: spaces collapsed, quotes folded, a possessive dropped."""
    name = normalize_space(fold(words)).strip("\"'()[],;:")
    return re.sub(r"'s$", "", name)


def _describe(concept: Concept, surfaces: list[str], seen: Seen) -> Iterator[Triple]:
    """Type and names of an entity, and the names documents use for it (as ``skos:altLabel``).

    Vocabulary entities are typed and labelled once, in the vocabulary graph;
    here they only gain the names found in text that the vocabulary lacks."""
    e = iri(concept.iri)
    known = {concept.label.casefold()}
    if concept.in_vocabulary:
        entry = load_vocabulary().get(concept.iri)
        known |= {n.casefold() for n in (*entry.names, *entry.exact_names)} if entry else set()
    names = [n for n in dict.fromkeys([*concept.labels, *surfaces]) if n and n.casefold() not in known]
    names = list({n.casefold(): n for n in reversed(names)}.values())[::-1]  # first spelling of each name
    if concept.in_vocabulary:
        for name in names:
            if seen.first(f"{concept.iri}|{name.casefold()}"):
                yield e, iri(SKOS.altLabel), literal(name)
        return
    if seen.first(concept.iri):
        yield e, A, iri(entity_class(concept.kind))
        if concept.kind == "person":
            yield e, iri(FOAF.name), literal(concept.label)
        else:
            yield e, iri(SKOS.prefLabel), literal(concept.label)
        for broader in concept.broader:  # a named body is one of its type: NHS Leeds CCG is a CCG
            yield e, iri(SKOS.broader), iri(broader)
    for name in names:
        if seen.first(f"{concept.iri}|{name.casefold()}"):
            yield e, iri(SKOS.altLabel), literal(name)


def _describe_work(work, seen: Seen) -> Iterator[Triple]:
    w = iri(work.iri)
    if not seen.first(work.iri) or work.kind == "document":
        return
    yield w, A, iri(CKG.Reference)
    yield w, iri(RDFS.label), literal(work.label)
    if work.citation_text:
        yield w, iri(DCTERMS.bibliographicCitation), literal(work.citation_text)
    if work.year:
        yield w, iri(DCTERMS.issued), typed(work.year, XSD.gYear)
    for name in work.authors:
        yield w, iri(DCTERMS.creator), iri(iris.person(name))
    if work.url:
        yield w, iri(BIBO.uri), typed(work.url, XSD.anyURI)


def _sentence(d: str, text: str, sentence: Sentence, sentence_iri: str) -> Iterator[Triple]:
    """A sentence node, named by its words (``sentence_iri``), so the same sentence read from two
    sources is one node (offsets differ between sources, so they stay on the evidence)."""
    words = text[sentence.start:sentence.end]
    s = iri(sentence_iri)
    yield s, A, iri(CKG.Sentence)
    yield s, iri(DCTERMS.isPartOf), iri(d)
    yield s, iri(CKG.text), literal(words)
    yield s, iri(CKG.section), literal(sentence.section)
