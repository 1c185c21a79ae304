#!/usr/bin/env python3
"""Latency of every question of the pack on a large graph (store on disk).

    python scripts/bench_queries.py --store DIR [--repeat 5]

Build the store first, e.g. with extraction on a generated corpus of
100,000 papers:

    python scripts/bench_build.py --records 100000 --extract --keep build/bench/store-100k
    python scripts/bench_queries.py --store build/bench/store-100k

Prints the median time of each question (parameters from its example),
then how many ran under 100 ms and under 1 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    from kg.graph import KnowledgeGraph
    from kg.query import pack, run

    graph = KnowledgeGraph.open(args.store)
    papers = graph.summary()["documents: Paper"]
    results = {}
    for question in pack().values():
        params = question.example_params
        times, rows = [], 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            rows = len(run(graph, question.name, params))
            times.append(time.perf_counter() - started)
        results[question.name] = (statistics.median(times), rows)
        print(f"{statistics.median(times) * 1000:9.1f} ms  {rows:7,} rows  {question.name}", flush=True)
    under_100 = sum(1 for t, _ in results.values() if t < 0.1)
    under_1s = sum(1 for t, _ in results.values() if t < 1.0)
    print(json.dumps({"papers": papers, "questions": len(results), "under_100_ms": under_100,
                      "under_1_s": under_1s, "median_ms": {k: round(v[0] * 1000, 1) for k, v in results.items()}},
                     indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
