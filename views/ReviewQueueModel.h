#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

#include "OperatorSession.h"
#include "ReviewRepository.h"

namespace gatehouse {

class Clock;
class ReviewService;

/// The review queue as a table, loaded page by page (canFetchMore/fetchMore, kPageSize
/// rows at a time) so 10,000 pending requests open without reading them all. Order is the
/// service's: T3 first, then oldest first. Columns: tier, path, action, target, confidence,
/// triggers, age, time left (to expiry), approvals "n of N". RequestIdRole gives the id;
/// SortRole gives the underlying value (tier number, seconds, confidence).
class ReviewQueueModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TierColumn,
        PathColumn,
        ActionColumn,
        TargetColumn,
        ConfidenceColumn,
        TriggersColumn,
        AgeColumn,
        TimeLeftColumn,
        ApprovalsColumn,
        ColumnCount
    };
    enum Role
    {
        RequestIdRole = Qt::UserRole + 1,
        SortRole,
        OverdueRole,
    };
    static constexpr int kPageSize = 200;

    ReviewQueueModel(ReviewService& review, const Clock& clock, OperatorSession session,
                     QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    void setFilter(const ReviewQueueFilter& filter);
    ReviewQueueFilter filter() const { return m_filter; }
    /// Re-reads as many rows as are loaded now (at least one page) and the total.
    void reload();
    /// Rows matching the filter in the workspace (loaded or not).
    qint64 totalCount() const { return m_total; }
    const ReviewQueueRow& rowAt(int row) const { return m_rows.at(row); }
    /// Row of \a requestId among the loaded rows, or -1.
    int rowOf(const QString& requestId) const;
    /// Last storage error, empty when the last read worked.
    QString lastError() const { return m_error; }
    /// Refreshes the time columns (age, time left) without reading the database.
    void tick();

private:
    QList<ReviewQueueRow> load(int offset, int limit);

    ReviewService& m_review;
    const Clock& m_clock;
    OperatorSession m_session;
    ReviewQueueFilter m_filter;
    QList<ReviewQueueRow> m_rows;
    qint64 m_total = 0;
    QString m_error;
};

} // namespace gatehouse
