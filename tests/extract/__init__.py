"""Unit tests of :mod:`kg.extract`, one test module per extraction module.

Each module is a set of parametrised tables of (input text, expected output),
in the manner of scispaCy's and textacy's extractor tests. The inputs are
sentences written for these tests in the style of English health-policy
abstracts and research-unit blog posts; expected values name vocabulary
concepts by their IRI without the ``https://w3id.org/citekg/id/`` prefix
(``body/ccg``), or by their label.

Cases that show behaviour we believe is wrong are marked
``xfail(strict=True)`` with the reason, so that a fix turns them into
failures that ask for the mark to be removed.

The helpers below build :class:`kg.model.Document` records directly.
"""

from __future__ import annotations

from kg.model import (AbstractSection, Author, Citation, Document, DocumentKind, Link, PartialDate,
                      Reference)

ID = "https://w3id.org/citekg/id/"

__all__ = ["ID", "short", "iri", "post", "paper", "section", "known_bug"]


def short(iri: str) -> str:
    """``body/ccg`` for ``https://w3id.org/citekg/id/body/ccg``."""
    return iri[len(ID):] if iri.startswith(ID) else iri


def iri(short_iri: str) -> str:
    """``https://w3id.org/citekg/id/body/ccg`` for ``body/ccg``."""
    return ID + short_iri


def section(text: str, category: str | None = None) -> AbstractSection:
    """An abstract section; ``category`` is PubMed's NlmCategory (``METHODS``)."""
    return AbstractSection(text=text, label=category.title() if category else None, category=category)


def _document(kind: DocumentKind, body, *, title=None, year=None, abstract=(), links=(), references=(),
              authors=()) -> Document:
    return Document(
        kind=kind,
        title=title,
        citation=Citation(date=PartialDate(year) if year else None),
        authors=tuple(a if isinstance(a, Author) else Author(a) for a in authors),
        abstract=tuple(s if isinstance(s, AbstractSection) else section(s) for s in abstract),
        body=tuple(body),
        links=tuple(l if isinstance(l, Link) else Link(*l) for l in links),
        references=tuple(r if isinstance(r, Reference) else Reference(r) for r in references),
    )


def post(*body: str, **fields) -> Document:
    """A blog post whose body paragraphs are ``body`` (keywords: title, year, abstract, links,
    references, authors)."""
    return _document(DocumentKind.BLOG_POST, body, **fields)


def paper(*body: str, **fields) -> Document:
    """A paper, as :func:`post`."""
    return _document(DocumentKind.PAPER, body, **fields)


def known_bug(reason: str):
    """The mark for a case whose current output we believe is wrong."""
    import pytest

    return pytest.mark.xfail(reason=reason, strict=True)
