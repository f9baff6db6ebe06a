#include "WorkspaceChangeWatcher.h"

#include <QSqlQuery>
#include <QUuid>

#include "Logging.h"

namespace gatehouse {

WorkspaceChangeWatcher::WorkspaceChangeWatcher(const QSqlDatabase& source, int intervalMs, QObject* parent)
    : QObject(parent), m_connectionName(QStringLiteral("gatehouse-watch-") +
                                        QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(source.databaseName());
    m_db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=1000"));
    if (!m_db.open()) {
        Logging::warn("db", QStringLiteral("change watcher cannot open %1; views refresh only when shown")
                                .arg(source.databaseName()));
        return;
    }
    poll();
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &WorkspaceChangeWatcher::poll);
    m_timer.start();
}

WorkspaceChangeWatcher::~WorkspaceChangeWatcher()
{
    m_timer.stop();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

void WorkspaceChangeWatcher::poll()
{
    if (!m_db.isOpen())
        return;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA data_version")) || !q.next())
        return;
    const qint64 version = q.value(0).toLongLong();
    q.finish();
    const bool moved = m_lastVersion >= 0 && version != m_lastVersion;
    m_lastVersion = version;
    if (moved)
        emit changed();
}

} // namespace gatehouse
