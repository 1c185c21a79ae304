#!/usr/bin/env python3
"""Benchmark the explorer page on a large generated view in headless Chromium.

    python scripts/bench_viz.py [--nodes 5000] [--runs 3] [--thin] [-o build/bench/explorer-5000.html]

Generates a view shaped like citekg's (typed nodes with labels and years,
heavy-tailed degrees and communities: networkx's powerlaw_cluster_graph),
writes the explorer page (timing the Python side, which includes the layout
for views over 1,000 nodes), then opens it ``--runs`` times in headless
Chromium with networking off and reports the time from navigation start to
the page being interactive (``--thin``: the view thinned first, as ``kg viz``
does by default, to at most 500 nodes and 2,000 links): the first frame drawn after the layout is done,
when the page sets ``window.__kg.ready``. It then types into the search box
and times until the filtered network is redrawn. Needs Debian's chromium.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TYPES = [("Paper", 30), ("BlogPost", 6), ("Report", 3), ("Body", 18), ("Policy", 12), ("StudyMethod", 10),
         ("Theory", 5), ("Place", 2), ("Person", 10), ("Reference", 4)]
WORDS = ("integrated care commissioning primary networks governance workforce policy general practice "
         "boards trusts quality outcomes accountability reform partnership local national evaluation").split()


def synthetic_view(nodes: int, seed: int = 1):
    """A networkx graph of ``nodes`` typed, labelled, dated nodes (about 2 edges per node)."""
    import networkx as nx

    rng = random.Random(seed)
    base = nx.powerlaw_cluster_graph(nodes, 2, 0.3, seed=seed)
    names, weights = zip(*TYPES)
    g = nx.Graph(view="synthetic", title=f"Synthetic view of {nodes:,} nodes", scope="all years")
    for n in base:
        kind = rng.choices(names, weights)[0]
        year = rng.randint(2000, 2024)
        label = " ".join(rng.sample(WORDS, rng.randint(2, 6))).capitalize() + f" {n}"
        g.add_node(f"https://w3id.org/citekg/id/bench/{n}", label=label, type=kind,
                   kind="document" if kind in ("Paper", "BlogPost", "Report") else "entity",
                   years=(year,), documents=rng.randint(0, 40))
    for u, v in base.edges:
        g.add_edge(f"https://w3id.org/citekg/id/bench/{u}", f"https://w3id.org/citekg/id/bench/{v}",
                   predicate="comention", weight=rng.randint(1, 5))
    return g


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "build" / "bench" / "explorer-5000.html")
    parser.add_argument("--screenshot", type=Path, help="Also save a screenshot of the loaded page.")
    parser.add_argument("--thin", action="store_true", help="Thin the view to a readable map first (kg viz's default).")
    args = parser.parse_args(argv)

    from tests.chromium import Chromium, find_chromium
    from kg.viz.html import write_explorer

    if not find_chromium():
        print("bench_viz: Chromium not found (apt-get install chromium, or make browser)", file=sys.stderr)
        return 2
    from kg.network.thin import thin_view

    view = synthetic_view(args.nodes, args.seed)
    started = time.perf_counter()
    report = None
    if args.thin:
        whole = view.number_of_nodes(), view.number_of_edges()
        view, report = thin_view(view)
        print(f"thinned from {whole[0]:,} nodes and {whole[1]:,} edges: {report.summary()}")
    write_explorer(view, args.output, report=report)
    python_seconds = time.perf_counter() - started
    size = args.output.stat().st_size
    print(f"view: {view.number_of_nodes():,} nodes, {view.number_of_edges():,} edges")
    print(f"page: {args.output} ({size / 1e6:.1f} MB), written in {python_seconds:.2f} s (layout included)")

    ready, search = [], []
    with Chromium() as browser:
        for run in range(args.runs):
            page = browser.open(args.output.resolve().as_uri())
            page.wait_for("window.__kg && window.__kg.ready", timeout=120)
            ready.append(page.evaluate("window.__kg.readyAt") / 1000)
            stats = page.evaluate("window.__kg.stats()")
            assert stats["nodes"] == view.number_of_nodes(), stats
            took = page.evaluate("""new Promise((resolve) => {
                const n = window.__kg.network, t0 = performance.now();
                n.once('afterDrawing', () => resolve((performance.now() - t0) / 1000));
                const box = document.getElementById('kg-search');
                box.value = 'care';
                box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));
            })""")
            search.append(took)
            bad = [u for u in page.requests() if not u.startswith(("file:", "data:"))]
            if page.errors() or bad:
                print(f"run {run + 1}: errors {page.errors()} requests {bad}", file=sys.stderr)
                return 1
            if args.screenshot and run == 0:
                page.send("Page.reload", {})
                page.wait_for("window.__kg && window.__kg.ready", timeout=120)
                page.screenshot(args.screenshot)
            print(f"run {run + 1}: interactive after {ready[-1]:.2f} s; search redrawn in {took:.2f} s")
    print(f"interactive (median of {len(ready)}): {statistics.median(ready):.2f} s "
          f"for {view.number_of_nodes():,} nodes in headless Chromium; search: {statistics.median(search):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
