#!/usr/bin/env python3
"""Benchmark ``kg build`` on a generated MEDLINE corpus.

    python scripts/bench_build.py [--records 100000] [--jobs N] [--extract] [--keep DIR] [--store-only]

Generates the corpus with scripts/make_corpus.py (cached in build/bench/):
the MEDLINE records and a blog archive of one post per 50 papers, linking to
them. Builds both into a fresh Oxigraph store on disk (bibliographic data
only, unless --extract), and reports records/s, quads/s, the store's quad
count and the peak resident memory of the build (the process and its workers).

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

from _bench import cached_corpus, posts_for, posts_of


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--extract", action="store_true", help="run the extractors too")
    parser.add_argument("--keep", type=Path, help="build the store here and keep it (for bench_queries.py)")
    parser.add_argument("--store-only", action="store_true",
                        help="also time Oxigraph's bulk load of the same quads from a file")
    args = parser.parse_args(argv)

    corpus = cached_corpus(args.records)

    import kg
    from kg.builder import BuildOptions, default_jobs

    jobs = args.jobs or default_jobs()
    store = args.keep or Path(tempfile.mkdtemp(prefix="citekg-bench-")) / "store"
    started = time.perf_counter()
    graph = kg.build([corpus, posts_of(corpus)], store=store, options=BuildOptions(extract=args.extract, jobs=jobs))
    seconds = time.perf_counter() - started
    quads = len(graph.store)
    peak_mb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024  # before the store-only load
    records = args.records + posts_for(args.records)  # papers and posts
    store_only = _bulk_load_rate(graph.store, records) if args.store_only else None
    graph.close()
    result = {
        "records": records, "jobs": jobs, "extract": args.extract, "seconds": round(seconds, 1),
        "records_per_second": round(records / seconds), "quads": quads,
        "quads_per_second": round(quads / seconds), "peak_memory_mb": round(peak_mb),
        "corpus_mb": round(corpus.stat().st_size / 1e6),
    }
    if store_only:
        result["store_only"] = store_only
    print(json.dumps(result, indent=1))
    return 0


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
