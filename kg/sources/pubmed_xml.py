"""PubMed/MEDLINE XML: a ``PubmedArticleSet``, as efetch (``retmode=xml``) and the baseline files give it.

The layout follows NLM's ``pubmed_250101.dtd``::

    <?xml version="1.0" ?>
    <!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://…/pubmed_250101.dtd">
    <PubmedArticleSet>
    <PubmedArticle>
        <MedlineCitation Status="MEDLINE" Owner="NLM">
            <PMID Version="1">35414562</PMID>
            <Article PubModel="Electronic">
                <Journal> ISSN, JournalIssue (Volume, Issue, PubDate), Title, ISOAbbreviation </Journal>
                <ArticleTitle>…</ArticleTitle>
                <Pagination><MedlinePgn>e059026</MedlinePgn></Pagination>
                <ELocationID EIdType="doi" ValidYN="Y">10.1136/…</ELocationID>
                <Abstract><AbstractText Label="OBJECTIVE" NlmCategory="OBJECTIVE">…</AbstractText>…</Abstract>
                <AuthorList> Author (LastName, ForeName, Initials | CollectiveName; Identifier; AffiliationInfo) </AuthorList>
                <Language>eng</Language>
                <PublicationTypeList>…</PublicationTypeList>
            </Article>
            <MedlineJournalInfo><MedlineTA>BMJ Open</MedlineTA>…</MedlineJournalInfo>
            <CommentsCorrectionsList> CommentsCorrections RefType="Cites" (RefSource, PMID) </CommentsCorrectionsList>
            <MeshHeadingList> MeshHeading (DescriptorName UI MajorTopicYN, QualifierName UI MajorTopicYN*) </MeshHeadingList>
            <KeywordList Owner="NOTNLM"><Keyword>…</Keyword></KeywordList>
        </MedlineCitation>
        <PubmedData>
            <ArticleIdList> ArticleId IdType="pubmed" | "doi" | "pmc" | "pii" … </ArticleIdList>
            <ReferenceList> Reference (Citation, ArticleIdList) </ReferenceList>
        </PubmedData>
    </PubmedArticle>
    …
    </PubmedArticleSet>

Each ``PubmedArticle`` gives one paper. Inline markup in titles, abstracts
and references (``<i>``, ``<sub>``, ``<sup>``, ``<b>``, MathML) is read as
its text. ``Citation.journal`` is the MedlineTA abbreviation that MEDLINE
listings print (else the ISO abbreviation); ``journal_title`` the full title.
The publication date is ``JournalIssue/PubDate`` (``Year``/``Month``/``Day``,
a ``Season``, or a ``MedlineDate`` such as ``2019 Nov-Dec``). References are
the ``CommentsCorrections`` entries of type ``Cites`` and the
``PubmedData/ReferenceList`` entries, in that order. Authors marked
``ValidYN="N"`` (names PubMed found to be wrong) and editor lists are left
out, as are ``OtherAbstract`` (translations), an abstract section label of
``UNLABELLED`` (the section keeps its category), and what the record model
has no place for: history dates, grants, chemicals, author name suffixes,
identifiers other than the PMID, DOI, PMCID and the publisher's ``pii``
(kept in ``Identifiers.other``, preferring the ELocationID one as MEDLINE's
``LID`` does).

``PubmedBookArticle`` records (NCBI Bookshelf) are reported as a
:class:`~kg.errors.ParseError` and skipped; ``DeleteCitation`` lists of
update files are ignored. The file is read in chunks by lxml's pull parser
and each record is dropped once read, so a baseline file of tens of thousands of
records streams in constant memory. No DTD or external entity is ever loaded.
Malformed XML stops the parse with an error naming its line and column
(XML cannot be resynchronised); the records before it are kept.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import TYPE_CHECKING, TextIO, TypeVar

from kg.errors import ParseError
from kg.model import (
    AbstractSection,
    Author,
    Citation,
    Document,
    DocumentKind,
    Identifiers,
    MeshHeading,
    PartialDate,
    Reference,
    SourceSpan,
)
from kg.sources._common import bare_doi, clean, language_code

if TYPE_CHECKING:
    from lxml import etree

NAME = "pubmed-xml"
DESCRIPTION = "PubMed/MEDLINE XML from efetch or the baseline files (root element <PubmedArticleSet>)"
EXTENSIONS = (".xml",)

_T = TypeVar("_T")

_CHUNK = 1 << 16  # characters fed to the parser at a time
_EVENT_TAGS = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")  # the children of the root read
_RECORD_TAG = re.compile(r"<(/?)(?:PubmedArticle|PubmedBookArticle)(?=[\s/>])[^>]*>")
_ELEMENT_NAME = re.compile(r"<([A-Za-z_][\w.-]*)")
_SNIFF_SCORES = {"PubmedArticleSet": 0.95, "PubmedArticle": 0.9, "PubmedBookArticle": 0.9}
_TRUNCATION = re.compile(r"Premature end of data|EndTag: '</' not found|expected '>'|Couldn't find end of")
_ORCID = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])\s*$")


def sniff(head: str) -> float:
    """High when the first element (after the XML declaration, comments and DOCTYPE) is a PubMed one."""
    match = _ELEMENT_NAME.match(head, _prolog_end(head))
    return _SNIFF_SCORES.get(match[1], 0.0) if match else 0.0


def _prolog_end(head: str) -> int:
    """Where the first element starts: past a BOM, white space, ``<?…?>``, comments and the DOCTYPE."""
    pos = 1 if head.startswith("\ufeff") else 0
    while True:
        while pos < len(head) and head[pos].isspace():
            pos += 1
        for opening, closing in (("<?", "?>"), ("<!--", "-->")):
            if head.startswith(opening, pos):
                end = head.find(closing, pos + len(opening))
                if end < 0:
                    return len(head)
                pos = end + len(closing)
                break
        else:
            if not head.startswith("<!DOCTYPE", pos):
                return pos
            subset = head.find("[", pos)
            close = head.find(">", pos)
            if 0 <= subset < close:  # an internal subset: skip to "]>"
                close = head.find("]", subset)
                close = head.find(">", close) if close >= 0 else -1
            if close < 0:
                return len(head)
            pos = close + 1


def parse(stream: TextIO, source: str) -> Iterator[Document | ParseError]:
    """Yield one paper per ``PubmedArticle``, and a :class:`ParseError` for each record it skips."""
    try:
        from lxml import etree
    except ImportError:  # pragma: no cover - lxml is a declared dependency
        yield ParseError("reading PubMed XML needs lxml (pip install lxml)", source=source)
        return
    yield from _Reader(etree, source).run(stream)


class _Reader:
    """The state of one parse: the pull parser, line bookkeeping and the record count."""

    def __init__(self, etree_module: ModuleType, source: str) -> None:
        self.etree = etree_module
        self.source = source
        # The text is already decoded, so it is fed as UTF-8 whatever the XML declaration says.
        self.parser = etree_module.XMLPullParser(
            events=("start", "end"), tag=_EVENT_TAGS, encoding="utf-8",
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
            remove_comments=True, remove_pis=True, collect_ids=False)
        self.lines_fed = 0  # newlines fed so far
        # Lines of the record start and end tags fed to the parser but not yet matched to its events.
        self.start_lines: deque[int] = deque()
        self.end_lines: deque[int] = deque()
        self.open: list[tuple[etree._Element, int]] = []  # records begun but not ended, with their lines
        self.records = 0
        etree_module.clear_error_log()

    def run(self, stream: TextIO) -> Iterator[Document | ParseError]:
        """Feed the stream chunk by chunk, yielding records as they complete."""
        pending = ""
        seen_content = False
        while True:
            try:
                block = stream.read(_CHUNK)
            except (OSError, UnicodeError, ValueError) as exc:
                yield ParseError(f"cannot read the input: {exc}", source=self.source, line=self.lines_fed + 1)
                return
            if not block:
                text, pending = pending, ""
            else:
                text = pending + block
                # Cut after the last '>' so that no end tag is split between two chunks.
                cut = text.rfind(">") + 1 or len(text)
                text, pending = text[:cut], text[cut:]
            if text:
                seen_content = seen_content or not text.isspace()
                self._note_record_tags(text)
                try:
                    self.parser.feed(text.encode("utf-8", "replace"))
                except self.etree.LxmlError as exc:
                    yield from self._events()
                    yield self._syntax_error(exc, at_end=False)
                    return
                yield from self._events()
            if not block:
                break
        if not seen_content:
            return  # an empty file holds no records
        try:
            root = self.parser.close()
        except self.etree.LxmlError as exc:
            yield from self._events()
            if not self.open and not _fatal_errors(exc):
                return  # e.g. libxml2 declining to fetch an http:// DTD that was never asked for
            yield self._syntax_error(exc, at_end=True)
            return
        yield from self._events()
        if self.records == 0 and root is not None and root.tag not in ("PubmedArticleSet", *_EVENT_TAGS):
            yield ParseError(f"the root element is <{root.tag}>, not <PubmedArticleSet>",
                             source=self.source, line=root.sourceline)

    def _note_record_tags(self, text: str) -> None:
        """Queue the lines of the record tags in ``text``, about to be fed.

        lxml says where an element starts but not where it ends, and its line
        numbers past 65,535 are approximate (libxml2 keeps 16 bits), so the
        tags are located in the text and matched to the parser's events in order.
        """
        line, pos = self.lines_fed + 1, 0
        for match in _RECORD_TAG.finditer(text):
            line += text.count("\n", pos, match.start())
            pos = match.start()
            if not match[1]:
                self.start_lines.append(line)
            if match[1] or match[0].endswith("/>"):
                self.end_lines.append(line)
        self.lines_fed += text.count("\n")

    def _start_line(self, element: etree._Element) -> int:
        reported = element.sourceline or 0
        # Up to 65,535 lxml is exact: an earlier queued line came from tag-like text in a comment.
        while self.start_lines and self.start_lines[0] < min(reported, 65_535):
            self.start_lines.popleft()
        return self.start_lines.popleft() if self.start_lines else reported or self.lines_fed + 1

    def _end_line(self, start: int) -> int | None:
        """The line of the end tag that closes the record starting at ``start``; None if none was fed."""
        while self.end_lines and self.end_lines[0] < start:
            self.end_lines.popleft()
        return self.end_lines.popleft() if self.end_lines else None

    def _events(self) -> Iterator[Document | ParseError]:
        for event, element in self.parser.read_events():
            if element.tag == "DeleteCitation":
                if event == "end":
                    _drop(element)
                continue
            if event == "start":
                self.open.append((element, self._start_line(element)))
                continue
            start = self.open[-1][1] if self.open and self.open[-1][0] is element else self._start_line(element)
            end = self._end_line(start)
            if end is None:
                # No end tag in the text: the parser closed a cut-off record while recovering from the
                # input's end (newer libxml2 does). Completeness is the text's, not the parser's, to say.
                continue
            if self.open and self.open[-1][0] is element:
                self.open.pop()
            self.records += 1
            if element.tag == "PubmedBookArticle":
                pmid = clean(element.findtext("BookDocument/PMID"))
                yield ParseError("PubMed book records (PubmedBookArticle) are not supported; skipped",
                                 source=self.source, line=start, record=pmid or str(self.records))
            else:
                try:
                    yield _article(element, self.source, start, end, self.records)
                except ValueError as exc:  # a value no reader expects, e.g. a 5,000-digit day
                    yield ParseError(f"unreadable record ({exc}); skipped", source=self.source, line=start,
                                     record=clean(element.findtext("MedlineCitation/PMID")) or str(self.records))
            _drop(element)

    def _syntax_error(self, exc: Exception, *, at_end: bool) -> ParseError:
        line, column = getattr(exc, "position", None) or (getattr(exc, "lineno", None), None)
        message = re.sub(r",? line \d+, column \d+\s*$", "", getattr(exc, "msg", None) or str(exc)).strip()
        # lxml raises the first error it logged, which may be a harmless one (an http:// DTD not fetched),
        # or a bare "no element found"; the cause is the last fatal error (the log is per thread, and
        # cleared when this parse began).
        fatal = _fatal_errors(exc)
        if fatal and 0 < fatal[-1].line <= self.lines_fed + 1:
            line, column, message = fatal[-1].line, fatal[-1].column, fatal[-1].message.strip()
        elif not line:
            line, column = max(self.lines_fed, 1), None
        where = f"line {line}, column {column}" if column else f"line {line}" if line else "the end"
        truncated = at_end and _TRUNCATION.match(message)
        problem = "the input ends too early (truncated file?)" if truncated else "malformed XML"
        record = None
        if self.open:
            element, start = self.open[-1]
            record = clean(element.findtext("MedlineCitation/PMID")) or \
                clean(element.findtext("BookDocument/PMID")) or str(self.records + 1)
            message += f", in the record that starts at line {start}"
        return ParseError(f"{problem} at {where}: {message}; reading stopped",
                          source=self.source, line=line or None, column=column or None, record=record)


def _fatal_errors(exc: Exception) -> list:
    """The fatal errors in the log of a parser error, oldest first."""
    log = getattr(exc, "error_log", None)
    return list(log.filter_from_fatals()) if log is not None else []


def _drop(element: etree._Element) -> None:
    """Free a finished record: empty it and detach it from the growing tree."""
    parent = element.getparent()
    element.clear()
    if parent is not None:
        parent.remove(element)


# ---------------------------------------------------------------- one record

def _article(element: etree._Element, source: str, start: int, end: int, number: int) -> Document | ParseError:
    medline = element.find("MedlineCitation")
    pmid = clean(element.findtext("MedlineCitation/PMID"))
    if not pmid or not pmid.isdigit():
        problem = f"PMID {pmid!r} is not a number" if pmid else "PubmedArticle without MedlineCitation/PMID"
        return ParseError(f"{problem}; skipped", source=source, line=start, record=str(number))
    assert medline is not None  # it holds the PMID
    article = medline.find("Article")
    if article is None:
        return ParseError("MedlineCitation without Article; skipped", source=source, line=start, record=pmid)
    ids = _article_ids(element.find("PubmedData/ArticleIdList"))
    doi = ids.get("doi") or _elocation_doi(article)
    pmcid = ids.get("pmc")
    if pmcid and pmcid.isdigit():
        pmcid = f"PMC{pmcid}"
    # The publisher's item id, as MEDLINE's "LID - e059026 [pii]" gives it (ELocationID first).
    pii = next((clean(loc.text) for loc in article.iterfind("ELocationID[@EIdType='pii']") if clean(loc.text)),
               None) or ids.get("pii")
    return Document(
        kind=DocumentKind.PAPER,
        ids=Identifiers(pmid=pmid, doi=doi, pmcid=pmcid.upper() if pmcid else None,
                        other=(("pii", pii),) if pii else ()),
        title=_text(article.find("ArticleTitle")) or _text(article.find("VernacularTitle")),
        citation=_citation(article, medline),
        authors=tuple(_authors(article)),
        abstract=tuple(_abstract(article.find("Abstract"))),
        mesh=tuple(_mesh(medline)),
        keywords=_unique(_text(k) for k in medline.iterfind("KeywordList/Keyword")),
        references=_unique(_references(medline, element.find("PubmedData"))),
        sources=(SourceSpan(file=source, format=NAME, start_line=start, end_line=end, record=pmid),),
    )


def _text(element: etree._Element | None) -> str | None:
    """All the text inside an element (inline markup included), whitespace-normalised."""
    if element is None:
        return None
    return clean("".join(element.itertext()))


def _unique(values: Iterable[_T | None]) -> tuple[_T, ...]:
    """The values in order, without repeats or empties."""
    return tuple(dict.fromkeys(v for v in values if v))


def _citation(article: etree._Element, medline: etree._Element) -> Citation:
    journal = article.find("Journal")
    issue = journal.find("JournalIssue") if journal is not None else None
    abbreviation = _text(medline.find("MedlineJournalInfo/MedlineTA"))
    if journal is not None:
        abbreviation = abbreviation or _text(journal.find("ISOAbbreviation"))
    return Citation(
        journal=abbreviation,
        journal_title=_text(journal.find("Title")) if journal is not None else None,
        issn=(_text(journal.find("ISSN")) if journal is not None else None)
        or _text(medline.find("MedlineJournalInfo/ISSNLinking")),
        volume=_text(issue.find("Volume")) if issue is not None else None,
        issue=_text(issue.find("Issue")) if issue is not None else None,
        pages=_pages(article.find("Pagination")),
        date=_pub_date(issue.find("PubDate") if issue is not None else None),
        language=next((code for code in (language_code(_text(l)) for l in article.iterfind("Language")) if code),
                      None),
        publication_types=_unique(_text(t) for t in article.iterfind("PublicationTypeList/PublicationType")),
    )


def _pub_date(pub_date: etree._Element | None) -> PartialDate | None:
    if pub_date is None:
        return None
    # A MedlineDate such as "2019 Nov-Dec" is known to the year only (PartialDate.parse).
    text = _text(pub_date.find("MedlineDate")) or " ".join(
        part for part in (_text(pub_date.find(tag)) for tag in ("Year", "Month", "Season", "Day")) if part)
    try:
        return PartialDate.parse(text)
    except ValueError:  # a number too long for int()
        return None


def _pages(pagination: etree._Element | None) -> str | None:
    if pagination is None:
        return None
    medline_pages = _text(pagination.find("MedlinePgn"))
    if medline_pages:
        return medline_pages
    first, last = _text(pagination.find("StartPage")), _text(pagination.find("EndPage"))
    return f"{first}-{last}" if first and last else first


def _article_ids(id_list: etree._Element | None) -> dict[str, str]:
    """``IdType`` → value for an ArticleIdList (the first of each type)."""
    found: dict[str, str] = {}
    if id_list is None:
        return found
    for article_id in id_list.iterfind("ArticleId"):
        kind = (article_id.get("IdType") or "pubmed").lower()
        value = bare_doi(article_id.text) if kind == "doi" else _text(article_id)
        if value and kind not in found:
            found[kind] = value
    return found


def _elocation_doi(article: etree._Element) -> str | None:
    for location in article.iterfind("ELocationID"):
        if location.get("EIdType") == "doi" and location.get("ValidYN", "Y") != "N":
            doi = bare_doi(location.text)
            if doi:
                return doi
    return None


def _authors(article: etree._Element) -> Iterator[Author]:
    for author_list in article.iterfind("AuthorList"):
        if author_list.get("Type") == "editors":
            continue
        for author in author_list.iterfind("Author"):
            if author.get("ValidYN") == "N":
                continue
            person = _author(author)
            if person is not None:
                yield person


def _author(author: etree._Element) -> Author | None:
    affiliations = _unique(_text(a) for a in author.iterfind("AffiliationInfo/Affiliation"))
    orcid = next((_orcid(i.text) for i in author.iterfind("Identifier") if (i.get("Source") or "").upper() == "ORCID"),
                 None)
    collective = _text(author.find("CollectiveName"))
    if collective:
        return Author(name=collective, affiliations=affiliations, orcid=orcid, collective=True)
    family = _text(author.find("LastName"))
    if not family:
        return None
    given, initials = _text(author.find("ForeName")), _text(author.find("Initials"))
    name = f"{given} {family}" if given else f"{family} {initials}" if initials else family
    return Author(name=name, family=family, given=given, initials=initials, affiliations=affiliations, orcid=orcid)


def _orcid(text: str | None) -> str | None:
    """``0000-0002-1825-0097`` from a bare, unhyphenated or ``https://orcid.org/…`` ORCID."""
    text = clean(text)
    if not text:
        return None
    match = _ORCID.search(text)
    return "-".join(match.groups()).upper() if match else text


def _abstract(abstract: etree._Element | None) -> Iterator[AbstractSection]:
    if abstract is None:
        return
    for part in abstract.iterfind("AbstractText"):
        text = _text(part)
        if not text:
            continue
        label = clean(part.get("Label"))
        yield AbstractSection(text=text, label=None if label and label.upper() == "UNLABELLED" else label,
                              category=clean(part.get("NlmCategory")))


def _mesh(medline: etree._Element) -> Iterator[MeshHeading]:
    for heading in medline.iterfind("MeshHeadingList/MeshHeading"):
        descriptor = heading.find("DescriptorName")
        name = _text(descriptor)
        if descriptor is None or not name:
            continue
        major = descriptor.get("MajorTopicYN") == "Y"
        descriptor_id = clean(descriptor.get("UI"))
        qualifiers = [(q, _text(q)) for q in heading.iterfind("QualifierName")]
        qualifiers = [(q, text) for q, text in qualifiers if text]
        if not qualifiers:
            yield MeshHeading(descriptor=name, major=major, descriptor_id=descriptor_id)
        for qualifier, text in qualifiers:
            yield MeshHeading(descriptor=name, qualifier=text, major=major, descriptor_id=descriptor_id,
                              qualifier_id=clean(qualifier.get("UI")),
                              qualifier_major=qualifier.get("MajorTopicYN") == "Y")


def _references(medline: etree._Element, pubmed_data: etree._Element | None) -> Iterator[Reference]:
    for link in medline.iterfind("CommentsCorrectionsList/CommentsCorrections"):
        if link.get("RefType") != "Cites":
            continue
        pmid = _pmid(_text(link.find("PMID")))
        text = _text(link.find("RefSource")) or (f"PMID {pmid}" if pmid else None)
        if text:
            yield Reference(text=text, pmid=pmid)
    if pubmed_data is None:
        return
    for reference_list in pubmed_data.iterfind("ReferenceList"):
        for reference in reference_list.iter("Reference"):  # lists may nest
            ids = _article_ids(reference.find("ArticleIdList"))
            pmid, doi = _pmid(ids.get("pubmed")), ids.get("doi")
            text = _text(reference.find("Citation")) or (f"PMID {pmid}" if pmid else f"doi {doi}" if doi else None)
            if text:
                yield Reference(text=text, pmid=pmid, doi=doi)


def _pmid(text: str | None) -> str | None:
    return text if text and text.isdigit() else None
