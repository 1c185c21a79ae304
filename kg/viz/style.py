"""How each node type looks: colour, vis-network shape and legend glyph (shared by the explorer, plots and GEXF).

Colours are Tableau 10 and its light variants, which stay apart for the
common forms of colour blindness when paired with distinct shapes.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TypeStyle", "TYPE_STYLES", "style_of", "hex_to_rgb"]


@dataclass(frozen=True)
class TypeStyle:
    """The look of one node type."""

    name: str      # shown in the legend
    color: str     # #rrggbb
    shape: str     # a vis-network shape
    glyph: str     # the legend's symbol for the shape


TYPE_STYLES: dict[str, TypeStyle] = {
    "Paper": TypeStyle("paper", "#4E79A7", "square", "■"),
    "BlogPost": TypeStyle("blog post", "#76B7B2", "square", "■"),
    "Report": TypeStyle("report", "#2B5F8F", "square", "■"),
    "WebPage": TypeStyle("web page", "#9DB9D5", "square", "■"),
    "Body": TypeStyle("body", "#F28E2B", "dot", "●"),
    "Policy": TypeStyle("policy", "#E15759", "diamond", "◆"),
    "StudyMethod": TypeStyle("study method", "#59A14F", "triangle", "▲"),
    "Theory": TypeStyle("theory", "#B07AA1", "star", "★"),
    "Place": TypeStyle("place", "#EDC948", "hexagon", "⬢"),
    "Person": TypeStyle("person", "#FF9DA7", "triangleDown", "▼"),
    "Group": TypeStyle("author group", "#D37295", "triangleDown", "▼"),
    "MeshHeading": TypeStyle("MeSH heading", "#9C755F", "dot", "●"),
    "Journal": TypeStyle("journal", "#79706E", "hexagon", "⬢"),
    "Reference": TypeStyle("cited work", "#BAB0AC", "square", "■"),
    "Work": TypeStyle("other work", "#D7D2CB", "square", "■"),
}


def style_of(node_type: str) -> TypeStyle:
    """The style of a node type (unknown types look like ``Work``)."""
    return TYPE_STYLES.get(node_type, TYPE_STYLES["Work"])


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """``#rrggbb`` → (r, g, b)."""
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
