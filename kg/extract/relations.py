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

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.facts import Concept, DocumentText, Mention, Relation, Sentence

__all__ = ["find_relations", "RULES", "Rule"]

BODY, POLICY, PERSON, THEORY, METHOD = "body", "policy", "person", "theory", "method"
AGENTS = (POLICY, BODY)


@dataclass(frozen=True)
class Rule:
    """A trigger and the construction it appears in."""

    predicate: str
    trigger: re.Pattern[str]
    form: str  # active, passive, reverse
    subject_kinds: tuple[str, ...]
    object_kinds: tuple[str, ...]
    passive_phrase: bool = False  # the trigger is itself passive ("was developed from"): a "was" before it is fine
    words: tuple[str, ...] = ()  # lower-case fragments the trigger contains: a cheap test before the pattern


def _rule(predicate: str, trigger: str, form: str, subjects: tuple[str, ...], objects: tuple[str, ...],
          words: str, passive_phrase: bool = False) -> Rule:
    """A rule; ``words`` are the space-separated lower-case stems its trigger contains (a cheap pre-test)."""
    return Rule(predicate, re.compile(trigger, re.I), form, subjects, objects, passive_phrase, tuple(words.split()))


_BE = r"(?:is|are|was|were|been|being|be)\s+(?:\w+ly\s+)?"
RULES: tuple[Rule, ...] = (
    _rule("abolishes", r"\babolish(?:ed|es|ing)?\b(?!\s+by)", "active", AGENTS, (BODY,), words="abolish"),
    _rule("abolishes", rf"\b{_BE}abolished\s+(?:by|under)\b", "passive", AGENTS, (BODY,), words="abolish"),
    _rule("establishes", r"\b(?:establish(?:ed|es|ing)?|set(?:ting)? up|creat(?:ed|es|ing))\b(?!\s+(?:by|as|under))",
          "active", AGENTS, (BODY,), words="establish set creat"),
    _rule("establishes", rf"\b{_BE}(?:established|set up|created)\s+(?:by|under)\b", "passive", AGENTS, (BODY,), words="establish set created"),
    _rule("oversees", r"\b(?:oversees|oversaw|oversee)\b", "active", (BODY,), (BODY, POLICY), words="overs"),
    _rule("oversees", r"\boverseen\s+by\b", "passive", (BODY,), (BODY, POLICY), words="overseen"),
    _rule("funds", r"\bfunds?\b|\bfunded\b(?!\s+by)", "active", (BODY,), (BODY,), words="fund"),
    _rule("funds", r"\bfunded\s+by\b", "passive", (BODY,), (BODY,), words="funded"),
    _rule("commissions", r"\bcommission(?:s|ed)?\b(?!\s+by)", "active", (BODY,), (BODY,), words="commission"),
    _rule("commissions", r"\bcommissioned\s+by\b", "passive", (BODY,), (BODY,), words="commissioned"),
    _rule("hosts", r"\bhosts?\b|\bhosted\b(?!\s+by)", "active", (BODY,), (BODY,), words="host"),
    _rule("hosts", r"\bhosted\s+by\b", "passive", (BODY,), (BODY,), words="hosted"),
    _rule("regulates", r"\bregulates?\b|\bregulated\b(?!\s+by)", "active", (BODY,), (BODY,), words="regulat"),
    _rule("regulates", r"\bregulated\s+by\b", "passive", (BODY,), (BODY,), words="regulated"),
    _rule("regulates", r"\bregulator\s+(?:for|of)\s+(?:the\s+(?:whole|rest)\s+of\s+)?", "active", (BODY,), (BODY,), words="regulator"),
    _rule("publishes", r"\bpublish(?:es|ed)?\b(?!\s+(?:\w+\s+){0,2}?by)", "active", (BODY,), (POLICY,), words="publish"),
    _rule("publishes", r"\bpublished\s+(?:\w+\s+){0,2}?by\b", "passive", (BODY,), (POLICY,), words="published"),
    _rule("produces", r"\bproduc(?:es|ed|e)\b(?!\s+(?:\w+\s+)?by)", "active", (BODY,), (POLICY,), words="produc"),
    _rule("produces", r"\bproduced\s+(?:\w+\s+)?by\b", "passive", (BODY,), (POLICY,), words="produced"),
    _rule("introduces", r"\bintroduc(?:es|ed|ing|e)\b(?!\s+(?:\w+\s+){0,6}?(?:by|under)\b)", "active", AGENTS, (POLICY,), words="introduc"),
    _rule("introduces", rf"\b{_BE}introduced\s+by\b", "passive", AGENTS, (POLICY,), words="introduced"),
    _rule("devolvesTo", r"\bdevolv(?:e|es|ed|ing)\b(?:\s+[\w-]+){0,6}?\s+to\b", "active", (BODY,), (BODY,), words="devolv"),
    _rule("devolvesTo", r"\bdelegat(?:es|ed|ing)\b(?:\s+[\w-]+){0,6}?\s+to\b", "active", (BODY,), (BODY,), words="delegat"),
    _rule("developedFrom", r"\bdeveloped\s+(?:out\s+)?from\b", "active", (POLICY,), (POLICY,), words="developed", passive_phrase=True),
    _rule("relatesTo", r"\brelates?\s+to\s+(?:(?:sections?|parts?|provisions?|clauses?|schedules?)\b[^.;]{0,60}?\bof\s+"
          r"(?:the\s+)?)?", "active", (POLICY,), (POLICY,), words="relate"),
    _rule("enforces", r"\benforces?\b", "active", (BODY,), (POLICY,), words="enforce"),
    _rule("assignsResponsibilityTo", r"\bg[ai]ve[sn]?\s+(?:the\s+)?(?:responsibility|powers?|duty)\b[^.;]*?\bto\b",
          "active", (POLICY,), (BODY,), words="gave give"),
    _rule("proposes", r"\b(?:mooted|proposed|floated|first\s+set\s+out|put\s+forward)\s+in\b", "reverse",
          (POLICY,), (POLICY,), words="mooted proposed floated set put"),
    _rule("leads", r"\bleads\b|\bheads\b", "active", (PERSON,), (BODY,), words="leads heads"),
    _rule("partOf", r"\b(?:sub-?committees?|part|parts|subsidiar(?:y|ies)|branch(?:es)?|divisions?)\s+of\s+"
          r"(?:their|its|the)\s+(?:local\s+)?", "active", (BODY,), (BODY,), words="committee part subsidiar branch division", passive_phrase=True),
)

_CLAUSE_BREAK = re.compile(r"[;:]|,?\s(?:while|whereas|but|although|though|which|who|where)\s")
_PREPOSITION = re.compile(r"\b(?:with|in|on|at|from|for|by|to|about|against|between|among|into|of|within|after|"
                          r"before|following|since|until|during|under|through|via|across|over)\b", re.I)
_BE_BEFORE = re.compile(r"\b(?:is|are|was|were|been|being|be)\s+(?:\w+ly\s+)?$", re.I)
_IRREALIS = re.compile(r"\b(?:(?:propos|plann|intend|sought|seek|promis|threaten|want|aim|expect|hope|fail)\w*\s+to|"
                       r"would|could|might|may|should|will|not|never|n't|neither|nor)\s+(?:\w+\s+)?$", re.I)
_MODIFIED = re.compile(r"\s+(?:committees?|boards?|staff|members?|leaders?|managers?|structures?|budgets?|"
                       r"functions?|services?|contracts?|funding|policy|policies|plans?|guidance|areas?)\b")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|these|those|its|their|our|his|her)\s+$", re.I)
_RELATIVE = re.compile(r",?\s(?:which|who)\s$")


@dataclass
class _Sentence:
    """One sentence and the entity mentions in it."""

    text: str
    lower: str  # the text lower-cased, for the rules' pre-test words
    start: int
    mentions: list[Mention]
    triggers: list[tuple[Rule, re.Match[str]]] | None = None  # see _stated_triggers

    def before(self, pos: int, kinds: tuple[str, ...], first_in_clause: bool = False) -> list[Mention]:
        """Mentions of ``kinds`` before ``pos`` in the same clause, nearest first (or first first).

        Mentions inside a parenthetical aside that closed before ``pos`` are skipped; the subject of
        a relative clause ("…, which funds the unit") is the entity just before "which"."""
        clause_start = self.clause_start(pos)
        found = [m for m in self.mentions if clause_start <= m.start and m.end <= pos and m.concept.kind in kinds
                 and not self._aside(m, pos)]
        if not found and _RELATIVE.search(self.text[:clause_start - self.start]):
            return self.before(clause_start - len(_RELATIVE.search(self.text[:clause_start - self.start]).group(0)),
                               kinds)[:1]
        if first_in_clause:
            return found
        # preference follows the order of ``kinds``, then nearness
        return sorted(found, key=lambda m: (kinds.index(m.concept.kind), -m.start))

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
            if m.concept.kind not in kinds:
                if run:
                    break
                continue
            gap = self.text[(run[-1].end if run else pos) - self.start:m.start - self.start]
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
        for keywords, finder in _FINDERS:
            if (len(here) >= 2 or finder in _ONE_MENTION_FINDERS) and \
                    (not keywords or any(k in s.lower for k in keywords)):
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


# ---------------------------------------------------------------- the rule table

def _stated_triggers(s: _Sentence) -> list[tuple[Rule, re.Match[str]]]:
    """The rule triggers in ``s`` that state their event happened, in rule order (computed once per sentence)."""
    if s.triggers is None:
        s.triggers = [(rule, trigger) for rule in RULES if any(word in s.lower for word in rule.words)
                      for trigger in rule.trigger.finditer(s.text) if _states_an_event(s, rule, trigger)]
    return s.triggers


def _by_rules(s: _Sentence, sentence: Sentence, text: DocumentText, mentions: list[Mention]) -> Iterator[Relation]:
    for rule, trigger in _stated_triggers(s):
        t_start, t_end = s.start + trigger.start(), s.start + trigger.end()
        if rule.form == "active":
            gerund = re.search(r"\bby\s+$", s.text[:trigger.start()])
            subjects = s.before(t_start, rule.subject_kinds, first_in_clause=bool(gerund))[:1]
            objects = s.after(t_end, rule.object_kinds)
        elif rule.form == "passive":
            adjacent = not s.text[:trigger.start()].rstrip().endswith(",")
            before = s.before(t_start, rule.object_kinds, first_in_clause=not adjacent)
            objects = ([before[0]] if before else []) if not adjacent else \
                ([max(before, key=lambda m: m.start)] if before else [])
            subjects = s.after(t_end, rule.subject_kinds)
        else:  # reverse
            subjects = s.after(t_end, rule.subject_kinds)[:1]
            objects = s.before(t_start, rule.object_kinds)[:1]
        for subject in subjects:
            for obj in objects:
                start = min(subject.start, obj.start, t_start)
                end = max(subject.end, obj.end, t_end)
                yield _relation(subject, rule.predicate, obj, start, end)


def _states_an_event(s: _Sentence, rule: Rule, trigger: re.Match[str]) -> bool:
    """Whether ``trigger`` is a verb stating that the rule's event happened."""
    t_start = s.start + trigger.start()
    before_trigger = s.text[:trigger.start()]
    if any(m.start <= t_start < m.end for m in s.mentions):
        return False  # a word of a name: "the Better Care Fund" is no "fund"
    if trigger.group(0).lower().endswith("ed") and _DETERMINER_BEFORE.search(before_trigger):
        return False  # an adjective: "the abolished PCTs"
    if _IRREALIS.search(before_trigger):
        return False  # what did not happen: "proposed to abolish", "did not abolish"
    if rule.form == "active" and not rule.passive_phrase and _BE_BEFORE.search(before_trigger):
        return False  # a passive without its agent: "PCNs were introduced through the DES"
    return True


def _with_coordinated_subjects(s: _Sentence, sentence: Sentence, text: DocumentText,
                               mentions: list[Mention]) -> Iterator[Relation]:
    """"NHS England and the Department of Health commissioned PRUComm": every subject of a
    coordinated run before an active trigger."""
    for rule, trigger in _stated_triggers(s):
        if rule.form != "active":
            continue
        t_start, t_end = s.start + trigger.start(), s.start + trigger.end()
        before = s.before(t_start, rule.subject_kinds)
        if len(before) < 2:
            continue
        nearest = before[0]
        run = [nearest]
        for m in sorted((m for m in before[1:] if m.start < nearest.start), key=lambda m: -m.start):
            gap = s.text[m.end - s.start:run[-1].start - s.start]
            if _coordination(gap):
                run.append(m)
            else:
                break
        objects = s.after(t_end, rule.object_kinds)
        for subject in _unique_concepts(run[1:]):
            if subject.concept.iri == nearest.concept.iri:
                continue
            for obj in objects:
                yield _relation(subject, rule.predicate, obj, min(subject.start, t_start),
                                max(obj.end, t_end))


# ---------------------------------------------------------------- special constructions

_REPLACED_WITH = re.compile(r"\breplac(?:ed|ing|es|e)\s+(?P<old>.{1,120}?)\s+with\b", re.I)
_TO_REPLACE = re.compile(r"\bto\s+replace\b", re.I)
_REPLACED_BY = re.compile(rf"\b{_BE}replaced\s+by\b", re.I)
_REPLACES = re.compile(r"\breplac(?:ed|es)\b(?!\s+by)", re.I)


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
                     r"\b(?:became|renamed|evolved\s+into|merged\s+into)\b", re.I)


def _successions(s: _Sentence, sentence: Sentence, text: DocumentText, mentions: list[Mention]) -> Iterator[Relation]:
    """"since April 2014 the CMA, and prior to that, the OFT and the Competition Commission" → the CMA
    succeeds each; "transferred to a Commissioning Support Service, and these were established as
    Commissioning Support Units" → CSU succeeds the service."""
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
        for new in s.after(t_end, (BODY,))[:1]:
            for old in earlier[-1:]:
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
        if gap.strip().startswith(",") and (_followed_by_body(s, parent) or _preceded_by_body(s, unit)):
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
        rest = s.text[m.end - s.start:]
        funded = re.match(r"-funded\s+(?:the\s+)?", rest)
        if funded and m.concept.kind == BODY:
            for target in s.after(m.end + funded.end(), (BODY,))[:1]:
                yield _relation(m, "funds", target, m.start, target.end)
        regulator = re.match(r"\s*\((?:the\s+)?(?:former|new|independent|sector|economic)?\s*", rest)
        if regulator and m.concept.kind == BODY:
            inner = [x for x in s.mentions if x.start == m.end + regulator.end() and x.concept.kind == BODY]
            for x in inner:
                if re.match(r"\s+regulator\b", s.text[x.end - s.start:]):
                    yield _relation(m, "regulates", x, m.start, x.end + len(" regulator"))
        possessive = re.match(r"['\u2019]s\s+", rest)
        if possessive and m.concept.kind == BODY:
            for target in [x for x in s.mentions if x.start == m.end + possessive.end()
                           and x.concept.kind == POLICY]:
                predicate = "introduces" if "government" in m.concept.label.lower() else "publishes"
                yield _relation(m, predicate, target, m.start, target.end)
    names = {}
    for other in mentions:  # every name the document gives each body
        if other.concept.kind == BODY:
            names.setdefault(text.text[other.start:other.end], other.concept)
    for m in s.mentions:  # "NHSE Area Teams": a body named at the start of a team's name
        words = s.text[m.start - s.start:m.end - s.start]
        if m.concept.kind != BODY or not re.search(r"\b(?:team|teams|section|directorate|office)$", words, re.I):
            continue
        for name, parent in names.items():
            if parent.iri != m.concept.iri and words.startswith(name + " ") and len(name) < len(words):
                yield _relation(m, "partOf", parent, m.start, m.end)


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
    for idea in ideas:  # "Realist Evaluation (Pawson & Tilley, 1997)"
        rest = s.text[idea.end - s.start:]
        cite = re.match(r"['\u2019\"]?\s*\(([^()]{3,80}?),?\s+(?:1[89]|20)\d\d[a-z]?\)", rest)
        if not cite:
            continue
        span_end = idea.end + cite.end()
        for person in [m for m in s.mentions if m.concept.kind == PERSON and idea.end <= m.start < span_end]:
            yield _relation(person, "originates", idea, idea.start, span_end)


_NOMINAL = (
    (re.compile(r"\babolition\s+of\s+(?:the\s+)?", re.I), "abolishes", (BODY,)),
    (re.compile(r"\b(?:creation|establishment)\s+of\s+(?:the\s+)?", re.I), "establishes", (BODY,)),
    (re.compile(r"\btransfer\s+of\s+responsibility\b[^.;]*?\bto\s+(?:[\w-]+\s+){0,6}?(?:in\s+)?", re.I),
     "assignsResponsibilityTo", (BODY,)),
)
_ANAPHOR = re.compile(r"\b(?:[Tt]his|[Tt]hese|[Tt]he)\s+(?:legislation|Act|law|reforms?|policy|white\s+paper)\b")


def _nominalisations(s: _Sentence, sentence: Sentence, text: DocumentText,
                     mentions: list[Mention]) -> Iterator[Relation]:
    """"This legislation set in motion a reorganisation … At its heart was the abolition of PCTs and the
    transfer of responsibility … to CCGs": a nominal trigger without an agent in its sentence takes the
    policy that an explicit anaphor ("This legislation") in this or the previous sentence refers to."""
    for pattern, predicate, kinds in _NOMINAL:
        for m in pattern.finditer(s.text):
            t_start, t_end = s.start + m.start(), s.start + m.end()
            if s.before(t_start, (POLICY,)):
                agent = s.before(t_start, (POLICY,))[0].concept
            else:
                agent = _anaphor_referent(text, mentions, sentence)
            if agent is None:
                continue
            far = predicate == "assignsResponsibilityTo"  # "transfer of responsibility … to groups of GPs … in CCGs"
            targets = s.after(t_end, kinds, max_gap_words=8, across=True)[:1] if far else s.after(t_end, kinds)
            for target in targets:
                yield _relation(agent, predicate, target, t_start, target.end, "relation-pattern:anaphor")


def _anaphor_referent(text: DocumentText, mentions: list[Mention], sentence: Sentence) -> Concept | None:
    """The policy that "This legislation" (in this or the previous sentence) stands for."""
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
_RULE_WORDS = tuple(dict.fromkeys(word for rule in RULES for word in rule.words))
#: each finder, behind the words without which it cannot fire
_FINDERS = (
    (_RULE_WORDS, _by_rules),
    (_RULE_WORDS, _with_coordinated_subjects),
    (_words("replac"), _replacements),
    (_words("prior to", "before that", "previously", "formerly", "became", "renamed", "evolved", "merged",
            "established as", "reconstituted", "converted"), _successions),
    (_ANY, _organisational_units),
    (_words("director", "head", "chair", "chief", "leader", "lead", "president", "principal", "dean", " of ",
            "research", "lecturer", "fellow", "professor", "reader", "member", "analyst", "manager", "associate",
            "directs"), _roles),
    (_words("-funded", "(", "'s", "\u2019s", "team", "section", "directorate", "office"), _compounds),
    (_words("introduced"), _introduced_under),
    (_words("take over", "takes over", "taking over", "taken over", "took over"), _delegation),
    (_words("buy", "bought", "purchas"), _buying),
    (_words("governing body", "regulator", "regulatory body"), _governing_body),
    (_words("'s", "\u2019s", "(19", "(20", "19", "20"), _originators),
    (_words("abolition", "creation", "establishment", "transfer of responsibility"), _nominalisations),
)
#: finders that can fire on a sentence naming one entity (the other is an anaphor or a pronoun)
_ONE_MENTION_FINDERS = {_roles, _nominalisations}
