"""Plots of the graph with matplotlib, as PNG or SVG (``pip install 'citekg[viz]'``).

==============  ================================================================
plot            shows
==============  ================================================================
``timeline``    documents per year that mention the top bodies and policies,
                over bands of the policy eras (``ontology/eras.ttl``)
``heatmap``     study methods × bodies: how many studies that used the method
                mention the body; hatched cells are where evidence is thin
``top``         the entities most documents mention, one panel per type
==============  ================================================================

Each plot has a data function (plain Python, no matplotlib: ``mentions_by_year``,
``method_body_counts``, ``top_entities``) and a drawing function returning a
``matplotlib.figure.Figure``; :func:`make_plot` draws one by name and
:func:`save_figure` writes it. No pyplot state is used, so plotting works
in servers and threads.

``save_figure(make_plot(graph, "timeline"), "timeline.svg")`` is what
``kg plot timeline -o timeline.svg`` does.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg._io import GENERATOR, atomic_write
from kg.errors import MissingDependency, UsageError
from kg.network.eras import ALL_YEARS, Era, Scope, eras
from kg.network.views import ENTITY_TYPES, catalogue, scoped_documents
from kg.vocab.namespaces import local_name
from kg.vocab.types import ENTITY_CLASSES, node_type

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from kg.graph import KnowledgeGraph

__all__ = ["Series", "MethodBodyCounts", "mentions_by_year", "method_body_counts", "top_entities",
           "timeline_figure", "heatmap_figure", "top_entities_figure", "make_plot", "save_figure",
           "PLOTS", "PLOT_FORMATS", "THIN"]

PLOT_FORMATS = ("png", "svg")
#: Heatmap cells with fewer studies than this are marked as thin evidence.
THIN = 2
_TYPE_CLASSES = {local_name(cls): f"<{cls}>" for cls in ENTITY_CLASSES.values()}


@dataclass(frozen=True)
class Series:
    """Documents per year that mention one entity."""

    entity: str
    label: str
    type: str
    counts: dict[int, int]

    @property
    def total(self) -> int:
        """Documents over all years (a document counts once a year)."""
        return sum(self.counts.values())


@dataclass(frozen=True)
class MethodBodyCounts:
    """``counts[i][j]``: documents that used ``methods[i]`` and mention ``bodies[j]``."""

    methods: list[str]
    bodies: list[str]
    counts: list[list[int]]


def _entity_class(kind: str) -> str:
    if kind not in _TYPE_CLASSES:
        raise UsageError(f"not an entity type: {kind!r} (one of {', '.join(_TYPE_CLASSES)})")
    return _TYPE_CLASSES[kind]


def mentions_by_year(graph: KnowledgeGraph, kind: str = "Body", top: int = 6,
                     scope: Scope = ALL_YEARS) -> list[Series]:
    """For the ``top`` entities of type ``kind`` mentioned by most dated documents: documents per year."""
    rows = graph.query(f"""SELECT ?e ?year (COUNT(DISTINCT ?d) AS ?n) WHERE {{
        {scoped_documents('d', scope)} ?d ckg:mentions ?e . ?e a {_entity_class(kind)} .
        ?d dcterms:issued ?issued . BIND(xsd:integer(SUBSTR(STR(?issued), 1, 4)) AS ?year)
    }} GROUP BY ?e ?year""").rows
    counts: dict[str, dict[int, int]] = defaultdict(dict)
    for e, year, n in rows:
        if e is not None and year is not None and n is not None:
            counts[e.value][int(year.value)] = int(n.value)
    cat = catalogue(graph)
    series = [Series(e, cat[e].label if e in cat else e, kind, dict(sorted(c.items()))) for e, c in counts.items()]
    return sorted(series, key=lambda s: (-s.total, s.label))[:top]


def method_body_counts(graph: KnowledgeGraph, methods: int = 12, bodies: int = 12,
                       scope: Scope = ALL_YEARS) -> MethodBodyCounts:
    """The ``methods`` methods most studies used × the ``bodies`` bodies those studies mention most."""
    rows = graph.query(f"""SELECT ?m ?b (COUNT(DISTINCT ?d) AS ?n) WHERE {{
        {scoped_documents('d', scope)} ?d ckg:usesMethod ?m . ?d ckg:mentions ?b . ?b a ckg:Body
    }} GROUP BY ?m ?b""").rows
    method_rows = graph.query(f"""SELECT ?m (COUNT(DISTINCT ?d) AS ?n) WHERE {{
        {scoped_documents('d', scope)} ?d ckg:usesMethod ?m }} GROUP BY ?m""").rows
    body_rows = graph.query(f"""SELECT ?b (COUNT(DISTINCT ?d) AS ?n) WHERE {{
        {scoped_documents('d', scope)} ?d ckg:usesMethod ?m . ?d ckg:mentions ?b . ?b a ckg:Body }} GROUP BY ?b""").rows
    cat = catalogue(graph)

    def label(iri: str) -> str:
        return cat[iri].label if iri in cat else iri.rsplit("/", 1)[-1]

    def ranked(found: list, limit: int) -> list[str]:
        totals = [(r[0].value, int(r[1].value)) for r in found if r[0] is not None and r[1] is not None]
        return [iri for iri, _ in sorted(totals, key=lambda t: (-t[1], label(t[0])))[:limit]]

    top_methods, top_bodies = ranked(method_rows, methods), ranked(body_rows, bodies)
    cell = {(m.value, b.value): int(n.value) for m, b, n in rows if m and b and n}
    return MethodBodyCounts([label(m) for m in top_methods], [label(b) for b in top_bodies],
                            [[cell.get((m, b), 0) for b in top_bodies] for m in top_methods])


def top_entities(graph: KnowledgeGraph, n: int = 10, types: Iterable[str] = ENTITY_TYPES,
                 scope: Scope = ALL_YEARS) -> dict[str, list[tuple[str, int]]]:
    """For each entity type, the ``n`` entities the most documents mention: (label, documents)."""
    wanted = tuple(types)
    rows = graph.query(f"""SELECT ?e (COUNT(DISTINCT ?d) AS ?n) WHERE {{
        {scoped_documents('d', scope)} ?d ckg:mentions ?e }} GROUP BY ?e""").rows
    cat = catalogue(graph)
    found: dict[str, list[tuple[str, int]]] = {t: [] for t in wanted}
    for e, count in rows:
        if e is not None and count is not None and e.value in cat and cat[e.value].type in found:
            found[cat[e.value].type].append((cat[e.value].label, int(count.value)))
    return {t: sorted(v, key=lambda x: (-x[1], x[0]))[:n] for t, v in found.items() if v}


# ------------------------------------------------------------------ drawing

def _figure(width: float, height: float) -> Figure:
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise MissingDependency("matplotlib", "viz", "kg plot") from exc
    return Figure(figsize=(width, height), layout="constrained")


def _cut(text: str, width: int = 38) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


_ERA_SHADES = ("#f2f2f2", "#e4e4e4")


def timeline_figure(graph: KnowledgeGraph, top: int = 6, scope: Scope = ALL_YEARS,
                    kinds: Iterable[str] = ("Body", "Policy"), era_list: Iterable[Era] | None = None) -> Figure:
    """Documents per year mentioning the top entities of each kind, one panel per kind, over era bands."""
    kinds = tuple(kinds)
    data = {k: mentions_by_year(graph, k, top, scope) for k in kinds}
    years = sorted({y for series in data.values() for s in series for y in s.counts})
    fig = _figure(10, 3.0 * len(kinds) + 0.6)
    axes = fig.subplots(len(kinds), 1, sharex=True, squeeze=False)[:, 0]
    if not years:
        axes[0].text(0.5, 0.5, "No dated documents mention these entities", ha="center", va="center",
                     transform=axes[0].transAxes)
        return fig
    lo, hi = years[0] - 0.5, years[-1] + 0.5
    bands = [e for e in (era_list if era_list is not None else eras())
             if e.start <= hi and (e.end is None or e.end > lo)]
    extents = [(max(era.start - 0.5, lo), min((era.end - 0.5) if era.end is not None else hi, hi)) for era in bands]
    palette = ("#4E79A7", "#F28E2B", "#E15759", "#59A14F", "#B07AA1", "#76B7B2", "#EDC948", "#9C755F",
               "#FF9DA7", "#79706E")
    for ax, kind in zip(axes, kinds):
        for i, (start, end) in enumerate(extents):
            ax.axvspan(start, end, color=_ERA_SHADES[i % 2], zorder=0, lw=0)
        for i, s in enumerate(data[kind]):
            xs = list(range(years[0], years[-1] + 1))
            ax.plot(xs, [s.counts.get(x, 0) for x in xs], marker="o", ms=3.5, lw=1.6,
                    color=palette[i % len(palette)], label=_cut(s.label), zorder=2)
        ax.set_ylabel("documents")
        ax.set_title(f"{node_type(kind).legend.capitalize()}: documents mentioning it, by year", loc="left", fontsize=11)
        ax.set_xlim(lo, hi)
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", color="#dddddd", lw=0.6, zorder=1)
        ax.spines[["top", "right"]].set_visible(False)
        if data[kind]:
            ax.legend(loc="upper left", fontsize=8, frameon=False, bbox_to_anchor=(1.0, 1.0))
    for ax in axes:
        ax.set_ylim(0, ax.get_ylim()[1] * 1.15)  # room for the era names
        ax.yaxis.get_major_locator().set_params(integer=True)
    for era, (start, end) in zip(bands, extents):
        axes[0].text((start + end) / 2, 0.98, era.label, transform=axes[0].get_xaxis_transform(),
                     ha="center", va="top", fontsize=8, color="#555555", zorder=3)
    axes[-1].xaxis.get_major_locator().set_params(integer=True)
    axes[-1].set_xlabel("year issued" + (f" ({scope.describe()})" if scope.bounded else ""))
    return fig


def heatmap_figure(graph: KnowledgeGraph, methods: int = 12, bodies: int = 12, scope: Scope = ALL_YEARS) -> Figure:
    """Methods × bodies: studies that used the method and mention the body; thin cells (< THIN) hatched."""
    from matplotlib.patches import Rectangle

    data = method_body_counts(graph, methods, bodies, scope)
    fig = _figure(max(6.0, 0.55 * len(data.bodies) + 4.0), max(3.5, 0.42 * len(data.methods) + 2.4))
    ax = fig.add_subplot()
    if not data.methods or not data.bodies:
        ax.text(0.5, 0.5, "No study in the graph both used a method and mentions a body",
                ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    peak = max(max(row) for row in data.counts) or 1
    image = ax.imshow(data.counts, cmap="Blues", vmin=0, vmax=peak, aspect="auto")
    ax.set_xticks(range(len(data.bodies)), [_cut(b, 30) for b in data.bodies], rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(len(data.methods)), [_cut(m, 34) for m in data.methods], fontsize=8)
    for i, row in enumerate(data.counts):
        for j, value in enumerate(row):
            ax.text(j, i, str(value), ha="center", va="center", fontsize=7,
                    color="white" if value > peak * 0.6 else "#333333")
            if value < THIN:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="///", lw=0,
                                       edgecolor="#d08c8c"))
    fig.colorbar(image, ax=ax, label="studies", shrink=0.8)
    ax.set_title("Study methods × bodies: studies that used the method and mention the body\n"
                 f"(hatched: fewer than {THIN}, where the evidence is thin"
                 + (f"; {scope.describe()}" if scope.bounded else "") + ")", loc="left", fontsize=10)
    return fig


def top_entities_figure(graph: KnowledgeGraph, n: int = 10, scope: Scope = ALL_YEARS,
                        types: Iterable[str] = ENTITY_TYPES) -> Figure:
    """The entities most documents mention, one bar chart per type."""
    data = top_entities(graph, n, types, scope)
    panels = list(data) or ["Body"]
    cols = 2 if len(panels) > 1 else 1
    rows = (len(panels) + cols - 1) // cols
    fig = _figure(11, max(3.0, rows * (0.28 * n + 1.2)))
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax, kind in zip(axes, panels):
        entries = data.get(kind, [])
        labels = [_cut(label, 36) for label, _ in entries][::-1]
        values = [count for _, count in entries][::-1]
        ax.barh(range(len(values)), values, color=node_type(kind).colour)
        ax.set_ylim(len(values) - n - 0.4, len(values) - 0.4)  # bars as thick in every panel
        ax.set_yticks(range(len(values)), labels, fontsize=8)
        for y, v in enumerate(values):
            ax.text(v, y, f" {v}", va="center", fontsize=7, color="#333333")
        ax.set_title(node_type(kind).legend.capitalize(), loc="left", fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("documents", fontsize=8)
    for ax in axes[len(panels):]:
        ax.set_axis_off()
    fig.suptitle("Entities mentioned by the most documents" + (f" ({scope.describe()})" if scope.bounded else ""),
                 x=0.01, ha="left", fontsize=11)
    return fig


#: The plots :func:`make_plot` draws.
PLOTS = ("timeline", "heatmap", "top")


def make_plot(graph: KnowledgeGraph, name: str, scope: Scope = ALL_YEARS, top: int | None = None) -> Figure:
    """Draw the plot called ``name`` (``timeline``, ``heatmap`` or ``top``); ``top`` sets how many entities.

    Labels are text, never matplotlib's mathtext: "$5bn to $8bn" in a title is drawn as written.
    """
    import matplotlib

    draw = {"timeline": lambda: timeline_figure(graph, top or 6, scope),
            "heatmap": lambda: heatmap_figure(graph, top or 12, top or 12, scope),
            "top": lambda: top_entities_figure(graph, top or 10, scope)}.get(name)
    if draw is None:
        raise UsageError(f"no plot called {name!r}; plots: {', '.join(PLOTS)}")
    with matplotlib.rc_context({"text.parse_math": False}):
        return draw()


def save_figure(fig: Figure, path: str | os.PathLike[str], format: str | None = None, dpi: int = 150) -> Path:
    """Write ``fig`` as PNG or SVG (by ``format`` or the extension); SVG output is byte-identical across runs."""
    import matplotlib

    target = Path(path)
    fmt = (format or target.suffix.lstrip(".") or "png").lower()
    if fmt not in PLOT_FORMATS:
        raise UsageError(f"plots are written as {' or '.join(PLOT_FORMATS)}, not {fmt!r}")
    metadata: dict[str, Any] = {"Date": None, "Creator": GENERATOR} if fmt == "svg" else {"Software": GENERATOR}
    with matplotlib.rc_context({"svg.hashsalt": "citekg", "svg.fonttype": "path"}):
        atomic_write(target, lambda out: fig.savefig(out, format=fmt, dpi=dpi, metadata=metadata))
    return target
