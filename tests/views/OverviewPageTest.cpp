#include <QTreeWidget>
#include <QLabel>
#include <QPushButton>
#include <QtTest>

#include "DecisionPathBuilder.h"
#include "OverviewPage.h"
#include "ReviewFixture.h"
#include "ViewTestSupport.h"

using namespace gatehouse;
using namespace gatehouse::test;

class OverviewPageTest : public QObject
{
    Q_OBJECT

private slots:
    void countsPathsByTierAndStatusAndListsOverdueReviews()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        CatalogueService& catalogue = ws.app().catalogue();
        const QDate today = ws.clock().now().date();
        auto add = [&](const DecisionPath& p) { QVERIFY(catalogue.create(ws.admin(), p).has_value()); };
        add(DecisionPathBuilder(QStringLiteral("a")).tier(SeverityTier::T0).build());
        add(DecisionPathBuilder(QStringLiteral("b"))
                .tier(SeverityTier::T2)
                .reviewDate(today.addDays(-10))
                .build());
        add(DecisionPathBuilder(QStringLiteral("c"))
                .tier(SeverityTier::T2)
                .reviewDate(today.addDays(-2))
                .build());
        add(DecisionPathBuilder(QStringLiteral("d"))
                .tier(SeverityTier::T3)
                .reviewDate(today.addDays(5))
                .build());
        add(DecisionPathBuilder(QStringLiteral("e")).tier(std::nullopt).build());
        add(DecisionPathBuilder(QStringLiteral("f"))
                .tier(SeverityTier::T1)
                .reviewDate(today.addDays(-30))
                .build());
        QVERIFY(catalogue.activate(ws.admin(), QStringLiteral("a")).has_value());
        QVERIFY(catalogue.activate(ws.admin(), QStringLiteral("b")).has_value());
        QVERIFY(catalogue.suspend(ws.admin(), QStringLiteral("b"), QStringLiteral("drill")).has_value());
        // A retired path's review is no longer due.
        QVERIFY(catalogue.retire(ws.admin(), QStringLiteral("f"), QStringLiteral("replaced")).has_value());

        OverviewPage page(consoleServices(ws), ws.admin());
        page.refresh();
        QCOMPARE(page.shownCount(QStringLiteral("T0")), 1);
        QCOMPARE(page.shownCount(QStringLiteral("T1")), 1);
        QCOMPARE(page.shownCount(QStringLiteral("T2")), 2);
        QCOMPARE(page.shownCount(QStringLiteral("T3")), 1);
        QCOMPARE(page.shownCount(QStringLiteral("unset")), 1);
        QCOMPARE(page.shownCount(QStringLiteral("draft")), 3);
        QCOMPARE(page.shownCount(QStringLiteral("active")), 1);
        QCOMPARE(page.shownCount(QStringLiteral("suspended")), 1);
        QCOMPARE(page.shownCount(QStringLiteral("retired")), 1);

        QTreeWidget* overdue = page.overdueList();
        QCOMPARE(overdue->topLevelItemCount(), 2);
        QCOMPARE(overdue->topLevelItem(0)->text(0), QStringLiteral("b")); // oldest first
        QCOMPARE(overdue->topLevelItem(0)->text(3), QStringLiteral("2026-02-28"));
        QCOMPARE(overdue->topLevelItem(0)->text(4), QStringLiteral("10 days"));
        QCOMPARE(overdue->topLevelItem(1)->text(0), QStringLiteral("c"));
        QCOMPARE(overdue->topLevelItem(1)->text(4), QStringLiteral("2 days"));
        QCOMPARE(page.findChild<QLabel*>(QStringLiteral("overdueSummary"))->text(),
                 QStringLiteral("2 decision paths are past their review date:"));

        auto count = ws.app().ledger().count();
        QVERIFY(count.has_value());
        QCOMPARE(page.ledgerText(), QStringLiteral("%1 events recorded.").arg(*count));
    }

    void listsOpenBreakGlassApprovals()
    {
        ReviewFixture fx;
        QVERIFY2(fx.isValid(), qPrintable(fx.error()));
        const QString id = fx.submit();
        OverviewPage page(consoleServices(fx.ws()), fx.session(QStringLiteral("manager1")));
        page.refresh();
        QCOMPARE(page.breakGlassList()->topLevelItemCount(), 0);
        QCOMPARE(page.breakGlassText(), QStringLiteral("No break-glass approval is waiting for review."));
        QVERIFY(fx.app()
                    .review()
                    .breakGlass(fx.ws().admin(), id, QStringLiteral("INC-3 outage"),
                                fx.key(QStringLiteral("admin")))
                    .has_value());
        page.refresh();
        QCOMPARE(page.breakGlassList()->topLevelItemCount(), 1);
        QCOMPARE(page.breakGlassList()->topLevelItem(0)->text(0), id);
        QCOMPARE(page.breakGlassList()->topLevelItem(0)->text(1), QStringLiteral("admin"));
        QCOMPARE(page.breakGlassList()->topLevelItem(0)->text(3), QStringLiteral("INC-3 outage"));
        QVERIFY(page.breakGlassText().startsWith(QStringLiteral("1 break-glass approval needs")));
        QVERIFY(fx.app()
                    .review()
                    .closeBreakGlass(fx.session(QStringLiteral("manager1")), id, QStringLiteral("justified"))
                    .has_value());
        page.refresh();
        QCOMPARE(page.breakGlassList()->topLevelItemCount(), 0);
    }

    void verifyButtonShowsTheChainResult()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        QVERIFY(ws.app().catalogue().create(ws.admin(), DecisionPathBuilder().build()).has_value());
        OverviewPage page(consoleServices(ws), ws.admin());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.refresh();
        QCOMPARE(page.verificationText(), QStringLiteral("Not verified in this session."));

        QTest::mouseClick(page.verifyButton(), Qt::LeftButton);
        const auto expected = ws.app().ledger().verify();
        QVERIFY(expected.has_value() && expected->intact());
        const QString text = page.verificationText();
        QVERIFY2(
            text.startsWith(QStringLiteral("Intact at 2026-03-10 09:00:00 UTC: %1 events, last seq %2, head ")
                                .arg(expected->eventCount)
                                .arg(expected->lastSeq)),
            qPrintable(text));
        QVERIFY(text.contains(QString::fromLatin1(expected->headHash.toHex().left(16))));
    }
};

QTEST_MAIN(OverviewPageTest)
#include "OverviewPageTest.moc"
