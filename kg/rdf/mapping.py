"""Records to triples: the bibliographic part of the graph.

:func:`document_triples` maps one :class:`~kg.model.Document` as read from
one source; :func:`source_triples` describes the source file itself. Both
yield N-Triples strings (see :mod:`kg.rdf.terms`). Descriptions shared by
many documents (a journal, a person, a MeSH heading) are written once per
build: pass the same :class:`Seen` set to every call.

A shared node's description must not depend on which record came first, or
the graph would change with the order, the batches and the number of
workers of a build. So every value of a shared node is written (a journal
read with two ISSNs has both), except its names (:data:`NAME_PREDICATES`),
of which a node has one: the build offers every spelling to
:class:`SharedNames`, which keeps the first by :func:`name_rank` whatever
order they come in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kg._version import __version__
from kg.model import (
    Author,
    Document,
    DocumentKind,
    Institution,
    MeshHeading,
    SourceSpan,
)
from kg.rdf.terms import Triple, date, integer, iri, literal, typed
from kg.vocab import iris
from kg.vocab.namespaces import (
    BIBO,
    CKG,
    DCTERMS,
    FOAF,
    ID,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
    Namespace,
)

__all__ = ["document_triples", "source_triples", "SourceInfo", "Seen", "SharedNames", "NAME_PREDICATES", "name_rank",
           "CLASS_OF_KIND", "abstract_text"]

A = iri(RDF.type)
CLASS_OF_KIND = {
    DocumentKind.PAPER: CKG.Paper,
    DocumentKind.BLOG_POST: CKG.BlogPost,
    DocumentKind.REPORT: CKG.Report,
    DocumentKind.WEB_PAGE: CKG.WebPage,
}
MESH_SCHEME = ID + "scheme/mesh"

class _Terms:
    """A namespace's terms as N-Triples IRIs (``<…>``), each made on first use and then read as a plain
    attribute: a namespace lookup for every triple was a third of the mapping's time."""

    def __init__(self, namespace: Namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        term = iri(self._namespace[name])
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> str:
        return getattr(self, name)


_bibo = _Terms(BIBO)
_ckg = _Terms(CKG)
_dcterms = _Terms(DCTERMS)
_foaf = _Terms(FOAF)
_org = _Terms(ORG)
_owl = _Terms(OWL)
_prov = _Terms(PROV)
_rdf = _Terms(RDF)
_schema = _Terms(SCHEMA)
_skos = _Terms(SKOS)



class Seen(set[str]):
    """What is already described in this graph (journals, people, headings).

    A key stands for the triples it guards, so it names every value they
    hold (``<journal>|issn|1234-5678``, not ``<journal>|issn``): what a
    record's triples say then never depends on the records before it.
    """

    def first(self, key: str) -> bool:
        """True the first time ``key`` is seen."""
        if key in self:
            return False
        self.add(key)
        return True


#: The predicates that name a node. A shared node has one value of each in a source graph, whichever records
#: spell its name (see :class:`SharedNames`); no document or statement carries them.
NAME_PREDICATES = frozenset(iri(p) for p in (SKOS.prefLabel, RDFS.label, FOAF.name, FOAF.givenName, FOAF.familyName))


def name_rank(value: str) -> tuple[int, str]:
    """How a spelling of a node's name ranks among the others: the longest first ("Kath Checkland" before
    "K Checkland"), then code-point order ("Health Policy" before "Health policy")."""
    return -len(value), value


class SharedNames:
    """The names of the shared nodes of one graph, whichever record, batch or worker offered them.

    A node keeps one value of each name predicate: the first by
    :func:`name_rank` among all offered, so the result is the same in any
    order. Sets offered on different workers combine with :meth:`offer`.
    """

    def __init__(self) -> None:
        self._best: dict[tuple[str, str], str] = {}

    def offer(self, triple: Triple) -> bool:
        """Consider ``triple`` (a name of its subject); True if it ranks first among those offered so far."""
        subject, predicate, value = triple
        current = self._best.get((subject, predicate))
        if current is not None and name_rank(current) <= name_rank(value):
            return False
        self._best[subject, predicate] = value
        return True

    def triples(self) -> Iterator[Triple]:
        """The chosen names, in a fixed order."""
        for (subject, predicate), value in sorted(self._best.items()):
            yield subject, predicate, value

    def __len__(self) -> int:
        return len(self._best)


@dataclass(frozen=True)
class SourceInfo:
    """A source file as the graph records it."""

    key: str  # stable name: the path relative to the folder given
    sha256: str
    format: str
    records: int = 0
    signature: str = ""  # what made the graph: citekg's version, options and vocabularies

    @property
    def iri(self) -> str:
        """The source's IRI, which is also the name of its graph."""
        return iris.source(self.key)


def source_triples(info: SourceInfo) -> Iterator[Triple]:
    """The description of a source file: name, format, hash, record count, citekg version."""
    s = iri(info.iri)
    yield s, A, _ckg.SourceFile
    yield s, _dcterms.title, literal(info.key)
    yield s, _ckg.format, literal(info.format)
    yield s, _ckg.sha256, literal(info.sha256)
    yield s, _ckg.recordCount, integer(info.records)
    yield s, _prov.wasGeneratedBy, iri(f"{ID}software/citekg-{__version__}")
    if info.signature:
        yield s, _ckg.buildSignature, literal(info.signature)


def abstract_text(doc: Document) -> str:
    """The abstract as one text: labelled sections as ``LABEL: text`` paragraphs."""
    return "\n".join(f"{s.label}: {s.text}" if s.label else s.text for s in doc.abstract)


def document_triples(doc: Document, source_iri: str, seen: Seen | None = None) -> Iterator[Triple]:
    """Triples for one document as read from the source whose IRI is ``source_iri``."""
    seen = seen if seen is not None else Seen()
    d = iri(iris.document(doc))
    # Titles and texts are plain strings, the language is dcterms:language: so the same title read from a
    # source that states the language and one that does not is one value, not two.
    lang = None
    yield d, A, iri(CLASS_OF_KIND[doc.kind])

    ids = doc.ids
    if ids.pmid:
        yield d, _bibo.pmid, literal(ids.pmid)
    if ids.doi:
        yield d, _bibo.doi, literal(ids.doi)
    if ids.pmcid:
        yield d, _ckg.pmcid, literal(ids.pmcid)
    if ids.url:
        yield d, _bibo.uri, typed(ids.url, XSD.anyURI)
    for scheme, value in ids.other:
        yield d, _dcterms.identifier, literal(f"{scheme}:{value}")
    for scheme, value in (("openalex", ids.openalex), ("scopus", ids.scopus), ("wos", ids.wos)):  # issue 19
        if value:
            yield d, _dcterms.identifier, literal(f"{scheme}:{value}")

    if doc.title:
        yield d, _dcterms.title, literal(doc.title, lang)
    if doc.abstract:
        yield d, _dcterms.abstract, literal(abstract_text(doc), lang)
    if doc.body:
        yield d, _schema.articleBody, literal("\n\n".join(doc.body), lang)
    yield from _citation_triples(d, doc, seen)
    yield from _author_triples(d, doc.authors, seen)
    for heading in doc.mesh:
        yield from _mesh_triples(d, heading, seen)
    for word in (*doc.keywords, *doc.categories, *doc.tags):
        yield d, _ckg.keyword, literal(word)
    if doc.sources:  # the record as read from this source: its first (in a build, only) span
        yield from _provenance_triples(d, doc.sources[0], source_iri)


def _citation_triples(d: str, doc: Document, seen: Seen) -> Iterator[Triple]:
    c = doc.citation
    if c.date:
        yield d, _dcterms.issued, date(c.date)
    for name, value in (("volume", c.volume), ("issue", c.issue), ("pages", c.pages)):
        if value:
            yield d, _bibo[name], literal(value)
    if c.language:
        yield d, _dcterms.language, typed(c.language, XSD.language)
    if c.publisher:
        yield d, _dcterms.publisher, literal(c.publisher)
    for kind in c.publication_types:
        yield d, _ckg.publicationType, literal(kind)
    if c.raw:
        yield d, _dcterms.bibliographicCitation, literal(c.raw)
    if c.journal or c.journal_title:
        name = c.journal or c.journal_title or ""
        j = iris.journal(name)
        yield d, _dcterms.isPartOf, iri(j)
        if seen.first(j):
            yield iri(j), A, _ckg.Journal
        if seen.first(f"{j}|name|{name}"):
            yield iri(j), _skos.prefLabel, literal(name)
        if c.journal_title and c.journal_title != name and seen.first(f"{j}|{c.journal_title}"):
            yield iri(j), _skos.altLabel, literal(c.journal_title)
        if c.issn and seen.first(f"{j}|issn|{c.issn}"):
            yield iri(j), _bibo.issn, literal(c.issn)


def _author_triples(d: str, authors: tuple[Author, ...], seen: Seen) -> Iterator[Triple]:
    if not authors:
        return
    author_list = iri(d[1:-1] + "/authors")
    yield d, _bibo.authorList, author_list
    yield author_list, A, _rdf.Seq
    for position, author in enumerate(authors, 1):
        p = iris.person(author)
        yield d, _dcterms.creator, iri(p)
        yield author_list, _rdf[f"_{position}"], iri(p)
        if seen.first(p):  # the IRI tells a group from a person
            yield iri(p), A, _foaf["Organization" if author.collective else "Person"]
        if seen.first(f"{p}|name|{author.name}|{author.family}|{author.given}"):
            yield iri(p), _foaf.name, literal(author.name)
            if author.family:
                yield iri(p), _foaf.familyName, literal(author.family)
            if author.given:
                yield iri(p), _foaf.givenName, literal(author.given)
        if author.orcid and seen.first(f"{p}|{author.orcid}"):
            yield iri(p), _ckg.orcid, literal(author.orcid)
            if iris.orcid(author.orcid):  # the person's ORCID record is the same person (issue 19)
                yield iri(p), _owl.sameAs, iri(iris.orcid(author.orcid))
        for institution in author.institutions:
            yield from _institution_triples(p, institution, seen)
        for affiliation in author.affiliations:
            if seen.first(f"{p}|{affiliation}"):
                yield iri(p), _ckg.affiliation, literal(affiliation)


def _institution_triples(person: str, institution: Institution, seen: Seen) -> Iterator[Triple]:
    """The person is a member of the institution (``org:memberOf``), described once per graph."""
    o = iris.institution(institution)
    if seen.first(f"{person}|{o}"):
        yield iri(person), _org.memberOf, iri(o)
    if not seen.first(f"{o}|{institution.name}|{institution.openalex}|{institution.country}"):
        return
    yield iri(o), A, _org.Organization
    yield iri(o), _skos.prefLabel, literal(institution.name)
    if institution.ror:
        yield iri(o), _owl.sameAs, iri(f"https://ror.org/{institution.ror}")
    if institution.openalex:
        yield iri(o), _dcterms.identifier, literal(f"openalex:{institution.openalex}")
    if institution.country:
        yield iri(o), _schema.addressCountry, literal(institution.country)


def _mesh_triples(d: str, heading: MeshHeading, seen: Seen) -> Iterator[Triple]:
    m = iris.mesh(heading)
    yield d, _dcterms.subject, iri(m)
    if heading.major_topic:
        yield d, _ckg.majorSubject, iri(m)
    if not seen.first(f"{m}|{heading.label}|{heading.descriptor_id}|{heading.qualifier_id}"):
        return
    yield iri(m), A, _ckg.MeshHeading
    yield iri(m), _skos.prefLabel, literal(heading.label)
    yield iri(m), _skos.inScheme, iri(MESH_SCHEME)
    if heading.qualifier:
        descriptor = iris.mesh(heading, with_qualifier=False)
        yield iri(m), _skos.broader, iri(descriptor)
        if seen.first(f"{descriptor}|{heading.descriptor}"):
            yield iri(descriptor), A, _ckg.MeshHeading
            yield iri(descriptor), _skos.prefLabel, literal(heading.descriptor)
            yield iri(descriptor), _skos.inScheme, iri(MESH_SCHEME)
        if heading.qualifier_id:
            yield iri(m), _skos.notation, literal(f"{heading.descriptor_id or ''}{heading.qualifier_id}")
    elif heading.descriptor_id:
        yield iri(m), _skos.notation, literal(heading.descriptor_id)


def _provenance_triples(d: str, span: SourceSpan, source_iri: str) -> Iterator[Triple]:
    r = iri(iris.source_record(source_iri, span.start_line, span.record))
    yield d, _prov.wasDerivedFrom, r
    yield r, A, _ckg.SourceRecord
    yield r, _dcterms.isPartOf, iri(source_iri)
    if span.start_line is not None:
        yield r, _ckg.startLine, integer(span.start_line)
    if span.end_line is not None:
        yield r, _ckg.endLine, integer(span.end_line)
    if span.record:
        yield r, _ckg.recordNumber, literal(span.record)
    if span.start_page is not None:  # a paged source (PDF)
        yield r, _ckg.startPage, integer(span.start_page)
    if span.end_page is not None:
        yield r, _ckg.endPage, integer(span.end_page)

