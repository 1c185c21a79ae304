"""Pieces several parsers share: paragraphs of text, abstract sections, citation lines, languages, MeSH."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kg._text import normalize_space
from kg.model import AbstractSection, Author, Citation, MeshHeading, PartialDate
from kg.vocab.names import initials_of

__all__ = ["Paragraph", "paragraphs", "split_abstract", "parse_bvs_citation", "bvs_language", "bvs_pmid",
           "language_code", "parse_mesh_term", "clean", "author_from_parts", "find_issn", "bare_doi"]


@dataclass
class Paragraph:
    """Lines of a text source between blank lines, with the number of the first."""

    line: int
    lines: list[str] = field(default_factory=list)

    @property
    def end_line(self) -> int:
        return self.line + len(self.lines) - 1

    @property
    def text(self) -> str:
        return normalize_space(" ".join(self.lines))


def paragraphs(lines: Iterable[str]) -> Iterator[Paragraph]:
    """The paragraphs of ``lines`` (a text stream), each line without its trailing white space."""
    paragraph: Paragraph | None = None
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        if line.strip():
            if paragraph is None:
                paragraph = Paragraph(number)
            paragraph.lines.append(line)
        elif paragraph is not None:
            yield paragraph
            paragraph = None
    if paragraph is not None:
        yield paragraph

# Labels of structured abstracts written without colons ("Objective To describe ..."),
# as BMJ, JRSM and BJGP print them. Only recognised when the abstract starts with one.
_PLAIN_LABELS = (
    "Objectives", "Objective", "Background", "Aims", "Aim", "Introduction", "Purpose", "Context",
    "Design and setting", "Design", "Setting", "Settings", "Participants", "Interventions", "Intervention",
    "Main outcome measures", "Main outcome measure", "Methods", "Method", "Results", "Findings",
    "Conclusions", "Conclusion", "Implications", "Discussion",
)
_CAPS_LABEL = re.compile(r"(?:^|(?<=[.?!)\]]\s))([A-Z][A-Z0-9 ,&/'()-]{1,48}[A-Z)]):\s+")
_PLAIN_LABEL = re.compile(
    r"(?:^|(?<=[.?!)\]]\s))(" + "|".join(re.escape(l) for l in _PLAIN_LABELS) + r")\s+(?=[A-Z0-9(])")


def clean(text: str | None) -> str | None:
    """Whitespace collapsed, or ``None`` for nothing."""
    if text is None:
        return None
    text = normalize_space(text)
    return text or None


def split_abstract(paragraphs: list[str]) -> tuple[AbstractSection, ...]:
    """Abstract sections from paragraphs of abstract text.

    ``BACKGROUND: … METHODS: …`` splits at each upper-case label; an abstract
    that starts with a plain label (``Objective To …``) splits at each known
    plain label after a sentence end. Anything else is one unlabelled section
    per paragraph.
    """
    sections: list[AbstractSection] = []
    for paragraph in paragraphs:
        text = normalize_space(paragraph)
        if not text:
            continue
        pattern = _CAPS_LABEL if _CAPS_LABEL.match(text) else _PLAIN_LABEL if _PLAIN_LABEL.match(text) else None
        if pattern is None:
            sections.append(AbstractSection(text=text))
            continue
        marks = list(pattern.finditer(text))
        for i, mark in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            body = text[mark.end():end].strip()
            if body:
                label = mark.group(1).strip()
                sections.append(AbstractSection(text=body, label=label, category=_category(label)))
    return tuple(sections)


_CATEGORIES = {
    "BACKGROUND": ("BACKGROUND", "INTRODUCTION", "CONTEXT", "RATIONALE"),
    "OBJECTIVE": ("OBJECTIVE", "OBJECTIVES", "AIM", "AIMS", "PURPOSE", "GOAL"),
    "METHODS": ("METHOD", "METHODS", "DESIGN", "SETTING", "PARTICIPANTS", "DESIGN AND SETTING",
                "MAIN OUTCOME MEASURES", "INTERVENTION", "MATERIALS AND METHODS", "METHODOLOGY"),
    "RESULTS": ("RESULTS", "FINDINGS"),
    "CONCLUSIONS": ("CONCLUSION", "CONCLUSIONS", "IMPLICATIONS", "DISCUSSION", "INTERPRETATION"),
}


_CATEGORY_OF = {label: category for category, labels in _CATEGORIES.items() for label in labels}


def _category(label: str) -> str | None:
    upper = label.upper()
    found = _CATEGORY_OF.get(upper)
    if found is None:  # "METHODS AND SETTING" → METHODS
        found = next((_CATEGORY_OF[w] for w in _CATEGORY_OF if upper.startswith(w + " ")), None)
    return found


_CITATION = re.compile(
    r"""^(?P<journal>.+?)\s*;\s*
        (?P<volume>[^(:,]*?)\s*
        (?:\((?P<issue>[^)]*)\))?\s*
        (?::\s*(?P<pages>[^,]*?))?\s*
        ,?\s*(?P<date>(?:[A-Za-z]+\.?\s+)?(?:1[5-9]|2[01])\d\d\b[^,]*?)\.?\s*$""",
    re.X,
)


def parse_bvs_citation(line: str) -> Citation:
    """``J Public Health (Oxf) ; 45(Suppl 1): i54-i62, 2023 12 21.`` as a :class:`Citation`.

    A line that does not fit keeps only ``raw`` and, if one is there, the year.
    """
    raw = normalize_space(line)
    match = _CITATION.match(raw)
    if not match:
        journal = raw.split(";")[0].strip() if ";" in raw else None
        return Citation(journal=journal or None, date=PartialDate.parse(raw.rsplit(",", 1)[-1]), raw=raw)
    return Citation(
        journal=clean(match["journal"]),
        volume=clean(match["volume"]),
        issue=clean(match["issue"]),
        pages=clean(match["pages"]),
        date=PartialDate.parse(match["date"]),
        raw=raw,
    )


_LANGUAGES = {
    "english": "en", "eng": "en", "spanish": "es", "spa": "es", "portuguese": "pt", "por": "pt",
    "french": "fr", "fre": "fr", "fra": "fr", "german": "de", "ger": "de", "deu": "de",
    "italian": "it", "ita": "it", "dutch": "nl", "dut": "nl", "nld": "nl", "swedish": "sv", "swe": "sv",
    "danish": "da", "dan": "da", "norwegian": "no", "nor": "no", "finnish": "fi", "fin": "fi",
    "chinese": "zh", "chi": "zh", "zho": "zh", "japanese": "ja", "jpn": "ja", "russian": "ru", "rus": "ru",
    "polish": "pl", "pol": "pl", "turkish": "tr", "tur": "tr", "korean": "ko", "kor": "ko",
    "arabic": "ar", "ara": "ar", "greek": "el", "gre": "el", "ell": "el", "hebrew": "he", "heb": "he",
    "czech": "cs", "cze": "cs", "ces": "cs", "hungarian": "hu", "hun": "hu", "welsh": "cy", "wel": "cy",
}


_BVS_LANGUAGE = re.compile(r"^\s*\w+\s+in\s+([A-Za-z]+)", re.I)


def bvs_language(data_line: str) -> str | None:
    """The language code of a BVS record's "Article in English | MEDLINE | ID: …" line."""
    language = _BVS_LANGUAGE.match(data_line)
    return language_code(language[1]) if language else None


def bvs_pmid(doc_id: str) -> str | None:
    """The PMID of a BVS document id: ``mdl-38127564`` → ``38127564``; other ids have none."""
    return doc_id[4:] if doc_id.lower().startswith("mdl-") and doc_id[4:].isdigit() else None


def language_code(name: str | None) -> str | None:
    """An ISO 639-1 code for a language name or ISO 639-2 code; ``None`` if unknown."""
    if not name:
        return None
    key = name.strip().lower()
    if re.fullmatch(r"[a-z]{2}", key):
        return key
    return _LANGUAGES.get(key)


def parse_mesh_term(term: str) -> list[MeshHeading]:
    """MeSH as MEDLINE prints it: ``*Social Work/*methods/trends`` gives one
    heading per qualifier (a bare descriptor gives one heading); ``*`` marks
    a major topic, on the descriptor (``major``) or on one qualifier (``qualifier_major``)."""
    parts = [p.strip() for p in term.split("/")]
    descriptor = parts[0]
    major = descriptor.startswith("*")
    descriptor = descriptor.lstrip("*").strip()
    if not descriptor:
        return []
    if len(parts) == 1:
        return [MeshHeading(descriptor=descriptor, major=major)]
    return [MeshHeading(descriptor=descriptor, qualifier=q.lstrip("*").strip(), major=major,
                        qualifier_major=q.startswith("*"))
            for q in parts[1:] if q.lstrip("*").strip()]


def author_from_parts(family: str | None, given: str | None, suffix: str | None = None) -> Author | None:
    """An :class:`Author` from name parts: ``name`` is "Given Family" (plus suffix) when both are known."""
    family, given, suffix = clean(family), clean(given), clean(suffix)
    if not family and not given:
        return None
    name = " ".join(part for part in (given, family, suffix) if part)
    return Author(name=name, family=family, given=given, initials=initials_of(given))


_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


_ISSN = re.compile(r"\b\d{4}-\d{3}[\dXx]\b")


def find_issn(value: str | None) -> str | None:
    """The first ISSN in ``value`` ("ISSN 1234-567x (Print)" → ``1234-567X``)."""
    match = _ISSN.search(value or "")
    return match[0].upper() if match else None


def bare_doi(text: str | None) -> str | None:
    """A DOI field without its ``doi:`` or ``https://doi.org/`` prefix."""
    return clean(_DOI_PREFIX.sub("", text.strip())) if text else None
