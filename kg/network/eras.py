"""Year ranges and policy eras that restrict a view to the documents issued in them.

A :class:`Scope` is an inclusive range of years (either end may be open).
Policy eras are data, in ``ontology/eras.ttl``: ``internal-market``,
``new-labour``, ``coalition``, ``ccg``, ``ics``. ``--years 2013-2016`` and
``--era ccg`` both become a Scope, which every view, plot and export applies
to the ``dcterms:issued`` year of documents.

>>> scope_for(years="2013-2016")
Scope(start=2013, end=2016, label='2013–2016')
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ParseError, UsageError
from kg.vocab.namespaces import CKG, RDF, SKOS
from kg.vocab.resources import eras_file

__all__ = ["Scope", "Era", "eras", "find_era", "parse_years", "scope_for", "eras_file", "ALL_YEARS"]


@dataclass(frozen=True)
class Scope:
    """An inclusive range of years; ``None`` leaves that end open. The default covers every document."""

    start: int | None = None
    end: int | None = None
    label: str = ""

    @property
    def bounded(self) -> bool:
        """True when the scope leaves out some years (and so leaves out undated documents)."""
        return self.start is not None or self.end is not None

    def contains(self, year: int | None) -> bool:
        """Whether a document of ``year`` is in scope (an undated one only when the scope is unbounded)."""
        if year is None:
            return not self.bounded
        return (self.start is None or year >= self.start) and (self.end is None or year <= self.end)

    def describe(self) -> str:
        """The scope for people: its label, or ``all years``."""
        return self.label or "all years"


ALL_YEARS = Scope()


@dataclass(frozen=True)
class Era:
    """A policy era: documents issued from ``start`` up to ``end - 1`` (``end`` None: open-ended)."""

    iri: str
    name: str
    label: str
    start: int
    end: int | None = None
    definition: str = ""

    @property
    def last_year(self) -> int | None:
        """The last year in the era (the end year belongs to the next era)."""
        return None if self.end is None else self.end - 1

    @property
    def span(self) -> str:
        """"2013–2022", or "2022–" for an era still running."""
        return f"{self.start}–{self.end}" if self.end is not None else f"{self.start}–"

    def scope(self) -> Scope:
        """The era as a Scope of years."""
        return Scope(self.start, self.last_year, f"{self.label} ({self.span})")


@functools.lru_cache(maxsize=4)
def _load(path: str) -> tuple[Era, ...]:
    import pyoxigraph

    values: dict[str, dict[str, str]] = {}
    typed: set[str] = set()
    wanted = {SKOS.notation: "name", SKOS.prefLabel: "label", SKOS.definition: "definition",
              CKG.existsFrom: "start", CKG.existsUntil: "end"}
    try:
        triples = list(pyoxigraph.parse(path=path))
    except (OSError, SyntaxError) as exc:
        raise ParseError(f"cannot read the policy eras: {exc}", source=str(path)) from exc
    for t in triples:
        s, p, o = t.subject.value, t.predicate.value, t.object.value
        if p == RDF.type and o == CKG.PolicyEra:
            typed.add(s)
        elif p in wanted:
            values.setdefault(s, {}).setdefault(wanted[p], o)
    found = []
    for iri in typed:
        v = values.get(iri, {})
        if "start" not in v:
            raise ParseError(f"era {iri} has no ckg:existsFrom year", source=str(path))
        found.append(Era(iri=iri, name=v.get("name") or _local(iri),
                         label=v.get("label") or iri, start=int(v["start"][:4]),
                         end=int(v["end"][:4]) if "end" in v else None, definition=v.get("definition", "")))
    return tuple(sorted(found, key=lambda e: (e.start, e.name)))


def _local(iri: str) -> str:
    return re.split(r"[/#:]", iri.rstrip("/"))[-1]


def eras(path: str | Path | None = None) -> tuple[Era, ...]:
    """The policy eras, oldest first, from ``ontology/eras.ttl`` (or ``path``)."""
    return _load(str(path or eras_file()))


def find_era(name: str, path: str | Path | None = None) -> Era:
    """The era called ``name``: its notation, its label or its IRI (any case)."""
    wanted = name.strip().casefold()
    for era in eras(path):
        if wanted in (era.name.casefold(), era.label.casefold(), era.iri.casefold(),
                      _local(era.iri).casefold()):
            return era
    known = ", ".join(e.name for e in eras(path))
    raise UsageError(f"no policy era called {name!r}; known eras: {known}")


_YEARS = re.compile(r"^\s*(\d{4})?\s*(?:(-|–|\.\.)\s*(\d{4})?)?\s*$")


def parse_years(text: str) -> Scope:
    """A Scope from ``2010-2015``, ``2010-`` (from 2010), ``-2012`` (up to 2012) or ``2015`` (that year)."""
    match = _YEARS.match(text or "")
    if not match or not (match.group(1) or match.group(3)):
        raise UsageError(f"not a year range: {text!r} (write 2010-2015, 2010-, -2012 or 2015)")
    start = int(match.group(1)) if match.group(1) else None
    end = int(match.group(3)) if match.group(3) else None
    if not match.group(2):
        end = start
    if start is not None and end is not None and start > end:
        raise UsageError(f"year range runs backwards: {text!r}")
    label = (f"{start}" if start == end else f"{start or ''}–{end or ''}")
    return Scope(start, end, label)


def scope_for(years: str | None = None, era: str | None = None) -> Scope:
    """The Scope of a ``--years`` range and/or an ``--era`` name (both given: their overlap)."""
    scopes = ([parse_years(years)] if years else []) + ([find_era(era).scope()] if era else [])
    if not scopes:
        return ALL_YEARS
    if len(scopes) == 1:
        return scopes[0]
    a, b = scopes
    starts = [s for s in (a.start, b.start) if s is not None]
    ends = [e for e in (a.end, b.end) if e is not None]
    start, end = (max(starts) if starts else None), (min(ends) if ends else None)
    if start is not None and end is not None and start > end:
        raise UsageError(f"the years {a.describe()} fall outside the era {b.describe()}")
    return Scope(start, end, f"{b.label} ∩ {a.label}")
