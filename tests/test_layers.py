"""The stages point one way: imports read as the data flow, without circles, at the top of each file.

    base (errors, model, facts, progress…) → vocab → sources → extract → rdf → store
      → query, derived → graph, validation → builder, network → viz → serve, cli → kg (the public API)

A module may import its own stage and the stages before it, never one after
it; citekg's own modules are imported at the top of the file (a function may
defer only a heavy third-party library).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parent.parent / "kg"

#: Each module's stage, by its dotted name's longest listed prefix; a module may import stages <= its own.
STAGES = {
    "kg._version": 0, "kg.errors": 0, "kg._io": 0, "kg._text": 0, "kg.progress": 0, "kg._signals": 0,
    "kg.model": 0, "kg.facts": 0,
    "kg.vocab": 1,
    "kg.sources": 2,
    "kg.extract": 3,
    "kg.rdf": 4,
    "kg.store": 5,
    "kg.query": 6, "kg.derived": 6,
    "kg.graph": 7, "kg.validation": 7,
    "kg.builder": 8, "kg.network": 8,
    "kg.viz": 9,
    "kg.serve": 10, "kg.cli": 10,
    "kg": 11,
}
HEAVY = {"pyoxigraph", "rdflib", "pyshacl", "matplotlib", "pandas", "networkx", "igraph", "leidenalg", "pyvis",
         "bs4", "lxml", "bibtexparser", "rispy", "pdfminer", "ftfy", "pylatexenc", "rich", "uvicorn", "starlette",
         "dask", "distributed", "numpy", "pyparsing", "fcntl", "ahocorasick", "pyab3p", "IPython", "psutil", "ctypes"}


def module_name(path: Path) -> str:
    parts = path.relative_to(KG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(name: str) -> int:
    best = max((p for p in STAGES if name == p or name.startswith(p + ".")), key=len)
    return STAGES[best]


def imports(path: Path) -> list[tuple[str, bool, int]]:
    """(imported module, at the top of the file?, line) for each import of ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set()
    for node in tree.body:
        top.add(id(node))
        if isinstance(node, ast.If):  # `if TYPE_CHECKING:` blocks count as the top
            top.update(id(n) for n in node.body)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            found += [(n, id(node) in top, node.lineno) for n in names]
    return found


MODULES = {module_name(p): p for p in sorted(KG.rglob("*.py"))}


def own(imported: str) -> str | None:
    """The citekg module an import names (``kg.vocab.iris.document`` → ``kg.vocab.iris``)."""
    while imported and imported not in MODULES:
        imported = imported.rpartition(".")[0]
    return imported or None


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_module_imports_only_its_own_stage_and_those_before(name):
    upward = [(target, line) for imported, _, line in imports(MODULES[name])
              if (target := own(imported)) and stage(target) > stage(name)]
    assert not upward, f"{name} (stage {stage(name)}) imports later stages: {upward}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_only_heavy_third_party_libraries_are_imported_inside_functions(name):
    deferred = [(imported, line) for imported, at_top, line in imports(MODULES[name]) if not at_top
                and imported.split(".")[0] not in HEAVY]
    assert not deferred, f"{name} defers imports of: {deferred}"


def test_no_import_circle():
    graph = {name: {t for imported, _, _ in imports(path) if (t := own(imported)) and t != name}
             for name, path in MODULES.items()}
    graph = {name: {t for t in targets if not name.startswith(t + ".")} for name, targets in graph.items()}
    # a package's __init__ importing its own submodules is its interface, not a circle
    state: dict[str, int] = {}
    circle: list[str] = []

    def visit(node: str, path: list[str]) -> bool:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                circle.extend(path[path.index(target):] + [target] if target in path else [node, target])
                return True
            if state.get(target) is None and visit(target, path + [target]):
                return True
        state[node] = 2
        return False

    for name in sorted(graph):
        if state.get(name) is None and visit(name, [name]):
            break
    assert not circle, " → ".join(circle)
