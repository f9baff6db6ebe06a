#pragma once

#include <QList>
#include <QString>

#include "DecisionPath.h"

namespace gatehouse {

/// One problem with one field, for inline messages in the editor and for import errors.
struct FieldIssue
{
    QString field;   ///< snake_case field name as in the JSON form ("workload_id")
    QString message; ///< a sentence for the user
};

/// Pure, storage-free checks of a decision path's fields. Checks that need the
/// database (owner account exists, workload identity unique) live in CatalogueService.
class DecisionPathValidator
{
public:
    /// Well-formedness of every field that is set (a draft may leave many unset).
    static QList<FieldIssue> validateFields(const DecisionPath& path);
    /// What a draft still lacks to become active: owner, tier, action types,
    /// workload identity, framework mapping. Empty when nothing is missing.
    static QList<FieldIssue> activationBlockers(const DecisionPath& path);

    static bool isValidSlug(const QString& id);
    static bool isValidActionType(const QString& actionType);
    static bool isValidUsername(const QString& username);
};

/// "field: message; field: message" for command-line and log output.
QString joinIssues(const QList<FieldIssue>& issues);

} // namespace gatehouse
