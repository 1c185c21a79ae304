"""Acronym definitions in text: "clinical commissioning groups (CCGs)", "ICB (integrated care board)".

:func:`find_definitions` layers three techniques, each where the one before
has nothing to say:

1. NCBI's Ab3P (Sohn, Comeau, Kim & Wilbur 2008, "Abbreviation definition
   identification based on automatic precision estimates", BMC
   Bioinformatics 9:402), through the ``pyab3p`` binding (:func:`ab3p`),
   its long forms tidied;
2. the ways of writing a definition Ab3P does not read (quotes, lists and
   cues in parentheses, a glued parenthesis, digits for number words, "&"
   for "and"), each pair checked by Ab3P rewritten the usual way;
3. the algorithm of Schwartz & Hearst (2003), "A simple algorithm for
   identifying abbreviation definitions in biomedical text", PSB 8:451-462
   (:func:`schwartz_hearst`): a short form in parentheses (or quotes) after
   its long form, or a long form in parentheses after its short form; the
   long form is the shortest span before the parenthesis whose words
   contain the short form's characters in order, the first at the start of
   a word; kept only when the short form's letters start the long form's
   words (:func:`initials_skipped`).

Without ``pyab3p`` (it has wheels for CPython 3.10-3.12 on Linux x86-64 and
Windows) the third alone, with its extensions for health-policy prose: a
plural short form ("CCGs") is defined in the singular ("CCG"), a short form
may stand in typographic quotes ("Clinical Commissioning Groups ‘CCGs’"),
its lower-case letters may be decorative ("HiPPO", "PRUComm"). The README
gives each one's scores on the Ab3P gold standard.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.vocab.lexicon import LEXICON

__all__ = ["Definition", "find_definitions", "schwartz_hearst", "ab3p", "ab3p_available", "best_long_form",
           "is_short_form", "head_noun_kind"]


@dataclass(frozen=True, slots=True)
class Definition:
    """A short form defined by a long form, with both spans in the text."""

    short: str
    long: str
    short_start: int
    short_end: int
    long_start: int
    long_end: int
    written: str  # the short form as the text writes it: "CCGs" where ``short`` is "CCG"


_SHORT_CHARS = re.compile(r"^[\w][\w./&'-]*$")


def is_short_form(candidate: str) -> bool:
    """Schwartz & Hearst's test: 2–10 characters, one word (or two), starts with a letter or digit,
    contains a letter, and is not all lower-case prose."""
    candidate = candidate.strip()
    if not 2 <= len(candidate) <= 10 or len(candidate.split()) > 2:
        return False
    if not candidate[0].isalnum() or not re.search(r"[A-Za-z]", candidate):
        return False
    if candidate.islower() and len(candidate) > 3:
        return False  # "(e.g", "(see", "(and)"
    if re.fullmatch(r"(?i)[ivx]{1,4}|[a-z]", candidate):
        return False  # enumerations: (i), (iii), (a)
    return all(_SHORT_CHARS.match(part) for part in candidate.split())


def best_long_form(short: str, long: str) -> str | None:
    """The shortest tail of ``long`` whose words contain the characters of ``short`` in order.

    Direct port of Schwartz & Hearst's ``findBestLongForm``.
    """
    s_index, l_index = len(short) - 1, len(long) - 1
    while s_index >= 0:
        current = short[s_index].lower()
        if not current.isalnum():
            s_index -= 1
            continue
        while l_index >= 0 and (long[l_index].lower() != current or
                                (s_index == 0 and l_index > 0 and long[l_index - 1].isalnum())):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    l_index = long.rfind(" ", 0, l_index + 1) + 1
    return long[l_index:]


_OPEN = {"(": ")", "[": "]", "\u2018": "\u2019", '"': '"', "'": "'", "\u201c": "\u201d"}
_PAREN = re.compile(r"\s[(\[\u2018\u201c\"']([^()\[\]\u2018\u2019\u201c\u201d\"]{1,120}?)[)\]\u2019\u201d\"']")


_LAST_TOKEN = re.compile(r"(\S+)$")
_TOKEN_BEFORE_LOWER_WORD = re.compile(r"(\S+)\s+[a-z]+$")
_WINDOW = 256


def _ending_at(pattern: re.Pattern[str], text: str, end: int) -> re.Match[str] | None:
    """``pattern`` (anchored at its end by ``$``) searched in ``text[:end]``, looking first at the last
    few hundred characters only: scanning from the start for every parenthesis made long texts quadratic."""
    lo = max(0, end - _WINDOW)
    match = pattern.search(text, lo, end)
    cut_short = match.start() == lo if match else not re.search(r"\S\s", text[lo:end])
    if lo and cut_short:  # the match may begin before the window
        match = pattern.search(text, 0, end)
    return match


def _words_before(text: str, end: int, count: int) -> tuple[int, str]:
    """The start offset and text of up to ``count`` words ending at ``end`` (within the sentence).

    As in :func:`_ending_at`, the last few hundred characters are read first: reading back to the
    sentence's start for every parenthesis made long texts without full stops quadratic."""
    if not count:
        return end, ""
    lo = _sentence_start(text, max(0, end - _WINDOW), end)
    words = list(re.finditer(r"\S+", text[lo:end]))
    if lo == end - _WINDOW and lo > 0 and len(words) <= count:  # no break in the window, too few words in it
        lo = _sentence_start(text, 0, end)
        words = list(re.finditer(r"\S+", text[lo:end]))
    chosen = words[-count:]
    if not chosen:
        return end, ""
    start = lo + chosen[0].start()
    return start, text[start:end]


def _sentence_start(text: str, lo: int, end: int) -> int:
    """Just after the last ". ", "; ", ": " or line break in ``text[lo:end]``, else ``lo``."""
    boundary = max(text.rfind(". ", lo, end), text.rfind("; ", lo, end), text.rfind(": ", lo, end),
                   text.rfind("\n", lo, end))
    return boundary + 1 if boundary >= 0 else lo


def schwartz_hearst(text: str) -> Iterator[Definition]:
    """Every acronym definition in ``text`` by Schwartz & Hearst's algorithm (with its extensions), in order."""
    return _schwartz_hearst(text, ())


def _schwartz_hearst(text: str, taken: list[tuple[int, int]] | tuple[()]) -> Iterator[Definition]:
    """:func:`schwartz_hearst`, passing over the parentheses inside the spans ``taken`` (sorted)."""
    starts = [lo for lo, _ in taken]
    for match in _PAREN.finditer(text):
        at = bisect.bisect_right(starts, match.start() + 1) - 1
        if at >= 0 and match.start() + 1 < taken[at][1]:
            continue  # a definition found already holds this parenthesis
        inner = match.group(1)
        opener = text[match.start() + 1]
        inner_start = match.start(1)
        content = inner.split(";")[0].split(", ")[0].strip()
        if opener not in "([" and not is_short_form(content):
            continue  # quotes only ever hold a short form here
        before_end = match.start()
        if is_short_form(content) and not _looks_like_long_form(content):
            short = content
            limit = min(len(short) + 5, len(short) * 2)
            start, long_text = _words_before(text, before_end, limit)
            long_form = _long_form_for(short, long_text) if long_text else None
            if long_form and _valid(short, long_form):
                long_start = before_end - len(long_form)
                yield _definition(short, long_form, inner_start, inner_start + len(content), long_start, before_end)
            continue
        # "CCGs (clinical commissioning groups)": the short form is the word before the parenthesis
        token = _ending_at(_LAST_TOKEN, text, before_end)
        if token and token.group(1).islower():  # "HIPPO team (Health policy … group)": the acronym before its noun
            token = _ending_at(_TOKEN_BEFORE_LOWER_WORD, text, before_end) or token
        if token and opener in "([" and is_short_form(token.group(1)) and not token.group(1).islower():
            short = token.group(1).strip(",;:")
            whole = inner.strip()
            long_form = _long_form_for(short, whole)
            if long_form and long_form == whole and _valid(short, long_form):
                yield _definition(short, long_form, token.start(1), token.start(1) + len(short),
                                  inner_start, inner_start + len(whole))


def _long_form_for(short: str, text: str) -> str | None:
    """Schwartz & Hearst's long form; for a mixed-case short form ("HiPPO", "PRUComm") that fails,
    retry with its capitals only, since its lower-case letters are often decorative."""
    found = best_long_form(short, text)
    if found is None and not short.isupper() and sum(c.isupper() for c in short) >= 2:
        found = best_long_form("".join(c for c in short if c.isupper() or c.isdigit()), text)
    if found is None and len(short) >= 4 and short.isalpha():  # "HIPPO" for "HiPPO": an inner vowel added for sound
        found = best_long_form(short[0] + re.sub(r"(?i)[aeiou]", "", short[1:-1]) + short[-1], text)
    if found:
        found = found.lstrip("\"'“‘([")
    return found or None


def _looks_like_long_form(content: str) -> bool:
    return len(content.split()) > 1 and any(w[0].islower() for w in content.split()[1:] if w[:1].isalpha())


def _valid(short: str, long_form: str) -> bool:
    if len(long_form) <= len(short) or short.lower() in long_form.lower().split():
        return False
    if long_form.count("(") != long_form.count(")"):
        return False
    return len(long_form.split()) <= min(len(short) + 5, len(short) * 2)


def _definition(short: str, long_form: str, s_start: int, s_end: int, l_start: int, l_end: int) -> Definition:
    singular = short[:-1] if len(short) > 2 and short.endswith("s") and short[:-1].isupper() else short
    stripped = long_form.strip()
    l_start += len(long_form) - len(long_form.lstrip())  # the span follows the long form's text
    l_end = l_start + len(stripped)
    return Definition(singular, stripped, s_start, s_start + len(singular), l_start, l_end, short)


# Head nouns that tell what an undefined long form names (kg/vocab/lexicon.json).
_BODY_HEADS = LEXICON.acronym_body_heads
_POLICY_HEADS = LEXICON.acronym_policy_heads


def head_noun_kind(long_form: str) -> str | None:
    """``body`` or ``policy`` from the long form's head noun (its last word), else ``None``.

    "Health Policy, Politics and Organisations group" → body; "General
    Practice Forward View" → policy; "care navigation" → None. A long form
    ending in "Theory" is a theory.
    """
    words = re.findall(r"[A-Za-z]+", long_form)
    if not words:
        return None
    head = words[-1].lower()
    for i, word in enumerate(words[1:], 1):  # "Policy Research Unit in Commissioning": the head precedes "in"
        if word.lower() in ("in", "of", "for", "on") and words[i - 1].lower() in _BODY_HEADS | _POLICY_HEADS:
            head = words[i - 1].lower()
            break
    if head in ("theory", "theories"):
        return "theory"
    if head in _BODY_HEADS:
        return "body"
    if head in _POLICY_HEADS:
        return "policy"
    return None


# ---------------------------------------------------------------- Ab3P

_AB3P: list[object] = []  # the one pyab3p.Ab3p of this process, made on first use


def ab3p_available() -> bool:
    """Whether NCBI's Ab3P (the ``pyab3p`` binding) is installed here."""
    try:
        import pyab3p  # noqa: F401
    except ImportError:
        return False
    return True


def _ab3p_detector():  # -> pyab3p.Ab3p
    """The process's Ab3P. Its C++ object keeps state between calls; the binding holds the GIL while
    it runs, so threads take turns."""
    if not _AB3P:
        import pyab3p

        _AB3P.append(pyab3p.Ab3p())
    return _AB3P[0]


_WINDOW_LIMIT = 2000  # characters given to Ab3P at once: its tokeniser fails (prints, then crashes) on long texts
_OPENERS = re.compile(r"[(\[]")
_SENTENCE_BREAK = re.compile(r"\n|(?<=[.!?])(?<!\b[A-Z]\.)\s+(?=[A-Z0-9\"\u201c])")


_INSIDE = re.compile(r"[^)\]]{0,60}")
_WORD_BEFORE = re.compile(r"(\S+)\s*$")


def _may_define(text: str, at: int) -> bool:
    """Whether the parenthesis at ``at`` may hold a short form (a letter in at most two words: not "(2013)",
    "(Smith et al., 2010)") or follow one (a capital or digit in the word before: "ICB (integrated ...)")."""
    inside = _INSIDE.match(text, at + 1).group()
    first = re.split(r"[,;] ", inside, maxsplit=1)[0]
    if len(first.split()) <= 2 and re.search(r"[A-Za-z]", first):
        return True
    before = _WORD_BEFORE.search(text, max(0, at - 40), at)
    return bool(before and re.search(r"[A-Z0-9]", before.group(1)))


def _windows(text: str) -> Iterator[tuple[int, int]]:
    """Spans of ``text`` to give Ab3P: the sentences holding a parenthesis or bracket that may define
    (:func:`_may_define`), merged when adjacent, each at most ``_WINDOW_LIMIT`` characters (cut with
    an overlap when longer)."""
    spans: list[list[int]] = []
    for opener in _OPENERS.finditer(text):
        at = opener.start()
        if spans and at < spans[-1][1]:
            continue  # in the sentence just taken
        if not _may_define(text, at):
            continue
        start = max(spans[-1][1] if spans else 0, at - _WINDOW_LIMIT)  # a span ends where a sentence does
        for boundary in _SENTENCE_BREAK.finditer(text, start, at):
            start = boundary.end()
        following = _SENTENCE_BREAK.search(text, at)
        end = following.end() if following else len(text)
        if spans and spans[-1][1] == start and end - spans[-1][0] <= _WINDOW_LIMIT:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    for start, end in spans:
        while end - start > _WINDOW_LIMIT:
            cut = text.rfind(" ", start, start + _WINDOW_LIMIT)
            cut = cut if cut > start + _WINDOW_LIMIT // 2 else start + _WINDOW_LIMIT
            yield start, cut
            start = max(start + 1, cut - _WINDOW_LIMIT // 4)  # overlap: a definition cut in two is seen whole
        yield start, end


_RESPACED = re.compile(r"(?:\s*(?:\S{200,}|&#?\w{1,8};)\s*)+|\s{2,}|[^\S ]")  # given to Ab3P as one space ...
_RETYPED = str.maketrans("_`", "-'")  # ... and these so; where its text and ours differ, it loses its place


def _ask_ab3p(text: str) -> Iterator[tuple[int, int, int, int]]:
    """The (short start, short end, long start, long end) of each pair Ab3P finds in ``text``, as character
    offsets in ``text``. Ab3P is given the text as its tokeniser writes it (white space runs as one space,
    "_" as "-"; HTML entities and tokens of 200 characters, never in a definition, as a space), so that
    it never loses its place (it then prints "Failed to find sentence" on stderr and
    reports wrong offsets); the offsets are mapped back."""
    segments = [(0, 0)]  # (offset in the text given, offset in ``text``) where each piece starts
    if _RESPACED.search(text):
        parts, at, given = [], 0, 0
        for run in _RESPACED.finditer(text):
            parts += [text[at:run.start()], " "]
            given += run.start() - at
            segments += [(given, run.start()), (given + 1, run.end())]
            given, at = given + 1, run.end()
        parts.append(text[at:])
        asked = "".join(parts)
    else:
        asked = text
    asked = asked.translate(_RETYPED)
    encoded = asked.encode("utf-8")
    ascii_only = len(encoded) == len(asked)
    starts = [given for given, _ in segments]

    def back(offset: int) -> int:
        given, original = segments[bisect.bisect_right(starts, offset) - 1]
        return original + offset - given

    for found in _ab3p_detector().get_abbrs(asked):
        s_at, l_at = found.short_form_offset, found.long_form_offset
        if not ascii_only:
            s_at = len(encoded[:s_at].decode("utf-8", errors="ignore"))
            l_at = len(encoded[:l_at].decode("utf-8", errors="ignore"))
        short, long_form = found.short_form, found.long_form
        if asked[s_at:s_at + len(short)] != short or asked[l_at:l_at + len(long_form)] != long_form:
            continue  # Ab3P rewrote a form; keep only what stands in the text
        yield back(s_at), back(s_at + len(short) - 1) + 1, back(l_at), back(l_at + len(long_form) - 1) + 1


def ab3p(text: str) -> Iterator[Definition]:
    """Every acronym definition in ``text`` found by NCBI's Ab3P (Sohn et al. 2008, "Abbreviation
    definition identification based on automatic precision estimates", BMC Bioinformatics 9:402),
    through the ``pyab3p`` binding; spans as character offsets in ``text``.

    Raises ImportError when ``pyab3p`` is not installed.
    """
    seen: set[tuple[int, int]] = set()
    for start, end in _windows(text):
        for s_at, s_end, l_at, l_end in _ask_ab3p(text[start:end]):
            s_at, s_end, l_at, l_end = s_at + start, s_end + start, l_at + start, l_end + start
            if (s_at, l_at) not in seen:
                seen.add((s_at, l_at))
                yield _definition(text[s_at:s_end], text[l_at:l_end], s_at, s_end, l_at, l_end)


# ---------------------------------------------------------------- Ab3P, then the rules it lacks

def find_definitions(text: str) -> Iterator[Definition]:
    """Every acronym definition in ``text``, in order of the short form.

    With ``pyab3p`` installed: NCBI's Ab3P (:func:`ab3p`), its long forms
    tidied (:func:`_tidy`: quotes, a word glued on by "/" or "--", a hyphened
    prefix the short form does not spell, "non-" in "non-general practitioner
    (GP)", a possessive); then, where Ab3P found nothing,
    the patterns it does not read, each pair checked by Ab3P itself on the
    pair written the usual way, "long form (SF)" (:func:`_patterns_ab3p_lacks`):
    a short form in quotes (‘PCNs’, ("CQC")), first in a list in parentheses
    ("(DMSO, 18 h before)"), last ("(blood-brain barrier, BBB)"), glued to its
    long form ("clozapine(CLP)"), after a cue ("(hereafter CCGs)", "(known as
    PCNs)"), with a digit for a number word ("5YFV", the
    Five Year Forward View); then Schwartz & Hearst's definitions whose
    letters stand at the starts of the long form's words, skipping function
    words and at most one other word, two in a capitalised name
    (:func:`initials_skipped`): "the National Institute for Health and Care
    Excellence (NICE)", "A&E (accident and emergency)", "HiPPO team (Health
    Policy, Politics and Organisations group)".

    Without ``pyab3p``: Schwartz & Hearst's algorithm with its extensions
    (:func:`schwartz_hearst`), which scores lower (see the README).
    """
    if not ab3p_available():
        yield from schwartz_hearst(text)
        return
    found = [tidied for d in ab3p(text) if (tidied := _tidy(text, d))]
    taken = [(min(d.short_start, d.long_start), max(d.short_end, d.long_end)) for d in found]

    def free(d: Definition) -> bool:
        lo, hi = min(d.short_start, d.long_start), max(d.short_end, d.long_end)
        return not any(lo < t_hi and t_lo < hi for t_lo, t_hi in taken)

    extra = [d for d in _patterns_ab3p_lacks(text) if free(d)]
    spans = sorted(taken)
    extra += [d for d in _schwartz_hearst(text, spans) if free(d) and _initials_trusted(d)]
    for d in sorted(extra, key=lambda d: d.short_start):
        if free(d):
            found.append(d)
            taken.append((min(d.short_start, d.long_start), max(d.short_end, d.long_end)))
    yield from sorted(found, key=lambda d: (d.short_start, d.long_start))


_FINITE_VERB = re.compile(r"(?i)\b(?:is|are|was|were|has|have|had|been|being)\b")
_STEREO_PREFIX = re.compile(r"\((?:[+-]|\+/-|\u00b1|[RSDLE]|[RSDLE],[RSDLE])\)$")  # "(-)-", "(+/-)-", "(R)-"


def _tidy(text: str, d: Definition) -> Definition | None:
    """Ab3P's long form made the name it stands for: "/forced vital capacity" and '"astigmatic intensity
    equation"' lose their punctuation, "ngn3/paired box factor 6" and "malformations--persistent truncus
    arteriosus" the word glued on before, "non-general practitioner" (GP) a hyphened prefix whose letter
    the short form does not have; a chemical name keeps its stereo prefix "(-)-"; a possessive
    loses its "'". ``None`` for a long form that is a clause (it has a finite verb) and for a short form
    that is a word (five lower-case letters or more)."""
    long_form, l_start, l_end = d.long, d.long_start, d.long_end
    short, s_start = d.written, d.short_start
    if short.endswith("'") and long_form.endswith("'"):  # "clinical commissioning groups' (CCGs')"
        short, long_form, l_end = short[:-1], long_form[:-1], l_end - 1
    first = next((c.lower() for c in short if c.isalnum()), "")
    lead = len(long_form) - len(long_form.lstrip("\"'\u201c\u2018/-"))
    if lead and _STEREO_PREFIX.search(text, max(0, l_start - 8), l_start) and long_form[0] == "-":
        stereo = _STEREO_PREFIX.search(text, max(0, l_start - 8), l_start)
        long_form, l_start = text[stereo.start():l_end], stereo.start()
    elif lead:
        long_form, l_start = long_form[lead:], l_start + lead
    if long_form[-1:] in "\"\u201d\u2019" and not long_form[:-1].count('"') % 2:
        long_form, l_end = long_form[:-1], l_end - 1
    head = long_form.split(" ", 1)[0]
    if first and long_form[:1].isalpha() and long_form[:1].lower() != first and len(long_form.split()) > 1:
        for glue in re.finditer(r"--|/", head):  # cut at the glue before a word the short form starts
            rest = long_form[glue.end():]
            if rest[:1].lower() == first:
                long_form, l_start = rest, l_start + glue.end()
                break
        prefix = re.match(r"([A-Za-z]{3,})-", long_form)  # "non-general practitioner (GP)": "non-" unspelt
        if prefix and long_form[prefix.end():prefix.end() + 1].lower() == first \
                and prefix.group(1)[0].lower() not in short.lower():
            long_form, l_start = long_form[prefix.end():], l_start + prefix.end()
    if "&" in short and long_form.lower().startswith("and "):  # Ab3P reads "A&E" as "and Emergency"
        word = re.search(r"(\w+)\W{1,2}$", text[max(0, l_start - 40):l_start])
        if word and initials_skipped(short, f"{word.group(1)} {long_form}") == 0:
            long_form, l_start = text[l_start - len(word.group()):l_end], l_start - len(word.group())
    if short.isalpha() and short.islower() and len(short) >= 5:
        return None  # "apathy (acquired knowledge, …)": a word, not a short form
    if _FINITE_VERB.search(long_form):
        return None  # "finger arterial pressure was monitored continuously (Finapres)": a clause, not a name
    if re.search(rf"(?<!\w){re.escape(short)}(?!\w)", long_form):
        return None  # "(CCGs) (CCGs)": a short form does not define itself
    if len(long_form) <= len(short.strip("'")) or not re.search(r"[A-Za-z]{3}", long_form):
        return None
    if long_form.count("(") != long_form.count(")") or long_form.count("[") != long_form.count("]"):
        return None
    return _definition(short, long_form, s_start, s_start + len(short), l_start, l_end)


_NUMBER_WORDS = {"1": ("one", "first", "single"), "2": ("two", "second", "double", "dual"),
                 "3": ("three", "third", "triple"), "4": ("four", "fourth"), "5": ("five", "fifth"),
                 "6": ("six", "sixth"), "7": ("seven", "seventh"), "8": ("eight", "eighth"),
                 "9": ("nine", "ninth"), "10": ("ten", "tenth")}
_QUOTED = re.compile(r"([\u2018\u201c\"'])([^\s\u2018\u2019\u201c\u201d\"']{2,10})[\u2019\u201d\"']")
_PAREN_CONTENT = re.compile(r"\(([^()]{2,200})\)")
# a short form introduced by a word that says so: "(hereafter CCGs)", "(known as the ‘PCNs’)"
_CUED = re.compile(r"(?:hereafter|henceforth|hereinafter|known as|referred to as|termed|called|or|i\.e\.,?|ie)"
                   r"\s+(?:the\s+)?[\u2018\u201c\"']?([^\s\u2018\u2019\u201c\u201d\"']{2,10})[\u2019\u201d\"']?\Z")


def _patterns_ab3p_lacks(text: str) -> Iterator[Definition]:
    """Definitions written in ways Ab3P does not read, each checked by Ab3P on the pair rewritten as
    "long form (SF)"; see :func:`find_definitions`."""
    for match in _QUOTED.finditer(text):  # Primary Care Networks ‘PCNs’, the Care Quality Commission (“CQC”)
        short, opening = match.group(2), match.start()
        before = opening - 1 if text[opening - 1:opening] == "(" else opening
        if text[before - 1:before] == " " and is_short_form(short) and not short.islower():
            yield from _checked(text, before, short, match.start(2))
    for match in _PAREN_CONTENT.finditer(text):
        inner, inner_start = match.group(1), match.start(1)
        glued = match.start() > 0 and text[match.start() - 1].isalnum()
        if glued and not re.search(r"[a-z]{4}$", text[max(0, match.start() - 4):match.start()]):
            continue  # "Arg(Mts)", "p21(WAF1)": notation, not a definition
        cue = _CUED.match(inner)
        if cue and is_short_form(cue.group(1)) and not cue.group(1).islower():  # "(hereafter CCGs)"
            yield from _checked(text, match.start(), cue.group(1), inner_start + cue.start(1))
            continue
        parts = re.split(r"[,;] ", inner)
        first, last = parts[0].strip(), parts[-1].strip()
        if len(parts) > 1 and is_short_form(first) and not first.islower() and not _looks_like_long_form(first):
            yield from _checked(text, match.start(), first, inner_start + inner.index(first))  # "(DMSO, 18 h)"
        if len(parts) > 1 and is_short_form(last) and not last.islower() and " " not in last:
            lf_part = inner[:inner.rindex(last)].rstrip(",; ")  # "(blood-brain barrier, BBB)"
            if len(lf_part.split()) <= 10:
                yield from _checked(text, inner_start + len(lf_part), last, inner_start + inner.rindex(last),
                                    whole_from=inner_start)
        if glued and len(parts) == 1 and is_short_form(first) and not first.islower():
            yield from _checked(text, match.start(), first, inner_start)  # "clozapine(CLP)"
        if len(parts) == 1 and re.match(r"\d+[A-Za-z]", first) and is_short_form(first):
            yield from _checked(text, match.start(), first, inner_start, numbers=True)  # "(5YFV)"


def _checked(text: str, before: int, short: str, short_at: int, *, whole_from: int | None = None,
             numbers: bool = False) -> Iterator[Definition]:
    """The definition of ``short`` (found at ``short_at``) by a long form ending at ``before``, if Ab3P
    finds it in "<the sentence up to before> (<short>)"; with ``whole_from`` only a long form that is all
    of ``text[whole_from:before]``; with ``numbers`` the short form's leading number written as its
    word's initial."""
    if whole_from is None:
        start = max(_sentence_start(text, max(0, before - 300), before), before - 300)
    else:
        start = whole_from
    prefix = text[start:before].rstrip()
    asked = short
    if numbers:
        digits = re.match(r"\d+", short).group()
        word = next((w for w in _NUMBER_WORDS.get(digits, ()) if re.search(rf"(?i)\b{w}\b", prefix)), None)
        if word is None:
            return
        asked = word[0].upper() + short[len(digits):]
    if not prefix or "\n" in prefix:
        return
    for s_at, s_end, l_at, l_end in _ask_ab3p(f"{prefix} ({asked})"):
        if s_at != len(prefix) + 2 or s_end != s_at + len(asked) or l_end != len(prefix):
            continue
        if whole_from is not None and l_at:
            continue
        d = _tidy(text, _definition(short, prefix[l_at:], short_at, short_at + len(short),
                                    start + l_at, start + len(prefix)))
        if d:
            yield d


_SKIPPABLE = frozenset({"a", "an", "the", "of", "for", "and", "in", "on", "to", "with", "at", "by", "from", "or"})


def initials_skipped(short: str, long_form: str) -> int | None:
    """How many words (other than function words) of ``long_form`` its ``short`` form skips, when the
    short form's letters are the starts of the long form's other words, in order, from its first word
    (a word gives one letter or more: "RECComm", Commissioning), "&" standing for "and" and a digit for
    its number word; ``None`` when they are not, or when the long form starts with a function word.
    Inner lower-case letters of a mixed-case short form may be decorative: "HiPPO" is read as "HPPO"
    when "HiPPO" does not align (not "QTc", whose last letter counts, nor "bNOS", whose first does), and
    an inner vowel may be there for sound: "HIPPO" as "HPPO"."""
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9]+|&", long_form)]
    if not words or words[0] in _SKIPPABLE:
        return None
    best = _align(re.sub(r"[^A-Za-z0-9&]", "", short).lower(), tuple(words))
    if best is None and short[:1].isupper() and short[-1:].isupper() and sum(c.isupper() for c in short) >= 2:
        best = _align("".join(c for c in short if c.isupper() or c.isdigit() or c == "&").lower(), tuple(words))
    if best is None and len(short) >= 4 and short.isalpha():  # "HIPPO" for "HiPPO": an inner vowel for sound
        best = _align((short[0] + re.sub(r"(?i)[aeiou]", "", short[1:-1]) + short[-1]).lower(), tuple(words))
    return best


def _align(letters: str, words: tuple[str, ...]) -> int | None:
    """The fewest content words skipped when ``words[0]`` gives ``letters[0]``; ``None`` if none align."""
    content = [0]
    for word in words:
        content.append(content[-1] + (word not in _SKIPPABLE))

    @functools.lru_cache(maxsize=None)
    def skipped(i: int, j: int) -> int | None:  # words[j] gives letters[i] (and maybe more)
        best: int | None = None
        for cut in _prefixes(letters, i, words[j]):
            if cut == len(letters):
                options = [content[-1] - content[j + 1]]  # the words after the last one used
            else:
                options = [content[k] - content[j + 1] + rest for k in range(j + 1, len(words))
                           if (rest := skipped(cut, k)) is not None]
            if options:
                best = min(options) if best is None else min(best, *options)
        return best

    return skipped(0, 0) if letters and words else None


def _prefixes(letters: str, i: int, word: str) -> Iterator[int]:
    """Where the letters after ``letters[i:]`` resume when ``word`` gives ``letters[i]`` and maybe more."""
    if letters[i] == "&":
        if word in ("and", "&"):
            yield i + 1
        return
    for digits, names in _NUMBER_WORDS.items():
        if letters.startswith(digits, i) and word in names:
            yield i + len(digits)
    n = 0
    while i + n < len(letters) and n < len(word) and letters[i + n] == word[n]:
        n += 1
        yield i + n


def _initials_trusted(d: Definition) -> bool:
    """A Schwartz & Hearst definition kept beside Ab3P's: its letters start the long form's words,
    skipping at most one word, two in a capitalised name."""
    skipped = initials_skipped(d.written, d.long)
    if skipped is None or re.search(rf"(?<!\w){re.escape(d.short)}", d.long) or d.long.count("[") != d.long.count("]") or d.long.split()[-1].lower() in _SKIPPABLE:
        return False
    content = [w for w in re.findall(r"[A-Za-z]+", d.long) if w.lower() not in _SKIPPABLE]
    name = all(w[0].isupper() for w in content)
    return skipped <= (2 if name and sum(c.isupper() for c in d.written) >= 3 else 1)
