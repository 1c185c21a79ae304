"""Every export re-reads with networkx keeping node types, labels, years and edge predicates."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from kg.errors import KGError
from kg.network import export_format, export_view, view
from tests.network.graphs import HOSTILE_IRI, HOSTILE_TITLE

CCG = "https://w3id.org/citekg/id/body/ccg"


@pytest.fixture(scope="module")
def full(graph):
    return view(graph, "full")


def test_graphml_keeps_types_and_attributes(full, tmp_path):
    (path,) = export_view(full, tmp_path / "g.graphml")
    back = nx.read_graphml(path)
    assert isinstance(back, nx.MultiDiGraph)
    assert back.number_of_nodes() == full.number_of_nodes() and back.number_of_edges() == full.number_of_edges()
    node = back.nodes[CCG]
    assert (node["type"], node["label"], node["kind"]) == ("Body", "Clinical Commissioning Group", "entity")
    assert node["documents"] == full.nodes[CCG]["documents"]
    assert node["years"] == ";".join(map(str, full.nodes[CCG]["years"]))
    assert back.nodes[HOSTILE_IRI]["label"] == HOSTILE_TITLE and back.nodes[HOSTILE_IRI]["year"] == 2021
    assert {d["predicate"] for _, _, d in back.edges(data=True)} == {d["predicate"] for _, _, d in full.edges(data=True)}
    assert back.graph["view"] == "full"


def test_gexf_opens_in_gephi_with_colours(graph, tmp_path):
    comention = view(graph, "comention")
    (path,) = export_view(comention, tmp_path / "g.gexf")
    back = nx.read_gexf(path)
    assert back.number_of_nodes() == comention.number_of_nodes()
    assert back.nodes[CCG]["type"] == "Body" and back.nodes[CCG]["label"] == "Clinical Commissioning Group"
    assert back.nodes[CCG]["viz"]["color"] == {"r": 0xF2, "g": 0x8E, "b": 0x2B, "a": 1.0}
    root = ET.parse(path).getroot()
    assert root.tag.endswith("gexf")
    u, v = next(iter(comention.edges))
    assert float(back[u][v]["weight"]) == comention[u][v]["weight"]


def test_csv_node_and_edge_lists(full, tmp_path):
    nodes, edges = export_view(full, tmp_path / "csv")
    node_rows = list(csv.DictReader(nodes.open(encoding="utf-8")))
    edge_rows = list(csv.DictReader(edges.open(encoding="utf-8")))
    assert len(node_rows) == full.number_of_nodes() and len(edge_rows) == full.number_of_edges()
    row = next(r for r in node_rows if r["id"] == CCG)
    assert row["type"] == "Body" and int(row["degree"]) == full.degree(CCG)
    assert {r["predicate"] for r in edge_rows} >= {"mentions", "cites"}


def test_node_link_json_round_trips(full, tmp_path):
    (path,) = export_view(full, tmp_path / "g.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "edges" in data and data["directed"] and data["multigraph"]
    back = nx.node_link_graph(data, edges="edges")
    assert sorted(back.nodes) == sorted(full.nodes)
    assert back.nodes[CCG]["years"] == list(full.nodes[CCG]["years"])


@pytest.mark.parametrize("path, fmt, expected", [
    ("a.graphml", None, "graphml"), ("a.GEXF", None, "gexf"), ("a.json", None, "json"), ("folder", None, "csv"),
    ("a.xml", "gephi", "gexf"), ("out", "node-link", "json"), ("x", ".graphml", "graphml"),
])
def test_export_format_from_name_or_extension(path, fmt, expected):
    assert export_format(path, fmt) == expected


@pytest.mark.parametrize("path, fmt", [("a.png", None), ("a.csv", None), ("a", "dot")])
def test_unknown_export_formats_are_errors(path, fmt):
    with pytest.raises(KGError):
        export_format(path, fmt)
