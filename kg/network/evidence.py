"""What stands behind the nodes of a view: their documents and the sentences they were found in.

Evidence is read with the pattern of the ontology contract::

    ?ev rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?sentence .
    ?sentence ckg:text ?text ; dcterms:isPartOf ?document .

Node IRIs are written into the queries' ``VALUES`` blocks (they come from
the store, and any that is not a plain IRI is skipped), a few hundred at a
time.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.network.eras import ALL_YEARS, Scope
from kg.network.views import scoped_documents
from kg.vocab.namespaces import local_name

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

__all__ = ["Statement", "evidence", "linked_documents"]

_PLAIN_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


@dataclass(frozen=True)
class Statement:
    """One piece of evidence: ``subject predicate object`` read in ``text``, a sentence of ``document``."""

    subject: str
    predicate: str  # short name: mentions, usesMethod, cites, replaces...
    object: str
    document: str | None
    text: str


def _chunks(nodes: Iterable[str], size: int) -> Iterator[str]:
    plain = sorted({n for n in nodes if isinstance(n, str) and _PLAIN_IRI.match(n)})
    for i in range(0, len(plain), size):
        yield " ".join(f"<{n}>" for n in plain[i:i + size])


def evidence(graph: KnowledgeGraph, nodes: Iterable[str], scope: Scope = ALL_YEARS,
             chunk: int = 200) -> list[Statement]:
    """The evidence of every statement whose subject or object is one of ``nodes``, from in-scope documents."""
    document = ("?sentence dcterms:isPartOf ?doc . " + scoped_documents("doc", scope)) if scope.bounded \
        else "OPTIONAL { ?sentence dcterms:isPartOf ?doc }"
    found: set[Statement] = set()
    for values in _chunks(nodes, chunk):
        for end in ("s", "o"):  # VALUES first and no UNION: quick in rdflib as well as Oxigraph
            rows = graph.query(f"""SELECT DISTINCT ?s ?p ?o ?doc ?text WHERE {{
                VALUES ?{end} {{ {values} }}
                ?ev rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?sentence .
                FILTER NOT EXISTS {{ ?ev ckg:asserted false }}
                ?sentence ckg:text ?text . {document}
            }}""").rows
            for s, p, o, doc, text in rows:
                if s is None or p is None or o is None or text is None:
                    continue
                found.add(Statement(s.value, local_name(p.value), o.value, doc.value if doc else None,
                                    " ".join(text.value.split())))
    return sorted(found, key=lambda st: (st.subject, st.predicate, st.object, st.document or "", st.text))


def linked_documents(graph: KnowledgeGraph, nodes: Iterable[str], scope: Scope = ALL_YEARS,
                     chunk: int = 200) -> dict[str, set[str]]:
    """For each node, the in-scope documents that mention it, wrote it, cite it, are indexed with it
    (MeSH, counting qualified headings under their descriptor) or appeared in it (journal)."""
    patterns = ("?d ckg:mentions ?n", "?d ckg:usesMethod ?n", "?d dcterms:creator ?n", "?d cito:cites ?n",
                "?d dcterms:subject ?n", "?d dcterms:subject ?heading . ?heading skos:broader ?n",
                "?d dcterms:isPartOf ?n . ?n a ckg:Journal")
    out: dict[str, set[str]] = defaultdict(set)
    for values in _chunks(nodes, chunk):
        for pattern in patterns:
            rows = graph.query(f"SELECT DISTINCT ?n ?d WHERE {{ VALUES ?n {{ {values} }} {pattern} . "
                               f"{scoped_documents('d', scope)} }}").rows
            for n, d in rows:
                if n is not None and d is not None:
                    out[n.value].add(d.value)
    return dict(out)
