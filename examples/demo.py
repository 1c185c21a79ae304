#!/usr/bin/env python3
"""`make demo`: build the knowledge graph of the sample sources, check it, ask it questions, draw it.

    python examples/demo.py [OUTPUT_FOLDER]      (default build/demo)

Writes OUTPUT_FOLDER/store (the Oxigraph store), graph.ttl, one CSV per
example question in answers/, and explorer.html (the interactive network),
then prints what it made.
"""

from __future__ import annotations

import sys
from pathlib import Path

import kg
from kg.builder import BuildOptions, default_jobs
from kg.query import run, write_result

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path("build/demo")
    out.mkdir(parents=True, exist_ok=True)
    answers = out / "answers"
    answers.mkdir(exist_ok=True)

    print(f"1. Building the graph of {HERE / 'sources'} …")
    graph = kg.build([HERE / "sources"], store=out / "store", output=out / "graph.ttl",
                     options=BuildOptions(jobs=default_jobs()))
    for name, count in graph.summary().items():
        print(f"     {name:<24} {count:>7,}")

    print("2. Checking it against the SHACL shapes …")
    report = kg.validate(graph)
    print("     " + report.text().splitlines()[0])

    print("3. Asking it questions (answers/*.csv):")
    questions = [("ccg-studies-by-method", HERE / "queries" / "ccg-studies-by-method.rq", {}),
                 ("what-the-acts-did", HERE / "queries" / "what-the-acts-did.rq", {}),
                 ("theory-lenses", HERE / "queries" / "theory-lenses.rq", {}),
                 ("policy-effects", "policy-effects", {"policy": "Health and Care Act 2022"}),
                 ("posts-citing-papers", "posts-citing-papers", {}),
                 ("successions", "successions", {})]
    for name, query, params in questions:
        result = run(graph, str(query), params)
        (answers / f"{name}.csv").write_text(write_result(result, "csv"), encoding="utf-8")
        print(f"\n   {name} ({len(result)} rows)")
        print("   " + write_result(result, "table").replace("\n", "\n   ")[:1600].rstrip())

    print("\n4. Drawing the network …")
    from kg.viz import explorer

    explorer(graph, "full").save(out / "explorer.html")
    print(f"     {out / 'explorer.html'}  (open it in a browser; it works offline)")
    graph.close()
    print(f"\nDone. Graph: {out / 'graph.ttl'}; store: {out / 'store'} "
          f"(try: .venv/bin/kg query top-mesh --store {out / 'store'})")
    return 0 if report.conforms else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
