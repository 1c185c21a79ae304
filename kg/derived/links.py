"""Links across documents, found once the whole graph is loaded (the ``id/graph/links`` graph).

A post that reprints a paper's abstract cites the paper; a post that speaks
of "our paper published in the British Journal of General Practice" cites
the paper of that journal that shares most of its subject (entities and
words), or a work of its own when none does; a post's link to a file that
was given to the build too (a PDF report beside the blog archive) cites
that document, found by the link target's file name, else the document's
title, else the link's own words; and the research organisation that most
posts of a blog archive name publishes those posts and the reports they
link to that name no publisher of their own. Each link gets an evidence
node like any other extracted statement (technique ``reprint``,
``journal-phrase``, ``linked-file`` or ``blog-publisher``).

Every step reads the store in a fixed number of queries, whatever the size
of the corpus, and does work linear in it: the abstracts are scanned once
for every post's reprinted runs (one automaton), and the papers of a journal
a post names are compared only with the posts naming it, through the words
and entities they share (an inverted index), not one by one.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import unquote, urlsplit

from kg.extract.citations import JOURNAL_ARTICLE, link_description
from kg.rdf.evidence import corpus_evidence
from kg.rdf.terms import Triple, iri, literal, nquad
from kg.sources import pdf
from kg.vocab import iris
from kg.vocab.namespaces import BIBO, CITO, CKG, DCTERMS, ID, OWL, PROV, RDF, RDFS, SCHEMA, SKOS

__all__ = ["link_nquads", "STEPS", "CANDIDATE_POSTINGS"]


_PUBLISHED_IN = re.compile(r"\b(?:published\s+(?:in|by)|paper\s+in|article\s+in|appeared\s+in|"
                           r"journal\s+paper|our\s+(?:[\w-]+\s+){0,4}?(?:paper|article))\b", re.I)
_WORD = re.compile(r"[a-z]{4,}")
_STOP = set("""that this with from have were been which their there these those about into than them they will
would could should also more most such only other some what when where while whose because between through
during before after under over within without among being both each many much very what were""".split())
_DOCUMENT_KINDS = f"<{CKG.BlogPost}>, <{CKG.WebPage}>, <{CKG.Report}>"
#: A word or entity found in more of a journal's papers than this proposes none of them as the paper a
#: post speaks of (it still counts in the score): so a post is compared with the few papers it shares
#: something distinctive with, not with every paper of the journal.
CANDIDATE_POSTINGS = 200


def _words(text: str) -> Counter:
    return Counter(w for w in _WORD.findall(text.lower()) if w not in _STOP)


def _similarity(a: Counter, b: Counter) -> float:
    shared = sum((a & b).values())
    return shared / max(1, min(sum(a.values()), sum(b.values())))


def _shingles(text: str, n: int = 8) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {" ".join(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def link_nquads(store, graph: str) -> bytes:
    """N-Quads, in ``graph``, of what needs the whole corpus: reprints, journal phrases, linked files and
    the publishers of reports linked from a research unit's blog (see the module's docstring)."""
    return "".join(nquad(t, graph) for _, step in STEPS for t in step(store)).encode("utf-8")


def _corpus_citations(store) -> Iterator[Triple]:
    """A post cites the paper whose abstract it reprints, and the paper it says it published in a journal:
    one of that journal's papers in the graph if one shares its subject, else a work of its own."""
    posts = _select(store, f"""SELECT ?post ?body WHERE {{
        ?post a ?kind ; <{SCHEMA.articleBody}> ?body .
        FILTER (?kind IN ({_DOCUMENT_KINDS})) }}""")
    reprinted = _reprint_candidates(store, posts)
    phrases = _journal_phrases(store, {post for post, _ in posts})
    best = _journal_papers(store, posts, phrases)
    for post, body in sorted(posts):
        post_shingles = _shingles(body)
        matches: dict[str, tuple[str, str, str]] = {}
        unmatched: list[tuple[str, str, str]] = []
        for paper, abstract in sorted(reprinted.get(post, {}).items()):
            abstract_shingles = _shingles(abstract)
            overlap = len(post_shingles & abstract_shingles) / max(1, len(abstract_shingles))
            if overlap >= 0.5:
                matches[paper] = ("reprint", f"{overlap:.2f} of the abstract's 8-word sequences", "")
        for journal, sentence, quote in phrases.get(post, ()):
            paper, score = best.get((post, body, journal), (None, 0.0))
            if paper is not None and score >= 0.35:
                matches.setdefault(paper, ("journal-phrase", f"similarity {score:.2f}", sentence))
            else:
                unmatched.append((journal, sentence, quote))
        for paper, (technique, note, sentence) in sorted(matches.items()):
            yield iri(post), iri(CITO.cites), iri(paper)
            yield from corpus_evidence(post, CITO.cites, paper, technique, note,
                                       [sentence] if sentence else [post, paper])  # a reprint rests on both texts
        for journal, sentence, quote in unmatched:
            yield from _paper_outside_the_graph(store, post, journal, sentence, quote)


def _journal_papers(store, posts: list[tuple[str, str]], phrases: dict[str, list[tuple[str, str, str]]]
                    ) -> dict[tuple[str, str, str], tuple[str, float]]:
    """(post, body, journal) → (the paper of that journal most like the post, its score), for every post
    saying it published in a journal.

    The score is half the share of the paper's entities the post mentions and half the words they
    share. Each named journal's papers are read once, in two queries, and a post is scored only against
    the papers sharing an entity or a word with it that fewer than :data:`CANDIDATE_POSTINGS` of the
    journal's papers have (a paper sharing nothing distinctive with the post is not the one it speaks of).
    """
    named = sorted({journal for rows in phrases.values() for journal, _, _ in rows})
    if not named:
        return {}
    mentions = _grouped(_select(store, f"""SELECT ?post ?entity WHERE {{
        ?post a ?kind ; <{CKG.mentions}> ?entity . FILTER (?kind IN ({_DOCUMENT_KINDS})) }}"""))
    containers = _containers_of(store, named)
    naming: dict[str, list[tuple[str, str]]] = defaultdict(list)  # journal → the posts saying they published in it
    for post, body in posts:
        for journal in sorted({j for j, _, _ in phrases.get(post, ())}):
            naming[journal].append((post, body))
    best: dict[tuple[str, str, str], tuple[str, float]] = {}
    for journal in named:
        if not containers.get(journal):
            continue
        values = " ".join(f"<{c}>" for c in sorted(containers[journal]))
        abstracts = _grouped(_select(store, f"""SELECT ?paper ?abstract WHERE {{
            VALUES ?container {{ {values} }} ?paper <{DCTERMS.isPartOf}> ?container ; a <{CKG.Paper}> .
            OPTIONAL {{ ?paper <{DCTERMS.abstract}> ?abstract }} }}"""))
        paper_mentions = _grouped(_select(store, f"""SELECT ?paper ?entity WHERE {{
            VALUES ?container {{ {values} }} ?paper <{DCTERMS.isPartOf}> ?container ; a <{CKG.Paper}> ;
                <{CKG.mentions}> ?entity }}"""))
        papers = {paper: (_words(" ".join(sorted(abstracts.get(paper, ())))), paper_mentions.get(paper, set()))
                  for paper in abstracts.keys() | paper_mentions.keys()}
        postings: dict[str, list[str]] = defaultdict(list)  # word or entity → the journal's papers having it
        for paper, (words, entities) in papers.items():
            for feature in (*words, *entities):
                postings[feature].append(paper)
        for post, body in naming[journal]:
            post_words, post_mentions = _words(body), mentions.get(post, set())
            candidates = {paper for feature in (*post_words, *post_mentions)
                          if len(postings.get(feature, ())) <= CANDIDATE_POSTINGS for paper in postings.get(feature, ())}
            found, score = None, 0.0
            for paper in sorted(candidates):
                words, entities = papers[paper]
                entity_overlap = len(post_mentions & entities) / max(1, len(entities))
                value = 0.5 * entity_overlap + 0.5 * _similarity(post_words, words)
                if value > score:
                    found, score = paper, value
            if found is not None:
                best[(post, body, journal)] = (found, score)
    return best


def _containers_of(store, journals: list[str]) -> dict[str, set[str]]:
    """journal entity → the containers papers are part of whose name is one of the journal's names or
    abbreviations (case aside)."""
    values = " ".join(f"<{j}>" for j in journals)
    names = _grouped(_select(store, f"""SELECT ?journal ?name WHERE {{ VALUES ?journal {{ {values} }}
        ?journal ?nameProperty ?name .
        FILTER (?nameProperty IN (<{SKOS.prefLabel}>, <{SKOS.altLabel}>, <{CKG.acronym}>)) }}"""))
    by_name: dict[str, set[str]] = defaultdict(set)
    for container, name in _select(store, f"""SELECT ?container ?name WHERE {{
            {{ SELECT DISTINCT ?container WHERE {{ ?paper a <{CKG.Paper}> ; <{DCTERMS.isPartOf}> ?container }} }}
            ?container <{SKOS.prefLabel}>|<{SKOS.altLabel}> ?name }}"""):
        by_name[name.lower()].add(container)
    return {journal: {c for name in names.get(journal, ()) for c in by_name.get(name.lower(), ())}
            for journal in journals}


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


def _linked_files(store) -> Iterator[Triple]:
    """A post's link to a file that was given to the build too (a PDF report beside the blog archive) cites
    the document read from that file, and the work the link stood for is that document (``owl:sameAs``):
    "Download interim report" then leads to the report's own text, mentions and methods.

    The document is the one file whose name is the link target's file name, else whose title the link
    gives, else whose title or file name holds the words of what the link says it fetches ("interim
    report"; all of them but one, two at least); each test narrows the files the one before it left, and
    a link several files still fit is left alone.
    """
    files = _select(store, f"""SELECT ?document ?file ?title WHERE {{
        ?source <{CKG.format}> "{pdf.NAME}" ; <{DCTERMS.title}> ?file .
        ?record <{DCTERMS.isPartOf}> ?source .
        ?document <{PROV.wasDerivedFrom}> ?record .
        OPTIONAL {{ ?document <{DCTERMS.title}> ?title }} }}""")
    if not files:
        return
    documents = {document: (_file_name(file), title) for document, file, title in files}
    links: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for post, work, sentence, texts, url in _select(store, f"""SELECT ?post ?work ?sentence ?texts ?url WHERE {{
            ?evidence <{PROV.wasGeneratedBy}> <{iris.extractor("link")}> ; <{RDF.predicate}> <{CITO.cites}> ;
                      <{RDF.subject}> ?post ; <{RDF.object}> ?work ; <{PROV.wasDerivedFrom}> ?sentence .
            ?work a <{CKG.Reference}> .
            OPTIONAL {{ ?work <{DCTERMS.bibliographicCitation}> ?texts }}
            OPTIONAL {{ ?work <{BIBO.uri}> ?url }} }}"""):
        found = links[(post, work)]
        for key, value in (("sentence", sentence), ("texts", texts), ("url", url)):
            if value:
                found[key].add(value)
    for (post, work), found in sorted(links.items()):
        match = _linked_document(documents, sorted(found["url"]), sorted(found["texts"]))
        if match is None or match[0] == post:
            continue
        document, note = match
        yield iri(post), iri(CITO.cites), iri(document)
        yield from corpus_evidence(post, CITO.cites, document, "linked-file", note, sorted(found["sentence"]))
        yield iri(work), iri(OWL.sameAs), iri(document)


def _linked_document(documents: dict[str, tuple[str, str]], urls: list[str], texts: list[str]
                     ) -> tuple[str, str] | None:
    """(document, why) for the one file a link fetches, by file name, then title, then the link's words."""
    link_texts = [part for text in texts for part in text.split("; ")]
    what = link_description(link_texts)[0] if link_texts else ""
    said = {_plain(text) for text in link_texts} | {_plain(what)}
    wanted = set(_plain(what).split()) if len(what.split()) > 1 and what not in _LINK_KINDS else set()
    names = {_file_name(url) for url in urls} - {""}
    tests: list[tuple[Callable[[str, str], bool], Callable[[str, str], str]]] = [
        (lambda file, title: file in names, lambda file, title: f"the link's target is the file {file}"),
        (lambda file, title: bool(title) and len(_plain(title).split()) > 1 and any(
            _plain(title) == s or f" {_plain(title)} " in f" {s} " for s in said),
         lambda file, title: f"the link names the document's title \u201c{title}\u201d"),
        (lambda file, title: bool(wanted) and len(wanted & set(_plain(f"{title} {file}").split()))
         >= max(2, len(wanted) - 1),
         lambda file, title: f"the document's title or file name holds the link's words \u201c{what}\u201d"),
    ]
    candidates = sorted(documents)
    for test, why in tests:
        fitting = [d for d in candidates if test(*documents[d])]
        if len(fitting) == 1:
            return fitting[0], why(*documents[fitting[0]])
        candidates = fitting or candidates
    return None


#: What :func:`~kg.extract.citations.link_description` gives for a link that says only what kind of work it is.
_LINK_KINDS = ("journal article", "report", "work")


def _file_name(location: str) -> str:
    """The file name of a path or an address, decoded and in lower case: ``…/PCN%20summary.pdf`` → ``pcn summary.pdf``."""
    path = urlsplit(location).path if "://" in location else location
    return posixpath.basename(unquote(path).replace("\\", "/")).casefold()


def _plain(text: str) -> str:
    """Words only, in lower case, one space apart (file extensions and punctuation go)."""
    return " ".join(re.findall(r"[^\W_]+", re.sub(r"\.pdf\b", " ", text.casefold())))


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


def _grouped(rows: Iterable[tuple[str, ...]]) -> dict[str, set[str]]:
    """First column → the set of second-column values."""
    found: dict[str, set[str]] = defaultdict(set)
    for key, value, *_ in rows:
        if value:
            found[key].add(value)
    return dict(found)


def _reprint_candidates(store, posts: list[tuple[str, str]]) -> dict[str, dict[str, str]]:
    """post → {paper: its abstract} for the papers whose abstract contains one of the post's three longest
    plain runs of words.

    The abstracts are read once, and every post's runs are looked for in each at the same time (one
    automaton), rather than scanning every abstract once per post: a blog of 2,000 posts over 100,000
    papers took hours that way. The candidates' abstracts come from the same scan, so that checking
    them needs no lookup per paper.
    """
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for post, body in posts:
        for run in sorted(set(re.findall(r"[A-Za-z][a-z]+(?: [a-z]+){7,}", body)), key=len, reverse=True)[:3]:
            run = run.lower()
            automaton.add_word(run, automaton.get(run, ()) + (post,))
    if not len(automaton):
        return {}
    automaton.make_automaton()
    rows = _select(store, f"""SELECT ?paper ?abstract WHERE {{
            ?paper a <{CKG.Paper}> ; <{DCTERMS.abstract}> ?abstract }}""")
    found: dict[str, set[str]] = {}
    for paper, abstract in rows:
        for _, runs_posts in automaton.iter(abstract.lower()):
            for post in runs_posts:
                found.setdefault(post, set()).add(paper)
    wanted = set().union(*found.values()) if found else set()
    texts: dict[str, list[str]] = defaultdict(list)  # a paper read from two sources has two abstracts
    for paper, abstract in rows:
        if paper in wanted:
            texts[paper].append(abstract)
    return {post: {paper: " ".join(sorted(texts[paper])) for paper in papers} for post, papers in found.items()}


def _journal_phrases(store, posts: set[str]) -> dict[str, list[tuple[str, str, str]]]:
    """post → (journal entity, sentence, text) where the post says it published in a journal, read for
    every post at once."""
    journals = sorted(row[0] for row in _select(store, f"""SELECT DISTINCT ?journal WHERE {{
        ?collection <{SKOS.member}> ?journal . FILTER (STRENDS(STR(?collection), "journals")) }}"""))
    if not journals or not posts:
        return {}
    values = " ".join(f"<{j}>" for j in journals)
    found: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for post, journal, sentence, text in _select(store, f"""SELECT ?post ?journal ?sentence ?text WHERE {{
            VALUES ?journal {{ {values} }}
            ?evidence <{RDF.object}> ?journal ; <{RDF.predicate}> <{CKG.mentions}> ; <{RDF.subject}> ?post ;
                      <{PROV.wasDerivedFrom}> ?sentence .
            ?sentence <{CKG.text}> ?text }}"""):
        if post in posts and _PUBLISHED_IN.search(text):
            found[post].add((journal, sentence, text))
    return {post: sorted(rows) for post, rows in found.items()}


#: The steps of the links graph, in order: (name, function of the store giving its triples).
STEPS: tuple[tuple[str, Callable[..., Iterator[Triple]]], ...] = (
    ("reprints and journal phrases", _corpus_citations),
    ("linked files", _linked_files),
    ("publishers of blog reports", _report_publishers),
)
