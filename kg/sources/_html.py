"""HTML helpers the HTML parsers share: parsing with line numbers, text of elements, absolute links."""

from __future__ import annotations

import re
import warnings
from bisect import bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urljoin

from kg._text import normalize_space
from kg.errors import ParseError

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

    from kg.model import Document

__all__ = ["load_html", "SourceLines", "text_of", "absolute", "read_page", "within", "UnusableRecord", "read_record"]


def read_page(stream: TextIO, source: str) -> tuple[str | None, ParseError | None]:
    """The whole page (HTML pages are read whole), or the error that stopped it."""
    try:
        return stream.read(), None
    except (OSError, UnicodeError, ValueError) as exc:
        return None, ParseError(f"cannot read the page: {exc}", source=source)


class UnusableRecord(Exception):
    """A record of a page that cannot become a Document (a listing record without id, a post without title)."""


def read_record(make: Callable[[], Document], source: str, line: int, record: str,
                noun: str) -> Document | ParseError:
    """``make()``, or the parse error that names why this one record (a ``noun``) of the page was lost;
    a bad record must not end the page."""
    try:
        return make()
    except UnusableRecord as exc:
        return ParseError(str(exc), source=source, line=line, record=record)
    except Exception as exc:  # noqa: BLE001 - bs4 and the record's own oddities fail in many ways
        return ParseError(f"cannot read this {noun}: {exc!r}", source=source, line=line, record=record)


def load_html(text: str) -> tuple[BeautifulSoup, SourceLines]:
    """The page parsed by BeautifulSoup with lxml, and the source lines of its elements."""

    from bs4 import BeautifulSoup

    with warnings.catch_warnings():
        # XML or a bare URL given as a page: bs4 warns, the parse goes on, the caller sees no record
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(text, "lxml")
    return soup, SourceLines(text, soup)


class SourceLines:
    """Where each element of a page starts and ends in its source text.

    BeautifulSoup's lxml builder records no positions, so the text is parsed
    a second time by lxml itself, fed in the same 512-character chunks: both
    trees come from the same libxml2 events, so the n-th element of one is
    the n-th element of the other. Unknown positions are ``None``.
    """

    def __init__(self, text: str, soup: BeautifulSoup) -> None:
        self._text = text
        self._offsets = [0] + [m.end() for m in re.finditer("\n", text)]
        self._lines: dict[int, int] = {}
        self._soup = soup  # keeps the tags, and so their ids, alive
        try:
            self._map(text, soup)
        except Exception:  # noqa: BLE001 - lxml rejects some hostile text; lines then stay unknown
            self._lines.clear()

    def _map(self, text: str, soup: BeautifulSoup) -> None:
        from lxml import etree

        parser = etree.HTMLParser(recover=True)
        body = text[1:] if text.startswith("\ufeff") else text  # as bs4 does
        for i in range(0, len(body), 512):
            parser.feed(body[i:i + 512])
        root = parser.close()
        if root is None:
            return
        elements = (e for e in root.iter() if isinstance(e.tag, str))
        for tag, element in zip(soup.find_all(True), elements):
            if tag.name != element.tag.lower() or not element.sourceline:
                break  # the trees part ways: later lines stay unknown
            self._lines[id(tag)] = element.sourceline

    def start(self, tag: Tag) -> int | None:
        """The line of the element's start tag."""
        return self._lines.get(id(tag))

    def end(self, tag: Tag) -> int | None:
        """The line of the element's end tag (or of its last start tag when unclosed).

        After the last element that starts inside ``tag``, only end tags
        follow; the one closing ``tag`` is the k-th ``</name>`` from there,
        where k counts the elements named like ``tag`` on the way up.
        """
        start = self.start(tag)
        if start is None:
            return None
        inner = tag.find_all(True)
        last = inner[-1] if inner else tag
        last_line = self.start(last) or start
        needed = 0
        for node in [last, *last.parents]:
            needed += node.name == tag.name
            if node is tag:
                break
        closing = re.compile(rf"</{re.escape(tag.name)}\s*>", re.I)
        for count, match in enumerate(closing.finditer(self._text, self._offsets[last_line - 1]), 1):
            if count == needed:
                return bisect_right(self._offsets, match.start())
        return last_line


def within(node: Tag, ancestor: Tag) -> bool:
    return node is ancestor or any(p is ancestor for p in node.parents)


# ----------------------------------------------------------------- text of elements

_BREAKS = {"br", "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "blockquote",
           "section", "article", "header", "footer", "figure", "figcaption", "pre", "address", "hr",
           "h1", "h2", "h3", "h4", "h5", "h6"}


def text_of(element: Tag, skip: frozenset[str] = frozenset()) -> str:
    """The visible text of an element, whitespace-normalised; block elements and
    ``<br>`` separate words, inline ones do not; subtrees named in ``skip`` are left out."""
    from bs4.element import NavigableString, PreformattedString, Tag

    parts: list[str] = []
    stack: list[Any] = [element]
    while stack:  # iterative: deep nesting must not hit the recursion limit
        node = stack.pop()
        if isinstance(node, Tag):
            if node is not element and node.name in skip:
                continue
            if node.name in _BREAKS:
                parts.append(" ")
            stack.extend(reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
            if type(node).__name__ not in ("Script", "Stylesheet", "TemplateString"):
                parts.append(str(node))
    return normalize_space("".join(parts))


def absolute(base: str | None, href: str) -> str:
    """``href`` made absolute against ``base`` (unchanged when that fails)."""
    href = href.strip()
    if not base:
        return href
    try:
        return urljoin(base, href)
    except ValueError:  # "Invalid IPv6 URL" and friends
        return href

