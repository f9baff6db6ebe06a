#pragma once

#include <QList>
#include <QString>

#include "AwsPolicyDocument.h"

namespace gatehouse {

/// One statement as it reaches a principal: which policy it sits in and through which group.
struct AwsAttributedStatement
{
    QString policyId;    ///< graph node id of the policy (ARN, or owner ARN + "#inline/" + name)
    QString policyLabel; ///< policy name for explanations
    QString viaGroup;    ///< group name when inherited through a group, else empty
    QString location;    ///< JSON location of the statement in the file
    AwsStatement statement;
};

/// Outcome of asking whether a principal may perform one action on one resource.
struct AwsAccessDecision
{
    enum class Outcome
    {
        Denied,      ///< no applicable Allow, or an explicit Deny that applies unconditionally
        Allowed,     ///< an unconditional Allow and no Deny that might apply
        Conditional, ///< allowed only under a condition, or possibly denied by a conditional Deny
    };
    Outcome outcome = Outcome::Denied;
    QList<AwsAttributedStatement> allows; ///< the Allow statements that grant it (first one decides)
    QList<AwsAttributedStatement> denies; ///< Deny statements that apply or may apply
    bool granted() const { return outcome != Outcome::Denied; }
};

/// Everything that applies to one IAM user or role: its own inline and attached policies and,
/// for users, those of its groups. Evaluates requests the way IAM's policy evaluation logic
/// does for identity policies within one account: an explicit Deny overrides any Allow from any
/// of the principal's policies; without an Allow the answer is an implicit deny. Permission
/// boundaries, SCPs and session policies are not modelled (the importer warns about boundaries).
class AwsEffectivePolicy
{
public:
    AwsEffectivePolicy() = default;
    /// \a variables: policy variables known for this principal (aws:username for users).
    AwsEffectivePolicy(QList<AwsAttributedStatement> statements,
                       QList<std::pair<QString, QString>> variables);

    const QList<AwsAttributedStatement>& statements() const { return m_statements; }

    /// May the principal perform \a action (case-insensitive) on resource \a arn? An empty
    /// \a arn asks "on some resource" (for actions whose target does not exist yet, such as
    /// ec2:RunInstances); then only a Deny on "*" counts against it.
    AwsAccessDecision decide(const QString& action, const QString& arn) const;

    /// Admin-equivalent by grant: an unconditional Allow of every iam action ("*", "iam:*",
    /// or a NotAction that leaves all of iam) on Resource "*", with no Deny (decided or not)
    /// that touches any iam action. Such a principal can grant itself anything.
    bool grantsFullIam() const;

private:
    QList<AwsAttributedStatement> m_statements;
    QList<std::pair<QString, QString>> m_variables;
};

} // namespace gatehouse
