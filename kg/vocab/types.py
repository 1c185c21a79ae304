"""The one table of node types: each type's class, kind, IRI folder and legend style, read from
``kg/vocab/node-types.json``.

Every stage that needs to know what a node is derives it from here: the
extractor's entity kinds and their classes, the mapper's document classes
and IRI folders, the query pack's entity parameters, the network views'
types and the explorer's legend. Adding a kind of node is one line of data.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from kg.errors import ParseError
from kg.model import DocumentKind
from kg.vocab import namespaces
from kg.vocab.resources import package_dir

__all__ = ["NodeType", "node_types", "NODE_TYPES", "ENTITY_CLASSES", "DOCUMENT_CLASSES", "DOCUMENT_FOLDERS",
           "node_type", "TYPE_ORDER"]


@dataclass(frozen=True)
class NodeType:
    """One kind of node: ``type`` is its short name (the class's local name: ``Body``)."""

    type: str
    class_iri: str | None  # None for the catch-all "Work"
    group: str  # document, entity, person, subject, journal, work
    legend: str
    colour: str  # #rrggbb, Tableau 10 and its light variants (apart for the common colour blindnesses)
    shape: str  # a vis-network shape
    glyph: str  # the legend's symbol for the shape
    folder: str | None = None  # id/<folder>/… for the IRIs citekg mints
    document_kind: DocumentKind | None = None
    entity_kind: str | None = None  # the extractor's name of the kind: body, policy, method…

    @property
    def rgb(self) -> tuple[int, int, int]:
        """The colour as (red, green, blue), 0–255."""
        value = self.colour.lstrip("#")
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@functools.lru_cache(maxsize=1)
def node_types() -> tuple[NodeType, ...]:
    """The node types, in legend order."""
    path = package_dir("vocab") / "node-types.json"
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return tuple(NodeType(type=row["type"], class_iri=_expand(row["class"]), group=row["group"],
                              legend=row["legend"], colour=row["colour"], shape=row["shape"], glyph=row["glyph"],
                              folder=row.get("folder"),
                              document_kind=DocumentKind(row["document_kind"]) if "document_kind" in row else None,
                              entity_kind=row.get("entity_kind"))
                     for row in rows)
    except (OSError, ValueError, KeyError) as exc:
        raise ParseError(f"cannot read the node types: {exc}", source=str(path)) from exc


def _expand(curie: str | None) -> str | None:
    if curie is None:
        return None
    prefix, _, local = curie.partition(":")
    return getattr(namespaces, prefix.upper())[local]


NODE_TYPES = node_types()
#: The class of each kind of entity the extractor finds, by the kind's name (a Concept's ``kind``).
ENTITY_CLASSES: dict[str, str] = {t.entity_kind: t.class_iri for t in NODE_TYPES if t.entity_kind and t.class_iri}
#: The class of each kind of document.
DOCUMENT_CLASSES: dict[DocumentKind, str] = {t.document_kind: t.class_iri for t in NODE_TYPES
                                             if t.document_kind and t.class_iri}
#: The IRI folder of each kind of document (``id/paper/…``, ``id/post/…``).
DOCUMENT_FOLDERS: dict[DocumentKind, str] = {t.document_kind: t.folder for t in NODE_TYPES
                                             if t.document_kind and t.folder}
#: The types in legend order.
TYPE_ORDER: tuple[str, ...] = tuple(t.type for t in NODE_TYPES)
_BY_TYPE = {t.type: t for t in NODE_TYPES}


def node_type(name: str) -> NodeType:
    """The node type called ``name`` (an unknown one is the catch-all ``Work``)."""
    return _BY_TYPE.get(name, _BY_TYPE["Work"])
