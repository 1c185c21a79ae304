"""kg build end to end: determinism, incremental rebuilds, output formats, strictness."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

import kg
from kg.builder import BuildOptions
from kg.errors import KGError, ParseError, StoreError, UnknownFormatError

FIXTURES = Path(__file__).parent / "sources" / "fixtures"
SKOS = "http://www.w3.org/2004/02/skos/core#"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(FIXTURES / "medline" / "pubmed-policy-set.nbib", folder / "a.nbib")
    shutil.copy(FIXTURES / "blog-archive" / "category-archive.txt", folder / "b.txt")
    shutil.copy(FIXTURES / "wordpress" / "tag-archive-nhs.html", folder / "c.html")
    return folder


FORMATS = ["ttl", "nt", "nq", "trig", "jsonld", "rdf"]


def build(corpus: Path, store: Path, **options):
    return kg.build([corpus], store=store, options=BuildOptions(jobs=1, **options))


def test_same_input_gives_identical_bytes(corpus, tmp_path):
    for run in ("one", "two"):
        graph = build(corpus, tmp_path / f"store-{run}")
        for ext in FORMATS:
            graph.serialize(tmp_path / f"{run}.{ext}")
        graph.close()
    for ext in FORMATS:
        assert (tmp_path / f"one.{ext}").read_bytes() == (tmp_path / f"two.{ext}").read_bytes(), ext


def test_parallel_build_gives_the_same_graph(corpus, tmp_path):
    build(corpus, tmp_path / "serial").serialize(tmp_path / "serial.nq")
    kg.build([corpus], store=tmp_path / "parallel", options=BuildOptions(jobs=2)).serialize(tmp_path / "parallel.nq")
    assert (tmp_path / "serial.nq").read_bytes() == (tmp_path / "parallel.nq").read_bytes()


@pytest.mark.parametrize("ext", FORMATS)
def test_every_format_round_trips_through_rdflib_and_pyoxigraph(corpus, tmp_path, ext):
    graph = build(corpus, tmp_path / "store")
    union = {(q.subject, q.predicate, q.object) for q in graph.store.native}
    path = tmp_path / f"graph.{ext}"
    graph.serialize(path)
    oxigraph_read = {(q.subject, q.predicate, q.object)
                     for q in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.from_extension(ext))}
    assert oxigraph_read == union
    dataset = rdflib.Dataset()
    dataset.parse(str(path), format={"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig",
                                     "jsonld": "json-ld", "rdf": "xml"}[ext])
    assert len({(s, p, o) for s, p, o, _ in dataset.quads()}) == len(union)


def test_rebuild_skips_unchanged_and_replaces_only_the_changed_graph(corpus, tmp_path):
    store = tmp_path / "store"
    first = build(corpus, store)
    before = {q for q in first.store.native if "a-nbib" in q.graph_name.value}
    assert len(first.report.read) == 3
    first.close()

    again = build(corpus, store)
    assert again.report.read == [] and len(again.report.unchanged) == 3
    again.close()

    (corpus / "b.txt").write_text((corpus / "b.txt").read_text().replace("A short note", "A longer note"))
    changed = build(corpus, store)
    assert [Path(r.source).name for r in changed.report.read] == ["b.txt"]
    assert {q for q in changed.store.native if "a-nbib" in q.graph_name.value} == before
    titles = {str(r["t"]) for r in changed.query("SELECT ?t WHERE { ?p dcterms:title ?t }")}
    assert "A longer note on primary care networks" in titles
    assert "A short note on primary care networks" not in titles
    changed.close()


def test_a_folder_built_in_place_does_not_read_its_own_store(corpus):
    (corpus / ".notes").mkdir()
    (corpus / ".notes" / "todo.txt").write_text("not a source\n")
    first = build(corpus, corpus / "kg-store")
    assert len(first.report.read) == 3
    first.close()
    again = build(corpus, corpus / "kg-store")
    assert again.report.read == [] and len(again.report.unchanged) == 3
    again.close()


def test_sources_no_longer_given_are_kept_unless_pruned(corpus, tmp_path):
    store = tmp_path / "store"
    build(corpus, store).close()
    (corpus / "c.html").unlink()
    kept = build(corpus, store)
    assert kept.report.removed == [] and kept.report.kept == 1
    assert any("c-html" in q.graph_name.value for q in kept.store.native)
    kept.close()
    pruned = build(corpus, store, prune=True)
    assert pruned.report.removed == ["https://w3id.org/citekg/id/source/c-html"]
    assert not any("c-html" in q.graph_name.value for q in pruned.store.native)


def test_building_one_file_into_a_store_keeps_the_others(corpus, tmp_path):
    store = tmp_path / "store"
    build(corpus, store).close()
    extra = tmp_path / "new.nbib"
    shutil.copy(FIXTURES / "medline" / "biopython-pubmed_result2.nbib", extra)
    graph = kg.build([extra], store=store, options=BuildOptions(jobs=1))
    assert set(graph.store.source_graphs()) == {f"https://w3id.org/citekg/id/source/{n}"
                                                for n in ("a-nbib", "b-txt", "c-html", "new-nbib")}
    assert graph.report.kept == 3


def test_a_folder_skips_files_no_parser_recognises_and_strict_stops(corpus, tmp_path):
    (corpus / "notes.md").write_text("# my notes\n\nnothing bibliographic here\n")
    (corpus / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    skipped = []
    graph = kg.build([corpus], store=tmp_path / "store", options=BuildOptions(jobs=1), on_problem=skipped.append)
    assert sorted(Path(e.source).name for e in graph.report.skipped) == ["figure.png", "notes.md"]
    assert [Path(e.source).name for e in skipped] == ["figure.png", "notes.md"]
    assert len(graph.report.read) == 3
    graph.close()
    with pytest.raises(UnknownFormatError, match="figure.png"):
        kg.build([corpus], store=tmp_path / "strict", options=BuildOptions(jobs=1, strict=True))
    with pytest.raises(UnknownFormatError, match="notes.md"):  # a file named on its own must be readable
        kg.build([corpus / "notes.md"], store=tmp_path / "named", options=BuildOptions(jobs=1))


def test_a_folder_never_reads_citekgs_own_outputs(corpus, tmp_path):
    store = tmp_path / "store"
    for name in ("graph.ttl", "graph.nq", "graph.trig", "graph.nt"):
        build(corpus, store, ).serialize(corpus / name)
    graph = kg.build([corpus], store=store, output=corpus / "graph.ttl", options=BuildOptions(jobs=1))
    assert graph.report.skipped == [] and len(graph.report.unchanged) == 3
    graph.close()
    (corpus / "b.txt").write_text((corpus / "b.txt").read_text() + "\n")
    again = kg.build([corpus], store=store, output=corpus / "out.nq", options=BuildOptions(jobs=1))
    assert [Path(r.source).name for r in again.report.read] == ["b.txt"] and again.report.skipped == []


@pytest.mark.parametrize("kwargs, message", [
    ({"output": "graph.bogus"}, "unknown RDF format"),
    ({"options": BuildOptions(source_format="nonsense", jobs=1)}, "unknown format 'nonsense'"),
    ({"options": BuildOptions(source_format="medline", jobs=1)}, "read as medline"),
])
def test_bad_arguments_are_refused_before_any_work(corpus, tmp_path, kwargs, message):
    store = tmp_path / "store"
    with pytest.raises(KGError, match=message):
        kg.build([corpus / "c.html"], store=store, **kwargs)
    assert not store.exists() or not any(store.iterdir())


def test_a_store_folder_must_be_a_store_or_empty(corpus, tmp_path):
    mine = tmp_path / "my-files"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"mine")
    with pytest.raises(StoreError, match="not a citekg store"):
        build(corpus, mine)
    assert sorted(p.name for p in mine.iterdir()) == ["thesis.docx"]
    with pytest.raises(StoreError, match="no citekg store"):
        kg.KnowledgeGraph.open(mine)


def test_the_output_file_streams_in_runs_and_matches_an_in_memory_sort(corpus, tmp_path, monkeypatch):
    graph = build(corpus, tmp_path / "store")
    graph.serialize(tmp_path / "one-run.nq")
    graph.serialize(tmp_path / "one-run.ttl")
    monkeypatch.setattr("kg.rdf.formats.RUN_CHARACTERS", 20_000)  # dozens of spilled runs
    assert graph.serialize(tmp_path / "runs.nq") == len(graph.store)
    graph.serialize(tmp_path / "runs.ttl")
    assert (tmp_path / "runs.nq").read_bytes() == (tmp_path / "one-run.nq").read_bytes()
    assert (tmp_path / "runs.ttl").read_bytes() == (tmp_path / "one-run.ttl").read_bytes()
    lines = (tmp_path / "runs.nq").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# generated by citekg" and len(lines) == len(graph.store) + 1


def test_each_source_is_a_named_graph_with_its_hash(corpus, tmp_path):
    graph = build(corpus, tmp_path / "store")
    sources = graph.store.source_graphs()
    assert set(sources) == {f"https://w3id.org/citekg/id/source/{n}" for n in ("a-nbib", "b-txt", "c-html")}
    assert all(len(sha) == 64 for sha in sources.values())


def test_strict_stops_at_a_bad_record_and_lenient_counts_it(tmp_path):
    bad = tmp_path / "bad.txt"
    shutil.copy(FIXTURES / "bvs-listing" / "malformed.txt", bad)
    with pytest.raises(ParseError, match="bad.txt:16"):
        kg.build([bad], store=tmp_path / "strict", options=BuildOptions(strict=True, jobs=1))
    graph = kg.build([bad], store=tmp_path / "lenient", options=BuildOptions(jobs=1), on_problem=lambda p: None)
    assert graph.report.records == 2 and len(graph.report.problems) == 1


def test_rdflib_memory_store_gives_the_same_graph(corpus, tmp_path):
    build(corpus, tmp_path / "store").serialize(tmp_path / "disk.nq")
    kg.build([corpus], store=":memory:", options=BuildOptions(jobs=1)).serialize(tmp_path / "memory.nq")
    assert (tmp_path / "disk.nq").read_bytes() == (tmp_path / "memory.nq").read_bytes()


def test_validate_passes_on_a_build(corpus, tmp_path):
    report = kg.validate(build(corpus, tmp_path / "store"))
    assert report.conforms, report.text()


POST_LINKING_TO_PUBMED = """<!DOCTYPE html><html><head><meta name="generator" content="WordPress 6.4">
<title>Networks and their staff</title></head><body>
<article class="post hentry"><h1 class="entry-title">Networks and their staff</h1>
<time class="entry-date" datetime="2024-03-01T10:00:00+00:00">1 March 2024</time>
<div class="entry-content"><p>Our new paper looks at the roles that primary care networks recruited.</p>
<p><a href="https://pubmed.ncbi.nlm.nih.gov/38316466/">Read the BJGP article</a></p></div>
</article></body></html>
"""


def test_a_post_linking_to_a_pubmed_record_cites_the_paper_of_that_record(tmp_path):
    from kg.query import run

    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(FIXTURES / "medline" / "pubmed-policy-set.nbib", folder / "a.nbib")
    (folder / "post.html").write_text(POST_LINKING_TO_PUBMED, encoding="utf-8")
    graph = build(folder, tmp_path / "store")
    rows = list(run(graph, "posts-citing-papers"))
    assert [(r["postTitle"], r["paper"].rsplit("/", 1)[-1], r["how"]) for r in rows] == \
        [("Networks and their staff", "pmid-38316466", "link")]
    assert rows[0]["paperTitle"].startswith("Primary care networks")
    graph.close()


# ---------------------------------------------------------------- the graph does not depend on -j or batches

def medline_record(pmid: int, full: str, short: str, journal: str, issn: str, heading: str) -> str:
    return (f"PMID- {pmid}\nIS  - {issn} (Electronic)\nDP  - 2015 Mar\nTI  - Commissioning study {pmid}.\n"
            f"AB  - We interviewed managers in clinical commissioning groups.\nFAU - {full}\nAU  - {short}\n"
            f"AD  - University of Manchester, Manchester, UK\nTA  - {journal}\nJT  - {journal}\nMH  - {heading}\n\n")


SPELLINGS = [  # the same journal, person and heading, spelled as different records spell them
    ("Checkland, K", "Checkland K", "Health policy", "1111-1111", "delivery of health care"),
    ("Checkland, Kath", "Checkland K", "Health Policy", "2222-2222", "Delivery of Health Care"),
    ("Checkland, K", "Checkland K", "Health policy", "1111-1111", "Delivery of health care"),
]


@pytest.fixture
def variants(tmp_path: Path) -> tuple[Path, Path]:
    """One export in two orders (as x.nbib in two folders): its records spell shared nodes differently."""
    records = [medline_record(100 + i, *SPELLINGS[i % 3]) for i in range(9)]
    forward, backward = tmp_path / "forward", tmp_path / "backward"
    for folder, ordered in ((forward, records), (backward, records[::-1])):
        folder.mkdir()
        (folder / "x.nbib").write_text("".join(ordered), encoding="utf-8")
    return forward, backward


def built_bytes(inputs, tmp_path: Path, name: str, **options) -> bytes:
    out = tmp_path / f"{name}.nq"
    kg.build(inputs, store=tmp_path / f"store-{name}", output=out, options=BuildOptions(**options)).close()
    return out.read_bytes()


def test_the_graph_is_the_same_whatever_the_workers_and_batches(variants, tmp_path):
    forward = [variants[0]]
    expected = built_bytes(forward, tmp_path, "j1", jobs=1)
    for name, options in {"j1b1": dict(jobs=1, batch_size=1), "j2b1": dict(jobs=2, batch_size=1),
                          "j2b2": dict(jobs=2, batch_size=2), "j2b4": dict(jobs=2, batch_size=4)}.items():
        assert built_bytes(forward, tmp_path, name, **options) == expected, name
    text = expected.decode()
    journal = "<https://w3id.org/citekg/id/journal/health-policy>"
    person = "<https://w3id.org/citekg/id/person/checkland-k>"
    heading = "<https://w3id.org/citekg/id/mesh/delivery-of-health-care>"
    assert [line.split(" ", 2)[2] for line in text.splitlines() if line.startswith(f"{journal} <{SKOS}prefLabel>")] \
        == ['"Health Policy" <https://w3id.org/citekg/id/source/x-nbib> .']  # one name: the first by name_rank
    assert sum(line.startswith(f"{journal} <http://purl.org/ontology/bibo/issn>") for line in text.splitlines()) == 2
    assert f'{person} <http://xmlns.com/foaf/0.1/name> "Kath Checkland"' in text
    assert f'{person} <http://xmlns.com/foaf/0.1/givenName> "Kath"' in text
    assert text.count(f"{person} <http://xmlns.com/foaf/0.1/name>") == 1
    assert f'{heading} <{SKOS}prefLabel> "Delivery of Health Care"' in text


def test_shared_nodes_are_described_the_same_whatever_the_order_of_the_records(variants, tmp_path):
    def shared(data: bytes) -> list[str]:  # the descriptions of journals, people, institutions and headings
        return [line for line in data.decode().splitlines()
                if any(f"/id/{kind}/" in line.split(" ", 1)[0] for kind in ("journal", "person", "org", "mesh"))]

    forward = shared(built_bytes([variants[0]], tmp_path, "forward", jobs=1, batch_size=2))
    backward = shared(built_bytes([variants[1]], tmp_path, "backward", jobs=2, batch_size=1))
    assert forward == backward and len(forward) > 10


@pytest.mark.slow
def test_a_generated_corpus_and_the_seeds_build_alike_with_one_or_two_workers(tmp_path, seeds):
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    subprocess.run([sys.executable, str(Path(__file__).parent.parent / "scripts" / "make_corpus.py"),
                    str(corpus / "papers.nbib"), "--records", "60", "--posts", "2"], check=True, capture_output=True)
    for inputs in ([corpus], [seeds]):
        expected = built_bytes(inputs, tmp_path, f"{inputs[0].name}-j1", jobs=1)
        assert built_bytes(inputs, tmp_path, f"{inputs[0].name}-j2", jobs=2, batch_size=7) == expected, inputs[0]


def test_shared_names_keep_the_same_name_whatever_order_they_are_offered_in():
    import itertools

    from kg.rdf.mapping import SharedNames

    offered = [("<n>", "<p>", '"K Checkland"'), ("<n>", "<p>", '"Kath checkland"'), ("<n>", "<p>", '"Kath Checkland"'),
               ("<n>", "<q>", '"Checkland"'), ("<m>", "<p>", '"b"'), ("<m>", "<p>", '"a"')]
    chosen = set()
    for order in itertools.permutations(offered):
        names = SharedNames()
        for triple in order:
            names.offer(triple)
        chosen.add(tuple(names.triples()))
    assert chosen == {(("<m>", "<p>", '"a"'), ("<n>", "<p>", '"Kath Checkland"'), ("<n>", "<q>", '"Checkland"'))}
