#pragma once

#include <QString>

#include "Error.h"

namespace gatehouse {

/// A workspace folder: gatehouse.db, keys/ (mode 0700, key files 0600) and logs/.
class Workspace
{
public:
    /// <QStandardPaths::AppDataLocation>/workspace (e.g. ~/.local/share/gatehouse/gatehouse/workspace).
    static QString defaultDirectory();
    /// <QStandardPaths::AppDataLocation>/demo: the demo workspace, beside (not inside) the default one.
    static QString defaultDemoDirectory();

    /// Creates the folder and its sub-folders when absent. Errors: StorageFailure
    /// naming the folder that cannot be created or written.
    [[nodiscard]] static Result<Workspace> prepare(const QString& directory);

    QString directory() const { return m_dir; }
    QString databaseFile() const;
    QString keysDirectory() const;
    QString logsDirectory() const;

private:
    QString m_dir;
};

} // namespace gatehouse
