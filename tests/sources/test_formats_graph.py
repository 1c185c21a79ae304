"""The database and PDF readers end to end: every real file builds and validates; co-citation from WoS
``CR``; one paper seen in three formats; bad input loses nothing already built."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import kg
from kg.builder import BuildOptions
from kg.errors import ParseError
from kg.model import Document, DocumentKind, Identifiers
from kg.vocab import iris
from kg.sources import FallbackMergeWarning, Source, parse_many

FIXTURES = Path(__file__).parent / "fixtures"
REAL_FILES = sorted(p for folder in ("wos", "scopus-csv", "openalex", "crossref", "csl-json")
                    for p in (FIXTURES / folder).iterdir() if not p.name.startswith("three-formats")) + \
    [FIXTURES / "ris" / "bibx_scopus_first12.ris", FIXTURES / "pdf" / "pdfplumber_federal-register-2020-17221.pdf",
     FIXTURES / "pdf" / "sample-files_multicolumn.pdf"]
PEERJ = [FIXTURES / "medline" / "three-formats-peerj-4375.nbib", FIXTURES / "scopus-csv" / "three-formats-peerj-4375.csv",
         FIXTURES / "openalex" / "openalex-python_W2741809807.json"]


def _count(graph, sparql: str, **bindings) -> int:
    return int(next(iter(graph.query(sparql, **bindings)))["n"])


# pySHACL takes minutes over the extraction graphs of the long exports (304 s for litstudy_scopus.csv's 58
# abstracts and 3,800 references): those are validated as bibliographic graphs here; with extraction all
# twenty conform too (checked once by hand: 885 s).
_BIBLIOGRAPHIC_ONLY = {"litstudy_scopus.csv", "litstudy_scopus_v2.csv", "wosfile_wos_tab_delimited_win_utf8.txt",
                       "wosfile_wos_tab_delimited_win_utf16.txt", "wosfile_wos_plaintext.txt"}


@pytest.mark.slow
@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_every_real_file_builds_and_validates(path):
    extract = path.name not in _BIBLIOGRAPHIC_ONLY
    graph = kg.build([path], store=":memory:", options=BuildOptions(jobs=1, extract=extract))
    try:
        records = graph.report.records
        assert records > 0 and not graph.report.problems
        documents = _count(graph, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d prov:wasDerivedFrom ?r . "
                                  "?r a ckg:SourceRecord }")
        assert documents == records
        report = kg.validate(graph)
        assert report.conforms, report.text()
    finally:
        graph.close()


@pytest.fixture(scope="module")
def wos_graph():
    graph = kg.build([FIXTURES / "wos" / "wosfile_wos_plaintext.txt"], store=":memory:", options=BuildOptions(jobs=1))
    yield graph
    graph.close()


def _cited(reference: str) -> str:
    """The node a WoS ``CR`` entry cites: the paper of its DOI, else the work its text names."""
    doi = reference.split("DOI ")[1].lower() if "DOI " in reference else None
    return iris.document(Document(kind=DocumentKind.PAPER, ids=Identifiers(doi=doi))) if doi else iris.work(reference)


# Counted by hand in tests/sources/fixtures/wos/wosfile_wos_plaintext.txt (records numbered from 1):
#   grep -n "^PT \|DOI 10.1016/0020-0190(89)90102-6\|DOI 10.1002/spe.4380211102" …
# Kamada & Kawai 1989 and Fruchterman & Reingold 1991: records 1, 20, 29, 34, 42
# Fruchterman & Reingold 1991 and Granovetter 1985: records 1, 29, 42
# Kamada & Kawai 1989 and Granovetter 1985: records 1, 29, 42
# Scott 2000 and Wasserman 1994 (no DOI: the reference text names the work): records 13, 24, 42
KAMADA = "KAMADA T, 1989, INFORM PROCESS LETT, V31, P7, DOI 10.1016/0020-0190(89)90102-6"
FRUCHTERMAN = "FRUCHTERMAN TMJ, 1991, SOFTWARE PRACT EXPER, V21, P1129, DOI 10.1002/spe.4380211102"
GRANOVETTER = "GRANOVETTER M, 1985, AM J SOCIOL, V91, P481, DOI 10.1086/228311"
SCOTT = "Scott J., 2000, SOCIAL NETWORK ANAL"
WASSERMAN = "Wasserman S., 1994, SOCIAL NETWORK ANAL"


@pytest.mark.slow
@pytest.mark.parametrize("first, second, by_hand", [
    (KAMADA, FRUCHTERMAN, 5), (FRUCHTERMAN, GRANOVETTER, 3), (KAMADA, GRANOVETTER, 3), (SCOTT, WASSERMAN, 3)])
def test_co_citation_from_cited_references_matches_the_hand_count(wos_graph, first, second, by_hand):
    co_cited = _count(wos_graph, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a ckg:Paper ; cito:cites ?a, ?b }",
                      a=kg.iri(_cited(first)), b=kg.iri(_cited(second)))
    assert co_cited == by_hand


@pytest.mark.slow
def test_every_cited_reference_is_a_citation_with_its_words_as_evidence(wos_graph):
    citations = _count(wos_graph, "SELECT (COUNT(*) AS ?n) WHERE { ?e rdf:predicate cito:cites ; "
                                  "prov:wasGeneratedBy <https://w3id.org/citekg/id/extractor/reference-list> }")
    papers = _count(wos_graph, "SELECT (COUNT(*) AS ?n) WHERE { ?e rdf:predicate cito:cites ; "
                               "prov:wasGeneratedBy <https://w3id.org/citekg/id/extractor/pubmed-reference> }")
    from tests.conftest import parse_file

    references = [r for d in parse_file(FIXTURES / "wos" / "wosfile_wos_plaintext.txt", "wos") for r in d.references]
    assert papers == sum(1 for r in references if r.doi)  # with a DOI: the cited paper's own node
    assert citations + papers == len(references)  # every cited reference is a citation with its evidence
    quote = next(iter(wos_graph.query(
        "SELECT ?q WHERE { ?e rdf:object ?w ; ckg:quote ?q }", w=kg.iri(_cited(SCOTT)))))["q"]
    assert str(quote) == SCOTT


def test_one_paper_seen_in_three_formats_is_one_record():
    """PubMed (PMID, DOI, PMCID), Scopus (DOI, PMID) and OpenAlex (all of them and its W id)."""
    reports: list = []
    docs = list(parse_many(PEERJ, reports=reports))
    assert [r.format for r in reports] == ["medline", "scopus-csv", "openalex"]
    assert len(docs) == 1
    paper = docs[0]
    assert [s.format for s in paper.sources] == ["medline", "scopus-csv", "openalex"]
    ids = paper.ids
    assert (ids.pmid, ids.doi, ids.pmcid, ids.openalex) == ("29456894", "10.7717/peerj.4375", "PMC5815332",
                                                            "W2741809807")
    assert len(paper.authors) == 9 and paper.authors[0].orcid == "0000-0003-1613-5981"  # from OpenAlex, the richest


@pytest.mark.slow
def test_one_paper_seen_in_three_formats_is_one_node_in_three_graphs():
    graph = kg.build(PEERJ, store=":memory:", options=BuildOptions(jobs=1, extract=False))
    try:
        node = kg.iri("https://w3id.org/citekg/id/paper/pmid-29456894")
        graphs = _count(graph, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?p a ckg:Paper } }", p=node)
        assert graphs == 3
        assert _count(graph, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a ckg:Paper }") == 1
        identifiers = {str(r["i"]) for r in graph.query("SELECT ?i WHERE { ?p dcterms:identifier ?i }", p=node)}
        assert identifiers == {"openalex:W2741809807"}
        orcid = kg.iri("https://orcid.org/0000-0003-1613-5981")
        assert _count(graph, "SELECT (COUNT(*) AS ?n) WHERE { person:piwowar-h owl:sameAs ?o ; foaf:name ?name }",
                      o=orcid) >= 1
        assert _count(graph, "SELECT (COUNT(*) AS ?n) WHERE { person:piwowar-h org:memberOf ?o . "
                             "?o skos:prefLabel ?l ; owl:sameAs <https://ror.org/05ppvf150> }") == 1
    finally:
        graph.close()


def test_a_record_without_identifiers_joins_by_title_year_and_first_author_with_a_warning():
    csl = Source.from_string('[{"id": "piwowar2018", "type": "article-journal", "title": "The state of OA: a '
                             'large-scale analysis of the prevalence and impact of Open Access articles", '
                             '"issued": {"date-parts": [[2018, 2, 13]]}, "author": [{"family": "Piwowar", '
                             '"given": "Heather"}]}]', name="zotero.json")
    other = Source.from_string('[{"id": "x", "type": "article-journal", "title": "The state of OA", "DOI": '
                               '"10.1000/other", "issued": {"date-parts": [[2018]]}, "author": [{"family": '
                               '"Piwowar"}]}]', name="other.json")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = list(parse_many([PEERJ[0], csl, other]))
    assert len(docs) == 2  # the CSL item joined the MEDLINE record; "other" has another title
    merged = next(d for d in docs if d.ids.pmid)
    assert [Path(s.file).name for s in merged.sources] == ["three-formats-peerj-4375.nbib", "zotero.json"]
    notices = [str(w.message) for w in caught if issubclass(w.category, FallbackMergeWarning)]
    assert len(notices) == 1 and notices[0].startswith("zotero.json:1: merged with ")
    assert notices[0].endswith("three-formats-peerj-4375.nbib:1 by title, year and first author alone "
                               "(no shared identifier)")


def test_the_last_resort_never_joins_two_different_identifiers():
    a = Source.from_string('[{"type": "article-journal", "title": "Editorial", "DOI": "10.1000/a", "issued": '
                           '{"date-parts": [[2020]]}, "author": [{"family": "Smith"}]}]', name="a.json")
    b = Source.from_string('[{"type": "article-journal", "title": "Editorial", "DOI": "10.1000/b", "issued": '
                           '{"date-parts": [[2020]]}, "author": [{"family": "Smith"}]}]', name="b.json")
    with warnings.catch_warnings():
        warnings.simplefilter("error", FallbackMergeWarning)
        assert len(list(parse_many([a, b]))) == 2


@pytest.mark.slow
def test_bad_input_loses_nothing_already_built(tmp_path):
    good = [FIXTURES / "csl-json" / "commonmeta_csl-list.json", FIXTURES / "crossref" / "habanero_work_10.1038_srep16696.json"]
    store = tmp_path / "store"
    kg.build(good, store=store, options=BuildOptions(jobs=1, extract=False)).close()
    before = kg.KnowledgeGraph.open(store)
    quads = len(before.store)
    before.close()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "report.pdf").write_bytes((FIXTURES / "pdf" / "encrypted-multicolumn.pdf").read_bytes())
    text = (FIXTURES / "scopus-csv" / "litstudy_scopus_v2.csv").read_text(encoding="utf-8-sig")
    (bad / "cut.csv").write_text(text[:len(text) // 2], encoding="utf-8")
    with pytest.raises(ParseError) as error:
        kg.build([*good, bad / "report.pdf"], store=store, options=BuildOptions(jobs=1, extract=False, strict=True))
    assert "report.pdf (record page 1)" in str(error.value) and "encrypted" in str(error.value)
    # the failed build's store is still referenced by the traceback (and keeps Oxigraph's lock): let it go
    del error
    import gc

    gc.collect()
    problems: list = []
    graph = kg.build([*good, bad / "report.pdf", bad / "cut.csv"], store=store,
                     options=BuildOptions(jobs=1, extract=False), on_problem=problems.append)
    try:
        assert sorted(p.source.rsplit("/", 1)[-1] for p in problems) == ["cut.csv", "report.pdf"]
        cut = next(p for p in problems if p.source.endswith("cut.csv"))
        assert cut.line and cut.record and "cells" in str(cut)
        assert sorted(graph.report.unchanged) == sorted(str(p) for p in good)  # the good sources are kept as built
        assert len(graph.store) > quads  # and the readable rows of the cut export were added
    finally:
        graph.close()
