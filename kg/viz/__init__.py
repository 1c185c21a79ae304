"""Seeing the graph: the offline HTML explorer, notebook display and plots.

>>> import kg, tempfile
>>> from kg.viz import explorer, show
>>> graph = kg.build(["examples/sources/pubmed-ics.xml"], store=":memory:")
>>> page = explorer(graph, "comention", era="ics")
>>> page.nodes, page.save(tempfile.mkdtemp() + "/comention.html").suffix
(34, '.html')

In Jupyter, VS Code or Colab, ``show(graph, "ego:CCG")`` displays the page in the notebook.

``explorer`` returns the page (``.html``, ``.save(path)``, shown inline when
it is a cell's value); ``explorer_html`` is its text (``kg serve`` serves it
at ``/explorer``); ``show`` displays it in a notebook now.

The page itself is made by :mod:`kg.viz.html`, node positions for large
views by :mod:`kg.viz.layout`, and the plots (matplotlib) by
:mod:`kg.viz.plots`. Importing this package loads neither networkx nor
matplotlib.
"""

from __future__ import annotations

import os
from html import escape
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg._io import atomic_write_text
from kg.errors import UsageError
from kg.network.eras import Scope, scope_for
from kg.network.thin import READABLE, Thinning, ThinningReport, thin_view, thinning_with
from kg.network.views import view as make_view
from kg.viz.html import explorer_page

if TYPE_CHECKING:
    import networkx as nx

    from kg.graph import KnowledgeGraph

__all__ = ["Explorer", "explorer", "explorer_html", "show"]


@dataclass(frozen=True)
class Explorer:
    """An explorer page: ``html`` is the whole self-contained page, ``nodes`` and ``edges`` what it draws,
    ``thinning`` what was cut to make it readable. Shown inline by Jupyter (an ``<iframe srcdoc>``);
    ``save(path)`` writes it to a file."""

    html: str = field(repr=False)
    nodes: int
    edges: int
    height: int = 640
    thinning: ThinningReport | None = None

    def iframe(self) -> str:
        """The page inside an ``<iframe srcdoc=...>``, sandboxed to run scripts only (no network, no parent access)."""
        return (f'<div class="citekg-explorer"><iframe srcdoc="{escape(self.html, quote=True)}" '
                f'sandbox="allow-scripts" style="width:100%;height:{int(self.height)}px;border:1px solid #d0d7de;'
                f'border-radius:6px" title="citekg explorer" loading="eager"></iframe></div>')

    def _repr_html_(self) -> str:
        return self.iframe()

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to ``path`` and return the path."""
        return atomic_write_text(path, self.html)


def explorer(graph: KnowledgeGraph | nx.Graph, view: str = "full", *, years: str | None = None,
             era: str | None = None, scope: Scope | None = None, top: int | None = None,
             thinning: Thinning = READABLE, height: int = 640, **options: Any) -> Explorer:
    """The explorer for a view of ``graph`` (``full``, ``citation``, ``documents``, ``comention``, ``authors``,
    ``mesh``, ``ego:LABEL``) restricted by ``years`` (``2013-2016``), ``era`` (``ccg``) or a ``scope``, and
    thinned to a readable map by ``thinning`` (:mod:`kg.network.thin`; by default at most 500 nodes and
    2,000 links; :data:`kg.network.thin.EVERYTHING` keeps all); ``top`` sets its number of nodes. ``graph``
    may also be a networkx view already made. Other ``options`` go to :class:`kg.viz.html.ExplorerOptions`."""
    chosen = scope if scope is not None else scope_for(years, era)
    if hasattr(graph, "query"):
        net, source = make_view(graph, view, chosen), graph
    else:
        net, source = graph, None
    thinning = thinning_with(thinning, max_nodes=top)
    if net.graph.get("center") is not None:
        thinning = thinning_with(thinning, keep=frozenset({net.graph["center"]}))
    net, report = thin_view(net, thinning)
    page = explorer_page(net, source, chosen, report, **options)
    return Explorer(page, net.number_of_nodes(), net.number_of_edges(), height, report)


def explorer_html(graph: KnowledgeGraph | nx.Graph, view: str = "full", **options: Any) -> str:
    """The explorer page as a string, ``explorer(graph, view, **options).html`` (what ``kg serve`` serves
    at ``/explorer``)."""
    return explorer(graph, view, **options).html


def show(graph: KnowledgeGraph | nx.Graph, view: str = "full", **options: Any) -> None:
    """Display the explorer inline in a notebook (Jupyter, VS Code, Colab: an ``<iframe srcdoc>``);
    ``options`` as for :func:`explorer`, which returns the page instead."""
    try:
        from IPython.display import HTML, display
    except ImportError as exc:
        raise UsageError("show() displays in a notebook and needs IPython; "
                      "outside one, use kg.viz.explorer(...).save('graph.html')") from exc
    display(HTML(explorer(graph, view, **options).iframe()))
