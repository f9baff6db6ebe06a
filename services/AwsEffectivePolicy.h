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

/// One permission as the graph names it: an action pattern (or a NotAction list: every
/// action but these) on a resource pattern (or a NotResource list), from one Allow statement.
struct AwsGrantedPermission
{
    QString action;           ///< IAM action pattern ("s3:Get*"); ignored when notActions is set
    QStringList notActions;   ///< non-empty for a NotAction statement
    QString resource;         ///< ARN pattern ("arn:aws:s3:::logs/*", "*"); ignored when notResources is set
    QStringList notResources; ///< non-empty for a NotResource statement
};

/// What a principal's Deny statements and permissions boundary leave of one permission that
/// one of its policies grants.
struct AwsGrantNarrowing
{
    enum class Outcome
    {
        Kept,           ///< nothing applies to it
        Narrowed,       ///< some of its actions or resources are denied (or outside the boundary)
        PossiblyDenied, ///< wholly denied (or outside the boundary) under an undecided condition
        Removed,        ///< wholly and unconditionally denied, or wholly outside the boundary
    };
    Outcome outcome = Outcome::Kept;
    QList<AwsAttributedStatement> by; ///< the Deny or boundary statements responsible
    bool outsideBoundary = false;     ///< the boundary (not a Deny) removes or narrows it
};

/// Everything that applies to one IAM user or role: its own inline and attached policies,
/// for users those of its groups, and its permissions boundary. Evaluates requests the way
/// IAM's policy evaluation logic does for identity policies within one account (AWS IAM User
/// Guide, "Policy evaluation logic"): an explicit Deny in any of the principal's policies or
/// in its boundary overrides every Allow; an action is allowed only when an identity policy
/// allows it and, if a boundary is set, the boundary allows it too; otherwise it is an
/// implicit deny. SCPs, resource control policies and session policies are not modelled.
class AwsEffectivePolicy
{
public:
    AwsEffectivePolicy() = default;
    /// \a variables: policy variables known for this principal (aws:username for users).
    AwsEffectivePolicy(QList<AwsAttributedStatement> statements,
                       QList<std::pair<QString, QString>> variables);

    const QList<AwsAttributedStatement>& statements() const { return m_statements; }

    /// Sets the permissions boundary: the statements of the managed policy named by the
    /// user's or role's PermissionsBoundary. Its Allow statements grant nothing; they cap
    /// what the identity policies grant. Its Deny statements deny like any other.
    void setPermissionsBoundary(QList<AwsAttributedStatement> boundary);
    bool hasPermissionsBoundary() const { return m_hasBoundary; }

    /// True when some Deny (not decided false) or a boundary could narrow the principal's
    /// grants, so that narrowGrant() can answer anything but Kept.
    bool narrows() const;

    /// What the Deny statements and the boundary leave of \a permission. "Wholly" is decided
    /// with IamPattern::covers (a Deny of "iam:*" on "*" wholly covers "iam:pass*" on
    /// "arn:...:role/x"); a Deny that covers only part of it, or one whose patterns can only
    /// be said to overlap it, narrows it. Undecidable cases lean to Kept / Narrowed, so reach
    /// is overstated rather than hidden.
    AwsGrantNarrowing narrowGrant(const AwsGrantedPermission& permission) const;

    /// May the principal perform \a action (case-insensitive) on resource \a arn? An empty
    /// \a arn asks "on some resource" (for actions whose target does not exist yet, such as
    /// ec2:RunInstances); then only a Deny on "*" counts against it.
    AwsAccessDecision decide(const QString& action, const QString& arn) const;

    /// Admin-equivalent by grant: an unconditional Allow of every iam action ("*", "iam:*",
    /// or a NotAction that leaves all of iam) on Resource "*", with no Deny (decided or not)
    /// that touches any iam action, and a boundary (if any) that allows the same. Such a
    /// principal can grant itself anything.
    bool grantsFullIam() const;

private:
    QList<AwsAttributedStatement> m_statements;
    QList<AwsAttributedStatement> m_boundary;
    bool m_hasBoundary = false;
    QList<std::pair<QString, QString>> m_variables;
};

} // namespace gatehouse
