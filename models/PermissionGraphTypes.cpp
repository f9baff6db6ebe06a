#include "PermissionGraphTypes.h"

#include <array>
#include <utility>

namespace gatehouse {

namespace {

constexpr std::array kNodeKinds{
    std::pair{GraphNodeKind::AiPath, "ai_path"},
    std::pair{GraphNodeKind::Principal, "principal"},
    std::pair{GraphNodeKind::Group, "group"},
    std::pair{GraphNodeKind::Role, "role"},
    std::pair{GraphNodeKind::ServiceAccount, "service_account"},
    std::pair{GraphNodeKind::Policy, "policy"},
    std::pair{GraphNodeKind::Permission, "permission"},
    std::pair{GraphNodeKind::Resource, "resource"},
};

constexpr std::array kEdgeKinds{
    std::pair{GraphEdgeKind::MemberOf, "member_of"},
    std::pair{GraphEdgeKind::CanAssume, "can_assume"},
    std::pair{GraphEdgeKind::BoundTo, "bound_to"},
    std::pair{GraphEdgeKind::Grants, "grants"},
    std::pair{GraphEdgeKind::CanPassRole, "can_pass_role"},
    std::pair{GraphEdgeKind::CanImpersonate, "can_impersonate"},
    std::pair{GraphEdgeKind::CanCreateToken, "can_create_token"},
    std::pair{GraphEdgeKind::DelegatedTo, "delegated_to"},
    std::pair{GraphEdgeKind::RunsAs, "runs_as"},
    std::pair{GraphEdgeKind::CanModify, "can_modify"},
};

constexpr std::array kSourceKinds{
    std::pair{GraphSourceKind::Aws, "aws"},
    std::pair{GraphSourceKind::Kubernetes, "kubernetes"},
    std::pair{GraphSourceKind::Azure, "azure"},
    std::pair{GraphSourceKind::Catalogue, "catalogue"},
};

template <typename Table, typename Enum> QString nameIn(const Table& table, Enum value)
{
    for (const auto& [kind, name] : table)
        if (kind == value)
            return QString::fromLatin1(name);
    return {};
}

template <typename Enum, typename Table> std::optional<Enum> parseIn(const Table& table, const QString& text)
{
    for (const auto& [kind, name] : table)
        if (text == QLatin1String(name))
            return kind;
    return std::nullopt;
}

} // namespace

QString graphNodeKindName(GraphNodeKind kind)
{
    return nameIn(kNodeKinds, kind);
}

std::optional<GraphNodeKind> parseGraphNodeKind(const QString& name)
{
    return parseIn<GraphNodeKind>(kNodeKinds, name);
}

QString graphEdgeKindName(GraphEdgeKind kind)
{
    return nameIn(kEdgeKinds, kind);
}

std::optional<GraphEdgeKind> parseGraphEdgeKind(const QString& name)
{
    return parseIn<GraphEdgeKind>(kEdgeKinds, name);
}

QList<GraphEdgeKind> allGraphEdgeKinds()
{
    QList<GraphEdgeKind> kinds;
    for (const auto& entry : kEdgeKinds)
        kinds.append(entry.first);
    return kinds;
}

QString graphSourceKindName(GraphSourceKind kind)
{
    return nameIn(kSourceKinds, kind);
}

std::optional<GraphSourceKind> parseGraphSourceKind(const QString& name)
{
    return parseIn<GraphSourceKind>(kSourceKinds, name);
}

} // namespace gatehouse
