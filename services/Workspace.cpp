#include "Workspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace gatehouse {

QString Workspace::defaultDirectory()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("workspace"));
}

QString Workspace::defaultDemoDirectory()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("demo"));
}

Result<Workspace> Workspace::prepare(const QString& directory)
{
    if (directory.trimmed().isEmpty())
        return fail(ErrorCode::InvalidInput, QStringLiteral("no workspace folder given"));
    const QFileInfo info(directory);
    if (info.exists() && !info.isDir())
        return fail(ErrorCode::StorageFailure,
                    QStringLiteral("workspace %1 exists but is not a folder").arg(info.absoluteFilePath()));

    Workspace ws;
    ws.m_dir = info.absoluteFilePath();
    QDir dir;
    for (const QString& sub : {ws.m_dir, ws.keysDirectory(), ws.logsDirectory()}) {
        if (!dir.mkpath(sub))
            return fail(ErrorCode::StorageFailure, QStringLiteral("cannot create folder %1").arg(sub));
    }
    // Signing keys (later issues) live here; nobody but the owner may list them.
    QFile::setPermissions(ws.keysDirectory(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    if (!QFileInfo(ws.m_dir).isWritable())
        return fail(ErrorCode::StorageFailure,
                    QStringLiteral("workspace folder %1 is not writable").arg(ws.m_dir));
    return ws;
}

QString Workspace::databaseFile() const
{
    return QDir(m_dir).filePath(QStringLiteral("gatehouse.db"));
}

QString Workspace::keysDirectory() const
{
    return QDir(m_dir).filePath(QStringLiteral("keys"));
}

QString Workspace::logsDirectory() const
{
    return QDir(m_dir).filePath(QStringLiteral("logs"));
}

} // namespace gatehouse
