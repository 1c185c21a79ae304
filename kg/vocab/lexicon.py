"""The extractor's domain words, read once from ``kg/vocab/lexicon.json``: head nouns, particles, design
adjectives, sentence abbreviations and the like.

They were Python lists scattered over the extractor, some disagreeing;
now each is one named entry whose ``for`` line says what it is for, and
code reads them only through :data:`LEXICON`.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from kg.errors import ParseError
from kg.vocab.resources import package_dir

__all__ = ["Lexicon", "LEXICON", "load_lexicon"]


@dataclass(frozen=True)
class Lexicon:
    """The entries of ``lexicon.json``; word lists keep their order (some become regular expressions)."""

    acronym_body_heads: frozenset[str]
    acronym_policy_heads: frozenset[str]
    named_policy_heads: tuple[str, ...]
    organisation_heads: tuple[str, ...]
    weak_heads: frozenset[str]
    design_adjectives: dict[str, str]
    not_modifiers: frozenset[str]
    phrase_stop_words: frozenset[str]
    generic_name_starts: frozenset[str]
    not_names: frozenset[str]
    surname_particles: frozenset[str]
    sentence_abbreviations: frozenset[str]
    irregular_plurals: dict[str, str]
    joinable_prefixes: tuple[str, ...]
    indefinite_determiners: frozenset[str]
    language_nouns: frozenset[str]
    language_cues: frozenset[str]
    nations_ending_names: tuple[str, ...]
    place_qualifiers: frozenset[str]
    language_modifiers: frozenset[str]
    modifier_heads: frozenset[str]
    dataset_heads: tuple[str, ...]
    region_prefixes: frozenset[str]
    name_leading_acronyms: frozenset[str]
    review_methods: tuple[str, ...]
    spelling_pairs: dict[str, str]
    design_nouns: tuple[str, ...]
    analytic_heads: frozenset[str]


_SETS = {"acronym_body_heads", "acronym_policy_heads", "analytic_heads", "generic_name_starts",
         "indefinite_determiners", "language_cues", "language_modifiers", "language_nouns", "modifier_heads",
         "name_leading_acronyms", "not_modifiers", "not_names", "phrase_stop_words", "place_qualifiers",
         "region_prefixes", "sentence_abbreviations", "surname_particles", "weak_heads"}


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon (read once per process)."""
    path = package_dir("vocab") / "lexicon.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        values = {}
        for name in Lexicon.__dataclass_fields__:
            entry = data[name]
            if "map" in entry:
                values[name] = dict(entry["map"])
            else:
                values[name] = frozenset(entry["words"]) if name in _SETS else tuple(entry["words"])
        return Lexicon(**values)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ParseError(f"cannot read the lexicon: {exc}", source=str(path)) from exc


LEXICON = load_lexicon()
