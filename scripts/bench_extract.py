#!/usr/bin/env python3
"""Benchmark the extractor: megabytes of document text analysed per second on one core.

    python scripts/bench_extract.py [--records 2000] [--repeat 3] [--profile]

Runs :func:`kg.extract.extract`, stage by stage, in this one process over
two corpora: the generated MEDLINE corpus of scripts/make_corpus.py (cached
in build/bench/; abstracts of 200–300 words dense with health-system names)
and the real pages of ../shared/seeds and ../shared/realdata (listings and
whole blog posts). The text counted is what the extractor reads: titles,
abstracts, bodies, link texts (UTF-8 bytes). Each corpus is timed
``--repeat`` times and the fastest run reported, after one warm-up pass
that loads the vocabularies. ``--profile`` prints the 25 costliest
functions (cProfile) of one pass over the generated corpus.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _bench import cached_corpus  # noqa: E402
from kg.extract.citations import find_citations  # noqa: E402
from kg.extract.entities import find_mentions  # noqa: E402
from kg.extract.methods import methods_used  # noqa: E402
from kg.extract.relations import find_relations  # noqa: E402
from kg.extract.sentences import document_text  # noqa: E402
from kg.model import Document  # noqa: E402

STAGES = ("sentences", "entities", "methods", "relations", "citations")


def generated_corpus(records: int) -> list[Document]:
    """The synthetic MEDLINE corpus of ``records`` records, generated once and cached."""
    from kg.sources import parse

    return list(parse(cached_corpus(records)))


def real_corpus() -> list[Document]:
    """Every document of the real pages beside the checkout (seeds and WordPress pages)."""
    from kg.errors import ParseError
    from kg.sources import parse

    documents: list[Document] = []
    shared = ROOT.parent / "shared"
    for folder in (shared / "seeds", shared / "realdata" / "wordpress_html"):
        for path in sorted(folder.glob("*")) if folder.is_dir() else ():
            try:
                documents += parse(path)
            except ParseError as error:
                print(f"skipped {path.name}: {error}", file=sys.stderr)
    return documents


def timed_pass(documents: Sequence[Document]) -> tuple[int, dict[str, float]]:
    """Extract everything from ``documents``; the bytes of text read and the seconds spent in each stage."""
    seconds = dict.fromkeys(STAGES, 0.0)
    size = 0

    def clock(stage: str, work: Callable[[], object]) -> object:
        started = time.perf_counter()
        result = work()
        seconds[stage] += time.perf_counter() - started
        return result

    for document in documents:
        text = clock("sentences", lambda: document_text(document))
        size += len(text.text.encode("utf-8"))
        mentions = clock("entities", lambda: find_mentions(document, text))
        clock("methods", lambda: list(methods_used(document, text, mentions)))
        clock("relations", lambda: list(find_relations(text, mentions)))
        clock("citations", lambda: list(find_citations(document, text, mentions)))
    return size, seconds


def measure(name: str, documents: Sequence[Document], repeat: int) -> dict:
    """The fastest of ``repeat`` passes over ``documents``, as MB/s overall and seconds per stage."""
    best: tuple[int, dict[str, float]] | None = None
    for _ in range(repeat):
        size, seconds = timed_pass(documents)
        if best is None or sum(seconds.values()) < sum(best[1].values()):
            best = size, seconds
    assert best is not None
    size, seconds = best
    total = sum(seconds.values())
    return {"corpus": name, "documents": len(documents), "text_mb": round(size / 1e6, 2),
            "seconds": round(total, 2), "mb_per_second_per_core": round(size / 1e6 / total, 3),
            "share_by_stage": {stage: round(seconds[stage] / total, 3) for stage in STAGES}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=2000, help="records of the generated corpus")
    parser.add_argument("--repeat", type=int, default=3, help="passes per corpus; the fastest is reported")
    parser.add_argument("--profile", action="store_true", help="print the costliest functions of one pass")
    args = parser.parse_args(argv)

    generated, real = generated_corpus(args.records), real_corpus()
    timed_pass(real[:20])  # warm-up: vocabularies and compiled patterns load on first use
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(timed_pass, generated)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    results = [measure(f"generated MEDLINE ({args.records} records)", generated, args.repeat)]
    if real:
        results.append(measure("real pages (seeds, WordPress pages)", real, args.repeat))
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
