#include <QCompleter>
#include <QFile>
#include <QGraphicsScene>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QStringListModel>
#include <QTemporaryDir>
#include <QtTest>

#include "AwsAuthorizationImporter.h"
#include "DecisionPathBuilder.h"
#include "FakeUserInteraction.h"
#include "GraphCanvasView.h"
#include "GraphEdgeItem.h"
#include "GraphLayoutQueue.h"
#include "GraphNodeItem.h"
#include "PermissionGraphPage.h"
#include "ViewTestSupport.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

const QString kAcct = QStringLiteral("arn:aws:iam::111122223333:");

QString arn(const char* rest)
{
    return kAcct + QLatin1String(rest);
}

ImportedGraph fixture(const char* name, const QDateTime& now)
{
    QFile f(qEnvironmentVariable("GATEHOUSE_SOURCE_DIR") + QStringLiteral("/tests/data/graph/") +
            QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read fixture %s", name);
    auto g = AwsAuthorizationImporter(now).import(f.readAll(), QString::fromLatin1(name));
    if (!g)
        qFatal("import %s: %s", name, qPrintable(g.error().message));
    return *g;
}

void importInto(TestWorkspace& ws, const ImportedGraph& g)
{
    auto r = ws.app().graph().importGraph(ws.admin(), g, QStringLiteral("ab").repeated(32));
    if (!r)
        qFatal("importGraph: %s", qPrintable(r.error().message));
}

/// Distinct neighbours of \a id in both directions, read straight from the importer's edges
/// (independent of PermissionGraph's adjacency and of the page's excerpt).
QSet<QString> neighbours(const ImportedGraph& g, const QString& id)
{
    QSet<QString> out;
    for (const GraphEdge& e : g.edges) {
        if (e.from == id && e.to != id)
            out.insert(e.to);
        if (e.to == id && e.from != id)
            out.insert(e.from);
    }
    return out;
}

const GraphEdge* edgeOf(const ImportedGraph& g, const QString& from, const QString& to)
{
    for (const GraphEdge& e : g.edges)
        if (e.from == from && e.to == to)
            return &e;
    return nullptr;
}

QSet<QString> shownIds(const PermissionGraphPage& page)
{
    QSet<QString> ids;
    for (GraphNodeItem* item : page.nodeItems())
        ids.insert(item->id());
    return ids;
}

QList<GraphNodeItem*> groupItems(const PermissionGraphPage& page)
{
    QList<GraphNodeItem*> groups;
    for (QGraphicsItem* item : page.scene()->items())
        if (item->type() == GraphNodeItem::Type && static_cast<GraphNodeItem*>(item)->isGroup())
            groups << static_cast<GraphNodeItem*>(item);
    return groups;
}

/// A role granting 45 permissions through one policy, plus 3 other policies: expanding the
/// policy shows the 45 permissions as a count.
ImportedGraph hubGraph()
{
    ImportedGraph g;
    g.source = GraphSourceKind::Aws;
    g.sourceName = QStringLiteral("hub.json");
    g.nodes << GraphNode{arn("role/Hub"), GraphNodeKind::Role, QStringLiteral("Hub"), false, {}};
    g.nodes << GraphNode{arn("policy/Wide"), GraphNodeKind::Policy, QStringLiteral("Wide"), false, {}};
    g.edges << GraphEdge{arn("role/Hub"),
                         arn("policy/Wide"),
                         GraphEdgeKind::Grants,
                         QStringLiteral("attached"),
                         QStringLiteral("o"),
                         {},
                         false,
                         {},
                         {}};
    for (int i = 0; i < 3; ++i) {
        const QString id = arn("policy/Small") + QString::number(i);
        g.nodes << GraphNode{id, GraphNodeKind::Policy, QStringLiteral("Small%1").arg(i), false, {}};
        g.edges << GraphEdge{id,
                             arn("policy/Wide"),
                             GraphEdgeKind::Grants,
                             QStringLiteral("x"),
                             QStringLiteral("o"),
                             {},
                             false,
                             {},
                             {}};
    }
    for (int i = 0; i < 45; ++i) {
        const QString id = QStringLiteral("s3:getobject on bucket-%1").arg(i, 2, 10, QLatin1Char('0'));
        g.nodes << GraphNode{id, GraphNodeKind::Permission, id, false, {}};
        g.edges << GraphEdge{arn("policy/Wide"),
                             id,
                             GraphEdgeKind::Grants,
                             QStringLiteral("grants"),
                             QStringLiteral("o"),
                             {},
                             false,
                             {},
                             {}};
    }
    return g;
}

} // namespace

class PermissionGraphPageTest : public QObject
{
    Q_OBJECT

private slots:
    void startsFromANodeAndExpandsNeighbours()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        const ImportedGraph g = fixture("assume-role-chain.json", ws.clock().now());
        importInto(ws, g);
        FakeUserInteraction ui;
        PermissionGraphPage page(consoleServices(ws), ws.admin(), ui);
        page.resize(1200, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.refresh();
        QSignalSpy shown(&page, &PermissionGraphPage::layoutShown);

        const QString dev = arn("user/dev");
        const QString hop1 = arn("role/Hop1");
        QVERIFY(page.startFrom(dev));
        QVERIFY(page.isLayingOut());
        QVERIFY(shown.wait(10000));
        QCOMPARE(page.mode(), PermissionGraphPage::Mode::Neighbourhood);
        QCOMPARE(page.lastAlgorithm(), GraphLayoutAlgorithm::Sfdp);
        // dev, its inline policy "Assume" and the role it can assume (Hop1). The admin roles
        // (Admin, NotTrusting) hold everything already, so no escalation edge leaves them.
        QSet<QString> expected = neighbours(g, dev);
        expected.insert(dev);
        QCOMPARE(expected, (QSet<QString>{dev, arn("user/dev#inline/Assume"), hop1}));
        QCOMPARE(shownIds(page), expected);

        // Expanding Hop1 adds its two neighbours not yet shown: its inline policy "Next" and
        // the role it can assume, Admin.
        const QSet<QString> added = neighbours(g, hop1) - expected;
        QCOMPARE(added, (QSet<QString>{arn("role/Hop1#inline/Next"), arn("role/Admin")}));
        QCOMPARE(page.expand(hop1), 2);
        QVERIFY(shown.wait(10000));
        QCOMPARE(shownIds(page), expected + added);
        QCOMPARE(page.nodeItems().size(), 5);
        // Every shown node sits at its own place; edges among them are drawn.
        QSet<QPair<int, int>> places;
        for (GraphNodeItem* item : page.nodeItems())
            places.insert({qRound(item->pos().x()), qRound(item->pos().y())});
        QCOMPARE(places.size(), 5);
        qsizetype expectedEdges = 0;
        const QSet<QString> ids = expected + added;
        for (const GraphEdge& e : g.edges)
            expectedEdges += ids.contains(e.from) && ids.contains(e.to) ? 1 : 0;
        QCOMPARE(page.edgeItems().size(), expectedEdges);
        // Admin is Tier Zero and drawn as such.
        QVERIFY(page.nodeItem(arn("role/Admin"))->isTierZero());
        QVERIFY(!page.nodeItem(hop1)->isTierZero());

        // Double-clicking a node on the canvas expands it too.
        const QString admin = arn("role/Admin");
        const QSet<QString> adminNew = neighbours(g, admin) - ids;
        QVERIFY(adminNew.contains(arn("role/Admin#inline/Admin")));
        page.canvas()->centerOn(page.nodeItem(admin));
        const QPoint at = page.canvas()->mapFromScene(page.nodeItem(admin)->pos());
        QTest::mouseDClick(page.canvas()->viewport(), Qt::LeftButton, Qt::NoModifier, at);
        QVERIFY(shown.wait(10000));
        QCOMPARE(shownIds(page), ids + adminNew);
    }

    void highlightsAPathToTierZeroHopByHop()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        DecisionPath p =
            DecisionPathBuilder(QStringLiteral("deployer")).owner(QStringLiteral("admin")).build();
        p.runsAs = {arn("user/dev")};
        QVERIFY(ws.app().catalogue().create(ws.admin(), p).has_value());
        const ImportedGraph g = fixture("assume-role-chain.json", ws.clock().now());
        importInto(ws, g);
        FakeUserInteraction ui;
        PermissionGraphPage page(consoleServices(ws), ws.admin(), ui);
        page.resize(1200, 800);
        page.show();
        page.refresh();
        QSignalSpy shown(&page, &PermissionGraphPage::layoutShown);

        QVERIFY(page.startFrom(QStringLiteral("path:deployer")));
        QVERIFY(shown.wait(10000));
        QCOMPARE(page.showPaths(PermissionGraphPage::Target::TierZero, 3), 1);
        QVERIFY(shown.wait(10000));
        QCOMPARE(page.mode(), PermissionGraphPage::Mode::Paths);
        QCOMPARE(page.lastAlgorithm(), GraphLayoutAlgorithm::Dot);
        QCOMPARE(page.pathList()->count(), 1);
        QCOMPARE(page.pathList()->item(0)->text(), QStringLiteral("1. 3 hops to Admin"));

        // Only the path is shown: the AI path, dev, Hop1, Admin; laid out left to right.
        const QStringList order{QStringLiteral("path:deployer"), arn("user/dev"), arn("role/Hop1"),
                                arn("role/Admin")};
        QCOMPARE(shownIds(page), QSet<QString>(order.begin(), order.end()));
        for (int i = 0; i + 1 < order.size(); ++i)
            QVERIFY(page.nodeItem(order[i])->pos().x() < page.nodeItem(order[i + 1])->pos().x());
        for (const QString& id : order)
            QVERIFY(page.nodeItem(id)->isHighlighted());
        int highlightedEdges = 0;
        for (GraphEdgeItem* e : page.edgeItems())
            highlightedEdges += e->isHighlighted() ? 1 : 0;
        QCOMPARE(highlightedEdges, 3);

        // Each hop with its explanation, as the importer and the catalogue wrote it.
        QCOMPARE(page.hopList()->count(), 3);
        QVERIFY(page.hopList()->item(0)->text().startsWith(QStringLiteral("1. ")));
        QVERIFY(page.hopList()->item(0)->text().contains(QStringLiteral("[runs_as]")));
        QVERIFY(page.hopList()->item(0)->text().contains(
            QStringLiteral("decision path deployer runs as %1 (catalogue)").arg(arn("user/dev"))));
        const GraphEdge* first = edgeOf(g, arn("user/dev"), arn("role/Hop1"));
        const GraphEdge* second = edgeOf(g, arn("role/Hop1"), arn("role/Admin"));
        QVERIFY(first && second);
        QVERIFY(!first->explanation.isEmpty());
        QCOMPARE(page.hopList()->item(1)->text(),
                 QStringLiteral("2. dev → Hop1  [can_assume]%1\n%2")
                     .arg(first->escalation.isEmpty() ? QString() : QStringLiteral(" · ") + first->escalation,
                          first->explanation));
        QVERIFY(page.hopList()->item(2)->text().contains(QStringLiteral(" · Tier Zero")));
        QVERIFY(page.hopList()->item(2)->text().endsWith(second->explanation));
        QCOMPARE(page.hopList()->item(2)->toolTip(), QStringLiteral("Origin: %1").arg(second->origin));
    }

    void searchFindsANode()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        importInto(ws, fixture("assume-role-chain.json", ws.clock().now()));
        FakeUserInteraction ui;
        PermissionGraphPage page(consoleServices(ws), ws.admin(), ui);
        page.show();
        page.refresh();
        // Completion offers ids and labels.
        auto* model = qobject_cast<QStringListModel*>(page.searchEdit()->completer()->model());
        QVERIFY(model);
        QVERIFY(model->stringList().contains(arn("role/Hop1")));
        QVERIFY(model->stringList().contains(QStringLiteral("Hop1")));

        QSignalSpy shown(&page, &PermissionGraphPage::layoutShown);
        page.searchEdit()->setFocus();
        QTest::keyClicks(page.searchEdit(), QStringLiteral("hop1"));
        QTest::keyClick(page.searchEdit(), Qt::Key_Return);
        QCOMPARE(page.startId(), arn("role/Hop1"));
        QVERIFY(shown.wait(10000));
        QVERIFY(shownIds(page).contains(arn("role/Hop1")));
        // A part of an id works too; nothing matching says so.
        QVERIFY(page.search(QStringLiteral("NotTrust")));
        QCOMPARE(page.startId(), arn("role/NotTrusting"));
        QVERIFY(!page.search(QStringLiteral("no-such-thing")));
        QVERIFY(page.statusLabel()->text().contains(QStringLiteral("no-such-thing")));
    }

    void exportsSvgAndPng()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        importInto(ws, fixture("assume-role-chain.json", ws.clock().now()));
        FakeUserInteraction ui;
        PermissionGraphPage page(consoleServices(ws), ws.admin(), ui);
        page.show();
        page.refresh();
        QSignalSpy shown(&page, &PermissionGraphPage::layoutShown);
        QVERIFY(page.startFrom(arn("role/Hop1")));
        QVERIFY(shown.wait(10000));
        QTemporaryDir dir;
        const QString svgFile = dir.filePath(QStringLiteral("g.svg"));
        ui.saveFileAnswers.enqueue(svgFile);
        QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("exportSvgButton")), Qt::LeftButton);
        QVERIFY(ui.errors.isEmpty());
        QFile svg(svgFile);
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray text = svg.readAll();
        QVERIFY(text.startsWith("<?xml"));
        QVERIFY(text.contains("<svg"));
        for (const char* label : {">dev<", ">Hop1<", ">Admin<", ">Next<"})
            QVERIFY2(text.contains(label), label);

        const QString pngFile = dir.filePath(QStringLiteral("g.png"));
        QVERIFY(page.exportPng(pngFile).has_value());
        QImage png(pngFile);
        QVERIFY(!png.isNull());
        QCOMPARE(png.size(), (page.scene()->sceneRect().size() * 2).toSize());
    }

    void cancelledLayoutIsDropped()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        importInto(ws, fixture("assume-role-chain.json", ws.clock().now()));
        FakeUserInteraction ui;
        PermissionGraphPage page(consoleServices(ws), ws.admin(), ui);
        page.show();
        page.refresh();
        QSignalSpy shown(&page, &PermissionGraphPage::layoutShown);
        QVERIFY(page.startFrom(arn("role/Hop1")));
        QVERIFY(page.isLayingOut());
        page.cancelLayout();
        QVERIFY(!page.isLayingOut());
        QTest::qWait(500); // the worker has long finished: its result must not be shown
        QCOMPARE(shown.size(), 0);
        QVERIFY(page.nodeItems().isEmpty());
        QCOMPARE(page.scene()->items().size(), 1); // the hint of the empty canvas, nothing laid out
        QCOMPARE(page.layoutQueue()->pending(), 0);
        QVERIFY(page.statusLabel()->text().contains(QStringLiteral("cancelled")));

        // A newer request supersedes an older one the same way.
        QVERIFY(page.startFrom(arn("role/Hop1")));
        QVERIFY(page.startFrom(arn("user/dev")));
        QVERIFY(shown.wait(10000));
        QTest::qWait(200);
        QCOMPARE(shown.size(), 1);
        QVERIFY(shownIds(page).contains(arn("user/dev")));
        QVERIFY(!shownIds(page).contains(arn("role/Hop1#inline/Next"))); // Hop1's, never expanded
    }

    void oversizedNeighbourhoodShowsCounts()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        importInto(ws, hubGraph());
        FakeUserInteraction ui;
        PermissionGraphPage page(consoleServices(ws), ws.admin(), ui);
        page.show();
        page.refresh();
        QSignalSpy shown(&page, &PermissionGraphPage::layoutShown);
        QVERIFY(page.startFrom(arn("policy/Wide")));
        QVERIFY(shown.wait(10000));
        // The role and the 3 small policies are shown; the 45 permissions are one count.
        QCOMPARE(page.nodeItems().size(), 5);
        QList<GraphNodeItem*> groups = groupItems(page);
        QCOMPARE(groups.size(), 1);
        QCOMPARE(groups[0]->groupCount(), 45);
        QCOMPARE(groups[0]->kind(), GraphNodeKind::Permission);
        QCOMPARE(groups[0]->label(), QStringLiteral("+45 more permissions"));
        QVERIFY(page.statusLabel()->text().contains(QStringLiteral("1 collapsed group")));

        // Double-clicking the count opens 20 of them, in id order.
        page.canvas()->centerOn(groups[0]);
        QTest::mouseDClick(page.canvas()->viewport(), Qt::LeftButton, Qt::NoModifier,
                           page.canvas()->mapFromScene(groups[0]->pos()));
        QVERIFY(shown.wait(10000));
        QCOMPARE(page.nodeItems().size(), 25);
        QVERIFY(shownIds(page).contains(QStringLiteral("s3:getobject on bucket-00")));
        QVERIFY(shownIds(page).contains(QStringLiteral("s3:getobject on bucket-19")));
        QVERIFY(!shownIds(page).contains(QStringLiteral("s3:getobject on bucket-20")));
        groups = groupItems(page);
        QCOMPARE(groups.size(), 1);
        QCOMPARE(groups[0]->groupCount(), 25);
    }

    void emptyWorkspaceSaysWhatToImport()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        FakeUserInteraction ui;
        PermissionGraphPage page(consoleServices(ws), ws.admin(), ui);
        page.refresh();
        QVERIFY2(page.statusLabel()->text().contains(QStringLiteral("No permission graph imported")),
                 qPrintable(page.statusLabel()->text()));
        QVERIFY(!page.startFrom(QStringLiteral("nothing")));
    }
};

QTEST_MAIN(PermissionGraphPageTest)
#include "PermissionGraphPageTest.moc"
