"""What a document cites."""

from __future__ import annotations

from kg.extract.records import Citation, DocumentText, Mention
from kg.model import Document

__all__ = ["find_citations", "link_nquads"]


def find_citations(document: Document, text: DocumentText, mentions: list[Mention]) -> list[Citation]:
    """The works ``document`` cites."""
    return []


def link_nquads(store, graph: str) -> bytes:
    """Citation links found across documents."""
    return b""
