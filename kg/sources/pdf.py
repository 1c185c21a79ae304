"""PDF files with a text layer: reports, briefings and papers kept as the documents themselves.

One PDF is one :class:`~kg.model.Document` of kind *report*. The text comes
from pdfminer.six's layout analysis, page by page: it groups characters into
lines and lines into text boxes, and orders the boxes of multi-column pages
column by column. From the boxes:

- running headers and footers (a box near the top or bottom edge whose words,
  numbers aside, recur on several pages) and bare page numbers are dropped;
- each remaining box is a paragraph; a line broken by a hyphen before a
  lower-case word is joined ("adip-" + "iscing"); a paragraph that does not
  end a sentence and is followed by one starting in lower case goes on there
  (across a column or a page);
- a short box in a larger or bold font is a heading and stays in the body as
  its own paragraph; the paragraph under "Abstract", "Summary" or
  "Executive summary" (with what continues it, or the paragraphs set smaller
  than the body), or one starting "SUMMARY:", is the abstract; under
  "References" or "Bibliography", each entry is a :class:`~kg.model.Reference`;
- title: the document information's ``/Title`` when it is a real title (not
  a file name, "untitled" or "Microsoft Word - …"), else the biggest text on
  page 1; authors: ``/Author``, else the line under that title when it reads
  as names; date: the first date printed on page 1, else ``/CreationDate``;
  DOI: the first on page 1.

``body_pages`` gives the page each paragraph starts on, and the source span
the first and last page read (``start_page``, ``end_page``; there are no
lines). A PDF is read from its bytes (the file), never as text.

Errors name the file and the page: an encrypted PDF that needs a password, a
file that is not a PDF or is cut short, and an image-only PDF (scanned
pages, no text layer: run OCR, for example ``ocrmypdf``, first) are each a
:class:`~kg.errors.ParseError`; a page that cannot be read is reported and
the others are kept.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, TextIO

from kg._text import find_doi, normalize_space
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
from kg.sources._common import clean, split_abstract

NAME = "pdf"
DESCRIPTION = "PDF with a text layer (reports, papers); read from the file's bytes with pdfminer.six"
EXTENSIONS = (".pdf",)

__all__ = ["NAME", "DESCRIPTION", "EXTENSIONS", "sniff", "parse", "parse_pdf"]

_MARGIN = 0.09  # share of the page height treated as header or footer band
_HEADING_WORDS = 16
_ABSTRACT_HEADINGS = re.compile(r"^(?:abstract|summary|executive summary|key (?:findings|points)|synopsis)\W*$", re.I)
_REFERENCE_HEADINGS = re.compile(r"^(?:\d+\.?\s*)?(?:references|bibliography|works cited|reference list|"
                                 r"notes and references|literature cited)\W*$", re.I)
_SUMMARY_LABEL = re.compile(r"^(?:SUMMARY|ABSTRACT)\s*:\s*", re.I)
_ENTRY_START = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}\.\s|[A-Z][\w'’\-]+,\s+(?:[A-Z]\.|[A-Z][a-z]))")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(rf"\b(?:(?:\d{{1,2}}\s+)?(?:{_MONTHS})\s+(?:\d{{1,2}},\s+)?(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)\b")
_NOT_A_TITLE = re.compile(r"(?i)^(?:untitled|microsoft (?:word|powerpoint) - |.*\.(?:docx?|pdf|indd|pptx?|rtf)$)")
_NAME = re.compile(r"^(?:[A-Z][a-z'’\-]+\.?\s+){0,3}[A-Z][A-Za-z'’\-]+$")


def sniff(head: str) -> float:
    """Certain for a ``%PDF-`` signature in the first kilobyte."""
    return 0.99 if "%PDF-" in head[:1024] else 0.0


def parse(stream: TextIO, source: str) -> Iterator[Document | ParseError]:
    """Yield the document of one PDF (and a ParseError per unreadable page), or one ParseError saying why not."""
    raw = getattr(stream, "buffer", None)
    if raw is None or not raw.seekable():
        yield ParseError("a PDF is read from its file (its bytes), not from text", source=source)
        return
    raw.seek(0)
    yield from parse_pdf(raw, source)


@dataclass
class _Box:
    """A text box of one page: its text, page, vertical place and font."""

    text: str
    page: int
    top: float  # distance from the page's top edge, as a share of its height
    bottom: float
    size: float
    bold: bool
    words: int


def parse_pdf(raw: BinaryIO, source: str) -> Iterator[Document | ParseError]:
    """The document of the PDF in the binary file ``raw`` (see the module's docstring)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings about fonts are not the user's concern
    try:
        document = PDFDocument(PDFParser(raw), password="")
    except PDFPasswordIncorrect:
        yield ParseError("the PDF is encrypted and needs a password to open; save a copy without the password "
                         "(or print it to PDF) and read that", source=source, record="page 1")
        return
    except Exception as exc:  # pdfminer raises many syntax and encryption errors
        yield ParseError(f"not a readable PDF ({_why(exc)}: damaged or cut short?)", source=source, record="page 1")
        return
    info = _info(document)
    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    boxes: list[_Box] = []
    pages = 0
    try:
        page_iter = iter(PDFPage.create_pages(document))
        while True:
            try:
                page = next(page_iter)
            except StopIteration:
                break
            pages += 1
            try:
                interpreter.process_page(page)
                boxes += _boxes(device.get_result(), pages)
            except Exception as exc:  # one broken page: report it, keep the others
                yield ParseError(f"page {pages} could not be read ({_why(exc)})", source=source, record=f"page {pages}")
    except Exception as exc:
        yield ParseError(f"the PDF's page list cannot be read after page {pages} ({_why(exc)}: damaged or cut short?)",
                         source=source, record=f"page {pages + 1}")
        if not boxes:
            return
    if pages == 0:
        yield ParseError("the PDF has no pages", source=source, record="page 1")
        return
    if not any(b.words for b in boxes):
        span = "page 1" if pages == 1 else f"pages 1-{pages}"
        yield ParseError(f"no text on any of its {pages} page{'s' * (pages > 1)}: an image-only (scanned) PDF; "
                         "run OCR on it first (for example ocrmypdf) and read the result", source=source, record=span)
        return
    yield _document(boxes, pages, info, source)


def _why(exc: Exception) -> str:
    text = clean(str(exc)) or ""
    return f"{type(exc).__name__}: {text[:160]}" if text else type(exc).__name__


def _info(document: Any) -> dict[str, str]:
    """The document information dictionary as text."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    found: dict[str, str] = {}
    for entry in getattr(document, "info", []) or []:
        for key, value in (resolve1(entry) or {}).items():
            value = resolve1(value)
            if isinstance(value, bytes):
                value = decode_text(value)
            if isinstance(value, str) and clean(value):
                found.setdefault(str(key), clean(value.replace("\x00", "")) or "")
    return found


def _boxes(layout: Any, page: int) -> list[_Box]:
    from pdfminer.layout import LTChar, LTTextBox

    height = float(layout.height) or 1.0
    found = []
    for element in layout:
        if not isinstance(element, LTTextBox):
            continue
        lines, sizes, bold = [], [], 0
        for line in element:
            text = line.get_text().rstrip("\n")
            if text.strip():
                lines.append(text.rstrip())
            for char in line:
                if isinstance(char, LTChar) and not char.get_text().isspace():
                    sizes.append(round(char.size, 1))
                    bold += "bold" in char.fontname.lower() or "black" in char.fontname.lower()
        text = _join_lines(lines)
        if not text:
            continue
        found.append(_Box(text=text, page=page, top=1 - float(element.y1) / height, bottom=1 - float(element.y0) / height,
                          size=Counter(sizes).most_common(1)[0][0] if sizes else 0.0,
                          bold=bool(sizes) and bold >= 0.8 * len(sizes), words=len(text.split())))
    return found


_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})


def _join_lines(lines: list[str]) -> str:
    """Lines of a box as one paragraph: "adip-" + "iscing" → "adipiscing"; "737–" + "9" keeps its dash."""
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if text.endswith("-") and re.search(r"[a-z]-$", text) and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return normalize_space(text.translate(_LIGATURES))


def _document(boxes: list[_Box], pages: int, info: dict[str, str], source: str) -> Document:
    running = " ".join(b.text for b in boxes if b.page > 1 and (b.top < _MARGIN or b.bottom > 1 - _MARGIN))
    boxes = _without_running_text(boxes, pages)
    body_size = _body_size(boxes)
    title_box = _title_box(boxes, body_size)
    title = _metadata_title(info) or (title_box.text if title_box else None)
    authors = _authors(info, boxes, title_box, running)
    paragraphs, paragraph_pages, abstract, references = _sections(boxes, body_size, title_box)
    first_page = " ".join(b.text for b in boxes if b.page == 1)
    date = _printed_date(boxes) or _pdf_date(info.get("CreationDate"))
    return Document(
        kind=DocumentKind.REPORT,
        ids=Identifiers(doi=ids.doi(find_doi(first_page))),
        title=title or _file_title(source),
        citation=Citation(date=date, publisher=clean(info.get("Company")) or None),
        authors=tuple(authors),
        abstract=abstract,
        body=tuple(paragraphs),
        body_pages=tuple(paragraph_pages),
        references=tuple(references),
        sources=(SourceSpan(file=source, format=NAME, record=None, start_page=1, end_page=pages),),
    )


def _without_running_text(boxes: list[_Box], pages: int) -> list[_Box]:
    """Drop page numbers, and text in the top or bottom band that recurs on several pages."""
    def key(box: _Box) -> str:
        return re.sub(r"[\d\W]+", " ", box.text.lower()).strip()

    in_band = [b for b in boxes if b.top < _MARGIN or b.bottom > 1 - _MARGIN]
    counts = Counter(key(b) for b in in_band)
    threshold = max(2, pages // 3)
    kept = []
    for box in boxes:
        marginal = box.top < _MARGIN or box.bottom > 1 - _MARGIN
        if marginal and (not key(box) or (pages > 1 and counts[key(box)] >= threshold)):
            continue
        if re.fullmatch(r"(?:page\s+)?\d{1,5}(?:\s+of\s+\d{1,5})?", box.text.strip(), re.I):
            continue
        letters = box.text.split()
        if len(letters) >= 4 and sum(len(w) == 1 for w in letters) >= 0.6 * len(letters):
            continue  # text set sideways in a margin, read a letter at a time
        kept.append(box)
    return kept


def _body_size(boxes: list[_Box]) -> float:
    """The font size most of the text is set in (weighted by words)."""
    sizes: Counter[float] = Counter()
    for box in boxes:
        sizes[box.size] += box.words
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _is_heading(box: _Box, body_size: float) -> bool:
    if box.words > _HEADING_WORDS or box.text.rstrip().endswith((".", ",", ";")) and box.words > 3:
        return False
    return box.size >= body_size * 1.15 or (box.bold and box.size >= body_size * 0.95) or \
        bool(_ABSTRACT_HEADINGS.match(box.text) or _REFERENCE_HEADINGS.match(box.text))


def _title_box(boxes: list[_Box], body_size: float) -> _Box | None:
    """The biggest text in the upper half of page 1 (two words or more)."""
    candidates = [b for b in boxes if b.page == 1 and b.top < 0.6 and 2 <= b.words <= 40
                  and b.size > body_size and not _ABSTRACT_HEADINGS.match(b.text)]
    return max(candidates, key=lambda b: (b.size, -b.top), default=None)


def _metadata_title(info: dict[str, str]) -> str | None:
    title = clean(info.get("Title"))
    if not title or _NOT_A_TITLE.match(title) or len(title.split()) < 2:
        return None
    return title


def _file_title(source: str) -> str:
    name = re.split(r"[\\/]", source)[-1]
    return clean(re.sub(r"[_\-]+", " ", re.sub(r"\.pdf$", "", name, flags=re.I))) or name


def _authors(info: dict[str, str], boxes: list[_Box], title_box: _Box | None, running: str) -> list[Author]:
    names: list[str] = []
    meta = clean(info.get("Author"))
    if meta and not _NOT_A_TITLE.match(meta):
        names = [n for n in (clean(p) for p in re.split(r";|\band\b|&|,(?=\s*[A-Z][a-z]+\s+[A-Z])", meta)) if n]
    elif title_box is not None:
        after = [b for b in boxes if b.page == 1 and b.top > title_box.top]
        following = min(after, key=lambda b: b.top, default=None)
        if following is not None and following.words <= 12 and not _DATE.search(following.text):
            parts = [p.strip() for p in re.split(r",|\band\b|&", following.text) if p.strip()]
            # the running headers name the publication, not its authors ("Federal Register")
            if parts and all(_NAME.match(p) and p not in running for p in parts):
                names = parts
    authors = []
    for name in names:
        author = ids.author_from_display_name(name)
        if author is not None:
            authors.append(author)
    return authors


def _sections(boxes: list[_Box], body_size: float, title_box: _Box | None):
    """Body paragraphs (with their pages), the abstract, and the reference list."""
    paragraphs: list[str] = []
    pages: list[int] = []
    abstract: list[str] = []
    abstract_size: float | None = None
    references: list[Reference] = []
    part = "body"
    last_heading = False
    for box in boxes:
        if box is title_box:
            continue
        text = box.text
        heading = _is_heading(box, body_size)
        if heading:
            if _ABSTRACT_HEADINGS.match(text):
                part, abstract_size = "abstract", None
                continue
            part = "references" if _REFERENCE_HEADINGS.match(text) else "body"
        elif _SUMMARY_LABEL.match(text) and not abstract:
            abstract.append(_SUMMARY_LABEL.sub("", text))
            continue
        if part == "abstract":
            # an abstract is one paragraph (a heading ends a longer one): the first box, and what continues it
            if not abstract or _continues(abstract[-1], text) or (box.size == abstract_size and box.size < body_size):
                abstract_size = box.size
                abstract.append(text)
                continue
            part = "body"
        if part == "references" and not heading:
            references += [Reference(text=entry, doi=ids.doi(find_doi(entry))) for entry in _entries(text)]
            continue
        if paragraphs and not heading and not last_heading and _continues(paragraphs[-1], text):
            paragraphs[-1] = _join_lines([paragraphs[-1], text])
            continue
        paragraphs.append(text)
        pages.append(box.page)
        last_heading = heading
    return paragraphs, pages, split_abstract(abstract) if abstract else (), references


def _continues(previous: str, text: str) -> bool:
    """A paragraph cut by a column or page break: no sentence end before, a lower-case word after."""
    return not re.search(r"[.!?:;)\]”\"]$", previous) and (text[:1].islower() or text[:1].isdigit())


def _entries(text: str) -> list[str]:
    """Reference entries in a box: a new one starts at "[1]", "1. " or "Surname, X." after a full stop."""
    entries: list[str] = []
    for sentence in re.split(r"(?<=[.)])\s+(?=\[\d|\d{1,3}\.\s|[A-Z][\w'’\-]+,\s+[A-Z])", text):
        sentence = sentence.strip()
        if not sentence:
            continue
        if entries and not _ENTRY_START.match(sentence):
            entries[-1] = f"{entries[-1]} {sentence}"
        else:
            entries.append(sentence)
    return entries


def _printed_date(boxes: list[_Box]) -> PartialDate | None:
    for box in boxes:
        if box.page != 1:
            break
        match = _DATE.search(box.text)
        if match:
            return PartialDate.parse(match[0])
    return None


def _pdf_date(value: str | None) -> PartialDate | None:
    """``D:20200806095125Z`` → 2020-08-06."""
    match = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", value or "")
    if not match:
        return None
    return PartialDate._checked(int(match[1]), int(match[2]) if match[2] else None, int(match[3]) if match[3] else None)
