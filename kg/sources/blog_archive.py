"""A blog's archive page (WordPress "Tag Archives: …", "Category Archives: …") as text.

The text a browser gives when the page is copied: a header line, then post
after post. A post is a title line, an optional ``By NAME`` byline, body
paragraphs (a ``Via …`` credit, bullets, sub-headings, an author bio, a
disclaimer), an optional ``References`` list, and link lines ending in
``>>`` (``Download report [pdf]>>``, ``Read more>>``).

Post boundaries are not marked, so a title is recognised by position: a
one-line block without a closing full stop that follows the header or the
end of the previous post (its links, disclaimer or references), or that is
followed by a byline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

from kg._text import normalize_space
from kg.errors import ParseError
from kg.model import Author, Document, DocumentKind, Link, Reference, SourceSpan
from kg.sources._common import Paragraph, paragraphs

NAME = "blog-archive"
DESCRIPTION = "blog archive page copied as text ('Tag Archives: X' / 'Category Archives: X', then posts)"
EXTENSIONS = (".txt",)

_HEADER = re.compile(r"^\s*(Tag|Category|Author|Monthly|Yearly|Daily)?\s*Archives?\s*:\s*(.+?)\s*$", re.I)
_BYLINE = re.compile(r"^\s*(?:by|posted by|written by)\s+([A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,4})\s*$", re.I)
_LINK = re.compile(r"^(.*?\S)\s*(?:>>|»|\u203a\u203a)\s*$")
_VIA = re.compile(r"^\s*Via\s+(.+?)\s*$")
_BULLET = re.compile(r"^\s*[•\u2022\u25aa\u25cf\u2013*-]\s+")
_REFERENCES = re.compile(r"^\s*(References|Bibliography|Further reading|Notes)\s*:?\s*$", re.I)
_DISCLAIMER = re.compile(r"^\s*Disclaimer\b", re.I)
_SENTENCE_END = re.compile(r"[.;:,]\s*[\"'\u2019\u201d)]?\s*$")


def sniff(head: str) -> float:
    """High when the first non-empty line is an archive header."""
    for line in head.splitlines():
        if line.strip():
            return 0.8 if _HEADER.match(line) and len(line) < 120 else 0.0
    return 0.0


@dataclass
class _Post:
    title: str
    line: int
    end_line: int
    authors: list[Author] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    in_references: bool = False


def parse(stream: TextIO, source: str) -> Iterator[Document | ParseError]:
    """Yield one blog post per post on the archive page."""
    blocks = paragraphs(stream)
    first = next(blocks, None)
    if first is None:
        return
    header = _HEADER.match(first.lines[0])
    if not header:
        yield ParseError("the first line is not an archive header ('Tag Archives: …')", source=source, line=first.line)
        return
    kind, term = (header[1] or "").lower(), header[2].strip()
    tags = (term,) if kind == "tag" else ()
    categories = (term,) if kind == "category" else ()
    post: _Post | None = None
    post_ended = True  # the header ends "the previous post"
    number = 0
    for block, following in _with_next(blocks):
        if _is_title(block, following, post_ended):
            if post is not None:
                number += 1
                yield _document(post, source, number, tags, categories)
            post = _Post(title=block.text, line=block.line, end_line=block.line)
            post_ended = False
            continue
        if post is None:
            yield ParseError("text before the first post title", source=source, line=block.line)
            continue
        post_ended = _add_block(post, block)
    if post is not None:
        number += 1
        yield _document(post, source, number, tags, categories)


def _with_next(blocks: Iterator[Paragraph]) -> Iterator[tuple[Paragraph, Paragraph | None]]:
    current = next(blocks, None)
    while current is not None:
        following = next(blocks, None)
        yield current, following
        current = following


def _is_title(block: Paragraph, following: Paragraph | None, post_ended: bool) -> bool:
    if len(block.lines) != 1:
        return False
    text = block.text
    if len(text) > 250 or _SENTENCE_END.search(text) or _LINK.match(text) or _BULLET.match(text):
        return False
    if _BYLINE.match(text) or _VIA.match(text) or _REFERENCES.match(text):
        return False
    followed_by_byline = following is not None and bool(_BYLINE.match(following.lines[0]))
    return post_ended or followed_by_byline


def _add_block(post: _Post, block: Paragraph) -> bool:
    """Add a block to the post; True when the block ends the post."""
    post.end_line = block.end_line
    ended = False
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            post.body.append(normalize_space(" ".join(paragraph)))
            paragraph.clear()

    for line in block.lines:
        text = line.strip()
        link = _LINK.match(text)
        if link:
            flush()
            post.links.append(Link(text=link[1]))
            ended = True
        elif _BYLINE.match(text) and not post.body and not paragraph:
            post.authors.append(_author(_BYLINE.match(text)[1]))
        elif _VIA.match(text) and len(block.lines) == 1:
            post.links.append(Link(text=text))
        elif _REFERENCES.match(text):
            flush()
            post.in_references = True
        elif post.in_references:
            post.references.append(Reference(text=normalize_space(text)))
            ended = True
        elif _BULLET.match(text):
            flush()
            paragraph.append(text)
        else:
            paragraph.append(text)
    flush()
    if post.body and _DISCLAIMER.match(post.body[-1]):
        ended = True
    return ended


def _author(name: str) -> Author:
    name = normalize_space(name)
    if name.isupper():
        name = " ".join(part.capitalize() for part in name.split())
    parts = name.split()
    return Author(name=name, family=parts[-1], given=" ".join(parts[:-1]) or None)


def _document(post: _Post, source: str, number: int, tags: tuple[str, ...], categories: tuple[str, ...]) -> Document:
    return Document(
        kind=DocumentKind.BLOG_POST,
        title=post.title,
        authors=tuple(post.authors),
        body=tuple(post.body),
        links=tuple(post.links),
        references=tuple(post.references),
        tags=tags,
        categories=categories,
        sources=(SourceSpan(file=source, format=NAME, start_line=post.line, end_line=post.end_line,
                            record=str(number)),),
    )
