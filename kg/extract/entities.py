"""Entity mentions in one document: every technique's candidates, reconciled.

Candidates come from the vocabularies (:mod:`~kg.extract.matcher`), acronym
definitions (:mod:`~kg.extract.acronyms`), name shapes
(:mod:`~kg.extract.patterns`) and people (:mod:`~kg.extract.people`). Of
overlapping candidates the longest wins, then the more trusted technique
(an acronym defined in the text, then the vocabularies, then patterns). A
name of a policy that starts with a body's name ("Primary Care Network
contract") also mentions the body. Names of things that are not entities
(``ckg:NotAnEntity``: bibliographic databases, datasets, instruments) take
part in the choice and are then dropped, so the names inside them are not
mentions either ("UK Biobank" does not mention the UK).

Resolution makes one entity per concept in the document: a short form
defined in the text means its long form's concept for the rest of the
document; an acronym shared by several concepts (STP: the 2016 plans or the
2017–22 partnerships) means the one defined or named in the document, else
the one in use at the document's date; a truncated name ("the Forward
View") means the full name used in the document; a surname ("Scott") means
the person of that surname named in full ("Scott, W. R.").
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from kg._text import normalize_space
from kg.extract import acronyms, patterns, people
from kg.extract.matcher import Match, Matcher, default_matcher, select_longest
from kg.facts import Concept, DocumentText, Mention
from kg.model import Document
from kg.vocab import iris
from kg.vocab.concepts import NOT_AN_ENTITY, VocabularyConcept, named_types
from kg.vocab.lexicon import LEXICON

__all__ = ["find_mentions", "EntityContext"]

_PRIORITY = {"acronym": 3, "vocabulary": 2, "pattern": 1, "person": 1}


@dataclass
class _Candidate:
    start: int
    end: int
    technique: str
    concepts: tuple[Concept, ...]  # several when a name is ambiguous

    @property
    def family(self) -> str:
        return self.technique.split(":")[0]


@dataclass
class EntityContext:
    """What resolution knows about the document while it works."""

    document: Document
    text: DocumentText
    matcher: Matcher
    year: int | None
    bound: dict[str, Concept] = field(default_factory=dict)  # acronym defined in the text → its concept

    def vocabulary(self, iri: str) -> VocabularyConcept | None:
        """The vocabulary entry of ``iri``, if it is one."""
        return self.matcher.concepts.get(iri)

    def lookup(self, name: str, kind: str | None = None) -> Concept | None:
        """The vocabulary concept called ``name`` (of ``kind``), disambiguated by date."""
        found = [self.matcher.concepts[i] for i in self.matcher.lookup(name)]
        if kind:
            found = [vc for vc in found if vc.concept.kind == kind]
        return self._by_date(found).concept if found else None

    def _by_date(self, found: list[VocabularyConcept]) -> VocabularyConcept:
        if len(found) > 1 and self.year is not None:
            in_use = [vc for vc in found if vc.in_use(self.year)]
            if in_use:
                found = in_use
        # without a date: the concept still (or most recently) in use
        return max(found, key=lambda vc: (vc.exists_until is None, vc.exists_until or 0, vc.exists_from or 0))


def _new_concept(kind: str, name: str) -> Concept:
    name = normalize_space(name).strip(",;:")
    if kind == "person":
        author = iris.person_name(name)
        return Concept(iris.person(author), "person", author.name, labels=(name,), in_vocabulary=False)
    return Concept(iris.entity(kind, name), kind, name, labels=(name,), in_vocabulary=False)


def find_mentions(document: Document, text: DocumentText, matcher: Matcher | None = None) -> list[Mention]:
    """Every entity mention in ``document``, resolved, in text order."""
    ctx = EntityContext(document, text, matcher or default_matcher(),
                        document.citation.date.year if document.citation.date else None)
    all_matches = ctx.matcher.find_all(text.text)
    candidates = _acronym_candidates(ctx)
    candidates += [_vocabulary_candidate(ctx, m) for m in select_longest(all_matches)]
    candidates += _named_instances(ctx, all_matches)  # before the other shapes: it wins a tie with them
    candidates += _named_datasets(ctx, all_matches)
    candidates += _pattern_candidates(ctx)
    candidates += _person_candidates(ctx)
    chosen, suppressed = _not_entities(_select(candidates))
    chosen = _without_languages(ctx, chosen)
    chosen = _without_name_leads(ctx, chosen, all_matches)
    chosen += _nested_bodies(ctx, chosen, all_matches)
    chosen += [c for c in _eponyms_inside(candidates, chosen)
               if not any(s.start < c.end and c.start < s.end for s in suppressed)]
    mentions = _resolve(ctx, chosen)
    mentions = _compound_methods(ctx, mentions)
    mentions += _method_phrases(ctx, mentions)
    mentions = _definite_methods(ctx, mentions)
    mentions = _most_specific_methods(ctx, mentions)
    mentions = [m for m in mentions if m.concept.kind != "method" or not _SKILL_AFTER.match(ctx.text.text, m.end)]
    return sorted(mentions, key=lambda m: (m.start, m.end, m.concept.iri))


# ---------------------------------------------------------------- candidates

def _acronym_candidates(ctx: EntityContext) -> list[_Candidate]:
    found: list[_Candidate] = []
    for definition in acronyms.find_definitions(ctx.text.text):
        concept = ctx.lookup(definition.long) or _same_named(ctx, definition.short, definition.long)
        if concept is None:
            kind = acronyms.head_noun_kind(definition.long)
            if kind is None or not _proper_enough(definition.long, kind):
                continue
            concept = _typed(_new_concept(kind, definition.long))
            concept = Concept(concept.iri, concept.kind, concept.label,
                              labels=(definition.long, definition.short), in_vocabulary=False,
                              broader=concept.broader)
        ctx.bound.setdefault(definition.short, concept)
        found.append(_Candidate(definition.long_start, definition.long_end, "acronym:long-form", (concept,)))
        found.append(_Candidate(definition.short_start, definition.short_end, "acronym:short-form", (concept,)))
    for short, concept in ctx.bound.items():  # later uses of a short form defined here
        for m in re.finditer(rf"(?<![\w-]){re.escape(short)}s?(?![\w])", ctx.text.text):
            found.append(_Candidate(m.start(), m.end(), "acronym:use", (concept,)))
    return found


def _same_named(ctx: EntityContext, short: str, long: str) -> Concept | None:
    """The vocabulary concept with acronym ``short``, if its name agrees with the text's long form:
    "Healthy Places Alliance (HPA)" is not the Health Protection Agency."""
    concept = ctx.lookup(short)
    if concept is None:
        return None
    entry = ctx.vocabulary(concept.iri)
    names = (concept.label, *(entry.names if entry else ()))
    words = set(re.findall(r"[a-z]{3,}", long.lower()))
    best = max((len(words & set(re.findall(r"[a-z]{3,}", n.lower()))) / max(1, len(words)) for n in names), default=0)
    return concept if best >= 0.5 else None


_WEAK_HEADS = LEXICON.weak_heads


def _proper_enough(long_form: str, kind: str) -> bool:
    """An undefined long form makes a new entity only if it reads as a name: capitalised words,
    or a head noun that only names things ("Trust", "Unit", "Act", "Fund")."""
    words = re.findall(r"[A-Za-z]+", long_form)
    capitalised = sum(1 for w in words[1:] if w[0].isupper())
    return capitalised >= 1 or words[-1].lower() not in _WEAK_HEADS


def _vocabulary_candidate(ctx: EntityContext, match: Match) -> _Candidate:
    concepts = tuple(ctx.matcher.concepts[i].concept for i in match.candidates)
    entities = tuple(c for c in concepts if c.kind != NOT_AN_ENTITY)
    return _Candidate(match.start, match.end, "vocabulary", entities or concepts)


_YEAR_ONLY = "pattern:year-only"  # "the 2012 Act": resolved once the Acts named before it are known


def _pattern_candidates(ctx: EntityContext) -> list[_Candidate]:
    text = ctx.text.text
    found: list[_Candidate] = []
    finders = (patterns.find_legislation, patterns.find_named_policies, patterns.find_organisations,
               patterns.find_nation_named_organisations, patterns.find_theories)
    for finder in finders:
        for item in finder(text):
            concept = ctx.lookup(item.name, item.kind) or ctx.lookup(_without_year(item.name), item.kind) \
                or _typed(_new_concept(item.kind, item.name))
            found.append(_Candidate(item.start, item.end, item.technique, (concept,)))
            if item.person and item.person_start is not None and item.person_end is not None:
                found.append(_Candidate(item.person_start, item.person_end, "person:eponym",
                                        (_new_concept("person", item.person),)))
    for m in patterns.YEAR_ONLY_ACT.finditer(text):
        found.append(_Candidate(m.start(), m.end(), _YEAR_ONLY, ()))
    return found


_NAMED_INSTANCE = "pattern:named-instance"
_INDEFINITE = LEXICON.indefinite_determiners


def _named_instances(ctx: EntityContext, matches: list[Match]) -> list[_Candidate]:
    """Named bodies of a type the vocabularies mark ``ckg:headsNames``: a proper name written before the
    type's name or acronym ("NHS Leeds CCG", "Frimley Health NHS Foundation Trust") is one body, whole,
    linked to its type by ``broader``. The type must be written as a name (capitalised, singular) and end
    the name; "a London CCG", "English CCGs" and "the local acute trust" name no one body."""
    text = ctx.text.text
    types: dict[int, tuple[Match, VocabularyConcept]] = {}  # end → the longest type name ending there
    for m in matches:
        if not text[m.start].isupper() or m.start < 2 or text[m.start - 1] != " ":
            continue  # a type written as a name, after a space
        for iri in m.candidates:
            entry = ctx.vocabulary(iri)
            if entry is not None and entry.heads_names and (m.end not in types or
                                                            m.start < types[m.end][0].start):
                types[m.end] = (m, entry)
    found = []
    for m, entry in types.values():
        surface = text[m.start:m.end]
        if (surface.casefold() not in _names_of(entry) and surface not in entry.exact_names) or \
                not all(w[0].isupper() for w in surface.split() if w not in ("and", "of", "for")) or \
                re.match(r"[ ]+[A-Z][a-z]", text[m.end:m.end + 3]):
            continue  # a plural or lower-case type ("London CCGs", "acute trust"), or a title going on
        start = patterns.name_before(text, m.start)
        if start is None:
            continue
        for other, _ in types.values():  # "X NHS Trust and Y NHS Foundation Trust": two names
            if start <= other.start and other.end < m.start:
                link = re.match(r"(?:,[ ]+|[ ]+(?:and|&)[ ]+)", text[other.end:m.start])
                start = other.end + link.end() if link else m.start
        if start >= m.start - 1:
            continue
        name = text[start:m.start - 1]
        if _not_a_proper_name(ctx, matches, start, m.start - 1, name):
            continue
        label = f"{name} {_title_case(entry.concept.label)}"
        concept = ctx.lookup(f"{name} {surface}", "body") or \
            Concept(iris.entity("body", label), "body", label, labels=(label, f"{name} {surface}"),
                    in_vocabulary=False, broader=(entry.concept.iri,))
        found.append(_Candidate(start, m.end, _NAMED_INSTANCE, (concept,)))
    return found


def _named_datasets(ctx: EntityContext, matches: list[Match]) -> list[_Candidate]:
    """Datasets and registers named with a place first ("UK Renal Registry", "Scottish Morbidity Records"):
    not entities, so the place in them is no mention (as "UK Biobank" in the vocabularies)."""
    found: list[_Candidate] = []
    items = list(patterns.find_named_datasets(ctx.text.text))
    if not items:
        return found
    place_starts = {m.start for m in matches
                    if any(ctx.vocabulary(i) is not None and ctx.vocabulary(i).concept.kind == "place"
                           for i in m.candidates)}
    for item in items:
        if item.start in place_starts:
            concept = Concept(iris.entity("body", item.name), NOT_AN_ENTITY, item.name, in_vocabulary=False)
            found.append(_Candidate(item.start, item.end, item.technique, (concept,)))
    return found


def _not_a_proper_name(ctx: EntityContext, matches: list[Match], start: int, end: int, name: str) -> bool:
    """Words before a type that are no name of their own: a demonym ("English"), one vocabulary body
    ("NHS"), or a determiner that opens the sentence ("Which CCG", "Your CCG")."""
    for m in matches:
        if m.start == start and m.end == end:
            entries = [ctx.vocabulary(i) for i in m.candidates]
            if any(e is not None and e.concept.kind == "body" for e in entries):
                return True
            if any(e is not None and e.concept.kind == "place" and name.casefold() not in
                   {n.casefold() for n in e.names} and name not in e.acronyms for e in entries):
                return True  # a demonym
            return False
    single = " " not in name
    return single and patterns.opens_sentence(ctx.text.text, start) and \
        (name.lower() in _INDEFINITE or name.lower() in _NOT_NOUNS)


def _title_case(label: str) -> str:
    """"NHS foundation trust" → "NHS Foundation Trust"."""
    return " ".join(w if w in ("and", "of", "for") or not w[:1].islower() else w[:1].upper() + w[1:]
                    for w in label.split())


def _typed(concept: Concept) -> Concept:
    """A body found by its shape, linked to the type its name leads or ends with, where the vocabularies
    mark one ``ckg:headsNames``: "University of Kent" and "Manchester Metropolitan University" are
    universities."""
    if concept.kind != "body":
        return concept
    words = concept.label.casefold().split()
    types = named_types()
    for size in range(min(len(words) - 1, 4), 0, -1):
        type_iri = types.get(" ".join(words[-size:])) or \
            (types.get(" ".join(words[:size])) if words[size:size + 1] == ["of"] else None)
        if type_iri:
            return dataclasses.replace(concept, broader=(type_iri,))
    return concept


def _without_year(name: str) -> str:
    return re.sub(r"\s+(?:\(?No\.?\s*\d+\)?\s+)?(?:1[89]|20)\d\d$", "", name).strip()


def _person_candidates(ctx: EntityContext) -> list[_Candidate]:
    text = ctx.text.text
    found: list[_Candidate] = []
    starts = [s.start for s in ctx.text.sentences if s.index == 0 or
              text[max(0, s.start - 2):s.start] == "\n\n"]
    for person in (*people.find_titled_people(text), *people.find_bios(text, starts), *people.find_eponyms(text)):
        found.append(_Candidate(person.start, person.end, f"person:{person.technique}",
                                (_new_concept("person", person.name),)))
    for citation in people.find_author_year(text):
        for (start, end) in citation.name_spans:
            found.append(_Candidate(start, end, "person:author-year", (_new_concept("person", text[start:end]),)))
    for sentence in ctx.text.sentences:
        if sentence.section == "byline":
            line = text[sentence.start:sentence.end]
            for m in re.finditer(r"[^,]+", line[3:] if line.startswith("By ") else line):
                name = m.group(0).strip()
                offset = sentence.start + (3 if line.startswith("By ") else 0) + m.start() + \
                    (len(m.group(0)) - len(m.group(0).lstrip()))
                found.append(_Candidate(offset, offset + len(name), "person:byline", (_new_concept("person", name),)))
        elif sentence.section == "reference":
            authors, _ = people.parse_reference_authors(text[sentence.start:sentence.end])
            for name, start, end in authors:
                found.append(_Candidate(sentence.start + start, sentence.start + end, "person:reference",
                                        (_new_concept("person", name),)))
    return found


# ---------------------------------------------------------------- choosing between candidates

def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest first, then the more trusted technique; a shape-found name that only adds modifiers
    in front of a vocabulary name ("English National Health Service") yields to it."""
    trusted = [(c.end, c.start, {x.kind for x in c.concepts}) for c in candidates
               if c.family in ("vocabulary", "acronym")]
    kept = []
    for c in candidates:
        kinds = {x.kind for x in c.concepts}
        if c.family == "pattern" and c.technique not in ("pattern:legislation", _NAMED_INSTANCE) and \
                any(end == c.end and start > c.start and (kinds & k or NOT_AN_ENTITY in k) for end, start, k in trusted):
            continue
        kept.append(c)
    chosen: list[_Candidate] = []
    taken = bytearray(max((c.end for c in kept), default=0))  # 1 where a chosen candidate stands
    for c in sorted(kept, key=lambda c: (-(c.end - c.start), -_PRIORITY[c.family], c.start)):
        if 1 in taken[c.start:c.end]:
            continue
        chosen.append(c)
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
    return sorted(chosen, key=lambda c: c.start)


def _not_entities(chosen: list[_Candidate]) -> tuple[list[_Candidate], list[_Candidate]]:
    """Chosen candidates split into entities and names of things that are not entities: the latter
    won their spans from the entity names inside or overlapping them, and are no mentions themselves."""
    entities, suppressed = [], []
    for c in chosen:
        (suppressed if c.concepts and all(x.kind == NOT_AN_ENTITY for x in c.concepts) else entities).append(c)
    return entities, suppressed


_LANGUAGE_NOUNS = LEXICON.language_nouns
_LANGUAGE_CUES = LEXICON.language_cues
_LANGUAGE_MODIFIERS = LEXICON.language_modifiers
_NOT_NOUNS = LEXICON.phrase_stop_words | {"only", "or", "nor", "but", "were", "was", "are", "is"}


def _without_languages(ctx: EntityContext, chosen: list[_Candidate]) -> list[_Candidate]:
    """Places that are not: a city inside a region's name ("Greater Manchester"), and demonyms that name
    a language, not a place: "English-language studies", "English-speaking
    countries", "a plain English summary", "published in English, French or German" (a demonym or a
    list of them standing alone after "in", "into", "spoke"...). "In English general practice" still
    names England."""
    text = ctx.text.text
    demonyms = [c for c in chosen if _is_demonym(ctx, c)]
    language: set[int] = set()
    for c in demonyms:
        after = re.match(r"(?:-|[ ]+)(\w+)", text[c.end:c.end + 20])
        before = re.search(r"(\w+)[ ]+$", text[max(0, c.start - 20):c.start])
        if after and after.group(1).lower() in _LANGUAGE_NOUNS or \
                before and before.group(1).lower() in _LANGUAGE_MODIFIERS:
            language.add(id(c))
    # lists of demonyms standing alone after a cue: "in English, French or German."
    index = 0
    while index < len(demonyms):
        chain = [demonyms[index]]
        while index + 1 < len(demonyms) and \
                re.fullmatch(r"(?:,[ ]*|[ ]+)(?:(?:and|or)[ ]+)?|[ ]+(?:and|or)[ ]+",
                             text[chain[-1].end:demonyms[index + 1].start]):
            index += 1
            chain.append(demonyms[index])
        index += 1
        cue = re.search(r"(\w+)[ ]+$", text[max(0, chain[0].start - 20):chain[0].start])
        after = re.match(r"[ ]*(\w+)", text[chain[-1].end:chain[-1].end + 20])
        if cue and cue.group(1).lower() in _LANGUAGE_CUES and \
                (after is None or text[chain[-1].end:chain[-1].end + 1] in ",.;:)]" or
                 after.group(1).lower() in _NOT_NOUNS):
            language.update(id(c) for c in chain)
    return [c for c in chosen if id(c) not in language and not _in_region_name(ctx, c)]


_REGION_PREFIXES = LEXICON.region_prefixes
_NAME_LEADS = LEXICON.name_leading_acronyms


def _without_name_leads(ctx: EntityContext, chosen: list[_Candidate], matches: list[Match]) -> list[_Candidate]:
    """"NHS Direct", "NHS Pathways", "NHS 111": an acronym leading a name no vocabulary has belongs to that
    name and is no mention of its body. Not where a vocabulary name follows ("NHS Five Year Forward View")
    nor in a title written in capitals ("Supporting NHS Staff")."""
    text = ctx.text.text
    starts = {m.start for m in matches}
    out = []
    for c in chosen:
        if c.family == "vocabulary" and text[c.start:c.end] in _NAME_LEADS:
            after = re.match(r"[ ]+(?:[A-Z][a-z][\w'-]*|\d+)\b", text[c.end:c.end + 40])
            if after and c.end + after.end() - len(after.group(0).strip()) not in starts and \
                    not _title_cased(text, ctx.text.sentence_at(c.start)):
                continue
        out.append(c)
    return out


def _title_cased(text: str, sentence) -> bool:
    """Whether a sentence is written in capitals, as titles often are ("Supporting NHS Staff Through Change")."""
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text[sentence.start:sentence.end]) if len(w) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) > 0.6 * len(words)


def _in_region_name(ctx: EntityContext, c: _Candidate) -> bool:
    """A city named inside a region's name ("Greater Manchester") is not mentioned."""
    if c.family != "vocabulary" or not c.concepts or c.concepts[0].kind != "place":
        return False
    before = re.search(r"(\w+)[ ]+$", ctx.text.text[max(0, c.start - 20):c.start])
    return before is not None and before.group(1) in _REGION_PREFIXES


_NAMES: dict[tuple[str, ...], frozenset[str]] = {}  # a concept's names → the same, case-folded


def _names_of(entry: VocabularyConcept) -> frozenset[str]:
    """The case-insensitive names of a vocabulary concept, case-folded (computed once per concept)."""
    names = _NAMES.get(entry.names)
    if names is None:
        names = _NAMES[entry.names] = frozenset(n.casefold() for n in entry.names)
    return names


def _is_demonym(ctx: EntityContext, c: _Candidate) -> bool:
    """Whether a vocabulary candidate of a place is written as its demonym ("English", not "England")."""
    if c.family != "vocabulary" or len(c.concepts) != 1 or c.concepts[0].kind != "place":
        return False
    entry = ctx.vocabulary(c.concepts[0].iri)
    surface = ctx.text.text[c.start:c.end]
    return entry is not None and surface not in entry.acronyms and surface.casefold() not in _names_of(entry)


def _eponyms_inside(candidates: list[_Candidate], chosen: list[_Candidate]) -> list[_Candidate]:
    """A person named in a theory's name ("Van Leeuwen's grammar of legitimation") is mentioned too."""
    people_spans = [(c.start, c.end) for c in chosen if c.concepts and c.concepts[0].kind == "person"]
    return [c for c in candidates if c.technique == "person:eponym" and c not in chosen
            and not any(c.start < e and s < c.end for s, e in people_spans)]


def _nested_bodies(ctx: EntityContext, chosen: list[_Candidate], matches: list[Match]) -> list[_Candidate]:
    """"Primary Care Network contracts" names a policy and, as its modifier, a body."""
    extra = []
    for c in chosen:
        if not c.concepts or c.concepts[0].kind != "policy":
            continue
        for m in matches:
            if m.start == c.start and m.end < c.end:
                concepts = tuple(ctx.matcher.concepts[i].concept for i in m.candidates)
                bodies = tuple(x for x in concepts if x.kind == "body")
                if bodies:
                    extra.append(_Candidate(m.start, m.end, "vocabulary:modifier", bodies))
    return extra


# ---------------------------------------------------------------- resolution

def _resolve(ctx: EntityContext, chosen: list[_Candidate]) -> list[Mention]:
    # concepts named unambiguously anywhere in the document help choose for ambiguous names
    named = {c.concepts[0].iri for c in chosen if len(c.concepts) == 1}
    mentions: list[Mention] = []
    for c in chosen:
        concept = _choose(ctx, c, named, mentions)
        if concept is not None:
            mentions.append(Mention(concept, c.start, c.end, c.technique))
    mentions = _resolve_short_names(mentions)
    return _resolve_surnames(mentions)


def _choose(ctx: EntityContext, c: _Candidate, named: set[str], so_far: list[Mention]) -> Concept | None:
    if c.technique == _YEAR_ONLY:
        year = patterns.YEAR_ONLY_ACT.match(ctx.text.text, c.start).group(1)  # the match that made the candidate
        return _year_only_act(ctx, int(year), so_far)
    if len(c.concepts) == 1:
        return c.concepts[0]
    surface = ctx.text.text[c.start:c.end]
    bound = ctx.bound.get(surface) or ctx.bound.get(surface[:-1] if surface.endswith("s") else surface)
    if bound is not None:
        return bound
    in_document = [x for x in c.concepts if x.iri in named]
    if len(in_document) == 1:
        return in_document[0]
    entries = [ctx.vocabulary(x.iri) for x in c.concepts]
    return ctx._by_date([e for e in entries if e is not None]).concept if any(entries) else c.concepts[0]


def _year_only_act(ctx: EntityContext, year: int, so_far: list[Mention]) -> Concept | None:
    """"the 2012 Act" is the Act of 2012 the document named, else the only such Act in the vocabularies."""
    for mention in reversed(so_far):
        if mention.concept.kind == "policy" and str(year) in mention.concept.label:
            return mention.concept
    acts = [vc.concept for vc in ctx.matcher.concepts.values()
            if vc.concept.kind == "policy" and vc.concept.label.endswith(f"Act {year}")]
    return acts[0] if len(acts) == 1 else None


def _resolve_short_names(mentions: list[Mention]) -> list[Mention]:
    """A new name that ends another name in the document ("Forward View") means that entity."""
    full = [m.concept for m in mentions if m.concept.kind != "person"]
    out = []
    for m in mentions:
        concept = m.concept
        if not concept.in_vocabulary and concept.kind != "person":
            longer = [c for c in full if c.iri != concept.iri and c.kind == concept.kind
                      and len(c.label) > len(concept.label)
                      and re.search(rf"(?i)(?:^|\s){re.escape(concept.label)}$", c.label)]
            if longer:
                concept = longer[0]
        out.append(Mention(concept, m.start, m.end, m.technique) if concept is not m.concept else m)
    return out


def _resolve_surnames(mentions: list[Mention]) -> list[Mention]:
    """A surname alone ("Scott") means the person named in full with that surname, if there is one."""
    people_named = [m.concept for m in mentions if m.concept.kind == "person"]
    by_surname: dict[str, Concept] = {}
    for concept in people_named:
        author = iris.person_name(concept.label)
        if author.given and author.family:
            by_surname.setdefault(author.family.lower(), concept)
    out = []
    for m in mentions:
        concept = m.concept
        if concept.kind == "person":
            author = iris.person_name(concept.label)
            if not author.given and author.family and author.family.lower() in by_surname:
                concept = by_surname[author.family.lower()]
        out.append(Mention(concept, m.start, m.end, m.technique) if concept is not m.concept else m)
    return out


_DESIGN_ADJECTIVES = LEXICON.design_adjectives
_NOT_MODIFIERS = LEXICON.not_modifiers
_COORDINATORS = frozenset({"and", "or"})
# head nouns of a design that is not itself named ("an ethnographic, two-phase study"); in the singular:
# "longitudinal imaging studies reported" are others' studies
_DESIGN_HEADS = re.compile(r"\b(?:study|design)\b", re.I)


def _compound_methods(ctx: EntityContext, mentions: list[Mention]) -> list[Mention]:
    """Modifiers stacked before a method name each make a method of their own:
    "cross-sectional online survey" is a cross-sectional survey and an online survey;
    "qualitative semi-structured telephone interviews" is qualitative research,
    semi-structured interviews and telephone interviews. Coordinated and comma-separated
    modifiers count too ("retrospective cross-sectional and population cohort study",
    "rapid, descriptive case study"), as does a design adjective inside a name that means
    the same without it ("qualitative interviews" are interviews, and qualitative research).
    A design noun that names no method gathers its modifiers as well ("ethnographic, two-phase
    study"). The most specific methods replace the general one they refine."""
    text = ctx.text.text
    added: list[Mention] = []
    replaced: set[int] = set()
    anchors = [(m.start, m.end, m.concept, index) for index, m in enumerate(mentions) if m.concept.kind == "method"]
    method_spans = [(a[0], a[1]) for a in anchors]
    for head in _DESIGN_HEADS.finditer(text):
        if not any(s <= head.start() < e or (e <= head.start() and not text[e:head.start()].strip())
                   for s, e in method_spans):  # inside or right after a method name: that name's compound
            anchors.append((head.start(), head.end(), None, -1))
    for start, end, concept, index in anchors:
        surface = text[start:end]
        head = surface.split()[-1]
        if concept is not None:
            added += _designs_inside(ctx, start, surface, concept)
        cursor = start
        coordinated = False  # a comma or "and"/"or" stands between this modifier and the next
        for word in reversed(list(re.finditer(r"[A-Za-z][\w\-\u2010\u2011]*", text[max(0, start - 80):start]))):
            w_start = max(0, start - 80) + word.start()
            gap = text[w_start + len(word.group(0)):cursor].strip()
            lower = word.group(0).lower()
            if lower in _COORDINATORS and not gap and not coordinated and cursor < start:
                coordinated, cursor = True, w_start
                continue
            if gap == "," and not coordinated and cursor < start or gap == "," and cursor == start:
                coordinated = True
            elif gap:
                break  # only words directly before the name (or before the previous modifier)
            if lower in _NOT_MODIFIERS:
                break
            design = _DESIGN_ADJECTIVES.get(lower)
            found = None
            if design:
                found = ctx.lookup(design, "method")
                if found:
                    added.append(Mention(found, w_start, w_start + len(word.group(0)), "vocabulary:design"))
            else:
                for phrase in (f"{word.group(0)} {surface}", f"{word.group(0)} {head}"):
                    found = ctx.lookup(phrase, "method")
                    if found and (concept is None or found.iri != concept.iri):
                        added.append(Mention(found, w_start, end, "vocabulary:compound"))
                        if concept is not None and not coordinated and _is_broader(ctx, concept.iri, found.iri):
                            replaced.add(index)  # coordinated modifiers are parallel: "cross-sectional, observational"
                        break
                    found = None
            if coordinated and not found:
                break  # "the survey, and interviews": not a modifier of this name
            coordinated = False
            cursor = w_start
    kept = [m for i, m in enumerate(mentions) if i not in replaced]
    return kept + added


def _designs_inside(ctx: EntityContext, start: int, surface: str, concept: Concept) -> list[Mention]:
    """"Qualitative interviews": a design adjective inside a method's name that the name does not
    need (the name without it means the same method) names that design as well."""
    found = []
    for word in re.finditer(r"[A-Za-z][\w-]*", surface):
        design = _DESIGN_ADJECTIVES.get(word.group(0).lower())
        if not design:
            continue
        rest = normalize_space(surface[:word.start()] + surface[word.end():])
        design_concept = ctx.lookup(design, "method")
        if design_concept and design_concept.iri != concept.iri and rest and \
                (ctx.lookup(rest, "method") or concept).iri == concept.iri and ctx.lookup(rest, "method"):
            found.append(Mention(design_concept, start + word.start(), start + word.end(), "vocabulary:design"))
    return found


# methods said with a verb rather than named. Each has the words it cannot match without (every group must
# have one of its words in the lower-cased text), looked for first because that is cheaper than the pattern.
# A pattern with a lead matches its rare core words first ("variation", "routine ... data"); the lead must
# then end in the 100 characters before them ("selected for maximum variation", "analysis of routine data").
_Phrase = tuple[re.Pattern[str], str, tuple[tuple[str, ...], ...], re.Pattern[str] | None]
_DOCUMENTS = ("document", "minutes", "papers", "plans", "records", "case files", "reports")
_METHOD_PHRASES: tuple[_Phrase, ...] = (
    (re.compile(r"\b(?:examined|reviewed|analy[sz]ed|scrutini[sz]ed|coded)\s+(?:\w+\s+){0,4}?"
                r"(?:documents|documentation|minutes|papers|plans|records|case files)\b", re.I), "documentary analysis",
     (_DOCUMENTS, ("examined", "reviewed", "analysed", "analyzed", "scrutinised", "scrutinized", "coded")), None),
    (re.compile(r"\b(?:observed|attended|sat in on)\s+(?:\w+\s+){0,5}?meetings\b", re.I), "observation",
     (("meetings",),), None),
    (re.compile(r"\b(?:we|were|was)\s+(?:[a-z]+ly\s+|therefore\s+|also\s+|then\s+)?interviewed\b", re.I),
     "interview", (("interviewed",),), None),
    (re.compile(r"\b(?:we|were|was)\s+(?:[a-z]+ly\s+|therefore\s+|also\s+|then\s+)?surveyed\b", re.I),
     "survey", (("surveyed",),), None),
    (re.compile(r"\b(?:variation|variety|diversity|heterogeneity)\b", re.I), "purposive sampling",
     (("variation", "variety", "diversity", "heterogeneity"), ("selected", "sampled", "chosen", "recruited")),
     re.compile(r"\b(?:selected|sampled|chosen|recruited)\s+(?:[\w-]+\s+){0,4}?(?:for|to\s+(?:achieve|ensure|give|"
                r"provide|maximi[sz]e|reflect|capture|obtain))\s+(?:a\s+|the\s+)?"
                r"(?:(?:maximum|maximal|wide|broad)\s+)?$",
                re.I)),
    (re.compile(r"\b(?:documents|documentation|minutes|papers|records|case files|reports)\b", re.I),
     "documentary analysis", (_DOCUMENTS, ("review of", "analysis of", "examination of", "scrutiny of")),
     re.compile(r"\b(?:review|analysis|examination|scrutiny)\s+of\s+(?:[\w-]+\s+){0,3}?$", re.I)),
    (re.compile(r"\b(?:routinely[ -]collected|routine|administrative)\s+(?:[\w-]+\s+){0,3}?data\b", re.I),
     "routine data analysis", (("routine", "administrative"),),
     re.compile(r"\b(?:analy[sz](?:is|ed|ing)\s+(?:of\s+)?|using\s+|used\s+|use\s+of\s+)(?:[\w-]+\s+){0,4}?$", re.I)),
)


def _method_phrases(ctx: EntityContext, mentions: list[Mention]) -> list[Mention]:
    """"We observed 74 committee meetings", "examined local documents": methods said with a verb."""
    text = ctx.text.text
    lowered = text.lower()
    added = []
    for pattern, name, required, lead in _METHOD_PHRASES:
        if not all(any(word in lowered for word in group) for group in required):
            continue
        concept = None
        for m in pattern.finditer(text):
            start = m.start()
            if lead is not None:
                before = lead.search(text, max(0, start - 100), start)
                if before is None:
                    continue
                start = before.start()
            if not any(x.start < m.end() and start < x.end and x.concept.kind == "method" for x in mentions):
                concept = concept or ctx.lookup(name, "method")
                if concept is None:
                    break
                added.append(Mention(concept, start, m.end(), "pattern:method-phrase"))
    return added


def _definite_methods(ctx: EntityContext, mentions: list[Mention]) -> list[Mention]:
    """"The survey" after "a cross-sectional online survey" is that survey, not surveys in general;
    "the questionnaire" after "an online questionnaire" is that online questionnaire."""
    text = ctx.text.text
    out = []
    for m in mentions:
        concept = m.concept
        if concept.kind == "method" and \
                re.search(r"\b(?:the|this|that|these)\s+$", text[max(0, m.start - 6):m.start], re.I):
            words = text[m.start:m.end].split()
            head = words[-1].lower().rstrip("s")
            specific = [x.concept for x in mentions if x.start < m.start and x.concept.kind == "method"
                        and x.concept.iri != concept.iri
                        and (len(words) == 1 or _is_broader(ctx, concept.iri, x.concept.iri))
                        and text[x.start:x.end].split()[-1].lower().rstrip("s") == head
                        and len(text[x.start:x.end].split()) > 1]
            if specific:
                concept = specific[-1]
        out.append(Mention(concept, m.start, m.end, m.technique) if concept is not m.concept else m)
    return out


# a method name that modifies a skill or a course names no study's method: "critical appraisal skills"
_SKILL_AFTER = re.compile(r"\s+(?:skills?|training|courses?|expertise|competenc(?:e|ies|y)|know-how)\b", re.I)
_COUNTED = re.compile(r"(?:\b\d[\d,]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|"
                      r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)(?:[- ]\w+)?)\s+"
                      r"(?:(?!(?:were|was|are|is|been|have|had|and|or|of|with)\b)[\w-]+\s+){0,2}$", re.I)
_ANOTHER_ONE = re.compile(r"\b(?:the|a|an|previous|earlier|prior|other)\s+(?:[\w-]+\s+){0,2}?(?:(?:19|20)\d\d(?:/\d+)?|"
                          r"previous|earlier|prior|other)\s+(?:[\w-]+\s+){0,1}$", re.I)


def _most_specific_methods(ctx: EntityContext, mentions: list[Mention]) -> list[Mention]:
    """The most specific method named in a document absorbs the generic one it refines: beside
    "semi-structured interviews", "interviews" are those interviews; beside "an online cross-sectional
    survey", "this survey" is that survey. The specific method is one narrower than the generic (by
    ``skos:broader``) whose name ends with the generic's name. A generic mention stays when it names
    another activity: counted apart from a counted specific one ("96 interviews ... 38 telephone
    interviews"), or dated or set apart ("the 2014 survey", "previous surveys")."""
    text = ctx.text.text
    methods = [m for m in mentions if m.concept.kind == "method"]
    counted = {id(m) for m in methods if m.technique != "pattern:method-phrase"
               and _COUNTED.search(text[max(0, m.start - 40):m.start])}
    out = []
    for m in mentions:
        concept = m.concept
        if concept.kind == "method" and not _ANOTHER_ONE.search(text[max(0, m.start - 40):m.start]):
            specific = [x for x in methods if x.concept.iri != concept.iri and _refines(ctx, concept, x.concept)]
            if specific and not (id(m) in counted and any(id(x) in counted for x in specific)):
                before = [x for x in specific if x.start < m.start]
                concept = (before[-1] if before else specific[0]).concept
        out.append(Mention(concept, m.start, m.end, m.technique) if concept is not m.concept else m)
    return out


def _refines(ctx: EntityContext, general: Concept, specific: Concept) -> bool:
    """Whether ``specific`` is narrower than ``general`` (transitively) and its name ends with the general name."""
    if not specific.label.lower().endswith(" " + general.label.lower()):
        return False
    seen, todo = set(), [specific.iri]
    while todo:
        entry = ctx.vocabulary(todo.pop())
        for broader in entry.broader if entry else ():
            if broader == general.iri:
                return True
            if broader not in seen:
                seen.add(broader)
                todo.append(broader)
    return False


def _is_broader(ctx: EntityContext, general: str, specific: str) -> bool:
    entry = ctx.vocabulary(specific)
    return entry is not None and general in entry.broader
