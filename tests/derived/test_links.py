"""Links across documents, found once the graph is loaded."""

from __future__ import annotations

from kg.derived.links import _reprint_candidates


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
    assert _reprint_candidates(store, posts) == {"post/1": {f"{ID}paper/a"}, "post/2": {f"{ID}paper/b"}}
    assert _reprint_candidates(store, []) == {}
