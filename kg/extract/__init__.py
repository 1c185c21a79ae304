"""Extraction: the entities, relations and citations in a document's text, each with its evidence."""
