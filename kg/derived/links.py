"""Links across documents, found once the whole graph is loaded (the ``id/graph/links`` graph).

A post that reprints a paper's abstract cites the paper; a post that speaks
of "our paper published in the British Journal of General Practice" cites
the paper of that journal that shares most of its subject (entities and
words), or a work of its own when none does; and the research organisation
that most posts of a blog archive name publishes those posts and the
reports they link to that name no publisher of their own. Each link gets an
evidence node like any other extracted statement (technique ``reprint``,
``journal-phrase`` or ``blog-publisher``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from kg.extract.citations import JOURNAL_ARTICLE, link_description
from kg.rdf.evidence import corpus_evidence
from kg.rdf.terms import Triple, iri, literal, nquad
from kg.vocab import iris
from kg.vocab.namespaces import CITO, CKG, DCTERMS, ID, PROV, RDF, RDFS, SCHEMA, SKOS

__all__ = ["link_nquads"]


_PUBLISHED_IN = re.compile(r"\b(?:published\s+(?:in|by)|paper\s+in|article\s+in|appeared\s+in|"
                           r"journal\s+paper|our\s+(?:[\w-]+\s+){0,4}?(?:paper|article))\b", re.I)
_WORD = re.compile(r"[a-z]{4,}")
_STOP = set("""that this with from have were been which their there these those about into than them they will
would could should also more most such only other some what when where while whose because between through
during before after under over within without among being both each many much very what were""".split())


def _words(text: str) -> Counter:
    return Counter(w for w in _WORD.findall(text.lower()) if w not in _STOP)


def _similarity(a: Counter, b: Counter) -> float:
    shared = sum((a & b).values())
    return shared / max(1, min(sum(a.values()), sum(b.values())))


def _shingles(text: str, n: int = 8) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {" ".join(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def link_nquads(store, graph: str) -> bytes:
    """N-Quads, in ``graph``, of what needs the whole corpus: reprints, journal phrases and the
    publishers of reports linked from a research unit's blog.

    Each link gets an evidence node like any other extracted statement
    (technique ``reprint``, ``journal-phrase`` or ``blog-publisher``).
    """

    triples = [*_corpus_citations(store), *_report_publishers(store)]
    return "".join(nquad(t, graph) for t in triples).encode("utf-8")


def _corpus_citations(store) -> Iterator[Triple]:
    """A post cites the paper whose abstract it reprints, and the paper it says it published in a journal:
    one of that journal's papers in the graph if one shares its subject, else a work of its own."""
    posts = _select(store, f"""SELECT ?post ?body WHERE {{
        ?post a ?kind ; <{SCHEMA.articleBody}> ?body .
        FILTER (?kind IN (<{CKG.BlogPost}>, <{CKG.WebPage}>, <{CKG.Report}>)) }}""")
    papers = {}  # paper → (abstract words, shingles, mentions), loaded on demand
    journal_papers: dict[str, list[str]] = {}  # journal → its papers in the graph
    reprint_candidates = _reprint_candidates(store, posts)
    for post, body in sorted(posts):
        post_shingles = _shingles(body)
        post_words = _words(body)
        matches: dict[str, tuple[str, str, str]] = {}
        unmatched: list[tuple[str, str, str]] = []
        for paper in sorted(reprint_candidates.get(post, ())):
            abstract = _paper(store, papers, paper)
            overlap = len(post_shingles & abstract[1]) / max(1, len(abstract[1]))
            if overlap >= 0.5:
                matches[paper] = ("reprint", f"{overlap:.2f} of the abstract's 8-word sequences", "")
        phrases = _journal_phrases(store, post)
        post_mentions = _mentions(store, post) if phrases else set()
        for journal, sentence, quote in phrases:
            best, score = None, 0.0
            if journal not in journal_papers:
                journal_papers[journal] = _papers_in(store, journal)
            for paper in journal_papers[journal]:
                abstract = _paper(store, papers, paper)
                entity_overlap = len(post_mentions & abstract[2]) / max(1, len(abstract[2]))
                value = 0.5 * entity_overlap + 0.5 * _similarity(post_words, abstract[0])
                if value > score:
                    best, score = paper, value
            if best is not None and score >= 0.35:
                matches.setdefault(best, ("journal-phrase", f"similarity {score:.2f}", sentence))
            else:
                unmatched.append((journal, sentence, quote))
        for paper, (technique, note, sentence) in sorted(matches.items()):
            yield iri(post), iri(CITO.cites), iri(paper)
            yield from corpus_evidence(post, CITO.cites, paper, technique, note,
                                 [sentence] if sentence else [post, paper])  # a reprint rests on both texts
        for journal, sentence, quote in unmatched:
            yield from _paper_outside_the_graph(store, post, journal, sentence, quote)


def _paper_outside_the_graph(store, post: str, journal: str, sentence: str, quote: str) -> Iterator[Triple]:
    """"our Sage Open paper", with no paper of that journal in the graph like it: a work of its own."""
    journal_name = _first(store, f"SELECT ?name WHERE {{ <{journal}> <{SKOS.prefLabel}> ?name }}")
    title = _first(store, f"SELECT ?title WHERE {{ <{post}> <{DCTERMS.title}> ?title }}") or post
    work = iris.work(f"{journal_name} paper {title}")
    yield iri(work), iri(RDF.type), iri(CKG.Reference)
    yield iri(work), iri(RDFS.label), literal(f"Paper in {journal_name} cited by \u201c{title}\u201d")
    yield iri(work), iri(DCTERMS.bibliographicCitation), literal(quote)
    yield iri(post), iri(CITO.cites), iri(work)
    yield from corpus_evidence(post, CITO.cites, work, "journal-phrase",
                         f"no paper of {journal_name} in the graph shares its subject", [sentence])


def _report_publishers(store) -> Iterator[Triple]:
    """Who publishes a blog's posts, as its pages say (a site name) or, failing that, as the research
    organisation most of its posts name; and the reports its posts link to that name no publisher of
    their own ("Download interim report [pdf]")."""
    stated: dict[str, str] = {}
    for post, name in _select(store, f"""SELECT ?post ?name WHERE {{
            ?post a <{CKG.BlogPost}> ; <{DCTERMS.publisher}> ?name . FILTER (isLiteral(?name)) }}"""):
        stated[post] = min(stated.get(post, name), name)
    inferred = {post: found for post, found in _blog_publishers(store).items() if post not in stated}
    linked: dict[str, list[tuple[str, str]]] = {}
    for post, work, links in _select(store, f"""SELECT DISTINCT ?post ?work ?links WHERE {{
            ?evidence <{RDF.subject}> ?post ; <{RDF.predicate}> <{CITO.cites}> ; <{RDF.object}> ?work ;
                      <{PROV.wasGeneratedBy}> <{iris.extractor("link")}> .
            ?work <{DCTERMS.bibliographicCitation}> ?links }}"""):
        linked.setdefault(post, []).append((work, links))
    for post in sorted(stated.keys() | inferred.keys()):
        if post in inferred:
            organisation, name, note = inferred[post]
            publisher = iri(organisation)
            yield iri(post), iri(DCTERMS.publisher), publisher
            yield from corpus_evidence(post, DCTERMS.publisher, organisation, "blog-publisher", note, [post])
        else:
            name = stated[post]
            publisher = literal(name)
        for work, links in sorted(linked.get(post, [])):
            what, parts = link_description(links.split("; "))
            if what != what.lower() or JOURNAL_ARTICLE.search(what) or what == "work":
                continue  # names its own publisher ("NHSE report"), or is no report
            yield iri(work), iri(DCTERMS.publisher), publisher
            yield iri(work), iri(SKOS.altLabel), literal(f"{name} {what}{parts}")


def _blog_publishers(store) -> dict[str, tuple[str, str, str]]:
    """post → (organisation, its short name, why): for each source of posts, the one research
    organisation named in more of its posts than any other, and in two at least."""
    counts = _select(store, f"""SELECT ?source ?organisation (COUNT(DISTINCT ?post) AS ?posts) WHERE {{
        GRAPH ?source {{ ?post a <{CKG.BlogPost}> ; <{CKG.mentions}> ?organisation }}
        ?organisation <{SKOS.broader}>* ?kind . <{ID}collection/research-organisations> <{SKOS.member}> ?kind .
        }} GROUP BY ?source ?organisation""")
    by_source: dict[str, list[tuple[int, str]]] = {}
    for source, organisation, posts in counts:
        by_source.setdefault(source, []).append((int(posts), organisation))
    chosen: dict[str, tuple[str, str]] = {}
    for source, ranked in by_source.items():
        ranked.sort(reverse=True)
        if ranked[0][0] >= 2 and (len(ranked) == 1 or ranked[1][0] < ranked[0][0]):
            chosen[source] = (ranked[0][1], f"named in {ranked[0][0]} posts of <{source}>")
    short_names = {organisation: _short_name(store, organisation) for organisation, _ in chosen.values()}
    publishers: dict[str, set[tuple[str, str]]] = {}
    for source, post in _select(store, f"SELECT ?source ?post WHERE {{ GRAPH ?source {{ ?post a <{CKG.BlogPost}> }} }}"):
        if source in chosen:
            publishers.setdefault(post, set()).add(chosen[source])
    found = {}
    for post, choices in publishers.items():
        if len({organisation for organisation, _ in choices}) == 1:
            organisation, note = min(choices)
            found[post] = (organisation, short_names[organisation], note)
    return found


def _short_name(store, concept: str) -> str:
    """A concept's acronym if it has one ("PRUComm"), else its preferred label."""
    return _first(store, f"SELECT ?name WHERE {{ <{concept}> <{CKG.acronym}> ?name }} ORDER BY ?name") or \
        _first(store, f"SELECT ?name WHERE {{ <{concept}> <{SKOS.prefLabel}> ?name }} ORDER BY ?name")


def _first(store, sparql: str) -> str:
    rows = _select(store, sparql)
    return rows[0][0] if rows else ""


def _select(store, sparql: str) -> list[tuple[str, ...]]:
    result = store.query(sparql)
    return [tuple(t.value if t is not None else "" for t in row) for row in result.rows]


def _reprint_candidates(store, posts: list[tuple[str, str]]) -> dict[str, set[str]]:
    """post → the papers whose abstract contains one of the post's three longest plain runs of words.

    The abstracts are read once, and every post's runs are looked for in each at the same time (one
    automaton), rather than scanning every abstract once per post: a blog of 2,000 posts over 100,000
    papers took hours that way.
    """
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for post, body in posts:
        for run in sorted(set(re.findall(r"[A-Za-z][a-z]+(?: [a-z]+){7,}", body)), key=len, reverse=True)[:3]:
            run = run.lower()
            automaton.add_word(run, automaton.get(run, ()) + (post,))
    found: dict[str, set[str]] = {}
    if not len(automaton):
        return found
    automaton.make_automaton()
    for paper, abstract in _select(store, f"""SELECT ?paper ?abstract WHERE {{
            ?paper a <{CKG.Paper}> ; <{DCTERMS.abstract}> ?abstract }}"""):
        for _, runs_posts in automaton.iter(abstract.lower()):
            for post in runs_posts:
                found.setdefault(post, set()).add(paper)
    return found


def _paper(store, cache: dict, paper: str) -> tuple[Counter, set[str], set[str]]:
    if paper not in cache:
        rows = _select(store, f"SELECT ?abstract WHERE {{ <{paper}> <{DCTERMS.abstract}> ?abstract }}")
        abstract = " ".join(r[0] for r in rows)
        cache[paper] = (_words(abstract), _shingles(abstract), _mentions(store, paper))
    return cache[paper]


def _mentions(store, document: str) -> set[str]:
    return {r[0] for r in _select(store, f"SELECT DISTINCT ?e WHERE {{ <{document}> <{CKG.mentions}> ?e }}")}


def _journal_phrases(store, post: str) -> list[tuple[str, str, str]]:
    """(journal entity, sentence, text) where the post says it published in a journal."""
    rows = _select(store, f"""SELECT DISTINCT ?journal ?sentence ?text WHERE {{
        ?evidence <{RDF.subject}> <{post}> ; <{RDF.predicate}> <{CKG.mentions}> ; <{RDF.object}> ?journal ;
                  <{PROV.wasDerivedFrom}> ?sentence .
        ?sentence <{CKG.text}> ?text .
        ?collection <{SKOS.member}> ?journal .
        FILTER (STRENDS(STR(?collection), "journals")) }}""")
    return [row for row in rows if _PUBLISHED_IN.search(row[2])]


def _papers_in(store, journal: str) -> list[str]:
    """Papers whose journal carries one of the journal entity's names or abbreviations."""
    rows = _select(store, f"""SELECT DISTINCT ?paper WHERE {{
        <{journal}> ?nameProperty ?name .
        FILTER (?nameProperty IN (<{SKOS.prefLabel}>, <{SKOS.altLabel}>, <{CKG.acronym}>))
        ?paper a <{CKG.Paper}> ; <{DCTERMS.isPartOf}> ?container .
        ?container <{SKOS.prefLabel}>|<{SKOS.altLabel}> ?containerName .
        FILTER (LCASE(STR(?containerName)) = LCASE(STR(?name))) }}""")
    return sorted(row[0] for row in rows)

