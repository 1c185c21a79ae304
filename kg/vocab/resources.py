"""Where citekg finds the data it ships: ontology, vocabularies, shapes, eras, question pack, assets.

All of it is package data inside ``kg`` (``kg/ontology/``, ``kg/query/pack/``,
``kg/viz/assets/``), found with :mod:`importlib.resources`, so a wheel, an
editable install, a ``--user`` install and a source checkout all find the
same files. ``$CITEKG_ONTOLOGY`` names another ontology folder (one holding
``citekg.ttl``, ``shapes.ttl``, ``eras.ttl`` and ``vocab/``) for a researcher
who keeps edited vocabularies outside the installed package.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from kg.errors import KGError, UsageError

__all__ = ["package_dir", "ontology_dir", "vocabulary_files", "ontology_file", "shapes_file", "eras_file"]


def package_dir(*parts: str) -> Path:
    """A folder of package data inside ``kg`` (``package_dir("viz", "assets")``)."""
    return Path(str(resources.files("kg").joinpath(*parts)))


def ontology_dir() -> Path:
    """The folder holding ``citekg.ttl``, ``shapes.ttl``, ``eras.ttl`` and ``vocab/``."""
    override = os.environ.get("CITEKG_ONTOLOGY")
    folder = Path(override) if override else package_dir("ontology")
    if not (folder / "citekg.ttl").is_file():
        where = "$CITEKG_ONTOLOGY" if override else "the installed package"
        problem = UsageError if override else KGError  # a wrong setting, or a broken installation
        raise problem(f"no citekg.ttl in {folder} ({where}); reinstall citekg, or set CITEKG_ONTOLOGY "
                      "to a folder holding citekg.ttl, shapes.ttl, eras.ttl and vocab/")
    return folder


def ontology_file() -> Path:
    """``citekg.ttl``: the OWL ontology."""
    return ontology_dir() / "citekg.ttl"


def shapes_file() -> Path:
    """``shapes.ttl``: the SHACL shapes ``kg validate`` checks."""
    return ontology_dir() / "shapes.ttl"


def eras_file() -> Path:
    """``eras.ttl``: the policy eras."""
    return ontology_dir() / "eras.ttl"


def vocabulary_files() -> list[Path]:
    """The SKOS vocabularies the extractor matches, sorted by name."""
    return sorted((ontology_dir() / "vocab").glob("*.ttl"))
