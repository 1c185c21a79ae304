"""Links across documents, found once the graph is loaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kg
from kg.builder import BuildOptions
from kg.derived.links import _reprint_candidates
from kg.validation import validate
from kg.vocab.namespaces import CITO, CKG, DCTERMS, GRAPH_LINKS, OWL, PROV, RDF, SKOS


def test_reprint_candidates_are_found_for_every_post_in_one_pass_over_the_abstracts():
    from kg.vocab.namespaces import CKG, DCTERMS, ID, RDF
    from kg.store import open_store

    abstracts = {"a": "Background: we asked how the new networks shared their staff across the practices.",
                 "b": "Results: general practices rarely shared their staff across the new networks at all.",
                 "c": "Nothing in common here."}
    store = open_store(":memory:")
    store.load(["".join(f'<{ID}paper/{key}> <{RDF.type}> <{CKG.Paper}> .\n'
                        f'<{ID}paper/{key}> <{DCTERMS.abstract}> "{text}" .\n'
                        for key, text in abstracts.items()).encode()])
    posts = [("post/1", "We asked How the new networks shared their staff across the practices, and more."),
             ("post/2", "Practices rarely shared their staff across the new networks at all, we found."),
             ("post/3", "Short words only.")]
    assert _reprint_candidates(store, posts) == {"post/1": {f"{ID}paper/a": abstracts["a"]},
                                                 "post/2": {f"{ID}paper/b": abstracts["b"]}}
    assert _reprint_candidates(store, []) == {}


# ---------------------------------------------------------------- a post's link to a PDF given beside it

HERE = Path(__file__).parent
PDFS = HERE.parent / "sources" / "fixtures" / "pdf"  # real files (see ../shared/realdata/formats/README.md)
POST = "https://w3id.org/citekg/id/post/"


@pytest.fixture(scope="module")
def reports_graph(tmp_path_factory):
    """The blog archive and the two real PDFs, the Federal Register issue under the name its link gives."""
    folder = tmp_path_factory.mktemp("reports")
    shutil.copy(HERE / "fixtures" / "unit-blog-reports.html", folder / "unit-blog-reports.html")
    shutil.copy(PDFS / "pdfplumber_federal-register-2020-17221.pdf", folder / "federal-register-2020-17221.pdf")
    shutil.copy(PDFS / "sample-files_multicolumn.pdf", folder / "sample-files_multicolumn.pdf")
    graph = kg.build([folder], store=":memory:", options=BuildOptions(jobs=1))
    yield graph
    graph.close()


def _cited_files(graph) -> dict[str, tuple[str, str, str]]:
    """post → (document cited, technique, note), for the links to files found across documents."""
    rows = graph.store.query(f"""SELECT ?post ?document ?how ?note WHERE {{ GRAPH <{GRAPH_LINKS}> {{
        ?post <{CITO.cites}> ?document .
        ?evidence <{RDF.subject}> ?post ; <{RDF.object}> ?document ; <{PROV.wasGeneratedBy}> ?how ;
                  <{SKOS.note}> ?note }} }}""").rows
    return {post.value.removeprefix(POST): (document.value, how.value.rsplit("/", 1)[-1], note.value)
            for post, document, how, note in rows}


def test_a_link_to_a_pdf_given_beside_the_blog_cites_the_document_read_from_it(reports_graph):
    reports = {row[0].value: row[1].value for row in reports_graph.store.query(f"""SELECT ?report ?file WHERE {{
        ?report a <{CKG.Report}> ; <{PROV.wasDerivedFrom}>/<{DCTERMS.isPartOf}>/<{DCTERMS.title}> ?file }}""").rows}
    federal = next(r for r, f in reports.items() if f.startswith("federal"))
    columns = next(r for r, f in reports.items() if f.startswith("sample"))
    cited = _cited_files(reports_graph)
    by_file = cited.pop("safety-regulation-after-the-737-max-what-a-proposed-directive-asks-of-an-industry")
    assert by_file == (federal, "linked-file", "the link's target is the file federal-register-2020-17221.pdf")
    by_title = cited.pop("how-we-lay-out-our-reports")
    assert by_title[:2] == (columns, "linked-file") and "Two-Column Document with Lorem Ipsum" in by_title[2]
    by_words = cited.pop("prescriptive-regulation-revisited")
    assert by_words[:2] == (federal, "linked-file") and "Federal Register publication" in by_words[2]
    assert cited == {}  # "Download the annual report" fits neither file


def test_the_linked_work_is_the_report_whose_text_and_mentions_the_post_now_reaches(reports_graph):
    post = f"<{POST}safety-regulation-after-the-737-max-what-a-proposed-directive-asks-of-an-industry>"
    rows = reports_graph.store.query(f"""SELECT DISTINCT ?work ?report WHERE {{
        {post} <{CITO.cites}> ?work . ?work <{OWL.sameAs}> ?report . {post} <{CITO.cites}> ?report }}""").rows
    assert len(rows) == 1 and rows[0][0].value.startswith("https://w3id.org/citekg/id/work/")
    report = rows[0][1].value
    sentences = reports_graph.store.query(f"""SELECT (COUNT(?s) AS ?n) WHERE {{ {post} <{CITO.cites}> ?r .
        ?r a <{CKG.Report}> . ?s <{DCTERMS.isPartOf}> ?r ; a <{CKG.Sentence}> }}""").rows[0][0]
    assert int(sentences.value) > 100  # the 15 pages' own text, a sentence node each
    mentions = {row[0].value for row in reports_graph.store.query(
        f"SELECT ?e WHERE {{ <{report}> <{CKG.mentions}> ?e }}").rows}
    reached = {row[0].value for row in reports_graph.store.query(
        f"SELECT DISTINCT ?e WHERE {{ {post} <{CITO.cites}>/<{CKG.mentions}> ?e }}").rows}
    assert mentions <= reached


def test_the_graph_with_linked_files_conforms(reports_graph):
    report = validate(reports_graph)
    assert report.conforms, report.text()
