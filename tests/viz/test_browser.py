"""The explorer in real headless Chromium with networking off (Debian's chromium; `make browser`).

Checks what a person would see: the page draws every node of the view with
no console error and no request beyond its own file; search, the type filter
and the year filter change what is drawn; a click opens the documents and
evidence of a node; a title such as ``<img src=x onerror=alert(1)>`` shows
as text and runs nothing; large views are drawn without physics; the
notebook iframe renders. A screenshot is saved to build/screenshots/.
"""

from __future__ import annotations

import json
import pytest

from kg.network import Thinning, catalogue, view
from kg.viz import explorer
from tests.chromium import Chromium, find_chromium
from kg.viz.html import write_explorer
from tests.network.graphs import HOSTILE_IRI, HOSTILE_TITLE, ROOT, synthetic_view

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(find_chromium() is None,
                                 reason="headless Chromium not installed (Debian: apt-get install chromium, or make browser)")]

SCREENSHOTS = ROOT / "build" / "screenshots"
CCG = "https://w3id.org/citekg/id/body/ccg"
READY = "window.__kg && window.__kg.ready"


@pytest.fixture(scope="module")
def browser():
    with Chromium(width=1400, height=900) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def full(graph):
    return view(graph, "full")


@pytest.fixture(scope="module")
def page_file(full, graph, tmp_path_factory):
    return write_explorer(full, tmp_path_factory.mktemp("explorer") / "full.html", graph)


@pytest.fixture(scope="module")
def loaded(browser, page_file):
    """One tab for the interaction tests (loading the page costs more than the tests)."""
    tab = browser.open(page_file.as_uri())
    tab.wait_for(READY)
    yield tab
    browser.send("Target.closeTarget", {"targetId": tab.target})


@pytest.fixture
def page(loaded, full):
    """The loaded explorer, every filter reset and the side panel closed."""
    loaded.evaluate("""(() => {
        const s = document.getElementById('kg-search'); s.value = ''; s.dispatchEvent(new Event('input'));
        for (const box of document.querySelectorAll('#kg-types input')) if (!box.checked) box.click();
        const from = document.getElementById('kg-year-from'), to = document.getElementById('kg-year-to');
        from.value = from.min; to.value = to.max; from.dispatchEvent(new Event('input')); to.dispatchEvent(new Event('input'));
        const undated = document.getElementById('kg-undated'); if (!undated.checked) undated.click();
        document.getElementById('kg-close').click(); window.__kg.network.fit({animation: false});
    })()""")
    loaded.wait_for(f"window.__kg.stats().nodes === {full.number_of_nodes()}", timeout=5)
    return loaded


def only_own_requests(tab) -> list[str]:
    return [u for u in tab.requests() if not u.startswith(("file:", "data:"))]


def stats(tab) -> dict:
    return tab.evaluate("window.__kg.stats()")


def node_index(tab, iri: str) -> int:
    return tab.evaluate(f"window.__kg.data.nodes.findIndex(n => n.iri === {json.dumps(iri)})")


def node_point(tab, index: int) -> tuple[float, float]:
    """Where node ``index`` is drawn, in page coordinates."""
    x, y = tab.evaluate(f"""(() => {{
        const net = window.__kg.network, p = net.canvasToDOM(net.getPositions([{index}])[{index}]);
        const box = document.getElementById('kg-network').getBoundingClientRect();
        return [p.x + box.left, p.y + box.top]; }})()""")
    return x, y


def test_draws_the_whole_view_offline_without_errors(page, full):
    assert page.errors() == []
    assert only_own_requests(page) == []
    drawn = stats(page)
    assert drawn["nodes"] == full.number_of_nodes() and drawn["edges"] == full.number_of_edges()
    assert page.evaluate("Object.keys(window.__kg.network.getPositions()).length") == full.number_of_nodes()
    assert page.evaluate("document.getElementById('kg-status').textContent") == f"{full.number_of_nodes()} nodes"
    legend = page.evaluate("[...document.querySelectorAll('#kg-types li')].map(li => li.textContent)")
    assert any(item.startswith("●body") for item in legend) and any(item.startswith("◆policy") for item in legend)


def test_search_changes_what_is_drawn(page, full, graph):
    cat = catalogue(graph)
    expected = sum(1 for n, label in full.nodes(data="label")
                   if any("commissioning" in name.lower() for name in (label, *cat[n].names)))
    assert 0 < expected < full.number_of_nodes()
    page.type("#kg-search", "Commissioning")
    page.wait_for(f"window.__kg.stats().nodes === {expected}", timeout=5)
    assert page.evaluate("document.getElementById('kg-status').textContent") == f"{expected} of {full.number_of_nodes()} nodes"
    page.evaluate("(() => { const s = document.getElementById('kg-search'); s.value = '';"
                  " s.dispatchEvent(new Event('input')); })()")
    page.wait_for(f"window.__kg.stats().nodes === {full.number_of_nodes()}", timeout=5)
    assert page.errors() == []


def test_type_filter_changes_what_is_drawn(page, full):
    papers = sum(1 for _, t in full.nodes(data="type") if t == "Paper")
    x, y = page.evaluate("""(() => { const r = document.getElementById('kg-type-Paper').getBoundingClientRect();
        return [r.left + r.width / 2, r.top + r.height / 2]; })()""")
    page.click(x, y)  # a real click on the checkbox
    page.wait_for(f"window.__kg.stats().nodes === {full.number_of_nodes() - papers}", timeout=5)
    kept = {n for n, t in full.nodes(data="type") if t != "Paper"}
    assert stats(page)["edges"] == sum(1 for u, v in full.edges() if u in kept and v in kept)
    page.click(x, y)
    page.wait_for(f"window.__kg.stats().nodes === {full.number_of_nodes()}", timeout=5)


def test_year_filter_changes_what_is_drawn(page, full):
    expected = sum(1 for _, years in full.nodes(data="years") if 2021 in years or not years)  # undated: own bucket
    page.evaluate("""(() => { for (const id of ['kg-year-from', 'kg-year-to']) {
        const r = document.getElementById(id); r.value = 2021; r.dispatchEvent(new Event('input')); } })()""")
    page.wait_for(f"window.__kg.stats().nodes === {expected}", timeout=5)
    assert page.evaluate("document.getElementById('kg-years-out').textContent") == "2021"


def test_clicking_a_node_shows_its_documents_and_evidence(page, full):
    index = node_index(page, CCG)
    page.click(*node_point(page, index))
    page.wait_for(f"window.__kg.panelFor === {index}", timeout=5)
    panel = page.evaluate("document.getElementById('kg-panel-body').innerText")
    assert panel.startswith("Clinical Commissioning Group")
    assert "DOCUMENTS" in panel.upper() and "RELATIONS" in panel.upper()
    assert "abolished clinical commissioning groups" in panel
    assert page.evaluate("document.getElementById('kg-panel').hidden") is False
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = page.screenshot(SCREENSHOTS / "explorer.png")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
    page.click(*page.evaluate("""(() => { const r = document.getElementById('kg-close').getBoundingClientRect();
        return [r.left + r.width / 2, r.top + r.height / 2]; })()"""))
    page.wait_for("document.getElementById('kg-panel').hidden", timeout=5)


def test_a_hostile_title_shows_as_text_and_runs_nothing(page):
    index = node_index(page, HOSTILE_IRI)
    assert index >= 0
    page.click(*node_point(page, index))  # hover and click it: tooltip and side panel
    page.wait_for(f"window.__kg.panelFor === {index}", timeout=5)
    page.wait_for("document.querySelector('div.vis-tooltip') && "
                  "getComputedStyle(document.querySelector('div.vis-tooltip')).visibility === 'visible'", timeout=5)
    assert page.evaluate("document.querySelector('#kg-panel-body h2').textContent") == HOSTILE_TITLE
    assert page.evaluate("document.querySelector('div.vis-tooltip').innerText").startswith(HOSTILE_TITLE)
    panel = page.evaluate("document.getElementById('kg-panel-body').textContent")
    assert "</script><script>alert(2)</script>" in panel and "<b onmouseover=alert(3)>managers</b>" in panel
    assert page.evaluate("document.querySelectorAll('img, b, i, script:not([type])').length") == 2  # vis + app scripts
    page.evaluate("window.__kg.select(window.__kg.data.nodes.findIndex(n => n.label.startsWith('Eve <i>')))")
    page.browser.pump(0.3)
    assert page.dialogs() == [] and page.errors() == [] and only_own_requests(page) == []


def test_large_views_are_drawn_without_physics(browser, tmp_path):
    big = synthetic_view(1500)
    path = write_explorer(big, tmp_path / "big.html")
    tab = browser.open(path.as_uri())
    tab.wait_for(READY, timeout=60)
    assert tab.evaluate("window.__kg.data.layout") == "python"
    assert tab.evaluate("window.__kg.network.physics.physicsEnabled") is False
    assert stats(tab)["nodes"] == 1500 and tab.errors() == [] and only_own_requests(tab) == []
    browser.send("Target.closeTarget", {"targetId": tab.target})


def test_the_notebook_iframe_renders_the_explorer(browser, tmp_path):
    frame = explorer(synthetic_view(40), height=480).iframe()
    outer = tmp_path / "notebook.html"
    outer.write_text(f"<!DOCTYPE html><html><body><h1>Notebook</h1>{frame}</body></html>", encoding="utf-8")
    tab = browser.open(outer.as_uri())
    tab.browser.pump(0.5)
    (inner,) = tab.children
    inner.wait_for(READY, timeout=30)
    assert inner.evaluate("window.__kg.stats().nodes") == 40
    assert tab.errors() == [] and only_own_requests(tab) == []
    browser.send("Target.closeTarget", {"targetId": tab.target})



def search_for(tab, text: str, enter: bool = False) -> None:
    tab.evaluate(f"""(() => {{ const s = document.getElementById('kg-search'); s.value = {json.dumps(text)};
        s.dispatchEvent(new Event('input'));
        if ({json.dumps(enter)}) s.dispatchEvent(new KeyboardEvent('keydown', {{key: 'Enter'}})); }})()""")


def test_search_finds_acronyms_and_zooms_to_the_matches(page, full):
    ccg = node_index(page, CCG)
    search_for(page, "ccg")  # the acronym of Clinical Commissioning Group, not in its label
    page.wait_for(f"window.__kg.stats().nodes < {full.number_of_nodes()}", timeout=5)
    shown = page.evaluate("window.__kg.network.body.nodeIndices.map(Number)")
    assert ccg in shown
    assert page.evaluate("window.__kg.data.nodes[%d].names.includes('CCG')" % ccg)
    x, y = node_point(page, ccg)  # zoomed to the matches: the node is on screen
    box = page.evaluate("(() => { const r = document.getElementById('kg-network').getBoundingClientRect();"
                        " return [r.left, r.top, r.right, r.bottom]; })()")
    assert box[0] <= x <= box[2] and box[1] <= y <= box[3]


def test_enter_picks_the_exact_match(page, full):
    ccg = node_index(page, CCG)
    labels = [d["label"] for _, d in full.nodes(data=True)]
    assert sum("clinical commissioning group" in label.lower() for label in labels) > 1  # several contain it
    search_for(page, "Clinical Commissioning Group", enter=True)
    page.wait_for(f"window.__kg.panelFor === {ccg}", timeout=5)
    search_for(page, "CCG", enter=True)  # an acronym, exactly
    page.wait_for(f"window.__kg.panelFor === {ccg}", timeout=5)
    assert "also: CCG" in page.evaluate("document.getElementById('kg-panel-body').innerText")


def test_undated_documents_have_their_own_bucket(page, full):
    undated = sum(1 for _, years in full.nodes(data="years") if not years)
    assert undated > 0 and page.evaluate("document.getElementById('kg-undated-label').hidden") is False
    assert page.evaluate("document.getElementById('kg-undated-count').textContent") == str(undated)
    in_2021 = sum(1 for _, years in full.nodes(data="years") if 2021 in years)
    page.evaluate("""(() => { for (const id of ['kg-year-from', 'kg-year-to']) {
        const r = document.getElementById(id); r.value = 2021; r.dispatchEvent(new Event('input')); } })()""")
    page.wait_for(f"window.__kg.stats().nodes === {in_2021 + undated}", timeout=5)
    page.evaluate("document.getElementById('kg-undated').click()")
    page.wait_for(f"window.__kg.stats().nodes === {in_2021}", timeout=5)


def test_a_thinned_map_says_what_was_cut(browser, tmp_path):
    page = explorer(synthetic_view(900), thinning=Thinning(max_nodes=300, max_edges=500))
    path = page.save(tmp_path / "thinned.html")
    tab = browser.open(path.as_uri())
    tab.wait_for(READY, timeout=60)
    assert tab.evaluate("document.getElementById('kg-map').hidden") is False
    text = tab.evaluate("document.getElementById('kg-map').innerText")
    assert "300 of 900 nodes" in text and "--max-nodes" in text and "--all" in text
    assert stats(tab)["nodes"] == page.nodes <= 300 and stats(tab)["edges"] == page.edges <= 500
    tab.browser.pump(0.3)
    assert 0 < tab.evaluate("window.__kg.labelsShown") < page.nodes  # overlapping labels wait for a zoom
    assert tab.errors() == [] and only_own_requests(tab) == []
    browser.send("Target.closeTarget", {"targetId": tab.target})


def click_edge(tab, k: int) -> None:
    """A real click on the middle of link ``k`` as drawn."""
    x, y = tab.evaluate(f"""(() => {{
        const net = window.__kg.network, e = window.__kg.data.edges[{k}];
        const p = net.getPositions([e[0], e[1]]), a = net.canvasToDOM(p[e[0]]), b = net.canvasToDOM(p[e[1]]);
        const box = document.getElementById('kg-network').getBoundingClientRect();
        return [(a.x + b.x) / 2 + box.left, (a.y + b.y) / 2 + box.top]; }})()""")
    tab.click(x, y)


def test_clicking_a_link_shows_its_documents_and_sentences(page, full):
    ccg = node_index(page, CCG)
    # the link of CCG with sentences behind it whose middle lies farthest from any node (a click there
    # cannot land on a node instead)
    k = page.evaluate(f"""(() => {{
        const kg = window.__kg, net = kg.network, pos = net.getPositions(), all = Object.values(pos);
        let best = -1, clearance = 0;
        kg.data.edges.forEach((e, k) => {{
            const d = kg.data.edgeDetails[String(k)];
            if ((e[0] !== {ccg} && e[1] !== {ccg}) || !d || !d.docs || !d.docs.some(x => x[1].length)) return;
            const mx = (pos[e[0]].x + pos[e[1]].x) / 2, my = (pos[e[0]].y + pos[e[1]].y) / 2;
            const c = Math.min(...all.map(p => Math.hypot(p.x - mx, p.y - my)));
            if (c > clearance) {{ best = k; clearance = c; }}
        }});
        return best; }})()""")
    assert k >= 0
    # centre the link's middle in the view, so the click lands on it whatever the layout
    page.evaluate(f"""(() => {{
        const net = window.__kg.network, e = window.__kg.data.edges[{k}], p = net.getPositions([e[0], e[1]]);
        net.moveTo({{position: {{x: (p[e[0]].x + p[e[1]].x) / 2, y: (p[e[0]].y + p[e[1]].y) / 2}},
                    scale: 1.2, animation: false}}); }})()""")
    click_edge(page, k)
    page.wait_for(f"window.__kg.edgePanelFor === {k}", timeout=5)
    panel = page.evaluate("document.getElementById('kg-panel-body').innerText")
    details = page.evaluate(f"window.__kg.data.edgeDetails['{k}']")
    sentence = page.evaluate(f"window.__kg.data.sentences[{details['docs'][0][1][0]}]")
    assert "Clinical Commissioning Group" in panel.split("\n")[0] and "DOCUMENTS" in panel.upper()
    assert sentence in panel


def test_png_export(page):
    png = page.evaluate("window.__kg.png()")
    assert png.startswith("data:image/png;base64,")
    import base64
    raw = base64.b64decode(png.split(",", 1)[1])
    assert raw[:8] == b"\x89PNG\r\n\x1a\n" and len(raw) > 20_000
    page.evaluate("document.getElementById('kg-png').click()")
    export = page.evaluate("window.__kg.lastExport")
    assert export["name"] == "full-graph.png" and export["size"] > 20_000
    assert page.errors() == [] and only_own_requests(page) == []


def test_colouring_by_cluster_and_year(page, full):
    nodes = page.evaluate("window.__kg.data.nodes.map(n => n.cluster)")
    assert all(isinstance(c, int) for c in nodes) and len(set(nodes)) > 1
    page.evaluate("document.getElementById('kg-colour-cluster').click()")
    page.wait_for("window.__kg.colourBy === 'cluster'", timeout=5)
    drawn = page.evaluate("window.__kg.network.body.data.nodes.get().map(o => o.color.background)")
    by_cluster: dict[int, set[str]] = {}
    for cluster, colour in zip(nodes, drawn):
        by_cluster.setdefault(cluster, set()).add(colour)
    assert by_cluster[0] == {"#4e79a7"} and by_cluster[1] == {"#f28e2b"}  # one colour per cluster
    key = page.evaluate("[...document.querySelectorAll('#kg-colour-key li')].map(li => li.textContent)")
    clusters = page.evaluate("window.__kg.data.clusters")
    assert key[0] == clusters[0]["label"] + str(clusters[0]["size"])
    page.evaluate("document.getElementById('kg-colour-year').click()")
    page.wait_for("window.__kg.colourBy === 'year'", timeout=5)
    assert "undated" in page.evaluate("document.getElementById('kg-colour-key').innerText")
    page.evaluate("document.querySelector('input[name=kg-colour][value=type]').click()")
    page.wait_for("window.__kg.colourBy === 'type'", timeout=5)
    assert page.evaluate("document.getElementById('kg-colour-key').hidden") is True


def test_hostile_labels_stay_text_in_the_new_panels(browser, tmp_path):
    import networkx as nx

    hostile = "<img src=x onerror=alert(1)>"
    g = nx.Graph(view="comention", title="Hostile", scope="all years")
    for i in range(12):
        g.add_node(f"urn:x:{i}", label=f"{hostile} {i}" if i < 6 else f"node {i}", type="Body", kind="entity",
                   years=(2010,), documents=3)
    for i in range(11):
        g.add_edge(f"urn:x:{i}", f"urn:x:{i + 1}", predicate="<b onmouseover=alert(2)>p</b>", weight=2)
    path = explorer(g, title="<script>alert(3)</script>").save(tmp_path / "hostile.html")
    tab = browser.open(path.as_uri())
    tab.wait_for(READY, timeout=30)
    tab.evaluate("document.getElementById('kg-colour-cluster').click()")
    tab.evaluate("window.__kg.openEdge(0)")
    assert hostile in tab.evaluate("document.getElementById('kg-panel-body').textContent")
    assert "<b onmouseover=alert(2)>p</b>" in tab.evaluate("document.getElementById('kg-panel-body').textContent")
    assert hostile in tab.evaluate("document.getElementById('kg-colour-key').textContent")
    tab.evaluate("document.getElementById('kg-png').click()")
    tab.browser.pump(0.3)
    assert tab.evaluate("document.querySelectorAll('img, b, script:not([type])').length") == 2
    assert tab.dialogs() == [] and tab.errors() == [] and only_own_requests(tab) == []
    browser.send("Target.closeTarget", {"targetId": tab.target})


def test_links_can_be_filtered_by_relation(page, full):
    mentions = sum(1 for _, _, p in full.edges(data="predicate") if p == "mentions")
    assert 0 < mentions < full.number_of_edges()
    box = "document.querySelector('#kg-predicates input[data-predicate=\"mentions\"]')"
    page.evaluate(f"{box}.click()")
    page.wait_for(f"window.__kg.stats().edges === {full.number_of_edges() - mentions}", timeout=5)
    page.evaluate(f"{box}.click()")
    page.wait_for(f"window.__kg.stats().edges === {full.number_of_edges()}", timeout=5)


def test_shortest_path_between_two_chosen_nodes_with_evidence_on_each_hop(page, full):
    import networkx as nx

    undirected = full.to_undirected(as_view=True)
    distances = nx.single_source_shortest_path_length(undirected, CCG)
    far_iri = max(distances, key=lambda n: (distances[n], n))
    hops = distances[far_iri]
    assert hops >= 2
    ccg, far = node_index(page, CCG), node_index(page, far_iri)
    page.evaluate(f"window.__kg.select({ccg})")
    page.wait_for(f"window.__kg.panelFor === {ccg}", timeout=5)
    page.evaluate("document.getElementById('kg-path-from').click()")
    # the map's own click event on the far node (a pixel click can land on a node drawn over it in a dense
    # layout; real clicks on nodes and links are tested above)
    page.evaluate(f"void window.__kg.network.body.emitter.emit('click', {{nodes: [{far}], edges: []}})")
    page.wait_for("window.__kg.pathShown && window.__kg.pathShown.length > 0", timeout=5)
    path = page.evaluate("window.__kg.pathShown")
    assert path[0] == ccg and path[-1] == far and len(path) - 1 == hops
    panel = page.evaluate("document.getElementById('kg-panel-body').innerText")
    assert panel.startswith(f"Path: {hops} links")
    assert page.evaluate("document.querySelectorAll('#kg-panel-body .kg-hop').length") == hops
    assert page.evaluate("window.__kg.network.getSelectedNodes().length") == len(path)
    page.evaluate(f"window.__kg.path({ccg}, {node_index(page, HOSTILE_IRI)})")  # a hostile title on the way
    assert HOSTILE_TITLE in page.evaluate("document.getElementById('kg-panel-body').textContent")
    assert page.evaluate("document.querySelectorAll('img, b, i, script:not([type])').length") == 2
    assert page.dialogs() == [] and page.errors() == []
