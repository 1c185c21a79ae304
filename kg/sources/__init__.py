"""Read literature listings, exports and web pages into :class:`~kg.model.Document` records.

>>> import kg.sources
>>> posts = list(kg.sources.parse("examples/sources/unit-blog-tag-pcn.html"))
>>> len(posts), posts[0].kind.value, posts[0].title
(3, 'blog_post', 'Where do primary care networks fit in integrated care systems?')
>>> kg.sources.read("examples/sources/unit-blog-tag-pcn.html")   # exactly one record, or it says why
Traceback (most recent call last):
...
kg.errors.ParseError: examples/sources/unit-blog-tag-pcn.html: more than one record; use parse() to read them all
>>> len(list(kg.sources.parse_many(["examples/sources/"])))      # folders; one record per document
42

The format is found by sniffing the content (``format=`` names it instead);
see :mod:`kg.sources.registry` for the formats and how to add one. A record
that cannot be parsed is skipped with a :class:`~kg.errors.ParseWarning`
(counted in the :class:`SourceReport`), or raised as a
:class:`~kg.errors.ParseError` with ``strict=True``.
"""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from kg.errors import ParseError, ParseWarning, UnknownFormatError, UsageError
from kg.model import Document, fallback_key, identity_keys, merge_documents
from kg.sources import registry
from kg.sources.inputs import Source, expand
from kg.sources.registry import SourceFormat, register

__all__ = [
    "parse",
    "read",
    "parse_many",
    "open_sources",
    "parse_source",
    "readable",
    "probe",
    "detect",
    "Source",
    "SourceReport",
    "SourceFormat",
    "register",
    "formats",
    "FallbackMergeWarning",
]


class FallbackMergeWarning(UserWarning):
    """Two records were merged by title, year and first author alone (no identifier joined them)."""

SourceLike = str | os.PathLike[str] | Source


@dataclass
class SourceReport:
    """What reading one source gave: its format, records and skipped records."""

    source: str
    format: str | None = None
    records: int = 0
    problems: list[ParseError] = field(default_factory=list)
    bytes_read: int = 0  # how far into the file the parser has read (for progress)

    def summary(self) -> str:
        """One line: ``file: format, N records, M warnings`` (and a warning when no record was read)."""
        warn = f", {len(self.problems)} warning{'s' * (len(self.problems) != 1)}" if self.problems else ""
        none = f" — read as {self.format}, it gave no record" if self.records == 0 and self.format else ""
        return f"{self.source}: {self.format or '?'}, {self.records} record{'s' * (self.records != 1)}{warn}{none}"


def formats() -> list[SourceFormat]:
    """Every registered source format."""
    return registry.all_formats()


def _as_source(source: SourceLike) -> Source:
    if isinstance(source, Source):
        return source
    text = os.fspath(source)
    if isinstance(source, str) and ("\n" in text or text.lstrip().startswith("<")) and text != "-":
        return Source.from_string(text)
    found = list(expand([text]))
    if len(found) != 1:
        raise ParseError(f"expected one file, found {len(found)}; use parse_many() for folders", source=text)
    return found[0]


def detect(source: Source, format: str | None = None) -> SourceFormat:
    """The format of ``source``: the one named, else the one its content shows."""
    if format:
        return registry.get(format)
    return registry.sniff(source.head(), source.name, source.path.name if source.path else "")


def parse_source(
    source: Source,
    format: str | None = None,
    *,
    strict: bool = False,
    report: SourceReport | None = None,
    on_problem: Callable[[ParseError], None] | None = None,
) -> Iterator[Document]:
    """Yield the records of one :class:`Source`, handling skipped records.

    ``on_problem`` receives each skipped record's error (default: a
    :class:`ParseWarning`); ``strict`` raises it instead.
    """
    fmt = detect(source, format)
    if report is not None:
        report.format = fmt.NAME
    with source.open_text() as stream:
        buffer = getattr(stream, "buffer", None)
        for item in fmt.parse(stream, source.name):
            if report is not None and buffer is not None:
                report.bytes_read = buffer.tell()
            if isinstance(item, ParseError):
                if strict:
                    raise item
                if report is not None:
                    report.problems.append(item)
                if on_problem is not None:
                    on_problem(item)
                else:
                    warnings.warn(str(item), ParseWarning, stacklevel=2)
                continue
            if report is not None:
                report.records += 1
            yield item


def parse(source: SourceLike, format: str | None = None, *, strict: bool = False,
          report: SourceReport | None = None) -> Iterator[Document]:
    """Yield the records of one source: a path, ``-`` for standard input, or text."""
    yield from parse_source(_as_source(source), format, strict=strict, report=report)


def read(source: SourceLike, format: str | None = None) -> Document:
    """The one record in ``source``; a :class:`ParseError` if it holds none or several."""
    src = _as_source(source)
    records = parse_source(src, format, strict=True)
    first = next(records, None)
    if first is None:
        raise ParseError("no record found; read() expects exactly one", source=src.name)
    if next(records, None) is not None:
        raise ParseError("more than one record; use parse() to read them all", source=src.name)
    return first


def open_sources(inputs: Iterable[SourceLike], *, exclude: Iterable[str | os.PathLike[str]] = ()) -> list[Source]:
    """The :class:`Source` of each input, with folders expanded and ``-`` as stdin, leaving out the files in
    ``exclude`` and those citekg wrote (see :func:`kg.sources.inputs.expand`)."""
    excluded = list(exclude)
    sources: list[Source] = []
    for item in inputs:
        if isinstance(item, Source):
            sources.append(item)
        else:
            sources.extend(expand([item], exclude=excluded))
    return sources


def readable(sources: Iterable[Source], format: str | None = None, *, strict: bool = False,
             skipped: list[UnknownFormatError] | None = None,
             on_problem: Callable[[ParseError], None] | None = None) -> Iterator[tuple[Source, SourceFormat]]:
    """Each source with its format. A file found in a folder that no parser recognises is left out, with
    its error added to ``skipped`` and given to ``on_problem``; with ``strict``, or for a file named on its
    own, the error is raised."""
    for src in sources:
        try:
            yield src, detect(src, format)
        except UnknownFormatError as exc:
            if strict or not src.in_folder:
                raise
            if skipped is not None:
                skipped.append(exc)
            if on_problem is not None:
                on_problem(exc)


def probe(source: Source, fmt: SourceFormat) -> None:
    """Refuse, before any work, a format that reads only errors from the start of ``source``.

    Raises :class:`~kg.errors.UsageError` naming the file, the format and
    the first error; a start that gives a record, or nothing at all, passes.
    """
    head = source.head()
    errors = []
    try:
        for item in fmt.parse(io.StringIO(head), source.name):
            if not isinstance(item, ParseError):
                return
            errors.append(item)
            if len(errors) >= 3:
                break
    except Exception:  # noqa: BLE001 - a parser cut off mid-record by the head's end says nothing
        return
    if errors and not _only_truncation(errors, head):
        raise UsageError(f"{source.name}: read as {fmt.NAME}, its first {len(head):,} characters give no record, "
                         f"only errors (the first: {errors[0].message}). Is it in that format? "
                         "Leave --format out to detect it.")


def _only_truncation(errors: list[ParseError], head: str) -> bool:
    """Whether the only error is the head's own cut-off end (a record longer than the head)."""
    return len(errors) == 1 and errors[0].line is not None and errors[0].line >= head.count("\n")


def parse_many(
    inputs: Iterable[SourceLike],
    format: str | None = None,
    *,
    strict: bool = False,
    merge: bool = True,
    reports: list[SourceReport] | None = None,
    on_problem: Callable[[ParseError], None] | None = None,
) -> Iterator[Document]:
    """Yield the records of many sources, one record per document.

    With ``merge`` (the default) records of the same document (same PMID,
    DOI, URL, OpenAlex, Scopus or Web of Science id; for posts and pages,
    the same title) are merged into one that lists all its sources
    (:func:`kg.model.merge_documents`). As a last resort, papers with the
    same title, year and first author (:func:`kg.model.fallback_key`) are
    merged when no identifier of one kind differs, with a
    :class:`FallbackMergeWarning` for each. Merging
    streams: the sources are read twice, and only records that have a
    duplicate are held in memory until their last copy is read.
    """
    sources = list(readable(open_sources(inputs), format, strict=strict, on_problem=on_problem))
    if not merge:
        for src, fmt in sources:
            report = _new_report(src, reports)
            yield from parse_source(src, fmt.NAME, strict=strict, report=report, on_problem=on_problem)
        return

    # Pass 1: which records share a key (union-find over identity keys).
    parent: dict[int, int] = {}
    owner: dict[str, int] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    count = 0
    fallback: list[tuple[int, str, str]] = []  # (record, title-year-author key, where it was read)
    id_values: dict[int, dict[str, set[str]]] = {}  # record → its identifiers by scheme (for the fallback)
    for src, fmt in sources:
        for doc in parse_source(src, fmt.NAME, strict=strict, on_problem=lambda _: None):
            parent[count] = count
            keys = identity_keys(doc)
            for key in keys:
                if key in owner:
                    parent[find(count)] = find(owner[key])
                else:
                    owner[key] = count
            schemes = _schemes(keys)
            if schemes:
                id_values[count] = schemes
            last_resort = fallback_key(doc)
            if last_resort:
                fallback.append((count, last_resort, _where(doc)))
            count += 1
    _merge_by_fallback(fallback, id_values, parent, find)
    group_size: dict[int, int] = {}
    for i in range(count):
        root = find(i)
        group_size[root] = group_size.get(root, 0) + 1

    # Pass 2: stream, holding back only records whose duplicates are still to come.
    waiting: dict[int, list[Document]] = {}
    index = 0
    for src, fmt in sources:
        report = _new_report(src, reports)
        for doc in parse_source(src, fmt.NAME, strict=strict, report=report, on_problem=on_problem):
            root = find(index)
            index += 1
            if group_size[root] == 1:
                yield doc
                continue
            waiting.setdefault(root, []).append(doc)
            if len(waiting[root]) == group_size[root]:
                yield merge_documents(waiting.pop(root))


_STRONG = ("pmid", "doi", "pmcid", "openalex", "scopus", "wos")


def _schemes(keys: tuple[str, ...]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for key in keys:
        scheme, _, value = key.partition(":")
        if scheme in _STRONG:
            found.setdefault(scheme, set()).add(value)
    return found


def _where(doc: Document) -> str:
    span = doc.sources[0] if doc.sources else None
    if span is None:
        return doc.label[:60]
    return f"{span.file}:{span.start_line}" if span.start_line else f"{span.file} (record {span.record})"


def _merge_by_fallback(fallback: list[tuple[int, str, str]], id_values: dict[int, dict[str, set[str]]],
                       parent: dict[int, int], find: Callable[[int], int]) -> None:
    """Last resort (issue 19): join records with the same title, year and first author whose groups share
    no identifier, unless an identifier of the same kind differs (two DOIs: two papers); warn each time."""
    groups: dict[int, dict[str, set[str]]] = {}
    for record, schemes in id_values.items():
        merged = groups.setdefault(find(record), {})
        for scheme, values in schemes.items():
            merged.setdefault(scheme, set()).update(values)
    first: dict[str, tuple[int, str]] = {}
    for record, key, where in fallback:
        if key not in first:
            first[key] = (record, where)
            continue
        other, other_where = first[key]
        a, b = find(record), find(other)
        if a == b:
            continue
        ids_a, ids_b = groups.get(a, {}), groups.get(b, {})
        if any(ids_a[s] != ids_b[s] for s in ids_a.keys() & ids_b.keys()):
            continue  # the same title, year and author, but different identifiers: two works
        parent[a] = b
        for scheme, values in ids_a.items():
            groups.setdefault(b, {}).setdefault(scheme, set()).update(values)
        warnings.warn(f"{where}: merged with {other_where} by title, year and first author alone "
                      "(no shared identifier)", FallbackMergeWarning, stacklevel=3)


def _new_report(src: Source, reports: list[SourceReport] | None) -> SourceReport | None:
    if reports is None:
        return None
    report = SourceReport(src.name)
    reports.append(report)
    return report
