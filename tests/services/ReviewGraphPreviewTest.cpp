// The review pane's graph preview: blast radius of the path's identities, the target's
// Tier Zero status, and what a granting action would add (issue #6, graph-aware approvals).

#include <QCryptographicHash>
#include <QFile>
#include <QJsonObject>
#include <QTest>

#include "AwsAuthorizationImporter.h"
#include "PermissionGraphService.h"
#include "ReviewFixture.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {
QString s(const char* text)
{
    return QString::fromUtf8(text);
}
} // namespace

class ReviewGraphPreviewTest : public QObject
{
    Q_OBJECT
private slots:
    void withoutAGraphSaysSo();
    void blastRadiusTierZeroAndHypotheticalGrant();
    void nonGrantingActionAddsNoEdge();

private:
    void importChain(ReviewFixture& fx);
    void runAs(ReviewFixture& fx, const QStringList& identities);
};

void ReviewGraphPreviewTest::importChain(ReviewFixture& fx)
{
    QFile f(qEnvironmentVariable("GATEHOUSE_SOURCE_DIR") + s("/tests/data/graph/assume-role-chain.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    auto imported =
        AwsAuthorizationImporter::importData(bytes, s("assume-role-chain.json"), fx.ws().clock().now());
    QVERIFY2(imported.has_value(), imported ? "" : qPrintable(imported.error().message));
    auto stored = fx.app().graph().importGraph(
        fx.ws().admin(), *imported,
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
    QVERIFY2(stored.has_value(), stored ? "" : qPrintable(stored.error().message));
}

void ReviewGraphPreviewTest::runAs(ReviewFixture& fx, const QStringList& identities)
{
    auto path = fx.app().catalogue().get(fx.ws().admin(), s("iam-grant"));
    QVERIFY(path.has_value());
    DecisionPath changed = *path;
    changed.runsAs = identities;
    auto updated = fx.app().catalogue().update(fx.ws().admin(), changed);
    QVERIFY2(updated.has_value(), updated ? "" : qPrintable(updated.error().message));
}

void ReviewGraphPreviewTest::withoutAGraphSaysSo()
{
    ReviewFixture fx;
    QVERIFY(fx.isValid());
    const QString id = fx.submit();
    auto d = fx.app().review().detail(fx.session(s("analyst1")), id);
    QVERIFY(d.has_value());
    QVERIFY(d->graph.has_value());
    QVERIFY(!d->graph->available);
    QVERIFY(d->graph->note.contains(s("no permission graph imported")));
    // A declared identity alone (a placeholder node from the catalogue) is not a graph.
    runAs(fx, {s("arn:aws:iam::111122223333:role/Hop1")});
    const QString next = fx.submit();
    auto again = fx.app().review().detail(fx.session(s("analyst1")), next);
    QVERIFY(!again->graph->available);
}

void ReviewGraphPreviewTest::blastRadiusTierZeroAndHypotheticalGrant()
{
    ReviewFixture fx;
    QVERIFY(fx.isValid());
    importChain(fx);
    runAs(fx, {s("arn:aws:iam::111122223333:role/Hop1")});
    // The agent asks to let a new user assume Admin: a grant into Tier Zero.
    const QString id = fx.submit(s("iam-grant"), s("aws:iam::111122223333:role/Admin"), {},
                                 QJsonObject{{s("principal"), s("arn:aws:iam::111122223333:user/newcomer")}});
    QVERIFY(!id.isEmpty());
    auto d = fx.app().review().detail(fx.session(s("analyst1")), id);
    QVERIFY(d.has_value());
    QVERIFY(d->graph.has_value());
    const ReviewGraphPreview& g = *d->graph;
    QVERIFY(g.available);
    QCOMPARE(g.identities, QStringList{s("arn:aws:iam::111122223333:role/Hop1")});
    QVERIFY(g.reachableTierZero >= 1); // Hop1 can assume Admin
    QCOMPARE(g.targetNode, s("arn:aws:iam::111122223333:role/Admin"));
    QVERIFY(g.targetTierZero);
    QCOMPARE(g.hypotheticalEdge,
             s("arn:aws:iam::111122223333:user/newcomer -> arn:aws:iam::111122223333:role/Admin"));
    QCOMPARE(g.newIdentitiesReachingTierZero, 1);
    QCOMPARE(g.newIdentities, QStringList{s("arn:aws:iam::111122223333:user/newcomer")});
}

void ReviewGraphPreviewTest::nonGrantingActionAddsNoEdge()
{
    ReviewFixture fx;
    QVERIFY(fx.isValid());
    importChain(fx);
    const QString id = fx.submit(s("soc-isolate"), s("edr:host/web-01"));
    auto d = fx.app().review().detail(fx.session(s("analyst1")), id);
    QVERIFY(d->graph->available);
    QVERIFY(d->graph->hypotheticalEdge.isEmpty());
    QVERIFY(d->graph->targetNode.isEmpty());
    QVERIFY(d->graph->note.contains(s("runs_as")));
}

QTEST_GUILESS_MAIN(ReviewGraphPreviewTest)
#include "ReviewGraphPreviewTest.moc"
