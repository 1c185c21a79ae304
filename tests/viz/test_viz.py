"""kg.viz: the explorer as an object, inline display in notebooks, and a cheap import."""

from __future__ import annotations

import html
import subprocess
import sys

import pytest

from kg.viz import Explorer, explorer, explorer_html, show
from tests.network.graphs import synthetic_view


def test_importing_kg_viz_loads_no_heavy_library():
    code = ("import sys, kg, kg.viz, kg.network; "
            "print(sorted(m for m in ('networkx', 'matplotlib', 'pyvis', 'numpy', 'IPython', 'igraph', 'leidenalg')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_explorer_of_a_store_view(graph):
    page = explorer(graph, "comention", era="ccg", top=30)
    assert isinstance(page, Explorer) and page.nodes == 30 and page.edges > 0
    assert page.thinning.nodes_after == 30 and page.thinning.thinning.max_nodes == 30
    assert "CCG era" in page.html


def test_explorer_html_is_the_page_kg_serve_serves(graph):
    page = explorer_html(graph)
    assert page.startswith("<!DOCTYPE html>") and '"view":"full"' in page


def test_explorer_of_a_networkx_view(tmp_path):
    page = explorer(synthetic_view(20), title="Made by hand")
    assert page.nodes == 20 and "<title>Made by hand</title>" in page.html
    assert page.save(tmp_path / "x.html").read_text(encoding="utf-8") == page.html


def test_inline_display_is_a_sandboxed_srcdoc_iframe():
    page = explorer(synthetic_view(10), height=500)
    frame = page._repr_html_()
    assert frame.startswith('<div class="citekg-explorer"><iframe srcdoc="')
    assert 'sandbox="allow-scripts"' in frame and "height:500px" in frame
    srcdoc = frame.split('srcdoc="', 1)[1].split('" sandbox=', 1)[0]
    assert '"' not in srcdoc and "<" not in srcdoc  # fully attribute-escaped
    assert html.unescape(srcdoc) == page.html


def test_show_displays_in_a_notebook(monkeypatch):
    display = pytest.importorskip("IPython.display")
    shown = []
    monkeypatch.setattr(display, "display", lambda obj: shown.append(obj))
    assert show(synthetic_view(8), top=5) is None
    (obj,) = shown
    assert isinstance(obj, display.HTML) and '<iframe srcdoc="' in obj.data
