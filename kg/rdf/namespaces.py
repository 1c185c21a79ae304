"""The namespaces of the graph and the IRIs citekg mints (see DESIGN.md, "The ontology contract")."""

from __future__ import annotations

__all__ = ["CKG", "STAT", "ID", "BIBO", "CITO", "DCTERMS", "FABIO", "FOAF", "OWL", "ORG", "PROV", "RDF", "RDFS",
           "QB", "SCHEMA", "SKOS", "XSD", "PREFIXES", "ENTITY_CLASSES", "GRAPH_VOCABULARY", "GRAPH_LINKS", "GRAPH_ONTOLOGY",
           "GRAPH_STATISTICS", "local_name"]

CKG = "https://w3id.org/citekg/ontology#"
#: Derived statistics (kg.rdf.statistics), kept apart from the relations of the literature.
STAT = "https://w3id.org/citekg/statistics#"
ID = "https://w3id.org/citekg/id/"
BIBO = "http://purl.org/ontology/bibo/"
CITO = "http://purl.org/spar/cito/"
DCTERMS = "http://purl.org/dc/terms/"
FABIO = "http://purl.org/spar/fabio/"
FOAF = "http://xmlns.com/foaf/0.1/"
OWL = "http://www.w3.org/2002/07/owl#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
QB = "http://purl.org/linked-data/cube#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Prefixes written into Turtle and TriG output and declared in every pack query.
PREFIXES: dict[str, str] = {
    "ckg": CKG, "ckgstat": STAT, "bibo": BIBO, "cito": CITO, "dcterms": DCTERMS, "foaf": FOAF, "prov": PROV,
    "qb": QB, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "xsd": XSD, "schema": SCHEMA,
    "paper": ID + "paper/", "post": ID + "post/", "body": ID + "body/", "policy": ID + "policy/",
    "method": ID + "method/", "theory": ID + "theory/", "place": ID + "place/", "person": ID + "person/",
    "mesh": ID + "mesh/", "journal": ID + "journal/", "source": ID + "source/", "work": ID + "work/",
}

#: The class of each kind of entity the extractor finds, by the kind's name (a :class:`Concept`'s ``kind``).
ENTITY_CLASSES: dict[str, str] = {
    "body": CKG + "Body", "policy": CKG + "Policy", "method": CKG + "StudyMethod", "theory": CKG + "Theory",
    "place": CKG + "Place", "person": FOAF + "Person",
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
#: Named graph holding the yearly document counts (see kg.rdf.statistics), recomputed every build.
GRAPH_STATISTICS = ID + "graph/statistics"
