"""kg.extract.extract: what a document names, and what its paper's reference entries name instead."""

from __future__ import annotations

from pathlib import Path

import kg
from kg.builder import BuildOptions
from kg.extract import extract
from kg.sources import parse

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sources" / "pubmed-ics.xml"


def test_a_papers_reference_entries_name_the_cited_works_not_the_paper():
    paper = next(parse(EXAMPLE))
    found = extract(paper)
    text = found.text
    assert found.cited_mentions
    assert all(text.sentence_at(m.start).section == "reference" for _, m in found.cited_mentions)
    assert not [m for m in found.mentions if text.sentence_at(m.start).section == "reference"]
    own = {m.concept.label for m in found.mentions}
    named_in_references = {m.concept.label for _, m in found.cited_mentions}
    assert "British Journal of General Practice" in named_in_references - own  # a cited paper's journal
    cited_works = {c.work.iri for c in found.citations}
    assert {work for work, _ in found.cited_mentions} <= cited_works


def test_in_the_graph_a_reference_entry_names_entities_for_its_work(tmp_path):
    graph = kg.build([EXAMPLE], store=":memory:", options=BuildOptions(jobs=1))
    rows = graph.query("""SELECT ?paper ?work ?entity WHERE {
        ?paper cito:cites ?work . ?work ckg:namedInReference ?entity .
        ?e rdf:subject ?work ; rdf:predicate ckg:namedInReference ; rdf:object ?entity . }""")
    assert rows
    journal = "https://w3id.org/citekg/id/body/bjgp"
    assert not graph.query(f"ASK {{ <{next(iter(rows))['paper']}> ckg:mentions <{journal}> }}").boolean
