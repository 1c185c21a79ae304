"""BibTeX and BibLaTeX, as Zotero, Mendeley and JabRef export them.

An entry is ``@type{key, field = {value}, …}``; values are braced, quoted,
numbers or ``@string`` macros, and hold LaTeX (``Osipovi{\\v c}``, ``\\&``,
``{NHS}`` protecting capitals)::

    @article{checkland_primary_2013,
        title = {Primary care-led commissioning … in {England}},
        journal = {The British Journal of General Practice},
        author = {Checkland, Kath and Coleman, Anna},
        month = sep,
        year = {2013},
        pages = {e611--e619},
    }

``bibtexparser`` (v2) parses a string, not a stream. To keep memory bounded
the input is cut into pieces at each line that starts a block (``@word{`` or
``@word(`` at the start of a line, the same rule bibtexparser uses to recover
from a broken block) and each piece is parsed alone; ``@string`` macros seen
so far are put in front of every later piece, so references to them resolve.
A block bibtexparser cannot read (a missing comma or brace, a duplicate
field) is reported as a :class:`~kg.errors.ParseError` at the line where the
block starts, and the entries after it are read as usual.

Kinds, from the entry type:

- ``@article``, ``@inproceedings``, ``@conference`` → paper;
- ``@techreport``, ``@report`` → report; so are the long forms ``@book``,
  ``@inbook``, ``@incollection``, ``@booklet``, ``@manual``, ``@proceedings``,
  ``@collection``, the theses and ``@unpublished`` (the model has no book
  kind; they are grey or long-form literature, like a report);
- ``@online`` (``@www``, ``@electronic``, ``@webpage``) → web page, or blog
  post when its ``type``/``entrysubtype`` says "blog";
- ``@misc`` and any other type → web page when it has a URL, else paper when
  it names a journal, else report.

Fields: ``title`` (+ BibLaTeX ``subtitle``), ``author`` (``and``-separated,
``Family, Given`` or ``Given Family``; a name in its own braces,
``{NHS England}``, is a group), ``journal``/``journaltitle`` (full title;
``booktitle`` for proceedings papers) and BibLaTeX ``shortjournal`` (the
abbreviation, preferred for ``journal``), ``volume``, ``number``/``issue``
(papers only: a report's ``number`` is its report number), ``pages``
(``e611--e619`` → ``e611-e619``), BibLaTeX ``date`` (``2016-04``), else
``year`` and ``month``, ``doi``, ``url`` (or a URL in ``howpublished``),
``abstract``, ``keywords`` (split at ``,`` and ``;``), ``pmid``, ``eprint``
when ``eprinttype`` is ``pubmed`` (or ``pmid``), ``pmcid``, ``issn``,
``language``/``langid``, ``publisher``/``institution``/``organization``/
``school`` (for web pages and blog posts also ``journal``, where Zotero puts
the site's name). Text fields are LaTeX-decoded (``Br{\\"u}ck`` → ``Brück``,
braces dropped); ``url``, ``doi`` and the identifiers are taken verbatim.
``note``, ``annote``, ``file``, ``editor`` and ``address`` are not mapped.
bibtexparser resolves a value that is a single ``@string`` macro but not a
``#`` concatenation, which is kept as written.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from typing import Any, TextIO

from kg._text import find_doi, normalize_space
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

NAME = "bibtex"
DESCRIPTION = "BibTeX/BibLaTeX library (Zotero, Mendeley, JabRef: '@article{key, title = {…}, …}')"
EXTENSIONS = (".bib", ".bibtex")

# bibtexparser's block start, anchored at a line start.
_BLOCK_START = re.compile(r"^\s*@\w*[ \t]*[{(]")
_ENTRY_HEAD = re.compile(r"^\s*@([A-Za-z]+)[ \t]*[{(]\s*([^\s,{}()=\"#%']*)\s*,", re.M)
_KNOWN_TYPES = {
    "article", "book", "booklet", "inbook", "incollection", "inproceedings", "conference", "manual",
    "mastersthesis", "phdthesis", "thesis", "misc", "online", "proceedings", "collection", "techreport",
    "report", "unpublished", "www", "electronic", "webpage", "mvbook", "dataset", "software",
}

_PAPER_TYPES = {"article", "inproceedings", "conference"}
_REPORT_TYPES = {"techreport", "report", "book", "inbook", "incollection", "booklet", "manual", "proceedings",
                 "collection", "mvbook", "phdthesis", "mastersthesis", "thesis", "unpublished"}
_WEB_TYPES = {"online", "www", "electronic", "webpage"}

_URL_MACRO = re.compile(r"\\url\s*\{([^}]*)\}")
_LANGIDS = {"british": "en", "american": "en", "ukenglish": "en", "usenglish": "en", "canadian": "en",
            "australian": "en", "newzealand": "en", "ngerman": "de", "austrian": "de", "brazil": "pt",
            "brazilian": "pt", "francais": "fr"}


def sniff(head: str) -> float:
    """High when an entry head ``@type{key,`` of a known type starts a line; lower for other types."""
    best = 0.0
    for match in _ENTRY_HEAD.finditer(head):
        if match[1].lower() in _KNOWN_TYPES:
            return 0.9
        best = 0.5
    if not best and re.search(r"^\s*@(string|preamble)\s*[{(]", head, re.M | re.I):
        best = 0.5
    return best


def parse(stream: TextIO, source: str) -> Iterator[Document | ParseError]:
    """Yield one document per entry, and a ParseError per block that cannot be read."""
    strings: dict[str, str] = {}  # @string key (lower case) → its raw text, for the pieces after it
    for first_line, piece in _pieces(stream):
        yield from _parse_piece(piece, first_line, strings, source)


def _pieces(stream: TextIO) -> Iterator[tuple[int, str]]:
    """The text cut before every line that starts a block, with the number of each piece's first line."""
    lines: list[str] = []
    first = 1
    for number, line in enumerate(stream, 1):
        if number == 1:
            line = line.lstrip("\ufeff")
        if _BLOCK_START.match(line) and lines:
            yield first, "".join(lines)
            lines, first = [], number
        lines.append(line)
    if lines:
        yield first, "".join(lines)


def _parse_piece(piece: str, first_line: int, strings: dict[str, str], source: str) -> Iterator[Document | ParseError]:
    import bibtexparser
    from bibtexparser import model
    from bibtexparser.middlewares import (
        RemoveEnclosingMiddleware,
        ResolveStringReferencesMiddleware,
        SeparateCoAuthors,
    )

    prefix = "".join(text + "\n" for text in _macros_for(piece, strings))
    offset = prefix.count("\n")  # lines of the prefix, to map bibtexparser's lines back to the file
    stack = [ResolveStringReferencesMiddleware(True), RemoveEnclosingMiddleware(True), SeparateCoAuthors(True)]
    logger = logging.getLogger("bibtexparser.splitter")
    disabled, logger.disabled = logger.disabled, True  # its warnings repeat the ParseErrors yielded below
    failure: Exception | None = None
    try:
        library = bibtexparser.parse_string(prefix + piece, parse_stack=stack)
    except Exception as exc:  # a bibtexparser bug on odd input: lose this piece only
        failure = exc
    finally:
        logger.disabled = disabled
    if failure is not None:
        yield ParseError(f"cannot read this block: {failure}", source=source, line=first_line, record=_key_in(piece))
        return
    for block in library.blocks:
        start = block.start_line
        if start is None or start < offset:
            continue  # a macro of the prefix, read again
        line = first_line + start - offset
        redefined = getattr(block, "ignore_error_block", None)
        if isinstance(block, model.DuplicateBlockKeyBlock) and isinstance(redefined, model.String):
            strings[redefined.key.lower()] = redefined.raw or ""  # a macro defined again: the new value holds
        elif isinstance(block, model.ParsingFailedBlock):
            yield ParseError(_failure(block), source=source, line=line, record=_key_in(block.raw or "") or None)
        elif isinstance(block, model.String):
            strings[block.key.lower()] = block.raw or ""
        elif isinstance(block, model.Entry):
            end = line + (block.raw or "").rstrip().count("\n")
            yield _entry(block, source, line, end)


def _macros_for(piece: str, strings: dict[str, str]) -> list[str]:
    """The ``@string`` definitions ``piece`` may use, directly or through another macro, in file order.

    Only these go in front of the piece: all of them, for every entry, made a
    file with many macros quadratic.
    """
    wanted: set[str] = set()
    text = piece.lower()
    grown = True
    while grown:
        grown = False
        for key, definition in strings.items():
            if key not in wanted and key in text:
                wanted.add(key)
                text += definition.lower()
                grown = True
    return [definition for key, definition in strings.items() if key in wanted]


def _failure(block: Any) -> str:
    duplicates = getattr(block, "duplicate_keys", None)
    if duplicates:
        return f"BibTeX entry has a field twice: {', '.join(sorted(duplicates))}"
    error = block.error
    reason = getattr(error, "abort_reason", None) or str(error) or type(error).__name__
    return f"BibTeX block cannot be read: {normalize_space(reason)}"


def _key_in(raw: str) -> str | None:
    match = _ENTRY_HEAD.search(raw) or re.search(r"@\w+\s*[{(]\s*([^\s,{}()=]+)", raw)
    if not match:
        return None
    return match[match.lastindex or 0] or None


_LATEX_SPECIAL = re.compile(r"[\\$%~^_&#]|--|``|''")


@functools.lru_cache(maxsize=1)
def _decoder() -> tuple[Any, Any]:
    """pylatexenc's LaTeX-to-text converter, set up as bibtexparser's LatexDecodingMiddleware does,
    and the parsing context for its walker (built once: pylatexenc builds a new one per call otherwise)."""
    from pylatexenc.latex2text import (
        LatexNodes2Text,
        MacroTextSpec,
        get_default_latex_context_db,
    )
    from pylatexenc.latexwalker import get_default_latex_context_db as walker_context

    context = get_default_latex_context_db()
    context.add_context_category("citekg-bibtex", prepend=True, macros=[MacroTextSpec("url", simplify_repl="%s")])
    return LatexNodes2Text(latex_context=context, keep_braced_groups=False, math_mode="verbatim"), walker_context()


def _latex(value: str | None) -> str | None:
    """A LaTeX value as plain text: accents decoded, braces and markup dropped."""
    if value is None:
        return None
    if not _LATEX_SPECIAL.search(value):  # the common case: plain text, perhaps {Protected} words
        return clean(value.replace("{", "").replace("}", ""))
    from pylatexenc.latexwalker import LatexWalker

    decoder, walker_context = _decoder()
    try:
        nodes = LatexWalker(value, latex_context=walker_context, tolerant_parsing=True).get_latex_nodes()[0]
        text = decoder.nodelist_to_text(nodes)
    except Exception:  # pylatexenc is tolerant; this is a last resort
        text = re.sub(r"\\[a-zA-Z]+\s*|[{}\\]", "", value)
    return clean(text)


def _verbatim(value: str | None) -> str | None:
    """A URL, DOI or identifier: outer braces and escapes removed, nothing decoded."""
    if value is None:
        return None
    url = _URL_MACRO.search(value)
    if url:
        value = url[1]
    value = re.sub(r"\\([_&%#$~])", r"\1", value).replace("{", "").replace("}", "")
    return clean(value)


def _entry(entry: Any, source: str, start: int, end: int) -> Document | ParseError:
    try:
        return _document(entry, source, start, end)
    except Exception as exc:  # a field of a shape bibtexparser should not give: skip this entry only
        return ParseError(f"entry could not be read: {exc}", source=source, line=start, record=entry.key or None)


def _document(entry: Any, source: str, start: int, end: int) -> Document | ParseError:
    fields: dict[str, Any] = {}
    for f in entry.fields:
        fields.setdefault(f.key.lower(), f.value)

    def text(*names: str) -> str | None:
        for name in names:
            value = fields.get(name)
            if isinstance(value, str):
                decoded = _latex(value)
                if decoded:
                    return decoded
        return None

    def raw(*names: str) -> str | None:
        for name in names:
            value = fields.get(name)
            if isinstance(value, str) and _verbatim(value):
                return _verbatim(value)
        return None

    entry_type = entry.entry_type.lower()
    url = raw("url") or _howpublished_url(raw("howpublished"))
    kind = _kind(entry_type, url, text("journal", "journaltitle"), text("type", "entrysubtype"))
    key = entry.key or None
    title = text("title")
    subtitle = text("subtitle")
    if title and subtitle:
        title = f"{title}{'' if title.endswith(':') else ':'} {subtitle}"
    ids = Identifiers(pmid=_pmid(raw, fields), doi=find_doi(raw("doi")), pmcid=_pmcid(raw("pmcid")), url=url)
    if not title and not (ids.pmid or ids.doi or ids.url):
        return ParseError("entry has neither a title nor an identifier", source=source, line=start, record=key)
    abstract = text("abstract")
    return Document(
        kind=kind,
        ids=ids,
        title=title,
        citation=_citation(kind, entry_type, text, raw),
        authors=tuple(_authors(fields.get("author"))),
        abstract=split_abstract([abstract]) if abstract else (),
        keywords=tuple(_keywords(fields.get("keywords") or fields.get("keyword"))),
        sources=(SourceSpan(file=source, format=NAME, start_line=start, end_line=end, record=key),),
    )


def _kind(entry_type: str, url: str | None, journal: str | None, subtype: str | None) -> DocumentKind:
    if entry_type in _PAPER_TYPES:
        return DocumentKind.PAPER
    if entry_type in _REPORT_TYPES:
        return DocumentKind.REPORT
    if entry_type in _WEB_TYPES:
        return DocumentKind.BLOG_POST if subtype and "blog" in subtype.lower() else DocumentKind.WEB_PAGE
    if url:
        return DocumentKind.WEB_PAGE
    return DocumentKind.PAPER if journal else DocumentKind.REPORT


def _citation(kind: DocumentKind, entry_type: str, text: Any, raw: Any) -> Citation:
    journal = journal_title = issue = None
    if kind is DocumentKind.PAPER:
        journal_title = text("journaltitle", "journal")
        if not journal_title and entry_type in ("inproceedings", "conference"):
            journal_title = text("booktitle")
        journal = text("shortjournal") or journal_title
        issue = text("number", "issue")
    if kind is DocumentKind.REPORT:
        publisher = text("institution", "publisher", "organization", "school")
    elif kind is DocumentKind.PAPER:
        publisher = text("publisher", "organization", "institution")
    else:  # Zotero writes a web page's site or a blog's name as its journal
        publisher = text("publisher", "organization", "institution", "journaltitle", "journal")
    return Citation(
        journal=journal,
        journal_title=journal_title,
        issn=find_issn(raw("issn")),
        volume=text("volume"),
        issue=issue,
        pages=_pages(raw("pages")),
        date=_date(raw("date"), text("year"), text("month"), text("day")),
        language=_language(text("language", "langid")),
        publisher=publisher,
    )


def _pages(value: str | None) -> str | None:
    if not value:
        return None
    return re.sub(r"\s*(?:-{1,3}|\u2013|\u2014)\s*", "-", value)


def _date(date: str | None, year: str | None, month: str | None, day: str | None) -> PartialDate | None:
    if date:
        parsed = PartialDate.parse(date.split("/")[0])  # a BibLaTeX range "2016-04/2016-05" starts the span
        if parsed:
            return parsed
    if not year:
        return None
    return PartialDate.parse(" ".join(part for part in (year, month, day) if part))


def _language(value: str | None) -> str | None:
    if not value:
        return None
    return language_code(value) or _LANGIDS.get(value.strip().lower()) or language_code(re.split(r"[-_\s]", value)[0])


def _pmid(raw: Any, fields: dict[str, Any]) -> str | None:
    pmid = raw("pmid")
    if not pmid:
        eprint_type = (raw("eprinttype") or "").lower()
        pmid = raw("eprint") if eprint_type in ("pubmed", "pmid") else None
    return pmid if pmid and pmid.isdigit() else None


def _pmcid(value: str | None) -> str | None:
    if not value:
        return None
    match = re.fullmatch(r"(?:PMC)?(\d+)", value.strip(), re.I)
    return f"PMC{match[1]}" if match else None


def _howpublished_url(value: str | None) -> str | None:
    return value if value and re.match(r"https?://", value) else None


def _authors(value: Any) -> Iterator[Author]:
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    names = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    for name in names:
        name = name.strip()
        if not name:
            continue
        if _is_group(name):
            group = _latex(name)
            if group:
                yield Author(name=group, collective=True)
            continue
        try:
            parts = parse_single_name_into_parts(name, strict=False)
        except Exception:  # an unparseable name is kept as printed
            plain = _latex(name)
            if plain:
                yield Author(name=plain)
            continue
        author = author_from_parts(_latex(" ".join(parts.von + parts.last)), _latex(" ".join(parts.first)),
                                   _latex(" ".join(parts.jr)))
        if author is not None:
            yield author


def _is_group(name: str) -> bool:
    """True for ``{NHS England}``: one braced group around the whole name."""
    if not (name.startswith("{") and name.endswith("}")):
        return False
    depth = 0
    for i, char in enumerate(name):
        depth += (char == "{") - (char == "}")
        if depth == 0 and i < len(name) - 1:
            return False
    return True


def _keywords(value: Any) -> Iterator[str]:
    if not isinstance(value, str):
        return
    seen: set[str] = set()
    for part in re.split(r"[,;]", value):
        keyword = _latex(part)
        if keyword and keyword not in seen:
            seen.add(keyword)
            yield keyword
