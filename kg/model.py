"""The records passed between stages: small, frozen, typed.

A parser turns a source into :class:`Document` records; everything downstream
(extraction, RDF mapping, the network views) reads only these. Nothing here
knows which website or export format a record came from, except the
:class:`SourceSpan` that says where to look in the original file.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kg._text import slugify

__all__ = [
    "DocumentKind",
    "PartialDate",
    "Identifiers",
    "Author",
    "Institution",
    "Citation",
    "AbstractSection",
    "MeshHeading",
    "Link",
    "Reference",
    "SourceSpan",
    "Document",
    "merge_documents",
    "identity_keys",
    "fallback_key",
]


class DocumentKind(str, enum.Enum):
    """What a document is; decides its class in the graph."""

    PAPER = "paper"
    BLOG_POST = "blog_post"
    REPORT = "report"
    WEB_PAGE = "web_page"


_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_SEASONS = frozenset({"winter", "spring", "summer", "fall", "autumn"})
_YEAR = re.compile(r"1[5-9]\d\d|2[01]\d\d")


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        """``"day"``, ``"month"`` or ``"year"``."""
        return "day" if self.day else "month" if self.month else "year"

    def isoformat(self) -> str:
        """``2023``, ``2023-12`` or ``2023-12-21``, as precise as known."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text

    @classmethod
    def parse(cls, text: str | None) -> PartialDate | None:
        """Read the dates bibliographic sources print.

        Accepts ``2023 12 21``, ``2023 Dec 21``, ``2019 Jul``, ``2016-04-05``,
        ``5 April 2016`` and ``April 5, 2016``; returns ``None`` when no year
        can be found. A span is known only as precisely as its ends agree: a
        range of months (``2021 Jan-Dec``, ``2019 Dec-2020 Jan``) or a season
        (``2019 Spring``) gives the year, a range of days (``2019 Nov 5-12``)
        the month.
        """
        if not text:
            return None
        text = text.strip().lower()
        iso = re.match(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", text)
        if iso:
            return cls._checked(int(iso[1]), int(iso[2]), int(iso[3]) if iso[3] else None)
        start, dash, end = text.partition("-")
        tokens = re.findall(r"[a-z]+|\d{1,4}", start)
        year_at = next((i for i, t in enumerate(tokens) if _YEAR.fullmatch(t)), None)
        if year_at is None:
            tokens = re.findall(r"[a-z]+|\d{1,4}", text)  # "Dec 2019" may only be found whole
            year_at = next((i for i, t in enumerate(tokens) if _YEAR.fullmatch(t)), None)
            dash = ""
            if year_at is None:
                return None
        year_first = year_at + 1 < len(tokens)
        month = day = None
        for token in tokens[year_at + 1:] if year_first else tokens[:year_at]:
            if token.isdigit():
                if year_first and month is None:
                    month = int(token)  # "2023 12 21"
                elif day is None:
                    day = int(token)  # "2017 Nov 21", "5 April 2016"
            elif month is None:
                if token in _SEASONS:
                    return cls(int(tokens[year_at]))
                month = _MONTHS.get(token[:3])
        if dash:
            ends_in = re.findall(r"[a-z]+|\d{1,4}", end)
            if any(not t.isdigit() or _YEAR.fullmatch(t) for t in ends_in):
                month = day = None  # the range runs to another month or year
            elif ends_in:
                day = None  # a range of days in one month
        return cls._checked(int(tokens[year_at]), month, day)

    @classmethod
    def _checked(cls, year: int, month: int | None, day: int | None) -> PartialDate:
        if month is not None and not 1 <= month <= 12:
            month = day = None
        if day is not None and not 1 <= day <= 31:
            day = None
        if month is None:
            day = None
        return cls(year, month, day)


@dataclass(frozen=True, slots=True)
class Identifiers:
    """The identifiers of one document; any may be missing."""

    pmid: str | None = None
    doi: str | None = None
    pmcid: str | None = None
    url: str | None = None
    other: tuple[tuple[str, str], ...] = ()  # (scheme, value): ("bvs", "mdl-38127564")
    # The ids of bibliographic databases (issue 19): each names the work in that database only.
    openalex: str | None = None  # OpenAlex work id: "W2741809807"
    scopus: str | None = None  # Scopus EID: "2-s2.0-85136453267"
    wos: str | None = None  # Web of Science accession number (UT): "WOS:000220015600001"


@dataclass(frozen=True, slots=True)
class Institution:
    """An organisation an author belonged to when writing, as a bibliographic database names it."""

    name: str  # "University of Manchester"
    ror: str | None = None  # ROR id without its address: "027m9bs27"
    openalex: str | None = None  # OpenAlex institution id: "I28407311"
    country: str | None = None  # ISO 3166-1 alpha-2 code: "GB"


@dataclass(frozen=True, slots=True)
class Author:
    """A person (or a group) credited as author of a document."""

    name: str  # as it should be shown: "Kath Checkland", "Checkland K"
    family: str | None = None
    given: str | None = None
    initials: str | None = None
    affiliations: tuple[str, ...] = ()
    orcid: str | None = None
    collective: bool = False  # a group author: "PRUComm team"
    institutions: tuple[Institution, ...] = ()  # where the source identifies them (OpenAlex, Scopus, WoS)


@dataclass(frozen=True, slots=True)
class Citation:
    """Where and when a document was published."""

    journal: str | None = None  # as printed; MEDLINE sources give the NLM abbreviation
    journal_title: str | None = None  # the full title when the source gives it
    issn: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    date: PartialDate | None = None
    language: str | None = None  # ISO 639-1 code: "en"
    publication_types: tuple[str, ...] = ()
    publisher: str | None = None  # a blog's or report's publisher or site name
    raw: str | None = None  # the citation line exactly as printed


@dataclass(frozen=True, slots=True)
class AbstractSection:
    """One labelled section of an abstract (label is ``None`` when unstructured)."""

    text: str
    label: str | None = None  # "BACKGROUND", "Methods"
    category: str | None = None  # PubMed's NlmCategory: BACKGROUND, METHODS, RESULTS...


@dataclass(frozen=True, slots=True)
class MeshHeading:
    """A MeSH descriptor, alone or with one qualifier, as indexed for a paper."""

    descriptor: str
    qualifier: str | None = None
    major: bool = False  # the descriptor is starred: "*General Practice/organization & administration"
    descriptor_id: str | None = None  # "D006268"
    qualifier_id: str | None = None  # "Q000379"
    qualifier_major: bool = False  # the qualifier is starred: "General Practice/*organization & administration"

    @property
    def major_topic(self) -> bool:
        """Whether the heading is a major topic of the paper (a star on its descriptor or its qualifier)."""
        return self.major or self.qualifier_major

    @property
    def label(self) -> str:
        """``Descriptor`` or ``Descriptor/qualifier``, as MEDLINE listings print it."""
        return f"{self.descriptor}/{self.qualifier}" if self.qualifier else self.descriptor


@dataclass(frozen=True, slots=True)
class Link:
    """A link as the page showed it: its text and, where known, its target."""

    text: str
    target: str | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    """An entry of a reference list, or a citation link from PubMed."""

    text: str  # the reference as printed, or a label such as "PMID 12345"
    pmid: str | None = None
    doi: str | None = None
    url: str | None = None
    openalex: str | None = None  # the cited work's OpenAlex id (OpenAlex ``referenced_works``)


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """Where a record came from: file, format, lines, and its number there."""

    file: str
    format: str
    start_line: int | None = None
    end_line: int | None = None
    record: str | None = None  # the record's number or id in its file: "1", "mdl-38127564"
    start_page: int | None = None  # for paged sources (PDF): the first and last page read, 1-based
    end_page: int | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A paper, blog post, report or web page, as read from one or more sources."""

    kind: DocumentKind
    ids: Identifiers = Identifiers()
    title: str | None = None
    citation: Citation = Citation()
    authors: tuple[Author, ...] = ()
    abstract: tuple[AbstractSection, ...] = ()
    body: tuple[str, ...] = ()  # paragraphs of a post or page, in order
    mesh: tuple[MeshHeading, ...] = ()
    keywords: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    sources: tuple[SourceSpan, ...] = ()
    body_pages: tuple[int, ...] = ()  # paged sources (PDF): the page each body paragraph starts on

    @property
    def label(self) -> str:
        """A short human name: the title, else the best identifier."""
        if self.title:
            return self.title
        for prefix, value in (("PMID", self.ids.pmid), ("doi", self.ids.doi), ("", self.ids.url)):
            if value:
                return f"{prefix} {value}".strip()
        return self.citation.raw or "(untitled)"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, with empty fields left out."""
        return _prune(dataclasses.asdict(self)) | {"kind": self.kind.value}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Rebuild a record from :meth:`to_dict` output."""
        return _build(cls, data)


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, (), [], {}, "", False)}
    if isinstance(value, (list, tuple)):
        return [_prune(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _build(cls: type, data: Any) -> Any:
    if not dataclasses.is_dataclass(cls) or not isinstance(data, dict):
        return data
    hints = {f.name: f for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for name, value in data.items():
        if name not in hints:
            continue
        kwargs[name] = _coerce(hints[name].type, value)
    return cls(**kwargs)


_RECORD_TYPES = {t.__name__: t for t in (PartialDate, Identifiers, Author, Institution, Citation, AbstractSection,
                                          MeshHeading, Link, Reference, SourceSpan)}


def _coerce(annotation: str, value: Any) -> Any:
    if annotation == "DocumentKind":
        return DocumentKind(value)
    for name, record_type in _RECORD_TYPES.items():
        if annotation.startswith(f"tuple[{name}"):
            return tuple(_build(record_type, v) for v in value)
        if annotation.startswith(name):
            return _build(record_type, value)
    if annotation.startswith("tuple[tuple"):
        return tuple(tuple(v) for v in value)
    if annotation.startswith("tuple"):
        return tuple(value)
    return value


# ---------------------------------------------------------------- identity and merging

def identity_keys(document: Document) -> tuple[str, ...]:
    """Keys under which two records are the same document.

    Identifiers always count; a title counts only for posts, reports and
    pages, because papers can share a title ("Editorial") and listings
    often lack one.
    """
    ids = document.ids
    keys = []
    if ids.pmid:
        keys.append(f"pmid:{ids.pmid}")
    if ids.doi:
        keys.append(f"doi:{ids.doi.lower()}")
    if ids.pmcid:
        keys.append(f"pmcid:{ids.pmcid.upper()}")
    if ids.url:
        keys.append(f"url:{_normal_url(ids.url)}")
    if ids.openalex:
        keys.append(f"openalex:{ids.openalex.upper()}")
    if ids.scopus:
        keys.append(f"scopus:{ids.scopus.lower()}")
    if ids.wos:
        keys.append(f"wos:{ids.wos.upper()}")
    if document.kind is not DocumentKind.PAPER and document.title:
        keys.append(f"title:{document.kind.value}:{slugify(document.title)}")
    return tuple(keys)


def fallback_key(document: Document) -> str | None:
    """The last-resort key of a paper: its title, year and first author's family name.

    Two records that share no identifier but this key are probably one paper
    seen in two databases (a Scopus row without DOI and an OpenAlex work, say).
    It is weaker than any identifier, so callers use it only between records
    whose identifiers do not disagree, and say when they did (see
    :func:`kg.sources.parse_many`). ``None`` without all three parts.
    """
    if document.kind is not DocumentKind.PAPER or not document.title or not document.citation.date \
            or not document.authors:
        return None
    first = document.authors[0]
    surname = slugify(first.family or first.name)
    title = slugify(document.title, 200)
    if not surname or not title:
        return None
    return f"work:{title}:{document.citation.date.year}:{surname}"


def _normal_url(url: str) -> str:
    url = re.sub(r"^https?://(www\.)?", "", url.strip()).rstrip("/")
    return url.split("#")[0].lower()


def merge_documents(records: Iterable[Document]) -> Document:
    """Merge records of one document into one that lists all their sources.

    Each field comes from the richest record that has it (the one with the
    most fields filled); lists such as keywords and links are united in
    order; identifiers are combined. Nothing present in any record is lost
    except a value that a richer record gives differently.
    """
    in_order = list(records)
    if not in_order:
        raise ValueError("merge_documents() needs at least one record")
    if len(in_order) == 1:
        return in_order[0]
    ordered = sorted(in_order, key=_richness, reverse=True)  # stable: ties keep reading order
    richest = ordered[0]
    merged: dict[str, Any] = {}
    for f in dataclasses.fields(Document):
        values = [getattr(r, f.name) for r in ordered]
        if f.name == "sources":
            merged[f.name] = tuple(_unique(s for r in in_order for s in r.sources))
        elif f.name in ("keywords", "links", "categories", "tags", "references"):
            merged[f.name] = tuple(_unique(v for value in values for v in value))
        elif f.name in ("ids", "citation"):
            merged[f.name] = _merge_record([v for v in values])
        elif f.name == "body_pages":  # belongs with the body it numbers
            merged[f.name] = next((r.body_pages for r in ordered if r.body), ())
        else:
            merged[f.name] = next((v for v in values if v), getattr(richest, f.name))
    return Document(**merged)


def _merge_record(values: list[Any]) -> Any:
    first = values[0]
    filled: dict[str, Any] = {}
    for f in dataclasses.fields(first):
        candidates = [getattr(v, f.name) for v in values]
        if f.name == "other":
            filled[f.name] = tuple(_unique(x for c in candidates for x in c))
        else:
            filled[f.name] = next((c for c in candidates if c), getattr(first, f.name))
    return type(first)(**filled)


def _richness(document: Document) -> int:
    score = 0
    for f in dataclasses.fields(Document):
        value = getattr(document, f.name)
        if f.name in ("ids", "citation"):
            score += sum(1 for g in dataclasses.fields(value) if getattr(value, g.name))
        elif value and f.name not in ("kind", "sources", "body_pages"):
            score += len(value) if isinstance(value, tuple) else 1
    return score


def _unique(items: Iterable[Any]) -> Iterator[Any]:
    seen = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item
