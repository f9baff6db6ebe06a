#include "ReviewGraphPreview.h"

#include "PermissionGraph.h"
#include "PermissionGraphService.h"

namespace gatehouse {

namespace {

const char* const kGrantingWords[] = {"assign", "grant", "add", "bind", "attach"};
const char* const kPrincipalKeys[] = {"principal", "member", "user", "subject", "identity", "assignee"};

} // namespace

QString ReviewGraphPreviewer::grantedPrincipal(const ActionRecord& request)
{
    const QString type = request.actionType.toLower();
    bool granting = false;
    for (const char* word : kGrantingWords)
        granting = granting || type.contains(QLatin1String(word));
    if (!granting)
        return {};
    const QJsonObject parameters = request.body.value(QStringLiteral("parameters")).toObject();
    for (const char* key : kPrincipalKeys) {
        const QString value = parameters.value(QLatin1String(key)).toString().trimmed();
        if (!value.isEmpty())
            return value;
    }
    return {};
}

QString ReviewGraphPreviewer::nodeIdFor(const QString& text, const PermissionGraph& graph)
{
    if (text.isEmpty())
        return {};
    if (graph.indexOf(text))
        return text;
    const QString arn = QStringLiteral("arn:") + text;
    if (text.startsWith(QLatin1String("aws:")) && graph.indexOf(arn))
        return arn;
    return {};
}

Result<ReviewGraphPreview> ReviewGraphPreviewer::compute(const PermissionGraphService& graphs,
                                                         const OperatorSession& session,
                                                         const ActionRecord& request,
                                                         const std::optional<DecisionPath>& path)
{
    ReviewGraphPreview p;
    // One load per preview (the pane calls this on every selection): stats() would load the
    // graph a second time and compute reachability for all of it just to count sources.
    auto loaded = graphs.graph(session);
    if (!loaded)
        return std::unexpected(loaded.error());
    const PermissionGraph& g = **loaded;
    bool imported = false;
    for (PermissionGraph::Index i = 0; i < g.nodeCount() && !imported; ++i)
        // The catalogue alone adds AI paths and placeholders for the identities they name.
        imported = g.node(i).kind != GraphNodeKind::AiPath &&
                   !g.node(i).attributes.value(QStringLiteral("placeholder")).toBool();
    if (!imported) {
        p.note = QStringLiteral("no permission graph imported (gatehousectl graph import)");
        return p;
    }
    p.available = true;

    std::vector<PermissionGraph::Index> starts;
    if (path) {
        for (const QString& identity : path->runsAs) {
            const QString id = nodeIdFor(identity, g);
            if (auto i = id.isEmpty() ? std::nullopt : g.indexOf(id)) {
                p.identities.append(id);
                starts.push_back(*i);
            }
        }
    }
    if (starts.empty()) {
        p.note = path && !path->runsAs.isEmpty()
                     ? QStringLiteral("none of the identities the path runs as is in the imported graph")
                     : QStringLiteral("the path declares no identity it runs as (runs_as)");
    } else {
        const std::vector<PermissionGraph::Index> reached = g.reachable(starts);
        for (PermissionGraph::Index i : reached) {
            if (std::find(starts.begin(), starts.end(), i) != starts.end())
                continue;
            const auto& node = g.node(i);
            ++p.reachable;
            ++p.reachableByKind[graphNodeKindName(node.kind)];
            if (node.tierZero)
                ++p.reachableTierZero;
        }
    }

    p.targetNode = nodeIdFor(request.target, g);
    if (!p.targetNode.isEmpty())
        p.targetTierZero = g.node(*g.indexOf(p.targetNode)).tierZero;

    const QString principal = grantedPrincipal(request);
    if (!principal.isEmpty() && !p.targetNode.isEmpty()) {
        const QString from = nodeIdFor(principal, g).isEmpty() ? principal : nodeIdFor(principal, g);
        const GraphNodeKind targetKind = g.node(*g.indexOf(p.targetNode)).kind;
        GraphEdge edge;
        edge.from = from;
        edge.to = p.targetNode;
        edge.kind = targetKind == GraphNodeKind::Group  ? GraphEdgeKind::MemberOf
                    : targetKind == GraphNodeKind::Role ? GraphEdgeKind::BoundTo
                                                        : GraphEdgeKind::Grants;
        edge.explanation =
            QStringLiteral("hypothetical: %1 %2 %3").arg(from, request.actionType, p.targetNode);
        auto impact = graphs.whatIf(session, {edge});
        if (!impact)
            return std::unexpected(impact.error());
        p.hypotheticalEdge = from + QStringLiteral(" -> ") + p.targetNode;
        p.newIdentitiesReachingTierZero = impact->newIdentitiesReachingTierZero;
        p.newIdentities = impact->identities.mid(0, 20);
    }
    return p;
}

} // namespace gatehouse
