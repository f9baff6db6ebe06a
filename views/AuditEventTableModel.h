#pragma once

#include <QAbstractTableModel>
#include <QList>

#include "AuditEvent.h"

namespace gatehouse {

/// Read-only table of ledger events for the audit timeline. SortRole gives the
/// underlying value (sequence number as an integer, time as QDateTime), so sorting
/// never goes by display string.
class AuditEventTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        SeqColumn,
        TimeColumn,
        TypeColumn,
        ActorColumn,
        SubjectColumn,
        CorrelationColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1,
    };

    explicit AuditEventTableModel(QObject* parent = nullptr);

    void setEvents(QList<AuditEvent> events);
    const QList<AuditEvent>& events() const { return m_events; }
    const AuditEvent& eventAt(int row) const { return m_events.at(row); }
    /// Row of the event with \a seq, or -1.
    int rowOf(qint64 seq) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<AuditEvent> m_events;
};

} // namespace gatehouse
