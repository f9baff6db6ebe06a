#pragma once

#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <QTimer>

namespace gatehouse {

/// Tells the console when the workspace database changed, whoever wrote it (the gateway,
/// another console, a gatehousectl run, this console): polls SQLite's PRAGMA data_version on
/// a connection of its own, which changes whenever another connection commits. Costs one
/// trivial query per interval; nothing is reloaded unless something changed.
class WorkspaceChangeWatcher : public QObject
{
    Q_OBJECT
public:
    /// Opens its own connection to the file of \a source. \a intervalMs between polls.
    WorkspaceChangeWatcher(const QSqlDatabase& source, int intervalMs = 1000, QObject* parent = nullptr);
    ~WorkspaceChangeWatcher() override;

    /// Polls now; emits changed() if the data version moved since the last poll.
    void poll();
    bool isActive() const { return m_db.isOpen(); }

signals:
    void changed();

private:
    QString m_connectionName;
    QSqlDatabase m_db;
    QTimer m_timer;
    qint64 m_lastVersion = -1;
};

} // namespace gatehouse
