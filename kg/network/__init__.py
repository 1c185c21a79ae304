"""The knowledge graph as networks: views built by SPARQL, their metrics, and exports.

>>> import kg, tempfile
>>> from kg.network import view, scope_for, compute_metrics, export_view
>>> graph = kg.build(["examples/sources/pubmed-ics.xml"], store=":memory:")
>>> g = view(graph, "comention", scope_for(era="ics"))
>>> compute_metrics(g)[0].label
'Integrated Care Board'
>>> [p.name for p in export_view(g, tempfile.mkdtemp() + "/comention.gexf")]
['comention.gexf']

Views (:mod:`kg.network.views`): ``full``, ``citation``, ``documents``,
``comention``, ``authors``, ``mesh``, ``cocitation``, ``coupling``,
``history`` and ``ego:LABEL``; scopes and policy
eras: :mod:`kg.network.eras`; metrics: :mod:`kg.network.metrics`; exports:
:mod:`kg.network.export`; documents and evidence sentences behind nodes:
:mod:`kg.network.evidence`; readable maps (VOSviewer-style thinning):
:mod:`kg.network.thin`. Importing it loads no networkx: the functions do.
"""

from __future__ import annotations

from kg.network.eras import ALL_YEARS, Era, Scope, eras, find_era, parse_years, scope_for
from kg.network.evidence import Statement, evidence, linked_documents
from kg.network.export import EXPORT_FORMATS, export_format, export_view, node_link_data
from kg.network.metrics import (
    NodeMetrics,
    betweenness,
    communities,
    compute_metrics,
    metrics_table,
    most_central,
    pagerank,
    write_metrics_csv,
)
from kg.network.thin import EVERYTHING, READABLE, Thinning, ThinningReport, thin_view
from kg.network.views import (
    DOCUMENT_TYPES,
    ENTITY_TYPES,
    VIEWS,
    NodeInfo,
    catalogue,
    check_scope,
    citation_view,
    coauthorship_view,
    cocitation_view,
    coupling_view,
    historiograph_view,
    comention_view,
    document_entity_view,
    ego_view,
    find_node,
    full_view,
    mesh_view,
    view,
)

__all__ = [
    "Scope", "Era", "ALL_YEARS", "eras", "find_era", "parse_years", "scope_for",
    "VIEWS", "NodeInfo", "DOCUMENT_TYPES", "ENTITY_TYPES", "catalogue", "check_scope", "view", "full_view", "citation_view",
    "document_entity_view", "comention_view", "coauthorship_view", "mesh_view", "cocitation_view", "coupling_view",
    "historiograph_view", "ego_view", "find_node",
    "NodeMetrics", "compute_metrics", "pagerank", "betweenness", "communities", "most_central",
    "metrics_table", "write_metrics_csv",
    "EXPORT_FORMATS", "export_format", "export_view", "node_link_data",
    "Statement", "evidence", "linked_documents",
    "Thinning", "ThinningReport", "thin_view", "READABLE", "EVERYTHING",
]
