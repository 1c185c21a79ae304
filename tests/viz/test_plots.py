"""Plots: the numbers behind them come from the graph, and they save as PNG and SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kg.errors import KGError
from kg.network import scope_for
from kg.viz.plots import (
    make_plot,
    mentions_by_year,
    method_body_counts,
    save_figure,
    top_entities,
)

pytest.importorskip("matplotlib")


def test_mentions_by_year_counts_documents(graph):
    series = mentions_by_year(graph, "Body", top=4)
    assert len(series) == 4 and series[0].total >= series[-1].total
    ccg = next(s for s in mentions_by_year(graph, "Body", top=50) if s.label == "Clinical Commissioning Group")
    dated = int(graph.query("""SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {
        ?d a ?t FILTER(?t IN (ckg:Paper, ckg:BlogPost, ckg:Report, ckg:WebPage))
        ?d ckg:mentions body:ccg ; dcterms:issued ?i }""").rows[0][0].value)
    assert ccg.total == dated and ccg.counts[2021] >= 1  # the hostile 2021 record mentions CCGs
    assert all(2013 <= y <= 2021 for s in mentions_by_year(graph, "Policy", scope=scope_for(era="ccg")) for y in s.counts)


def test_methods_by_bodies(graph):
    data = method_body_counts(graph, methods=5, bodies=4)
    assert len(data.methods) == 5 and len(data.bodies) == 4
    assert len(data.counts) == 5 and all(len(row) == 4 for row in data.counts)
    assert any(v > 0 for row in data.counts for v in row)


def test_top_entities_by_type(graph):
    data = top_entities(graph, n=3)
    assert set(data) <= {"Body", "Policy", "StudyMethod", "Theory", "Place", "Person"} and "Body" in data
    assert all(len(v) <= 3 and [c for _, c in v] == sorted((c for _, c in v), reverse=True) for v in data.values())


@pytest.mark.parametrize("name", ["timeline", "heatmap", "top"])
def test_plots_save_as_png_and_svg(graph, tmp_path, name):
    figure = make_plot(graph, name, top=4)
    png = save_figure(figure, tmp_path / f"{name}.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = save_figure(make_plot(graph, name, top=4), tmp_path / f"{name}.svg")
    assert ET.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    again = save_figure(make_plot(graph, name, top=4), tmp_path / f"{name}-again.svg")
    assert svg.read_bytes() == again.read_bytes()  # byte-identical across runs


def test_timeline_draws_the_eras(graph, tmp_path):
    svg = save_figure(make_plot(graph, "timeline"), tmp_path / "t.svg", dpi=72)
    assert svg.stat().st_size > 10_000


def test_empty_scope_still_plots(graph, tmp_path):
    for name in ("timeline", "heatmap", "top"):
        save_figure(make_plot(graph, name, scope_for(years="1800-1801")), tmp_path / f"{name}.png", dpi=40)


def test_bad_names_and_formats(graph, tmp_path):
    with pytest.raises(KGError, match="no plot called"):
        make_plot(graph, "pie")
    with pytest.raises(KGError, match="png or svg"):
        save_figure(make_plot(graph, "top", top=2), tmp_path / "x.pdf")


def test_labels_are_text_never_mathtext(graph, tmp_path):
    """A label with dollar signs ("$\\frac{a}{$" in a byline, "$5bn to $8bn" in a title) is drawn as written: as
    mathtext the first cannot be parsed (saving the plot would fail) and the second is set in math italics."""
    import matplotlib.text

    for kind in ("timeline", "heatmap", "top"):
        figure = make_plot(graph, kind)
        texts = [t for t in figure.findobj(matplotlib.text.Text) if t.get_text()]
        assert texts and not [t for t in texts if t.get_parse_math()]
        for text in texts:
            text.set_text(r"$\frac{a}{$ said $5bn to $8bn")
        save_figure(figure, tmp_path / f"{kind}.png")
        save_figure(figure, tmp_path / f"{kind}.svg")
