"""The ontology and the vocabularies as Python sees them: one layer under every stage.

=================  ===================================================================
``resources``      where the package data is (ontology, shapes, eras, question pack, assets)
``namespaces``     closed namespaces (``CKG.mentions``; an unknown term raises) and graph names
``types``          the one table of node types: class, kind, IRI folder, legend style
``lexicon``        the extractor's domain words (head nouns, particles, abbreviations…)
``concepts``       the SKOS concepts of ``kg/ontology/vocab``, loaded for matching
``names``          how names are folded, split and abbreviated (initials, surnames)
``iris``           the IRIs citekg mints for documents, entities, people, evidence
=================  ===================================================================

Nothing here imports a stage above it (sources, extract, rdf, store…).
"""
