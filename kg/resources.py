"""Where citekg finds its ontology, vocabularies and shapes.

In a source checkout (or an editable install) they are in ``ontology/``
beside the ``kg`` package; an installed wheel has them in
``<prefix>/share/citekg/ontology``; ``$CITEKG_ONTOLOGY`` overrides both.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kg.errors import ExtractionError

__all__ = ["ontology_dir", "vocabulary_files", "ontology_file", "shapes_file"]


def ontology_dir() -> Path:
    """The folder holding ``citekg.ttl``, ``shapes.ttl`` and ``vocab/``."""
    candidates = []
    if os.environ.get("CITEKG_ONTOLOGY"):
        candidates.append(Path(os.environ["CITEKG_ONTOLOGY"]))
    candidates += [Path(__file__).resolve().parent.parent / "ontology",
                   Path(sys.prefix) / "share" / "citekg" / "ontology"]
    for folder in candidates:
        if (folder / "citekg.ttl").is_file():
            return folder
    raise ExtractionError("cannot find the citekg ontology; looked in " + ", ".join(map(str, candidates))
                          + " (set CITEKG_ONTOLOGY to the folder holding citekg.ttl)")


def ontology_file() -> Path:
    """``citekg.ttl``: the OWL ontology."""
    return ontology_dir() / "citekg.ttl"


def shapes_file() -> Path:
    """``shapes.ttl``: the SHACL shapes ``kg validate`` checks."""
    return ontology_dir() / "shapes.ttl"


def vocabulary_files() -> list[Path]:
    """The SKOS vocabularies the extractor matches, sorted by name."""
    return sorted((ontology_dir() / "vocab").glob("*.ttl"))
