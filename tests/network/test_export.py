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
    ("a.net", None, "pajek"), ("vos", "vosviewer", "vosviewer"), ("vos", "VOS", "vosviewer"),
])
def test_export_format_from_name_or_extension(path, fmt, expected):
    assert export_format(path, fmt) == expected


@pytest.mark.parametrize("path, fmt", [("a.png", None), ("a.csv", None), ("a", "dot")])
def test_unknown_export_formats_are_errors(path, fmt):
    with pytest.raises(KGError):
        export_format(path, fmt)


# A small hand-made view with hostile labels: a→b twice (weights 2 and 1), b→a (1), b→c (4), a self-loop on c (5),
# and d without links. Undirected, collapsed: a–b 4, b–c 4; links a 1, b 2, c 1, d 0; total strength 4, 8, 4, 0.
HOSTILE_LABELS = {"a": 'Alpha\tone\n"quoted"', "b": 'Beta, Inc; "x"', "c": "C\\", "d": "Delta\r\n=1+1"}
CLEAN_VOS = {"a": "Alpha one 'quoted'", "b": "Beta, Inc; 'x'", "c": "C\\", "d": "Delta =1+1"}
CLEAN_PAJEK = {"a": "Alpha one 'quoted'", "b": "Beta, Inc; 'x'", "c": "C/", "d": "Delta =1+1"}


def small_view(placed: bool = False) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(view="small")
    for i, (n, label) in enumerate(HOSTILE_LABELS.items()):
        g.add_node(n, label=label, type="Body", kind="entity", documents=3 - i if i < 3 else 0,
                   **({"x": float(i), "y": -2.5 * i} if placed else {}))
    for u, v, w in [("a", "b", 2), ("a", "b", 1), ("b", "a", 1), ("b", "c", 4), ("c", "c", 5)]:
        g.add_edge(u, v, predicate="mentions", weight=w)
    return g


def test_graphml_and_gexf_carry_metrics_and_clusters(tmp_path):
    from kg.network import communities, compute_metrics

    g = small_view()
    measures = {m.node: m for m in compute_metrics(g)}
    clusters = communities(g)
    assert clusters["d"] != clusters["a"]  # d has no links: a community of its own
    for name in ("g.graphml", "g.gexf"):
        (path,) = export_view(g, tmp_path / name)
        back = nx.read_graphml(path) if name.endswith("graphml") else nx.read_gexf(path)
        for n in g:
            node, m = back.nodes[n], measures[n]
            assert int(node["degree"]) == m.degree and int(node["cluster"]) == clusters[n]
            assert float(node["weighted_degree"]) == m.weighted_degree
            assert float(node["pagerank"]) == pytest.approx(m.pagerank, rel=1e-9)
            assert float(node["betweenness"]) == pytest.approx(m.betweenness, rel=1e-9)
            assert node["label"] == HOSTILE_LABELS[n]
        assert (int(back.nodes["b"]["degree"]), float(back.nodes["b"]["weighted_degree"])) == (4, 8.0)
        if name.endswith("gexf"):
            assert "position" not in back.nodes["a"]["viz"]  # no layout in the view: none written


def test_gexf_positions_when_the_view_has_them(tmp_path):
    (path,) = export_view(small_view(placed=True), tmp_path / "g.gexf")
    back = nx.read_gexf(path)
    assert back.nodes["c"]["viz"]["position"] == {"x": 2.0, "y": -5.0, "z": 0.0}


def _vos_rows(path):
    return list(csv.reader(path.open(encoding="utf-8", newline=""), delimiter="\t"))


def test_vosviewer_map_and_network_files(tmp_path):
    from kg.network import communities

    g = small_view()
    map_file, network_file = export_view(g, tmp_path / "vos", "vosviewer")
    assert (map_file.name, network_file.name) == ("map.txt", "network.txt")
    rows = _vos_rows(map_file)
    assert rows[0] == ["id", "label", "cluster", "weight<Links>", "weight<Total link strength>", "weight<Documents>"]
    assert len(rows) == 5 and all(len(r) == 6 for r in rows)
    clusters = communities(g)
    expected = {"a": ("1", 1, 4, 3), "b": ("2", 2, 8, 2), "c": ("3", 1, 4, 1), "d": ("4", 0, 0, 0)}
    for row, (n, (ident, links, strength, documents)) in zip(rows[1:], expected.items()):
        assert row == [ident, CLEAN_VOS[n], str(clusters[n] + 1), str(links), str(strength), str(documents)]
    assert '"Beta, Inc; \'x\'"' in map_file.read_text(encoding="utf-8")  # quoted: it holds , and ;
    assert network_file.read_text(encoding="utf-8") == "1\t2\t4\n2\t3\t4\n"


def test_vosviewer_positions_and_a_view_without_document_counts(tmp_path):
    g = small_view(placed=True)
    for n in g:
        del g.nodes[n]["documents"]
    map_file, _ = export_view(g, tmp_path / "vos", "vos")
    rows = _vos_rows(map_file)
    assert rows[0] == ["id", "label", "x", "y", "cluster", "weight<Links>", "weight<Total link strength>"]
    assert rows[3][:4] == ["3", "C\\", "2", "-5"]


def test_pajek_keeps_labels_and_summed_weights(tmp_path):
    g = small_view()
    (path,) = export_view(g, tmp_path / "g.net")
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[:5] == ["*Vertices 4", "1 \"Alpha one 'quoted'\"", "2 \"Beta, Inc; 'x'\"", '3 "C/"',
                                     '4 "Delta =1+1"']
    back = nx.read_pajek(path)
    assert sorted(back.nodes) == sorted(CLEAN_PAJEK.values())
    a, b, c = (CLEAN_PAJEK[n] for n in "abc")
    arcs = sorted((u, v, float(w)) for u, v, w in back.edges(data="weight"))
    assert arcs == sorted([(a, b, 3.0), (b, a, 1.0), (b, c, 4.0), (c, c, 5.0)])


def test_pajek_undirected_edges_from_a_real_view(graph, tmp_path):
    comention = view(graph, "comention")
    (path,) = export_view(comention, tmp_path / "c.net")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"*Vertices {comention.number_of_nodes()}"
    edges = lines[lines.index("*Edges") + 1:]
    assert len(edges) == comention.number_of_edges()
    assert all(int(line.split()[0]) <= int(line.split()[1]) for line in edges)


@pytest.mark.parametrize("name, fmt", [("g.gexf", None), ("g.graphml", None), ("vos", "vosviewer"), ("g.net", None)])
def test_same_view_same_bytes(tmp_path, name, fmt):
    first = export_view(small_view(), tmp_path / "1" / name, fmt)
    second = export_view(small_view(), tmp_path / "2" / name, fmt)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
