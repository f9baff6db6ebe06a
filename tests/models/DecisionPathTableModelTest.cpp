// DecisionPathTableModel and DecisionPathFilterModel: model invariants, sorting by
// underlying value (FIELD-CASES 12), literal search (FIELD-CASES 13), filters and the
// overdue-review marking.

#include <QAbstractItemModelTester>
#include <QFont>
#include <QLocale>
#include <QSignalSpy>
#include <QtTest>

#include "DecisionPathFilterModel.h"
#include "DecisionPathTableModel.h"

using gatehouse::DecisionPath;
using gatehouse::DecisionPathFilterModel;
using gatehouse::DecisionPathTableModel;
using gatehouse::PathStatus;
using gatehouse::SeverityTier;

namespace {

const QDate kToday(2026, 3, 10);

/// A path whose searchable text is only its id, its name and neutral filler, so a
/// search hit can come from nowhere else.
DecisionPath makePath(const QString& id, const QString& name = QString())
{
    DecisionPath p;
    p.id = id;
    p.name = name.isEmpty() ? id : name;
    p.owner = QStringLiteral("owner1");
    p.workloadId = QStringLiteral("spiffe://corp.example/w/") + id;
    p.actionTypes = {QStringLiteral("endpoint.isolate")};
    p.environment = QStringLiteral("prod");
    p.tier = SeverityTier::T1;
    p.status = PathStatus::Active;
    return p;
}

/// Ids of the proxy's rows, top to bottom.
QStringList idsOf(const QAbstractItemModel& model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, DecisionPathTableModel::IdColumn).data().toString();
    return ids;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

} // namespace

class DecisionPathTableModelTest : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void modelInvariants();
    void resetSignalsAndLookup();
    void displayText();
    void sortsTiersByRank();
    void sortsReviewDatesByDate();
    void sortOrderIgnoresUiLanguage();
    void literalSearch_data();
    void literalSearch();
    void searchIsCaseInsensitiveForCyrillic();
    void searchWorksAfterEveryKeystroke();
    void tierStatusOwnerFilters();
    void overdueMarking_data();
    void overdueMarking();
    void overdueFollowsToday();
    void overdueOnlyFilter();
};

void DecisionPathTableModelTest::cleanup()
{
    QLocale::setDefault(QLocale::c());
}

void DecisionPathTableModelTest::modelInvariants()
{
    DecisionPathTableModel source;
    DecisionPathFilterModel proxy;
    proxy.setSourceModel(&source);
    QAbstractItemModelTester sourceTester(&source, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    QCOMPARE(source.rowCount(), 0);
    QCOMPARE(source.columnCount(), int(DecisionPathTableModel::ColumnCount));

    QList<DecisionPath> paths;
    for (int i = 0; i < 6; ++i) {
        DecisionPath p = makePath(QStringLiteral("p%1").arg(i));
        p.tier = static_cast<SeverityTier>(i % 4);
        p.nextReviewDate = kToday.addDays(i - 3);
        paths << p;
    }
    source.setPaths(paths, kToday);
    proxy.sort(DecisionPathTableModel::TierColumn);
    proxy.setSearchText(QStringLiteral("p"));
    proxy.setTierFilter(SeverityTier::T2);
    proxy.setOverdueOnly(true);
    proxy.setTierFilter(std::nullopt);
    proxy.setOverdueOnly(false);
    proxy.sort(DecisionPathTableModel::ReviewDateColumn, Qt::DescendingOrder);
    source.setPaths({}, kToday);
    QCOMPARE(proxy.rowCount(), 0);
    source.setPaths(paths, kToday.addDays(10));
    QCOMPARE(proxy.rowCount(), 6);
}

void DecisionPathTableModelTest::resetSignalsAndLookup()
{
    DecisionPathTableModel source;
    QSignalSpy reset(&source, &QAbstractItemModel::modelReset);
    source.setPaths({makePath(QStringLiteral("alpha")), makePath(QStringLiteral("beta"))}, kToday);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(source.rowCount(), 2);
    QCOMPARE(source.rowOf(QStringLiteral("beta")), 1);
    QCOMPARE(source.rowOf(QStringLiteral("gamma")), -1);
    QCOMPARE(source.pathAt(0).id, QStringLiteral("alpha"));
    QCOMPARE(source.headerData(DecisionPathTableModel::TierColumn, Qt::Horizontal).toString(),
             QStringLiteral("Tier"));
    QVERIFY(!source.headerData(0, Qt::Vertical).isValid());
    QVERIFY(!source.index(0, 0, source.index(0, 0)).isValid());
}

void DecisionPathTableModelTest::displayText()
{
    DecisionPath p = makePath(QStringLiteral("soc-isolate"), QStringLiteral("Isolate endpoint"));
    p.tier = SeverityTier::T2;
    p.actionTypes = {QStringLiteral("endpoint.isolate"), QStringLiteral("endpoint.release")};
    p.nextReviewDate = QDate(2026, 6, 1);
    DecisionPath draft = makePath(QStringLiteral("draft"));
    draft.tier.reset();
    draft.status = PathStatus::Draft;

    DecisionPathTableModel model;
    model.setPaths({p, draft}, kToday);
    auto text = [&](int row, int column) { return model.index(row, column).data().toString(); };
    QCOMPARE(text(0, DecisionPathTableModel::TierColumn), QStringLiteral("T2 high"));
    QCOMPARE(text(0, DecisionPathTableModel::StatusColumn), QStringLiteral("active"));
    QCOMPARE(text(0, DecisionPathTableModel::ActionsColumn), QStringLiteral("2"));
    QCOMPARE(text(0, DecisionPathTableModel::ReviewDateColumn), QStringLiteral("2026-06-01"));
    QCOMPARE(text(0, DecisionPathTableModel::WorkloadColumn),
             QStringLiteral("spiffe://corp.example/w/soc-isolate"));
    QCOMPARE(text(1, DecisionPathTableModel::TierColumn), QStringLiteral("—"));
    QCOMPARE(text(1, DecisionPathTableModel::StatusColumn), QStringLiteral("draft"));
    QCOMPARE(text(1, DecisionPathTableModel::ReviewDateColumn), QStringLiteral("—"));
    QCOMPARE(model.index(0, DecisionPathTableModel::ActionsColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("endpoint.isolate\nendpoint.release"));
}

void DecisionPathTableModelTest::sortsTiersByRank()
{
    // Inserted so that neither insertion order nor label order ("critical" < "high" <
    // "informational" < "low") is the rank order.
    QList<DecisionPath> paths;
    const QList<std::optional<SeverityTier>> tiers{SeverityTier::T3, SeverityTier::T1, std::nullopt,
                                                   SeverityTier::T0, SeverityTier::T2};
    for (const auto& tier : tiers) {
        DecisionPath p =
            makePath(tier ? QStringLiteral("t%1").arg(static_cast<int>(*tier)) : QStringLiteral("unset"));
        p.tier = tier;
        paths << p;
    }
    DecisionPathTableModel source;
    source.setPaths(paths, kToday);
    DecisionPathFilterModel proxy;
    proxy.setSourceModel(&source);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    QCOMPARE(
        source.index(0, DecisionPathTableModel::TierColumn).data(DecisionPathTableModel::SortRole).toInt(),
        3);
    QCOMPARE(
        source.index(2, DecisionPathTableModel::TierColumn).data(DecisionPathTableModel::SortRole).toInt(),
        -1);

    proxy.sort(DecisionPathTableModel::TierColumn, Qt::AscendingOrder);
    QCOMPARE(idsOf(proxy), (QStringList{QStringLiteral("unset"), QStringLiteral("t0"), QStringLiteral("t1"),
                                        QStringLiteral("t2"), QStringLiteral("t3")}));
    proxy.sort(DecisionPathTableModel::TierColumn, Qt::DescendingOrder);
    QCOMPARE(idsOf(proxy), (QStringList{QStringLiteral("t3"), QStringLiteral("t2"), QStringLiteral("t1"),
                                        QStringLiteral("t0"), QStringLiteral("unset")}));
}

void DecisionPathTableModelTest::sortsReviewDatesByDate()
{
    // Weekday-first text ("Tue 17 Oct 2023") would sort 2023 before 2018; the sort role is the date.
    QList<DecisionPath> paths;
    const QList<QPair<QString, QDate>> dates{{QStringLiteral("d2023-10-17"), QDate(2023, 10, 17)},
                                             {QStringLiteral("unscheduled"), QDate()},
                                             {QStringLiteral("d2018-09-12"), QDate(2018, 9, 12)},
                                             {QStringLiteral("d2027-01-05"), QDate(2027, 1, 5)},
                                             {QStringLiteral("d2018-09-18"), QDate(2018, 9, 18)}};
    for (const auto& [id, date] : dates) {
        DecisionPath p = makePath(id);
        p.nextReviewDate = date;
        paths << p;
    }
    DecisionPathTableModel source;
    source.setPaths(paths, kToday);
    DecisionPathFilterModel proxy;
    proxy.setSourceModel(&source);

    const QVariant sortValue =
        source.index(0, DecisionPathTableModel::ReviewDateColumn).data(DecisionPathTableModel::SortRole);
    QCOMPARE(sortValue.metaType(), QMetaType::fromType<QDate>());
    QCOMPARE(sortValue.toDate(), QDate(2023, 10, 17));
    // Overdue rows carry a suffix in their text; it must not change their place.
    QCOMPARE(source.index(0, DecisionPathTableModel::ReviewDateColumn).data().toString(),
             QStringLiteral("2023-10-17 (overdue)"));

    proxy.sort(DecisionPathTableModel::ReviewDateColumn, Qt::AscendingOrder);
    QCOMPARE(idsOf(proxy), (QStringList{QStringLiteral("d2018-09-12"), QStringLiteral("d2018-09-18"),
                                        QStringLiteral("d2023-10-17"), QStringLiteral("d2027-01-05"),
                                        QStringLiteral("unscheduled")}));
}

void DecisionPathTableModelTest::sortOrderIgnoresUiLanguage()
{
    QList<DecisionPath> paths;
    for (int t : {2, 0, 3, 1}) {
        DecisionPath p = makePath(QStringLiteral("t%1").arg(t));
        p.tier = static_cast<SeverityTier>(t);
        p.nextReviewDate = QDate(2020 + (3 - t), 1, 1); // T0 latest, T3 earliest
        paths << p;
    }
    const QStringList byTier{QStringLiteral("t0"), QStringLiteral("t1"), QStringLiteral("t2"),
                             QStringLiteral("t3")};
    const QStringList byDate{QStringLiteral("t3"), QStringLiteral("t2"), QStringLiteral("t1"),
                             QStringLiteral("t0")};

    for (const auto language : {QLocale::English, QLocale::German, QLocale::Russian, QLocale::Japanese}) {
        QLocale::setDefault(QLocale(language));
        DecisionPathTableModel source;
        source.setPaths(paths, kToday);
        DecisionPathFilterModel proxy;
        proxy.setSourceModel(&source);
        proxy.sort(DecisionPathTableModel::TierColumn);
        QCOMPARE(idsOf(proxy), byTier);
        proxy.sort(DecisionPathTableModel::ReviewDateColumn);
        QCOMPARE(idsOf(proxy), byDate);
    }
}

void DecisionPathTableModelTest::literalSearch_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("cyrillic") << QStringLiteral("Отчёт агента №1") << QStringList{QStringLiteral("p1")};
    QTest::newRow("double quotes") << QStringLiteral("agent \"alpha\"") << QStringList{QStringLiteral("p2")};
    QTest::newRow("quoted word") << QStringLiteral("\"alpha\"") << QStringList{QStringLiteral("p2")};
    QTest::newRow("column syntax") << QStringLiteral("role:admin") << QStringList{QStringLiteral("p3")};
    QTest::newRow("minus") << QStringLiteral("a-b") << QStringList{QStringLiteral("p4")};
    // The decoy's "Another" holds "not": a literal, case-insensitive match, not an operator.
    QTest::newRow("NOT") << QStringLiteral("NOT") << QStringList{QStringLiteral("p5"), QStringLiteral("p8")};
    QTest::newRow("star") << QStringLiteral("x*") << QStringList{QStringLiteral("p6")};
    QTest::newRow("bare star") << QStringLiteral("*") << QStringList{QStringLiteral("p6")};
    QTest::newRow("parentheses") << QStringLiteral("(test)") << QStringList{QStringLiteral("p7")};
    QTest::newRow("surrounding spaces trimmed")
        << QStringLiteral("  a-b  ") << QStringList{QStringLiteral("p4")};
    QTest::newRow("upper-case of lower-case text")
        << QStringLiteral("AGENT \"ALPHA\"") << QStringList{QStringLiteral("p2")};
    QTest::newRow("unmatched") << QStringLiteral("zzz-nothing") << QStringList();
    QTest::newRow("regex dot") << QStringLiteral("a.b") << QStringList();
    QTest::newRow("sql wildcard") << QStringLiteral("%") << QStringList();
    QTest::newRow("sql injection") << QStringLiteral("'; DROP TABLE paths; --") << QStringList();
    QTest::newRow("unbalanced parenthesis") << QStringLiteral("(tes") << QStringList{QStringLiteral("p7")};
    QTest::newRow("unbalanced quote") << QStringLiteral("\"alph") << QStringList{QStringLiteral("p2")};
    QTest::newRow("empty shows all") << QString() << QStringList{QStringLiteral("p1"), QStringLiteral("p2"),
                                                                 QStringLiteral("p3"), QStringLiteral("p4"),
                                                                 QStringLiteral("p5"), QStringLiteral("p6"),
                                                                 QStringLiteral("p7"), QStringLiteral("p8")};
}

void DecisionPathTableModelTest::literalSearch()
{
    QFETCH(QString, search);
    QFETCH(QStringList, expected);

    DecisionPathTableModel source;
    source.setPaths({makePath(QStringLiteral("p1"), QStringLiteral("Отчёт агента №1")),
                     makePath(QStringLiteral("p2"), QStringLiteral("agent \"alpha\"")),
                     makePath(QStringLiteral("p3"), QStringLiteral("role:admin")),
                     makePath(QStringLiteral("p4"), QStringLiteral("a-b")),
                     makePath(QStringLiteral("p5"), QStringLiteral("NOT")),
                     makePath(QStringLiteral("p6"), QStringLiteral("x*")),
                     makePath(QStringLiteral("p7"), QStringLiteral("(test)")),
                     makePath(QStringLiteral("p8"), QStringLiteral("Another xylophone test ab alpha"))},
                    kToday);
    DecisionPathFilterModel proxy;
    proxy.setSourceModel(&source);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    proxy.setSearchText(search);
    QCOMPARE(sorted(idsOf(proxy)), expected);
}

void DecisionPathTableModelTest::searchIsCaseInsensitiveForCyrillic()
{
    DecisionPathTableModel source;
    source.setPaths({makePath(QStringLiteral("p1"), QStringLiteral("Отчёт агента №1")),
                     makePath(QStringLiteral("p2"), QStringLiteral("Отчёт агента №2"))},
                    kToday);
    DecisionPathFilterModel proxy;
    proxy.setSourceModel(&source);

    proxy.setSearchText(QStringLiteral("ОТЧЁТ АГЕНТА №1"));
    QCOMPARE(idsOf(proxy), QStringList{QStringLiteral("p1")});
    proxy.setSearchText(QStringLiteral("отчёт"));
    QCOMPARE(sorted(idsOf(proxy)), (QStringList{QStringLiteral("p1"), QStringLiteral("p2")}));
    // "е" is not "ё": no accent folding, the match stays literal.
    proxy.setSearchText(QStringLiteral("Отчет"));
    QCOMPARE(idsOf(proxy), QStringList());
}

void DecisionPathTableModelTest::searchWorksAfterEveryKeystroke()
{
    // Typing builds the query one character at a time; every prefix is a valid search.
    DecisionPathTableModel source;
    source.setPaths({makePath(QStringLiteral("p2"), QStringLiteral("agent \"alpha\"")),
                     makePath(QStringLiteral("p9"), QStringLiteral("agent beta"))},
                    kToday);
    DecisionPathFilterModel proxy;
    proxy.setSourceModel(&source);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    const QString query = QStringLiteral("agent \"alpha\"");
    for (qsizetype n = 1; n <= query.size(); ++n) {
        proxy.setSearchText(query.left(n));
        const int expected = n <= 6 ? 2 : 1; // "agent " matches both
        QCOMPARE(proxy.rowCount(), expected);
    }
}

void DecisionPathTableModelTest::tierStatusOwnerFilters()
{
    auto path = [](const char* id, SeverityTier tier, PathStatus status, const char* owner) {
        DecisionPath p = makePath(QString::fromLatin1(id));
        p.tier = tier;
        p.status = status;
        p.owner = QString::fromLatin1(owner);
        return p;
    };
    DecisionPathTableModel source;
    DecisionPath untiered = path("draft-untiered", SeverityTier::T0, PathStatus::Draft, "owner-secops");
    untiered.tier.reset();
    source.setPaths({path("a", SeverityTier::T3, PathStatus::Active, "owner-secops"),
                     path("b", SeverityTier::T3, PathStatus::Suspended, "owner-finance"),
                     path("c", SeverityTier::T1, PathStatus::Active, "owner-finance"),
                     path("d", SeverityTier::T0, PathStatus::Retired, "owner-secops"), untiered},
                    kToday);
    DecisionPathFilterModel proxy;
    proxy.setSourceModel(&source);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(DecisionPathTableModel::IdColumn);

    proxy.setTierFilter(SeverityTier::T3);
    QCOMPARE(idsOf(proxy), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    proxy.setTierFilter(SeverityTier::T0);
    QCOMPARE(idsOf(proxy), QStringList{QStringLiteral("d")}); // an unset tier is not T0
    proxy.setTierFilter(SeverityTier::T2);
    QCOMPARE(idsOf(proxy), QStringList());
    proxy.setTierFilter(std::nullopt);
    QCOMPARE(proxy.rowCount(), 5);

    proxy.setStatusFilter(PathStatus::Active);
    QCOMPARE(idsOf(proxy), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
    proxy.setStatusFilter(PathStatus::Draft);
    QCOMPARE(idsOf(proxy), QStringList{QStringLiteral("draft-untiered")});
    proxy.setStatusFilter(std::nullopt);

    proxy.setOwnerFilter(QStringLiteral("owner-finance"));
    QCOMPARE(idsOf(proxy), (QStringList{QStringLiteral("b"), QStringLiteral("c")}));
    proxy.setOwnerFilter(QStringLiteral("owner")); // exact username, not a prefix
    QCOMPARE(idsOf(proxy), QStringList());
    proxy.setOwnerFilter(QString());
    QCOMPARE(proxy.rowCount(), 5);

    // Filters combine with AND.
    proxy.setTierFilter(SeverityTier::T3);
    proxy.setStatusFilter(PathStatus::Active);
    proxy.setOwnerFilter(QStringLiteral("owner-secops"));
    QCOMPARE(idsOf(proxy), QStringList{QStringLiteral("a")});
    proxy.setOwnerFilter(QStringLiteral("owner-finance"));
    QCOMPARE(idsOf(proxy), QStringList());
    proxy.setStatusFilter(PathStatus::Suspended);
    QCOMPARE(idsOf(proxy), QStringList{QStringLiteral("b")});
    proxy.setSearchText(QStringLiteral("zzz"));
    QCOMPARE(idsOf(proxy), QStringList());
}

void DecisionPathTableModelTest::overdueMarking_data()
{
    QTest::addColumn<QDate>("reviewDate");
    QTest::addColumn<PathStatus>("status");
    QTest::addColumn<bool>("overdue");

    QTest::newRow("yesterday") << kToday.addDays(-1) << PathStatus::Active << true;
    QTest::newRow("a year ago") << kToday.addYears(-1) << PathStatus::Draft << true;
    QTest::newRow("suspended, last week") << kToday.addDays(-7) << PathStatus::Suspended << true;
    QTest::newRow("today") << kToday << PathStatus::Active << false;
    QTest::newRow("tomorrow") << kToday.addDays(1) << PathStatus::Active << false;
    QTest::newRow("unscheduled") << QDate() << PathStatus::Active << false;
    QTest::newRow("retired, last week") << kToday.addDays(-7) << PathStatus::Retired << false;
}

void DecisionPathTableModelTest::overdueMarking()
{
    QFETCH(QDate, reviewDate);
    QFETCH(PathStatus, status);
    QFETCH(bool, overdue);

    DecisionPath p = makePath(QStringLiteral("p"));
    p.nextReviewDate = reviewDate;
    p.status = status;
    DecisionPathTableModel model;
    model.setPaths({p}, kToday);

    const QModelIndex date = model.index(0, DecisionPathTableModel::ReviewDateColumn);
    QCOMPARE(model.index(0, DecisionPathTableModel::IdColumn)
                 .data(DecisionPathTableModel::ReviewOverdueRole)
                 .toBool(),
             overdue);
    QCOMPARE(date.data(DecisionPathTableModel::ReviewOverdueRole).toBool(), overdue);
    QCOMPARE(date.data().toString().contains(QStringLiteral("(overdue)")), overdue);
    QCOMPARE(date.data(Qt::ToolTipRole).toString().isEmpty(), !overdue);
    QCOMPARE(date.data(Qt::FontRole).value<QFont>().bold(), overdue);
}

void DecisionPathTableModelTest::overdueFollowsToday()
{
    DecisionPath p = makePath(QStringLiteral("p"));
    p.nextReviewDate = QDate(2026, 4, 1);
    DecisionPathTableModel model;
    const QModelIndex first = model.index(0, 0); // invalid while empty
    QVERIFY(!first.isValid());

    model.setPaths({p}, QDate(2026, 4, 1));
    QCOMPARE(model.index(0, 0).data(DecisionPathTableModel::ReviewOverdueRole).toBool(), false);
    model.setPaths({p}, QDate(2026, 4, 2));
    QCOMPARE(model.index(0, 0).data(DecisionPathTableModel::ReviewOverdueRole).toBool(), true);
}

void DecisionPathTableModelTest::overdueOnlyFilter()
{
    QList<DecisionPath> paths;
    const QList<QPair<QString, QDate>> rows{{QStringLiteral("late"), kToday.addDays(-30)},
                                            {QStringLiteral("due-today"), kToday},
                                            {QStringLiteral("later"), kToday.addDays(30)},
                                            {QStringLiteral("none"), QDate()},
                                            {QStringLiteral("just-late"), kToday.addDays(-1)}};
    for (const auto& [id, date] : rows) {
        DecisionPath p = makePath(id);
        p.nextReviewDate = date;
        paths << p;
    }
    DecisionPath retired = makePath(QStringLiteral("retired-late"));
    retired.nextReviewDate = kToday.addDays(-30);
    retired.status = PathStatus::Retired;
    paths << retired;

    DecisionPathTableModel source;
    source.setPaths(paths, kToday);
    DecisionPathFilterModel proxy;
    proxy.setSourceModel(&source);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    proxy.setOverdueOnly(true);
    QCOMPARE(sorted(idsOf(proxy)), (QStringList{QStringLiteral("just-late"), QStringLiteral("late")}));
    source.setPaths(paths, kToday.addDays(1));
    QCOMPARE(sorted(idsOf(proxy)),
             (QStringList{QStringLiteral("due-today"), QStringLiteral("just-late"), QStringLiteral("late")}));
    proxy.setOverdueOnly(false);
    QCOMPARE(proxy.rowCount(), 6);
}

QTEST_MAIN(DecisionPathTableModelTest)
#include "DecisionPathTableModelTest.moc"
