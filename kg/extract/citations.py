"""What a document cites.

Within one document (:func:`find_citations`):

* reference-list entries, and PubMed's ReferenceList and "Cites" links: a
  reference with a PMID or DOI cites that paper
  (``id/paper/pmid-…``); others cite a work keyed by its authors' surnames
  and year (``id/work/scott-2008``);
* author–year citations in the text ("Scott (2008)", "(Pawson & Tilley,
  1997)") cite the same work as their reference-list entry, or one of
  their own;
* links that fetch a work ("Download report [pdf]", "Link to the paper",
  a link to a PDF, a DOI or PubMed): one cited work per linked item, its
  summary and appendix links counted as parts of it, described in the
  link's words ("Interim report (with summary) linked from “…”").

Links across documents, which need the whole graph, are found after the
load by :mod:`kg.derived.links`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg._text import doi_from_url
from kg.extract.people import find_author_year, parse_reference_authors
from kg.facts import Citation, CitedWork, DocumentText, Mention, Sentence
from kg.model import Document, DocumentKind, Identifiers, Link
from kg.vocab import iris

__all__ = ["find_citations", "link_description", "JOURNAL_ARTICLE"]

_LINK_WORKS = re.compile(r"\b(?:download|paper|report|article|pdf|review|briefing|summary|appendix|annex|"
                         r"evaluation|study|publication|chapter|book|journal)\b", re.I)
_PARTS = re.compile(r"\b(?:summary|appendix|appendices|annex|supplement|executive summary|slides)\b", re.I)
_NAVIGATION = re.compile(r"^\s*(?:read\s+more|more|continue\s+reading|via\b|share|tweet|comments?|reply|"
                         r"permalink|next|previous|home|back)\b", re.I)
_ARTICLE_URL = re.compile(r"(?i)doi\.org/|pubmed|ncbi\.nlm\.nih\.gov/pmc|/doi/")
_WORK_URL = re.compile(rf"{_ARTICLE_URL.pattern}|\.pdf(?:$|[?#])|ncbi\.nlm\.nih\.gov|/article|journals?\.")


def _work_key(surnames: tuple[str, ...], year: str, et_al: bool = False) -> str:
    """"Scott 2008", "Wood Heath 2014", "Keane et al 2023": the same for a reference and its citations."""
    names = [surnames[0], "et al"] if et_al or len(surnames) > 2 else list(surnames)
    return " ".join(names) + " " + year


def _work_label(surnames: tuple[str, ...], year: str, et_al: bool = False) -> str:
    if et_al or len(surnames) > 2:
        return f"{surnames[0]} et al. {year}"
    return f"{' & '.join(surnames)} {year}"


def find_citations(document: Document, text: DocumentText, mentions: list[Mention]) -> list[Citation]:
    """The works ``document`` cites, each with the words that show it."""
    found: list[Citation] = []
    reference_sentences = [s for s in text.sentences if s.section == "reference"]
    by_key: dict[str, CitedWork] = {}
    by_first_author: dict[str, list[CitedWork]] = {}
    for reference, sentence in zip(document.references, reference_sentences):
        work = _reference_work(reference, text.text[sentence.start:sentence.end])
        if work is None:
            continue
        if work.authors and work.year:
            surnames = tuple(_surname(a) for a in work.authors)
            by_key[_work_key(surnames, work.year).lower()] = work
            by_first_author.setdefault(f"{surnames[0]} {work.year}".lower(), []).append(work)
        found.append(Citation(work, sentence.start, sentence.end,
                              "pubmed-reference" if work.kind == "paper" else "reference-list"))
    for cite in find_author_year(text.text):
        sentence = text.sentence_at(cite.start)
        if sentence.section in ("reference", "link", "byline"):
            continue
        key = _work_key(cite.surnames, cite.year, cite.et_al).lower()
        same_first = by_first_author.get(f"{cite.surnames[0]} {cite.year}".lower(), [])
        work = by_key.get(key) or (same_first[0] if len(same_first) == 1 else None) or CitedWork(
            iri=iris.work(key), label=_work_label(cite.surnames, cite.year, cite.et_al), year=cite.year,
            authors=cite.surnames, kind="author-year")
        by_key.setdefault(key, work)
        found.append(Citation(work, cite.start, cite.end, "author-year"))
    found += _link_citations(document, text, mentions)
    return found


def _surname(name: str) -> str:
    """"Scott, W. R." → Scott; "S. Heath" → Heath."""
    return name.split(",")[0].split()[-1] if "," in name else name.split()[-1]


def _reference_work(reference, printed: str) -> CitedWork | None:
    if reference.pmid or reference.doi:
        return CitedWork(iri=_paper_iri(reference.pmid, reference.doi), label=printed[:200], citation_text=printed,
                         kind="paper", url=reference.url)
    authors, year = parse_reference_authors(printed)
    if not authors or not year:
        return CitedWork(iri=iris.work(printed), label=printed[:120], citation_text=printed, kind="reference",
                         url=reference.url)
    surnames = tuple(_surname(a) for a, _, _ in authors)
    key = _work_key(surnames, year)
    return CitedWork(iri=iris.work(key), label=_work_label(surnames, year), citation_text=printed, year=year,
                     authors=tuple(a for a, _, _ in authors), kind="reference", url=reference.url)


def _link_citations(document: Document, text: DocumentText, mentions: list[Mention]) -> list[Citation]:
    """One cited work per linked item; summary and appendix links are parts of the item before them.

    When a page offers one item to download, its own prose usually says what that item is ("we
    undertook an evidence synthesis on …", "This is the fourth annual review of our research") and
    who wrote it ("The review was undertaken by Professor …"): that description names the work.
    """
    link_sentences = [s for s in text.sentences if s.section == "link"]
    items: list[list[tuple[Link, Sentence]]] = []
    for link, sentence in zip(document.links, link_sentences):
        if not _cites(link):
            continue
        if _PARTS.search(link.text) and items:
            items[-1].append((link, sentence))
        else:
            items.append([(link, sentence)])
    downloads = [item for item in items if _DOWNLOAD.match(item[0][0].text)]
    prose = _prose_description(text, mentions) if len(downloads) == 1 else None
    found: list[Citation] = []
    for item in items:
        described = prose if prose and item is downloads[0] else None
        work = _link_work(document, [link for link, _ in item], described)
        found += [Citation(work, sentence.start, sentence.end, "link") for _, sentence in item]
        if described:
            found += [Citation(work, sentence.start, sentence.end, "link-description")
                      for sentence in described.sentences]
    return found


def _cites(link: Link) -> bool:
    if _NAVIGATION.match(link.text):
        return False
    return bool(_LINK_WORKS.search(link.text) or (link.target and _WORK_URL.search(link.target)))


_LINK_VERB = re.compile(r"^(?:(?:download|read|view|see|open|get|click\s+here\s+for|link\s+to)\s+)?"
                        r"(?:(?:the|our|a|an|this)\s+)?", re.I)
_LINK_FORMAT = re.compile(r"\s*(?:\[[^\]]{1,10}\]|\((?:pdf|docx?|pptx?|xlsx?)\)|>+|\u00bb)\s*", re.I)
JOURNAL_ARTICLE = re.compile(r"\b(?:paper|article|journal)\b", re.I)
_WORK_NOUN = re.compile(r"\b(?:report|review|briefing|brief|evaluation|paper|article|guidance|guide|strategy|plan|"
                        r"framework|study|summary|synthesis|analysis|toolkit|handbook|chapter|book|note|"
                        r"statement|bulletin|publication|slides|presentation)s?\b", re.I)
_REPORT = re.compile(r"\b(?:report|review|briefing|evaluation|pdf|download)\b", re.I)
_DOWNLOAD = re.compile(r"^\s*download\b", re.I)
_PROSE_WORK = r"(?:report|review|evidence\s+synthesis|synthesis|evaluation|study|briefing|analysis|survey|audit)"
# "This is the fourth annual review of our research"; "… to undertake an evidence synthesis on GP recruitment"
_DESCRIBED_WORK = re.compile(
    r"\b(?:this\s+is|undert(?:ake|ook|aken)|conduct(?:ed)?|carr(?:y|ied)\s+out|produc(?:e|ed)|complet(?:e|ed)|"
    r"prepar(?:e|ed)|wr(?:ite|ote|itten))\s+(?:the|an?|our)\s+"
    rf"((?:[\w-]+\s+){{0,3}}?{_PROSE_WORK}\s+(?:on|of|into|about|for|to)\s+[^.;:!?()\u2013\u2014]+)", re.I)
# where a description stops: "… review of our research and provides a brief overview …"
_DESCRIPTION_END = re.compile(
    r"\s+(?:and|which|that|but|who)\s+(?:provides?|presents?|summari[sz]es?|sets?\s+out|describes?|reports?|"
    r"looks?|examines?|explores?|asks?|shows?|finds?|gives?|offers?|covers?|is|are|was|were|has|have|will)\b.*",
    re.I | re.S)
# "The review was undertaken by Professor Stephen Peckham … and Dr Catherine Marchand"
_WRITTEN_BY = re.compile(
    rf"\b{_PROSE_WORK}\s+(?:was|were|has\s+been)\s+(?:undertaken|conducted|carried\s+out|written|led|authored|"
    r"produced|prepared)\s+by\b", re.I)
_AUTHORS_WITHIN = 4  # sentences, from the description's own, in which to look for who wrote the work


@dataclass(frozen=True, slots=True)
class _ProseDescription:
    """What a page's prose says its downloadable work is, who wrote it, and the sentences saying so."""

    what: str
    authors: tuple[str, ...]
    sentences: tuple[Sentence, ...]


def _prose_description(text: DocumentText, mentions: list[Mention]) -> _ProseDescription | None:
    """The first description of a work in the page's running text, and its authors if a sentence names them."""
    prose = [s for s in text.sentences if s.section == "body" or s.section.startswith("abstract")]
    for position, sentence in enumerate(prose):
        match = _DESCRIBED_WORK.search(text.text, sentence.start, sentence.end)
        if match is None:
            continue
        what = _DESCRIPTION_END.sub("", match.group(1)).strip(" ,")
        if len(what.split()) > 16:
            continue
        sentences = [sentence]
        people: list[Mention] = []
        for later in prose[position:position + _AUTHORS_WITHIN]:
            written_by = _WRITTEN_BY.search(text.text, later.start, later.end)
            if written_by:
                people = sorted((m for m in mentions if m.concept.kind == "person"
                                 and written_by.end() <= m.start < later.end), key=lambda m: m.start)
                sentences += [later] if later is not sentence else []
                break
        authors = tuple(dict.fromkeys(m.concept.label for m in people))
        return _ProseDescription(what, authors, tuple(sentences))
    return None


def _linked_item(link_text: str) -> str:
    """What a link fetches, in its own words: "Download interim report [pdf]" → "interim report"."""
    words = _LINK_FORMAT.sub(" ", link_text).strip(" :.,-\u2013")
    return _LINK_VERB.sub("", words).strip() or words


def _link_kind(link_text: str) -> str:
    return "journal article" if JOURNAL_ARTICLE.search(link_text) else \
        "report" if _REPORT.search(link_text) else "work"


def link_description(link_texts: list[str]) -> tuple[str, str]:
    """("interim report", " (with summary)") for ["Download interim report [pdf]", "Download summary [pdf]"].

    A bare noun ("Download paper", "here") gives the kind of work instead.
    """
    what = _linked_item(link_texts[0])
    kind = _link_kind(link_texts[0])
    if len(what.split()) < 2 or not _WORK_NOUN.search(what):
        what = kind  # "here", "paper", a journal's name
    parts = [_linked_item(text) for text in link_texts[1:]]
    return what, f" (with {' and '.join(parts)})" if parts else ""


def _link_work(document: Document, links: list[Link], described: _ProseDescription | None = None) -> CitedWork:
    what, parts = link_description([link.text for link in links])
    if what == "work" and links[0].target and _ARTICLE_URL.search(links[0].target):
        what = "journal article"
    authors: tuple[str, ...] = ()
    if described:
        what, authors = described.what, described.authors
        if authors:
            what += f", by {' & '.join(_surname(name) for name in authors)},"
    title = document.title or document.label
    label = f"{what[0].upper()}{what[1:]}{parts} linked from \u201c{title}\u201d"
    citation_text = "; ".join(link.text for link in links)
    first = links[0]
    paper = _paper_at(first.target) if first.target else None
    if paper:
        return CitedWork(iri=paper, label=label, citation_text=citation_text, authors=authors,
                         url=first.target, kind="paper")
    if first.target:
        return CitedWork(iri=iris.work(re.sub(r"^https?://(?:www\.)?", "", first.target)), label=label,
                         citation_text=citation_text, authors=authors, url=first.target, kind="link")
    return CitedWork(iri=iris.work(f"{title} {first.text}"), label=label, citation_text=citation_text,
                     authors=authors, kind="link")


_PUBMED_URL = re.compile(r"(?i)^https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d{1,9})/?(?:[?#]|$)")


def _paper_iri(pmid: str | None = None, doi: str | None = None) -> str:
    """The IRI the record of the paper with this PMID or DOI has in the graph."""
    return iris.document(Document(kind=DocumentKind.PAPER, ids=Identifiers(pmid=pmid, doi=doi)))


def _paper_at(url: str) -> str | None:
    """The IRI of the paper a PubMed record's or a DOI's address names, else None."""
    pubmed = _PUBMED_URL.match(url)
    if pubmed:
        return _paper_iri(pmid=pubmed[1])
    doi = doi_from_url(url)
    return _paper_iri(doi=doi) if doi else None
