"""Names the vocabularies cannot list, found by their shape.

Each finder is a plain function from text to :class:`Found` spans: the
kind of entity, its canonical name and where it stands. They recognise

* legislation with its year: "the Health and Care Act 2022", "the 2012
  Health and Social Care Act", "Regulations No.2 2013", and "the 2012 Act"
  (a year-only reference, resolved later against the Acts in view);
* named policies: a run of capitalised words ending in a policy head noun
  ("Pharmacy Integration Fund", "Ten Point Plan"), or led by an acronym
  ("PTPT integrated training programme");
* organisations: "University of Kent", "Centre for Primary Care",
  "Institute for Population Health", "House of Commons Library", and runs
  of capitalised words ending in an organisation head noun;
* theories used as a lens: "Billett's theory of workplace pedagogy",
  "theories concerning the sociology of the medical profession", "the
  concept of 'patient illness work'", "a theoretical lens of illness work",
  "Van Leeuwen's 'grammar of legitimation'".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg._text import has_possessive, normalize_space
from kg.vocab.lexicon import LEXICON

__all__ = ["Found", "find_legislation", "find_named_policies", "find_organisations", "find_theories",
           "find_nation_named_organisations", "find_named_datasets", "name_before", "opens_sentence", "YEAR_ONLY_ACT"]


@dataclass(frozen=True, slots=True)
class Found:
    """A name found by its shape: ``kind``, canonical ``name``, and its span."""

    kind: str
    name: str
    start: int
    end: int
    technique: str
    person: str | None = None  # an originator named with it ("Billett" in "Billett's theory")
    person_start: int | None = None
    person_end: int | None = None


_CAP = r"(?:[A-Z][A-Za-z'\u2019&]*(?:-[A-Z][A-Za-z'\u2019&]*)*|\d{1,3}(?![\d.,]))"
_LINK = r"(?:(?:of|for|in|on)(?:[ ]the)?|and|&|the)"
#: capitalised words (numbers allowed after the first) joined by single spaces, commas and short link words
_TITLE_RUN = rf"[A-Z][A-Za-z'\u2019&]*(?:-[A-Z][A-Za-z'\u2019&]*)*(?:,?[ ]+(?:{_LINK}[ ]+)?{_CAP})*"
_TITLE_RUN_LAZY = _TITLE_RUN.replace(")*", ")*?")
#: the same without commas: in organisation names a comma ends the name ("New York, Russell Sage Foundation")
_NAME_RUN = _TITLE_RUN.replace(",?[ ]+", "[ ]+")
_NAME_RUN_LAZY = _NAME_RUN.replace(")*", ")*?")

_ACT = re.compile(rf"\b(?:[Tt]he[ ]+)?({_TITLE_RUN}[ ]+(?:Act|Regulations|Order|Bill))"
                  rf"((?:[ ]*\((?:No\.?[ ]*\d+)\))?(?:[ ]+No\.?[ ]*\d+)?)[ ]+((?:1[89]|20)\d\d)\b")
_YEAR_FIRST_ACT = re.compile(rf"\b(?:[Tt]he[ ]+)?((?:1[89]|20)\d\d)[ ]+({_TITLE_RUN}[ ]+(?:Act|Regulations))\b")
#: "the 2012 Act", "the 2012 reforms": resolved by the caller against the Acts of that year.
YEAR_ONLY_ACT = re.compile(r"\b[Tt]he\s+((?:1[89]|20)\d\d)\s+(Act|Regulations|reforms)\b")
_DATED_REFORM = re.compile(r"\b[Tt]he\s+((?:1[89]|20)\d\d)\s+((?:[a-z]+[ ]){0,2}?)(reform)\b(?!s)")


# Each finder first looks for a word its patterns cannot match without: a cheap scan that spares
# running a costly pattern from every position of the many texts that hold none.
_ACT_HEAD = re.compile(r"(?:Act|Regulations|Order|Bill)\b")


def find_legislation(text: str) -> Iterator[Found]:
    """Acts, Regulations and Orders named with their year."""
    has_head = _ACT_HEAD.search(text)
    for m in _ACT.finditer(text) if has_head else ():
        title = _trim_leading(m.group(1))
        number = normalize_space(m.group(2))
        name = f"{title}{' ' + number if number else ''} {m.group(3)}"
        start = m.start(1) + (len(m.group(1)) - len(title))
        yield Found("policy", name, start, m.end(), "pattern:legislation")
    for m in _YEAR_FIRST_ACT.finditer(text) if has_head else ():
        title = m.group(2)
        yield Found("policy", f"{title} {m.group(1)}", m.start(1), m.end(), "pattern:legislation")
    yield from _dated_reforms(text)


def _dated_reforms(text: str) -> Iterator[Found]:
    """"The 2010 healthcare reform in England"."""
    if "reform" not in text:
        return
    for m in _DATED_REFORM.finditer(text):
        yield Found("policy", f"{m.group(1)} {m.group(2)}{m.group(3)}", m.start(1), m.end(3), "pattern:dated-reform")


_POLICY_HEADS = LEXICON.named_policy_heads
_NAMED_POLICY = re.compile(rf"\b({_TITLE_RUN_LAZY}[ ]+(?:{'|'.join(_POLICY_HEADS)}))\b")
_POLICY_HEAD = re.compile(rf"[ ](?:{'|'.join(_POLICY_HEADS)})\b")
_FUNCTION_WORDS = r"(?:does|do|did|not|will|can|would|could|should|may|must|to|has|have|had|is|are|was|were|" \
                  r"also|only|then|and|or|the|a|an|its|their|this|that|which|who)"
_ACRONYM_LED_POLICY = re.compile(
    rf"\b([A-Z][A-Z0-9]{{1,7}}(?:[ ]+(?!{_FUNCTION_WORDS}\b)[a-z][\w-]*){{0,3}}[ ]+(?:programme|program|scheme|"
    r"initiative|contract|fund|pilot|guidance|framework|tariff|pathway))\b")


def find_named_policies(text: str) -> Iterator[Found]:
    """Capitalised names ending in a policy head noun, and acronym-led programme names."""
    for m in _NAMED_POLICY.finditer(text) if _POLICY_HEAD.search(text) else ():
        name = _without_opening_noun_of(text, m.end(1), _trim_leading(m.group(1)))
        if len(name.split()) >= 2 and not _sentence_initial_generic(text, m.start(1), name):
            yield Found("policy", name, m.end(1) - len(name), m.end(1), "pattern:named-policy")
    for m in _ACRONYM_LED_POLICY.finditer(text):
        yield Found("policy", m.group(1), m.start(1), m.end(1), "pattern:acronym-policy")


_ORG_HEADS = LEXICON.organisation_heads
_ORG_LEADS = r"(?:University|Centre|Center|Institute|School|Department|Faculty|Division|Office|House|College|" \
             r"Society|Association|Academy|Federation|Council|Commission|Agency|Authority|Foundation|Observatory|Journal)"
_ORG_LEAD = re.compile(rf"\b{_ORG_LEADS}\b")
_ORG_OF = re.compile(rf"\b(?:[Tt]he[ ]+)?({_ORG_LEADS}[ ]+(?:of|for)[ ]+(?:the[ ]+)?{_NAME_RUN})")
_ORG_UNIVERSITY = re.compile(rf"\b({_CAP}(?:[ ]+{_CAP})*[ ]+University(?:[ ]+of[ ]+{_CAP}(?:[ ]+{_CAP})*)?)\b")
#: capitalised words before a lead word: "Royal College of …", "London School of …", "Leeds Institute of …"
_WORDS_BEFORE_LEAD = re.compile(r"((?:[A-Z][\w'\u2019&-]*[ ]+){1,3})$")
#: a city after "College" ends its name: "King's College London", "University College Dublin"
_COLLEGE_PLACE = re.compile(r"[ ]+([A-Z][a-z]+)(?=[\s,.;:)]|$)(?![ ]+[A-Z])")
#: the head may be several head nouns: "Foundation Trust", "Research Council"
_ORG_HEADED = re.compile(rf"\b({_NAME_RUN_LAZY}[ ]+(?:{'|'.join(_ORG_HEADS)})(?:[ ]+(?:{'|'.join(_ORG_HEADS)}))*)\b")
_ORG_HEAD = re.compile(rf"[ ](?:University|{'|'.join(_ORG_HEADS)})\b")
_TRAILING_LINK = re.compile(r"(?:\s+(?:and|of|for|the|to|in|on|&)|,)+$")


def find_organisations(text: str) -> Iterator[Found]:
    """Universities, centres, institutes and capitalised names ending in an organisation head noun."""
    for lead in _ORG_LEAD.finditer(text):  # every lead word, so "X, University of Y" gives both
        m = _ORG_OF.match(text, lead.start())
        if not m:
            continue
        name = _TRAILING_LINK.sub("", m.group(1))
        name = re.split(r",\s+(?=[A-Z])", name)[0]  # "Centre for Primary Care, University of Manchester"
        name = re.split(r"\s+(?:at|in|and the)\s+", name)[0]
        left, sep, right = name.partition(" and ")
        if sep and _ORG_NAME_END.search(right):
            name = left  # "University of London and Imperial College"
        start = m.start(1)
        before = _WORDS_BEFORE_LEAD.search(text, max(0, start - 60), start)
        if before:
            words = _trim_leading(before.group(1).strip() + " " + name).split()[:-len(name.split())]
            if words:
                start -= len(" ".join(words)) + 1  # "Royal College of …", "London School of …"
        name = text[start:m.start(1)] + name
        yield Found("body", name, start, start + len(name), "pattern:organisation")
    for pattern in (_ORG_UNIVERSITY, _ORG_HEADED) if _ORG_HEAD.search(text) else ():
        position = 0
        while m := pattern.search(text, position):
            name = _trim_leading(m.group(1))
            end = m.end(1)
            place = _COLLEGE_PLACE.match(text, end) if name.endswith("College") else None
            if place:  # "King's College London"
                name, end = f"{name} {place.group(1)}", place.end(1)
            position = end
            if name.split()[-1] in _MODIFIER_HEADS and re.match(r"[ ]+[A-Z][a-z]", text[end:end + 3]):
                continue  # a title in capitals going on ("Emergency Hospital Admissions")
            name = _without_opening_noun_of(text, end, _trim_leading(_second_of_two(name)))
            if len(name.split()) >= 2 and not _sentence_initial_generic(text, end - len(name), name):
                yield Found("body", name, end - len(name), end, "pattern:organisation")


_NATIONS = LEXICON.nations_ending_names
_PLACE_QUALIFIERS = LEXICON.place_qualifiers
_ORG_NATION = re.compile(rf"([A-Z][\w'\u2019&+-]*[ ]+(?:(?:[A-Z][\w'\u2019&+-]*|&)[ ]+){{0,4}})"
                         rf"({'|'.join(_NATIONS)})\b(?![ ]+[A-Z]|-)")
_NATION = re.compile(rf"[ ](?:{'|'.join(_NATIONS)})\b")


def find_nation_named_organisations(text: str) -> Iterator[Found]:
    """Organisations whose names end in a nation: "Cancer Research UK", "Sport England", "Kidney Care UK"
    (the nation in them is no place). Not a qualified place ("North Wales", "rural England") nor a
    single word that only opens the sentence ("Like England")."""
    for m in _ORG_NATION.finditer(text) if _NATION.search(text) else ():
        words = _trim_leading(m.group(1).strip()).split()
        if not words or words[0] in _GENERIC_STARTS:
            continue
        if words[0] in _PLACE_QUALIFIERS or words[-1] in _PLACE_QUALIFIERS or words[-1].endswith(("'s", "\u2019s")):
            continue
        start = m.end(1) - len(" ".join(words)) - 1
        if len(words) == 1 and opens_sentence(text, start):
            continue
        name = f"{' '.join(words)} {m.group(2)}"
        yield Found("body", name, start, m.end(2), "pattern:organisation")


_DATASET = re.compile(rf"\b((?:[A-Z][\w'\u2019-]*[ ]+){{1,5}}(?:{'|'.join(LEXICON.dataset_heads)}))\b(?![ ]+[A-Z])")
_DATASET_HEAD = re.compile(rf"[ ](?:{'|'.join(LEXICON.dataset_heads)})\b")


def find_named_datasets(text: str) -> Iterator[Found]:
    """Names of datasets, registers and record systems ("UK Renal Registry", "Scottish Morbidity Records"):
    not entities, found so that the names inside them are not mentions either."""
    for m in _DATASET.finditer(text) if _DATASET_HEAD.search(text) else ():
        name = _trim_leading(m.group(1))
        if len(name.split()) >= 2:
            yield Found("not-an-entity", name, m.end(1) - len(name), m.end(1), "pattern:dataset")


_MODIFIER_HEADS = LEXICON.modifier_heads
_ORG_NAME_END = re.compile(rf"(?:University|{'|'.join(_ORG_HEADS)})\b")


def _second_of_two(name: str) -> str:
    """"Queen Mary University of London and Imperial College": the last of two names joined by "and"
    (a run is two names when the words before "and" hold an organisation word of their own or end in
    an acronym: "NHS Leeds CCG and Frimley Health NHS Foundation Trust")."""
    left, sep, right = name.rpartition(" and ")
    if not sep or len(right.split()) < 2:
        return name
    ends_a_name = bool(_ORG_NAME_END.search(left)) or re.search(r"\b[A-Z]{2,}$", left) is not None
    return right if ends_a_name else name


def _without_opening_noun_of(text: str, end: int, name: str) -> str:
    """A name ending at ``end`` without the common noun and "of" that open its sentence:
    "Searches of the King's Fund Library" → "King's Fund Library"."""
    words = name.split()
    if len(words) > 3 and words[1] == "of" and opens_sentence(text, end - len(name)) and \
            not re.fullmatch(_ORG_LEADS, words[0]):
        return " ".join(words[3:] if words[2] == "the" else words[2:])
    return name


_NAME_WORD = re.compile(r"(?:[A-Z][\w'\u2019&.]*(?:-[\w'\u2019&]+)*|[A-Z]\w*)$")
_NAME_LINKS = frozenset({"and", "&", "of", "upon", "on"})
_INDEFINITE = LEXICON.indefinite_determiners


def name_before(text: str, end: int) -> int | None:
    """The start of the proper name written just before ``end`` ("NHS Bristol, North Somerset and South
    Gloucestershire" before "ICB", "Frimley Health" before "NHS Foundation Trust"), or None.

    The name is a run of capitalised words, joined by spaces, "and", "&", "of", "upon" and "on", and by
    commas only within a list that "and" closes. It does not start with a word that only opens a sentence
    ("The", "In"), and is no name after an indefinite determiner ("a London CCG" is some CCG in London).
    """
    if end < 2 or text[end - 1] != " ":
        return None
    words: list[tuple[int, str]] = []  # (start, word), right to left
    cursor = end - 1
    pending_comma = False
    while cursor > 0:
        m = re.search(r"([\w'\u2019&.-]+)$", text[max(0, cursor - 60):cursor])
        if not m:
            break
        word = m.group(1).rstrip(".") if not re.fullmatch(r"St\.", m.group(1)) else m.group(1)
        start = cursor - len(m.group(1))
        if word in _NAME_LINKS:
            if not words or words[-1][1] in _NAME_LINKS:
                break
        elif not _NAME_WORD.match(word):
            break
        if pending_comma and word in _NAME_LINKS:
            break
        words.append((start, word))
        before = text[max(0, start - 2):start]
        if before.endswith(" ") and not before.endswith(", "):
            cursor = start - 1
            pending_comma = False
        elif before == ", " and any(w == "and" for _, w in words):
            cursor = start - 2
            pending_comma = True
        else:
            break
    words.reverse()
    while words and (words[0][1] in _NAME_LINKS or words[0][1] == "The" or
                     (words[0][1] in _GENERIC_STARTS and opens_sentence(text, words[0][0]))):
        words.pop(0)
    if len(words) > 2 and words[1][1] == "of" and opens_sentence(text, words[0][0]):
        del words[:2]  # "Staff of Leeds Teaching Hospitals NHS Trust took part"
    if not words:
        return None
    start = words[0][0]
    previous = re.search(r"(\w+)\s+$", text[max(0, start - 20):start])
    if previous and previous.group(1).lower() in _INDEFINITE:
        return None
    return start


_THEORY_NOUN = r"(?:theory|theories|framework|model|typology)"
_POSSESSIVE_NAME = r"((?:[A-Z][a-z]+\s+)?(?:(?:[Vv]an|[Vv]on|[Dd]e|[Dd]er|[Ll]e)\s+)*[A-Z][a-z][\w-]*)['\u2019]s"
_POSSESSIVE_THEORY = re.compile(
    _POSSESSIVE_NAME + rf"\s+(?:(?P<quoted>['\u2018\u201c][^'\u2019\u201d]{{3,60}}['\u2019\u201d])|"
    rf"(?P<plain>(?:[a-z][\w-]*[ ]+){{0,3}}{_THEORY_NOUN}(?:[ ]+of(?:[ ]+[a-z][\w-]*){{1,5}})?))")
_THEORY_OF = re.compile(
    r"\b(?:theor(?:y|ies)|concept|notion)[ ]+(?:of|concerning|on|about)[ ]+(?:the[ ]+)?"
    r"((?:['\u2018\u201c][^'\u2019\u201d]{3,60}['\u2019\u201d])|[a-z][\w-]*(?:[ ]+[a-z][\w-]*){0,6})")
_LENS_OF = re.compile(r"\b(?:theoretical[ ]+)?lens[ ]+of[ ]+((?:['\u2018\u201c][^'\u2019\u201d]{3,60}['\u2019\u201d])|"
                      r"[a-z][\w-]*(?:[ ]+[a-z][\w-]*){0,5})")
_THEORY_WORD = re.compile(r"theor|concept|notion|lens")
_STOP_TAIL = LEXICON.phrase_stop_words


def _clean_phrase(phrase: str) -> str:
    """The noun phrase at the start of ``phrase``: cut at the first function word other than an
    inner "of (the)", then trailing function words dropped; quoted phrases are kept whole."""
    phrase = phrase.strip()
    if phrase[:1] in "'\u2018\u201c\"":
        return phrase.strip("'\u2018\u2019\u201c\u201d\"")
    words: list[str] = []
    for word in phrase.split():
        bare = word.lower().strip(",.;:")
        if bare in _STOP_TAIL and not (bare in ("of", "the") and words):
            break
        words.append(word.strip(",.;:"))
        if word[-1:] in ",.;:":
            break
    while words and words[-1].lower() in _STOP_TAIL:
        words.pop()
    return " ".join(words)


def find_theories(text: str) -> Iterator[Found]:
    """Theories named as a lens, with their originator where a possessive names one."""
    for m in _POSSESSIVE_THEORY.finditer(text) if has_possessive(text) else ():
        person = m.group(1)
        if m.group("quoted"):
            inner = _clean_phrase(m.group("quoted"))
            start = m.start("quoted") + 1
            yield Found("theory", inner, start, start + len(inner), "pattern:eponymous-theory",
                        person, m.start(1), m.start(1) + len(person))
        else:
            phrase = _clean_phrase(m.group("plain"))
            if not re.search(_THEORY_NOUN, phrase) or phrase in ("work", "approach"):
                continue
            name = f"{person}'s {phrase}"
            yield Found("theory", name, m.start(1), m.start("plain") + len(phrase), "pattern:eponymous-theory",
                        person, m.start(1), m.start(1) + len(person))
    for pattern in (_THEORY_OF, _LENS_OF) if _THEORY_WORD.search(text) else ():
        for m in pattern.finditer(text):
            quoted = m.group(1)[:1] in "'\u2018\u201c"
            phrase = _clean_phrase(m.group(1))
            if len(phrase) < 4 or len(phrase.split()) > 6 or (len(phrase.split()) < 2 and not quoted):
                continue
            start = text.find(phrase, m.start(1))
            yield Found("theory", phrase, start, start + len(phrase), "pattern:theory-lens")


_GENERIC_STARTS = LEXICON.generic_name_starts


def _trim_leading(name: str) -> str:
    """A name without the capitalised function words that only open its sentence ("Under the …")."""
    words = name.split()
    while len(words) > 1 and (words[0] in _GENERIC_STARTS or words[0] in ("the", "of", "and", "for", "in", "on")):
        words.pop(0)
    return " ".join(words)


def opens_sentence(text: str, start: int) -> bool:
    """Whether ``start`` opens a sentence, a heading or a line."""
    return start == 0 or text[max(0, start - 2):start].endswith(("\n", ". ", "? ", "! ", ": "))


def _sentence_initial_generic(text: str, start: int, name: str) -> bool:
    """A capitalised run that is only capitalised because it opens a sentence or a heading."""
    before = text[max(0, start - 2):start]
    at_start = start == 0 or before.endswith(("\n", ". ", "? ", "! ", ": "))
    return at_start and len(name.split()) <= 2
