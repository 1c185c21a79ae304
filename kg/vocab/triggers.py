"""The words that state relations, read once from ``kg/vocab/lexicon.json``, and their generated forms.

The lexicon holds lemmas ("abolish", "set up", "build on") and their
nominalisations ("abolition"); the inflected forms a text uses — "abolishes",
"abolished", "abolishing", "setting up", "built on" — are made here by the
rules of English morphology, with the irregular verbs of the lexicon's
``irregular_verbs``. :mod:`kg.extract.relations` reads the triggers only
through :func:`relation_triggers`.

>>> verb_forms("abolish")
VerbForms(base='abolish', third='abolishes', past='abolished', participle='abolished', gerund='abolishing')
>>> verb_forms("set up").gerund, verb_forms("oversee").participle, verb_forms("regulate").gerund
('setting up', 'overseen', 'regulating')
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from kg.errors import ParseError
from kg.vocab.resources import package_dir

__all__ = ["VerbForms", "Trigger", "RelationLexicon", "verb_forms", "relation_triggers"]

_KINDS = {"body", "policy", "method", "theory", "person", "place"}
_VOWELS = "aeiou"


@dataclass(frozen=True)
class VerbForms:
    """The five forms of an English verb (a particle or preposition after the first word is kept)."""

    base: str
    third: str
    past: str
    participle: str
    gerund: str

    def finite(self) -> tuple[str, ...]:
        """The forms a verb takes with a subject: base, third person, past."""
        return tuple(dict.fromkeys((self.base, self.third, self.past)))

    def all(self) -> tuple[str, ...]:
        """Every form, each once."""
        return tuple(dict.fromkeys((self.base, self.third, self.past, self.participle, self.gerund)))


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry of ``relation_triggers``, its verbs inflected."""

    predicate: str
    subject_kinds: tuple[str, ...]
    object_kinds: tuple[str, ...]
    verbs: tuple[VerbForms, ...]  # transitive: the object follows the verb (or precedes a passive)
    nouns: tuple[str, ...]  # nominalisations: "the abolition of X"
    prepositional: tuple[VerbForms, ...]  # voice-neutral: the preposition takes the object ("built on")
    goal: str | None  # the preposition of a transfer's receiver ("to")
    source: str | None  # the preposition of a transfer's giver ("from")
    theme: frozenset[str]  # what a give-verb must hand over ("responsibility")
    agent_prepositions: tuple[str, ...]  # "by", "under", "in"
    policy_subject: str | None  # the predicate when the subject is a policy
    agent_nouns: tuple[str, ...] = ()  # nouns of the doer: "regulator" ("X, the regulator of Y")
    object_prepositions: tuple[str, ...] = ()  # what may introduce the object: "commission services from X"


@dataclass(frozen=True)
class RelationLexicon:
    """Everything the relation extractor reads from the lexicon."""

    triggers: tuple[Trigger, ...]
    cues: dict[str, tuple[str, ...]]  # negation, predicted, possible, obliged, intended
    part_nouns: frozenset[str]
    collective_nouns: frozenset[str]
    modified_heads: frozenset[str]  # nouns after a name that make it a modifier ("NHS providers")
    member_nouns: frozenset[str]  # "X are members of Y"


def _double_final(word: str) -> bool:
    """Whether a one-syllable verb doubles its last consonant before -ed/-ing (plan → planned)."""
    return re.fullmatch(r"[^aeiou]*[aeiou][bdgklmnprt]", word) is not None


def _inflect(word: str, irregular: dict[str, list[str]]) -> tuple[str, str, str, str]:
    """Third person, past, participle and gerund of one word."""
    if re.search(r"(?:s|sh|ch|x|z|o)$", word):
        third = word + "es"
    elif re.search(r"[^aeiou]y$", word):
        third = word[:-1] + "ies"
    else:
        third = word + "s"
    if word in irregular:
        past, participle, gerund = irregular[word]
        return third, past, participle, gerund
    if word.endswith("e"):
        past = word + "d"
        gerund = word[:-2] + "ying" if word.endswith("ie") else (word + "ing" if word.endswith("ee") else word[:-1] + "ing")
    elif re.search(r"[^aeiou]y$", word):
        past, gerund = word[:-1] + "ied", word + "ing"
    elif _double_final(word):
        past, gerund = word + word[-1] + "ed", word + word[-1] + "ing"
    else:
        past, gerund = word + "ed", word + "ing"
    return third, past, past, gerund


def verb_forms(lemma: str, irregular: dict[str, list[str]] | None = None) -> VerbForms:
    """The forms of ``lemma``; a multi-word lemma ("set up", "build on") inflects its first word."""
    irregular = _irregular_verbs() if irregular is None else irregular
    head, _, rest = lemma.partition(" ")
    tail = f" {rest}" if rest else ""
    third, past, participle, gerund = _inflect(head, irregular)
    return VerbForms(lemma, third + tail, past + tail, participle + tail, gerund + tail)


def _lexicon_data() -> dict:
    path = package_dir("vocab") / "lexicon.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ParseError(f"cannot read the lexicon: {exc}", source=str(path)) from exc


@functools.lru_cache(maxsize=1)
def _irregular_verbs() -> dict[str, list[str]]:
    return dict(_lexicon_data()["irregular_verbs"]["map"])


@functools.lru_cache(maxsize=1)
def relation_triggers() -> RelationLexicon:
    """The relation triggers, cues and nouns of the lexicon (read once per process)."""
    path = package_dir("vocab") / "lexicon.json"
    data = _lexicon_data()
    triggers = []
    try:
        irregular = dict(data["irregular_verbs"]["map"])
        for number, entry in enumerate(data["relation_triggers"]["entries"], 1):
            kinds = set(entry["subject"]) | set(entry["object"])
            if not kinds <= _KINDS:
                raise ValueError(f"relation_triggers entry {number} ({entry['predicate']}): unknown kinds "
                                 f"{sorted(kinds - _KINDS)}")
            triggers.append(Trigger(
                predicate=entry["predicate"],
                subject_kinds=tuple(entry["subject"]),
                object_kinds=tuple(entry["object"]),
                verbs=tuple(verb_forms(v, irregular) for v in entry.get("verbs", [])),
                nouns=tuple(entry.get("nouns", [])),
                prepositional=tuple(verb_forms(v, irregular) for v in entry.get("prepositional", [])),
                goal=entry.get("goal"),
                source=entry.get("source"),
                theme=frozenset(entry.get("theme", [])),
                agent_prepositions=tuple(entry.get("agent_prepositions", ["by"])),
                policy_subject=entry.get("policy_subject"),
                agent_nouns=tuple(entry.get("agent_nouns", [])),
                object_prepositions=tuple(entry.get("object_prepositions", [])),
            ))
        cues = {name: tuple(words) for name, words in data["relation_cues"]["map"].items()}
        return RelationLexicon(tuple(triggers), cues, frozenset(data["relation_part_nouns"]["words"]),
                               frozenset(data["relation_collective_nouns"]["words"]),
                               frozenset(data["relation_modified_heads"]["words"]),
                               frozenset(data["relation_member_nouns"]["words"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ParseError(f"cannot read the relation triggers: {exc}", source=str(path)) from exc
