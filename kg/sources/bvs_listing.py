"""BVS portal result listing, as text copied from the browser.

The MEDLINE listing pages of the Virtual Health Library portal
(pesquisa.bvsalud.org). Per record::

    1.
    J Public Health (Oxf) ; 45(Suppl 1): i54-i62, 2023 12 21.
    Article in English | MEDLINE | ID: mdl-38127564

    ABSTRACT

    BACKGROUND: ... (one or more paragraphs)

    Subject(s)
    General Practice , General Practitioners , Humans

A record starts at a line ``N.`` whose second next line is the
``Article in … | ID: …`` line; record numbers can have gaps. The text copy
has no titles or authors.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import TextIO

from kg.errors import ParseError
from kg.model import Document, DocumentKind, Identifiers, MeshHeading, SourceSpan
from kg.sources._common import (
    bvs_language,
    bvs_pmid,
    parse_bvs_citation,
    split_abstract,
)

NAME = "bvs-listing"
DESCRIPTION = "BVS/LILACS portal MEDLINE result listing copied as text ('N.', citation line, 'Article in … | ID: mdl-…')"
EXTENSIONS = (".txt",)

_NUMBER = re.compile(r"^\s*(\d{1,5})\.\s*$")
_ID_LINE = re.compile(r"^\s*(?:Article|Document|Thesis|Monograph|Report)\b.*\|\s*ID:\s*(\S+)\s*$", re.I)
_END_MARKERS = ("SELECTION OF CITATIONS", "SEARCH DETAIL")


def sniff(head: str) -> float:
    """High when the text has numbered records with ``| ID:`` lines."""
    lines = head.splitlines()
    ids = sum(1 for line in lines if _ID_LINE.match(line))
    if not ids:
        return 0.0
    starts = sum(1 for i, line in enumerate(lines[:-2]) if _NUMBER.match(line) and _ID_LINE.match(lines[i + 2]))
    return 0.9 if starts else 0.4


def parse(stream: TextIO, source: str) -> Iterator[Document | ParseError]:
    """Yield one paper per listed record."""
    window: list[tuple[int, str]] = []  # look-ahead of three lines
    block: list[tuple[int, str]] = []
    lines = enumerate(stream, 1)
    for number, raw in lines:
        window.append((number, raw.rstrip("\r\n")))
        if len(window) < 3:
            continue
        if _starts_record(window):
            if block:
                yield from _record(block, source)
            block = []
        block.append(window.pop(0))
    for item in window:  # the last lines never start a record
        block.append(item)
    if block:
        yield from _record(block, source)


def _starts_record(window: list[tuple[int, str]]) -> bool:
    return bool(_NUMBER.match(window[0][1]) and _ID_LINE.match(window[2][1]))


def _record(block: list[tuple[int, str]], source: str) -> Iterator[Document | ParseError]:
    first_line = block[0][0]
    number = _NUMBER.match(block[0][1])
    if not number or len(block) < 3:
        problem = _header_problem(block, source)
        if problem:
            yield problem
        return
    record_no = number[1]
    citation_line, id_line = block[1][1], block[2][1]
    id_match = _ID_LINE.match(id_line)
    assert id_match  # guaranteed by _starts_record
    doc_id = id_match[1]
    abstract, subjects = _sections(block[3:])
    citation = parse_bvs_citation(citation_line)
    if not citation.journal:
        yield ParseError("citation line does not read as 'Journal ; vol(issue): pages, date.'",
                          source=source, line=block[1][0], record=doc_id)
        return
    citation = dataclasses.replace(citation, language=bvs_language(id_line))
    pmid = bvs_pmid(doc_id)
    other = (("bvs", doc_id),)
    yield Document(
        kind=DocumentKind.PAPER,
        ids=Identifiers(pmid=pmid, other=other),
        citation=citation,
        abstract=split_abstract(abstract),
        mesh=tuple(_mesh(subjects)),
        sources=(SourceSpan(file=source, format=NAME, start_line=first_line,
                            end_line=_last_text_line(block), record=record_no),),
    )


def _sections(lines: list[tuple[int, str]]) -> tuple[list[str], list[str]]:
    abstract: list[str] = []
    subjects: list[str] = []
    target: list[str] | None = None
    for _, text in lines:
        stripped = text.strip()
        if stripped.upper() in _END_MARKERS:
            break
        if stripped.upper() == "ABSTRACT":
            target = abstract
        elif stripped.lower() in ("subject(s)", "subjects"):
            target = subjects
        elif stripped and target is not None:
            target.append(stripped)
    return abstract, subjects


def _mesh(lines: list[str]) -> Iterator[MeshHeading]:
    for line in lines:
        for term in line.split(" , "):
            term = term.strip().strip(",").strip()
            if not term:
                continue
            descriptor, _, qualifier = term.partition("/")
            yield MeshHeading(descriptor=descriptor.strip(), qualifier=qualifier.strip() or None)


def _last_text_line(block: list[tuple[int, str]]) -> int:
    for number, text in reversed(block):
        if text.strip():
            return number
    return block[-1][0]


def _header_problem(block: list[tuple[int, str]], source: str) -> ParseError | None:
    """Text before the first record is the page header; it must hold no record fragments."""
    for number, text in block:
        if _ID_LINE.match(text):
            return ParseError("'| ID:' line outside a numbered record", source=source, line=number)
    return None
