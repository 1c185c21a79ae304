"""People named in a document, and the works they are cited for.

* titles: "Professor Stephen Peckham", "Dr Catherine Marchand";
* author bios: "Kath Checkland is a Reader in …", "Stephen Peckham is Director of PRUComm";
* author–year citations: "Scott (2008)", "(Pawson & Tilley, 1997)", "(Wood and Heath 2014)",
  "Smith et al. (2019)";
* reference-list entries: "Scott, W. R. (2008). Institutions and organizations …",
  "Wood, J. and S. Heath (2014). …".

Bylines come from the record itself (:attr:`Document.authors`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg._text import has_possessive
from kg.vocab.lexicon import LEXICON

__all__ = ["PersonFound", "AuthorYear", "find_titled_people", "find_bios", "find_eponyms", "find_author_year",
           "parse_reference_authors"]

_NAME_WORD = r"[A-Z][a-z\u00e0-\u00ff]+(?:-[A-Z][a-z\u00e0-\u00ff]+)?"
_PARTICLE = r"(?:[Vv]an|[Vv]on|[Dd]e|[Dd]er|[Dd]en|[Ll]e|[Dd]a|[Dd]i|[Dd]el|O')"
_SURNAME = rf"(?:{_PARTICLE}\s+)*(?:Mc|Mac|O')?{_NAME_WORD}"
_FULL_NAME = rf"{_NAME_WORD}(?:\s+[A-Z]\.)?(?:\s+{_SURNAME})"


@dataclass(frozen=True, slots=True)
class PersonFound:
    """A person's name and where it stands."""

    name: str
    start: int
    end: int
    technique: str


_TITLED = re.compile(rf"\b(?:Professor|Prof\.?|Dr\.?|Sir|Dame|Lord|Baroness|Mr\.?|Mrs\.?|Ms\.?)\s+({_FULL_NAME})")
_BIO = re.compile(rf"(?:^|(?<=\n))({_FULL_NAME})\s+(?:is|was|has been)\s+(?:a|an|the|now|currently|Director|"
                  rf"Professor|Reader|Lecturer|Senior|Chair|Head|Chief|Research|Honorary|Emeritus)\b")

_NOT_NAMES = LEXICON.not_names


_EPONYM = re.compile(rf"\b({_FULL_NAME})['\u2019]s\s+(?:work|ideas|writings?|theory|theories|framework|model|"
                     rf"notion|concept|typology|account|approach)\b")


def find_eponyms(text: str) -> Iterator[PersonFound]:
    """A full name whose work is the lens: "Elinor Ostrom's work concerning …"."""
    if not has_possessive(text):  # spares the costly pattern most texts
        return
    for m in _EPONYM.finditer(text):
        if m.group(1).split()[0] not in _NOT_NAMES:
            yield PersonFound(m.group(1), m.start(1), m.end(1), "eponym")


def find_titled_people(text: str) -> Iterator[PersonFound]:
    """Names after an academic or courtesy title."""
    for m in _TITLED.finditer(text):
        yield PersonFound(m.group(1), m.start(1), m.end(1), "title")


def find_bios(text: str, paragraph_starts: list[int]) -> Iterator[PersonFound]:
    """"Name Surname is a …" at the start of a paragraph (an author bio)."""
    for start in paragraph_starts:
        m = _BIO.match(text, start)
        if m and not set(m.group(1).split()) & _NOT_NAMES:
            yield PersonFound(m.group(1), m.start(1), m.end(1), "bio")


@dataclass(frozen=True, slots=True)
class AuthorYear:
    """An author–year citation: the surnames, the year and the span."""

    surnames: tuple[str, ...]
    year: str
    start: int
    end: int
    name_spans: tuple[tuple[int, int], ...]
    et_al: bool = False


_YEAR = r"(?:1[89]|20)\d\d[a-z]?"
_AUTHORS = rf"({_SURNAME}(?:\s+et\s+al\.?)?(?:\s*(?:,|&|and)\s*{_SURNAME})*)"
_NARRATIVE = re.compile(rf"\b{_AUTHORS}\s+\(({_YEAR})\)")
_PARENTHETICAL = re.compile(rf"\({_AUTHORS},?\s+({_YEAR})(?:[;,][^)]*)?\)")
#: what the narrative form cannot do without: most texts hold none, and the pattern is costly from every word
#: (the parenthetical form starts with a literal "(", which the regex engine skips to by itself)
_CITED_YEAR = {_NARRATIVE: re.compile(rf"\({_YEAR}\)")}


def find_author_year(text: str) -> Iterator[AuthorYear]:
    """Author–year citations, narrative ("Scott (2008)") and parenthetical ("(Pawson & Tilley, 1997)")."""
    seen: set[int] = set()
    for pattern in (_PARENTHETICAL, _NARRATIVE):
        gate = _CITED_YEAR.get(pattern)
        for m in pattern.finditer(text) if gate is None or gate.search(text) else ():
            if m.start(1) in seen:
                continue
            spans = [(s.start() + m.start(1), s.end() + m.start(1))
                     for s in re.finditer(_SURNAME, m.group(1)) if s.group(0) not in ("and",)]
            names = tuple(text[s:e] for s, e in spans)
            names = tuple(n for n in names if n.split()[-1] not in _NOT_NAMES and n != "Al")
            if not names:
                continue
            seen.add(m.start(1))
            kept = tuple((s, e) for s, e in spans if text[s:e] in names)
            yield AuthorYear(names, m.group(2)[:4], m.start(), m.end(), kept, "et al" in m.group(1))


_REFERENCE_HEAD = re.compile(rf"^(.{{3,200}}?)\s*\(({_YEAR})\)")
_INVERTED = re.compile(rf"({_SURNAME}),\s+((?:[A-Z]\.\s*){{1,3}}|{_NAME_WORD}(?:\s+[A-Z]\.)?)")
_DIRECT = re.compile(rf"((?:[A-Z]\.\s*){{1,3}})\s*({_SURNAME})")


def parse_reference_authors(reference: str) -> tuple[list[tuple[str, int, int]], str | None]:
    """The authors (name as printed, start, end) and year of a reference-list entry.

    Reads "Scott, W. R. (2008). …" and "Wood, J. and S. Heath (2014). …".
    """
    head = _REFERENCE_HEAD.match(reference)
    if not head:
        return [], None
    authors: list[tuple[str, int, int]] = []
    segment = head.group(1)
    for part in re.finditer(r"(?:(?<=^)|(?<=;)|(?<=&)|(?<=\band\b))\s*([^;&]+?)\s*(?=\band\b|&|;|$)", segment):
        piece = part.group(1).strip().strip(",")
        offset = part.start(1) + part.group(1).find(piece)
        if re.fullmatch(r"et\s+al\.?", piece):
            continue
        inverted = list(_INVERTED.finditer(piece))
        direct = _DIRECT.match(piece)
        if inverted and inverted[0].start() == 0:  # "Smith, J., Jones, K." holds several
            for name in inverted:
                authors.append((name.group(0).strip(), offset + name.start(), offset + name.start() + len(name.group(0).strip())))
        elif direct:
            authors.append((direct.group(0).strip(), offset, offset + len(direct.group(0).strip())))
        elif re.fullmatch(_SURNAME, piece):
            authors.append((piece, offset, offset + len(piece)))
    return authors, head.group(2)[:4]
