#!/usr/bin/env python3
"""Benchmark writing a store's graph to a file (``kg build -o``'s last stage, ``KnowledgeGraph.serialize``).

    python scripts/bench_output.py --store build/bench/store-100k [--format nq] [--out FILE]

Opens an existing store read-only, writes it in the fixed order in bounded
memory (an external merge sort, kg.rdf.formats), and reports statements,
CPU and wall seconds and the peak resident memory of the process. Compare
the peak with the build's own (scripts/bench_build.py): the issue's bar is
that ``kg build -o`` peaks at most 1.2 × the same build without ``-o``.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--format", default="nq", help="file extension: nq, nt, ttl, trig, jsonld, rdf")
    parser.add_argument("--out", type=Path, help="where to write (default: a temporary file, removed)")
    args = parser.parse_args(argv)

    import kg

    graph = kg.KnowledgeGraph.open(args.store)
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory(prefix="citekg-bench-", dir=args.out.parent if args.out else None) as folder:
        target = args.out or Path(folder) / f"graph.{args.format}"
        cpu, wall = time.process_time(), time.perf_counter()
        statements = graph.serialize(target)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        size = target.stat().st_size
    graph.close()
    print(json.dumps({"statements": statements, "format": args.format, "bytes": size,
                      "cpu_seconds": round(cpu, 1), "wall_seconds": round(wall, 1),
                      "statements_per_cpu_second": round(statements / cpu),
                      "peak_memory_mb_after_opening": round(start_rss),
                      "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
