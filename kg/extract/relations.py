"""Relations between entities, from trigger patterns within one sentence.

A relation is stated when a trigger ("abolished", "was published by",
"Director of") stands between two entity mentions of the right kinds in the
same clause. Each rule in :data:`RULES` names the predicate, the trigger, the
construction it appears in and the kinds of entity each side may be:

``active``   subject before the trigger, objects after: "the Act abolished PCTs and SHAs"
``passive``  object before, subjects after "by": "the 10 Point Plan produced jointly by NHS
             England, the Department of Health … and the RCGP"
``reverse``  the entity after the trigger is the subject: "co-commissioning was first mooted
             in the Call to Action" (Call to Action proposes co-commissioning)

Special constructions have their own functions: replacement with its
direction ("replaced A with B", "B to replace A"), succession ("since 2014
the CMA, and prior to that, the OFT"), organisational units ("the Centre for
Primary Care, University of Manchester"), people's roles ("X, Director of
Y", "X is a Research Associate in Y"), "DH-funded PRUComm", possessives
("the coalition government's 2012 Act", "Van Leeuwen's grammar"),
author–year citations after a theory ("Realist Evaluation (Pawson &
Tilley, 1997)"). An explicit anaphor ("This legislation", "the unit")
stands for the entity it refers to (see :mod:`kg.extract.entities`).

Direction matters and follows the contract: "CCGs replaced PCTs" gives
``CCG replaces PCT``; an agent that only performs the replacement ("the Act
replaced PCTs with CCGs") is linked through its own verb, not this one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.facts import Concept, DocumentText, Mention, Relation, Sentence
from kg.vocab.triggers import Trigger, relation_triggers

__all__ = ["find_relations", "TRIGGER_FORMS", "TriggerForm"]

BODY, POLICY, PERSON, THEORY, METHOD = "body", "policy", "person", "theory", "method"
AGENTS = (POLICY, BODY)
_LEXICON = relation_triggers()


@dataclass(frozen=True)
class TriggerForm:
    """The surface forms of one lexicon trigger, compiled: its verbs, its prepositional verbs, its nouns."""

    trigger: Trigger
    verbs: re.Pattern[str] | None  # any form of a transitive verb
    prepositional: re.Pattern[str] | None  # any form of a verb with its preposition ("built on")
    nouns: re.Pattern[str] | None  # a nominalisation and its "of" ("the abolition of")
    agent_nouns: re.Pattern[str] | None  # a doer's noun and its "of"/"for" ("regulator for the whole of the")
    participles: frozenset[str]  # the lower-case past participles (passive and reduced relative)
    gerunds: frozenset[str]
    words: tuple[str, ...]  # lower-case prefixes one of which a sentence must contain (a cheap pre-test)


def _alternation(forms: list[str]) -> str:
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(set(forms), key=lambda f: (-len(f), f)))


def _prefixes(forms: list[str]) -> tuple[str, ...]:
    """The shortest distinct first words of ``forms``, cut to six letters: what a sentence must contain."""
    heads = sorted({f.split()[0][:6].lower() for f in forms})
    return tuple(h for h in heads if not any(h != other and h.startswith(other) for other in heads))


def _compile(trigger: Trigger) -> TriggerForm:
    verbs = [f for v in trigger.verbs for f in v.all()]
    preps = [f for v in trigger.prepositional for f in v.all()]
    return TriggerForm(
        trigger,
        re.compile(rf"\b(?:{_alternation(verbs)})\b", re.I) if verbs else None,
        re.compile(rf"\b(?:{_alternation(preps)})\b", re.I) if preps else None,
        re.compile(rf"\b(?:{_alternation(list(trigger.nouns))})\s+of\s+(?:the\s+|its\s+|their\s+)?", re.I)
        if trigger.nouns else None,
        re.compile(rf"\b(?:{_alternation(list(trigger.agent_nouns))})\s+(?:for|of)\s+"
                   r"(?:the\s+(?:whole|rest)\s+of\s+)?(?:the\s+)?", re.I) if trigger.agent_nouns else None,
        frozenset(v.participle.lower() for v in (*trigger.verbs, *trigger.prepositional)),
        frozenset(v.gerund.lower() for v in (*trigger.verbs, *trigger.prepositional)),
        _prefixes([*verbs, *preps, *trigger.nouns, *trigger.agent_nouns]),
    )


#: every trigger of the lexicon with its forms compiled
TRIGGER_FORMS: tuple[TriggerForm, ...] = tuple(_compile(t) for t in _LEXICON.triggers)
_PREFIXES = sorted({p for form in TRIGGER_FORMS for p in form.words}, key=lambda p: (-len(p), p))
_PREFIX = re.compile(rf"\b(?:{'|'.join(map(re.escape, _PREFIXES))})")
#: each prefix the pattern can find → the numbers of the forms whose words it begins (a longer prefix found
#: also begins the forms of the shorter prefixes it starts with)
_FORMS_OF_PREFIX = {found: frozenset(n for n, form in enumerate(TRIGGER_FORMS) for p in form.words if found.startswith(p))
                    for found in _PREFIXES}


def _forms_in(lower: str) -> tuple[TriggerForm, ...]:
    """The triggers whose words ``lower`` contains, in lexicon order (one regular-expression pass)."""
    found = set(_PREFIX.findall(lower))
    if not found:
        return ()
    numbers = set().union(*(_FORMS_OF_PREFIX[f] for f in found))
    return tuple(TRIGGER_FORMS[n] for n in sorted(numbers))


def _cue_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?:\b|(?<=\w))(?:{_alternation(list(words))})\b", re.I)


_CUES = {name: _cue_pattern(words) for name, words in _LEXICON.cues.items()}
_MODALITY_ORDER = ("intended", "obliged", "possible", "predicted")
_PART_NOUN = _alternation(sorted(_LEXICON.part_nouns))
_COLLECTIVE_NOUN = _alternation(sorted(_LEXICON.collective_nouns))

_BE = r"(?:is|are|was|were|been|being|be)\s+(?:\w+ly\s+)?"
_CLAUSE_BREAK = re.compile(r"[;:]|,?\s(?:while|whereas|but|although|though|which|who|where)\s")
_PREPOSITION = re.compile(r"\b(?:with|in|on|at|from|for|by|to|about|against|between|among|into|of|within|after|"
                          r"before|following|since|until|during|under|through|via|across|over)\b", re.I)
_MODIFIED = re.compile(rf"\s+(?:{'|'.join(sorted(_LEXICON.modified_heads, key=lambda w: (-len(w), w)))})\b")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|these|those|its|their|our|his|her)\s+$", re.I)
_RELATIVE = re.compile(r",?\s(?:which|who)\s$")


@dataclass
class _Sentence:
    """One sentence and the entity mentions in it."""

    text: str
    lower: str  # the text lower-cased, for the rules' pre-test words
    start: int
    mentions: list[Mention]
    forms: tuple[TriggerForm, ...] = ()  # the lexicon triggers whose words the sentence contains

    def before(self, pos: int, kinds: tuple[str, ...], first_in_clause: bool = False) -> list[Mention]:
        """Mentions of ``kinds`` before ``pos`` in the same clause, nearest first (or first first).

        Mentions inside a parenthetical aside that closed before ``pos`` are skipped; the subject of
        a relative clause ("…, which funds the unit") is the entity just before "which"."""
        clause_start = self.clause_start(pos)
        found = [m for m in self.mentions if clause_start <= m.start and m.end <= pos and m.concept.kind in kinds
                 and not self._aside(m, pos) and not self._nested(m)]
        if not found and _RELATIVE.search(self.text[:clause_start - self.start]):
            return self.before(clause_start - len(_RELATIVE.search(self.text[:clause_start - self.start]).group(0)),
                               kinds)[:1]
        if first_in_clause:
            return found
        # preference follows the order of ``kinds``, then nearness
        return sorted(found, key=lambda m: (kinds.index(m.concept.kind), -m.start))

    def _nested(self, m: Mention) -> bool:
        """Whether ``m`` is a word of a longer name ("National Health Service" in "the National Health
        Service and Community Care Act 1990")."""
        return any(o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start for o in self.mentions)

    def _aside(self, m: Mention, pos: int) -> bool:
        """Whether ``m`` stands in parentheses that close before ``pos``."""
        local = self.text[:pos - self.start]
        opened = local.rfind("(", 0, m.start - self.start)
        return opened != -1 and local.find(")", opened) != -1 and local.find(")", opened) < pos - self.start \
            and local.find(")", opened) >= m.end - self.start and opened > local.rfind(")", 0, m.start - self.start)

    def after(self, pos: int, kinds: tuple[str, ...], max_gap_words: int = 3, across: bool = False) -> list[Mention]:
        """A coordinated run of mentions of ``kinds`` after ``pos`` in the same clause, the first
        within ``max_gap_words`` words of ``pos`` with no preposition between ("abolished managerially
        led PCTs and SHAs"), unless ``across`` lets the gap be any words of the clause."""
        end = self.clause_end(pos)
        run: list[Mention] = []
        for m in self.mentions:
            if m.start < pos or m.start >= end:
                continue
            if any(o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start
                   and o.concept.kind in kinds for o in self.mentions):
                continue  # "NHS" inside "the NHS Long Term Plan": the longer name is the entity here
            if m.concept.kind not in kinds:
                if run:
                    break
                continue
            gap = self.text[(run[-1].end if run else pos) - self.start:m.start - self.start]
            if re.search(r"[.!?][\"'\u201d\u2019]?\s", gap):
                break  # a sentence the splitter missed ends here
            gap = _QUANTIFIER.sub(" ", re.sub(r"\([^()]*\)", " ", gap))  # "over 2000 GP practices", "GP (general practitioner)"
            if not run and _COMPLEMENT.search(gap):
                break  # "suggest that the QOF …": a clause follows, not an object
            if not run and not across and (len(re.findall(r"[\w'-]+", gap)) > max_gap_words or _PREPOSITION.search(gap)):
                break
            if _MODIFIED.match(self.text[m.end - self.start:]):
                if run:
                    break
                continue  # "ICB committees": the name only modifies another noun
            if run and not _coordination(gap):
                break
            run.append(m)
        return _unique_concepts(run)

    def clause_start(self, pos: int) -> int:
        local = self.text[:pos - self.start]
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(local) if not _inside_parentheses(local, m.start())]
        return self.start + (breaks[-1] if breaks else 0)

    def clause_end(self, pos: int) -> int:
        local = self.text[pos - self.start:]
        for m in _CLAUSE_BREAK.finditer(local):
            if not _inside_parentheses(self.text, pos - self.start + m.start()):
                return pos + m.start()
        return self.start + len(self.text)


_COORDINATORS = {"and", "or", "&", "as", "well", "the", "both", "also"}


def _coordination(gap: str) -> bool:
    """Whether ``gap`` only joins two names: commas, "and", "or", parentheses around an acronym."""
    bare = re.sub(r"\([^()]*\)", " ", gap).replace("(", " ").replace(")", " ").replace(",", " ")
    return all(word.lower() in _COORDINATORS for word in bare.split())


def _inside_parentheses(text: str, index: int) -> bool:
    return text.count("(", 0, index) > text.count(")", 0, index)


def _unique_concepts(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.concept.iri not in seen:
            seen.add(m.concept.iri)
            out.append(m)
    return out


def find_relations(text: DocumentText, mentions: list[Mention]) -> list[Relation]:
    """Relations stated in ``text`` between the entities of ``mentions``."""
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(text.sentence_at(m.start).index, []).append(m)
    found: list[Relation] = []
    for sentence in text.sentences:
        here = sorted(by_sentence.get(sentence.index, []), key=lambda m: m.start)
        if not here:
            continue
        words = text.text[sentence.start:sentence.end]
        s = _Sentence(words, words.lower(), sentence.start, here)
        s.forms = _forms_in(s.lower)
        for keywords, finder in _FINDERS:
            if not (len(here) >= 2 or finder in _ONE_MENTION_FINDERS):
                continue
            if finder is _by_triggers:
                if not s.forms:
                    continue
            elif keywords is not None and not keywords.search(s.lower):
                continue
            found.extend(finder(s, sentence, text, mentions))
    return _deduplicate(found)


def _deduplicate(relations: list[Relation]) -> list[Relation]:
    seen: set[tuple[str, str, str, int]] = set()
    out = []
    for r in relations:
        key = (r.subject.iri, r.predicate, r.object.iri, r.start)
        if r.subject.iri != r.object.iri and key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _relation(subject: Mention | Concept, predicate: str, obj: Mention | Concept, start: int, end: int,
              technique: str = "relation-pattern") -> Relation:
    s = subject.concept if isinstance(subject, Mention) else subject
    o = obj.concept if isinstance(obj, Mention) else obj
    return Relation(s, predicate, o, start, end, technique)


# ---------------------------------------------------------------- triggers from the lexicon

_ADVERB = r"(?:\w+ly|also|then|first|now|since|jointly|later|still|already|just|so\s+far|not|never|,)"
_AUX_BE = re.compile(rf"\b(?:is|are|was|were|be|been|being)\s+(?:{_ADVERB}\s+)*$", re.I)
_BY_GERUND = re.compile(r"\bby\s+$", re.I)
_SECOND_VERB = re.compile(rf"\s(?:and|or)\s+(?:{_ADVERB}\s+)*$", re.I)  # "abolished PCTs and transferred …": the first verb's subject
_COMPLEMENT = re.compile(r"\b(?:that|whether|how|what|which|who|whom|whose|if|when|where|why)\b", re.I)
_QUANTIFIER = re.compile(r"\b(?:over|more\s+than|fewer\s+than|less\s+than|almost|nearly|around|about|some|all|"
                         r"approximately|up\s+to|\d[\d,.%]*)\s+", re.I)
_PRONOUN_SUBJECT = re.compile(rf"^\s*(?:It|This|These|They)\s+(?:(?:{_ADVERB}|has|have|had|will|would)\s+)*$")


_Statement = tuple[str, str, bool]  # polarity, modality, and whether the subject governs the verb directly


def _opens_clause(s: _Sentence, m: Mention) -> bool:
    """Whether ``m`` is its clause's subject: no verb-like word (-ed, -es) and at most six words before it."""
    words = re.findall(r"[\w'-]+", s.text[s.clause_start(m.start) - s.start:m.start - s.start])
    return len(words) <= 6 and not any(re.search(r"(?:ed|es)$", w) and w[:1].islower() for w in words)


def _statement(s: _Sentence, start: int, t_start: int) -> _Statement:
    """(polarity, modality, direct) of the event whose trigger starts at ``t_start``, read from the words
    between ``start`` (its subject's end, or its clause's start) and the trigger; ``direct`` when no
    relative pronoun or comma stands between ("the Plan seeks to build on", not "roles, which aim to")."""
    words = s.text[max(start, s.clause_start(t_start)) - s.start:t_start - s.start]
    polarity = "negative" if _CUES["negation"].search(words) else "positive"
    modality = next((name for name in _MODALITY_ORDER if _CUES[name].search(words)), "factual")
    direct = start >= s.clause_start(t_start) and not re.search(r",|\b(?:which|that|who|whose)\b", words, re.I)
    return polarity, modality, direct


_PLAIN: _Statement = ("positive", "factual", True)


def _asserted(statement: _Statement, subject_kind: str) -> bool:
    """Whether a statement is a fact for the graph: positive, and either plain or a policy's design that
    the policy itself states ("the Plan seeks to build on", "the Act will abolish"); "may abolish", "did
    not abolish" and "proposed to abolish" stay on the evidence only."""
    polarity, modality, direct = statement
    if polarity != "positive":
        return False
    return modality == "factual" or (subject_kind == POLICY and direct and modality in ("predicted", "intended"))


def _stated(subject: Mention | Concept, predicate: str, obj: Mention | Concept, start: int, end: int,
            statement: _Statement, technique: str = "relation-pattern") -> Relation:
    s = subject.concept if isinstance(subject, Mention) else subject
    o = obj.concept if isinstance(obj, Mention) else obj
    polarity, modality, _ = statement
    return Relation(s, predicate, o, start, end, technique, polarity, modality, _asserted(statement, s.kind))


def _predicate(trigger: Trigger, subject: Mention | Concept) -> str:
    kind = subject.concept.kind if isinstance(subject, Mention) else subject.kind
    return trigger.policy_subject if kind == POLICY and trigger.policy_subject else trigger.predicate


def _subject_kinds(trigger: Trigger) -> tuple[str, ...]:
    return trigger.subject_kinds + ((POLICY,) if trigger.policy_subject and POLICY not in trigger.subject_kinds else ())


def _inside_mention(s: _Sentence, start: int, end: int) -> bool:
    return any(m.start < end and start < m.end for m in s.mentions)


def _by_triggers(s: _Sentence, sentence: Sentence, text: DocumentText, mentions: list[Mention]) -> Iterator[Relation]:
    """Relations stated by the lexicon's triggers: verbs in the active, the passive (with its agent after
    "by"), a reduced relative ("the plan produced by NHS England"), a gerund ("by establishing CCGs"),
    prepositional verbs in either voice ("was developed from", "seeks to build on"), transfers with their
    giver and receiver ("transferred from the NHS to local government", "gave councils responsibility"),
    and nominalisations with their agent ("the abolition of PCTs by the Act", "the Act led to the
    abolition of PCTs", "the transfer of responsibilities from PCTs to CCGs")."""
    kinds_here = {m.concept.kind for m in s.mentions}
    for form in s.forms:
        if kinds_here.isdisjoint(form.trigger.object_kinds):
            continue  # nothing here it could relate to
        if form.verbs is not None:
            for m in form.verbs.finditer(s.text):
                yield from _verb(s, sentence, text, mentions, form, m)
        if form.prepositional is not None:
            for m in form.prepositional.finditer(s.text):
                yield from _prepositional(s, form, m)
        if form.nouns is not None:
            for m in form.nouns.finditer(s.text):
                yield from _nominal(s, sentence, text, mentions, form, m)
        if form.agent_nouns is not None:
            for m in form.agent_nouns.finditer(s.text):
                yield from _agent_noun(s, form, m)


def _agent_noun(s: _Sentence, form: TriggerForm, m: re.Match[str]) -> Iterator[Relation]:
    """"Monitor … took on the role of economic regulator for the whole of the NHS" → Monitor regulates the NHS."""
    t = form.trigger
    t_start, t_end = s.start + m.start(), s.start + m.end()
    if _inside_mention(s, t_start, t_end):
        return
    for subject in s.before(t_start, t.subject_kinds)[:1]:
        statement = _statement(s, subject.end, t_start)
        for obj in s.after(t_end, t.object_kinds):
            yield _stated(subject, t.predicate, obj, subject.start, obj.end, statement)


def _coordinated_before(s: _Sentence, nearest: Mention, kinds: tuple[str, ...]) -> list[Mention]:
    """``nearest`` and the entities coordinated with it before it ("NHS England and the DH commissioned")."""
    run = [nearest]
    for m in sorted((m for m in s.mentions if m.end <= nearest.start and m.concept.kind in kinds
                     and m.start >= s.clause_start(nearest.start)), key=lambda m: -m.start):
        if _coordination(s.text[m.end - s.start:run[-1].start - s.start]):
            run.append(m)
        else:
            break
    return _unique_concepts(run)


def _verb(s: _Sentence, sentence: Sentence, text: DocumentText, mentions: list[Mention], form: TriggerForm,
          m: re.Match[str]) -> Iterator[Relation]:
    t = form.trigger
    t_start, t_end = s.start + m.start(), s.start + m.end()
    word = " ".join(m.group(0).lower().split())
    before, after = s.text[:m.start()], s.text[m.end():]
    near = before[-80:]  # the anchored tests below need only the words just before the trigger
    participle = word in form.participles
    if word in form.gerunds and word not in form.participles and not (
            _AUX_BE.search(near) or _BY_GERUND.search(near) or near.rstrip().endswith(",")):
        return  # a noun ("CCG funding"), unless progressive, "by establishing" or a participle clause
    if participle and word not in form.gerunds and _DETERMINER_BEFORE.search(near):
        return  # an adjective: "the abolished PCTs"
    if _inside_mention(s, t_start, t_end):
        return  # a word of a name: "the Better Care Fund" is no "fund"
    subject_kinds = _subject_kinds(t)
    if t.goal or t.theme:
        yield from _transfer(s, sentence, text, mentions, form, t_start, t_end, participle and bool(_AUX_BE.search(near)))
        return
    prepositions = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in t.agent_prepositions)
    agent = re.match(rf"\s+(?:{_ADVERB}\s+)*(?:(?:in|on|during|from)\s+(?:\d{{1,2}}\s+)?(?:\w+\s+)?(?:1[89]|20)\d\d"
                     rf"\s*,?\s+)?({prepositions})\s+(?:the\s+)?", after, re.I)
    be = participle and _AUX_BE.search(near)
    reduced = participle and not be and agent is not None and \
        re.search(r"\w[)'\u2019\"]?\s*,?\s*(?:\w+ly\s+)?$", near) is not None
    if be or reduced:  # passive: the object before, the agent after "by"
        if agent is None:
            return  # no agent: "PCNs were introduced in 2019"
        adjacent = not (near[:be.start()] if be else near).rstrip().endswith(",")
        found = s.before(t_start, t.object_kinds, first_in_clause=not adjacent)
        objects = ([found[0]] if not adjacent else [max(found, key=lambda x: x.start)]) if found else []
        policy_only = agent.group(1).lower().split()[0] in ("under", "in", "as")  # "under", "in", "as part of" a policy
        kinds = tuple(k for k in subject_kinds if k == POLICY) if policy_only else subject_kinds
        subjects = s.after(t_end + agent.end(), kinds, max_gap_words=0)
        for obj in objects:
            statement = _statement(s, obj.end, t_start)
            for subject in subjects:
                yield _stated(subject, _predicate(t, subject), obj, min(obj.start, t_start),
                              max(subject.end, t_end), statement)
        return
    gerund = bool(_BY_GERUND.search(near))
    second = bool(_SECOND_VERB.search(near))
    found = s.before(t_start, subject_kinds, first_in_clause=gerund or second)
    if found and second and not _opens_clause(s, found[0]):
        found = []  # "the Act abolished Monitor … and transferred": Monitor is an object, not the subject
    subjects: list[Mention | Concept] = _coordinated_before(s, found[0], subject_kinds) if found else []
    if not subjects and POLICY in subject_kinds and _PRONOUN_SUBJECT.match(s.text[:m.start()]):
        referent = _anaphor_referent(text, mentions, sentence, pronoun=True)
        subjects = [referent] if referent is not None else []
    objects = s.after(t_end, t.object_kinds)
    if not objects and t.object_prepositions:  # "CCGs commission most hospital services from NHS trusts"
        prepositions = "|".join(map(re.escape, t.object_prepositions))
        via = re.compile(rf"\b(?:{prepositions})\s+(?:the\s+)?", re.I).search(s.text, m.end(), s.clause_end(t_end) - s.start)
        if via and not any(m.end() <= x.start - s.start < via.start() for x in s.mentions):
            objects = s.after(s.start + via.end(), t.object_kinds)
    for subject in subjects:
        statement = _statement(s, subject.end if isinstance(subject, Mention) else s.start, t_start)
        for obj in objects:
            start = min(subject.start, t_start) if isinstance(subject, Mention) else t_start
            technique = "relation-pattern" if isinstance(subject, Mention) else "relation-pattern:anaphor"
            yield _stated(subject, _predicate(t, subject), obj, start, max(obj.end, t_end), statement, technique)


def _prepositional(s: _Sentence, form: TriggerForm, m: re.Match[str]) -> Iterator[Relation]:
    """"The GPFV was developed from the 10 Point Plan", "the Long Term Plan seeks to build on the Forward View"."""
    t = form.trigger
    t_start, t_end = s.start + m.start(), s.start + m.end()
    if _inside_mention(s, t_start, t_end):
        return
    subjects = s.before(t_start, t.subject_kinds)[:1]
    tail = re.match(rf"\s*(?:(?:the\s+|its\s+|their\s+|an?\s+)?(?:{_PART_NOUN})\b[^.;]{{0,60}}?\bof\s+)?"
                    r"(?:the\s+|its\s+|their\s+|an?\s+)?", s.text[m.end():], re.I)  # "relate to sections 75-77 of the Act"
    objects = s.after(t_end + (tail.end() if tail else 0), t.object_kinds)
    for subject in subjects:
        statement = _statement(s, subject.end, t_start)
        for obj in objects:
            yield _stated(subject, t.predicate, obj, min(subject.start, t_start), max(obj.end, t_end), statement)


@functools.lru_cache(maxsize=None)
def _theme_pattern(theme: frozenset[str]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_alternation(sorted(theme))})\b", re.I)


def _has_theme(words: str, theme: frozenset[str]) -> bool:
    return _theme_pattern(theme).search(words) is not None


_AUX_TAIL = re.compile(r"(?:\s+(?:is|are|was|were|be|been|being|has|have|had|\w+ly|also|then|not|never|now))*\s*$", re.I)


def _theme_before(before: str, theme: frozenset[str]) -> bool:
    """Whether the noun just before a verb (its subject's head) is what a transfer hands over:
    "responsibility for public health functions transferred" (not "roles in CCGs were transferred")."""
    bare = _AUX_TAIL.sub("", re.sub(r"\([^()]*\)", " ", before))
    return re.search(rf"(?:{_theme_pattern(theme).pattern})$", bare, re.I) is not None


def _transfer(s: _Sentence, sentence: Sentence, text: DocumentText, mentions: list[Mention], form: TriggerForm,
              t_start: int, t_end: int, passive: bool) -> Iterator[Relation]:
    """A transfer's giver and receiver: "NHS England delegated commissioning to CCGs", "responsibility …
    transferred from the NHS to local government", "The Act gave councils responsibility for public
    health", "It gave control of the budget to GP-led CCGs" (the Act through its pronoun)."""
    t = form.trigger
    clause_end = s.clause_end(t_end)
    rest = s.text[t_end - s.start:clause_end - s.start]
    giver: Mention | Concept | None = None
    source = re.search(rf"\b{t.source}\s+(?:the\s+)?", rest, re.I) if t.source else None
    if source:
        found = [x for x in s.mentions if x.start == t_end + source.end() and x.concept.kind in t.subject_kinds]
        giver = found[0] if found else None
    receivers: list[Mention] = []
    goal = re.search(rf"\b{t.goal}\s+(?:the\s+)?", rest, re.I) if t.goal else None
    if goal:
        receivers = s.after(t_end + goal.end(), t.object_kinds, max_gap_words=4)
        if receivers and t.theme and not (_has_theme(rest[:goal.start()], t.theme) or
                                          _theme_before(s.text[:t_start - s.start], t.theme)):
            receivers = []
    if not receivers and t.theme and not passive:  # "gave councils in England responsibility for …"
        direct = s.after(t_end, t.object_kinds, max_gap_words=1)[:1]
        if direct and _has_theme(" ".join(s.text[direct[0].end - s.start:].split()[:4]), t.theme):
            receivers = direct
    if not receivers:
        return
    agents: list[Mention | Concept] = []
    if passive:
        last = max(r.end for r in receivers)
        by = re.match(r"\s*(?:\([^()]*\)\s*)?,?\s*(?:by|under)\s+(?:the\s+)?", s.text[last - s.start:], re.I)
        agents = s.after(last + by.end(), _subject_kinds(t), max_gap_words=0) if by else []
    else:
        second = bool(_SECOND_VERB.search(s.text[:t_start - s.start]))
        found = s.before(t_start, _subject_kinds(t), first_in_clause=second)
        agents = [x for x in found[:1] if not second or _opens_clause(s, x)]
        if not agents and _PRONOUN_SUBJECT.match(s.text[:t_start - s.start]):
            referent = _anaphor_referent(text, mentions, sentence, pronoun=True)
            agents = [referent] if referent is not None else []
    if giver is not None:
        agents = [a for a in agents if (a.concept if isinstance(a, Mention) else a).kind == POLICY] + [giver]
    for agent in agents:
        statement = _statement(s, agent.end if isinstance(agent, Mention) and agent.end <= t_start else s.start,
                               t_start)
        for receiver in receivers:
            start = min(agent.start, t_start) if isinstance(agent, Mention) else t_start
            technique = "relation-pattern" if isinstance(agent, Mention) else "relation-pattern:anaphor"
            yield _stated(agent, _predicate(t, agent), receiver, start, max(receiver.end, t_end), statement,
                          technique)


_LIGHT_GAP = re.compile(r"^\s*(?:\([^()]*\)\s*)?(?!(?:in|on|at|of|for|with|after|before|under|from|by|to|and|or)\b)"
                        r"(?:[\w-]+\s+){1,4}?(?:to|in|about|for)?\s*(?:the\s+|a\s+|an\s+)?$", re.I)


def _nominal(s: _Sentence, sentence: Sentence, text: DocumentText, mentions: list[Mention], form: TriggerForm,
             m: re.Match[str]) -> Iterator[Relation]:
    """"the abolition of PCTs by the Act", "the Act's abolition of PCTs", "The Act led to the abolition of
    PCTs", "At its heart was the abolition of PCTs" (after "This legislation"), "the transfer of
    responsibilities from PCTs to CCGs"."""
    t = form.trigger
    t_start, t_end = s.start + m.start(), s.start + m.end()
    if _inside_mention(s, t_start, t_end):
        return
    clause_end = s.clause_end(t_end)
    goal_receivers: list[Mention] = []
    giver: Mention | None = None
    objects: list[Mention] = []
    if t.goal:
        rest = s.text[t_end - s.start:clause_end - s.start]
        source = re.search(rf"\b{t.source}\s+(?:the\s+)?", rest, re.I) if t.source else None
        if source:
            found = [x for x in s.mentions if x.start == t_end + source.end() and x.concept.kind in t.subject_kinds]
            giver = found[0] if found else None
        goal = re.search(rf"\b{t.goal}\s+(?:the\s+)?", rest, re.I)
        if goal:
            goal_receivers = s.after(t_end + goal.end(), t.object_kinds, max_gap_words=8, across=True)[:1]
        if t.theme and not _has_theme(rest[:goal.start()] if goal else rest, t.theme):
            return
        last = max([x.end for x in goal_receivers] + ([giver.end] if giver else []) + [t_end])
    else:
        objects = s.after(t_end, t.object_kinds)
        last = objects[-1].end if objects else t_end
    if not objects and not goal_receivers:
        return
    agents: list[Mention | Concept] = []
    by = re.match(r"\s*(?:\([^()]*\)\s*)?,?\s*(?:by|under)\s+(?:the\s+)?", s.text[last - s.start:])
    if by:
        agents = s.after(last + by.end(), _subject_kinds(t), max_gap_words=0)[:1]
    before = s.text[:m.start()]
    possessive = re.search(r"['\u2019]s\s+(?:[\w-]+\s+)?$", before)
    if not agents and possessive:
        agents = [x for x in s.mentions if x.end == s.start + possessive.start()
                  and x.concept.kind in _subject_kinds(t)][:1]
    if not agents:
        found = [x for x in s.before(t_start, _subject_kinds(t)) if _LIGHT_GAP.match(s.text[x.end - s.start:m.start()])
                 or (re.fullmatch(r"\s*,?\s*and\s+(?:the\s+)?", s.text[x.end - s.start:m.start()])  # "… by the Act and the
                     and re.search(r"\bby\s+(?:the\s+)?$", s.text[:x.start - s.start]))]  # establishment of ICBs"
        agents = found[:1]
    if not agents and giver is None:
        referent = _anaphor_referent(text, mentions, sentence)
        agents = [referent] if referent is not None else []
    for agent in agents:
        technique = "relation-pattern" if isinstance(agent, Mention) else "relation-pattern:anaphor"
        statement = _statement(s, agent.end if isinstance(agent, Mention) and agent.end <= t_start else s.start,
                               t_start)
        start = min(agent.start, t_start) if isinstance(agent, Mention) else t_start
        end = max(last, agent.end if isinstance(agent, Mention) else last)
        for target in objects or goal_receivers:
            yield _stated(agent, _predicate(t, agent), target, start, max(target.end, end), statement, technique)
    if giver is not None:
        statement = _statement(s, s.start, t_start)
        for receiver in goal_receivers:
            yield _stated(giver, t.predicate, receiver, t_start, receiver.end, statement)


# ---------------------------------------------------------------- definitions: part of, groupings of

_COPULA = (r"(?:is|are|was|were|be|been|being|becomes?|became|becoming|has\s+become|have\s+become|had\s+become|"
           r"remains?|remained|forms?|formed|forming|constitutes?|constituted|constituting|serves?\s+as|served\s+as)")
_DETERMINER = r"(?:(?:a|an|the|one|two|three|several|many|some|all)\s+(?:of\s+(?:the|its|their)\s+)?)?"
_PART_OF = re.compile(rf"\b{_COPULA}\s+(?:\w+ly\s+)?{_DETERMINER}(?:[\w-]+\s+){{0,3}}?(?:{_PART_NOUN})\s+"
                      rf"(?:of|within|in)\s+(?:the\s+|its\s+|their\s+)?", re.I)
_MEMBER_OF = re.compile(rf"\b{_COPULA}\s+(?:\w+ly\s+)?{_DETERMINER}(?:[\w-]+\s+){{0,2}}?"
                        rf"(?:{_alternation(sorted(_LEXICON.member_nouns))})\s+of\s+(?:the\s+|its\s+|their\s+)?", re.I)
_GROUPING_OF = re.compile(rf"\b{_COPULA}\s+(?:\w+ly\s+)?{_DETERMINER}(?:[\w-]+\s+){{0,2}}?(?:{_COLLECTIVE_NOUN})\s+"
                          rf"of\s+(?:the\s+)?|\b(?:consists?\s+of|consisted\s+of|comprises?|comprised(?!\s+of)|"
                          rf"(?:is|are|was|were)\s+(?:made\s+up|composed)\s+of)\s+(?:the\s+)?", re.I)
_APPOSITION = re.compile(rf"^\s*(?:\([^()]*\)\s*)?(?:,|\(|\u2013|\u2014|-)\s*{_DETERMINER}(?:[\w-]+\s+){{0,2}}?"
                         rf"(?:(?P<part>{_PART_NOUN})|(?P<whole>{_COLLECTIVE_NOUN}))\s+of\s+(?:the\s+)?", re.I)
_SUBJECT_GAP = re.compile(r"^\s*(?:\([^()]*\)\s*)?(?:(?:\w+ly|also|now|thus|therefore|then|officially|still|"
                          r"already|has|have|had|will|would|may|might|can|could|not)\s+)*$", re.I)


def _definitions(s: _Sentence, sentence: Sentence, text: DocumentText, mentions: list[Mention]) -> Iterator[Relation]:
    """Definitional statements: "X is a key part of Y", "X was one element of Y", "X, part of Y" → X partOf Y;
    "PCNs are groupings of general practices", "an ICS, a partnership of NHS bodies and local authorities",
    "X consists of Y" → each member memberOf the whole. An "is a" between two entities (QOF "is a pay for
    performance scheme") has no predicate here and gives nothing."""
    for m in _PART_OF.finditer(s.text):
        yield from _definition(s, m, "partOf", members_after=False)
    for m in _GROUPING_OF.finditer(s.text):
        yield from _definition(s, m, "memberOf", members_after=True)
    for m in _MEMBER_OF.finditer(s.text):  # "GP practices are members of primary care networks"
        yield from _definition(s, m, "memberOf", members_after=False)
    for x in s.mentions:  # appositions
        a = _APPOSITION.match(s.text[x.end - s.start:])
        if not a or x.concept.kind not in (BODY, POLICY):
            continue
        kinds = (x.concept.kind,)
        targets = s.after(x.end + a.end(), kinds, max_gap_words=3)
        statement = _PLAIN
        for target in (targets[:1] if a.group("part") else targets):
            if a.group("part"):
                yield _stated(x, "partOf", target, x.start, target.end, statement)
            elif x.concept.kind == BODY:
                yield _stated(target, "memberOf", x, x.start, target.end, statement)


def _definition(s: _Sentence, m: re.Match[str], predicate: str, members_after: bool) -> Iterator[Relation]:
    t_start, t_end = s.start + m.start(), s.start + m.end()
    if _inside_mention(s, t_start, t_end):
        return
    targets = s.after(t_end, (BODY,) if predicate == "memberOf" else (BODY, POLICY), max_gap_words=3)
    if targets and _POSSESSIVE.match(s.text, targets[0].end - s.start):  # "part of NHS England's agenda": the
        owner = targets[0]                                                # agenda is the whole, its owner a determiner
        targets = [x for x in s.mentions if x.start == owner.end + _POSSESSIVE.match(s.text, owner.end - s.start).end()
                   - (owner.end - s.start) and x.concept.kind in (BODY, POLICY)]
    if not targets or "," in s.text[t_end - s.start:targets[0].start - s.start]:
        return  # "part of a wider collaboration, primary care networks": an apposition, not the whole
    kinds = (targets[0].concept.kind,)
    targets = [x for x in targets if x.concept.kind in kinds]
    participial = re.match(r"\w+ing\b", m.group(0))  # "… and officially becoming sub-committees of": its subject is the clause's
    found = [x for x in s.before(t_start, kinds)
             if participial or _SUBJECT_GAP.match(s.text[x.end - s.start:m.start()])]
    if not found:
        return
    statement = _statement(s, found[0].end, t_start)
    for x in _coordinated_before(s, found[0], kinds):
        for target in (targets if members_after else targets[:1]):
            if members_after:
                yield _stated(target, predicate, x, x.start, target.end, statement)
            else:
                yield _stated(x, predicate, target, x.start, target.end, statement)


# ---------------------------------------------------------------- special constructions

_REPLACED_WITH = re.compile(r"\breplac(?:ed|ing|es|e)\s+(?P<old>.{1,120}?)\s+with\b", re.I)
_TO_REPLACE = re.compile(r"\bto\s+replace\b", re.I)
_REPLACED_BY = re.compile(rf"(?:\b{_BE}|(?<=\w)\)?\s*,?\s+)replaced\s+(?:(?:in|from)\s+(?:\w+\s+)?(?:19|20)\d\d\s+)?by\b",
                          re.I)  # "CCGs were replaced by ICBs", "CCGs, replaced in 2022 by ICBs'
_REPLACES = re.compile(r"\breplac(?:ed|es)\b(?!\s+by)", re.I)
_REPLACEMENT_OF = re.compile(r"\breplacement\s+of\s+(?P<old>.{1,120}?)\s+(?:with|by)\s+(?:the\s+)?", re.I)


def _replacements(s: _Sentence, sentence: Sentence, text: DocumentText, mentions: list[Mention]) -> Iterator[Relation]:
    """"replaced A with B" / "replacing them with B" → B replaces A; "B to replace A" → B replaces A;
    "A was replaced by B" → B replaces A; "B replaced A" (when no "with" follows)."""
    for kinds in ((BODY,), (POLICY,)):
        for m in _REPLACED_WITH.finditer(s.text):
            start, with_end = s.start + m.start(), s.start + m.end()
            new = s.after(with_end, kinds)
            old_span = (s.start + m.start("old"), s.start + m.end("old"))
            old = [x for x in s.mentions if old_span[0] <= x.start and x.end <= old_span[1] and x.concept.kind in kinds]
            if not old and re.match(r"them|these|those", m.group("old"), re.I):
                old = _objects_of_previous_verb(s, start, kinds)
            for n in new:
                for o in _unique_concepts(old):
                    yield _relation(n, "replaces", o, min(o.start, start), n.end)
        for m in _REPLACEMENT_OF.finditer(s.text):  # "the replacement of PCTs by CCGs"
            start, end = s.start + m.start(), s.start + m.end()
            old = [x for x in s.mentions if s.start + m.start("old") <= x.start and x.end <= s.start + m.end("old")
                   and x.concept.kind in kinds]
            for n in s.after(end, kinds)[:1]:
                for o in _unique_concepts(old):
                    yield _relation(n, "replaces", o, start, n.end)
        for m in _TO_REPLACE.finditer(s.text):
            t_start, t_end = s.start + m.start(), s.start + m.end()
            new = s.before(t_start, kinds)[:1]
            for n in new:
                for o in s.after(t_end, kinds):
                    yield _relation(n, "replaces", o, n.start, o.end)
        for m in _REPLACED_BY.finditer(s.text):
            t_start, t_end = s.start + m.start(), s.start + m.end()
            for o in s.before(t_start, kinds)[:1]:
                for n in s.after(t_end, kinds):
                    yield _relation(n, "replaces", o, o.start, n.end)
        for m in _REPLACES.finditer(s.text):
            if re.match(r".{0,120}?\bwith\b", s.text[m.end():]):
                continue
            t_start, t_end = s.start + m.start(), s.start + m.end()
            for n in s.before(t_start, kinds)[:1]:
                for o in s.after(t_end, kinds):
                    yield _relation(n, "replaces", o, n.start, o.end)


def _objects_of_previous_verb(s: _Sentence, pos: int, kinds: tuple[str, ...]) -> list[Mention]:
    """What "them" refers to: the run of entities just before ``pos`` in the sentence."""
    before = [m for m in s.mentions if m.end <= pos and m.concept.kind in kinds]
    if not before:
        return []
    run = [before[-1]]
    for m in reversed(before[:-1]):
        gap = s.text[m.end - s.start:run[-1].start - s.start]
        if _coordination(gap):
            run.append(m)
        else:
            break
    return run


_PRIOR = re.compile(r"\b(?:since\s+(?:\w+\s+)?(?:1[89]|20)\d\d)\s*,?\s+(?:the\s+)?", re.I)
_PRIOR_TO_THAT = re.compile(r",?\s*(?:and\s+)?(?:prior\s+to\s+that|before\s+that|previously|formerly)\s*,?\s*", re.I)
_BECAME = re.compile(r"\b(?:were|was)\s+(?:then\s+)?(?:established|reconstituted|converted|renamed)\s+as\b|"
                     r"\b(?:became|renamed|evolved\s+into|merged\s+into|(?:merged|combined)\s+to\s+form)\b", re.I)


_SUCCESSOR = re.compile(r"^\s*(?:\([^()]*\)\s*)?(?:,\s*|\s+(?:is|was|became|becomes)\s+)(?:the\s+|a\s+|its\s+)?"
                        r"(?:\w+\s+)?(?P<which>successor|predecessor)(?:\s+(?:body|organisation|organization))?\s+"
                        r"(?:to|of)\s+(?:the\s+)?", re.I)


def _successions(s: _Sentence, sentence: Sentence, text: DocumentText, mentions: list[Mention]) -> Iterator[Relation]:
    """"since April 2014 the CMA, and prior to that, the OFT and the Competition Commission" → the CMA
    succeeds each; "transferred to a Commissioning Support Service, and these were established as
    Commissioning Support Units" → CSU succeeds the service; "NHS Resolution, the successor to the NHS
    Litigation Authority" → NHS Resolution succeeds it ("predecessor of" the other way round)."""
    for x in s.mentions:
        m = _SUCCESSOR.match(s.text[x.end - s.start:])
        if not m or x.concept.kind not in (BODY, POLICY):
            continue
        for other in s.after(x.end + m.end(), (x.concept.kind,))[:1]:
            new, old = (x, other) if m.group("which").lower() == "successor" else (other, x)
            yield _relation(new, "succeeds", old, x.start, other.end)
    for m in _PRIOR_TO_THAT.finditer(s.text):
        t_start, t_end = s.start + m.start(), s.start + m.end()
        newer = [x for x in s.mentions if x.end <= t_start and x.concept.kind == BODY]
        if not newer or not _PRIOR.search(s.text[:m.start()]):
            continue
        for old in s.after(t_end, (BODY,)):
            yield _relation(newer[-1], "succeeds", old, newer[-1].start, old.end)
    for m in _BECAME.finditer(s.text):
        t_start, t_end = s.start + m.start(), s.start + m.end()
        earlier = [x for x in s.mentions if x.end <= t_start and x.concept.kind == BODY]
        olds = _coordinated_before(s, earlier[-1], (BODY,)) if earlier and "form" in m.group(0).lower() \
            else earlier[-1:]  # "NHS England and NHS Improvement merged to form …": each merged body
        for new in s.after(t_end, (BODY,))[:1]:
            for old in olds:
                yield _relation(new, "succeeds", old, old.start, new.end)


_UNIT_WORDS = r"(?:Centre|Center|Institute|Group|Team|Section|Unit|Department|School|Faculty|Division|Library|" \
              r"Directorate|Laboratory|Observatory)"
_UNIT = re.compile(rf"(?i)^{_UNIT_WORDS}\b|\b{_UNIT_WORDS}$")
_UNIT_LINK = re.compile(r"\)?(?:\s*\([^)]*\))?\s*(?:,\s*(?:part\s+of\s+)?|\s+(?:in|at|of|within|part\s+of)\s+|\s+)"
                        r"(?:the\s+)?$", re.I)


def _followed_by_body(s: _Sentence, m: Mention) -> bool:
    rest = s.text[m.end - s.start:]
    link = re.match(r"\s*(?:,|and\b|&)\s*(?:the\s+)?", rest)
    return bool(link) and any(x.start == m.end + link.end() and x.concept.kind == BODY for x in s.mentions)


def _preceded_by_body(s: _Sentence, m: Mention) -> bool:
    before = s.text[:m.start - s.start]
    link = re.search(r"(?:,|\band|&)\s*(?:the\s+)?$", before)
    return bool(link) and any(x.end == s.start + link.start() and x.concept.kind == BODY for x in s.mentions)


def _enumerated(s: _Sentence, unit: Mention, parent: Mention) -> bool:
    """Whether "unit, parent" is part of an enumeration rather than a unit and the body it belongs to: a
    name of an organisation type written in lower case ("clinical commissioning groups, local
    authorities, and providers"), or a list that goes on after the second name (", and …", " or …")."""
    words = (s.text[unit.start - s.start:unit.end - s.start], s.text[parent.start - s.start:parent.end - s.start])
    if any(not w[:1].isupper() for w in words):
        return True
    return re.match(r"\s*(?:\([^()]*\)\s*)?(?:,\s*(?:and|or)\b|,?\s+(?:and|or|&)\s)", s.text[parent.end - s.start:]) is not None


def _organisational_units(s: _Sentence, sentence: Sentence, text: DocumentText,
                          mentions: list[Mention]) -> Iterator[Relation]:
    """A unit named next to its parent: "the Centre for Primary Care, University of Manchester",
    "HiPPO in the Centre for Primary Care", "the HIPPO team (…), part of the Centre",
    "Social … Section House of Commons Library" → unit partOf parent."""
    bodies = [m for m in s.mentions if m.concept.kind == BODY]
    for unit, parent in zip(bodies, bodies[1:]):
        if unit.concept.iri == parent.concept.iri:
            continue
        gap = s.text[unit.end - s.start:parent.start - s.start]
        names = (s.text[unit.start - s.start:unit.end - s.start], unit.concept.label,
                 *unit.concept.labels, re.sub(r"^\s*", "", s.text[unit.end - s.start:][:6]))
        if not any(_UNIT.search(n) for n in names) or not _UNIT_LINK.fullmatch(gap):
            continue
        if gap.strip().startswith(",") and (_followed_by_body(s, parent) or _preceded_by_body(s, unit)
                                            or _enumerated(s, unit, parent)):
            continue  # "NHS England, the Department of Health, Health Education England and …" is a list
        if " of " in gap and not re.search(r"part\s+of", gap):
            continue  # "X of Y" names a unit's subject more often than its parent
        yield _relation(unit, "partOf", parent, unit.start, parent.end)


_ROLE = (r"(?:Director|Deputy\s+Director|Head|Chair|Chairman|Chief\s+Executive|Chief\s+Officer|Leader|Lead|"
         r"President|Principal|Dean)")
_MEMBER_ROLE = (r"(?:Research\s+(?:Associate|Fellow|Assistant|Officer)|(?:Senior\s+)?(?:Lecturer|Fellow|"
                r"Researcher|Research\s+Fellow)|Professor|Reader|PhD\s+(?:student|candidate)|member|Member|"
                r"Analyst|Manager|Associate)")


def _roles(s: _Sentence, sentence: Sentence, text: DocumentText, mentions: list[Mention]) -> Iterator[Relation]:
    """"Stephen Peckham, Director of PRUComm", "X is Director of Y" → leads;
    "X is a Research Associate in the Y team", "Dr X of the Y" → memberOf; "She leads Y" → leads."""
    people = [m for m in s.mentions if m.concept.kind == PERSON]
    for person in people:
        rest = s.text[person.end - s.start:]
        lead = re.match(rf"\s*(?:,\s*|\s+(?:is|was|has\s+been)\s+(?:the\s+|a\s+|an\s+)?){_ROLE}\s+(?:of|at)\s+(?:the\s+)?",
                        rest)
        member = re.match(rf"\s+(?:is|was)\s+(?:a|an)\s+{_MEMBER_ROLE}\b[^.;]*?\s+(?:in|at|of|with|within)\s+(?:the\s+)?",
                          rest)
        of_body = re.match(r"\s+of\s+(?:the\s+)?", rest)
        for match, predicate in ((lead, "leads"), (member, "memberOf"), (of_body, "memberOf")):
            if not match:
                continue
            at = person.end + match.end()
            target = [b for b in s.mentions if b.concept.kind == BODY and at - 4 <= b.start <= at]  # "the King's Fund"
            for body in target[:1]:
                yield _relation(person, predicate, body, person.start, body.end)
            if target:
                break
    pronoun = re.match(r"\s*(?:She|He|They)\s+(leads|heads|directs)\s+(?:the\s+)?", s.text)
    if pronoun:
        antecedent = _last_person_before(mentions, s.start)
        for body in s.after(s.start + pronoun.end(), (BODY,))[:1]:
            if antecedent is not None:
                yield _relation(antecedent, "leads", body, s.start, body.end, "relation-pattern:pronoun")


def _last_person_before(mentions: list[Mention], pos: int) -> Concept | None:
    people = [m for m in mentions if m.concept.kind == PERSON and m.end <= pos]
    return people[-1].concept if people else None


def _compounds(s: _Sentence, sentence: Sentence, text: DocumentText, mentions: list[Mention]) -> Iterator[Relation]:
    """"the DH-funded PRUComm" → DH funds PRUComm; "Monitor (the former NHS Foundation Trust regulator)"
    → Monitor regulates NHS Foundation Trusts; "the coalition government's 2012 Act" → the government
    introduces the Act; "NHSE Area Teams" → the teams are part of NHSE."""
    for m in s.mentions:
        if m.concept.kind != BODY:
            continue
        at = m.end - s.start
        funded = _FUNDED.match(s.text, at)
        if funded:
            for target in s.after(s.start + funded.end(), (BODY,))[:1]:
                yield _relation(m, "funds", target, m.start, target.end)
        regulator = _FORMER.match(s.text, at)
        if regulator:
            inner = [x for x in s.mentions if x.start == s.start + regulator.end() and x.concept.kind == BODY]
            for x in inner:
                if _REGULATOR_AFTER.match(s.text, x.end - s.start):
                    yield _relation(m, "regulates", x, m.start, x.end + len(" regulator"))
        possessive = _POSSESSIVE.match(s.text, at)
        if possessive:
            for target in [x for x in s.mentions if x.start == s.start + possessive.end()
                           and x.concept.kind == POLICY]:
                predicate = "introduces" if "government" in m.concept.label.lower() else "publishes"
                yield _relation(m, predicate, target, m.start, target.end)
        issuer = _ISSUER.match(s.text, at)  # "the Public Health England 'Spatial Planning for Health' resource"
        if issuer:
            for target in [x for x in s.mentions if x.start == s.start + issuer.end() and x.concept.kind == POLICY
                           and s.text[x.start - s.start:x.end - s.start][:1].isupper() and not s._nested(x)]:
                if _named_organisation(m, mentions, text):
                    yield _relation(m, "publishes", target, m.start, target.end)
    teams = [m for m in s.mentions if m.concept.kind == BODY and _TEAM.search(s.text, m.start - s.start, m.end - s.start)]
    if not teams:
        return
    names = {}
    for other in mentions:  # every name the document gives each body
        if other.concept.kind == BODY:
            names.setdefault(text.text[other.start:other.end], other.concept)
    for m in teams:  # "NHSE Area Teams": a body named at the start of a team's name
        words = s.text[m.start - s.start:m.end - s.start]
        for name, parent in names.items():
            if parent.iri != m.concept.iri and words.startswith(name + " ") and len(name) < len(words):
                yield _relation(m, "partOf", parent, m.start, m.end)


_FUNDED = re.compile(r"-funded\s+(?:the\s+)?")
_FORMER = re.compile(r"\s*\((?:the\s+)?(?:former|new|independent|sector|economic)?\s*")
_REGULATOR_AFTER = re.compile(r"\s+regulator\b")
_POSSESSIVE = re.compile(r"['\u2019]s\s+")
_ISSUER = re.compile(r"\s+['\u2018\u201c\"]?")
_TEAM = re.compile(r"\b(?:team|teams|section|directorate|office)$", re.I)


def _named_organisation(m: Mention, mentions: list[Mention], text: DocumentText) -> bool:
    """Whether ``m`` names one organisation rather than a type of them: written with capitals, and never
    in the plural or after "a"/"an" anywhere in the document ("CCGs", "a CCG" make CCG a type)."""
    if not text.text[m.start:m.end][:1].isupper() or "government" in m.concept.label.lower():
        return False
    label_plural = m.concept.label.lower().endswith("s")
    for other in mentions:
        if other.concept.iri != m.concept.iri:
            continue
        words = text.text[other.start:other.end]
        if (not label_plural and re.search(r"(?:s|S|['\u2019]s)$", words) and not words.isupper()) or \
                re.search(r"\b(?:a|an|each|every|all|many|several)\s+$", text.text[max(0, other.start - 12):other.start], re.I):
            return False
    return True


_UNDER_BY = re.compile(r"\bintroduced\b[^.;]*?\bunder\s+(?:the\s+)?(?:\w+\s+){0,2}?(?=\S)", re.I)


def _introduced_under(s: _Sentence, sentence: Sentence, text: DocumentText,
                      mentions: list[Mention]) -> Iterator[Relation]:
    """"reforms were introduced … under the Coalition government by the Health and Social Care Act 2012"
    → the government introduces the Act."""
    for m in _UNDER_BY.finditer(s.text):
        agents = s.after(s.start + m.end(), (BODY,))[:1]
        for agent in agents:
            by = re.match(r"\s+by\s+(?:the\s+)?", s.text[agent.end - s.start:])
            if by:
                for policy in s.after(agent.end + by.end(), (POLICY,))[:1]:
                    yield _relation(agent, "introduces", policy, s.start + m.start(), policy.end)


_TAKE_OVER = re.compile(r"\btak(?:e|es|ing|en)\s+over\s+(?:[\w-]+\s+){0,3}?from\s+(?:the\s+)?", re.I)


def _delegation(s: _Sentence, sentence: Sentence, text: DocumentText, mentions: list[Mention]) -> Iterator[Relation]:
    """"CCGs would take over budgets from NHSE Area Teams" → the teams devolve to the CCGs."""
    for m in _TAKE_OVER.finditer(s.text):
        t_start, t_end = s.start + m.start(), s.start + m.end()
        for receiver in s.before(t_start, (BODY,))[:1]:
            for giver in s.after(t_end, (BODY,))[:1]:
                yield _relation(giver, "devolvesTo", receiver, receiver.start, giver.end)


_BUYING_FROM = re.compile(r"\bfrom\s+which\s+", re.I)


def _buying(s: _Sentence, sentence: Sentence, text: DocumentText, mentions: list[Mention]) -> Iterator[Relation]:
    """"CSUs … from which CCGs are buying commissioning support" → the CCGs commission the CSUs;
    "X buy support from Y" → X commissions Y."""
    for m in _BUYING_FROM.finditer(s.text):
        rest = s.text[m.end():]
        if not re.match(r"(?:\w+\s+){1,4}?(?:are|is|were|was)?\s*(?:buying|buy|purchasing|purchase)", rest, re.I):
            continue
        sellers = s.before(s.start + m.start(), (BODY,), first_in_clause=True)
        buyers = s.after(s.start + m.end(), (BODY,))[:1]
        for buyer in buyers:
            for seller in sellers[:1]:
                yield _relation(buyer, "commissions", seller, seller.start, buyer.end)
    for m in re.finditer(r"\b(?:buy|buys|buying|bought|purchas\w+)\s+(?:[\w-]+\s+){0,4}?from\s+(?:the\s+)?",
                         s.text, re.I):
        for buyer in s.before(s.start + m.start(), (BODY,))[:1]:
            for seller in s.after(s.start + m.end(), (BODY,))[:1]:
                yield _relation(buyer, "commissions", seller, buyer.start, seller.end)


_GOVERNING = re.compile(r"\b(?:governing\s+body|regulator|regulatory\s+body)\s*,\s*(?:the\s+)?", re.I)


def _governing_body(s: _Sentence, sentence: Sentence, text: DocumentText,
                    mentions: list[Mention]) -> Iterator[Relation]:
    """"The governing body, the General Medical Council (GMC), envisages that revalidation will …"
    → the GMC oversees revalidation."""
    for m in _GOVERNING.finditer(s.text):
        bodies = [x for x in s.mentions if x.start == s.start + m.end() and x.concept.kind == BODY]
        for body in bodies:
            for policy in [x for x in s.mentions if x.concept.kind == POLICY]:
                yield _relation(body, "oversees", policy, s.start + m.start(), max(policy.end, body.end))


_WORK_OF = re.compile(r"\b(?:the\s+)?(?:work|works|ideas|writings|thinking|scholarship)\s+of\s+(?:[A-Z][\w.'-]*\s+){0,2}$")


def _originators(s: _Sentence, sentence: Sentence, text: DocumentText, mentions: list[Mention]) -> Iterator[Relation]:
    """"Van Leeuwen's 'grammar of legitimation'", "Elinor Ostrom's work concerning … common pool
    resources", "'Realist Evaluation' (Pawson & Tilley, 1997)", "Scott (2008) suggests that institutions
    have three constitutive pillars" → each person originates the theory or method."""
    ideas = [m for m in s.mentions if m.concept.kind in (THEORY, METHOD)]
    for person in [m for m in s.mentions if m.concept.kind == PERSON]:
        rest = s.text[person.end - s.start:]
        if re.match(r"['\u2019]s\b", rest):
            following = [i for i in ideas if i.end > person.end + 2]
            if following and following[0].start - person.end < 80:
                yield _relation(person, "originates", following[0], person.start, following[0].end)
        elif re.match(r"\s*\((?:1[89]|20)\d\d[a-z]?\)\s+(?:suggests?|argues?|proposes?|describes?|developed|"
                      r"introduced|identifies|identified|distinguishes)\b", rest):
            for idea in [i for i in ideas if i.start > person.end][:1]:
                yield _relation(person, "originates", idea, person.start, idea.end)
    for person in [m for m in s.mentions if m.concept.kind == PERSON]:  # "Following the work of Mol, … the logics of care"
        if _WORK_OF.search(s.text, 0, person.start - s.start):
            for idea in [i for i in ideas if i.start > person.end][:1]:
                yield _relation(person, "originates", idea, person.start, idea.end)
    for idea in ideas:  # "Realist Evaluation (Pawson & Tilley, 1997)"
        rest = s.text[idea.end - s.start:]
        cite = re.match(r"['\u2019\"]?\s*\(([^()]{3,80}?),?\s+(?:1[89]|20)\d\d[a-z]?\)", rest)
        if not cite:
            continue
        span_end = idea.end + cite.end()
        for person in [m for m in s.mentions if m.concept.kind == PERSON and idea.end <= m.start < span_end]:
            yield _relation(person, "originates", idea, idea.start, span_end)


_ANAPHOR = re.compile(r"\b(?:[Tt]his|[Tt]hese|[Tt]he)\s+(?:legislation|Act|law|reforms?|policy|white\s+paper)\b")


def _anaphor_referent(text: DocumentText, mentions: list[Mention], sentence: Sentence,
                      pronoun: bool = False) -> Concept | None:
    """The policy that "This legislation" (in this or the previous sentence) stands for; with ``pronoun``,
    the policy a sentence-initial "It" continues: the subject of the previous sentence, when that is a policy
    ("The 2012 Act … led to reforms. It gave control of the budget to CCGs")."""
    if pronoun and sentence.index > 0:
        previous = text.sentences[sentence.index - 1]
        named = sorted((m for m in mentions if previous.start <= m.start < previous.end
                        and m.concept.kind in (BODY, POLICY)), key=lambda m: m.start)
        if named and named[0].concept.kind == POLICY:
            return named[0].concept
        return None
    for index in (sentence.index, sentence.index - 1):
        if index < 0:
            continue
        here = text.sentences[index]
        words = text.text[here.start:here.end]
        anaphor = _ANAPHOR.search(words)
        if not anaphor:
            continue
        position = here.start + anaphor.start()
        earlier = [m for m in mentions if m.end <= position and m.concept.kind == POLICY]
        if earlier:
            return earlier[-1].concept
    return None


def _words(*keywords: str) -> tuple[str, ...]:
    """Lower-case fragments a sentence must contain for a finder to be worth running (a cheap test)."""
    return keywords


_ANY: tuple[str, ...] = ()
_DEFINITION_WORDS = re.compile(rf"\b(?:{_PART_NOUN}|{_COLLECTIVE_NOUN}|members?)\s+(?:of|within|in)\b|consist|compris|"
                               r"made up of|composed of")
#: each finder, behind the words without which it cannot fire
_FINDERS = (
    (_ANY, _by_triggers),  # pre-tested by the sentence's trigger forms
    (_DEFINITION_WORDS, _definitions),
    (_words("replac"), _replacements),
    (_words("prior to", "before that", "previously", "formerly", "became", "renamed", "evolved", "merged",
            "established as", "reconstituted", "converted", "successor", "predecessor", "to form"), _successions),
    (_ANY, _organisational_units),
    (_words("director", "head", "chair", "chief", "leader", "lead", "president", "principal", "dean", " of ",
            "research", "lecturer", "fellow", "professor", "reader", "member", "analyst", "manager", "associate",
            "directs"), _roles),
    (_ANY, _compounds),
    (_words("introduced"), _introduced_under),
    (_words("take over", "takes over", "taking over", "taken over", "took over"), _delegation),
    (_words("buy", "bought", "purchas"), _buying),
    (_words("governing body", "regulator", "regulatory body"), _governing_body),
    (_words("'s", "\u2019s", "(19", "(20", "19", "20", "work", "ideas", "writings", "thinking", "scholarship"),
     _originators),
)
#: each finder behind one pattern of its words (None: no pre-test)
_FINDERS = tuple((keywords if isinstance(keywords, re.Pattern) else
                  re.compile("|".join(map(re.escape, keywords))) if keywords else None, finder)
                 for keywords, finder in _FINDERS)
#: finders that can fire on a sentence naming one entity (the other is an anaphor or a pronoun)
_ONE_MENTION_FINDERS = {_roles, _by_triggers}
