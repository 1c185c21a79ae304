"""The wheel a user installs works on its own: built, installed in a fresh virtual environment outside the
source tree, and used from there (parse, build, query, viz, validate).

Editable installs (``make test``, ``make demo``) find the package's data beside the sources, which hid a
wheel without ``kg.rdf`` and an ontology found by probing paths; this test installs what users get.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "sources"

pytestmark = pytest.mark.slow


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed ({done.returncode}):\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out),
         str(ROOT)], ROOT, dict(os.environ))
    (built,) = out.glob("citekg-*.whl")
    return built


def test_the_wheel_holds_every_package_and_its_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = {p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "kg").rglob("*.py")}
    missing = sorted(p for p in packages if f"{p}/__init__.py" not in names)
    assert not missing, f"packages left out of the wheel (no __init__.py?): {missing}"
    for data in ["kg/ontology/citekg.ttl", "kg/ontology/shapes.ttl", "kg/ontology/eras.ttl",
                 "kg/ontology/vocab/bodies.ttl", "kg/query/pack/top-mesh.rq", "kg/viz/assets/explorer.js"]:
        assert data in names, data
    assert not any(n.startswith("tests/") for n in names)


def test_installed_in_a_fresh_venv_outside_the_tree_it_builds_and_answers(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "KG_STORE")}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env['PATH']}"
    run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-c", str(ROOT / "constraints.txt"), f"{wheel}[viz]"], tmp_path, env)
    work = tmp_path / "work"
    work.mkdir()
    kg = str(env_dir / "bin" / "kg")
    imported = run([str(python), "-c", "import kg, kg.rdf.mapping; print(kg.__file__)"], work, env).stdout
    assert str(env_dir) in imported and str(ROOT) not in imported  # the installed copy, not the sources
    assert "medline" in run([kg, "parse", "--list-formats"], work, env).stdout
    parsed = run([kg, "parse", str(EXAMPLES / "export-revalidation.nbib")], work, env)
    assert "PMID" in parsed.stdout
    run([kg, "build", str(EXAMPLES), "--store", "store", "-o", "graph.ttl", "-q"], work, env)
    assert (work / "graph.ttl").stat().st_size > 10_000
    answer = run([kg, "query", "successions", "--store", "store", "--format", "csv"], work, env).stdout
    assert "Clinical Commissioning Group" in answer
    run([kg, "viz", "--store", "store", "-o", "explorer.html"], work, env)
    assert "vis-network" in (work / "explorer.html").read_text(encoding="utf-8")
    report = run([kg, "validate", "--store", "store"], work, env).stdout
    assert "conforms" in report.lower()
