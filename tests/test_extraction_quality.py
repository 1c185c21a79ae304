"""The extraction-quality gate: scores on the development gold can only go up.

Runs ../shared/eval/score.py on the graph built from ../shared/seeds and
compares each figure with the floor recorded in tests/quality_floor.json
(raise the floor when a change improves a figure; never lower it).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import kg
from kg.builder import BuildOptions
from tests.conftest import SHARED

FLOOR = json.loads((Path(__file__).parent / "quality_floor.json").read_text())
SCORER = SHARED / "eval" / "score.py"


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    if not SCORER.is_file() or not (SHARED / "seeds").is_dir():
        pytest.skip(f"the development gold and seeds are not beside this checkout ({SHARED})")
    spec = importlib.util.spec_from_file_location("citekg_score", SCORER)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    out = tmp_path_factory.mktemp("gate") / "graph.ttl"
    kg.build([SHARED / "seeds"], store=":memory:", output=out, options=BuildOptions(jobs=1)).close()
    result = score.score(score.load([out]), score.Gold(SHARED / "gold"))
    tp, fp, fn = (sum(cell[i] for cell in result["entities"].values()) for i in range(3))
    figures = {"entity_precision": score.prf(tp, fp, fn)[0], "entity_f1": score.prf(tp, fp, fn)[2],
               "methods_used_f1": score.prf(*result["methods_used"])[2],
               "relation_f1": score.prf(*result["relations"])[2], "cites_f1": score.prf(*result["cites"])[2],
               "fields": result["fields"][0] / result["fields"][1], "documents": result["docs_found"]}
    return figures


@pytest.mark.parametrize("metric", sorted(FLOOR))
def test_score_is_at_least_the_recorded_floor(scores, metric):
    assert scores[metric] >= FLOOR[metric] - 1e-9, f"{metric} fell to {scores[metric]:.3f} (floor {FLOOR[metric]})"
