"""Crossref works: an ``api.crossref.org/works/{doi}`` response, a works list, or a dump file.

The records are found by :mod:`kg.sources._json`: the envelope
``{"status": "ok", "message-type": "work", "message": {…}}``, a list
``{"message": {"items": […]}}``, the ``{"items": […]}`` of Crossref's public
data files, a bare work, an array of works, or JSON Lines. A work::

    {"DOI": "10.1038/srep16696", "type": "journal-article",
     "title": ["Interpreting the …"], "container-title": ["Scientific Reports"],
     "short-container-title": ["Sci Rep"], "ISSN": ["2045-2322"], "volume": "5", "issue": "1",
     "page": "16696", "issued": {"date-parts": [[2015, 11, 23]]}, "language": "en",
     "publisher": "Springer Science and Business Media LLC",
     "author": [{"given": "Laura", "family": "Tosatto", "ORCID": "http://orcid.org/…",
                 "affiliation": [{"name": "…", "id": [{"id": "https://ror.org/…", "id-type": "ROR"}]}]}],
     "abstract": "<jats:title>Abstract</jats:title><jats:p>Oligomers of …</jats:p>",
     "reference": [{"key": "CR1", "DOI": "10.3389/fnana.2010.00140",
                    "unstructured": "González-Hernández, T. … (2010)."}],
     "resource": {"primary": {"URL": "https://www.nature.com/articles/srep16696"}}}

Fields: ``DOI`` (lower case); ``title`` and ``subtitle`` (markup removed,
entities decoded; a title that only repeats the DOI, as deleted DOIs have,
is no title); ``container-title`` (journal title) and
``short-container-title`` (journal); the first ISSN; volume, issue, page
(else ``article-number``);
``issued`` (else ``published-print``/``published-online``), as precise as
its ``date-parts``; ``language``; ``publisher``; ``type`` (books, chapters,
monographs, reports, dissertations and standards are reports; every other
type a paper); authors in order (``given``/``family``, or ``name`` for a
group) with ORCID and affiliations (an affiliation with a ROR id is also an
institution); the JATS abstract as labelled sections (``<jats:sec>`` with
its ``<jats:title>``) or paragraphs; ``subject`` as keywords; the landing
page; and each ``reference`` as a :class:`~kg.model.Reference`: its
``unstructured`` text (else one composed from its parts) and its ``DOI``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, TextIO

from kg.errors import ParseError
from kg.model import (
    AbstractSection,
    Author,
    Citation,
    Document,
    DocumentKind,
    Identifiers,
    Institution,
    PartialDate,
    Reference,
    SourceSpan,
)
from kg.sources import _scholarly as ids
from kg.sources._common import (
    _category,
    author_from_parts,
    language_code,
    split_abstract,
)
from kg.sources._json import as_dict as _dict
from kg.sources._json import as_list as _list
from kg.sources._json import first_text as _first
from kg.sources._json import json_records, looks_like_json
from kg.sources._json import text as _text

NAME = "crossref"
DESCRIPTION = "Crossref work JSON: an API response ('message-type': 'work'), a works list, or a dump ('items')"
EXTENSIONS = ()

__all__ = ["NAME", "DESCRIPTION", "EXTENSIONS", "sniff", "parse", "jats_sections"]

_REPORT_TYPES = {"book", "book-chapter", "book-part", "book-section", "book-set", "book-series", "book-track",
                 "edited-book", "monograph", "reference-book", "report", "report-component", "report-series",
                 "dissertation", "standard", "standard-series"}
_MARKS = ('"message-type"', '"reference-count"', '"is-referenced-by-count"', '"deposited"', '"content-domain"',
          '"container-title"', '"member"', '"prefix"', '"indexed"')
_CROSSREF_TYPES = re.compile(r'"type"\s*:\s*"(?:journal-article|proceedings-article|book-chapter|posted-content|'
                             r'journal-issue|reference-entry|peer-review|dataset|report|monograph|component)"')


def sniff(head: str) -> float:
    """High for JSON with Crossref's own fields (``message-type``, ``deposited``, ``reference-count``…)."""
    if not looks_like_json(head):
        return 0.0
    marks = sum(1 for mark in _MARKS if mark in head)
    if '"message-type"' in head and '"message"' in head:
        return 0.95
    if marks >= 4 and '"DOI"' in head:
        return 0.9 if _CROSSREF_TYPES.search(head) or '"deposited"' in head else 0.6
    return 0.0


def parse(stream: TextIO, source: str) -> Iterator[Document | ParseError]:
    """Yield one document per work; a ParseError for each work that cannot be read."""
    for item in json_records(stream, source):
        if isinstance(item, ParseError):
            yield item
            continue
        try:
            yield _work(item.value, source, item.start_line, item.end_line, item.number)
        except (TypeError, AttributeError, ValueError, KeyError) as exc:  # a field of an unexpected shape
            yield ParseError(f"work could not be read: {type(exc).__name__}: {exc}", source=source,
                             line=item.start_line, record=str(item.number))


def _work(work: dict[str, Any], source: str, start: int, end: int, number: int) -> Document | ParseError:
    doi = ids.doi(_text(work.get("DOI")))
    title = _title(work, doi)
    if not title and not doi:
        return ParseError("work has neither a DOI nor a title", source=source, line=start, record=str(number))
    work_type = _text(work.get("type"))
    kind = DocumentKind.REPORT if work_type in _REPORT_TYPES else DocumentKind.PAPER
    journal_title = ids.plain_text(_first(work.get("container-title")))
    journal = ids.plain_text(_first(work.get("short-container-title"))) or journal_title
    return Document(
        kind=kind,
        ids=Identifiers(doi=doi, url=_text(_dict(_dict(work.get("resource")).get("primary")).get("URL"))),
        title=title,
        citation=Citation(
            journal=journal if kind is DocumentKind.PAPER else None,
            journal_title=journal_title,
            issn=next((i for i in map(ids.issn, map(_text, _list(work.get("ISSN")))) if i), None),
            volume=_text(work.get("volume")),
            issue=_text(work.get("issue")),
            pages=_text(work.get("page")) or _text(work.get("article-number")),
            date=_date(work),
            language=language_code(_text(work.get("language"))),
            publication_types=(work_type,) if work_type else (),
            publisher=_text(work.get("publisher")),
        ),
        authors=tuple(a for a in map(_author, _list(work.get("author"))) if a is not None),
        abstract=jats_sections(_text(work.get("abstract"))),
        keywords=tuple(dict.fromkeys(s for s in map(_text, _list(work.get("subject"))) if s)),
        references=tuple(r for r in map(_reference, _list(work.get("reference"))) if r is not None),
        sources=(SourceSpan(file=source, format=NAME, start_line=start, end_line=end, record=doi or str(number)),),
    )


def _title(work: dict[str, Any], doi: str | None) -> str | None:
    title = ids.plain_text(_first(work.get("title")))
    if title and doi and title.lower() == doi:
        return None  # deleted and placeholder DOIs repeat the DOI as title
    subtitle = ids.plain_text(_first(work.get("subtitle")))
    if title and subtitle and subtitle.lower() not in title.lower():
        title = f"{title}: {subtitle}"
    return title


def _date(work: dict[str, Any]) -> PartialDate | None:
    for key in ("issued", "published-print", "published-online", "published", "created"):
        parts = _list(_dict(work.get(key)).get("date-parts"))
        if parts and isinstance(parts[0], list) and parts[0] and parts[0][0] is not None:
            numbers = [int(p) for p in parts[0][:3] if p is not None and str(p).strip().isdigit()]
            if numbers and 1000 <= numbers[0] <= 2999:
                return PartialDate._checked(numbers[0], *(numbers[1:] + [None, None])[:2])
    return None


def _author(entry: Any) -> Author | None:
    entry = _dict(entry)
    family, given = ids.plain_text(_text(entry.get("family"))), ids.plain_text(_text(entry.get("given")))
    organisation = _text(entry.get("name"))
    affiliations, institutions = [], []
    for place in _list(entry.get("affiliation")):
        place = _dict(place)
        name = _text(place.get("name"))
        if not name:
            continue
        affiliations.append(name)
        ror = next((ids.ror_id(_text(i.get("id"))) for i in map(_dict, _list(place.get("id")))
                    if (_text(i.get("id-type")) or "").upper() == "ROR"), None)
        if ror:
            institutions.append(Institution(name=name, ror=ror))
    extra = {"affiliations": tuple(dict.fromkeys(affiliations)), "orcid": ids.orcid(_text(entry.get("ORCID"))),
             "institutions": tuple(dict.fromkeys(institutions))}
    if not family and not given:
        return Author(name=organisation, collective=True, **extra) if organisation else None
    if family and not given and " " in family and "," not in family:  # "Newell P. Campbell" as family
        return ids.author_from_display_name(family, **extra)
    base = author_from_parts(family, given)
    return Author(name=base.name, family=base.family, given=base.given, initials=base.initials, **extra) \
        if base else None


def _reference(entry: Any) -> Reference | None:
    entry = _dict(entry)
    doi = ids.doi(_text(entry.get("DOI")))
    text = ids.plain_text(_text(entry.get("unstructured")))
    if not text:
        parts = [_text(entry.get(k)) for k in ("author", "year", "article-title", "volume-title", "series-title",
                                               "journal-title", "volume", "first-page")]
        text = ", ".join(p for p in parts if p)
        if doi:
            text = f"{text}, DOI {doi}" if text else f"DOI {doi}"
    if not text:
        return None
    return Reference(text=text, doi=doi or ids.doi(text))


_SECTION = re.compile(r"<(?:jats:)?sec\b[^>]*>(.*?)</(?:jats:)?sec>", re.S)
_HEADING = re.compile(r"<(?:jats:)?title\b[^>]*>(.*?)</(?:jats:)?title>", re.S)
_PARAGRAPH = re.compile(r"<(?:jats:)?p\b[^>]*>(.*?)</(?:jats:)?p>", re.S)


def jats_sections(abstract: str | None) -> tuple[AbstractSection, ...]:
    """A JATS abstract (``<jats:sec><jats:title>Background</jats:title><jats:p>…``) as labelled sections;
    paragraphs without sections are split like any abstract; a lone "Abstract" title is dropped."""
    if not abstract:
        return ()
    sections: list[AbstractSection] = []
    for section in _SECTION.finditer(abstract):
        heading = _HEADING.search(section[1])
        label = ids.plain_text(heading[1]) if heading else None
        body = " ".join(filter(None, (ids.plain_text(p) for p in _PARAGRAPH.findall(section[1]))))
        if body:
            sections.append(AbstractSection(text=body, label=label, category=_category(label) if label else None))
    if sections:
        return tuple(sections)
    paragraphs = [p for p in (ids.plain_text(p) for p in _PARAGRAPH.findall(abstract)) if p]
    if not paragraphs:
        text = ids.plain_text(_HEADING.sub(" ", abstract))
        paragraphs = [text] if text else []
    return split_abstract(paragraphs)

