"""The vocabularies in ``kg/ontology/vocab``: their concepts as the extractor and the queries see them.

(The matcher that finds their names in text is :mod:`kg.extract.matcher`; the
graph of the concepts that each build writes is :mod:`kg.derived.graphs`.)
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ParseError
from kg.facts import Concept
from kg.vocab.lexicon import LEXICON
from kg.vocab.namespaces import CKG, DCTERMS, RDF, RDFS, SKOS
from kg.vocab.resources import ontology_file, vocabulary_files
from kg.vocab.types import ENTITY_CLASSES

__all__ = ["relation_predicates", "vocabulary_quads", "VocabularyConcept", "load_vocabulary",
           "file_triples", "named_types", "NOT_AN_ENTITY", "spelling_variants", "gerund", "method_forms"]


def file_triples(path: Path) -> tuple:
    """The triples (pyoxigraph ``Triple``s) of the Turtle file ``path``, parsed once per process
    for each version of the file (an edited file is read again)."""
    stat = path.stat()
    try:
        return _parsed(str(path), stat.st_mtime_ns, stat.st_size)
    except SyntaxError as exc:
        raise ParseError(f"cannot read the vocabulary: {exc}", source=str(path)) from exc


@functools.lru_cache(maxsize=64)
def _parsed(path: str, mtime_ns: int, size: int) -> tuple:
    import pyoxigraph

    return tuple(pyoxigraph.parse(path=path))


@functools.lru_cache(maxsize=1)
def relation_predicates() -> frozenset[str]:
    """IRIs of the entity-to-entity relations: the sub-properties of ``ckg:relatedTo`` in the ontology."""
    sub_property = RDFS.subPropertyOf
    relations = set()
    for triple in file_triples(ontology_file()):
        if triple.predicate.value == sub_property and triple.object.value == CKG.relatedTo:
            relations.add(triple.subject.value)
    if not relations:
        raise ParseError("the ontology declares no sub-property of ckg:relatedTo", source=str(ontology_file()))
    return frozenset(relations)


def vocabulary_quads(with_relations: bool = False) -> Iterator:
    """The triples of every vocabulary file (pyoxigraph ``Triple``s).

    Background relations between concepts (``body:ccg ckg:replaces
    body:pct``) are left out unless ``with_relations``: the graph then
    holds only relations that documents state, each with its evidence.
    """
    skip = set() if with_relations else relation_predicates()
    for path in vocabulary_files():
        yield from (triple for triple in file_triples(path) if triple.predicate.value not in skip)


# ---------------------------------------------------------------- concepts, as the extractor sees them

@dataclass(frozen=True)
class VocabularyConcept:
    """A vocabulary concept with what matching and disambiguation need."""

    concept: Concept
    names: tuple[str, ...]  # prefLabel, altLabels, hiddenLabels: matched case-insensitively
    exact_names: tuple[str, ...]  # acronyms, demonyms and names of case-sensitive concepts
    acronyms: tuple[str, ...]
    broader: tuple[str, ...]
    exists_from: int | None
    exists_until: int | None
    plural_only: bool = False  # only the plural names denote it ("hospitals", not "to hospital")
    heads_names: bool = False  # an organisation type whose name ends its instances' names ("NHS Leeds CCG")

    @property
    def suppresses(self) -> bool:
        """Whether the concept is a ``ckg:NotAnEntity``: its names are matched only so that entity names
        inside or overlapping them are not taken as mentions ("UK Biobank" does not name the UK)."""
        return self.concept.kind == NOT_AN_ENTITY

    def in_use(self, year: int) -> bool:
        """Whether the concept existed (or was in force) in ``year``."""
        return (self.exists_from is None or self.exists_from <= year) and \
            (self.exists_until is None or year <= self.exists_until)


#: The kind of the concepts of ``ckg:NotAnEntity`` (bibliographic databases, datasets, instruments).
NOT_AN_ENTITY = "not-an-entity"

_KIND_OF_CLASS = {cls: kind for kind, cls in ENTITY_CLASSES.items() if kind != "person"} | \
    {CKG.NotAnEntity: NOT_AN_ENTITY}


@functools.lru_cache(maxsize=1)
def load_vocabulary() -> dict[str, VocabularyConcept]:
    """Every concept of ``ontology/vocab``, by IRI (read once per process)."""
    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for triple in vocabulary_quads(with_relations=False):
        facts[triple.subject.value][triple.predicate.value].append(triple.object.value)
    concepts: dict[str, VocabularyConcept] = {}
    for iri, props in facts.items():
        kinds = [_KIND_OF_CLASS[c] for c in props.get(RDF.type, []) if c in _KIND_OF_CLASS]
        if not kinds or SKOS.Concept not in props.get(RDF.type, []):
            continue
        labels = props.get(SKOS.prefLabel, [])
        if len(labels) != 1:
            raise ParseError(f"vocabulary concept <{iri}> needs exactly one skos:prefLabel, has {len(labels)}")
        if "false" in props.get(CKG.matchable, []):
            continue  # a grouping concept of the scheme, which texts do not name as an entity
        case_sensitive = "true" in props.get(CKG.caseSensitive, [])
        names = tuple(labels + props.get(SKOS.altLabel, []) + props.get(SKOS.hiddenLabel, []))
        acronyms = tuple(props.get(CKG.acronym, []))
        exact = acronyms + tuple(props.get(CKG.demonym, [])) + (names if case_sensitive else ())
        concepts[iri] = VocabularyConcept(
            concept=Concept(iri=iri, kind=kinds[0], label=labels[0]),
            names=() if case_sensitive else names,
            exact_names=exact,
            acronyms=acronyms,
            broader=tuple(props.get(SKOS.broader, [])),
            exists_from=_year(props.get(CKG.existsFrom) or props.get(DCTERMS.issued)),
            exists_until=_year(props.get(CKG.existsUntil)),
            plural_only="true" in props.get(CKG.pluralOnly, []),
            heads_names="true" in props.get(CKG.headsNames, []),
        )
    return concepts


@functools.lru_cache(maxsize=1)
def named_types() -> dict[str, str]:
    """The organisation types whose names head their instances' names (``ckg:headsNames``), matched in text
    or not ("university" is a grouping no text names alone): each lower-case label → the type's IRI."""
    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for triple in vocabulary_quads(with_relations=False):
        facts[triple.subject.value][triple.predicate.value].append(triple.object.value)
    types = {}
    for iri, props in sorted(facts.items()):
        if "true" in props.get(CKG.headsNames, []):
            for label in (*props.get(SKOS.prefLabel, []), *props.get(SKOS.altLabel, [])):
                types.setdefault(label.casefold(), iri)
    return types


def _year(values: list[str] | None) -> int | None:
    if not values:
        return None
    digits = values[0][:4]
    return int(digits) if digits.isdigit() else None


# ---------------------------------------------------------------- surface forms generated from a name

def _spelling_pattern(fragments: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(f) for f in sorted(fragments, key=len, reverse=True))
    return re.compile(rf"(?<=[A-Za-z]{{2}})({alternatives})\b", re.I)


_TO_AMERICAN = LEXICON.spelling_pairs
_TO_BRITISH = {american: british for british, american in LEXICON.spelling_pairs.items()}
_BRITISH_ENDINGS = _spelling_pattern(list(_TO_AMERICAN))
_AMERICAN_ENDINGS = _spelling_pattern(list(_TO_BRITISH))


def _respell(match: re.Match[str], table: dict[str, str]) -> str:
    found = match.group(1)
    other = table[found.lower()]
    return other.upper() if found.isupper() else other


def spelling_variants(name: str) -> set[str]:
    """``name`` in British and in American spelling, word endings changed by the lexicon's
    ``spelling_pairs``: "randomised controlled trial" → "randomized controlled trial", "multilevel
    modeling" → "multilevel modelling", "behaviour change" → "behavior change". A word keeps at
    least two letters before the ending it changes ("four", "rise" stay)."""
    american = _BRITISH_ENDINGS.sub(lambda m: _respell(m, _TO_AMERICAN), name)
    british = _AMERICAN_ENDINGS.sub(lambda m: _respell(m, _TO_BRITISH), name)
    return {name, american, british}


_NOMINAL_ENDINGS = re.compile(r"(?:sis|ses|tion|sion|ment|ity|ness|ance|ence|ogy|phy|ics|y|al|ive|ic|ing|ed|s|ship|ism|"
                              r"ist|er|or|ure|ty|cy|ee)$", re.I)


def gerund(word: str) -> str | None:
    """The -ing form of a noun that is also a verb ("search" → "searching", "interview" → "interviewing",
    "map" → "mapping", "sample" → "sampling", "model" → "modelling"), or None for a word whose ending
    makes it only a noun or an adjective ("analysis", "evaluation", "study", "trial")."""
    if len(word) < 3 or not word.isalpha() or word.isupper() or _NOMINAL_ENDINGS.search(word):
        return None
    lower = word.lower()
    if lower.endswith("e"):
        return word[:-1] + "ing"
    if re.search(r"(?:^|[^aeiou])[aeiou][bdgklmnprt]$", lower) and (len(word) <= 4 or lower.endswith("l")):
        return word + word[-1] + "ing"  # map → mapping; model → modelling (British; the American is generated)
    return word + "ing"


def method_forms(name: str) -> set[str]:
    """Other names a method's name gives: the -ing form of its head ("literature search" → "literature
    searching") and, for a method ending in -graphy or -logy, its adjective before a design noun of the
    lexicon ("meta-ethnography" → "meta-ethnographic synthesis", "phenomenology" → "phenomenological
    study")."""
    words = name.split(" ")
    head = words[-1]
    forms = set()
    doing = gerund(head)
    if doing:
        forms.add(" ".join(words[:-1] + [doing]))
    adjective = head[:-1] + "ic" if head.lower().endswith("graphy") else \
        head[:-1] + "ical" if head.lower().endswith("logy") else None
    if adjective:
        forms |= {" ".join(words[:-1] + [adjective, noun]) for noun in LEXICON.design_nouns}
    return forms
