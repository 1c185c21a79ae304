"""RIS, the tagged export of reference managers (Zotero, EndNote, Mendeley).

A record is a run of tagged lines ``XX  - value`` (two upper-case letters or
a letter and a digit, two spaces, a hyphen, a space) from ``TY  - JOUR`` to
``ER  -``; a line without a tag continues the value above it. Lines outside
records (a header such as ``Provider: …``, blank lines) are skipped::

    TY  - JOUR
    TI  - Primary care-led commissioning: applying lessons from the past …
    AU  - Checkland, Kath
    T2  - British Journal of General Practice
    DA  - 2013/09/01/
    DO  - 10.3399/bjgp13X671597
    ER  -

The file is read record by record: the lines of one record are collected up
to its ``ER`` line and handed to ``rispy``'s line parser, so a large export
is never held whole. A record with tagged lines but no ``TY``, or a ``TY``
whose ``ER`` never comes (at the next ``TY`` or at the end of the file), is
reported as a :class:`~kg.errors.ParseError` naming its first line.

Kinds, from ``TY``:

- ``JOUR``, ``EJOUR``, ``JFULL``, ``ABST``, ``INPR`` → paper;
- ``BLOG`` → blog post; ``ELEC``, ``WEB`` (EndNote), ``ICOMM`` → web page;
- ``RPRT``, ``GOVDOC``, ``STAND``, ``PAMP`` and the long forms ``BOOK``,
  ``EBOOK``, ``EDBOOK``, ``CHAP``, ``ECHAP``, ``THES`` → report (the model has
  no book kind; these are grey or long-form literature);
- any other type (``GEN``, ``CONF``, ``MGZN``, ``NEWS``…) → paper when the
  record names a periodical (``T2``, ``JO``, ``JF``, ``JA``, ``J2``), else report.

Fields:

- title ``TI``, else ``T1``, ``CT``, ``BT``, ``ST``;
- authors ``AU`` and ``A1`` (``Checkland, Kath``, ``Checkland, K.``,
  PubMed-style ``Checkland K``; a name without a comma or initials is a group);
- abstract ``AB``, else ``N2``;
- periodical (papers): ``JA`` or ``J2`` is the abbreviation, ``T2``, ``JF``
  or ``JO`` the full title; ``journal`` is the abbreviation when there is one,
  else the full title. For blog posts and web pages ``T2`` is the site
  name and becomes the publisher when ``PB`` is missing; for reports ``T2``
  is a series or book title and is left out;
- ``VL``, ``IS``, ``SP``-``EP`` (pages; not for books and theses, whose
  ``SP`` is a page count), ``SN`` (only a value shaped like an ISSN: Zotero
  puts a report's number there), ``LA``, ``PB``, ``KW`` (``;`` also splits);
- date: the most precise of ``DA``, ``Y1`` and ``PY`` (``2013/09/01/``,
  ``2016///``, EndNote's ``Apr`` completed with the year of ``PY``);
- ``DO`` (DOI, with any ``https://doi.org/`` or ``doi:`` prefix removed);
  ``UR`` (the first is the record's URL; a doi.org URL also gives the DOI);
- PMID: ``AN`` when ``DB`` or ``DP`` names PubMed, MEDLINE or NLM (EndNote
  keeps the PMID of a PubMed record in "Accession Number"; Zotero uses
  ``AN`` for an archive location and exports no PMID), or a PubMed URL in
  ``UR``; PMCID: ``C2`` shaped ``PMC…`` (EndNote's "Custom 2" for PubMed
  records) or a PMC URL.

PubMed's own "Send to: Citation manager" writes MEDLINE (``.nbib``), not
RIS; that is the ``medline`` format. ``AD`` (addresses for the whole record,
not per author), ``N1`` notes and ``M3`` types are not mapped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, TextIO

from kg._text import doi_from_url, find_doi
from kg.errors import ParseError
from kg.model import (
    Author,
    Citation,
    Document,
    DocumentKind,
    Identifiers,
    PartialDate,
    SourceSpan,
)
from kg.sources._common import (
    author_from_parts,
    clean,
    find_issn,
    language_code,
    split_abstract,
)

NAME = "ris"
DESCRIPTION = "RIS reference-manager export (Zotero, EndNote, Mendeley: 'TY  - JOUR' … 'ER  -' records)"
EXTENSIONS = (".ris",)

__all__ = ["NAME", "DESCRIPTION", "EXTENSIONS", "sniff", "parse"]

# The tag test rispy applies (``line[2:5] == "  -"``, an upper-case letter first).
_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?:\s|$)")
_TY_LINE = re.compile(r"^TY  - ?\S", re.M)

_PAPER_TYPES = {"JOUR", "EJOUR", "JFULL", "ABST", "INPR"}
_BLOG_TYPES = {"BLOG"}
_WEB_TYPES = {"ELEC", "WEB", "ICOMM"}
_PAGE_COUNT_TYPES = {"BOOK", "EBOOK", "EDBOOK", "THES"}
_REPORT_TYPES = {"RPRT", "GOVDOC", "STAND", "PAMP", "CHAP", "ECHAP"} | _PAGE_COUNT_TYPES
_PERIODICAL_TAGS = ("T2", "JO", "JF", "JA", "J2")
_LIST_TAGS = ["AU", "A1", "A2", "A3", "A4", "KW", "UR", "N1", "SN", "AD", "L1", "L2", "L4"]

_PUBMED_URL = re.compile(r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d+)", re.I)
_PMC_URL = re.compile(r"/pmc/articles/(PMC\d+)", re.I)
_PUBMED_DB = re.compile(r"pubmed|medline|\bnlm\b", re.I)
_PUBMED_STYLE_NAME = re.compile(r"^(.+?)\s+([A-Z]{1,3})$")  # "Checkland K", "Peckham SM"


def sniff(head: str) -> float:
    """High when the first non-empty line is ``TY  - …``; lower when one comes after a header."""
    text = head.lstrip("\ufeff")
    for line in text.splitlines():
        if line.strip():
            if _TY_LINE.match(line):
                return 0.95
            break
    return 0.7 if _TY_LINE.search(text) else 0.0


def parse(stream: TextIO, source: str) -> Iterator[Document | ParseError]:
    """Yield one document per ``TY`` … ``ER`` record, and a ParseError per broken record."""
    record: list[str] | None = None  # lines of the open record
    start = 0
    orphan_start: int | None = None  # first tagged line seen outside a record
    number = 0
    for line_no, raw in enumerate(stream, 1):
        line = raw.rstrip("\r\n")
        if line_no == 1:
            line = line.lstrip("\ufeff")
        tag_match = _TAG.match(line)
        tag = tag_match[1] if tag_match else None
        if tag == "TY":
            if orphan_start is not None:
                number += 1
                yield ParseError("tagged lines with no 'TY' line", source=source, line=orphan_start,
                                 record=str(number))
                orphan_start = None
            if record is not None:
                yield ParseError("record has no 'ER' line before the next 'TY'", source=source, line=start,
                                 record=str(number))
            number += 1
            record, start = [line], line_no
        elif record is not None:
            record.append(line)
            if tag == "ER":
                yield _record(record, source, start, line_no, str(number))
                record = None
        elif tag is not None:
            if orphan_start is None:
                orphan_start = line_no
            if tag == "ER":
                number += 1
                yield ParseError("record has no 'TY' line", source=source, line=orphan_start, record=str(number))
                orphan_start = None
    if record is not None:
        yield ParseError("record has no 'ER' line (end of file)", source=source, line=start, record=str(number))
    if orphan_start is not None:
        yield ParseError("tagged lines with no 'TY' line", source=source, line=orphan_start, record=str(number + 1))


def _record(lines: list[str], source: str, start: int, end: int, number: str) -> Document | ParseError:
    """One record's lines, read by rispy and mapped onto a Document."""
    import rispy

    # Tags are kept as tags (identity mapping): the meaning of T2, JO, SN… depends on TY.
    mapping = {tag: tag for tag in rispy.TAG_KEY_MAPPING}
    # enforce_list_tags: a repeated single-valued tag keeps its first value (rispy's default).
    parser = rispy.RisParser(mapping=mapping, list_tags=_LIST_TAGS, delimiter_tags_mapping={})
    try:
        parsed = parser.parse_lines(iter(lines))
        if not parsed:
            return ParseError("record could not be read", source=source, line=start, record=number)
        return _document(parsed[0], source, start, end, number)
    except Exception as exc:  # rispy or a field of unexpected shape: skip this record only
        return ParseError(f"record could not be read: {exc}", source=source, line=start, record=number)


def _values(record: dict[str, Any], tag: str) -> list[str]:
    """Every non-empty value of a tag, whitespace-normalised, in file order."""
    value = record.get(tag)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [text for text in (clean(str(v)) for v in items) if text]


def _first(record: dict[str, Any], *tags: str) -> str | None:
    for tag in tags:
        values = _values(record, tag)
        if values:
            return values[0]
    return None


def _kind(ris_type: str, record: dict[str, Any]) -> DocumentKind:
    if ris_type in _PAPER_TYPES:
        return DocumentKind.PAPER
    if ris_type in _BLOG_TYPES:
        return DocumentKind.BLOG_POST
    if ris_type in _WEB_TYPES:
        return DocumentKind.WEB_PAGE
    if ris_type in _REPORT_TYPES:
        return DocumentKind.REPORT
    return DocumentKind.PAPER if _first(record, *_PERIODICAL_TAGS) else DocumentKind.REPORT


def _document(record: dict[str, Any], source: str, start: int, end: int, number: str) -> Document | ParseError:
    ris_type = (_first(record, "TY") or "").upper()
    kind = _kind(ris_type, record)
    urls = _values(record, "UR")
    ids = Identifiers(
        pmid=_pmid(record, urls),
        doi=find_doi(_first(record, "DO")) or next((d for d in map(doi_from_url, urls) if d), None),
        pmcid=_pmcid(record, urls),
        url=urls[0] if urls else None,
    )
    title = _first(record, "TI", "T1", "CT", "BT", "ST")
    if not title and not (ids.pmid or ids.doi or ids.url):
        return ParseError("record has neither a title nor an identifier", source=source, line=start, record=number)
    abstract = _first(record, "AB", "N2")
    return Document(
        kind=kind,
        ids=ids,
        title=title,
        citation=_citation(record, kind, ris_type),
        authors=tuple(_authors(record)),
        abstract=split_abstract([abstract]) if abstract else (),
        keywords=tuple(_keywords(record)),
        sources=(SourceSpan(file=source, format=NAME, start_line=start, end_line=end, record=number),),
    )


def _citation(record: dict[str, Any], kind: DocumentKind, ris_type: str) -> Citation:
    journal = journal_title = None
    publisher = _first(record, "PB")
    if kind is DocumentKind.PAPER:
        journal_title = _first(record, "T2", "JF", "JO")
        journal = _first(record, "JA", "J2") or journal_title
    elif kind in (DocumentKind.BLOG_POST, DocumentKind.WEB_PAGE):
        publisher = publisher or _first(record, "T2")
    pages = None if ris_type in _PAGE_COUNT_TYPES else _pages(_first(record, "SP"), _first(record, "EP"))
    language = _first(record, "LA")
    return Citation(
        journal=journal,
        journal_title=journal_title,
        issn=find_issn(" ".join(_values(record, "SN"))),
        volume=_first(record, "VL"),
        issue=_first(record, "IS"),
        pages=pages,
        date=_date(record),
        language=_language(language),
        publisher=publisher,
    )


def _pages(first: str | None, last: str | None) -> str | None:
    if first and last and not re.search(r"[-\u2013]", first):
        return f"{first}-{last}"
    return first or last


def _date(record: dict[str, Any]) -> PartialDate | None:
    """The most precise date among DA, Y1 and PY (the first wins a tie)."""
    year_text = _first(record, "PY", "Y1")
    best: PartialDate | None = None
    for tag in ("DA", "Y1", "PY"):
        text = _first(record, tag)
        if not text:
            continue
        date = PartialDate.parse(text)
        if date is None and year_text:  # EndNote's "Apr" or "Apr 3": the year is in PY
            date = PartialDate.parse(f"{text} {year_text}")
        if date is not None and (best is None or _rank(date) > _rank(best)):
            best = date
    return best


def _rank(date: PartialDate) -> int:
    return 2 if date.day else 1 if date.month else 0


def _language(value: str | None) -> str | None:
    if not value:
        return None
    return language_code(value) or language_code(re.split(r"[-_\s]", value.strip())[0])




def _pmid(record: dict[str, Any], urls: list[str]) -> str | None:
    accession = _first(record, "AN")
    database = " ".join(_values(record, "DB") + _values(record, "DP"))
    if accession and accession.isdigit() and _PUBMED_DB.search(database):
        return accession
    for url in urls:
        match = _PUBMED_URL.search(url)
        if match:
            return match[1]
    return None


def _pmcid(record: dict[str, Any], urls: list[str]) -> str | None:
    custom = _first(record, "C2")
    if custom and re.fullmatch(r"PMC\d+", custom, re.I):
        return custom.upper()
    for url in urls:
        match = _PMC_URL.search(url)
        if match:
            return match[1].upper()
    return None


def _authors(record: dict[str, Any]) -> Iterator[Author]:
    names = _values(record, "AU")
    names += [n for n in _values(record, "A1") if n not in names]
    for name in names:
        author = _author(name)
        if author is not None:
            yield author


def _author(text: str) -> Author | None:
    """``Checkland, Kath`` (RIS: family, given, suffix), ``Checkland K``, or a group name."""
    if "," in text:
        family, given, *rest = [part.strip() for part in text.split(",")] + [""]
        if not family:
            return None
        return author_from_parts(family, given or None, rest[0] or None)
    pubmed_style = _PUBMED_STYLE_NAME.match(text)
    if pubmed_style:
        return Author(name=text, family=pubmed_style[1], initials=pubmed_style[2])
    return Author(name=text, collective=True)


def _keywords(record: dict[str, Any]) -> Iterator[str]:
    seen: set[str] = set()
    for value in _values(record, "KW"):
        for keyword in value.split(";"):
            keyword = keyword.strip()
            if keyword and keyword not in seen:
                seen.add(keyword)
                yield keyword
