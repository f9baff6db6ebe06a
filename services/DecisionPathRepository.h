#pragma once

#include <optional>

#include <QList>
#include <QSqlDatabase>

#include "DecisionPath.h"
#include "Error.h"

namespace gatehouse {

/// SQL for the decision_paths table. List-valued fields are stored as JSON arrays.
/// No permission checks and no auditing here: CatalogueService does both.
class DecisionPathRepository
{
public:
    explicit DecisionPathRepository(QSqlDatabase db);

    [[nodiscard]] Result<QList<DecisionPath>> list() const;
    [[nodiscard]] Result<std::optional<DecisionPath>> find(const QString& id) const;
    /// Id of an active path (other than \a exceptId) with this workload identity, if any.
    [[nodiscard]] Result<std::optional<QString>> activeWithWorkload(const QString& workloadId,
                                                                    const QString& exceptId) const;
    [[nodiscard]] Status insert(const DecisionPath& path);
    /// Writes \a path if the stored version equals \a expectedVersion; Conflict otherwise.
    [[nodiscard]] Status update(const DecisionPath& path, int expectedVersion);

private:
    QSqlDatabase m_db;
};

} // namespace gatehouse
