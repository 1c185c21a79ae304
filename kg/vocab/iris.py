"""Minting stable, readable IRIs under https://w3id.org/citekg/id/.

The same thing always gets the same IRI, whichever source it came from, so
graphs built from different sources merge by identity and two builds of
the same input are byte-identical. IRIs read like what they name:
``id/paper/pmid-38127564``, ``id/body/ccg``,
``id/policy/health-and-social-care-act-2012``.
"""

from __future__ import annotations

import functools
import hashlib
import re

from kg._text import ascii_fold, normalize_space, slugify
from kg.model import Author, Document, DocumentKind, Institution, MeshHeading
from kg.vocab.names import SURNAME_PARTICLES, initials_of
from kg.vocab.namespaces import ID
from kg.vocab.types import DOCUMENT_FOLDERS

__all__ = ["document", "journal", "mesh", "person", "person_name", "source", "source_record", "entity", "work",
           "sentence", "evidence", "short_hash", "institution", "orcid"]

#: The slug of a name that many records repeat (a journal, a person, a heading, an entity), computed once per
#: distinct name: slugging is most of the cost of minting an IRI. Titles and other one-off keys use slugify.
_slug = functools.lru_cache(maxsize=1 << 16)(slugify)

def short_hash(*parts: str, length: int = 16) -> str:
    """A stable hex digest of ``parts`` (for IRIs that have no readable key)."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


def document(doc: Document) -> str:
    """``id/paper/pmid-N``, ``id/paper/doi-…``, else ``id/<kind>/<title slug>``."""
    folder = DOCUMENT_FOLDERS[doc.kind]
    ids = doc.ids
    if ids.pmid:
        return f"{ID}{folder}/pmid-{ids.pmid}"
    if ids.doi:
        return f"{ID}{folder}/doi-{slugify(ids.doi, 200)}"
    if doc.kind is DocumentKind.PAPER and ids.pmcid:
        return f"{ID}{folder}/{ids.pmcid.lower()}"
    # A database's own id, when the record has no PMID, DOI or PMCID (issue 19): OpenAlex, then Scopus, then WoS.
    for scheme, value in (("openalex", ids.openalex), ("scopus", ids.scopus), ("wos", ids.wos)):
        if value:
            return f"{ID}{folder}/{scheme}-{slugify(value, 80)}"
    if doc.title:
        return f"{ID}{folder}/{slugify(doc.title)}"
    if ids.url:
        return f"{ID}{folder}/{slugify(re.sub(r'^https?://(www[.])?', '', ids.url))}"
    return f"{ID}{folder}/{short_hash(doc.label, repr(doc.sources[:1]))}"


def institution(place: Institution) -> str:
    """``id/org/ror-<ROR id>``, else ``id/org/openalex-<id>``, else ``id/org/<slug of the name>``."""
    if place.ror:
        return f"{ID}org/ror-{_slug(place.ror)}"
    if place.openalex:
        return f"{ID}org/openalex-{_slug(place.openalex)}"
    return f"{ID}org/{_slug(place.name) or short_hash(place.name)}"


def orcid(value: str) -> str | None:
    """``https://orcid.org/0000-0002-1825-0097`` for an ORCID in any spelling; ``None`` if it is not one."""
    match = re.search(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])", value or "")
    return f"https://orcid.org/{'-'.join(match.groups()).upper()}" if match else None


def journal(name: str) -> str:
    """``id/journal/<slug of the journal's name as printed>``."""
    return f"{ID}journal/{_slug(name)}"


def mesh(heading: MeshHeading, with_qualifier: bool = True) -> str:
    """``id/mesh/<descriptor>`` or ``id/mesh/<descriptor>/<qualifier>``."""
    base = f"{ID}mesh/{_slug(heading.descriptor)}"
    return f"{base}/{_slug(heading.qualifier)}" if with_qualifier and heading.qualifier else base


def person(author: Author | str) -> str:
    """``id/person/<family>-<initials>``: "Kath Checkland" and "Checkland K" meet."""
    if isinstance(author, str):
        author = person_name(author)
    if author.collective:
        return f"{ID}group/{_slug(author.name)}"
    family = author.family or author.name.split()[-1]
    initials = author.initials or initials_of(author.given)
    key = _slug(family) + (f"-{_slug(initials)}" if initials else "")
    return f"{ID}person/{key}"


def person_name(name: str) -> Author:
    """An :class:`Author` from a name written as "Kath Checkland", "Checkland, K." or "W. R. Scott"."""
    name = normalize_space(name).strip(",")
    if "," in name:
        family, _, given = name.partition(",")
    else:
        words = name.split(" ")
        cut = len(words) - 1
        while cut > 0 and words[cut - 1].lower() in SURNAME_PARTICLES:
            cut -= 1  # "Van Leeuwen", "de la Cruz"
        family, given = " ".join(words[cut:]), " ".join(words[:cut])
    given = given.strip()
    display = f"{given} {family.strip()}".strip()
    return Author(name=display, family=family.strip() or None, given=given or None, initials=initials_of(given))


def source(key: str) -> str:
    """``id/source/<slug of the file's stable name>``: also the name of the file's graph."""
    return f"{ID}source/{slugify(key, 200) or short_hash(key)}"


def source_record(source_iri: str, start_line: int | None, record: str | None) -> str:
    """A record's place in its source file: ``…/source/<file>/L<line>``."""
    if start_line is not None:
        return f"{source_iri}/L{start_line}"
    return f"{source_iri}/record-{slugify(record or '') or short_hash(str(record))}"


def entity(kind: str, name: str) -> str:
    """``id/<kind>/<slug>`` for an entity found in text but not in the vocabularies."""
    return f"{ID}{kind}/{_slug(name) or short_hash(name)}"


def work(text: str) -> str:
    """``id/work/<slug>`` for a cited work known only by its citation."""
    words = _slug(ascii_fold(text), 80)
    return f"{ID}work/{words or short_hash(text)}"


def sentence(document_iri: str, words: str) -> str:
    """``<document>/sentence/<hash of its words>``: the same sentence from any source is one node."""
    return f"{document_iri}/sentence/{short_hash(words, length=12)}"


@functools.lru_cache(maxsize=None)
def extractor(technique: str) -> str:
    """``id/extractor/<technique>``: the extractor a technique name ("pattern:legislation") stands for."""
    return f"{ID}extractor/{re.sub(r'[^a-z0-9-]+', '-', technique.lower()).strip('-')}"


def evidence(*parts: str) -> str:
    """``id/evidence/<hash of what the evidence supports and where>``."""
    return f"{ID}evidence/{short_hash(*parts)}"
