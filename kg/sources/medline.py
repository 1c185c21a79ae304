"""PubMed MEDLINE export (``.nbib``, "PubMed format", ``efetch rettype=medline``).

One tagged line per field, the tag left-justified in four columns and
followed by ``- ``; a value too long for one line goes on in continuation
lines indented six spaces; records are separated by blank lines::

    PMID- 35414562
    IS  - 2044-6055 (Electronic)
    IS  - 2044-6055 (Linking)
    VI  - 12
    IP  - 4
    DP  - 2022 Apr 12
    TI  - Skill mix change in general practice: a qualitative study of ...
          continued title.
    LID - e059026 [pii]
    LID - 10.1136/bmjopen-2021-059026 [doi]
    AB  - OBJECTIVES: To explore ... DESIGN: Qualitative ...
    FAU - Checkland, Kath
    AU  - Checkland K
    AUID- ORCID: 0000-0002-9961-5317
    AD  - Centre for Primary Care, University of Manchester, Manchester, UK.
    CN  - PRUComm team
    LA  - eng
    PT  - Journal Article
    TA  - BMJ Open
    JT  - BMJ open
    MH  - *General Practice/organization & administration
    OT  - primary care
    PMC - PMC9006837
    SO  - BMJ Open. 2022 Apr 12;12(4):e059026. doi: 10.1136/bmjopen-2021-059026.

``FAU``/``AU`` (and ``CN`` for a group) list the authors in order; the
``AD`` and ``AUID`` lines after an author belong to that author, and an
``AD`` line before the first author (as records from before 2014 have it)
to the first author. Repeated
tags (``IS``, ``LID``, ``AID``, ``PT``, ``MH``, ``OT``) are all kept; a
continuation line (any line starting with white space) extends the value of
the tag above it. Tags without a home in the record model (``CI``
copyright, ``COIS``, ``GR`` grants, ``TT`` vernacular title, ``PL``, the
``PHST``/``EDAT`` history, ``IR`` investigators, ...) are read and dropped.
A record without ``PMID``, or with a line that is neither a tag line nor a
continuation, is reported as a :class:`~kg.errors.ParseError` and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from kg._text import normalize_space
from kg.errors import ParseError
from kg.model import (
    Author,
    Citation,
    Document,
    DocumentKind,
    Identifiers,
    MeshHeading,
    PartialDate,
    SourceSpan,
)
from kg.sources._common import (
    bare_doi,
    clean,
    language_code,
    parse_mesh_term,
    split_abstract,
)

NAME = "medline"
DESCRIPTION = "PubMed MEDLINE/.nbib export (tagged lines 'PMID- 123', 'TI  - ...', six-space continuations)"
EXTENSIONS = (".nbib", ".medline")

# The tag fills columns 1-4 (padded with spaces) and column 5 is the dash.
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]{1,3}) {0,3}-(?: (.*))?$")
_PMID_LINE = re.compile(r"^PMID- ?\d+\s*$", re.M)
# Tags MEDLINE has and RIS (whose "AU  - " lines look alike) has not.
_MEDLINE_TAG = re.compile(
    r"^(?:FAU|DP|TA|JT|SO|PT|MH|LID|AID|OWN|STAT|DCOM|LR|EDAT|MHDA|CRDT|PHST|PST|JID|PL|SB|DEP|OTO|OT) {0,2}- ",
    re.M)
_RIS_MARK = re.compile(r"^(?:TY|ER)  -", re.M)
_ISSN = re.compile(r"(\d{4}-\d{3}[\dXx])\s*(?:\((\w+)\))?")
_ORCID = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])")
_TAGGED_ID = re.compile(r"^(.*?)\s*\[(\w+)\]\s*$")
_ISSN_PREFERENCE = ("linking", "electronic", "print")


def sniff(head: str) -> float:
    """High when a ``PMID- digits`` line is followed by other MEDLINE tag lines."""
    try:
        text = head.lstrip("\ufeff")
        if _RIS_MARK.search(text):
            return 0.0
        tags = len(_MEDLINE_TAG.findall(text))
        if _PMID_LINE.search(text):
            return 0.95 if tags >= 2 else 0.6
        # A fragment whose first record was cut off still shows the tags.
        return 0.5 if tags >= 5 else 0.0
    except Exception:  # a sniffer must never raise
        return 0.0


@dataclass
class _Field:
    tag: str
    parts: list[str]  # the value's first line and its continuations
    line: int
    _value: str | None = None

    @property
    def value(self) -> str:
        """The value, its continuation lines joined and white space collapsed (computed once)."""
        if self._value is None:
            parts = self.parts
            joined = parts[0] if len(parts) == 1 else " ".join(parts)
            self._value = normalize_space(joined) if len(parts) > 1 or "  " in joined or "\t" in joined \
                else joined.strip()
        return self._value


@dataclass
class _Record:
    """The raw fields of one record and where it sits in the file."""

    ordinal: int
    start_line: int
    end_line: int
    fields: list[_Field] = field(default_factory=list)
    bad_line: int | None = None  # the first line that is neither a tag nor a continuation
    bad_text: str = ""

    @property
    def pmid(self) -> str | None:
        for f in self.fields:
            if f.tag == "PMID":
                digits = normalize_space(f.value)
                return digits if digits.isdigit() else None
        return None


def parse(stream: TextIO, source: str) -> Iterator[Document | ParseError]:
    """Yield one paper per MEDLINE record, reading ``stream`` line by line."""
    ordinal = 0
    last_line = 0
    try:
        for record in _records(stream):
            ordinal = record.ordinal
            last_line = record.end_line
            yield _document_or_error(record, source)
    except Exception as exc:  # a decoding or I/O failure part-way through the stream
        yield ParseError(f"could not read the input: {exc}", source=source, line=last_line + 1,
                         record=str(ordinal + 1))


def _lines(stream: Iterable[str]) -> Iterator[str]:
    """Lines without their ends, read in large blocks (much faster than line by line)."""
    read = getattr(stream, "read", None)
    if read is None:
        for raw in stream:
            yield raw.rstrip("\r\n")
        return
    rest = ""
    while block := read(1 << 20):
        lines = (rest + block).split("\n")
        rest = lines.pop()
        for line in lines:
            yield line[:-1] if line.endswith("\r") else line
    if rest:
        yield rest.rstrip("\r")


def _records(lines: Iterable[str]) -> Iterator[_Record]:
    """Group lines into records at blank lines; continuation lines join their tag's value."""
    record: _Record | None = None
    ordinal = 0
    for number, line in enumerate(_lines(lines), 1):
        if not line or line.isspace():
            if record is not None:
                yield record
                record = None
            continue
        if record is None:
            ordinal += 1
            record = _Record(ordinal=ordinal, start_line=number, end_line=number)
        record.end_line = number
        if line[4:6] == "- " and line[0] != " " and line[:4].rstrip().isalnum():  # the usual "TAG - value"
            record.fields.append(_Field(line[:4].rstrip(), [line[6:]], number))
            continue
        tagged = _TAG_LINE.match(line)
        if tagged:
            record.fields.append(_Field(tagged[1], [tagged[2] or ""], number))
        elif line[0].isspace() and record.fields:
            record.fields[-1].parts.append(line.strip())
        elif record.bad_line is None:  # reading on still finds the PMID to name the lost record by
            record.bad_line, record.bad_text = number, line
    if record is not None:
        yield record


def _document_or_error(record: _Record, source: str) -> Document | ParseError:
    pmid = record.pmid
    record_id = pmid or str(record.ordinal)
    if record.bad_line is not None:
        shown = record.bad_text if len(record.bad_text) <= 40 else record.bad_text[:37] + "..."
        return ParseError(f"line is neither 'TAG - value' nor an indented continuation: {shown!r}",
                          source=source, line=record.bad_line, record=record_id)
    if pmid is None:
        return ParseError("record has no PMID line", source=source, line=record.start_line, record=record_id)
    try:
        return _document(record, pmid, source)
    except Exception as exc:  # never let a strange value escape as anything but a ParseError
        return ParseError(f"could not read the record: {exc}", source=source, line=record.start_line,
                          record=record_id)


@dataclass
class _AuthorDraft:
    full: str | None = None  # FAU: "Checkland, Kath"
    short: str | None = None  # AU: "Checkland K"
    collective: str | None = None  # CN
    affiliations: list[str] = field(default_factory=list)
    orcid: str | None = None

    def build(self) -> Author | None:
        if self.collective:
            return Author(name=self.collective, affiliations=tuple(self.affiliations), orcid=self.orcid,
                          collective=True)
        family = given = initials = None
        if self.short:
            family, initials = _split_short_name(self.short)
        if self.full:
            family_part, _, given_part = self.full.partition(",")
            family, given = clean(family_part), clean(given_part)
        if family and given:
            name = f"{given} {family}"
        else:
            name = clean(self.full) or clean(self.short) or ""
        if not name:
            return None
        return Author(name=name, family=family, given=given, initials=initials,
                      affiliations=tuple(self.affiliations), orcid=self.orcid)


def _split_short_name(short: str) -> tuple[str | None, str | None]:
    """``Checkland K`` → (``Checkland``, ``K``); a name without initials is all family name."""
    parts = normalize_space(short).split(" ")
    if len(parts) > 2 and parts[-1] in ("Jr", "Sr", "2nd", "3rd", "II", "III", "IV"):
        parts = parts[:-1]
    if len(parts) > 1 and re.fullmatch(r"[A-Z]{1,4}", parts[-1]):
        return " ".join(parts[:-1]), parts[-1]
    return clean(short), None


_AUTHOR_TAGS = frozenset({"FAU", "AU", "CN", "AD", "AUID"})


def _authors(fields: list[_Field]) -> tuple[Author, ...]:
    drafts: list[_AuthorDraft] = []
    leading: list[str] = []  # AD lines before the first author: older records give the first author's there
    for f in fields:
        if f.tag not in _AUTHOR_TAGS:
            continue
        value = f.value
        if not value:
            continue
        if f.tag == "FAU":
            drafts.append(_AuthorDraft(full=value))
        elif f.tag == "AU":
            current = drafts[-1] if drafts else None
            if current is not None and current.full and not current.short and not current.collective:
                current.short = value
            else:
                drafts.append(_AuthorDraft(short=value))
        elif f.tag == "CN":
            drafts.append(_AuthorDraft(collective=value))
        elif f.tag == "AD":
            (drafts[-1].affiliations if drafts else leading).append(value)
        elif f.tag == "AUID" and drafts and value.upper().startswith("ORCID"):
            found = _ORCID.search(value)
            if found:
                drafts[-1].orcid = "-".join(found.groups()).upper()
    if drafts and leading:
        drafts[0].affiliations[:0] = leading
    return tuple(a for a in (d.build() for d in drafts) if a is not None)


def _issn(values: list[str]) -> str | None:
    found: dict[str, str] = {}
    first = None
    for value in values:
        match = _ISSN.search(value)
        if not match:
            continue
        first = first or match[1].upper()
        found.setdefault((match[2] or "").lower(), match[1].upper())
    return next((found[kind] for kind in _ISSN_PREFERENCE if kind in found), first)


def _document(record: _Record, pmid: str, source: str) -> Document:
    values: dict[str, list[str]] = {}
    for f in record.fields:
        values.setdefault(f.tag, []).append(f.value)

    def one(tag: str) -> str | None:
        return next((v for v in values.get(tag, ()) if v), None)

    doi = pii = None
    for located in values.get("LID", []) + values.get("AID", []):
        tagged = _TAGGED_ID.match(located)
        if not tagged:
            continue
        kind = tagged[2].lower()
        if kind == "doi" and doi is None:
            doi = bare_doi(tagged[1])
        elif kind == "pii" and pii is None:
            pii = clean(tagged[1])
    pmcid = one("PMC")
    ids = Identifiers(pmid=pmid, doi=doi, pmcid=pmcid.upper() if pmcid else None,
                      other=(("pii", pii),) if pii else ())
    citation = Citation(
        journal=one("TA"),
        journal_title=one("JT"),
        issn=_issn(values.get("IS", [])),
        volume=one("VI"),
        issue=one("IP"),
        pages=one("PG"),
        date=PartialDate.parse(one("DP")),
        language=language_code(one("LA")),
        publication_types=tuple(v for v in values.get("PT", []) if v),
        raw=one("SO"),
    )
    mesh: list[MeshHeading] = []
    for term in values.get("MH", []):
        mesh.extend(parse_mesh_term(term))
    abstract = one("AB")
    return Document(
        kind=DocumentKind.PAPER,
        ids=ids,
        title=one("TI"),
        citation=citation,
        authors=_authors(record.fields),
        abstract=split_abstract([abstract]) if abstract else (),
        mesh=tuple(mesh),
        keywords=tuple(v for v in values.get("OT", []) if v),
        sources=(SourceSpan(file=source, format=NAME, start_line=record.start_line,
                            end_line=record.end_line, record=pmid),),
    )
