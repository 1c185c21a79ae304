"""kg stats, viz, plot and export: what they write and print, and their exit statuses."""

from __future__ import annotations

import csv
import json
import re

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.network.graphs import demo_store


@pytest.fixture(scope="module")
def store(request, tmp_path_factory):
    return str(demo_store(request, tmp_path_factory))


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, list(args), catch_exceptions=False)
    return invoke


def test_the_commands_are_registered(run):
    result = run("--help")
    for command in ("stats", "viz", "plot", "export"):
        assert re.search(rf"^\s+{command}\s", result.output, re.M), command


def test_stats_prints_a_table_and_writes_csv(run, store, tmp_path):
    out = tmp_path / "metrics.csv"
    result = run("stats", "--store", store, "--view", "comention", "--rows", "5", "-o", str(out))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Entity co-mention: ") and "comention view, all years" in lines[0]
    assert lines[1].split()[:4] == ["#", "label", "type", "degree"] and len(lines) == 1 + 2 + 5 + 1
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert int(lines[-1].strip("()").split()[0].replace(",", "")) == len(rows) - 5
    assert rows[0]["label"] in lines[3]


def test_stats_csv_to_standard_output_in_an_era(run, store):
    result = run("stats", "--store", store, "--view", "authors", "--era", "ccg", "-o", "-")
    assert result.exit_code == 0
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert rows and {r["type"] for r in rows} <= {"Person", "Group"}


def test_viz_writes_a_self_contained_page(run, store, tmp_path):
    out = tmp_path / "ego.html"
    result = run("viz", "--store", store, "--view", "ego:CCG", "--years", "2013-2024", "-o", str(out), "--title", "CCGs")
    assert result.exit_code == 0 and "ego view, 2013–2024" in result.stderr
    page = out.read_text(encoding="utf-8")
    assert "<title>CCGs</title>" in page and "<script src" not in page
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', page, re.S).group(1))
    assert data["view"] == "ego" and any(n["iri"].endswith("/body/ccg") for n in data["nodes"])


def test_viz_top_keeps_the_most_central_nodes(run, store, tmp_path):
    out = tmp_path / "top.html"
    assert run("viz", "--store", store, "--top", "15", "-o", str(out)).exit_code == 0
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', out.read_text(encoding="utf-8"), re.S).group(1))
    assert len(data["nodes"]) == 15


def test_plot_writes_png_and_svg(run, store, tmp_path):
    pytest.importorskip("matplotlib")
    result = run("plot", "--store", store, "-d", str(tmp_path), "--format", "png,svg", "--top", "3")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{k}.{f}" for k in ("timeline", "heatmap", "top") for f in ("png", "svg"))
    one = tmp_path / "one.svg"
    assert run("plot", "heatmap", "--store", store, "-o", str(one), "--era", "ccg").exit_code == 0 and one.exists()


def test_export_formats(run, store, tmp_path):
    graphml = tmp_path / "citations.graphml"
    result = run("export", "--store", store, "--view", "citation", "-o", str(graphml))
    assert result.exit_code == 0 and "citation view" in result.stderr
    assert isinstance(nx.read_graphml(graphml), nx.DiGraph)
    folder = tmp_path / "csv"
    assert run("export", "--store", store, "--view", "mesh", "--format", "csv", "-o", str(folder)).exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["edges.csv", "nodes.csv"]


def test_list_eras(run):
    result = run("viz", "--list-eras")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == ["internal-market", "new-labour", "coalition", "ccg", "ics"]


@pytest.mark.parametrize("args, message", [
    (("viz", "--era", "thatcher"), "no policy era called 'thatcher'"),
    (("stats", "--years", "twenty"), "not a year range"),
    (("viz", "--view", "ego:nothing-called-this"), "nothing called"),
    (("export", "-o", "x.png"), "cannot tell the export format"),
    (("plot", "pie"), "no plot called 'pie'"),
    (("plot", "-o", "x.png"), "-o names one file"),
    (("stats", "--view", "hairball"), "no view called 'hairball'"),
])
def test_bad_arguments_exit_2_with_one_line(run, store, tmp_path, args, message):
    result = run(*args, "--store", store)
    assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1


def test_a_missing_store_says_how_to_build_one(run, tmp_path):
    result = run("stats", "--store", str(tmp_path / "none"))
    assert result.exit_code == 2 and "kg build" in result.stderr


def test_viz_thins_to_a_readable_map_and_says_so(run, store, tmp_path):
    out = tmp_path / "thin.html"
    result = run("viz", "--store", store, "--view", "full", "--max-nodes", "40", "--max-edges", "60", "-o", str(out))
    assert result.exit_code == 0 and "thinned to a readable map: 40 of " in result.stderr
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', out.read_text(encoding="utf-8"), re.S).group(1))
    assert len(data["nodes"]) <= 40 and len(data["edges"]) <= 60
    assert data["thinning"]["nodesAfter"] == len(data["nodes"]) and data["thinning"]["cuts"][0]["setting"] == "max_nodes"
    assert data["controls"]["max_nodes"].startswith("--max-nodes")
    whole = tmp_path / "all.html"
    result = run("viz", "--store", store, "--view", "full", "--all", "-o", str(whole))
    assert result.exit_code == 0 and "thinned" not in result.stderr
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', whole.read_text(encoding="utf-8"), re.S).group(1))
    assert len(data["nodes"]) > 40 and data["thinning"]["cuts"] == []
