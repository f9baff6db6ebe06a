#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include "Error.h"

namespace gatehouse {

/// Whether a statement's Condition block holds, as far as it can be told without a request.
enum class AwsConditionState
{
    None,      ///< no Condition element
    Holds,     ///< every key was decided and holds (e.g. aws:CurrentTime before a future date)
    Fails,     ///< some key was decided and fails: the statement does not apply now
    Undecided, ///< depends on the request (source IP, MFA, tags, token issue time, ...)
};

/// One statement of an IAM policy document with its scalar-or-list elements normalised
/// to lists (FIELD-CASES 16). Action names keep their original spelling; they are
/// compared case-insensitively (IamPattern).
struct AwsStatement
{
    int index = 0; ///< position in the document's Statement list (0 for a lone object)
    QString sid;
    bool allow = true; ///< Effect: "Allow" or "Deny"
    QStringList actions;
    bool notAction = false;
    QStringList resources; ///< empty in trust policies (no Resource element)
    bool notResource = false;
    bool hasPrincipal = false; ///< trust / resource policies only
    bool notPrincipal = false;
    bool anyPrincipal = false;       ///< "*" or {"AWS": "*"}
    QStringList awsPrincipals;       ///< ARNs or 12-digit account ids, as written
    QStringList servicePrincipals;   ///< "ec2.amazonaws.com", ...
    QStringList federatedPrincipals; ///< SAML/OIDC provider ARNs or names
    QJsonObject condition;           ///< the Condition element, byte-exact values
    AwsConditionState conditionState = AwsConditionState::None;
    QJsonObject raw; ///< the statement as written (kept on edges as originDetail)

    /// True when the statement applies to \a action (case-insensitive, honours NotAction).
    bool coversAction(const QString& action) const;
    /// True when the statement applies to resource \a arn (case-sensitive, honours
    /// NotResource; a statement without Resource applies to any resource).
    /// \a variables replaces policy variables such as ${aws:username} before matching;
    /// a pattern with a variable not in it never matches and sets *\a unresolved.
    bool coversResource(const QString& arn, const QList<std::pair<QString, QString>>& variables,
                        bool* unresolved = nullptr) const;
};

/// An IAM policy document (identity policy or role trust policy), parsed once.
///
/// Follows the IAM JSON policy reference: Statement may be one object or a list; Action,
/// NotAction, Resource, NotResource and principal values may be a string or a list;
/// Principal may be "*" or an object with AWS / Service / Federated / CanonicalUser keys.
/// A document given as a JSON *string* is URL-decoded exactly once (the IAM API returns
/// RFC 3986-encoded documents, FIELD-CASES 15) unless it already starts with '{'; a
/// document given as an object is never decoded, so "100%25" stays "100%25".
///
/// Conditions are decided only where no request is needed: the Date operators on
/// aws:CurrentTime, against \a now. Everything else is Undecided and the caller marks
/// the resulting edge conditional.
struct AwsPolicyDocument
{
    QList<AwsStatement> statements;

    /// \a where names the file and JSON location for errors, e.g.
    /// "authz.json: RoleDetailList[3].AssumeRolePolicyDocument". InvalidInput on a value of
    /// the wrong type, a missing Effect or Action/NotAction, or an undecodable string.
    [[nodiscard]] static Result<AwsPolicyDocument> parse(const QJsonValue& document, const QString& where,
                                                         const QDateTime& now);
    /// Condition block decided against \a now (exposed for tests).
    static AwsConditionState decideCondition(const QJsonObject& condition, const QDateTime& now);
};

} // namespace gatehouse
