#pragma once

#include <QSqlDatabase>
#include <QString>

#include "Error.h"

namespace gatehouse {

/// Key/value settings stored in the workspace database (table workspace_settings).
/// Known keys: "demo" ("1" in a demo workspace: the login dialog shows the demo password).
class WorkspaceSettings
{
public:
    explicit WorkspaceSettings(QSqlDatabase db);

    [[nodiscard]] Result<QString> value(const QString& key, const QString& fallback = {}) const;
    /// Writes inside the caller's transaction when one is open.
    [[nodiscard]] Status setValue(const QString& key, const QString& value);
    bool isDemo() const;

private:
    QSqlDatabase m_db;
};

} // namespace gatehouse
