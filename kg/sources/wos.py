"""Web of Science exports: "plain text" (tagged) and "tab-delimited" (UTF-8 or UTF-16).

**Plain text.** An optional header (``FN Clarivate Analytics Web of Science``,
``VR 1.0``), then records from ``PT`` to ``ER``; a field is a two-character
tag, a space and a value; a line indented three spaces continues the field
above it, one item per line for the list fields (``AU``, ``AF``, ``CR``,
``C1``), a wrapped value for the others; ``EF`` ends the file::

    PT J
    AU Owen-Smith, J
       Powell, WW
    AF Owen-Smith, Jason
       Powell, Walter W.
    TI Knowledge networks as channels and conduits: The effects of spillovers
       in the Boston biotechnology community
    SO ORGANIZATION SCIENCE
    C1 [Owen-Smith, Jason] Univ Michigan, Dept Sociol, Ann Arbor, MI 48104 USA.
    CR Ahuja G, 2000, ADMIN SCI QUART, V45, P425, DOI 10.2307/2667105
       Audretsch DB, 1996, AM ECON REV, V86, P641
    PY 2004
    DI 10.1287/orsc.1030.0054
    UT WOS:000220015600001
    ER

**Tab-delimited.** A header line of the same tags separated by tabs
(``PT AU BA … UT``), then one record per line; list fields are joined by
``; `` (``CR``, ``AU``). Windows exports come in UTF-8 or UTF-16LE with a
byte-order mark and CRLF line ends; :class:`~kg.sources.inputs.Source`
decodes both.

Fields: ``TI`` title; ``AF`` full names ("Family, Given"), else ``AU``
("Family, Initials"); ``C1`` addresses, ``[Name; Name] Institution, Dept,
City`` giving each named author the address and the institution (its first
part), or, for an old record without names, every author when there is only
one; ``OI`` ORCIDs ("Name/0000-…") joined to authors by name; ``SO`` source
title, ``JI`` ISO abbreviation (the journal, as MEDLINE's ``TA`` is), ``J9``
when ``JI`` is missing; ``SN``/``EI`` ISSN; ``VL``, ``IS``, ``BP``-``EP`` or
``AR`` (article number); ``PY`` with ``PD`` ("JAN-FEB", "DEC 15"), or ``EA``
/``EY`` for early access; ``DI`` DOI; ``PM`` PMID; ``UT`` the WoS accession
number; ``LA`` language; ``DT`` document types; ``PU`` publisher; ``AB``
abstract; ``DE`` author keywords and ``ID`` Keywords Plus; ``CR`` cited
references, one :class:`~kg.model.Reference` each with its ``DOI`` (the
first, when WoS lists several as ``DOI [a, b]``). ``PT B`` (a book) is a
report; every other type a paper.

A record whose ``ER`` never comes (the next ``PT``, or the end of the file:
a truncated export), a line that is neither a tag nor a continuation, or a
tab-delimited line with fewer columns than the header is reported as a
:class:`~kg.errors.ParseError` naming its line and record number; the other
records are read.
"""

from __future__ import annotations

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
    Institution,
    PartialDate,
    Reference,
    SourceSpan,
)
from kg.sources import _scholarly as ids
from kg.sources._common import clean, initials_of, language_code, split_abstract

NAME = "wos"
DESCRIPTION = "Web of Science plain-text ('FN … PT J … ER') or tab-delimited ('PT<tab>AU<tab>…') export"
EXTENSIONS = ()  # WoS saves .txt, like every other text export: content decides

__all__ = ["NAME", "DESCRIPTION", "EXTENSIONS", "sniff", "parse"]

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])(?: (.*))?$")
_CONTINUATION = re.compile(r"^ {2,3}(\S.*)$")
_LIST_TAGS = {"AU", "AF", "BA", "BF", "BE", "CR", "C1"}  # one item per line in plain text
_HEADER_TAGS = {"FN", "VR"}
_PLAIN_HEAD = re.compile(r"^(?:FN .*Web of Science|PT [A-Z]\s*$)", re.M)
_PLAIN_FIELDS = re.compile(r"^(?:AU|TI|SO|UT|ER|CR|DT|PY) ", re.M)
_TAB_HEADER = re.compile(r"^PT\tAU\t")
_DOI_IN_CR = re.compile(r"\bDOI\s+\[?\s*(10\.\d{4,9}/[^\s,\]]+)", re.I)
_ADDRESS = re.compile(r"\[([^\]]+)\]\s*([^\[]+)")


def sniff(head: str) -> float:
    """High for a ``FN … Web of Science`` header or a ``PT<tab>AU<tab>`` header line; lower for bare records."""
    text = _undo_utf16_misread(head).lstrip("\ufeff\ufffd\u00ff\u00fe\u00ef\u00bb\u00bf")
    if _TAB_HEADER.match(text):
        return 0.95
    first = next((line for line in text.splitlines() if line.strip()), "")
    if first.startswith("FN ") and "Web of Science" in text[:400]:
        return 0.95
    if re.match(r"^PT [A-Z]\s*$", first) and len(set(_PLAIN_FIELDS.findall(text))) >= 4:
        return 0.8
    return 0.0


def _undo_utf16_misread(head: str) -> str:
    """UTF-16 text read as if it were UTF-8 shows a NUL after every ASCII character; drop them."""
    return head.replace("\x00", "") if head.count("\x00") > len(head) // 4 else head


def parse(stream: TextIO, source: str) -> Iterator[Document | ParseError]:
    """Yield one document per record, and a ParseError for each record that cannot be read."""
    first = stream.readline()
    first_clean = first.lstrip("\ufeff")
    if _TAB_HEADER.match(first_clean):
        yield from _parse_tabbed(first_clean, stream, source)
    else:
        yield from _parse_plain(first, stream, source)


# ---------------------------------------------------------------- plain text

def _parse_plain(first: str, stream: TextIO, source: str) -> Iterator[Document | ParseError]:
    fields: dict[str, list[str]] | None = None  # the open record
    tag: str | None = None
    start = number = 0
    broken: str | None = None
    line_no = 0

    def lines() -> Iterator[str]:
        yield first
        yield from stream

    for line_no, raw in enumerate(lines(), 1):
        line = raw.rstrip("\r\n").lstrip("\ufeff") if line_no == 1 else raw.rstrip("\r\n")
        if not line.strip():
            continue
        tag_match = _TAG_LINE.match(line)
        continuation = _CONTINUATION.match(line)
        if tag_match and not continuation:
            new_tag, value = tag_match[1], tag_match[2] or ""
            if new_tag in _HEADER_TAGS and fields is None:
                continue
            if new_tag == "EF" and fields is None:
                break
            if new_tag == "PT" or (fields is None and new_tag != "ER"):
                if fields is not None:
                    yield ParseError("record has no 'ER' line before the next 'PT' (truncated record?)",
                                     source=source, line=start, record=str(number))
                number += 1
                fields, tag, start, broken = {}, None, line_no, None
                if new_tag != "PT":
                    broken = f"record starts with '{new_tag}', not 'PT'"
            if new_tag == "ER":
                if fields is None:
                    continue
                if broken:
                    yield ParseError(broken, source=source, line=start, record=str(number))
                else:
                    yield _record(fields, source, start, line_no, str(number))
                fields, tag = None, None
                continue
            if new_tag == "EF":
                break
            tag = new_tag
            fields.setdefault(tag, []).append(value.strip())
        elif continuation and fields is not None and tag is not None:
            value = continuation[1].strip()
            if tag in _LIST_TAGS:
                fields[tag].append(value)
            else:
                fields[tag][-1] = f"{fields[tag][-1]} {value}".strip()
        elif fields is not None and broken is None:
            broken = f"line {line_no} is neither a field ('XX value') nor a continuation"
        elif fields is None:
            yield ParseError("text outside a record (expected 'PT', 'ER' or 'EF')", source=source, line=line_no)
            return
    if fields is not None:
        yield ParseError("record has no 'ER' line: the file ends inside it (truncated export?)",
                         source=source, line=start, record=str(number))


# ---------------------------------------------------------------- tab-delimited

def _parse_tabbed(header_line: str, stream: TextIO, source: str) -> Iterator[Document | ParseError]:
    header = [h.strip() for h in header_line.rstrip("\r\n").split("\t")]
    while header and not header[-1]:
        header.pop()  # WoS ends every line with a tab
    for line_no, raw in enumerate(stream, 2):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        number = str(line_no - 1)
        cells = line.split("\t")
        if len(cells) < len(header):
            yield ParseError(f"the line has {len(cells)} columns, the header {len(header)} (truncated line?)",
                             source=source, line=line_no, record=number)
            continue
        fields: dict[str, list[str]] = {}
        for name, value in zip(header, cells):
            value = value.strip()
            if not value:
                continue
            # C1 stays whole: "[Name; Name] Address; [Name] Address" splits by its brackets, not at "; "
            split = name in _LIST_TAGS and name != "C1"
            fields[name] = [v.strip() for v in value.split("; ") if v.strip()] if split else [value]
        yield _record(fields, source, line_no, line_no, number)


# ---------------------------------------------------------------- a record

def _record(fields: dict[str, list[str]], source: str, start: int, end: int, number: str) -> Document | ParseError:
    def one(*tags: str) -> str | None:
        for tag in tags:
            values = fields.get(tag)
            if values and clean(values[0]):
                return clean(" ".join(values))
        return None

    title = one("TI")
    wos_id = one("UT")
    doi = ids.doi(one("DI"))
    if not title and not doi and not wos_id:
        return ParseError("record has no title (TI), DOI (DI) or accession number (UT)", source=source,
                          line=start, record=number)
    publication_type = one("PT") or ""
    document_types = tuple(t.strip() for t in (one("DT") or "").split(";") if t.strip())
    kind = DocumentKind.REPORT if publication_type == "B" else DocumentKind.PAPER
    abstract = one("AB")
    keywords = [k.strip() for tag in ("DE", "ID") for k in (one(tag) or "").split(";") if k.strip()]
    return Document(
        kind=kind,
        ids=Identifiers(doi=doi, pmid=ids.pmid(one("PM")), wos=wos_id),
        title=title,
        citation=Citation(
            journal=one("JI", "J9") if kind is DocumentKind.PAPER else None,
            journal_title=one("SO", "SE"),
            issn=ids.issn(one("SN")) or ids.issn(one("EI")),
            volume=one("VL"),
            issue=one("IS"),
            pages=ids.pages(one("BP"), one("EP")) or one("AR"),
            date=_date(one("PY"), one("PD"), one("EA"), one("EY")),
            language=language_code(one("LA")),
            publication_types=document_types,
            publisher=one("PU"),
        ),
        authors=tuple(_authors(fields)),
        abstract=split_abstract([abstract]) if abstract else (),
        keywords=tuple(dict.fromkeys(keywords)),
        references=tuple(_reference(cr) for cr in fields.get("CR", []) if clean(cr)),
        sources=(SourceSpan(file=source, format=NAME, start_line=start, end_line=end, record=number),),
    )


def _date(year: str | None, published: str | None, early: str | None, early_year: str | None) -> PartialDate | None:
    if year:
        return PartialDate.parse(f"{published} {year}" if published else year) or PartialDate.parse(year)
    if early:  # early access: "JAN 2021", or "EA" with its year in "EY"
        return PartialDate.parse(early if re.search(r"\d{4}", early) else f"{early} {early_year or ''}")
    return PartialDate.parse(early_year)


def _reference(text: str) -> Reference:
    text = clean(text) or ""
    match = _DOI_IN_CR.search(text)
    return Reference(text=text, doi=ids.doi(match[1]) if match else None)


def _authors(fields: dict[str, list[str]]) -> Iterator[Author]:
    full = fields.get("AF") or []
    short = fields.get("AU") or []
    names = full or short
    addresses = _addresses(fields.get("C1") or [])
    if not addresses and len(names) == 1:  # an old record: addresses without names, one author
        addresses = {_name_key(names[0]): tuple((a, None) for a in _address_only(fields.get("C1") or []))}
    orcids = _by_name(fields.get("OI") or [])
    for i, name in enumerate(names):
        family, _, given = (part.strip() for part in name.partition(","))
        if not family:
            continue
        initials = None
        if i < len(short) and "," in short[i]:
            initials = re.sub(r"[\s.]", "", short[i].partition(",")[2]) or None
        places = addresses.get(_name_key(name), ())
        yield Author(
            name=f"{given} {family}" if given else family,
            family=family,
            given=given or None,
            initials=initials or initials_of(given),
            affiliations=tuple(address for address, _ in places),
            orcid=orcids.get(_name_key(name)),
            institutions=tuple(dict.fromkeys(Institution(name=inst) for _, inst in places if inst)),
        )
    for group in fields.get("CA", []) + fields.get("GP", []):
        if clean(group):
            yield Author(name=clean(group) or group, collective=True)


def _addresses(lines: list[str]) -> dict[str, tuple[tuple[str, str | None], ...]]:
    """``[Name; Name] Address`` lines as ``{name key: ((address, institution), …)}``."""
    found: dict[str, list[tuple[str, str | None]]] = {}
    for line in lines:
        for match in _ADDRESS.finditer(line):
            address = (clean(match[2]) or "").rstrip(";").strip()
            institution = clean(address.split(",")[0]) if address else None
            for person in match[1].split(";"):
                found.setdefault(_name_key(person), []).append((address.rstrip("."), institution))
    return {key: tuple(dict.fromkeys(values)) for key, values in found.items()}


def _address_only(lines: list[str]) -> list[str]:
    """Addresses of an old record that names no authors in ``C1``."""
    return [a for line in lines if "[" not in line for part in line.split("; ") for a in (clean(part.rstrip(".;")),)
            if a]


def _by_name(values: list[str]) -> dict[str, str]:
    """``OI``: "Owen-Smith, Jason/0000-0002-…; Powell, Walter/0000-…" as ``{name key: ORCID}``."""
    found: dict[str, str] = {}
    for value in values:
        for item in value.split(";"):
            name, _, code = item.rpartition("/")
            orcid = ids.orcid(code)
            if name.strip() and orcid:
                found.setdefault(_name_key(name), orcid)
    return found


def _name_key(name: str) -> str:
    """"Powell, Walter W.", "Powell, WW" and "Powell, Walter" meet as ``powell|w``: the family name and the
    first initial (old records give initials in ``AF`` and full names in ``OI``)."""
    family, _, given = name.partition(",")
    return f"{family.strip().lower()}|{given.strip()[:1].lower()}"
