#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include "Error.h"
#include "PermissionGraphTypes.h"

namespace gatehouse {

/// Reads the output of `aws iam get-account-authorization-details` (the JSON the AWS CLI
/// prints, or the raw API response with URL-encoded documents) into an ImportedGraph.
///
/// Mapping (ids are ARNs; docs/permission-graph.md has the full table):
/// - users -> Principal, groups -> Group, roles -> Role, managed policies (default version
///   only) and inline policies -> Policy ("<owner ARN>#inline/<name>");
/// - user -member_of-> group; user/group/role -grants-> each attached or inline policy;
/// - policy -grants-> Permission "<action lower-cased> on <resource pattern>" (one per
///   action x resource of each Allow statement; a NotAction/NotResource list becomes one
///   "not(...)" entry) -grants-> Resource "resource:<pattern>";
/// - trust policies: Service / Federated / "*" (attributes.public) / account-root / external
///   principals -can_assume-> role;
/// - escalation edges, decided on each principal's *effective* policy (all its policies and
///   its groups', explicit Deny over Allow; AwsEffectivePolicy), after Rhino Security Labs,
///   "AWS IAM Privilege Escalation - Methods and Mitigation" (2018) and PMapper's edge rules:
///   can_assume (trust names the caller, its account or "*" AND the caller may sts:AssumeRole
///   on the role), can_pass_role (iam:PassRole on a role trusting a service plus that
///   service's way to run code: ec2:RunInstances, lambda:CreateFunction + invoke, ...),
///   can_modify (iam:Attach/Put{Role,User,Group}Policy, iam:UpdateAssumeRolePolicy,
///   iam:CreatePolicyVersion / SetDefaultPolicyVersion on customer-managed policies only:
///   arn:aws:iam::aws:policy/... cannot be changed by anyone), can_create_token
///   (iam:CreateAccessKey / CreateLoginProfile / UpdateLoginProfile on another user).
///   No edge points from a principal to itself.
/// - Tier Zero: a user or role that holds every iam action on "*" unconditionally, or that
///   can rewrite its own grants (policy on itself, on one of its groups, or a new version of
///   a customer-managed policy attached to it). attributes.tier_zero_reason says which.
///
/// Conditions: kept on the edge; decided only for aws:CurrentTime date comparisons against
/// \a now; otherwise conditional = true. A statement whose condition is decided false gives
/// no edge and a warning. A conditional Deny makes the matching grant conditional.
///
/// Errors (InvalidInput) name \a sourceName and the JSON location, e.g.
/// "authz.json: RoleDetailList[3].AssumeRolePolicyDocument.Statement[0].Effect: ...".
/// Refused: more than kMaxBytes, a NUL byte, text that is not UTF-8 JSON, a document nested
/// deeper than QJsonDocument allows. A UTF-8 byte-order mark is skipped.
class AwsAuthorizationImporter
{
public:
    static constexpr qsizetype kMaxBytes = 64 * 1024 * 1024;

    explicit AwsAuthorizationImporter(QDateTime now);

    [[nodiscard]] Result<ImportedGraph> import(const QByteArray& data, const QString& sourceName) const;

    /// Same as AwsAuthorizationImporter(now).import(...); shape of a graph importer function
    /// (GraphImporters).
    [[nodiscard]] static Result<ImportedGraph> importData(const QByteArray& data, const QString& sourceName,
                                                          const QDateTime& now);

private:
    QDateTime m_now;
};

} // namespace gatehouse
