"""Small text utilities shared by several stages."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

__all__ = ["slugify", "normalize_space", "ascii_fold", "has_possessive", "find_doi", "doi_from_url"]

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "`": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00a0": " ",
                         "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})


def ascii_fold(text: str) -> str:
    """Drop accents and map typographic quotes and dashes to ASCII."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    return "".join(c for c in text if not unicodedata.combining(c))


def slugify(text: str, max_length: int = 120) -> str:
    """Lower-case ASCII words joined by ``-``: the readable part of an IRI.

    Quotes vanish rather than split words ("Actors' attitudes" →
    ``actors-attitudes``); the result is cut at a word boundary.
    """
    text = ascii_fold(text).lower()
    text = re.sub(r"['\"]", "", text)
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(text) > max_length:
        text = text[:max_length].rsplit("-", 1)[0]
    return text


def normalize_space(text: str) -> str:
    """Collapse runs of white space (including no-break spaces) to one space."""
    return " ".join(text.split())  # str.split() splits on every Unicode space, no-break space included


def has_possessive(text: str) -> bool:
    """Whether ``text`` has an "'s" (straight or curly): a cheap test before a costly possessive pattern."""
    return "'s" in text or "\u2019s" in text


_DOI = re.compile(r"10\.\d{4,9}/\S+")


def find_doi(value: str | None) -> str | None:
    """The DOI inside ``value`` ("https://doi.org/10.1136/x." → ``10.1136/x``), without trailing punctuation."""
    match = _DOI.search(value or "")
    return match[0].rstrip(".,;") if match else None


def doi_from_url(url: str) -> str | None:
    """The DOI a ``doi.org`` address resolves (``https://doi.org/10.1136/x`` → ``10.1136/x``), else None."""
    return find_doi(unquote(url)) if re.match(r"https?://(dx\.)?doi\.org/", url, re.I) else None
