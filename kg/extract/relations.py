"""Relations between entities stated in one sentence (placeholder rules are added below)."""

from __future__ import annotations

from kg.extract.records import DocumentText, Mention, Relation

__all__ = ["find_relations"]


def find_relations(text: DocumentText, mentions: list[Mention]) -> list[Relation]:
    """Relations stated in ``text`` between the entities of ``mentions``."""
    return []
