"""BVS portal result listing, as the HTML page saved from the browser.

The MEDLINE listing pages of the Virtual Health Library portal
(pesquisa.bvsalud.org), as the portal's page templates print them: a header
(``Show: 20 | 50 | 100``, ``div.resultM`` with ``Results 1 - 20 de 26``),
then one block per record::

    <div class="box1">
      <div class="inputCheck1">
        <input type="checkbox" class="my_selection" value="mdl-35414562"> <small>6.</small>
      </div>
      <div class="textArt">
        <div class="titleArt"><a href="…/resource/en/mdl-35414562">Title</a></div>
        <div class="author"><a>Hindi, Ali Mawfek Khaled</a>; <a>Willis, Sarah Caroline</a></div>
        <div class="reference"><em><a>BMJ Open</a> ; 12(4): e059026, 2022 04 12.</em></div>
        <div class="dataArticle">Article in English | MEDLINE | ID: <span class="doc_id">mdl-35414562</span></div>
        <div class="reference-detail">
          <h5>Abstract</h5> <p>…</p> <hr/> <p>…</p>
          <h5>Subject(s)</h5> <a href="…?q=mh:&quot;Pharmacy&quot;">Pharmacy</a> , …
        </div>
      </div>
    </div>

Unlike the text copy (``bvs-listing``), the HTML keeps each record's title,
authors and URL. The document id comes from the checkbox, else the
``doc_id`` span, else the title link; ``mdl-<PMID>`` ids give the PMID. A
record without an id is yielded as a ParseError at its line. Author names
``Family, Given`` become ``Given Family``; a name without a comma is a group.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

from kg.errors import ParseError
from kg.model import Author, Citation, Document, DocumentKind, Identifiers, SourceSpan
from kg.sources._common import (
    bvs_language,
    bvs_pmid,
    clean,
    parse_bvs_citation,
    parse_mesh_term,
    split_abstract,
)
from kg.sources._html import (
    UnusableRecord,
    absolute,
    load_html,
    read_page,
    read_record,
    text_of,
)
from kg.vocab.names import initials_of

if TYPE_CHECKING:
    from bs4 import Tag

NAME = "bvs-html"
DESCRIPTION = ("BVS/LILACS portal result listing saved as HTML (div.box1 records with div.textArt, "
               "input.my_selection, span.doc_id)")
EXTENSIONS = (".html", ".htm")

PORTAL = "https://pesquisa.bvsalud.org/portal/"
_RECORD_MARKS = ('class="box1"', "inputcheck1", "my_selection", 'class="textart"', 'class="titleart"',
                 'class="doc_id"', "reference-detail")
_ID = re.compile(r"^[A-Za-z]{2,12}-[\w.-]+$")
_NUMBER = re.compile(r"(\d{1,6})")


def sniff(head: str) -> float:
    """High when the markup has the portal's record blocks (``box1``, ``textArt``, ``my_selection``)."""
    if "<" not in head:
        return 0.0
    low = head.lower().replace("'", '"')
    marks = sum(1 for mark in _RECORD_MARKS if mark in low)
    if marks >= 2:
        return 0.95
    if "bvsalud" in low and 'class="resultm"' in low:
        # the header of a listing whose first record lies beyond the head; above the 0.8 that
        # wordpress gives any page linking wp-content, as the portal's own site chrome does
        return 0.85
    return 0.0


def parse(stream: TextIO, source: str) -> Iterator[Document | ParseError]:
    """Yield one paper per record block of the listing."""
    text, problem = read_page(stream, source)
    if problem is not None:
        yield problem
        return
    if not text or not text.strip():
        return
    try:
        soup, lines = load_html(text)
        boxes = soup.select("div.box1")
        base_tag = soup.find("base", href=True)
        base = absolute(PORTAL, str(base_tag["href"])) if base_tag is not None else PORTAL
    except Exception as exc:  # noqa: BLE001 - bs4 and lxml fail in many ways on hostile input
        yield ParseError(f"not readable as an HTML page: {exc}", source=source, line=1)
        return
    if not boxes:
        if soup.select_one("div.resultM") is None:  # an empty result page has the header only
            yield ParseError("no BVS record (div.box1) on this page", source=source, line=1)
        return
    for position, box in enumerate(boxes, 1):
        start = lines.start(box)
        number = _number(box) or str(position)
        yield read_record(lambda: _document(box, source, number, start, lines.end(box), base),
                          source, start, number, "record")


def _number(box: Tag) -> str | None:
    small = box.select_one("div.inputCheck1 small")
    match = _NUMBER.search(text_of(small)) if small is not None else None
    return match[1] if match else None


def _document(box: Tag, source: str, number: str, start: int | None, end: int | None, base: str) -> Document:
    title_link = box.select_one("div.titleArt a[href]")
    href = absolute(base, str(title_link["href"])) if title_link is not None else None
    doc_id = _doc_id(box, href)
    if not doc_id:
        raise UnusableRecord("record has no document id (input.my_selection, span.doc_id or resource link)")
    title_tag = box.select_one("div.titleArt")
    reference = box.select_one("div.reference em") or box.select_one("div.reference")
    reference_text = text_of(reference) if reference is not None else ""
    citation = parse_bvs_citation(reference_text) if reference_text else Citation()
    data = box.select_one("div.dataArticle")
    citation = dataclasses.replace(citation, language=bvs_language(text_of(data)) if data is not None else None)
    abstract, subjects = _details(box.select_one("div.reference-detail"))
    pmid = bvs_pmid(doc_id)
    return Document(
        kind=DocumentKind.PAPER,
        ids=Identifiers(pmid=pmid, url=href or f"{PORTAL}resource/en/{doc_id}", other=(("bvs", doc_id),)),
        title=clean(text_of(title_tag)) if title_tag is not None else None,
        citation=citation,
        authors=tuple(_authors(box.select_one("div.author"))),
        abstract=split_abstract(abstract),
        mesh=tuple(heading for term in subjects for heading in parse_mesh_term(term)),
        sources=(SourceSpan(file=source, format=NAME, start_line=start, end_line=end, record=number),),
    )


def _doc_id(box: Tag, href: str | None) -> str | None:
    checkbox = box.select_one("input.my_selection[value]")
    candidates = [str(checkbox["value"]) if checkbox is not None else ""]
    span = box.select_one("span.doc_id")
    candidates.append(text_of(span) if span is not None else "")
    candidates.append(href.rstrip("/").rsplit("/", 1)[-1] if href else "")
    return next((c.strip() for c in candidates if _ID.match(c.strip())), None)


def _authors(element: Tag | None) -> list[Author]:
    if element is None:
        return []
    links = element.find_all("a")
    names = [text_of(a) for a in links] if links else text_of(element).split(";")
    return [_author(n) for n in (clean(n.strip(" ;")) for n in names) if n and n.lower() not in ("et al", "et al.")]


def _author(name: str) -> Author:
    family, comma, given = (part.strip() for part in name.partition(","))
    if not comma or not family:
        return Author(name=name, collective=True)
    if not given:
        return Author(name=family, family=family)
    # "Checkland, K": the given name is initials already
    initials = given if re.fullmatch(r"[A-Z]{1,4}", given) else initials_of(given)
    return Author(name=f"{given} {family}", family=family, given=given, initials=initials)


def _details(element: Tag | None) -> tuple[list[str], list[str]]:
    """Abstract paragraphs and subject headings of ``div.reference-detail``."""
    from bs4.element import Tag

    abstract: list[str] = []
    subjects: list[str] = []
    if element is None:
        return abstract, subjects
    section = None
    for node in element.descendants:
        if not isinstance(node, Tag):
            continue
        if node.name in ("h5", "h4", "h3", "h6"):
            heading = text_of(node).lower()
            section = "abstract" if heading.startswith("abstract") else (
                "subjects" if heading.startswith("subject") else None)
        elif section == "abstract" and node.name == "p":
            if text := text_of(node):
                abstract.append(text)
        elif section == "subjects" and node.name == "a":
            if text := text_of(node):
                subjects.append(text.strip(" ,"))
    return abstract, subjects
