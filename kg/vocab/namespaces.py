"""The namespaces of the graph, closed: a term that is not in them raises instead of minting an IRI.

>>> from kg.vocab.namespaces import CKG, DCTERMS
>>> CKG.mentions
'https://w3id.org/citekg/ontology#mentions'
>>> CKG["usesMethod"] == CKG.usesMethod
True
>>> CKG.mentons
Traceback (most recent call last):
...
kg.errors.UnknownTerm: ckg:mentons is not a term of the citekg ontology (kg/ontology/citekg.ttl)

The ``ckg:`` and ``ckgstat:`` terms are those ``kg/ontology/citekg.ttl``
declares, read from it on first use; the other namespaces list the terms
citekg writes (see DESIGN.md, "The ontology contract"). A namespace is not
a string: ``CKG.mentions`` and ``f"{CKG.mentions}"`` fail, so every
term is spelt once, where a typo is caught. ``CKG.iri`` is the namespace
IRI itself, for prefixes and tests of membership (``iri in CKG``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from kg.errors import UnknownTerm
from kg.vocab.resources import ontology_file

__all__ = ["Namespace", "CKG", "STAT", "ID", "BIBO", "CITO", "DCTERMS", "FABIO", "FOAF", "OWL", "ORG", "PROV", "RDF",
           "RDFS", "QB", "SCHEMA", "SKOS", "XSD", "PREFIXES", "GRAPH_VOCABULARY", "GRAPH_LINKS", "GRAPH_ONTOLOGY",
           "GRAPH_STATISTICS", "local_name"]


class Namespace:
    """A closed namespace: terms as attributes (``CKG.mentions``) or items (``CKG[name]``), each an IRI string."""

    __slots__ = ("iri", "prefix", "_fixed", "_load", "_where", "_pattern")

    def __init__(self, prefix: str, iri: str, terms: Iterable[str] = (),
                 load: Callable[[], frozenset[str]] | None = None, where: str = "", pattern: str | None = None) -> None:
        self.iri = iri
        self.prefix = prefix
        self._fixed = frozenset(terms)
        self._load = load
        self._where = where or "the terms citekg writes (kg/vocab/namespaces.py)"
        self._pattern = re.compile(pattern) if pattern else None  # a family of terms, such as rdf:_1, rdf:_2…

    @property
    def terms(self) -> frozenset[str]:
        """The local names of the namespace's terms."""
        return self._load() if self._load is not None else self._fixed

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: str) -> str:
        if name not in self.terms and not (self._pattern and self._pattern.fullmatch(name)):
            raise UnknownTerm(f"{self.prefix}:{name} is not a term of {self._where}")
        return self.iri + name

    def __contains__(self, iri: object) -> bool:
        return isinstance(iri, str) and iri.startswith(self.iri)

    def local(self, iri: str) -> str:
        """The local name of ``iri`` in this namespace (``...ontology#mentions`` → ``mentions``)."""
        if iri not in self:
            raise UnknownTerm(f"<{iri}> is not in the {self.prefix}: namespace")
        return iri[len(self.iri):]

    def __repr__(self) -> str:
        return f"Namespace({self.prefix!r}, {self.iri!r})"

    def __str__(self) -> str:
        raise TypeError(f"the {self.prefix}: namespace is not a string: write {self.prefix.upper()}.term, or .iri")

    __format__ = lambda self, spec: self.__str__()  # noqa: E731 - an f-string of the namespace fails like str(CKG)


@functools.lru_cache(maxsize=4)
def _declared(prefix: str) -> frozenset[str]:
    """The terms ``citekg.ttl`` declares with ``prefix`` (its subjects and the terms it uses)."""
    text = ontology_file().read_text(encoding="utf-8")
    return frozenset(re.findall(rf"(?<![\w:]){re.escape(prefix)}:([A-Za-z_][\w-]*)", text))


_ONTOLOGY = "the citekg ontology (kg/ontology/citekg.ttl)"

CKG = Namespace("ckg", "https://w3id.org/citekg/ontology#", load=lambda: _declared("ckg"), where=_ONTOLOGY)
#: Derived statistics (kg.derived.statistics), kept apart from the relations of the literature.
STAT = Namespace("ckgstat", "https://w3id.org/citekg/statistics#", load=lambda: _declared("ckgstat"), where=_ONTOLOGY)
BIBO = Namespace("bibo", "http://purl.org/ontology/bibo/", {"authorList", "doi", "issn", "pmid", "uri", "volume",
                                                          "issue", "pages", "Document", "AcademicArticle", "Journal"})
CITO = Namespace("cito", "http://purl.org/spar/cito/", {"cites"})
DCTERMS = Namespace("dcterms", "http://purl.org/dc/terms/", {
    "abstract", "bibliographicCitation", "creator", "identifier", "isPartOf", "issued", "language", "publisher",
    "subject", "title", "source", "date", "description", "modified", "created", "hasPart", "license"})
FABIO = Namespace("fabio", "http://purl.org/spar/fabio/", {"JournalArticle", "BlogPost", "Report", "WebPage"})
FOAF = Namespace("foaf", "http://xmlns.com/foaf/0.1/", {"Organization", "Person", "familyName", "givenName", "name",
                                                       "Agent", "Document", "homepage"})
OWL = Namespace("owl", "http://www.w3.org/2002/07/owl#", {"sameAs", "Class", "ObjectProperty", "DatatypeProperty",
                                                         "Ontology", "versionInfo", "equivalentClass"})
ORG = Namespace("org", "http://www.w3.org/ns/org#", {"Organization", "memberOf"})
PROV = Namespace("prov", "http://www.w3.org/ns/prov#", {"wasDerivedFrom", "wasGeneratedBy", "Entity", "Activity",
                                                       "SoftwareAgent"})
QB = Namespace("qb", "http://purl.org/linked-data/cube#", {"DataSet", "dataSet", "structure", "Observation",
                                                          "DataStructureDefinition"})
RDF = Namespace("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", {
    "Seq", "first", "nil", "object", "predicate", "rest", "subject", "type", "Statement", "langString"},
    pattern=r"_[1-9][0-9]*")
RDFS = Namespace("rdfs", "http://www.w3.org/2000/01/rdf-schema#", {"comment", "label", "subClassOf", "subPropertyOf",
                                                                  "seeAlso", "Class", "domain", "range"})
SCHEMA = Namespace("schema", "https://schema.org/", {"addressCountry", "articleBody"})
SKOS = Namespace("skos", "http://www.w3.org/2004/02/skos/core#", {
    "Concept", "ConceptScheme", "Collection", "altLabel", "broader", "narrower", "definition", "hiddenLabel",
    "inScheme", "member", "notation", "note", "prefLabel", "exactMatch", "closeMatch", "related", "topConceptOf"})
XSD = Namespace("xsd", "http://www.w3.org/2001/XMLSchema#", {"anyURI", "boolean", "date", "double", "gYear",
                                                            "gYearMonth", "integer", "language", "string", "decimal"})

#: Where citekg mints its resources (``id/paper/pmid-…``, ``id/body/ccg``): not a vocabulary, so open;
#: :mod:`kg.vocab.iris` mints its IRIs.
ID = "https://w3id.org/citekg/id/"

#: Prefixes written into Turtle and TriG output and declared in every pack query.
PREFIXES: dict[str, str] = {
    **{ns.prefix: ns.iri for ns in (CKG, STAT, BIBO, CITO, DCTERMS, FOAF, PROV, QB, RDF, RDFS, SKOS, XSD, SCHEMA)},
    **{folder: f"{ID}{folder}/" for folder in ("paper", "post", "body", "policy", "method", "theory", "place",
                                                "person", "mesh", "journal", "source", "work")},
}


def local_name(iri: str) -> str:
    """The local part of an IRI: ``.../ontology#usesMethod`` → ``usesMethod``, ``.../foaf/0.1/Person`` → ``Person``."""
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


#: Named graph holding the labels and definitions of the vocabulary concepts.
GRAPH_VOCABULARY = ID + "graph/vocabulary"
#: Named graph holding the OWL ontology itself, so queries can use its class and property hierarchy.
GRAPH_ONTOLOGY = ID + "graph/ontology"
#: Named graph holding links computed across documents (citation matches).
GRAPH_LINKS = ID + "graph/links"
#: Named graph holding the yearly document counts (see kg.derived.statistics), recomputed every build.
GRAPH_STATISTICS = ID + "graph/statistics"
