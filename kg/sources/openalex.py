"""OpenAlex works: one work (``/works/W…``), a list response (``/works?…``) or JSON Lines (a snapshot).

The records are found by :mod:`kg.sources._json` (``{"meta": …, "results":
[…]}``, one work, or one work per line). A work looks like::

    {"id": "https://openalex.org/W2741809807",
     "doi": "https://doi.org/10.7717/peerj.4375",
     "ids": {"openalex": "…", "doi": "…", "pmid": "https://pubmed.ncbi.nlm.nih.gov/29456894",
             "pmcid": "https://www.ncbi.nlm.nih.gov/pmc/articles/5815332"},
     "title": "The state of OA: …", "publication_date": "2018-02-13", "language": "en",
     "type": "article",
     "primary_location": {"source": {"display_name": "PeerJ", "issn_l": "2167-8359",
                                     "host_organization_name": "PeerJ, Inc."}, "landing_page_url": "…"},
     "biblio": {"volume": "6", "issue": null, "first_page": "e4375", "last_page": "e4375"},
     "authorships": [{"author": {"display_name": "Heather Piwowar",
                                 "orcid": "https://orcid.org/0000-0003-1613-5981"},
                      "institutions": [{"id": "https://openalex.org/I4210166736",
                                        "display_name": "Impact Technology Development (United States)",
                                        "ror": "https://ror.org/05ppvf150", "country_code": "US"}],
                      "raw_affiliation_strings": ["Impactstory, Sanford, NC, USA"]}],
     "abstract_inverted_index": {"Despite": [0], "growing": [1], …},
     "keywords": [{"display_name": "Open access"}], "topics": [{"display_name": "…"}],
     "mesh": [{"descriptor_ui": "D…", "descriptor_name": "…", "qualifier_name": null,
               "is_major_topic": true}],
     "referenced_works": ["https://openalex.org/W1560783210", …]}

Fields: ids (OpenAlex id, DOI, PMID, PMCID); ``title`` (else
``display_name``); the date, to the day (a date of January 1st is taken to
mean the year only: OpenAlex writes a year-only date so); ``language``; ``type`` (book,
book-chapter, dissertation, report and standard are reports, every other
type a paper); the primary location's source (journal title, ISSN-L,
publisher; a repository is not a journal) and landing page; ``biblio``; authors in order with their ORCID,
institutions (ROR, OpenAlex id, country) and raw affiliation strings; the
abstract rebuilt from the inverted index (each word put back at its
positions); keywords; topics as categories; MeSH headings; and each
referenced work as a :class:`~kg.model.Reference` carrying its OpenAlex id.
A work with neither id nor title is reported as a
:class:`~kg.errors.ParseError`.
"""

from __future__ import annotations

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
    MeshHeading,
    PartialDate,
    Reference,
    SourceSpan,
)
from kg.sources import _scholarly as ids
from kg.sources._common import clean, language_code
from kg.sources._json import as_dict as _dict
from kg.sources._json import as_list as _list
from kg.sources._json import json_records, looks_like_json
from kg.sources._json import text as _text

NAME = "openalex"
DESCRIPTION = "OpenAlex work JSON: one work, a list response ('results'), or JSON Lines"
EXTENSIONS = (".jsonl",)

__all__ = ["NAME", "DESCRIPTION", "EXTENSIONS", "sniff", "parse", "abstract_from_inverted_index"]

_REPORT_TYPES = {"book", "book-chapter", "dissertation", "report", "standard", "monograph", "edited-book"}
_MARKS = ('"https://openalex.org/W', '"authorships"', '"abstract_inverted_index"', '"referenced_works"',
          '"primary_location"', '"publication_year"', '"cited_by_count"')


def sniff(head: str) -> float:
    """High for JSON holding OpenAlex works (``https://openalex.org/W…`` ids, ``authorships``…)."""
    if not looks_like_json(head):
        return 0.0
    marks = sum(1 for mark in _MARKS if mark in head)
    return 0.95 if marks >= 3 and '"https://openalex.org/W' in head else 0.0


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


def abstract_from_inverted_index(index: dict[str, list[int]] | None) -> str | None:
    """The abstract as text: each word of ``{"word": [positions]}`` put back at its positions."""
    if not index:
        return None
    placed: dict[int, str] = {}
    for word, positions in index.items():
        for position in positions or ():
            if isinstance(position, int) and position >= 0:
                placed[position] = word
    return clean(" ".join(placed[p] for p in sorted(placed))) if placed else None


def _work(work: dict[str, Any], source: str, start: int, end: int, number: int) -> Document | ParseError:
    given_ids = _dict(work.get("ids"))
    openalex = ids.openalex_id(work.get("id")) or ids.openalex_id(given_ids.get("openalex"))
    doi = ids.doi(work.get("doi") or given_ids.get("doi"))
    title = clean(ids.plain_text(_text(work.get("title")) or _text(work.get("display_name"))))
    if not title and not doi and not openalex:
        return ParseError("work has no id, DOI or title", source=source, line=start, record=str(number))
    kind = DocumentKind.REPORT if work.get("type") in _REPORT_TYPES else DocumentKind.PAPER
    location = _dict(work.get("primary_location"))
    venue = _dict(location.get("source"))
    biblio = _dict(work.get("biblio"))
    abstract = abstract_from_inverted_index(_dict(work.get("abstract_inverted_index")))
    in_journal = kind is DocumentKind.PAPER and venue.get("type") not in ("repository", "ebook platform")
    journal = _text(venue.get("display_name")) if in_journal else None
    return Document(
        kind=kind,
        ids=Identifiers(doi=doi, pmid=ids.pmid(given_ids.get("pmid")), pmcid=ids.pmcid(given_ids.get("pmcid")),
                        url=_text(location.get("landing_page_url")), openalex=openalex),
        title=title,
        citation=Citation(
            journal=journal,
            journal_title=journal,
            issn=ids.issn(_text(venue.get("issn_l"))),
            volume=_text(biblio.get("volume")),
            issue=_text(biblio.get("issue")),
            pages=ids.pages(_text(biblio.get("first_page")), _text(biblio.get("last_page"))),
            date=_date(_text(work.get("publication_date")), _text(work.get("publication_year"))),
            language=language_code(_text(work.get("language"))),
            publication_types=tuple(t for t in (_text(work.get("type")),) if t),
            publisher=_text(venue.get("host_organization_name")),
        ),
        authors=tuple(a for a in map(_author, _list(work.get("authorships"))) if a is not None),
        abstract=(AbstractSection(text=abstract),) if abstract else (),
        mesh=tuple(m for m in map(_mesh, _list(work.get("mesh"))) if m is not None),
        keywords=_names(work.get("keywords")),
        categories=_names(work.get("topics")),
        references=tuple(Reference(text=f"OpenAlex {w}", url=f"https://openalex.org/{w}", openalex=w)
                         for w in dict.fromkeys(ids.openalex_id(_text(r)) for r in _list(work.get("referenced_works")))
                         if w),
        sources=(SourceSpan(file=source, format=NAME, start_line=start, end_line=end, record=openalex or str(number)),),
    )


def _date(day: str | None, year: str | None) -> PartialDate | None:
    """The publication date; OpenAlex writes a date known only to the year as January 1st."""
    date = PartialDate.parse(day)
    if date is not None and (date.month, date.day) == (1, 1):
        return PartialDate(date.year)
    return date or PartialDate.parse(year)


def _author(authorship: Any) -> Author | None:
    authorship = _dict(authorship)
    person = _dict(authorship.get("author"))
    name = _text(person.get("display_name")) or _text(authorship.get("raw_author_name"))
    if not name:
        return None
    institutions = []
    for place in _list(authorship.get("institutions")):
        place = _dict(place)
        label = _text(place.get("display_name"))
        if label:
            institutions.append(Institution(name=label, ror=ids.ror_id(_text(place.get("ror"))),
                                            openalex=ids.openalex_id(_text(place.get("id"))),
                                            country=_text(place.get("country_code"))))
    affiliations = tuple(dict.fromkeys(a for a in map(_text, _list(authorship.get("raw_affiliation_strings"))) if a))
    return ids.author_from_display_name(name, affiliations=affiliations, orcid=ids.orcid(_text(person.get("orcid"))),
                                        institutions=tuple(dict.fromkeys(institutions)))


def _mesh(entry: Any) -> MeshHeading | None:
    entry = _dict(entry)
    descriptor = _text(entry.get("descriptor_name"))
    if not descriptor:
        return None
    return MeshHeading(descriptor=descriptor, qualifier=_text(entry.get("qualifier_name")),
                       major=entry.get("is_major_topic") is True, descriptor_id=_text(entry.get("descriptor_ui")),
                       qualifier_id=_text(entry.get("qualifier_ui")))


def _names(items: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in (_text(_dict(i).get("display_name")) for i in _list(items)) if n))

