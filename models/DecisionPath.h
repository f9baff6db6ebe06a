#pragma once

#include <optional>

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include "FrameworkMapping.h"
#include "PathStatus.h"
#include "Reversibility.h"
#include "SeverityTier.h"

namespace gatehouse {

/// One AI decision path: the route from an AI component's recommendation to an
/// action on production, registered with an accountable owner.
struct DecisionPath
{
    QString id; ///< slug: lower-case letters, digits and single dashes, <= 64 chars
    QString name;
    QString description;
    QString owner; ///< username of the accountable operator account
    QString team;
    QString aiComponent;     ///< agent/model name and version, e.g. "triage-agent 2.3 (gpt-4.1)"
    QString workloadId;      ///< SPIFFE ID of the workload that submits actions
    QStringList actionTypes; ///< dotted names, e.g. "iam.role.assign"
    QStringList targets;     ///< target patterns, '*' matches any run of characters
    /// Identities the path's executor runs as, linked in the permission graph (path:<id>
    /// -runs_as-> identity): an AWS role or user ARN, a Kubernetes service account
    /// "system:serviceaccount:NS:NAME", or an Azure principal object id (GUID).
    QStringList runsAs;
    QString environment;              ///< e.g. "production"
    std::optional<SeverityTier> tier; ///< unset on a draft until the owner chooses one
    Reversibility reversibility = Reversibility::Reversible;
    double confidenceThreshold = 0.8; ///< 0..1; requests below it trigger review
    FrameworkMapping frameworks;
    PathStatus status = PathStatus::Draft;
    QDate nextReviewDate; ///< invalid when not scheduled
    QDateTime createdAt;  ///< UTC
    QDateTime updatedAt;  ///< UTC
    int version = 0;      ///< optimistic-concurrency counter, bumped on every change

    /// True when a review date is set, lies before \a today, and the path is not retired.
    bool isReviewOverdue(const QDate& today) const
    {
        return status != PathStatus::Retired && nextReviewDate.isValid() && nextReviewDate < today;
    }
};

} // namespace gatehouse
