"""PubMed "Abstract" text export ("Save > Format: Abstract (text)", ``efetch rettype=abstract``).

Numbered records, each made of paragraphs separated by blank lines, lines
wrapped at about 80 columns::

    1. BMJ Open. 2022 Apr 12;12(4):e059026. doi: 10.1136/bmjopen-2021-059026.

    Skill mix change in general practice: a qualitative study of ...

    Smith J(1), Checkland K(1)(2); PRUComm team.

    Author information:
    (1)Centre for Primary Care, University of Manchester, Manchester, UK.
    (2)Policy Research Unit in Health and Social Care Systems and Commissioning ...

    OBJECTIVES: To explore ...

    DESIGN: Qualitative ...

    © Author(s) (or their employer(s)) 2022. Re-use permitted under CC BY.

    DOI: 10.1136/bmjopen-2021-059026
    PMCID: PMC9006837
    PMID: 35414562  [Indexed for MEDLINE]

    Conflict of interest statement: Competing interests: None declared.


    2. J Health Serv Res Policy. 2023 Jan;28(1):5-13. doi: 10.1177/13558196221117647.
    Epub 2022 Aug 17.
    ...

The citation paragraph (``N. Journal. date;volume(issue):pages. doi: ….``,
possibly with ``Epub …`` or ``Online ahead of print.``, wrapped over lines)
is followed by the title, an optional ``[Article in Spanish]`` line, the
author list (``Family Initials(n)``; a name without initials is a group),
``Author information:`` with one ``(n)affiliation`` per author number, the
abstract paragraphs (labelled ``BACKGROUND: …``), a copyright paragraph,
and the identifier lines ``DOI:``, ``PMCID:``, ``PMID:``. Relation notes
(``Comment in``, ``Erratum in``, ``Update of`` …), copyright, a conflict of
interest statement and anything after the identifier lines are dropped.

A record starts at a paragraph ``N. …`` when the previous record has shown
its ``PMID:`` line, or when ``N`` follows the previous number and the line
reads ``Journal. year…``, so that a numbered paragraph inside an abstract
does not start one. A record without a ``PMID:`` line or with a citation line that does
not read as ``Journal. date;…`` is reported as a ParseError and skipped.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

from kg._text import normalize_space
from kg.errors import ParseError
from kg.model import (
    AbstractSection,
    Author,
    Citation,
    Document,
    DocumentKind,
    Identifiers,
    PartialDate,
    SourceSpan,
)
from kg.sources._common import (
    Paragraph,
    clean,
    language_code,
    paragraphs,
    split_abstract,
)

NAME = "pubmed-abstract"
DESCRIPTION = ("PubMed 'Abstract (text)' export (records '1. Journal. 2022 Apr 12;12(4):e1. doi: …', "
               "'Author information:', 'PMID: 123')")
EXTENSIONS = (".txt",)

_START = re.compile(r"^\s*(\d{1,6})\.\s+(\S.*)$")
_CITATION_SHAPE = re.compile(r"^[^.\n]+\.\s+(?:1[89]|20)\d\d\b")  # "BMJ Open. 2022 …"
_SNIFF_START = re.compile(r"^\d{1,6}\. [^.\n]+\. (?:1[89]|20)\d\d\b")
_ID_LINE = re.compile(r"^(DOI|PMCID|PMID|PII|NIHMSID):\s*(\S+)(.*)$", re.I)
_AUTHOR_INFO = re.compile(r"^Author information:\s*$", re.I)
_AFFILIATION = re.compile(r"^\((\d+)\)\s*(.*)$")
_LANGUAGE = re.compile(r"^\[Article in ([A-Za-z]+)")
_RELATIONS = re.compile(
    r"^(?:Comment in|Comment on|Erratum in|Erratum for|Update of|Update in|Updated by|Retraction in|"
    r"Retraction of|Retracted and republished in|Republished in|Republished from|Expression of concern in|"
    r"Expression of concern for|Corrected and republished in|Corrected and republished from|Reprint in|"
    r"Reprint of|Summary for patients in|Original report in|Dataset use reported in|Cites|Collaborators:|"
    r"Investigators:)\b", re.I)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|Copyright|Crown copyright|Published by)", re.I)
_AFTER_IDS = re.compile(r"^(?:Conflict of interest statement|Competing interests)", re.I)
_BARE_LABEL = re.compile(r"^[A-Z][A-Z0-9 ,&/'()-]{1,48}:$")
_PERSON = re.compile(r"^\S.*\s[A-Z]{1,4}(?:\s(?:Jr|Sr|2nd|3rd|4th|II|III|IV))?$")
_MARKS = re.compile(r"^(?P<name>.*?)\s*(?P<marks>(?:\(\s*\d+(?:\s*,\s*\d+)*\s*\))*)$")
_DOI_IN_CITATION = re.compile(r"\bdoi:\s*(\S+)", re.I)
_VOLUME_ISSUE = re.compile(r"^(?P<volume>[^(]*)(?:\((?P<issue>[^)]*)\))?\s*$")


def sniff(head: str) -> float:
    """High when the text opens with a numbered PubMed citation line and has ``PMID:`` lines."""
    try:
        lines = [line.strip() for line in head.lstrip("\ufeff").splitlines()]
        first = next((line for line in lines if line), "")
        if not _SNIFF_START.match(first):
            return 0.0
        if any(line.startswith("PMID:") or _AUTHOR_INFO.match(line) for line in lines):
            return 0.9
        return 0.5 if "doi:" in first or ";" in first else 0.3
    except Exception:  # a sniffer must never raise
        return 0.0


@dataclass
class _Record:
    number: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    has_pmid: bool = False

    def add(self, paragraph: Paragraph) -> None:
        self.paragraphs.append(paragraph)
        self.has_pmid = self.has_pmid or any(_is_pmid_line(line) for line in paragraph.lines)


def _is_pmid_line(line: str) -> bool:
    match = _ID_LINE.match(line.strip())
    return bool(match and match[1].upper() == "PMID")


def parse(stream: TextIO, source: str) -> Iterator[Document | ParseError]:
    """Yield one paper per numbered record, reading ``stream`` line by line."""
    record: _Record | None = None
    last_line = 0
    try:
        for paragraph in paragraphs(stream):
            last_line = paragraph.end_line
            start = _START.match(paragraph.lines[0])
            if start and _starts_record(record, start):
                if record is not None:
                    yield _document_or_error(record, source)
                record = _Record(number=start[1])
            if record is None:
                yield ParseError("text before the first numbered record", source=source, line=paragraph.line)
                continue
            record.add(paragraph)
    except Exception as exc:  # a decoding or I/O failure part-way through the stream
        if record is not None:
            yield _document_or_error(record, source)
            record = None
        yield ParseError(f"could not read the input: {exc}", source=source, line=last_line + 1)
    if record is not None:
        yield _document_or_error(record, source)


def _starts_record(record: _Record | None, start: re.Match[str]) -> bool:
    if record is None or record.has_pmid:
        return True
    return int(start[1]) == int(record.number) + 1 and bool(_CITATION_SHAPE.match(start[2]))


def _document_or_error(record: _Record, source: str) -> Document | ParseError:
    first = record.paragraphs[0]
    try:
        return _document(record, source)
    except _Unreadable as problem:
        return ParseError(problem.message, source=source, line=problem.line or first.line,
                          record=problem.record or record.number)
    except Exception as exc:  # never let a strange value escape as anything but a ParseError
        return ParseError(f"could not read the record: {exc}", source=source, line=first.line,
                          record=record.number)


class _Unreadable(Exception):
    """Why a record cannot be used, raised inside the record's reading and yielded as a ParseError."""

    def __init__(self, message: str, line: int | None = None, record: str | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.record = message, line, record


@dataclass
class _Parts:
    """The paragraphs of one record, sorted by what they are."""

    title: str | None = None
    language: str | None = None
    authors: str | None = None
    affiliations: dict[str, str] = field(default_factory=dict)
    unnumbered_affiliations: list[str] = field(default_factory=list)
    abstract: list[str] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)


def _sort_paragraphs(paragraphs: list[Paragraph]) -> _Parts:
    parts = _Parts()
    stage = "title"  # then "authors", then "body", then "after"
    for i, paragraph in enumerate(paragraphs):
        text = paragraph.text
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if stage == "after":
            continue
        if _ID_LINE.match(paragraph.lines[0].strip()):
            _read_ids(paragraph, parts.ids)
            if "PMID" in parts.ids:
                stage = "after"
            continue
        if stage == "title":
            parts.title = text
            stage = "authors"
            continue
        language = _LANGUAGE.match(text)
        if language and stage == "authors":
            parts.language = language_code(language[1])
            continue
        if _AUTHOR_INFO.match(paragraph.lines[0].strip()):
            _read_affiliations(paragraph.lines[1:], parts)
            stage = "body"
            continue
        if stage == "authors":
            stage = "body"
            if _is_author_list(text, following):
                parts.authors = text
                continue
        if _RELATIONS.match(text) or _COPYRIGHT.match(text) or _AFTER_IDS.match(text):
            continue
        parts.abstract.append(text)
    return parts


def _read_ids(paragraph: Paragraph, ids: dict[str, str]) -> None:
    for line in paragraph.lines:
        match = _ID_LINE.match(line.strip())
        if match:
            ids.setdefault(match[1].upper(), match[2].rstrip("."))


def _read_affiliations(lines: list[str], parts: _Parts) -> None:
    current: str | None = None
    for line in lines:
        text = line.strip()
        numbered = _AFFILIATION.match(text)
        if numbered:
            current = numbered[1]
            parts.affiliations[current] = numbered[2]
        elif current is not None:
            parts.affiliations[current] += " " + text
        else:
            parts.unnumbered_affiliations.append(text)


def _is_author_list(text: str, following: Paragraph | None) -> bool:
    if following is not None and _AUTHOR_INFO.match(following.lines[0].strip()):
        return True
    items = _split_authors(text)
    if any(marks for _, marks in items):
        return True
    return bool(items) and text.endswith(".") and all(_PERSON.match(name) for name, _ in items)


def _split_authors(text: str) -> list[tuple[str, list[str]]]:
    """``Smith J(1), Jones K(1)(2); PRUComm team.`` → names with their affiliation numbers."""
    text = text.strip().rstrip(".")
    items: list[str] = []
    depth, start = 0, 0
    for i, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char in ",;" and depth == 0:
            items.append(text[start:i])
            start = i + 1
    items.append(text[start:])
    result = []
    for item in items:
        match = _MARKS.match(item.strip())
        if match is None or not match["name"]:
            continue
        marks = re.findall(r"\d+", match["marks"])
        result.append((match["name"].strip().rstrip("."), marks))
    return result


def _authors(parts: _Parts) -> tuple[Author, ...]:
    if not parts.authors:
        return ()
    authors = []
    for index, (name, marks) in enumerate(_split_authors(parts.authors)):
        affiliations = [parts.affiliations[m] for m in marks if m in parts.affiliations]
        if index == 0 and not marks and parts.unnumbered_affiliations:
            # Older records print one affiliation, without numbers: the first author's.
            affiliations = [" ".join(parts.unnumbered_affiliations)]
        affiliations = [a for a in (clean(a) for a in affiliations) if a]
        if _PERSON.match(name):
            tokens = name.split()
            if tokens[-1] in ("Jr", "Sr", "2nd", "3rd", "4th", "II", "III", "IV"):
                tokens = tokens[:-1]
            authors.append(Author(name=name, family=" ".join(tokens[:-1]), initials=tokens[-1],
                                  affiliations=tuple(affiliations)))
        else:
            authors.append(Author(name=name, affiliations=tuple(affiliations), collective=True))
    return tuple(authors)


def _citation(text: str, line: int) -> tuple[Citation, str | None]:
    """``BMJ Open. 2022 Apr 12;12(4):e059026. doi: 10.1136/… .`` as a Citation and the DOI."""
    journal, separator, rest = text.partition(". ")
    if not separator or not clean(journal):
        raise _Unreadable("citation line does not read as 'Journal. date;volume(issue):pages.'", line)
    source, _, notes = rest.partition(". ")
    source = source.rstrip(".")
    date_part, _, after_date = source.partition(";")
    volume = issue = pages = None
    if after_date:
        volume_issue, _, pages = after_date.partition(":")
    else:  # ahead of print: "2024 Feb 5:BJGP.2023.0297"
        date_part, _, pages = date_part.partition(":")
        volume_issue = ""
    date = PartialDate.parse(date_part)
    if date is None:
        raise _Unreadable(f"no publication date in the citation line: {text[:60]!r}", line)
    vi = _VOLUME_ISSUE.match(volume_issue.strip())
    if vi:
        volume, issue = vi["volume"], vi["issue"]
    doi = _DOI_IN_CITATION.search(notes)
    return (Citation(journal=clean(journal), volume=clean(volume), issue=clean(issue), pages=clean(pages),
                     date=date, raw=text),
            doi[1].rstrip(".") if doi else None)


def _abstract(paragraphs: list[str]) -> tuple[AbstractSection, ...]:
    merged: list[str] = []
    for text in paragraphs:
        if merged and _BARE_LABEL.match(merged[-1]):
            merged[-1] += " " + text  # "BACKGROUND:" alone, its text in the next paragraph
        else:
            merged.append(text)
    return split_abstract(merged)


def _document(record: _Record, source: str) -> Document:
    first = record.paragraphs[0]
    head = _START.match(first.lines[0])
    assert head  # a record starts at a numbered line
    cite_text = normalize_space(" ".join([head[2], *first.lines[1:]]))
    parts = _sort_paragraphs(record.paragraphs[1:])
    pmid = parts.ids.get("PMID")
    if not pmid or not pmid.isdigit():
        raise _Unreadable("record has no 'PMID: digits' line", first.line)
    try:
        citation, cited_doi = _citation(cite_text, first.line)
    except _Unreadable as problem:
        problem.record = pmid
        raise
    citation = dataclasses.replace(citation, language=parts.language)
    pmcid = parts.ids.get("PMCID")
    other = tuple((scheme.lower(), value) for scheme, value in parts.ids.items()
                  if scheme in ("PII", "NIHMSID"))
    ids = Identifiers(pmid=pmid, doi=clean(parts.ids.get("DOI") or cited_doi),
                      pmcid=pmcid.upper() if pmcid else None, other=other)
    last = record.paragraphs[-1]
    return Document(
        kind=DocumentKind.PAPER,
        ids=ids,
        title=clean(parts.title),
        citation=citation,
        authors=_authors(parts),
        abstract=_abstract(parts.abstract),
        sources=(SourceSpan(file=source, format=NAME, start_line=first.line, end_line=last.end_line,
                            record=record.number),),
    )
