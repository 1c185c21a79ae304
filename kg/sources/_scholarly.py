"""Pieces the bibliographic-database readers share (Web of Science, Scopus, OpenAlex, Crossref, CSL-JSON).

Identifiers arrive in many spellings (``https://orcid.org/0000-…``,
``https://openalex.org/W…``, ``https://doi.org/…``, an ISSN without its
hyphen); each helper returns the one form the record model keeps, or
``None`` when the value is not an identifier of that kind.
"""

from __future__ import annotations

import html
import re

from kg._text import find_doi, normalize_space
from kg.model import Author
from kg.sources._common import clean
from kg.vocab.names import SURNAME_PARTICLES, initials_of

__all__ = ["orcid", "openalex_id", "ror_id", "pmid", "pmcid", "doi", "issn", "pages", "plain_text",
           "split_display_name", "author_from_display_name"]

_ORCID = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])")
_OPENALEX = re.compile(r"(?:^|/)([WAISPCFT]\d{2,})\s*$", re.I)
_ROR = re.compile(r"(?:^|ror\.org/)(0[a-z0-9]{6}\d{2})\s*$", re.I)
_ISSN = re.compile(r"^\s*(\d{4})-?(\d{3}[\dXx])\s*$")

#: Lower-case words that begin a family name ("van Leeuwen", "de la Cruz").


def orcid(value: str | None) -> str | None:
    """``0000-0002-1825-0097`` from a bare, unhyphenated or ``https://orcid.org/…`` ORCID."""
    match = _ORCID.search(value or "")
    return "-".join(match.groups()).upper() if match else None


def openalex_id(value: str | None) -> str | None:
    """``W2741809807`` from ``https://openalex.org/W2741809807`` (or any OpenAlex entity id)."""
    match = _OPENALEX.search((value or "").strip())
    return match[1].upper() if match else None


def ror_id(value: str | None) -> str | None:
    """``05ppvf150`` from ``https://ror.org/05ppvf150``."""
    match = _ROR.search((value or "").strip())
    return match[1].lower() if match else None


def pmid(value: object) -> str | None:
    """A PMID's digits from ``123``, ``"123"`` or ``https://pubmed.ncbi.nlm.nih.gov/123``."""
    text = str(value).strip() if value is not None else ""
    match = re.search(r"(\d{1,9})/?$", text)
    return match[1].lstrip("0") or None if match and (text.isdigit() or "pubmed" in text.lower()) else None


def pmcid(value: object) -> str | None:
    """``PMC5815332`` from ``PMC5815332``, ``5815332`` or a PMC address."""
    text = str(value).strip() if value is not None else ""
    match = re.search(r"(?:PMC)?(\d{1,9})/?$", text, re.I)
    return f"PMC{match[1]}" if match else None


def doi(value: str | None) -> str | None:
    """A DOI in lower case (DOIs are case-insensitive; Crossref and OpenAlex print them so), from a
    bare DOI, ``doi:…`` or a ``doi.org`` address; ``None`` when there is none."""
    found = find_doi(value)
    return found.lower() if found else None


def issn(value: str | None) -> str | None:
    """``0022-1694`` from ``00221694`` or ``0022-1694``; ``None`` for anything else."""
    match = _ISSN.match(value or "")
    return f"{match[1]}-{match[2].upper()}" if match else None


def pages(first: str | None, last: str | None) -> str | None:
    """``105-108`` from a first and a last page (either may be missing)."""
    first, last = clean(first), clean(last)
    if first and last and first != last:
        return f"{first}-{last}"
    return first or last


_TAG = re.compile(r"<[^>]{0,200}>")


def plain_text(value: str | None) -> str | None:
    """Text without markup: ``Two new species of<i>Bombylius</i> &amp; …`` → ``Two new species of Bombylius & …``.

    Inline tags are dropped (a tag between two words leaves a space), entities decoded, space collapsed.
    """
    if value is None:
        return None
    text = _TAG.sub(" ", value) if "<" in value else value
    text = html.unescape(text) if "&" in text else text
    return clean(text)


def split_display_name(name: str) -> tuple[str | None, str | None]:
    """``(family, given)`` of a name written given-first: "Heather Piwowar" → ("Piwowar", "Heather"),
    "Ludo van Leeuwen" → ("van Leeuwen", "Ludo"); one word is a family name."""
    words = normalize_space(name).split(" ")
    if not words or not words[0]:
        return None, None
    cut = len(words) - 1
    while cut > 0 and words[cut - 1].lower() in SURNAME_PARTICLES:
        cut -= 1
    family = " ".join(words[cut:])
    given = " ".join(words[:cut])
    return family or None, given or None


def author_from_display_name(name: str, **fields) -> Author | None:
    """An :class:`Author` from a name written given-first ("Heather A. Piwowar"), with other fields as given."""
    name = clean(name) or ""
    if not name:
        return None
    family, given = split_display_name(name)
    return Author(name=name, family=family, given=given, initials=initials_of(given), **fields)
