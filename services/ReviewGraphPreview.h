#pragma once

#include <optional>

#include <QMap>
#include <QString>
#include <QStringList>

#include "ActionRequestRepository.h"
#include "DecisionPath.h"
#include "Error.h"
#include "OperatorSession.h"

namespace gatehouse {

class PermissionGraphService;

/// What the permission graph says about one pending request (issue #6, "graph-aware
/// approvals"), for the review pane and `review show`:
/// - the blast radius of the identities the path runs as (what a credential for it can reach);
/// - whether the target is a graph node, and whether it is Tier Zero;
/// - for actions that grant access (action type containing assign, grant, add, bind or attach,
///   with a principal named in parameters.principal / member / user / subject / identity /
///   assignee), the edge principal -> target applied hypothetically, and how many identities
///   would newly reach Tier Zero.
struct ReviewGraphPreview
{
    bool available = false; ///< a graph has been imported
    QString note;           ///< why something was not computed
    QStringList identities; ///< runs_as identities found in the graph
    QMap<QString, qsizetype> reachableByKind;
    qsizetype reachable = 0;
    qsizetype reachableTierZero = 0;
    QString targetNode; ///< graph id the target names; empty if none
    bool targetTierZero = false;
    QString hypotheticalEdge; ///< "principal -> target", empty if the action adds none
    qsizetype newIdentitiesReachingTierZero = 0;
    QStringList newIdentities; ///< capped
};

class ReviewGraphPreviewer
{
public:
    /// Principal named by a granting action's parameters, or empty.
    static QString grantedPrincipal(const ActionRecord& request);
    /// Graph id for \a text as written in a request: itself, or "arn:" + it for AWS names.
    static QString nodeIdFor(const QString& text, const class PermissionGraph& graph);
    /// Errors only for storage failures; an absent graph gives available = false.
    [[nodiscard]] static Result<ReviewGraphPreview> compute(const PermissionGraphService& graphs,
                                                            const OperatorSession& session,
                                                            const ActionRecord& request,
                                                            const std::optional<DecisionPath>& path);
};

} // namespace gatehouse
