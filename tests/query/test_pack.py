"""Every question of the pack, asked of the seeds graph, with its answer checked."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, URIRef

from kg.errors import QueryError, UsageError
from kg.query import describe, pack, resolve, run
from kg.vocab.namespaces import BIBO, CKG, DCTERMS

ID = "https://w3id.org/citekg/id/"


def ask(graph, name, **params):
    return list(run(graph, name, {k: str(v) for k, v in params.items()}))


@pytest.fixture(scope="module")
def seeds_dataset(seeds_graph):
    """The seeds graph in rdflib, to check answers by walking the triples rather than by SPARQL."""
    return seeds_graph.to_rdflib()


def documents_in(dataset, entity, relation="mentions"):
    """The documents that stand in ``relation`` (a ckg: name) to ``entity``."""
    return set(dataset.subjects(URIRef(CKG[relation]), URIRef(entity)))


def per_year(dataset, documents):
    """How many of ``documents`` were issued each year."""
    return Counter(str(dataset.value(d, URIRef(DCTERMS.issued)))[:4] for d in documents
                   if dataset.value(d, URIRef(DCTERMS.issued)) is not None)


def test_the_pack_has_at_least_fifteen_documented_questions():
    questions = pack()
    assert len(questions) >= 15
    for q in questions.values():
        assert q.description, q.name
        for p in q.parameters:
            assert p.help, (q.name, p.name)
        assert describe(q).startswith(q.name)


def answer(graph, name: str, params: dict[str, str]) -> list:
    """The rows of a question, or the message naming an entity the graph does not hold (the same in every store)."""
    try:
        return run(graph, name, params).rows
    except UsageError as exc:
        assert "in this graph" in str(exc)
        return [str(exc)]


def test_an_entity_name_that_matches_nothing_is_an_error_with_suggestions(seeds_graph):
    with pytest.raises(UsageError, match="did you mean Clinical Commissioning Group"):
        run(seeds_graph, "documents-mentioning", {"entity": "Clinical Commisioning Group"})
    with pytest.raises(UsageError, match="vocabularies know it as Integrated Care Board"):
        run(seeds_graph, "documents-mentioning", {"entity": "integrated care boards"})


def test_every_question_runs_on_the_seeds(seeds_graph):
    for q in pack().values():
        params = {p.name: "2000" if p.kind in ("integer", "limit") else q.example_params.get(p.name, "x")
                  for p in q.parameters if p.default is None}
        answer(seeds_graph, q.name, params)  # raises on a malformed question


def test_papers_using_method(seeds_graph):
    rows = ask(seeds_graph, "papers-using-method", method="Realist evaluation")
    documents = {r["document"] for r in rows}
    assert ID + "paper/pmid-27151153" in documents
    assert ID + "post/exploring-the-gp-added-value-in-commissioning" in documents


def test_method_and_body(seeds_graph):
    rows = ask(seeds_graph, "method-and-body", method="semi-structured interviews", body="GMC")
    assert {r["document"] for r in rows} == {ID + "paper/pmid-32684944"}


def test_policy_effects(seeds_graph):
    rows = ask(seeds_graph, "policy-effects", policy="HSCA")
    effects = {(r["relation"], r["bodyName"]) for r in rows}
    assert ("abolishes", "Primary Care Trust") in effects
    assert ("abolishes", "Strategic Health Authority") in effects


def test_methods_per_year(seeds_graph, seeds_dataset):
    rows = ask(seeds_graph, "methods-per-year")
    by = {(r["year"], r["methodName"]): r["documents"] for r in rows}
    interviews = {year: n for (year, name), n in by.items() if name == "interview"}
    used = documents_in(seeds_dataset, ID + "method/interview", "usesMethod")
    assert interviews == per_year(seeds_dataset, used) and interviews
    assert by[("2023", "thematic analysis")] >= 1
    assert all(isinstance(n, int) for n in by.values())


def test_bodies_with_policy(seeds_graph, seeds_dataset):
    rows = ask(seeds_graph, "bodies-with-policy", policy="Health and Social Care Act 2012")
    assert rows[0]["bodyName"] == "Clinical Commissioning Group"
    both = documents_in(seeds_dataset, ID + "policy/health-and-social-care-act-2012") & documents_in(seeds_dataset, ID + "body/ccg")
    assert rows[0]["documents"] == len(both)
    assert len(rows) < 40  # only the bodies named beside this policy, not every body


def test_posts_citing_papers(seeds_graph):
    rows = ask(seeds_graph, "posts-citing-papers")
    pairs = {(r["postTitle"][:20], r["paper"].rsplit("/", 1)[1]) for r in rows}
    assert ("Make, buy or ally? C", "pmid-25320000") in pairs
    assert ("Just what the Doctor", "pmid-25348997") in pairs
    assert any(r.get("how") == "reprint" for r in rows)


def test_relation_evidence(seeds_graph):
    rows = ask(seeds_graph, "relation-evidence", subject="NHS England", object="CCG")
    assert any(r["relation"] == "oversees" and "oversees CCGs" in r["sentence"] for r in rows)


def test_mention_evidence(seeds_graph):
    rows = ask(seeds_graph, "mention-evidence", entity="Monitor")
    assert rows and all("Monitor" in r["sentence"] for r in rows)


def test_author_documents(seeds_graph):
    rows = ask(seeds_graph, "author-documents", author="Kath Checkland")
    assert len(rows) == 1 and rows[0]["title"].startswith("Make, buy or ally")
    assert "Commissioning Support Unit" in rows[0]["topics"]


def test_body_timeline(seeds_graph, seeds_dataset):
    rows = ask(seeds_graph, "body-timeline")
    ccg = {r["year"]: r["documents"] for r in rows if r["bodyName"] == "Clinical Commissioning Group"}
    assert ccg == per_year(seeds_dataset, documents_in(seeds_dataset, ID + "body/ccg"))
    assert ccg["2014"] >= 2 and "2019" in ccg


def test_top_mesh(seeds_graph):
    rows = ask(seeds_graph, "top-mesh")
    assert rows[0]["heading"] == "Humans" and rows[0]["papers"] >= 20


def test_papers_in_era(seeds_graph, seeds_dataset):
    default = ask(seeds_graph, "papers-in-era")
    assert default and all(2013 <= r["year"] <= 2022 for r in default)
    papers = set(seeds_dataset.subjects(RDF.type, URIRef(CKG.Paper)))
    in_era = {str(p) for p in papers if 2013 <= int(str(seeds_dataset.value(p, URIRef(DCTERMS.issued)))[:4]) <= 2022}
    assert {r["paper"] for r in default} == in_era
    issued = [seeds_dataset.value(URIRef(r["paper"]), URIRef(DCTERMS.issued)) for r in default]
    pmid = [str(seeds_dataset.value(URIRef(r["paper"]), URIRef(BIBO.pmid))) for r in default]
    assert [r["year"] for r in default] == sorted(r["year"] for r in default)
    for i in range(1, len(default)):  # within a year by date (of one precision), then PMID
        if default[i]["year"] == default[i - 1]["year"] and issued[i].datatype == issued[i - 1].datatype:
            assert (str(issued[i - 1]), pmid[i - 1]) <= (str(issued[i]), pmid[i])
    narrow = ask(seeds_graph, "papers-in-era", **{"from": 2023, "to": 2023})
    assert {r["paper"].rsplit("-", 1)[1] for r in narrow} >= {"38127564", "37644403"}


@pytest.fixture(scope="module")
def twice_listed_graph(tmp_path_factory):
    """The example sources with every MEDLINE export given twice: each paper in two named graphs."""
    import kg
    from kg.builder import BuildOptions

    folder = tmp_path_factory.mktemp("twice") / "sources"
    folder.mkdir()
    examples = Path(__file__).resolve().parents[2] / "examples" / "sources"
    for path in examples.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
        if path.suffix in (".nbib", ".xml"):
            (folder / ("again-" + path.name)).write_bytes(path.read_bytes())
    graph = kg.build([folder], store=folder.parent / "store", options=BuildOptions(jobs=1))
    yield graph
    graph.close()


def test_a_paper_in_two_sources_is_answered_once(twice_listed_graph):
    """A store's union of the named graphs may repeat a triple that two sources both hold."""
    graph = twice_listed_graph
    assert len(run(graph, "SELECT ?p ?g WHERE { GRAPH ?g { ?p a ckg:Paper ; bibo:pmid ?id } }")) > \
        len(run(graph, "SELECT DISTINCT ?p WHERE { ?p a ckg:Paper ; bibo:pmid ?id }"))
    for q in pack().values():
        params = q.example_params
        params.update({p.name: "0" for p in q.parameters if p.kind == "limit"})
        rows = answer(graph, q.name, params)
        assert len(rows) == len(set(rows)), q.name


@pytest.mark.parametrize("name", ["papers-in-era", "top-mesh", "most-cited", "posts-citing-papers"])
def test_a_row_limit_cuts_the_same_answer(seeds_graph, name):
    whole = run(seeds_graph, name, {"limit": "0"})
    first = run(seeds_graph, name, {"limit": "2"})
    assert len(whole) > 2 and not whole.cut
    assert first.rows == whole.rows[:2] and first.cut


def test_the_default_row_limit_is_the_one_written_in_the_query(seeds_graph):
    assert "LIMIT 25" in pack()["top-mesh"].sparql
    assert len(run(seeds_graph, "top-mesh")) == 25 and run(seeds_graph, "top-mesh").limit == 25


def test_a_row_limit_is_a_whole_number_and_sets_the_limit_clauses_written_with_its_default(seeds_graph, tmp_path):
    for bad in ("5 ; DROP ALL", "-1", "2.5", "} LIMIT 1", "\u00b2", ""):
        with pytest.raises(QueryError, match="whole number of rows"):
            run(seeds_graph, "top-mesh", {"limit": bad})
    none = tmp_path / "none.rq"
    none.write_text("# Nothing.\n# param limit (limit)=5: rows\n# LIMIT 5 is not a clause\nSELECT * { ?s ?p ?o } LIMIT 9\n")
    with pytest.raises(QueryError, match="no LIMIT 5"):
        resolve(str(none))
    two = tmp_path / "two.rq"
    two.write_text("# Two.\n# param limit (limit)=5: rows\n"
                   "SELECT * { { SELECT * { ?s ?p ?o } LIMIT 5 } { SELECT * { ?s ?p ?o } LIMIT 9 } } LIMIT 5\n")
    assert resolve(str(two)).text(7).endswith("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 7 } "
                                              "{ SELECT * { ?s ?p ?o } LIMIT 9 } } LIMIT 7\n")
    assert "LIMIT 5" not in resolve(str(two)).text(0) and "LIMIT 9" in resolve(str(two)).text(0)
    without_default = tmp_path / "without.rq"
    without_default.write_text("# No default.\n# param limit (limit): rows\nSELECT * { ?s ?p ?o } LIMIT 5\n")
    with pytest.raises(QueryError, match="with a default number of rows"):
        resolve(str(without_default))


def test_single_document_entities(seeds_graph):
    rows = ask(seeds_graph, "single-document-entities")
    names = {r["name"] for r in rows}
    assert "Pharmacy Integration Fund" in names
    assert "Clinical Commissioning Group" not in names


def test_relations(seeds_graph):
    rows = ask(seeds_graph, "relations")
    assert any(r["relation"] == "replaces" and r["subjectName"] == "Clinical Commissioning Group"
               and r["objectName"] == "Primary Care Trust" and r["documents"] >= 2 for r in rows)


def test_entity_profile(seeds_graph, seeds_dataset):
    rows = ask(seeds_graph, "entity-profile", entity="CSU")
    facts = {(r["fact"], r["value"]) for r in rows}
    assert ("type", "Body") in facts
    assert ("← hosts", "NHS England") in facts
    assert ("documents", str(len(documents_in(seeds_dataset, ID + "body/csu")))) in facts


def test_documents_mentioning(seeds_graph):
    rows = ask(seeds_graph, "documents-mentioning", entity="PCN")
    assert {r["document"].rsplit("-", 1)[1] for r in rows} >= {"35977066", "35503531", "32041770"}


def test_co_mentioned(seeds_graph, seeds_dataset):
    rows = ask(seeds_graph, "co-mentioned", entity="CCG")
    by_name = {r["name"]: r for r in rows}
    assert rows[0]["name"] == "England" and rows[0]["type"] == "Place"
    both = documents_in(seeds_dataset, ID + "body/ccg") & documents_in(seeds_dataset, ID + "body/nhs")
    assert by_name["National Health Service"]["documents"] == len(both)
    assert [r["documents"] for r in rows] == sorted((r["documents"] for r in rows), reverse=True)
    assert "Clinical Commissioning Group" not in {r["name"] for r in rows}


def test_successions(seeds_graph):
    rows = ask(seeds_graph, "successions")
    assert any(r["newer"] == "Competition and Markets Authority" and r["relation"] == "succeeds"
               and r["older"] == "Office of Fair Trading" for r in rows)


def test_most_cited(seeds_graph):
    rows = ask(seeds_graph, "most-cited")
    assert any(r["work"].endswith("pmid-25320000") for r in rows)


def test_sources(seeds_graph):
    rows = ask(seeds_graph, "sources")
    assert {r["file"]: r["records"] for r in rows} == {
        "000_324412edea90c2cb.txt": 18, "001_6f8ecd66842b4e8e.txt": 11,
        "002_14d352b53e91a8ed.txt": 8, "003_93c0554ea5967dd7.txt": 10}


def test_theories_and_methods(seeds_graph):
    rows = ask(seeds_graph, "theories-and-methods")
    assert any(r["theoryName"] == "Normalisation Process Theory" and r["methodName"] == "purposive sampling"
               for r in rows)


def test_missing_and_unknown_parameters_are_explained(seeds_graph):
    with pytest.raises(QueryError, match="give --param method"):
        run(seeds_graph, "papers-using-method", {})
    with pytest.raises(QueryError, match="unknown parameter"):
        run(seeds_graph, "top-mesh", {"body": "CCG"})
    with pytest.raises(QueryError, match="not a whole number"):
        run(seeds_graph, "papers-in-era", {"from": "2013; DROP ALL"})
    with pytest.raises(QueryError, match="neither a question"):
        resolve("no-such-question")


def test_oxigraph_and_rdflib_give_the_same_answers(tmp_path):
    """Every question, on the example sources, in the default store and in rdflib's (row order aside:
    stores may order values SPARQL cannot compare, such as dates of different precision, differently)."""
    import kg
    from kg.builder import BuildOptions

    examples = Path(__file__).resolve().parents[2] / "examples" / "sources"
    on_disk = kg.build([examples], store=tmp_path / "store", options=BuildOptions(jobs=1))
    in_memory = kg.build([examples], store=":memory:", options=BuildOptions(jobs=1))
    for q in pack().values():
        params = q.example_params
        assert sorted(map(repr, answer(on_disk, q.name, params))) == \
            sorted(map(repr, answer(in_memory, q.name, params))), q.name
    on_disk.close()
