"""Every error citekg raises on purpose, in one tree.

::

    KGError                      anything citekg reports to its user
    ├── UsageError               an argument, option or name is wrong (found before any work)
    │   └── MissingDependency    an optional library is not installed: names the extra to install
    ├── ParseError               a source could not be read: file, line, record
    │   └── UnknownFormatError   no parser recognises the content
    ├── ExtractionError          the vocabularies, lexicon or rules could not be loaded
    │   └── UnknownTerm          a term that is not in its namespace (``CKG.mentons``)
    ├── StoreError               a store could not be opened, read or written
    ├── QueryError               a SPARQL query is malformed or failed: line, column
    ├── ValidationError          a graph or a build breaks a stated rule (a failed check)
    ├── WriteError               an output file could not be written (disk full...); the old one is intact
    └── Interrupted              SIGINT or SIGTERM stopped the work (the store keeps whole sources only)

A command-line run turns a ``KGError`` into a one-line message and an exit
status (see ``kg.cli``): 2 for bad input or usage, 1 for a failed check, 130
and 143 for an interruption by SIGINT and SIGTERM; anything else is a bug and
shows a traceback.
``ParseWarning`` is the warning issued for a record skipped in lenient mode.
"""

from __future__ import annotations

__all__ = [
    "KGError",
    "UsageError",
    "MissingDependency",
    "Interrupted",
    "WriteError",
    "ParseError",
    "UnknownFormatError",
    "ExtractionError",
    "UnknownTerm",
    "StoreError",
    "QueryError",
    "ValidationError",
    "ParseWarning",
]


class KGError(Exception):
    """Base class of every error citekg raises on purpose."""


class UsageError(KGError):
    """An argument, option, format or name is wrong; found before any work is done."""


class MissingDependency(UsageError):
    """An optional library is needed: ``MissingDependency("pySHACL", "shacl", "kg validate --engine pyshacl")``."""

    def __init__(self, library: str, extra: str, needed_by: str) -> None:
        self.library, self.extra, self.needed_by = library, extra, needed_by
        super().__init__(f"{needed_by} needs {library}: pip install 'citekg[{extra}]'")

    def __reduce__(self):
        return (type(self), (self.library, self.extra, self.needed_by))


class Interrupted(KGError):
    """A signal stopped the work; ``signal`` is its number (SIGINT 2, SIGTERM 15)."""

    def __init__(self, signal: int, message: str = "interrupted") -> None:
        self.signal = signal
        super().__init__(message)

    def __reduce__(self):
        return (type(self), (self.signal, str(self)))


class ParseError(KGError):
    """A source, or one record in it, could not be parsed.

    ``source`` names the file (or ``<stdin>``), ``line`` is 1-based where
    known, ``record`` is the record's identifier or number where known.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        record: str | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.record = record
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.source or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.record:
            where += f" (record {self.record})"
        return f"{where}: {self.message}"

    def __reduce__(self):  # keyword fields survive pickling to and from worker processes
        fields = {"source": self.source, "line": self.line, "column": self.column, "record": self.record}
        return (_rebuild, (type(self), self.message, fields))


class UnknownFormatError(ParseError):
    """No registered parser recognises a source; the message lists the formats."""


class ExtractionError(KGError):
    """The vocabularies or extraction rules could not be loaded."""


class UnknownTerm(ExtractionError, AttributeError):
    """A term that its (closed) namespace does not hold: a typo that would mint a new IRI."""


class StoreError(KGError):
    """A store could not be opened, read or written."""


class QueryError(KGError):
    """A SPARQL query is malformed or failed; ``line`` and ``column`` where known."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        self.message = message
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line is not None:
            return f"line {self.line}, column {self.column or 1}: {self.message}"
        return self.message

    def __reduce__(self):
        return (_rebuild, (type(self), self.message, {"line": self.line, "column": self.column}))


def _rebuild(cls: type[KGError], message: str, fields: dict) -> KGError:
    return cls(message, **fields)


class ValidationError(KGError):
    """A graph or an argument breaks a stated rule."""


class WriteError(KGError):
    """An output file could not be written (a full disk, no permission); any earlier file is untouched."""


class ParseWarning(UserWarning):
    """A record was skipped because it could not be parsed (lenient mode)."""
