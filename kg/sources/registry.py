"""The format registry: parsers registered by name, found by sniffing.

A format is a module (or any object) with four attributes:

``NAME``         the lower-case format name: ``medline``
``DESCRIPTION``  one line for ``kg parse --list-formats`` and error messages
``EXTENSIONS``   file name endings that hint at the format: ``(".nbib",)``
``sniff(head)``  a score in 0..1 for how surely ``head`` (the first few KB
                 of the text) is in this format, 0 when it is not
``parse(stream, source)``
                 a generator of :class:`~kg.model.Document` records and, for
                 records it had to skip, :class:`~kg.errors.ParseError`
                 values (yielded, not raised, so that parsing goes on)

Built-in formats are listed by module path and imported on first use, as
rdflib does with its plugins; :func:`register` adds another at run time.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Protocol, TextIO, runtime_checkable

from kg.errors import ParseError, UnknownFormatError
from kg.model import Document

__all__ = ["SourceFormat", "register", "get", "names", "all_formats", "sniff", "format_for_extension"]


@runtime_checkable
class SourceFormat(Protocol):
    """What the registry needs of a format (a parser module satisfies it)."""

    NAME: str
    DESCRIPTION: str
    EXTENSIONS: tuple[str, ...]

    def sniff(self, head: str) -> float: ...

    def parse(self, stream: TextIO, source: str) -> Iterator[Document | ParseError]: ...


# Most specific first: when two sniffers score the same, the earlier wins.
_BUILTIN: dict[str, str] = {
    "pubmed-xml": "kg.sources.pubmed_xml",
    "medline": "kg.sources.medline",
    "pubmed-abstract": "kg.sources.pubmed_abstract",
    "bvs-html": "kg.sources.bvs_html",
    "bvs-listing": "kg.sources.bvs_listing",
    "wordpress": "kg.sources.wordpress",
    "blog-archive": "kg.sources.blog_archive",
    "ris": "kg.sources.ris",
    "bibtex": "kg.sources.bibtex",
    # Bibliographic databases and full texts (issue 19).
    "wos": "kg.sources.wos",
    "scopus-csv": "kg.sources.scopus_csv",
    "openalex": "kg.sources.openalex",
    "crossref": "kg.sources.crossref",
    "csl-json": "kg.sources.csl_json",
    "pdf": "kg.sources.pdf",
}
_ALIASES = {"nbib": "medline", "pubmed": "medline", "bvs": "bvs-listing", "bvs-text": "bvs-listing",
            "blog": "blog-archive", "blog-text": "blog-archive", "html": "wordpress", "bib": "bibtex",
            "xml": "pubmed-xml", "abstract": "pubmed-abstract",
            # issue 19
            "web-of-science": "wos", "isi": "wos", "scopus": "scopus-csv", "csl": "csl-json", "zotero-json": "csl-json"}
_registered: dict[str, SourceFormat | str] = dict(_BUILTIN)


def register(fmt: SourceFormat | str, name: str | None = None) -> None:
    """Add a format: an object with the attributes above, or a module path."""
    key = name or (fmt.NAME if not isinstance(fmt, str) else None)
    if not key:
        raise ValueError("register() needs a name for a format given by module path")
    _registered[key.lower()] = fmt


def names() -> list[str]:
    """The registered format names, most specific first."""
    return list(_registered)


def get(name: str) -> SourceFormat:
    """The format called ``name`` (or one of its aliases), imported on first use."""
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    fmt = _registered.get(key)
    if fmt is None:
        raise UnknownFormatError(f"unknown format {name!r}; formats: {', '.join(names())}")
    if isinstance(fmt, str):
        module: ModuleType = importlib.import_module(fmt)
        _registered[key] = fmt = module  # type: ignore[assignment]
    return fmt  # type: ignore[return-value]


def all_formats() -> list[SourceFormat]:
    """Every registered format, imported."""
    return [get(name) for name in names()]


def format_for_extension(filename: str) -> SourceFormat | None:
    """The format whose extensions end ``filename``, if exactly one does."""
    lower = filename.lower()
    matches = [f for f in all_formats() if any(lower.endswith(ext) for ext in f.EXTENSIONS)]
    return matches[0] if len(matches) == 1 else None


def sniff(head: str, source: str, filename: str = "") -> SourceFormat:
    """The format that recognises ``head`` most surely.

    A file-name extension breaks ties. Raises :class:`UnknownFormatError`
    naming every format and what it looks for when none recognises it.
    """
    scored = [(f.sniff(head), f) for f in all_formats()]
    hinted = format_for_extension(filename) if filename else None
    best_score, best = max(((s + (0.05 if f is hinted else 0.0), f) for s, f in scored),
                           key=lambda pair: pair[0], default=(0.0, None))
    if best is None or best_score <= 0.05:
        looked_for = "; ".join(f"{f.NAME}: {f.DESCRIPTION}" for f in all_formats())
        hint = " (empty input)" if not head.strip() else ""
        raise UnknownFormatError(
            f"no parser recognises this content{hint}. Name one with --format. "
            f"Formats and what they look for: {looked_for}",
            source=source, line=1)
    return best
