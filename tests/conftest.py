"""Shared test helpers: paths to the shared seeds and golden-file comparison."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
UPDATE_GOLDEN = os.environ.get("KG_UPDATE_GOLDEN") == "1"


@pytest.fixture
def seeds() -> Path:
    """The four seed pages in ../shared/seeds (skips when absent)."""
    if not SEEDS.is_dir():
        pytest.skip(f"the shared seeds are not beside this checkout ({SEEDS})")
    return SEEDS


def assert_golden(records, golden: Path) -> None:
    """Compare records (Documents) with a golden JSON-lines file.

    Set KG_UPDATE_GOLDEN=1 to (re)write the golden file after checking the
    new output by eye.
    """
    lines = [json.dumps(r.to_dict(), ensure_ascii=False, sort_keys=True) for r in records]
    text = "\n".join(lines) + "\n"
    if UPDATE_GOLDEN or not golden.exists():
        if not UPDATE_GOLDEN:
            pytest.fail(f"golden file {golden} is missing; run with KG_UPDATE_GOLDEN=1 to create it")
        golden.write_text(text, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8").splitlines()
    assert [json.loads(l) for l in lines] == [json.loads(l) for l in expected]


def parse_file(path: Path, format: str | None = None, **kwargs):
    """Every record of one file, named by its base name so golden files do not depend on paths."""
    from kg.sources import Source, parse_source

    return list(parse_source(Source(name=path.name, key=path.name, path=path), format, **kwargs))


@pytest.fixture(scope="session")
def seeds_graph(tmp_path_factory):
    """The graph of the four seed pages, built once per test session (skips when the seeds are absent)."""
    if not SEEDS.is_dir():
        pytest.skip(f"the shared seeds are not beside this checkout ({SEEDS})")
    import kg
    from kg.builder import BuildOptions

    store = tmp_path_factory.mktemp("seeds") / "store"
    graph = kg.build([SEEDS], store=store, options=BuildOptions(jobs=1))
    yield graph
    graph.close()
