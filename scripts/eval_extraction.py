"""Score the extractor on both development sets, side by side.

    python scripts/eval_extraction.py            # the figures
    python scripts/eval_extraction.py --details  # and the scorer's per-document differences

Builds ../shared/seeds (the development gold, ../shared/gold) and
tests/data/devset2/sources (the second development set) into graphs and
scores each with ../shared/eval/score.py. A change that raises one set and
lowers the other is tuning, not generalising.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import kg
from kg.builder import BuildOptions

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"
SETS = {"dev gold (seeds)": (SHARED / "seeds", SHARED / "gold"),
        "devset2": (ROOT / "tests" / "data" / "devset2" / "sources", ROOT / "tests" / "data" / "devset2")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="print the scorer's differences per document")
    args = parser.parse_args()
    spec = importlib.util.spec_from_file_location("citekg_score", SCORER)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (sources, gold) in SETS.items():
            out = Path(tmp) / f"{name.split()[0]}.ttl"
            kg.build([sources], store=":memory:", output=out, options=BuildOptions(jobs=1)).close()
            result = score.score(score.load([out]), score.Gold(gold))
            tp, fp, fn = (sum(cell[i] for cell in result["entities"].values()) for i in range(3))
            p, r, f = score.prf(tp, fp, fn)
            kinds = " ".join(f"{k} {score.prf(*c)[2]:.2f}" for k, c in sorted(result["entities"].items()))
            print(f"{name:18} entity P {p:.3f} R {r:.3f} F1 {f:.3f} | {kinds} | methods_used "
                  f"{score.prf(*result['methods_used'])[2]:.3f} | relations {score.prf(*result['relations'])[2]:.3f}"
                  f" {tuple(result['relations'])}")
            if args.details:
                subprocess.run([sys.executable, str(SCORER), str(out), "--gold", str(gold), "--details"], check=False)


if __name__ == "__main__":
    main()
