"""CSL-JSON, the citation data of Zotero, Mendeley, Pandoc and citeproc (``[{…}, {…}]``).

An array of items (or one item, or JSON Lines), each keyed by the names of
the Citation Style Language's variables::

    [{"id": "tenopirChangesDataSharing2015", "type": "article-journal",
      "title": "Changes in Data Sharing …", "container-title": "PLOS ONE",
      "journalAbbreviation": "PLOS ONE", "ISSN": "1932-6203", "volume": "10", "issue": "8",
      "page": "e0134826", "DOI": "10.1371/journal.pone.0134826", "URL": "http://…",
      "issued": {"date-parts": [["2015", 8, 26]]}, "language": "en",
      "author": [{"family": "Tenopir", "given": "Carol"}, {"literal": "DataONE"}],
      "abstract": "…", "keyword": "data sharing, data reuse", "PMID": "26308392"}]

Fields: ``title``; ``container-title`` (journal title) and
``container-title-short`` or ``journalAbbreviation`` (journal); ``author``
(``family``/``given`` with their particles, ``literal`` for a group); the
``issued`` date (``date-parts``, else ``raw`` or ``literal`` text); DOI,
PMID, PMCID, URL, ISSN, volume, issue, page, language, publisher,
``abstract``, ``keyword`` (comma- or semicolon-separated); ``id`` (the
citation key) names the record. Kinds from ``type``: ``post`` and
``post-weblog`` are blog posts, ``webpage`` a web page; book, chapter,
report, thesis, manuscript, pamphlet, legislation, bill, standard and
dataset are reports; the rest papers.

Text is cleaned of what reference managers leave in it: LaTeX accents
(``Exposici\\'on``) are decoded with pylatexenc (as for BibTeX), mojibake
(``Ã¢ÂÂSailing RockÃ¢ÂÂ``, UTF-8 read as Windows-1252, twice) is repaired
with ftfy, and HTML tags (``<i>…</i>``) are dropped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any, TextIO

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
from kg.sources import _scholarly as ids
from kg.sources._common import clean, language_code, split_abstract
from kg.sources._json import as_dict, as_list, json_records, looks_like_json, text
from kg.vocab.names import initials_of

NAME = "csl-json"
DESCRIPTION = "CSL-JSON (Zotero, Mendeley, Pandoc): an array of items with 'type', 'title', 'issued'"
EXTENSIONS = ()

__all__ = ["NAME", "DESCRIPTION", "EXTENSIONS", "sniff", "parse"]

_REPORT_TYPES = {"book", "chapter", "report", "thesis", "manuscript", "pamphlet", "legislation", "bill",
                 "standard", "dataset", "entry-encyclopedia", "entry-dictionary", "regulation", "treaty"}
_BLOG_TYPES = {"post", "post-weblog"}
_WEB_TYPES = {"webpage"}
_CSL_TYPES = re.compile(r'"type"\s*:\s*"(?:article-journal|article-magazine|article-newspaper|paper-conference|'
                        r'post-weblog|webpage|chapter|thesis|report|book|manuscript|article|entry-encyclopedia)"')
_CROSSREF_MARKS = ('"deposited"', '"reference-count"', '"message-type"', '"is-referenced-by-count"',
                   '"https://openalex.org/W')
_LATEX = re.compile(r"\\[A-Za-z'`^\"~=.]|[{}]")
_MOJIBAKE = re.compile(r"[ÃÂâ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def sniff(head: str) -> float:
    """High for JSON items with CSL types (``article-journal``…) and CSL dates, and no Crossref or
    OpenAlex fields."""
    if not looks_like_json(head) or any(mark in head for mark in _CROSSREF_MARKS):
        return 0.0
    if _CSL_TYPES.search(head) and ('"issued"' in head or '"author"' in head or '"title"' in head):
        return 0.9
    return 0.0


def parse(stream: TextIO, source: str) -> Iterator[Document | ParseError]:
    """Yield one document per item; a ParseError for each item that cannot be read."""
    for item in json_records(stream, source):
        if isinstance(item, ParseError):
            yield item
            continue
        try:
            yield _item(item.value, source, item.start_line, item.end_line, item.number)
        except (TypeError, AttributeError, ValueError, KeyError) as exc:  # a field of an unexpected shape
            yield ParseError(f"item could not be read: {type(exc).__name__}: {exc}", source=source,
                             line=item.start_line, record=str(item.number))


def _item(item: dict[str, Any], source: str, start: int, end: int, number: int) -> Document | ParseError:
    def field(*names: str) -> str | None:
        for name in names:
            value = _clean_text(text(item.get(name)))
            if value:
                return value
        return None

    title = field("title")
    doi = ids.doi(field("DOI"))
    url = field("URL")
    if not title and not doi and not url:
        return ParseError("item has no title, DOI or URL", source=source, line=start, record=str(number))
    csl_type = (text(item.get("type")) or "").lower()
    kind = DocumentKind.BLOG_POST if csl_type in _BLOG_TYPES else DocumentKind.WEB_PAGE if csl_type in _WEB_TYPES \
        else DocumentKind.REPORT if csl_type in _REPORT_TYPES else DocumentKind.PAPER
    journal_title = field("container-title")
    abstract = field("abstract")
    keywords = [k.strip() for k in re.split(r"[;,]", field("keyword") or "") if k.strip()]
    return Document(
        kind=kind,
        ids=Identifiers(doi=doi, pmid=ids.pmid(field("PMID")), pmcid=ids.pmcid(field("PMCID")) if field("PMCID")
                        else None, url=url),
        title=title,
        citation=Citation(
            journal=field("container-title-short", "journalAbbreviation") or journal_title
            if kind is DocumentKind.PAPER else None,
            journal_title=journal_title if kind is DocumentKind.PAPER else None,
            issn=next((i for i in map(ids.issn, re.split(r"[,;\s]+", field("ISSN") or "")) if i), None),
            volume=field("volume"),
            issue=field("issue"),
            pages=field("page"),
            date=_date(as_dict(item.get("issued"))),
            language=_language(field("language")),
            publication_types=(csl_type,) if csl_type else (),
            publisher=field("publisher") or (journal_title if kind in (DocumentKind.BLOG_POST, DocumentKind.WEB_PAGE)
                                             else None),
        ),
        authors=tuple(a for a in map(_author, as_list(item.get("author"))) if a is not None),
        abstract=split_abstract([abstract]) if abstract else (),
        keywords=tuple(dict.fromkeys(keywords)),
        sources=(SourceSpan(file=source, format=NAME, start_line=start, end_line=end,
                            record=text(item.get("id")) or str(number)),),
    )


def _date(issued: dict[str, Any]) -> PartialDate | None:
    parts = as_list(issued.get("date-parts"))
    if parts and isinstance(parts[0], list) and parts[0]:
        numbers = []
        for part in parts[0][:3]:
            value = text(part)
            if not value or not value.isdigit():
                break
            numbers.append(int(value))
        if numbers and 1000 <= numbers[0] <= 2999:
            return PartialDate._checked(numbers[0], *(numbers[1:] + [None, None])[:2])
    for key in ("raw", "literal"):
        date = PartialDate.parse(text(issued.get(key)))
        if date:
            return date
    return None


def _language(value: str | None) -> str | None:
    if not value:
        return None
    return language_code(value) or language_code(re.split(r"[-_\s]", value.strip())[0])


def _author(entry: Any) -> Author | None:
    entry = as_dict(entry)
    literal = _clean_text(text(entry.get("literal")))
    family = _clean_text(text(entry.get("family")))
    given = _clean_text(text(entry.get("given")))
    if not family:
        return Author(name=literal, collective=True) if literal else None
    particle = " ".join(p for p in (text(entry.get("non-dropping-particle")),) if p)
    dropping = text(entry.get("dropping-particle"))
    family = f"{particle} {family}" if particle else family
    given_full = f"{given} {dropping}" if given and dropping else given
    suffix = text(entry.get("suffix"))
    name = " ".join(p for p in (given_full, family, suffix) if p)
    return Author(name=name, family=family, given=given, initials=initials_of(given))


def _clean_text(value: str | None) -> str | None:
    """Text without LaTeX accents, mojibake or HTML tags."""
    if not value:
        return value
    if _MOJIBAKE.search(value):
        value = _fix_mojibake(value)
    if _LATEX.search(value):
        value = _latex(value)
    return ids.plain_text(value) if "<" in value or "&" in value else clean(value)


def _fix_mojibake(value: str) -> str:
    import ftfy

    return ftfy.fix_encoding(value)


@functools.lru_cache(maxsize=1)
def _latex_decoder():
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(keep_braced_groups=False, math_mode="verbatim")


def _latex(value: str) -> str:
    try:
        return _latex_decoder().latex_to_text(value)
    except Exception:  # pylatexenc is tolerant; this is a last resort
        return value
