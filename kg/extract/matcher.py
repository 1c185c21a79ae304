"""Finding vocabulary names in text: Aho–Corasick multi-pattern matching.

All names of all concepts go into two automata (Aho & Corasick 1975, via
pyahocorasick): one for names, matched case-insensitively, one for
acronyms, demonyms and case-sensitive names, matched exactly. Each name
also enters with its usual variants — plural of its head word,
hyphen/space/no-space forms ("semi-structured", "semistructured",
"semi structured"), British and American spellings ("randomised",
"randomized"; :func:`kg.vocab.concepts.spelling_variants`) and
typographic quotes and dashes folded — and a method's name with its -ing
and adjective forms ("literature searching", "meta-ethnographic
synthesis"; :func:`kg.vocab.concepts.method_forms`) and a hyphen
between any two of its words ("interrupted time-series analysis",
"mixed-methods design"), so the vocabularies list a name once. A hyphen
that wrapped a line ("on- line survey", "gen- eral practice") is mended
before matching. A match must start and end at word boundaries (a
possessive "'s" may follow); of overlapping matches the longest wins,
then the leftmost.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kg._text import normalize_space
from kg.vocab.concepts import VocabularyConcept, load_vocabulary, method_forms, spelling_variants
from kg.vocab.lexicon import LEXICON
from kg.vocab.names import fold

__all__ = ["Match", "Matcher", "Projection", "default_matcher", "hyphenated", "name_variants", "plural",
           "select_longest"]

def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_IRREGULAR = LEXICON.irregular_plurals
_PREFIXES = LEXICON.joinable_prefixes
_SPACED_PREFIXES = tuple((prefix, re.compile(rf"\b({prefix}) (?=\w)", re.I)) for prefix in _PREFIXES)


def plural(word: str) -> str:
    """The English plural of a (head) noun: authority → authorities, analysis → analyses."""
    lower = word.lower()
    if lower in _IRREGULAR:
        irregular = _IRREGULAR[lower]
        return irregular if word.islower() else word[0] + irregular[1:]
    if lower.endswith("sis"):
        return word[:-3] + "ses"  # analysis → analyses
    if re.search(r"[^aeiou]y$", lower):
        return word[:-1] + "ies"
    if re.search(r"(ss|us|x|z|ch|sh)$", lower):
        return word + "es"
    if lower.endswith("s"):
        return word  # already plural: "practices", "services"
    return word + "s"


def name_variants(name: str) -> set[str]:
    """A name, its plural and its hyphenation variants (all folded)."""
    base = normalize_space(fold(name))
    forms = {base}
    words = base.split(" ")
    head = len(words) - 1
    if " of " in f" {base} " and words.index("of") > 0:
        head = words.index("of") - 1  # "Director of Public Health" → "Directors of Public Health"
    if words[head][-1:].isalpha() and not words[head].isupper():
        forms.add(" ".join(words[:head] + [plural(words[head])] + words[head + 1:]))
    for form in list(forms):
        if "-" in form:
            forms.add(form.replace("-", " "))
            forms.add(re.sub(r"(?<=\w)-(?=\w)", "", form))
        for prefix, spaced_prefix in _SPACED_PREFIXES:
            spaced = spaced_prefix.sub(r"\1-", form)
            if spaced != form:
                forms.add(spaced)
                forms.add(spaced.replace(f"{prefix}-", prefix))
        if "'s " in form or form.endswith("'s"):
            forms.add(form.replace("'s", "s"))
    if base.lower().startswith("the ") and len(words) > 2:
        forms |= {f[4:] for f in forms}
    forms |= {f.replace(" and ", " & ") for f in forms if " and " in f}  # "Health & Social Care Act"
    forms |= {f.replace(" & ", " and ") for f in forms if " & " in f}
    forms |= {variant for f in forms for variant in spelling_variants(f)}
    return {f for f in forms if f.strip()}


@dataclass(frozen=True, slots=True)
class Match:
    """Where a name was found, and the concepts that name can denote."""

    start: int
    end: int
    candidates: tuple[str, ...]  # concept IRIs
    exact: bool  # found by the case-sensitive automaton (an acronym, demonym or case-sensitive name)


def _is_word_char(c: str) -> bool:
    return c.isalnum()


# quotes around words, runs of spaces, and a hyphen that wrapped a line inside a word ("on- line", "gen- eral";
# not a suspended hyphen: "short- and long-term")
_DROPPABLE = re.compile(r"""(?<![\w])['"]+|['"]+(?![\w])|\s{2,}|"""
                        r"""-(?<=[a-z]-)(?:[ \t]+\n?|\n)[ \t]*(?!(?:and|or|nor|to|but|as|than|versus|vs)\b)(?=[a-z])""")


def _key(form: str) -> str:
    """How a name is keyed in the case-insensitive automaton."""
    return _lower_same_length(form)


def hyphenated(form: str) -> set[str]:
    """``form`` with a hyphen for one of its spaces, each in turn ("time series analysis" →
    "time-series analysis", "time series-analysis"); names of up to five words."""
    spaces = [i for i, c in enumerate(form) if c == " "]
    if len(spaces) > 4:
        return set()
    return {form[:i] + "-" + form[i + 1:] for i in spaces}


class Projection:
    """Text made easy to match — quotes around words dropped, runs of spaces made one — with a map
    from its offsets back to the original's. "the ‘pathfinder’ programme" matches
    "pathfinder programme"; an apostrophe inside a word ("King's") stays."""

    def __init__(self, text: str) -> None:
        folded = fold(text)
        pieces: list[str] = []
        self._cuts: list[int] = []  # projected offsets where text was removed
        self._shift: list[int] = []  # characters removed up to and including that cut
        kept_to = removed = projected = 0  # projected: the length of the pieces so far
        for m in _DROPPABLE.finditer(folded):
            if m.group(0)[0] == "'" and m.start() > 0 and folded[m.start() - 1] in "sS" \
                    and not (m.end() < len(folded) and folded[m.end()].isalnum()):
                continue  # a plural possessive, "CCGs'"
            keep = " " if m.group(0)[0].isspace() else ""  # a wrapped hyphen goes with the space after it
            pieces.append(folded[kept_to:m.start()] + keep)
            projected += len(pieces[-1])
            removed += len(m.group(0)) - len(keep)
            self._cuts.append(projected)
            self._shift.append(removed)
            kept_to = m.end()
        pieces.append(folded[kept_to:])
        self.text = "".join(pieces)

    def original(self, offset: int) -> int:
        """The offset in the original text of projected ``offset``."""
        i = bisect.bisect_right(self._cuts, offset)
        return offset + (self._shift[i - 1] if i else 0)


class Matcher:
    """Finds the names of ``concepts`` in text."""

    def __init__(self, concepts: Iterable[VocabularyConcept]) -> None:
        import ahocorasick

        self.concepts = {c.concept.iri: c for c in concepts}
        keyed: dict[tuple[bool, str], set[str]] = {}
        for vc in self.concepts.values():
            for name in vc.names:
                forms = name_variants(name)
                if vc.plural_only:
                    forms = {f for f in forms if f != fold(name) or name.endswith("s")}
                if vc.concept.kind == "method":
                    forms |= {f for derived in method_forms(fold(name)) for f in name_variants(derived)}
                    forms |= {h for f in forms for h in hyphenated(f)}
                for form in forms:
                    keyed.setdefault((False, _key(form)), set()).add(vc.concept.iri)
            for name in vc.exact_names:
                forms = {fold(name)}
                if name in vc.acronyms and name[-1:].isalpha():
                    forms.add(fold(name) + "s")  # CCGs
                elif name not in vc.acronyms:
                    forms = name_variants(name)
                for form in forms:
                    keyed.setdefault((True, form), set()).add(vc.concept.iri)
        self._automata = {}
        for exact in (False, True):
            automaton = ahocorasick.Automaton()
            for (is_exact, key), iris in keyed.items():
                if is_exact == exact and len(key) >= 2:
                    automaton.add_word(key, (len(key), tuple(sorted(iris))))
            automaton.make_automaton()
            self._automata[exact] = automaton
        self._by_name = {key: iris for (_, key), iris in keyed.items()}
        self._looked_up: dict[str, tuple[str, ...]] = {}

    def lookup(self, name: str) -> tuple[str, ...]:
        """Concept IRIs having ``name`` (any variant, case-insensitively; acronyms exactly)."""
        found = self._looked_up.get(name)
        if found is None:
            folded = normalize_space(fold(name))
            found = tuple(sorted(self._by_name.get(_key(folded), set()) | self._exact_lookup(folded)))
            if len(self._looked_up) < 100_000:  # extraction asks for the same few thousand phrases again and again
                self._looked_up[name] = found
        return found

    def _exact_lookup(self, name: str) -> set[str]:
        automaton = self._automata[True]
        return set(automaton.get(name, (0, ()))[1])

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches in ``text`` (offsets into ``text``): longest first, then leftmost."""
        return select_longest(self.find_all(text))

    def find_all(self, text: str) -> list[Match]:
        """Every match in ``text``, overlapping ones included."""
        projection = Projection(text)
        folded = projection.text
        lowered = _lower_same_length(folded)
        found: list[Match] = []
        for exact, haystack in ((False, lowered), (True, folded)):
            if len(self._automata[exact]) == 0:
                continue
            for end_index, (length, iris) in self._automata[exact].iter(haystack):
                start, end = end_index - length + 1, end_index + 1
                if start > 0 and _is_word_char(folded[start - 1]):
                    continue
                if end < len(folded) and _is_word_char(folded[end]):
                    continue
                found.append(Match(projection.original(start), projection.original(end - 1) + 1, iris, exact))
        return found


def select_longest(matches: list[Match]) -> list[Match]:
    """Of overlapping matches keep the longest (then the leftmost); result sorted by position."""
    chosen: list[Match] = []
    taken = bytearray(max((m.end for m in matches), default=0))  # 1 where a chosen match stands
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start, not m.exact)):
        if 1 in taken[m.start:m.end]:
            continue
        chosen.append(m)
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    return sorted(chosen, key=lambda m: m.start)


@functools.lru_cache(maxsize=1)
def default_matcher() -> Matcher:
    """The matcher over ``ontology/vocab`` (built once per process)."""
    return Matcher(load_vocabulary().values())


def iter_matches(text: str) -> Iterator[Match]:
    """Matches of the default vocabularies in ``text``."""
    yield from default_matcher().find(text)
