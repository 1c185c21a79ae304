"""How names are compared and abbreviated, in one place: folding for matching, initials, surname particles."""

from __future__ import annotations

import re

from kg.vocab.lexicon import LEXICON

__all__ = ["fold", "initials_of", "SURNAME_PARTICLES"]

_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
                       "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00a0": " ", "\u2009": " ", "\u202f": " ",
                       "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
                       "\n": " ", "\t": " ", "\r": " "})

#: Particles that belong to a surname (van, de, von…), lower-case.
SURNAME_PARTICLES = LEXICON.surname_particles


def fold(text: str) -> str:
    """Quotes, dashes and spaces made ASCII, without changing the length (offsets stay valid)."""
    return text.translate(_FOLD)


def initials_of(given: str | None) -> str | None:
    """``Kath`` → ``K``, ``Neil J.`` → ``NJ``, ``Jean-Paul`` → ``JP``; ``None`` without letters."""
    if not given:
        return None
    letters = [part[0].upper() for part in re.split(r"[\s.\-]+", given) if part and part[0].isalpha()]
    return "".join(letters) or None
