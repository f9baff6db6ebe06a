#pragma once

#include <QString>

#include "PermissionGraph.h"

namespace gatehouse {

/// The permission-graph page's description of one node, as rich text: label, kind and id;
/// Tier Zero and why; for a per-principal view (an AWS policy or group as it applies to one
/// principal after its Deny statements and permissions boundary) what was taken away; a
/// permissions boundary; who may rewrite the node's grants without being able to use them;
/// whether escalation edges were left out because the node is already admin-equivalent.
/// Every value taken from the graph is HTML-escaped.
class GraphNodeDescription
{
public:
    /// \a outgoing / \a incoming: edge counts shown at the end.
    static QString html(const PermissionGraph::Node& node, qsizetype outgoing, qsizetype incoming);
};

} // namespace gatehouse
