"""citekg: health-policy literature as a knowledge graph.

>>> import kg
>>> for doc in kg.parse("examples/sources/export-revalidation.nbib"):   # records from any supported source
...     print(doc.ids.pmid, doc.citation.date.isoformat(), doc.title[:40])
...     break
90000021 2014-06-12 Preparing for medical revalidation: a na

The public API is what ``__all__`` lists; everything else is private and may
change. Heavy libraries (pyoxigraph, rdflib, pyvis, matplotlib, pandas) are
imported only when a function that needs them is called.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kg._version import __version__
from kg.errors import (
    ExtractionError,
    Interrupted,
    KGError,
    MissingDependency,
    ParseError,
    ParseWarning,
    QueryError,
    StoreError,
    UnknownFormatError,
    UnknownTerm,
    UsageError,
    ValidationError,
    WriteError,
)
from kg.model import (
    AbstractSection,
    Author,
    Citation,
    Document,
    DocumentKind,
    Identifiers,
    Link,
    MeshHeading,
    PartialDate,
    Reference,
    SourceSpan,
)


# name -> "module:attribute", imported on first use
_LAZY = {
    "parse": "kg.sources:parse",
    "read": "kg.sources:read",
    "parse_many": "kg.sources:parse_many",
    "build": "kg.builder:build",
    "BuildOptions": "kg.builder:BuildOptions",
    "KnowledgeGraph": "kg.graph:KnowledgeGraph",
    "iri": "kg.graph:iri",
    "open_store": "kg.store:open_store",
    "validate": "kg.validation:validate",
}

__all__ = [
    "__version__",
    # records
    "Document", "DocumentKind", "Identifiers", "Author", "Citation", "AbstractSection",
    "MeshHeading", "Link", "Reference", "SourceSpan", "PartialDate",
    # errors
    "KGError", "UsageError", "MissingDependency", "ParseError", "UnknownFormatError", "ExtractionError",
    "UnknownTerm", "StoreError", "QueryError", "ValidationError", "WriteError", "Interrupted", "ParseWarning",
    # functions and classes loaded on first use
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    module_name, attribute = target.split(":")
    value = getattr(importlib.import_module(module_name), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from kg.builder import BuildOptions, build
    from kg.graph import KnowledgeGraph, iri
    from kg.sources import parse, parse_many, read
    from kg.store import open_store
    from kg.validation import validate
