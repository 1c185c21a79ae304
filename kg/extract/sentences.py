"""A document's text, and its sentences with character offsets.

The text is the title, the abstract sections, the body paragraphs, the link
texts and the references, joined by blank lines; every offset citekg
records points into it. Sentences never cross those parts.

Sentence boundaries follow the usual rule-based approach (as in Punkt's
heuristics, Kiss & Strunk 2006, without its training): a full stop,
question or exclamation mark followed by space and an upper-case letter,
digit or opening quote ends a sentence, except after known abbreviations,
initials ("W. R. Scott") and "et al.".
"""

from __future__ import annotations

import re

from kg.facts import DocumentText, Sentence
from kg.model import Document, DocumentKind
from kg.vocab.lexicon import LEXICON

__all__ = ["document_text", "split_sentences"]

_ABBREVIATIONS = LEXICON.sentence_abbreviations
_BOUNDARY = re.compile(r"""[.!?]+["'\u2019\u201d)\]]*\s+(?=["'\u2018\u201c(\[]?[A-Z0-9\u2022])""")


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, shifted by ``offset``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start() + len(match.group(0).rstrip())
        before = text[start:match.start() + 1]
        word = re.search(r"([\w.]+)\.$", before)
        if word:
            token = word.group(1).lower()
            if token in _ABBREVIATIONS or re.fullmatch(r"[a-z]", token) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", token):
                continue  # "Dr. Smith", "W. R. Scott", "e.g. NHS"
        if end > start:
            spans.append((offset + start, offset + end))
        start = match.end()
    tail = text[start:].rstrip()
    if tail.strip():
        spans.append((offset + start, offset + start + len(tail)))
    return spans


def _parts(doc: Document) -> list[tuple[str, str]]:
    parts: list[tuple[str, str]] = []
    if doc.title:
        parts.append(("title", doc.title))
    people = [a.name for a in doc.authors if not a.collective]
    if doc.kind is not DocumentKind.PAPER and people:  # a post's byline is part of what it shows
        parts.append(("byline", "By " + ", ".join(people)))
    for section in doc.abstract:
        parts.append((f"abstract:{section.category}" if section.category else "abstract", section.text))
    parts += [("body", p) for p in doc.body]
    parts += [("link", link.text) for link in doc.links]
    parts += [("reference", ref.text) for ref in doc.references]
    return parts


def document_text(doc: Document) -> DocumentText:
    """The text of ``doc`` and its sentences."""
    pieces: list[str] = []
    sentences: list[Sentence] = []
    position = 0
    for section, part in _parts(doc):
        part = part.strip()
        if not part:
            continue
        if pieces:
            pieces.append("\n\n")
            position += 2
        spans = split_sentences(part, position) if section not in ("link", "reference", "byline") else \
            [(position, position + len(part))]
        sentences += [Sentence(len(sentences) + i, s, e, section) for i, (s, e) in enumerate(spans)]
        pieces.append(part)
        position += len(part)
    return DocumentText("".join(pieces), tuple(sentences))
