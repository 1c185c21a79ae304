"""citekg's version, in one place (the package, the build signature and the graph's provenance read it)."""

__version__ = "0.1.0"
