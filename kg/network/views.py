"""Network views of the knowledge graph, as networkx graphs built by SPARQL.

==============  ==============  =====================================================
view            networkx type   nodes and edges
==============  ==============  =====================================================
``full``        MultiDiGraph    documents, entities, people, MeSH headings, journals,
                                cited works; every typed link between them
``citation``    DiGraph         documents and the works they cite (``cito:cites``)
``documents``   Graph           documents and the entities they mention (bipartite)
``comention``   Graph           entities; weight = documents that mention both
``authors``     Graph           authors; weight = documents written together
``mesh``        Graph           MeSH descriptors; weight = papers indexed with both
``cocitation``  Graph           cited works; weight = documents citing both (Small, 1973)
``coupling``    Graph           citing documents; weight = works both cite (Kessler, 1963)
``history``     DiGraph         documents citing documents of the graph, laid out by year
                                (Garfield's historiograph); ``citations`` = times cited here
``ego``         (as its base)   the neighbourhood of one node in another view
==============  ==============  =====================================================

Every node is keyed by its IRI and carries ``label``, ``type`` (``Paper``,
``Body``, ``Person``, ``Group`` (a group author), ``MeshHeading``...), ``kind`` (``document``,
``entity``, ``person``, ``mesh``, ``journal``, ``reference``, ``work``),
``years`` (a tuple: a dated document's own year; for anything else the
issued years of the in-scope documents that link to it), ``documents`` (how
many documents link to it: mention it, wrote it, cite it...) and, for dated
documents and cited works, ``year``. Edges carry
``predicate`` (``mentions``, ``usesMethod``, ``cites``, ``creator``,
``subject``, ``isPartOf``, ``comention``... or a relation such as
``replaces``) and ``weight``. A :class:`~kg.network.eras.Scope` keeps only
documents issued in its years (and what they link to).

``view(graph, "comention", scope_for(era="ccg"))`` is the co-mention network
of the documents of the CCG era.
"""

from __future__ import annotations

import itertools
import weakref
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from kg.errors import UsageError
from kg.network.eras import ALL_YEARS, Scope
from kg.vocab.concepts import relation_predicates
from kg.vocab.namespaces import BIBO, CITO, CKG, DCTERMS, FOAF, PREFIXES, RDFS, SKOS
from kg.vocab.types import ENTITY_CLASSES
from kg.vocab.namespaces import local_name as short_name

if TYPE_CHECKING:
    import networkx as nx

    from kg.graph import KnowledgeGraph
    from kg.store import Store

__all__ = ["check_scope", "NodeInfo", "VIEWS", "DOCUMENT_TYPES", "ENTITY_TYPES", "TYPE_ORDER", "MESH_CHECK_TAGS",
           "catalogue", "view", "full_view", "citation_view", "document_entity_view", "comention_view",
           "coauthorship_view", "mesh_view", "cocitation_view", "coupling_view", "historiograph_view", "ego_view",
           "find_node",
           "short_name", "scoped_documents"]

#: Node types by class IRI; a node with several takes the first in TYPE_ORDER.
NODE_CLASSES: dict[str, str] = {
    CKG.Paper: "Paper", CKG.BlogPost: "BlogPost", CKG.Report: "Report", CKG.WebPage: "WebPage",
    **{cls: short_name(cls) for cls in ENTITY_CLASSES.values()}, FOAF.Organization: "Group",
    CKG.MeshHeading: "MeshHeading",
    CKG.Journal: "Journal", CKG.Reference: "Reference",
}
DOCUMENT_TYPES = ("Paper", "BlogPost", "Report", "WebPage")
ENTITY_TYPES = tuple(short_name(cls) for cls in ENTITY_CLASSES.values())
TYPE_ORDER = (*DOCUMENT_TYPES, *ENTITY_TYPES, "Group", "MeshHeading", "Journal", "Reference", "Work")
_KINDS = {**{t: "document" for t in DOCUMENT_TYPES}, **{t: "entity" for t in ENTITY_TYPES if t != "Person"},
          "Person": "person", "Group": "person", "MeshHeading": "mesh", "Journal": "journal",
          "Reference": "reference", "Work": "work"}

#: MeSH check tags left out of the MeSH view: they index nearly every paper and say nothing of its subject.
MESH_CHECK_TAGS = frozenset({"Humans", "Male", "Female", "Animals", "Adult", "Aged", "Aged, 80 and over",
                             "Middle Aged", "Young Adult", "Adolescent", "Child", "Child, Preschool", "Infant"})

_DOC_CLASSES = ", ".join(f"ckg:{t}" for t in DOCUMENT_TYPES)


@dataclass(frozen=True)
class NodeInfo:
    """What the graph says of a node: its type (see ``TYPE_ORDER``), a label, for documents a year and,
    for entities, other names: acronyms (``ckg:acronym``) first, then alternative labels (``skos:altLabel``,
    among them the names documents use)."""

    iri: str
    type: str
    label: str
    year: int | None = None
    names: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """``document``, ``entity``, ``person``, ``mesh``, ``journal``, ``reference`` or ``work``."""
        return _KINDS.get(self.type, "work")


def _year(text: str | None) -> int | None:
    if text and len(text) >= 4 and text[:4].isdigit():
        return int(text[:4])
    return None


#: Each store's catalogue, with the change count it was read at.
_CATALOGUES: weakref.WeakKeyDictionary[Store, tuple[int, Mapping[str, NodeInfo]]] = weakref.WeakKeyDictionary()


def catalogue(graph: KnowledgeGraph) -> Mapping[str, NodeInfo]:
    """Type, label and year of every typed node a view can show: documents, entities, people, MeSH headings,
    journals and cited works.

    Read once per state of the store (it takes seconds on a large graph, and a page or a set of plots
    needs it several times); a remote endpoint, which others may change, is read every time.
    """
    changes = graph.store.changes
    cached = _CATALOGUES.get(graph.store)
    if cached is not None and cached[0] == changes:
        return cached[1]
    nodes = MappingProxyType(_read_catalogue(graph))
    if changes is not None:
        _CATALOGUES[graph.store] = (changes, nodes)
    return nodes


def _read_catalogue(graph: KnowledgeGraph) -> dict[str, NodeInfo]:
    classes = " ".join(f"<{c}>" for c in NODE_CLASSES)
    types: dict[str, set[str]] = defaultdict(set)
    for s, cls in graph.query(f"SELECT ?s ?class WHERE {{ VALUES ?class {{ {classes} }} ?s a ?class }}").rows:
        if s is not None and s.kind == "uri" and cls is not None:
            types[s.value].add(NODE_CLASSES[cls.value])
    slots = {DCTERMS.title: "title", SKOS.prefLabel: "pref", FOAF.name: "name", RDFS.label: "label",
             BIBO.pmid: "pmid", DCTERMS.bibliographicCitation: "citation", DCTERMS.issued: "issued"}
    names: dict[str, dict[str, str]] = defaultdict(dict)
    for prop, key in slots.items():  # one plain pattern each: fast in every store, rdflib's too
        for s, v in graph.query(f"SELECT DISTINCT ?s ?v WHERE {{ ?s <{prop}> ?v }}").rows:
            if s is None or v is None or v.kind != "literal" or s.value not in types:
                continue
            if v.language and not v.language.lower().startswith("en"):
                continue
            slot = names[s.value]
            if key not in slot or v.value < slot[key]:  # the smallest of several: deterministic
                slot[key] = v.value
    other_names = _other_names(graph, types)
    nodes = {}
    for iri, found in types.items():
        kind = min(found, key=TYPE_ORDER.index)
        slot = names.get(iri, {})
        if kind in DOCUMENT_TYPES or kind == "Reference":
            keys = ("title", "label", "citation", "pref", "name")
            label = next((slot[k] for k in keys if slot.get(k)), "")
            if not slot.get("title") and slot.get("pmid"):
                label = f"PMID {slot['pmid']}" + (f" · {label}" if label else "")
        elif kind in ("Person", "Group"):
            label = next((slot[k] for k in ("name", "label", "pref") if slot.get(k)), "")
        else:
            label = next((slot[k] for k in ("pref", "label", "name", "title") if slot.get(k)), "")
        year = _year(slot.get("issued")) if kind in DOCUMENT_TYPES or kind == "Reference" else None
        label = " ".join(label.split()) or short_name(iri)
        nodes[iri] = NodeInfo(iri, kind, label, year,
                              tuple(n for n in other_names.get(iri, ()) if n.casefold() != label.casefold()))
    return nodes


#: Other names kept per node (acronyms first): enough to search by, few enough for a page.
MAX_NAMES = 12


def _other_names(graph: KnowledgeGraph, types: Mapping[str, set[str]]) -> dict[str, tuple[str, ...]]:
    """Acronyms, then alternative labels, of the entities in ``types`` (English or untagged; case-insensitive
    duplicates dropped; in sorted order, so the same on every run)."""
    entity_types = set(ENTITY_TYPES) | {"Group", "MeshHeading", "Journal"}
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"acronym": [], "alt": []})
    for prop, key in ((CKG.acronym, "acronym"), (SKOS.altLabel, "alt")):
        for s, v in graph.query(f"SELECT DISTINCT ?s ?v WHERE {{ ?s <{prop}> ?v }}").rows:
            if s is None or v is None or v.kind != "literal" or not (types.get(s.value, set()) & entity_types):
                continue
            if v.language and not v.language.lower().startswith("en"):
                continue
            found[s.value][key].append(" ".join(v.value.split()))
    out = {}
    for iri, names in found.items():
        seen: dict[str, str] = {}
        for name in sorted(names["acronym"]) + sorted(names["alt"], key=lambda n: (n.casefold(), n)):
            seen.setdefault(name.casefold(), name)
        out[iri] = tuple(seen.values())[:MAX_NAMES]
    return out


def _info(cat: Mapping[str, NodeInfo], iri: str) -> NodeInfo:
    return cat.get(iri) or NodeInfo(iri, "Work", short_name(iri))


def scoped_documents(var: str, scope: Scope) -> str:
    """A SPARQL group pattern that binds ``?var`` to the documents (papers, blog posts, reports, web pages)
    issued in ``scope``; the years written into it are ints, never text from outside."""
    # a FILTER, not VALUES: rdflib evaluates a VALUES block in mid-pattern as a cross product
    text = f"?{var} a ?{var}_class . FILTER(?{var}_class IN ({_DOC_CLASSES}))"
    if not scope.bounded:
        return text
    text += (f" ?{var} dcterms:issued ?{var}_issued ."
             f" BIND(xsd:integer(SUBSTR(STR(?{var}_issued), 1, 4)) AS ?{var}_year)")
    tests = ([f"?{var}_year >= {int(scope.start)}"] if scope.start is not None else []) + \
            ([f"?{var}_year <= {int(scope.end)}"] if scope.end is not None else [])
    return text + f" FILTER({' && '.join(tests)})"


def check_scope(graph: KnowledgeGraph, scope: Scope) -> None:
    """Raise :class:`~kg.errors.UsageError` when no document of ``graph`` was issued in ``scope``, saying
    which years the graph's documents span, so that a view, plot or export is never silently empty."""
    if not scope.bounded or graph.query(f"ASK {{ {scoped_documents('d', scope)} }}").boolean:
        return
    span = graph.query(f"""SELECT (MIN(?year) AS ?first) (MAX(?year) AS ?last) WHERE {{
        {scoped_documents('d', ALL_YEARS)} ?d dcterms:issued ?issued
        BIND (xsd:integer(SUBSTR(STR(?issued), 1, 4)) AS ?year) }}""").rows
    first, last = (span[0] if span else (None, None))
    dated = f"the documents in this graph were issued {first.value}–{last.value}" if first and last else \
        "no document in this graph has a date"
    raise UsageError(f"no document was issued in {scope.describe()}; {dated} "
                     "(undated documents, such as most blog posts, are in views without --years or --era)")


def _uris(graph: KnowledgeGraph, sparql: str) -> list[tuple[str, ...]]:
    """Rows of a SELECT whose values are IRIs (rows with a literal or blank node are dropped)."""
    out = []
    for row in graph.query(sparql).rows:
        if all(t is not None and t.kind == "uri" for t in row):
            out.append(tuple(t.value for t in row))
    return out


# ------------------------------------------------------------------ the facts views are made of

def _documents(graph: KnowledgeGraph, scope: Scope) -> list[str]:
    return [r[0] for r in _uris(graph, f"SELECT DISTINCT ?d WHERE {{ {scoped_documents('d', scope)} }}")]


def _mentions(graph: KnowledgeGraph, scope: Scope) -> dict[tuple[str, str], bool]:
    """(document, entity) → whether the study used it as a method."""
    pairs = {pair: False for pair in _pairs(graph, scope, CKG.mentions)}
    for pair in _pairs(graph, scope, CKG.usesMethod):
        pairs[pair] = True
    return pairs


def _pairs(graph: KnowledgeGraph, scope: Scope, predicate: str) -> list[tuple[str, str]]:
    sparql = f"SELECT DISTINCT ?d ?o WHERE {{ {scoped_documents('d', scope)} ?d <{predicate}> ?o }}"
    return sorted({(d, o) for d, o in _uris(graph, sparql)})


def _subjects(graph: KnowledgeGraph, scope: Scope) -> list[tuple[str, str]]:
    """(paper, MeSH descriptor): a descriptor/qualifier heading counts as its descriptor."""
    rows = graph.query(f"""SELECT DISTINCT ?d ?m ?top WHERE {{ {scoped_documents('d', scope)}
        ?d dcterms:subject ?m . ?m a ckg:MeshHeading . OPTIONAL {{ ?m skos:broader ?top }} }}""").rows
    return sorted({(d.value, (top or m).value) for d, m, top in rows if d is not None and m is not None})


def _journals(graph: KnowledgeGraph, scope: Scope) -> list[tuple[str, str]]:
    return sorted(set(_uris(graph, f"""SELECT DISTINCT ?d ?j WHERE {{ {scoped_documents('d', scope)}
        ?d dcterms:isPartOf ?j . ?j a ckg:Journal }}""")))


def _relations(graph: KnowledgeGraph, scope: Scope) -> list[tuple[str, str, str]]:
    """(subject, predicate IRI, object) of the entity relations; in a bounded scope, only those stated by an
    in-scope document."""
    values = " ".join(f"<{p}>" for p in sorted(relation_predicates()))
    if not scope.bounded:  # VALUES first: rdflib then binds ?p before matching
        sparql = f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o }}"
    else:
        sparql = f"""SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o .
            ?ev rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?sentence .
            FILTER NOT EXISTS {{ ?ev ckg:asserted false }}
            ?sentence dcterms:isPartOf ?d . {scoped_documents('d', scope)} }}"""
    return sorted(set(_uris(graph, sparql)))


# ------------------------------------------------------------------ assembling views

class _Builder:
    """Collects nodes, edges and the documents behind each node, then writes the node attributes."""

    def __init__(self, graph_type: Callable[[], nx.Graph], cat: Mapping[str, NodeInfo]) -> None:
        self.g = graph_type()
        self.cat = cat
        self.docs: dict[str, set[str]] = defaultdict(set)

    def node(self, iri: str, document: str | None = None) -> None:
        if iri not in self.g:
            self.g.add_node(iri)
        if document is not None:
            self.docs[iri].add(document)

    def edge(self, a: str, b: str, predicate: str, weight: float = 1, **attrs: Any) -> None:
        if self.g.is_multigraph():
            self.g.add_edge(a, b, key=predicate, predicate=predicate, weight=weight, **attrs)
        else:
            self.g.add_edge(a, b, predicate=predicate, weight=weight, **attrs)

    def finish(self, name: str, scope: Scope, title: str) -> nx.Graph:
        for iri in self.g.nodes:
            info = _info(self.cat, iri)
            data = self.g.nodes[iri]
            data.update(label=info.label, type=info.type, kind=info.kind)
            linked = self.docs.get(iri, set()) - {iri}
            if info.year is not None:  # a dated document or cited work: its own year
                data["year"] = info.year
                data["years"] = (info.year,)
            else:  # anything else: the years of the documents that link to it
                data["years"] = tuple(sorted({y for d in linked if (y := _info(self.cat, d).year) is not None}))
            data["documents"] = len(linked)
        self.g.graph.update(view=name, scope=scope.describe(), title=title)
        return self.g


def _keep(cat: Mapping[str, NodeInfo], iri: str, types: Iterable[str]) -> bool:
    info = cat.get(iri)
    return info is not None and info.type in types


def full_view(graph: KnowledgeGraph, scope: Scope = ALL_YEARS) -> nx.MultiDiGraph:
    """Every in-scope document with its typed links (mentions, methods used, citations, authors, MeSH headings,
    journal) and the relations between entities."""
    import networkx as nx

    cat = catalogue(graph)
    b = _Builder(nx.MultiDiGraph, cat)
    for d in _documents(graph, scope):
        b.node(d)
    for (d, e), used in sorted(_mentions(graph, scope).items()):
        if _keep(cat, e, ENTITY_TYPES):
            b.node(e, d)
            b.edge(d, e, "usesMethod" if used else "mentions")
    for d, c in _pairs(graph, scope, CITO.cites):
        b.node(c, d)
        b.edge(d, c, "cites")
    for d, p in _pairs(graph, scope, DCTERMS.creator):
        b.node(p, d)
        b.edge(d, p, "creator")
    for d, m in _subjects(graph, scope):
        b.node(m, d)
        b.edge(d, m, "subject")
    for d, j in _journals(graph, scope):
        b.node(j, d)
        b.edge(d, j, "isPartOf")
    for s, p, o in _relations(graph, scope):
        if _keep(cat, s, ENTITY_TYPES) and _keep(cat, o, ENTITY_TYPES):
            b.node(s)
            b.node(o)
            b.edge(s, o, short_name(p))
    return b.finish("full", scope, "Full graph")


def citation_view(graph: KnowledgeGraph, scope: Scope = ALL_YEARS) -> nx.DiGraph:
    """Documents and the works they cite: an edge citing → cited for each ``cito:cites`` of an in-scope document."""
    import networkx as nx

    b = _Builder(nx.DiGraph, catalogue(graph))
    for d, c in _pairs(graph, scope, CITO.cites):
        b.node(d)
        b.node(c, d)
        b.edge(d, c, "cites")
    return b.finish("citation", scope, "Citation network")


def document_entity_view(graph: KnowledgeGraph, scope: Scope = ALL_YEARS,
                         entity_types: Iterable[str] = ENTITY_TYPES) -> nx.Graph:
    """The bipartite network of documents (``bipartite=0``) and the entities they mention (``bipartite=1``)."""
    import networkx as nx

    cat = catalogue(graph)
    wanted = tuple(entity_types)
    b = _Builder(nx.Graph, cat)
    for (d, e), used in sorted(_mentions(graph, scope).items()):
        if _keep(cat, e, wanted):
            b.node(d)
            b.node(e, d)
            b.edge(d, e, "usesMethod" if used else "mentions")
    g = b.finish("documents", scope, "Documents and entities")
    for n, data in g.nodes(data=True):
        data["bipartite"] = 0 if data["kind"] == "document" else 1
    return g


def _projection(b: _Builder, groups: dict[str, set[str]], predicate: str) -> None:
    """Nodes linked by the documents they share: ``groups`` maps a document to its nodes."""
    weights: Counter[tuple[str, str]] = Counter()
    for d, members in groups.items():
        for n in members:
            b.node(n, d)
        for a, c in itertools.combinations(sorted(members), 2):
            weights[(a, c)] += 1
    for (a, c), w in sorted(weights.items()):
        b.edge(a, c, predicate, weight=w)


def comention_view(graph: KnowledgeGraph, scope: Scope = ALL_YEARS,
                   entity_types: Iterable[str] = ENTITY_TYPES, min_weight: int = 1) -> nx.Graph:
    """Entities linked when documents mention both; ``weight`` is the number of such documents."""
    import networkx as nx

    cat = catalogue(graph)
    wanted = tuple(entity_types)
    groups: dict[str, set[str]] = defaultdict(set)
    for d, e in _mentions(graph, scope):
        if _keep(cat, e, wanted):
            groups[d].add(e)
    b = _Builder(nx.Graph, cat)
    _projection(b, groups, "comention")
    if min_weight > 1:
        b.g.remove_edges_from([(a, c) for a, c, w in b.g.edges(data="weight") if w < min_weight])
    return b.finish("comention", scope, "Entity co-mention")


def coauthorship_view(graph: KnowledgeGraph, scope: Scope = ALL_YEARS) -> nx.Graph:
    """Authors linked when they wrote a document together; ``weight`` is the number of such documents."""
    import networkx as nx

    groups: dict[str, set[str]] = defaultdict(set)
    for d, p in _pairs(graph, scope, DCTERMS.creator):
        groups[d].add(p)
    b = _Builder(nx.Graph, catalogue(graph))
    _projection(b, groups, "coauthor")
    return b.finish("authors", scope, "Co-authorship")


def mesh_view(graph: KnowledgeGraph, scope: Scope = ALL_YEARS, check_tags: bool = False) -> nx.Graph:
    """MeSH descriptors linked when papers are indexed with both; ``weight`` is the number of such papers.
    Check tags (Humans, Female, Adult...) are left out unless ``check_tags``."""
    import networkx as nx

    cat = catalogue(graph)
    groups: dict[str, set[str]] = defaultdict(set)
    for d, m in _subjects(graph, scope):
        if check_tags or _info(cat, m).label not in MESH_CHECK_TAGS:
            groups[d].add(m)
    b = _Builder(nx.Graph, cat)
    _projection(b, groups, "cooccurs")
    return b.finish("mesh", scope, "MeSH co-occurrence")


def cocitation_view(graph: KnowledgeGraph, scope: Scope = ALL_YEARS) -> nx.Graph:
    """Co-citation (Small, 1973): cited works linked when an in-scope document cites both; ``weight`` is the
    number of such documents, a work's ``documents`` the number of in-scope documents citing it."""
    import networkx as nx

    groups: dict[str, set[str]] = defaultdict(set)
    for d, c in _pairs(graph, scope, CITO.cites):
        if c != d:
            groups[d].add(c)
    b = _Builder(nx.Graph, catalogue(graph))
    _projection(b, groups, "cocited")
    return b.finish("cocitation", scope, "Co-citation")


def coupling_view(graph: KnowledgeGraph, scope: Scope = ALL_YEARS) -> nx.Graph:
    """Bibliographic coupling (Kessler, 1963): in-scope documents linked when they cite the same work;
    ``weight`` is the number of works both cite, a document's ``references`` the number it cites."""
    import networkx as nx

    citing: dict[str, set[str]] = defaultdict(set)
    references: Counter[str] = Counter()
    for d, c in _pairs(graph, scope, CITO.cites):
        if c != d:
            citing[c].add(d)
            references[d] += 1
    weights: Counter[tuple[str, str]] = Counter()
    for documents in citing.values():
        for a, c in itertools.combinations(sorted(documents), 2):
            weights[(a, c)] += 1
    b = _Builder(nx.Graph, catalogue(graph))
    for d in sorted(references):
        b.node(d)
    for (a, c), w in sorted(weights.items()):
        b.edge(a, c, "coupled", weight=w)
    g = b.finish("coupling", scope, "Bibliographic coupling")
    for d, n in references.items():
        g.nodes[d]["references"] = n
    return g


def historiograph_view(graph: KnowledgeGraph, scope: Scope = ALL_YEARS) -> nx.DiGraph:
    """Garfield's historiograph (Garfield, Pudovkin and Istomin, 2003): the in-scope documents that cite or
    are cited by another document of the graph, an edge citing → cited for each such citation; a node's
    ``citations`` is its local citation count. The explorer lays it out by year (``layout`` ``years``)."""
    import networkx as nx

    cat = catalogue(graph)
    in_scope = set(_documents(graph, scope))
    b = _Builder(nx.DiGraph, cat)
    cited: Counter[str] = Counter()
    for d, c in _pairs(graph, scope, CITO.cites):
        info = cat.get(c)
        if c == d or info is None or info.kind != "document" or (scope.bounded and c not in in_scope):
            continue
        b.node(d)
        b.node(c, d)
        b.edge(d, c, "cites")
        cited[c] += 1
    g = b.finish("history", scope, "Historiograph")
    g.graph["layout"] = "years"
    for n in g:
        g.nodes[n]["citations"] = cited.get(n, 0)
    return g


def find_node(view: nx.Graph, text: str, graph: KnowledgeGraph | None = None) -> str:
    """The node of ``view`` that ``text`` names: an IRI, a CURIE (``body:ccg``), a label, an acronym or
    other name in the graph, or else a part of one label. Several matches: the best connected."""
    wanted = text.strip()
    if not wanted:
        raise UsageError("no node named: the name is empty")
    prefix, _, local = wanted.partition(":")
    candidates = [wanted] + ([PREFIXES[prefix] + local] if prefix in PREFIXES and local else [])
    for c in candidates:
        if c in view:
            return c

    def best(nodes: Iterable[str]) -> str | None:
        found = sorted(set(nodes), key=lambda n: (-view.degree(n), n))
        return found[0] if found else None

    folded = wanted.casefold()
    hit = best(n for n, label in view.nodes(data="label") if str(label).casefold() == folded)
    if hit is None and graph is not None:
        rows = graph.query("""SELECT DISTINCT ?s WHERE {
            { ?s skos:prefLabel ?name } UNION { ?s skos:altLabel ?name } UNION { ?s ckg:acronym ?name }
            UNION { ?s foaf:name ?name } UNION { ?s dcterms:title ?name } UNION { ?s rdfs:label ?name }
            FILTER(LCASE(STR(?name)) = LCASE(STR(?wanted))) }""", wanted=wanted).rows
        hit = best(r[0].value for r in rows if r[0] is not None and r[0].value in view)
    if hit is None:
        hit = best(n for n, label in view.nodes(data="label") if folded in str(label).casefold())
    if hit is None:
        raise UsageError(f"nothing called {text!r} in the {view.graph.get('view', '')} view")
    return hit


def ego_view(graph: KnowledgeGraph, center: str, scope: Scope = ALL_YEARS, radius: int = 1,
             base: str = "full") -> nx.Graph:
    """The nodes within ``radius`` links of ``center`` (see :func:`find_node`) in the ``base`` view, ignoring
    edge direction."""
    import networkx as nx

    if base == "ego" or base not in VIEWS:
        raise UsageError(f"an ego view needs a base view: one of {', '.join(v for v in VIEWS if v != 'ego')}")
    whole = VIEWS[base](graph, scope)
    node = find_node(whole, center, graph)
    g = nx.ego_graph(whole, node, radius=radius, undirected=True).copy()
    g.graph.update(whole.graph)
    g.graph.update(view="ego", base=base, center=node, radius=radius,
                   title=f"Around {whole.nodes[node]['label']}")
    return g


#: View builders by name; each takes ``(graph, scope)``.
VIEWS: dict[str, Callable[..., Any]] = {
    "full": full_view,
    "citation": citation_view,
    "documents": document_entity_view,
    "comention": comention_view,
    "authors": coauthorship_view,
    "mesh": mesh_view,
    "cocitation": cocitation_view,
    "coupling": coupling_view,
    "history": historiograph_view,
    "ego": ego_view,
}


def view(graph: KnowledgeGraph, name: str = "comention", scope: Scope = ALL_YEARS, **options: Any) -> nx.Graph:
    """The view called ``name`` (a key of :data:`VIEWS`, or ``ego:NAME`` for the neighbourhood of a node in
    the full view), restricted to ``scope``; ``options`` go to the view's function."""
    kind, _, center = name.partition(":")
    kind = kind.strip().lower()
    if kind == "ego":
        if not center and "center" not in options:
            raise UsageError("an ego view needs a node: ego:LABEL (a label, acronym, IRI or CURIE)")
        if center:
            options["center"] = center
        return _in_order(ego_view(graph, scope=scope, **options))
    if kind not in VIEWS or center:
        raise UsageError(f"no view called {name!r}; views: {', '.join(VIEWS)} (ego:LABEL)")
    return _in_order(VIEWS[kind](graph, scope, **options))


def _in_order(g: nx.Graph) -> nx.Graph:
    """``g`` with its nodes and edges inserted in sorted order.

    A store may return rows in any order (rdflib's follows Python's hash
    seed), and ties in layouts, rankings and exports follow insertion order:
    sorting here makes every view, and all that is made from it, the same on
    every run.
    """
    out = g.__class__()
    out.graph.update(g.graph)
    out.add_nodes_from(sorted(g.nodes(data=True), key=lambda item: str(item[0])))

    def ends(u: Any, v: Any) -> tuple[str, str]:
        a, b = str(u), str(v)
        return (a, b) if g.is_directed() or a <= b else (b, a)

    if g.is_multigraph():
        out.add_edges_from(sorted(g.edges(keys=True, data=True), key=lambda e: (*ends(e[0], e[1]), str(e[2]))))
    else:
        out.add_edges_from(sorted(g.edges(data=True), key=lambda e: ends(e[0], e[1])))
    return out

