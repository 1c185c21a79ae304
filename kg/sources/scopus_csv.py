"""Scopus CSV export ("Export > CSV", any choice of columns).

A header row names the columns, then one row per document; cells with
commas, quotes or line breaks are quoted (an abstract may span lines). Two
generations are read alike: older exports list authors as ``Phillips J.C.,
Braun R.`` and have no "Author full names"; exports since 2023 separate
authors with ``;`` and add "Author full names" (``Hao, Jie (57221302630)``)::

    Authors,Author full names,Author(s) ID,Title,Year,Source title,Volume,Issue,Art. No.,
    Page start,Page end,Page count,Cited by,DOI,Link,Affiliations,Authors with affiliations,
    Abstract,Author Keywords,Index Keywords,…,References,…,ISSN,…,PubMed ID,
    Language of Original Document,Abbreviated Source Title,Document Type,Publication Stage,
    Open Access,Source,EID

Fields: Title; authors from "Author full names" when present, else
"Authors" ("Family I."), each with its affiliation from "Authors with
affiliations" (matched by position, when that list has one entry per
author); Year; "Source title" (the journal's title) and "Abbreviated Source
Title" (the journal); Volume, Issue, "Page start"-"Page end" or "Art. No.";
DOI; "PubMed ID"; EID (the Scopus id); Link (the Scopus record); Abstract;
"Author Keywords" and "Index Keywords"; References (``;``-separated, one
:class:`~kg.model.Reference` each, with a DOI when the text has one);
Publisher; ISSN (printed without its hyphen); "Language of Original
Document"; "Document Type". A book is a report; every other type a paper.

The file is read with Python's :mod:`csv` module, row by row (its quoting
rules are Scopus's). Older exports name one "Funding Text 1" column but
give a row with several funding texts one cell each; those extra cells are
dropped. A header without a "Title" column, or without both
"EID" and "DOI", is an error for the whole file; a row with fewer cells
than the header (a truncated export) or without title and identifiers is
reported as a :class:`~kg.errors.ParseError` naming its line, and skipped; so
is a row with more cells than the header for any other reason.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import TextIO

from kg.errors import ParseError
from kg.model import (
    Author,
    Citation,
    Document,
    DocumentKind,
    Identifiers,
    PartialDate,
    Reference,
    SourceSpan,
)
from kg.sources import _scholarly as ids
from kg.sources._common import clean, language_code, split_abstract
from kg.vocab.names import initials_of

NAME = "scopus-csv"
DESCRIPTION = "Scopus CSV export (header 'Authors,…,Title,Year,Source title,…,EID')"
EXTENSIONS = (".csv",)

__all__ = ["NAME", "DESCRIPTION", "EXTENSIONS", "sniff", "parse"]

_SCOPUS_COLUMNS = ("Authors", "Author(s) ID", "Author full names", "Source title", "Cited by", "EID", "Link",
                   "Abbreviated Source Title", "Document Type", "Publication Stage", "Authors with affiliations",
                   "Index Keywords", "Art. No.", "Page start")
_FULL_NAME = re.compile(r"^(?P<family>[^,(]+?)\s*(?:,\s*(?P<given>[^(]*?))?\s*(?:\((?P<id>\d+)\))?\s*$")
_SHORT_NAME = re.compile(r"^(?P<family>.+?)\s+(?P<initials>(?:[A-Z][a-z]?\.-?\s*)+)$")
_BOOK_TYPES = {"Book"}

csv.field_size_limit(1 << 26)  # a References cell of a review can pass csv's 128 kB default


def sniff(head: str) -> float:
    """High when the first line is a CSV header with the columns only Scopus exports have."""
    text = head.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    if "," not in first:
        return 0.0
    try:
        header = next(csv.reader([first]))
    except csv.Error:
        return 0.0
    names = {h.strip() for h in header}
    found = sum(1 for column in _SCOPUS_COLUMNS if column in names)
    if "Title" in names and found >= 4:
        return 0.95
    return 0.6 if "Title" in names and "EID" in names else 0.0


def parse(stream: TextIO, source: str) -> Iterator[Document | ParseError]:
    """Yield one document per row; a ParseError for each row that cannot be read."""
    reader = csv.reader(stream)
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        return
    except csv.Error as exc:
        raise ParseError(f"cannot read the header row: {exc}", source=source, line=1) from exc
    missing = [column for column in ("Title",) if column not in header]
    if "EID" not in header and "DOI" not in header:
        missing.append("EID or DOI")
    if missing:
        raise ParseError(f"the header has no {' and no '.join(repr(m) for m in missing)} column; a Scopus CSV "
                         f"export has Authors, Title, Year, Source title, …, DOI, …, EID (columns found: "
                         f"{', '.join(header[:12])}{'…' if len(header) > 12 else ''})", source=source, line=1)
    number = 0
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # a quote never closed, a NUL byte…
            number += 1
            yield ParseError(f"row cannot be read: {exc}", source=source, line=start, record=str(number))
            return
        end = reader.line_num
        if not any(cell.strip() for cell in row):
            start = end + 1
            continue
        number += 1
        extra = len(row) - len(header)
        if extra > 0 and "Funding Text 1" in header:
            # Scopus names one "Funding Text 1" column but gives a row with several funding texts one cell
            # each: the cells after the first belong to unnamed "Funding Text 2"… columns; drop them.
            after = header.index("Funding Text 1") + 1
            row = row[:after] + row[after + extra:]
        if len(row) != len(header):
            yield ParseError(f"the row has {len(row)} cells, the header {len(header)}"
                             f"{' (truncated export?)' if len(row) < len(header) else ''}",
                             source=source, line=start, record=str(number))
        else:
            yield _document(dict(zip(header, row)), source, start, end, str(number))
        start = end + 1


def _document(row: dict[str, str], source: str, start: int, end: int, number: str) -> Document | ParseError:
    def cell(*names: str) -> str | None:
        for name in names:
            value = clean(row.get(name))
            if value and value != "[No abstract available]":
                return value
        return None

    title = cell("Title")
    doi = ids.doi(cell("DOI"))
    eid = cell("EID")
    if not title and not doi and not eid:
        return ParseError("row has no Title, DOI or EID", source=source, line=start, record=number)
    document_type = cell("Document Type")
    kind = DocumentKind.REPORT if document_type in _BOOK_TYPES else DocumentKind.PAPER
    abstract = cell("Abstract")
    if abstract:
        abstract = re.sub(r"\s*(?:Copyright\s*)?©\s*\d{4}.*$", "", abstract) or abstract  # the publisher's copyright line
    keywords = [k.strip() for name in ("Author Keywords", "Index Keywords") for k in (cell(name) or "").split(";")
                if k.strip()]
    return Document(
        kind=kind,
        ids=Identifiers(doi=doi, pmid=ids.pmid(cell("PubMed ID")), url=cell("Link"), scopus=eid),
        title=title,
        citation=Citation(
            journal=cell("Abbreviated Source Title", "Source title") if kind is DocumentKind.PAPER else None,
            journal_title=cell("Source title"),
            issn=ids.issn(cell("ISSN")),
            volume=cell("Volume"),
            issue=cell("Issue"),
            pages=ids.pages(cell("Page start"), cell("Page end")) or cell("Art. No."),
            date=PartialDate.parse(cell("Year")),
            language=language_code((cell("Language of Original Document") or "").split(";")[0]),
            publication_types=(document_type,) if document_type else (),
            publisher=cell("Publisher"),
        ),
        authors=tuple(_authors(row)),
        abstract=split_abstract([abstract]) if abstract else (),
        keywords=tuple(dict.fromkeys(keywords)),
        references=tuple(_references(cell("References"))),
        sources=(SourceSpan(file=source, format=NAME, start_line=start, end_line=end, record=number),),
    )


def _authors(row: dict[str, str]) -> Iterator[Author]:
    full = [p.strip() for p in (row.get("Author full names") or "").split(";") if p.strip()]
    listed = row.get("Authors") or ""
    short = [p.strip() for p in (listed.split(";") if ";" in listed else re.split(r"(?<=\.),\s+", listed))
             if p.strip() and p.strip() != "[No author name available]"]
    names = full or short
    places = [p.strip() for p in (row.get("Authors with affiliations") or "").split(";") if p.strip()]
    places = places if len(places) == len(names) else []
    for i, name in enumerate(names):
        author = _full_name(name) if full else _short_name(name)
        if author is None:
            continue
        if places:
            affiliation = _affiliation(places[i], author, short[i] if i < len(short) else "")
            if affiliation:
                author = Author(**{**_fields(author), "affiliations": (affiliation,)})
        yield author


def _fields(author: Author) -> dict:
    return {name: getattr(author, name) for name in author.__slots__}


def _full_name(text: str) -> Author | None:
    """``Hao, Jie (57221302630)``."""
    match = _FULL_NAME.match(text)
    if not match or not clean(match["family"]):
        return None
    family, given = clean(match["family"]), clean(match["given"])
    return Author(name=f"{given} {family}" if given else family or "", family=family, given=given,
                  initials=initials_of(given))


def _short_name(text: str) -> Author | None:
    """``Phillips J.C.``, ``Siu K.-C.``, or a name without initials."""
    match = _SHORT_NAME.match(text)
    if not match:
        return Author(name=text, family=text) if text else None
    initials = re.sub(r"[^A-Za-z]", "", match["initials"]) or None
    return Author(name=text, family=match["family"].strip(), initials=initials)


def _affiliation(entry: str, author: Author, short: str) -> str | None:
    """The address part of an "Authors with affiliations" entry: after ``Phillips, J.C.,`` or ``Hao J.,``."""
    if short and entry.startswith(short):  # "Hao J., Department of …"
        return clean(entry[len(short):].lstrip(", ")) or None
    family = author.family or ""
    if family and entry.startswith(family):  # "Phillips, J.C., Beckman Institute"
        rest = entry[len(family):].lstrip(", ")
        parts = rest.split(", ", 1)
        if len(parts) == 2 and re.fullmatch(r"(?:[A-Z][a-z]?\.-?\s*)+", parts[0]):
            return clean(parts[1])
    return None


def _references(value: str | None) -> Iterator[Reference]:
    for text in re.split(r";\s+", value or ""):
        text = clean(text)
        if text and len(text) > 3:
            yield Reference(text=text, doi=ids.doi(text))
