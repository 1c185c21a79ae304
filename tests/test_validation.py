"""kg validate: the shapes compiled to SPARQL find what pySHACL finds, on the store itself, at any size."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.builder import BuildOptions
from kg.errors import ValidationError
from kg.store.oxigraph import OxigraphStore
from kg.validation import compile_shapes, validate
from kg.vocab.namespaces import CKG, STAT

EXAMPLES = Path(__file__).parent.parent / "examples" / "sources"
ID = "https://w3id.org/citekg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# One statement for each kind of constraint the shapes hold (maxCount, minCount, datatype, sh:or of
# datatypes and classes, class, pattern, nodeKind, minInclusive, uniqueLang, node-level sh:or, SPARQL).
PAPER = f"<{ID}paper/pmid-90000021>"
BROKEN = [
    f'{PAPER} <http://purl.org/dc/terms/title> "A second title"',
    f'{PAPER} <http://purl.org/ontology/bibo/pmid> "PMID 12"',
    f'{PAPER} <http://purl.org/ontology/bibo/doi> "https://doi.org/10.1/x"',
    f'{PAPER} <http://purl.org/dc/terms/issued> "last spring"',
    f"{PAPER} <{CKG.mentions}> <{ID}thing/untyped>",
    f"{PAPER} <{CKG.usesMethod}> <{ID}body/ccg>",
    f"<{ID}paper/x-without-anything> a <{CKG.Paper}>",
    f"<{ID}journal/lonely> a <{CKG.Journal}>",
    f'<{ID}body/ccg> <http://www.w3.org/2004/02/skos/core#prefLabel> "Second label"@en',
    f"<{ID}thing/untyped> <{CKG.abolishes}> <{ID}body/ccg>",
    f"<{ID}count/bad> a <{STAT.TotalCount}>",
    f'<{ID}count/bad> <{STAT.countedRelation}> "mentions"',
    f'<{ID}count/bad> <{STAT.documentCount}> "0"^^<http://www.w3.org/2001/XMLSchema#integer>',
]


@pytest.fixture(scope="module")
def clean_graph(tmp_path_factory):
    graph = kg.build([EXAMPLES], store=tmp_path_factory.mktemp("clean") / "store", options=BuildOptions(jobs=1))
    yield graph
    graph.close()


@pytest.fixture(scope="module")
def broken_graph(clean_graph):
    """The clean graph's quads, and the statements above in a graph of their own, in a store in memory."""
    store = OxigraphStore(None)
    store.load(clean_graph.store.export())
    store.load([f"{line} <{ID}graph/broken> .\n".replace(" a <", f" <{RDF_TYPE}> <", 1).encode() for line in BROKEN])
    return kg.KnowledgeGraph(store)


def _keys(report):
    return {(v.message, v.focus, v.path) for v in report.violations}


def test_a_build_conforms(clean_graph):
    report = validate(clean_graph)
    assert report.conforms, report.text()


def test_the_sparql_engine_finds_what_pyshacl_finds(broken_graph):
    pytest.importorskip("pyshacl", reason="the comparison needs pySHACL (pip install 'citekg[shacl]')")
    ours = validate(broken_graph)
    theirs = validate(broken_graph, engine="pyshacl")
    assert not ours.conforms and not theirs.conforms
    assert _keys(ours) == _keys(theirs)
    assert len({v.message for v in ours.violations}) >= 14  # each kind of constraint broken is found


def test_every_citekg_constraint_compiles_and_runs_on_an_empty_store():
    checks = compile_shapes(Path(kg.__file__).parent / "ontology" / "shapes.ttl")
    assert len(checks) > 40
    report = validate(kg.open_store(":memory:"))
    assert report.conforms


def test_shapes_beyond_the_compiled_subset_are_refused_with_the_term(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                      "<urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:closed true .\n")
    with pytest.raises(ValidationError, match="shacl#closed.*--engine pyshacl"):
        validate(kg.open_store(":memory:"), shapes)


def test_listing_stops_at_the_cap_and_counts_the_rest(broken_graph, monkeypatch):
    monkeypatch.setattr("kg.validation.LISTED_PER_CHECK", 1)
    report = validate(broken_graph)
    assert report.unlisted >= 1 and "more not listed" in report.text()


def test_progress_names_each_constraint(broken_graph):
    seen = []
    validate(broken_graph, progress=lambda done, total, name: seen.append((done, total, name)))
    assert seen[0][0] == 0 and seen[-1][:2] == (seen[-1][1], seen[-1][1])
    assert any("DocumentShape" in name for _, _, name in seen)


def test_every_screen_finds_a_row_where_its_constraint_is_broken(broken_graph):
    """A screen may find rows where nothing is wrong (then the per-node query decides), never none where
    something is: each constraint the broken statements break is passed by none of its screens."""
    from kg.validation import _run_check, _subclass_closure
    from kg.vocab.resources import shapes_file

    checks = compile_shapes(shapes_file(), _subclass_closure(broken_graph.store))
    screened = [check for check in checks if check.screens]
    assert len(screened) > 40
    broken = 0
    for check in screened:
        detailed = broken_graph.store.query(f"{check.prologue}{check.sparql}").rows
        if not detailed:
            continue
        broken += 1
        for screen in check.screens:
            assert broken_graph.store.query(f"{check.prologue}{screen}").rows, (check.name, screen)
        assert _run_check(broken_graph.store, check)[0]
    assert broken >= 10
