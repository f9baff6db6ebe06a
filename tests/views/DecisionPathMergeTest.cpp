#include <QtTest>

#include "DecisionPathBuilder.h"
#include "DecisionPathMerge.h"

using namespace gatehouse;
using gatehouse::test::DecisionPathBuilder;

class DecisionPathMergeTest : public QObject
{
    Q_OBJECT

private slots:
    void takesEachSidesOwnChanges()
    {
        DecisionPath base = DecisionPathBuilder().build();
        base.version = 3;
        DecisionPath mine = base;
        mine.name = QStringLiteral("Mine");
        mine.tier = SeverityTier::T3;
        DecisionPath theirs = base;
        theirs.owner = QStringLiteral("team-a");
        theirs.targets = {QStringLiteral("edr:host/prod-*")};
        theirs.version = 4;

        const DecisionPathMerge r = DecisionPathMerge::merge(base, mine, theirs);
        QVERIFY(r.conflicts.isEmpty());
        QCOMPARE(r.mineChanged, (QStringList{QStringLiteral("name"), QStringLiteral("tier")}));
        QCOMPARE(r.merged.name, QStringLiteral("Mine"));
        QCOMPARE(r.merged.tier, std::optional<SeverityTier>(SeverityTier::T3));
        QCOMPARE(r.merged.owner, QStringLiteral("team-a"));
        QCOMPARE(r.merged.targets, QStringList{QStringLiteral("edr:host/prod-*")});
        QCOMPARE(r.merged.version, 4);
    }

    void sameFieldChangedDifferentlyIsAConflict()
    {
        const DecisionPath base = DecisionPathBuilder().tier(SeverityTier::T1).build();
        DecisionPath mine = base;
        mine.tier = SeverityTier::T0;
        mine.frameworks.nistCsf << QStringLiteral("GV.OC");
        DecisionPath theirs = base;
        theirs.tier = SeverityTier::T2;

        const DecisionPathMerge r = DecisionPathMerge::merge(base, mine, theirs);
        QCOMPARE(r.conflicts, QStringList{QStringLiteral("tier")});
        QCOMPARE(r.merged.tier, std::optional<SeverityTier>(SeverityTier::T2)); // stored value kept
        QCOMPARE(r.mineChanged, QStringList{QStringLiteral("frameworks")});

        // The same change on both sides is no conflict.
        theirs.tier = SeverityTier::T0;
        QVERIFY(DecisionPathMerge::merge(base, mine, theirs).conflicts.isEmpty());
    }

    void reviewDateClearedIsAChange()
    {
        const DecisionPath base = DecisionPathBuilder().reviewDate(QDate(2026, 5, 1)).build();
        DecisionPath mine = base;
        mine.nextReviewDate = QDate();
        const DecisionPathMerge r = DecisionPathMerge::merge(base, mine, base);
        QCOMPARE(r.mineChanged, QStringList{QStringLiteral("next_review_date")});
        QVERIFY(!r.merged.nextReviewDate.isValid());
    }
};

QTEST_MAIN(DecisionPathMergeTest)
#include "DecisionPathMergeTest.moc"
