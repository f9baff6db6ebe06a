#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QtTest>

#include "AuditEventTableModel.h"

using namespace gatehouse;

namespace {

AuditEvent makeEvent(qint64 seq, const QDateTime& at, const QString& type)
{
    AuditEvent e;
    e.seq = seq;
    e.timestamp = at;
    e.type = type;
    e.actor = QStringLiteral("operator:admin");
    e.subject = QStringLiteral("path:p%1").arg(seq);
    e.correlationId = QStringLiteral("c-%1").arg(seq);
    return e;
}

QStringList column(const QAbstractItemModel& model, int col)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r)
        out << model.index(r, col).data().toString();
    return out;
}

} // namespace

class AuditEventTableModelTest : public QObject
{
    Q_OBJECT

private slots:
    void passesTheModelTesterAndResets()
    {
        AuditEventTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        const QDateTime t(QDate(2026, 3, 10), QTime(9, 0), Qt::UTC);
        model.setEvents({makeEvent(1, t, QStringLiteral("path.created")),
                         makeEvent(2, t.addSecs(5), QStringLiteral("path.activated"))});
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(AuditEventTableModel::ColumnCount));
        QCOMPARE(model.index(1, AuditEventTableModel::TypeColumn).data().toString(),
                 QStringLiteral("path.activated"));
        QCOMPARE(model.index(1, AuditEventTableModel::SubjectColumn).data().toString(),
                 QStringLiteral("path:p2"));
        QCOMPARE(model.index(1, AuditEventTableModel::CorrelationColumn).data().toString(),
                 QStringLiteral("c-2"));
        QCOMPARE(model.index(0, AuditEventTableModel::TimeColumn).data().toString(),
                 QStringLiteral("2026-03-10 09:00:00.000"));
        QCOMPARE(model.headerData(AuditEventTableModel::TimeColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Time (UTC)"));
        QCOMPARE(model.rowOf(2), 1);
        QCOMPARE(model.rowOf(42), -1);
    }

    void sortsSequenceNumbersAndTimesByValue()
    {
        AuditEventTableModel model;
        const QDateTime t(QDate(2018, 9, 12), QTime(8, 0), Qt::UTC);
        // Sequence numbers 9, 10, 100 sort as text "10" < "100" < "9"; times given out of order.
        model.setEvents(
            {makeEvent(100, QDateTime(QDate(2023, 10, 17), QTime(1, 0), Qt::UTC), QStringLiteral("a")),
             makeEvent(9, t, QStringLiteral("b")),
             makeEvent(10, QDateTime(QDate(2018, 9, 18), QTime(1, 0), Qt::UTC), QStringLiteral("c"))});
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(AuditEventTableModel::SortRole);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

        proxy.sort(AuditEventTableModel::SeqColumn, Qt::AscendingOrder);
        QCOMPARE(column(proxy, AuditEventTableModel::SeqColumn),
                 (QStringList{QStringLiteral("9"), QStringLiteral("10"), QStringLiteral("100")}));
        proxy.sort(AuditEventTableModel::TimeColumn, Qt::AscendingOrder);
        QCOMPARE(column(proxy, AuditEventTableModel::TypeColumn),
                 (QStringList{QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("a")}));
        proxy.sort(AuditEventTableModel::SeqColumn, Qt::DescendingOrder);
        QCOMPARE(column(proxy, AuditEventTableModel::SeqColumn),
                 (QStringList{QStringLiteral("100"), QStringLiteral("10"), QStringLiteral("9")}));
    }
};

QTEST_MAIN(AuditEventTableModelTest)
#include "AuditEventTableModelTest.moc"
