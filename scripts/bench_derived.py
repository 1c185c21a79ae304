#!/usr/bin/env python3
"""Benchmark the stages after loading — links across documents, statistics, validation — on generated corpora.

    python scripts/bench_derived.py [--records 5000 10000 20000] [--no-validate] [--checks 8]

For each size, uses the store build/bench/store-<records> (built with
extraction, one worker, from the corpus of scripts/make_corpus.py cached by
_bench.py, the first time it is asked for), then times on it, in CPU
seconds of this process (all its threads, Oxigraph's included): each step of
the derived graphs (vocabulary, ontology, each step of the links graph and
each cube of the statistics graph, putting them in place) and ``kg
validate`` (in all, its screens, and its slowest constraints). Prints one
JSON object: the figures per size and, between consecutive sizes, the growth
of each stage's CPU time divided by the growth of the corpus (1.0: linear).

Measured here (2 cores shared with other work, so ±30 %), CPU seconds at
5k / 10k / 20k records (1.19 / 2.29 / 4.45 M quads): derived graphs 5.6 /
11.5 / 14.2 (links 1.0 / 3.6 / 4.1, statistics 1.4 / 3.2 / 4.8, putting them
in place 3.1 / 4.5 / 5.2); ``kg validate`` 8.2 / 18.1 / 35.9 (growth per
doubling 1.10 and 0.99; before the screens it had not finished the 5k store
after 760 CPU-s).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from _bench import ROOT, cached_corpus, posts_of


def cpu() -> float:
    """CPU seconds used so far by this process, all threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def store_for(records: int) -> Path:
    """build/bench/store-<records>, built with extraction by one worker if it is not there yet."""
    store = ROOT / "build" / "bench" / f"store-{records}"
    if not (store / "CURRENT").exists():
        import kg
        from kg.builder import BuildOptions

        corpus = cached_corpus(records)
        print(f"building {store} ...", file=sys.stderr)
        kg.build([corpus, posts_of(corpus)], store=store, options=BuildOptions(extract=True, jobs=1)).close()
    return store


def time_derived(store) -> dict[str, float]:
    """CPU seconds of each step of the derived graphs, computed from ``store`` and put in place."""
    from kg.derived import graphs, links, statistics
    from kg.vocab.namespaces import GRAPH_LINKS, GRAPH_ONTOLOGY, GRAPH_STATISTICS, GRAPH_VOCABULARY
    from kg.rdf.terms import nquad

    seconds: dict[str, float] = {}
    contents: dict[str, bytes] = {}
    for name, graph, compute in (("vocabulary", GRAPH_VOCABULARY, graphs.vocabulary_nquads),
                                 ("ontology", GRAPH_ONTOLOGY, graphs.ontology_nquads)):
        started = cpu()
        contents[graph] = compute(graph)
        seconds[name] = cpu() - started
        _say(name, seconds[name])
    for module, graph in ((links, GRAPH_LINKS), (statistics, GRAPH_STATISTICS)):
        lines = []
        for name, step in module.STEPS:
            started = cpu()
            lines += [nquad(t, graph) for t in step(store)]
            key = f"{module.__name__.rsplit('.', 1)[-1]}: {name}"
            seconds[key] = cpu() - started
            _say(key, seconds[key])
        contents[graph] = "".join(lines).encode("utf-8")
    started = cpu()
    store.replace_graphs(contents)
    seconds["putting them in place"] = cpu() - started
    _say("putting them in place", seconds["putting them in place"])
    return seconds


def _say(step: str, seconds: float) -> None:
    print(f"  {step}: {seconds:.2f} CPU-s", file=sys.stderr, flush=True)


def time_validation(store, slowest: int) -> dict[str, object]:
    """CPU seconds of ``kg validate`` on ``store``: in all, and its slowest constraints."""
    from kg.validation import validate

    per_check: dict[str, float] = {}
    last = [cpu(), ""]

    def progress(done: int, total: int, name: str) -> None:
        now = cpu()
        if last[1]:
            per_check[last[1]] = per_check.get(last[1], 0.0) + now - last[0]
            _say(f"validate {last[1]}", now - last[0])
        last[:] = [now, name]

    started = cpu()
    report = validate(store, progress=progress)
    total = cpu() - started
    ranked = sorted(per_check.items(), key=lambda item: -item[1])[:slowest]
    return {"seconds": round(total, 2), "conforms": report.conforms, "constraints": len(per_check),
            "slowest": {name: round(value, 2) for name, value in ranked}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, nargs="+", default=[5000, 10000, 20000])
    parser.add_argument("--no-validate", action="store_true", help="time the derived graphs only")
    parser.add_argument("--checks", type=int, default=8, help="list this many of the slowest constraints")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    import kg

    results = {}
    for records in sorted(args.records):
        path = store_for(records)
        store = kg.open_store(path)
        wall = time.perf_counter()
        steps = time_derived(store)
        derived = {"seconds": round(sum(steps.values()), 2), "steps": {k: round(v, 2) for k, v in steps.items()}}
        result = {"quads": len(store), "derived": derived}
        if not args.no_validate:
            result["validate"] = time_validation(store, args.checks)
        result["wall_seconds"] = round(time.perf_counter() - wall, 1)
        result["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        store.close()
        results[records] = result
        print(f"{records:,} records: {json.dumps(result)}", file=sys.stderr)
    sizes = sorted(results)
    growth = {}
    for small, large in zip(sizes, sizes[1:]):
        scale = large / small
        ratios = {"derived": results[large]["derived"]["seconds"] / max(0.01, results[small]["derived"]["seconds"]) / scale}
        for step, value in results[large]["derived"]["steps"].items():
            ratios[step] = value / max(0.01, results[small]["derived"]["steps"][step]) / scale
        if "validate" in results[large]:
            ratios["validate"] = results[large]["validate"]["seconds"] / max(0.01, results[small]["validate"]["seconds"]) / scale
        growth[f"{small}->{large}"] = {k: round(v, 2) for k, v in ratios.items()}
    print(json.dumps({"results": results, "growth_per_corpus_growth": growth}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
