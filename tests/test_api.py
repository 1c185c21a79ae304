"""The public API: what kg exports, and that importing it stays cheap."""

from __future__ import annotations

import subprocess
import sys

import kg

EXPECTED = {
    "__version__", "Document", "DocumentKind", "Identifiers", "Author", "Citation", "AbstractSection",
    "MeshHeading", "Link", "Reference", "SourceSpan", "PartialDate", "KGError", "ParseError", "UnknownFormatError",
    "ExtractionError", "StoreError", "QueryError", "ValidationError", "ParseWarning", "parse", "read",
    "UsageError", "MissingDependency", "UnknownTerm", "WriteError", "Interrupted",
    "parse_many", "build", "BuildOptions", "KnowledgeGraph", "iri", "open_store", "validate",
}


def test_all_lists_exactly_the_public_api():
    assert set(kg.__all__) == EXPECTED


def test_every_public_name_resolves_and_is_documented():
    for name in kg.__all__:
        value = getattr(kg, name)
        if callable(value):
            assert value.__doc__, name


def test_errors_form_one_tree():
    for name in ("UsageError", "MissingDependency", "ParseError", "UnknownFormatError", "ExtractionError",
                 "UnknownTerm", "StoreError", "QueryError", "ValidationError", "WriteError", "Interrupted"):
        assert issubclass(getattr(kg, name), kg.KGError)
    assert issubclass(kg.MissingDependency, kg.UsageError) and issubclass(kg.UnknownTerm, AttributeError)
    assert issubclass(kg.UnknownFormatError, kg.ParseError)


def test_import_kg_loads_no_heavy_library():
    code = ("import sys, kg; heavy = [m for m in ('rdflib', 'pyoxigraph', 'pyvis', 'matplotlib', 'pandas', "
            "'networkx', 'bs4', 'lxml') if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_no_module_shadows_a_public_name_once_imported():
    """Importing a submodule binds its name on the package: none may share a name of the API."""
    import importlib
    import pkgutil
    import types

    import kg

    for module in pkgutil.walk_packages(kg.__path__, "kg."):
        importlib.import_module(module.name)
    shadowed = [name for name in kg.__all__ if isinstance(getattr(kg, name), types.ModuleType)]
    assert not shadowed
